"""What every view and dialog of the window shares: the open database and its signals.

Views never keep ORM objects: they call a service inside ``context.transaction()``
and keep the plain rows it returns. After saving, a view calls
``context.notify_changed()`` so the other views reload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:
    # Imported for its name only: the window paints before the store is loaded.
    from sqlalchemy.orm import Session

    from mentordesk.store.database import Database

T = TypeVar("T")


@dataclass(frozen=True)
class PairSelection:
    """Some pairs to show in Pairs, with what they are (a dashboard figure's pairs)."""

    title: str
    pair_ids: frozenset[int]


class AppContext(QObject):
    """The window's shared state; one per open database."""

    #: Something was saved: views showing data reload (cheaply) when next visible.
    data_changed = Signal()
    #: The chosen program changed (None means every program).
    program_changed = Signal(object)
    #: The "as of" day of the dashboard and risk flags changed.
    as_of_changed = Signal(object)
    #: A view asks the window to show one pair's detail.
    open_pair_requested = Signal(int)
    #: A view asks the window to show another view, by its ``name``.
    show_view_requested = Signal(str)
    #: A view asks the window to show these pairs (a :class:`PairSelection`) in Pairs.
    show_pairs_requested = Signal(object)
    #: A view or dialog shows the way to a next step: "import_roster", "add_person",
    #: "new_pair" or "find_mentor" (an empty program's guidance).
    next_step_requested = Signal(str)

    def __init__(self, database: Database, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self._program_id: int | None = None
        self._as_of: date | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action against the database (see ``Database.transaction``)."""
        with self.database.transaction() as session:
            yield session

    def call(self, service: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run ``service(session, *args, **kwargs)`` in its own transaction."""
        with self.database.transaction() as session:
            return service(session, *args, **kwargs)

    def notify_changed(self) -> None:
        self.data_changed.emit()

    @property
    def program_id(self) -> int | None:
        return self._program_id

    def set_program_id(self, program_id: int | None) -> None:
        if program_id != self._program_id:
            self._program_id = program_id
            self.program_changed.emit(program_id)

    @property
    def as_of(self) -> date:
        """The day the figures are computed for: a chosen day, else today."""
        return self._as_of or date.today()

    def set_as_of(self, day: date | None) -> None:
        if day != self._as_of:
            self._as_of = day
            self.as_of_changed.emit(self.as_of)
