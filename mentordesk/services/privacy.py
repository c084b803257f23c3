"""A person's data: everything held about them, and erasure when they leave.

Erasure replaces who they are (name, contact details, identifiers) and the free
text written in their pairs with a neutral placeholder, but keeps the pair,
activity and score records so the program's statistics stay true.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, or_, select, text, update
from sqlalchemy.orm import Session

from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.store import audit
from mentordesk.store.models import (
    Attendance,
    AuditEntry,
    Base,
    Pair,
    Person,
    Program,
    Workshop,
)

ERASED_TEXT = "[erased]"


def erased_name(person_id: int) -> str:
    return f"Erased person {person_id}"


def find_person_by_email(session: Session, email: str) -> Person:
    person = session.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        raise NotFound(f"Nobody with the email address {email} is in this database.")
    return person


def find_person(session: Session, who: str | int) -> Person:
    """The person with the email address ``who`` (as the command line names people),
    or with the id ``who`` (as the window does: not everyone has an email address)."""
    if isinstance(who, str):
        return find_person_by_email(session, who)
    person = session.get(Person, who)
    if person is None:
        raise NotFound("That person no longer exists; they may have been removed elsewhere.")
    return person


def _day(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_export(session: Session, who: str | int) -> dict[str, Any]:
    """Everything the database holds about a person (``who``: their email address or id,
    see :func:`find_person`), as a JSON document.

    This is the person's own data, so confidential notes of their pairs are included.
    """
    person = find_person(session, who)
    manager = session.get(Person, person.manager_id) if person.manager_id else None
    reports = session.scalars(select(Person.name).where(Person.manager_id == person.id)).all()
    pairs = session.scalars(
        select(Pair)
        .where(or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id))
        .order_by(Pair.id)
    ).all()
    workshops = session.execute(
        select(Workshop.day, Workshop.title, Program.name)
        .join(Attendance, Attendance.workshop_id == Workshop.id)
        .join(Program, Program.id == Workshop.program_id)
        .where(Attendance.person_id == person.id)
        .order_by(Workshop.day)
    ).all()
    history = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.record_type == "person", AuditEntry.record_id == person.id)
        .order_by(AuditEntry.at)
    ).all()
    return {
        "format": "mentordesk-person",
        "made": datetime.now().replace(microsecond=0).isoformat(),
        "person": {
            "name": person.name,
            "email": person.email,
            "employee_id": person.employee_id,
            "department": person.department,
            "title": person.title,
            "location": person.location,
            "manager": manager.name if manager else None,
            "direct_reports": list(reports),
            "skills": list(person.skills or []),
            "can_mentor": person.can_mentor,
            "capacity": person.capacity,
            "active": person.active,
        },
        "pairs": [_pair_export(session, pair, person.id) for pair in pairs],
        "workshops": [
            {"date": _day(day), "title": title, "program": program}
            for day, title, program in workshops
        ],
        "audit": [
            {"at": entry.at.isoformat(), "action": entry.action, "fields": entry.fields}
            for entry in history
        ],
    }


def _pair_export(session: Session, pair: Pair, person_id: int) -> dict[str, Any]:
    other = pair.mentee if pair.mentor_id == person_id else pair.mentor
    return {
        "program": pair.program.name,
        "role": "mentor" if pair.mentor_id == person_id else "mentee",
        "with": other.name,
        "model": pair.model,
        "status": pair.status,
        "start": _day(pair.start_date),
        "planned_end": _day(pair.planned_end),
        "agreement_signed": _day(pair.agreement_signed),
        "expectations": pair.expectations,
        "end_reason": pair.end_reason,
        "goals": [
            {"text": g.text, "target": _day(g.target), "status": g.status} for g in pair.goals
        ],
        "activities": [
            {
                "date": _day(a.day),
                "kind": a.kind,
                "outcome": a.outcome,
                "minutes": a.minutes,
                "notes": a.notes,
                "confidential": a.confidential,
            }
            for a in pair.activities
        ],
        "assessments": [
            {
                "date": _day(a.day),
                "respondent": a.respondent,
                "answers": {answer.item: answer.rating for answer in a.answers},
                "comment": a.comment,
                "overall": a.overall,
            }
            for a in pair.assessments
        ],
        "conflicts": [
            {
                "opened": _day(c.opened),
                "kind": c.kind,
                "severity": c.severity,
                "status": c.status,
                "description": c.description,
                "steps": [
                    {"date": _day(s.day), "status": s.status, "note": s.note} for s in c.steps
                ],
                "root_cause": c.root_cause,
                "outcome": c.outcome,
            }
            for c in pair.conflicts
        ],
        "ethics": [
            {"guideline": e.guideline, "state": e.state, "date": _day(e.day), "note": e.note}
            for e in pair.ethics_reviews
        ],
        "reviews": [
            {
                "date": _day(r.day),
                "summary": r.summary,
                "lessons": {reflection.lesson: reflection.text for reflection in r.reflections},
            }
            for r in pair.reviews
        ],
    }


def erase_person(session: Session, who: str | int, *, force: bool = False) -> int:
    """Erase a person (``who``: their email address or id, see :func:`find_person`);
    returns their id. Statistics are kept.

    Refused for someone still in an active or proposed pair: end the pair first
    (``force`` erases anyway: an erasure recorded earlier, applied again to a
    restored older backup, must not wait for that).
    """
    person = find_person(session, who)
    busy = session.scalar(
        select(Pair.id).where(
            or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id),
            Pair.status.in_(("active", "proposed", "paused")),
        )
    )
    if busy is not None and not force:
        raise MentorDeskError(
            f"{person.name} is still in a pair that has not ended; "
            "end the pair before erasing them."
        )
    person_id = person.id
    if person.uid is None:
        # The erasure ledger names people by this id; an older row may have none yet.
        person.uid = new_uid()
        session.flush()
    if session.get_bind().dialect.name == "sqlite":
        # The freed bytes are overwritten, not merely marked free (see services.erasure).
        session.execute(text("PRAGMA secure_delete = ON"))
    # One entry saying an erasure happened, not one per blanked field.
    session.info[audit.AUDIT_KEY] = False
    try:
        erase_rows(session, person_id)
        session.expire(person)
        audit.record(session, "erase", "person", person_id, "personal data erased")
        session.flush()
    finally:
        session.info[audit.AUDIT_KEY] = True
    return person_id


def new_uid() -> str:
    """A person's stable random id: the erasure ledger's name for them, never their name."""
    return uuid.uuid4().hex


#: The free text written in a person's pairs: (table, how it hangs off the pair, columns).
#: ``pair_id``: the table's own column; ``conflict``/``review``: through those tables.
_PAIR_TEXT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pair", "id", ("expectations", "end_reason")),
    ("goal", "pair_id", ("text",)),
    ("activity", "pair_id", ("notes",)),
    ("assessment", "pair_id", ("comment",)),
    ("conflict", "pair_id", ("description", "root_cause", "outcome")),
    ("conflict_step", "conflict", ("note",)),
    ("ethics_review", "pair_id", ("note",)),
    ("pair_review", "pair_id", ("summary",)),
    ("reflection", "review", ("text",)),
    ("survey_respondent", "pair_id", ("note",)),
    ("survey_outcome", "pair_id", ("keep", "change")),
)


def erase_rows(
    executor: Session | Connection,
    person_id: int,
    has: Callable[[str, str], bool] | None = None,
) -> None:
    """Blank the person's identity and the free text of their pairs, in SQL.

    ``executor`` is a session on the live database or a connection to a backup
    file, whose schema may be older: ``has(table, column)`` says whether a column
    exists there (everything exists when it is None).
    """

    def exists(table: str, column: str) -> bool:
        return has is None or has(table, column)

    tables = Base.metadata.tables
    person = tables["person"]
    values: dict[str, Any] = {
        "name": erased_name(person_id),
        "email": None,
        "employee_id": None,
        "title": None,
        "location": None,
        "skills": [],
        "can_mentor": False,
        "capacity": 0,
        "active": False,
        "version": person.c.version + 1,
    }
    executor.execute(
        update(person)
        .where(person.c.id == person_id)
        .values({key: value for key, value in values.items() if exists("person", key)})
    )
    pair = tables["pair"]
    pair_ids = select(pair.c.id).where(
        or_(pair.c.mentor_id == person_id, pair.c.mentee_id == person_id)
    )
    conflict, review = tables["conflict"], tables["pair_review"]
    through = {
        "id": lambda table: table.c.id.in_(pair_ids),
        "pair_id": lambda table: table.c.pair_id.in_(pair_ids),
        "conflict": lambda table: table.c.conflict_id.in_(
            select(conflict.c.id).where(conflict.c.pair_id.in_(pair_ids))
        ),
        "review": lambda table: table.c.review_id.in_(
            select(review.c.id).where(review.c.pair_id.in_(pair_ids))
        ),
    }
    for name, link, columns in _PAIR_TEXT:
        table = tables.get(name)
        if table is None or not exists(name, columns[0]):
            continue
        condition = through[link](table)
        for column in columns:
            changes: dict[str, Any] = {column: ERASED_TEXT}
            if "version" in table.c and exists(name, "version"):
                # A coordinator with the record open must not save the old text back.
                changes["version"] = table.c.version + 1
            executor.execute(
                update(table)
                .where(condition, table.c[column].is_not(None), table.c[column] != "")
                .values(changes)
            )
    # A closing survey keeps a copy of each goal's text beside its answer.
    outcome = tables.get("survey_outcome")
    if outcome is not None and exists("survey_outcome", "goals"):
        for outcome_id, goals in executor.execute(
            select(outcome.c.id, outcome.c.goals).where(outcome.c.pair_id.in_(pair_ids))
        ).all():
            if not isinstance(goals, list):
                continue
            blanked = [
                {**goal, "text": ERASED_TEXT}
                if isinstance(goal, dict) and goal.get("text")
                else goal
                for goal in goals
            ]
            if blanked != goals:
                executor.execute(
                    update(outcome).where(outcome.c.id == outcome_id).values(goals=blanked)
                )
    # What a change made of the person's fields (their old name or email) goes too.
    audit_entry = tables["audit_entry"]
    if "changes" in audit_entry.c and exists("audit_entry", "changes"):
        executor.execute(
            update(audit_entry)
            .where(audit_entry.c.record_type == "person", audit_entry.c.record_id == person_id)
            .values(changes=None)
        )
