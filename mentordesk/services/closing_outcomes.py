"""What the closing surveys say: would-recommend (0–10) with its promoter score, goals
achieved / partly / not, and what to keep and change; with the response rate of
every round. For the dashboard and the program report; the figures are sums in SQL.

The promoter score follows the Net Promoter convention: an answer of 9 or 10 is a
promoter, 7 or 8 passive, 0 to 6 a detractor; the score is the share of promoters
minus the share of detractors, in points from -100 to +100 (rounded). Every
closing answer counts, the mentee's and the mentor's each.

A model or a department is shown on its own only with at least
``MIN_GROUP_ANSWERS`` answers: fewer would point at the people who gave them (and
say little); the rest are added up in one line. The keep/change comments are the
participants' own words and confidential: they are given only when asked for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import MentorshipModel, Respondent, SurveyKind
from mentordesk.services.outcomes import NO_DEPARTMENT
from mentordesk.services.surveys import RoundSummary, list_rounds
from mentordesk.store.models import Pair, Person, SurveyOutcome, SurveyRound

PROMOTER_FROM = 9
PASSIVE_FROM = 7
MIN_GROUP_ANSWERS = 5
GOAL_ANSWERS = ("achieved", "partly", "not")


@dataclass(frozen=True)
class ClosingGroup:
    """The closing answers of one group (the program, mentees or mentors, a model,
    a department)."""

    label: str
    answers: int = 0
    rated: int = 0
    recommend_sum: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    goals_achieved: int = 0
    goals_partly: int = 0
    goals_not: int = 0

    @property
    def recommend_mean(self) -> float | None:
        return self.recommend_sum / self.rated if self.rated else None

    @property
    def promoter_score(self) -> int | None:
        """% promoters − % detractors, −100 to +100; None when nobody gave a score."""
        if not self.rated:
            return None
        return round(100 * (self.promoters - self.detractors) / self.rated)

    @property
    def goals_rated(self) -> int:
        return self.goals_achieved + self.goals_partly + self.goals_not

    def plus(self, other: ClosingGroup, label: str) -> ClosingGroup:
        return ClosingGroup(
            label,
            *(getattr(self, f) + getattr(other, f) for f in _COUNTS),
        )


_COUNTS = (
    "answers",
    "rated",
    "recommend_sum",
    "promoters",
    "passives",
    "detractors",
    "goals_achieved",
    "goals_partly",
    "goals_not",
)


@dataclass(frozen=True)
class ClosingComment:
    """One answer's keep/change text, without the name of whoever wrote it."""

    respondent: Respondent
    keep: str
    change: str


@dataclass(frozen=True)
class ClosingOutcomes:
    """The closing answers up to ``as_of``, the rounds opened by then with their
    response rates, and (only when asked for) the comments."""

    as_of: date
    total: ClosingGroup
    by_respondent: tuple[ClosingGroup, ...]
    by_model: tuple[ClosingGroup, ...]
    by_department: tuple[ClosingGroup, ...]
    rounds: tuple[RoundSummary, ...]
    keep_comments: int
    change_comments: int
    comments: tuple[ClosingComment, ...] | None

    @property
    def min_group_answers(self) -> int:
        return MIN_GROUP_ANSWERS


def _department(value: str | None) -> str:
    return (value or "").strip() or NO_DEPARTMENT


def _shown(groups: Iterable[ClosingGroup], rest_label: str) -> tuple[ClosingGroup, ...]:
    """Groups with enough answers on their own, largest first, then the others added up."""
    listed = list(groups)
    big = [g for g in listed if g.answers >= MIN_GROUP_ANSWERS]
    small = [g for g in listed if 0 < g.answers < MIN_GROUP_ANSWERS]
    big.sort(key=lambda g: (-g.answers, g.label.casefold()))
    # With no group big enough, the sum of the small ones would only repeat the total.
    if small and big:
        rest = ClosingGroup(rest_label.format(n=len(small)))
        for group in small:
            rest = rest.plus(group, rest.label)
        big.append(rest)
    return tuple(big)


def closing_outcomes(
    session: Session,
    program_id: int | None,
    as_of: date,
    *,
    with_comments: bool = False,
) -> ClosingOutcomes:
    """The closing answers given by ``as_of`` in the program (every program when None)."""
    mentee = aliased(Person)
    score = SurveyOutcome.recommend
    where = [
        SurveyRound.kind == SurveyKind.CLOSING.value,
        SurveyOutcome.answered_on <= as_of,
    ]
    if program_id is not None:
        where.append(SurveyRound.program_id == program_id)
    base = (
        select()
        .select_from(SurveyOutcome)
        .join(SurveyRound, SurveyRound.id == SurveyOutcome.round_id)
        .join(Pair, Pair.id == SurveyOutcome.pair_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(*where)
    )
    keys = (Pair.model, mentee.department, SurveyOutcome.respondent)
    sums = base.add_columns(
        *keys,
        func.count(),
        func.count(score),
        func.coalesce(func.sum(score), 0),
        func.sum(case((score >= PROMOTER_FROM, 1), else_=0)),
        func.sum(case(((score >= PASSIVE_FROM) & (score < PROMOTER_FROM), 1), else_=0)),
        func.sum(case((score < PASSIVE_FROM, 1), else_=0)),
        func.sum(case((func.length(func.trim(SurveyOutcome.keep)) > 0, 1), else_=0)),
        func.sum(case((func.length(func.trim(SurveyOutcome.change)) > 0, 1), else_=0)),
    ).group_by(*keys)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    keep_count = change_count = 0

    def add(model: str, department: str | None, who: str, values: dict[str, int]) -> None:
        for key in (("model", model), ("department", _department(department)),
                    ("respondent", who), ("total", "")):
            counts[key].update(values)

    for model, department, who, answers, rated, total, pro, passive, det, keep, change in (
        session.execute(sums)
    ):
        add(model, department, who, {
            "answers": int(answers), "rated": int(rated), "recommend_sum": int(total),
            "promoters": int(pro or 0), "passives": int(passive or 0),
            "detractors": int(det or 0),
        })
        keep_count += int(keep or 0)
        change_count += int(change or 0)
    # Goals are a small JSON list per answer: read them in one query, count here.
    for model, department, who, goals in session.execute(
        base.add_columns(*keys, SurveyOutcome.goals)
    ):
        tally = Counter(
            str(goal.get("answer")) for goal in goals or [] if isinstance(goal, dict)
        )
        add(model, department, who, {
            f"goals_{answer}": tally[answer] for answer in GOAL_ANSWERS
        })

    def group(label: str, key: tuple[str, str]) -> ClosingGroup:
        values = counts.get(key, Counter())
        return ClosingGroup(label, **{field: int(values[field]) for field in _COUNTS})

    comments = None
    if with_comments:
        comments = tuple(
            ClosingComment(Respondent(who), (keep or "").strip(), (change or "").strip())
            for who, keep, change in session.execute(
                base.add_columns(
                    SurveyOutcome.respondent, SurveyOutcome.keep, SurveyOutcome.change
                ).order_by(SurveyOutcome.answered_on, SurveyOutcome.id)
            )
            if (keep or "").strip() or (change or "").strip()
        )
    departments = [
        group(name, (kind, name)) for (kind, name) in counts if kind == "department"
    ]
    rounds = tuple(
        summary
        for summary in (list_rounds(session, program_id))
        if summary.opens_on <= as_of
    )
    return ClosingOutcomes(
        as_of=as_of,
        total=group("All answers", ("total", "")),
        by_respondent=tuple(
            group(f"{who.label}s", ("respondent", who.value)) for who in Respondent
        ),
        by_model=_shown(
            (group(model.label, ("model", model.value)) for model in MentorshipModel),
            "{n} smaller models",
        ),
        by_department=_shown(departments, "{n} smaller departments"),
        rounds=rounds,
        keep_comments=keep_count,
        change_comments=change_count,
        comments=comments,
    )
