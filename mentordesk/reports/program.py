"""The program report, for a review with leadership.

Cover, contents and bookmarks; the summary with what changed over the period;
trust (levels, dimensions, types, months, models, rated beside observed
behaviour, and what each level means for work); the pairs needing attention;
conflicts; ethics; activities and workshops; the three models side by side;
and the roster of every pair as an appendix. The figures come from the
services (figures, risk, conflicts, ethics, workshops, roster), so the report
always agrees with the window. Confidential conflict descriptions are left
out unless asked for, and then every page says CONFIDENTIAL.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.domain.scoring import trust_level
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    FlagWeight,
    Health,
    MentorshipModel,
    PairStatus,
    RiskFlag,
    Severity,
    TrustDimension,
    TrustLevel,
    TrustType,
)
from mentordesk.errors import MentorDeskError
from mentordesk.reports.charts import Series, Threshold, bar_chart, line_chart
from mentordesk.reports.fonts import markup
from mentordesk.reports.progress import Progress, ProgressCallback
from mentordesk.reports.style import (
    CONTENT_WIDTH,
    SHADE,
    Contents,
    ContentsEntry,
    DocumentInfo,
    Heading,
    ProgressMark,
    ReportDocument,
    SectionRegistry,
    format_day,
    para,
    rich,
    styles,
)
from mentordesk.reports.tables import PagedTable, column_widths, data_table, fitting_width
from mentordesk.services.conflicts import (
    ConflictRow,
    ConflictSummary,
    conflict_summary,
    list_conflicts,
)
from mentordesk.services.ethics import EthicsSummary, ethics_summary
from mentordesk.services.figures import MonthlyTrust, ProgramFigures, monthly_trust, program_figures
from mentordesk.services.programs import ProgramDetails, find_program, get_program, list_programs
from mentordesk.services.risk import PairRiskRow, assess_program
from mentordesk.services.roster import RosterRow, roster_rows
from mentordesk.services.workshops import (
    AttendanceSummary,
    WorkshopRow,
    attendance_summary,
    list_workshops,
    workshop_credits,
)
from mentordesk.store.models import Activity, Pair

SECTIONS = (
    ContentsEntry(0, "Summary", "summary"),
    ContentsEntry(0, "Trust", "trust"),
    ContentsEntry(1, "What each trust level means for work", "trust-levels"),
    ContentsEntry(0, "Pairs needing attention", "attention"),
    ContentsEntry(0, "Conflicts", "conflicts"),
    ContentsEntry(0, "Ethics", "ethics"),
    ContentsEntry(0, "Activities and workshops", "activities"),
    ContentsEntry(0, "Models side by side", "models"),
    ContentsEntry(0, "Appendix: roster of all pairs", "roster"),
)

ROSTER_HEADER = ("#", "Mentee", "Mentor", "Model", "Status", "Started", "Trust", "Health")
ROSTER_WIDTHS = (0.6, 2.3, 2.3, 1.35, 1.35, 1.25, 1.6, 0.95)


@dataclass(frozen=True)
class ActivityCounts:
    """Activities of the period by kind and outcome; shared workshops count as held."""

    counts: Mapping[tuple[ActivityKind, ActivityOutcome], int]
    workshop_credits: int

    def count(self, kind: ActivityKind, outcome: ActivityOutcome) -> int:
        return self.counts.get((kind, outcome), 0)


@dataclass(frozen=True)
class ProgramReportData:
    """Everything the program report prints, gathered from the services."""

    program: ProgramDetails
    as_of: date
    start: date
    end: date
    include_confidential: bool
    figures: ProgramFigures
    start_figures: ProgramFigures
    rows: tuple[PairRiskRow, ...]
    monthly: tuple[MonthlyTrust, ...]
    conflicts: ConflictSummary
    open_conflicts: tuple[ConflictRow, ...]
    ethics: EthicsSummary
    activities: ActivityCounts
    workshops: tuple[WorkshopRow, ...]
    attendance: AttendanceSummary
    roster: tuple[RosterRow, ...]


def choose_program(session: Session, name: str | None) -> ProgramDetails:
    """The program called ``name``; without a name, the only program there is."""
    if name is not None:
        return find_program(session, name)
    programs = list_programs(session)
    if not programs:
        raise MentorDeskError("There is no program yet, so there is nothing to report on.")
    if len(programs) > 1:
        names = ", ".join(program.name for program in programs)
        raise MentorDeskError(
            f"There are {len(programs)} programs ({names}); name one with --program."
        )
    return get_program(session, programs[0].id)


def report_period(
    program: ProgramDetails,
    as_of: date | None,
    start: date | None,
    end: date | None,
    today: date | None = None,
) -> tuple[date, date, date]:
    """The day the figures are for and the period the trends cover, as (as_of, start, end).

    Without dates: the program's start up to today (or up to its end, when it
    has ended). ``end`` defaults to ``as_of`` and the other way round.
    """
    today = today or date.today()
    if as_of is None:
        as_of = end or (min(today, program.end_date) if program.end_date else today)
    end = end or as_of
    start = start or program.start_date
    if end < start:
        raise MentorDeskError(
            f"The period ends ({format_day(end)}) before it starts ({format_day(start)})."
        )
    return as_of, start, end


def activity_counts(session: Session, program_id: int, start: date, end: date) -> ActivityCounts:
    """Activities dated in the period by kind and outcome (one GROUP BY), plus the
    workshops both members of a pair attended, which count as held activities.

    No service adds these up for a whole program yet; this is the one figure the
    report asks the database for itself.
    """
    query = (
        select(Activity.kind, Activity.outcome, func.count())
        .join(Pair, Pair.id == Activity.pair_id)
        .where(Pair.program_id == program_id, Activity.day >= start, Activity.day <= end)
        .group_by(Activity.kind, Activity.outcome)
    )
    counts: dict[tuple[ActivityKind, ActivityOutcome], int] = {}
    for kind, outcome, count in session.execute(query):
        counts[(ActivityKind(kind), ActivityOutcome(outcome))] = int(count)
    credits = workshop_credits(session, program_id, start=start, end=end)
    for credit in credits:
        key = (credit.kind, ActivityOutcome.HELD)
        counts[key] = counts.get(key, 0) + 1
    return ActivityCounts(counts=counts, workshop_credits=len(credits))


def gather_program(
    session: Session,
    program: ProgramDetails,
    as_of: date,
    start: date,
    end: date,
    *,
    include_confidential: bool = False,
    tracker: Progress | None = None,
) -> ProgramReportData:
    """Ask the services for every figure of the report."""
    tracker = tracker or Progress(None)
    rows = tuple(assess_program(session, as_of, program.id))
    tracker.fraction(0.3)
    figures = program_figures(session, as_of, program.id, rows)
    start_figures = program_figures(session, start, program.id)
    tracker.fraction(0.5)
    monthly = tuple(monthly_trust(session, start, end, program.id))
    summary = conflict_summary(session, program.id, start, end)
    open_rows = list_conflicts(
        session,
        program.id,
        as_of=as_of,
        include_ended=False,
        reveal_confidential=include_confidential,
    )
    tracker.fraction(0.65)
    ethics = ethics_summary(session, program.id, as_of)
    activities = activity_counts(session, program.id, start, end)
    workshops = tuple(list_workshops(session, program.id, start, end))
    attendance = attendance_summary(session, program.id, start, end)
    tracker.fraction(0.8)
    roster = tuple(roster_rows(session, program.id))
    tracker.fraction(1.0)
    return ProgramReportData(
        program=program,
        as_of=as_of,
        start=start,
        end=end,
        include_confidential=include_confidential,
        figures=figures,
        start_figures=start_figures,
        rows=rows,
        monthly=monthly,
        conflicts=summary,
        open_conflicts=tuple(sorted(open_rows, key=lambda row: (row.opened, row.id))),
        ethics=ethics,
        activities=activities,
        workshops=workshops,
        attendance=attendance,
        roster=roster,
    )


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
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the program report to ``path`` and return it."""
    tracker = Progress(progress)
    tracker.stage(30)
    program = choose_program(session, program_name)
    as_of, start, end = report_period(program, as_of, start, end, made_on)
    data = gather_program(
        session,
        program,
        as_of,
        start,
        end,
        include_confidential=include_confidential,
        tracker=tracker,
    )
    return write_program_report(
        path, data, prepared_for=prepared_for, made_on=made_on, tracker=tracker
    )


def write_program_report(
    path: Path,
    data: ProgramReportData,
    *,
    prepared_for: str = "Program review with leadership",
    made_on: date | None = None,
    author: str = "MentorDesk",
    tracker: Progress | None = None,
) -> Path:
    """Lay out and write the program report from gathered data."""
    tracker = tracker or Progress(None)
    made_on = made_on or date.today()
    name = data.program.name
    info = DocumentInfo(
        title=f"Program report — {name}",
        header=f"Program report — {name}",
        subject=f"As of {format_day(data.as_of)}",
        author=author,
        made_on=made_on,
        confidential=data.include_confidential,
        keywords=("mentoring", "program review", "trust"),
    )
    document = ReportDocument(path, info, tracker, SECTIONS)
    tracker.stage(40)
    registry = document.registry
    story: list[Flowable] = [
        *_cover(data, prepared_for, made_on),
        NextPageTemplate("body"),
        PageBreak(),
    ]
    parts = (
        ("summary", _summary),
        ("trust", _trust),
        ("attention", _attention),
        ("conflicts", _conflicts),
        ("ethics", _ethics),
        ("activities", _activities),
        ("models", _models),
    )
    titles = {entry.key: entry.title for entry in SECTIONS}
    for index, (key, build) in enumerate(parts):
        if index:
            story.append(PageBreak())
        story.append(Heading(titles[key], key, 0, registry))
        story.extend(build(data, registry))
        tracker.fraction((index + 1) / len(parts))
    tracker.stage(55)
    # The appendix reports its own progress, page by page.
    story += [PageBreak(), ProgressMark(document, 100), *_roster(data, registry, tracker)]
    return document.make(story)


# --- cover ----------------------------------------------------------------------------------


def _cover(data: ProgramReportData, prepared_for: str, made_on: date) -> list[Flowable]:
    s = styles()
    program = data.program
    story: list[Flowable] = [
        Spacer(1, 30 * mm),
        para("Program report", s.subtitle),
        para(program.name, s.title),
        Spacer(1, 6 * mm),
    ]
    facts = [
        ("Prepared for", prepared_for),
        ("Figures as of", format_day(data.as_of)),
        ("Period", f"{format_day(data.start)} to {format_day(data.end)}"),
        (
            "Program runs",
            f"{format_day(program.start_date)} to "
            + (format_day(program.end_date) if program.end_date else "open-ended"),
        ),
        ("Made on", format_day(made_on)),
    ]
    for label, value in facts:
        story.append(rich(f'<font color="#52606D">{label}:</font> {markup(value)}', s.cover_meta))
    if program.description.strip():
        story += [Spacer(1, 4 * mm), para(program.description, s.body)]
    story += [
        Spacer(1, 4 * mm),
        para(
            "Confidential notes and conflict descriptions are included at the coordinator's "
            "request: keep this copy within the review."
            if data.include_confidential
            else "Confidential notes and conflict descriptions are left out of this report.",
            s.note,
        ),
        Spacer(1, 10 * mm),
        para("Contents", s.h2),
        Contents(SECTIONS),
    ]
    return story


# --- summary --------------------------------------------------------------------------------


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _tiles(tiles: Sequence[tuple[str, str]]) -> Table:
    """Headline figures as a row of tiles: a big number over a short label."""
    s = styles()
    cells = [[para(value, s.figure), para(label, s.figure_label)] for value, label in tiles]
    table = Table([cells], colWidths=column_widths([1] * len(tiles)), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LINEBEFORE", (1, 0), (-1, -1), 2, "white"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def _summary(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    f = data.figures
    level = (
        _level_label(f.average_trust, data.program)
        if f.average_trust is not None
        else "no assessment yet"
    )
    story: list[Flowable] = [
        para(
            f"{data.program.name} on {format_day(data.as_of)}: {f.active_pairs} active pairs; "
            f"{f.health[Health.AT_RISK]} at risk and {f.health[Health.WATCH]} to watch.",
            s.body,
        ),
        _tiles(
            [
                (str(f.active_pairs), "active pairs"),
                (_score(f.average_trust), f"average trust ({level})"),
                (_share(f.adherence), "check-in adherence"),
                (str(f.open_conflicts), "open conflicts"),
                (_share(f.ethics_completion), "ethics reviews complete"),
            ]
        ),
        Spacer(1, 3 * mm),
        _tiles(
            [
                (str(f.health[Health.HEALTHY]), "healthy pairs"),
                (str(f.health[Health.WATCH]), "pairs to watch"),
                (str(f.health[Health.AT_RISK]), "pairs at risk"),
                (str(f.trust_levels[TrustLevel.HIGH]), "high trust"),
                (str(f.trust_levels[TrustLevel.MEDIUM]), "medium trust"),
                (str(f.trust_levels[TrustLevel.LOW]), "low trust"),
            ]
        ),
        para(f"{f.unassessed} active pairs have no trust assessment yet.", s.note),
        para("What changed over the period", s.h2),
    ]
    before = data.start_figures
    rows = [
        ("Active pairs", before.active_pairs, f.active_pairs, "count"),
        ("Healthy", before.health[Health.HEALTHY], f.health[Health.HEALTHY], "count"),
        ("Watch", before.health[Health.WATCH], f.health[Health.WATCH], "count"),
        ("At risk", before.health[Health.AT_RISK], f.health[Health.AT_RISK], "count"),
        ("Average trust", before.average_trust, f.average_trust, "score"),
        (
            "High trust pairs",
            before.trust_levels[TrustLevel.HIGH],
            f.trust_levels[TrustLevel.HIGH],
            "count",
        ),
        (
            "Low trust pairs",
            before.trust_levels[TrustLevel.LOW],
            f.trust_levels[TrustLevel.LOW],
            "count",
        ),
        ("Check-in adherence", before.adherence, f.adherence, "share"),
        ("Open conflicts", before.open_conflicts, f.open_conflicts, "count"),
        ("Ethics reviews complete", before.ethics_completion, f.ethics_completion, "share"),
    ]
    table_rows = [
        [label, _format(kind, old), _format(kind, new), _change(kind, old, new)]
        for label, old, new, kind in rows
    ]
    story.append(
        data_table(
            [
                "Figure",
                f"At the start ({format_day(data.start)})",
                f"As of {format_day(data.as_of)}",
                "Change",
            ],
            table_rows,
            [3.2, 2.4, 2.4, 1.6],
            numeric=[1, 2, 3],
        )
    )
    return story


def _level_label(score: float, program: ProgramDetails) -> str:
    level = trust_level(score, program.thresholds)
    return level.label.lower() if level else "not assessed"


def _format(kind: str, value: float | int | None) -> str:
    if value is None:
        return "—"
    if kind == "share":
        return _share(float(value))
    if kind == "score":
        return _score(float(value))
    return str(value)


def _change(kind: str, old: float | int | None, new: float | int | None) -> str:
    if old is None or new is None:
        return "—"
    if kind == "share":
        points = round((float(new) - float(old)) * 100)
        return f"{points:+d} points" if points else "no change"
    if kind == "score":
        delta = round(float(new) - float(old), 2)
        return f"{delta:+.2f}" if delta else "no change"
    delta_count = int(new) - int(old)
    return f"{delta_count:+d}" if delta_count else "no change"


# --- trust ----------------------------------------------------------------------------------


def _trust(data: ProgramReportData, registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    f = data.figures
    thresholds = data.program.thresholds
    score_fmt = "{:.2f}".format
    levels = [*TrustLevel]
    story: list[Flowable] = [
        bar_chart(
            "Active pairs by trust level",
            [*(level.label for level in levels), "Not assessed"],
            [Series("Pairs", [*(f.trust_levels[level] for level in levels), f.unassessed])],
            value_axis="Active pairs",
            category_axis="Trust level of the latest mentee assessment",
            height=170,
            empty_message="No active pair on this day.",
        ),
        Spacer(1, 4 * mm),
        bar_chart(
            "Mean score by dimension and by type",
            [
                *(f"Dimension: {d.label}" for d in TrustDimension),
                *(f"Type: {t.label}" for t in TrustType),
            ],
            [
                Series(
                    "Mean score",
                    [
                        *(f.trust_by_dimension[d] for d in TrustDimension),
                        *(f.trust_by_type[t] for t in TrustType),
                    ],
                )
            ],
            value_axis="Mean score over active pairs' latest mentee assessments (1–5)",
            category_axis="Dimension / type",
            horizontal=True,
            value_max=5,
            value_format=score_fmt,
            tick_format=lambda v: f"{v:g}",
            empty_message="No assessment up to this day.",
        ),
        Spacer(1, 4 * mm),
        line_chart(
            "Average trust by month",
            [f"{m.year}-{m.month:02d}" for m in data.monthly],
            [Series("Mean of the month's mentee assessments", [m.average for m in data.monthly])],
            value_axis="Trust score (1–5)",
            x_axis=f"Month ({format_day(data.start)} to {format_day(data.end)})",
            value_range=(1, 5),
            thresholds=[
                Threshold("High from", thresholds.high),
                Threshold("Medium from", thresholds.medium),
            ],
            value_format=lambda v: f"{v:.1f}",
            empty_message="No assessment in this period.",
        ),
        data_table(
            ["Month", *(f"{calendar.month_abbr[m.month]}\n{m.year}" for m in data.monthly[-12:])],
            [
                ["Average", *(_score(m.average) for m in data.monthly[-12:])],
                ["Assessments", *(m.assessments for m in data.monthly[-12:])],
            ],
            [2.2, *([1] * len(data.monthly[-12:]))],
            numeric=list(range(1, 13)),
            empty="",
        )
        if data.monthly
        else Spacer(1, 1),
        para("Trust by model", s.h2),
        bar_chart(
            "Average trust by model",
            [model.label for model in MentorshipModel],
            [
                Series(
                    "Average trust", [f.for_model(model).average_trust for model in MentorshipModel]
                )
            ],
            value_axis="Average trust (1–5)",
            category_axis="Mentorship model",
            value_max=5,
            value_format=score_fmt,
            tick_format=lambda v: f"{v:g}",
            height=160,
            empty_message="No assessed active pair on this day.",
        ),
        para("Rated behavioural trust beside observed consistency", s.h2),
        para(
            "Behavioural trust is what mentees rate about their mentor's reliability; the "
            "program also observes it: check-ins held on schedule over the last 90 days.",
            s.body,
        ),
        data_table(
            ["Measure", "Program"],
            [
                [
                    "Rated behavioural trust (mean, 1–5)",
                    _score(f.trust_by_type[TrustType.BEHAVIORAL]),
                ],
                [
                    "Observed check-in adherence (mean over active pairs, 90 days)",
                    _share(f.adherence),
                ],
                *[
                    [
                        f"Observed check-in adherence — {model.label}",
                        _share(f.for_model(model).adherence),
                    ]
                    for model in MentorshipModel
                ],
            ],
            [7, 2],
            numeric=[1],
        ),
        KeepTogether(
            [
                Heading("What each trust level means for work", "trust-levels", 1, registry),
                para(
                    "Levels follow this program's thresholds: high from "
                    f"{thresholds.high:.2f}, medium from {thresholds.medium:.2f}, low below. "
                    "Pairs are the active pairs on "
                    f"{format_day(data.as_of)} by their latest mentee assessment.",
                    s.note,
                ),
                data_table(
                    ["Level", "Direct effects on work", "Indirect effects", "Pairs"],
                    [
                        [
                            level.label,
                            level.direct_effects,
                            level.indirect_effects,
                            f.trust_levels[level],
                        ]
                        for level in levels
                    ]
                    + [["Not assessed", "—", "—", f.unassessed]],
                    [1.2, 4, 4, 0.9],
                    numeric=[3],
                ),
            ]
        ),
    ]
    return story


# --- pairs needing attention -----------------------------------------------------------------


def _attention(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    rows = _by_severity(data.rows)
    at_risk = sum(1 for r in rows if r.health is Health.AT_RISK)
    story: list[Flowable] = [
        para(
            f"{at_risk} pairs at risk and {len(rows) - at_risk} to watch on "
            f"{format_day(data.as_of)}. At risk: a major flag or three minor ones; watch: one "
            "or two minor flags.",
            s.body,
        ),
    ]
    if not rows:
        story.append(para("No pair needs attention on this day.", s.note))
        return story
    # What is behind the list, before the list: in a large program it runs to
    # many pages, and the reviewer first wants to know which problems dominate.
    story += [
        para("Flags raised", s.h2),
        data_table(
            ["Flag", "Weight", "Pairs at risk", "Pairs to watch", "All pairs"],
            _flag_counts(rows),
            [3.2, 1.2, 1.3, 1.3, 1.2],
            numeric=[2, 3, 4],
        ),
        para("Every pair needing attention", s.h2),
        para(
            "Most serious first: pairs at risk, then pairs to watch; within each, pairs with "
            "more major flags, then more flags, come first.",
            s.note,
        ),
        # Built page by page: a large program can have thousands of pairs to watch.
        PagedTable(
            ["Health", "Mentee", "Mentor", "Model", "Trust", "Flags and why"],
            [
                [
                    row.health.label,
                    row.mentee_name,
                    row.mentor_name,
                    row.model.label,
                    _trust_cell(row.trust_score, row.trust_level),
                    "\n".join(
                        f"{finding.flag.label}: {finding.reason}" for finding in row.findings
                    ),
                ]
                for row in rows
            ],
            [1.1, 1.8, 1.8, 1.45, 1.3, 4.8],
            fixed={
                0: fitting_width([h.label for h in Health], bold_header="Health"),
                3: fitting_width([m.label for m in MentorshipModel], bold_header="Model"),
                4: fitting_width(["not assessed", "0.00 medium"], bold_header="Trust"),
            },
        ),
    ]
    return story


def _by_severity(rows: Sequence[PairRiskRow]) -> list[PairRiskRow]:
    """The pairs needing attention, most serious first: at risk before watch, then
    more major flags, then more flags; by mentee name among equals."""
    order = {Health.AT_RISK: 0, Health.WATCH: 1}

    def severity(row: PairRiskRow) -> tuple[int, int, int, str, int]:
        major = sum(1 for flag in row.flags if flag.weight is FlagWeight.MAJOR)
        return (
            order[row.health],
            -major,
            -len(row.findings),
            row.mentee_name.casefold(),
            row.pair_id,
        )

    return sorted((row for row in rows if row.health in order), key=severity)


def _flag_counts(rows: Sequence[PairRiskRow]) -> list[list[object]]:
    """Per flag (in the risk table's order): its weight and the pairs at risk, to
    watch and in all that have it raised."""
    counts = {flag: [0, 0] for flag in RiskFlag}
    for row in rows:
        column = 0 if row.health is Health.AT_RISK else 1
        for flag in set(row.flags):
            counts[flag][column] += 1
    return [
        [flag.label, flag.weight.label, at_risk, watch, at_risk + watch]
        for flag, (at_risk, watch) in counts.items()
    ]


def _trust_cell(score: float | None, level: TrustLevel | None) -> str:
    if score is None:
        return "not assessed"
    return f"{score:.2f} {level.label.lower()}" if level else f"{score:.2f}"


# --- conflicts ------------------------------------------------------------------------------


def _conflicts(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    summary = data.conflicts
    median = (
        f"{summary.median_days_to_resolve:g} days"
        if summary.median_days_to_resolve is not None
        else "no conflict resolved yet"
    )
    story: list[Flowable] = [
        para(
            f"{summary.total} conflicts opened from {format_day(data.start)} to "
            f"{format_day(data.end)}; {summary.ongoing} still going on at the end of the period, "
            f"{summary.resolved} resolved. Median time to resolve: {median}.",
            s.body,
        ),
        bar_chart(
            "Conflicts of the period by kind",
            [kind.label for kind in ConflictKind],
            [Series("Conflicts", [summary.by_kind[kind] for kind in ConflictKind])],
            value_axis="Conflicts opened in the period",
            category_axis="Kind",
            horizontal=True,
            empty_message="No conflict in this period.",
        ),
        Spacer(1, 3 * mm),
        _side_by_side(
            data_table(
                ["Severity", "Conflicts"],
                [[sev.label, summary.by_severity[sev]] for sev in Severity],
                [2, 1],
                numeric=[1],
                width=_half(),
            ),
            data_table(
                ["Status at the end of the period", "Conflicts"],
                [[st.label, summary.by_status[st]] for st in ConflictStatus],
                [2, 1],
                numeric=[1],
                width=_half(),
            ),
        ),
        para("Open conflicts, oldest first", s.h2),
    ]
    if data.include_confidential:
        story.append(para("Descriptions of confidential conflicts are included.", s.note))
    else:
        story.append(
            para(
                "Confidential descriptions are left out: only kind, severity, status and dates.",
                s.note,
            )
        )
    story.append(
        data_table(
            ["Opened", "Pair", "Kind", "Severity", "Status", "Days open", "Description"],
            [
                [
                    format_day(row.opened),
                    f"{row.mentee_name} with {row.mentor_name}" if row.pair_id else "Program-wide",
                    row.kind.label,
                    row.severity.label,
                    f"{row.status.label} since {format_day(row.status_since)}",
                    row.days_open,
                    _description(row, data.include_confidential),
                ]
                for row in data.open_conflicts
            ],
            [1.3, 2.1, 1.6, 1.3, 1.7, 0.9, 3.0],
            numeric=[5],
            empty="No conflict is open on this day.",
        )
    )
    return story


def _description(row: ConflictRow, include: bool) -> str:
    if row.confidential and (not include or row.description is None):
        return "(confidential — left out)"
    return row.description or ""


def _half() -> float:
    return (CONTENT_WIDTH - 8 * mm) / 2


def _side_by_side(left: Flowable, right: Flowable) -> Table:
    table = Table([[left, right]], colWidths=[_half() + 8 * mm, _half()], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 8 * mm),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ]
        )
    )
    return table


# --- ethics ---------------------------------------------------------------------------------


def _ethics(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    summary = data.ethics
    guidelines = [*EthicsGuideline]
    story: list[Flowable] = [
        para(
            f"Reviews of the five guidelines for the {summary.pairs} active pairs on "
            f"{format_day(data.as_of)}: {_share(summary.completion)} complete overall."
            if summary.completion is not None
            else f"No active pair to review on {format_day(data.as_of)}.",
            s.body,
        ),
        bar_chart(
            "Ethics reviews complete, by guideline",
            [g.label for g in guidelines],
            [
                Series(
                    "Share reviewed",
                    [
                        None
                        if summary.completion_by_guideline.get(g) is None
                        else summary.completion_by_guideline[g] * 100
                        for g in guidelines
                    ],
                )
            ],
            value_axis="Active pairs whose latest review is confirmed or concern (%)",
            category_axis="Guideline",
            horizontal=True,
            value_max=100,
            value_format=lambda v: f"{v:.0f} %",
            empty_message="No active pair to review on this day.",
        ),
        para("Concerns", s.h2),
        data_table(
            ["Date", "Pair", "Guideline", "Reviewer", "Note"],
            [
                [
                    format_day(concern.day),
                    f"{concern.mentee_name} with {concern.mentor_name}",
                    concern.guideline.label,
                    concern.reviewer,
                    concern.note,
                ]
                for concern in summary.concerns
            ],
            [1.3, 2.6, 2, 1.6, 4],
            empty="No concern raised.",
        ),
    ]
    return story


# --- activities and workshops ---------------------------------------------------------------


def _activities(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    counts = data.activities
    kinds = [*ActivityKind]
    outcomes = [*ActivityOutcome]
    total = sum(counts.counts.values())
    story: list[Flowable] = [
        para(
            f"{total} activities from {format_day(data.start)} to {format_day(data.end)}, "
            f"including {counts.workshop_credits} workshop sessions attended by both members of "
            "a pair (they count as held).",
            s.body,
        ),
        bar_chart(
            "Activities by kind: held, missed and cancelled",
            [kind.label for kind in kinds],
            [Series(o.label, [counts.count(k, o) for k in kinds]) for o in outcomes],
            value_axis="Activities in the period",
            category_axis="Kind",
            horizontal=True,
            stacked=True,
            empty_message="No activity in this period.",
        ),
        Spacer(1, 3 * mm),
        data_table(
            ["Kind", *(o.label for o in outcomes), "All", "Held share"],
            [
                [
                    kind.label,
                    *(counts.count(kind, o) for o in outcomes),
                    sum(counts.count(kind, o) for o in outcomes),
                    _held_share(counts, kind),
                ]
                for kind in kinds
            ],
            [3.2, 1, 1, 1, 1, 1.2],
            numeric=[1, 2, 3, 4, 5],
        ),
        para("Workshops and attendance", s.h2),
        para(
            f"{data.attendance.workshops} workshops in the period; {data.attendance.attendances} "
            f"attendances by {data.attendance.people} people; {data.attendance.pairs_credited} "
            "pairs attended one together.",
            s.body,
        ),
        data_table(
            ["Date", "Workshop", "Kind", "Attendees", "Pairs together"],
            [
                [format_day(w.day), w.title, w.kind.label, w.attendees, w.pairs_credited]
                for w in data.workshops
            ],
            [1.3, 4.4, 2, 1.1, 1.3],
            numeric=[3, 4],
            empty="No workshop in this period.",
        ),
    ]
    return story


def _held_share(counts: ActivityCounts, kind: ActivityKind) -> str:
    """The held share of one kind's activities, shown with the counts it is made from."""
    held = counts.count(kind, ActivityOutcome.HELD)
    total = sum(counts.count(kind, o) for o in ActivityOutcome)
    return "—" if not total else f"{held / total * 100:.0f} %"


# --- models ---------------------------------------------------------------------------------


def _models(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    models = [*MentorshipModel]
    figures = [data.figures.for_model(model) for model in models]
    rows: list[list[object]] = [
        ["How trust is built", *(m.how_trust_is_built for m in models)],
        ["Role of trust", *(m.role_of_trust for m in models)],
        ["How trust differs", *(m.how_trust_differs for m in models)],
        ["Active pairs", *(str(f.pairs) for f in figures)],
        ["Assessed pairs", *(str(f.assessed) for f in figures)],
        ["Average trust", *(_score(f.average_trust) for f in figures)],
        [
            "High / medium / low",
            *(
                f"{_share(f.share_high)} / {_share(f.share_medium)} / {_share(f.share_low)}"
                for f in figures
            ),
        ],
        ["Conflicts (all time)", *(str(f.conflicts) for f in figures)],
        [
            "Conflicts per pair",
            *(
                "—" if f.conflicts_per_pair is None else f"{f.conflicts_per_pair:.2f}"
                for f in figures
            ),
        ],
        ["Check-in adherence", *(_share(f.adherence) for f in figures)],
    ]
    story: list[Flowable] = [
        para(
            "The three mentorship models build trust differently; here they are with this "
            f"program's active pairs on {format_day(data.as_of)}.",
            s.body,
        ),
        data_table(["", *(m.label for m in models)], rows, [2.2, 3, 3, 3]),
        Spacer(1, 4 * mm),
        bar_chart(
            "Trust levels by model",
            [m.label for m in models],
            [
                Series(level.label, [None if share is None else share * 100 for share in shares])
                for level, shares in (
                    (TrustLevel.HIGH, [f.share_high for f in figures]),
                    (TrustLevel.MEDIUM, [f.share_medium for f in figures]),
                    (TrustLevel.LOW, [f.share_low for f in figures]),
                )
            ],
            value_axis="Share of assessed active pairs (%)",
            category_axis="Mentorship model",
            value_max=100,
            value_format=lambda v: f"{v:.0f} %",
            height=180,
            empty_message="No assessed active pair on this day.",
        ),
    ]
    return story


# --- appendix -------------------------------------------------------------------------------


def _roster(
    data: ProgramReportData, _registry: SectionRegistry, tracker: Progress
) -> list[Flowable]:
    s = styles()
    risk = {row.pair_id: row for row in data.rows}
    rows = []
    for number, pair in enumerate(data.roster, start=1):
        judged = risk.get(pair.pair_id)
        score = judged.trust_score if judged else pair.trust_score
        level = judged.trust_level if judged else pair.trust_level
        rows.append(
            (
                str(number),
                pair.mentee_name,
                pair.mentor_name,
                pair.model.label,
                pair.status.label,
                format_day(pair.start_date),
                _trust_cell(score, level),
                judged.health.label if judged else "—",
            )
        )

    def on_page(done: int, total: int) -> None:
        tracker.fraction(done / total if total else 1.0)

    story: list[Flowable] = [
        Heading("Appendix: roster of all pairs", "roster", 0, _registry),
    ]
    if not rows:
        story.append(para("The program has no pairs yet.", s.note))
        return story
    story += [
        para(
            f"All {len(rows)} pairs of the program, ordered by mentor then mentee. Health is "
            f"judged for active pairs on {format_day(data.as_of)}; trust is the latest mentee "
            "assessment.",
            s.note,
        ),
    ]
    # Short columns get exactly the room their longest value needs; names share the rest.
    fixed = {
        0: fitting_width([str(len(rows))], bold_header="#"),
        3: fitting_width([m.label for m in MentorshipModel], bold_header="Model"),
        4: fitting_width([st.label for st in PairStatus], bold_header="Status"),
        5: fitting_width(["0000-00-00"], bold_header="Started"),
        6: fitting_width(["not assessed", "0.00 medium"], bold_header="Trust"),
        7: fitting_width([h.label for h in Health], bold_header="Health"),
    }
    story.append(
        PagedTable(ROSTER_HEADER, rows, ROSTER_WIDTHS, numeric=[0], on_page=on_page, fixed=fixed)
    )
    return story


__all__ = [
    "ProgramReportData",
    "activity_counts",
    "choose_program",
    "gather_program",
    "program_report",
    "report_period",
    "write_program_report",
]
