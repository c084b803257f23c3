"""The program report's sections after the message and the outcomes: the cover,
trust (levels, dimensions, types, months, models, rated beside observed
behaviour, what each level means for work), conflicts (with every escalated and
closed-unresolved conflict of the period and its outcome), ethics, activities
and workshops, the models side by side, and the roster appendix. Long lists are
cut to what a reader takes in, saying how many more there are, so the body
stays within its page budget at any program size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    Health,
    MentorshipModel,
    PairStatus,
    Severity,
    TrustDimension,
    TrustLevel,
    TrustType,
)
from mentordesk.reports.charts import Series, bar_chart
from mentordesk.reports.fonts import markup
from mentordesk.reports.program.data import ProgramReportData, SeriousConflict
from mentordesk.reports.program.words import capital, count, fit, number
from mentordesk.reports.program.words import score as _score
from mentordesk.reports.program.words import share as _share
from mentordesk.reports.progress import Progress
from mentordesk.reports.style import (
    CONTENT_WIDTH,
    Contents,
    ContentsEntry,
    Heading,
    SectionRegistry,
    format_day,
    para,
    rich,
    styles,
)
from mentordesk.reports.tables import PagedTable, column_widths, data_table, fitting_width
from mentordesk.services.conflicts import ConflictRow
from mentordesk.services.outcomes import ActivityCounts


def _adherence(value: float | None, too_new: int) -> str:
    """A mean adherence, saying how many pairs started less than one cadence ago are left
    out of it (they have none yet: never 0 %)."""
    if not too_new:
        return _share(value)
    if value is None:
        return f"too new ({count(too_new, 'pair')} started less than a cadence ago)"
    return f"{_share(value)} ({number(too_new)} too new to count)"


# Rows of a long list the body shows; the count of the rest is said below it.
OPEN_CONFLICT_ROWS = 10
CONCERN_ROWS = 12
WORKSHOP_ROWS = 12
CLOSED_ROWS = 40
# Escalated conflicts of the period in the body, high severity first (every one in the
# appendix): a large program escalates hundreds in a quarter (about 550 at 100,000
# pairs, twelve pages), which kept the body from its page limit.
ESCALATED_ROWS = 40

ROSTER_HEADER = ("#", "Mentee", "Mentor", "Model", "Status", "Started", "Trust", "Health")
ROSTER_WIDTHS = (0.6, 2.3, 2.3, 1.35, 1.35, 1.25, 1.6, 0.95)


# --- cover ----------------------------------------------------------------------------------


def cover(
    data: ProgramReportData,
    prepared_for: str,
    made_on: date,
    sections: Sequence[ContentsEntry],
) -> list[Flowable]:
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
        (
            "Period",
            f"{data.period.current.label}: {data.period.current.dates}"
            + (
                f", compared with {data.period.previous.label}"
                if data.period.previous
                else ""
            ),
        ),
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
        Contents(sections),
    ]
    return story


# --- trust ----------------------------------------------------------------------------------


def trust_section(data: ProgramReportData, registry: SectionRegistry) -> list[Flowable]:
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
        para(
            "Average trust quarter by quarter is under Trends; by model, under Models side "
            "by side.",
            s.note,
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
                    "Observed check-in adherence (mean over active pairs, 90 days or since "
                    "the start)",
                    _adherence(f.adherence, f.too_new),
                ],
                *[
                    [
                        f"Observed check-in adherence — {model.label}",
                        _adherence(f.for_model(model).adherence, f.for_model(model).too_new),
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


def _trust_cell(score: float | None, level: TrustLevel | None) -> str:
    if score is None:
        return "not assessed"
    return f"{score:.2f} {level.label.lower()}" if level else f"{score:.2f}"


# --- conflicts ------------------------------------------------------------------------------


def conflicts_section(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    summary = data.conflicts
    median = (
        f"{summary.median_days_to_resolve:g} days"
        if summary.median_days_to_resolve is not None
        else "no conflict resolved yet"
    )
    story: list[Flowable] = [
        para(
            f"{capital(count(summary.total, 'conflict'))} opened from {format_day(data.start)} "
            f"to {format_day(data.end)}; {number(summary.ongoing)} still going on at the end of "
            f"the period, {number(summary.resolved)} resolved. Median time to resolve: {median}.",
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
        *_serious(data),
        para("Open conflicts: high severity first, then oldest", s.h3),
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
                for row in data.open_conflicts[:OPEN_CONFLICT_ROWS]
            ],
            [1.3, 2.1, 1.6, 1.3, 1.7, 0.9, 3.0],
            numeric=[5],
            empty="No conflict is open on this day.",
        )
    )
    more = len(data.open_conflicts) - OPEN_CONFLICT_ROWS
    if more > 0:
        story.append(
            para(
                f"{capital(count(more, 'more open conflict'))} (newer ones) are in the "
                "conflict log.",
                s.note,
            )
        )
    return story


def _serious(data: ProgramReportData) -> list[Flowable]:
    """The conflicts of the period that were escalated or closed unresolved, with their
    outcome: the ones a review must see one by one (one line each); beyond
    :data:`ESCALATED_ROWS` or :data:`CLOSED_ROWS` of a kind, the most serious, and every
    one in the appendix."""
    s = styles()
    rows = data.serious_conflicts
    title = "Escalated and closed unresolved in the period"
    if not rows:
        earlier = (
            f" {capital(count(data.escalated_earlier, 'conflict'))} escalated before it still "
            "await a decision."
            if data.escalated_earlier
            else ""
        )
        return [
            para(title, s.h3),
            para(
                "No conflict was escalated or closed unresolved in the period." + earlier,
                s.note,
            ),
        ]
    story: list[Flowable] = [para(title, s.h3)]
    escalated = [item for item in rows if item.row.status is ConflictStatus.ESCALATED]
    closed = [item for item in rows if item.row.status is ConflictStatus.CLOSED_UNRESOLVED]
    # Up to what keeps the body within its pages (all in the appendix), high severity
    # first; escalated ones that all fit stay in the order they were opened.
    for status, items, limit, ended in (
        (ConflictStatus.ESCALATED, escalated, ESCALATED_ROWS, "escalated"),
        (ConflictStatus.CLOSED_UNRESOLVED, closed, CLOSED_ROWS, "closed unresolved"),
    ):
        if not items:
            continue
        shown = items
        if status is ConflictStatus.CLOSED_UNRESOLVED or len(items) > limit:
            shown = sorted(items, key=lambda item: item.row.severity is not Severity.HIGH)
        story.append(serious_table(status, shown[:limit]))
        if len(items) > limit:
            story.append(
                para(
                    f"{capital(count(len(items) - limit, 'more conflict'))} {ended} in the "
                    "period are listed in the appendix (and the conflict log).",
                    s.note,
                )
            )
    return [
        *story,
        *(
            [
                para(
                    f"{capital(count(data.escalated_earlier, 'conflict'))} escalated before "
                    "the period still await a decision (conflict log, status Escalated).",
                    s.note,
                )
            ]
            if data.escalated_earlier
            else []
        ),
    ]


def serious_table(status: ConflictStatus, items: Sequence[SeriousConflict]) -> Flowable:
    """One line per conflict: names and outcome cut to fit, so a long list stays short."""
    fractions = [1, 2.4, 1, 1, 1, 3.6]
    fixed = {
        0: fitting_width([format_day(item.row.opened) for item in items], bold_header="Opened"),
        2: fitting_width([item.row.kind.label for item in items], bold_header="Kind"),
        3: fitting_width([item.row.severity.label for item in items], bold_header="Severity"),
        4: fitting_width(
            [format_day(item.row.status_since) for item in items], bold_header=status.label
        ),
    }
    widths = column_widths(fractions, fixed=fixed)
    return PagedTable(
        ["Opened", "Pair (mentee / mentor)", "Kind", "Severity", status.label, "Outcome"],
        [
            [
                format_day(item.row.opened),
                fit(
                    f"{item.row.mentee_name} / {item.row.mentor_name}"
                    if item.row.pair_id
                    else "Program-wide",
                    widths[1],
                ),
                item.row.kind.label,
                item.row.severity.label,
                format_day(item.row.status_since),
                fit(item.outcome or "No outcome recorded yet", widths[5]),
            ]
            for item in items
        ],
        fractions,
        fixed=fixed,
    )


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


def ethics_section(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    summary = data.ethics
    guidelines = [*EthicsGuideline]
    story: list[Flowable] = [
        para(
            f"Reviews of the five guidelines for the {count(summary.pairs, 'active pair')} on "
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
                for concern in summary.concerns[:CONCERN_ROWS]
            ],
            [1.3, 2.6, 2, 1.6, 4],
            empty="No concern raised.",
        ),
    ]
    more = len(summary.concerns) - CONCERN_ROWS
    if more > 0:
        story.append(
            para(f"{capital(count(more, 'more concern'))} are in the Ethics view.", s.note)
        )
    return story


# --- activities and workshops ---------------------------------------------------------------


def activities_section(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    counts = data.activities
    kinds = [*ActivityKind]
    outcomes = [*ActivityOutcome]
    total = sum(counts.counts.values())
    story: list[Flowable] = [
        para(
            f"{capital(count(total, 'activity'))} from {format_day(data.start)} to "
            f"{format_day(data.end)}, including "
            f"{count(counts.workshop_credits, 'workshop session')} attended by both members of "
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
            f"{capital(count(data.attendance.workshops, 'workshop'))} in the period; "
            f"{count(data.attendance.attendances, 'attendance')} by "
            f"{count(data.attendance.people, 'person')}; "
            f"{count(data.attendance.pairs_credited, 'pair')} attended one together.",
            s.body,
        ),
        data_table(
            ["Date", "Workshop", "Kind", "Attendees", "Pairs together"],
            [
                [format_day(w.day), w.title, w.kind.label, w.attendees, w.pairs_credited]
                for w in data.workshops[-WORKSHOP_ROWS:]
            ],
            [1.3, 4.4, 2, 1.1, 1.3],
            numeric=[3, 4],
            empty="No workshop in this period.",
        ),
    ]
    more = len(data.workshops) - WORKSHOP_ROWS
    if more > 0:
        story.append(
            para(
                f"The latest {number(WORKSHOP_ROWS)} are shown; "
                f"{count(more, 'earlier workshop')} of the period are in the Workshops view.",
                s.note,
            )
        )
    return story


def _held_share(counts: ActivityCounts, kind: ActivityKind) -> str:
    """The held share of one kind's activities, shown with the counts it is made from."""
    held = counts.count(kind, ActivityOutcome.HELD)
    total = sum(counts.count(kind, o) for o in ActivityOutcome)
    return "—" if not total else f"{held / total * 100:.0f} %"


# --- models ---------------------------------------------------------------------------------


def models_section(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    s = styles()
    models = [*MentorshipModel]
    figures = [data.figures.for_model(model) for model in models]
    rows: list[list[object]] = [
        ["How trust is built", *(m.how_trust_is_built for m in models)],
        ["Role of trust", *(m.role_of_trust for m in models)],
        ["How trust differs", *(m.how_trust_differs for m in models)],
        ["Active pairs", *(number(f.pairs) for f in figures)],
        ["Assessed pairs", *(number(f.assessed) for f in figures)],
        ["Average trust", *(_score(f.average_trust) for f in figures)],
        [
            "High / medium / low",
            *(
                f"{_share(f.share_high)} / {_share(f.share_medium)} / {_share(f.share_low)}"
                for f in figures
            ),
        ],
        ["Conflicts (all time)", *(number(f.conflicts) for f in figures)],
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
    # The last section: its chart never ends the report alone on a page of its own.
    return [KeepTogether(story)]


# --- appendix -------------------------------------------------------------------------------


def roster_appendix(
    data: ProgramReportData, _registry: SectionRegistry, tracker: Progress
) -> list[Flowable]:
    s = styles()
    risk = {row.pair_id: row for row in data.rows}
    rows = []
    for index, pair in enumerate(data.roster or (), start=1):
        judged = risk.get(pair.pair_id)
        score = judged.trust_score if judged else pair.trust_score
        level = judged.trust_level if judged else pair.trust_level
        rows.append(
            (
                number(index),
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

    story: list[Flowable] = []
    if not rows:
        story.append(para("The program has no pairs yet.", s.note))
        return story
    story += [
        para(
            f"All {count(len(rows), 'pair')} of the program, ordered by mentor then mentee. "
            f"Health is judged for active pairs on {format_day(data.as_of)}; trust is the "
            "latest mentee assessment.",
            s.note,
        ),
    ]
    # Short columns get exactly the room their longest value needs; names share the rest.
    fixed = {
        0: fitting_width([str(len(rows))], bold_header="#"),
        3: fitting_width([m.label for m in MentorshipModel], bold_header="Model"),
        4: fitting_width([st.label for st in PairStatus], bold_header="Status"),
        5: fitting_width(["30 Sep 0000"], bold_header="Started"),
        6: fitting_width(["not assessed", "0.00 medium"], bold_header="Trust"),
        7: fitting_width([h.label for h in Health], bold_header="Health"),
    }
    story.append(
        PagedTable(ROSTER_HEADER, rows, ROSTER_WIDTHS, numeric=[0], on_page=on_page, fixed=fixed)
    )
    return story


