"""The program's survey schedule: a setting that drives "Surveys due" and proposes rounds."""

from dataclasses import replace
from datetime import date

import pytest

from mentordesk.domain.surveys import SurveySchedule, pair_schedule
from mentordesk.domain.vocabularies import SurveyKind, SurveyRespondents
from mentordesk.errors import FieldProblem
from mentordesk.services import programs, surveys
from tests.factories import make_pair, make_program


def test_a_new_program_has_the_default_schedule_and_saves_its_own(database):
    with database.transaction() as session:
        program = make_program(session)
        details = programs.get_program(session, program.id)
        assert details.survey_schedule == SurveySchedule(30, 60, True)
        saved = programs.update_program(
            session,
            program.id,
            replace(details.fields(), survey_first_days=21, survey_every_days=45,
                    survey_closing=False),
        )
        assert saved.survey_schedule == SurveySchedule(21, 45, False)
        assert programs.get_program(session, program.id).survey_schedule.every == 45


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("survey_first_days", 3, "first check-up must be a whole number of days from 7 to 365"),
        ("survey_every_days", 400, "time between check-ups must be"),
        ("survey_every_days", True, "time between check-ups must be"),
    ],
)
def test_a_schedule_outside_its_range_is_refused_and_nothing_changes(
    database, field, value, words
):
    with database.transaction() as session:
        program = make_program(session)
        details = programs.get_program(session, program.id)
        with pytest.raises(FieldProblem, match=words) as refused:
            programs.update_program(
                session, program.id, replace(details.fields(), **{field: value})
            )
        assert refused.value.field == field
    with database.transaction() as session:
        assert programs.get_program(session, program.id).survey_schedule == SurveySchedule()


def test_without_a_closing_round_check_ups_run_to_the_planned_end():
    days = pair_schedule(date(2027, 1, 1), date(2027, 6, 30), first_after=30, every=60,
                         closing=False)
    assert [(s.day, s.kind) for s in days] == [
        (date(2027, 1, 31), SurveyKind.CHECKUP),
        (date(2027, 4, 1), SurveyKind.CHECKUP),
        (date(2027, 5, 31), SurveyKind.CHECKUP),
    ]


def test_changing_the_schedule_changes_what_is_due(database):
    with database.transaction() as session:
        program = make_program(session)
        pair = make_pair(session, program, start_date=date(2027, 1, 1))
        day = date(2027, 1, 20)
        assert surveys.surveys_due(session, day, program.id) == []
        details = programs.get_program(session, program.id)
        programs.update_program(session, program.id,
                                replace(details.fields(), survey_first_days=14))
        rows = surveys.surveys_due(session, day, program.id)
        assert [(r.pair_id, r.scheduled_on, r.overdue) for r in rows] == [
            (pair.id, date(2027, 1, 15), False)
        ]


def test_rounds_proposed_by_program_kind_and_month_then_created(database):
    with database.transaction() as session:
        program = make_program(session, name="Sales")
        late = make_pair(session, program, start_date=date(2026, 12, 1))
        soon = make_pair(session, program, start_date=date(2027, 1, 20))
        ending = make_pair(session, program, start_date=date(2026, 9, 1),
                           planned_end=date(2027, 3, 10))
        make_pair(session, program, start_date=date(2027, 3, 1))  # first check-up on 31 March
        make_pair(session, program, start_date=date(2026, 12, 1), status="paused")
        # The ending pair's check-ups are covered; the name is taken.
        surveys.plan_round(session, program.id, name="March 2027 check-up", kind="checkup",
                           due_on=date(2027, 2, 1), opens_on=date(2027, 1, 20),
                           pair_ids=[ending.id])
        proposals = surveys.propose_rounds(session, date(2027, 3, 1), program.id, ahead_days=20)
        assert [(p.name, p.kind, p.pair_ids, p.overdue, p.respondents) for p in proposals] == [
            ("March 2027 check-up (2)", SurveyKind.CHECKUP, (late.id, soon.id), 2,
             SurveyRespondents.MENTEE),
            ("March 2027 closing survey", SurveyKind.CLOSING, (ending.id,), 0,
             SurveyRespondents.BOTH),
        ]
        # Opens today; due on the last scheduled day, at least two weeks on.
        assert [(p.opens_on, p.due_on) for p in proposals] == [
            (date(2027, 3, 1), date(2027, 3, 15)),
            (date(2027, 3, 1), date(2027, 3, 15)),
        ]
        made = surveys.create_proposed(session, proposals[:1])
        assert [(r.name, r.pairs, r.asked) for r in made] == [("March 2027 check-up (2)", 2, 2)]
        again = surveys.propose_rounds(session, date(2027, 3, 1), program.id, ahead_days=20)
        assert [p.kind for p in again] == [SurveyKind.CLOSING]


def test_a_longer_first_check_up_proposes_nothing_yet(database):
    with database.transaction() as session:
        program = make_program(session)
        make_pair(session, program, start_date=date(2027, 1, 1))
        assert len(surveys.propose_rounds(session, date(2027, 1, 10), program.id)) == 1
        details = programs.get_program(session, program.id)
        programs.update_program(session, program.id,
                                replace(details.fields(), survey_first_days=90))
        assert surveys.propose_rounds(session, date(2027, 1, 10), program.id) == []
