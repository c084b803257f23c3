"""Values a spreadsheet program changed when a roster was opened and saved in it.

Excel and LibreOffice Calc read every CSV cell that looks like a number or a date
as one, and write it back the way they show it: employee id ``0042`` becomes
``42``, ``1E5`` becomes ``100000``, a 12-digit id becomes ``1.23457E+11``, digits
past the fifteenth become zeros, ``2027-03-05`` becomes ``05/03/2027`` (or its
serial number ``46451``) and ``3-12`` becomes ``12-Mar``. Re-imported, such a
file would quietly change people's employee ids.

:func:`spreadsheet_conversion` tells whether a value in a file is such a
conversion of the stored one, and says how in words; :class:`StoredNumbers`
finds the stored employee id a converted one came from. Pure functions: the
importers decide what to do with the answer (hold the change until the
coordinator confirms it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

# What a spreadsheet reads as a number: an optional sign, digits with an optional
# decimal part, an optional exponent. No blanks, no thousands separators.
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")

SPREADSHEET_DIGITS = 15
"""Significant digits a spreadsheet keeps of a number (IEEE double, as Excel shows it)."""
LONG_NUMBER_DIGITS = 12
"""Numbers this long are shown in scientific notation in a spreadsheet's General format."""

# Excel counts days from 1899-12-30 (its serial numbers); years outside this range
# are not roster dates.
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_YEAR, _LAST_YEAR = 1900, 2200

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y-%m-%d %H:%M:%S",
)
_DAY_MONTH_FORMATS = ("%d-%b", "%b-%d", "%d %b", "%b %d")


def spreadsheet_conversion(stored: str, found: str) -> str | None:
    """How a spreadsheet turned ``stored`` into ``found``, in words (for a sentence
    like "employee id '0042' → '42': <why>"), or None when ``found`` is not such a
    conversion (equal values are not)."""
    stored, found = stored.strip(), found.strip()
    if not stored or not found or stored == found:
        return None
    return _as_number(stored, found) or _as_date(stored, found)


def _decimal(text: str) -> Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _digits(text: str) -> str:
    """The significant digits of a plain number (no sign, point or leading zeros)."""
    mantissa = re.split(r"[eE]", text)[0]
    return mantissa.lstrip("+-").replace(".", "").lstrip("0")


def _as_number(stored: str, found: str) -> str | None:
    before = _decimal(stored)
    after = _decimal(found)
    if before is None or after is None:
        return None
    if before == after:
        if _SCIENTIFIC.match(stored):
            return "a spreadsheet read it as a number in scientific notation and wrote it out"
        if _SCIENTIFIC.match(found):
            return "a spreadsheet showed this number in scientific notation"
        if not _written_by_a_spreadsheet(found, after):
            return None  # "42" → "0042" adds zeros: a person's edit, not a spreadsheet's
        unsigned = stored.lstrip("+-")
        if len(unsigned) > 1 and unsigned.startswith("0") and not unsigned.startswith("0."):
            return "a spreadsheet read it as a number and dropped its leading zeros"
        return "a spreadsheet read it as a number and wrote it differently"
    if before.is_signed() != after.is_signed() or "." in stored or _SCIENTIFIC.match(stored):
        return None
    digits = _digits(stored)
    if _SCIENTIFIC.match(found) and len(digits) >= LONG_NUMBER_DIGITS:
        kept = len(_digits(found))
        if kept and _round(before, kept) == after:
            return (
                f"a spreadsheet showed this {len(digits)}-digit number in scientific "
                f"notation, keeping only {kept} digits"
            )
    if (
        len(digits) > SPREADSHEET_DIGITS
        and not _SCIENTIFIC.match(found)
        and after == _truncate(before, SPREADSHEET_DIGITS)
    ):
        return (
            f"a spreadsheet keeps only {SPREADSHEET_DIGITS} digits of a number and "
            "turned the rest into zeros"
        )
    return None


def _written_by_a_spreadsheet(found: str, value: Decimal) -> bool:
    """Whether ``found`` is how a spreadsheet writes the number ``value``: plainly,
    with no leading zeros, plus sign or trailing decimal zeros, or in scientific
    notation."""
    if _SCIENTIFIC.match(found):
        return True
    return found == format(value.normalize(), "f")


def _round(value: Decimal, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` significant digits (half up, as spreadsheets show)."""
    if value == 0:
        return value
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(f"1E{exponent}"), rounding="ROUND_HALF_UP")


def _truncate(value: Decimal, digits: int) -> Decimal:
    exponent = value.adjusted() - digits + 1
    if exponent <= 0:
        return value
    return value.quantize(Decimal(f"1E{exponent}"), rounding="ROUND_DOWN")


# --------------------------------------------------------------------------- dates


def _dates(text: str) -> set[date]:
    """Every date ``text`` may mean, in the formats spreadsheets write."""
    found: set[date] = set()
    for pattern in _DATE_FORMATS:
        try:
            found.add(datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    return found


def _serial_date(text: str) -> date | None:
    """The date of an Excel serial number (``46451``), when it is a plausible one."""
    if not re.fullmatch(r"\d{2,6}(?:\.0+)?", text):
        return None
    day = _EXCEL_EPOCH + timedelta(days=int(float(text)))
    return day if _FIRST_YEAR <= day.year <= _LAST_YEAR else None


def _day_months(text: str) -> set[tuple[int, int]]:
    """(day, month) of a date written without its year (``12-Mar``) or with it."""
    found: set[tuple[int, int]] = set()
    for pattern in _DAY_MONTH_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        found.add((parsed.day, parsed.month))
    found.update((day.day, day.month) for day in _dates(text))
    return found


def _as_date(stored: str, found: str) -> str | None:
    before = _dates(stored)
    if before:
        serial = _serial_date(found)
        if serial is not None and serial in before:
            return "a spreadsheet read it as a date and wrote its serial number"
        if before & _dates(found):
            return "a spreadsheet read it as a date and wrote it in another format"
        return None
    short = _DAY_MONTH.match(stored)
    if short is not None:
        first, second = int(short.group(1)), int(short.group(2))
        if {(first, second), (second, first)} & _day_months(found):
            return "a spreadsheet took it for a date"
    return None


# --------------------------------------------------------------------------- lookup


class StoredNumbers:
    """Stored values that look like numbers, by their value as a number, to find the
    one a converted file value came from without comparing it with every person."""

    def __init__(self, by_value: dict[Decimal, list[str]], long: list[tuple[Decimal, str]]):
        self._by_value = by_value
        self._long = long
        # Long numbers rounded the way scientific notation shows them, by the digits
        # kept: made the first time a file holds such a value (rarely).
        self._by_rounding: dict[int, dict[Decimal, list[str]]] = {}

    @classmethod
    def of(cls, values: Iterable[str]) -> StoredNumbers:
        by_value: dict[Decimal, list[str]] = {}
        long: list[tuple[Decimal, str]] = []
        for value in values:
            number = _decimal(value.strip())
            if number is None:
                continue
            by_value.setdefault(number, []).append(value)
            digits = len(_digits(value))
            if digits > SPREADSHEET_DIGITS:
                by_value.setdefault(_truncate(number, SPREADSHEET_DIGITS), []).append(value)
            if digits >= LONG_NUMBER_DIGITS:
                long.append((number, value))
        return cls(by_value, long)

    def _rounded(self, kept: int) -> dict[Decimal, list[str]]:
        found = self._by_rounding.get(kept)
        if found is None:
            found = {}
            for number, value in self._long:
                found.setdefault(_round(number, kept), []).append(value)
            self._by_rounding[kept] = found
        return found

    def origins(self, found: str) -> list[tuple[str, str]]:
        """The stored values ``found`` may be a spreadsheet's conversion of, each with
        how (see :func:`spreadsheet_conversion`)."""
        text = found.strip()
        number = _decimal(text)
        if number is None:
            return []
        candidates = [*self._by_value.get(number, ())]
        if _SCIENTIFIC.match(text) and self._long:
            candidates.extend(self._rounded(len(_digits(text))).get(number, ()))
        origins = []
        for stored in dict.fromkeys(candidates):
            why = spreadsheet_conversion(stored, found)
            if why is not None:
                origins.append((stored, why))
        return origins
