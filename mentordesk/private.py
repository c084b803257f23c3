"""Files only their owner can read: MentorDesk's data is about people.

On POSIX every file MentorDesk writes (database, its -wal and -shm, backups, the
log, the settings, exports, person exports, program files) is created 0600 and
every folder it makes 0700. :func:`private_umask` makes that the default for the
whole process (SQLite, Qt and ReportLab create files themselves); the helpers
below also set the mode explicitly, for callers that run without it (tests, a
program embedding MentorDesk). Existing folders the coordinator chose are left
as they are; only what MentorDesk creates is narrowed. On Windows the modes mean
little and the user's profile folders are private already, so nothing is done.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
UMASK = 0o077

POSIX = os.name == "posix"


def private_umask() -> int:
    """Make files and folders the process creates private from now on; the old umask."""
    return os.umask(UMASK) if POSIX else 0


def make_private(path: Path) -> None:
    """Narrow ``path`` (a file MentorDesk made) to its owner; silent if that is not possible."""
    if not POSIX:
        return
    try:
        if path.is_dir():
            path.chmod(FOLDER_MODE)
        elif path.exists():
            path.chmod(FILE_MODE)
    except OSError:
        pass


def make_private_files(*paths: Path) -> None:
    for path in paths:
        make_private(path)


def private_folder(path: Path) -> Path:
    """Create ``path`` and any missing parents 0700 (existing ones are not changed)."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        make_private(folder)
    return path


def create_private_file(path: Path) -> None:
    """Create an empty file 0600 if there is none yet (before another library fills it)."""
    if not POSIX:
        path.touch(exist_ok=True)
        return
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(descriptor)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, a file readable by its owner only."""
    write_private_bytes(path, text.encode("utf-8"))


def write_private_bytes(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, FILE_MODE)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    make_private(path)
