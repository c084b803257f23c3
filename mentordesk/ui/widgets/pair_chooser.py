"""The "go to a pair" box of the pair page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from mentordesk.services.roster import RosterRow
from mentordesk.ui.widgets.person_picker import PersonChoice, PersonPicker

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pair_choice(row: RosterRow) -> PersonChoice:
    """How a pair is offered in the chooser: both names, status and start."""
    return PersonChoice(
        row.pair_id,
        f"{row.mentor_name} → {row.mentee_name}",
        f"{row.status.label.lower()}, since {_MONTHS[row.start_date.month - 1]} "
        f"{row.start_date.year}",
    )


class PairChooser(PersonPicker):
    """The "go to a pair" box. Its list is built only when the coordinator reaches for it:
    filling thousands of entries on every refresh would stall the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, placeholder="Go to a pair: type a mentor's or mentee's name…")
        self._pending: list[PersonChoice] | None = None
        self._known: dict[int, str] = {}
        # Pair id → its row in the box, once the box is filled with the current choices.
        self._rows: dict[int, int] = {}
        self._current: int | None = None
        self.lineEdit().installEventFilter(self)

    def set_choices(self, choices: list[PersonChoice] | None, current: int | None) -> None:
        """New choices (None: the same as before), with ``current`` shown in the box."""
        if choices is not None:
            self._pending = choices
            self._known = {choice.id: choice.text for choice in choices}
            self._rows = {}  # the box holds the old choices until it is filled again
        self._current = current
        label = self._known.get(current, "") if current is not None else ""
        self.blockSignals(True)
        row = self._rows.get(current) if current is not None else None
        if row is not None:
            # Straight to the pair's row, and below never through an empty text: the
            # clear button would fade out and in again, repainting the box for a fifth of
            # a second after every pair opened.
            self.setCurrentIndex(row)
            if self.lineEdit().text() != label:
                self.lineEdit().setText(label)
        else:
            if self.currentIndex() != -1:  # (even at -1 already, this empties the text)
                self.setCurrentIndex(-1)
            self.lineEdit().setText(label)
        self.blockSignals(False)

    def ensure_filled(self) -> None:
        """Fill the box with the choices if they changed since it was last filled."""
        if self._pending is None:
            return
        choices, self._pending = self._pending, None
        self.blockSignals(True)
        self.set_people(choices, keep=False)
        self._rows = {choice.id: row for row, choice in enumerate(choices)}
        row = self._rows.get(self._current) if self._current is not None else None
        if row is not None:
            self.setCurrentIndex(row)
        self.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.lineEdit() and event.type() in (
            QEvent.Type.FocusIn,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.KeyPress,
        ):
            self.ensure_filled()
        return super().eventFilter(watched, event)

    def showPopup(self) -> None:
        self.ensure_filled()
        super().showPopup()
