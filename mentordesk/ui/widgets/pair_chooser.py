"""The "go to a pair" box of the pair page: the database is asked as the coordinator types.

The box holds no list of the program's pairs. After a short pause in typing it asks the
database (in the worker) for the first pairs whose mentor's or mentee's name holds every
word typed, and offers them in a popup; a click or Enter goes to the pair. Opening a pair
page therefore costs nothing per pair in the program, and typing never waits for a query.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from mentordesk.services.pair_search import MATCHES_SHOWN, PairMatch
from mentordesk.ui.worker import Job, Progress, run_in_worker

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PAIR_ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: How long typing pauses before the database is asked (a fast typist asks once).
PAUSE_MS = 150

#: Given the words typed, the work (run in the worker) that finds the pairs to offer.
PairFinder = Callable[[str], Callable[[Progress], list[PairMatch]]]


def pair_label(match: PairMatch) -> str:
    """How a pair is offered and shown in the box: both names, status and start."""
    return (
        f"{match.mentor_name} → {match.mentee_name} — {match.status.label.lower()}, since "
        f"{_MONTHS[match.start_date.month - 1]} {match.start_date.year}"
    )


class PairChooser(QLineEdit):
    """Type part of a name, pick a pair from the popup; ``pair_chosen`` fires with its id."""

    pair_chosen = Signal(int)

    def __init__(self, find: PairFinder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._find = find
        self.setPlaceholderText("Go to a pair: type a mentor's or mentee's name…")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self._model = QStandardItemModel(self)
        # The popup shows what the database found, unfiltered: the words typed may be
        # spread over both names, which the completer's own matching would not see.
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._picked)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self._job: Job[list[PairMatch]] | None = None
        #: The words the popup's pairs were found for, and those pairs.
        self._found_for: str | None = None
        self._found: list[PairMatch] = []
        self._current: int | None = None
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    # -- what the box shows ------------------------------------------------------------------

    @property
    def pair_id(self) -> int | None:
        """The pair the box shows (the page's pair), None while nothing is chosen."""
        return self._current

    def show_pair(self, match: PairMatch | None) -> None:
        """Show the page's pair in the box (None: no pair), as the popup spells it."""
        self._pause.stop()
        self._current = match.pair_id if match is not None else None
        label = pair_label(match) if match is not None else ""
        if self.text() != label:
            self.setText(label)
        self._hide_popup()

    def completer_popup(self) -> QAbstractItemView:
        """The popup listing the pairs found (tests read and drive it)."""
        popup = self._completer.popup()
        assert popup is not None  # a completer always has one
        return popup

    def _popup_shown(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def pending(self) -> bool:
        """Whether a search is waiting for a pause or for the database (tests wait)."""
        return self._pause.isActive() or (self._job is not None and not self._job.finished)

    # -- typing and asking -------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._pause.stop()
            self._hide_popup()
            return
        self._pause.start()

    def _ask(self) -> None:
        words = " ".join(self.text().split())
        if not words:
            return
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._job = run_in_worker(
            self,
            self._find(words),
            lambda found: self._offer(words, found),
            title="Finding pairs",
            show_progress=False,
        )

    def _offer(self, words: str, found: list[PairMatch]) -> None:
        if words != " ".join(self.text().split()):
            return  # typed on since: the newer search answers
        self._found_for, self._found = words, found
        self._model.clear()
        for match in found:
            item = QStandardItem(pair_label(match))
            item.setData(match.pair_id, PAIR_ID_ROLE)
            self._model.appendRow(item)
        if not found:
            self._note(f"No pair has “{words}” in a mentor's or mentee's name.")
        elif len(found) >= MATCHES_SHOWN:
            self._note(f"The first {len(found)} pairs: type more of a name to find others.")
        if self.hasFocus():
            self._completer.complete()

    def _note(self, text: str) -> None:
        """A line in the popup that says something and cannot be chosen."""
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self._model.appendRow(item)

    # -- choosing ----------------------------------------------------------------------------

    def _picked(self, index: QModelIndex) -> None:
        pair_id = index.data(PAIR_ID_ROLE)
        if pair_id is not None:
            self._choose(int(pair_id))

    def _enter(self) -> None:
        """Enter with no row picked: the one pair found, or the one whose label is typed."""
        if self._popup_shown():
            return  # the popup's own Enter picks its current row
        words = " ".join(self.text().split())
        if words != self._found_for:
            return
        exact = [match for match in self._found if pair_label(match) == self.text().strip()]
        chosen = exact or (self._found if len(self._found) == 1 else [])
        if chosen:
            self._choose(chosen[0].pair_id)

    def _choose(self, pair_id: int) -> None:
        match = next((match for match in self._found if match.pair_id == pair_id), None)
        self.show_pair(match)
        self.pair_chosen.emit(pair_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Down opens the popup again on what was found for the words in the box.
        if (
            event.key() == Qt.Key.Key_Down
            and not self._popup_shown()
            and self._model.rowCount()
            and self._found_for == " ".join(self.text().split())
        ):
            self._completer.complete()
            return
        super().keyPressEvent(event)
