"""``mentordesk risk``: every active pair's health, flags with reasons, trust and consistency."""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mentordesk.commands.arguments import iso_date
from mentordesk.commands.context import EXIT_OK, Context
from mentordesk.domain.vocabularies import Health
from mentordesk.errors import MentorDeskError

if TYPE_CHECKING:  # loaded when the command runs: 'mentordesk --help' needs no database

    from mentordesk.services.risk import PairRiskRow

NAME_WIDTH = 24
"""Longer names are shortened in the table so that its columns stay aligned."""

REASON_INDENT = "    "


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "risk",
        help="list every active pair with its health, risk flags and trust",
        description="List every active pair with its health (healthy, watch, at risk), "
        "its risk flags and why each was raised, its trust score and level, and its "
        "observed consistency over the 90 days to the day. Only records dated on or "
        "before that day count.",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the day to judge the pairs on, as YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--program", metavar="NAME", help="only the pairs of this program (default: every program)"
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a table to read (default) or JSON for other programs",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.risk import assess_program

    as_of = _day(args.as_of)
    with context.database().transaction() as session:
        program_id, program_name = (None, None)
        if args.program is not None:
            from mentordesk.services.programs import find_program

            program = find_program(session, args.program)
            program_id, program_name = program.id, program.name
        rows = sorted(assess_program(session, as_of, program_id), key=_row_key)
    if args.format == "json":
        print(json.dumps([_as_json(row) for row in rows], indent=2, ensure_ascii=False))
    else:
        print(render_table(rows, as_of, program_name))
    return EXIT_OK


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return iso_date(text)
    except argparse.ArgumentTypeError as error:
        raise MentorDeskError(f"--as-of: {error}.") from None


def _as_json(row: PairRiskRow) -> dict[str, Any]:
    return {
        "mentor_email": row.mentor_email,
        "mentee_email": row.mentee_email,
        "health": row.health.value,
        "flags": [flag.value for flag in row.flags],
        "reasons": list(row.reasons),
        "trust_score": row.trust_score,
        "trust_level": None if row.trust_level is None else row.trust_level.value,
        "consistency": row.consistency,
        "adherence": row.adherence,
    }


def name_key(name: str) -> tuple[str, str]:
    """A sort key that files names as a reader expects: accents and case aside (Å, Ç, É
    with A, C, E, not after Z), the exact spelling only breaking ties."""
    decomposed = unicodedata.normalize("NFKD", name)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.casefold(), name


def _row_key(row: PairRiskRow) -> tuple[tuple[str, str], tuple[str, str], tuple[str, str], int]:
    return (
        name_key(row.program_name),
        name_key(row.mentor_name),
        name_key(row.mentee_name),
        row.pair_id,
    )


# --- the table ----------------------------------------------------------------------------

COLUMN_NOTES = (
    ("Health", "healthy (no flag), watch (one or two minor flags), at risk (a major flag "
     "or three minor ones)"),
    ("Trust", "the latest mentee assessment's score from 1 to 5, and its level"),
    ("Held", "share of the pair's activities held (not missed or cancelled) over the last "
     "90 days, or since the start when shorter"),
    ("Check-ins", "held check-ins against the expected cadence over the same days; "
     "'too new' for a pair started less than one cadence ago"),
    ("Flags", "why the pair needs attention; each flag's reason is on the lines below it"),
)  # fmt: skip
"""What each column of the table means, printed below it."""


def _short(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def _adherence(row: PairRiskRow) -> str:
    return "too new" if row.too_new else _percent(row.adherence)


def _trust(row: PairRiskRow) -> str:
    if row.trust_score is None or row.trust_level is None:
        return "-"
    return f"{row.trust_score:.2f} {row.trust_level.label.lower()}"


def render_table(rows: Sequence[PairRiskRow], as_of: date, program: str | None = None) -> str:
    """The pairs as an aligned text table, each flag's reason on its own line below the pair,
    and a closing count of pairs by health."""
    where = f" in the program '{program}'" if program else ""
    if not rows:
        return f"No active pairs{where} on {as_of.isoformat()}."
    several_programs = len({row.program_id for row in rows}) > 1
    header = ["Mentor", "Mentee", "Model", "Health", "Trust", "Held", "Check-ins", "Flags"]
    if several_programs:
        header.insert(0, "Program")
    table = []
    for row in rows:
        cells = [
            _short(row.mentor_name),
            _short(row.mentee_name),
            row.model.label,
            row.health.label,
            _trust(row),
            _percent(row.consistency),
            _adherence(row),
            ", ".join(flag.label for flag in row.flags) or "-",
        ]
        if several_programs:
            cells.insert(0, _short(row.program_name))
        table.append(cells)
    # The last column (flags) is left unpadded so lines carry no trailing spaces.
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header) - 1)]

    def line(cells: list[str]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join([*padded, cells[-1]])

    out = [f"Risk flags as of {as_of.isoformat()}{where}", "", line(header)]
    out.append("  ".join(["-" * width for width in widths] + ["-" * len(header[-1])]))
    for row, cells in zip(rows, table, strict=True):
        out.append(line(cells))
        out.extend(f"{REASON_INDENT}{f.flag.label}: {f.reason}" for f in row.findings)
    counts = Counter(row.health for row in rows)
    summary = ", ".join(f"{counts[health]} {health.label.lower()}" for health in Health)
    noun = "pair" if len(rows) == 1 else "pairs"
    out += ["", "Columns:"]
    out.extend(f"  {title}: {note}." for title, note in COLUMN_NOTES)
    out += ["", f"{len(rows)} active {noun}: {summary}."]
    return "\n".join(out)
