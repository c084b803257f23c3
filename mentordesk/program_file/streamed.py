"""Importing a program file record by record: each record checked and written as it is read.

The members of a program file come in the order export writes them: the
header and the program, the people, then the pairs, the program-wide conflicts
and the workshops. The program and the people are checked and held (the pairs
refer to them); each pair is checked as it is read, against the people and the
pairs before it (keys, the pairing rules), and written with the pairs of its
batch; then it is let go. So a program of any size is imported in memory for
its people and one batch of pairs, never the whole file.

All or nothing still holds: writing stops at the first problem, reading and
checking go on to the end of the file so that every problem is reported, and
the :class:`ProgramFileError` raised then makes the caller's transaction roll
back what was written. A member that comes before what it needs (pairs before
the people, in a file written by hand) is held until its turn.

Problems are reported in the order a whole-document check gives them: the
top-level object's own (repeated and unknown members), each member's fields in
the format's order, then how the records fit together, then the database.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from mentordesk.program_file.checks import (
    _check_conflict,
    _check_header,
    _check_pair,
    _check_people,
    _check_program,
    _check_program_name,
    _check_workshops,
    _Checked,
    _match_existing,
    _PairingRules,
    _records,
)
from mentordesk.program_file.files import cannot_read, open_program_file
from mentordesk.program_file.problems import _at, _Problems
from mentordesk.program_file.reading import (
    PAIRS_PER_WRITE,
    ImportSummary,
    _write_pairs,
    _write_people,
    _write_program,
    _write_program_conflicts,
    _write_workshops,
)
from mentordesk.program_file.records import NotAnObject, RecordReader
from mentordesk.program_file.risk_marks import verdicts_marked_once
from mentordesk.program_file.schema import _DOCUMENT, _INVALID, _List, _Nested, _Refused
from mentordesk.store import audit
from mentordesk.store.models import Program

_FIELDS = {spec.name: spec for spec in _DOCUMENT}
_HEAD = ("format", "version", "includes_confidential", "program")
_LISTS = ("people", "pairs", "program_conflicts", "workshops")
_KEPT_OF_A_PERSON = ("name", "manager", "can_mentor", "active", "capacity")
"""The fields of a person the pairing rules read (``_PairingRules``)."""


def _record_check(name: str) -> tuple[Any, int]:
    """The check of one record of list member ``name``, and how many records it may hold."""
    spec = _FIELDS[name].check
    assert isinstance(spec, _List)
    return spec.item, spec.max_items


class _Report:
    """Problems kept apart by where they belong in the report; merged in that order."""

    ORDER = (
        "repeated",
        "unknown",
        *(f"field {name}" for name in _FIELDS),
        *(f"fit {name}" for name in ("program", *_LISTS)),
        "database name",
        "database people",
        "pairing rules",
    )

    def __init__(self) -> None:
        self.parts = {name: _Problems() for name in self.ORDER}

    def __getitem__(self, name: str) -> _Problems:
        return self.parts[name]

    @property
    def count(self) -> int:
        return sum(part.count for part in self.parts.values())

    def raise_if_any(self) -> None:
        merged = _Problems()
        for name in self.ORDER:
            part = self.parts[name]
            for problem in part.items:
                merged.add(problem.path, problem.message)
            merged.count += part.count - len(part.items)
        merged.raise_if_any()


class _ProgramImport:
    """One import (or, with ``write=False``, one check) of a program file's members."""

    def __init__(self, session: Session, write: bool, stack: ExitStack) -> None:
        self.session = session
        self.write = write
        self.stack = stack
        self.report = _Report()
        self.head: dict[str, Any] = {}
        self.started = False
        self.done: set[str] = set()
        self.program: Any = _INVALID
        self.program_id: int | None = None
        self.plan_entries = 0
        self.people: list[Any] = []
        self.index_of: dict[str, int] = {}
        self.existing: dict[int, int] = {}
        self.person_ids: list[int] = []
        self.rules: _PairingRules | None = None
        self.pair_keys: dict[str, int] = {}
        self.batch: list[dict[str, Any]] = []
        self.totals: dict[str, int] = defaultdict(int)
        self.program_conflicts: list[Any] = []
        self.workshops: list[Any] = []

    def _writing(self) -> bool:
        return self.write and self.report.count == 0

    # --- the members, in the file's order ---------------------------------------------------

    def run(self, members: Iterable[tuple[str, Any]]) -> ImportSummary | None:
        seen: set[str] = set()
        held: dict[str, Any] = {}
        for name, value in members:
            if name in seen:
                self.report["repeated"].add(_at("", name), "appears more than once in the object")
                continue
            seen.add(name)
            if name not in _FIELDS:
                self.report["unknown"].add(_at("", name), "unknown field")
            elif name in _HEAD:
                self.head[name] = value
                if self.started:
                    self._whole(name, value)
                elif all(part in seen for part in ("format", "version", "program")):
                    self._start()
            elif self._ready(name):
                self._member(name, value)
            else:
                # Needed later than it comes: held (read whole) until its turn.
                held[name] = list(value) if isinstance(value, Iterator) else value
            for waiting in [name for name in _LISTS if name in held and self._ready(name)]:
                self._member(waiting, held.pop(waiting))
        self._start()
        for name in _LISTS:
            if name in held:
                self._member(name, held.pop(name))
            elif name not in self.done:
                self._member(name, _MISSING_MEMBER)
        return self._finish()

    def _ready(self, name: str) -> bool:
        return self.started and (name == "people" or "people" in self.done)

    def _start(self) -> None:
        """The header and the program: checked, and the program written."""
        if self.started:
            return
        self.started = True
        header = _Problems()
        if not _check_header(self.head, header):
            header.raise_if_any()
        for name in _HEAD:
            value = self.head.get(name, _MISSING_MEMBER)
            checked = self._whole(name, value)
            if name == "program":
                self.program = checked
        _check_program(self.program, self.report["fit program"])
        _check_program_name(self.session, self.program, self.report["database name"])
        if self._writing():
            self.program_id, self.plan_entries = _write_program(self.session, self.program)
            self.stack.enter_context(verdicts_marked_once(self.session, self.program_id))

    def _whole(self, name: str, value: Any) -> Any:
        """Check member ``name`` given whole (or missing); its checked value."""
        spec = _FIELDS[name]
        problems = self.report[f"field {name}"]
        if value is _MISSING_MEMBER or (value is None and not spec.required):
            if spec.required:
                problems.add(name, "is missing")
                return _INVALID
            return type(spec.default)(spec.default) if spec.default is not None else None
        check = spec.check
        if isinstance(check, _Nested):
            return check(value, name, problems)
        try:
            return check(value)
        except _Refused as refusal:
            problems.add(name, refusal.message)
            return _INVALID

    def _member(self, name: str, value: Any) -> None:
        """A list member: its records checked (and written) one at a time."""
        self.done.add(name)
        records: Iterable[tuple[int, Any]]
        if isinstance(value, list | Iterator):
            records = _numbered(name, value, self.report[f"field {name}"])
        else:
            # Not a list (or missing): refused whole, with the sentence of a whole document.
            whole = self._whole(name, value)
            records = _records([] if whole is None else whole)
        if name == "people":
            self._people(records)
        elif name == "pairs":
            for index, pair in records:
                self._pair(index, pair)
            self._write_batch()
        elif name == "program_conflicts":
            self.program_conflicts = _in_place(records)
            for index, conflict in _records(self.program_conflicts):
                _check_conflict(
                    conflict, f"program_conflicts[{index}]", self.report["fit program_conflicts"]
                )
        else:
            self.workshops = _in_place(records)
            _check_workshops(self.workshops, self.index_of, self.report["fit workshops"])

    def _people(self, records: Iterable[tuple[int, Any]]) -> None:
        people = _in_place(records)
        self.people = people
        self.index_of = _check_people(people, self.report["fit people"])
        self.existing = _match_existing(self.session, people, self.report["database people"])
        # What the pairs need of a person, kept; the rest of each record let go once written.
        slim = [
            person if person is _INVALID else {name: person[name] for name in _KEPT_OF_A_PERSON}
            for person in people
        ]
        self.rules = _PairingRules(self.session, slim, self.index_of, self.existing)
        if self._writing() and self.program_id is not None:
            self.person_ids = _write_people(self.session, self._checked())
        self.people = slim

    def _checked(self) -> _Checked:
        return _Checked(
            program=self.program,
            people=self.people,
            pairs=[],
            program_conflicts=[],
            workshops=[],
            person_index=self.index_of,
            existing=self.existing,
        )

    def _person_id(self, key: str) -> int:
        return self.person_ids[self.index_of[key]]

    def _pair(self, index: int, pair: dict[str, Any]) -> None:
        _check_pair(index, pair, self.index_of, self.pair_keys, self.report["fit pairs"])
        assert self.rules is not None
        self.rules.check(index, pair, self.report["pairing rules"])
        if not self._writing():
            self.batch.clear()
            return
        self.batch.append(pair)
        if len(self.batch) >= PAIRS_PER_WRITE:
            self._write_batch()

    def _write_batch(self) -> None:
        if self.batch and self._writing() and self.program_id is not None:
            _write_pairs(self.session, self.program_id, self.batch, self._person_id, self.totals)
        self.batch = []

    def _finish(self) -> ImportSummary | None:
        self.report.raise_if_any()
        if not self.write or self.program_id is None:
            return None
        self._write_batch()
        totals = self.totals
        totals["conflicts"] += _write_program_conflicts(
            self.session, self.program_id, self.program_conflicts
        )
        workshops, attendances = _write_workshops(
            self.session, self.program_id, self.workshops, self._person_id
        )
        return ImportSummary.of_written(
            self.program_id, self.program["name"], len(self.people), len(self.existing), totals,
            workshops, attendances, self.plan_entries,
        )  # fmt: skip


_MISSING_MEMBER: Any = object()


def _in_place(records: Iterable[tuple[int, Any]]) -> list[Any]:
    """The accepted records as a list, each at its index in the file (refused ones held
    as :data:`_INVALID`), for the checks that name records by index."""
    held: list[Any] = []
    for index, record in records:
        held.extend([_INVALID] * (index - len(held)))
        held.append(record)
    return held


def _numbered(
    name: str, records: Iterable[Any], problems: _Problems
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The accepted records of list member ``name`` with their index, each checked as it
    comes; past the list's limit the rest are only counted."""
    check, most = _record_check(name)
    count = 0
    for index, record in enumerate(records):
        count = index + 1
        if count > most:
            continue
        try:
            checked = check.fast(record)
        except _Refused:
            checked = check(record, f"{name}[{index}]", problems)
        if checked is not _INVALID:
            yield index, checked
    if count > most:
        problems.add(name, f"{count:,} entries; at most {most:,} are allowed")


def _run(session: Session, members: Iterable[tuple[str, Any]], write: bool) -> ImportSummary | None:
    session.flush()
    previous = session.info.get(audit.AUDIT_KEY, True)
    session.info[audit.AUDIT_KEY] = False
    try:
        with ExitStack() as stack:
            summary = _ProgramImport(session, write, stack).run(members)
        session.flush()
    finally:
        session.info[audit.AUDIT_KEY] = previous
    if summary is not None:
        audit.record(
            session,
            "create",
            Program.__tablename__,
            summary.program_id,
            f"Imported from a program file: {summary.describe()}.",
        )
    return summary


def _members(document: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(document, Mapping):
        problems = _Problems()
        _check_header(document, problems)
        problems.raise_if_any()
    yield from document.items()
    for name in getattr(document, "repeated", ()):
        # A key given twice in the object (the reader kept its last value): report it.
        yield name, None


def import_program(session: Session, document: Any) -> ImportSummary:
    """Import a whole program document (PROGRAM_FILE.md) into the database, all or nothing.

    Every record is checked (see the package's description); problems raise
    :class:`ProgramFileError` (a MentorDeskError) naming each problem's JSON path,
    and what was written is rolled back with the caller's transaction. People
    already in the database (same email, else same employee id) are reused, and
    one audit entry records the import. The caller commits.
    """
    summary = _run(session, _members(document), write=True)
    assert summary is not None
    return summary


def check_program(session: Session, document: Any) -> None:
    """Check a whole program document against the format and the database, writing nothing.

    Raises :class:`ProgramFileError` listing every problem found (the first
    :data:`MAX_PROBLEMS_SHOWN` in its message) with its JSON path.
    """
    _run(session, _members(document), write=False)


def import_program_file(session: Session, path: str | os.PathLike[str]) -> ImportSummary:
    """Import a program file from disk, reading it a record at a time (see the module's
    description): a program of any size in bounded memory. The caller commits."""
    location = Path(path)
    with open_program_file(location) as stream:
        reader = RecordReader(stream)
        try:
            summary = _run(session, reader.members(), write=True)
        except NotAnObject as other:
            summary = _run(session, _members(other.value), write=True)
        except OSError as error:
            raise cannot_read(location, error) from None
    assert summary is not None
    return summary
