"""The conflict log: open a conflict, keep its details, move it along its timeline.

A conflict belongs to a pair or to the program as a whole. Its status is that
of its latest dated step (``open`` before any step); ``Conflict.status`` is
kept equal to it here so that lists and counts need no subquery.

Confidentiality: every row and detail this module returns carries the text of a
confidential conflict (description, root cause, outcome, step notes) only when
the caller asks for it with ``reveal_confidential=True``. Otherwise the text is
``None`` — it is not even read from the database — so a view or a report
cannot show it by accident.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain import conflicts as rules
from mentordesk.domain.vocabularies import ConflictKind, ConflictStatus, Severity
from mentordesk.errors import FieldProblem, MentorDeskError, NotFound
from mentordesk.store.database import ensure_unchanged
from mentordesk.store.models import Conflict, ConflictStep, Pair, Person, Program

MAX_TEXT = 20_000
"""The longest description, root cause, outcome or step note accepted, in characters."""

TERMINAL_STATUSES: frozenset[ConflictStatus] = frozenset(
    status for status in ConflictStatus if status.is_terminal
)
"""Resolved and closed unresolved: the conflict has ended (until reopened). Escalated has
not: it is not settled until the escalation ends (DOMAIN.md)."""

_TERMINAL_CODES = tuple(sorted(status.value for status in TERMINAL_STATUSES))


@dataclass(frozen=True)
class ConflictRow:
    """One line of the conflict log.

    ``status`` and ``status_since`` (the day of the latest step, or the opening
    day) are as of the day the list was asked for. ``days_open`` counts from
    the opening to the step that ended the conflict when it has ended, else to
    that day (never below zero). ``description`` is ``None`` for a confidential
    conflict unless the caller asked to reveal it. ``mentor_name`` and
    ``mentee_name`` are ``None`` for a conflict of the whole program.
    """

    id: int
    program_id: int
    pair_id: int | None
    mentor_name: str | None
    mentee_name: str | None
    opened: date
    kind: ConflictKind
    severity: Severity
    status: ConflictStatus
    status_since: date
    days_open: int
    confidential: bool
    description: str | None
    version: int

    @property
    def is_ended(self) -> bool:
        """Resolved or closed unresolved (escalated is not settled)."""
        return self.status.is_terminal

    @property
    def pair_label(self) -> str:
        """ "Mentor → Mentee", or "Whole program" for a conflict with no pair."""
        if self.pair_id is None:
            return "Whole program"
        return f"{self.mentor_name} → {self.mentee_name}"


@dataclass(frozen=True)
class ConflictStepRow:
    """One dated step of a conflict's timeline; ``note`` is hidden like the description."""

    id: int
    position: int
    day: date
    status: ConflictStatus
    note: str | None


@dataclass(frozen=True)
class ConflictDetail:
    """A conflict with its timeline and the statuses it may move to next.

    ``root_cause`` and ``outcome`` follow the same confidentiality rule as the
    description.
    """

    conflict: ConflictRow
    root_cause: str | None
    outcome: str | None
    steps: tuple[ConflictStepRow, ...]
    next_statuses: tuple[ConflictStatus, ...]


@dataclass(frozen=True)
class ConflictSummary:
    """A program's conflicts opened in a period, counted; statuses as of the period's end.

    Every code of each vocabulary is present in the mappings (zero when none).
    ``median_days_to_resolve`` is the median number of days from opening to the
    resolving step over the conflicts that are resolved; ``None`` when none is.
    """

    program_id: int
    start: date | None
    end: date | None
    total: int
    ongoing: int
    by_kind: Mapping[ConflictKind, int]
    by_severity: Mapping[Severity, int]
    by_status: Mapping[ConflictStatus, int]
    resolved: int
    median_days_to_resolve: float | None


# --------------------------------------------------------------------------- helpers


def _parse(vocabulary: Any, value: object, field: str, what: str) -> Any:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(member.label for member in vocabulary)
        raise FieldProblem(field, f"'{value}' is not a {what}; choose one of: {allowed}.") from None


def _text(value: str, field: str, what: str) -> str:
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise FieldProblem(
            field, f"The {what} is {len(text):,} characters long; at most {MAX_TEXT:,} fit."
        )
    return text


def _conflict(session: Session, conflict_id: int) -> Conflict:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise NotFound(f"There is no conflict number {conflict_id} (it may have been deleted).")
    return conflict


def _latest_step(session: Session, conflict_id: int) -> ConflictStep | None:
    return session.scalars(
        select(ConflictStep)
        .where(ConflictStep.conflict_id == conflict_id)
        .order_by(ConflictStep.day.desc(), ConflictStep.position.desc())
        .limit(1)
    ).first()


def _latest_steps(as_of: date | None) -> Any:
    """Per conflict, the status and day of its latest step dated on or before ``as_of``."""
    ranked = select(
        ConflictStep.conflict_id.label("conflict_id"),
        ConflictStep.status.label("status"),
        ConflictStep.day.label("day"),
        func.row_number()
        .over(
            partition_by=ConflictStep.conflict_id,
            # Same-day steps count in their recorded order, as domain.conflicts does.
            order_by=(ConflictStep.day.desc(), ConflictStep.position.desc()),
        )
        .label("rank"),
    )
    if as_of is not None:
        ranked = ranked.where(ConflictStep.day <= as_of)
    ranked_sub = ranked.subquery("ranked_step")
    return (
        select(ranked_sub.c.conflict_id, ranked_sub.c.status, ranked_sub.c.day)
        .where(ranked_sub.c.rank == 1)
        .subquery("latest_step")
    )


def _hidden(column: Any, reveal: bool) -> Any:
    """The text column, or NULL for confidential conflicts: the text is never read."""
    if reveal:
        return column
    return case((Conflict.confidential.is_(True), literal(None)), else_=column)


def _rows_query(as_of: date | None, reveal: bool) -> tuple[Select[Any], Any]:
    latest = _latest_steps(as_of)
    mentor = aliased(Person, name="mentor")
    mentee = aliased(Person, name="mentee")
    # Without a day to look back from, the kept status is the latest step's.
    status = (
        Conflict.status
        if as_of is None
        else func.coalesce(latest.c.status, ConflictStatus.OPEN.value)
    )
    query = (
        select(
            Conflict.id,
            Conflict.program_id,
            Conflict.pair_id,
            mentor.name.label("mentor_name"),
            mentee.name.label("mentee_name"),
            Conflict.opened,
            Conflict.kind,
            Conflict.severity,
            status.label("status"),
            func.coalesce(latest.c.day, Conflict.opened).label("since"),
            Conflict.confidential,
            _hidden(Conflict.description, reveal).label("description"),
            Conflict.version,
        )
        .outerjoin(latest, latest.c.conflict_id == Conflict.id)
        .outerjoin(Pair, Pair.id == Conflict.pair_id)
        .outerjoin(mentor, mentor.id == Pair.mentor_id)
        .outerjoin(mentee, mentee.id == Pair.mentee_id)
    )
    if as_of is not None:
        query = query.where(Conflict.opened <= as_of)
    return query, status


def _row(record: Any, reference_day: date) -> ConflictRow:
    status = ConflictStatus(record.status)
    end = record.since if status.is_terminal else reference_day
    return ConflictRow(
        id=record.id,
        program_id=record.program_id,
        pair_id=record.pair_id,
        mentor_name=record.mentor_name,
        mentee_name=record.mentee_name,
        opened=record.opened,
        kind=ConflictKind(record.kind),
        severity=Severity(record.severity),
        status=status,
        status_since=record.since,
        days_open=max(0, (end - record.opened).days),
        confidential=bool(record.confidential),
        description=record.description,
        version=record.version,
    )


# --------------------------------------------------------------------------- changes


def open_conflict(
    session: Session,
    program_id: int,
    pair_id: int | None,
    opened: date,
    kind: ConflictKind | str,
    severity: Severity | str,
    description: str = "",
    *,
    confidential: bool = False,
) -> ConflictDetail:
    """Log a new conflict for a pair, or for the whole program when ``pair_id`` is None.

    The conflict starts ``open`` with no steps. Refused: an unknown program or
    pair, a pair of another program, an opening day before the program starts,
    an unknown kind or severity, an over-long description.
    """
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"There is no program number {program_id} (it may have been deleted).")
    if pair_id is not None:
        pair = session.get(Pair, pair_id)
        if pair is None:
            raise NotFound(f"There is no pair number {pair_id} (it may have been deleted).")
        if pair.program_id != program_id:
            raise FieldProblem("pair", f"That pair belongs to another program, not {program.name}.")
    if opened < program.start_date:
        raise FieldProblem(
            "opened",
            f"A conflict cannot be opened before the program starts "
            f"({program.start_date.isoformat()}).",
        )
    conflict = Conflict(
        program_id=program_id,
        pair_id=pair_id,
        opened=opened,
        kind=_parse(ConflictKind, kind, "kind", "conflict kind").value,
        severity=_parse(Severity, severity, "severity", "severity").value,
        description=_text(description, "description", "description"),
        confidential=bool(confidential),
        status=rules.INITIAL_STATUS.value,
        root_cause="",
        outcome="",
    )
    session.add(conflict)
    session.flush()
    return conflict_detail(session, conflict.id)


def update_conflict(
    session: Session,
    conflict_id: int,
    *,
    description: str | None = None,
    root_cause: str | None = None,
    outcome: str | None = None,
    kind: ConflictKind | str | None = None,
    severity: Severity | str | None = None,
    confidential: bool | None = None,
    expected_version: int | None = None,
) -> ConflictDetail:
    """Change a conflict's details; arguments left as None stay as they are.

    ``expected_version`` is the version the form was opened with; a different
    current version means someone else saved in between (ChangedElsewhere).
    The status changes only through :func:`move_conflict`.
    """
    conflict = _conflict(session, conflict_id)
    ensure_unchanged(session, conflict, expected_version)
    if description is not None:
        conflict.description = _text(description, "description", "description")
    if root_cause is not None:
        conflict.root_cause = _text(root_cause, "root_cause", "root cause")
    if outcome is not None:
        conflict.outcome = _text(outcome, "outcome", "outcome")
    if kind is not None:
        conflict.kind = _parse(ConflictKind, kind, "kind", "conflict kind").value
    if severity is not None:
        conflict.severity = _parse(Severity, severity, "severity", "severity").value
    if confidential is not None:
        conflict.confidential = bool(confidential)
    session.flush()
    return conflict_detail(session, conflict_id)


def move_conflict(
    session: Session,
    conflict_id: int,
    new_status: ConflictStatus | str,
    day: date,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> ConflictDetail:
    """Record the next dated step of a conflict: it now has ``new_status``.

    Refused, with a sentence for the coordinator: a move the status rules do
    not allow (e.g. "A conflict that is resolved can be reopened or taken back
    into dialogue, not moved to mediation."), a step dated before the opening
    or before the previous step.
    """
    conflict = _conflict(session, conflict_id)
    ensure_unchanged(session, conflict, expected_version)
    status = _parse(ConflictStatus, new_status, "status", "conflict status")
    previous = _latest_step(session, conflict_id)
    current = ConflictStatus(previous.status) if previous else rules.INITIAL_STATUS
    try:
        rules.check_transition(current, status)
    except rules.TransitionError as error:
        raise FieldProblem("status", error.message) from None
    if day < conflict.opened:
        raise FieldProblem(
            "day",
            f"A step cannot be dated {day.isoformat()}, before the conflict was opened "
            f"({conflict.opened.isoformat()}).",
        )
    if previous is not None and day < previous.day:
        raise FieldProblem(
            "day",
            f"A step cannot be dated {day.isoformat()}, before the previous step "
            f"({previous.day.isoformat()}).",
        )
    last_position = session.scalar(
        select(func.max(ConflictStep.position)).where(ConflictStep.conflict_id == conflict_id)
    )
    session.add(
        ConflictStep(
            conflict_id=conflict_id,
            position=0 if last_position is None else last_position + 1,
            day=day,
            status=status.value,
            note=_text(note, "note", "note"),
        )
    )
    conflict.status = status.value
    session.flush()
    session.expire(conflict, ["steps"])
    return conflict_detail(session, conflict_id)


def take_back_last_step(session: Session, conflict_id: int) -> ConflictDetail:
    """Remove a conflict's latest step (an undo, or a step recorded by mistake).

    The conflict's status falls back to the step before, or ``open``.
    """
    conflict = _conflict(session, conflict_id)
    latest = _latest_step(session, conflict_id)
    if latest is None:
        raise MentorDeskError("The conflict has no step to take back.")
    session.delete(latest)
    session.flush()
    before = _latest_step(session, conflict_id)
    conflict.status = before.status if before else rules.INITIAL_STATUS.value
    session.flush()
    session.expire(conflict, ["steps"])
    return conflict_detail(session, conflict_id)


def delete_conflict(session: Session, conflict_id: int) -> None:
    """Delete a conflict logged by mistake, with its steps."""
    conflict = _conflict(session, conflict_id)
    # The steps go with it (ON DELETE CASCADE); the conflict's audit entry covers them.
    session.delete(conflict)
    session.flush()


# --------------------------------------------------------------------------- reading


def allowed_next(session: Session, conflict_id: int) -> tuple[ConflictStatus, ...]:
    """The statuses the conflict may move to next, in display order."""
    conflict = _conflict(session, conflict_id)
    return rules.next_statuses(ConflictStatus(conflict.status))


def list_conflicts(
    session: Session,
    program_id: int | None = None,
    *,
    statuses: Collection[ConflictStatus | str] | None = None,
    kind: ConflictKind | str | None = None,
    severity: Severity | str | None = None,
    pair_id: int | None = None,
    program_wide_only: bool = False,
    open_longer_than: int | None = None,
    as_of: date | None = None,
    include_ended: bool = True,
    reveal_confidential: bool = False,
) -> list[ConflictRow]:
    """The conflict log, newest first, filtered in the database.

    ``as_of`` looks at the log as it stood at the end of that day: conflicts
    opened later are left out and each status is that of the latest step dated
    on or before it. Without it the current statuses count and days are
    counted to today. ``open_longer_than=N`` keeps the conflicts not yet ended
    that have been open more than N days; ``include_ended=False`` leaves out
    resolved and closed unresolved ones. ``program_wide_only``
    keeps the conflicts that belong to no pair.
    """
    query, status = _rows_query(as_of, reveal_confidential)
    reference_day = as_of or date.today()
    conditions: list[ColumnElement[bool]] = []
    if program_id is not None:
        conditions.append(Conflict.program_id == program_id)
    if statuses is not None:
        codes = [_parse(ConflictStatus, s, "status", "conflict status").value for s in statuses]
        conditions.append(status.in_(codes))
    if kind is not None:
        code = _parse(ConflictKind, kind, "kind", "conflict kind").value
        conditions.append(Conflict.kind == code)
    if severity is not None:
        code = _parse(Severity, severity, "severity", "severity").value
        conditions.append(Conflict.severity == code)
    if pair_id is not None:
        conditions.append(Conflict.pair_id == pair_id)
    if program_wide_only:
        conditions.append(Conflict.pair_id.is_(None))
    if not include_ended:
        conditions.append(status.not_in(_TERMINAL_CODES))
    if open_longer_than is not None:
        if open_longer_than < 0:
            raise FieldProblem("open_longer_than", "The number of days cannot be negative.")
        cutoff = reference_day - timedelta(days=open_longer_than)
        conditions.append(and_(status.not_in(_TERMINAL_CODES), Conflict.opened < cutoff))
    if conditions:
        query = query.where(*conditions)
    query = query.order_by(Conflict.opened.desc(), Conflict.id.desc())
    return [_row(record, reference_day) for record in session.execute(query)]


def conflict_detail(
    session: Session,
    conflict_id: int,
    *,
    reveal_confidential: bool = False,
    as_of: date | None = None,
) -> ConflictDetail:
    """One conflict with its timeline of steps (oldest first) and its possible next statuses.

    ``as_of`` shows it as it stood at the end of that day, as ``list_conflicts`` does:
    the steps dated by then, the status they reached, days counted to that day.
    """
    _conflict(session, conflict_id)  # NotFound with a readable sentence
    query, _status = _rows_query(as_of, reveal_confidential)
    query = query.add_columns(
        _hidden(Conflict.root_cause, reveal_confidential).label("root_cause"),
        _hidden(Conflict.outcome, reveal_confidential).label("outcome"),
    ).where(Conflict.id == conflict_id)
    record = session.execute(query).one_or_none()
    if record is None:
        raise NotFound(f"That conflict was logged after {as_of:%d %B %Y}.")
    row = _row(record, as_of or date.today())
    confidential_hidden = row.confidential and not reveal_confidential
    step_query = (
        select(
            ConflictStep.id,
            ConflictStep.position,
            ConflictStep.day,
            ConflictStep.status,
            ConflictStep.note,
        )
        .where(ConflictStep.conflict_id == conflict_id)
        .order_by(ConflictStep.day, ConflictStep.position)
    )
    if as_of is not None:
        step_query = step_query.where(ConflictStep.day <= as_of)
    return ConflictDetail(
        conflict=row,
        root_cause=record.root_cause,
        outcome=record.outcome,
        steps=tuple(
            ConflictStepRow(
                id=step.id,
                position=step.position,
                day=step.day,
                status=ConflictStatus(step.status),
                note=None if confidential_hidden else step.note,
            )
            for step in session.execute(step_query)
        ),
        next_statuses=rules.next_statuses(row.status),
    )


def conflict_summary(
    session: Session, program_id: int, start: date | None = None, end: date | None = None
) -> ConflictSummary:
    """Count a program's conflicts opened from ``start`` to ``end`` (both included, either open).

    Statuses are those at the end of ``end`` (today's when no end is given),
    so a report for a past period shows the log as it then stood. The counts
    are made by the database; the median is taken over the resolved conflicts'
    durations only.
    """
    if start is not None and end is not None and end < start:
        raise FieldProblem("end", "The period ends before it starts.")
    query, _status = _rows_query(end, reveal=False)
    periodic = query.where(Conflict.program_id == program_id)
    if start is not None:
        periodic = periodic.where(Conflict.opened >= start)
    rows = periodic.subquery("in_period")
    counts = session.execute(
        select(rows.c.kind, rows.c.severity, rows.c.status, func.count()).group_by(
            rows.c.kind, rows.c.severity, rows.c.status
        )
    ).all()
    by_kind = dict.fromkeys(ConflictKind, 0)
    by_severity = dict.fromkeys(Severity, 0)
    by_status = dict.fromkeys(ConflictStatus, 0)
    for kind, severity, row_status, count in counts:
        by_kind[ConflictKind(kind)] += count
        by_severity[Severity(severity)] += count
        by_status[ConflictStatus(row_status)] += count
    durations = [
        (since - opened).days
        for opened, since in session.execute(
            select(rows.c.opened, rows.c.since).where(
                rows.c.status == ConflictStatus.RESOLVED.value
            )
        )
    ]
    total = sum(by_kind.values())
    return ConflictSummary(
        program_id=program_id,
        start=start,
        end=end,
        total=total,
        ongoing=total - sum(by_status[s] for s in TERMINAL_STATUSES),
        by_kind=by_kind,
        by_severity=by_severity,
        by_status=by_status,
        resolved=len(durations),
        median_days_to_resolve=float(statistics.median(durations)) if durations else None,
    )
