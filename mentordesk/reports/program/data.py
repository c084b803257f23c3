"""Everything the program report prints, asked of the services once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from mentordesk.domain.vocabularies import ConflictStatus, Severity, SurveyKind
from mentordesk.reports.program.counts import AttentionCounts, count_attention
from mentordesk.reports.program.period import (
    ReportPeriod,
    Span,
    choose_period,
    month_end,
    trend_spans,
)
from mentordesk.reports.progress import Progress
from mentordesk.services import programs
from mentordesk.services.closing_outcomes import ClosingOutcomes, closing_outcomes
from mentordesk.services.conflicts import (
    ConflictRow,
    ConflictSummary,
    conflict_summary,
    list_conflicts,
)
from mentordesk.services.ethics import EthicsSummary, ethics_summary
from mentordesk.services.figures import (
    MonthlyTrust,
    ProgramFigures,
    monthly_trust,
    program_figures,
)
from mentordesk.services.outcomes import (
    ActivityCounts,
    ProgramOutcomes,
    activity_counts,
    conflict_outcomes,
    held_by_month,
    pair_departments,
    pairs_started,
    program_outcomes,
)
from mentordesk.services.programs import (
    PlanItem,
    ProgramDetails,
    program_plan,
)
from mentordesk.services.risk import PairRiskRow, assess_program, judged_on_days
from mentordesk.services.roster import RosterRow, roster_rows
from mentordesk.services.surveys import OutcomeRow, RoundSummary, list_rounds, round_outcomes
from mentordesk.services.workshops import (
    AttendanceSummary,
    WorkshopRow,
    attendance_summary,
    list_workshops,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The conflicts a review must see in full: not settled by the pair or the program.
SERIOUS_ENDINGS = (ConflictStatus.ESCALATED, ConflictStatus.CLOSED_UNRESOLVED)


@dataclass(frozen=True)
class TrendPoint:
    """One quarter (or month) of the trends."""

    span: Span
    figures: ProgramFigures
    average_trust: float | None
    assessments: int
    held: int


@dataclass(frozen=True)
class SeriousConflict:
    row: ConflictRow
    outcome: str


@dataclass(frozen=True)
class ProgramReportData:
    """Everything the program report prints, gathered from the services."""

    program: ProgramDetails
    as_of: date
    period: ReportPeriod
    include_confidential: bool
    figures: ProgramFigures
    end_figures: ProgramFigures
    before_figures: ProgramFigures | None
    rows: tuple[PairRiskRow, ...]
    departments: Mapping[int, str]
    monthly: tuple[MonthlyTrust, ...]
    conflicts: ConflictSummary
    conflicts_before: ConflictSummary | None
    open_conflicts: tuple[ConflictRow, ...]
    serious_conflicts: tuple[SeriousConflict, ...]
    escalated_earlier: int
    ethics: EthicsSummary
    activities: ActivityCounts
    activities_before: ActivityCounts | None
    workshops: tuple[WorkshopRow, ...]
    attendance: AttendanceSummary
    roster: tuple[RosterRow, ...] | None
    """Every pair of the program, for the roster appendix; None when not gathered."""
    outcomes: ProgramOutcomes
    trends: tuple[TrendPoint, ...]
    plan: tuple[PlanItem, ...]
    survey_rounds: tuple[RoundSummary, ...]
    closing: tuple[OutcomeRow, ...]
    closing_outcomes: ClosingOutcomes
    attention: AttentionCounts
    pairs_started: int
    """Pairs that started in the period."""

    @property
    def start(self) -> date:
        return self.period.current.start

    @property
    def end(self) -> date:
        return self.period.current.end


def _overlaps(first_day: date, span: Span) -> bool:
    """Whether the month starting ``first_day`` falls in ``span`` (the monthly sums
    are by calendar month; a span starts and ends on month boundaries or on the
    program's start and the as-of day)."""
    return first_day <= span.end and month_end(first_day) >= span.start


def choose_program(session: Session, name: str | None) -> ProgramDetails:
    """The program a report is about: the one named, else the only one there is."""
    return programs.choose_program(session, name, purpose="to report on")


def report_period(
    program: ProgramDetails,
    as_of: date | None,
    start: date | None,
    end: date | None,
    today: date | None = None,
) -> tuple[date, ReportPeriod]:
    """The as-of day (default: today, or the program's end when it has ended) and the
    period of the report."""
    today = today or date.today()
    if as_of is None:
        as_of = end or (min(today, program.end_date) if program.end_date else today)
    return as_of, choose_period(program.start_date, as_of, start, end)


def gather_program(
    session: Session,
    program: ProgramDetails,
    as_of: date,
    period: ReportPeriod,
    *,
    include_confidential: bool = False,
    with_roster: bool = False,
    tracker: Progress | None = None,
) -> ProgramReportData:
    """Ask the services for every figure of the report; the roster of every pair only
    ``with_roster`` (for its appendix: reading it costs more than all the counts)."""
    tracker = tracker or Progress(None)
    rows = tuple(assess_program(session, as_of, program.id))
    figures = program_figures(session, as_of, program.id, rows)
    current, previous = period.current, period.previous
    spans = trend_spans(program.start_date, as_of)
    # The earlier days the report shows the program on, judged together from one
    # reading of the records (not kept: the kept verdicts are today's).
    earlier = {current.end, *(span.end for span in spans)}
    if previous:
        earlier.add(previous.end)
    earlier.discard(as_of)
    # Judging is most of the gathering: half of its progress.
    judged = judged_on_days(
        session, program.id, earlier, lambda share: tracker.fraction(0.5 * share)
    )
    cache: dict[date, ProgramFigures] = {as_of: figures}

    def figures_on(day: date) -> ProgramFigures:
        if day not in cache:
            cache[day] = program_figures(session, day, program.id, judged[day])
        return cache[day]

    end_figures = figures_on(current.end)
    before_figures = figures_on(previous.end) if previous else None
    tracker.fraction(0.55)

    monthly_start = spans[0].start if spans else current.start
    months = {
        (m.year, m.month): m for m in monthly_trust(session, monthly_start, as_of, program.id)
    } if spans else {}
    held = held_by_month(session, program.id, monthly_start, as_of) if spans else {}
    trends = []
    for index, span in enumerate(spans):
        total, count, held_count = 0.0, 0, 0
        for month in months.values():
            if _overlaps(month.first_day, span) and month.average is not None:
                total += month.average * month.assessments
                count += month.assessments
        for (year, month_number), number in held.items():
            if _overlaps(date(year, month_number, 1), span):
                held_count += number
        trends.append(
            TrendPoint(
                span=span,
                figures=figures_on(span.end),
                average_trust=round(total / count, 2) if count else None,
                assessments=count,
                held=held_count,
            )
        )
        tracker.fraction(0.55 + 0.15 * (index + 1) / len(spans))

    summary = conflict_summary(session, program.id, current.start, current.end)
    summary_before = (
        conflict_summary(session, program.id, previous.start, previous.end) if previous else None
    )
    open_rows = list_conflicts(
        session,
        program.id,
        as_of=as_of,
        include_ended=False,
        reveal_confidential=include_confidential,
    )
    ended = list_conflicts(
        session,
        program.id,
        as_of=current.end,
        statuses=SERIOUS_ENDINGS,
        reveal_confidential=include_confidential,
    )
    serious_rows = [row for row in ended if row.status_since >= current.start]
    escalated_earlier = sum(
        1
        for row in ended
        if row.status is ConflictStatus.ESCALATED and row.status_since < current.start
    )
    outcomes_text = conflict_outcomes(
        session, (row.id for row in serious_rows), reveal_confidential=include_confidential
    )
    serious = tuple(
        SeriousConflict(row, outcomes_text.get(row.id, ""))
        for row in sorted(serious_rows, key=lambda row: (row.status.value, row.opened, row.id))
    )
    tracker.fraction(0.7)
    activities = activity_counts(session, program.id, current.start, current.end)
    activities_before = (
        activity_counts(session, program.id, previous.start, previous.end) if previous else None
    )
    rounds = tuple(
        summary
        for summary in list_rounds(session, program.id)
        if summary.opens_on <= as_of
    )
    roster = tuple(roster_rows(session, program.id)) if with_roster else None
    departments = pair_departments(session, program.id)
    return ProgramReportData(
        program=program,
        as_of=as_of,
        period=period,
        include_confidential=include_confidential,
        figures=figures,
        end_figures=end_figures,
        before_figures=before_figures,
        rows=rows,
        departments=departments,
        monthly=tuple(monthly_trust(session, current.start, current.end, program.id)),
        conflicts=summary,
        conflicts_before=summary_before,
        open_conflicts=tuple(
            sorted(
                open_rows,
                key=lambda row: (row.severity is not Severity.HIGH, row.opened, row.id),
            )
        ),
        serious_conflicts=serious,
        escalated_earlier=escalated_earlier,
        ethics=ethics_summary(session, program.id, as_of),
        activities=activities,
        activities_before=activities_before,
        workshops=tuple(list_workshops(session, program.id, current.start, current.end)),
        attendance=attendance_summary(session, program.id, current.start, current.end),
        roster=roster,
        outcomes=program_outcomes(session, program.id, as_of),
        trends=tuple(trends),
        plan=tuple(program_plan(session, program.id)),
        survey_rounds=rounds,
        closing=tuple(
            outcome
            for summary in rounds
            if summary.kind is SurveyKind.CLOSING
            for outcome in round_outcomes(session, summary.id)
            if outcome.answered_on <= as_of
        ),
        closing_outcomes=closing_outcomes(
            session, program.id, as_of, with_comments=include_confidential
        ),
        attention=count_attention(rows, departments),
        pairs_started=pairs_started(session, program.id, current.start, current.end),
    )
