"""Copies of a SQLite database, made with SQLite's online backup API.

The online API gives a consistent copy even while the program is writing, which
a plain file copy of a WAL database does not.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from mentordesk.partial_files import clean_unfinished, partial_copy
from mentordesk.private import make_private_files, private_folder

SQLITE_HEADER = b"SQLite format 3\x00"
AUTOMATIC = "opened"


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` starts with the SQLite file header (an empty file does not)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def copy_database(source: Path, destination: Path) -> None:
    """Overwrite ``destination``'s content with ``source``'s, page by page, consistently.

    Both may be open elsewhere: SQLite's backup API takes the locks it needs, so
    a running program sees either the old database or the new one, never a mix.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy the database at ``source`` to ``destination``; returns ``destination``.

    The copy is written to ``destination.partial`` (readable by its owner only) and
    renamed when whole; a failed or killed copy leaves no partial file behind (see
    :mod:`mentordesk.partial_files`).
    """
    clean_unfinished()
    private_folder(destination.parent)
    partial = destination.with_name(destination.name + ".partial")
    with partial_copy(partial):
        # Made empty and private first: SQLite gives its -journal the file's mode.
        partial.touch(mode=0o600)
        make_private_files(partial)
        copy_database(source, partial)
        # A backup is one self-contained file, whatever the live database's journal.
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
        # Only a finished copy gets the real name, so a crash never leaves half a backup.
        partial.replace(destination)
    make_private_files(destination)
    return destination


def timestamped_backup(source: Path, folder: Path, reason: str) -> Path:
    """A backup named after the database, the moment and why it was made."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_sqlite(source, folder / f"{source.stem}-{stamp}-{reason}.sqlite3")


def automatic_backup(source: Path, folder: Path, keep: int) -> Path | None:
    """The backup made whenever a database is opened, keeping only the newest ``keep``.

    Backups made for other reasons (before an upgrade, before a restore) are never
    deleted here: they are rarer and matter more.
    """
    if keep <= 0 or not source.exists():
        return None
    made = timestamped_backup(source, folder, AUTOMATIC)
    pattern = f"{source.stem}-*-{AUTOMATIC}.sqlite3"
    automatic = sorted(folder.glob(pattern), key=lambda path: path.name, reverse=True)
    for old in automatic[keep:]:
        old.unlink(missing_ok=True)
    return made
