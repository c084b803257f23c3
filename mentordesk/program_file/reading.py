"""Writing a checked program's records into the database, in bulk (see ``streamed``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import bindparam

from mentordesk.domain.conflicts import status_after
from mentordesk.domain.scoring import score_answers
from mentordesk.domain.vocabularies import (
    ConflictStatus,
    Lesson,
    ProactiveStep,
    TrustDimension,
    TrustType,
)
from mentordesk.program_file.bulk import (
    codes_checked_already,
    insert_rows,
    insert_rows_with_ids,
    next_ids,
    table_of,
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

_CONFLICT_COLUMNS = (
    "program_id", "pair_id", "opened", "kind", "severity", "description", "confidential",
    "status", "root_cause", "outcome", "version",
)  # fmt: skip


def _conflict_rows(
    conflicts: Iterable[dict[str, Any]], program_id: int, pair_id: int | None
) -> list[tuple[Any, ...]]:
    """The rows of ``conflicts`` in the order of :data:`_CONFLICT_COLUMNS`."""
    rows = []
    for conflict in conflicts:
        steps = [(step["date"], ConflictStatus(step["status"])) for step in conflict["steps"]]
        rows.append(
            (
                program_id,
                pair_id,
                conflict["opened"],
                conflict["kind"],
                conflict["severity"],
                conflict["description"],
                conflict["confidential"],
                status_after(steps).value,
                conflict["root_cause"],
                conflict["outcome"],
                1,
            )
        )
    return rows


def _write_program(session: Session, program: dict[str, Any]) -> tuple[int, int]:
    """Write the program's own row and plan; its id and how many plan headings."""
    thresholds = program["thresholds"]
    schedule = program["survey_schedule"]
    program_table = table_of(Program)
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
        (program_id, step.value, program["plan"][step.value], 1)
        for step in ProactiveStep
        if program["plan"].get(step.value) is not None
    ]
    insert_rows(session, PlanEntry, ("program_id", "heading", "text", "version"), plan_rows)
    return program_id, len(plan_rows)


_PAIR_COLUMNS = (
    "program_id", "mentor_id", "mentee_id", "model", "status", "start_date", "planned_end",
    "agreement_signed", "expectations", "cadence_days", "end_reason", "version",
)  # fmt: skip
_GOAL_COLUMNS = ("pair_id", "position", "text", "target", "status", "version")
_ACTIVITY_COLUMNS = (
    "pair_id", "day", "kind", "outcome", "minutes", "notes", "confidential", "version",
)  # fmt: skip
_DIMENSIONS = tuple(TrustDimension)
_TYPES = tuple(TrustType)
_ASSESSMENT_COLUMNS = (
    "pair_id", "day", "respondent", "comment", "overall", "version",
    *(dimension.value for dimension in _DIMENSIONS), *(kind.value for kind in _TYPES),
)  # fmt: skip
_ANSWER_COLUMNS = ("assessment_id", "item", "rating")
_ETHICS_COLUMNS = ("pair_id", "guideline", "state", "day", "reviewer", "note")
_REVIEW_COLUMNS = ("pair_id", "day", "summary", "version")
_REFLECTION_COLUMNS = ("review_id", "lesson", "text")
_LESSONS = tuple(lesson.value for lesson in Lesson)


def _write_pairs(
    session: Session,
    program_id: int,
    pairs: list[dict[str, Any]],
    person_id: Callable[[str], int],
    totals: dict[str, int],
) -> None:
    """Write checked pairs with all their records; add what was written to ``totals``."""
    pair_ids = insert_rows_with_ids(
        session,
        Pair,
        _PAIR_COLUMNS,
        [
            (
                program_id,
                person_id(pair["mentor"]),
                person_id(pair["mentee"]),
                pair["model"],
                pair["status"],
                pair["start"],
                pair["planned_end"],
                pair["agreement_signed"],
                pair["expectations"],
                pair["cadence_days"],
                pair["end_reason"],
                1,
            )
            for pair in pairs
        ],
    )
    totals["pairs"] += len(pair_ids)
    goals: list[tuple[Any, ...]] = []
    activities: list[tuple[Any, ...]] = []
    assessments: list[tuple[Any, ...]] = []
    answer_sets: list[dict[str, int]] = []
    conflicts: list[tuple[Any, ...]] = []
    steps: list[list[dict[str, Any]]] = []
    ethics: list[tuple[Any, ...]] = []
    reviews: list[tuple[Any, ...]] = []
    lesson_sets: list[dict[str, str]] = []
    for pair, pair_id in zip(pairs, pair_ids, strict=True):
        goals.extend(
            (pair_id, position, goal["text"], goal["target"], goal["status"], 1)
            for position, goal in enumerate(pair["goals"])
        )
        activities.extend(
            (
                pair_id,
                activity["date"],
                activity["kind"],
                activity["outcome"],
                activity["minutes"],
                activity["notes"],
                activity["confidential"],
                1,
            )
            for activity in pair["activities"]
        )
        for assessment in pair["assessments"]:
            answers = assessment["answers"]
            scores = score_answers(answers)
            dimensions = scores.dimensions
            types = scores.types
            assessments.append(
                (
                    pair_id,
                    assessment["date"],
                    assessment["respondent"],
                    assessment["comment"],
                    scores.overall,
                    1,
                    *(dimensions[dimension] for dimension in _DIMENSIONS),
                    *(types[kind] for kind in _TYPES),
                )
            )
            answer_sets.append(answers)
        if pair["conflicts"]:
            conflicts.extend(_conflict_rows(pair["conflicts"], program_id, pair_id))
            steps.extend(conflict["steps"] for conflict in pair["conflicts"])
        ethics.extend(
            (
                pair_id,
                review["guideline"],
                review["state"],
                review["date"],
                review["reviewer"],
                review["note"],
            )
            for review in pair["ethics"]
        )
        for review in pair["reviews"]:
            reviews.append((pair_id, review["date"], review["summary"], 1))
            lesson_sets.append(review["lessons"])

    # Every code and range these rows' CHECK constraints read was checked with the file.
    with codes_checked_already(session):
        insert_rows(session, Goal, _GOAL_COLUMNS, goals)
        insert_rows(session, Activity, _ACTIVITY_COLUMNS, activities)
        assessment_ids = insert_rows_with_ids(session, Assessment, _ASSESSMENT_COLUMNS, assessments)
        insert_rows(
            session,
            Answer,
            _ANSWER_COLUMNS,
            # Twelve answers to a questionnaire: each questionnaire's rows made by zip, not a
            # Python loop over the half a million answers of a large program.
            list(
                chain.from_iterable(
                    zip(repeat(assessment_id), answers, answers.values())
                    for assessment_id, answers in zip(assessment_ids, answer_sets, strict=True)
                )
            ),
        )
        conflict_ids = insert_rows_with_ids(session, Conflict, _CONFLICT_COLUMNS, conflicts)
        _insert_steps(session, conflict_ids, steps)
        insert_rows(session, EthicsReview, _ETHICS_COLUMNS, ethics)
        review_ids = insert_rows_with_ids(session, PairReview, _REVIEW_COLUMNS, reviews)
        insert_rows(
            session,
            Reflection,
            _REFLECTION_COLUMNS,
            [
                (review_id, lesson, lessons[lesson])
                for review_id, lessons in zip(review_ids, lesson_sets, strict=True)
                for lesson in _LESSONS
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
    insert_rows(
        session,
        ConflictStep,
        ("conflict_id", "position", "day", "status", "note"),
        [
            (conflict_id, position, step["date"], step["status"], step["note"])
            for conflict_id, conflict_steps in zip(conflict_ids, steps, strict=True)
            for position, step in enumerate(conflict_steps)
        ],
    )


def _write_program_conflicts(
    session: Session, program_id: int, program_conflicts: list[dict[str, Any]]
) -> int:
    conflict_ids = insert_rows_with_ids(
        session, Conflict, _CONFLICT_COLUMNS, _conflict_rows(program_conflicts, program_id, None)
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
    workshop_ids = insert_rows_with_ids(
        session,
        Workshop,
        ("program_id", "day", "title", "kind", "start_time", "place", "facilitator", "version"),
        [
            (
                program_id,
                workshop["date"],
                workshop["title"],
                workshop["kind"],
                workshop["time"],
                " ".join(workshop["place"].split()) or None,
                " ".join(workshop["facilitator"].split()) or None,
                1,
            )
            for workshop in workshops
        ],
    )
    attendances = [
        (workshop_id, person_id(key))
        for workshop_id, workshop in zip(workshop_ids, workshops, strict=True)
        for key in workshop["attendees"]
    ]
    insert_rows(session, Attendance, ("workshop_id", "person_id"), attendances)
    return len(workshop_ids), len(attendances)


PEOPLE_PER_WRITE = 5000
"""People inserted together."""

_PERSON_COLUMNS = (
    "name", "email", "employee_id", "department", "title", "manager_id", "location", "skills",
    "can_mentor", "capacity", "active", "version",
)  # fmt: skip


def _person_row(person: dict[str, Any], manager_id: int | None) -> tuple[Any, ...]:
    capacity = person["capacity"]
    if capacity is None:
        capacity = 1 if person["can_mentor"] else 0
    return (
        person["name"],
        # Stored in lower case, as the people service stores it.
        None if person["email"] is None else person["email"].lower(),
        person["employee_id"],
        person["department"],
        person["title"],
        manager_id,
        person["location"],
        person["skills"],
        person["can_mentor"],
        capacity,
        person["active"],
        1,
    )


def _write_people(session: Session, checked: _Checked) -> list[int]:
    """Create the people not yet in the database; the id of everyone in the file, in order."""
    people = checked.people
    new = [index for index in range(len(people)) if index not in checked.existing]
    ids: list[int | None] = [checked.existing.get(index) for index in range(len(people))]
    if session.connection().dialect.name == "sqlite":
        # The ids are ours to give out (see insert_rows_with_ids): everyone's id is known
        # before anyone is written, so a manager is linked in the person's own row when
        # already written (earlier in the file, or known before), not by an update after.
        for index, person_id in zip(new, next_ids(session, Person, len(new)), strict=True):
            ids[index] = person_id
    later: list[int] = []

    def manager_of(index: int) -> int | None:
        manager = people[index]["manager"]
        if manager is None:
            return None
        position = checked.person_index[manager]
        if position in checked.existing or (ids[position] is not None and position < index):
            return ids[position]
        later.append(index)
        return None

    # A page of people at a time: the rows of 200,000 people at once take gigabytes.
    with people_indexed_once(session):
        for first in range(0, len(new), PEOPLE_PER_WRITE):
            page = new[first : first + PEOPLE_PER_WRITE]
            rows = [_person_row(people[index], manager_of(index)) for index in page]
            if ids[page[0]] is not None:
                insert_rows(
                    session,
                    Person,
                    ("id", *_PERSON_COLUMNS),
                    [(ids[index], *row) for index, row in zip(page, rows, strict=True)],
                )
                continue
            written = insert_rows_with_ids(session, Person, _PERSON_COLUMNS, rows)
            for index, person_id in zip(page, written, strict=True):
                ids[index] = person_id
    # Managers that come later in the file than their reports: linked once all exist.
    # People already in the database keep the manager they have there.
    links = [
        {"b_id": ids[index], "b_manager": ids[checked.person_index[people[index]["manager"]]]}
        for index in later
    ]
    if links:
        table = table_of(Person)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(manager_id=bindparam("b_manager")),
            links,
        )
    return [person_id for person_id in ids if person_id is not None]
