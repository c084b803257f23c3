"""Outcomes (goals, endings, trust change, surveys; by model and department) and
trends quarter by quarter (month by month for a program younger than a year)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from mentordesk.domain.vocabularies import Health, MentorshipModel
from mentordesk.reports.charts import Series, Threshold, bar_chart, line_chart
from mentordesk.reports.program.data import ProgramReportData
from mentordesk.reports.program.words import count, number, score, share
from mentordesk.reports.style import format_day, para, styles
from mentordesk.reports.tables import PagedTable, data_table, fitting_width
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


def _surveys(data: ProgramReportData) -> list[Flowable]:
    """Response rates of the rounds opened so far, and what closing rounds say:
    "would recommend" (0-10) and goals achieved, by model and by department."""
    s = styles()
    rounds = data.survey_rounds
    if not rounds:
        return [para("No survey rounds yet.", s.note)]
    story: list[Flowable] = [
        data_table(
            ["Round", "Kind", "Opened", "Due", "Asked", "Answered", "Response rate"],
            [
                [
                    r.name,
                    r.kind.label,
                    format_day(r.opens_on),
                    format_day(r.due_on),
                    number(r.asked),
                    number(r.answered),
                    share(r.response_rate),
                ]
                for r in rounds[-8:]
            ],
            [3, 1.2, 1.4, 1.4, 0.9, 1, 1.1],
            numeric=[4, 5, 6],
        )
    ]
    if not data.closing:
        story.append(para("No closing round has been answered yet.", s.note))
        return story
    groups: dict[str, list[object]] = {}

    def add(key: str, outcome: object) -> None:
        groups.setdefault(key, []).append(outcome)

    for outcome in data.closing:
        model = data.pair_models.get(outcome.pair_id)
        add("Program", outcome)
        if model is not None:
            add(model.label, outcome)
        add(data.departments.get(outcome.pair_id, "No department"), outcome)
    models = [model.label for model in MentorshipModel]
    order = sorted(
        groups,
        key=lambda key: (
            key != "Program",
            key not in models,
            models.index(key) if key in models else 0,
            key.casefold(),
        ),
    )
    rows = []
    for key in order:
        outcomes = groups[key]
        scores = [o.recommend for o in outcomes if o.recommend is not None]
        answers = [answer for o in outcomes for _, answer in o.goals]
        achieved = sum(1 for a in answers if a == "achieved")
        partly = sum(1 for a in answers if a == "partly")
        rows.append(
            [
                key,
                number(len(outcomes)),
                f"{sum(scores) / len(scores):.1f}" if scores else "—",
                f"{number(achieved)} / {number(partly)} / "
                f"{number(len(answers) - achieved - partly)}",
            ]
        )
    story += [
        para("Closing rounds: what mentees and mentors said", s.h3),
        data_table(
            ["", "Answers", "Would recommend (0–10)", "Goals achieved / partly / not"],
            rows[:16],
            [3, 1, 1.8, 2.4],
            numeric=[1, 2, 3],
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
