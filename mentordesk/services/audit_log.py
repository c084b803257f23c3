"""Reading the audit log in the coordinator's words: who changed which record, when,
which fields (by their labels) and, where the log kept them, old -> new.

Records are named in SQL, in the query that reads the log: a person by their
name, a pair (and its goals, activities, assessments, conflicts, reviews) by
"mentor → mentee", a workshop by its title, a program by its name. A record
that has since been deleted keeps its number ("Pair 3"), named from the values
the log kept when it could. Search (``search=``) looks in those names too, so
"Lea" finds every entry about Lea and her pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain import vocabularies as vocab
from mentordesk.services.common import like_pattern
from mentordesk.store.models import (
    Activity,
    Assessment,
    Attendance,
    AuditEntry,
    Conflict,
    ConflictStep,
    EthicsReview,
    Goal,
    Pair,
    PairReview,
    Person,
    PlanEntry,
    Program,
    Workshop,
)

# What the coordinator calls each table in the log.
RECORD_NAMES = {
    "program": "Program",
    "plan_entry": "Program plan",
    "person": "Person",
    "pair": "Pair",
    "goal": "Goal",
    "activity": "Activity",
    "assessment": "Trust assessment",
    "conflict": "Conflict",
    "conflict_step": "Conflict step",
    "ethics_review": "Ethics review",
    "pair_review": "Pair review",
    "workshop": "Workshop",
    "attendance": "Attendance",
    "survey_round": "Survey round",
    "survey_respondent": "Survey respondent",
    "survey_outcome": "Survey outcome",
}
ACTION_NAMES = {"create": "Created", "change": "Changed", "delete": "Deleted", "erase": "Erased"}

# Field labels where the column's name is not already the coordinator's word.
FIELD_LABELS = {
    "program_id": "program",
    "pair_id": "pair",
    "mentor_id": "mentor",
    "mentee_id": "mentee",
    "manager_id": "manager",
    "person_id": "person",
    "workshop_id": "workshop",
    "employee_id": "employee ID",
    "email": "email address",
    "start_date": "start",
    "end_date": "end",
    "planned_end": "planned end",
    "agreement_signed": "agreement signed",
    "cadence_days": "check-in every (days)",
    "default_model": "default model",
    "threshold_high": "high trust from",
    "threshold_medium": "medium trust from",
    "can_mentor": "can mentor",
    "end_reason": "reason for ending",
    "day": "date",
    "opened": "opened on",
    "target": "target date",
    "minutes": "minutes",
    "root_cause": "root cause",
    "start_time": "time",
    "text": "text",
    "skills": "skills and interests",
    "survey_round_id": "survey round",
    "attendees": "attendance",
}

# Codes whose values are shown by their vocabulary's label.
_CODE_FIELDS: dict[str, type[vocab.Vocabulary]] = {
    "model": vocab.MentorshipModel,
    "default_model": vocab.MentorshipModel,
    "outcome": vocab.ActivityOutcome,
    "severity": vocab.Severity,
    "respondent": vocab.Respondent,
    "guideline": vocab.EthicsGuideline,
    "state": vocab.EthicsState,
}
_STATUS_BY_RECORD: dict[str, type[vocab.Vocabulary]] = {
    "pair": vocab.PairStatus,
    "goal": vocab.GoalStatus,
    "conflict": vocab.ConflictStatus,
    "conflict_step": vocab.ConflictStatus,
}
_KIND_BY_RECORD: dict[str, type[vocab.Vocabulary]] = {
    "activity": vocab.ActivityKind,
    "workshop": vocab.ActivityKind,
    "conflict": vocab.ConflictKind,
}
_PERSON_FIELDS = frozenset({"mentor_id", "mentee_id", "manager_id", "person_id"})
_DAY_FIELDS = frozenset(
    {"start_date", "end_date", "planned_end", "agreement_signed", "day", "opened", "target"}
)


def field_label(field: str) -> str:
    """A column as the coordinator calls it: ``mentor_id`` -> "mentor"."""
    return FIELD_LABELS.get(field, field.replace("_", " "))


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, ready to show (a day is a ``date``, a code its label,
    a person their name; None: empty)."""

    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    record: str
    record_id: int | None
    fields: tuple[str, ...]
    summary: str
    record_type: str = ""
    #: The record by name ("Lea Novak → Tom Berg", "Giving feedback"); "" when unknown.
    subject: str = ""
    changes: tuple[FieldChange, ...] = ()

    @property
    def field_labels(self) -> tuple[str, ...]:
        return tuple(field_label(field) for field in self.fields)

    @property
    def target(self) -> str:
        """The record in words: "Pair: Lea Novak → Tom Berg", or "Pair 3" when unnamed."""
        if self.subject:
            return f"{self.record}: {self.subject}"
        return f"{self.record} {self.record_id}" if self.record_id else self.record

    @property
    def description(self) -> str:
        """One line for people: "Changed Pair Lea Novak → Tom Berg: status (Active → Ended)"."""
        named = f"{self.record} {self.subject}" if self.subject else self.target
        text = f"{ACTION_NAMES.get(self.action, self.action)} {named}"
        details = describe_fields(self, value_text=plain_value)
        if details:
            text += ": " + details
        if self.summary:
            text += f" ({self.summary})"
        return text


def plain_value(value: object) -> str:
    """A value as text without the window's locale (the command line's form)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def describe_fields(row: AuditRow, value_text: Any = plain_value) -> str:
    """ "status (Active → Ended), planned end" — values where the log kept them."""
    changes = {change.field: change for change in row.changes}
    parts = []
    for field in row.fields:
        change = changes.get(field)
        if change is None or row.action != "change":
            parts.append(field_label(field))
        else:
            parts.append(f"{change.label} ({value_text(change.old)} → {value_text(change.new)})")
    return ", ".join(parts)


# --------------------------------------------------------------------------- naming in SQL


def _pair_names(pair_id: Any) -> Any:
    """ "mentor → mentee" of the pair ``pair_id`` (a column or subquery), as a subquery."""
    mentor, mentee = aliased(Person), aliased(Person)
    return (
        select(mentor.name + literal(" → ") + mentee.name)
        .select_from(Pair)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(Pair.id == pair_id)
        .scalar_subquery()
    )


def _pair_of(model: Any) -> Any:
    return select(model.pair_id).where(model.id == AuditEntry.record_id).scalar_subquery()


def _kept_id(field: str) -> Any:
    """The id the log kept for ``field`` (its new value, or else its old one)."""
    return func.coalesce(
        AuditEntry.changes[(field, 1)].as_integer(), AuditEntry.changes[(field, 0)].as_integer()
    )


def _name_of(person_id: Any) -> Any:
    return select(Person.name).where(Person.id == person_id).scalar_subquery()


def _subject() -> ColumnElement[str]:
    """The record of each entry by name; for a record since deleted, by the ids the log
    kept of it (a pair's mentor and mentee, a tick's person and workshop); else NULL."""
    record = AuditEntry.record_id
    kind = AuditEntry.record_type
    person = _name_of(record)
    program = select(Program.name).where(Program.id == record).scalar_subquery()
    plan = (
        select(Program.name)
        .join(PlanEntry, PlanEntry.program_id == Program.id)
        .where(PlanEntry.id == record)
        .scalar_subquery()
    )
    workshop = func.coalesce(
        select(Workshop.title).where(Workshop.id == record).scalar_subquery(),
        AuditEntry.changes[("title", 0)].as_string(),
    )
    attendance = func.coalesce(
        select(Person.name + literal(" at ") + Workshop.title)
        .select_from(Attendance)
        .join(Person, Person.id == Attendance.person_id)
        .join(Workshop, Workshop.id == Attendance.workshop_id)
        .where(Attendance.id == record)
        .scalar_subquery(),
        _name_of(_kept_id("person_id"))
        + func.coalesce(
            literal(" at ")
            + select(Workshop.title)
            .where(Workshop.id == _kept_id("workshop_id"))
            .scalar_subquery(),
            "",
        ),
    )
    pair = func.coalesce(
        _pair_names(record),
        _name_of(_kept_id("mentor_id")) + literal(" → ") + _name_of(_kept_id("mentee_id")),
    )
    step_pair = (
        select(Conflict.pair_id)
        .join(ConflictStep, ConflictStep.conflict_id == Conflict.id)
        .where(ConflictStep.id == record)
        .scalar_subquery()
    )
    whens: list[tuple[ColumnElement[bool], Any]] = [
        (kind == "person", person),
        (kind == "pair", pair),
        (kind == "program", program),
        (kind == "plan_entry", plan),
        (kind == "workshop", workshop),
        (kind == "attendance", attendance),
        (kind == "conflict_step", _pair_names(step_pair)),
    ]
    for name, model in (
        ("goal", Goal),
        ("activity", Activity),
        ("assessment", Assessment),
        ("conflict", Conflict),
        ("ethics_review", EthicsReview),
        ("pair_review", PairReview),
    ):
        whens.append((kind == name, _pair_names(_pair_of(model))))
    return case(*whens, else_=None)


def _codes_named(word: str, names: Mapping[str, str]) -> list[str]:
    return [code for code, name in names.items() if word in name.casefold()]


def _search_condition(words: Iterable[str], subject: ColumnElement[str]) -> ColumnElement[bool]:
    """Every word in the record's name, the author, the note, or the words the view shows
    for the action, the kind of record and the fields (and the codes of kept values)."""
    conditions = []
    for word in words:
        folded = word.casefold()
        pattern = like_pattern(folded)
        either = [
            func.lower(func.coalesce(subject, "")).like(pattern, escape="\\"),
            func.lower(AuditEntry.actor).like(pattern, escape="\\"),
            func.lower(AuditEntry.summary).like(pattern, escape="\\"),
            func.lower(cast(AuditEntry.fields, String)).like(pattern, escape="\\"),
            func.lower(func.coalesce(cast(AuditEntry.changes, String), "")).like(
                pattern, escape="\\"
            ),
        ]
        actions = _codes_named(folded, ACTION_NAMES)
        if actions:
            either.append(AuditEntry.action.in_(actions))
        records = _codes_named(folded, RECORD_NAMES)
        if records:
            either.append(AuditEntry.record_type.in_(records))
        for field in _codes_named(folded, FIELD_LABELS):
            either.append(
                cast(AuditEntry.fields, String).like(like_pattern(f'"{field}"'), escape="\\")
            )
        conditions.append(or_(*either))
    return and_(*conditions)


# --------------------------------------------------------------------------- reading


def audit_entries(
    session: Session,
    since: date | None = None,
    limit: int | None = None,
    search: str = "",
) -> list[AuditRow]:
    """The log, newest first; only entries on or after ``since`` when given, and only those
    whose record name, author, fields or note hold every word of ``search``."""
    subject = _subject().label("subject")
    query = select(AuditEntry, subject).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min))
    words = search.split()
    if words:
        query = query.where(_search_condition(words, _subject()))
    if limit is not None:
        query = query.limit(limit)
    records = session.execute(query).all()
    names = _person_names(session, (entry for entry, _subject_name in records))
    rows = []
    for entry, subject_name in records:
        changes = _changes(entry.record_type, entry.changes or {}, names)
        rows.append(
            AuditRow(
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                record=RECORD_NAMES.get(entry.record_type, entry.record_type),
                record_id=entry.record_id,
                fields=tuple(entry.fields or ()),
                summary=entry.summary,
                record_type=entry.record_type,
                subject=subject_name or "",
                changes=changes,
            )
        )
    return rows


def _ids(entries: Iterable[AuditEntry], fields: frozenset[str]) -> set[int]:
    found: set[int] = set()
    for entry in entries:
        for field, values in (entry.changes or {}).items():
            if field in fields:
                found.update(value for value in values if isinstance(value, int))
    return found


def _person_names(session: Session, entries: Iterable[AuditEntry]) -> dict[int, str]:
    ids = _ids(list(entries), _PERSON_FIELDS)
    if not ids:
        return {}
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())


def _shown(record_type: str, field: str, value: Any, names: Mapping[int, str]) -> object:
    if value is None:
        return None
    if field in _PERSON_FIELDS and isinstance(value, int):
        return names.get(value, f"person {value}")
    if field in _DAY_FIELDS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if field == "start_time" and isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            return value
    vocabulary = _CODE_FIELDS.get(field)
    if field == "status":
        vocabulary = _STATUS_BY_RECORD.get(record_type)
    elif field == "kind":
        vocabulary = _KIND_BY_RECORD.get(record_type)
    if vocabulary is not None and isinstance(value, str):
        try:
            return vocabulary(value).label
        except ValueError:
            return value
    return value


def _changes(
    record_type: str, kept: Mapping[str, Any], names: Mapping[int, str]
) -> tuple[FieldChange, ...]:
    changes = []
    for field, values in kept.items():
        if not isinstance(values, list) or len(values) != 2:
            continue
        old, new = values
        changes.append(
            FieldChange(
                field=field,
                label=field_label(field),
                old=_shown(record_type, field, old, names),
                new=_shown(record_type, field, new, names),
            )
        )
    return tuple(changes)
