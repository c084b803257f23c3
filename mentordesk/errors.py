"""The errors a coordinator can act on.

Anything raised as ``MentorDeskError`` carries a message written for the
coordinator and is shown as it is (a dialog in the window, one line on the
command line). Every other exception is a bug and gets a crash report.
"""

from __future__ import annotations


class MentorDeskError(Exception):
    """A problem the user can fix; ``str(error)`` is the sentence to show."""


class NotFound(MentorDeskError):
    """The record asked for does not exist (any more)."""


class ChangedElsewhere(MentorDeskError):
    """Someone else saved the same record after it was opened here."""


class DatabaseProblem(MentorDeskError):
    """The database cannot be opened or written: wrong file, newer version, locked, read-only."""


class DatabaseDamaged(DatabaseProblem):
    """The database file is damaged (SQLite cannot read all of it); restore a backup.

    ``path`` is the damaged file; ``backup`` the newest backup that passes SQLite's
    integrity check, when one was found; ``what`` what is wrong, in a few words.
    """

    def __init__(
        self, message: str, path: object = None, backup: object = None, what: str = ""
    ) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup
        self.what = what


class FieldProblem(MentorDeskError):
    """A form value is wrong; ``field`` names it so the form can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
