"""The audit log, written automatically on every flush.

Each created, changed or deleted record gets one entry naming the record and
the fields that changed. Values are never copied, so confidential text cannot
leak into the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from mentordesk.store.models import Answer, AuditEntry, Base, Reflection

# Part of their parent record: the parent's entry already says it changed.
_NOT_AUDITED: tuple[type[Base], ...] = (AuditEntry, Answer, Reflection)
_IGNORED_FIELDS = frozenset({"id", "version"})

ACTOR_KEY = "actor"
AUDIT_KEY = "audit"


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

    def add(instance: Base, action: str, fields: list[str]) -> None:
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "record_type": instance.__tablename__,
                "record_id": getattr(instance, "id", None),
                "fields": fields,
                "summary": "",
            }
        )

    for instance in session.new:
        if not isinstance(instance, _NOT_AUDITED):
            add(instance, "create", _changed_fields(instance, created=True))
    for instance in session.dirty:
        if isinstance(instance, _NOT_AUDITED) or not session.is_modified(instance):
            continue
        fields = _changed_fields(instance, created=False)
        if fields:
            add(instance, "change", fields)
    for instance in session.deleted:
        if not isinstance(instance, _NOT_AUDITED):
            add(instance, "delete", [])
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
