"""The matching service: candidates, capacity and reporting lines read from the database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.domain.matching import Suggestion
from mentordesk.errors import NotFound
from mentordesk.services.matching import propose_cohort, suggest_mentors_for
from mentordesk.store.models import Person, Program
from tests.factories import make_pair, make_person, make_program


def mentor(session: Session, name: str, **fields: Any) -> Person:
    values: dict[str, Any] = {"can_mentor": True, "capacity": 2, "department": "Finance"}
    values.update(fields)
    return make_person(session, name=name, **values)


def by_name(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {suggestion.name: suggestion for suggestion in suggestions}


@pytest.fixture
def program(database: Any) -> int:
    with database.transaction() as session:
        return make_program(session).id


def test_ranked_by_shared_skills_then_another_department(database: Any, program: int) -> None:
    with database.transaction() as session:
        mentee = make_person(
            session, name="Mia", department="Platform", skills=["Python", "SQL", "Public speaking"]
        )
        mentor(session, "Ann", skills=["python", "sql"], department="Platform")
        mentor(session, "Ben", skills=["Python", "SQL "], department="Finance")
        mentor(session, "Cid", skills=["Python"], department="Finance")
        mentor(session, "Dee", skills=[], department="Platform")
        make_person(session, name="Eve", skills=["Python", "SQL"])  # cannot mentor
        mentee_id = mentee.id
    with database.transaction() as session:
        suggestions = suggest_mentors_for(session, mentee_id, program)
    assert [s.name for s in suggestions] == ["Ben", "Ann", "Cid", "Dee"]
    assert all(s.eligible for s in suggestions)
    assert [s.score for s in suggestions] == [2.5, 2.0, 1.5, 0.0]
    assert "Shares 2 skills or interests: Python, SQL." in by_name(suggestions)["Ben"].reasons


def test_current_pairs_count_against_capacity(database: Any, program: int) -> None:
    with database.transaction() as session:
        mentee = make_person(session, name="Mia")
        busy = mentor(session, "Busy", capacity=2)
        free = mentor(session, "Free", capacity=2)
        other_program = make_program(session)
        make_pair(session, other_program, mentor=busy, status="active")
        make_pair(session, other_program, mentor=busy, status="proposed")
        make_pair(session, other_program, mentor=free, status="completed")
        make_pair(session, other_program, mentor=free, status="ended_early")
        make_pair(session, other_program, mentor=free, status="active")
        mentee_id = mentee.id
    with database.transaction() as session:
        suggestions = by_name(suggest_mentors_for(session, mentee_id, program))
    assert suggestions["Busy"].excluded == "No capacity left: already mentors 2 of 2."
    assert suggestions["Free"].eligible
    assert "Room for 1 more mentee (1 of 2 taken)." in suggestions["Free"].reasons


def test_the_mentee_the_management_chain_and_leavers_are_excluded(
    database: Any, program: int
) -> None:
    with database.transaction() as session:
        top = mentor(session, "Top")
        boss = mentor(session, "Boss", manager_id=top.id)
        mentee = make_person(session, name="Mia", manager_id=boss.id, can_mentor=True, capacity=1)
        mentor(session, "Report", manager_id=mentee.id)
        mentor(session, "Peer", manager_id=boss.id)
        mentor(session, "Gone", active=False)
        mentee_id = mentee.id
    with database.transaction() as session:
        suggestions = suggest_mentors_for(session, mentee_id, program)
    excluded = {s.name: s.excluded for s in suggestions if not s.eligible}
    assert set(excluded) == {"Top", "Boss", "Mia", "Report", "Gone"}
    assert "management chain" in (excluded["Top"] or "")
    assert "management chain" in (excluded["Report"] or "")
    assert excluded["Gone"] == "Has left the organisation."
    assert [s.name for s in suggestions if s.eligible] == ["Peer"]
    # Eligible first, then the excluded ones in name order.
    assert [s.name for s in suggestions][1:] == ["Boss", "Gone", "Mia", "Report", "Top"]


def test_unknown_mentee_or_program(database: Any, program: int) -> None:
    with database.transaction() as session:
        mentee_id = make_person(session).id
    with database.transaction() as session:
        with pytest.raises(NotFound, match="mentee"):
            suggest_mentors_for(session, 4711, program)
        with pytest.raises(NotFound, match="program"):
            suggest_mentors_for(session, mentee_id, 4711)
        with pytest.raises(NotFound, match="program"):
            propose_cohort(session, 4711, [mentee_id])
        with pytest.raises(NotFound, match=r"1 of the chosen mentees .*4711"):
            propose_cohort(session, program, [mentee_id, 4711])


def test_a_cohort_gets_the_optimal_plan_not_the_greedy_one(database: Any, program: int) -> None:
    with database.transaction() as session:
        # Greedy, Mia first, would give Mia Xan (2 shared) and leave Noa without a
        # mentor, since Yul manages Noa. The optimum gives Mia Yul and Noa Xan.
        mia = make_person(session, name="Mia", skills=["a", "b"], department="Finance")
        noa = make_person(session, name="Noa", skills=["a", "b"], department="Finance")
        xan = mentor(session, "Xan", skills=["a", "b"], capacity=1)
        yul = mentor(session, "Yul", skills=["a"], capacity=1)
        noa.manager_id = yul.id
        session.flush()
        ids = (mia.id, noa.id, xan.id, yul.id)
    mia_id, noa_id, xan_id, yul_id = ids
    with database.transaction() as session:
        plan = propose_cohort(session, program, [mia_id, noa_id])
    assert plan == [(mia_id, yul_id), (noa_id, xan_id)]


def test_a_cohort_respects_the_places_left(database: Any, program: int) -> None:
    with database.transaction() as session:
        only = mentor(session, "Only", capacity=2, skills=["x"])
        make_pair(session, make_program(session), mentor=only, status="active")
        first = make_person(session, name="First", skills=["x"])
        second = make_person(session, name="Second")
        ids = (first.id, second.id, only.id)
    first_id, second_id, only_id = ids
    with database.transaction() as session:
        plan = propose_cohort(session, program, [second_id, first_id, second_id])
        assert propose_cohort(session, program, []) == []
    assert plan == [(second_id, None), (first_id, only_id)]


def test_nothing_is_saved(database: Any, program: int) -> None:
    with database.transaction() as session:
        mentee = make_person(session)
        mentor(session, "Ann")
        mentee_id = mentee.id
    with database.transaction() as session:
        propose_cohort(session, program, [mentee_id])
        suggest_mentors_for(session, mentee_id, program)
    with database.transaction() as session:
        assert session.get(Program, program) is not None
        assert session.scalar(select(func.count()).select_from(Person)) == 2
