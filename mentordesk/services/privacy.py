"""A person's data: everything held about them, and erasure when they leave.

Erasure replaces who they are (name, contact details, identifiers) and the free
text written in their pairs with a neutral placeholder, but keeps the pair,
activity and score records so the program's statistics stay true.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.store import audit
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
    Program,
    Reflection,
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


def erase_person(session: Session, who: str | int) -> int:
    """Erase a person (``who``: their email address or id, see :func:`find_person`);
    returns their id. Statistics are kept.

    Refused for someone still in an active or proposed pair: end the pair first.
    """
    person = find_person(session, who)
    busy = session.scalar(
        select(Pair.id).where(
            or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id),
            Pair.status.in_(("active", "proposed", "paused")),
        )
    )
    if busy is not None:
        raise MentorDeskError(
            f"{person.name} is still in a pair that has not ended; "
            "end the pair before erasing them."
        )
    # One entry saying an erasure happened, not one per blanked field.
    session.info[audit.AUDIT_KEY] = False
    pair_ids = select(Pair.id).where(or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id))
    person.name = erased_name(person.id)
    person.email = None
    person.employee_id = None
    person.title = None
    person.location = None
    person.skills = []
    person.can_mentor = False
    person.capacity = 0
    person.active = False
    _blank(session, Pair, Pair.id.in_(pair_ids), "expectations", "end_reason")
    _blank(session, Goal, Goal.pair_id.in_(pair_ids), "text")
    _blank(session, Activity, Activity.pair_id.in_(pair_ids), "notes")
    _blank(session, Assessment, Assessment.pair_id.in_(pair_ids), "comment")
    conflicts = select(Conflict.id).where(Conflict.pair_id.in_(pair_ids))
    _blank(session, Conflict, Conflict.id.in_(conflicts), "description", "root_cause", "outcome")
    _blank(session, ConflictStep, ConflictStep.conflict_id.in_(conflicts), "note")
    _blank(session, EthicsReview, EthicsReview.pair_id.in_(pair_ids), "note")
    reviews = select(PairReview.id).where(PairReview.pair_id.in_(pair_ids))
    _blank(session, PairReview, PairReview.id.in_(reviews), "summary")
    _blank(session, Reflection, Reflection.review_id.in_(reviews), "text")
    session.flush()
    audit.record(session, "erase", "person", person.id, "personal data erased")
    session.flush()
    session.info[audit.AUDIT_KEY] = True
    return person.id


def _blank(session: Session, model: type, condition: Any, *columns: str) -> None:
    """Replace non-empty free text in ``columns`` with the placeholder, in SQL."""
    for column in columns:
        attribute = getattr(model, column)
        values: dict[str, Any] = {column: ERASED_TEXT}
        if hasattr(model, "version"):
            # A coordinator with the record open must not save the old text back.
            values["version"] = model.version + 1
        session.execute(
            update(model)
            .where(condition, attribute.is_not(None), attribute != "")
            .values(values)
            .execution_options(synchronize_session=False)
        )
