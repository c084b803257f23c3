"""The welcome page of an empty database: create a program, or load the demo program."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from mentordesk.store.models import Pair, Program
from mentordesk.ui.dialogs.program_dialog import ProgramDialog
from tests.ui.conftest import run_dialog, wait_for_workers


def test_create_the_first_program(ui_database, make_window, qtbot) -> None:
    window = make_window()
    welcome = window.welcome
    assert window.showing_welcome()

    def drive(dialog: ProgramDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no name yet
        assert dialog.marked_field == "name"
        qtbot.keyClicks(dialog.name, "Engineering mentoring 2027")
        dialog.cadence.setValue(21)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, ProgramDialog, drive)
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    driver.finish()
    with ui_database.transaction() as session:
        program = session.scalars(select(Program)).one()
        assert (program.name, program.cadence_days) == ("Engineering mentoring 2027", 21)
    wait_for_workers(qtbot)
    assert not window.showing_welcome()
    assert window.nav.isEnabled()
    assert window.program_box.currentText() == "Engineering mentoring 2027"
    assert window.context.program_id == program.id


def test_load_the_demo_program_in_the_worker(ui_database, make_window, qtbot) -> None:
    window = make_window()
    welcome = window.welcome
    welcome.demo_pairs.setValue(8)
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot, timeout=60_000)
    with ui_database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Pair)) == 8
    assert not window.showing_welcome()
    assert window.current_view_name() == "dashboard"
    wait_for_workers(qtbot)
    assert window.views["dashboard"].data is not None
