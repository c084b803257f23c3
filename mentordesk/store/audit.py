"""The audit log, written automatically on every flush.

Each created, changed or deleted record gets one entry naming the record and
the fields that changed. For a change, the old and new values of the fields
in :data:`VALUE_FIELDS` are kept too (statuses, kinds, dates, numbers, flags,
a program's or workshop's name, a department): never free text, where
confidential notes live, and never a person's name or contact details, which
an erasure must be able to remove.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from mentordesk.store.models import Answer, AuditEntry, Base, Reflection

# Part of their parent record: the parent's entry already says it changed.
_NOT_AUDITED: tuple[type[Base], ...] = (AuditEntry, Answer, Reflection)
_IGNORED_FIELDS = frozenset({"id", "version"})

ACTOR_KEY = "actor"
AUDIT_KEY = "audit"

#: Fields whose old and new values a change entry keeps, per table. Free text, people's
#: names and contact details are left out on purpose (confidentiality, erasure).
VALUE_FIELDS: dict[str, frozenset[str]] = {
    "program": frozenset(
        {"name", "start_date", "end_date", "default_model", "cadence_days"}
        | {"threshold_high", "threshold_medium"}
    ),
    "person": frozenset({"department", "manager_id", "can_mentor", "capacity", "active"}),
    "pair": frozenset(
        {"mentor_id", "mentee_id", "model", "status", "start_date", "planned_end"}
        | {"agreement_signed", "cadence_days"}
    ),
    "goal": frozenset({"target", "status", "position"}),
    "activity": frozenset({"day", "kind", "outcome", "minutes", "confidential"}),
    "assessment": frozenset({"day", "respondent"}),
    "conflict": frozenset({"opened", "kind", "severity", "confidential", "status", "pair_id"}),
    "conflict_step": frozenset({"day", "status"}),
    "ethics_review": frozenset({"guideline", "state", "day"}),
    "pair_review": frozenset({"day"}),
    "workshop": frozenset({"day", "title", "kind", "start_time", "place", "facilitator"}),
    "attendance": frozenset({"workshop_id", "person_id"}),
}

#: Tables whose entries keep those values when a record is created too, so the entry
#: still names it once it is deleted (a tick taken back, a proposal withdrawn).
_VALUES_ON_CREATE = frozenset({"attendance", "pair", "workshop"})


def _plain(value: Any) -> Any:
    """A value as JSON holds it: days and times as ISO text."""
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _old_and_new(instance: Base, fields: list[str]) -> dict[str, list[Any]] | None:
    allowed = VALUE_FIELDS.get(instance.__tablename__, frozenset())
    state = inspect(instance)
    changes: dict[str, list[Any]] = {}
    for field in fields:
        if field not in allowed:
            continue
        history = state.attrs[field].history
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        changes[field] = [_plain(old), _plain(new)]
    return changes or None


def _values(instance: Base, *, deleted: bool) -> dict[str, list[Any]] | None:
    """The kept fields of a record as it was (deleted) or is (created)."""
    allowed = sorted(VALUE_FIELDS.get(instance.__tablename__, frozenset()))
    state = inspect(instance)
    changes: dict[str, list[Any]] = {}
    for field in allowed:
        value = state.attrs[field].loaded_value if deleted else getattr(instance, field)
        if value is None or value is NO_VALUE:
            continue
        changes[field] = [_plain(value), None] if deleted else [None, _plain(value)]
    return changes or None


def _changed_fields(instance: Base, *, created: bool) -> list[str]:
    state = inspect(instance)
    fields = []
    for attribute in state.mapper.column_attrs:
        if attribute.key in _IGNORED_FIELDS:
            continue
        history = state.attrs[attribute.key].history
        if created:
            value = history.added[0] if history.added else None
            if value not in (None, "", [], False):
                fields.append(attribute.key)
        elif history.has_changes():
            fields.append(attribute.key)
    return fields


def _entries(session: Session) -> list[dict[str, Any]]:
    now = datetime.now().replace(microsecond=0)
    actor = str(session.info.get(ACTOR_KEY, ""))
    rows: list[dict[str, Any]] = []

    def add(
        instance: Base, action: str, fields: list[str], changes: dict[str, Any] | None = None
    ) -> None:
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "record_type": instance.__tablename__,
                "record_id": getattr(instance, "id", None),
                "fields": fields,
                "summary": "",
                "changes": changes,
            }
        )

    for instance in session.new:
        if not isinstance(instance, _NOT_AUDITED):
            kept = (
                _values(instance, deleted=False)
                if instance.__tablename__ in _VALUES_ON_CREATE
                else None
            )
            add(instance, "create", _changed_fields(instance, created=True), kept)
    for instance in session.dirty:
        if isinstance(instance, _NOT_AUDITED) or not session.is_modified(instance):
            continue
        fields = _changed_fields(instance, created=False)
        if fields:
            add(instance, "change", fields, _old_and_new(instance, fields))
    for instance in session.deleted:
        if not isinstance(instance, _NOT_AUDITED):
            add(instance, "delete", [], _values(instance, deleted=True))
    return rows


def install(session_class: Any) -> None:
    """Record every change made through sessions of ``session_class``.

    ``session.info["audit"] = False`` turns the per-record entries off for bulk
    work (a whole program imported at once), which then writes one summary
    entry of its own with :func:`record`.
    """

    @event.listens_for(session_class, "after_flush")
    def _after_flush(session: Session, _context: Any) -> None:
        if not session.info.get(AUDIT_KEY, True):
            return
        rows = _entries(session)
        if rows:
            session.connection().execute(insert(AuditEntry), rows)


def record(
    session: Session,
    action: str,
    record_type: str,
    record_id: int | None,
    summary: str,
    fields: list[str] | None = None,
) -> None:
    """Write one audit entry by hand (imports, erasures). Never pass confidential text."""
    session.add(
        AuditEntry(
            at=datetime.now().replace(microsecond=0),
            actor=str(session.info.get(ACTOR_KEY, "")),
            action=action,
            record_type=record_type,
            record_id=record_id,
            fields=fields or [],
            summary=summary,
        )
    )
