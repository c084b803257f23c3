"""The welcome page of an empty database: create a program, or load the demo program."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from mentordesk.paths import demo_database_path
from mentordesk.store.database import open_database
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


def test_the_demo_goes_into_a_database_of_its_own(ui_database, make_window, qtbot) -> None:
    """Issue 15: the welcome page's demo went into the user's own database."""
    window = make_window()
    welcome = window.welcome
    welcome.demo_pairs.setValue(8)
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot, timeout=60_000)
    with ui_database.transaction() as session:  # the user's database: still empty
        assert session.scalar(select(func.count()).select_from(Program)) == 0
    assert window.context.database.display_name == str(demo_database_path())
    assert demo_database_path().name == "MentorDesk demo.sqlite3"
    assert "demo program" in window.windowTitle()
    demo = open_database(demo_database_path(), create=False)
    try:
        with demo.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Pair)) == 8
    finally:
        demo.close()
    assert not window.showing_welcome()
    assert window.current_view_name() == "dashboard"
    wait_for_workers(qtbot)
    assert window.views["dashboard"].data is not None

    # Asked again from another empty database, the demo database is opened as it is.
    assert window.open_location(str(ui_database.display_name))
    assert window.showing_welcome()
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot, timeout=60_000)
    assert window.context.database.display_name == str(demo_database_path())
    with window.context.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Program)) == 1
