"""What every sub-command gets from the ``mentordesk`` command: the exit codes and the
:class:`Context` holding the database the user chose, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mentordesk.errors import MentorDeskError

if TYPE_CHECKING:
    # Loaded by the commands that need it: starting the window does not wait for the store.
    from mentordesk.store.database import Database

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USER_ERROR = 2


CREATING_COMMANDS = ("demo", "import")
"""The only sub-commands that may create a new database (with the window's File → New
database): any other refuses a missing or empty file, so a mistyped --db path never
silently becomes a new empty database."""


@dataclass
class Context:
    """What every sub-command gets: the database the user chose, opened on first use.

    ``may_create`` is true for the commands that may make a new database
    (:data:`CREATING_COMMANDS`); ``explicit`` says the location was given
    (--db or $MENTORDESK_DB) rather than the default file.
    """

    db_location: str
    may_create: bool = False
    explicit: bool = True
    _database: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        if self._database is None:
            if not self.may_create:
                refuse_missing_database(self.db_location, explicit=self.explicit)
            from mentordesk.store.database import open_database

            self._database = open_database(self.db_location, create=self.may_create)
        return self._database

    def damage_problem(self, error: BaseException) -> MentorDeskError | None:
        """The sentence for an error that says the open database file is damaged (raised
        by a command reading it), or None for any other error."""
        if self._database is None or self._database.path is None:
            return None
        from mentordesk.paths import backup_dir
        from mentordesk.store import damage

        if not damage.is_damage(error):
            return None
        return damage.damaged(self._database.path, self._database.backups or backup_dir(), error)

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


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
