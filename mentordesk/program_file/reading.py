"""Writing a checked program's records into the database, in bulk (see ``streamed``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, Table, Time, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import bindparam

from mentordesk.domain.conflicts import status_after
from mentordesk.domain.scoring import score_answers
from mentordesk.domain.vocabularies import (
    ConflictStatus,
    Lesson,
    ProactiveStep,
)
from mentordesk.program_file.checks import _Checked
from mentordesk.program_file.search_marks import people_indexed_once
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

# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote."""

    program_id: int
    program_name: str
    people_created: int
    people_reused: int
    pairs: int
    goals: int
    activities: int
    assessments: int
    conflicts: int
    ethics_reviews: int
    pair_reviews: int
    workshops: int
    attendances: int
    plan_entries: int

    @classmethod
    def of_written(
        cls,
        program_id: int,
        program_name: str,
        people: int,
        existing: int,
        totals: Mapping[str, int],
        workshops: int,
        attendances: int,
        plan_entries: int,
    ) -> ImportSummary:
        """The summary of a program written: ``people`` in the file, ``existing`` of
        them already known, ``totals`` the records written per kind."""
        return cls(
            program_id=program_id,
            program_name=program_name,
            people_created=people - existing,
            people_reused=existing,
            pairs=totals["pairs"],
            goals=totals["goals"],
            activities=totals["activities"],
            assessments=totals["assessments"],
            conflicts=totals["conflicts"],
            ethics_reviews=totals["ethics"],
            pair_reviews=totals["reviews"],
            workshops=workshops,
            attendances=attendances,
            plan_entries=plan_entries,
        )

    def describe(self) -> str:
        """One sentence for the coordinator (and the audit log: it holds no confidential text)."""
        return (
            f"{self.people_created:,} people created and {self.people_reused:,} already known, "
            f"{self.pairs:,} pairs, {self.goals:,} goals, {self.activities:,} activities, "
            f"{self.assessments:,} assessments, {self.conflicts:,} conflicts, "
            f"{self.ethics_reviews:,} ethics reviews, {self.pair_reviews:,} pair reviews, "
            f"{self.workshops:,} workshops with {self.attendances:,} attendances"
        )


PAIRS_PER_WRITE = 500
"""Pairs whose records are inserted together: few statements, bounded memory."""


def _table(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once, straight through the database driver.

    Every row has the same keys, all of them columns. Going through the driver's
    ``executemany`` with the column types' own conversions is many times faster than
    SQLAlchemy's per-row parameter handling, which matters for a program with
    hundreds of thousands of answers and activities.
    """
    if not rows:
        return
    table = _table(model)
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or []) if dialect.positional else names
    if set(order) != set(names):
        # A column default the rows do not spell out: let SQLAlchemy fill it in.
        session.execute(insert(table), rows)
        return
    converters = [
        (position, _remembering(convert) if isinstance(column.type, Date) else convert)
        for position, column in enumerate(table.c[name] for name in order)
        if (convert := _bind_processor(column, dialect)) is not None
    ]
    values_of = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
    parameters: list[Any] = []
    for row in rows:
        values = list(values_of(row))
        for position, convert in converters:
            values[position] = convert(values[position])
        if dialect.positional:
            parameters.append(tuple(values))
        else:
            parameters.append(dict(zip(order, values, strict=True)))
    connection.exec_driver_sql(compiled.string, parameters)


def _bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    # A time of day needs the dialect's own type (SQLite's writes it as text); the
    # generic one has no conversion and the driver refuses a datetime.time.
    kind = column.type.dialect_impl(dialect) if isinstance(column.type, Time) else column.type
    return kind.bind_processor(dialect)  # type: ignore[no-any-return]


def _remembering(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` with its results kept: a program has few distinct days."""
    known: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        if value not in known:
            known[value] = convert(value)
        return known[value]

    return remembered


def _insert_ids(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows at once; their new ids, in the order of ``rows``.

    Call it only once the transaction has written something (the program row):
    on SQLite the transaction then holds the database's write lock, so the ids
    after the highest one are ours to give out, and giving them out avoids
    inserting row by row (SQLite cannot return generated ids in order for a
    batch). Other databases return them in order from a batched INSERT … RETURNING.
    """
    if not rows:
        return []
    table = _table(model)
    if session.connection().dialect.name == "sqlite":
        first = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        _insert(
            session, model, [{"id": new_id, **row} for new_id, row in zip(ids, rows, strict=True)]
        )
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def _conflict_rows(
    conflicts: Iterable[dict[str, Any]], program_id: int, pair_id: int | None
) -> list[dict[str, Any]]:
    rows = []
    for conflict in conflicts:
        steps = [(step["date"], ConflictStatus(step["status"])) for step in conflict["steps"]]
        rows.append(
            {
                "program_id": program_id,
                "pair_id": pair_id,
                "opened": conflict["opened"],
                "kind": conflict["kind"],
                "severity": conflict["severity"],
                "description": conflict["description"],
                "confidential": conflict["confidential"],
                "status": status_after(steps).value,
                "root_cause": conflict["root_cause"],
                "outcome": conflict["outcome"],
                "version": 1,
            }
        )
    return rows


def _write_program(session: Session, program: dict[str, Any]) -> tuple[int, int]:
    """Write the program's own row and plan; its id and how many plan headings."""
    thresholds = program["thresholds"]
    schedule = program["survey_schedule"]
    program_table = _table(Program)
    # The first write: from here on (on SQLite) the transaction holds the write lock.
    program_id = session.execute(
        insert(program_table).returning(program_table.c.id),
        {
            "name": program["name"],
            "description": program["description"],
            "start_date": program["start"],
            "end_date": program["end"],
            "default_model": program["default_model"],
            "cadence_days": program["cadence_days"],
            "threshold_high": thresholds["high"],
            "threshold_medium": thresholds["medium"],
            "survey_first_days": schedule["first_checkup_days"],
            "survey_every_days": schedule["checkup_every_days"],
            "survey_closing": schedule["closing_round"],
            "version": 1,
        },
    ).scalar_one()
    plan_rows = [
        {
            "program_id": program_id,
            "heading": step.value,
            "text": program["plan"][step.value],
            "version": 1,
        }
        for step in ProactiveStep
        if program["plan"].get(step.value) is not None
    ]
    _insert(session, PlanEntry, plan_rows)

    return program_id, len(plan_rows)


def _write_pairs(
    session: Session,
    program_id: int,
    pairs: list[dict[str, Any]],
    person_id: Callable[[str], int],
    totals: dict[str, int],
) -> None:
    """Write checked pairs with all their records; add what was written to ``totals``."""
    pair_ids = _insert_ids(
        session,
        Pair,
        [
            {
                "program_id": program_id,
                "mentor_id": person_id(pair["mentor"]),
                "mentee_id": person_id(pair["mentee"]),
                "model": pair["model"],
                "status": pair["status"],
                "start_date": pair["start"],
                "planned_end": pair["planned_end"],
                "agreement_signed": pair["agreement_signed"],
                "expectations": pair["expectations"],
                "cadence_days": pair["cadence_days"],
                "end_reason": pair["end_reason"],
                "version": 1,
            }
            for pair in pairs
        ],
    )
    totals["pairs"] += len(pair_ids)
    goals: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    assessments: list[dict[str, Any]] = []
    answer_sets: list[dict[str, int]] = []
    conflicts: list[dict[str, Any]] = []
    steps: list[list[dict[str, Any]]] = []
    ethics: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    lesson_sets: list[dict[str, str]] = []
    for pair, pair_id in zip(pairs, pair_ids, strict=True):
        for position, goal in enumerate(pair["goals"]):
            goals.append(
                {
                    "pair_id": pair_id,
                    "position": position,
                    "text": goal["text"],
                    "target": goal["target"],
                    "status": goal["status"],
                    "version": 1,
                }
            )
        for activity in pair["activities"]:
            activities.append(
                {
                    "pair_id": pair_id,
                    "day": activity["date"],
                    "kind": activity["kind"],
                    "outcome": activity["outcome"],
                    "minutes": activity["minutes"],
                    "notes": activity["notes"],
                    "confidential": activity["confidential"],
                    "version": 1,
                }
            )
        for assessment in pair["assessments"]:
            answers = assessment["answers"]
            scores = score_answers(answers)
            row = {
                "pair_id": pair_id,
                "day": assessment["date"],
                "respondent": assessment["respondent"],
                "comment": assessment["comment"],
                "overall": scores.overall,
                "version": 1,
            }
            row.update({dimension.value: s for dimension, s in scores.dimensions.items()})
            row.update({kind.value: s for kind, s in scores.types.items()})
            assessments.append(row)
            answer_sets.append(answers)
        conflicts.extend(_conflict_rows(pair["conflicts"], program_id, pair_id))
        steps.extend(conflict["steps"] for conflict in pair["conflicts"])
        for review in pair["ethics"]:
            ethics.append(
                {
                    "pair_id": pair_id,
                    "guideline": review["guideline"],
                    "state": review["state"],
                    "day": review["date"],
                    "reviewer": review["reviewer"],
                    "note": review["note"],
                }
            )
        for review in pair["reviews"]:
            reviews.append(
                {
                    "pair_id": pair_id,
                    "day": review["date"],
                    "summary": review["summary"],
                    "version": 1,
                }
            )
            lesson_sets.append(review["lessons"])

    _insert(session, Goal, goals)
    _insert(session, Activity, activities)
    assessment_ids = _insert_ids(session, Assessment, assessments)
    _insert(
        session,
        Answer,
        [
            {"assessment_id": assessment_id, "item": code, "rating": rating}
            for assessment_id, answers in zip(assessment_ids, answer_sets, strict=True)
            for code, rating in answers.items()
        ],
    )
    conflict_ids = _insert_ids(session, Conflict, conflicts)
    _insert_steps(session, conflict_ids, steps)
    _insert(session, EthicsReview, ethics)
    review_ids = _insert_ids(session, PairReview, reviews)
    _insert(
        session,
        Reflection,
        [
            {"review_id": review_id, "lesson": lesson.value, "text": lessons[lesson.value]}
            for review_id, lessons in zip(review_ids, lesson_sets, strict=True)
            for lesson in Lesson
        ],
    )
    totals["goals"] += len(goals)
    totals["activities"] += len(activities)
    totals["assessments"] += len(assessments)
    totals["conflicts"] += len(conflicts)
    totals["ethics"] += len(ethics)
    totals["reviews"] += len(reviews)


def _insert_steps(
    session: Session, conflict_ids: list[int], steps: list[list[dict[str, Any]]]
) -> None:
    """The timeline steps of the conflicts just written: ``steps[n]`` are those of
    ``conflict_ids[n]``."""
    _insert(
        session,
        ConflictStep,
        [
            {
                "conflict_id": conflict_id,
                "position": position,
                "day": step["date"],
                "status": step["status"],
                "note": step["note"],
            }
            for conflict_id, conflict_steps in zip(conflict_ids, steps, strict=True)
            for position, step in enumerate(conflict_steps)
        ],
    )


def _write_program_conflicts(
    session: Session, program_id: int, program_conflicts: list[dict[str, Any]]
) -> int:
    conflict_ids = _insert_ids(
        session, Conflict, _conflict_rows(program_conflicts, program_id, None)
    )
    _insert_steps(session, conflict_ids, [conflict["steps"] for conflict in program_conflicts])
    return len(conflict_ids)


def _write_workshops(
    session: Session,
    program_id: int,
    workshops: list[dict[str, Any]],
    person_id: Callable[[str], int],
) -> tuple[int, int]:
    """Write checked workshops with their attendances; how many of each."""
    workshop_ids = _insert_ids(
        session,
        Workshop,
        [
            {
                "program_id": program_id,
                "day": workshop["date"],
                "title": workshop["title"],
                "kind": workshop["kind"],
                "start_time": workshop["time"],
                "place": " ".join(workshop["place"].split()) or None,
                "facilitator": " ".join(workshop["facilitator"].split()) or None,
                "version": 1,
            }
            for workshop in workshops
        ],
    )
    attendances = [
        {"workshop_id": workshop_id, "person_id": person_id(key)}
        for workshop_id, workshop in zip(workshop_ids, workshops, strict=True)
        for key in workshop["attendees"]
    ]
    _insert(session, Attendance, attendances)
    return len(workshop_ids), len(attendances)


PEOPLE_PER_WRITE = 5000
"""People inserted together."""


def _person_row(person: dict[str, Any]) -> dict[str, Any]:
    capacity = person["capacity"]
    if capacity is None:
        capacity = 1 if person["can_mentor"] else 0
    return {
        "name": person["name"],
        # Stored in lower case, as the people service stores it.
        "email": None if person["email"] is None else person["email"].lower(),
        "employee_id": person["employee_id"],
        "department": person["department"],
        "title": person["title"],
        "manager_id": None,
        "location": person["location"],
        "skills": person["skills"],
        "can_mentor": person["can_mentor"],
        "capacity": capacity,
        "active": person["active"],
        "version": 1,
    }


def _write_people(session: Session, checked: _Checked) -> list[int]:
    """Create the people not yet in the database; the id of everyone in the file, in order."""
    new = [index for index in range(len(checked.people)) if index not in checked.existing]
    ids: list[int | None] = [checked.existing.get(index) for index in range(len(checked.people))]
    # A page of people at a time: the rows of 200,000 people at once take gigabytes.
    with people_indexed_once(session):
        for first in range(0, len(new), PEOPLE_PER_WRITE):
            page = new[first : first + PEOPLE_PER_WRITE]
            rows = [_person_row(checked.people[index]) for index in page]
            for index, person_id in zip(page, _insert_ids(session, Person, rows), strict=True):
                ids[index] = person_id
    # Managers may come later in the file than their reports: link them once all exist.
    # People already in the database keep the manager they have there.
    links = [
        {"b_id": ids[index], "b_manager": ids[checked.person_index[manager]]}
        for index in new
        if (manager := checked.people[index]["manager"]) is not None
    ]
    if links:
        table = _table(Person)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(manager_id=bindparam("b_manager")),
            links,
        )
    return [person_id for person_id in ids if person_id is not None]
