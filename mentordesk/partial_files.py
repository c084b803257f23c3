"""Half-written copies (``FILE.partial`` and its -wal, -shm and -journal) never outlive
the copy that wrote them.

A backup, a restore's safety copy or a program file is written under a temporary
name and moved into place only once whole. The temporary file holds the same
confidential data, so it is removed when the copy fails, and, when the process
was killed before it could do so, at the next start: each copy in progress
leaves a small marker (the process id and the temporary file's path) in the
user data folder, and :func:`clean_unfinished` removes the files of every
marker whose process is gone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from mentordesk.paths import data_dir
from mentordesk.private import private_folder

#: SQLite's companions of a database file (a copy made through SQLite has them too).
COMPANIONS = ("-wal", "-shm", "-journal")


def markers_dir() -> Path:
    return data_dir() / "unfinished-copies"


def partial_files(partial: Path) -> list[Path]:
    """The temporary file and its SQLite companions."""
    return [partial, *(partial.with_name(partial.name + suffix) for suffix in COMPANIONS)]


def remove_partial(partial: Path) -> int:
    """Remove the temporary file and its companions; how many there were."""
    removed = 0
    for path in partial_files(partial):
        with suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextmanager
def partial_copy(partial: Path) -> Iterator[Path]:
    """Write a copy at ``partial``: removed with its companions if the block fails,
    and at the next start if the process dies inside it."""
    marker: Path | None = None
    try:
        folder = private_folder(markers_dir())
        # A random name as uuid4 makes it, without importing uuid (and platform) at start.
        marker = folder / f"{os.getpid()}-{os.urandom(16).hex()}.txt"
        marker.write_text(f"{os.getpid()}\n{partial.resolve()}\n", encoding="utf-8")
    except OSError:
        marker = None  # no data folder (read-only home): the failure path still cleans up
    try:
        remove_partial(partial)
        yield partial
    except BaseException:
        remove_partial(partial)
        raise
    else:
        # The copy was moved into place (else it was not wanted after all); SQLite's
        # companions must not stay behind either.
        remove_partial(partial)
    finally:
        if marker is not None:
            with suppress(OSError):
                marker.unlink()


def clean_unfinished() -> list[Path]:
    """Remove what copies killed part-way left behind; the temporary files removed."""
    try:
        markers = list(markers_dir().glob("*.txt"))
    except OSError:
        return []  # an unreadable data folder: nothing of ours can be lying there
    removed: list[Path] = []
    for marker in markers:
        try:
            pid_text, path_text = marker.read_text(encoding="utf-8").splitlines()[:2]
            pid = int(pid_text)
        except (OSError, ValueError):
            with suppress(OSError):
                marker.unlink()
            continue
        if _alive(pid):
            continue
        partial = Path(path_text)
        if partial.name.endswith(".partial") and remove_partial(partial):
            removed.append(partial)
        with suppress(OSError):
            marker.unlink()
    return removed
