"""What a database location names (a file, or a server's address), and the refusal of a
file that is not there: read by the window before its first paint and by every command,
so it imports nothing but the errors (the commands' context is a dataclass, and
dataclasses alone is a few milliseconds at start)."""

from __future__ import annotations

from pathlib import Path

from mentordesk.errors import MentorDeskError


def local_database_file(location: str) -> Path | None:
    """The file of a SQLite location (a path or a sqlite:/// address), None for a server
    address or an in-memory database."""
    if "://" not in location:
        return Path(location).expanduser()
    prefix = "sqlite:///"
    if not location.startswith(prefix):
        return None
    path = location[len(prefix) :].split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path).expanduser()


def refuse_missing_database(location: str, *, explicit: bool) -> None:
    """Raise a MentorDeskError when ``location`` names no database file, or an empty one:
    only ``demo``, ``import`` and the window's File → New database make a new one."""
    path = local_database_file(location)
    if path is None or path.is_dir():
        return  # a server, or a folder (the store says why that is wrong)
    creating = (
        "Only 'mentordesk demo', 'mentordesk import' and File → New database in the window "
        "create one."
    )
    if not path.exists():
        if explicit:
            raise MentorDeskError(
                f"There is no MentorDesk database at {path}; check the path given with "
                f"--db (or $MENTORDESK_DB). {creating}"
            )
        raise MentorDeskError(
            f"There is no MentorDesk database yet at {path}, the default place: start the "
            f"window to create one, or name another with --db. {creating}"
        )
    if path.stat().st_size == 0:
        raise MentorDeskError(
            f"{path} is an empty file, not a MentorDesk database; check the path given "
            f"with --db. {creating}"
        )
