"""Undoable edits: QUndoCommands that call services to apply and revert a change.

Every edit made in a view goes through ``context.undo_stack`` as one of these,
so Edit → Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) work the same everywhere.
Each step runs in its own transaction and then tells the views to reload.

- :class:`EditCommand`: a change whose undo is known up front — set a pair's
  status and set it back, set an ethics cell and restore the previous state.
  Built from two functions taking a Session.
- :class:`CreateCommand`: a new record that undo deletes — log an activity.
  Redo creates it again (with a new id), so ``delete`` gets the id that
  ``create`` returned this time.

A dialog validates and saves in its own ``accept()`` (so a problem points at
its field); the view then *records* the saved change with :func:`record_edit`
or :func:`record_create`, whose first redo does nothing.

If a step fails (the record changed elsewhere, the database is locked), the
coordinator sees why, and the history is cleared: after a failed undo the
stack no longer describes the database, and replaying it would mislead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

from mentordesk.ui.context import AppContext
from mentordesk.ui.errors import show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger("mentordesk.ui.undo")

T = TypeVar("T")


class ServiceCommand(QUndoCommand):
    """Base: runs a step in a transaction, notifies the views, handles failure."""

    def __init__(self, context: AppContext, text: str, *, applied: bool = False) -> None:
        super().__init__(text)
        self.context = context
        #: The error of the last failed step (tests and callers may look).
        self.error: BaseException | None = None
        self._first = True
        #: The change was already saved (by a dialog): the first redo only records it.
        self._applied = applied

    def _run(self, step: Callable[[Session], object], *, first: bool) -> object:
        self.error = None
        try:
            with self.context.transaction() as session:
                result = step(session)
        except Exception as error:
            self.error = error
            log.info("Edit %r failed: %s", self.text(), error)
            show_error(QApplication.activeWindow(), error)
            if first:
                # Nothing was applied: drop the command instead of recording it.
                self.setObsolete(True)
            else:
                # Clear once this undo/redo call has returned to the stack.
                QTimer.singleShot(0, self.context.undo_stack.clear)
            return None
        self.context.notify_changed()
        return result


class EditCommand(ServiceCommand):
    """A change made by ``apply(session)`` and taken back by ``revert(session)``."""

    def __init__(
        self,
        context: AppContext,
        text: str,
        apply: Callable[[Session], object],
        revert: Callable[[Session], object],
        *,
        applied: bool = False,
    ) -> None:
        super().__init__(context, text, applied=applied)
        self.apply = apply
        self.revert = revert

    def redo(self) -> None:
        first, self._first = self._first, False
        if first and self._applied:
            self.context.notify_changed()
            return
        self._run(self.apply, first=first)

    def undo(self) -> None:
        self._run(self.revert, first=False)


class CreateCommand(ServiceCommand, Generic[T]):
    """A record made by ``create(session) -> key``, removed by ``delete(session, key)``."""

    def __init__(
        self,
        context: AppContext,
        text: str,
        create: Callable[[Session], T],
        delete: Callable[[Session, T], object],
        *,
        created: T | None = None,
    ) -> None:
        super().__init__(context, text, applied=created is not None)
        self.create = create
        self.delete = delete
        self.key: T | None = created

    def redo(self) -> None:
        first, self._first = self._first, False
        if first and self._applied:
            self.context.notify_changed()
            return
        result = self._run(self.create, first=first)
        self.key = None if self.error is not None else result  # type: ignore[assignment]

    def undo(self) -> None:
        key = self.key
        if key is None:
            return
        self._run(lambda session: self.delete(session, key), first=False)


def push(command: ServiceCommand) -> bool:
    """Apply ``command`` and record it for undo; False (and the error shown) if it failed."""
    command.context.undo_stack.push(command)
    return command.error is None


def push_edit(
    context: AppContext,
    text: str,
    apply: Callable[[Session], object],
    revert: Callable[[Session], object],
) -> bool:
    """Apply an undoable change; see :class:`EditCommand`."""
    return push(EditCommand(context, text, apply, revert))


def record_edit(
    context: AppContext,
    text: str,
    apply: Callable[[Session], object],
    revert: Callable[[Session], object],
) -> None:
    """Record a change a dialog has already saved, so Undo can take it back."""
    push(EditCommand(context, text, apply, revert, applied=True))


def record_create(
    context: AppContext,
    text: str,
    key: T,
    create: Callable[[Session], T],
    delete: Callable[[Session, T], object],
) -> None:
    """Record a record a dialog has already created (its ``key``), so Undo can delete it."""
    push(CreateCommand(context, text, create, delete, created=key))


def push_create(
    context: AppContext,
    text: str,
    create: Callable[[Session], T],
    delete: Callable[[Session, T], object],
) -> T | None:
    """Create a record undoably; returns its key, or None if it could not be created."""
    command: CreateCommand[T] = CreateCommand(context, text, create, delete)
    if not push(command):
        return None
    return command.key
