"""The survey schedule in the window: changed in Program settings, it changes the
"Surveys due" list and the rounds the Surveys window proposes; ticked proposals
become rounds in the database."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from mentordesk.store.models import Program, SurveyRespondent, SurveyRound
from mentordesk.ui.dialogs.program_dialog import ProgramDialog
from mentordesk.ui.dialogs.proposed_rounds_dialog import ProposedRoundsDialog
from mentordesk.ui.dialogs.surveys_dialog import SurveysDialog
from tests.factories import make_pair, make_person, make_program
from tests.ui.conftest import run_dialog

TODAY = date.today()


def _scene(database) -> tuple[int, list[int]]:
    with database.transaction() as session:
        program = make_program(session, name="Engineering", start_date=TODAY - timedelta(90))
        pairs = [
            make_pair(session, program, mentee=make_person(session, name=name),
                      start_date=TODAY - timedelta(20))
            for name in ("Bilal Haddad", "Dara O'Neill")
        ]
        return program.id, [pair.id for pair in pairs]


def _proposals(qtbot, surveys_window: SurveysDialog, drive) -> None:
    driver = run_dialog(qtbot, ProposedRoundsDialog, drive)
    qtbot.mouseClick(surveys_window.propose_button, Qt.MouseButton.LeftButton)
    driver.finish()


def test_a_shorter_first_check_up_makes_pairs_due_and_proposes_a_round(
    ui_database, make_window, qtbot
):
    program_id, pair_ids = _scene(ui_database)
    window = make_window()
    window.set_program(program_id)
    surveys_window = SurveysDialog(window.context, window)
    qtbot.addWidget(surveys_window)
    surveys_window.show()
    # Default schedule: the first check-up is 30 days after the start, 10 days from now.
    assert surveys_window.due_table.rowCount() == 0
    assert "a check-up 30 days after a pair starts" in surveys_window.due_note.text()
    seen: list[list[tuple[str, str]]] = []

    def look(dialog: ProposedRoundsDialog) -> None:
        seen.append([(p.kind.value, str(p.due_on)) for p in dialog.proposals])
        dialog.reject()

    _proposals(qtbot, surveys_window, look)
    assert seen == [[("checkup", str(TODAY + timedelta(14)))]]

    def settings(dialog: ProgramDialog) -> None:
        assert dialog.survey_first.value() == 30
        dialog.survey_first.setValue(14)
        dialog.survey_every.setValue(45)
        dialog.survey_closing.setChecked(False)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, ProgramDialog, settings)
    window.edit_program_action.trigger()
    driver.finish()
    with ui_database.transaction() as session:
        program = session.get(Program, program_id)
        assert (program.survey_first_days, program.survey_every_days, program.survey_closing) == (
            14, 45, False
        )

    surveys_window.refresh()
    # Now the first check-up was 6 days ago: both pairs are due.
    assert surveys_window.due_table.rowCount() == 2
    assert surveys_window.due_table.item(0, 4).text()  # the scheduled day is shown
    assert "14 days after a pair starts, then every 45 days" in surveys_window.due_note.text()
    assert "closing" not in surveys_window.due_note.text()

    def tick_and_plan(dialog: ProposedRoundsDialog) -> None:
        assert [p.pair_ids for p in dialog.proposals] == [tuple(pair_ids)]
        assert dialog.proposals[0].overdue == 2
        qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)

    _proposals(qtbot, surveys_window, tick_and_plan)
    with ui_database.transaction() as session:
        rounds = session.scalars(select(SurveyRound)).all()
        assert [(r.program_id, r.kind, r.opens_on) for r in rounds] == [
            (program_id, "checkup", TODAY)
        ]
        asked = session.scalars(select(SurveyRespondent.pair_id)).all()
        assert sorted(asked) == sorted(pair_ids)
    assert surveys_window.rounds_table.rowCount() == 1
    assert surveys_window.due_table.rowCount() == 0  # the new round covers them
    assert "1 rounds planned from the schedule" in surveys_window.status.text()


def test_nothing_ticked_plans_nothing(ui_database, make_window, qtbot):
    program_id, _ = _scene(ui_database)
    window = make_window()
    window.set_program(program_id)
    surveys_window = SurveysDialog(window.context, window)
    qtbot.addWidget(surveys_window)

    def untick(dialog: ProposedRoundsDialog) -> None:
        dialog.set_ticked([])
        qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
        assert "Tick at least one round" in dialog.problem.text()
        dialog.reject()

    _proposals(qtbot, surveys_window, untick)
    with ui_database.transaction() as session:
        assert session.scalars(select(SurveyRound)).all() == []
