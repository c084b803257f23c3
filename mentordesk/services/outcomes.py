"""What a program achieved: goals, how pairs ended, how trust moved, and the sums
the program report needs by model, by department and by quarter.

Every figure is a sum over many records, computed with GROUP BY in SQL (trust
change reads each pair's mentee scores once, in order). Departments are the
mentee's; a pair whose mentee has none counts under "No department".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    GoalStatus,
    MentorshipModel,
    PairStatus,
    Respondent,
)
from mentordesk.services.workshops import workshop_credits
from mentordesk.store.models import (
    Activity,
    Assessment,
    Conflict,
    Goal,
    Pair,
    Person,
)

NO_DEPARTMENT = "No department"
# A change of trust smaller than this, either way, counts as held.
TRUST_CHANGE_STEP = 0.25


@dataclass(frozen=True)
class GroupOutcomes:
    """The outcomes of one group of pairs (the program, a model or a department)."""

    label: str
    pairs: int = 0
    goals_set: int = 0
    goals_achieved: int = 0
    goals_dropped: int = 0
    goals_overdue: int = 0
    completed: int = 0
    ended_early: int = 0
    trust_rose: int = 0
    trust_held: int = 0
    trust_fell: int = 0

    @property
    def goals_open(self) -> int:
        return self.goals_set - self.goals_achieved - self.goals_dropped

    @property
    def trust_compared(self) -> int:
        """Pairs with two or more mentee assessments, whose first and latest are compared."""
        return self.trust_rose + self.trust_held + self.trust_fell


@dataclass(frozen=True)
class ProgramOutcomes:
    """Outcomes up to ``as_of``: the program, then by model and by department
    (largest first), and the end reasons of pairs that ended early."""

    as_of: date
    total: GroupOutcomes
    by_model: tuple[GroupOutcomes, ...]
    by_department: tuple[GroupOutcomes, ...]
    end_reasons: tuple[tuple[str, int], ...]


def _department(value: str | None) -> str:
    return (value or "").strip() or NO_DEPARTMENT


def pair_departments(session: Session, program_id: int) -> dict[int, str]:
    """Each pair's department (its mentee's), by pair id."""
    query = (
        select(Pair.id, Person.department)
        .join(Person, Person.id == Pair.mentee_id)
        .where(Pair.program_id == program_id)
    )
    return {pair_id: _department(department) for pair_id, department in session.execute(query)}


def program_outcomes(session: Session, program_id: int, as_of: date) -> ProgramOutcomes:
    """Goals, endings and trust change of the pairs started by ``as_of``."""
    mentee = aliased(Person)
    started = (Pair.program_id == program_id, Pair.start_date <= as_of)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(model: str, department: str | None, key: str, value: int) -> None:
        counts[("model", model)][key] += value
        counts[("department", _department(department))][key] += value
        counts[("total", "")][key] += value

    overdue = case(
        (
            (Goal.status == GoalStatus.OPEN.value)
            & Goal.target.is_not(None)
            & (Goal.target < as_of),
            1,
        ),
        else_=0,
    )
    goals = (
        select(Pair.model, mentee.department, Goal.status, func.count(), func.sum(overdue))
        .join(Pair, Pair.id == Goal.pair_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(*started)
        .group_by(Pair.model, mentee.department, Goal.status)
    )
    for model, department, status, count, late in session.execute(goals):
        add(model, department, "goals_set", int(count))
        if status == GoalStatus.ACHIEVED.value:
            add(model, department, "goals_achieved", int(count))
        elif status == GoalStatus.DROPPED.value:
            add(model, department, "goals_dropped", int(count))
        add(model, department, "goals_overdue", int(late or 0))

    pairs = (
        select(Pair.model, mentee.department, Pair.status, func.count())
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(*started, Pair.status != PairStatus.PROPOSED.value)
        .group_by(Pair.model, mentee.department, Pair.status)
    )
    for model, department, status, count in session.execute(pairs):
        add(model, department, "pairs", int(count))
        if status == PairStatus.COMPLETED.value:
            add(model, department, "completed", int(count))
        elif status == PairStatus.ENDED_EARLY.value:
            add(model, department, "ended_early", int(count))

    for model, department, change in _trust_changes(session, program_id, as_of):
        add(model, department, f"trust_{change}", 1)

    reasons_query = (
        select(Pair.end_reason, func.count())
        .where(*started, Pair.status == PairStatus.ENDED_EARLY.value)
        .group_by(Pair.end_reason)
    )
    reasons: Counter[str] = Counter()
    for reason, count in session.execute(reasons_query):
        reasons[(reason or "").strip() or "No reason recorded"] += int(count)

    def group(label: str, values: Mapping[str, int]) -> GroupOutcomes:
        return GroupOutcomes(label=label, **{k: int(v) for k, v in values.items()})

    by_model = tuple(
        group(model.label, counts.get(("model", model.value), Counter()))
        for model in MentorshipModel
    )
    departments = sorted(
        ((name, values) for (kind, name), values in counts.items() if kind == "department"),
        key=lambda item: (-item[1]["pairs"], item[0].casefold()),
    )
    return ProgramOutcomes(
        as_of=as_of,
        total=group("Program", counts.get(("total", ""), Counter())),
        by_model=by_model,
        by_department=tuple(group(name, values) for name, values in departments),
        end_reasons=tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
    )


def _trust_changes(
    session: Session, program_id: int, as_of: date
) -> Iterable[tuple[str, str | None, str]]:
    """(model, department, "rose" | "held" | "fell") for each pair with two or more
    scored mentee assessments up to ``as_of``: its first score against its latest."""
    mentee = aliased(Person)
    query = (
        select(Pair.id, Pair.model, mentee.department, Assessment.overall)
        .join(Pair, Pair.id == Assessment.pair_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(
            Pair.program_id == program_id,
            Assessment.respondent == Respondent.MENTEE.value,
            Assessment.overall.is_not(None),
            Assessment.day <= as_of,
        )
        .order_by(Pair.id, Assessment.day, Assessment.id)
    )
    current: int | None = None
    first = latest = 0.0
    seen = 0
    info: tuple[str, str | None] = ("", None)

    def verdict() -> tuple[str, str | None, str] | None:
        if current is None or seen < 2:
            return None
        change = latest - first
        word = (
            "rose"
            if change >= TRUST_CHANGE_STEP
            else "fell"
            if change <= -TRUST_CHANGE_STEP
            else "held"
        )
        return (*info, word)

    for pair_id, model, department, score in session.execute(query):
        if pair_id != current:
            done = verdict()
            if done:
                yield done
            current, first, seen, info = pair_id, float(score or 0.0), 0, (model, department)
        latest = float(score or 0.0)
        seen += 1
    done = verdict()
    if done:
        yield done


@dataclass(frozen=True)
class ActivityCounts:
    """Activities of a period by kind and outcome; shared workshops count as held."""

    counts: Mapping[tuple[ActivityKind, ActivityOutcome], int]
    workshop_credits: int

    def count(self, kind: ActivityKind, outcome: ActivityOutcome) -> int:
        return self.counts.get((kind, outcome), 0)

    @property
    def held(self) -> int:
        return sum(v for (_, outcome), v in self.counts.items() if outcome is ActivityOutcome.HELD)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def activity_counts(session: Session, program_id: int, start: date, end: date) -> ActivityCounts:
    """Activities dated in the period by kind and outcome (one GROUP BY), plus the
    workshops both members of a pair attended, which count as held activities."""
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


def pairs_started(session: Session, program_id: int, start: date, end: date) -> int:
    """Pairs of the program, whatever their status now, that started from ``start`` to
    ``end`` (one COUNT: a report need not read the whole roster for it)."""
    query = select(func.count(Pair.id)).where(
        Pair.program_id == program_id, Pair.start_date >= start, Pair.start_date <= end
    )
    return int(session.execute(query).scalar_one())


def held_by_month(
    session: Session, program_id: int, start: date, end: date
) -> dict[tuple[int, int], int]:
    """Activities held each month of the period, by (year, month) (one GROUP BY)."""
    from sqlalchemy import extract

    year = extract("year", Activity.day)
    month = extract("month", Activity.day)
    query = (
        select(year, month, func.count())
        .join(Pair, Pair.id == Activity.pair_id)
        .where(
            Pair.program_id == program_id,
            Activity.day >= start,
            Activity.day <= end,
            Activity.outcome == ActivityOutcome.HELD.value,
        )
        .group_by(year, month)
    )
    return {(int(y), int(m)): int(count) for y, m, count in session.execute(query)}


def conflict_outcomes(
    session: Session, conflict_ids: Iterable[int], *, reveal_confidential: bool
) -> dict[int, str]:
    """The recorded outcome of each conflict; a confidential one's outcome is left
    out unless asked for."""
    ids = list(conflict_ids)
    if not ids:
        return {}
    query = select(Conflict.id, Conflict.outcome, Conflict.confidential).where(
        Conflict.id.in_(ids)
    )
    found: dict[int, str] = {}
    for conflict_id, outcome, confidential in session.execute(query):
        if confidential and not reveal_confidential:
            found[conflict_id] = "(confidential — left out)"
        else:
            found[conflict_id] = (outcome or "").strip()
    return found
