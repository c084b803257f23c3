"""People: the directory of mentors and mentees, their reporting lines and their pairs.

Emails are kept in lower case and are unique when given, as are employee ids;
a manager can never be chosen so that the reporting lines go round in a circle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Subquery, func, or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.management import management_chain, would_create_cycle
from mentordesk.domain.vocabularies import MentorshipModel, PairStatus
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.services.common import AnySelect, like_pattern
from mentordesk.store.database import ensure_unchanged
from mentordesk.store.models import Attendance, Pair, Person, Program

MAX_NAME = 200
MAX_EMAIL = 320
MAX_EMPLOYEE_ID = 64
MAX_SHORT_TEXT = 200
MAX_TAG = 60
MAX_TAGS = 50
MIN_CAPACITY = 0
MAX_CAPACITY = 50
DEFAULT_MENTOR_CAPACITY = 1
"""How many mentees someone who can mentor takes on when the form leaves it open."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class PersonFields:
    """What the person form edits. ``capacity`` None means the default: one mentee for
    someone who can mentor, none otherwise. ``skills`` may be a list of tags or one
    comma-separated text."""

    name: str
    email: str | None = None
    employee_id: str | None = None
    department: str | None = None
    title: str | None = None
    manager_id: int | None = None
    location: str | None = None
    skills: tuple[str, ...] | list[str] | str = field(default_factory=tuple)
    can_mentor: bool = False
    capacity: int | None = None
    active: bool = True


@dataclass(frozen=True)
class PersonDetails:
    """One person, as the person form and page show them.

    ``active_mentees`` counts the active pairs in which they are the mentor,
    across programs, to set against ``capacity``.
    """

    id: int
    name: str
    email: str | None
    employee_id: str | None
    department: str | None
    title: str | None
    manager_id: int | None
    manager_name: str | None
    location: str | None
    skills: tuple[str, ...]
    can_mentor: bool
    capacity: int
    active: bool
    active_mentees: int
    version: int

    def fields(self) -> PersonFields:
        """The editable fields, to change one with ``dataclasses.replace`` and save."""
        return PersonFields(
            name=self.name,
            email=self.email,
            employee_id=self.employee_id,
            department=self.department,
            title=self.title,
            manager_id=self.manager_id,
            location=self.location,
            skills=self.skills,
            can_mentor=self.can_mentor,
            capacity=self.capacity,
            active=self.active,
        )


@dataclass(frozen=True)
class PersonRow:
    """One line of the people directory."""

    id: int
    name: str
    email: str | None
    employee_id: str | None
    department: str | None
    title: str | None
    manager_id: int | None
    manager_name: str | None
    location: str | None
    skills: tuple[str, ...]
    can_mentor: bool
    capacity: int
    active_mentees: int
    active: bool


@dataclass(frozen=True)
class PersonPair:
    """One pair a person belongs to, seen from that person (``as_mentor`` or as mentee)."""

    pair_id: int
    program_id: int
    program_name: str
    as_mentor: bool
    other_id: int
    other_name: str
    model: MentorshipModel
    status: PairStatus
    start_date: date
    planned_end: date | None


# --------------------------------------------------------------------------
# Cleaning what the form sends.


def normalise_tags(tags: Iterable[str] | str) -> list[str]:
    """Skills and interests as tags: trimmed, inner blanks collapsed, empty ones dropped,
    duplicates (ignoring case) dropped keeping the first spelling. A single text is
    split at commas."""
    pieces = tags.split(",") if isinstance(tags, str) else list(tags)
    result: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        tag = " ".join(str(piece).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise FieldProblem(
                "skills", f"The tag '{tag[:20]}…' is too long (at most {MAX_TAG} characters)."
            )
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            result.append(tag)
    if len(result) > MAX_TAGS:
        raise FieldProblem("skills", f"A person can have at most {MAX_TAGS} skill tags.")
    return result


def _optional(value: str | None, name: str, what: str, limit: int) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise FieldProblem(name, f"The {what} is too long (at most {limit} characters).")
    return text or None


def _name(value: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise FieldProblem("name", "Give the person's name.")
    if len(text) > MAX_NAME:
        raise FieldProblem("name", f"The name is too long (at most {MAX_NAME} characters).")
    return text


def _email(session: Session, value: str | None, person_id: int | None) -> str | None:
    email = _optional(value, "email", "email", MAX_EMAIL)
    if email is None:
        return None
    email = email.lower()
    if not _EMAIL.fullmatch(email):
        raise FieldProblem("email", f"'{email}' is not an email address.")
    query = select(Person.name).where(func.lower(Person.email) == email)
    if person_id is not None:
        query = query.where(Person.id != person_id)
    holder = session.scalar(query.limit(1))
    if holder is not None:
        raise FieldProblem("email", f"The email {email} is already used by {holder}.")
    return email


def _employee_id(session: Session, value: str | None, person_id: int | None) -> str | None:
    employee_id = _optional(value, "employee_id", "employee id", MAX_EMPLOYEE_ID)
    if employee_id is None:
        return None
    query = select(Person.name).where(func.lower(Person.employee_id) == employee_id.lower())
    if person_id is not None:
        query = query.where(Person.id != person_id)
    holder = session.scalar(query.limit(1))
    if holder is not None:
        raise FieldProblem(
            "employee_id", f"The employee id {employee_id} is already used by {holder}."
        )
    return employee_id


def _capacity(value: int | None, can_mentor: bool) -> int:
    if value is None:
        return DEFAULT_MENTOR_CAPACITY if can_mentor else 0
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_CAPACITY <= value <= MAX_CAPACITY
    ):
        raise FieldProblem(
            "capacity",
            f"The mentee capacity must be a whole number from {MIN_CAPACITY} to "
            f"{MAX_CAPACITY}, not {value!r}.",
        )
    return value


def _check_manager(
    session: Session, person_id: int | None, person_name: str, manager_id: int | None
) -> None:
    if manager_id is None:
        return
    manager = session.get(Person, manager_id)
    if manager is None:
        raise FieldProblem("manager", f"There is no person number {manager_id} to be the manager.")
    if person_id is None:
        return  # nobody reports to a person not yet saved, so no circle can close
    managers = managers_map(session)
    if not would_create_cycle(person_id, manager_id, managers):
        return
    if manager_id == person_id:
        raise FieldProblem("manager", f"{person_name} cannot be their own manager.")
    names = {row[0]: row[1] for row in session.execute(select(Person.id, Person.name))}
    names[person_id] = person_name
    chain = management_chain(manager_id, managers)
    path = [manager_id, *chain[: chain.index(person_id) + 1]]
    route = " → ".join(names[step] for step in path)
    raise FieldProblem(
        "manager",
        f"{person_name} cannot report to {manager.name}: {manager.name} already reports to "
        f"{person_name} ({route}).",
    )


def _apply(session: Session, person: Person, fields: PersonFields) -> None:
    name = _name(fields.name)
    email = _email(session, fields.email, person.id)
    employee_id = _employee_id(session, fields.employee_id, person.id)
    department = _optional(fields.department, "department", "department", MAX_SHORT_TEXT)
    title = _optional(fields.title, "title", "job title", MAX_SHORT_TEXT)
    location = _optional(fields.location, "location", "location", MAX_SHORT_TEXT)
    skills = normalise_tags(fields.skills)
    capacity = _capacity(fields.capacity, bool(fields.can_mentor))
    _check_manager(session, person.id, name, fields.manager_id)
    person.name = name
    person.email = email
    person.employee_id = employee_id
    person.department = department
    person.title = title
    person.location = location
    person.manager_id = fields.manager_id
    person.skills = skills
    person.can_mentor = bool(fields.can_mentor)
    person.capacity = capacity
    person.active = bool(fields.active)


# --------------------------------------------------------------------------
# Writing.


def add_person(session: Session, fields: PersonFields) -> PersonDetails:
    """Add someone to the directory.

    Refused with a FieldProblem naming the field: no name; an email that is not
    one or that someone else has; an employee id someone else has; an unknown
    manager; a capacity outside 0–50; an over-long text or tag.
    """
    person = Person()
    _apply(session, person, fields)
    session.add(person)
    session.flush()
    return get_person(session, person.id)


def update_person(
    session: Session, person_id: int, fields: PersonFields, *, expected_version: int | None = None
) -> PersonDetails:
    """Save the person form. Besides :func:`add_person`'s checks, a manager who
    (directly or further up) reports to this person is refused with a sentence
    naming the reporting line, since it would close a circle."""
    person = _load(session, person_id)
    ensure_unchanged(session, person, expected_version)
    _apply(session, person, fields)
    session.flush()
    return get_person(session, person.id)


# --------------------------------------------------------------------------
# Reading.


def delete_new_person(session: Session, person_id: int) -> None:
    """Take back someone added by mistake (the Undo of adding them).

    Refused once they are in a pair, manage someone or attended a workshop; to
    remove a person's data for good, erase them (:mod:`mentordesk.services.privacy`).
    """
    person = _load(session, person_id)
    ties = [
        words
        for query, words in (
            (
                select(Pair.id).where(
                    or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id)
                ),
                "is in a pair",
            ),
            (select(Person.id).where(Person.manager_id == person_id), "manages someone"),
            (select(Attendance.id).where(Attendance.person_id == person_id), "attended a workshop"),
        )
        if session.scalar(query.limit(1)) is not None
    ]
    if ties:
        raise MentorDeskError(
            f"{person.name} {' and '.join(ties)} now, so they stay in the directory."
        )
    session.delete(person)
    session.flush()


def _load(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person number {person_id}; they may have been removed.")
    return person


def _active_mentees() -> Subquery:
    """Active pairs per mentor, grouped once for the whole directory."""
    return (
        select(Pair.mentor_id.label("mentor_id"), func.count().label("mentees"))
        .where(Pair.status == PairStatus.ACTIVE.value)
        .group_by(Pair.mentor_id)
        .subquery()
    )


def _people_query() -> AnySelect:
    manager = aliased(Person)
    counts = _active_mentees()
    return (
        select(
            Person.id,
            Person.name,
            Person.email,
            Person.employee_id,
            Person.department,
            Person.title,
            Person.manager_id,
            manager.name,
            Person.location,
            Person.skills,
            Person.can_mentor,
            Person.capacity,
            func.coalesce(counts.c.mentees, 0),
            Person.active,
            Person.version,
        )
        .select_from(Person)
        .outerjoin(manager, manager.id == Person.manager_id)
        .outerjoin(counts, counts.c.mentor_id == Person.id)
    )


def get_person(session: Session, person_id: int) -> PersonDetails:
    """One person with their manager's name and how many active mentees they have."""
    row = session.execute(_people_query().where(Person.id == person_id)).first()
    if row is None:
        raise NotFound(f"There is no person number {person_id}; they may have been removed.")
    return PersonDetails(
        id=row[0],
        name=row[1],
        email=row[2],
        employee_id=row[3],
        department=row[4],
        title=row[5],
        manager_id=row[6],
        manager_name=row[7],
        location=row[8],
        skills=tuple(row[9] or ()),
        can_mentor=row[10],
        capacity=row[11],
        active_mentees=row[12],
        active=row[13],
        version=row[14],
    )


def person_by_email(session: Session, email: str) -> PersonDetails:
    """The person with this email (any case), or NotFound naming the email."""
    wanted = (email or "").strip().lower()
    person_id = session.scalar(select(Person.id).where(func.lower(Person.email) == wanted))
    if person_id is None:
        raise NotFound(f"Nobody in the directory has the email {wanted or '(empty)'}.")
    return get_person(session, person_id)


def directory(
    session: Session,
    search: str = "",
    *,
    include_left: bool = True,
    can_mentor: bool | None = None,
) -> list[PersonRow]:
    """The people directory ordered by name, in one query.

    ``search`` keeps people where every word appears, ignoring case, in their
    name, email or department. ``include_left`` False hides people who left;
    ``can_mentor`` True or False keeps only those who can (or cannot) mentor.
    """
    query = _people_query().order_by(Person.name, Person.id)
    for word in search.split():
        pattern = like_pattern(word)
        query = query.where(
            or_(
                Person.name.ilike(pattern, escape="\\"),
                Person.email.ilike(pattern, escape="\\"),
                Person.department.ilike(pattern, escape="\\"),
            )
        )
    if not include_left:
        query = query.where(Person.active.is_(True))
    if can_mentor is not None:
        query = query.where(Person.can_mentor.is_(can_mentor))
    return [
        PersonRow(
            id=row[0],
            name=row[1],
            email=row[2],
            employee_id=row[3],
            department=row[4],
            title=row[5],
            manager_id=row[6],
            manager_name=row[7],
            location=row[8],
            skills=tuple(row[9] or ()),
            can_mentor=row[10],
            capacity=row[11],
            active_mentees=row[12],
            active=row[13],
        )
        for row in session.connection().execute(query)
    ]


def person_pairs(session: Session, person_id: int) -> list[PersonPair]:
    """Every pair the person is in, as mentor or mentee, newest start first."""
    _load(session, person_id)
    other = aliased(Person)
    as_mentor = Pair.mentor_id == person_id
    query = (
        select(
            Pair.id,
            Program.id,
            Program.name,
            as_mentor,
            other.id,
            other.name,
            Pair.model,
            Pair.status,
            Pair.start_date,
            Pair.planned_end,
        )
        .select_from(Pair)
        .join(Program, Program.id == Pair.program_id)
        .join(
            other,
            or_(
                (other.id == Pair.mentee_id) & as_mentor,
                (other.id == Pair.mentor_id) & (Pair.mentee_id == person_id),
            ),
        )
        .where(or_(as_mentor, Pair.mentee_id == person_id))
        .order_by(Pair.start_date.desc(), Pair.id.desc())
    )
    return [
        PersonPair(
            pair_id=row[0],
            program_id=row[1],
            program_name=row[2],
            as_mentor=bool(row[3]),
            other_id=row[4],
            other_name=row[5],
            model=MentorshipModel(row[6]),
            status=PairStatus(row[7]),
            start_date=row[8],
            planned_end=row[9],
        )
        for row in session.execute(query)
    ]


def managers_map(session: Session) -> dict[int, int | None]:
    """Everyone's manager (person id → manager id or None), for management-chain checks."""
    return {row[0]: row[1] for row in session.execute(select(Person.id, Person.manager_id))}
