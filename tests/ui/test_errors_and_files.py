"""Errors the coordinator can act on are messages, bugs are crash reports; program files
travel through File → Export and Import."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from sqlalchemy import func, select

from mentordesk.errors import DatabaseProblem, MentorDeskError
from mentordesk.store.models import Pair, Program
from mentordesk.ui import errors
from mentordesk.ui.errors import CrashDialog, crash_report
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import one_pair


def test_a_database_problem_while_loading_is_a_message_not_a_crash(
    ui_database, make_window, qtbot, messages, monkeypatch
) -> None:
    one_pair(ui_database)
    window = make_window()

    def locked(*_args, **_kwargs):
        raise DatabaseProblem("The database is busy in another program. Try again in a moment.")

    monkeypatch.setattr("mentordesk.services.roster_order.roster_order", locked)
    window.show_view("pairs")
    wait_for_workers(qtbot)
    assert messages.texts()[-1].startswith("The database is busy")
    assert messages.shown[-1][1] == "Database problem"
    assert window.isVisible()


def test_the_exception_hook_shows_messages_and_crash_reports(qtbot, messages) -> None:
    errors.exception_hook(MentorDeskError, MentorDeskError("That pair has ended."), None)
    assert messages.texts() == ["That pair has ended."]
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        kind, error, tb = sys.exc_info()
    errors.exception_hook(kind, error, tb)  # type: ignore[arg-type]
    assert len(messages.crashes) == 1
    assert "ZeroDivisionError: division by zero" in messages.crashes[0]
    messages.crashes.clear()


def test_the_crash_report_can_be_copied(qtbot) -> None:
    try:
        raise KeyError("missing")
    except KeyError as error:
        report = crash_report(KeyError, error, error.__traceback__)
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    assert "MentorDesk" in report and "KeyError: 'missing'" in report
    dialog.copy_report()
    assert QGuiApplication.clipboard().text() == report


def test_export_then_import_a_program_file(
    ui_database, make_window, qtbot, tmp_path: Path, messages, monkeypatch
) -> None:
    one_pair(ui_database)
    window = make_window()
    exported = tmp_path / "spring.mentordesk.json"
    monkeypatch.setattr(window, "choose_path", lambda *a, **k: str(exported))
    window.export_action.trigger()
    wait_for_workers(qtbot)
    assert exported.exists()
    assert '"format": "mentordesk-program"' in exported.read_text()

    other = tmp_path / "other.sqlite3"
    answers = iter([str(other), str(exported)])
    monkeypatch.setattr(window, "choose_path", lambda *a, **k: next(answers))
    window.new_database()
    assert window.showing_welcome()
    window.import_action.trigger()
    wait_for_workers(qtbot)
    assert messages.shown[-1][1] == "Program imported"
    assert not window.showing_welcome()
    assert window.program_box.currentText() == "Spring mentoring"
    with window.context.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Pair)) == 1
        assert session.scalars(select(Program.name)).all() == ["Spring mentoring"]


def test_a_broken_program_file_is_refused_whole(
    ui_database, make_window, qtbot, tmp_path: Path, messages, monkeypatch
) -> None:
    window = make_window()
    broken = tmp_path / "broken.mentordesk.json"
    broken.write_text('{"format": "mentordesk-program", "version": 1, "program": {}}')
    monkeypatch.setattr(window, "choose_path", lambda *a, **k: str(broken))
    window.import_action.trigger()
    wait_for_workers(qtbot)
    assert messages.shown[-1][0] == "warning"
    assert window.showing_welcome()
    with ui_database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Program)) == 0
