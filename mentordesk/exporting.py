"""Exporting people, pairs, activities and conflicts to CSV or XLSX.

The format follows the file's extension. People and pairs files use the
headings the importer reads, so an exported file can be imported back (into
the same database, or another one). Confidential text (the notes of a
confidential activity; the description, root cause and outcome of a
confidential conflict) is left out unless the coordinator asks for it; it is
then not even read from the database.

No cell ever runs as a formula. In CSV, text beginning with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice against
CSV injection), and the importer takes it away again. In XLSX, text is written as
text (a string cell, which no spreadsheet evaluates), so ``=1+1`` shows as it is,
without an apostrophe (:mod:`mentordesk.importing.workbook_text`). The file is
written next to its destination and moved into place when complete, so a failed
export never leaves half a file behind.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Select, case, literal, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import ConflictKind, ConflictStatus
from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.importing.cells import escape_formula
from mentordesk.importing.columns import PAIR_COLUMNS, PEOPLE_COLUMNS, headings_of
from mentordesk.importing.workbook_text import text_cells
from mentordesk.partial_files import partial_copy
from mentordesk.private import create_private_file, make_private
from mentordesk.store.models import Activity, Conflict, ConflictStep, Pair, Person, Program

# The people and pairs headings are the importer's own, in this order.
PEOPLE_FIELDS = (
    "name",
    "email",
    "employee_id",
    "department",
    "title",
    "manager",
    "location",
    "skills",
    "can_mentor",
    "capacity",
    "active",
)
PAIR_FIELDS = (
    "program",
    "mentor",
    "mentee",
    "model",
    "status",
    "start",
    "planned_end",
    "agreement_signed",
    "cadence_days",
    "expectations",
    "end_reason",
    "disclosure",
)
CONFIDENTIAL_DISCLOSURE = "(disclosed; the text is confidential)"
"""The disclosure cell of a pair whose conflict-of-interest text is confidential and not
asked for: a disclosure exists (so the file imports), its words are withheld."""
ACTIVITY_HEADINGS = (
    "program",
    "mentor",
    "mentee",
    "day",
    "kind",
    "outcome",
    "minutes",
    "confidential",
    "notes",
)
CONFLICT_HEADINGS = (
    "program",
    "mentor",
    "mentee",
    "opened",
    "kind",
    "severity",
    "status",
    "status since",
    "confidential",
    "description",
    "root cause",
    "outcome",
    "timeline",
)

_SUFFIXES = {".csv": "CSV", ".xlsx": "XLSX"}


class ExportKind(StrEnum):
    """What can be exported."""

    PEOPLE = "people"
    PAIRS = "pairs"
    ACTIVITIES = "activities"
    CONFLICTS = "conflicts"


#: The kinds whose files can carry confidential text (when the coordinator asks for it).
CONFIDENTIAL_KINDS = frozenset({ExportKind.ACTIVITIES, ExportKind.CONFLICTS})
#: The first row of a CSV file that includes confidential text (an XLSX sheet's name
#: starts with CONFIDENTIAL instead).
CONFIDENTIAL_NOTICE = "CONFIDENTIAL: this file includes confidential notes; do not share it."


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: how many rows, and how many withheld confidential text."""

    kind: ExportKind
    path: Path
    file_format: str
    rows: int
    confidential_included: bool
    confidential_withheld: int


@dataclass(frozen=True)
class _Sheet:
    headings: tuple[str, ...]
    rows: list[list[Any]]
    withheld: int


def export_records(
    session: Session,
    kind: ExportKind | str,
    path: str | Path,
    *,
    include_confidential: bool = False,
    program: str | None = None,
) -> ExportResult:
    """Write the ``kind`` records to ``path`` (.csv or .xlsx) and say what was written.

    ``program`` (a program's name) keeps the records of that program: its pairs,
    their activities, its conflicts, and for people those in its pairs.
    Confidential text is written only with ``include_confidential``.
    """
    try:
        chosen = ExportKind(str(kind).strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in ExportKind)
        raise MentorDeskError(f"'{kind}' cannot be exported; choose one of: {allowed}.") from None
    target = Path(path)
    file_format = _SUFFIXES.get(target.suffix.lower())
    if file_format is None:
        raise MentorDeskError(
            f"Export to a file ending in .csv or .xlsx (not '{target.name}'); the ending "
            "chooses the format."
        )
    program_id = _program_id(session, program)
    build = {
        ExportKind.PEOPLE: _people,
        ExportKind.PAIRS: _pairs,
        ExportKind.ACTIVITIES: _activities,
        ExportKind.CONFLICTS: _conflicts,
    }[chosen]
    sheet = build(session, program_id, include_confidential)
    # A file that carries confidential text says so before anything else.
    marked = include_confidential and chosen in CONFIDENTIAL_KINDS
    if file_format == "CSV":
        _write_atomically(target, lambda temporary: _write_csv(temporary, sheet, marked=marked))
    else:
        title = f"CONFIDENTIAL {chosen.value}" if marked else chosen.value
        _write_atomically(target, lambda temporary: _write_xlsx(temporary, sheet, title))
    return ExportResult(
        kind=chosen,
        path=target,
        file_format=file_format,
        rows=len(sheet.rows),
        confidential_included=include_confidential,
        confidential_withheld=sheet.withheld,
    )


def safe_cell(value: Any) -> Any:
    """A value as it goes into a CSV cell: text that a spreadsheet would run as a
    formula gets a leading apostrophe; other values are unchanged. (An XLSX cell
    needs none: its text is typed as text.)"""
    if isinstance(value, str):
        return escape_formula(value)
    return value


# --------------------------------------------------------------------------- building


def _program_id(session: Session, name: str | None) -> int | None:
    if name is None or not name.strip():
        return None
    wanted = " ".join(name.split()).casefold()
    for program_id, program_name in session.execute(select(Program.id, Program.name)):
        if " ".join(program_name.split()).casefold() == wanted:
            return int(program_id)
    raise NotFound(f"There is no program called '{name.strip()}'.")


def _yes_no(value: bool | None) -> str:
    return "yes" if value else "no"


def _reference(email: str | None, employee_id: str | None) -> str | None:
    """How a file names a person: their email, else their employee id."""
    return email or employee_id


def _people(session: Session, program_id: int | None, _reveal: bool) -> _Sheet:
    manager = aliased(Person)
    query: Select[Any] = (
        select(
            Person.name,
            Person.email,
            Person.employee_id,
            Person.department,
            Person.title,
            manager.email,
            manager.employee_id,
            Person.location,
            Person.skills,
            Person.can_mentor,
            Person.capacity,
            Person.active,
        )
        .outerjoin(manager, manager.id == Person.manager_id)
        .order_by(Person.name, Person.id)
    )
    if program_id is not None:
        in_program = (
            select(Pair.mentor_id)
            .where(Pair.program_id == program_id)
            .union(select(Pair.mentee_id).where(Pair.program_id == program_id))
        )
        query = query.where(Person.id.in_(in_program))
    rows = [
        [
            name,
            email,
            employee_id,
            department,
            title,
            _reference(manager_email, manager_employee_id),
            location,
            "; ".join(skills or []),
            _yes_no(can_mentor),
            capacity,
            _yes_no(active),
        ]
        for (
            name,
            email,
            employee_id,
            department,
            title,
            manager_email,
            manager_employee_id,
            location,
            skills,
            can_mentor,
            capacity,
            active,
        ) in session.execute(query)
    ]
    return _Sheet(tuple(headings_of(PEOPLE_COLUMNS, PEOPLE_FIELDS)), rows, 0)


def _pair_people() -> tuple[Any, Any]:
    return aliased(Person, name="mentor"), aliased(Person, name="mentee")


def _pairs(session: Session, program_id: int | None, reveal: bool) -> _Sheet:
    mentor, mentee = _pair_people()
    # The pair's latest conflict of interest: its written disclosure (DOMAIN.md, "Pairing
    # rules"), which the roster import asks of a mentor in the mentee's management chain.
    disclosure = aliased(Conflict, name="disclosure")
    latest_disclosure = (
        select(disclosure.id)
        .where(
            disclosure.pair_id == Pair.id,
            disclosure.kind == ConflictKind.CONFLICT_OF_INTEREST.value,
        )
        .order_by(disclosure.opened.desc(), disclosure.id.desc())
        .limit(1)
        .correlate(Pair)
        .scalar_subquery()
    )
    query: Select[Any] = (
        select(
            Program.name,
            mentor.email,
            mentor.employee_id,
            mentor.name,
            mentee.email,
            mentee.employee_id,
            mentee.name,
            Pair.model,
            Pair.status,
            Pair.start_date,
            Pair.planned_end,
            Pair.agreement_signed,
            Pair.cadence_days,
            Pair.expectations,
            Pair.end_reason,
            disclosure.description,
            disclosure.confidential,
        )
        .join(Program, Program.id == Pair.program_id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .outerjoin(disclosure, disclosure.id == latest_disclosure)
        .order_by(Program.name, mentor.name, mentee.name, Pair.start_date, Pair.id)
    )
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    headings = headings_of(PAIR_COLUMNS, PAIR_FIELDS)
    # The names, for the reader; the importer knows to skip these two columns.
    headings[2:2] = ["mentor name"]
    headings[4:4] = ["mentee name"]
    rows = []
    for record in session.execute(query):
        (
            program_name,
            mentor_email,
            mentor_employee_id,
            mentor_name,
            mentee_email,
            mentee_employee_id,
            mentee_name,
            *rest,
            disclosed,
            secret,
        ) = record
        if disclosed is not None and secret and not reveal:
            disclosed = CONFIDENTIAL_DISCLOSURE
        elif disclosed is not None and not disclosed.strip():
            disclosed = "(a conflict of interest is recorded)"
        rows.append(
            [
                program_name,
                _reference(mentor_email, mentor_employee_id),
                mentor_name,
                _reference(mentee_email, mentee_employee_id),
                mentee_name,
                *rest,
                disclosed or None,
            ]
        )
    return _Sheet(tuple(headings), rows, 0)


def _activities(session: Session, program_id: int | None, reveal: bool) -> _Sheet:
    mentor, mentee = _pair_people()
    notes = (
        Activity.notes
        if reveal
        else case((Activity.confidential.is_(True), literal(None)), else_=Activity.notes)
    )
    query: Select[Any] = (
        select(
            Program.name,
            mentor.email,
            mentor.employee_id,
            mentee.email,
            mentee.employee_id,
            Activity.day,
            Activity.kind,
            Activity.outcome,
            Activity.minutes,
            Activity.confidential,
            notes,
        )
        .join(Pair, Pair.id == Activity.pair_id)
        .join(Program, Program.id == Pair.program_id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .order_by(Program.name, Activity.day, Activity.id)
    )
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    rows = []
    withheld = 0
    for record in session.execute(query):
        (
            program_name,
            mentor_email,
            mentor_employee_id,
            mentee_email,
            mentee_employee_id,
            day,
            kind,
            outcome,
            minutes,
            confidential,
            text,
        ) = record
        if confidential and not reveal:
            withheld += 1
        rows.append(
            [
                program_name,
                _reference(mentor_email, mentor_employee_id),
                _reference(mentee_email, mentee_employee_id),
                day,
                kind,
                outcome,
                minutes,
                _yes_no(confidential),
                text or "",
            ]
        )
    return _Sheet(ACTIVITY_HEADINGS, rows, withheld)


def _conflicts(session: Session, program_id: int | None, reveal: bool) -> _Sheet:
    mentor, mentee = _pair_people()

    def hidden(column: Any) -> Any:
        if reveal:
            return column
        return case((Conflict.confidential.is_(True), literal(None)), else_=column)

    query: Select[Any] = (
        select(
            Conflict.id,
            Program.name,
            mentor.email,
            mentor.employee_id,
            mentee.email,
            mentee.employee_id,
            Conflict.opened,
            Conflict.kind,
            Conflict.severity,
            Conflict.status,
            Conflict.confidential,
            hidden(Conflict.description),
            hidden(Conflict.root_cause),
            hidden(Conflict.outcome),
        )
        .join(Program, Program.id == Conflict.program_id)
        .outerjoin(Pair, Pair.id == Conflict.pair_id)
        .outerjoin(mentor, mentor.id == Pair.mentor_id)
        .outerjoin(mentee, mentee.id == Pair.mentee_id)
        .order_by(Program.name, Conflict.opened, Conflict.id)
    )
    if program_id is not None:
        query = query.where(Conflict.program_id == program_id)
    records = session.execute(query).all()
    steps = _timelines(session, program_id)
    rows = []
    withheld = 0
    for record in records:
        (
            conflict_id,
            program_name,
            mentor_email,
            mentor_employee_id,
            mentee_email,
            mentee_employee_id,
            opened,
            kind,
            severity,
            status,
            confidential,
            description,
            root_cause,
            outcome,
        ) = record
        if confidential and not reveal:
            withheld += 1
        timeline = steps.get(conflict_id, [])
        rows.append(
            [
                program_name,
                _reference(mentor_email, mentor_employee_id) or "",
                _reference(mentee_email, mentee_employee_id) or "",
                opened,
                kind,
                severity,
                status,
                timeline[-1][0] if timeline else opened,
                _yes_no(confidential),
                description or "",
                root_cause or "",
                outcome or "",
                "; ".join(
                    f"{day.isoformat()} {ConflictStatus(code).label.lower()}"
                    for day, code in timeline
                ),
            ]
        )
    return _Sheet(CONFLICT_HEADINGS, rows, withheld)


def _timelines(session: Session, program_id: int | None) -> dict[int, list[tuple[date, str]]]:
    """Each conflict's steps as (day, status), in order; one query for them all.
    Step notes stay out: they are free text, often as sensitive as the description."""
    query = (
        select(ConflictStep.conflict_id, ConflictStep.day, ConflictStep.status)
        .join(Conflict, Conflict.id == ConflictStep.conflict_id)
        .order_by(ConflictStep.conflict_id, ConflictStep.position, ConflictStep.id)
    )
    if program_id is not None:
        query = query.where(Conflict.program_id == program_id)
    found: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for conflict_id, day, status in session.execute(query):
        found[conflict_id].append((day, status))
    return found


# --------------------------------------------------------------------------- writing


def _write_atomically(target: Path, write: Any) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise MentorDeskError(f"The folder {folder} does not exist.")
    temporary = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        with partial_copy(temporary):
            # Readable by its owner only, from the first byte: exports hold people's data.
            create_private_file(temporary)
            write(temporary)
            os.replace(temporary, target)
        make_private(target)
    except OSError as error:
        raise MentorDeskError(f"Could not write {target}: {error.strerror or error}.") from None


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def _write_csv(path: Path, sheet: _Sheet, *, marked: bool = False) -> None:
    # UTF-8 with a byte order mark: Excel then opens accented names correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        if marked:
            writer.writerow([CONFIDENTIAL_NOTICE])
        writer.writerow([safe_cell(heading) for heading in sheet.headings])
        writer.writerows([_csv_value(value) for value in row] for row in sheet.rows)


def _write_xlsx(path: Path, sheet: _Sheet, title: str) -> None:
    # Imported here: openpyxl is only needed when a workbook is written.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=title)
    worksheet.freeze_panes = "A2"
    for letter, width in _column_widths(sheet):
        worksheet.column_dimensions[letter].width = width
    worksheet.append(text_cells(worksheet, sheet.headings, font=Font(bold=True)))
    for row in sheet.rows:
        # Text as string cells: never evaluated, so no apostrophe is added (CSV only).
        worksheet.append(text_cells(worksheet, row))
    workbook.save(path)


def _column_widths(sheet: _Sheet) -> Iterable[tuple[str, float]]:
    from openpyxl.utils import get_column_letter

    sample = sheet.rows[:200]
    for position, heading in enumerate(sheet.headings):
        longest = max(
            [len(heading), *(len(str(row[position] or "")) for row in sample)], default=10
        )
        yield get_column_letter(position + 1), float(min(max(longest, 8), 60) + 2)


def export_kinds() -> Sequence[str]:
    """The kinds of record that can be exported, for a command's choices."""
    return [kind.value for kind in ExportKind]
