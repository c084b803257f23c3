"""Mentoring pairs: creating, editing and ending them, their goals, and the roster.

The pairing rules of DOMAIN.md live in :mod:`mentordesk.domain.pairs`; this
module gathers what they need (places taken, the mentee's other pair, the
reporting lines) and asks them. A mentor in the mentee's management chain (or
the other way round) needs a written disclosure, which is recorded as a
conflict of kind ``conflict_of_interest`` with the pair; the risk rules still
flag the pair, so the coordinator keeps an eye on it.

The roster is built with a few set-based queries so that it stays quick on a
program of ten thousand pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import TypeVar

from sqlalchemy import ARRAY, ColumnElement, Integer, any_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.pairs import (
    TAKING_A_PLACE,
    PairPerson,
    becomes_placed,
    chain_relation,
    own_mentor_problem,
    pair_problems,
)
from mentordesk.domain.scoring import TrustThresholds, trust_level
from mentordesk.domain.vocabularies import (
    ActivityOutcome,
    ConflictKind,
    GoalStatus,
    MentorshipModel,
    PairStatus,
    Severity,
    TrustLevel,
)
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.services.common import (
    ENDED_STATUSES,
    MAX_CADENCE_DAYS,
    MIN_CADENCE_DAYS,
    AnySelect,
    clean_text,
    latest_mentee_score,
    like_pattern,
    load_pair,
    parse_code,
)
from mentordesk.services.workshops import last_shared_workshop_day
from mentordesk.store.database import ensure_unchanged, lock_rows
from mentordesk.store.models import (
    Activity,
    Assessment,
    Conflict,
    EthicsReview,
    Goal,
    Pair,
    PairReview,
    Person,
    Program,
)

MAX_EXPECTATIONS = 20_000
MAX_GOAL_TEXT = 2_000
MAX_END_REASON = 4_000




# --------------------------------------------------------------------------
# Plain results.


@dataclass(frozen=True)
class PersonBrief:
    """One of the two people of a pair, as the pair's pages show them."""

    id: int
    name: str
    email: str | None
    department: str | None
    title: str | None
    active: bool


@dataclass(frozen=True)
class GoalRow:
    """One goal of a pair."""

    id: int
    pair_id: int
    text: str
    target: date | None
    status: GoalStatus
    version: int


@dataclass(frozen=True)
class PairFields:
    """The editable fields of a pair, as the edit form holds them (see :func:`update_pair`)."""

    model: MentorshipModel
    status: PairStatus
    start_date: date
    planned_end: date | None = None
    expectations: str = ""
    cadence_days: int | None = None


@dataclass(frozen=True)
class PairDetails:
    """Everything about one pair that its page shows at the top.

    ``cadence_days`` is the pair's own override (None when it follows the
    program); ``effective_cadence_days`` is the one the rules use.
    """

    id: int
    program_id: int
    program_name: str
    mentor: PersonBrief
    mentee: PersonBrief
    model: MentorshipModel
    status: PairStatus
    start_date: date
    planned_end: date | None
    agreement_signed: date | None
    expectations: str
    cadence_days: int | None
    program_cadence_days: int
    effective_cadence_days: int
    end_reason: str | None
    goals: tuple[GoalRow, ...]
    thresholds: TrustThresholds
    version: int

    @property
    def agreement_expected(self) -> bool:
        """A formal pair is expected to have a signed mentoring agreement."""
        return self.model.expects_agreement

    def fields(self) -> PairFields:
        """The editable fields, to change one with ``dataclasses.replace`` and save."""
        return PairFields(
            model=self.model,
            status=self.status,
            start_date=self.start_date,
            planned_end=self.planned_end,
            expectations=self.expectations,
            cadence_days=self.cadence_days,
        )


_T = TypeVar("_T")


class _Shared:
    """One object per distinct value: ``one(value)`` gives back the first equal value seen."""

    def __init__(self) -> None:
        self._values: dict[object, object] = {}

    def __call__(self, value: _T) -> _T:
        return self._values.setdefault(value, value)  # type: ignore[return-value]


# Slots: a roster holds one row per pair, and at 100,000 pairs an instance dictionary
# per row costs more than the row's own values.
@dataclass(frozen=True, slots=True)
class RosterRow:
    """One line of the roster.

    ``last_held`` is the day of the latest held activity, workshops both
    attended included; ``trust_score`` is the overall score of the latest
    scored mentee assessment and ``trust_level`` its level by the program's
    thresholds (both None before the first assessment).
    """

    pair_id: int
    program_id: int
    program_name: str
    mentor_id: int
    mentor_name: str
    mentor_email: str | None
    mentor_department: str | None
    mentee_id: int
    mentee_name: str
    mentee_email: str | None
    mentee_department: str | None
    model: MentorshipModel
    status: PairStatus
    start_date: date
    planned_end: date | None
    agreement_signed: date | None
    cadence_days: int
    last_held: date | None
    trust_score: float | None
    trust_level: TrustLevel | None


# --------------------------------------------------------------------------
# Creating, editing and ending pairs.


def _load_person(session: Session, person_id: int, field: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise FieldProblem(field, f"There is no person number {person_id}.")
    return person


def _load_program(session: Session, program_id: int) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"There is no program number {program_id}; it may have been deleted.")
    return program


def _person_for_rules(person: Person) -> PairPerson[int]:
    return PairPerson(
        key=person.id,
        name=person.name,
        can_mentor=bool(person.can_mentor),
        active=bool(person.active),
        capacity=person.capacity or 0,
    )


def reporting_lines(session: Session, *people: int) -> dict[int, int | None]:
    """The reporting lines above ``people`` (person → manager), walked up level by level:
    a query per level, whatever the size of the company."""
    managers: dict[int, int | None] = {}
    wanted = set(people)
    while wanted:
        query = select(Person.id, Person.manager_id).where(Person.id.in_(sorted(wanted)))
        found: dict[int, int | None] = {
            person_id: manager_id for person_id, manager_id in session.execute(query)
        }
        managers.update(found)
        wanted = {m for m in found.values() if m is not None and m not in managers}
    return managers


def _has_disclosure(session: Session, pair_id: int | None) -> bool:
    if pair_id is None:
        return False
    query = select(Conflict.id).where(
        Conflict.pair_id == pair_id, Conflict.kind == ConflictKind.CONFLICT_OF_INTEREST.value
    )
    return session.scalar(query.limit(1)) is not None


def _check_pair_rules(
    session: Session,
    program: Program,
    mentor: Person,
    mentee: Person,
    status: PairStatus,
    *,
    before: PairStatus | None,
    pair_id: int | None,
    disclosure: str,
) -> str | None:
    """Ask the pairing rules (``domain.pairs``); raise the first problem as a FieldProblem.
    Returns the management-chain sentence when the pair needs its disclosure recorded."""
    if not becomes_placed(status, before):
        problem = own_mentor_problem(_person_for_rules(mentor), _person_for_rules(mentee))
        if problem is not None:
            raise FieldProblem(problem.field, problem.sentence)
        return None
    # Two coordinators saving at once: the second waits here until the first is saved,
    # then counts with it (the database's unique index backs the one-pair rule too).
    lock_rows(session, Person, (mentor.id, mentee.id))
    places = select(func.count(Pair.id)).where(
        Pair.mentor_id == mentor.id, Pair.status.in_([s.value for s in TAKING_A_PLACE])
    )
    other = (
        select(Person.name)
        .select_from(Pair)
        .join(Person, Person.id == Pair.mentor_id)
        .where(
            Pair.program_id == program.id,
            Pair.mentee_id == mentee.id,
            Pair.status.in_([s.value for s in TAKING_A_PLACE]),
        )
        .order_by(Pair.id)
        .limit(1)
    )
    if pair_id is not None:
        places = places.where(Pair.id != pair_id)
        other = other.where(Pair.id != pair_id)
    other_mentor = session.scalar(other)
    managers = reporting_lines(session, mentor.id, mentee.id)
    written = bool(disclosure.strip())
    problems = pair_problems(
        _person_for_rules(mentor),
        _person_for_rules(mentee),
        status,
        before=before,
        places_taken=session.scalar(places) or 0,
        other_pair_with=None if other_mentor is None else f"with {other_mentor}",
        managers=managers,
        disclosed=written or _has_disclosure(session, pair_id),
        program=program.name,
    )
    if problems:
        raise FieldProblem(problems[0].field, problems[0].sentence)
    if not written:
        return None
    return chain_relation(_person_for_rules(mentor), _person_for_rules(mentee), managers)


def chain_between(session: Session, mentor_id: int, mentee_id: int) -> str | None:
    """How the two are linked by reporting lines ("Ana García manages José Müller's
    manager"), or None when neither is in the other's management chain."""
    people = {
        person.id: _person_for_rules(person)
        for person in session.scalars(select(Person).where(Person.id.in_([mentor_id, mentee_id])))
    }
    if mentor_id not in people or mentee_id not in people or mentor_id == mentee_id:
        return None
    managers = reporting_lines(session, mentor_id, mentee_id)
    return chain_relation(people[mentor_id], people[mentee_id], managers)


def has_disclosure(session: Session, pair_id: int) -> bool:
    """Whether a conflict of interest is recorded for the pair (its written disclosure)."""
    return _has_disclosure(session, pair_id)


def _record_disclosure(session: Session, pair: Pair, program: Program, disclosure: str) -> None:
    """The written disclosure of a management-chain pairing, as a conflict of interest
    opened today (not before the program starts) with the disclosure as its text."""
    from mentordesk.services.conflicts import open_conflict

    text = clean_text(disclosure, "disclosure", "disclosure", MAX_EXPECTATIONS)
    open_conflict(
        session,
        program.id,
        pair.id,
        max(date.today(), program.start_date),
        ConflictKind.CONFLICT_OF_INTEREST,
        Severity.LOW,
        text,
    )


def _check_dates(start: date, planned_end: date | None) -> None:
    if planned_end is not None and planned_end < start:
        raise FieldProblem(
            "planned_end",
            f"The planned end ({planned_end.isoformat()}) is before the start "
            f"({start.isoformat()}).",
        )


def _check_cadence(cadence_days: int | None) -> None:
    if cadence_days is None:
        return
    if (
        isinstance(cadence_days, bool)
        or not isinstance(cadence_days, int)
        or not MIN_CADENCE_DAYS <= cadence_days <= MAX_CADENCE_DAYS
    ):
        raise FieldProblem(
            "cadence_days",
            f"The check-in cadence must be a whole number of days from {MIN_CADENCE_DAYS} "
            f"to {MAX_CADENCE_DAYS}, not {cadence_days!r}.",
        )


def create_pair(
    session: Session,
    *,
    program_id: int,
    mentor_id: int,
    mentee_id: int,
    start_date: date,
    model: MentorshipModel | str | None = None,
    status: PairStatus | str = PairStatus.ACTIVE,
    planned_end: date | None = None,
    expectations: str = "",
    cadence_days: int | None = None,
    disclosure: str = "",
) -> PairDetails:
    """Create a pair, ``active`` or ``proposed`` (a suggestion still to be confirmed).

    ``model`` defaults to the program's default model; ``cadence_days`` is an
    override of the program's cadence (None follows the program). Refused with
    a FieldProblem when a pairing rule (``domain.pairs``) is broken: a person as
    their own mentor, a mentor who cannot mentor, has left or has no place left,
    a mentee who has left or already has a proposed or active pair in the
    program, a mentor in either's management chain without a written
    ``disclosure``; also a planned end before the start, a cadence outside 1–365.
    A disclosure given for a management-chain pair is recorded as a conflict of
    kind ``conflict_of_interest`` of the new pair.
    """
    program = _load_program(session, program_id)
    mentor = _load_person(session, mentor_id, "mentor")
    mentee = _load_person(session, mentee_id, "mentee")
    chosen_model = parse_code(
        MentorshipModel, model if model is not None else program.default_model, "model", "model"
    )
    chosen_status = parse_code(PairStatus, status, "status", "status")
    if chosen_status not in (PairStatus.ACTIVE, PairStatus.PROPOSED):
        raise FieldProblem("status", "A new pair is either active or proposed.")
    relation = _check_pair_rules(
        session, program, mentor, mentee, chosen_status, before=None, pair_id=None,
        disclosure=disclosure,
    )
    _check_dates(start_date, planned_end)
    _check_cadence(cadence_days)
    pair = Pair(
        program_id=program.id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        model=chosen_model.value,
        status=chosen_status.value,
        start_date=start_date,
        planned_end=planned_end,
        expectations=clean_text(expectations, "expectations", "expectations", MAX_EXPECTATIONS),
        cadence_days=cadence_days,
    )
    session.add(pair)
    session.flush()
    if relation is not None:
        _record_disclosure(session, pair, program, disclosure)
    return pair_details(session, pair.id)


#: What may be recorded for a pair, each with the words for it.
_PAIR_RECORDS = (
    (Goal, "goals"),
    (Activity, "activities"),
    (Assessment, "assessments"),
    (Conflict, "conflicts"),
    (EthicsReview, "ethics reviews"),
    (PairReview, "reviews"),
)


def delete_new_pair(session: Session, pair_id: int) -> None:
    """Take back a pair created by mistake (the Undo of creating it).

    Refused once anything is recorded for the pair: its history belongs to the
    program, and ending the pair is the way to take it back then. The disclosure
    recorded with a management-chain pair (a conflict of interest with no step
    yet) belongs to its creation and goes with it.
    """
    pair = load_pair(session, pair_id)
    disclosures = select(Conflict.id).where(
        Conflict.pair_id == pair_id,
        Conflict.kind == ConflictKind.CONFLICT_OF_INTEREST.value,
        ~Conflict.steps.any(),
    )
    recorded = [
        words
        for record, words in _PAIR_RECORDS
        if session.scalar(
            select(record.id)
            .where(record.pair_id == pair_id, record.id.not_in(disclosures))
            .limit(1)
            if record is Conflict
            else select(record.id).where(record.pair_id == pair_id).limit(1)
        )
    ]
    if recorded:
        raise MentorDeskError(
            f"{pair.mentor.name} – {pair.mentee.name} has {' and '.join(recorded)} recorded "
            "now, so the pair stays; end it instead."
        )
    session.delete(pair)
    session.flush()


def update_pair(
    session: Session,
    pair_id: int,
    fields: PairFields,
    *,
    expected_version: int | None = None,
    disclosure: str = "",
) -> PairDetails:
    """Save the pair's editable fields (model, status, dates, expectations, cadence).

    Completing a pair or ending it early goes through :func:`end_pair`, which
    records the end date and reason. Taking an ended pair back (to proposed,
    active or paused) clears its end reason. Becoming proposed or active checks
    the pairing rules again (``domain.pairs``); a management-chain pair with no
    conflict of interest recorded yet then needs ``disclosure``, recorded as one.
    """
    pair = load_pair(session, pair_id)
    ensure_unchanged(session, pair, expected_version)
    model = parse_code(MentorshipModel, fields.model, "model", "model")
    status = parse_code(PairStatus, fields.status, "status", "status")
    current = PairStatus(pair.status)
    if status in ENDED_STATUSES and status is not current:
        raise FieldProblem(
            "status",
            "Use End pair to complete a pair or end it early: it records the end date "
            "and the reason.",
        )
    relation = _check_pair_rules(
        session, pair.program, pair.mentor, pair.mentee, status, before=current,
        pair_id=pair.id, disclosure=disclosure,
    )
    if relation is None and disclosure.strip() and not _has_disclosure(session, pair.id):
        # A pair already placed, disclosed only now (the edit form asks for it).
        relation = chain_between(session, pair.mentor_id, pair.mentee_id)
    _check_dates(fields.start_date, fields.planned_end)
    _check_cadence(fields.cadence_days)
    pair.model = model.value
    pair.status = status.value
    pair.start_date = fields.start_date
    pair.planned_end = fields.planned_end
    pair.expectations = clean_text(
        fields.expectations, "expectations", "expectations", MAX_EXPECTATIONS
    )
    pair.cadence_days = fields.cadence_days
    if status not in ENDED_STATUSES:
        pair.end_reason = None
    session.flush()
    if relation is not None:
        _record_disclosure(session, pair, pair.program, disclosure)
    return pair_details(session, pair.id)


def end_pair(
    session: Session,
    pair_id: int,
    *,
    status: PairStatus | str = PairStatus.COMPLETED,
    reason: str = "",
    end_date: date | None = None,
    expected_version: int | None = None,
) -> PairDetails:
    """End a pair: ``completed``, or ``ended_early`` with the reason (required).

    ``end_date`` (default today) must not be before the start; it is recorded
    as the planned end when the pair had none, so the pair's span stays known.
    """
    pair = load_pair(session, pair_id)
    ensure_unchanged(session, pair, expected_version)
    ending = parse_code(PairStatus, status, "status", "status")
    if ending not in ENDED_STATUSES:
        raise FieldProblem("status", "A pair ends either completed or ended early.")
    current = PairStatus(pair.status)
    if current in ENDED_STATUSES:
        raise MentorDeskError(f"This pair has already ended ({current.label.lower()}).")
    text = clean_text(reason, "end_reason", "end reason", MAX_END_REASON)
    if ending is PairStatus.ENDED_EARLY and not text:
        raise FieldProblem("end_reason", "Say why the pair ended early.")
    day = end_date or date.today()
    if day < pair.start_date:
        raise FieldProblem(
            "end_date",
            f"The end date ({day.isoformat()}) is before the pair started "
            f"({pair.start_date.isoformat()}).",
        )
    pair.status = ending.value
    pair.end_reason = text or None
    if pair.planned_end is None:
        pair.planned_end = day
    session.flush()
    return pair_details(session, pair.id)


def sign_agreement(
    session: Session, pair_id: int, signed_on: date | None, *, expected_version: int | None = None
) -> PairDetails:
    """Record the day the mentoring agreement was signed (None takes the signature back)."""
    pair = load_pair(session, pair_id)
    ensure_unchanged(session, pair, expected_version)
    pair.agreement_signed = signed_on
    session.flush()
    return pair_details(session, pair.id)


# --------------------------------------------------------------------------
# Goals.


def _goal_row(goal: Goal) -> GoalRow:
    return GoalRow(
        id=goal.id,
        pair_id=goal.pair_id,
        text=goal.text,
        target=goal.target,
        status=GoalStatus(goal.status),
        version=goal.version,
    )


def _goal_text(text: str) -> str:
    cleaned = clean_text(text, "text", "goal", MAX_GOAL_TEXT)
    if not cleaned:
        raise FieldProblem("text", "Write what the goal is.")
    return cleaned


def add_goal(session: Session, pair_id: int, text: str, target: date | None = None) -> GoalRow:
    """Add an open goal at the end of the pair's list."""
    pair = load_pair(session, pair_id)
    position = session.scalar(
        select(func.coalesce(func.max(Goal.position) + 1, 0)).where(Goal.pair_id == pair.id)
    )
    goal = Goal(
        pair_id=pair.id,
        position=position or 0,
        text=_goal_text(text),
        target=target,
        status=GoalStatus.OPEN.value,
    )
    session.add(goal)
    session.flush()
    return _goal_row(goal)


def _load_goal(session: Session, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound(f"There is no goal number {goal_id}; it may have been deleted.")
    return goal


def update_goal(
    session: Session,
    goal_id: int,
    *,
    text: str,
    target: date | None,
    status: GoalStatus | str,
    expected_version: int | None = None,
) -> GoalRow:
    """Save a goal's text, target date and status (open, achieved, dropped)."""
    goal = _load_goal(session, goal_id)
    ensure_unchanged(session, goal, expected_version)
    goal.text = _goal_text(text)
    goal.target = target
    goal.status = parse_code(GoalStatus, status, "status", "goal status").value
    session.flush()
    return _goal_row(goal)


def delete_goal(session: Session, goal_id: int) -> None:
    """Delete a goal (one written by mistake; a goal given up is better marked dropped)."""
    session.delete(_load_goal(session, goal_id))
    session.flush()


def list_goals(session: Session, pair_id: int) -> list[GoalRow]:
    """The pair's goals in their order."""
    load_pair(session, pair_id)
    goals = session.scalars(
        select(Goal).where(Goal.pair_id == pair_id).order_by(Goal.position, Goal.id)
    )
    return [_goal_row(goal) for goal in goals]


# --------------------------------------------------------------------------
# Reading pairs.


def _brief(person: Person) -> PersonBrief:
    return PersonBrief(
        id=person.id,
        name=person.name,
        email=person.email,
        department=person.department,
        title=person.title,
        active=person.active,
    )


def pair_details(session: Session, pair_id: int) -> PairDetails:
    """The pair with its people, model, dates, agreement, expectations, goals and cadence."""
    pair = load_pair(session, pair_id)
    program = pair.program
    return PairDetails(
        id=pair.id,
        program_id=program.id,
        program_name=program.name,
        mentor=_brief(pair.mentor),
        mentee=_brief(pair.mentee),
        model=MentorshipModel(pair.model),
        status=PairStatus(pair.status),
        start_date=pair.start_date,
        planned_end=pair.planned_end,
        agreement_signed=pair.agreement_signed,
        expectations=pair.expectations or "",
        cadence_days=pair.cadence_days,
        program_cadence_days=program.cadence_days,
        effective_cadence_days=pair.cadence_days or program.cadence_days,
        end_reason=pair.end_reason,
        goals=tuple(list_goals(session, pair.id)),
        thresholds=TrustThresholds(high=program.threshold_high, medium=program.threshold_medium),
        version=pair.version,
    )


@cache
def _roster_query() -> tuple[AnySelect, type[Person], type[Person]]:
    """The roster's query before any filter, with its mentor and mentee aliases to filter
    on. Built once: building it cost as much as reading a page of 128 pairs on a server."""
    mentor = aliased(Person)
    mentee = aliased(Person)
    last_activity = (
        select(func.max(Activity.day))
        .where(Activity.pair_id == Pair.id, Activity.outcome == ActivityOutcome.HELD.value)
        .correlate(Pair)
        .scalar_subquery()
    )
    latest_score = latest_mentee_score()
    query = (
        select(
            Pair.id,
            Program.id,
            Program.name,
            mentor.id,
            mentor.name,
            mentor.email,
            mentor.department,
            mentee.id,
            mentee.name,
            mentee.email,
            mentee.department,
            Pair.model,
            Pair.status,
            Pair.start_date,
            Pair.planned_end,
            Pair.agreement_signed,
            func.coalesce(Pair.cadence_days, Program.cadence_days),
            last_activity,
            last_shared_workshop_day(),
            latest_score,
            Program.threshold_high,
            Program.threshold_medium,
        )
        .select_from(Pair)
        .join(Program, Program.id == Pair.program_id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .order_by(mentor.name, mentee.name, Pair.id)
    )
    return query, mentor, mentee


def _pair_among(session: Session, pair_ids: list[int]) -> ColumnElement[bool]:
    """The pair is one of ``pair_ids``. On PostgreSQL one array parameter: a list of a
    page's 128 ids, one parameter each, cost more to send and plan than the rows to read."""
    if session.get_bind().dialect.name == "postgresql":
        return Pair.id == any_(bindparam(None, pair_ids, type_=ARRAY(Integer)))
    return Pair.id.in_(pair_ids)


def roster_rows(
    session: Session,
    program_id: int | None,
    search: str = "",
    *,
    statuses: Iterable[PairStatus | str] | None = None,
    models: Iterable[MentorshipModel | str] | None = None,
    pair_ids: Iterable[int] | None = None,
) -> list[RosterRow]:
    """The roster: one row per pair, in one query, ordered by mentor then mentee.

    ``program_id`` None lists every program. ``search`` keeps pairs where every
    word appears (case-insensitively) in the mentor's or the mentee's name,
    email or department. ``statuses``, ``models`` and ``pair_ids`` narrow it
    further. Last held activity, latest mentee score and level come from
    correlated subqueries on indexed columns, so no per-pair queries are made.
    """
    query, mentor, mentee = _roster_query()
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    if statuses is not None:
        codes = [parse_code(PairStatus, s, "status", "status").value for s in statuses]
        query = query.where(Pair.status.in_(codes))
    if models is not None:
        codes = [parse_code(MentorshipModel, m, "model", "model").value for m in models]
        query = query.where(Pair.model.in_(codes))
    if pair_ids is not None:
        query = query.where(_pair_among(session, list(pair_ids)))
    for word in search.split():
        pattern = like_pattern(word)
        query = query.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (
                        mentor.name,
                        mentor.email,
                        mentor.department,
                        mentee.name,
                        mentee.email,
                        mentee.department,
                    )
                )
            )
        )
    # Scores are stored rounded, so few distinct (score, thresholds) pairs occur:
    # memoising the level keeps ten thousand rows from paying for Decimal rounding.
    thresholds: dict[tuple[float, float], TrustThresholds] = {}
    levels: dict[tuple[float | None, float, float], TrustLevel | None] = {}
    models = {member.value: member for member in MentorshipModel}
    statuses_by_code = {member.value: member for member in PairStatus}
    rows: list[RosterRow] = []
    # Departments, program names and days repeat from row to row: one object for each
    # value, not one per row (a large roster holds far fewer values than rows).
    one = _Shared()
    # Core execution: plain tuples, without the ORM's per-row bookkeeping.
    for row in session.connection().execute(query):
        (
            pair_id,
            program_id_,
            program_name,
            mentor_id,
            mentor_name,
            mentor_email,
            mentor_department,
            mentee_id,
            mentee_name,
            mentee_email,
            mentee_department,
            model,
            status,
            start,
            planned_end,
            agreement_signed,
            cadence,
            held_day,
            workshop_day,
            score,
            high,
            medium,
        ) = row
        level_key = (score, high, medium)
        if level_key not in levels:
            if (high, medium) not in thresholds:
                thresholds[high, medium] = TrustThresholds(high=high, medium=medium)
            levels[level_key] = trust_level(score, thresholds[high, medium])
        held_days = [day for day in (held_day, workshop_day) if day is not None]
        rows.append(
            RosterRow(
                pair_id=pair_id,
                program_id=program_id_,
                program_name=one(program_name),
                mentor_id=mentor_id,
                mentor_name=mentor_name,
                mentor_email=mentor_email,
                mentor_department=one(mentor_department),
                mentee_id=mentee_id,
                mentee_name=mentee_name,
                mentee_email=mentee_email,
                mentee_department=one(mentee_department),
                model=models[model],
                status=statuses_by_code[status],
                start_date=one(start),
                planned_end=one(planned_end),
                agreement_signed=one(agreement_signed),
                cadence_days=cadence,
                last_held=one(max(held_days)) if held_days else None,
                trust_score=score,
                trust_level=levels[level_key],
            )
        )
    return rows


def restore_pair(session: Session, wanted: PairDetails) -> PairDetails:
    """Put a pair back as ``wanted`` describes it (undo of an edit or of an end)."""
    current = pair_details(session, wanted.id)
    fields = wanted.fields()
    if wanted.status in ENDED_STATUSES:
        # An end is recorded by end_pair (reason, end date); the rest by update_pair.
        update_pair(session, wanted.id, replace(fields, status=current.status))
        if current.status not in ENDED_STATUSES:
            end_pair(
                session,
                wanted.id,
                status=wanted.status,
                reason=wanted.end_reason or "",
                end_date=wanted.planned_end,
            )
        return pair_details(session, wanted.id)
    return update_pair(session, wanted.id, fields)
