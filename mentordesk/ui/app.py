"""The QApplication: names for QSettings, the log, the exception hook, and the start-up.

At start the window opens the database named on the command line, else the
one open when it last closed, else the default file. If that fails the
coordinator reads why and may open another file, create a new one, or quit.

The window is on screen first: its shell paints (navigation and "Opening the
database…"), then the rest is made on the next turn of the event loop: the log, the
icons, the menus, the database and the views. So this module and the shell import
Qt's widgets and little else; the rest loads after the first paint.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from mentordesk import APP_NAME, __version__
from mentordesk.paths import default_database_path
from mentordesk.ui.collector import collect_on_gui_thread
from mentordesk.ui.main_window import DATABASE_FILTER, MainWindow
from mentordesk.ui.pyside_sources import read_sources_without_keeping
from mentordesk.ui.settings import last_database, open_settings

ORGANISATION = "MentorDesk"
log = logging.getLogger("mentordesk.ui")


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication, named so settings and dialogs say MentorDesk (the main
    window gives it its icon once built: drawing it is no part of the first paint)."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("mentordesk")
    collect_on_gui_thread(app)
    return app


def start_location(explicit_location: str | None, remembered: str | None) -> str:
    """Which database to open first: the one asked for, the last one, else the default.

    A remembered file that has since been moved or deleted is passed over
    (opening it would silently create an empty database in its place).
    """
    if explicit_location:
        return explicit_location
    if remembered and ("://" in remembered or Path(remembered).exists()):
        return remembered
    return str(default_database_path())


def _recover(window: MainWindow) -> bool:
    """After a failed open at start: let the coordinator pick another database, or quit."""
    from PySide6.QtWidgets import QMessageBox  # its type is made on first use: not at start

    while True:
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(APP_NAME)
        box.setText("MentorDesk needs a database to work in.")
        box.setInformativeText("Open another database file, create a new one, or quit.")
        open_button = box.addButton("Open another…", QMessageBox.ButtonRole.AcceptRole)
        new_button = box.addButton("Create new…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_button:
            path = window.choose_path("Open database", DATABASE_FILTER, save=False)
            if path and window.open_location(path, create=False):
                return True
        elif clicked is new_button:
            path = window.choose_path("New database", DATABASE_FILTER, save=True)
            if path and window.open_location(path):
                return True
        else:
            return False


class _FirstPaint(QObject):
    """Calls back once, on the turn of the event loop after ``widget`` first painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def when_first_painted(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` just after ``widget`` is first on screen (not before, as a
    zero timer would: that fires before the first paint)."""
    _FirstPaint(widget, callback)


def _exception_hook(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Uncaught exceptions go to the crash report; its dialog loads only when one occurs."""
    from mentordesk.ui.errors import exception_hook

    exception_hook(kind, error, tb)


def run_application(location: str, *, explicit: bool) -> int:
    """Open the window on the right database and run until it closes; the exit code."""
    sys.excepthook = _exception_hook
    read_sources_without_keeping()
    app = create_application()
    settings = open_settings()
    first = start_location(location if explicit else None, last_database(settings))
    window = MainWindow(settings, shell_only=True)
    # Paint the window first, then make the rest and open the database: the coordinator
    # sees the program start at once, even when a big database takes a moment to open.
    window.show()

    def open_first() -> None:
        from mentordesk.ui.logging_setup import setup_logging

        log_path = setup_logging()
        log.info("%s %s starting; log at %s", APP_NAME, __version__, log_path)
        window.finish_building()
        app.setWindowIcon(window.windowIcon())  # the dialogs' too
        if not window.open_location(first) and not _recover(window):
            app.exit(2)

    when_first_painted(window, open_first)
    code = app.exec()
    log.info("%s closed", APP_NAME)
    return int(code)
