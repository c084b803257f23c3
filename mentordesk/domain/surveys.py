"""Survey rounds: the default schedule, what is due, and the identity of a form.

Rules (DOMAIN.md, "Survey rounds"): a pair's default schedule is a check-up 30
days after its start, then every 60 days, and a closing round at its planned
end; each program may set its own (:class:`SurveySchedule`). A returned form
names its database, round, pair and respondent in a token
signed with an HMAC keyed by a secret kept in the database, so a form from
another database, an edited token or a form copied to answer for someone else
is refused. Pure rules: no database, no files.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentordesk.domain.questionnaire import ITEM_CODES
from mentordesk.domain.vocabularies import GoalOutcome, Respondent, SurveyKind

FIRST_CHECKUP_DAYS = 30
"""By default a pair's first check-up is this many days after it starts."""

CHECKUP_EVERY_DAYS = 60
"""By default later check-ups follow every this many days until the planned end."""

MIN_SCHEDULE_DAYS, MAX_SCHEDULE_DAYS = 7, 365
"""The first check-up and the interval are whole days in this range."""

DUE_SOON_DAYS = 7
"""A scheduled survey shows as due this many days before its day."""

OVERDUE_AFTER_DAYS = 14
"""…and as overdue when this many days have passed since its day."""

COVERED_WITHIN_DAYS = CHECKUP_EVERY_DAYS // 2
"""With the default interval, a round (or an assessment) this many days before a
scheduled survey covers it (half the interval: see :meth:`SurveySchedule.covered_within`)."""

HORIZON_DAYS = 3 * 365
"""A pair without a planned end is scheduled this far ahead at most."""

RECOMMEND_MIN, RECOMMEND_MAX = 0, 10


@dataclass(frozen=True)
class SurveySchedule:
    """A program's survey schedule: the first check-up ``first_after`` days after a pair
    starts, then one every ``every`` days, and (when ``closing``) a closing round at the
    pair's planned end."""

    first_after: int = FIRST_CHECKUP_DAYS
    every: int = CHECKUP_EVERY_DAYS
    closing: bool = True

    def __post_init__(self) -> None:
        for value, what in ((self.first_after, "first check-up"), (self.every, "interval")):
            if not MIN_SCHEDULE_DAYS <= value <= MAX_SCHEDULE_DAYS:
                raise ValueError(
                    f"The {what} must be from {MIN_SCHEDULE_DAYS} to {MAX_SCHEDULE_DAYS} "
                    f"days, not {value}."
                )

    @property
    def covered_within(self) -> int:
        """A survey is covered by a round or assessment up to half an interval before it."""
        return self.every // 2

    def describe(self) -> str:
        """The schedule in the coordinator's words."""
        text = (
            f"a check-up {self.first_after} days after a pair starts, "
            f"then every {self.every} days"
        )
        return text + (", and a closing survey at the planned end" if self.closing else "")


DEFAULT_SCHEDULE = SurveySchedule()


@dataclass(frozen=True)
class ScheduledSurvey:
    day: date
    kind: SurveyKind


def pair_schedule(
    start: date,
    planned_end: date | None,
    *,
    first_after: int = FIRST_CHECKUP_DAYS,
    every: int = CHECKUP_EVERY_DAYS,
    closing: bool = True,
    until: date | None = None,
) -> list[ScheduledSurvey]:
    """The pair's surveys in date order: check-ups from ``first_after`` days after the
    start every ``every`` days (before the planned end), then the closing one on it
    (unless ``closing`` is off).

    Without a planned end the check-ups run to ``until`` (default: three years on).
    A check-up closer than half an interval to the closing survey is left out: the
    closing round asks the same questions. Without a closing round the check-ups run
    up to the planned end.
    """
    last = planned_end or until or start + timedelta(days=HORIZON_DAYS)
    schedule: list[ScheduledSurvey] = []
    day = start + timedelta(days=first_after)
    gap = timedelta(days=every // 2 if closing else 0)
    while day <= last and (planned_end is None or day <= planned_end - gap):
        schedule.append(ScheduledSurvey(day, SurveyKind.CHECKUP))
        day += timedelta(days=every)
    if closing and planned_end is not None and planned_end > start:
        schedule.append(ScheduledSurvey(planned_end, SurveyKind.CLOSING))
    return schedule


def schedule_of(
    setting: SurveySchedule, start: date, planned_end: date | None
) -> list[ScheduledSurvey]:
    """The pair's surveys under a program's schedule setting."""
    return pair_schedule(
        start,
        planned_end,
        first_after=setting.first_after,
        every=setting.every,
        closing=setting.closing,
    )


@dataclass(frozen=True)
class DueSurvey:
    """The next survey of a pair that is due or overdue on the day asked about."""

    scheduled: ScheduledSurvey
    overdue: bool
    days_late: int


def next_uncovered(
    schedule: Sequence[ScheduledSurvey],
    covered: Sequence[date],
    *,
    covered_within: int = COVERED_WITHIN_DAYS,
) -> ScheduledSurvey | None:
    """The pair's first scheduled survey that no round or assessment has covered:
    one from ``covered_within`` days before its day on covers it."""
    window = timedelta(days=covered_within)
    for survey in schedule:
        if any(day >= survey.day - window for day in covered):
            continue
        return survey
    return None


def next_due(
    schedule: Sequence[ScheduledSurvey],
    covered: Sequence[date],
    as_of: date,
    *,
    covered_within: int = COVERED_WITHIN_DAYS,
) -> DueSurvey | None:
    """The pair's first scheduled survey not yet covered, when it is due by ``as_of``.

    ``covered`` holds the days the pair was surveyed: the due days of the rounds that
    asked it and the days of its mentee assessments. A survey is covered by one
    from ``covered_within`` days before its day on. Due from ``DUE_SOON_DAYS`` before
    its day; overdue ``OVERDUE_AFTER_DAYS`` after it.
    """
    survey = next_uncovered(schedule, covered, covered_within=covered_within)
    if survey is None or survey.day - timedelta(days=DUE_SOON_DAYS) > as_of:
        return None
    late = (as_of - survey.day).days
    return DueSurvey(survey, overdue=late > OVERDUE_AFTER_DAYS, days_late=max(0, late))


# --- the identity of a form ---------------------------------------------------------------

TOKEN_PREFIX = "MD1"
_TOKEN = re.compile(
    r"^MD1\.(?P<db>[0-9a-f]{32})\.(?P<round>\d{1,9})\.(?P<pair>\d{1,9})\."
    r"(?P<who>mentee|mentor)\.(?P<mac>[0-9a-f]{32})$"
)
PAPER_LETTER = {Respondent.MENTEE: "E", Respondent.MENTOR: "M"}
_PAPER = re.compile(r"^\s*R(?P<round>\d{1,9})\s*-\s*(?P<pair>\d{1,9})\s*-\s*(?P<who>[EM])\s*$")


class TokenProblem(ValueError):
    """A form's identity cannot be trusted; the message says why, for the coordinator."""


@dataclass(frozen=True)
class FormIdentity:
    """Who a form is for: this database, a round, a pair and mentee or mentor."""

    database_id: str
    round_id: int
    pair_id: int
    respondent: Respondent

    def _message(self) -> bytes:
        return (
            f"{TOKEN_PREFIX}|{self.database_id}|{self.round_id}|{self.pair_id}|"
            f"{self.respondent.value}"
        ).encode()

    def token(self, secret: str) -> str:
        """The signed token written into the form."""
        mac = hmac.new(bytes.fromhex(secret), self._message(), hashlib.sha256).hexdigest()[:32]
        return (
            f"{TOKEN_PREFIX}.{self.database_id}.{self.round_id}.{self.pair_id}."
            f"{self.respondent.value}.{mac}"
        )

    @property
    def paper_code(self) -> str:
        """The short code printed large on the form, e.g. R3-0147-M (M mentor, E mentee)."""
        return f"R{self.round_id}-{self.pair_id:04d}-{PAPER_LETTER[self.respondent]}"


def read_token(text: str, database_id: str, secret: str) -> FormIdentity:
    """The identity a token names, checked against this database's id and secret."""
    match = _TOKEN.match(text.strip())
    if match is None:
        raise TokenProblem("its identity field is not one MentorDesk wrote (edited or damaged)")
    identity = FormIdentity(
        database_id=match["db"],
        round_id=int(match["round"]),
        pair_id=int(match["pair"]),
        respondent=Respondent(match["who"]),
    )
    if identity.database_id != database_id:
        raise TokenProblem(
            "it was made by another MentorDesk database, not this one"
        )
    if not hmac.compare_digest(identity.token(secret), text.strip()):
        raise TokenProblem("its identity was edited: the checksum does not match")
    return identity


@dataclass(frozen=True)
class PaperCode:
    round_id: int
    pair_id: int
    respondent: Respondent


def parse_paper_code(text: str) -> PaperCode | None:
    """The round, pair and respondent of a code like ``R3-0147-M``; None if it is not one."""
    match = _PAPER.match(text.upper())
    if match is None:
        return None
    who = Respondent.MENTOR if match["who"] == "M" else Respondent.MENTEE
    return PaperCode(int(match["round"]), int(match["pair"]), who)


# --- what a returned form says -------------------------------------------------------------


@dataclass(frozen=True)
class FormAnswers:
    """The answers read from one form; ratings only for the statements answered."""

    ratings: Mapping[str, int] = field(default_factory=dict)
    comment: str = ""
    answered_on: date | None = None
    goals: Mapping[int, GoalOutcome] = field(default_factory=dict)
    recommend: int | None = None
    keep: str = ""
    change: str = ""

    @property
    def is_empty(self) -> bool:
        """Nothing answered at all: the form was not answered (not an error)."""
        return not (
            self.ratings
            or self.comment.strip()
            or self.goals
            or self.recommend is not None
            or self.keep.strip()
            or self.change.strip()
        )

    @property
    def missing(self) -> list[str]:
        """The statements left unanswered, in questionnaire order."""
        return [code for code in ITEM_CODES if code not in self.ratings]

    def digest(self) -> str:
        """A fingerprint of the answers: the same form collected twice has the same one."""
        content = {
            "ratings": {code: self.ratings[code] for code in sorted(self.ratings)},
            "comment": self.comment.strip(),
            "answered_on": self.answered_on.isoformat() if self.answered_on else None,
            "goals": {str(goal): self.goals[goal].value for goal in sorted(self.goals)},
            "recommend": self.recommend,
            "keep": self.keep.strip(),
            "change": self.change.strip(),
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()
