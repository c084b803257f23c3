"""What every sub-command gets from the ``mentordesk`` command: the exit codes and the
:class:`Context` holding the database the user chose, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mentordesk.errors import MentorDeskError
from mentordesk.locations import refuse_missing_database

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
