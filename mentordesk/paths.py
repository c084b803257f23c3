"""Where MentorDesk keeps its files on this computer (platformdirs).

On Linux the folders follow the XDG rule, which is read here without importing
platformdirs: it is seven modules, 7-20 ms before the window's first paint (the settings
and the data folder are needed before it). platformdirs decides on every other system,
and on Linux wherever the rule needs more than an absolute variable or home (no absolute
HOME, Android). tests/test_paths.py holds the two equal.
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

from mentordesk import APP_NAME

DATABASE_FILE_NAME = "mentordesk.sqlite3"

DEMO_DATABASE_FILE_NAME = "MentorDesk demo.sqlite3"
"""The demo program's own database, beside the user's: the demo never goes into theirs."""


XDG_FOLDERS = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "state": ("XDG_STATE_HOME", "~/.local/state"),
}
"""Each XDG folder MentorDesk uses: its variable and its default, as platformdirs reads them."""


def _xdg_folder(kind: str) -> str | None:
    """The XDG base folder of ``kind`` on Linux, or None where platformdirs must decide."""
    if not sys.platform.startswith("linux") or "ANDROID_DATA" in os.environ:
        return None
    variable, default = XDG_FOLDERS[kind]
    value = os.environ.get(variable, "")
    if posixpath.isabs(value):
        return value
    if posixpath.isabs(os.environ.get("HOME", "")):
        return os.path.expanduser(default)
    return None  # platformdirs falls back to the password database, or refuses


def data_dir() -> Path:
    folder = _xdg_folder("data")
    if folder is not None:
        return Path(folder, APP_NAME)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The folder of the window's settings."""
    folder = _xdg_folder("config")
    if folder is not None:
        return Path(folder, APP_NAME)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    folder = _xdg_folder("state")
    if folder is not None:
        return Path(folder, APP_NAME, "log")
    import platformdirs

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
