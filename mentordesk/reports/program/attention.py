"""The pairs needing attention, sized for a reader: counts by flag and by
department, then the most serious pairs (at most one page, a setting); the full
list, with every reason, is an appendix."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from mentordesk.domain.risk import days_written
from mentordesk.domain.vocabularies import Health, MentorshipModel, RiskFlag
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


def flag_rows(data: ProgramReportData) -> list[list[object]]:
    """Per flag (in the risk table's order): its label and the pairs at risk and to
    watch that have it raised."""
    counts = data.attention
    return [
        [flag.label, number(counts.at_risk_flags[flag]), number(counts.watch_flags[flag])]
        for flag in RiskFlag
    ]


def department_rows(data: ProgramReportData) -> list[list[object]]:
    """The departments with most pairs at risk, the rest in one row."""
    departments = data.attention.departments
    table: list[list[object]] = [
        [item.name, number(item.active), number(item.at_risk), number(item.watch)]
        for item in departments[:DEPARTMENT_ROWS]
    ]
    rest = departments[DEPARTMENT_ROWS:]
    if rest:
        table.append(
            [
                count(len(rest), "other department"),
                number(sum(item.active for item in rest)),
                number(sum(item.at_risk for item in rest)),
                number(sum(item.watch for item in rest)),
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
    rows = data.attention.pairs
    at_risk = data.attention.at_risk
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
            flag_rows(data),
            [3.2, 1, 1],
            numeric=[1, 2],
            width=half,
        ),
    ]
    departments = [
        para("By department (the mentee's)", s.h3),
        data_table(
            ["Department", "Active", "At risk", "Watch"],
            department_rows(data),
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
    from mentordesk.reports.program.sections import CLOSED_ROWS, ESCALATED_ROWS, serious_table

    s = styles()
    rows = data.attention.pairs
    tail: list[Flowable] = []
    # The conflicts of the period the body had no room for, every one of their kind.
    for status, limit, ended in (
        (ConflictStatus.ESCALATED, ESCALATED_ROWS, "escalated"),
        (ConflictStatus.CLOSED_UNRESOLVED, CLOSED_ROWS, "closed unresolved"),
    ):
        items = [item for item in data.serious_conflicts if item.row.status is status]
        if len(items) > limit:
            tail += [
                para(f"Every conflict {ended} in the period", s.h3),
                serious_table(status, items),
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
                        f"{finding.flag.label}: {days_written(finding.reason, format_day)}"
                        for finding in row.findings
                    ),
                ]
                for row in rows
            ],
            [1.1, 1.8, 1.8, 1.45, 1.3, 4.8],
            fixed=_fixed(),
        ),
        *tail,
    ]
