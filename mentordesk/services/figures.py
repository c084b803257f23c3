"""The program at a glance for one day, and trust month by month.

Used by the dashboard, the Models view and the program report. Everything that
is a rule about one pair (health, trust level, check-in adherence) comes from
the risk service, so the figures always agree with the flags shown beside
them; everything that is a sum over many records (average trust by dimension
and type, conflicts, ethics reviews, monthly trust) is computed in SQL.

Averages of trust scores are rounded to two decimals like the scores
themselves; shares and adherence are numbers from 0 to 1 rounded to four.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.consistency import SHARE_PLACES
from mentordesk.domain.scoring import SCORE_PLACES, FrozenMap, round_half_up, round_score
from mentordesk.domain.vocabularies import (
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    GoalStatus,
    Health,
    MentorshipModel,
    Respondent,
    TrustDimension,
    TrustLevel,
    TrustType,
)
from mentordesk.errors import MentorDeskError
from mentordesk.services.risk import PairRiskRow, active_pair_conditions, assess_program
from mentordesk.services.risk_cache import VerdictTally, verdict_tallies
from mentordesk.store.models import (
    Assessment,
    Conflict,
    ConflictStep,
    EthicsReview,
    Goal,
    Pair,
)

_SCORED = ("overall", *TrustDimension.codes(), *TrustType.codes())
_ENDED = [status.value for status in ConflictStatus if status.is_terminal]


@dataclass(frozen=True)
class ModelFigures:
    """One mentorship model's active pairs on the day.

    ``assessed`` pairs have a trust score; the shares high/medium/low are of
    those (None when none is assessed). ``conflicts`` counts every conflict the
    model's active pairs have had up to the day, whatever its state.
    """

    model: MentorshipModel
    pairs: int
    assessed: int
    average_trust: float | None
    share_high: float | None
    share_medium: float | None
    share_low: float | None
    conflicts: int
    conflicts_per_pair: float | None
    adherence: float | None
    too_new: int = 0


@dataclass(frozen=True)
class ProgramFigures:
    """A program (or every program, when ``program_id`` is None) at a glance on ``as_of``.

    ``health`` and ``trust_levels`` have every member of their vocabulary as a
    key; ``unassessed`` counts active pairs without a trust score. The trust
    averages are over the latest scored mentee assessment of each active pair.
    ``open_conflicts`` counts conflicts of the program (of any pair, or of the
    program as a whole) that were not resolved or closed on the day (escalated ones count:
    an escalation is not settled).
    ``ethics_completion`` is the share of pair × guideline cells whose latest
    review is confirmed or concern. ``adherence`` is the mean over the active
    pairs that have one: ``too_new`` counts those started less than one cadence
    ago, left out of the mean (no adherence yet, not 0 %); None when no pair has one.
    ``overdue_goals`` counts the active pairs' goals still open after their target
    date, and ``overdue_goal_pairs`` holds the ids of the pairs that have one.
    """

    as_of: date
    program_id: int | None
    active_pairs: int
    health: Mapping[Health, int]
    trust_levels: Mapping[TrustLevel, int]
    unassessed: int
    average_trust: float | None
    trust_by_dimension: Mapping[TrustDimension, float | None]
    trust_by_type: Mapping[TrustType, float | None]
    adherence: float | None
    open_conflicts: int
    ethics_completion: float | None
    models: tuple[ModelFigures, ...] = field(default=())
    too_new: int = 0
    overdue_goals: int = 0
    overdue_goal_pairs: frozenset[int] = frozenset()

    def for_model(self, model: MentorshipModel) -> ModelFigures:
        """The figures of one mentorship model."""
        return next(figures for figures in self.models if figures.model is model)


@dataclass(frozen=True)
class MonthlyTrust:
    """The mean overall score of the mentee assessments made in one month."""

    year: int
    month: int
    average: float | None
    assessments: int

    @property
    def first_day(self) -> date:
        """The first day of the month, for charts that need a date."""
        return date(self.year, self.month, 1)


@dataclass(frozen=True)
class KeptFigures:
    """:func:`kept_program_figures`: the figures from the verdicts kept so far.

    ``stale`` active pairs changed since their verdict and count by their last one;
    ``unjudged`` were never judged and are left out of health, trust levels and
    adherence (they count in ``active_pairs``). Both 0: exactly :func:`program_figures`.
    """

    figures: ProgramFigures
    stale: int
    unjudged: int

    @property
    def complete(self) -> bool:
        return not self.stale and not self.unjudged


def program_figures(
    session: Session,
    as_of: date,
    program_id: int | None = None,
    rows: Sequence[PairRiskRow] | None = None,
) -> ProgramFigures:
    """The figures of the program ``program_id`` (all programs when None) on ``as_of``.

    ``rows`` may pass the result of ``risk.assess_program(session, as_of,
    program_id)`` when the caller has it already (the dashboard lists the
    at-risk pairs too), so the pairs are not judged twice.
    """
    if rows is None:
        rows = assess_program(session, as_of, program_id)
    tallies = [
        VerdictTally(
            model=row.model,
            health=row.health,
            trust_level=row.trust_level,
            too_new=row.too_new,
            pairs=1,
            adherence_total=row.adherence or 0.0,
            adherence_count=int(row.adherence is not None),
            stale=0,
        )
        for row in rows
    ]
    return _figures(session, as_of, program_id, tallies)


def kept_program_figures(
    session: Session, as_of: date, program_id: int | None = None, *, ethics: bool = True
) -> KeptFigures:
    """:func:`program_figures` counted in SQL from the kept verdicts, judging none.

    Quick whatever the program's size (no verdict is read into Python): what a view
    shows at once, saying how many pairs are still to be brought up to date.
    ``ethics=False`` leaves ``ethics_completion`` None, for a caller that reads it with
    :func:`ethics_completion` beside, on a connection of its own.
    """
    tallies = verdict_tallies(session, as_of, program_id)
    judged = [tally for tally in tallies if tally.health is not None]
    unjudged = sum(tally.pairs for tally in tallies if tally.health is None)
    figures = _figures(session, as_of, program_id, judged, unjudged, ethics=ethics)
    stale = sum(tally.stale for tally in judged)
    return KeptFigures(figures, stale, unjudged)


def _figures(
    session: Session,
    as_of: date,
    program_id: int | None,
    tallies: Sequence[VerdictTally],
    unjudged: int = 0,
    *,
    ethics: bool = True,
) -> ProgramFigures:
    """The figures, ``tallies`` counting the active pairs judged; ``unjudged`` more are
    active but in no tally (counted in the active pairs and their ethics cells)."""
    scores = _latest_scores(session, as_of, program_id)
    conflicts_by_model = _conflicts_by_model(session, as_of, program_id)

    totals: dict[str, tuple[float, int]] = {name: (0.0, 0) for name in _SCORED}
    for model_scores in scores.values():
        for name, (total, count) in model_scores.items():
            so_far, counted = totals[name]
            totals[name] = (so_far + total, counted + count)

    models = tuple(
        _model_figures(
            model,
            [tally for tally in tallies if tally.model is model],
            scores.get(model.value, {}).get("overall", (0.0, 0)),
            conflicts_by_model.get(model.value, 0),
        )
        for model in MentorshipModel
    )
    health: Counter[Health | None] = Counter()
    levels: Counter[TrustLevel | None] = Counter()
    for tally in tallies:
        health[tally.health] += tally.pairs
        levels[tally.trust_level] += tally.pairs
    active = sum(tally.pairs for tally in tallies) + unjudged
    overdue = overdue_goals(session, as_of, program_id)
    return ProgramFigures(
        as_of=as_of,
        program_id=program_id,
        active_pairs=active,
        health=FrozenMap({member: health[member] for member in Health}),
        trust_levels=FrozenMap({member: levels[member] for member in TrustLevel}),
        unassessed=levels[None],
        average_trust=_mean_score(*totals["overall"]),
        trust_by_dimension=FrozenMap(
            {dim: _mean_score(*totals[dim.value]) for dim in TrustDimension}
        ),
        trust_by_type=FrozenMap({kind: _mean_score(*totals[kind.value]) for kind in TrustType}),
        adherence=_mean_share(tallies),
        open_conflicts=_open_conflicts(session, as_of, program_id),
        ethics_completion=(
            _ethics_completion(session, as_of, program_id, active) if ethics else None
        ),
        models=models,
        too_new=sum(tally.pairs for tally in tallies if tally.too_new),
        overdue_goals=sum(overdue.values()),
        overdue_goal_pairs=frozenset(overdue),
    )


def ethics_completion(session: Session, as_of: date, program_id: int | None = None) -> float | None:
    """:attr:`ProgramFigures.ethics_completion` on its own: the slowest of the figures
    (a probe per review), so a window can read it beside the others."""
    active = session.execute(
        select(func.count()).select_from(_active_pairs(as_of, program_id).subquery())
    ).scalar_one()
    return _ethics_completion(session, as_of, program_id, int(active))


def overdue_goals(session: Session, as_of: date, program_id: int | None = None) -> dict[int, int]:
    """For each active pair with overdue goals on ``as_of`` (target date before that day,
    still open), how many it has."""
    # Joined to the pairs rather than probed in a list of the active ones: a third quicker
    # at 100,000 pairs.
    query = (
        select(Goal.pair_id, func.count(Goal.id))
        .join(Pair, Pair.id == Goal.pair_id)
        .where(
            *active_pair_conditions(as_of, program_id),
            Goal.status == GoalStatus.OPEN.value,
            Goal.target.is_not(None),
            Goal.target < as_of,
        )
        .group_by(Goal.pair_id)
    )
    return {int(pair_id): int(count) for pair_id, count in session.execute(query)}


def monthly_trust(
    session: Session, start: date, end: date, program_id: int | None = None
) -> list[MonthlyTrust]:
    """Mean overall trust of the mentee assessments made each month from ``start`` to ``end``.

    Every month the period touches is listed, in order; a month without a
    scored assessment has ``average`` None and ``assessments`` 0. Assessments
    of every pair of the program count, whatever the pair's status now.
    """
    if end < start:
        raise MentorDeskError(
            f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()})."
        )
    year = extract("year", Assessment.day).label("year")
    month = extract("month", Assessment.day).label("month")
    query = (
        select(year, month, func.sum(Assessment.overall), func.count(Assessment.overall))
        .join(Pair, Pair.id == Assessment.pair_id)
        .where(
            Assessment.respondent == Respondent.MENTEE.value,
            Assessment.day >= start,
            Assessment.day <= end,
            Assessment.overall.is_not(None),
        )
        .group_by(year, month)
    )
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    found = {(int(y), int(m)): (total, count) for y, m, total, count in session.execute(query)}
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        total, count = found.get((y, m), (0.0, 0))
        months.append(
            MonthlyTrust(
                year=y,
                month=m,
                average=_mean_score(float(total or 0.0), int(count)),
                assessments=int(count),
            )
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def pair_count(session: Session, program_id: int | None = None) -> int:
    """How many pairs the program holds (every program when None), whatever their status:
    one counting query, so an empty program's next steps never read the roster."""
    query = select(func.count(Pair.id))
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    return int(session.execute(query).scalar_one())


# --- the SQL aggregates -----------------------------------------------------------------


def _active_pairs(as_of: date, program_id: int | None) -> Any:
    return select(Pair.id).where(*active_pair_conditions(as_of, program_id))


def _latest_scores(
    session: Session, as_of: date, program_id: int | None
) -> dict[str, dict[str, tuple[float, int]]]:
    """Per model, the sum and count of each cached score over each active pair's latest
    scored mentee assessment (the one that sets the pair's trust score)."""
    # One index probe per active pair (pair, respondent, day) rather than numbering
    # every assessment of the program: 4 × quicker at 30,000 pairs.
    latest_id = (
        select(Assessment.id)
        .where(
            Assessment.pair_id == Pair.id,
            Assessment.respondent == Respondent.MENTEE.value,
            Assessment.day <= as_of,
            Assessment.overall.is_not(None),
        )
        .order_by(Assessment.day.desc(), Assessment.id.desc())
        .limit(1)
        .correlate(Pair)
        .scalar_subquery()
    )
    columns = []
    for name in _SCORED:
        column = getattr(Assessment, name)
        columns += [func.sum(column), func.count(column)]
    query = (
        select(Pair.model, *columns)
        .join(Assessment, Assessment.id == latest_id)
        .where(*active_pair_conditions(as_of, program_id))
        .group_by(Pair.model)
    )
    result: dict[str, dict[str, tuple[float, int]]] = {}
    for model, *sums in session.execute(query):
        result[model] = {
            name: (float(sums[2 * i] or 0.0), int(sums[2 * i + 1]))
            for i, name in enumerate(_SCORED)
        }
    return result


def _conflicts_by_model(session: Session, as_of: date, program_id: int | None) -> dict[str, int]:
    """How many conflicts the active pairs of each model have had up to the day."""
    query = (
        select(Pair.model, func.count(Conflict.id))
        .join(Conflict, Conflict.pair_id == Pair.id)
        .where(*active_pair_conditions(as_of, program_id), Conflict.opened <= as_of)
        .group_by(Pair.model)
    )
    return {model: int(count) for model, count in session.execute(query)}


def _open_conflicts(session: Session, as_of: date, program_id: int | None) -> int:
    """Conflicts opened by the day whose status on the day is not an ending."""
    # The status on a day is that of the latest step dated on or before it
    # (same-day steps in recorded order), or open when there is none yet.
    status_then = (
        select(ConflictStep.status)
        .where(ConflictStep.conflict_id == Conflict.id, ConflictStep.day <= as_of)
        .order_by(ConflictStep.day.desc(), ConflictStep.position.desc())
        .limit(1)
        .scalar_subquery()
    )
    # One probe per conflict: "no step yet" reads as open, so the subquery is evaluated
    # once (``IS NULL OR NOT IN`` made SQLite run it twice per conflict).
    query = select(func.count(Conflict.id)).where(
        Conflict.opened <= as_of,
        func.coalesce(status_then, ConflictStatus.OPEN.value).not_in(_ENDED),
    )
    if program_id is not None:
        query = query.where(Conflict.program_id == program_id)
    return int(session.execute(query).scalar_one())


def _ethics_completion(
    session: Session, as_of: date, program_id: int | None, active_pairs: int
) -> float | None:
    """Share of the active pairs' guideline cells whose latest review is not "not reviewed"."""
    if active_pairs == 0:
        return None
    # The latest review of each cell by an index probe (pair, guideline, day) per
    # review rather than numbering them all: 2 × quicker at 30,000 pairs.
    later = aliased(EthicsReview)
    latest_id = (
        select(later.id)
        .where(
            later.pair_id == EthicsReview.pair_id,
            later.guideline == EthicsReview.guideline,
            later.day <= as_of,
        )
        .order_by(later.day.desc(), later.id.desc())
        .limit(1)
        .correlate(EthicsReview)
        .scalar_subquery()
    )
    query = select(func.count(EthicsReview.id)).where(
        EthicsReview.pair_id.in_(_active_pairs(as_of, program_id)),
        EthicsReview.day <= as_of,
        EthicsReview.state != EthicsState.NOT_REVIEWED.value,
        EthicsReview.id == latest_id,
    )
    reviewed = int(session.execute(query).scalar_one())
    cells = active_pairs * len(EthicsGuideline)
    return round_half_up(Fraction(reviewed, cells), SHARE_PLACES)


# --- combining ----------------------------------------------------------------------------


def _model_figures(
    model: MentorshipModel,
    tallies: list[VerdictTally],
    overall: tuple[float, int],
    conflicts: int,
) -> ModelFigures:
    levels: Counter[TrustLevel | None] = Counter()
    for tally in tallies:
        levels[tally.trust_level] += tally.pairs
    pairs = sum(tally.pairs for tally in tallies)
    assessed = pairs - levels[None]

    def share(level: TrustLevel) -> float | None:
        return round_half_up(Fraction(levels[level], assessed), SHARE_PLACES) if assessed else None

    return ModelFigures(
        model=model,
        pairs=pairs,
        assessed=assessed,
        average_trust=_mean_score(*overall),
        share_high=share(TrustLevel.HIGH),
        share_medium=share(TrustLevel.MEDIUM),
        share_low=share(TrustLevel.LOW),
        conflicts=conflicts,
        conflicts_per_pair=(
            round_half_up(Fraction(conflicts, pairs), SHARE_PLACES) if pairs else None
        ),
        adherence=_mean_share(tallies),
        too_new=sum(tally.pairs for tally in tallies if tally.too_new),
    )


def _exact(total: float, places: int) -> Fraction:
    """A sum of values with ``places`` decimals, freed of the float error SQL or Python added.

    Such a sum has at most ``places`` decimals itself; rounding to them recovers
    it exactly, so a mean of 3.835 rounds to 3.84 and not to 3.83.
    """
    return Fraction(Decimal(repr(round(total, places))))


def _mean_score(total: float, count: int) -> float | None:
    return round_score(_exact(total, SCORE_PLACES) / count) if count else None


def _mean_share(tallies: Sequence[VerdictTally]) -> float | None:
    """The mean adherence of the pairs that have one."""
    count = sum(tally.adherence_count for tally in tallies)
    if not count:
        return None
    total = sum(tally.adherence_total for tally in tallies)
    return round_half_up(_exact(total, SHARE_PLACES) / count, SHARE_PLACES)
