"""Finding mentors: suggestions for one mentee, and an optimal plan for a whole cohort.

The rules and the scoring live in :mod:`mentordesk.domain.matching` and
:mod:`mentordesk.domain.cohort`; this service reads who may mentor, how many
mentees each already has and the reporting lines, in three queries whatever
the number of people, and publishes a reviewed plan as proposed pairs.

A cohort's intake is the mentees to pair (chosen people, the people waiting
for a mentor, or a list of emails and employee ids); those who already have a
proposed or active pair in the program, or have left, are set aside with a
sentence. The mentor pool is everyone who can mentor and is still with the
company; their proposed and active pairs, in every program, use their places.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mentordesk.domain.cohort import Cohort, CohortPlan, CohortProblem
from mentordesk.domain.management import management_chain
from mentordesk.domain.matching import (
    DEFAULT_WEIGHTS,
    MenteeProfile,
    MentorCandidate,
    Suggestion,
    Weights,
    assign_cohort,
    suggest_mentors,
)
from mentordesk.domain.pairs import TAKING_A_PLACE as PLACED
from mentordesk.domain.vocabularies import PairStatus
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.store.models import Pair, Person, Program

TAKING_A_PLACE = tuple(sorted(status.value for status in PLACED))
"""Pair statuses that use one of the mentor's places: running pairs and proposed ones."""

__all__ = [
    "CohortRules",
    "Intake",
    "Suggestion",
    "build_cohort",
    "find_people",
    "intake",
    "prepare_cohort",
    "propose_cohort",
    "publish_plan",
    "suggest_mentors_for",
    "take_back_plan",
    "waiting_for_a_mentor",
]


def suggest_mentors_for(session: Session, mentee_id: int, program_id: int) -> list[Suggestion]:
    """Every possible mentor for the mentee in the program: eligible ones best first,
    then the excluded ones, each with the reasons (and the reason why not).

    Candidates are the people marked as able to mentor. Their active and
    proposed pairs as mentor, in any program, count against their capacity.
    The mentee themself and anyone in either one's management chain are never
    eligible. Raises NotFound for an unknown mentee or program.
    """
    _check_program(session, program_id)
    mentee = _mentees(session, [mentee_id])[0]
    return suggest_mentors(mentee, _candidates(session), _managers(session))


def propose_cohort(
    session: Session, program_id: int, mentee_ids: Sequence[int]
) -> list[tuple[int, int | None]]:
    """A mentor for each mentee of a cohort: the optimal assignment, not a greedy one.

    As many mentees as possible get a mentor, and among those plans the one
    with the best total match is chosen; no mentor gets more mentees than the
    places they have left. Returns ``(mentee id, mentor id or None)`` in the
    order given (a mentee listed twice is planned once). Nothing is saved: the
    coordinator reviews the plan and creates the pairs. Raises NotFound for an
    unknown program or mentee.
    """
    _check_program(session, program_id)
    unique = list(dict.fromkeys(int(mentee_id) for mentee_id in mentee_ids))
    if not unique:
        return []
    mentees = _mentees(session, unique)
    return assign_cohort(mentees, _candidates(session), _managers(session))


def _check_program(session: Session, program_id: int) -> None:
    if session.get(Program, program_id) is None:
        raise NotFound("That program no longer exists; it may have been deleted elsewhere.")


def _mentees(
    session: Session, mentee_ids: list[int], levels: dict[int, int] | None = None
) -> list[MenteeProfile]:
    """The mentees' profiles, in the order asked for."""
    levels = levels or {}
    query = select(Person.id, Person.name, Person.department, Person.skills, Person.location).where(
        Person.id.in_(mentee_ids)
    )
    found = {
        person_id: MenteeProfile(
            person_id=person_id,
            name=name,
            department=department,
            skills=frozenset(skills or ()),
            location=location,
            level=levels.get(person_id),
        )
        for person_id, name, department, skills, location in session.execute(query)
    }
    missing = [mentee_id for mentee_id in mentee_ids if mentee_id not in found]
    if missing:
        if len(mentee_ids) == 1:
            raise NotFound("That mentee no longer exists; they may have been removed elsewhere.")
        raise NotFound(
            f"{len(missing)} of the chosen mentees no longer exist "
            f"(ids {', '.join(map(str, missing))}); reload the list and choose again."
        )
    return [found[mentee_id] for mentee_id in mentee_ids]


def _candidates(session: Session, levels: dict[int, int] | None = None) -> list[MentorCandidate]:
    """Everyone who can mentor, with the places their current pairs take."""
    levels = levels or {}
    taken = (
        select(Pair.mentor_id, func.count(Pair.id).label("mentees"))
        .where(Pair.status.in_(TAKING_A_PLACE))
        .group_by(Pair.mentor_id)
        .subquery()
    )
    query = (
        select(
            Person.id,
            Person.name,
            Person.department,
            Person.skills,
            Person.active,
            Person.capacity,
            func.coalesce(taken.c.mentees, 0),
            Person.location,
        )
        .outerjoin(taken, taken.c.mentor_id == Person.id)
        .where(Person.can_mentor.is_(True))
        .order_by(Person.name, Person.id)
    )
    return [
        MentorCandidate(
            person_id=person_id,
            name=name,
            department=department,
            skills=frozenset(skills or ()),
            can_mentor=True,
            active=bool(active),
            capacity=capacity,
            current_mentees=int(mentees),
            location=location,
            level=levels.get(person_id),
        )
        for (
            person_id,
            name,
            department,
            skills,
            active,
            capacity,
            mentees,
            location,
        ) in session.execute(query)
    ]


def _managers(session: Session) -> dict[int, int | None]:
    """The reporting lines, person → manager, for the management-chain rule."""
    query = select(Person.id, Person.manager_id).where(Person.manager_id.is_not(None))
    return {person_id: manager_id for person_id, manager_id in session.execute(query)}


# --------------------------------------------------------------------------- cohorts


@dataclass(frozen=True)
class CohortRules:
    """What the coordinator set for a cohort: the weights and the optional rules.

    ``keep_apart`` holds (mentee id, mentor id) pairs never to be proposed.
    """

    weights: Weights = DEFAULT_WEIGHTS
    other_department_only: bool = False
    keep_apart: frozenset[tuple[int, int]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Intake:
    """The mentees of a cohort, checked: those to plan, and those set aside with why."""

    program_id: int
    program_name: str
    model: str
    mentee_ids: tuple[int, ...]
    set_aside: tuple[str, ...] = ()


def _program(session: Session, program_id: int) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound("That program no longer exists; it may have been deleted elsewhere.")
    return program


def _by_reference(session: Session, references: Iterable[str]) -> dict[str, int]:
    """Person ids by email or employee id, keyed in lower case."""
    folded = sorted({r.strip().casefold() for r in references if r and r.strip()})
    found: dict[str, int] = {}
    for start in range(0, len(folded), 500):
        chunk = folded[start : start + 500]
        query = select(Person.id, Person.email, Person.employee_id).where(
            or_(func.lower(Person.email).in_(chunk), func.lower(Person.employee_id).in_(chunk))
        )
        for person_id, email, employee_id in session.execute(query):
            for key in (email, employee_id):
                if key:
                    found.setdefault(key.casefold(), person_id)
    return found


def find_people(session: Session, references: Iterable[str]) -> tuple[list[int], list[str]]:
    """People by email or employee id (case aside), in the order given, each once.

    Returns the ids found and, for each reference that matches nobody, a
    sentence naming it.
    """
    wanted = [r.strip() for r in references if r and r.strip()]
    found = _by_reference(session, wanted)
    ids: list[int] = []
    problems: list[str] = []
    for reference in wanted:
        person_id = found.get(reference.casefold())
        if person_id is None:
            problems.append(f"Nobody has the email or employee id '{reference}'.")
        elif person_id not in ids:
            ids.append(person_id)
    return ids, problems


def waiting_for_a_mentor(session: Session, program_id: int) -> list[int]:
    """The people waiting for a mentor in the program: still with the company, not able
    to mentor themselves, with no pair in the program that is proposed, active or
    paused, and who have had no pair at all in it (a mentee whose pair ended is not
    waiting). In name order."""
    _program(session, program_id)
    paired = select(Pair.mentee_id).where(Pair.program_id == program_id)
    query = (
        select(Person.id)
        .where(
            Person.active.is_(True),
            Person.can_mentor.is_(False),
            Person.id.not_in(paired),
            Person.id.not_in(select(Pair.mentor_id).where(Pair.program_id == program_id)),
        )
        .order_by(Person.name, Person.id)
    )
    return list(session.scalars(query))


def intake(session: Session, program_id: int, mentee_ids: Iterable[int]) -> Intake:
    """The cohort to plan from the chosen people: each once, in the order given.

    Set aside, each with a sentence: people who have left, and people who
    already have a proposed or active pair in the program (a mentee has at
    most one). Raises NotFound for an unknown program or person.
    """
    program = _program(session, program_id)
    unique = list(dict.fromkeys(int(mentee_id) for mentee_id in mentee_ids))
    if not unique:
        return Intake(program.id, program.name, program.default_model, ())
    people = {
        person_id: (name, active)
        for person_id, name, active in session.execute(
            select(Person.id, Person.name, Person.active).where(Person.id.in_(unique))
        )
    }
    missing = [person_id for person_id in unique if person_id not in people]
    if missing:
        raise NotFound(
            f"{len(missing)} of the chosen people no longer exist; reload the list and "
            "choose again."
        )
    placed = {
        mentee_id: mentor
        for mentee_id, mentor in session.execute(
            select(Pair.mentee_id, Person.name)
            .join(Person, Person.id == Pair.mentor_id)
            .where(
                Pair.program_id == program.id,
                Pair.mentee_id.in_(unique),
                Pair.status.in_(TAKING_A_PLACE),
            )
        )
    }
    keep: list[int] = []
    aside: list[str] = []
    for person_id in unique:
        name, active = people[person_id]
        if not active:
            aside.append(f"{name} has left the company.")
        elif person_id in placed:
            aside.append(
                f"{name} already has a proposed or active pair in {program.name} "
                f"(with {placed[person_id]})."
            )
        else:
            keep.append(person_id)
    return Intake(program.id, program.name, program.default_model, tuple(keep), tuple(aside))


def build_cohort(session: Session, chosen: Intake, rules: CohortRules | None = None) -> Cohort:
    """The cohort ready to plan: the intake's mentees, the mentor pool with the places
    they have left, the reporting lines, the weights and the rules, and the program's
    model (for the model criterion). Solve it with ``Cohort.solve``."""
    rules = rules or CohortRules()
    managers = _managers(session)
    levels: dict[int, int] = {}

    def level(person_id: int) -> int:
        if person_id not in levels:
            levels[person_id] = len(management_chain(person_id, managers))
        return levels[person_id]

    mentee_ids = list(chosen.mentee_ids)
    for person_id in mentee_ids:
        level(person_id)
    pool = _candidates(session)
    for candidate in pool:
        level(candidate.person_id)
    mentees = _mentees(session, mentee_ids, levels) if mentee_ids else []
    mentors = [replace(c, level=levels.get(c.person_id)) for c in pool if c.active]
    return Cohort(
        mentees,
        mentors,
        managers,
        rules.weights,
        model=chosen.model,
        other_department_only=rules.other_department_only,
        keep_apart=rules.keep_apart,
    )


def publish_plan(
    session: Session,
    program_id: int,
    pairs: Sequence[tuple[int, int]],
    *,
    start_date: date,
) -> list[int]:
    """Create the plan's pairs as *proposed*, all or nothing: the pairing rules are
    checked for each (``roster.create_pair``), and the first pair refused raises a
    MentorDeskError naming it, so the caller's transaction saves none. Returns the new
    pairs' ids in the plan's order."""
    from mentordesk.services import roster

    program = _program(session, program_id)
    if not pairs:
        raise MentorDeskError("The plan has no pairs to publish.")
    created: list[int] = []
    for number, (mentee_id, mentor_id) in enumerate(pairs, start=1):
        try:
            details = roster.create_pair(
                session,
                program_id=program.id,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                start_date=start_date,
                status=PairStatus.PROPOSED,
            )
        except FieldProblem as problem:
            names = dict(
                session.execute(
                    select(Person.id, Person.name).where(Person.id.in_([mentee_id, mentor_id]))
                ).all()
            )
            raise MentorDeskError(
                f"Nothing was published: pair {number} of the plan "
                f"({names.get(mentor_id, mentor_id)} → {names.get(mentee_id, mentee_id)}) "
                f"is refused. {problem}"
            ) from None
        created.append(details.id)
    return created


def take_back_plan(session: Session, pair_ids: Sequence[int]) -> None:
    """Undo a publication: delete the pairs it created (refused, with a sentence, once
    anything is recorded for one of them)."""
    from mentordesk.services import roster

    for pair_id in pair_ids:
        roster.delete_new_pair(session, pair_id)


def plan_problem(error: CohortProblem) -> MentorDeskError:
    """A lock or swap the rules refuse, as the error the window and command line show."""
    return MentorDeskError(str(error))


@dataclass(frozen=True)
class PlanRow:
    """One line of a plan as a file shows it: a proposed pair, or an unmatched mentee
    (no mentor, and the reason)."""

    mentee: str
    mentee_email: str | None
    mentee_employee_id: str | None
    mentor: str | None
    mentor_email: str | None
    mentor_employee_id: str | None
    score: float | None
    reasons: tuple[str, ...]
    unmatched_reason: str | None = None


def plan_rows(session: Session, plan: CohortPlan) -> list[PlanRow]:
    """The plan's pairs, then its unmatched mentees, with the emails and employee ids a
    signed-off file is read back by."""
    ids = {p.mentee_id for p in plan.pairs} | {p.mentor_id for p in plan.pairs}
    ids |= {u.mentee_id for u in plan.unmatched}
    contact: dict[int, tuple[str | None, str | None]] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        query = select(Person.id, Person.email, Person.employee_id).where(
            Person.id.in_(ordered[start : start + 500])
        )
        for person_id, email, employee_id in session.execute(query):
            contact[person_id] = (email, employee_id)
    rows = [
        PlanRow(
            mentee=p.mentee_name,
            mentee_email=contact.get(p.mentee_id, (None, None))[0],
            mentee_employee_id=contact.get(p.mentee_id, (None, None))[1],
            mentor=p.mentor_name,
            mentor_email=contact.get(p.mentor_id, (None, None))[0],
            mentor_employee_id=contact.get(p.mentor_id, (None, None))[1],
            score=p.score,
            reasons=p.reasons,
        )
        for p in plan.pairs
    ]
    rows += [
        PlanRow(
            mentee=u.mentee_name,
            mentee_email=contact.get(u.mentee_id, (None, None))[0],
            mentee_employee_id=contact.get(u.mentee_id, (None, None))[1],
            mentor=None,
            mentor_email=None,
            mentor_employee_id=None,
            score=None,
            reasons=(),
            unmatched_reason=u.reason,
        )
        for u in plan.unmatched
    ]
    return rows


def resolve_plan(session: Session, pairs: Sequence[tuple[str, str, int]]) -> list[tuple[int, int]]:
    """A signed-off plan's pairs, given as (mentee reference, mentor reference, line) with
    references being emails or employee ids, as (mentee id, mentor id). Raises
    MentorDeskError listing every reference that matches nobody, by line."""
    found = _by_reference(session, [r for mentee, mentor, _ in pairs for r in (mentee, mentor)])
    problems = [
        f"line {line}: nobody has the email or employee id '{reference}'"
        for mentee, mentor, line in pairs
        for reference in (mentee, mentor)
        if reference.strip().casefold() not in found
    ]
    if problems:
        more = "" if len(problems) <= 10 else f"; and {len(problems) - 10} more"
        raise MentorDeskError(
            "The plan names people who are not in the database: "
            + "; ".join(problems[:10])
            + more
            + "."
        )
    return [
        (found[mentee.strip().casefold()], found[mentor.strip().casefold()])
        for mentee, mentor, _ in pairs
    ]


def prepare_cohort(
    session: Session,
    program_id: int,
    *,
    mentee_ids: Sequence[int] | None = None,
    references: Sequence[str] | None = None,
    keep_apart: Sequence[tuple[str, str]] = (),
    weights: Weights = DEFAULT_WEIGHTS,
    other_department_only: bool = False,
) -> tuple[Intake, Cohort]:
    """The intake and the cohort ready to solve, as the window and the command line ask.

    The mentees are ``mentee_ids``, else the people of ``references`` (emails or
    employee ids), else everyone waiting for a mentor in the program. ``keep_apart``
    holds (mentee, mentor) references never to pair. Raises MentorDeskError naming
    references that match nobody, or when nobody is left to pair.
    """
    if mentee_ids is not None:
        ids = list(mentee_ids)
    elif references is not None:
        ids, unknown = find_people(session, references)
        if unknown:
            raise MentorDeskError(_first_ten(unknown))
    else:
        ids = waiting_for_a_mentor(session, program_id)
    apart: set[tuple[int, int]] = set()
    if keep_apart:
        found = _by_reference(session, [r for pair in keep_apart for r in pair])
        unknown = [
            f"Nobody has the email or employee id '{reference}'."
            for pair in keep_apart
            for reference in pair
            if reference.strip().casefold() not in found
        ]
        if unknown:
            raise MentorDeskError("Pairs to keep apart: " + _first_ten(unknown))
        apart = {(found[a.strip().casefold()], found[b.strip().casefold()]) for a, b in keep_apart}
    chosen = intake(session, program_id, ids)
    if not chosen.mentee_ids:
        aside = f" ({len(chosen.set_aside)} set aside)" if chosen.set_aside else ""
        raise MentorDeskError(f"There is nobody to pair in {chosen.program_name}{aside}.")
    rules = CohortRules(
        weights=weights, other_department_only=other_department_only, keep_apart=frozenset(apart)
    )
    return chosen, build_cohort(session, chosen, rules)


def _first_ten(sentences: Sequence[str]) -> str:
    more = f" And {len(sentences) - 10} more." if len(sentences) > 10 else ""
    return " ".join(sentences[:10]) + more


def places_taken(session: Session) -> dict[int, int]:
    """Per mentor, the places their proposed and active pairs take, in every program (the
    count the pairing rules set against capacity)."""
    query = (
        select(Pair.mentor_id, func.count(Pair.id))
        .where(Pair.status.in_(TAKING_A_PLACE))
        .group_by(Pair.mentor_id)
    )
    return {mentor_id: int(count) for mentor_id, count in session.execute(query)}
