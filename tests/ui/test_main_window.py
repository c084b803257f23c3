"""The main window: start-up, the welcome page, views, remembered settings, bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt

from mentordesk.ui import settings as keys
from mentordesk.ui.main_window import MainWindow
from tests.factories import make_pair, make_program
from tests.ui.conftest import wait_for_workers


def test_an_empty_database_opens_on_the_welcome_page(make_window) -> None:
    window = make_window()
    assert window.showing_welcome()
    assert not window.nav.isEnabled()
    assert not window.new_pair_action.isEnabled()


def test_with_a_program_the_first_view_is_shown(ui_database, make_window) -> None:
    with ui_database.transaction() as session:
        make_program(session, name="Spring")
    window = make_window()
    assert not window.showing_welcome()
    assert window.current_view_name() == "dashboard"
    assert window.program_box.currentText() == "Spring"


def test_settings_are_remembered_across_two_windows(
    qtbot, ui_database, ui_settings, db_path: Path
) -> None:
    with ui_database.transaction() as session:
        make_pair(session, program=make_program(session, name="Spring"))
    first = MainWindow(ui_settings)
    qtbot.addWidget(first)
    assert first.open_location(str(db_path))
    first.show()
    first.resize(QSize(1111, 777))
    first.show_view("pairs")
    wait_for_workers(qtbot)
    pairs = first.views["pairs"]
    pairs.table.horizontalHeader().resizeSection(0, 234)
    pairs.status_filter.setCurrentIndex(1)
    first.splitter.setSizes([250, 861])
    size, nav_width = first.size(), first.splitter.sizes()[0]
    first.close()

    second = MainWindow(ui_settings)
    qtbot.addWidget(second)
    assert second.open_location(keys.last_database(ui_settings) or "")
    second.show()
    wait_for_workers(qtbot)
    assert second.current_view_name() == "pairs"
    assert second.size() == size
    assert second.views["pairs"].table.horizontalHeader().sectionSize(0) == 234
    assert second.views["pairs"].status_filter.currentIndex() == 1
    assert second.splitter.sizes()[0] == nav_width == 250
    assert keys.recent_databases(ui_settings)[0] == str(db_path)


def test_a_bad_database_file_shows_a_message_and_keeps_the_window(
    make_window, tmp_path: Path, messages
) -> None:
    window = make_window()
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are my notes, not a database")
    assert not window.open_location(str(bad), create=False)
    assert messages.shown[-1][0] == "warning"
    assert "not a MentorDesk database" in messages.shown[-1][2]
    assert window.context is not None  # the database open before is still open
    assert str(bad) not in keys.recent_databases(window.settings)


def test_opening_a_bad_file_from_the_menu_lets_the_user_pick_again(
    make_window, tmp_path: Path, messages, monkeypatch
) -> None:
    window = make_window()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00garbage" * 10)
    good = tmp_path / "other.sqlite3"
    answers = iter([str(bad), str(good)])
    monkeypatch.setattr(window, "choose_path", lambda *a, **k: next(answers))
    assert not window.choose_and_open_database()
    assert "not a MentorDesk database" in messages.texts()[-1]
    window.new_database()
    assert window.context is not None
    assert window.context.database.path == good


def test_the_views_menu_and_shortcuts_switch_views(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        make_program(session)
    window = make_window()
    window.view_actions["pairs"].trigger()
    assert window.current_view_name() == "pairs"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view_name() == "dashboard"
    window.find_action.trigger()  # the dashboard has no search: a status message, no error
    window.view_actions["pairs"].trigger()
    window.find_action.trigger()
    assert window.views["pairs"].search.hasFocus()


def test_the_as_of_day_reaches_the_views(ui_database, make_window) -> None:
    with ui_database.transaction() as session:
        make_program(session)
    window = make_window(as_of=date(2027, 3, 1))
    assert window.context.as_of == date(2027, 3, 1)
    assert "1 March 2027" in window.views["dashboard"].heading.text()


def test_the_program_chooser_narrows_the_roster(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        spring = make_program(session, name="Spring")
        autumn = make_program(session, name="Autumn")
        make_pair(session, program=spring)
        make_pair(session, program=autumn)
        make_pair(session, program=autumn)
    window = make_window()
    assert window.program_box.itemText(0) == "All programs"
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    assert view.model.rowCount() == 3
    assert not view.table.isColumnHidden(2)  # the Program column, when all are shown
    window.set_program(autumn.id)
    wait_for_workers(qtbot)
    assert view.model.rowCount() == 2
    assert view.table.isColumnHidden(2)
    assert window.context.program_id == autumn.id


def test_the_view_opened_with_reads_while_the_others_are_made_and_only_once(
    qtbot, ui_database, make_window, monkeypatch
) -> None:
    from mentordesk.ui import registry
    from mentordesk.ui.views.audit import AuditView
    from mentordesk.ui.views.dashboard import DashboardView
    from mentordesk.ui.views.pairs import PairsView

    assert registry.view_classes()[-1] is AuditView  # the last view made
    with ui_database.transaction() as session:
        make_pair(session, program=make_program(session, name="Spring"))
    reads: list[str] = []
    when_last_made: list[list[str]] = []
    for cls in (DashboardView, PairsView):
        refresh = cls.refresh
        monkeypatch.setattr(
            cls, "refresh", lambda view, refresh=refresh: (reads.append(view.name), refresh(view))
        )
    made = AuditView.__init__

    def making_the_last(view, *args, **kwargs) -> None:
        when_last_made.append(list(reads))
        made(view, *args, **kwargs)

    monkeypatch.setattr(AuditView, "__init__", making_the_last)

    window = make_window()
    assert window.current_view_name() == "dashboard"
    assert when_last_made == [["dashboard"]]
    assert reads == ["dashboard"]

    # The view remembered from last time is the one read first, and the only one.
    window.show_view("pairs")
    wait_for_workers(qtbot)
    window.close()
    reads.clear()
    when_last_made.clear()
    window = make_window()
    assert window.current_view_name() == "pairs"
    assert when_last_made == [["pairs"]]
    assert reads == ["pairs"]

