"""The dashboard's closing-survey panel: promoter score, goals, the latest round's rate;
it follows the data (a new closing answer changes it at the next refresh)."""

from __future__ import annotations

from datetime import date, timedelta

from mentordesk.services import surveys
from mentordesk.store.models import SurveyOutcome
from tests.factories import make_pair, make_person, make_program
from tests.ui.conftest import wait_for_workers

TODAY = date.today()


def _answer(session, survey_id, pair_id, recommend, goals=("achieved",)):
    session.add(SurveyOutcome(
        round_id=survey_id, pair_id=pair_id, respondent="mentee",
        answered_on=TODAY - timedelta(1), recommend=recommend, keep="", change="",
        goals=[{"goal_id": n, "text": "", "answer": a} for n, a in enumerate(goals)],
    ))


def test_the_panel_shows_what_closing_surveys_say(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        program = make_program(session, name="Engineering", start_date=TODAY - timedelta(200))
        pairs = [
            make_pair(session, program, mentee=make_person(session),
                      start_date=TODAY - timedelta(150))
            for _ in range(6)
        ]
        closing = surveys.plan_round(
            session, program.id, name="Closing", kind="closing",
            opens_on=TODAY - timedelta(10), due_on=TODAY + timedelta(5),
        )
        for pair, score in zip(pairs, (10, 9, 9, 8, 3), strict=False):
            _answer(session, closing.id, pair.id, score, goals=("achieved", "partly"))
        survey_id, last_pair = closing.id, pairs[-1].id
    window = make_window()
    view = window.views["dashboard"]
    wait_for_workers(qtbot)
    panel = view.closing_panel
    assert panel.isVisible()
    # 3 promoters, 1 passive, 1 detractor of 5: 60 % − 20 % = +40.
    assert panel.score.text() == "+40"
    assert "mean 7.8 of 10 from 5 answers" in panel.recommend.text()
    assert panel.goals.text() == "Goals: 5 achieved · 5 partly · 0 not"
    assert panel.rate.text() == "Latest round, Closing: 0 of 6 answered (0 %)"
    assert "% promoters (9–10) − % detractors (0–6)" in panel.toolTip()

    with ui_database.transaction() as session:
        _answer(session, survey_id, last_pair, 0, goals=("not",))
    view.refresh()
    wait_for_workers(qtbot)
    assert panel.score.text() == "+17"  # 3 − 2 of 6
    assert panel.goals.text() == "Goals: 5 achieved · 5 partly · 1 not"


def test_no_closing_answer_yet(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        program = make_program(session, start_date=TODAY - timedelta(60))
        make_pair(session, program, start_date=TODAY - timedelta(40))
    window = make_window()
    wait_for_workers(qtbot)
    panel = window.views["dashboard"].closing_panel
    assert panel.score.text() == "—"
    assert panel.recommend.text() == "No closing answer yet."
    assert panel.rate.text() == "No survey round yet."
