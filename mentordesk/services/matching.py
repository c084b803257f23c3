"""Finding mentors: suggestions for one mentee, and an optimal plan for a whole cohort.

The rules and the scoring live in :mod:`mentordesk.domain.matching`; this
service reads who may mentor, how many mentees each already has and the
reporting lines, in three queries whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.domain.matching import (
    MenteeProfile,
    MentorCandidate,
    Suggestion,
    assign_cohort,
    suggest_mentors,
)
from mentordesk.domain.vocabularies import PairStatus
from mentordesk.errors import NotFound
from mentordesk.store.models import Pair, Person, Program

TAKING_A_PLACE = (PairStatus.ACTIVE.value, PairStatus.PROPOSED.value)
"""Pair statuses that use one of the mentor's places: running pairs and proposed ones."""

__all__ = ["Suggestion", "propose_cohort", "suggest_mentors_for"]


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


def _mentees(session: Session, mentee_ids: list[int]) -> list[MenteeProfile]:
    """The mentees' profiles, in the order asked for."""
    query = select(Person.id, Person.name, Person.department, Person.skills).where(
        Person.id.in_(mentee_ids)
    )
    found = {
        person_id: MenteeProfile(
            person_id=person_id,
            name=name,
            department=department,
            skills=frozenset(skills or ()),
        )
        for person_id, name, department, skills in session.execute(query)
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


def _candidates(session: Session) -> list[MentorCandidate]:
    """Everyone who can mentor, with the places their current pairs take."""
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
        )
        for person_id, name, department, skills, active, capacity, mentees in session.execute(query)
    ]


def _managers(session: Session) -> dict[int, int | None]:
    """The reporting lines, person → manager, for the management-chain rule."""
    query = select(Person.id, Person.manager_id).where(Person.manager_id.is_not(None))
    return {person_id: manager_id for person_id, manager_id in session.execute(query)}
