"""Showing errors: the coordinator's problems as a message, bugs as a copyable report.

A :class:`~mentordesk.errors.MentorDeskError` (a locked database, a pair that
already exists, a record changed elsewhere) is something the coordinator can
act on: it is shown as it is in a message box. Anything else is a bug: it is
logged with its traceback and shown in a dialog with a report the coordinator
can copy into an e-mail.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mentordesk import APP_NAME, __version__
from mentordesk.errors import ChangedElsewhere, DatabaseProblem, MentorDeskError
from mentordesk.ui.logging_setup import log_file

log = logging.getLogger("mentordesk.ui")


def error_title(error: MentorDeskError) -> str:
    """A short title for the message box of a coordinator's problem."""
    if isinstance(error, DatabaseProblem):
        return "Database problem"
    if isinstance(error, ChangedElsewhere):
        return "Changed elsewhere"
    return "Cannot do that"


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show ``error``: a readable message for a MentorDeskError, a crash report otherwise."""
    if isinstance(error, MentorDeskError):
        log.info("Shown to the user: %s", error)
        QMessageBox.warning(parent, error_title(error), str(error))
        return
    show_crash_report(parent, type(error), error, error.__traceback__)


def crash_report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    """The text of a crash report: versions, then the traceback."""
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}",
        f"{platform.platform()}",
        "",
        *traceback.format_exception(kind, error, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """Says something went wrong, and holds the report ready to copy."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — something went wrong")
        self.report = report
        intro = QLabel(
            "<b>Something went wrong inside MentorDesk.</b><br>"
            "What you saved before this is safe. Please send the report below to "
            "whoever supports MentorDesk for you, with a line about what you were doing."
            f"<br>The log file is <code>{log_file()}</code>."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumSize(640, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)


# Set while a crash dialog is open, so an error raised by a paint event behind
# the dialog does not stack a second dialog on the first.
_showing = False


def show_crash_report(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
) -> None:
    """Log the error with its traceback and show the crash dialog."""
    global _showing
    report = crash_report(kind, error, tb)
    log.error("Unexpected error\n%s", report)
    if _showing or QApplication.instance() is None:
        print(report, file=sys.stderr)
        return
    _showing = True
    try:
        CrashDialog(report, parent or QApplication.activeWindow()).exec()
    finally:
        _showing = False


def exception_hook(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook`` for the window: readable message or crash report, never a silent exit."""
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    if isinstance(error, MentorDeskError):
        show_error(QApplication.activeWindow(), error)
        return
    show_crash_report(None, kind, error, tb)

