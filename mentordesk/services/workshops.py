"""Workshops: plan them, take attendance, and see which pairs they count for.

DOMAIN.md: when a pair's mentor and mentee both attend a workshop of the
pair's program, it counts as a held activity of the workshop's kind for the
pair. It is stored once, as the workshop's attendance, and never copied into
the pair's activities; the rule that joins the two lives in
:func:`shared_workshops`, which the roster, the risk rules
and this module share so that every view credits the same pairs.

Attendance is taken in the room by ticking people, so :func:`set_attendance`
replaces a whole list with a handful of set-based statements and one audit
entry, however many people are ticked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import ActivityKind
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.services.common import ENDED_STATUSES, AnySelect
from mentordesk.store import audit
from mentordesk.store.database import ensure_unchanged
from mentordesk.store.models import Attendance, Pair, Person, Program, Workshop

_R = TypeVarTuple("_R")

MAX_TITLE = 300
"""The longest workshop title the database holds."""

MAX_DETAIL = 200
"""The longest place or facilitator's name the database holds."""


def shared_workshops() -> Select[int, int, date, str]:
    """Workshops that count as held activities of a pair: (pair id, workshop id, day, kind).

    DOMAIN.md: a workshop of the pair's program that both the mentor and the
    mentee attended counts as a held activity of the workshop's kind. It is
    stored once, under the workshop, and joined in here. Only workshops from
    the pair's start on count, and for an ended pair only those up to its
    (recorded) end: before and after, the two were not a pair.

    The query starts from the mentor's attendance (indexed by person), so it
    stays cheap however many workshops the program holds. Add a WHERE on
    ``Pair.id`` to narrow it.
    """
    mentor_at = aliased(Attendance)
    query = select(Pair.id, Workshop.id, Workshop.day, Workshop.kind).select_from(Pair)
    joined = query.join(mentor_at, mentor_at.person_id == Pair.mentor_id)
    return _through_shared_workshops(joined, mentor_at)


def last_shared_workshop_day() -> ScalarSelect[date]:
    """The day of the pair's latest shared workshop, correlated to the outer ``Pair``."""
    mentor_at = aliased(Attendance)
    query = select(func.max(Workshop.day)).select_from(mentor_at)
    return _through_shared_workshops(query, mentor_at).correlate(Pair).scalar_subquery()


def _through_shared_workshops(
    query: Select[*_R], mentor_at: type[Attendance]
) -> Select[*_R]:
    """Join, from the mentor's attendance, the workshops the mentee attended too, keeping
    only those that count for the pair (same program, within the pair's span)."""
    mentee_at = aliased(Attendance)
    ended = [status.value for status in ENDED_STATUSES]
    return (
        query.join(Workshop, Workshop.id == mentor_at.workshop_id)
        .join(
            mentee_at,
            and_(mentee_at.workshop_id == Workshop.id, mentee_at.person_id == Pair.mentee_id),
        )
        .where(
            mentor_at.person_id == Pair.mentor_id,
            Workshop.program_id == Pair.program_id,
            Workshop.day >= Pair.start_date,
            or_(
                Pair.status.not_in(ended),
                Pair.planned_end.is_(None),
                Workshop.day <= Pair.planned_end,
            ),
        )
    )


@dataclass(frozen=True)
class WorkshopRow:
    """A workshop with its attendance counted: people present, pairs it counts for."""

    id: int
    program_id: int
    day: date
    title: str
    kind: ActivityKind
    attendees: int
    pairs_credited: int
    version: int
    start_time: time | None = None
    place: str = ""
    facilitator: str = ""

    @property
    def details(self) -> WorkshopDetails:
        return WorkshopDetails(self.start_time, self.place, self.facilitator)


@dataclass(frozen=True)
class WorkshopDetails:
    """When it starts, where, and who leads it (each optional)."""

    start_time: time | None = None
    place: str = ""
    facilitator: str = ""


@dataclass(frozen=True)
class Attendee:
    """A person who attended a workshop."""

    person_id: int
    name: str
    department: str | None
    email: str | None
    active: bool


@dataclass(frozen=True)
class AttendanceMark:
    """One line of the attendance sheet: a person, and whether they are ticked."""

    person_id: int
    name: str
    department: str | None
    active: bool
    attending: bool


@dataclass(frozen=True)
class CreditedPair:
    """A pair whose mentor and mentee both attended a workshop: a held activity for the pair."""

    pair_id: int
    workshop_id: int
    day: date
    title: str
    kind: ActivityKind
    mentor_id: int
    mentor_name: str
    mentee_id: int
    mentee_name: str

    @property
    def pair_label(self) -> str:
        return f"{self.mentor_name} → {self.mentee_name}"


@dataclass(frozen=True)
class AttendanceSummary:
    """A program's workshops in a period, with their attendance added up.

    ``attendances`` counts every (workshop, person) tick; ``people`` the
    different people who attended at least one. ``credits`` counts every
    (workshop, pair) held activity; ``pairs_credited`` the different pairs
    credited at least once.
    """

    program_id: int
    start: date | None
    end: date | None
    workshops: int
    attendances: int
    people: int
    credits: int
    pairs_credited: int


# --------------------------------------------------------------------------- helpers


def _workshop(session: Session, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(f"There is no workshop number {workshop_id} (it may have been deleted).")
    return workshop


def _program(session: Session, program_id: int) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"There is no program number {program_id} (it may have been deleted).")
    return program


def _title(value: str) -> str:
    title = value.strip()
    if not title:
        raise FieldProblem("title", "The workshop needs a title.")
    if len(title) > MAX_TITLE:
        raise FieldProblem(
            "title", f"The title is {len(title):,} characters long; at most {MAX_TITLE} fit."
        )
    return title


def _kind(value: ActivityKind | str) -> ActivityKind:
    try:
        return ActivityKind(value)
    except ValueError:
        allowed = ", ".join(kind.label for kind in ActivityKind)
        raise FieldProblem(
            "kind", f"'{value}' is not an activity kind; choose one of: {allowed}."
        ) from None


def _day(program: Program, day: date) -> date:
    if day < program.start_date:
        raise FieldProblem(
            "day",
            f"{program.name} starts on {program.start_date.isoformat()}; "
            f"a workshop cannot be held before, on {day.isoformat()}.",
        )
    if program.end_date is not None and day > program.end_date:
        raise FieldProblem(
            "day",
            f"{program.name} ends on {program.end_date.isoformat()}; "
            f"a workshop cannot be held after, on {day.isoformat()}.",
        )
    return day


def _credits(conditions: Iterable[ColumnElement[bool]] = ()) -> Any:
    """The (pair, workshop) held activities meeting ``conditions`` (on Workshop or Pair),
    as a subquery with named columns."""
    shared = shared_workshops().where(*conditions).subquery("shared")
    # shared_workshops() selects (pair id, workshop id, day, kind) in that order.
    pair_id, workshop_id = shared.c[0], shared.c[1]
    return select(pair_id.label("pair_id"), workshop_id.label("workshop_id")).subquery("credit")


def _rows_query(conditions: Iterable[ColumnElement[bool]]) -> AnySelect:
    attendance = (
        select(Attendance.workshop_id, func.count().label("count"))
        .group_by(Attendance.workshop_id)
        .subquery("attendance_count")
    )
    conditions = list(conditions)
    credit = _credits(conditions)
    credits = (
        select(credit.c.workshop_id, func.count().label("count"))
        .group_by(credit.c.workshop_id)
        .subquery("credit_count")
    )
    return (
        select(
            Workshop.id,
            Workshop.program_id,
            Workshop.day,
            Workshop.title,
            Workshop.kind,
            Workshop.start_time,
            Workshop.place,
            Workshop.facilitator,
            func.coalesce(attendance.c.count, 0).label("attendees"),
            func.coalesce(credits.c.count, 0).label("pairs_credited"),
            Workshop.version,
        )
        .outerjoin(attendance, attendance.c.workshop_id == Workshop.id)
        .outerjoin(credits, credits.c.workshop_id == Workshop.id)
        .where(*conditions)
        .order_by(Workshop.day, Workshop.id)
    )


def _row(record: Any) -> WorkshopRow:
    return WorkshopRow(
        id=record.id,
        program_id=record.program_id,
        day=record.day,
        title=record.title,
        kind=ActivityKind(record.kind),
        start_time=record.start_time,
        place=record.place or "",
        facilitator=record.facilitator or "",
        attendees=record.attendees,
        pairs_credited=record.pairs_credited,
        version=record.version,
    )


def _period(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    if start is not None and end is not None and end < start:
        raise FieldProblem("end", "The period ends before it starts.")
    conditions = []
    if start is not None:
        conditions.append(Workshop.day >= start)
    if end is not None:
        conditions.append(Workshop.day <= end)
    return conditions


# --------------------------------------------------------------------------- planning


def plan_workshop(
    session: Session,
    program_id: int,
    day: date,
    title: str,
    kind: ActivityKind | str = ActivityKind.WORKSHOP,
    details: WorkshopDetails | None = None,
) -> WorkshopRow:
    """Plan a workshop of a program on a day within the program's dates (with its
    time, place and facilitator when given)."""
    program = _program(session, program_id)
    workshop = Workshop(
        program_id=program_id,
        day=_day(program, day),
        title=_title(title),
        kind=_kind(kind).value,
    )
    _set_details(workshop, details or WorkshopDetails())
    session.add(workshop)
    session.flush()
    return get_workshop(session, workshop.id)


def update_workshop(
    session: Session,
    workshop_id: int,
    *,
    day: date | None = None,
    title: str | None = None,
    kind: ActivityKind | str | None = None,
    details: WorkshopDetails | None = None,
    expected_version: int | None = None,
) -> WorkshopRow:
    """Change a workshop's date, title, kind or details (time, place, facilitator);
    arguments left as None stay as they are.

    Moving the date changes which pairs it counts for (only pairs that had
    started by then are credited).
    """
    workshop = _workshop(session, workshop_id)
    ensure_unchanged(session, workshop, expected_version)
    if day is not None:
        workshop.day = _day(_program(session, workshop.program_id), day)
    if title is not None:
        workshop.title = _title(title)
    if kind is not None:
        workshop.kind = _kind(kind).value
    if details is not None:
        _set_details(workshop, details)
    session.flush()
    return get_workshop(session, workshop_id)


def _one_line(value: str, field: str, what: str) -> str | None:
    text = " ".join(value.split())
    if len(text) > MAX_DETAIL:
        raise FieldProblem(
            field, f"The {what} is {len(text):,} characters long; at most {MAX_DETAIL} fit."
        )
    return text or None


def _set_details(workshop: Workshop, details: WorkshopDetails) -> None:
    workshop.start_time = (
        details.start_time.replace(second=0, microsecond=0) if details.start_time else None
    )
    workshop.place = _one_line(details.place, "place", "place")
    workshop.facilitator = _one_line(details.facilitator, "facilitator", "facilitator's name")


def delete_workshop(
    session: Session, workshop_id: int, *, expected_version: int | None = None
) -> None:
    """Delete a workshop and its attendance (the pairs lose the activity it counted as)."""
    workshop = _workshop(session, workshop_id)
    ensure_unchanged(session, workshop, expected_version)
    # Attendance goes with it (ON DELETE CASCADE); the workshop's audit entry covers it.
    session.delete(workshop)
    session.flush()


def get_workshop(session: Session, workshop_id: int) -> WorkshopRow:
    """One workshop with its attendance counted."""
    _workshop(session, workshop_id)
    return _row(session.execute(_rows_query([Workshop.id == workshop_id])).one())


def list_workshops(
    session: Session, program_id: int, start: date | None = None, end: date | None = None
) -> list[WorkshopRow]:
    """A program's workshops from ``start`` to ``end`` (both included), in date order,
    each with the number of attendees and of pairs it counts for."""
    _program(session, program_id)
    conditions = [Workshop.program_id == program_id, *_period(start, end)]
    return [_row(record) for record in session.execute(_rows_query(conditions))]


# --------------------------------------------------------------------------- attendance


def set_attendance(session: Session, workshop_id: int, person_ids: Collection[int]) -> WorkshopRow:
    """Make ``person_ids`` the workshop's attendees: the ones missing are added, the others
    removed, each in one statement. Every id must be a person in the database.

    One audit entry records how many were added and removed.
    """
    workshop = _workshop(session, workshop_id)
    wanted = set(person_ids)
    known = (
        set(session.scalars(select(Person.id).where(Person.id.in_(wanted)))) if wanted else set()
    )
    unknown = sorted(wanted - known)
    if unknown:
        numbers = ", ".join(str(number) for number in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise NotFound(
            f"Attendance not saved: there is no person number {numbers}{more} "
            "(they may have been deleted)."
        )
    present = set(
        session.scalars(select(Attendance.person_id).where(Attendance.workshop_id == workshop_id))
    )
    added, removed = wanted - present, present - wanted
    if removed:
        session.execute(
            delete(Attendance).where(
                Attendance.workshop_id == workshop_id, Attendance.person_id.in_(removed)
            )
        )
    if added:
        session.execute(
            insert(Attendance),
            [{"workshop_id": workshop_id, "person_id": person} for person in sorted(added)],
        )
    if added or removed:
        audit.record(
            session,
            "change",
            "workshop",
            workshop_id,
            f"Attendance taken: {len(added)} added, {len(removed)} removed, "
            f"{len(wanted)} attending.",
            ["attendees"],
        )
        session.flush()
        session.expire(workshop, ["attendees"])
    return get_workshop(session, workshop_id)


def toggle_attendance(session: Session, workshop_id: int, person_id: int) -> bool:
    """Tick or untick one person; True when they now attend."""
    _workshop(session, workshop_id)
    if session.get(Person, person_id) is None:
        raise NotFound(f"There is no person number {person_id} (they may have been deleted).")
    existing = session.scalars(
        select(Attendance).where(
            Attendance.workshop_id == workshop_id, Attendance.person_id == person_id
        )
    ).first()
    if existing is not None:
        session.delete(existing)
        session.flush()
        return False
    session.add(Attendance(workshop_id=workshop_id, person_id=person_id))
    session.flush()
    return True


def attendees(session: Session, workshop_id: int) -> list[Attendee]:
    """The people who attended, by name."""
    _workshop(session, workshop_id)
    records = session.execute(
        select(Person.id, Person.name, Person.department, Person.email, Person.active)
        .join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.workshop_id == workshop_id)
        .order_by(Person.name, Person.id)
    )
    return [Attendee(*record) for record in records]


def attendance_sheet(
    session: Session, workshop_id: int, *, include_left: bool = False
) -> list[AttendanceMark]:
    """Everyone who could be ticked, by name, with whether they are ticked.

    People who left the company are listed only when ``include_left`` is set,
    or when they are already ticked (so an old workshop's list stays whole).
    """
    _workshop(session, workshop_id)
    ticked = (
        select(Attendance.person_id).where(Attendance.workshop_id == workshop_id).subquery("ticked")
    )
    query = (
        select(
            Person.id,
            Person.name,
            Person.department,
            Person.active,
            ticked.c.person_id.is_not(None),
        )
        .outerjoin(ticked, ticked.c.person_id == Person.id)
        .order_by(Person.name, Person.id)
    )
    if not include_left:
        query = query.where(or_(Person.active.is_(True), ticked.c.person_id.is_not(None)))
    return [
        AttendanceMark(person_id, name, department, bool(active), bool(attending))
        for person_id, name, department, active, attending in session.execute(query)
    ]


# --------------------------------------------------------------------------- pairs credited


def workshop_credits(
    session: Session,
    program_id: int | None = None,
    *,
    pair_ids: Collection[int] | None = None,
    workshop_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[CreditedPair]:
    """Every held activity that workshops give pairs, in date order, then by names.

    Narrow it to a program, to some pairs (a pair's timeline), to one workshop,
    or to the workshops from ``start`` to ``end``.
    """
    conditions = _period(start, end)
    if program_id is not None:
        conditions.append(Workshop.program_id == program_id)
    if pair_ids is not None:
        conditions.append(Pair.id.in_(set(pair_ids)))
    if workshop_id is not None:
        conditions.append(Workshop.id == workshop_id)
    credit = _credits(conditions)
    mentor = aliased(Person, name="mentor")
    mentee = aliased(Person, name="mentee")
    query = (
        select(
            Pair.id,
            Workshop.id,
            Workshop.day,
            Workshop.title,
            Workshop.kind,
            mentor.id,
            mentor.name,
            mentee.id,
            mentee.name,
        )
        .select_from(credit)
        .join(Pair, Pair.id == credit.c.pair_id)
        .join(Workshop, Workshop.id == credit.c.workshop_id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .order_by(Workshop.day, Workshop.id, mentor.name, mentee.name, Pair.id)
    )
    return [
        CreditedPair(
            pair_id=pair_id,
            workshop_id=workshop,
            day=day,
            title=title,
            kind=ActivityKind(kind),
            mentor_id=mentor_id,
            mentor_name=mentor_name,
            mentee_id=mentee_id,
            mentee_name=mentee_name,
        )
        for (
            pair_id,
            workshop,
            day,
            title,
            kind,
            mentor_id,
            mentor_name,
            mentee_id,
            mentee_name,
        ) in session.execute(query)
    ]


def pairs_credited(session: Session, workshop_id: int) -> list[CreditedPair]:
    """The pairs whose mentor and mentee both attended the workshop, by names.

    For each of them the workshop counts as a held activity of its kind (only
    pairs of the workshop's program that had started by its day, and had not
    ended before it).
    """
    _workshop(session, workshop_id)
    return workshop_credits(session, workshop_id=workshop_id)


def attendance_summary(
    session: Session, program_id: int, start: date | None = None, end: date | None = None
) -> AttendanceSummary:
    """A program's workshops from ``start`` to ``end`` with attendance added up, in SQL."""
    _program(session, program_id)
    conditions = [Workshop.program_id == program_id, *_period(start, end)]
    workshops = session.scalar(select(func.count()).select_from(Workshop).where(*conditions))
    attendances, people = session.execute(
        select(func.count(), func.count(func.distinct(Attendance.person_id)))
        .select_from(Attendance)
        .join(Workshop, Workshop.id == Attendance.workshop_id)
        .where(*conditions)
    ).one()
    credit = _credits(conditions)
    credits, pairs = session.execute(
        select(func.count(), func.count(func.distinct(credit.c.pair_id))).select_from(credit)
    ).one()
    return AttendanceSummary(
        program_id=program_id,
        start=start,
        end=end,
        workshops=workshops or 0,
        attendances=attendances,
        people=people,
        credits=credits,
        pairs_credited=pairs,
    )
