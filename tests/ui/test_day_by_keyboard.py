"""A coordinator's whole day by keyboard alone, start to finish (issue 15): every key goes to
the widget that has the focus, as a real keyboard's would; the database is checked after."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from mentordesk.store.database import Database
from mentordesk.store.models import Activity, Assessment, Conflict, Pair
from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog
from mentordesk.ui.dialogs.help_dialogs import UserGuideDialog
from mentordesk.ui.dialogs.move_conflict_dialog import MoveConflictDialog
from mentordesk.ui.dialogs.pair_dialog import PairDialog
from tests.factories import add_conflict, make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers

TODAY = date.today()
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "something has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifiers)


def type_in(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot, target: QWidget, most: int = 40) -> None:
    """Tab until ``target`` has the focus, as a coordinator would."""
    for _ in range(most):
        if target.hasFocus():
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert target.hasFocus(), f"Tab never reached {target!r}"


def a_program(database: Database) -> dict[str, int]:
    with database.transaction() as session:
        program = make_program(session, name="Spring", start_date=TODAY - timedelta(days=200))
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=3)
        make_person(session, name="Ben Okafor")
        cy = make_person(session, name="Cy Lind")
        pair = make_pair(session, program, ana, cy, start_date=TODAY - timedelta(days=100))
        conflict = add_conflict(
            session, pair, TODAY - timedelta(days=3), severity="low", description="Rhythm."
        )
        return {"program": program.id, "conflict": conflict.id}


def test_a_whole_day_by_keyboard(qtbot, make_window, ui_database) -> None:
    ids = a_program(ui_database)
    window = make_window()

    # Morning: the dashboard first.
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_view_name() == "dashboard"
    wait_for_workers(qtbot)

    # A new pair: Ctrl+N, type the two names, Enter saves.
    def new_pair(dialog: PairDialog) -> None:
        assert dialog.mentor.lineEdit().hasFocus()
        type_in(qtbot, "Ana Ruiz")
        press(qtbot, Qt.Key.Key_Tab)
        assert dialog.mentee.lineEdit().hasFocus()
        type_in(qtbot, "Ben Okafor")
        press(qtbot, Qt.Key.Key_Tab)
        tab_to(qtbot, dialog.save_button)
        press(qtbot, Qt.Key.Key_Space)

    driver = run_dialog(qtbot, PairDialog, new_pair)
    press(qtbot, Qt.Key.Key_N, CTRL)
    driver.finish()
    with ui_database.transaction() as session:
        pair = session.scalars(
            select(Pair).join(Pair.mentee).where(Pair.mentee.has(name="Ben Okafor"))
        ).one()
        pair_id = pair.id
    assert "Saved: New pair" in window.statusBar().currentMessage()

    # Pairs shows it selected; Ctrl+L logs today's held check-in with Enter.
    press(qtbot, Qt.Key.Key_2, CTRL)
    wait_for_workers(qtbot)
    assert window.views["pairs"].current_pair_id() == pair_id
    driver = run_dialog(qtbot, ActivityDialog, lambda dialog: press(qtbot, Qt.Key.Key_Return))
    press(qtbot, Qt.Key.Key_L, CTRL)
    driver.finish()

    # Ctrl+T: the questionnaire answered with digits, a comment, then saved from the keyboard.
    def assess(dialog: AssessmentDialog) -> None:
        for _ in range(12):
            press(qtbot, Qt.Key.Key_4)
        assert dialog.comment.hasFocus()
        type_in(qtbot, "Good start.")
        tab_to(qtbot, dialog.save_button)
        press(qtbot, Qt.Key.Key_Space)

    driver = run_dialog(qtbot, AssessmentDialog, assess)
    press(qtbot, Qt.Key.Key_T, CTRL)
    driver.finish()
    with ui_database.transaction() as session:
        assert session.scalar(select(func.count()).where(Activity.pair_id == pair_id)) == 1
        assessment = session.scalars(select(Assessment).where(Assessment.pair_id == pair_id)).one()
        assert (assessment.overall, assessment.comment) == (4.0, "Good start.")

    # Afternoon: the conflict log, Enter on the conflict moves it on to dialogue.
    press(qtbot, Qt.Key.Key_5, CTRL)
    wait_for_workers(qtbot)
    conflicts = window.views["conflicts"]
    tab_to(qtbot, conflicts.table)

    def move_on(dialog: MoveConflictDialog) -> None:
        tab_to(qtbot, dialog.note_edit)
        type_in(qtbot, "Talked it through.")
        tab_to(qtbot, dialog.save_button)
        press(qtbot, Qt.Key.Key_Space)

    driver = run_dialog(qtbot, MoveConflictDialog, move_on)
    press(qtbot, Qt.Key.Key_Return)
    driver.finish()
    with ui_database.transaction() as session:
        assert session.get(Conflict, ids["conflict"]).status == "in_dialogue"

    # A second thought: Ctrl+Z takes the step back, and says so.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    with ui_database.transaction() as session:
        assert session.get(Conflict, ids["conflict"]).status == "open"
    assert window.statusBar().currentMessage().startswith("Undone: ")

    # F1 for the guide, Esc closes it; Ctrl+P for the reports; Ctrl+0 the audit log.
    press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), UserGuideDialog))
    guide = QApplication.activeWindow()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not guide.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert window.current_view_name() == "reports"
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert window.current_view_name() == "audit"
    wait_for_workers(qtbot)

    # Evening: Ctrl+Q closes the window.
    press(qtbot, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())
