"""Exporting a program, with everything that belongs to it, as a program file document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Date, String, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from mentordesk.domain.questionnaire import ITEM_CODES
from mentordesk.domain.vocabularies import (
    Lesson,
    ProactiveStep,
)
from mentordesk.errors import NotFound
from mentordesk.program_file.bulk import table_of as _table
from mentordesk.program_file.limits import FORMAT, FORMAT_VERSION
from mentordesk.store.models import (
    Activity,
    Answer,
    Assessment,
    Attendance,
    Conflict,
    ConflictStep,
    EthicsReview,
    Goal,
    Pair,
    PairReview,
    Person,
    PlanEntry,
    Program,
    Reflection,
    Workshop,
)

# --- export -----------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _grouped(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def _conflict_document(row: Any, steps: list[Any], reveal: bool) -> dict[str, Any]:
    shown = reveal or not row.confidential
    return {
        "opened": row.opened.isoformat(),
        "kind": row.kind,
        "severity": row.severity,
        "description": row.description if shown else "",
        "confidential": bool(row.confidential),
        "steps": [
            {
                "date": step.day.isoformat(),
                "status": step.status,
                "note": step.note if shown else "",
            }
            for step in steps
        ],
        "root_cause": row.root_cause if shown else "",
        "outcome": row.outcome if shown else "",
    }


def withheld_records(document: dict[str, Any]) -> int:
    """How many confidential activities and conflicts had their text left out of
    ``document`` (0 when it includes confidential text)."""
    if document.get("includes_confidential", True):
        return 0
    conflicts = list(document.get("program_conflicts", ()))
    count = 0
    for pair in document.get("pairs", ()):
        count += sum(1 for activity in pair["activities"] if activity["confidential"])
        conflicts.extend(pair["conflicts"])
    return count + sum(1 for conflict in conflicts if conflict["confidential"])


class WithheldCount:
    """How many confidential records an export left the text out of (:func:`withheld_records`),
    counted as :attr:`document` (``program_parts``' document, its pairs wrapped) is written."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.count = 0
        self.document = dict(document)
        if document.get("includes_confidential", True):
            return
        self.document["pairs"] = self._pairs(document["pairs"])
        conflicts = document["program_conflicts"]
        self.count += sum(1 for conflict in conflicts if conflict["confidential"])

    def _pairs(self, pairs: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for pair in pairs:
            self.count += sum(1 for activity in pair["activities"] if activity["confidential"])
            self.count += sum(1 for conflict in pair["conflicts"] if conflict["confidential"])
            yield pair


def export_program(
    session: Session, program_id: int, *, include_confidential: bool = False
) -> dict[str, Any]:
    """The whole program as a program-file document (PROGRAM_FILE.md), ready for
    :func:`dump_program`.

    Holds every person in the database, the program's pairs with all their
    records, its program-wide conflicts and its workshops, every field written
    (optional ones with their value or null), in a stable order: exporting,
    importing into an empty database and exporting again gives the same
    document. Confidential text (the notes of confidential activities; the
    description, steps' notes, root cause and outcome of confidential conflicts)
    is written only with ``include_confidential``; without it those fields are
    empty and the document says ``"includes_confidential": false`` at the top, so
    it still imports (the records come back marked confidential, without text).
    Raises NotFound when there is no such program.

    The whole document is held in memory; :func:`program_parts` gives the same
    document with its long lists read as they are written, for large programs.
    """
    return {
        name: value if isinstance(value, (str, int, dict)) else list(value)
        for name, value in program_parts(
            session, program_id, include_confidential=include_confidential
        ).items()
    }


PAIRS_PER_READ = 500
"""Pairs whose records are read from the database at once while exporting: enough to keep
the queries few, few enough that a program of any size is written in bounded memory."""


def program_parts(
    session: Session,
    program_id: int,
    *,
    include_confidential: bool = False,
    pairs_per_read: int = PAIRS_PER_READ,
) -> dict[str, Any]:
    """:func:`export_program`'s document with ``people`` and ``pairs`` as iterators that read
    the database as they are consumed (a batch of pairs at a time), to be written straight
    to a file by :func:`~mentordesk.program_file.files.write_program`. Consume them in
    order, within the session's transaction. Raises NotFound when there is no such program.
    """
    program = session.execute(
        select(_table(Program)).where(_table(Program).c.id == program_id)
    ).first()
    if program is None:
        raise NotFound("That program is no longer in the database.")
    plan = {
        row.heading: row.text
        for row in session.execute(
            select(PlanEntry.heading, PlanEntry.text).where(PlanEntry.program_id == program_id)
        )
    }
    person_key = {
        person_id: f"p{number}"
        for number, person_id in enumerate(
            session.execute(select(Person.id).order_by(Person.id)).scalars(), start=1
        )
    }
    conflict_table = _table(Conflict)
    conflicts = session.execute(
        select(conflict_table)
        .where(conflict_table.c.program_id == program_id)
        .order_by(Conflict.opened, Conflict.id)
    ).all()
    steps = _grouped(
        session.execute(
            select(
                ConflictStep.conflict_id, ConflictStep.day, ConflictStep.status, ConflictStep.note
            )
            .join(Conflict, Conflict.id == ConflictStep.conflict_id)
            .where(Conflict.program_id == program_id)
            .order_by(ConflictStep.conflict_id, ConflictStep.position, ConflictStep.id)
        ),
        "conflict_id",
    )
    conflicts_of = _grouped(conflicts, "pair_id")
    workshops = session.execute(
        select(_table(Workshop))
        .where(Workshop.program_id == program_id)
        .order_by(Workshop.day, Workshop.id)
    ).all()
    attendees = _grouped(
        session.execute(
            select(Attendance.workshop_id, Attendance.person_id)
            .join(Workshop, Workshop.id == Attendance.workshop_id)
            .where(Workshop.program_id == program_id)
            .order_by(Attendance.workshop_id, Attendance.person_id)
        ),
        "workshop_id",
    )
    pair_ids = list(
        session.execute(
            select(Pair.id).where(Pair.program_id == program_id).order_by(Pair.id)
        ).scalars()
    )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "includes_confidential": include_confidential,
        "program": {
            "name": program.name,
            "description": program.description,
            "start": program.start_date.isoformat(),
            "end": _iso(program.end_date),
            "default_model": program.default_model,
            "cadence_days": program.cadence_days,
            "thresholds": {
                "high": float(program.threshold_high),
                "medium": float(program.threshold_medium),
            },
            "plan": {step.value: plan[step.value] for step in ProactiveStep if step.value in plan},
            "survey_schedule": {
                "first_checkup_days": program.survey_first_days,
                "checkup_every_days": program.survey_every_days,
                "closing_round": bool(program.survey_closing),
            },
        },
        "people": _people_documents(session, person_key),
        "pairs": _pair_documents(
            session,
            pair_ids,
            person_key,
            conflicts_of,
            steps,
            include_confidential,
            max(1, pairs_per_read),
        ),
        "program_conflicts": [
            _conflict_document(conflict, steps.get(conflict.id, []), include_confidential)
            for conflict in conflicts_of.get(None, ())
        ],
        "workshops": [
            _workshop_document(workshop, attendees, person_key) for workshop in workshops
        ],
    }


PEOPLE_PER_READ = 5000
"""People read from the database at once while exporting."""


def _people_documents(session: Session, person_key: Mapping[int, str]) -> Iterator[dict[str, Any]]:
    """Everyone in the database in id order, read a page at a time (the session's ORM
    execution would fetch every row at once: hundreds of megabytes at 200,000 people)."""
    table = _table(Person)
    connection = session.connection()
    last = None
    while True:
        query = select(table).order_by(table.c.id).limit(PEOPLE_PER_READ)
        if last is not None:
            query = query.where(table.c.id > last)
        page = connection.execute(query).all()
        if not page:
            return
        last = page[-1].id
        yield from (_person_document(person, person_key) for person in page)


def _person_document(person: Any, person_key: Mapping[int, str]) -> dict[str, Any]:
    return {
        "key": person_key[person.id],
        "name": person.name,
        "email": person.email,
        "employee_id": person.employee_id,
        "department": person.department,
        "title": person.title,
        "manager": None if person.manager_id is None else person_key[person.manager_id],
        "location": person.location,
        "skills": list(person.skills or []),
        "can_mentor": bool(person.can_mentor),
        "capacity": person.capacity,
        "active": bool(person.active),
    }


def _day_text(value: Any) -> Any:
    """A day read undecoded (:func:`_undecoded`) as ``YYYY-MM-DD``: SQLite keeps it so,
    other databases' drivers give a date."""
    return value if value is None or type(value) is str else value.isoformat()


def _undecoded(column: Any) -> Any:
    """``column`` read without SQLAlchemy's conversion: a day as SQLite stores it (the text
    the file wants, rather than a date turned back into that text), a flag as 0 or 1."""
    return type_coerce(column, String) if isinstance(column.type, Date) else column


def _driver_rows(connection: Connection, statement: Any) -> list[Any]:
    """The rows of ``statement`` as the database driver gives them (tuples), without
    SQLAlchemy's row objects: an export reads a million rows, and making those cost as
    much as reading them. Only for columns that need no conversion (see :func:`_undecoded`;
    a flag comes as 0 or 1 from SQLite)."""
    result = connection.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


_PAIR_COLUMNS = (
    "id",
    "mentor_id",
    "mentee_id",
    "model",
    "status",
    "start_date",
    "planned_end",
    "agreement_signed",
    "expectations",
    "cadence_days",
    "end_reason",
)
"""The pair's columns an export reads, in the order ``_pair_documents`` unpacks them."""


def _pair_documents(
    session: Session,
    pair_ids: list[int],
    person_key: Mapping[int, str],
    conflicts_of: Mapping[Any, list[Any]],
    steps: Mapping[Any, list[Any]],
    include_confidential: bool,
    pairs_per_read: int,
) -> Iterator[dict[str, Any]]:
    """The program's pairs in id order, their records read a batch of pairs at a time."""
    # Core statements on the connection, only the columns written, days undecoded, rows
    # unpacked by position: an export reads a million rows, and SQLAlchemy's row handling
    # and date conversions would cost more than the queries themselves.
    connection = session.connection()
    lessons = [lesson.value for lesson in Lesson]
    number = 0
    for first in range(0, len(pair_ids), pairs_per_read):
        batch = pair_ids[first : first + pairs_per_read]

        def children(
            model: type, columns: tuple[str, ...], *order: Any, batch: list[int] = batch
        ) -> dict[Any, list[Any]]:
            table = _table(model)
            rows = _driver_rows(
                connection,
                select(table.c.pair_id, *(_undecoded(table.c[name]) for name in columns))
                .where(table.c.pair_id.in_(batch))
                .order_by(table.c.pair_id, *order),
            )
            groups: dict[Any, list[Any]] = defaultdict(list)
            for row in rows:
                groups[row[0]].append(row)
            return groups

        pair_table = _table(Pair)
        pairs = _driver_rows(
            connection,
            select(*(_undecoded(pair_table.c[name]) for name in _PAIR_COLUMNS))
            .where(pair_table.c.id.in_(batch))
            .order_by(pair_table.c.id),
        )
        goals = children(Goal, ("text", "target", "status"), Goal.position, Goal.id)
        activities = children(
            Activity,
            ("day", "kind", "outcome", "minutes", "notes", "confidential"),
            Activity.day,
            Activity.id,
        )
        assessments = children(
            Assessment, ("id", "day", "respondent", "comment"), Assessment.day, Assessment.id
        )
        ethics = children(
            EthicsReview,
            ("guideline", "state", "day", "reviewer", "note"),
            EthicsReview.day,
            EthicsReview.id,
        )
        reviews = children(PairReview, ("id", "day", "summary"), PairReview.day, PairReview.id)
        answers: dict[int, dict[str, int]] = defaultdict(dict)
        for assessment_id, item, rating in _driver_rows(
            connection,
            select(Answer.assessment_id, Answer.item, Answer.rating)
            .join(Assessment, Assessment.id == Answer.assessment_id)
            .where(Assessment.pair_id.in_(batch)),
        ):
            answers[assessment_id][item] = rating
        reflections: dict[int, dict[str, str]] = defaultdict(dict)
        for review_id, lesson, text in _driver_rows(
            connection,
            select(Reflection.review_id, Reflection.lesson, Reflection.text)
            .join(PairReview, PairReview.id == Reflection.review_id)
            .where(PairReview.pair_id.in_(batch)),
        ):
            reflections[review_id][lesson] = text
        for (pair_id, mentor_id, mentee_id, model, status, start, planned_end, agreement_signed,
             expectations, cadence_days, end_reason) in pairs:  # fmt: skip
            number += 1
            yield {
                "key": f"x{number}",
                "mentor": person_key[mentor_id],
                "mentee": person_key[mentee_id],
                "model": model,
                "status": status,
                "start": _day_text(start),
                "planned_end": _day_text(planned_end),
                "agreement_signed": _day_text(agreement_signed),
                "expectations": expectations,
                "cadence_days": cadence_days,
                "end_reason": end_reason,
                "goals": [
                    {"text": text, "target": _day_text(target), "status": goal_status}
                    for _pair, text, target, goal_status in goals.get(pair_id, ())
                ],
                "activities": [
                    {
                        "date": _day_text(day),
                        "kind": kind,
                        "outcome": outcome,
                        "minutes": minutes,
                        "notes": notes if include_confidential or not confidential else "",
                        "confidential": bool(confidential),
                    }
                    for _pair, day, kind, outcome, minutes, notes, confidential in activities.get(
                        pair_id, ()
                    )
                ],
                "assessments": [
                    {
                        "date": _day_text(day),
                        "respondent": respondent,
                        "answers": _in_questionnaire_order(answers.get(assessment_id, {})),
                        "comment": comment,
                    }
                    for _pair, assessment_id, day, respondent, comment in assessments.get(
                        pair_id, ()
                    )
                ],
                "conflicts": [
                    _conflict_document(conflict, steps.get(conflict.id, []), include_confidential)
                    for conflict in conflicts_of.get(pair_id, ())
                ],
                "ethics": [
                    {
                        "guideline": guideline,
                        "state": state,
                        "date": _day_text(day),
                        "reviewer": reviewer,
                        "note": note,
                    }
                    for _pair, guideline, state, day, reviewer, note in ethics.get(pair_id, ())
                ],
                "reviews": [
                    {
                        "date": _day_text(day),
                        "lessons": {
                            lesson: reflections[review_id].get(lesson, "") for lesson in lessons
                        },
                        "summary": summary,
                    }
                    for _pair, review_id, day, summary in reviews.get(pair_id, ())
                ],
            }


def _in_questionnaire_order(answers: dict[str, int]) -> dict[str, int]:
    return {code: answers[code] for code in ITEM_CODES if code in answers}


def _workshop_document(
    workshop: Any, attendees: Mapping[int, Any], person_key: Mapping[int, str]
) -> dict[str, Any]:
    """A workshop; its time, place and facilitator only when set (they are optional, so a
    workshop without them is written as before)."""
    document: dict[str, Any] = {
        "date": workshop.day.isoformat(),
        "title": workshop.title,
        "kind": workshop.kind,
    }
    if workshop.start_time is not None:
        document["time"] = workshop.start_time.strftime("%H:%M")
    if workshop.place:
        document["place"] = workshop.place
    if workshop.facilitator:
        document["facilitator"] = workshop.facilitator
    document["attendees"] = [person_key[row.person_id] for row in attendees.get(workshop.id, ())]
    return document
