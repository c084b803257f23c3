"""Files of cohort matching: lists of mentees and pairs to keep apart in, plans out and
signed-off plans back in.

- A **mentee list** is a CSV or XLSX file whose column of emails or employee ids
  (a heading such as "Email", "Employee id" or "Mentee", or else the first
  column, heading included when it is itself an email) names the intake.
- A **keep-apart list** has two columns, the mentee and the mentor (emails or
  employee ids), one pair never to be proposed per row.
- A **plan** is written as CSV, XLSX or JSON (by the file's suffix): one row per
  proposed pair (mentee, mentor, score, reasons), then one per unmatched
  mentee with the reason. A coordinator may change the mentor's email or
  employee id in a row, or empty it, before signing the plan off; read back,
  each row with a mentee and a mentor becomes a proposed pair.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentordesk.errors import MentorDeskError
from mentordesk.importing.cells import escape_formula, unescape_formula
from mentordesk.importing.columns import normalize_heading
from mentordesk.importing.reading import read_table
from mentordesk.importing.workbook_text import text_cells
from mentordesk.private import write_private_bytes

PLAN_FORMAT = "mentordesk-cohort-plan"
PLAN_SUFFIXES = (".csv", ".xlsx", ".json")
PLAN_HEADINGS = (
    "Mentee",
    "Mentee email",
    "Mentee employee id",
    "Mentor",
    "Mentor email",
    "Mentor employee id",
    "Score",
    "Reasons",
    "Unmatched reason",
)
_REFERENCE_HEADINGS = (
    "email",
    "e-mail",
    "work email",
    "employee id",
    "employee",
    "id",
    "mentee",
    "mentee email",
    "mentee employee id",
    "person",
)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape_formula(str(value).strip())


def _looks_like_reference(text: str) -> bool:
    return "@" in text


def read_people_list(path: str | Path) -> list[str]:
    """The emails or employee ids of a mentee list, in the file's order."""
    table = read_table(path)
    headings = [normalize_heading(h) for h in table.header]
    column = next((i for i, h in enumerate(headings) if h in _REFERENCE_HEADINGS), None)
    found: list[str] = []
    if column is None:
        column = 0
        first = _text(table.header[0]) if table.header else ""
        if _looks_like_reference(first):
            found.append(first)
    for row in table.rows:
        if column < len(row.cells):
            value = _text(row.cells[column])
            if value:
                found.append(value)
    if not found:
        raise MentorDeskError(f"{table.name} lists nobody: put one email or employee id a row.")
    return found


def read_keep_apart(path: str | Path) -> list[tuple[str, str]]:
    """The (mentee, mentor) references of a keep-apart list; a row without both is refused
    with its line."""
    table = read_table(path)
    if len(table.header) < 2:
        raise MentorDeskError(
            f"{table.name} needs two columns: the mentee and the mentor (email or employee id)."
        )
    pairs: list[tuple[str, str]] = []
    headings = [normalize_heading(h) for h in table.header[:2]]
    if _looks_like_reference(headings[0]) and _looks_like_reference(headings[1]):
        pairs.append((_text(table.header[0]), _text(table.header[1])))
    for row in table.rows:
        cells = [_text(c) for c in row.cells[:2]] + ["", ""]
        if not cells[0] and not cells[1]:
            continue
        if not cells[0] or not cells[1]:
            raise MentorDeskError(
                f"{table.name}, {table.line_word} {row.line}: give both the mentee and the mentor."
            )
        pairs.append((cells[0], cells[1]))
    return pairs


# --------------------------------------------------------------------------- plans out


def _plan_cells(row: Any) -> list[object]:
    return [
        row.mentee,
        row.mentee_email or "",
        row.mentee_employee_id or "",
        row.mentor or "",
        row.mentor_email or "",
        row.mentor_employee_id or "",
        "" if row.score is None else round(row.score, 2),
        " ".join(row.reasons),
        row.unmatched_reason or "",
    ]


def write_plan(path: str | Path, rows: Sequence[Any], summary: dict[str, Any]) -> Path:
    """Write the plan's rows (``services.matching.PlanRow``) to ``path``: CSV, XLSX or JSON
    by its suffix. ``summary`` (program, weights, counts, total) heads a JSON plan."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise MentorDeskError(
            f"{target.name}: a plan is written as .csv, .xlsx or .json, not '{suffix or 'none'}'."
        )
    if not target.parent.is_dir():
        raise MentorDeskError(f"There is no folder {target.parent} to write {target.name} in.")
    try:
        if suffix == ".json":
            document = {
                "format": PLAN_FORMAT,
                "version": 1,
                **summary,
                "pairs": [
                    {
                        "mentee": r.mentee,
                        "mentee_email": r.mentee_email,
                        "mentee_employee_id": r.mentee_employee_id,
                        "mentor": r.mentor,
                        "mentor_email": r.mentor_email,
                        "mentor_employee_id": r.mentor_employee_id,
                        "score": r.score,
                        "reasons": list(r.reasons),
                    }
                    for r in rows
                    if r.mentor is not None
                ],
                "unmatched": [
                    {
                        "mentee": r.mentee,
                        "mentee_email": r.mentee_email,
                        "mentee_employee_id": r.mentee_employee_id,
                        "reason": r.unmatched_reason,
                    }
                    for r in rows
                    if r.mentor is None
                ],
            }
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            write_private_bytes(target, text.encode("utf-8"))
        elif suffix == ".csv":
            stream = io.StringIO()
            writer = csv.writer(stream)
            writer.writerow(PLAN_HEADINGS)
            for row in rows:
                writer.writerow(
                    [escape_formula(v) if isinstance(v, str) else v for v in _plan_cells(row)]
                )
            write_private_bytes(target, stream.getvalue().encode("utf-8-sig"))
        else:
            _write_workbook(target, rows)
    except OSError as error:
        raise MentorDeskError(
            f"{target} could not be written: {error.strerror or error}."
        ) from None
    return target


def _write_workbook(target: Path, rows: Sequence[Any]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(text_cells(sheet, PLAN_HEADINGS, font=Font(bold=True)))
    for row in rows:
        # Text as string cells, never evaluated: no apostrophe (that is for CSV).
        sheet.append(text_cells(sheet, _plan_cells(row)))
    widths = (24, 28, 16, 24, 28, 16, 8, 60, 60)
    for column, width in zip("ABCDEFGHI", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2, min_col=8, max_col=9):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_private_bytes(target, buffer.getvalue())


# --------------------------------------------------------------------------- plans back in


def read_plan(path: str | Path) -> list[tuple[str, str, int]]:
    """The pairs of a signed-off plan as (mentee reference, mentor reference, line), a
    reference being the email, else the employee id. Rows without a mentor (unmatched
    mentees, or a pair struck out) are left out; a plan with no pair is refused."""
    source = Path(path)
    if source.suffix.lower() == ".json":
        pairs = _read_json_plan(source)
    else:
        table = read_table(source)
        headings = [normalize_heading(h) for h in table.header]

        def column(name: str) -> int | None:
            return headings.index(name) if name in headings else None

        columns = {
            name: column(name)
            for name in (
                "mentee email",
                "mentee employee id",
                "mentor email",
                "mentor employee id",
            )
        }
        if columns["mentee email"] is None and columns["mentee employee id"] is None:
            raise MentorDeskError(
                f"{table.name} is not a cohort plan: it has no 'Mentee email' or "
                "'Mentee employee id' column."
            )
        if columns["mentor email"] is None and columns["mentor employee id"] is None:
            raise MentorDeskError(
                f"{table.name} is not a cohort plan: it has no 'Mentor email' or "
                "'Mentor employee id' column."
            )

        def cell(cells: Sequence[object], name: str) -> str:
            index = columns[name]
            return _text(cells[index]) if index is not None and index < len(cells) else ""

        pairs = []
        for row in table.rows:
            mentee = cell(row.cells, "mentee email") or cell(row.cells, "mentee employee id")
            mentor = cell(row.cells, "mentor email") or cell(row.cells, "mentor employee id")
            if not mentor:
                continue
            if not mentee:
                raise MentorDeskError(
                    f"{table.name}, {table.line_word} {row.line}: the mentee has no email or "
                    "employee id."
                )
            pairs.append((mentee, mentor, row.line))
    if not pairs:
        raise MentorDeskError(f"{source.name} has no pair with a mentor to publish.")
    return pairs


def _read_json_plan(source: Path) -> list[tuple[str, str, int]]:
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MentorDeskError(f"There is no file {source}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MentorDeskError(f"{source.name} is not a readable JSON plan: {error}.") from None
    if not isinstance(document, dict) or document.get("format") != PLAN_FORMAT:
        raise MentorDeskError(f"{source.name} is not a MentorDesk cohort plan.")
    found = document.get("pairs")
    if not isinstance(found, list):
        raise MentorDeskError(f"{source.name}: 'pairs' should be a list of pairs.")
    pairs = []
    for number, entry in enumerate(found):
        if not isinstance(entry, dict):
            raise MentorDeskError(f"{source.name}: pairs[{number}] is not an object.")
        mentee = _text(entry.get("mentee_email") or entry.get("mentee_employee_id"))
        mentor = _text(entry.get("mentor_email") or entry.get("mentor_employee_id"))
        if not mentor:
            continue
        if not mentee:
            raise MentorDeskError(
                f"{source.name}: pairs[{number}] has no mentee email or employee id."
            )
        pairs.append((mentee, mentor, number + 1))
    return pairs
