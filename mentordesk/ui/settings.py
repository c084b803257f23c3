"""The window's remembered settings: one INI file in the user's config folder.

The file is named explicitly (not Qt's per-platform default) so that the
location follows platformdirs like every other MentorDesk file, and so tests
that point the config folder at ``tmp_path`` get a fresh file each time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QLocale, QSettings

from mentordesk import APP_NAME
from mentordesk.private import create_private_file, private_folder

if TYPE_CHECKING:
    # Loaded when a paper is asked for: the reports package loads ReportLab, and the
    # window paints before it (these settings are read before the first paint).
    from mentordesk.reports.paper import Paper

SETTINGS_FILE_NAME = "mentordesk.ini"
MAX_RECENT = 8

KEY_LAST_DATABASE = "database/last"
KEY_RECENT_DATABASES = "database/recent"
KEY_GEOMETRY = "window/geometry"
KEY_WINDOW_STATE = "window/state"
KEY_SPLITTER = "window/splitter"
KEY_CURRENT_VIEW = "window/current_view"
KEY_PROGRAM = "window/program"
KEY_PROGRAM_DATABASE = "window/program_database"
VIEWS_GROUP = "views"

#: The coordinator's name in the audit log; empty means the login name.
KEY_ACTOR = "audit/actor"
#: How many automatic backups (made on opening a database) are kept.
KEY_BACKUPS_TO_KEEP = "backup/keep"
#: The folder the coordinator last wrote a backup to, or chose a file to import or export.
KEY_BACKUP_FOLDER = "backup/folder"
KEY_FILES_FOLDER = "files/folder"
#: The paper every PDF is laid out on: "auto" (the system's), "a4" or "letter".
KEY_PAPER = "print/paper"
PAPER_AUTOMATIC = "auto"

DEFAULT_BACKUPS_TO_KEEP = 10
MAX_BACKUPS_TO_KEEP = 500


def settings_path() -> Path:
    """Where the window's settings live on this computer."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE_NAME


def open_settings(path: Path | None = None) -> QSettings:
    """The window's settings (``path`` overrides the usual file, e.g. for screenshots)."""
    target = path or settings_path()
    # It names recent databases and folders: readable by its owner only (0600, folder 0700).
    private_folder(target.parent)
    create_private_file(target)
    return QSettings(os.fspath(target), QSettings.Format.IniFormat)


def read_list(settings: QSettings, key: str) -> list[str]:
    """A list of strings; INI files give back a bare string for a one-item list."""
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value]


def recent_databases(settings: QSettings) -> list[str]:
    """Recently opened databases, newest first."""
    return read_list(settings, KEY_RECENT_DATABASES)


def remember_database(settings: QSettings, location: str) -> None:
    """Record ``location`` as the last database and at the top of the recent list."""
    recent = [item for item in recent_databases(settings) if item != location]
    recent.insert(0, location)
    settings.setValue(KEY_RECENT_DATABASES, recent[:MAX_RECENT])
    settings.setValue(KEY_LAST_DATABASE, location)
    settings.sync()


def forget_database(settings: QSettings, location: str) -> None:
    """Drop ``location`` from the recent list (it could not be opened)."""
    recent = [item for item in recent_databases(settings) if item != location]
    settings.setValue(KEY_RECENT_DATABASES, recent)
    if settings.value(KEY_LAST_DATABASE) == location:
        settings.remove(KEY_LAST_DATABASE)
    settings.sync()


def last_database(settings: QSettings) -> str | None:
    """The database that was open when the window last closed, if any."""
    value = settings.value(KEY_LAST_DATABASE)
    return str(value) if value else None


def actor_name(settings: QSettings) -> str:
    """The name written in the audit log: the one given in Settings, else the login name."""
    from mentordesk.store.database import default_actor

    value = str(settings.value(KEY_ACTOR, "") or "").strip()
    return value or default_actor()


def paper_choice(settings: QSettings) -> str:
    """The paper as chosen in Settings: ``auto``, ``a4`` or ``letter``."""
    value = str(settings.value(KEY_PAPER, PAPER_AUTOMATIC) or PAPER_AUTOMATIC).lower()
    return value if value in ("a4", "letter") else PAPER_AUTOMATIC


def system_paper() -> Paper:
    """The paper of the system's locale (QLocale): Letter in the US, Canada, Mexico,
    the Philippines and the other Letter countries, A4 elsewhere."""
    from mentordesk.reports.paper import Paper, territory_of

    return Paper.for_territory(territory_of(QLocale.system().name()))


def report_paper(settings: QSettings) -> Paper:
    """The paper the window's PDFs are laid out on: the one chosen in Settings, else
    the system's."""
    from mentordesk.reports.paper import Paper

    choice = paper_choice(settings)
    return system_paper() if choice == PAPER_AUTOMATIC else Paper.parse(choice)


def backups_to_keep(settings: QSettings) -> int:
    """How many automatic backups to keep (0: make none); the default when unset or unreadable."""
    value = settings.value(KEY_BACKUPS_TO_KEEP, DEFAULT_BACKUPS_TO_KEEP)
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_BACKUPS_TO_KEEP
    return min(max(number, 0), MAX_BACKUPS_TO_KEEP)
