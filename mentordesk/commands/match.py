"""``mentordesk match cohort`` and ``mentordesk match publish``: pair a whole intake.

``match cohort`` plans the optimal pairs for the program's mentees (those
waiting for a mentor, or the people of ``--mentees FILE``), writes the plan
for review and sign-off, and with ``--publish`` creates the pairs as proposed,
all or nothing. ``match publish`` reads a signed-off plan back and creates its
pairs, all or nothing.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from mentordesk.commands.arguments import iso_date
from mentordesk.commands.context import EXIT_OK, EXIT_USER_ERROR, Context
from mentordesk.errors import MentorDeskError

WEIGHT_HELP = (
    "what a criterion is worth, NAME=NUMBER (0-100), repeatable: skills (shared skills or "
    "interests, per tag; default 1), department (another department; default 0.5), "
    "location (same location; default 0), model (suits the program's model: same level "
    "for peer-to-peer, a more senior mentor for formal, a shared interest for informal; "
    "default 0)"
)


def _weight(text: str) -> tuple[str, float]:
    name, equals, value = text.partition("=")
    try:
        if not equals or not name.strip():
            raise ValueError
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a weight; write NAME=NUMBER, e.g. skills=3"
        ) from None


def register(subcommands: argparse._SubParsersAction) -> None:
    match = subcommands.add_parser(
        "match",
        help="pair a whole intake of mentees at once (cohort matching)",
        description="Pair a whole intake: an optimal plan, not a greedy one.",
    )
    commands = match.add_subparsers(title="what", metavar="WHAT", required=True)
    cohort = commands.add_parser(
        "cohort",
        help="plan the pairs of an intake and write the plan (optionally publish it)",
        description="Plan a mentor for each mentee of an intake: first as many mentees "
        "matched as possible, then the highest total score. Never the mentee, never "
        "someone in either's management chain, never above a mentor's places (proposed "
        "and active pairs both use them). Prints the numbers matched and unmatched and "
        "the total score; the plan lists each pair with its score and reasons, and each "
        "unmatched mentee with why.",
    )
    cohort.add_argument("--program", metavar="NAME", required=True, help="the program")
    cohort.add_argument(
        "--mentees",
        type=Path,
        metavar="FILE",
        help="a CSV or XLSX list of the mentees' emails or employee ids (default: everyone "
        "waiting for a mentor in the program: with the company, not a mentor, never "
        "paired in it)",
    )
    cohort.add_argument(
        "--weight", type=_weight, action="append", default=[], metavar="NAME=N", help=WEIGHT_HELP
    )
    cohort.add_argument(
        "--other-department-only",
        action="store_true",
        help="propose only mentors from another department than the mentee's",
    )
    cohort.add_argument(
        "--keep-apart",
        type=Path,
        metavar="FILE",
        help="a CSV or XLSX file of pairs never to propose: mentee, mentor (emails or "
        "employee ids), one pair a row",
    )
    cohort.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PLAN",
        help="where to write the plan: .csv, .xlsx or .json",
    )
    cohort.add_argument(
        "--publish",
        action="store_true",
        help="also create the planned pairs as proposed (all or nothing)",
    )
    cohort.add_argument(
        "--start",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the published pairs' start date (default: today)",
    )
    cohort.set_defaults(run=run_cohort)

    publish = commands.add_parser(
        "publish",
        help="create the pairs of a signed-off plan as proposed",
        description="Read a plan written by 'match cohort' (CSV, XLSX or JSON), perhaps "
        "changed and signed off, and create each row with a mentee and a mentor as a "
        "proposed pair, all or nothing. People are found by email, else employee id; "
        "rows without a mentor are left out.",
    )
    publish.add_argument("plan", type=Path, metavar="PLAN", help="the signed-off plan")
    publish.add_argument("--program", metavar="NAME", required=True, help="the program")
    publish.add_argument(
        "--start",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the pairs' start date (default: today)",
    )
    publish.set_defaults(run=run_publish)


def run_cohort(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.domain.matching import Weights
    from mentordesk.importing.cohort_files import read_keep_apart, read_people_list, write_plan
    from mentordesk.services import matching
    from mentordesk.services.programs import find_program

    try:
        weights = Weights.parse(dict(args.weight))
    except ValueError as error:
        raise MentorDeskError(str(error)) from None
    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".json"):
        raise MentorDeskError(
            f"{args.out.name}: write the plan as .csv, .xlsx or .json (--out PLAN.csv)."
        )
    references = read_people_list(args.mentees) if args.mentees is not None else None
    apart_references = read_keep_apart(args.keep_apart) if args.keep_apart else []
    with context.database().transaction() as session:
        program = find_program(session, args.program)
        try:
            chosen, cohort = matching.prepare_cohort(
                session,
                program.id,
                references=references,
                keep_apart=apart_references,
                weights=weights,
                other_department_only=args.other_department_only,
            )
        except MentorDeskError as error:
            if args.mentees is None:
                raise
            raise MentorDeskError(f"{args.mentees.name}: {error}") from None
        plan = cohort.solve()
        rows = matching.plan_rows(session, plan)
        summary: dict[str, Any] = {
            "program": program.name,
            "weights": {
                "skills": weights.skills,
                "department": weights.department,
                "location": weights.location,
                "model": weights.model,
            },
            "other_department_only": args.other_department_only,
            "matched": plan.matched,
            "unmatched_count": len(plan.unmatched),
            "total_score": round(plan.total_score, 2),
            "set_aside": list(chosen.set_aside),
        }
        written = write_plan(args.out, rows, summary)
        published: list[int] = []
        if args.publish and plan.pairs:
            published = matching.publish_plan(
                session,
                program.id,
                [(p.mentee_id, p.mentor_id) for p in plan.pairs],
                start_date=args.start or date.today(),
            )
    print(
        f"{program.name}: {plan.matched:,} matched, {len(plan.unmatched):,} unmatched, "
        f"total score {plan.total_score:,.2f}."
    )
    for sentence in chosen.set_aside[:10]:
        print(f"  Set aside: {sentence}")
    if len(chosen.set_aside) > 10:
        print(f"  … and {len(chosen.set_aside) - 10} more set aside.")
    print(f"Plan written to {written}.")
    if args.publish:
        print(f"Published {len(published):,} proposed pairs.")
    return EXIT_OK


def run_publish(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.importing.cohort_files import read_plan
    from mentordesk.services import matching
    from mentordesk.services.programs import find_program

    pairs = read_plan(args.plan)
    with context.database().transaction() as session:
        program = find_program(session, args.program)
        resolved = matching.resolve_plan(session, pairs)
        created = matching.publish_plan(
            session, program.id, resolved, start_date=args.start or date.today()
        )
    print(f"{program.name}: published {len(created):,} proposed pairs from {args.plan.name}.")
    return EXIT_OK if created else EXIT_USER_ERROR
