"""The pair report, for a pair's mid-point or closing review.

Both people, the model, dates and agreement; goals; trust over time against
the program's thresholds, the latest assessment by dimension and type beside
the mentor's view; activities; conflicts; the ethics checklist; the pair
reviews lesson by lesson; and the risk flags with their reasons. Every figure
comes from the services; only records dated on or before the "as of" day
count. Confidential notes and conflict descriptions are left out unless asked
for, and then every page says CONFIDENTIAL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from mentordesk.domain.goals import is_overdue
from mentordesk.domain.risk import days_written
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    EthicsGuideline,
    EthicsState,
    Lesson,
    PairStatus,
    Respondent,
    TrustDimension,
    TrustType,
)
from mentordesk.reports.charts import Series, Threshold, bar_chart, line_chart
from mentordesk.reports.fonts import markup
from mentordesk.reports.lookup import mentee_pair_id
from mentordesk.reports.paper import Paper
from mentordesk.reports.progress import Progress, ProgressCallback
from mentordesk.reports.style import (
    CONTENT_WIDTH,
    PAGE_HEIGHT,
    DocumentInfo,
    Heading,
    ReportDocument,
    SectionRegistry,
    format_day,
    opened_groups,
    para,
    rich,
    styles,
)
from mentordesk.reports.tables import data_table, facts_table
from mentordesk.services.activities import TimelineEntry, TimelineSource, pair_timeline
from mentordesk.services.conflicts import (
    ConflictDetail,
    ConflictRow,
    conflict_detail,
    list_conflicts,
)
from mentordesk.services.ethics import EthicsCell, pair_ethics
from mentordesk.services.reviews import PairReviewDetails, list_pair_reviews
from mentordesk.services.risk import PairRiskRow, assess_pair_by_id
from mentordesk.services.roster import PairDetails, PersonBrief, pair_details
from mentordesk.services.trust import AssessmentSummary, trust_history

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LEFT_OUT = "(confidential — left out of this report)"


@dataclass(frozen=True)
class PairReportData:
    """Everything the pair report prints, gathered from the services for one day."""

    as_of: date
    include_confidential: bool
    details: PairDetails
    risk: PairRiskRow
    assessments: tuple[AssessmentSummary, ...]
    activities: tuple[TimelineEntry, ...]
    conflicts: tuple[tuple[ConflictRow, ConflictDetail], ...]
    ethics: dict[EthicsGuideline, EthicsCell]
    reviews: tuple[PairReviewDetails, ...]


def gather_pair(
    session: Session,
    pair_id: int,
    as_of: date,
    *,
    include_confidential: bool = False,
    tracker: Progress | None = None,
) -> PairReportData:
    """Ask the services for the pair's records up to ``as_of``."""
    tracker = tracker or Progress(None)
    details = pair_details(session, pair_id)
    risk = assess_pair_by_id(session, pair_id, as_of)
    tracker.fraction(0.3)
    assessments = tuple(a for a in trust_history(session, pair_id) if a.day <= as_of)
    activities = tuple(
        entry
        for entry in pair_timeline(session, pair_id)
        if entry.day <= as_of and entry.source in (TimelineSource.ACTIVITY, TimelineSource.WORKSHOP)
    )
    tracker.fraction(0.6)
    rows = list_conflicts(
        session, pair_id=pair_id, as_of=as_of, reveal_confidential=include_confidential
    )
    # The rows carry the status as of the day; the details add the steps.
    conflicts = tuple(
        (row, conflict_detail(session, row.id, reveal_confidential=include_confidential))
        for row in sorted(rows, key=lambda row: (row.opened, row.id))
    )
    ethics = pair_ethics(session, pair_id, as_of)
    reviews = tuple(r for r in list_pair_reviews(session, pair_id) if r.day <= as_of)
    tracker.fraction(1.0)
    return PairReportData(
        as_of=as_of,
        include_confidential=include_confidential,
        details=details,
        risk=risk,
        assessments=assessments,
        activities=activities,
        conflicts=conflicts,
        ethics=ethics,
        reviews=reviews,
    )


def pair_report(
    session: Session,
    path: Path,
    *,
    mentee_email: str | None = None,
    pair_id: int | None = None,
    program_name: str | None = None,
    as_of: date | None = None,
    include_confidential: bool = False,
    made_on: date | None = None,
    progress: ProgressCallback | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """Write the report of the mentee's pair (or of ``pair_id``) to ``path``."""
    tracker = Progress(progress)
    tracker.stage(25)
    if pair_id is None:
        if mentee_email is None:
            raise ValueError("pair_report needs a mentee's email or a pair id")
        pair_id = mentee_pair_id(session, mentee_email, program_name)
    data = gather_pair(
        session,
        pair_id,
        as_of or date.today(),
        include_confidential=include_confidential,
        tracker=tracker,
    )
    return write_pair_report(path, data, made_on=made_on, tracker=tracker, paper=paper)


def write_pair_report(
    path: Path,
    data: PairReportData,
    *,
    made_on: date | None = None,
    tracker: Progress | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """Lay out and write the pair report from gathered data."""
    tracker = tracker or Progress(None)
    details = data.details
    title = f"Pair report — {details.mentee.name} with {details.mentor.name}"
    info = DocumentInfo(
        title=title,
        header=f"Pair report — {details.mentee.name} with {details.mentor.name}",
        subject=f"{details.program_name} · as of {format_day(data.as_of)}",
        author="MentorDesk",
        made_on=made_on or date.today(),
        confidential=data.include_confidential,
        keywords=("mentoring", "pair review"),
    )
    document = ReportDocument(path, info, tracker, paper=paper)
    tracker.stage(35)
    registry = document.registry
    story: list[Flowable] = [NextPageTemplate("body"), *_title_block(data)]
    sections = (
        ("The pair", "pair", _the_pair),
        ("Health and flags", "flags", _flags),
        ("Goals", "goals", _goals),
        ("Trust", "trust", _trust),
        ("Activities", "activities", _activities),
        ("Conflicts", "conflicts", _conflicts),
        ("Ethics checklist", "ethics", _ethics),
        ("Pair reviews", "reviews", _reviews),
    )
    for index, (heading, key, build) in enumerate(sections):
        story.append(Heading(heading, key, 0, registry))
        story.extend(build(data, registry))
        tracker.fraction((index + 1) / len(sections))
    tracker.stage(100)
    return document.make(keep_the_end_together(story))


# The last page carries at least this much (about ten lines of text): a review's
# summary or a short last section does not go on to a page of its own.
LAST_PAGE_CONTENT = 140


def _height(flowable: Flowable) -> float:
    """How tall ``flowable`` stands in the text column, with its space around it."""
    if isinstance(flowable, KeepTogether):
        return sum(_height(part) for part in flowable._content)
    _, height = flowable.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
    return height + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def keep_the_end_together(
    story: list[Flowable], least: float = LAST_PAGE_CONTENT
) -> list[Flowable]:
    """``story`` with its last flowables, at least ``least`` points of them, kept on
    one page: when they do not fit at the foot of a page they go on together, so the
    last page is never nearly empty (a heading before them goes with them, as
    headings keep with what follows). A flowable taller than half a page is not
    taken in (it splits on its own)."""
    taken = 0.0
    start = len(story)
    while start > 0 and taken < least:
        flowable = story[start - 1]
        if isinstance(flowable, ActionFlowable):
            break
        height = _height(flowable)
        if height > PAGE_HEIGHT / 2:
            break
        taken += height
        start -= 1
    if start >= len(story) - 1:
        return story
    return [*story[:start], KeepTogether(opened_groups(story[start:]))]


# --- sections -------------------------------------------------------------------------------


def _title_block(data: PairReportData) -> list[Flowable]:
    s = styles()
    details = data.details
    story: list[Flowable] = [
        para("Pair report", s.title),
        para(f"{details.mentee.name} with {details.mentor.name}", s.subtitle),
        para(
            f"{details.program_name} · as of {format_day(data.as_of)}. Only records dated on or "
            "before that day are counted.",
            s.note,
        ),
    ]
    if data.include_confidential:
        story.append(
            para(
                "This report includes confidential notes and conflict descriptions at the "
                "coordinator's request.",
                s.note,
            )
        )
    else:
        story.append(
            para(
                "Notes and conflicts marked confidential are left out; only their dates, kinds "
                "and statuses are shown.",
                s.note,
            )
        )
    story.append(Spacer(1, 4 * mm))
    return story


def _person(person: PersonBrief) -> str:
    parts = [person.name]
    role = ", ".join(p for p in (person.title, person.department) if p)
    if role:
        parts.append(role)
    if person.email:
        parts.append(person.email)
    if not person.active:
        parts.append("(has left)")
    return " · ".join(parts)


def _the_pair(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    details = data.details
    if details.agreement_signed:
        agreement = f"Signed on {format_day(details.agreement_signed)}"
    elif details.model.expects_agreement:
        agreement = "Not signed (a formal pair is expected to have a signed agreement)"
    else:
        agreement = "Not signed (not expected for this model)"
    cadence = f"Every {details.effective_cadence_days} days" + (
        " (the pair's own)" if details.cadence_days else " (the program's)"
    )
    facts: list[tuple[str, object]] = [
        ("Mentee", _person(details.mentee)),
        ("Mentor", _person(details.mentor)),
        ("Program", details.program_name),
        ("Model", f"{details.model.label}: trust is built on {details.model.how_trust_is_built}"),
        ("Status", details.status.label),
        ("Started", format_day(details.start_date)),
        ("Planned end", format_day(details.planned_end)),
        ("Mentoring agreement", agreement),
        ("Check-ins expected", cadence),
    ]
    if details.end_reason:
        facts.append(("Why it ended", details.end_reason))
    story: list[Flowable] = [facts_table(facts)]
    story.append(para("Expectations agreed", styles().h3))
    story.append(
        para(details.expectations)
        if details.expectations.strip()
        else para("No expectations recorded.", styles().note)
    )
    return story


def _flags(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    risk = data.risk
    s = styles()
    level = risk.trust_level.label if risk.trust_level else "not assessed"
    score = f"{risk.trust_score:.2f}" if risk.trust_score is not None else "—"
    facts: list[tuple[str, object]] = [
        ("Health", risk.health.label),
        ("Trust score", f"{score} ({level})"),
        ("Activities held (90 days, or since the start)", _percent(risk.consistency)),
        (
            "Check-in adherence (same days)",
            "too new (started less than one cadence ago)"
            if risk.too_new
            else _percent(risk.adherence),
        ),
    ]
    story: list[Flowable] = [facts_table(facts)]
    if data.details.status is not PairStatus.ACTIVE:
        story.append(
            para(
                f"Risk flags are raised for active pairs only; this pair is "
                f"{data.details.status.label.lower()}.",
                s.note,
            )
        )
    elif not risk.findings:
        story.append(para("No flags: the pair is healthy on this day.", s.body))
    else:
        story.append(Spacer(1, 2 * mm))
        story.append(
            data_table(
                ["Flag", "Weight", "Why"],
                [
                    [
                        finding.flag.label,
                        finding.flag.weight.label,
                        days_written(finding.reason, format_day),
                    ]
                    for finding in risk.findings
                ],
                [2.2, 1, 7],
            )
        )
    return story


def _goals(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    goals = data.details.goals
    return [
        data_table(
            ["Goal", "Target date", "Status"],
            [
                [
                    goal.text,
                    format_day(goal.target),
                    # Target date passed, still open (issue 15): say so.
                    "Overdue"
                    if is_overdue(goal.status, goal.target, data.as_of)
                    else goal.status.label,
                ]
                for goal in goals
            ],
            [7, 1.6, 1.4],
            empty="No goals recorded yet.",
        )
    ]


def _trust(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    thresholds = data.details.thresholds
    mentee = [a for a in data.assessments if a.respondent is Respondent.MENTEE]
    mentor = [a for a in data.assessments if a.respondent is Respondent.MENTOR]
    days = sorted({a.day for a in data.assessments})
    by_day_mentee = {a.day: a.overall for a in mentee}
    by_day_mentor = {a.day: a.overall for a in mentor}
    series = [Series("Mentee", [by_day_mentee.get(day) for day in days])]
    if mentor:
        series.append(Series("Mentor's view", [by_day_mentor.get(day) for day in days]))
    story: list[Flowable] = [
        line_chart(
            "Overall trust at each assessment",
            [format_day(day) for day in days],
            series,
            value_axis="Trust score (1–5)",
            x_axis="Assessment date",
            value_range=(1, 5),
            thresholds=[
                Threshold("High from", thresholds.high),
                Threshold("Medium from", thresholds.medium),
            ],
            value_format=lambda v: f"{v:.1f}",
            empty_message="No assessment yet.",
        ),
        Spacer(1, 3 * mm),
    ]
    latest_mentee = mentee[-1] if mentee else None
    latest_mentor = mentor[-1] if mentor else None
    story.append(para("Latest assessment, beside the mentor's view", s.h2))
    if latest_mentee is None and latest_mentor is None:
        story.append(para("No assessment up to this day.", s.note))
    else:
        rows: list[list[object]] = []

        def score(summary: AssessmentSummary | None, value: float | None) -> str:
            if summary is None:
                return "—"
            return f"{value:.2f}" if value is not None else "not enough answers"

        rows.append(
            [
                "Overall",
                score(latest_mentee, latest_mentee.overall if latest_mentee else None),
                score(latest_mentor, latest_mentor.overall if latest_mentor else None),
            ]
        )
        for dimension in TrustDimension:
            rows.append(
                [
                    f"Dimension: {dimension.label}",
                    score(latest_mentee, _get(latest_mentee, "dimensions", dimension)),
                    score(latest_mentor, _get(latest_mentor, "dimensions", dimension)),
                ]
            )
        for trust_type in TrustType:
            rows.append(
                [
                    f"Type: {trust_type.label}",
                    score(latest_mentee, _get(latest_mentee, "types", trust_type)),
                    score(latest_mentor, _get(latest_mentor, "types", trust_type)),
                ]
            )
        mentee_head = f"Mentee ({format_day(latest_mentee.day)})" if latest_mentee else "Mentee"
        mentor_head = (
            f"Mentor's view ({format_day(latest_mentor.day)})" if latest_mentor else "Mentor's view"
        )
        labels = [
            *(f"Dimension: {d.label}" for d in TrustDimension),
            *(f"Type: {t.label}" for t in TrustType),
        ]
        compared = [Series("Mentee", _scores(latest_mentee))]
        if latest_mentor is not None:
            compared.append(Series("Mentor's view", _scores(latest_mentor)))
        story += [
            bar_chart(
                "Latest assessment by dimension and type",
                labels,
                compared,
                value_axis="Score (1–5)",
                category_axis="Dimension / type",
                horizontal=True,
                value_max=5,
                value_format=lambda v: f"{v:.2f}",
                tick_format=lambda v: f"{v:g}",
                empty_message="No assessment up to this day.",
            ),
            Spacer(1, 2 * mm),
            data_table(["Score", mentee_head, mentor_head], rows, [4, 3, 3], numeric=[1, 2]),
        ]
        if latest_mentee and latest_mentee.level:
            level = latest_mentee.level
            story.append(
                rich(
                    f"<b>{markup(level.label)} trust</b> — direct effects on work: "
                    f"{markup(level.direct_effects)}; indirect: {markup(level.indirect_effects)}.",
                    s.small,
                )
            )
        story.append(
            para(
                "The mentor's view is shown for comparison; it never sets the level or the flags.",
                s.note,
            )
        )
    story.append(para("All assessments", s.h2))
    story.append(
        data_table(
            ["Date", "Answered by", "Overall", "Level", "Comment"],
            [
                [
                    format_day(a.day),
                    a.respondent.label,
                    a.overall,
                    a.level.label if a.level else "—",
                    a.comment or "",
                ]
                for a in data.assessments
            ],
            [1.5, 1.3, 1, 1.1, 5],
            numeric=[2],
            empty="No assessment up to this day.",
        )
    )
    return story


def _scores(summary: AssessmentSummary | None) -> list[float | None]:
    """Dimension then type scores of one assessment, in the chart's order."""
    return [
        *(_get(summary, "dimensions", d) for d in TrustDimension),
        *(_get(summary, "types", t) for t in TrustType),
    ]


def _get(summary: AssessmentSummary | None, field: str, key: object) -> float | None:
    if summary is None:
        return None
    return getattr(summary, field).get(key)


def _activities(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    entries = data.activities
    if not entries:
        return [para("No activities up to this day.", s.note)]
    counts = Counter((entry.activity_kind, entry.outcome) for entry in entries)
    summary_rows = []
    for kind in ActivityKind:
        row_counts = [counts[(kind, outcome)] for outcome in ActivityOutcome]
        if any(row_counts):
            summary_rows.append([kind.label, *row_counts, sum(row_counts)])
    story: list[Flowable] = [
        data_table(
            ["Kind", *[o.label for o in ActivityOutcome], "All"],
            summary_rows,
            [4, 1.2, 1.2, 1.2, 1.2],
            numeric=[1, 2, 3, 4],
        ),
        Spacer(1, 3 * mm),
        data_table(
            ["Date", "Activity", "Outcome", "Notes"],
            [
                [
                    format_day(entry.day),
                    entry.title,
                    entry.detail,
                    _secret(entry.text, entry.confidential, data.include_confidential),
                ]
                for entry in entries
            ],
            [1.4, 2.6, 1.8, 5],
        ),
    ]
    return story


def _secret(text: str | None, confidential: bool, include: bool) -> str:
    if confidential and not include:
        return LEFT_OUT
    if text is None:
        return LEFT_OUT
    return ("Confidential: " if confidential else "") + text


def _conflicts(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    if not data.conflicts:
        return [para("No conflicts recorded up to this day.", s.note)]
    story: list[Flowable] = []
    for row, detail in data.conflicts:
        heading = (
            f"{row.kind.label} · {row.severity.label.lower()} severity · opened "
            f"{format_day(row.opened)}"
        )
        block: list[Flowable] = [
            para(heading, s.h3),
            para(
                f"Status: {row.status.label} since {format_day(row.status_since)}"
                + (" · confidential" if row.confidential else ""),
                s.small,
            ),
        ]
        description = _secret(row.description, row.confidential, data.include_confidential)
        if description:
            block.append(para(description, s.body))
        story.append(KeepTogether(block))
        steps = [step for step in detail.steps if step.day <= data.as_of]
        story.append(
            data_table(
                ["Date", "Status", "Note"],
                [
                    [
                        format_day(step.day),
                        step.status.label,
                        _secret(step.note, row.confidential, data.include_confidential),
                    ]
                    for step in steps
                ],
                [1.4, 1.6, 7],
                empty="No steps yet.",
            )
        )
        if data.include_confidential or not row.confidential:
            for label, text in (("Root cause", detail.root_cause), ("Outcome", detail.outcome)):
                if text:
                    story.append(rich(f"<b>{label}:</b> {markup(text)}", s.small))
        story.append(Spacer(1, 3 * mm))
    return story


def _ethics(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    rows = []
    for guideline in EthicsGuideline:
        cell = data.ethics[guideline]
        state = cell.state
        rows.append(
            [
                guideline.label,
                state.label,
                format_day(cell.day),
                cell.reviewer or "",
                cell.note or ("" if state is not EthicsState.NOT_REVIEWED else "No review yet."),
            ]
        )
    return [
        data_table(
            ["Guideline", "State", "Date", "Reviewer", "Note"], rows, [2.6, 1.3, 1.4, 1.8, 4]
        )
    ]


def _reviews(data: PairReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    if not data.reviews:
        return [para("No pair review recorded up to this day.", s.note)]
    story: list[Flowable] = []
    for review in data.reviews:
        story.append(para(f"Review of {format_day(review.day)}", s.h2))
        for lesson in Lesson:
            text = review.reflections.get(lesson, "")
            story.append(
                KeepTogether(
                    [
                        para(lesson.lesson, s.h3),
                        para(text) if text.strip() else para("Nothing written.", s.note),
                    ]
                )
            )
        if review.summary.strip():
            story.append(para("Summary", s.h3))
            story.append(para(review.summary))
    return story


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"
