"""Where MentorDesk keeps its files on this computer (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from mentordesk import APP_NAME

DATABASE_FILE_NAME = "mentordesk.sqlite3"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """The one SQLite file a coordinator uses when they name no other."""
    return data_dir() / DATABASE_FILE_NAME


def backup_dir() -> Path:
    return data_dir() / "backups"
