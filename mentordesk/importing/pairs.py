"""Importing mentoring pairs from a roster file.

Each row is a pair: its program, its mentor and mentee (by email or employee
id, people already in the database), model, status and dates. A pair already
in the program with the same mentor and mentee is updated rather than added
again (the one with the same start, else the one not yet ended). The roster's
pairing rules apply, asked of :mod:`mentordesk.domain.pairs` as the window asks
them: nobody mentors themselves; a pair becoming proposed or active needs a
mentor who can mentor and has a place left (proposed and active pairs count,
the file's rows in order after the database's pairs) and two people still with
the company; a mentee has at most one proposed or active pair per program; a
mentor in either's management chain needs a written disclosure (the
``disclosure`` column), saved as a conflict of interest of the pair. Also the
planned end is not before the start and the cadence is 1–365 days.

As with people, nothing is saved when any row is refused unless
``skip_invalid`` is set, and the rows are written in bulk inside the caller's
transaction: all of them or none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Table as SqlTable
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from mentordesk.domain.pairs import (
    TAKING_A_PLACE,
    PairPerson,
    becomes_placed,
    chain_relation,
    pair_problems,
)
from mentordesk.domain.vocabularies import (
    ConflictKind,
    MentorshipModel,
    PairStatus,
    Severity,
    Vocabulary,
)
from mentordesk.errors import MentorDeskError
from mentordesk.importing import cells
from mentordesk.importing.cells import CellProblem, DateFormat
from mentordesk.importing.columns import PAIR_COLUMNS, PAIR_INFORMATION_HEADINGS, ColumnMap
from mentordesk.importing.common import (
    RowProblem,
    check_ragged,
    one_audit_entry,
    open_roster_file,
    parse_date_format,
)
from mentordesk.importing.mangling import StoredNumbers
from mentordesk.importing.reading import Cell, SheetRow
from mentordesk.importing.report import ImportReport, RowAction, RowOutcome
from mentordesk.services import roster
from mentordesk.store.models import Conflict, Pair, Person, Program

_V = TypeVar("_V", bound=Vocabulary)

_OPEN_STATUSES = frozenset({PairStatus.PROPOSED, PairStatus.ACTIVE, PairStatus.PAUSED})
_PLACED = frozenset(status.value for status in TAKING_A_PLACE)
_PAIR_FIELDS = (
    "model",
    "status",
    "start_date",
    "planned_end",
    "agreement_signed",
    "cadence_days",
    "expectations",
    "end_reason",
)
_FIELD_WORDS = {
    "model": "model",
    "status": "status",
    "start_date": "start",
    "planned_end": "planned end",
    "agreement_signed": "agreement signed",
    "cadence_days": "cadence",
    "expectations": "expectations",
    "end_reason": "end reason",
}
# The file's column for each optional pair field.
_OPTIONAL_COLUMNS = {
    "planned_end": "planned_end",
    "agreement_signed": "agreement_signed",
    "cadence_days": "cadence_days",
    "expectations": "expectations",
    "end_reason": "end_reason",
}


@dataclass(frozen=True)
class _Program:
    id: int
    name: str
    default_model: str


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    can_mentor: bool
    active: bool
    capacity: int = 0

    def for_rules(self) -> PairPerson[int]:
        return PairPerson(self.id, self.name, self.can_mentor, self.active, self.capacity)


@dataclass
class _Row:
    line: int
    program: _Program
    mentor: _Person
    mentee: _Person
    given: dict[str, Any]
    existing: dict[str, Any] | None = None
    final: dict[str, Any] = field(default_factory=dict)
    changed: tuple[str, ...] = ()
    refused: str | None = None
    disclosure: str | None = None
    #: The management-chain sentence, when the row's disclosure is to be recorded.
    chain: str | None = None

    @property
    def label(self) -> str:
        return f"{self.mentor.name} → {self.mentee.name} ({self.program.name})"


def import_pairs(
    session: Session,
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    sheet: str | None = None,
    date_format: DateFormat | str | None = None,
    program: str | None = None,
) -> ImportReport:
    """Import (or on ``dry_run`` only check) the pairs of a roster file.

    ``program`` names the program of rows that do not say (no program column,
    or an empty cell); when the database holds a single program, that one is
    used. ``date_format`` ("dmy" or "mdy") says how dates not written as
    YYYY-MM-DD are to be read. Returns the report of every row; nothing is
    written on a dry run, nor when a row is refused and ``skip_invalid`` is
    False. A problem with the file as a whole raises MentorDeskError.
    """
    order = parse_date_format(date_format)
    opened = open_roster_file(
        path, PAIR_COLUMNS, sheet=sheet, information=PAIR_INFORMATION_HEADINGS, what="pairs"
    )
    table, columns = opened.table, opened.columns
    missing = [
        heading
        for name, heading in (("mentor", "mentor"), ("mentee", "mentee"), ("start", "start"))
        if not columns.has(name)
    ]
    if missing:
        raise MentorDeskError(
            f"{table.name} has no {' or '.join(repr(m) for m in missing)} column; a pairs file "
            "needs the mentor and the mentee (email or employee id) and the start date."
        )
    session.flush()
    programs = _load_programs(session)
    default_program = _default_program(programs, program, columns, table.name)
    people_by_email, people_by_employee_id = _load_people(session)
    converted = _ConvertedIds(people_by_employee_id)

    outcomes: dict[int, RowOutcome] = {}
    rows: list[_Row] = []
    for sheet_row in table.rows:
        try:
            rows.append(
                _parse(
                    sheet_row,
                    columns,
                    order,
                    programs,
                    default_program,
                    people_by_email,
                    people_by_employee_id,
                    converted,
                )
            )
        except CellProblem as problem:
            outcomes[sheet_row.line] = RowOutcome(
                sheet_row.line, RowAction.REFUSED, _cells_label(sheet_row, columns), str(problem)
            )

    existing = _load_pairs(session, {row.program.id for row in rows})
    _match(rows, existing)
    _settle(rows)
    _check_pairing_rules(session, rows, existing)

    for row in rows:
        if row.refused is not None:
            outcome = RowOutcome(row.line, RowAction.REFUSED, row.label, row.refused)
        elif row.existing is None:
            outcome = RowOutcome(row.line, RowAction.CREATED, row.label)
        elif row.changed:
            words = tuple(_FIELD_WORDS[name] for name in row.changed)
            outcome = RowOutcome(row.line, RowAction.UPDATED, row.label, changed=words)
        else:
            outcome = RowOutcome(row.line, RowAction.UNCHANGED, row.label)
        outcomes[row.line] = outcome
    ordered = tuple(outcomes[line] for line in sorted(outcomes))
    refused = any(outcome.action is RowAction.REFUSED for outcome in ordered)
    write = not dry_run and (skip_invalid or not refused)
    report = ImportReport(
        what="pairs",
        file_name=table.name,
        description=table.description,
        line_word=table.line_word,
        rows=ordered,
        ignored_columns=columns.ignored,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        written=write,
        warnings=opened.warnings,
    )
    if write:
        _write(session, [row for row in rows if row.refused is None], report)
    return report


# --------------------------------------------------------------------------- loading


def _load_programs(session: Session) -> dict[str, _Program]:
    query = select(Program.id, Program.name, Program.default_model)
    return {
        " ".join(name.split()).casefold(): _Program(id_, name, model)
        for id_, name, model in session.connection().execute(query)
    }


def _default_program(
    programs: dict[str, _Program], name: str | None, columns: ColumnMap, file_name: str
) -> _Program | None:
    if name is not None and name.strip():
        found = programs.get(" ".join(name.split()).casefold())
        if found is None:
            raise MentorDeskError(f"There is no program called '{name.strip()}'.")
        return found
    if len(programs) == 1:
        return next(iter(programs.values()))
    if not columns.has("program"):
        if not programs:
            raise MentorDeskError("There is no program yet: create the program first.")
        raise MentorDeskError(
            f"{file_name} has no program column: say which program the pairs belong to."
        )
    return None


def _load_people(session: Session) -> tuple[dict[str, _Person], dict[str, _Person]]:
    query = select(
        Person.id,
        Person.name,
        Person.email,
        Person.employee_id,
        Person.can_mentor,
        Person.active,
        Person.capacity,
    )
    by_email: dict[str, _Person] = {}
    by_employee_id: dict[str, _Person] = {}
    for id_, name, email, employee_id, can_mentor, active, capacity in session.connection().execute(
        query
    ):
        person = _Person(id_, name, bool(can_mentor), bool(active), capacity or 0)
        if email:
            by_email[email.lower()] = person
        if employee_id:
            by_employee_id[employee_id.lower()] = person
    return by_email, by_employee_id


def _load_pairs(
    session: Session, program_ids: set[int]
) -> dict[tuple[int, int, int], list[dict[str, Any]]]:
    """The pairs of the programs in the file, by (program, mentor, mentee), with
    the mentor's name for messages."""
    found: dict[tuple[int, int, int], list[dict[str, Any]]] = defaultdict(list)
    if not program_ids:
        return found
    names = ("id", "program_id", "mentor_id", "mentee_id", "mentor_name", *_PAIR_FIELDS)
    query = (
        select(
            Pair.id,
            Pair.program_id,
            Pair.mentor_id,
            Pair.mentee_id,
            Person.name,
            *(getattr(Pair, name) for name in _PAIR_FIELDS),
        )
        .join(Person, Person.id == Pair.mentor_id)
        .where(Pair.program_id.in_(sorted(program_ids)))
    )
    for row in session.connection().execute(query):
        record = dict(zip(names, row, strict=True))
        found[record["program_id"], record["mentor_id"], record["mentee_id"]].append(record)
    return found


# --------------------------------------------------------------------------- parsing


def _cells_label(sheet_row: SheetRow, columns: ColumnMap) -> str:
    mentor = columns.value(sheet_row.cells, "mentor")
    mentee = columns.value(sheet_row.cells, "mentee")
    return f"{mentor or '?'} → {mentee or '?'}"


def _spelling(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


@cache
def _spellings(vocabulary: type[Vocabulary]) -> dict[str, Vocabulary]:
    """Every accepted spelling of a vocabulary's members: codes and labels."""
    found: dict[str, Vocabulary] = {}
    for member in vocabulary:
        found.setdefault(_spelling(member.value), member)
        found.setdefault(_spelling(member.label), member)
    return found


def _vocabulary(vocabulary: type[_V], cell: Cell, what: str) -> _V | None:
    """A code or label of ``vocabulary`` in any case ("Peer-to-peer", "peer",
    "Ended early", "ended_early"), or None when empty."""
    value = cells.text(cell, what, 100)
    if value is None:
        return None
    member = _spellings(vocabulary).get(_spelling(value))
    if member is None:
        allowed = ", ".join(member.value for member in vocabulary)
        raise RowProblem(f"the {what} '{value}' is not one of: {allowed}")
    return member  # type: ignore[return-value]


class _ConvertedIds:
    """The stored employee id a reference may be a spreadsheet's conversion of (``42``
    for ``0042``), to say so when a pair names someone who is not found; the index is
    made at the first such reference."""

    def __init__(self, by_employee_id: dict[str, _Person]) -> None:
        self._by_employee_id = by_employee_id
        self._numbers: StoredNumbers | None = None

    def hint(self, reference: str) -> str:
        if self._numbers is None:
            self._numbers = StoredNumbers.of(self._by_employee_id)
        origins = self._numbers.origins(reference.lower())
        if len(origins) != 1:
            return ""
        stored, why = origins[0]
        person = self._by_employee_id[stored]
        return (
            f"; it may be employee id '{stored}' ({person.name}), as {why}: "
            "use the file as the HR system wrote it"
        )


def _person(
    cell: Cell,
    what: str,
    by_email: dict[str, _Person],
    by_employee_id: dict[str, _Person],
    converted: _ConvertedIds,
) -> _Person:
    reference = cells.reference(cell, what)
    if reference is None:
        raise RowProblem(f"the {what} is missing")
    wanted = reference.lower()
    found = by_email.get(wanted) or by_employee_id.get(wanted)
    if found is None:
        raise RowProblem(
            f"{what} '{reference}' is not in the database (import the people first)"
            + converted.hint(reference)
        )
    return found


def _parse(
    sheet_row: SheetRow,
    columns: ColumnMap,
    order: DateFormat | None,
    programs: dict[str, _Program],
    default_program: _Program | None,
    by_email: dict[str, _Person],
    by_employee_id: dict[str, _Person],
    converted: _ConvertedIds,
) -> _Row:
    values = sheet_row.cells
    check_ragged(columns, values)
    program_name = cells.text(columns.value(values, "program"), "program", 200)
    if program_name is not None:
        program = programs.get(program_name.casefold())
        if program is None:
            raise RowProblem(f"program '{program_name}' is not in the database")
    elif default_program is not None:
        program = default_program
    else:
        raise RowProblem("the program is missing")
    mentor = _person(
        columns.value(values, "mentor"), "mentor", by_email, by_employee_id, converted
    )
    mentee = _person(
        columns.value(values, "mentee"), "mentee", by_email, by_employee_id, converted
    )
    if mentor.id == mentee.id:
        raise RowProblem(f"{mentor.name} cannot be their own mentor")
    given: dict[str, Any] = {
        "model": _vocabulary(MentorshipModel, columns.value(values, "model"), "model"),
        "status": _vocabulary(PairStatus, columns.value(values, "status"), "status"),
        "start_date": cells.day(columns.value(values, "start"), "start", order),
    }
    if columns.has("planned_end"):
        given["planned_end"] = cells.day(columns.value(values, "planned_end"), "planned end", order)
    if columns.has("agreement_signed"):
        given["agreement_signed"] = cells.day(
            columns.value(values, "agreement_signed"), "agreement signed date", order
        )
    if columns.has("cadence_days"):
        given["cadence_days"] = cells.whole_number(
            columns.value(values, "cadence_days"),
            "cadence",
            roster.MIN_CADENCE_DAYS,
            roster.MAX_CADENCE_DAYS,
        )
    if columns.has("expectations"):
        given["expectations"] = (
            cells.text(
                columns.value(values, "expectations"),
                "expectations",
                roster.MAX_EXPECTATIONS,
                single_line=False,
            )
            or ""
        )
    if columns.has("end_reason"):
        given["end_reason"] = cells.text(
            columns.value(values, "end_reason"),
            "end reason",
            roster.MAX_END_REASON,
            single_line=False,
        )
    disclosure = None
    if columns.has("disclosure"):
        disclosure = cells.text(
            columns.value(values, "disclosure"),
            "disclosure",
            roster.MAX_EXPECTATIONS,
            single_line=False,
        )
    return _Row(sheet_row.line, program, mentor, mentee, given, disclosure=disclosure)


# --------------------------------------------------------------------------- checking


def _match(rows: list[_Row], existing: dict[tuple[int, int, int], list[dict[str, Any]]]) -> None:
    """Find the pair each row updates, if any, and refuse rows that repeat one."""
    pair_lines: dict[int, int] = {}
    new_lines: dict[tuple[int, int, int, date | None], int] = {}
    for row in rows:
        candidates = existing.get((row.program.id, row.mentor.id, row.mentee.id), [])
        start = row.given["start_date"]
        match = next((pair for pair in candidates if pair["start_date"] == start), None)
        if match is None:
            match = next(
                (
                    pair
                    for pair in sorted(
                        candidates, key=lambda pair: pair["start_date"], reverse=True
                    )
                    if PairStatus(pair["status"]) in _OPEN_STATUSES
                ),
                None,
            )
        if match is not None:
            if match["id"] in pair_lines:
                row.refused = f"this pair is also on line {pair_lines[match['id']]}"
                continue
            pair_lines[match["id"]] = row.line
            row.existing = match
            continue
        if start is None:
            row.refused = "the start date is missing"
            continue
        key = (row.program.id, row.mentor.id, row.mentee.id, start)
        if key in new_lines:
            row.refused = f"this pair is also on line {new_lines[key]}"
            continue
        new_lines[key] = row.line


def _settle(rows: list[_Row]) -> None:
    """Each valid row's values as they will be saved, checked by the roster's rules."""
    for row in rows:
        if row.refused is not None:
            continue
        before = row.existing
        final: dict[str, Any] = dict(before) if before is not None else {}
        for name, value in row.given.items():
            if value is None and name in ("model", "status", "start_date"):
                continue  # an empty cell keeps what the pair has
            final[name] = value.value if isinstance(value, Vocabulary) else value
        if before is None:
            final.setdefault("model", row.program.default_model)
            final.setdefault("status", PairStatus.ACTIVE.value)
            for name in _OPTIONAL_COLUMNS:
                final.setdefault(name, "" if name == "expectations" else None)
        status = PairStatus(final["status"])
        if status not in roster.ENDED_STATUSES:
            final["end_reason"] = None  # as the roster does when a pair is taken back
        try:
            _check(row, final, status, before)
        except RowProblem as problem:
            row.refused = str(problem)
            continue
        row.final = final
        if before is not None:
            row.changed = tuple(name for name in _PAIR_FIELDS if final[name] != before[name])


def _check(
    row: _Row, final: dict[str, Any], status: PairStatus, before: dict[str, Any] | None
) -> None:
    """The row's own fields; the pairing rules come after, in :func:`_check_pairing_rules`."""
    becoming = before is None or PairStatus(before["status"]) is not status
    start: date = final["start_date"]
    planned_end: date | None = final["planned_end"]
    if planned_end is not None and planned_end < start:
        raise RowProblem(
            f"the planned end ({planned_end.isoformat()}) is before the start ({start.isoformat()})"
        )
    if (
        status is PairStatus.ENDED_EARLY
        and before is not None
        and becoming
        and not final["end_reason"]
    ):
        raise RowProblem("say why the pair ended early (an end reason column)")


def _sentence(text: str) -> str:
    """A rule's sentence as a row's reason: no full stop, as the other reasons."""
    return text.rstrip(".")


def _check_pairing_rules(
    session: Session, rows: list[_Row], existing: dict[tuple[int, int, int], list[dict[str, Any]]]
) -> None:
    """The pairing rules (``domain.pairs``) for each row, the file read in order.

    Places and the one-pair-per-mentee rule count the database's proposed and
    active pairs the file leaves alone, then the rows that keep such a pair as
    it is, then the rows becoming proposed or active in the file's order.
    """
    touched = {
        row.existing["id"] for row in rows if row.existing is not None and row.refused is None
    }
    places: dict[int, int] = defaultdict(int)
    query = select(Pair.mentor_id, Pair.id).where(Pair.status.in_(sorted(_PLACED)))
    for mentor_id, pair_id in session.connection().execute(query):
        if pair_id not in touched:
            places[mentor_id] += 1
    holders: dict[tuple[int, int], str] = {}
    for (program_id, _mentor_id, mentee_id), pairs in existing.items():
        for pair in pairs:
            if pair["id"] not in touched and pair["status"] in _PLACED:
                holders[program_id, mentee_id] = f"with {pair['mentor_name']}"
    managers: dict[int, int | None] = dict(
        (person_id, manager_id)
        for person_id, manager_id in session.connection().execute(
            select(Person.id, Person.manager_id).where(Person.manager_id.is_not(None))
        )
    )
    disclosed = {
        pair_id
        for (pair_id,) in session.connection().execute(
            select(Conflict.pair_id).where(
                Conflict.kind == ConflictKind.CONFLICT_OF_INTEREST.value,
                Conflict.pair_id.is_not(None),
            )
        )
    }

    def status_of(row: _Row) -> tuple[PairStatus, PairStatus | None]:
        before = None if row.existing is None else PairStatus(row.existing["status"])
        return PairStatus(row.final["status"]), before

    becoming: list[_Row] = []
    for row in rows:
        if row.refused is not None:
            continue
        status, before = status_of(row)
        if becomes_placed(status, before):
            becoming.append(row)
        elif status in TAKING_A_PLACE:
            places[row.mentor.id] += 1
            holders[row.program.id, row.mentee.id] = f"with {row.mentor.name}, line {row.line}"
    for row in becoming:
        status, before = status_of(row)
        key = (row.program.id, row.mentee.id)
        written = bool(row.disclosure)
        problems = pair_problems(
            row.mentor.for_rules(),
            row.mentee.for_rules(),
            status,
            before=before,
            places_taken=places[row.mentor.id],
            other_pair_with=holders.get(key),
            managers=managers,
            disclosed=written or (row.existing is not None and row.existing["id"] in disclosed),
            program=row.program.name,
        )
        if problems:
            problem = problems[0]
            row.refused = _sentence(problem.sentence)
            if problem.field == "disclosure":
                row.refused += " (a disclosure column)"
            continue
        places[row.mentor.id] += 1
        holders[key] = f"with {row.mentor.name}, line {row.line}"
        if written:
            row.chain = chain_relation(row.mentor.for_rules(), row.mentee.for_rules(), managers)


# --------------------------------------------------------------------------- writing


def _write(session: Session, rows: list[_Row], report: ImportReport) -> None:
    new = [row for row in rows if row.existing is None]
    changed = [row for row in rows if row.existing is not None and row.changed]
    if not new and not changed:
        return
    summary = (
        f"Roster import from {report.file_name}: {report.created:,} pairs added, "
        f"{report.updated:,} updated"
    )
    fields = sorted({name for row in rows for name in row.given} | {"mentor_id", "mentee_id"})
    with one_audit_entry(session, "create" if new else "change", "pair", summary, fields):
        if new:
            session.connection().execute(
                insert(Pair.__table__),
                [
                    {
                        "program_id": row.program.id,
                        "mentor_id": row.mentor.id,
                        "mentee_id": row.mentee.id,
                        **{name: row.final[name] for name in _PAIR_FIELDS},
                        "version": 1,
                    }
                    for row in new
                ],
            )
        _update_changed(session, changed)
        _record_disclosures(session, [row for row in rows if row.chain is not None])
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Pair):
            session.expire(instance)


def _record_disclosures(session: Session, rows: list[_Row]) -> None:
    """Each management-chain pair's written disclosure, as a conflict of interest of the
    pair opened on the day of the import (not before its program starts), as the window
    records it."""
    if not rows:
        return
    query = select(Program.id, Program.start_date).where(
        Program.id.in_(sorted({row.program.id for row in rows}))
    )
    starts = {program_id: start for program_id, start in session.connection().execute(query)}
    for row in rows:
        if row.existing is not None:
            pair_id = row.existing["id"]
        else:
            pair_id = session.connection().scalar(
                select(Pair.id)
                .where(
                    Pair.program_id == row.program.id,
                    Pair.mentor_id == row.mentor.id,
                    Pair.mentee_id == row.mentee.id,
                    Pair.start_date == row.final["start_date"],
                )
                .order_by(Pair.id.desc())
                .limit(1)
            )
        session.add(
            Conflict(
                program_id=row.program.id,
                pair_id=pair_id,
                opened=max(date.today(), starts[row.program.id]),
                kind=ConflictKind.CONFLICT_OF_INTEREST.value,
                severity=Severity.LOW.value,
                description=row.disclosure or "",
            )
        )
    session.flush()


def _update_changed(session: Session, rows: list[_Row]) -> None:
    table: SqlTable = Pair.__table__  # type: ignore[assignment]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        assert row.existing is not None
        params = {"_id": row.existing["id"]}
        params.update({f"new_{name}": row.final[name] for name in row.changed})
        groups[row.changed].append(params)
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
