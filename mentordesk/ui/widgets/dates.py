"""Date fields: a day (defaulting to today) and an optional day that may be left unset.

Both show the day as "25 Nov 2027", open a calendar on click, and take a day
typed the way the system's locale writes it ("30 Nov 2027", "30/11/2027",
"11/30/27", "2027-11-30"): the whole text is read when the field is left, not
one day/month/year section at a time, and Tab leaves the field as it leaves any
other; Up and Down move a day. ``value`` is a ``datetime.date`` (or None for an
unset optional day).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

# One date style for the whole window (the locale's); re-exported for the date fields' users.
from mentordesk.ui.formatting import app_locale, date_display_format, long_date, short_date

__all__ = ["DateField", "OptionalDateField", "from_qdate", "long_date", "short_date", "to_qdate"]

DISPLAY_FORMAT = date_display_format()
_UNSET = QDate(1900, 1, 1)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def _lenient(fmt: str) -> list[str]:
    """``fmt`` and its forms that take one-digit days and months and either year length."""
    fmt = " ".join(fmt.replace(",", ", ").split())
    if "dddd" in fmt:  # a weekday nobody types: "dddd, d MMMM yyyy" -> "d MMMM yyyy"
        fmt = fmt.replace("dddd", "").strip(" ,.")
    single = re.sub(r"(?<!d)dd(?!d)", "d", re.sub(r"(?<!M)MM(?!M)", "M", fmt))
    forms = [fmt, single]
    for form in list(forms):
        if "yyyy" in form:
            forms.append(form.replace("yyyy", "yy"))
        elif "yy" in form:
            forms.append(form.replace("yy", "yyyy"))
    return list(dict.fromkeys(forms))


_WRITTEN_FORMATS = ("d MMM yyyy", "d MMMM yyyy", "MMM d yyyy", "MMMM d yyyy", "yyyy-M-d")


def parse_day(text: str, locale: QLocale | None = None) -> date | None:
    """A day typed the way ``locale`` (the system's, unless given) writes one, or in
    English, or as 2027-11-30; None when the text is not a day. Two-digit years are
    read as the nearest century's (27 is 2027)."""
    locale = locale or app_locale()
    words = " ".join(text.replace(",", " ").split())
    if not words:
        return None
    candidates = (words, words.replace(".", " ").strip(), words.replace(". ", " ").rstrip("."))
    formats: list[str] = []
    for kind in (
        QLocale.FormatType.ShortFormat,
        QLocale.FormatType.LongFormat,
        QLocale.FormatType.NarrowFormat,
    ):
        formats += _lenient(locale.dateFormat(kind).replace(",", ""))
    formats += [form for fmt in _WRITTEN_FORMATS for form in _lenient(fmt)]
    base_year = date.today().year - 50
    for reader in (locale, QLocale.c()):
        for fmt in dict.fromkeys(formats):
            for candidate in dict.fromkeys(candidates):
                parsed = reader.toDate(" ".join(candidate.split()), fmt, base_year)
                if parsed.isValid():
                    return from_qdate(parsed)
    return None


class _TypedDateEdit(QDateEdit):
    """A QDateEdit that reads the whole typed text and lets Tab go to the next field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setLocale(app_locale())
        self.setDisplayFormat(date_display_format())
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        # QDateTimeEdit selects the day, month or year section under the cursor as it
        # moves, so typed text overwrote parts of the day; here the box is a plain box.
        self.lineEdit().cursorPositionChanged.disconnect()
        # The day is read when the field is left, not at every key on the way to it.
        self.setKeyboardTracking(False)

    def _unset_text(self, text: str) -> bool:
        special = self.specialValueText()
        return bool(special) and text.strip() in ("", special)

    def validate(self, text: str, pos: int) -> object:  # type: ignore[override]
        if self._unset_text(text):
            return QValidator.State.Acceptable, text, pos
        day = parse_day(text, self.locale())
        if day is not None and self.minimumDate() <= to_qdate(day) <= self.maximumDate():
            return QValidator.State.Acceptable, text, pos
        # Anything may be on its way to a day; it is read when the field is left.
        return QValidator.State.Intermediate, text, pos

    def fixup(self, text: str) -> str:  # type: ignore[override]
        return text

    def dateTimeFromText(self, text: str) -> QDateTime:
        if self._unset_text(text):
            return QDateTime(self.minimumDate(), self.time())
        day = parse_day(text, self.locale())
        return QDateTime(to_qdate(day) if day else self.date(), self.time())

    def textFromDateTime(self, moment: QDateTime) -> str:
        if self._unset_text("") and moment.date() == self.minimumDate():
            return self.specialValueText()
        return self.locale().toString(moment.date(), self.displayFormat())

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the field instead of stepping day -> month -> year.
        self.interpretText()
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.focusNextPrevChild(not backwards)
            return
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if event.text()[:1].isprintable() and event.text() and not modifiers:
            # Typed text goes into the box as into any other (no jumping between
            # sections on "/" or " "); it is read as a whole.
            self.lineEdit().insert(event.text())
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() not in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.PopupFocusReason):
            # What is typed replaces the whole day, not one section of it.
            self.lineEdit().selectAll()
            QTimer.singleShot(0, self, self._select_all)

    def _select_all(self) -> None:
        if self.hasFocus():
            self.lineEdit().selectAll()


class DateField(_TypedDateEdit):
    """A day, today unless set otherwise."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDate(to_qdate(day or date.today()))

    @property
    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, day: date) -> None:
        self.setDate(to_qdate(day))


class OptionalDateField(_TypedDateEdit):
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
        showing_unset = self.lineEdit().text() == self.specialValueText()
        if showing_unset and event.text()[:1].isprintable() and event.text().strip():
            # Typing over "not set" starts a day from scratch.
            self.lineEdit().clear()
        elif self.value is None and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._start_from_default()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Opening the calendar on an unset day would show the year 1900.
        self._start_from_default()
        super().mousePressEvent(event)
