"""The period a program report is about, the one it is compared with, and the
quarters (or months) its trends are drawn in.

Default: the last full quarter up to the as-of day, compared with the quarter
before. A program younger than that quarter is reported over its whole life,
with nothing to compare. A quarter or month cut short (by the program's start
or by the as-of day) is marked partial, so a chart never shows it as a fall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mentordesk.errors import MentorDeskError
from mentordesk.reports.style import format_day


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    start = quarter_start(day)
    month = start.month + 3
    following = date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return following - timedelta(days=1)


def month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def quarter_name(day: date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


@dataclass(frozen=True)
class Span:
    """A stretch of days with a short name ("Q3 2026", "Mar 2026")."""

    name: str
    start: date
    end: date
    partial: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} (partial)" if self.partial else self.name

    @property
    def dates(self) -> str:
        return f"{format_day(self.start)} to {format_day(self.end)}"


@dataclass(frozen=True)
class ReportPeriod:
    """The period reported on and the one before it (None when there is none)."""

    current: Span
    previous: Span | None
    whole_life: bool = False

    @property
    def word(self) -> str:
        """How sentences name the period: "in Q3 2026", "since the start"."""
        if self.whole_life:
            return "since the program started"
        return f"in {self.current.name}"


def _span_of_quarter(day: date, program_start: date, as_of: date) -> Span:
    start, end = quarter_start(day), quarter_end(day)
    partial = start < program_start or end > as_of
    return Span(quarter_name(day), max(start, program_start), min(end, as_of), partial)


def choose_period(
    program_start: date,
    as_of: date,
    start: date | None = None,
    end: date | None = None,
) -> ReportPeriod:
    """The period of the report: ``start``–``end`` when given (compared with as many
    days before it), else the last full quarter up to ``as_of``."""
    if start is not None or end is not None:
        end = end or as_of
        start = start or program_start
        if end < start:
            raise MentorDeskError(
                f"The period ends ({format_day(end)}) before it starts ({format_day(start)})."
            )
        length = end - start
        before_end = start - timedelta(days=1)
        before_start = max(before_end - length, program_start)
        previous = (
            Span("the period before", before_start, before_end, before_start > before_end - length)
            if before_end >= program_start
            else None
        )
        return ReportPeriod(Span("the period", start, end), previous)
    this_end = quarter_end(as_of)
    last_full = as_of if as_of == this_end else quarter_start(as_of) - timedelta(days=1)
    first = quarter_start(last_full)
    if program_start > first or last_full < program_start:
        span = Span("the program's life", program_start, max(as_of, program_start))
        return ReportPeriod(span, None, whole_life=True)
    current = Span(quarter_name(last_full), first, last_full)
    before = first - timedelta(days=1)
    previous = _span_of_quarter(before, program_start, as_of) if before >= program_start else None
    return ReportPeriod(current, previous)


def trend_spans(program_start: date, as_of: date) -> list[Span]:
    """The buckets of the trends from the program's start to ``as_of``: quarters,
    or months for a program younger than a year; the first and last may be partial.
    At most the latest eight quarters (or twelve months)."""
    if as_of < program_start:
        return []
    spans: list[Span] = []
    if (as_of - program_start).days < 365:
        day = date(program_start.year, program_start.month, 1)
        while day <= as_of:
            end = month_end(day)
            spans.append(
                Span(
                    day.strftime("%b %Y"),
                    max(day, program_start),
                    min(end, as_of),
                    partial=day < program_start or end > as_of,
                )
            )
            day = end + timedelta(days=1)
        return spans[-12:]
    day = quarter_start(program_start)
    while day <= as_of:
        spans.append(_span_of_quarter(day, program_start, as_of))
        day = quarter_end(day) + timedelta(days=1)
    return spans[-8:]
