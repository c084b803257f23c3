"""Programs: settings, uniqueness, finding by name, listing, and the plan to sustain trust."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import func, select

from mentordesk.domain.scoring import TrustThresholds
from mentordesk.domain.vocabularies import MentorshipModel, ProactiveStep
from mentordesk.errors import ChangedElsewhere, FieldProblem, NotFound
from mentordesk.services import programs
from mentordesk.services.programs import PlanItem, ProgramFields
from mentordesk.store.models import PlanEntry, Program
from tests.factories import make_pair

START = date(2027, 1, 4)


def create(database, **values: object) -> programs.ProgramDetails:
    values.setdefault("name", "Spring 2027")
    values.setdefault("start_date", START)
    with database.transaction() as session:
        return programs.create_program(session, ProgramFields(**values))  # type: ignore[arg-type]


def refused(database, **values: object) -> FieldProblem:
    with pytest.raises(FieldProblem) as caught:
        create(database, **values)
    return caught.value


def test_a_new_program_has_the_domain_defaults(database) -> None:
    program = create(database, name="  Spring   2027 ", description=" First cohort ")
    assert program.name == "Spring 2027"
    assert program.description == "First cohort"
    assert (program.start_date, program.end_date) == (START, None)
    assert program.default_model is MentorshipModel.FORMAL
    assert program.cadence_days == 14
    assert program.thresholds == TrustThresholds(high=4.0, medium=3.0)


def test_every_setting_is_saved(database) -> None:
    program = create(
        database,
        end_date=date(2027, 12, 31),
        default_model="peer",
        cadence_days=30,
        threshold_high=4.5,
        threshold_medium=3.5,
    )
    assert program.end_date == date(2027, 12, 31)
    assert program.default_model is MentorshipModel.PEER
    assert program.cadence_days == 30
    assert program.thresholds == TrustThresholds(high=4.5, medium=3.5)
    with database.transaction() as session:
        assert programs.get_program(session, program.id) == program


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the program a name."),
        ({"name": "n" * 201}, "name", "The name is too long (at most 200 characters)."),
        (
            {"end_date": date(2027, 1, 3)},
            "end_date",
            "The end date (2027-01-03) is before the start date (2027-01-04).",
        ),
        (
            {"default_model": "coaching"},
            "default_model",
            "The model 'coaching' is not one of: Formal, Informal, Peer-to-peer.",
        ),
        (
            {"cadence_days": 0},
            "cadence_days",
            "The check-in cadence must be a whole number of days from 1 to 365, not 0.",
        ),
        (
            {"cadence_days": 366},
            "cadence_days",
            "The check-in cadence must be a whole number of days from 1 to 365, not 366.",
        ),
        (
            {"threshold_high": 5.5},
            "threshold_high",
            "The high trust threshold must be a score from 1 to 5, not 5.5.",
        ),
        (
            {"threshold_medium": 0.5},
            "threshold_medium",
            "The medium trust threshold must be a score from 1 to 5, not 0.5.",
        ),
        (
            {"threshold_high": 3.0, "threshold_medium": 3.5},
            "threshold_medium",
            "The medium trust threshold (3.5) cannot be above the high one (3.0).",
        ),
        (
            {"description": "d" * 20_001},
            "description",
            "Keep the description to 20,000 characters at most (now 20,001).",
        ),
    ],
)
def test_bad_settings_are_refused_naming_the_field(
    database, values: dict[str, object], field: str, message: str
) -> None:
    problem = refused(database, **values)
    assert (problem.field, str(problem)) == (field, message)


def test_equal_thresholds_are_allowed(database) -> None:
    program = create(database, threshold_high=3.0, threshold_medium=3.0)
    assert program.thresholds == TrustThresholds(high=3.0, medium=3.0)


def test_names_are_unique_ignoring_case(database) -> None:
    create(database, name="Spring 2027")
    problem = refused(database, name="SPRING 2027")
    assert (problem.field, str(problem)) == (
        "name",
        "There is already a program called 'Spring 2027'.",
    )


def test_updating_keeps_its_own_name_and_checks_the_version(database) -> None:
    program = create(database)
    with database.transaction() as session:
        saved = programs.update_program(
            session,
            program.id,
            dataclasses.replace(program.fields(), cadence_days=7),
            expected_version=program.version,
        )
    assert (saved.name, saved.cadence_days, saved.version) == (
        "Spring 2027",
        7,
        program.version + 1,
    )
    with database.transaction() as session, pytest.raises(ChangedElsewhere):
        programs.update_program(
            session, program.id, program.fields(), expected_version=program.version
        )
    other = create(database, name="Autumn")
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        programs.update_program(
            session, other.id, dataclasses.replace(other.fields(), name="spring 2027")
        )
    assert str(caught.value) == "There is already a program called 'Spring 2027'."


def test_find_by_name(database) -> None:
    with database.transaction() as session, pytest.raises(NotFound) as none:
        programs.find_program(session, "Spring")
    assert str(none.value) == "There is no program called 'Spring': there are no programs yet."
    spring = create(database, name="Spring 2027")
    create(database, name="Autumn 2027")
    with database.transaction() as session:
        assert programs.find_program(session, "Spring 2027") == spring
        assert programs.find_program(session, " spring  2027 ") == spring
        with pytest.raises(NotFound) as caught:
            programs.find_program(session, "Winter")
    assert str(caught.value) == (
        "There is no program called 'Winter'. Known programs: Autumn 2027, Spring 2027."
    )


def test_list_programs_counts_pairs(database) -> None:
    spring = create(database, name="Spring", start_date=date(2027, 3, 1))
    autumn = create(database, name="Autumn", start_date=date(2027, 9, 1), default_model="peer")
    with database.transaction() as session:
        program = session.get(Program, spring.id)
        make_pair(session, program)
        make_pair(session, program)
        make_pair(session, program, status="completed")
    with database.transaction() as session:
        rows = programs.list_programs(session)
    assert [(r.name, r.active_pairs, r.pairs) for r in rows] == [("Autumn", 0, 0), ("Spring", 2, 3)]
    assert rows[0] == programs.ProgramRow(
        id=autumn.id,
        name="Autumn",
        start_date=date(2027, 9, 1),
        end_date=None,
        default_model=MentorshipModel.PEER,
        cadence_days=14,
        active_pairs=0,
        pairs=0,
    )


def test_unknown_program_is_not_found(database) -> None:
    with database.transaction() as session, pytest.raises(NotFound) as caught:
        programs.get_program(session, 3)
    assert str(caught.value) == "There is no program number 3; it may have been deleted."


def test_the_plan_has_one_text_per_proactive_step(database) -> None:
    program = create(database)
    with database.transaction() as session:
        assert programs.program_plan(session, program.id) == [
            PlanItem(step, "") for step in ProactiveStep
        ]
        plan = programs.set_program_plan(
            session,
            program.id,
            {ProactiveStep.COMMUNICATION: " Monthly newsletter ", "support": "Buddy lunches"},
        )
    assert [(item.heading, item.text) for item in plan] == [
        (ProactiveStep.COMMUNICATION, "Monthly newsletter"),
        (ProactiveStep.CONFLICT_RESOLUTION, ""),
        (ProactiveStep.CHANGE_MANAGEMENT, ""),
        (ProactiveStep.SUPPORT, "Buddy lunches"),
        (ProactiveStep.RESPECT, ""),
    ]
    with database.transaction() as session:
        plan = programs.set_program_plan(
            session, program.id, {"communication": "Weekly notes", "support": "  "}
        )
    assert plan[0].text == "Weekly notes"
    assert plan[3].text == ""
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(PlanEntry)) == 1


def test_plan_refusals(database) -> None:
    program = create(database)
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        programs.set_program_plan(session, program.id, {"budget": "More"})
    assert str(caught.value) == (
        "The plan heading 'budget' is not one of: Communication, Conflict resolution, "
        "Change management, Support and encouragement, Respect and understanding."
    )
    with database.transaction() as session, pytest.raises(NotFound):
        programs.program_plan(session, 99)
