"""Reading the audit log: who changed which record, when, and which fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.store.models import AuditEntry

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
    "attendance": "Workshop attendance",
}
ACTION_NAMES = {"create": "Created", "change": "Changed", "delete": "Deleted", "erase": "Erased"}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    record: str
    record_id: int | None
    fields: tuple[str, ...]
    summary: str

    @property
    def description(self) -> str:
        """One line for people: "Changed Pair 12: status, end_reason"."""
        target = f"{self.record} {self.record_id}" if self.record_id else self.record
        text = f"{ACTION_NAMES.get(self.action, self.action)} {target}"
        if self.fields:
            text += ": " + ", ".join(self.fields)
        if self.summary:
            text += f" ({self.summary})"
        return text


def audit_entries(
    session: Session, since: date | None = None, limit: int | None = None
) -> list[AuditRow]:
    """The log, newest first; only entries on or after ``since`` when given."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min))
    if limit is not None:
        query = query.limit(limit)
    return [
        AuditRow(
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            record=RECORD_NAMES.get(entry.record_type, entry.record_type),
            record_id=entry.record_id,
            fields=tuple(entry.fields or ()),
            summary=entry.summary,
        )
        for entry in session.scalars(query)
    ]
