"""The pairs needing attention, sized for a reader: counts by flag and by
department, then the most serious pairs (at most one page, a setting); the full
list, with every reason, is an appendix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from mentordesk.domain.vocabularies import FlagWeight, Health, MentorshipModel, RiskFlag
from mentordesk.reports.program.data import ProgramReportData
from mentordesk.reports.program.words import count, fit, number
from mentordesk.reports.style import CONTENT_WIDTH, SectionRegistry, format_day, para, styles
from mentordesk.reports.tables import PagedTable, column_widths, data_table, fitting_width
from mentordesk.services.risk import PairRiskRow

# How many pairs the body lists by default (the report dialog and --attention change it).
DEFAULT_ATTENTION_ROWS = 25
# A page holds this many one-line rows of the short list; more would spill over.
MAX_ATTENTION_ROWS = 40
DEPARTMENT_ROWS = 10
SHORT_WIDTHS = (1.1, 1.7, 1.7, 1.45, 1.3, 3.9)


def by_severity(rows: Sequence[PairRiskRow]) -> list[PairRiskRow]:
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


def flag_rows(rows: Sequence[PairRiskRow]) -> list[list[object]]:
    """Per flag (in the risk table's order): its weight and the pairs at risk, to
    watch and in all that have it raised."""
    counts = {flag: [0, 0] for flag in RiskFlag}
    for row in rows:
        column = 0 if row.health is Health.AT_RISK else 1
        for flag in set(row.flags):
            counts[flag][column] += 1
    return [
        [flag.label, flag.weight.label, number(at_risk), number(watch), number(at_risk + watch)]
        for flag, (at_risk, watch) in counts.items()
    ]


def department_rows(data: ProgramReportData, rows: Sequence[PairRiskRow]) -> list[list[object]]:
    at_risk: Counter[str] = Counter()
    watch: Counter[str] = Counter()
    active: Counter[str] = Counter()
    for row in data.rows:
        active[data.departments.get(row.pair_id, "")] += 1
    for row in rows:
        target = at_risk if row.health is Health.AT_RISK else watch
        target[data.departments.get(row.pair_id, "")] += 1
    names = sorted(
        set(at_risk) | set(watch),
        key=lambda name: (-at_risk[name], -watch[name], name.casefold()),
    )
    table = [
        [name, number(active[name]), number(at_risk[name]), number(watch[name])]
        for name in names[:DEPARTMENT_ROWS]
    ]
    rest = names[DEPARTMENT_ROWS:]
    if rest:
        table.append(
            [
                count(len(rest), "other department"),
                number(sum(active[n] for n in rest)),
                number(sum(at_risk[n] for n in rest)),
                number(sum(watch[n] for n in rest)),
            ]
        )
    return table


def trust_cell(row: PairRiskRow) -> str:
    if row.trust_score is None:
        return "not assessed"
    level = row.trust_level
    return f"{row.trust_score:.2f} {level.label.lower()}" if level else f"{row.trust_score:.2f}"


def attention_section(
    data: ProgramReportData, limit: int, appendix: bool
) -> list[Flowable]:
    s = styles()
    rows = by_severity(data.rows)
    at_risk = sum(1 for r in rows if r.health is Health.AT_RISK)
    story: list[Flowable] = [
        para(
            f"{count(at_risk, 'pair')} at risk and {number(len(rows) - at_risk)} to watch on "
            f"{format_day(data.as_of)}, of {count(len(data.rows), 'active pair')}. At risk: a "
            "major flag or three minor ones; watch: one or two minor flags.",
            s.body,
        ),
    ]
    if not rows:
        story.append(para("No pair needs attention on this day.", s.note))
        return story
    half = (CONTENT_WIDTH - 6 * mm) / 2
    flags = [
        para("By flag", s.h3),
        data_table(
            ["Flag", "At risk", "Watch"],
            [[label, risk, watch] for label, _, risk, watch, _ in flag_rows(rows)],
            [3.2, 1, 1],
            numeric=[1, 2],
            width=half,
        ),
    ]
    departments = [
        para("By department (the mentee's)", s.h3),
        data_table(
            ["Department", "Active", "At risk", "Watch"],
            department_rows(data, rows),
            [2.6, 1, 1, 1],
            numeric=[1, 2, 3],
            width=half,
        ),
    ]
    grid = Table([[flags, departments]], colWidths=[half + 6 * mm, half], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ]
        )
    )
    story.append(grid)
    shown = rows[: max(0, min(limit, MAX_ATTENTION_ROWS))]
    if not shown:
        return story
    where = (
        "the appendix lists all of them with every reason"
        if appendix
        else "the full list is left out of this copy (choose the attention appendix)"
    )
    title = (
        f"The {count(len(shown), 'most serious pair')}"
        if len(shown) < len(rows)
        else f"All {count(len(rows), 'pair')} needing attention"
    )
    widths = column_widths(SHORT_WIDTHS, fixed=_fixed())
    story += [
        para(title, s.h3),
        para(
            "At risk first, then more major flags, then more flags"
            + (f"; {where}." if len(shown) < len(rows) else "."),
            s.note,
        ),
        PagedTable(
            ["Health", "Mentee", "Mentor", "Model", "Trust", "Flags"],
            [
                [
                    row.health.label,
                    fit(row.mentee_name, widths[1]),
                    fit(row.mentor_name, widths[2]),
                    row.model.label,
                    trust_cell(row),
                    fit(", ".join(flag.label for flag in row.flags), widths[5]),
                ]
                for row in shown
            ],
            SHORT_WIDTHS,
            fixed=_fixed(),
        ),
    ]
    return story


def _fixed() -> dict[int, float]:
    return {
        0: fitting_width([h.label for h in Health], bold_header="Health"),
        3: fitting_width([m.label for m in MentorshipModel], bold_header="Model"),
        4: fitting_width(["not assessed", "0.00 medium"], bold_header="Trust"),
    }


def attention_appendix(data: ProgramReportData, _registry: SectionRegistry) -> list[Flowable]:
    from mentordesk.domain.vocabularies import ConflictStatus
    from mentordesk.reports.program.sections import CLOSED_ROWS, serious_table

    s = styles()
    rows = by_severity(data.rows)
    closed = [
        item
        for item in data.serious_conflicts
        if item.row.status is ConflictStatus.CLOSED_UNRESOLVED
    ]
    tail: list[Flowable] = []
    if len(closed) > CLOSED_ROWS:
        tail = [
            para("Every conflict closed unresolved in the period", s.h3),
            serious_table(ConflictStatus.CLOSED_UNRESOLVED, closed),
        ]
    if not rows:
        return [para("No pair needs attention on this day.", s.note), *tail]
    return [
        para(
            f"All {count(len(rows), 'pair')} needing attention on {format_day(data.as_of)}, "
            "most serious first, with the reason for every flag.",
            s.note,
        ),
        PagedTable(
            ["Health", "Mentee", "Mentor", "Model", "Trust", "Flags and why"],
            [
                [
                    row.health.label,
                    row.mentee_name,
                    row.mentor_name,
                    row.model.label,
                    trust_cell(row),
                    "\n".join(
                        f"{finding.flag.label}: {finding.reason}" for finding in row.findings
                    ),
                ]
                for row in rows
            ],
            [1.1, 1.8, 1.8, 1.45, 1.3, 4.8],
            fixed=_fixed(),
        ),
        *tail,
    ]
