"""Cohort matching through the service: intake, the mentor pool from the database,
publishing all or nothing and taking it back, the plan's rows and a signed-off plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from mentordesk.domain.matching import Weights
from mentordesk.errors import MentorDeskError
from mentordesk.services import matching
from mentordesk.store.models import Pair, Person
from tests.factories import make_pair, make_person, make_program

START = date(2027, 3, 1)


@pytest.fixture
def company(database: Any) -> dict[str, int]:
    with database.transaction() as session:
        program = make_program(session, name="Spring 2027", default_model="informal")
        other = make_program(session, name="Autumn 2027")
        boss = make_person(session, name="Bea Boss", can_mentor=True, capacity=2, department="Ops")
        ids = {"program": program.id, "other": other.id, "boss": boss.id}
        for name, skills, department in (
            ("Max Mentor", ["python", "sql"], "Finance"),
            ("Noa Mentor", ["design"], "Sales"),
        ):
            ids[name.split()[0].lower()] = make_person(
                session, name=name, can_mentor=True, capacity=1, skills=skills,
                department=department, email=f"{name.split()[0].lower()}@corp.test",
            ).id  # fmt: skip
        for name, skills in (("Ada", ["python"]), ("Cy", ["design"]), ("Di", ["sql"])):
            ids[name.lower()] = make_person(
                session, name=name, skills=skills, department="Ops", manager_id=boss.id,
                email=f"{name.lower()}@corp.test", employee_id=f"E-{name}",
            ).id  # fmt: skip
        gone = make_person(session, name="Gone", active=False)
        ids["gone"] = gone.id
        paired = make_person(session, name="Paired")
        ids["paired"] = paired.id
        make_pair(session, program, session.get(Person, boss.id), paired, status="proposed")
    return ids


def test_intake_sets_aside_leavers_and_mentees_already_paired(database, company) -> None:
    with database.transaction() as session:
        chosen = matching.intake(
            session,
            company["program"],
            [company["ada"], company["gone"], company["paired"], company["ada"]],
        )
    assert chosen.mentee_ids == (company["ada"],)
    assert chosen.set_aside == (
        "Gone has left the company.",
        "Paired already has a proposed or active pair in Spring 2027 (with Bea Boss).",
    )


def test_people_are_found_by_email_or_employee_id(database, company) -> None:
    with database.transaction() as session:
        ids, unknown = matching.find_people(session, ["ADA@corp.test", "e-cy", "x@y.z", ""])
    assert ids == [company["ada"], company["cy"]]
    assert unknown == ["Nobody has the email or employee id 'x@y.z'."]


def test_the_plan_uses_the_pool_with_its_places_and_never_the_chain(database, company) -> None:
    with database.transaction() as session:
        chosen = matching.intake(
            session, company["program"], [company["ada"], company["cy"], company["di"]]
        )
        rules = matching.CohortRules(weights=Weights(skills=3))
        plan = matching.build_cohort(session, chosen, rules).solve()
    # Bea manages all three, Max and Noa have one place each: two matched.
    assert plan.matched == 2
    assert {p.mentor_name for p in plan.pairs} == {"Max Mentor", "Noa Mentor"}
    (left,) = plan.unmatched
    assert left.reason.startswith("The eligible mentors are full: ")


def test_publish_is_all_or_nothing_and_can_be_taken_back(database, company) -> None:
    with database.transaction() as session:
        before = session.scalar(select(func.count(Pair.id)))
    with pytest.raises(MentorDeskError, match="Nothing was published: pair 2 of the plan"):
        with database.transaction() as session:
            matching.publish_plan(
                session,
                company["program"],
                [(company["ada"], company["max"]), (company["cy"], company["max"])],
                start_date=START,
            )
    with database.transaction() as session:
        assert session.scalar(select(func.count(Pair.id))) == before
        created = matching.publish_plan(
            session,
            company["program"],
            [(company["ada"], company["max"]), (company["cy"], company["noa"])],
            start_date=START,
        )
    with database.transaction() as session:
        statuses = session.scalars(select(Pair.status).where(Pair.id.in_(created))).all()
        assert statuses == ["proposed", "proposed"]
        matching.take_back_plan(session, created)
    with database.transaction() as session:
        assert session.scalar(select(func.count(Pair.id))) == before


def test_plan_rows_and_a_signed_off_plan_come_back_as_ids(database, company) -> None:
    with database.transaction() as session:
        chosen = matching.intake(session, company["program"], [company["ada"], company["cy"]])
        plan = matching.build_cohort(session, chosen).solve()
        rows = matching.plan_rows(session, plan)
        assert [r.mentee_email for r in rows] == ["ada@corp.test", "cy@corp.test"]
        assert all(r.mentor_email for r in rows)
        pairs = [(r.mentee_email or "", r.mentor_email or "", n) for n, r in enumerate(rows)]
        assert matching.resolve_plan(session, pairs) == [
            (p.mentee_id, p.mentor_id) for p in plan.pairs
        ]
        with pytest.raises(MentorDeskError, match=r"line 7: nobody has .* 'who@corp\.test'"):
            matching.resolve_plan(session, [("ada@corp.test", "who@corp.test", 7)])


def test_waiting_for_a_mentor_means_never_paired_in_the_program(database, company) -> None:
    with database.transaction() as session:
        waiting = matching.waiting_for_a_mentor(session, company["program"])
    assert waiting == [company["ada"], company["cy"], company["di"]]


def test_prepare_cohort_names_unknown_people_and_an_empty_intake(database, company) -> None:
    with database.transaction() as session:
        with pytest.raises(MentorDeskError, match=r"Pairs to keep apart: Nobody has .* 'x@y'"):
            matching.prepare_cohort(
                session, company["program"], keep_apart=[("ada@corp.test", "x@y")]
            )
        with pytest.raises(MentorDeskError, match=r"nobody to pair in Spring 2027 \(1 set aside\)"):
            matching.prepare_cohort(session, company["program"], mentee_ids=[company["gone"]])
        chosen, cohort = matching.prepare_cohort(
            session,
            company["program"],
            references=["e-ada"],
            keep_apart=[("E-Ada", "max@corp.test")],
        )
    assert chosen.mentee_ids == (company["ada"],)
    assert cohort.keep_apart == {(company["ada"], company["max"])}


def test_places_taken_count_proposed_and_active_pairs(database, company) -> None:
    with database.transaction() as session:
        assert matching.places_taken(session) == {company["boss"]: 1}  # Paired's proposal
