"""Fixtures for the window's tests: a fresh database file and a fresh main window each time.

Message boxes and the crash dialog never block a test: they are recorded in
``messages`` (and a crash report that a test did not expect fails it). Dialogs
opened with ``exec()`` are driven by :func:`run_dialog`.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from mentordesk.store.database import Database, open_database


def _desktop_sized_offscreen_screen() -> None:
    """Give the offscreen platform a 1920×1200 screen instead of its 800×600 default,
    so windows are restored at the sizes a coordinator's desktop would allow."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    config = Path(tempfile.gettempdir()) / f"mentordesk-test-screen-{os.getpid()}.json"
    screen = {"name": "offscreen", "x": 0, "y": 0, "width": 1920, "height": 1200}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


_desktop_sized_offscreen_screen()

@pytest.fixture(scope="session", autouse=True)
def collect_garbage_on_the_gui_thread(qapp) -> Iterator[None]:
    """As in the program: Qt objects are never freed by a collection on a worker thread."""
    from mentordesk.ui.collector import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


@dataclass
class Messages:
    """Every message box a test caused, as (kind, title, text)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    #: What ``question`` answers (tests set it).
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes

    def texts(self) -> list[str]:
        return [text for _kind, _title, text in self.shown]


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[Messages]:
    record = Messages()

    def recorder(kind: str) -> Callable[..., Any]:
        def show(_parent: QWidget | None, title: str, text: str, *args: Any, **kw: Any) -> Any:
            record.shown.append((kind, title, text))
            if kind == "question":
                return record.answer
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder(kind)))

    def box_exec(box: QMessageBox) -> int:
        record.shown.append(("box", box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", box_exec)

    from mentordesk.ui import errors

    def crash(_parent: object, kind: type, error: BaseException, tb: object) -> None:
        record.crashes.append(errors.crash_report(kind, error, tb))  # type: ignore[arg-type]

    monkeypatch.setattr(errors, "show_crash_report", crash)
    yield record
    assert not record.crashes, "unexpected crash report:\n" + "\n".join(record.crashes)


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    from mentordesk.ui.settings import open_settings

    return open_settings(tmp_path / "settings" / "mentordesk.ini")


@pytest.fixture
def ui_database(db_path: Path) -> Iterator[Database]:
    """A fresh database file, also used by the window under test (separate engine)."""
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def make_window(qtbot, ui_settings: QSettings, db_path: Path) -> Callable[..., Any]:
    """Build a main window on ``db_path`` (call after filling the database)."""
    from mentordesk.ui.main_window import MainWindow

    def make(settings: QSettings | None = None, as_of: date | None = None) -> MainWindow:
        window = MainWindow(settings or ui_settings)
        qtbot.addWidget(window)
        assert window.open_location(str(db_path))
        if as_of is not None:
            window.set_as_of(as_of)
        window.show()
        qtbot.waitExposed(window)
        wait_for_workers(qtbot)
        return window

    return make


def wait_for_workers(qtbot, timeout: int = 10_000) -> None:
    """Wait until every background job has delivered its result."""
    from mentordesk.ui.worker import running_jobs

    # Refreshes are scheduled for the next event-loop turn: let them start first.
    QApplication.processEvents()
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=timeout)
    QApplication.processEvents()


class DialogDriver:
    """Drives the next ``dialog_class`` opened with ``exec()``; see :func:`run_dialog`."""

    def __init__(self, qtbot, dialog_class: type[QDialog], drive: Callable[[Any], None]):
        self.qtbot = qtbot
        self.dialog_class = dialog_class
        self.drive = drive
        self.ran = False
        self.error: BaseException | None = None
        self.previous = QApplication.activeWindow()
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if self.ran:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, self.dialog_class) and widget.isVisible():
                self.ran = True
                try:
                    # A window manager activates a modal dialog; offscreen, ask for it.
                    widget.activateWindow()
                    self.qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
                    self.drive(widget)
                except BaseException as error:  # reported by finish(), not lost in a slot
                    self.error = error
                if widget.isVisible():
                    # The drive left it open (or failed): close it so exec() returns.
                    widget.done(QDialog.DialogCode.Rejected)
                return
        QTimer.singleShot(20, self._poll)

    def finish(self) -> None:
        """Call after the action that opened the dialog: re-raise what went wrong."""
        if self.error is not None:
            raise self.error
        assert self.ran, f"no {self.dialog_class.__name__} was opened"
        if self.previous is not None:
            # A window manager gives the focus back to the window under the dialog.
            self.previous.activateWindow()
            self.qtbot.waitUntil(self.previous.isActiveWindow, timeout=2000)


def run_dialog(qtbot, dialog_class: type[QDialog], drive: Callable[[Any], None]) -> DialogDriver:
    """When a ``dialog_class`` opens (modally, via exec), call ``drive(dialog)`` on it.

    Start it *before* the action that opens the dialog, and call ``finish()`` after.
    A dialog the drive leaves open is closed, so a failing test never hangs.
    """
    return DialogDriver(qtbot, dialog_class, drive)
