"""The pair's activity log and its timeline.

An activity is a check-in, workshop, networking event, project collaboration
or peer session that was held, missed or cancelled. A program workshop that
both the mentor and the mentee attended counts as a held activity of the
workshop's kind for the pair (DOMAIN.md, "Workshop"): it is stored once, under
the workshop, and joined in here, in the timeline and in the facts the rules
use, never copied into the activity table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, bindparam, select
from sqlalchemy.orm import Session

from mentordesk.domain.consistency import ActivityFact
from mentordesk.domain.scoring import TrustThresholds, trust_level
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    Respondent,
    Severity,
)
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.services.common import AnySelect, clean_text, load_pair, parse_code
from mentordesk.services.workshops import shared_workshops
from mentordesk.store.database import ensure_unchanged
from mentordesk.store.models import (
    Activity,
    Assessment,
    Conflict,
    ConflictStep,
    EthicsReview,
    Pair,
    PairReview,
    Program,
    Workshop,
)

MIN_MINUTES = 1
MAX_MINUTES = 1440
MAX_NOTES = 20_000
IDS_PER_QUERY = 500
"""Pair ids sent in one IN list: well under every database's parameter limit."""


class TimelineSource(StrEnum):
    """What kind of record a timeline entry comes from (to pick an icon and open it).

    Listed in the order entries of the same day are shown.
    """

    AGREEMENT = "agreement"
    CONFLICT_OPENED = "conflict_opened"
    CONFLICT_STEP = "conflict_step"
    ACTIVITY = "activity"
    WORKSHOP = "workshop"
    ASSESSMENT = "assessment"
    ETHICS_REVIEW = "ethics_review"
    PAIR_REVIEW = "pair_review"


_SOURCE_ORDER = {source: rank for rank, source in enumerate(TimelineSource)}


@dataclass(frozen=True)
class ActivityFields:
    """What the activity form edits (see :func:`update_activity`)."""

    day: date
    kind: ActivityKind
    outcome: ActivityOutcome = ActivityOutcome.HELD
    minutes: int | None = None
    notes: str = ""
    confidential: bool = False


@dataclass(frozen=True)
class ActivityRow:
    """One logged activity of a pair."""

    id: int
    pair_id: int
    day: date
    kind: ActivityKind
    outcome: ActivityOutcome
    minutes: int | None
    notes: str
    confidential: bool
    version: int

    def fields(self) -> ActivityFields:
        """The editable fields, to change one with ``dataclasses.replace`` and save."""
        return ActivityFields(
            day=self.day,
            kind=self.kind,
            outcome=self.outcome,
            minutes=self.minutes,
            notes=self.notes,
            confidential=self.confidential,
        )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a pair's timeline.

    ``record_id`` is the record to open: the activity, workshop, assessment,
    conflict (for its opening and each of its steps), ethics review or pair
    review. ``title`` and ``detail`` are safe to show always; ``text`` holds the
    notes, description or comment, which the window hides while
    ``confidential`` is set. ``activity_kind`` and ``outcome`` are set for
    activities and shared workshops only.
    """

    day: date
    source: TimelineSource
    record_id: int
    title: str
    detail: str
    text: str
    confidential: bool = False
    activity_kind: ActivityKind | None = None
    outcome: ActivityOutcome | None = None


# --------------------------------------------------------------------------
# Writing.


def _validated(pair: Pair, fields: ActivityFields) -> dict[str, object]:
    kind = parse_code(ActivityKind, fields.kind, "kind", "activity kind")
    outcome = parse_code(ActivityOutcome, fields.outcome, "outcome", "outcome")
    if fields.day < pair.start_date:
        raise FieldProblem(
            "day",
            f"The activity date ({fields.day.isoformat()}) is before the pair started "
            f"({pair.start_date.isoformat()}).",
        )
    minutes = fields.minutes
    if minutes is not None and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not MIN_MINUTES <= minutes <= MAX_MINUTES
    ):
        raise FieldProblem(
            "minutes",
            f"The length must be a whole number of minutes from {MIN_MINUTES} to "
            f"{MAX_MINUTES}, not {minutes!r}.",
        )
    return {
        "day": fields.day,
        "kind": kind.value,
        "outcome": outcome.value,
        "minutes": minutes,
        "notes": clean_text(fields.notes, "notes", "notes", MAX_NOTES),
        "confidential": bool(fields.confidential),
    }


def _row(activity: Activity) -> ActivityRow:
    return ActivityRow(
        id=activity.id,
        pair_id=activity.pair_id,
        day=activity.day,
        kind=ActivityKind(activity.kind),
        outcome=ActivityOutcome(activity.outcome),
        minutes=activity.minutes,
        notes=activity.notes or "",
        confidential=activity.confidential,
        version=activity.version,
    )


def log_activity(
    session: Session,
    pair_id: int,
    *,
    day: date,
    kind: ActivityKind | str,
    outcome: ActivityOutcome | str = ActivityOutcome.HELD,
    minutes: int | None = None,
    notes: str = "",
    confidential: bool = False,
) -> ActivityRow:
    """Log one activity of the pair.

    Refused with a FieldProblem: a date before the pair started, an unknown
    kind or outcome, a length outside 1–1440 minutes, over-long notes.
    """
    pair = load_pair(session, pair_id)
    fields = ActivityFields(
        day=day,
        kind=kind,  # type: ignore[arg-type]
        outcome=outcome,  # type: ignore[arg-type]
        minutes=minutes,
        notes=notes,
        confidential=confidential,
    )
    activity = Activity(pair_id=pair.id, **_validated(pair, fields))
    session.add(activity)
    session.flush()
    return _row(activity)


def _load(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(f"There is no activity number {activity_id}; it may have been deleted.")
    return activity


def get_activity(session: Session, activity_id: int) -> ActivityRow:
    """One logged activity, for its edit form."""
    return _row(_load(session, activity_id))


def update_activity(
    session: Session,
    activity_id: int,
    fields: ActivityFields,
    *,
    expected_version: int | None = None,
) -> ActivityRow:
    """Save the activity form, with :func:`log_activity`'s checks."""
    activity = _load(session, activity_id)
    ensure_unchanged(session, activity, expected_version)
    for name, value in _validated(activity.pair, fields).items():
        setattr(activity, name, value)
    session.flush()
    return _row(activity)


def delete_activity(session: Session, activity_id: int) -> None:
    """Delete an activity logged by mistake."""
    session.delete(_load(session, activity_id))
    session.flush()


def list_activities(session: Session, pair_id: int) -> list[ActivityRow]:
    """The pair's logged activities, oldest first (shared workshops are in the timeline)."""
    load_pair(session, pair_id)
    query = select(Activity).where(Activity.pair_id == pair_id).order_by(Activity.day, Activity.id)
    return [_row(activity) for activity in session.scalars(query)]


# --------------------------------------------------------------------------
# Facts for the rules.


def pair_activity_facts(session: Session, pair_ids: Iterable[int]) -> dict[int, list[ActivityFact]]:
    """Each pair's activities as the rules see them, oldest first, for many pairs at once.

    Logged activities and the workshops both members attended (as held
    activities of the workshop's kind) are merged; on the same day, logged
    activities come first, each group in recorded order. Every asked-for pair
    is a key, with an empty list when it has no activity. Two queries per 500
    pairs.
    """
    wanted = sorted(set(pair_ids))
    merged: dict[int, list[tuple[date, int, int, ActivityFact]]] = {pid: [] for pid in wanted}
    kinds = {member.value: member for member in ActivityKind}
    outcomes = {member.value: member for member in ActivityOutcome}
    held = ActivityOutcome.HELD
    for start in range(0, len(wanted), IDS_PER_QUERY):
        chunk = wanted[start : start + IDS_PER_QUERY]
        logged = select(
            Activity.pair_id, Activity.day, Activity.id, Activity.kind, Activity.outcome
        ).where(Activity.pair_id.in_(chunk))
        for pair_id, day, activity_id, kind, outcome in session.execute(logged):
            fact = ActivityFact(on=day, kind=kinds[kind], outcome=outcomes[outcome])
            merged[pair_id].append((day, 0, activity_id, fact))
        attended = shared_workshops().where(Pair.id.in_(chunk))
        for pair_id, workshop_id, day, kind in session.execute(attended):
            fact = ActivityFact(on=day, kind=kinds[kind], outcome=held)
            merged[pair_id].append((day, 1, workshop_id, fact))
    return {
        pair_id: [entry[3] for entry in sorted(entries, key=lambda e: e[:3])]
        for pair_id, entries in merged.items()
    }


# --------------------------------------------------------------------------
# The timeline.


def _minutes(minutes: int | None) -> str:
    return f" · {minutes} min" if minutes else ""


class _TimelineStatements(NamedTuple):
    """The timeline's queries, each of plain columns and taking the ``pair_id`` parameter."""

    thresholds: AnySelect
    conflicts: AnySelect
    activities: AnySelect
    workshops: AnySelect
    assessments: AnySelect
    ethics: AnySelect
    reviews: AnySelect


@cache
def _timeline_statements() -> _TimelineStatements:
    """Built once: a pair's timeline is a few dozen rows, and building the statements
    anew for every pair opened cost more than running them."""
    pair_id: BindParameter[int] = bindparam("pair_id")
    return _TimelineStatements(
        thresholds=select(Program.threshold_high, Program.threshold_medium, Pair.agreement_signed)
        .join(Pair, Pair.program_id == Program.id)
        .where(Pair.id == pair_id),
        # Each conflict with its steps in recorded order (none: one row of NULLs).
        conflicts=select(
            Conflict.id,
            Conflict.opened,
            Conflict.kind,
            Conflict.severity,
            Conflict.description,
            Conflict.confidential,
            ConflictStep.day,
            ConflictStep.status,
            ConflictStep.note,
        )
        .outerjoin(ConflictStep, ConflictStep.conflict_id == Conflict.id)
        .where(Conflict.pair_id == pair_id)
        .order_by(Conflict.id, ConflictStep.position, ConflictStep.id),
        activities=select(
            Activity.id,
            Activity.day,
            Activity.kind,
            Activity.outcome,
            Activity.minutes,
            Activity.notes,
            Activity.confidential,
        ).where(Activity.pair_id == pair_id),
        workshops=shared_workshops().add_columns(Workshop.title).where(Pair.id == pair_id),
        assessments=select(
            Assessment.id,
            Assessment.day,
            Assessment.respondent,
            Assessment.overall,
            Assessment.comment,
        ).where(Assessment.pair_id == pair_id),
        ethics=select(
            EthicsReview.id,
            EthicsReview.day,
            EthicsReview.guideline,
            EthicsReview.state,
            EthicsReview.reviewer,
            EthicsReview.note,
        ).where(EthicsReview.pair_id == pair_id),
        reviews=select(PairReview.id, PairReview.day, PairReview.summary).where(
            PairReview.pair_id == pair_id
        ),
    )


def _conflict_entries(rows: Iterable[Any]) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    heads: dict[int, tuple[date, ConflictKind, str, str, bool]] = {}
    steps: dict[int, list[tuple[date, str, str]]] = {}
    for conflict_id, opened, kind, severity, description, confidential, *step in rows:
        if conflict_id not in heads:
            heads[conflict_id] = (
                opened,
                ConflictKind(kind),
                severity,
                description or "",
                confidential,
            )
            steps[conflict_id] = []
        step_day, step_status, step_note = step
        if step_status is not None:
            steps[conflict_id].append((step_day, step_status, step_note or ""))
    for conflict_id, (opened, kind, severity, text, confidential) in heads.items():
        own_steps = steps[conflict_id]
        # A first step that only records the opening belongs to the opening entry.
        if own_steps and own_steps[0][1] == ConflictStatus.OPEN.value and own_steps[0][0] == opened:
            opening_note = own_steps.pop(0)[2]
            text = "\n\n".join(part for part in (text, opening_note) if part)
        entries.append(
            TimelineEntry(
                day=opened,
                source=TimelineSource.CONFLICT_OPENED,
                record_id=conflict_id,
                title=f"Conflict opened: {kind.label}",
                detail=f"{Severity(severity).label} severity",
                text=text,
                confidential=confidential,
            )
        )
        for day, status, note in own_steps:
            entries.append(
                TimelineEntry(
                    day=day,
                    source=TimelineSource.CONFLICT_STEP,
                    record_id=conflict_id,
                    title=f"Conflict ({kind.label}): {ConflictStatus(status).label}",
                    detail="",
                    text=note,
                    confidential=confidential,
                )
            )
    return entries


def _activity_entries(rows: Iterable[Any]) -> list[TimelineEntry]:
    entries = []
    for activity_id, day, kind_code, outcome_code, minutes, notes, confidential in rows:
        kind = ActivityKind(kind_code)
        outcome = ActivityOutcome(outcome_code)
        entries.append(
            TimelineEntry(
                day=day,
                source=TimelineSource.ACTIVITY,
                record_id=activity_id,
                title=kind.label,
                detail=outcome.label + _minutes(minutes),
                text=notes or "",
                confidential=confidential,
                activity_kind=kind,
                outcome=outcome,
            )
        )
    return entries


def _workshop_entries(rows: Iterable[Any]) -> list[TimelineEntry]:
    entries = []
    for _pair_id, workshop_id, day, kind_code, title in rows:
        kind = ActivityKind(kind_code)
        entries.append(
            TimelineEntry(
                day=day,
                source=TimelineSource.WORKSHOP,
                record_id=workshop_id,
                title=f"{kind.label}: {title}",
                detail=f"{ActivityOutcome.HELD.label} · both attended",
                text="",
                activity_kind=kind,
                outcome=ActivityOutcome.HELD,
            )
        )
    return entries


def _assessment_entries(rows: Iterable[Any], thresholds: TrustThresholds) -> list[TimelineEntry]:
    entries = []
    for assessment_id, day, respondent, overall, comment in rows:
        level = trust_level(overall, thresholds)
        detail = "Not scored" if level is None else f"Trust {overall:.2f} · {level.label}"
        who = Respondent(respondent)
        title = (
            "Trust assessment by the mentee"
            if who is Respondent.MENTEE
            else "The mentor's view of the trust"
        )
        entries.append(
            TimelineEntry(
                day=day,
                source=TimelineSource.ASSESSMENT,
                record_id=assessment_id,
                title=title,
                detail=detail,
                text=comment or "",
            )
        )
    return entries


def _ethics_entries(rows: Iterable[Any]) -> list[TimelineEntry]:
    entries = []
    for review_id, day, guideline, state, reviewer, note in rows:
        by = f" · by {reviewer}" if reviewer else ""
        entries.append(
            TimelineEntry(
                day=day,
                source=TimelineSource.ETHICS_REVIEW,
                record_id=review_id,
                title=f"Ethics review: {EthicsGuideline(guideline).label}",
                detail=EthicsState(state).label + by,
                text=note or "",
            )
        )
    return entries


def _review_entries(rows: Iterable[Any]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            day=day,
            source=TimelineSource.PAIR_REVIEW,
            record_id=review_id,
            title="Pair review",
            detail="",
            text=summary or "",
        )
        for review_id, day, summary in rows
    ]


def pair_timeline(session: Session, pair_id: int) -> list[TimelineEntry]:
    """Everything that happened in the pair, oldest first.

    The signed agreement, activities, workshops both members attended,
    assessments (mentee and mentor), conflict openings and their steps, ethics
    reviews and pair reviews. On one day: the agreement, conflict openings and
    steps, activities, workshops, assessments, ethics reviews, pair reviews;
    each kind in recorded order.
    One column query per kind of record, however long the history.
    """
    statements = _timeline_statements()
    parameters = {"pair_id": pair_id}
    found = session.execute(statements.thresholds, parameters).first()
    if found is None:
        raise NotFound(f"There is no pair number {pair_id}; it may have been deleted.")
    thresholds = TrustThresholds(high=found[0], medium=found[1])
    agreement = (
        [
            TimelineEntry(
                day=found[2],
                source=TimelineSource.AGREEMENT,
                record_id=pair_id,
                title="Mentoring agreement signed",
                detail="",
                text="",
            )
        ]
        if found[2] is not None
        else []
    )

    def rows(statement: AnySelect) -> Iterable[Any]:
        return session.execute(statement, parameters)

    entries = [
        *agreement,
        *_conflict_entries(rows(statements.conflicts)),
        *_activity_entries(rows(statements.activities)),
        *_workshop_entries(rows(statements.workshops)),
        *_assessment_entries(rows(statements.assessments), thresholds),
        *_ethics_entries(rows(statements.ethics)),
        *_review_entries(rows(statements.reviews)),
    ]
    # Sorting is stable, so the per-source order (conflict steps by position) survives.
    return sorted(entries, key=lambda e: (e.day, _SOURCE_ORDER[e.source], e.record_id))
