"""The window's log: a rotating file in the user's log folder, plus Qt's own messages."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from mentordesk.paths import log_dir
from mentordesk.private import create_private_file, private_folder

LOG_FILE_NAME = "mentordesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger("mentordesk")
_qt_log = logging.getLogger("mentordesk.qt")
_handler: logging.Handler | None = None

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_file() -> Path:
    """The current log file (older ones get .1, .2, … appended)."""
    return log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO, *, qt_messages: bool = True) -> Path:
    """Send MentorDesk's log (and Qt's messages) to the rotating log file; returns its path.

    Calling it again is harmless: the handler is installed once per process.
    """
    global _handler
    path = log_file()
    if _handler is None:
        # The log can name people: readable by its owner only (0600 in a 0700 folder).
        private_folder(path.parent)
        create_private_file(path)
        _handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
        _handler.setFormatter(logging.Formatter(FORMAT))
        log.addHandler(_handler)
        log.setLevel(level)
        if qt_messages:
            qInstallMessageHandler(_qt_message)
    return path


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), message)
