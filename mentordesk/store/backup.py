"""Copies of a SQLite database, made with SQLite's online backup API.

The online API gives a consistent copy even while the program is writing, which
a plain file copy of a WAL database does not.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` starts with the SQLite file header (an empty file does not)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy the database at ``source`` to ``destination`` consistently; returns it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
        sqlite3.connect(partial) as dst,
    ):
        src.backup(dst)
    dst.close()
    src.close()
    # Only a finished copy gets the real name, so a crash never leaves half a backup.
    partial.replace(destination)
    return destination


def timestamped_backup(source: Path, folder: Path, reason: str) -> Path:
    """A backup named after the database, the moment and why it was made."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_sqlite(source, folder / f"{source.stem}-{stamp}-{reason}.sqlite3")
