"""The window's plumbing: the worker, undo commands, icons, settings and error display."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QThreadPool
from PySide6.QtGui import QColor, QIcon
from sqlalchemy import select

from mentordesk.errors import MentorDeskError
from mentordesk.store.models import Program
from mentordesk.ui import icons, settings
from mentordesk.ui.context import AppContext
from mentordesk.ui.undo import push_create, push_edit, record_edit
from mentordesk.ui.worker import foreground_jobs, run_in_worker, running_jobs, stop_running_jobs
from tests.factories import make_program
from tests.ui.conftest import wait_for_workers


def test_worker_delivers_the_result_on_the_gui_thread(qtbot) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work(progress) -> int:
        seen["work_thread"] = threading.get_ident()
        progress.report(1, 2, "half way")
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["done_thread"] = threading.get_ident()

    run_in_worker(None, work, done, title="Test")
    wait_for_workers(qtbot)
    assert seen["result"] == 42
    assert seen["done_thread"] == gui_thread
    assert seen["work_thread"] != gui_thread


def test_worker_shows_a_coordinators_error_unless_the_caller_handles_it(qtbot, messages) -> None:
    def fail(_progress) -> None:
        raise MentorDeskError("The program file is not valid.")

    run_in_worker(None, fail)
    wait_for_workers(qtbot)
    assert messages.texts() == ["The program file is not valid."]

    handled: list[BaseException] = []
    run_in_worker(None, fail, on_error=handled.append)
    wait_for_workers(qtbot)
    assert len(handled) == 1
    assert len(messages.shown) == 1


def test_worker_cancel_stops_the_work_and_calls_nobody(qtbot) -> None:
    started = threading.Event()
    calls: list[object] = []

    def slow(progress) -> None:
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.01)

    job = run_in_worker(None, slow, calls.append, on_error=calls.append)
    assert started.wait(5)
    job.cancel()
    wait_for_workers(qtbot)
    assert calls == []


def test_background_work_is_not_waited_for(qtbot) -> None:
    """The automatic backup and the risk flags' refresh run as background work: the
    window counts as usable while they run, and they are still jobs to wait for."""
    release = threading.Event()
    started = threading.Event()

    def slow(_progress) -> None:
        started.set()
        release.wait(5)

    run_in_worker(None, slow, background=True, show_progress=False)
    assert started.wait(5)
    assert (running_jobs(), foreground_jobs()) == (1, 0)
    run_in_worker(None, lambda _progress: release.wait(5), show_progress=False)
    assert (running_jobs(), foreground_jobs()) == (2, 1)
    release.set()
    wait_for_workers(qtbot)
    assert (running_jobs(), foreground_jobs()) == (0, 0)


def test_background_work_leaves_the_shared_threads_to_the_coordinators_work(qtbot) -> None:
    """Even with one shared thread, a view's read is not queued behind background work."""
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    try:
        run_in_worker(None, lambda _progress: release.wait(10), background=True,
                      show_progress=False)  # fmt: skip
        done: list[str] = []
        run_in_worker(None, lambda _progress: "rows", done.append, show_progress=False)
        qtbot.waitUntil(lambda: done == ["rows"], timeout=5000)
        assert foreground_jobs() == 0 and running_jobs() == 1
    finally:
        release.set()
        wait_for_workers(qtbot)
        pool.setMaxThreadCount(threads)


def test_closing_a_database_first_stops_the_jobs_reading_it(qtbot) -> None:
    """The window stops every job before it closes a database: a job left reading from a
    closed SQLite connection crashed the process."""
    started = threading.Event()
    ended = threading.Event()

    def slow(progress) -> None:
        started.set()
        try:
            while True:
                progress.check()
                threading.Event().wait(0.01)
        finally:
            ended.set()

    run_in_worker(None, slow, lambda _result: None, on_error=lambda _error: True)
    assert started.wait(5)
    stop_running_jobs()
    assert ended.is_set()  # no pool thread runs the work any more
    wait_for_workers(qtbot)


def test_worker_bug_goes_to_the_crash_report(qtbot, messages) -> None:
    def bug(_progress) -> None:
        raise ZeroDivisionError("oops")

    run_in_worker(None, bug)
    wait_for_workers(qtbot)
    assert len(messages.crashes) == 1
    assert "ZeroDivisionError: oops" in messages.crashes[0]
    messages.crashes.clear()


@pytest.fixture
def context(qtbot, ui_database, ui_settings) -> AppContext:
    return AppContext(ui_database, ui_settings)


def _rename(name: str):
    def apply(session) -> None:
        session.scalars(select(Program)).one().name = name

    return apply


def _program_name(context: AppContext) -> str:
    with context.transaction() as session:
        return session.scalars(select(Program.name)).one()


def test_edit_command_applies_undoes_and_redoes_through_the_database(context) -> None:
    with context.transaction() as session:
        make_program(session, name="Before")
    changes: list[bool] = []
    context.data_changed.connect(lambda: changes.append(True))

    assert push_edit(context, "rename program", _rename("After"), _rename("Before"))
    assert _program_name(context) == "After"
    context.undo_stack.undo()
    assert _program_name(context) == "Before"
    context.undo_stack.redo()
    assert _program_name(context) == "After"
    assert len(changes) == 3
    assert context.undo_stack.undoText() == "rename program"


def test_a_failed_edit_is_shown_and_not_recorded(context, messages) -> None:
    def refuse(_session) -> None:
        raise MentorDeskError("The pair has ended; it cannot be changed.")

    assert not push_edit(context, "change", refuse, refuse)
    assert messages.texts() == ["The pair has ended; it cannot be changed."]
    assert context.undo_stack.count() == 0


def test_create_command_deletes_on_undo_and_creates_anew_on_redo(context) -> None:
    def create(session) -> int:
        return make_program(session, name="Spring", start_date=date(2027, 3, 1)).id

    def delete(session, program_id: int) -> None:
        session.delete(session.get(Program, program_id))

    first = push_create(context, "new program", create, delete)
    assert first is not None
    context.undo_stack.undo()
    with context.transaction() as session:
        assert session.scalars(select(Program)).all() == []
    context.undo_stack.redo()
    assert _program_name(context) == "Spring"


def test_every_icon_renders_in_the_palette_colour(qtbot) -> None:
    names = icons.icon_names()
    assert {"dashboard", "pairs", "pair", "people", "conflicts", "ethics", "models"} <= set(names)
    for name in names:
        pixmap = icons.icon(name).pixmap(QSize(24, 24))
        assert not pixmap.isNull(), name
        assert pixmap.toImage().pixelColor(0, 0).alpha() == 0, name  # transparent corner
    red = icons.render_svg(icons._svg_source("check"), QSize(32, 32), QColor("#ff0000"))
    image = red.toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert colours == {"#ff0000"}
    disabled = icons.icon("check").pixmap(QSize(24, 24), QIcon.Mode.Disabled)
    assert not disabled.isNull()
    with pytest.raises(KeyError):
        icons.icon("no-such-icon")


def test_recent_databases_keep_the_newest_first_without_duplicates(ui_settings) -> None:
    for name in ("a", "b", "a", "c"):
        settings.remember_database(ui_settings, f"/tmp/{name}.sqlite3")
    assert settings.recent_databases(ui_settings) == [
        "/tmp/c.sqlite3",
        "/tmp/a.sqlite3",
        "/tmp/b.sqlite3",
    ]
    assert settings.last_database(ui_settings) == "/tmp/c.sqlite3"
    settings.forget_database(ui_settings, "/tmp/c.sqlite3")
    assert settings.last_database(ui_settings) is None
    assert settings.recent_databases(ui_settings) == ["/tmp/a.sqlite3", "/tmp/b.sqlite3"]


def test_settings_live_in_the_isolated_config_folder(isolated_home: Path) -> None:
    assert settings.settings_path().is_relative_to(isolated_home)


def test_a_change_saved_by_a_dialog_is_recorded_for_undo(context) -> None:
    with context.transaction() as session:
        make_program(session, name="Before")
    with context.transaction() as session:
        _rename("After")(session)
    record_edit(context, "rename program", _rename("After"), _rename("Before"))
    assert _program_name(context) == "After"
    context.undo_stack.undo()
    assert _program_name(context) == "Before"
    context.undo_stack.redo()
    assert _program_name(context) == "After"
