"""Importing people from an HR roster file.

Each row is a person. People already in the database are found by email, then
by employee id, and updated rather than added twice. A manager is named by
email or employee id and may be someone further down the same file. Rows are
checked by the people service's rules (name, email, employee id, lengths,
tags, capacity) and the reporting lines must stay free of loops; a row that
breaks a rule is refused with the reason, and the rows that name it as their
manager are refused with it.

A row that would change a stored person's employee id, or a value that looks
like a spreadsheet's conversion of the stored one (``0042`` → ``42``, see
:mod:`mentordesk.importing.mangling`), is held: the report names it, and nothing
is saved unless ``accept_changed_ids`` confirms the changes. A new row whose
employee id is such a conversion of a stored one (a file without emails) is that
person, not someone new.

By default nothing is saved when any row is refused; with ``skip_invalid`` the
valid rows are. The rows are written in a few bulk statements inside the
caller's transaction, so the database has either all of them or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table as SqlTable
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from mentordesk.domain.management import find_manager_cycle
from mentordesk.errors import MentorDeskError
from mentordesk.importing import cells
from mentordesk.importing.cells import CellProblem, DateFormat
from mentordesk.importing.columns import PEOPLE_COLUMNS, synonyms_text
from mentordesk.importing.common import (
    RowProblem,
    check_ragged,
    one_audit_entry,
    open_roster_file,
    parse_date_format,
    reason,
)
from mentordesk.importing.mangling import StoredNumbers, spreadsheet_conversion
from mentordesk.importing.reading import SheetRow
from mentordesk.importing.report import HeldChange, ImportReport, RowAction, RowOutcome
from mentordesk.services import people as people_service
from mentordesk.store.models import Person

# The plain fields a row may give, besides the name, identity and manager.
_DETAIL_FIELDS = ("department", "title", "location", "skills", "can_mentor", "capacity", "active")
_COMPARED_FIELDS = ("name", "email", "employee_id", *_DETAIL_FIELDS, "manager_id")
_FIELD_WORDS = {
    "name": "name",
    "email": "email",
    "employee_id": "employee id",
    "department": "department",
    "title": "title",
    "location": "location",
    "skills": "skills",
    "can_mentor": "can mentor",
    "capacity": "capacity",
    "active": "active",
    "manager_id": "manager",
}
# Text fields whose change is held when it looks like a spreadsheet's conversion
# (the employee id's every change is held).
_CONVERTIBLE_FIELDS = ("name", "department", "title", "location")
_ACTIVE_WORDS = {"active": True, "current": True, "left": False, "inactive": False}


@dataclass
class _Existing:
    """A person already in the database, as read once at the start."""

    id: int
    name: str
    email: str | None
    employee_id: str | None
    department: str | None
    title: str | None
    manager_id: int | None
    location: str | None
    skills: list[str]
    can_mentor: bool
    capacity: int
    active: bool

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass
class _Row:
    """A person row that parsed; ``key`` is the person's id, or ``-line`` for someone new."""

    line: int
    name: str
    email: str | None
    employee_id: str | None
    details: dict[str, Any]
    manager_ref: str | None
    key: int = 0
    existing: _Existing | None = None
    manager_key: int | None = None
    refused: str | None = None
    final: dict[str, Any] = field(default_factory=dict)
    changed: tuple[str, ...] = ()
    held: tuple[HeldChange, ...] = ()
    #: How the row's employee id was found as a spreadsheet's conversion of a stored one.
    converted_id: str | None = None

    @property
    def label(self) -> str:
        identity = self.email or self.employee_id
        return f"{self.name} ({identity})" if identity else self.name


def import_people(
    session: Session,
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    sheet: str | None = None,
    date_format: DateFormat | str | None = None,
    accept_changed_ids: bool = False,
) -> ImportReport:
    """Import (or on ``dry_run`` only check) the people of a roster file.

    Returns the report of every row: created, updated, unchanged or refused
    with its reason, and the changes held for confirmation. Nothing is written on
    a dry run, nor when a row is refused and ``skip_invalid`` is False, nor when a
    change is held and ``accept_changed_ids`` is False. A problem with the file as a whole (not a
    roster file, no name column, ...) raises MentorDeskError. ``date_format``
    is accepted for symmetry with the pairs import; people rows hold no dates.
    """
    parse_date_format(date_format)
    opened = open_roster_file(path, PEOPLE_COLUMNS, sheet=sheet, what="people")
    table, columns = opened.table, opened.columns
    if not (columns.has("name") or columns.has("first_name") or columns.has("last_name")):
        raise MentorDeskError(
            f"{table.name} has no column for the name (looked for "
            f"{synonyms_text(PEOPLE_COLUMNS, 'name')}, or 'first name' and 'last name'). "
            f"Its headings are: {_headings(table.header)}."
        )
    if not (columns.has("email") or columns.has("employee_id")):
        raise MentorDeskError(
            f"{table.name} has no column for the email or the employee id, so people could "
            f"not be found again on the next import (looked for "
            f"{synonyms_text(PEOPLE_COLUMNS, 'email')}, "
            f"{synonyms_text(PEOPLE_COLUMNS, 'employee_id')}). "
            f"Its headings are: {_headings(table.header)}."
        )
    given = [name for name in _DETAIL_FIELDS if columns.has(name)]
    has_manager = columns.has("manager")

    outcomes: dict[int, RowOutcome] = {}
    rows: list[_Row] = []
    # Who the rows that do not parse were meant to be, so that a row naming one
    # of them as manager can say so.
    unparsed: dict[str, int] = {}
    for sheet_row in table.rows:
        try:
            rows.append(_parse(sheet_row, columns, given, has_manager))
        except CellProblem as problem:
            outcomes[sheet_row.line] = RowOutcome(
                sheet_row.line, RowAction.REFUSED, _first_cell_label(sheet_row), str(problem)
            )
            for name in ("email", "employee_id"):
                value = columns.value(sheet_row.cells, name)
                if value is not None and str(value).strip():
                    unparsed.setdefault(str(value).strip().lower(), sheet_row.line)

    session.flush()
    existing = _load_existing(session)
    _match(rows, existing)
    _match_converted_ids(rows, existing)
    if has_manager:
        _resolve_managers(rows, existing, unparsed)
    _refuse_dependents(rows)
    _check_cycles(rows, existing, has_manager)
    _settle(rows, given, has_manager)

    for row in rows:
        if row.refused is not None:
            outcome = RowOutcome(row.line, RowAction.REFUSED, row.label, row.refused)
        elif row.existing is None:
            outcome = RowOutcome(row.line, RowAction.CREATED, row.label)
        elif row.changed:
            outcome = RowOutcome(
                row.line,
                RowAction.UPDATED,
                row.label,
                changed=tuple(_FIELD_WORDS[name] for name in row.changed),
                held=row.held,
            )
        else:
            outcome = RowOutcome(row.line, RowAction.UNCHANGED, row.label)
        outcomes[row.line] = outcome
    ordered = tuple(outcomes[line] for line in sorted(outcomes))
    refused = any(outcome.action is RowAction.REFUSED for outcome in ordered)
    held = any(row.held for row in rows if row.refused is None)
    write = (
        not dry_run and (skip_invalid or not refused) and (accept_changed_ids or not held)
    )
    report = ImportReport(
        what="people",
        file_name=table.name,
        description=table.description,
        line_word=table.line_word,
        rows=ordered,
        ignored_columns=columns.ignored,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        written=write,
        warnings=opened.warnings,
        changes_confirmed=accept_changed_ids,
    )
    if write:
        _write(session, [row for row in rows if row.refused is None], report, given, has_manager)
    return report


def _headings(header: Iterable[str]) -> str:
    shown = [f"'{heading}'" for heading in header if heading]
    return ", ".join(shown) if shown else "(none)"


def _first_cell_label(row: SheetRow) -> str:
    for cell in row.cells:
        if cell is not None and str(cell).strip():
            return str(cell).strip()[:60]
    return ""


# --------------------------------------------------------------------------- parsing


def _parse(sheet_row: SheetRow, columns: Any, given: list[str], has_manager: bool) -> _Row:
    values = sheet_row.cells
    check_ragged(columns, values)
    name = cells.text(columns.value(values, "name"), "name", people_service.MAX_NAME)
    if name is None:
        parts = [
            cells.text(columns.value(values, part), what, people_service.MAX_NAME)
            for part, what in (("first_name", "first name"), ("last_name", "last name"))
        ]
        name = " ".join(part for part in parts if part) or None
    if name is None:
        raise RowProblem("the name is missing")
    if len(name) > people_service.MAX_NAME:
        raise RowProblem(f"the name is too long (at most {people_service.MAX_NAME} characters)")
    email = cells.email(columns.value(values, "email"), "email", people_service.MAX_EMAIL)
    employee_id = cells.text(
        columns.value(values, "employee_id"), "employee id", people_service.MAX_EMPLOYEE_ID
    )
    if email is None and employee_id is None:
        raise RowProblem(
            f"{name} has neither an email nor an employee id, so they could not be found "
            "again on the next import"
        )
    details: dict[str, Any] = {}
    for name_ in given:
        details[name_] = _detail(name_, values, columns)
    manager_ref = (
        cells.reference(columns.value(values, "manager"), "manager") if has_manager else None
    )
    return _Row(
        line=sheet_row.line,
        name=name,
        email=email,
        employee_id=employee_id,
        details=details,
        manager_ref=manager_ref,
    )


def _detail(name: str, values: Any, columns: Any) -> Any:
    limit = people_service.MAX_SHORT_TEXT
    if name in ("department", "title", "location"):
        return cells.text(columns.value(values, name), _FIELD_WORDS[name], limit)
    if name == "skills":
        pieces = cells.tag_pieces(columns.values(values, "skills"))
        try:
            return people_service.normalise_tags(pieces)
        except MentorDeskError as error:
            raise RowProblem(reason(error)) from None
    if name == "can_mentor":
        return cells.yes_no(columns.value(values, name), "can mentor")
    if name == "capacity":
        return cells.whole_number(
            columns.value(values, name),
            "capacity",
            people_service.MIN_CAPACITY,
            people_service.MAX_CAPACITY,
        )
    cell = columns.value(values, "active")
    word = cells.text(cell, "active", 100)
    if word is not None and word.casefold() in _ACTIVE_WORDS:
        return _ACTIVE_WORDS[word.casefold()]
    return cells.yes_no(cell, "active")


# --------------------------------------------------------------------------- matching


@dataclass
class _Directory:
    by_id: dict[int, _Existing]
    by_email: dict[str, _Existing]
    by_employee_id: dict[str, _Existing]


def _load_existing(session: Session) -> _Directory:
    query = select(
        Person.id,
        Person.name,
        Person.email,
        Person.employee_id,
        Person.department,
        Person.title,
        Person.manager_id,
        Person.location,
        Person.skills,
        Person.can_mentor,
        Person.capacity,
        Person.active,
    )
    by_id: dict[int, _Existing] = {}
    by_email: dict[str, _Existing] = {}
    by_employee_id: dict[str, _Existing] = {}
    for row in session.connection().execute(query):
        person = _Existing(*row)
        person.skills = list(person.skills or [])
        by_id[person.id] = person
        if person.email:
            by_email[person.email.lower()] = person
        if person.employee_id:
            by_employee_id[person.employee_id.lower()] = person
    return _Directory(by_id, by_email, by_employee_id)


def _match(rows: list[_Row], existing: _Directory) -> None:
    """Find each row's person (email first, then employee id) and refuse rows that
    repeat an earlier one or that name two different people."""
    email_lines: dict[str, int] = {}
    employee_id_lines: dict[str, int] = {}
    person_lines: dict[int, int] = {}
    for row in rows:
        by_email = existing.by_email.get(row.email) if row.email else None
        by_employee_id = (
            existing.by_employee_id.get(row.employee_id.lower()) if row.employee_id else None
        )
        if by_email and by_employee_id and by_email.id != by_employee_id.id:
            row.refused = (
                f"the email {row.email} belongs to {by_email.name}, but the employee id "
                f"{row.employee_id} belongs to {by_employee_id.name}"
            )
            continue
        target = by_email or by_employee_id
        if row.email and row.email in email_lines:
            row.refused = f"the email {row.email} is also on line {email_lines[row.email]}"
            continue
        if row.employee_id and row.employee_id.lower() in employee_id_lines:
            first = employee_id_lines[row.employee_id.lower()]
            row.refused = f"the employee id {row.employee_id} is also on line {first}"
            continue
        if target is not None and target.id in person_lines:
            row.refused = (
                f"{target.name} is already on line {person_lines[target.id]} "
                "(matched by email or employee id)"
            )
            continue
        row.existing = target
        row.key = target.id if target is not None else -row.line
        if row.email:
            email_lines[row.email] = row.line
        if row.employee_id:
            employee_id_lines[row.employee_id.lower()] = row.line
        if target is not None:
            person_lines[target.id] = row.line


def _match_converted_ids(rows: list[_Row], existing: _Directory) -> None:
    """A new row whose employee id is a spreadsheet's conversion of exactly one stored
    person's (``42`` for ``0042``), who no other row names, is that person: their
    row then changes the employee id, which waits for confirmation."""
    new = [row for row in rows if row.refused is None and row.key < 0 and row.employee_id]
    if not new:
        return
    named = {row.key for row in rows if row.key > 0}
    stored = StoredNumbers.of(existing.by_employee_id)
    for row in new:
        assert row.employee_id is not None
        origins = [
            (existing.by_employee_id[value], why)
            for value, why in stored.origins(row.employee_id.lower())
        ]
        if len(origins) != 1 or origins[0][0].id in named:
            continue
        person, why = origins[0]
        row.existing = person
        row.key = person.id
        row.converted_id = why
        named.add(person.id)


def _resolve_managers(rows: list[_Row], existing: _Directory, unparsed: dict[str, int]) -> None:
    """Turn each row's manager (an email or employee id) into a person key: someone
    in the file (even further down) or in the database."""
    file_email = {row.email: row for row in rows if row.email and row.key}
    file_employee_id = {row.employee_id.lower(): row for row in rows if row.employee_id and row.key}
    for row in rows:
        if row.refused is not None or row.manager_ref is None:
            continue
        wanted = row.manager_ref.lower()
        manager_row = file_email.get(wanted)
        manager = existing.by_email.get(wanted) if manager_row is None else None
        if manager_row is None and manager is None:
            manager_row = file_employee_id.get(wanted)
            if manager_row is None:
                manager = existing.by_employee_id.get(wanted)
        if manager_row is not None:
            row.manager_key = manager_row.key
        elif manager is not None:
            row.manager_key = manager.id
        elif wanted in unparsed:
            row.refused = (
                f"manager '{row.manager_ref}' is on line {unparsed[wanted]}, which is refused"
            )
            continue
        else:
            row.refused = f"manager '{row.manager_ref}' is not in the file or the database"
            continue
        if row.manager_key == row.key:
            row.refused = f"{row.name} cannot be their own manager"


def _refuse_dependents(rows: list[_Row]) -> None:
    """Refuse the rows whose manager is a new person on a refused row, until none is left."""
    refused_lines = {-row.key: row.line for row in rows if row.refused is not None and row.key < 0}
    changed = True
    while changed and refused_lines:
        changed = False
        for row in rows:
            key = row.manager_key
            if row.refused is None and key is not None and key < 0 and -key in refused_lines:
                row.refused = (
                    f"manager '{row.manager_ref}' is on line {refused_lines[-key]}, "
                    "which is refused"
                )
                if row.key < 0:
                    refused_lines[-row.key] = row.line
                changed = True


def _check_cycles(rows: list[_Row], existing: _Directory, has_manager: bool) -> None:
    """Refuse the rows whose manager would close a loop in the reporting lines,
    as the people service refuses it for one person (domain.management)."""
    managers: dict[int, int | None] = {
        person.id: person.manager_id for person in existing.by_id.values()
    }
    setting: dict[int, _Row] = {}
    for row in rows:
        if row.refused is not None:
            continue
        if has_manager:
            managers[row.key] = row.manager_key
            setting[row.key] = row
        elif row.key < 0:
            managers[row.key] = None
    if not setting:
        return
    names = {person.id: person.name for person in existing.by_id.values()}
    names.update({row.key: row.name for row in rows if row.key})
    while (cycle := find_manager_cycle(managers)) is not None:
        in_file = [setting[key] for key in cycle if key in setting and setting[key].refused is None]
        if not in_file:
            # A loop already in the database, not made by this file: break it for
            # the check only, so loops the file would make can still be found.
            managers[cycle[0]] = None
            continue
        route = " → ".join(names.get(key, "?") for key in [*cycle, cycle[0]])
        for row in in_file:
            row.refused = (
                f"manager '{row.manager_ref}' would make a loop in the reporting lines ({route})"
            )
        _refuse_dependents(rows)
        for key, row in setting.items():
            if row.refused is None:
                continue
            if key < 0:
                managers.pop(key, None)
            else:
                managers[key] = existing.by_id[key].manager_id


def _settle(rows: list[_Row], given: list[str], has_manager: bool) -> None:
    """Work out each valid row's values as they will be saved, and what changes."""
    for row in rows:
        if row.refused is not None:
            continue
        before = row.existing
        final: dict[str, Any] = {"name": row.name}
        final["email"] = row.email if row.email or before is None else before.email
        final["employee_id"] = row.employee_id
        if before is not None and (
            row.employee_id is None or (before.employee_id or "").lower() == row.employee_id.lower()
        ):
            # Employee ids match without regard to case; the spelling on file stays.
            final["employee_id"] = before.employee_id
        for name in given:
            value = row.details[name]
            if value is None and name in ("can_mentor", "capacity", "active"):
                continue  # an empty yes/no or number cell keeps what is there
            final[name] = value
        if has_manager:
            final["manager_id"] = row.manager_key
        if before is None:
            final.setdefault("can_mentor", False)
            final.setdefault("active", True)
            if "capacity" not in final:
                final["capacity"] = (
                    people_service.DEFAULT_MENTOR_CAPACITY if final["can_mentor"] else 0
                )
            row.final = final
            continue
        # As in the person form: someone who starts mentoring takes one mentee
        # unless the file says how many.
        if (
            final.get("can_mentor")
            and not before.can_mentor
            and "capacity" not in final
            and before.capacity == 0
        ):
            final["capacity"] = people_service.DEFAULT_MENTOR_CAPACITY
        row.final = final
        row.changed = tuple(
            name
            for name in _COMPARED_FIELDS
            if name in final and _differs(final[name], before.value(name))
        )
        row.held = _held_changes(row, before)


def _held_changes(row: _Row, before: _Existing) -> tuple[HeldChange, ...]:
    """The row's changes that wait for confirmation: any change of a stored employee
    id, and text that looks like a spreadsheet's conversion of the stored text."""
    held = []
    for name in row.changed:
        stored, found = before.value(name), row.final[name]
        if not isinstance(stored, str) or not isinstance(found, str) or not stored:
            continue
        why = spreadsheet_conversion(stored, found)
        if name == "employee_id":
            why = why or row.converted_id or "the employee id on file would change"
        elif name not in _CONVERTIBLE_FIELDS or why is None:
            continue
        held.append(HeldChange(_FIELD_WORDS[name], stored, found, why))
    return tuple(held)


def _differs(new: Any, old: Any) -> bool:
    if isinstance(new, list) or isinstance(old, list):
        return list(new or []) != list(old or [])
    return new != old


# --------------------------------------------------------------------------- writing


def _write(
    session: Session,
    rows: list[_Row],
    report: ImportReport,
    given: list[str],
    has_manager: bool,
) -> None:
    new = [row for row in rows if row.existing is None]
    changed = [row for row in rows if row.existing is not None and row.changed]
    if not new and not changed:
        return
    fields = sorted(
        {"name", "email", "employee_id", *given, *(["manager_id"] if has_manager else [])}
    )
    summary = (
        f"Roster import from {report.file_name}: {report.created:,} people added, "
        f"{report.updated:,} updated"
    )
    action = "create" if new else "change"
    with one_audit_entry(session, action, "person", summary, fields):
        ids = _insert_new(session, new)
        _update_changed(session, changed, ids)
    # Rows changed in SQL: objects this session already holds must reload them.
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Person):
            session.expire(instance)


def _insert_new(session: Session, rows: list[_Row]) -> dict[int, int]:
    """Insert the new people, managers before the people reporting to them, one
    bulk statement per level; returns each row's key → the new person's id."""
    table: SqlTable = Person.__table__  # type: ignore[assignment]
    connection = session.connection()
    ids: dict[int, int] = {}
    remaining = rows
    while remaining:
        ready = [
            row
            for row in remaining
            if row.final.get("manager_id") is None
            or row.final["manager_id"] >= 0
            or row.final["manager_id"] in ids
        ]
        if not ready:  # cannot happen: loops were refused
            raise MentorDeskError("The reporting lines in the file go round in a loop.")
        # Plain executemany: SQLite cannot return the new ids in the order the
        # rows were given without one statement per row, so they are read back
        # by email or employee id, which every imported person has.
        newest = connection.execute(select(func.max(table.c.id))).scalar() or 0
        connection.execute(insert(table), [_person_values(row.final, ids) for row in ready])
        by_email: dict[str, int] = {}
        by_employee_id: dict[str, int] = {}
        for id_, email, employee_id in connection.execute(
            select(table.c.id, table.c.email, table.c.employee_id).where(table.c.id > newest)
        ):
            if email:
                by_email[email] = id_
            if employee_id:
                by_employee_id[employee_id] = id_
        for row in ready:
            email = row.final.get("email")
            ids[row.key] = by_email[email] if email else by_employee_id[row.final["employee_id"]]
        ready_lines = {row.line for row in ready}
        remaining = [row for row in remaining if row.line not in ready_lines]
    return ids


def _person_values(final: Mapping[str, Any], ids: Mapping[int, int]) -> dict[str, Any]:
    manager = final.get("manager_id")
    return {
        "name": final["name"],
        "email": final.get("email"),
        "employee_id": final.get("employee_id"),
        "department": final.get("department"),
        "title": final.get("title"),
        "manager_id": ids.get(manager, manager) if manager is not None else None,
        "location": final.get("location"),
        "skills": list(final.get("skills") or []),
        "can_mentor": bool(final.get("can_mentor")),
        "capacity": int(final.get("capacity") or 0),
        "active": bool(final.get("active", True)),
        "version": 1,
    }


def _update_changed(session: Session, rows: list[_Row], ids: Mapping[int, int]) -> None:
    """Update the changed people, one executemany per set of changed fields; the
    version goes up so a form open elsewhere sees the change."""
    table: SqlTable = Person.__table__  # type: ignore[assignment]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        params: dict[str, Any] = {"_id": row.key}
        for name in row.changed:
            value = row.final[name]
            if name == "manager_id" and value is not None:
                value = ids.get(value, value)
            params[f"new_{name}"] = value
        groups.setdefault(row.changed, []).append(params)
    for names, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                {
                    **{name: bindparam(f"new_{name}") for name in names},
                    "version": table.c.version + 1,
                }
            )
        )
        session.connection().execute(statement, params)
