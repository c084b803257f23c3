"""Closing outcomes: the promoter score, goals achieved / partly / not, response rates,
groups only where counts allow, and the comments only when asked for."""

from datetime import date

from mentordesk.services import surveys
from mentordesk.services.closing_outcomes import MIN_GROUP_ANSWERS, closing_outcomes
from mentordesk.store.models import SurveyOutcome
from tests.factories import make_pair, make_person, make_program


def _answer(session, survey_id, pair, who, recommend, goals=(), keep="", change="",
            day=date(2027, 6, 20)):
    session.add(SurveyOutcome(
        round_id=survey_id, pair_id=pair.id, respondent=who, answered_on=day,
        goals=[{"goal_id": n, "text": f"Goal {n}", "answer": a} for n, a in enumerate(goals)],
        recommend=recommend, keep=keep, change=change,
    ))


def _scene(session):
    program = make_program(session, name="Sales")
    finance = [
        make_pair(session, program, model="formal",
                  mentee=make_person(session, department="Finance"))
        for _ in range(5)
    ]
    lab = make_pair(session, program, model="informal",
                    mentee=make_person(session, department="Lab"))
    closing = surveys.plan_round(session, program.id, name="Closing", kind="closing",
                                 opens_on=date(2027, 6, 1), due_on=date(2027, 6, 30),
                                 respondents="both")
    # Mentees: 10, 9, 8, 6, 3 (2 promoters, 1 passive, 2 detractors); one mentor: 7.
    for pair, score in zip(finance, (10, 9, 8, 6, 3), strict=True):
        _answer(session, closing.id, pair, "mentee", score, goals=("achieved", "partly"))
    _answer(session, closing.id, finance[0], "mentor", 7, goals=("not",),
            keep="The monthly lunches", change="More time for it")
    _answer(session, closing.id, lab, "mentee", None, keep="Everything")
    # Answered after the day asked about: not counted.
    _answer(session, closing.id, lab, "mentor", 0, day=date(2027, 8, 1))
    return program


def test_promoter_score_goals_and_groups(database):
    with database.transaction() as session:
        program = _scene(session)
        result = closing_outcomes(session, program.id, date(2027, 7, 1))
        total = result.total
        assert (total.answers, total.rated) == (7, 6)
        assert (total.promoters, total.passives, total.detractors) == (2, 2, 2)
        assert total.promoter_score == 0  # 2/6 promoters − 2/6 detractors
        assert round(total.recommend_mean, 2) == round(43 / 6, 2)
        assert (total.goals_achieved, total.goals_partly, total.goals_not) == (5, 5, 1)
        assert [(g.label, g.answers) for g in result.by_respondent] == [
            ("Mentees", 6), ("Mentors", 1)
        ]
        # Finance has 6 answers: shown; Lab's single answer joins the rest.
        assert MIN_GROUP_ANSWERS == 5
        assert [(g.label, g.answers) for g in result.by_department] == [
            ("Finance", 6), ("1 smaller departments", 1)
        ]
        assert [(g.label, g.answers) for g in result.by_model] == [
            ("Formal", 6), ("1 smaller models", 1)
        ]
        assert (result.keep_comments, result.change_comments) == (2, 1)
        assert result.comments is None  # confidential: only when asked for
        assert [(r.name, r.asked, r.answered) for r in result.rounds] == [("Closing", 12, 0)]


def test_comments_when_asked_for_carry_no_names(database):
    with database.transaction() as session:
        program = _scene(session)
        result = closing_outcomes(session, program.id, date(2027, 7, 1), with_comments=True)
        assert [(c.respondent.value, c.keep, c.change) for c in result.comments] == [
            ("mentor", "The monthly lunches", "More time for it"),
            ("mentee", "Everything", ""),
        ]


def test_no_closing_answer_yet(database):
    with database.transaction() as session:
        program = make_program(session)
        result = closing_outcomes(session, program.id, date(2027, 7, 1))
        assert result.total.answers == 0
        assert result.total.promoter_score is None
        assert result.by_model == () and result.by_department == ()
