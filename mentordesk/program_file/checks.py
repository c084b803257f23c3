"""Checking a program file's records against each other and against the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.domain.conflicts import TransitionError, validate_steps
from mentordesk.domain.management import find_manager_cycle
from mentordesk.domain.pairs import TAKING_A_PLACE, PairPerson, pair_problems
from mentordesk.domain.scoring import TrustThresholds
from mentordesk.domain.vocabularies import (
    ConflictKind,
    ConflictStatus,
    PairStatus,
)
from mentordesk.program_file.limits import FORMAT, FORMAT_VERSION
from mentordesk.program_file.problems import (
    _describe,
    _number_text,
    _Problems,
    _show,
)
from mentordesk.program_file.schema import _INVALID, _check_document
from mentordesk.store.models import (
    Pair,
    Person,
    Program,
)

# --- checking the records against each other and the database ----------------------------------


def _valid(record: Any, *names: str) -> bool:
    """Whether ``record`` is a checked object whose named fields were all accepted."""
    return record is not _INVALID and all(record[name] is not _INVALID for name in names)


def _records(values: Any) -> list[tuple[int, dict[str, Any]]]:
    """The accepted objects of a checked list, with their index in the file."""
    if values is _INVALID:
        return []
    return [(index, record) for index, record in enumerate(values) if record is not _INVALID]


@dataclass
class _Checked:
    """A document that passed every check, ready to write."""

    program: dict[str, Any]
    people: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    program_conflicts: list[dict[str, Any]]
    workshops: list[dict[str, Any]]
    person_index: dict[str, int]
    existing: dict[int, int] = field(default_factory=dict)
    """File index of a person → id of the same person already in the database."""


def _check_header(document: Any, problems: _Problems) -> bool:
    """Is this a program file of a version we read? Anything else is not worth detailing."""
    if not isinstance(document, Mapping):
        problems.add("", f"expected a program file (a JSON object), got {_describe(document)}")
        return False
    kind = document.get("format")
    if kind != FORMAT or not isinstance(kind, str):
        shown = _show(kind) if isinstance(kind, str) else _describe(kind)
        message = (
            "is missing: this is not a MentorDesk program file"
            if "format" not in document
            else f'{shown} is not "{FORMAT}": this is not a MentorDesk program file'
        )
        problems.add("format", message)
        return False
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        problems.add(
            "version",
            f"the file is of version {_number_text(version)}, made by a newer MentorDesk; "
            f"this one reads version {FORMAT_VERSION}",
        )
        return False
    return True


def _check_people(people: Any, problems: _Problems) -> dict[str, int]:
    """Unique keys, emails and employee ids; managers that exist and form no cycle.
    Returns key → index in the file."""
    index_of: dict[str, int] = {}
    emails: dict[str, int] = {}
    employee_ids: dict[str, int] = {}
    records = _records(people)
    for index, person in records:
        key = person["key"]
        if key is not _INVALID:
            if key in index_of:
                problems.add(
                    f"people[{index}].key",
                    f"{_show(key)} is already the key of people[{index_of[key]}]",
                )
            else:
                index_of[key] = index
        email = person["email"]
        if email not in (None, _INVALID):
            folded = email.lower()
            if folded in emails:
                problems.add(
                    f"people[{index}].email",
                    f"{_show(email)} is also the email of people[{emails[folded]}]",
                )
            else:
                emails[folded] = index
        employee_id = person["employee_id"]
        if employee_id not in (None, _INVALID):
            folded = employee_id.lower()
            if folded in employee_ids:
                problems.add(
                    f"people[{index}].employee_id",
                    f"{_show(employee_id)} is also the employee id of "
                    f"people[{employee_ids[folded]}]",
                )
            else:
                employee_ids[folded] = index
    managers: dict[str, str | None] = {}
    for index, person in records:
        manager, key = person["manager"], person["key"]
        if manager in (None, _INVALID) or key is _INVALID:
            continue
        if manager not in index_of:
            problems.add(f"people[{index}].manager", f"no person has the key {_show(manager)}")
        elif manager == key:
            problems.add(f"people[{index}].manager", "a person cannot be their own manager")
        elif index_of.get(key) == index:
            managers[key] = manager
    # Report every cycle once: take each found cycle out and look again.
    while (cycle := find_manager_cycle(managers)) is not None:
        loop = " → ".join(_show(key) for key in [*cycle, cycle[0]])
        problems.add(f"people[{index_of[cycle[0]]}].manager", f"the managers form a cycle: {loop}")
        for key in cycle:
            managers.pop(key, None)
    return index_of


def _check_conflict(conflict: dict[str, Any], path: str, problems: _Problems) -> None:
    if not _valid(conflict, "opened", "steps"):
        return
    steps = conflict["steps"]
    if any(not _valid(step, "date", "status") for step in steps):
        return
    try:
        validate_steps(
            [(step["date"], ConflictStatus(step["status"])) for step in steps],
            opened=conflict["opened"],
        )
    except TransitionError as error:
        problems.add(f"{path}.steps", error.message.rstrip("."))


def _check_pairs(pairs: Any, people: Any, index_of: Mapping[str, int], problems: _Problems) -> None:
    pair_keys: dict[str, int] = {}
    for index, pair in _records(pairs):
        _check_pair(index, pair, index_of, pair_keys, problems)


def _check_pair(
    index: int,
    pair: dict[str, Any],
    index_of: Mapping[str, int],
    pair_keys: dict[str, int],
    problems: _Problems,
) -> None:
    """One accepted pair against the people and the pairs before it (``pair_keys``: the key
    of each earlier pair → its index, added to)."""
    path = f"pairs[{index}]"
    key = pair["key"]
    if key is not _INVALID:
        if key in pair_keys:
            problems.add(
                f"{path}.key", f"{_show(key)} is already the key of pairs[{pair_keys[key]}]"
            )
        else:
            pair_keys[key] = index
    for role in ("mentor", "mentee"):
        person = pair[role]
        if person is not _INVALID and person not in index_of:
            problems.add(f"{path}.{role}", f"no person has the key {_show(person)}")
    # The pairing rules themselves (own mentor, one pair per mentee, the mentor's
    # ability and places, the management chain) are domain.pairs', asked in
    # _PairingRules once the people are matched with the database.
    start = pair["start"]
    for name in ("planned_end",):
        end = pair[name]
        if start is not _INVALID and end not in (None, _INVALID) and end < start:
            problems.add(
                f"{path}.{name}", f"{end.isoformat()} is before the start ({start.isoformat()})"
            )
    for number, conflict in _records(pair["conflicts"]):
        _check_conflict(conflict, f"{path}.conflicts[{number}]", problems)


def _check_program(program: Any, problems: _Problems) -> None:
    if program is _INVALID:
        return
    start, end = program["start"], program["end"]
    if start is not _INVALID and end not in (None, _INVALID) and end < start:
        problems.add("program.end", f"{end.isoformat()} is before the start ({start.isoformat()})")
    thresholds = program["thresholds"]
    if _valid(thresholds, "high", "medium"):
        try:
            TrustThresholds(high=thresholds["high"], medium=thresholds["medium"])
        except ValueError as error:
            problems.add("program.thresholds", str(error).rstrip("."))


def _check_workshops(workshops: Any, index_of: Mapping[str, int], problems: _Problems) -> None:
    for index, workshop in _records(workshops):
        attendees = workshop["attendees"]
        if attendees is _INVALID:
            continue
        seen: dict[str, int] = {}
        for number, key in enumerate(attendees):
            if key is _INVALID:
                continue
            where = f"workshops[{index}].attendees[{number}]"
            if key not in index_of:
                problems.add(where, f"no person has the key {_show(key)}")
            elif key in seen:
                problems.add(where, f"{_show(key)} is listed twice (also attendees[{seen[key]}])")
            else:
                seen[key] = number


def _match_existing(session: Session, people: Any, problems: _Problems) -> dict[int, int]:
    """Which people of the file are already in the database: by email, then employee id.
    Gives the file index of each such person → their id in the database."""
    by_email: dict[str, tuple[int, str]] = {}
    by_employee_id: dict[str, tuple[int, str]] = {}
    rows = session.execute(select(Person.id, Person.name, Person.email, Person.employee_id))
    for person_id, name, email, employee_id in rows:
        if email:
            by_email.setdefault(email.lower(), (person_id, name))
        if employee_id:
            by_employee_id.setdefault(employee_id.lower(), (person_id, name))
    existing: dict[int, int] = {}
    claimed: dict[int, int] = {}
    for index, person in _records(people):
        email, employee_id = person["email"], person["employee_id"]
        match = by_email.get(email.lower()) if email and email is not _INVALID else None
        if match is None and employee_id and employee_id is not _INVALID:
            match = by_employee_id.get(employee_id.lower())
        if match is None:
            continue
        person_id, name = match
        if person_id in claimed:
            problems.add(
                f"people[{index}]",
                f"is the same person in the database as people[{claimed[person_id]}] "
                f"({_show(name)}, matched by email or employee id)",
            )
            continue
        claimed[person_id] = index
        existing[index] = person_id
    return existing


def _check_pairing_rules(
    session: Session,
    pairs: Any,
    people: Any,
    index_of: Mapping[str, int],
    existing: Mapping[int, int],
    problems: _Problems,
) -> None:
    """The pairing rules (``domain.pairs``) for the file's pairs, read in the file's order
    (see :class:`_PairingRules`)."""
    rules = _PairingRules(session, people, index_of, existing)
    for index, pair in _records(pairs):
        rules.check(index, pair, problems)


class _PairingRules:
    """The pairing rules (``domain.pairs``) for the file's pairs, asked a pair at a time in
    the file's order.

    A person already in the database keeps what the database says of them (can
    mentor, places, still with the company, manager) and their proposed and
    active pairs there use their places; a new person is as the file says. A pair
    whose mentor is in either's management chain needs a written disclosure: a
    conflict of kind ``conflict_of_interest`` among the pair's conflicts.
    """

    def __init__(
        self,
        session: Session,
        people: Any,
        index_of: Mapping[str, int],
        existing: Mapping[int, int],
    ) -> None:
        self.records = dict(_records(people))
        self.index_of = index_of
        self.existing = existing
        in_database = sorted(existing.values())
        self.stored: dict[int, tuple[str, bool, bool, int]] = {}
        taken: dict[int, int] = {}
        db_managers: dict[int, int | None] = {}
        if in_database:
            for person_id, name, can_mentor, active, capacity in session.execute(
                select(
                    Person.id, Person.name, Person.can_mentor, Person.active, Person.capacity
                ).where(Person.id.in_(in_database))
            ):
                self.stored[person_id] = (name, bool(can_mentor), bool(active), capacity or 0)
            placed = [status.value for status in TAKING_A_PLACE]
            for mentor_id, count in session.execute(
                select(Pair.mentor_id, func.count(Pair.id))
                .where(Pair.mentor_id.in_(in_database), Pair.status.in_(placed))
                .group_by(Pair.mentor_id)
            ):
                taken[mentor_id] = int(count)
            for person_id, manager_id in session.execute(
                select(Person.id, Person.manager_id).where(Person.manager_id.is_not(None))
            ):
                db_managers[person_id] = manager_id
        self.managers: dict[tuple[str, object], tuple[str, object] | None] = {
            ("db", person_id): ("db", manager_id) for person_id, manager_id in db_managers.items()
        }
        for key, index in index_of.items():
            record = self.records.get(index)
            if index in existing or record is None:
                continue
            manager = record["manager"]
            if manager not in (None, _INVALID) and manager in index_of:
                self.managers[("file", key)] = self._node(manager)
        self.places: dict[tuple[str, object], int] = {
            ("db", person_id): count for person_id, count in taken.items()
        }
        self.holders: dict[str, int] = {}

    def _node(self, key: str) -> tuple[str, object]:
        index = self.index_of[key]
        return ("db", self.existing[index]) if index in self.existing else ("file", key)

    def _person(self, key: str) -> PairPerson[tuple[str, object]] | None:
        index = self.index_of[key]
        if index in self.existing:
            name, can_mentor, active, capacity = self.stored[self.existing[index]]
            return PairPerson(self._node(key), name, can_mentor, active, capacity)
        record = self.records.get(index)
        if record is None or not _valid(record, "name", "can_mentor", "active", "capacity"):
            return None
        capacity = record["capacity"]
        if capacity is None:
            capacity = 1 if record["can_mentor"] else 0
        return PairPerson(
            self._node(key), record["name"], record["can_mentor"], record["active"], capacity
        )

    def check(self, index: int, pair: dict[str, Any], problems: _Problems) -> None:
        """The rules for the accepted pair ``pairs[index]``, after the pairs before it."""
        mentor_key, mentee_key = pair["mentor"], pair["mentee"]
        if mentor_key not in self.index_of or mentee_key not in self.index_of:
            return
        mentor, mentee = self._person(mentor_key), self._person(mentee_key)
        if mentor is None or mentee is None or pair["status"] is _INVALID:
            return
        status = PairStatus(pair["status"])
        conflicts = pair["conflicts"]
        disclosed = conflicts is not _INVALID and any(
            conflict is not _INVALID and conflict["kind"] == ConflictKind.CONFLICT_OF_INTEREST
            for conflict in conflicts
        )
        earlier = self.holders.get(mentee_key)
        found = pair_problems(
            mentor,
            mentee,
            status,
            places_taken=self.places.get(mentor.key, 0),
            other_pair_with=None if earlier is None else f"pairs[{earlier}]",
            managers=self.managers,
            disclosed=disclosed,
        )
        for problem in found:
            where = "conflicts" if problem.field == "disclosure" else problem.field
            sentence = problem.sentence.rstrip(".")
            if problem.field == "disclosure":
                sentence += " (a conflict of kind conflict_of_interest in the pair's conflicts)"
            problems.add(f"pairs[{index}].{where}", sentence)
        if not found and status in TAKING_A_PLACE:
            self.places[mentor.key] = self.places.get(mentor.key, 0) + 1
            self.holders[mentee_key] = index


def _check_program_name(session: Session, program: Any, problems: _Problems) -> None:
    if not _valid(program, "name"):
        return
    name = program["name"]
    clash = session.execute(
        select(Program.name).where(func.lower(Program.name) == name.lower())
    ).first()
    if clash is not None:
        problems.add(
            "program.name",
            f"a program called {_show(clash[0])} is already in the database; "
            "rename the program in the file or import it into another database",
        )


def _check(session: Session, document: Any) -> _Checked:
    problems = _Problems()
    if not _check_header(document, problems):
        problems.raise_if_any()
    checked = _check_document(document, "", problems)
    _check_program(checked["program"], problems)
    index_of = _check_people(checked["people"], problems)
    _check_pairs(checked["pairs"], checked["people"], index_of, problems)
    for number, conflict in _records(checked["program_conflicts"]):
        _check_conflict(conflict, f"program_conflicts[{number}]", problems)
    _check_workshops(checked["workshops"], index_of, problems)
    # Then against the database: a free name, and no two people of the file who are one
    # person there (they would make a pair of someone with themselves, or attend twice).
    _check_program_name(session, checked["program"], problems)
    existing = _match_existing(session, checked["people"], problems)
    _check_pairing_rules(session, checked["pairs"], checked["people"], index_of, existing, problems)
    problems.raise_if_any()
    return _Checked(
        program=checked["program"],
        people=checked["people"],
        pairs=checked["pairs"],
        program_conflicts=checked["program_conflicts"],
        workshops=checked["workshops"],
        person_index=index_of,
        existing=existing,
    )
