"""Date fields: a day (defaulting to today) and an optional day that may be left unset.

Both show the day as "25 Nov 2027", open a calendar on click, and take typed
digits. ``value`` is a ``datetime.date`` (or None for an unset optional day).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

DISPLAY_FORMAT = "d MMM yyyy"
_UNSET = QDate(1900, 1, 1)


def short_date(day: date) -> str:
    """A day as the window shows it: "5 Apr 2027"."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    """A day spelt out: "5 April 2027"."""
    return f"{day.day} {day:%B %Y}"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class DateField(QDateEdit):
    """A day, today unless set otherwise."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setDate(to_qdate(day or date.today()))

    @property
    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, day: date) -> None:
        self.setDate(to_qdate(day))


class OptionalDateField(QDateEdit):
    """A day that may be left unset ("not set"); Delete clears it, a click on the calendar
    sets it (starting from ``default_day``, today unless given)."""

    def __init__(
        self,
        day: date | None = None,
        parent: QWidget | None = None,
        unset_text: str = "not set",
        default_day: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(_UNSET)
        self.setSpecialValueText(unset_text)
        self.default_day = default_day
        self.set_value(day)
        self.setToolTip("Press Delete to leave it unset")

    @property
    def value(self) -> date | None:
        return None if self.date() == _UNSET else from_qdate(self.date())

    def set_value(self, day: date | None) -> None:
        self.setDate(_UNSET if day is None else to_qdate(day))

    def clear_value(self) -> None:
        self.setDate(_UNSET)

    def _start_from_default(self) -> None:
        if self.value is None:
            self.setDate(to_qdate(self.default_day or date.today()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            self.value is None or self.lineEdit().hasSelectedText()
        ):
            self.clear_value()
            return
        if self.value is None and event.text().isdigit():
            self._start_from_default()
        elif self.value is None and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._start_from_default()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Opening the calendar on an unset day would show the year 1900.
        self._start_from_default()
        super().mousePressEvent(event)
