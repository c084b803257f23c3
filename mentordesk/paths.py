"""Where MentorDesk keeps its files on this computer (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from mentordesk import APP_NAME

DATABASE_FILE_NAME = "mentordesk.sqlite3"

DEMO_DATABASE_FILE_NAME = "MentorDesk demo.sqlite3"
"""The demo program's own database, beside the user's: the demo never goes into theirs."""


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """The one SQLite file a coordinator uses when they name no other."""
    return data_dir() / DATABASE_FILE_NAME


def demo_database_path() -> Path:
    """Where the welcome page's demo program (and ``mentordesk demo`` without --db) goes."""
    return data_dir() / DEMO_DATABASE_FILE_NAME


def is_demo_database(location: str) -> bool:
    """Whether ``location`` (a path or address) is the demo database."""
    return "://" not in location and Path(location).name == DEMO_DATABASE_FILE_NAME


def backup_dir() -> Path:
    return data_dir() / "backups"
