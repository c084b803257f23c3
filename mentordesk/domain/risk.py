"""Risk flags and the health verdict of a mentoring pair on a given day.

The rules are DOMAIN.md's risk table, applied to plain facts the services
gather from the database (:class:`PairFacts`). Everything is judged "as of" a
day: records dated after it (activities, assessments, conflicts and their
steps, ethics reviews, the agreement) do not count, so a report for a past
day shows what the coordinator would have seen then.

Choices the table leaves open, made here once:

- The trust score is the overall score of the latest mentee assessment *that
  has one*; an assessment without an overall score (fewer than four scored
  dimensions, possible only in imported data) still counts as an assessment
  for ``no_assessment`` but neither sets nor hides the score. "The one before
  it" for ``falling_trust`` is likewise the scored assessment before it.
- Records on the same day keep the order they are passed in, so the caller
  passes them in recorded order.
- ``open_conflict`` ignores conflicts whose status on the day is resolved or
  closed unresolved; an escalated conflict is not settled and still counts.
  ``conflict_of_interest`` counts a conflict of that kind until it is
  *resolved*: closing it unresolved or escalating it does not make the
  conflict of interest go away.
- Day counts are whole calendar days between the record's date and the "as
  of" day; "more than 30 days ago" means 31 days or more.
- A flag raised by several records (two open conflicts, two concerns) is one
  finding whose reason names each of them.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar

from mentordesk.domain.conflicts import status_on
from mentordesk.domain.consistency import (
    ActivityFact,
    Consistency,
    observation_window,
    observed_consistency,
)
from mentordesk.domain.scoring import (
    DEFAULT_THRESHOLDS,
    TrustThresholds,
    round_score,
    trust_level,
)
from mentordesk.domain.vocabularies import (
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    FlagWeight,
    Health,
    MentorshipModel,
    PairStatus,
    RiskFlag,
    Severity,
    TrustLevel,
)

DEFAULT_CADENCE_DAYS = 14
"""The program's expected check-in cadence unless it sets another."""

OVERDUE_NUMERATOR, OVERDUE_DENOMINATOR = 3, 2
"""A check-in is overdue after more than 3/2 × cadence days (kept as a fraction: no float)."""

UNRELIABLE_LATEST = 4
"""How many of the latest activities ``unreliable`` looks at."""

UNRELIABLE_MISSED = 2
"""How many of those missed or cancelled make a pair ``unreliable``."""

FALLING_DROP = Decimal("0.5")
"""A drop of this much or more between the last two mentee scores is ``falling_trust``."""

CONFLICT_AGE_DAYS = 30
"""A conflict open for more than this many days is flagged whatever its severity."""

ETHICS_GRACE_DAYS = 30
"""A pair started more than this many days ago should have every guideline reviewed."""

ASSESSMENT_INTERVAL_DAYS = 90
"""A pair should have a mentee assessment at least this often."""

_T = TypeVar("_T")

# In the risk table's order. Iterating an enum class builds its members anew each
# time; these rules run for every pair of a program, so they walk fixed tuples.
_GUIDELINES = tuple(EthicsGuideline)
_FLAGS = tuple(RiskFlag)
_MAJOR_FLAGS = frozenset(flag for flag in RiskFlag if flag.weight is FlagWeight.MAJOR)


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def days_written(reason: str, write: Callable[[date], str]) -> str:
    """``reason`` with each day in it (the rules write them ISO, 2026-10-29, as the
    command line shows them) written by ``write``: the window's and the reports' way."""

    def written(match: re.Match[str]) -> str:
        try:
            return write(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return _ISO_DAY.sub(written, reason)


@dataclass(frozen=True)
class AssessmentFact:
    """One *mentee* trust assessment: its date and its overall score (None if not scored).

    The mentor's view never drives the level or the flags, so it is not passed in.
    """

    on: date
    overall: float | None


@dataclass(frozen=True)
class ConflictFact:
    """One conflict of the pair: when opened, what kind, how severe, and its dated steps."""

    opened: date
    kind: ConflictKind
    severity: Severity
    steps: tuple[tuple[date, ConflictStatus], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(tuple(step) for step in self.steps))


@dataclass(frozen=True)
class EthicsFact:
    """One ethics review: the guideline, the state it found, and when."""

    guideline: EthicsGuideline
    state: EthicsState
    on: date


@dataclass(frozen=True)
class PairFacts:
    """Everything the risk rules need to know about one pair.

    ``cadence_days`` is the effective cadence (the pair's own, else the
    program's); ``thresholds`` are the program's; ``in_management_chain`` says
    whether either person is in the other's management chain today.
    """

    model: MentorshipModel
    status: PairStatus
    start: date
    agreement_signed: date | None = None
    cadence_days: int = DEFAULT_CADENCE_DAYS
    thresholds: TrustThresholds = DEFAULT_THRESHOLDS
    activities: Sequence[ActivityFact] = ()
    assessments: Sequence[AssessmentFact] = ()
    conflicts: Sequence[ConflictFact] = ()
    ethics: Sequence[EthicsFact] = ()
    in_management_chain: bool = False

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the facts immutable and hashable.
        for name in ("activities", "assessments", "conflicts", "ethics"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True)
class Finding:
    """One raised flag and the sentence that says why."""

    flag: RiskFlag
    reason: str


@dataclass(frozen=True)
class PairRisk:
    """The verdict on one pair for one day.

    ``findings`` are in the risk table's order, at most one per flag.
    ``trust_score`` and ``previous_score`` are the latest two mentee scores;
    ``consistency`` is the observed consistency over the window to the day (90
    days, or since the start when shorter; no adherence for a pair started less
    than one cadence ago).
    """

    health: Health
    findings: tuple[Finding, ...]
    trust_score: float | None
    trust_level: TrustLevel | None
    previous_score: float | None
    consistency: Consistency

    @property
    def flags(self) -> tuple[RiskFlag, ...]:
        """The raised flags, in the risk table's order."""
        return tuple(finding.flag for finding in self.findings)


def health_for(findings: Iterable[Finding | RiskFlag]) -> Health:
    """The health verdict for a set of findings (or bare flags).

    No flag: healthy. One or two minor flags: watch. Any major flag, or three
    or more minor ones: at risk. A flag is counted once however often it appears.
    """
    flags = {item.flag if isinstance(item, Finding) else RiskFlag(item) for item in findings}
    if not flags:
        return Health.HEALTHY
    if not flags.isdisjoint(_MAJOR_FLAGS) or len(flags) >= 3:
        return Health.AT_RISK
    return Health.WATCH


# --- helpers ----------------------------------------------------------------------------


_ON = attrgetter("on")
_OPENED = attrgetter("opened")


def _by_date(records: Sequence[_T], day: Callable[[_T], date], as_of: date) -> list[_T]:
    """Records dated on or before ``as_of``, oldest first; same-day records keep their order.

    Sorted first (stable, so same-day records keep their order), then cut after
    ``as_of`` with a binary search: no Python-level step per record, which
    matters when a program's quarter of a million activities are judged.
    """
    if not records:
        return []
    kept = sorted(records, key=day)
    if day(kept[-1]) > as_of:
        del kept[bisect_right(kept, as_of, key=day) :]
    return kept


def _latest_two_scores(assessments: list[AssessmentFact]) -> tuple[float | None, float | None]:
    """The latest scored assessment's score and the scored one's before it (oldest first in)."""
    latest: float | None = None
    for assessment in reversed(assessments):
        if assessment.overall is None:
            continue
        if latest is not None:
            return latest, round_score(assessment.overall)
        latest = round_score(assessment.overall)
    return latest, None


@functools.lru_cache(maxsize=1024)
def _decimal_score(value: float) -> Decimal:
    """A score rounded to two places, as the decimal it stands for (2.675 → 2.68).

    Remembered: a program's pairs share a few hundred scores.
    """
    return Decimal(repr(round_score(value)))


def _two_places(value: float) -> str:
    return f"{_decimal_score(value):.2f}"


def _threshold(value: float) -> str:
    """A threshold as set: two decimals, more only if the program set more."""
    exact = Decimal(repr(float(value)))
    return f"{exact:.2f}" if exact == exact.quantize(Decimal("0.01")) else str(exact.normalize())


def _join_and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _conflict_name(kind: ConflictKind) -> str:
    return "conflict" if kind is ConflictKind.OTHER else kind.label.lower()


def _days(since: date, as_of: date) -> int:
    return (as_of - since).days


# --- the rules, one function per flag ---------------------------------------------------


def _low_trust(score: float | None, thresholds: TrustThresholds) -> str | None:
    if score is None or trust_level(score, thresholds) is not TrustLevel.LOW:
        return None
    return (
        f"Trust score {_two_places(score)} is below the medium threshold "
        f"{_threshold(thresholds.medium)}."
    )


def _falling_trust(latest: float | None, previous: float | None) -> str | None:
    if latest is None or previous is None:
        return None
    # Compare the rounded decimal values: 4.10 → 3.60 is a drop of exactly 0.50.
    drop = _decimal_score(previous) - _decimal_score(latest)
    if drop < FALLING_DROP:
        return None
    return (
        f"Trust fell from {_two_places(previous)} to {_two_places(latest)} "
        "since the assessment before."
    )


def _overdue_checkin(
    activities: list[ActivityFact], start: date, cadence_days: int, as_of: date
) -> str | None:
    # The latest held activity, looked for from the end (oldest first).
    last_held = next(
        (a for a in reversed(activities) if a.outcome is ActivityOutcome.HELD), None
    )
    since = start if last_held is None else last_held.on
    days = _days(since, as_of)
    if days * OVERDUE_DENOMINATOR <= cadence_days * OVERDUE_NUMERATOR:
        return None
    if last_held is not None:
        return f"No held activity for {days} days (expected every {cadence_days} days)."
    return f"No held activity since the start {days} days ago (expected every {cadence_days} days)."


def _unreliable(activities: list[ActivityFact]) -> str | None:
    latest = activities[-UNRELIABLE_LATEST:]
    failed = sum(1 for a in latest if a.outcome is not ActivityOutcome.HELD)
    if failed < UNRELIABLE_MISSED:
        return None
    return f"{failed} of the latest {len(latest)} activities were missed or cancelled."


def _open_conflict(conflicts: list[ConflictFact], as_of: date) -> str | None:
    reasons = []
    for conflict in conflicts:
        status = status_on(conflict.steps, as_of)
        if status.is_terminal:
            continue
        name = _conflict_name(conflict.kind)
        opened = conflict.opened.isoformat()
        age = _days(conflict.opened, as_of)
        # Escalated is not settled: it counts until it is resolved or closed.
        end = " (escalated, not yet resolved)." if status is ConflictStatus.ESCALATED else "."
        if conflict.severity is Severity.HIGH:
            reasons.append(f"High-severity {name} open since {opened}{end}")
        elif age > CONFLICT_AGE_DAYS:
            reasons.append(
                f"{conflict.severity.label}-severity {name} open for {age} days, "
                f"since {opened}{end}"
            )
    return " ".join(reasons) or None


def _latest_reviews(reviews: list[EthicsFact]) -> dict[EthicsGuideline, EthicsFact]:
    latest: dict[EthicsGuideline, EthicsFact] = {}
    for review in reviews:  # oldest first, so the last one written wins
        latest[review.guideline] = review
    return latest


def _ethics_concern(latest: dict[EthicsGuideline, EthicsFact]) -> str | None:
    concerns = [
        f"{guideline.label} on {latest[guideline].on.isoformat()}"
        for guideline in _GUIDELINES
        if guideline in latest and latest[guideline].state is EthicsState.CONCERN
    ]
    if not concerns:
        return None
    return f"Concern recorded for {_join_and(concerns)}."


def _ethics_gap(latest: dict[EthicsGuideline, EthicsFact], start: date, as_of: date) -> str | None:
    started = _days(start, as_of)
    if started <= ETHICS_GRACE_DAYS:
        return None
    missing = [
        guideline.label
        for guideline in _GUIDELINES
        if guideline not in latest or latest[guideline].state is EthicsState.NOT_REVIEWED
    ]
    if not missing:
        return None
    return f"Started {started} days ago; not yet reviewed: {', '.join(missing)}."


def _conflict_of_interest(in_chain: bool, conflicts: list[ConflictFact], as_of: date) -> str | None:
    reasons = []
    if in_chain:
        reasons.append(
            "The mentor and the mentee are in one management chain: "
            "one manages the other, directly or further up."
        )
    for conflict in conflicts:
        if conflict.kind is not ConflictKind.CONFLICT_OF_INTEREST:
            continue
        if status_on(conflict.steps, as_of) is ConflictStatus.RESOLVED:
            continue
        opened = conflict.opened.isoformat()
        reasons.append(f"Conflict of interest opened {opened} is not resolved.")
    return " ".join(reasons) or None


def _no_assessment(assessments: list[AssessmentFact], start: date, as_of: date) -> str | None:
    if assessments:
        days = _days(assessments[-1].on, as_of)
        if days > ASSESSMENT_INTERVAL_DAYS:
            return f"No mentee assessment for {days} days."
        return None
    days = _days(start, as_of)
    if days > ASSESSMENT_INTERVAL_DAYS:
        return f"No mentee assessment since the start {days} days ago."
    return None


def _no_agreement(model: MentorshipModel, agreement_signed: date | None, as_of: date) -> str | None:
    if not model.expects_agreement:
        return None
    if agreement_signed is not None and agreement_signed <= as_of:
        return None
    return f"{model.label} pair without a signed agreement."


# --- the verdict --------------------------------------------------------------------------


def assess_pair(facts: PairFacts, as_of: date) -> PairRisk:
    """Judge one pair on ``as_of``: its trust score and level, consistency, flags and health.

    Only records dated on or before ``as_of`` count, conflict steps and ethics
    reviews included. Flags are raised for *active* pairs only; a pair in any
    other status is reported healthy with no findings, but still with its
    trust score, level and consistency. Each finding's reason is one or more
    sentences with the numbers that triggered it.
    """
    activities = _by_date(facts.activities, _ON, as_of)
    assessments = _by_date(facts.assessments, _ON, as_of)
    trust_score, previous_score = _latest_two_scores(assessments)
    level = trust_level(trust_score, facts.thresholds)
    # Only the activities of the observation window count: the ones dated from its
    # first day on (all of ``activities`` are on or before ``as_of``).
    first_day = observation_window(as_of, facts.start)[0]
    consistency = observed_consistency(
        activities[bisect_left(activities, first_day, key=_ON) :],
        as_of,
        facts.cadence_days,
        facts.start,
    )

    if facts.status is not PairStatus.ACTIVE:
        return PairRisk(
            health=Health.HEALTHY,
            findings=(),
            trust_score=trust_score,
            trust_level=level,
            previous_score=previous_score,
            consistency=consistency,
        )

    conflicts = _by_date(facts.conflicts, _OPENED, as_of)
    latest_reviews = _latest_reviews(_by_date(facts.ethics, _ON, as_of))
    reasons: dict[RiskFlag, str | None] = {
        RiskFlag.LOW_TRUST: _low_trust(trust_score, facts.thresholds),
        RiskFlag.FALLING_TRUST: _falling_trust(trust_score, previous_score),
        RiskFlag.OVERDUE_CHECKIN: _overdue_checkin(
            activities, facts.start, facts.cadence_days, as_of
        ),
        RiskFlag.UNRELIABLE: _unreliable(activities),
        RiskFlag.OPEN_CONFLICT: _open_conflict(conflicts, as_of),
        RiskFlag.ETHICS_CONCERN: _ethics_concern(latest_reviews),
        RiskFlag.ETHICS_GAP: _ethics_gap(latest_reviews, facts.start, as_of),
        RiskFlag.CONFLICT_OF_INTEREST: _conflict_of_interest(
            facts.in_management_chain, conflicts, as_of
        ),
        RiskFlag.NO_ASSESSMENT: _no_assessment(assessments, facts.start, as_of),
        RiskFlag.NO_AGREEMENT: _no_agreement(facts.model, facts.agreement_signed, as_of),
    }
    findings = tuple(
        Finding(flag, reason) for flag in _FLAGS if (reason := reasons.get(flag)) is not None
    )
    return PairRisk(
        health=health_for(findings),
        findings=findings,
        trust_score=trust_score,
        trust_level=level,
        previous_score=previous_score,
        consistency=consistency,
    )
