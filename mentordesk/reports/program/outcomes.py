"""Outcomes (goals, endings, trust change, surveys; by model and department) and
trends quarter by quarter (month by month for a program younger than a year)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from mentordesk.domain.vocabularies import Health
from mentordesk.reports.charts import Series, Threshold, bar_chart, line_chart
from mentordesk.reports.program.data import ProgramReportData
from mentordesk.reports.program.words import count, number, score, share
from mentordesk.reports.style import format_day, para, styles
from mentordesk.reports.tables import PagedTable, data_table, fitting_width
from mentordesk.services.closing_outcomes import (
    MIN_GROUP_ANSWERS,
    PASSIVE_FROM,
    PROMOTER_FROM,
    ClosingGroup,
)
from mentordesk.services.outcomes import TRUST_CHANGE_STEP, GroupOutcomes

# Departments shown one by one; the rest are added up in one row.
DEPARTMENT_ROWS = 12
OUTCOME_HEADER = (
    "",
    "Pairs",
    "Goals",
    "Achieved",
    "Dropped",
    "Overdue",
    "Completed",
    "Ended early",
    "Trust rose / held / fell",
)
OUTCOME_WIDTHS = (2.6, 0.8, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.7)


def _table(rows: list[list[object]], empty: str = "None.") -> Flowable:
    """The outcome table: numeric columns exactly as wide as their header word."""
    if not rows:
        return para(empty, styles().note)
    fixed = {
        index: fitting_width([str(row[index]) for row in rows], bold_header=header)
        for index, header in enumerate(OUTCOME_HEADER)
        if 0 < index < len(OUTCOME_HEADER) - 1
    }
    last = len(OUTCOME_HEADER) - 1
    fixed[last] = max(fitting_width([str(row[last]) for row in rows]), 70.0)
    return PagedTable(
        OUTCOME_HEADER, rows, OUTCOME_WIDTHS, numeric=list(range(1, 9)), fixed=fixed
    )


def _row(group: GroupOutcomes) -> list[object]:
    return [
        group.label,
        number(group.pairs),
        number(group.goals_set),
        number(group.goals_achieved),
        number(group.goals_dropped),
        number(group.goals_overdue),
        number(group.completed),
        number(group.ended_early),
        f"{number(group.trust_rose)} / {number(group.trust_held)} / {number(group.trust_fell)}",
    ]


def _others(groups: tuple[GroupOutcomes, ...]) -> GroupOutcomes:
    fields = [
        "pairs",
        "goals_set",
        "goals_achieved",
        "goals_dropped",
        "goals_overdue",
        "completed",
        "ended_early",
        "trust_rose",
        "trust_held",
        "trust_fell",
    ]
    label = f"{count(len(groups), 'other department')}"
    return GroupOutcomes(label, **{f: sum(getattr(g, f) for g in groups) for f in fields})


def outcomes_section(data: ProgramReportData) -> list[Flowable]:
    s = styles()
    result = data.outcomes
    total = result.total
    achieved = share(total.goals_achieved / total.goals_set) if total.goals_set else "—"
    story: list[Flowable] = [
        para(
            f"Up to {format_day(data.as_of)}, for the {count(total.pairs, 'pair')} started so "
            f"far: {count(total.goals_set, 'goal')} set, {number(total.goals_achieved)} achieved "
            f"({achieved}), {number(total.goals_dropped)} dropped and "
            f"{number(total.goals_overdue)} open past the target date; "
            f"{count(total.completed, 'pair')} completed and {number(total.ended_early)} ended "
            f"early. Trust is compared from each pair's first mentee assessment to its latest "
            f"(a change under {TRUST_CHANGE_STEP:g} of a point counts as held): it rose in "
            f"{number(total.trust_rose)}, held in {number(total.trust_held)} and fell in "
            f"{number(total.trust_fell)} of the {count(total.trust_compared, 'pair')} "
            "assessed twice or more.",
            s.body,
        ),
        para("By model", s.h3),
        _table([_row(group) for group in (*result.by_model, total)]),
        para("By department (the mentee's)", s.h3),
    ]
    departments = result.by_department
    rows = [_row(group) for group in departments[:DEPARTMENT_ROWS]]
    if len(departments) > DEPARTMENT_ROWS:
        rows.append(_row(_others(departments[DEPARTMENT_ROWS:])))
    story.append(_table(rows, "No pair has started yet."))
    if result.end_reasons:
        story += [
            para("Why pairs ended early", s.h3),
            data_table(
                ["End reason", "Pairs"],
                [[reason, number(times)] for reason, times in result.end_reasons[:8]],
                [8, 1],
                numeric=[1],
            ),
        ]
        if len(result.end_reasons) > 8:
            rest = sum(times for _, times in result.end_reasons[8:])
            story.append(
                para(f"{count(rest, 'more pair')} with other reasons.", s.note)
            )
    story += [para("Surveys", s.h3), *_surveys(data)]
    return story


ROUND_ROWS = 8
CLOSING_HEADER = [
    "",
    "Answers",
    "Mean (0–10)",
    "Promoters / passive / detractors",
    "Promoter score",
    "Goals achieved / partly / not",
]
CLOSING_WIDTHS = [2.6, 0.9, 1.0, 1.9, 1.1, 1.9]


def _signed(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value).replace("-", "−")


def _closing_row(group: ClosingGroup) -> list[object]:
    mean = group.recommend_mean
    return [
        group.label,
        number(group.answers),
        "—" if mean is None else f"{mean:.1f}",
        f"{number(group.promoters)} / {number(group.passives)} / {number(group.detractors)}",
        _signed(group.promoter_score),
        f"{number(group.goals_achieved)} / {number(group.goals_partly)} / "
        f"{number(group.goals_not)}",
    ]


def _surveys(data: ProgramReportData) -> list[Flowable]:
    """Response rates of the rounds opened so far, and what closing rounds say:
    would recommend (0–10, with its promoter score) and goals achieved, by who answered,
    by model and by department where counts allow; the keep/change comments only in a
    report that includes confidential content."""
    s = styles()
    closing = data.closing_outcomes
    rounds = closing.rounds
    if not rounds:
        return [para("No survey rounds yet.", s.note)]
    story: list[Flowable] = [
        data_table(
            ["Round", "Kind", "Opened", "Due", "Asked", "Answered", "Refused", "Response rate"],
            [
                [
                    r.name,
                    r.kind.label,
                    format_day(r.opens_on),
                    format_day(r.due_on),
                    number(r.asked),
                    number(r.answered),
                    number(r.refused),
                    share(r.response_rate),
                ]
                for r in rounds[-ROUND_ROWS:]
            ],
            [2.6, 1.0, 1.3, 1.3, 0.8, 1.15, 1.0, 1.35],
            numeric=[4, 5, 6, 7],
        )
    ]
    if len(rounds) > ROUND_ROWS:
        story.append(
            para(f"The latest {ROUND_ROWS} of {count(len(rounds), 'round')} opened so far.",
                 s.note)
        )
    total = closing.total
    if not total.answers:
        story.append(para("No closing round has been answered yet.", s.note))
        return story
    story += [
        para("Closing rounds: would they recommend the program, and the goals", s.h3),
        para(
            "“How likely are you to recommend this program to a colleague?” is answered from "
            f"0 to 10. The promoter score is the share answering {PROMOTER_FROM} or 10 "
            f"(promoters) minus the share answering 0 to {PASSIVE_FROM - 1} (detractors), "
            f"from −100 to +100; {PASSIVE_FROM} and {PROMOTER_FROM - 1} are passive. Every "
            "closing answer counts, the mentee's and the mentor's. A model or department is "
            f"shown on its own from {MIN_GROUP_ANSWERS} answers; smaller ones are added up, "
            "so that no one's answer can be singled out.",
            s.note,
        ),
        data_table(
            CLOSING_HEADER,
            [
                _closing_row(group)
                for group in (total, *closing.by_respondent, *closing.by_model)
                if group.answers
            ],
            CLOSING_WIDTHS,
            numeric=[1, 2, 3, 4, 5],
        ),
    ]
    if not closing.by_model:
        story.append(
            para(f"No model has {MIN_GROUP_ANSWERS} closing answers yet.", s.note)
        )
    story += [
        para("By department (the mentee's)", s.h3),
        data_table(
            CLOSING_HEADER,
            [_closing_row(group) for group in closing.by_department],
            CLOSING_WIDTHS,
            numeric=[1, 2, 3, 4, 5],
            empty=f"No department has {MIN_GROUP_ANSWERS} closing answers yet.",
        ),
        *_comments(data),
    ]
    return story


def _comments(data: ProgramReportData) -> list[Flowable]:
    """What to keep and what to change: participants' own words, so confidential (DOMAIN.md
    "Confidentiality"): printed only when the report includes confidential content, and
    then without names; otherwise only how many there are."""
    s = styles()
    closing = data.closing_outcomes
    keep, change = closing.keep_comments, closing.change_comments
    if not keep and not change:
        return []
    story: list[Flowable] = [para("What to keep, what to change", s.h3)]
    if closing.comments is None or not data.include_confidential:
        story.append(
            para(
                f"Answers saying what to keep: {number(keep)}; what to change: "
                f"{number(change)}. They are the participants' own words and confidential: "
                "they are printed only in a report made with confidential content included.",
                s.note,
            )
        )
        return story
    story += [
        para(
            "CONFIDENTIAL — the participants' own words, without their names, in the order "
            "they answered.",
            s.note,
        ),
        data_table(
            ["From a", "What to keep", "What to change"],
            [
                [comment.respondent.label.lower(), comment.keep or "—", comment.change or "—"]
                for comment in closing.comments
            ],
            [0.8, 3.5, 3.5],
        ),
    ]
    return story


def trends_section(data: ProgramReportData) -> list[Flowable]:
    s = styles()
    points = data.trends
    if not points:
        return [para("The program has not started by this day.", s.note)]
    monthly = len(points) > 1 and points[-1].span.name[:1] != "Q"
    unit = "month" if monthly else "quarter"
    labels = [point.span.name + ("*" if point.span.partial else "") for point in points]
    thresholds = data.program.thresholds
    partial = any(point.span.partial for point in points)
    story: list[Flowable] = [
        para(
            f"The program {unit} by {unit}; the health and adherence of a {unit} are those "
            f"of its last day."
            + (
                f" A {unit} marked * is partial (the program started, or the report ends, "
                "inside it): its counts are so far, not a fall."
                if partial
                else ""
            ),
            s.note,
        ),
        line_chart(
            f"Average trust by {unit}",
            labels,
            [
                Series(
                    "Mean of the mentee assessments made in the " + unit,
                    [point.average_trust for point in points],
                )
            ],
            value_axis="Trust score (1–5)",
            x_axis=unit.capitalize(),
            value_range=(1, 5),
            thresholds=[
                Threshold("High from", thresholds.high),
                Threshold("Medium from", thresholds.medium),
            ],
            value_format=lambda v: f"{v:.2f}",
            height=150,
            empty_message="No assessment yet.",
        ),
        Spacer(1, 3 * mm),
        bar_chart(
            f"Pair health at the end of each {unit}",
            labels,
            [
                Series(health.label, [point.figures.health[health] for point in points])
                for health in (Health.HEALTHY, Health.WATCH, Health.AT_RISK)
            ],
            value_axis="Active pairs",
            category_axis=unit.capitalize(),
            stacked=True,
            height=170,
            empty_message="No active pair yet.",
        ),
        Spacer(1, 3 * mm),
        data_table(
            ["", *(label.replace(" ", "\n") for label in labels)],
            [
                ["Active pairs", *(number(p.figures.active_pairs) for p in points)],
                ["At risk", *(number(p.figures.health[Health.AT_RISK]) for p in points)],
                ["Average trust", *(score(p.average_trust) for p in points)],
                ["Check-in adherence", *(share(p.figures.adherence) for p in points)],
                ["Activities held", *(number(p.held) for p in points)],
            ],
            [2.4, *([1] * len(points))],
            numeric=list(range(1, len(points) + 1)),
        ),
    ]
    return story
