"""The one helper for slow work: run it on a pool thread, come back with the result.

Usage (from a view or dialog)::

    run_in_worker(
        self,
        lambda progress: compute(progress),
        on_done=self.show_figures,
        title="Computing the program's figures",
    )

The work function runs on a pool thread and gets a :class:`Progress`: it may
report how far it is (``progress.report(done, total, text)``) and should check
``progress.cancelled`` between steps, returning early (or raising
:class:`Cancelled`) when the coordinator pressed Cancel. The result, or the
error, comes back on the GUI thread: ``on_done(result)``, or ``on_error(error)``
if given, else the error is shown (a readable message for a MentorDeskError, a
crash report otherwise). A cancelled job calls neither.

The work function must not touch widgets; it opens its own transaction
(``context.transaction()`` is safe from any thread: each call makes its own
session).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from shiboken6 import isValid

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog, QWidget

# Qt's namespace, the progress dialog and the error dialogs are imported where a job
# starts or fails: this module is loaded at start, before the window's first paint.

log = logging.getLogger("mentordesk.ui.worker")

T = TypeVar("T")

#: A progress dialog appears only if the work takes longer than this (ms), so
#: quick jobs do not flash a dialog.
DIALOG_DELAY_MS = 400


class Cancelled(Exception):
    """Raised by work that noticed the coordinator pressed Cancel."""


class Progress(QObject):
    """What the work function gets: report progress, ask whether to stop."""

    changed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the coordinator pressed Cancel."""
        if self._cancelled.is_set():
            raise Cancelled

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """``done`` of ``total`` steps (``total`` 0: unknown), with an optional sentence."""
        self.changed.emit(done, total, text)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    #: The pool thread holds nothing of the work any more.
    released = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self.work = work
        self.progress = progress
        self.signals = signals

    def run(self) -> None:
        # Everything the work touched (closures over dialogs, results, tracebacks) must
        # be let go of on the GUI thread: the job keeps its own references, this thread
        # drops its own before saying "released", and the job ends only after that.
        work, self.work = self.work, None
        outcome: tuple[Any, ...]
        try:
            result = work(self.progress)
        except Cancelled:
            outcome = (self.signals.cancelled,)
        except BaseException as error:  # delivered to the GUI thread, never lost
            outcome = (self.signals.failed, error)
        else:
            if self.progress.cancelled:
                outcome = (self.signals.cancelled,)
            else:
                outcome = (self.signals.finished, result)
            del result
        del work
        signal, *arguments = outcome
        del outcome
        self._emit(signal, *arguments)
        del arguments, signal
        self._emit(self.signals.released)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # The receiving side was deleted (the program is closing): nobody to tell.
            log.info("Work finished after its receiver was deleted")


class Job(QObject, Generic[T]):
    """One piece of work in flight; keep it to cancel it or wait for it (tests)."""

    done = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        title: str,
        cancellable: bool,
        show_progress: bool,
    ) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        # No Qt parent: the job outlives a view closed while it runs, and then
        # drops the result instead of calling into a deleted widget.
        super().__init__()
        self._parent_widget = parent
        # The job (a GUI-thread object) keeps the work too: when the pool thread lets go
        # of it, the last reference to anything the work holds (a dialog, a widget) is
        # never dropped there, so Qt objects are only ever deleted on the GUI thread.
        self._work = work
        self.progress = Progress()
        self.on_done = on_done
        self.on_error = on_error
        self.finished = False
        self.background = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self.signals = _Signals()
        self.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.signals.cancelled.connect(self._cancelled, Qt.ConnectionType.QueuedConnection)
        self.signals.released.connect(self._released, Qt.ConnectionType.QueuedConnection)
        self._outcome_handled = False
        self._thread_released = False
        if show_progress:
            self.dialog = QProgressDialog(title, "Cancel" if cancellable else "", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(DIALOG_DELAY_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            if not cancellable:
                self.dialog.setCancelButton(None)
            self.dialog.canceled.connect(self.cancel)
            self.progress.changed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._runnable = _Runnable(work, self.progress, self.signals)

    def start(self) -> None:
        (_background_pool() if self.background else QThreadPool.globalInstance()).start(
            self._runnable
        )

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next check."""
        self.progress.cancel()
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.setLabelText("Stopping…")

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None or self.finished or not isValid(self.dialog):
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        # setValue may run the event loop, and the job may finish (and the dialog go) in it.
        if self.dialog is None or self.finished or not isValid(self.dialog):
            return
        if text and not self.progress.cancelled:
            self.dialog.setLabelText(text)

    def _parent_alive(self) -> bool:
        return self._parent_widget is None or isValid(self._parent_widget)

    def _close_dialog(self) -> None:
        self.finished = True
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None

    @Slot(object)
    def _finished(self, result: T) -> None:
        self._close_dialog()
        self.result = result
        try:
            if self.on_done is not None and self._parent_alive():
                self.on_done(result)
        finally:
            self._end()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._close_dialog()
        self.error = error
        try:
            if not self._parent_alive():
                log.warning("Work failed after its window closed: %r", error)
            elif self.on_error is not None:
                self.on_error(error)
            else:
                from mentordesk.ui.errors import show_error

                show_error(self._parent_widget, error)
        finally:
            self._end()

    @Slot()
    def _cancelled(self) -> None:
        self._close_dialog()
        log.info("Work cancelled by the user")
        self._end()

    @Slot()
    def _released(self) -> None:
        self._thread_released = True
        self._forget_when_both()

    def _end(self) -> None:
        self._outcome_handled = True
        self.done.emit()
        self._forget_when_both()

    def _forget_when_both(self) -> None:
        # Python owns the job (it has no Qt parent): dropping the last reference deletes
        # it, and Qt discards any progress event still queued for it. No deleteLater:
        # that would delete it a second time.
        if self._outcome_handled and self._thread_released:
            _running.discard(self)
            # The pool thread may still be returning from run(), holding the runnable
            # (and through it this job's signals and progress): keep the job a moment
            # longer so those Qt objects are never freed on that thread.
            _lingering.add(self)
            QTimer.singleShot(LINGER_MS, lambda: _lingering.discard(self))


# Jobs are kept alive here until they end, whatever the caller keeps.
_running: set[Job[Any]] = set()
_lingering: set[Job[Any]] = set()
LINGER_MS = 1000


def run_in_worker(
    parent: QWidget | None,
    work: Callable[[Progress], T],
    on_done: Callable[[T], None] | None = None,
    *,
    on_error: Callable[[BaseException], None] | None = None,
    title: str = "Working…",
    cancellable: bool = True,
    show_progress: bool = True,
    background: bool = False,
) -> Job[T]:
    """Run ``work(progress)`` off the GUI thread; see the module docstring.

    ``background`` marks work the coordinator need not wait for (the automatic backup,
    risk flags brought up to date behind figures that say so): the window is usable
    while it runs."""
    job: Job[T] = Job(parent, work, on_done, on_error, title, cancellable, show_progress)
    job.background = background
    _running.add(job)
    job.start()
    return job


def running_jobs() -> int:
    """How many jobs have not ended yet (tests wait for zero)."""
    return len(_running)


def foreground_jobs() -> int:
    """How many jobs the coordinator is waiting for: those not marked background."""
    return sum(1 for job in _running if not job.background)


def stop_running_jobs() -> None:
    """Ask every job to stop and wait until no pool thread runs one any more.

    Called before a database is closed: a job still reading from it would otherwise
    have its connection closed under it (SQLite then crashes the process). Reads end
    within a query; longer work stops at its next check.
    """
    for job in list(_running):
        job.progress.cancel()
    QThreadPool.globalInstance().waitForDone()
    if _background is not None:
        _background.waitForDone()


_background: QThreadPool | None = None


def _background_pool() -> QThreadPool:
    """One thread of its own for background work, so that it never holds a thread of
    the shared pool that the coordinator's own work (a view's rows, a report) waits for:
    on two cores, the backup's check of a large file made the roster wait behind it."""
    global _background
    if _background is None:
        from PySide6.QtCore import QCoreApplication, QThread

        # Parented to the application: ended with it, like Qt's shared pool.
        _background = QThreadPool(QCoreApplication.instance())
        _background.setMaxThreadCount(1)
        # And at idle priority (SCHED_IDLE on Linux): on two cores, the backup's check of
        # a 1 GB file took the processor the first views were read with.
        _background.setThreadPriority(QThread.Priority.IdlePriority)
    return _background
