"""The program report, for a review with leadership, presented without editing.

After the cover, one page carries the message: what changed over the period
(the last full quarter against the one before, by default), each sentence
worked out from the figures, then what we recommend under the five headings of
proactive steps and what we ask of leadership. Then outcomes, trends, the pairs
needing attention (the most serious, sized for a reader), trust, conflicts,
ethics, activities and the models side by side; the body stays within
:data:`BODY_PAGE_LIMIT` pages at any program size. Appendices are chosen: the
full attention list, the roster of every pair, both or none.

The figures come from the services (figures, outcomes, risk, conflicts,
ethics, workshops, roster), so the report always agrees with the window.
Confidential conflict descriptions are left out unless asked for, and then
every page says CONFIDENTIAL.

Modules: :mod:`.period` (the period and the trend buckets), :mod:`.data`
(gathering), :mod:`.words` (numbers in words), :mod:`.message`,
:mod:`.outcomes` (outcomes and trends), :mod:`.attention`, :mod:`.sections`
(cover, trust, conflicts, ethics, activities, models, roster).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak

from mentordesk.errors import MentorDeskError
from mentordesk.reports.choices import parse_choice
from mentordesk.reports.paper import Paper
from mentordesk.reports.program.attention import (
    DEFAULT_ATTENTION_ROWS,
    MAX_ATTENTION_ROWS,
    attention_appendix,
    attention_section,
)
from mentordesk.reports.program.data import (
    ProgramReportData,
    choose_program,
    gather_program,
    report_period,
)
from mentordesk.reports.program.message import message, message_page
from mentordesk.reports.program.outcomes import outcomes_section, trends_section
from mentordesk.reports.program.sections import (
    activities_section,
    conflicts_section,
    cover,
    ethics_section,
    models_section,
    roster_appendix,
    trust_section,
)
from mentordesk.reports.progress import Progress, ProgressCallback
from mentordesk.reports.style import (
    ContentsEntry,
    DocumentInfo,
    Heading,
    ProgressMark,
    ReportDocument,
    SectionRegistry,
    format_day,
)
from mentordesk.services.outcomes import activity_counts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BODY_PAGE_LIMIT = 12


class Appendix(Enum):
    """Which appendices the report carries (``--appendix``)."""

    NONE = "none"
    ATTENTION = "attention"
    ALL = "all"

    @classmethod
    def parse(cls, value: str | Appendix) -> Appendix:
        return parse_choice(cls, value, "appendix choice")


BODY = (
    ContentsEntry(0, "The message", "message"),
    ContentsEntry(0, "Outcomes", "outcomes"),
    ContentsEntry(0, "Trends", "trends"),
    ContentsEntry(0, "Pairs needing attention", "attention"),
    ContentsEntry(0, "Trust", "trust"),
    ContentsEntry(1, "What each trust level means for work", "trust-levels"),
    ContentsEntry(0, "Conflicts", "conflicts"),
    ContentsEntry(0, "Ethics", "ethics"),
    ContentsEntry(0, "Activities and workshops", "activities"),
    ContentsEntry(0, "Models side by side", "models"),
)
ATTENTION_APPENDIX = ContentsEntry(0, "Appendix: every pair needing attention", "attention-all")
ROSTER_APPENDIX = ContentsEntry(0, "Appendix: roster of all pairs", "roster")
APPENDIX_KEYS = (ATTENTION_APPENDIX.key, ROSTER_APPENDIX.key)


def sections_for(appendix: Appendix) -> tuple[ContentsEntry, ...]:
    extra: tuple[ContentsEntry, ...] = ()
    if appendix is not Appendix.NONE:
        extra += (ATTENTION_APPENDIX,)
    if appendix is Appendix.ALL:
        extra += (ROSTER_APPENDIX,)
    return BODY + extra


# Every section the report can have (the contents list the chosen ones).
SECTIONS = sections_for(Appendix.ALL)


def program_report(
    session: Session,
    path: Path,
    *,
    program_name: str | None = None,
    as_of: date | None = None,
    start: date | None = None,
    end: date | None = None,
    include_confidential: bool = False,
    prepared_for: str = "Program review with leadership",
    made_on: date | None = None,
    appendix: Appendix | str = Appendix.ATTENTION,
    attention_rows: int = DEFAULT_ATTENTION_ROWS,
    progress: ProgressCallback | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """Write the program report to ``path`` and return it."""
    chosen = Appendix.parse(appendix)
    if not 0 <= attention_rows <= MAX_ATTENTION_ROWS:
        raise MentorDeskError(
            f"The attention list holds 0 to {MAX_ATTENTION_ROWS} pairs (one page); "
            f"{attention_rows} was asked for."
        )
    tracker = Progress(progress)
    tracker.stage(30)
    program = choose_program(session, program_name)
    day, period = report_period(program, as_of, start, end, made_on)
    data = gather_program(
        session,
        program,
        day,
        period,
        include_confidential=include_confidential,
        with_roster=chosen is Appendix.ALL,
        tracker=tracker,
    )
    return write_program_report(
        path,
        data,
        prepared_for=prepared_for,
        made_on=made_on,
        appendix=chosen,
        attention_rows=attention_rows,
        tracker=tracker,
        paper=paper,
    )


def write_program_report(
    path: Path,
    data: ProgramReportData,
    *,
    prepared_for: str = "Program review with leadership",
    made_on: date | None = None,
    author: str = "MentorDesk",
    appendix: Appendix = Appendix.ATTENTION,
    attention_rows: int = DEFAULT_ATTENTION_ROWS,
    tracker: Progress | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """Lay out and write the program report from gathered data."""
    tracker = tracker or Progress(None)
    if appendix is Appendix.ALL and data.roster is None:
        raise ValueError("The roster appendix needs the figures gathered with_roster.")
    made_on = made_on or date.today()
    name = data.program.name
    sections = sections_for(appendix)
    info = DocumentInfo(
        title=f"Program report — {name}",
        header=f"Program report — {name}",
        subject=f"{data.period.current.label} · as of {format_day(data.as_of)}",
        author=author,
        made_on=made_on,
        confidential=data.include_confidential,
        keywords=("mentoring", "program review", "trust"),
    )
    document = ReportDocument(path, info, tracker, sections, paper=paper)
    tracker.stage(40)
    registry = document.registry
    story: list[Flowable] = [
        *cover(data, prepared_for, made_on, sections),
        NextPageTemplate("body"),
        PageBreak(),
    ]
    with_appendix = appendix is not Appendix.NONE
    parts: list[tuple[str, Callable[[], list[Flowable]]]] = [
        ("message", lambda: message_page(data)),
        ("outcomes", lambda: outcomes_section(data)),
        ("trends", lambda: trends_section(data)),
        ("attention", lambda: attention_section(data, attention_rows, with_appendix)),
        ("trust", lambda: trust_section(data, registry)),
        ("conflicts", lambda: conflicts_section(data, registry)),
        ("ethics", lambda: ethics_section(data, registry)),
        ("activities", lambda: activities_section(data, registry)),
        ("models", lambda: models_section(data, registry)),
    ]
    titles = {entry.key: entry.title for entry in sections}
    # Sections that start on a page of their own; the others follow on when at
    # least a third of a page is left.
    own_page = {"message", "outcomes", "trends", "attention"}
    for index, (key, build) in enumerate(parts):
        if index:
            story.append(PageBreak() if key in own_page else CondPageBreak(90 * mm))
        story.append(Heading(titles[key], key, 0, registry))
        story.extend(build())
        tracker.fraction((index + 1) / len(parts))
    tracker.stage(55)
    if with_appendix:
        story += [
            PageBreak(),
            Heading(ATTENTION_APPENDIX.title, ATTENTION_APPENDIX.key, 0, registry),
            *attention_appendix(data, registry),
        ]
    if appendix is Appendix.ALL:
        story += [
            PageBreak(),
            ProgressMark(document, 100),
            Heading(ROSTER_APPENDIX.title, ROSTER_APPENDIX.key, 0, registry),
            *roster_appendix(data, registry, tracker),
        ]
    return document.make(story)


def body_pages(registry: SectionRegistry, total_pages: int) -> int:
    """Pages of the body (after the cover, before the first appendix)."""
    first_appendix = min(
        (registry.pages[key] for key in APPENDIX_KEYS if key in registry.pages),
        default=total_pages + 1,
    )
    return first_appendix - 2


__all__ = [
    "BODY_PAGE_LIMIT",
    "DEFAULT_ATTENTION_ROWS",
    "SECTIONS",
    "Appendix",
    "ProgramReportData",
    "activity_counts",
    "body_pages",
    "choose_program",
    "gather_program",
    "message",
    "program_report",
    "report_period",
    "write_program_report",
]
