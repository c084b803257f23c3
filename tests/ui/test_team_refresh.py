"""Team mode: the window looks again for other coordinators' changes, politely."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mentordesk.services.people import PersonFields, add_person
from mentordesk.ui.main_window import TEAM_REFRESH_MS
from tests.factories import make_program
from tests.ui.conftest import wait_for_workers


def test_a_sqlite_file_needs_no_periodic_refresh(qtbot, ui_database, make_window) -> None:
    with ui_database.transaction() as session:
        make_program(session)
    window = make_window()
    assert not window.team_refresh.isActive()
    assert TEAM_REFRESH_MS >= 10_000  # quiet: not a busy poll


def test_quiet_refresh_shows_a_change_made_elsewhere_but_waits_for_dialogs(
    qtbot, ui_database, make_window
) -> None:
    with ui_database.transaction() as session:
        make_program(session, start_date=date(2026, 1, 5))
    window = make_window()
    window.show_view("people")
    view = window.current_view()
    qtbot.keyClicks(view.search_edit, "Zo")
    # Another coordinator adds someone through their own connection.
    with ui_database.transaction() as session:
        add_person(session, PersonFields(name="Zoë Ångström", email="zoe@example.org"))
    dialog = QDialog(window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    window.refresh_quietly()
    qtbot.wait(50)
    wait_for_workers(qtbot)
    assert view.proxy.rowCount() == 0  # nothing moves while a form is open
    dialog.close()
    window.refresh_quietly()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1, timeout=5000)
    wait_for_workers(qtbot)
    assert view.search_edit.text() == "Zo"  # what the coordinator typed is kept
