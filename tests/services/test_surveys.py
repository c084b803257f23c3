"""Planning rounds, finding them, what is due, and paper codes."""

from datetime import date

import pytest

from mentordesk.domain.vocabularies import SurveyKind
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.services import surveys
from tests.factories import make_pair, make_program


def test_plan_a_round_of_a_model_and_find_it_by_name_or_number(database):
    with database.transaction() as session:
        program = make_program(session, name="Sales 2027")
        formal = make_pair(session, program, model="formal")
        make_pair(session, program, model="informal")
        make_pair(session, program, model="formal", status="paused")
        survey = surveys.plan_round(
            session, program.id, name="April check-up", kind="checkup",
            due_on=date(2027, 4, 30), opens_on=date(2027, 4, 1), respondents="both",
            model="formal",
        )
        assert (survey.pairs, survey.asked, survey.answered) == (1, 2, 0)
        assert surveys.find_round(session, "april CHECK-UP") == survey.id
        assert surveys.find_round(session, str(survey.id)) == survey.id
        specs = surveys.form_specs(session, survey.id)
        assert {s.pair_id for s in specs} == {formal.id}
        assert [s.respondent.value for s in specs] == ["mentee", "mentor"]
        assert surveys.find_paper_code(session, specs[1].paper_code) == specs[1]
        with pytest.raises(FieldProblem, match="already has a round called"):
            surveys.plan_round(session, program.id, name="April Check-up", kind="checkup",
                               due_on=date(2027, 4, 30))
        with pytest.raises(FieldProblem, match="before it opens"):
            surveys.plan_round(session, program.id, name="x", kind="checkup",
                               due_on=date(2027, 3, 1), opens_on=date(2027, 4, 1))
        with pytest.raises(FieldProblem, match="no active pair of that model"):
            surveys.plan_round(session, program.id, name="y", kind="checkup",
                               due_on=date(2027, 5, 1), model="peer")
        with pytest.raises(NotFound, match="no survey round called 'nope'"):
            surveys.find_round(session, "nope")
        with pytest.raises(FieldProblem, match="not a form code"):
            surveys.find_paper_code(session, "R-1")
        with pytest.raises(NotFound, match="did not ask"):
            surveys.find_paper_code(session, f"R{survey.id}-9999-E")


def test_a_name_in_two_programs_needs_the_number(database):
    with database.transaction() as session:
        for name in ("A", "B"):
            program = make_program(session, name=name)
            make_pair(session, program)
            surveys.plan_round(session, program.id, name="Closing", kind="closing",
                               due_on=date(2027, 6, 1))
        with pytest.raises(MentorDeskError, match="More than one round is called 'closing'"):
            surveys.find_round(session, "closing")


def test_surveys_due_lists_pairs_whose_check_up_is_due(database):
    with database.transaction() as session:
        program = make_program(session)
        due = make_pair(session, program, start_date=date(2027, 1, 1))
        covered = make_pair(session, program, start_date=date(2027, 1, 1))
        make_pair(session, program, start_date=date(2027, 2, 20))  # too new
        surveys.plan_round(session, program.id, name="Jan", kind="checkup",
                           opens_on=date(2027, 1, 20), due_on=date(2027, 1, 31),
                           pair_ids=[covered.id])
        rows = surveys.surveys_due(session, date(2027, 2, 25), program.id)
        assert [(r.pair_id, r.kind, r.scheduled_on, r.overdue) for r in rows] == [
            (due.id, SurveyKind.CHECKUP, date(2027, 1, 31), True)
        ]


def test_refused_and_taken_back(database):
    with database.transaction() as session:
        program = make_program(session)
        pair = make_pair(session, program)
        survey = surveys.plan_round(session, program.id, name="R", kind="checkup",
                                    due_on=date(2027, 6, 1))
        surveys.set_refused(session, survey.id, pair.id, "mentee", "On leave until July")
        assert surveys.get_round(session, survey.id).refused == 1
        surveys.set_refused(session, survey.id, pair.id, "mentee", "")
        assert surveys.get_round(session, survey.id).pending == 1
