"""Backing up and restoring a whole MentorDesk database file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL

from mentordesk.errors import MentorDeskError
from mentordesk.paths import backup_dir
from mentordesk.store import migrate, server_backup
from mentordesk.store.backup import (
    backup_sqlite,
    copy_database,
    is_sqlite_file,
    timestamped_backup,
)
from mentordesk.store.damage import set_aside
from mentordesk.store.database import Database, database_url, open_database, read_only_reason


@dataclass(frozen=True)
class BackupResult:
    path: Path
    #: How the copy was made, in words for the coordinator.
    method: str


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_kept_at: Path | None
    #: People erased since the backup was made, erased again from the ledger.
    erasures_reapplied: int = 0


def back_up(database: Database, out: Path) -> BackupResult:
    """Write a consistent copy of the open database to ``out`` (safe while it is in use).

    A SQLite file is copied with SQLite's online backup; a PostgreSQL database is
    dumped with pg_dump (custom format, for pg_restore).
    """
    if out.exists() and out.is_dir():
        out = out / "mentordesk-backup"
    if database.path is None:
        return _back_up_server(database, out)
    if out.resolve() == database.path.resolve():
        raise MentorDeskError("The backup cannot overwrite the database it copies.")
    try:
        backup_sqlite(database.path, out)
    except (OSError, sqlite3.Error) as error:
        raise MentorDeskError(f"Could not write the backup to {out}: {error}") from error
    return BackupResult(out, "a copy of the SQLite file (SQLite online backup)")


def _back_up_server(database: Database, out: Path) -> BackupResult:
    if server_backup.pg_tool("pg_dump") is None:
        raise MentorDeskError(
            "pg_dump is not installed here; install PostgreSQL's client tools to back up "
            "a server database, or export each program with 'mentordesk export program'."
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        server_backup.pg_dump(database.url, out)
    except RuntimeError as error:
        raise MentorDeskError(f"pg_dump could not back up the database: {error}") from error
    return BackupResult(out, "a pg_dump archive (restore with 'mentordesk restore')")


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
                revision = str(row[0]) if row else None
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
        return _restore_server(url, backup_file, backups)
    target = Path(str(url.database))
    check_backup_file(backup_file)
    if target.exists() and target.resolve() == backup_file.resolve():
        raise MentorDeskError("That file is the current database itself.")
    reason = read_only_reason(target)
    if reason is not None:
        raise MentorDeskError(
            f"Cannot restore into {target}: {reason} (read-only media). Nothing was changed; "
            "copy the backup to a folder you can write to and open it there."
        )
    kept = None
    if target.exists() and target.stat().st_size > 0:
        try:
            kept = timestamped_backup(target, backups or backup_dir(), "before-restore")
        except (sqlite3.DatabaseError, UnicodeDecodeError):
            # Too damaged to copy page by page: moved aside whole (kept, not deleted).
            kept = set_aside(target, backups or backup_dir())
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        copy_database(backup_file, target)
    except sqlite3.Error as error:
        raise MentorDeskError(f"Could not restore into {target}: {error}.") from error
    reapplied = _apply_erasures(open_database(target, backups=backups), backups)
    return RestoreResult(
        restored_from=backup_file, previous_kept_at=kept, erasures_reapplied=reapplied
    )


def _apply_erasures(database: Database, backups: Path | None) -> int:
    """Erase again, in the restored database, the people erased since it was backed up."""
    from mentordesk.services.erasure import apply_ledger

    try:
        return apply_ledger(database, backups)
    finally:
        database.close()


def _restore_server(url: URL, dump: Path, backups: Path | None) -> RestoreResult:
    if not dump.is_file():
        raise MentorDeskError(f"There is no file at {dump}.")
    if not server_backup.is_pg_dump_file(dump):
        raise MentorDeskError(
            f"{dump} is not a pg_dump archive; a server database is restored from the "
            "file 'mentordesk backup' wrote for it."
        )
    folder = backups or backup_dir()
    kept = folder / f"server-{datetime.now():%Y%m%d-%H%M%S-%f}-before-restore.pgdump"
    database = open_database(url.render_as_string(hide_password=False))
    try:
        _back_up_server(database, kept)
    finally:
        database.close()
    try:
        server_backup.pg_restore(url, dump)
    except RuntimeError as error:
        raise MentorDeskError(f"pg_restore could not restore {dump}: {error}") from error
    reapplied = _apply_erasures(open_database(url.render_as_string(hide_password=False)), backups)
    return RestoreResult(restored_from=dump, previous_kept_at=kept, erasures_reapplied=reapplied)
