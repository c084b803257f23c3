"""One way to write days, times and numbers in the window, following the system locale.

Every view, model and dialog writes a day with :func:`short_date` (the locale's
medium form: "5 Dec 2026" in British English, "Dec 5, 2026" in American,
"5. Dez. 2026" in German), a count with :func:`number` (with the locale's
thousands separator) and a counted noun with :func:`counted` ("1 conflict",
"2 conflicts"). Date fields show the same form (:func:`date_display_format`).

The locale is :class:`QLocale`'s default, i.e. the system's. A machine set to
the bare POSIX "C" locale has no date or number style of its own (no month
names order, no thousands separator); there the window writes British English,
the language it is written in.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from PySide6.QtCore import QDate, QLocale, QTime

#: Nouns whose plural is not the noun with an "s".
_IRREGULAR = {
    "person": "people",
    "entry": "entries",
    "activity": "activities",
    "reply": "replies",
    "child": "children",
}


def app_locale() -> QLocale:
    """The locale the window writes in: the system's, or British English on a "C" system."""
    locale = QLocale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return locale


def _without_weekday(pattern: str) -> str:
    # "dddd, d MMMM yyyy" -> "d MMMM yyyy"; "yyyy年M月d日dddd" -> "yyyy年M月d日".
    stripped = re.sub(r"\s*d{4}[,.،]?\s*", " ", pattern).strip(" ,")
    return stripped or pattern


@cache
def _formats(locale_name: str) -> tuple[str, str]:
    locale = QLocale(locale_name)
    long_pattern = _without_weekday(locale.dateFormat(QLocale.FormatType.LongFormat))
    medium = long_pattern.replace("MMMM", "MMM")
    return medium, long_pattern


def date_display_format() -> str:
    """The medium date form as a Qt display format ("d MMM yyyy"), for date fields."""
    return _formats(app_locale().name())[0]


def long_date_format() -> str:
    """The long date form without weekday ("d MMMM yyyy")."""
    return _formats(app_locale().name())[1]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def short_date(day: date | None, empty: str = "—") -> str:
    """A day as the window writes it: "5 Dec 2026" (the locale's medium form)."""
    if day is None:
        return empty
    if isinstance(day, datetime):
        day = day.date()
    return app_locale().toString(_qdate(day), date_display_format())


def long_date(day: date) -> str:
    """A day spelt out: "5 December 2026"."""
    if isinstance(day, datetime):
        day = day.date()
    return app_locale().toString(_qdate(day), long_date_format())


def short_time(moment: datetime) -> str:
    """A time of day in the locale's short form: "14:05" or "2:05 PM"."""
    return app_locale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def date_time(moment: datetime) -> str:
    """A day and a time: "5 Dec 2026 14:05"."""
    return f"{short_date(moment.date())} {short_time(moment)}"


def number(value: int | float, decimals: int = 0) -> str:
    """A number with the locale's thousands separator and decimal point: "12,345"."""
    locale = app_locale()
    if decimals == 0:
        return locale.toString(round(value))
    return locale.toString(float(value), "f", decimals)


def percent(share: float | None, empty: str = "—") -> str:
    """A share of 1 as a whole percentage: "45 %"."""
    return empty if share is None else f"{number(share * 100)} %"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """The noun for ``count`` of it: "conflict" for 1, "conflicts" otherwise."""
    if count == 1:
        return noun
    if many is not None:
        return many
    return _IRREGULAR.get(noun, noun + "s")


def counted(count: int, noun: str, many: str | None = None) -> str:
    """A count and its noun: "1 conflict", "1,250 pairs"."""
    return f"{number(count)} {plural(count, noun, many)}"


def days_in(text: str) -> str:
    """``text`` with each ISO day in it (2026-10-29, as the rules write their reasons for
    the command line too) written the window's way: "29 Oct 2026"."""
    from mentordesk.domain.risk import days_written  # the rules: not before the first paint

    return days_written(text, short_date)
