"""Backing up and restoring a whole MentorDesk database file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mentordesk.errors import MentorDeskError
from mentordesk.paths import backup_dir
from mentordesk.store import migrate
from mentordesk.store.backup import (
    backup_sqlite,
    copy_database,
    is_sqlite_file,
    timestamped_backup,
)
from mentordesk.store.database import Database, database_url, open_database


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_kept_at: Path | None


def back_up(database: Database, out: Path) -> Path:
    """Write a consistent copy of the open database to ``out`` (safe while it is in use)."""
    if database.path is None:
        raise MentorDeskError(
            "Backing up a database server is done with the server's own tools (pg_dump)."
        )
    if out.exists() and out.is_dir():
        out = out / f"{database.path.stem}-backup.sqlite3"
    if out.resolve() == database.path.resolve():
        raise MentorDeskError("The backup cannot overwrite the database it copies.")
    try:
        return backup_sqlite(database.path, out)
    except (OSError, sqlite3.Error) as error:
        raise MentorDeskError(f"Could not write the backup to {out}: {error}") from error


def check_backup_file(path: Path) -> str:
    """Check ``path`` is a sound MentorDesk database this version can open; its revision."""
    if not path.is_file():
        raise MentorDeskError(f"There is no file at {path}.")
    if not is_sqlite_file(path):
        raise MentorDeskError(f"{path} is not a MentorDesk database.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise MentorDeskError(f"{path} cannot be read as a database: {error}.") from error
    if integrity != ["ok"]:
        raise MentorDeskError(f"{path} is damaged (the integrity check failed).")
    if revision is None or "program" not in tables:
        raise MentorDeskError(f"{path} is not a MentorDesk database.")
    if revision not in migrate.known_revisions():
        raise MentorDeskError(f"{path} was made by a newer version of MentorDesk.")
    return revision


def restore(location: str, backup_file: Path, backups: Path | None = None) -> RestoreResult:
    """Replace the database at ``location`` with ``backup_file``, keeping a copy first.

    The backup is checked before anything changes; the current database is copied to
    the backups folder; then the backup's pages replace the current ones and the
    schema is brought up to date if the backup is older.
    """
    url = database_url(location)
    if url.get_backend_name() != "sqlite":
        raise MentorDeskError(
            "Restoring into a database server is done with the server's own tools "
            "(pg_restore or psql)."
        )
    target = Path(str(url.database))
    check_backup_file(backup_file)
    if target.exists() and target.resolve() == backup_file.resolve():
        raise MentorDeskError("That file is the current database itself.")
    kept = None
    if target.exists() and is_sqlite_file(target):
        kept = timestamped_backup(target, backups or backup_dir(), "before-restore")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        copy_database(backup_file, target)
    except sqlite3.Error as error:
        raise MentorDeskError(f"Could not restore into {target}: {error}.") from error
    open_database(target, backups=backups).close()
    return RestoreResult(restored_from=backup_file, previous_kept_at=kept)
