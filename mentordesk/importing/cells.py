"""Reading one cell of a roster file as a value: text, an email, yes/no, a number,
a date, tags. Each reader raises :class:`CellProblem` with the reason in plain
words ("can mentor 'maybe' is not yes or no"), which the importer puts on the
row's line of the report.

Also here, because import and export must agree on it: the rule that keeps a
cell from being taken for a spreadsheet formula (OWASP's advice on CSV
injection). An export puts an apostrophe before text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return; an import takes that
apostrophe away again, so a round trip changes nothing.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from mentordesk.importing.reading import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula."""

MAX_TAGS_TEXT = 10_000
"""The longest skills cell read; the people service caps the tags themselves."""

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANKS = re.compile(r"\s+")
# A control character, a blank other than a space, or two spaces in a row.
_UNCLEAN_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[^\S ]| {2}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_YEAR_FIRST = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_YEAR_LAST = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
)
_TAG_SEPARATORS = re.compile(r"[;,\n]")
_YES = frozenset({"yes", "y", "true", "t", "1", "x"})
_NO = frozenset({"no", "n", "false", "f", "0"})

# Excel counts days from 1899-12-30; serial numbers outside these years are
# certainly not program dates.
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_YEAR = 1950
_LAST_YEAR = 2150


class DateFormat(StrEnum):
    """How a file writes dates that do not start with the year."""

    DMY = "dmy"
    MDY = "mdy"

    @property
    def label(self) -> str:
        return "day/month/year" if self is DateFormat.DMY else "month/day/year"


class CellProblem(ValueError):
    """A cell that cannot be read as what its column holds; ``str()`` is the reason."""


def escape_formula(text: str) -> str:
    """``text`` as it may go into a CSV or XLSX cell without being run as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: the apostrophe an export put in front goes."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _as_text(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        # Excel keeps every number as a float: employee number 1042 comes back as 1042.0.
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def text(cell: Cell, what: str, limit: int, *, single_line: bool = True) -> str | None:
    """Text, or None for an empty cell. Control characters are dropped, a formula
    apostrophe from an export is removed, and ``single_line`` text has its blanks
    (line breaks included) collapsed to single spaces."""
    if cell is None:
        return None
    value = cell if type(cell) is str else _as_text(cell)
    # Most cells are clean: one search decides whether they need the slower fixes.
    if (_UNCLEAN_LINE if single_line else _CONTROLS).search(value):
        value = _CONTROLS.sub("", value)
        if single_line:
            value = _BLANKS.sub(" ", value)
    value = value.strip()
    if value.startswith("'"):
        value = unescape_formula(value).strip()
    if not value:
        return None
    if len(value) > limit:
        raise CellProblem(f"the {what} is too long ({len(value):,} characters; at most {limit:,})")
    return value


def email(cell: Cell, what: str = "email", limit: int = 320) -> str | None:
    """An email address in lower case (how MentorDesk stores them), or None."""
    value = text(cell, what, limit)
    if value is None:
        return None
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    value = value.lower()
    if not _EMAIL.match(value):
        raise CellProblem(f"the {what} '{value}' is not an email address")
    return value


def yes_no(cell: Cell, what: str) -> bool | None:
    """yes/no, true/false, 1/0, y/n (any case), an Excel true/false, or None when empty."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    value = text(cell, what, 100)
    if value is None:
        return None
    folded = value.casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellProblem(f"{what} '{value}' is not yes or no (write yes/no, true/false, 1/0 or y/n)")


def whole_number(cell: Cell, what: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``, or None when the cell is empty."""
    if cell is None:
        return None
    number: int | None = None
    if isinstance(cell, int) and not isinstance(cell, bool):
        number, shown = cell, str(cell)
    elif isinstance(cell, float):
        shown = str(cell)
        if math.isfinite(cell) and cell.is_integer():
            number = int(cell)
    else:
        value = text(cell, what, 100)
        if value is None:
            return None
        shown = value
        cleaned = value.removesuffix(".0")
        if re.fullmatch(r"[+-]?\d{1,9}", cleaned):
            number = int(cleaned)
    if number is None:
        raise CellProblem(f"{what} '{shown}' is not a whole number")
    if not low <= number <= high:
        raise CellProblem(f"{what} {number} is out of range (from {low} to {high})")
    return number


def day(cell: Cell, what: str, date_format: DateFormat | None) -> date | None:
    """A date, or None for an empty cell.

    Accepted: an Excel date cell (or its serial number), ISO ``YYYY-MM-DD``
    (also with ``/`` or ``.``, and with a time after it), and day/month/year or
    month/day/year when ``date_format`` says which.
    """
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return _plausible(cell.date(), what, cell.date().isoformat())
    if isinstance(cell, date):
        return _plausible(cell, what, cell.isoformat())
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if not math.isfinite(cell):
            raise CellProblem(f"the {what} {cell} is not a date")
        serial = int(cell)  # a fraction is the time of day; the day is what counts
        try:
            found = _EXCEL_EPOCH + timedelta(days=serial)
        except OverflowError:
            raise CellProblem(f"the {what} {cell} is not a date") from None
        return _plausible(found, what, str(cell))
    value = text(cell, what, 100)
    if value is None:
        return None
    match = _YEAR_FIRST.match(value)
    if match:
        year, month, day_ = (int(part) for part in match.groups())
        return _make(year, month, day_, what, value, "year-month-day")
    match = _YEAR_LAST.match(value)
    if not match:
        raise CellProblem(f"the {what} '{value}' is not a date (write it as YYYY-MM-DD)")
    first, second, year_text = match.groups()
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if date_format is None:
        readings = [
            form
            for form, (day_, month) in (
                (DateFormat.DMY, (int(first), int(second))),
                (DateFormat.MDY, (int(second), int(first))),
            )
            if _exists(year, month, day_)
        ]
        if not readings:
            # 31/02/2026 or 13/13/2026: no order of day and month makes a date of it.
            raise CellProblem(f"the {what} '{value}' is not a date (write it as YYYY-MM-DD)")
        if len(readings) == 1:
            raise CellProblem(
                f"the {what} '{value}' can only be {readings[0].label}; say which order the "
                f"file uses (date format {readings[0].value}) or write it as YYYY-MM-DD"
            )
        raise CellProblem(
            f"the {what} '{value}' could be day/month/year or month/day/year; write it as "
            "YYYY-MM-DD or say which the file uses (date format dmy or mdy)"
        )
    if date_format is DateFormat.DMY:
        day_, month = int(first), int(second)
    else:
        month, day_ = int(first), int(second)
    return _make(year, month, day_, what, value, date_format.label)


def _exists(year: int, month: int, day_: int) -> bool:
    try:
        date(year, month, day_)
    except ValueError:
        return False
    return True


def _make(year: int, month: int, day_: int, what: str, value: str, form: str) -> date:
    try:
        found = date(year, month, day_)
    except ValueError:
        raise CellProblem(f"the {what} '{value}' is not a valid {form} date") from None
    return _plausible(found, what, value)


def _plausible(found: date, what: str, value: str) -> date:
    if not _FIRST_YEAR <= found.year <= _LAST_YEAR:
        raise CellProblem(
            f"the {what} '{value}' is not a plausible date (years {_FIRST_YEAR}–{_LAST_YEAR})"
        )
    return found


def tag_pieces(cells: list[Cell], what: str = "skills") -> list[str]:
    """The pieces of one or more cells separated by ';', ',' or line breaks, trimmed,
    empty ones left out (the people service turns them into tags)."""
    pieces: list[str] = []
    for cell in cells:
        value = text(cell, what, MAX_TAGS_TEXT, single_line=False)
        if value is None:
            continue
        for part in _TAG_SEPARATORS.split(value):
            piece = unescape_formula(_BLANKS.sub(" ", part).strip())
            if piece:
                pieces.append(piece)
    return pieces


def reference(cell: Cell, what: str) -> str | None:
    """A person named by email or employee id (as written), or None when empty."""
    return text(cell, what, 320)
