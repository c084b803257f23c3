"""Program files: round trips byte for byte, and every kind of bad file refused untouched."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mentordesk import program_file
from mentordesk.demo import demo_program
from mentordesk.domain.questionnaire import ITEM_CODES
from mentordesk.domain.scoring import score_answers
from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.program_file import (
    ProgramFileError,
    dump_program,
    export_program,
    import_program,
    load_program,
    read_program_file,
)
from mentordesk.store import audit
from mentordesk.store.database import open_database
from mentordesk.store.models import (
    Assessment,
    AuditEntry,
    Base,
    Conflict,
    Person,
    PlanEntry,
    Program,
)
from tests.factories import make_person

TODAY = date(2027, 6, 1)


def minimal_document() -> dict[str, Any]:
    """A small hand-written program file with one of every record."""
    return {
        "format": "mentordesk-program",
        "version": 1,
        "program": {
            "name": "Engineering mentoring 2027",
            "start": "2027-01-04",
            "default_model": "formal",
        },
        "people": [
            {
                "key": "ana",
                "name": "Ana Ruiz",
                "email": "ana.ruiz@example.org",
                "employee_id": "E1001",
                "manager": "lee",
                "can_mentor": True,
                "capacity": 2,
            },
            {"key": "bo", "name": "Bo Chen", "email": "bo.chen@example.org", "manager": "lee"},
            {"key": "lee", "name": "Lee Park", "skills": ["python", "public speaking"]},
            {"key": "cy", "name": "Cy Ndiaye"},
        ],
        "pairs": [
            {
                "key": "first",
                "mentor": "ana",
                "mentee": "bo",
                "model": "formal",
                "status": "active",
                "start": "2027-01-11",
                "goals": [{"text": "Present at the all-hands", "target": None, "status": "open"}],
                "activities": [
                    {
                        "date": "2027-01-25",
                        "kind": "checkin",
                        "outcome": "held",
                        "minutes": 45,
                        "notes": "Agreed goals.",
                        "confidential": False,
                    },
                    {
                        "date": "2027-02-08",
                        "kind": "checkin",
                        "outcome": "missed",
                        "notes": "",
                        "confidential": False,
                    },
                ],
                "assessments": [
                    {
                        "date": "2027-02-01",
                        "respondent": "mentee",
                        "answers": dict.fromkeys(ITEM_CODES, 4),
                        "comment": "",
                    },
                    {
                        "date": "2027-03-01",
                        "respondent": "mentee",
                        "answers": {code: 3 for code in ITEM_CODES if code != "loyalty_2"},
                        "comment": "Less time lately.",
                    },
                ],
                "conflicts": [
                    {
                        "opened": "2027-03-02",
                        "kind": "trust_breach",
                        "severity": "medium",
                        "description": "A confidence was broken.",
                        "confidential": True,
                        "steps": [
                            {"date": "2027-03-04", "status": "in_dialogue", "note": "Talked."},
                            {"date": "2027-03-20", "status": "resolved", "note": "Agreed."},
                        ],
                        "root_cause": "Unclear expectations.",
                        "outcome": "Reset.",
                    },
                ],
                "ethics": [
                    {
                        "guideline": "confidentiality",
                        "state": "confirmed",
                        "date": "2027-01-18",
                        "reviewer": "Cy Ndiaye",
                        "note": "",
                    }
                ],
                "reviews": [
                    {
                        "date": "2027-06-30",
                        "lessons": {
                            "shared_goals": "a",
                            "listening_feedback": "b",
                            "consistency": "c",
                            "diverse_perspectives": "d",
                            "growth_mindset": "e",
                        },
                        "summary": "Good year.",
                    }
                ],
            },
            {
                "key": "second",
                "mentor": "cy",
                "mentee": "ana",
                "model": "peer",
                "status": "completed",
                "start": "2027-01-11",
                "goals": [],
                "activities": [],
                "assessments": [],
                "conflicts": [],
                "ethics": [],
                "reviews": [],
            },
        ],
        "program_conflicts": [
            {
                "opened": "2027-04-01",
                "kind": "change_uncertainty",
                "severity": "low",
                "description": "Reorganisation.",
                "confidential": False,
                "steps": [],
                "root_cause": "",
                "outcome": "",
            }
        ],
        "workshops": [
            {
                "date": "2027-04-15",
                "title": "Giving feedback",
                "kind": "workshop",
                "attendees": ["ana", "bo"],
            }
        ],
    }


def row_counts(database: Any) -> dict[str, int]:
    """How many rows every table holds."""
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def do_import(database: Any, document: Any) -> program_file.ImportSummary:
    with database.transaction() as session:
        return import_program(session, document)


def do_export(database: Any, program_id: int) -> dict[str, Any]:
    with database.transaction() as session:
        return export_program(session, program_id, include_confidential=True)


@pytest.fixture
def second_database(tmp_path: Path) -> Any:
    db = open_database(tmp_path / "second.sqlite3")
    yield db
    db.close()


# --- round trips -------------------------------------------------------------------------------


def test_the_demo_document_comes_back_byte_for_byte(database: Any, second_database: Any) -> None:
    document = demo_program(45, 3, TODAY)
    summary = do_import(database, document)
    exported = do_export(database, summary.program_id)
    assert exported == document
    assert dump_program(exported) == dump_program(document)
    again = do_import(second_database, load_program(dump_program(exported)))
    assert dump_program(do_export(second_database, again.program_id)) == dump_program(exported)


def test_a_hand_written_file_is_normalised_once_then_stable(
    database: Any, second_database: Any
) -> None:
    summary = do_import(database, minimal_document())
    first = do_export(database, summary.program_id)
    # Keys renumbered in id order, optional fields spelt out.
    assert [person["key"] for person in first["people"]] == ["p1", "p2", "p3", "p4"]
    assert first["people"][0]["manager"] == "p3"
    assert first["people"][1]["capacity"] == 0 and first["people"][0]["capacity"] == 2
    assert first["pairs"][0]["mentor"] == "p1" and first["pairs"][1]["key"] == "x2"
    assert first["program"]["thresholds"] == {"high": 4.0, "medium": 3.0}
    assert first["program"]["cadence_days"] == 14
    assert first["program_conflicts"][0]["kind"] == "change_uncertainty"
    assert first["workshops"][0]["attendees"] == ["p1", "p2"]
    assert list(first["pairs"][0]["assessments"][1]["answers"]) == [
        code for code in ITEM_CODES if code != "loyalty_2"
    ]
    second = do_import(second_database, first)
    text = dump_program(do_export(second_database, second.program_id))
    assert text == dump_program(first)
    # One record a line, each as compact JSON: Python's fast encoder writes it, and the
    # text is still one JSON document.
    assert json.loads(text) == first
    lines = text.splitlines()
    assert lines[0] == '{"format": "mentordesk-program",'
    assert lines[lines.index('"people": [') + 1] == json.dumps(
        first["people"][0], ensure_ascii=False
    ) + ","
    assert lines[lines.index('"pairs": [') + 2] == json.dumps(first["pairs"][1], ensure_ascii=False)


def test_export_lists_every_person_and_orders_records_by_date(database: Any) -> None:
    document = minimal_document()
    activities = document["pairs"][0]["activities"]
    activities.reverse()  # later first in the file
    with database.transaction() as session:
        make_person(session, name="Someone Else", email="else@example.org")
    summary = do_import(database, document)
    exported = do_export(database, summary.program_id)
    assert exported["people"][0]["name"] == "Someone Else"  # not in the program, still listed
    assert [a["date"] for a in exported["pairs"][0]["activities"]] == ["2027-01-25", "2027-02-08"]
    assert exported["pairs"][0]["activities"][1]["minutes"] is None


def test_the_plan_extension_round_trips(database: Any) -> None:
    document = minimal_document()
    document["program"]["plan"] = {"support": "Quarterly workshops.", "communication": "Notes."}
    summary = do_import(database, document)
    exported = do_export(database, summary.program_id)
    # In the vocabulary's order, whatever the file's.
    assert exported["program"]["plan"] == {
        "communication": "Notes.",
        "support": "Quarterly workshops.",
    }
    assert list(exported["program"]["plan"]) == ["communication", "support"]
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(PlanEntry)) == 2


def test_export_of_a_missing_program_is_not_found(database: Any) -> None:
    with database.transaction() as session, pytest.raises(NotFound):
        export_program(session, 999)


# --- what the import writes ----------------------------------------------------------------------


def test_scores_statuses_and_one_audit_entry(database: Any) -> None:
    summary = do_import(database, minimal_document())
    assert (summary.people_created, summary.pairs, summary.activities) == (4, 2, 2)
    assert (summary.conflicts, summary.attendances, summary.pair_reviews) == (2, 2, 1)
    with database.transaction() as session:
        assessments = session.scalars(select(Assessment).order_by(Assessment.day)).all()
        expected = score_answers({code: 3 for code in ITEM_CODES if code != "loyalty_2"})
        assert assessments[1].overall == expected.overall == 3.0
        assert assessments[1].loyalty == expected.dimensions[next(iter(expected.dimensions))]
        assert assessments[0].overall == 4.0 and assessments[0].behavioral == 4.0
        statuses = dict(session.execute(select(Conflict.kind, Conflict.status)).all())
        assert statuses == {"trust_breach": "resolved", "change_uncertainty": "open"}
        entries = session.scalars(select(AuditEntry)).all()
        assert len(entries) == 1
        assert entries[0].record_type == "program" and entries[0].record_id == summary.program_id
        assert "2 pairs" in entries[0].summary
        assert "confidence" not in entries[0].summary  # never the confidential text


def test_the_session_audits_again_after_the_import(database: Any) -> None:
    with database.transaction() as session:
        import_program(session, minimal_document())
        assert session.info.get(audit.AUDIT_KEY, True) is True
        make_person(session, name="Later", email="later@example.org")
    with database.transaction() as session:
        person_entries = session.scalars(
            select(AuditEntry).where(AuditEntry.record_type == "person")
        ).all()
        assert len(person_entries) == 1


def test_people_already_in_the_database_are_reused(database: Any) -> None:
    with database.transaction() as session:
        ana = make_person(
            session,
            name="Ana R.",
            email="ana.ruiz@example.org",
            employee_id="E0001",
            can_mentor=True,
            capacity=2,
        )
        cy = make_person(session, name="Cy N.", email="cy@example.org", employee_id="E1234")
        ana_id, cy_id = ana.id, cy.id
    document = minimal_document()
    document["people"][0]["email"] = "Ana.Ruiz@Example.org"  # another case: still Ana
    document["people"][3]["employee_id"] = "e1234"  # no email in the file: by employee id
    summary = do_import(database, document)
    assert (summary.people_created, summary.people_reused) == (2, 2)
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 4
        ana = session.get(Person, ana_id)
        assert ana is not None and ana.name == "Ana R." and ana.manager_id is None  # untouched
        pairs = session.execute(select(Program.id)).all()
        assert len(pairs) == 1
    exported = do_export(database, summary.program_id)
    mentors = [pair["mentor"] for pair in exported["pairs"]]
    assert mentors == [f"p{ana_id}", f"p{cy_id}"]


def test_new_emails_are_stored_in_lower_case(database: Any) -> None:
    document = minimal_document()
    document["people"][1]["email"] = "Bo.Chen@Example.ORG"
    do_import(database, document)
    with database.transaction() as session:
        assert session.scalar(select(Person.email).where(Person.name == "Bo Chen")) == (
            "bo.chen@example.org"
        )


# --- refusals ----------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], Any]


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets the value at a dotted path (list indexes as numbers)."""

    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


def _nested(depth: int) -> Any:
    junk: Any = "deep"
    for _ in range(depth):
        junk = [junk]
    return junk


def _two_active_pairs(document: dict[str, Any]) -> None:
    second = document["pairs"][1]
    second.update(mentor="ana", mentee="bo", status="active")


BAD: list[tuple[str, Mutation, str]] = [
    (
        "not an object",
        lambda d: d.clear() or d.update(format=[1]),
        'format: a list is not "mentordesk-program": this is not a MentorDesk program file',
    ),
    (
        "other format",
        _set("format", "something-else"),
        'format: "something-else" is not "mentordesk-program"',
    ),
    ("newer version", _set("version", 2), "version: the file is of version 2"),
    ("version as text", _set("version", "1"), "version: must be the number 1"),
    ("unknown top field", _set("extra", {}), "extra: unknown field"),
    ("missing program", _delete("program"), "program: is missing"),
    (
        "cadence as text",
        _set("program.cadence_days", "14"),
        "program.cadence_days: expected a whole number from 1 to 365, got text",
    ),
    (
        "cadence as true",
        _set("program.cadence_days", True),
        "program.cadence_days: expected a whole number from 1 to 365, got true",
    ),
    (
        "cadence out of range",
        _set("program.cadence_days", 400),
        "program.cadence_days: must be from 1 to 365, not 400",
    ),
    (
        "huge number",
        _set("program.cadence_days", 10**5000),
        "program.cadence_days: must be from 1 to 365, not a huge number",
    ),
    (
        "threshold not finite",
        _set("program.thresholds", {"high": float("nan")}),
        "program.thresholds.high: must be a number from 1 to 5, not nan",
    ),
    (
        "thresholds crossed",
        _set("program.thresholds", {"high": 3.0, "medium": 3.5}),
        "program.thresholds: Trust thresholds must satisfy",
    ),
    (
        "plan heading unknown",
        _set("program.plan", {"vision": "x"}),
        "program.plan.vision: unknown heading",
    ),
    (
        "end before start",
        _set("program.end", "2026-12-31"),
        "program.end: 2026-12-31 is before the start (2027-01-04)",
    ),
    (
        "impossible date",
        _set("program.start", "2027-02-30"),
        'program.start: "2027-02-30" is not a real date',
    ),
    (
        "date with time",
        _set("program.start", "2027-01-04T09:00"),
        'program.start: "2027-01-04T09:00" is not a date written YYYY-MM-DD',
    ),
    ("date not padded", _set("program.start", "2027-1-4"), "is not a date written YYYY-MM-DD"),
    (
        "date as number",
        _set("program.start", 20270104),
        "program.start: expected a date as text (YYYY-MM-DD), got a whole number",
    ),
    (
        "date in other digits",
        _set("program.start", "２０２７-01-04"),
        "is not a date written YYYY-MM-DD",
    ),
    (
        "unknown model",
        _set("pairs.0.model", "mentoring"),
        'pairs[0].model: "mentoring" is not one of: formal, informal, peer',
    ),
    ("unknown status", _set("pairs.0.status", "ACTIVE"), "pairs[0].status:"),
    (
        "unknown field in activity",
        _set("pairs.0.activities.0.colour", "red"),
        "pairs[0].activities[0].colour: unknown field",
    ),
    ("missing field", _delete("people.0.name"), "people[0].name: is missing"),
    ("null required", _set("people.0.name", None), "people[0].name: expected text, got null"),
    ("blank name", _set("people.0.name", "   "), "people[0].name: must not be empty"),
    (
        "name with newline",
        _set("people.0.name", "Ana\nRuiz"),
        "people[0].name: must be one line of text",
    ),
    (
        "name too long",
        _set("people.0.name", "A" * 201),
        "people[0].name: text of 201 characters; at most 200 are allowed",
    ),
    (
        "unpaired surrogate",
        _set("pairs.0.expectations", "bad \ud800 text"),
        "pairs[0].expectations: contains an invalid character",
    ),
    ("nul in text", _set("pairs.0.expectations", "a\x00b"), "contains a NUL character"),
    (
        "5 MB string",
        _set("pairs.0.activities.0.notes", "x" * 5_000_000),
        "pairs[0].activities[0].notes: text of 5,000,000 characters; at most 20,000 are allowed",
    ),
    (
        "deeply nested junk",
        _set("pairs.0.expectations", _nested(500)),
        "pairs[0].expectations: expected text, got a list",
    ),
    (
        "junk instead of a list",
        _set("pairs.0.goals", {"0": {}}),
        "pairs[0].goals: expected a list, got an object",
    ),
    (
        "not an email",
        _set("people.0.email", "ana at example"),
        'people[0].email: "ana at example" is not an email address',
    ),
    (
        "skills not a list",
        _set("people.2.skills", "python"),
        "people[2].skills: expected a list, got text",
    ),
    (
        "empty skill",
        _set("people.2.skills", ["python", ""]),
        "people[2].skills[1]: must not be empty",
    ),
    (
        "capacity too big",
        _set("people.0.capacity", 51),
        "people[0].capacity: must be from 0 to 50, not 51",
    ),
    (
        "can_mentor as 1",
        _set("people.0.can_mentor", 1),
        "people[0].can_mentor: expected true or false, got a whole number",
    ),
    (
        "minutes zero",
        _set("pairs.0.activities.0.minutes", 0),
        "pairs[0].activities[0].minutes: must be from 1 to 1440, not 0",
    ),
    (
        "minutes a day and more",
        _set("pairs.0.activities.0.minutes", 1441),
        "must be from 1 to 1440, not 1441",
    ),
    (
        "minutes as float",
        _set("pairs.0.activities.0.minutes", 45.0),
        "expected a whole number from 1 to 1440, got a number",
    ),
    (
        "duplicate person key",
        _set("people.3.key", "ana"),
        'people[3].key: "ana" is already the key of people[0]',
    ),
    (
        "duplicate pair key",
        _set("pairs.1.key", "first"),
        'pairs[1].key: "first" is already the key of pairs[0]',
    ),
    (
        "duplicate email",
        _set("people.1.email", "NEW.ANA.RUIZ@example.org"),
        'people[1].email: "NEW.ANA.RUIZ@example.org" is also the email of people[0]',
    ),
    (
        "duplicate employee id",
        _set("people.1.employee_id", "ne1001"),
        'people[1].employee_id: "ne1001" is also the employee id of people[0]',
    ),
    (
        "dangling mentor",
        _set("pairs.0.mentor", "nobody"),
        'pairs[0].mentor: no person has the key "nobody"',
    ),
    (
        "dangling manager",
        _set("people.0.manager", "boss"),
        'people[0].manager: no person has the key "boss"',
    ),
    (
        "dangling attendee",
        _set("workshops.0.attendees", ["ana", "ghost"]),
        'workshops[0].attendees[1]: no person has the key "ghost"',
    ),
    ("attendee twice", _set("workshops.0.attendees", ["ana", "ana"]), "workshops[0].attendees[1]:"),
    (
        "own manager",
        _set("people.2.manager", "lee"),
        "people[2].manager: a person cannot be their own manager",
    ),
    (
        "manager cycle",
        _set("people.2.manager", "ana"),
        'the managers form a cycle: "ana" → "lee" → "ana"',
    ),
    (
        "own mentor",
        _set("pairs.0.mentee", "ana"),
        "pairs[0].mentee: Ana Ruiz cannot be their own mentor",
    ),
    (
        "two active pairs",
        _two_active_pairs,
        "pairs[1].mentee: Bo Chen already has a proposed or active pair in this program "
        "(pairs[0]); a mentee has at most one",
    ),
    (
        "planned end before start",
        _set("pairs.0.planned_end", "2027-01-01"),
        "pairs[0].planned_end: 2027-01-01 is before the start (2027-01-11)",
    ),
    (
        "unknown item",
        _set("pairs.0.assessments.0.answers.loyalty_4", 3),
        "pairs[0].assessments[0].answers.loyalty_4: unknown item",
    ),
    (
        "rating out of range",
        _set("pairs.0.assessments.0.answers.loyalty_1", 6),
        "pairs[0].assessments[0].answers.loyalty_1: must be from 1 to 5, not 6",
    ),
    (
        "rating as true",
        _set("pairs.0.assessments.0.answers.loyalty_1", True),
        "answers.loyalty_1: expected a whole number from 1 to 5, got true",
    ),
    (
        "dimension loses two items",
        _set(
            "pairs.0.assessments.0.answers",
            {code: 4 for code in ITEM_CODES if code not in ("loyalty_1", "loyalty_2")},
        ),
        "pairs[0].assessments[0].answers: loyalty: at least two of its three items",
    ),
    (
        "lesson missing",
        _delete("pairs.0.reviews.0.lessons.growth_mindset"),
        "pairs[0].reviews[0].lessons.growth_mindset: is missing",
    ),
    (
        "lesson unknown",
        _set("pairs.0.reviews.0.lessons.patience", "x"),
        "pairs[0].reviews[0].lessons.patience: unknown lesson",
    ),
    (
        "step back to the same status",
        _set("pairs.0.conflicts.0.steps.1.status", "in_dialogue"),
        "pairs[0].conflicts[0].steps: step 2: The conflict is already in dialogue",
    ),
    (
        "illegal step",
        _set(
            "pairs.0.conflicts.0.steps",
            [
                {"date": "2027-03-04", "status": "resolved", "note": ""},
                {"date": "2027-03-05", "status": "mediation", "note": ""},
            ],
        ),
        "step 2: A conflict that is resolved can be reopened or taken back into dialogue, "
        "not moved to mediation",
    ),
    (
        "step before opening",
        _set("pairs.0.conflicts.0.steps.0.date", "2027-03-01"),
        "pairs[0].conflicts[0].steps: step 1: dated 2027-03-01, before the day the conflict "
        "was opened",
    ),
    (
        "steps out of order",
        _set("pairs.0.conflicts.0.steps.1.date", "2027-03-03"),
        "step 2: dated 2027-03-03, before step 1 (2027-03-04)",
    ),
    (
        "program conflict bad step",
        _set("program_conflicts.0.steps", [{"date": "2027-04-02", "status": "open", "note": ""}]),
        "program_conflicts[0].steps: step 1: The conflict is already open",
    ),
    (
        "non-text key",
        lambda d: d["people"][0].__setitem__(7, "x"),
        "people[0][<int>]: unknown field",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _n, m, e in BAD], ids=[name for name, _m, _e in BAD]
)
def test_a_bad_file_is_refused_with_its_path_and_changes_nothing(
    database: Any, mutate: Mutation, expected: str
) -> None:
    # Something already in the database, so "unchanged" means more than "empty".
    existing = minimal_document()
    existing["program"]["name"] = "Already here"
    do_import(database, existing)
    before = row_counts(database)
    document = minimal_document()
    document["program"]["name"] = "New program"
    for person in document["people"]:
        if "email" in person:
            person["email"] = "new." + person["email"]
        if "employee_id" in person:
            person["employee_id"] = "N" + person["employee_id"]
    mutate(document)
    with pytest.raises(ProgramFileError) as raised:
        do_import(database, document)
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)
    assert row_counts(database) == before


def test_the_untouched_minimal_document_is_valid(database: Any) -> None:
    do_import(database, minimal_document())  # the refusals above are each one change away


def test_a_program_name_already_in_the_database_is_refused(database: Any) -> None:
    do_import(database, minimal_document())
    before = row_counts(database)
    document = minimal_document()
    document["program"]["name"] = "ENGINEERING mentoring 2027"
    with pytest.raises(
        ProgramFileError, match=re.escape('program.name: a program called "Engineering')
    ):
        do_import(database, document)
    assert row_counts(database) == before


def test_two_people_of_the_file_who_are_one_person_in_the_database(database: Any) -> None:
    with database.transaction() as session:
        make_person(session, name="Ana", email="ana.ruiz@example.org", employee_id="E7")
    document = minimal_document()
    document["people"][3]["employee_id"] = "E7"  # Cy is Ana by employee id
    before = row_counts(database)
    with pytest.raises(
        ProgramFileError,
        match=r"people\[3\]: is the same person in the database "
        r"as people\[0\]",
    ):
        do_import(database, document)
    assert row_counts(database) == before


def test_many_problems_are_counted_and_the_first_twenty_listed(database: Any) -> None:
    document = minimal_document()
    document["pairs"][0]["activities"] = [
        {
            "date": "someday",
            "kind": "checkin",
            "outcome": "held",
            "notes": "",
            "confidential": False,
        }
    ] * 30
    with pytest.raises(ProgramFileError) as raised:
        do_import(database, document)
    error = raised.value
    assert error.count == 30
    assert str(error).startswith("The program file cannot be imported (30 problems): ")
    assert str(error).count("is not a date written YYYY-MM-DD") == 20
    assert str(error).endswith("; and 10 more")
    assert error.problems[29].path == "pairs[0].activities[29].date"


def test_a_document_that_is_not_an_object(database: Any) -> None:
    with pytest.raises(
        ProgramFileError, match=re.escape("expected a program file (a JSON object), got a list")
    ):
        do_import(database, [1, 2, 3])


def test_check_program_writes_nothing(database: Any) -> None:
    with database.transaction() as session:
        program_file.check_program(session, minimal_document())
    assert row_counts(database)["program"] == 0


# --- reading text and files ----------------------------------------------------------------------


def test_repeated_keys_in_the_text_are_reported_with_their_path(database: Any) -> None:
    text = dump_program(minimal_document()).replace(
        '"name": "Bo Chen",', '"name": "Bo Chen", "name": "Bob",', 1
    )
    document = load_program(text)
    with pytest.raises(ProgramFileError, match=r"people\[1\]\.name: appears more than once"):
        do_import(database, document)


def test_invalid_json_names_its_line_and_column() -> None:
    with pytest.raises(MentorDeskError, match="not valid JSON: line 3, column 1"):
        load_program('{\n  "format": "mentordesk-program",\n}')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"a": NaN}', "NaN is not a number a program file may hold"),
        ('{"a": -Infinity}', "-Infinity is not a number"),
        ('{"a": ' + "9" * 5000 + "}", "a number with thousands of digits"),
        (b"\xff\xfe{}", "not UTF-8 text (byte 0 cannot be read)"),
        ("", "not valid JSON: line 1, column 1"),
    ],
    ids=["deep", "nan", "infinity", "digits", "not-utf8", "empty"],
)
def test_unreadable_text_is_one_clear_error(text: str | bytes, expected: str) -> None:
    with pytest.raises(MentorDeskError, match=re.escape(expected)):
        load_program(text)


def test_a_byte_order_mark_is_accepted() -> None:
    text = dump_program(minimal_document())
    assert load_program(("\ufeff" + text).encode("utf-8")) == minimal_document()
    assert load_program("\ufeff" + text) == minimal_document()


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.mentordesk.json"
    path.write_text(dump_program(minimal_document()), encoding="utf-8")
    monkeypatch.setattr(program_file.files, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(MentorDeskError, match="MentorDesk reads program files of at most"):
        read_program_file(path)
    with pytest.raises(MentorDeskError, match="at most"):
        load_program("x" * 1001)


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError, match="There is no file"):
        read_program_file(tmp_path / "nope.json")
    with pytest.raises(MentorDeskError, match="is a folder"):
        read_program_file(tmp_path)


def test_written_files_read_back_equal(tmp_path: Path) -> None:
    document = minimal_document()
    path = tmp_path / "out.mentordesk.json"
    program_file.write_program_file(path, document)
    assert read_program_file(path) == document
    assert path.read_text(encoding="utf-8") == dump_program(document)
    assert not list(tmp_path.glob(".*partial"))


def test_dump_refuses_values_json_cannot_hold() -> None:
    with pytest.raises(ValueError):
        dump_program({"a": float("inf")})


def test_import_accepts_a_deep_copy_without_changing_it(database: Any) -> None:
    document = minimal_document()
    kept = copy.deepcopy(document)
    do_import(database, document)
    assert document == kept


def test_database_problems_are_reported_beside_the_files_own(database: Any) -> None:
    do_import(database, minimal_document())
    document = minimal_document()
    document["pairs"][0]["activities"][0]["minutes"] = -5
    with pytest.raises(ProgramFileError) as raised:
        do_import(database, document)
    paths = [problem.path for problem in raised.value.problems]
    assert paths == ["pairs[0].activities[0].minutes", "program.name"]


# --- the pairing rules (domain.pairs), decided where the copies disagreed ---------------------


def test_a_program_file_pair_needs_a_mentor_able_to_mentor_with_a_place(database: Any) -> None:
    """Decided disagreement: the program-file import checked neither the mentor's ability
    nor the places; now a proposed or active pair is checked as in the window."""
    document = minimal_document()
    document["pairs"][1].update(status="proposed")  # Cy cannot mentor
    unable = re.escape("pairs[1].mentor: Cy Ndiaye is not marked")
    with pytest.raises(ProgramFileError, match=unable):
        do_import(database, document)
    document = minimal_document()
    document["people"][0]["capacity"] = 1
    document["people"][3]["can_mentor"] = False
    document["pairs"][1].update(mentor="ana", mentee="cy", status="active")
    with pytest.raises(ProgramFileError, match="Ana Ruiz has no place left: 1 of 1 taken"):
        do_import(database, document)
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Program)) == 0


def test_a_program_file_pair_in_the_management_chain_needs_a_disclosure(database: Any) -> None:
    """Decided disagreement: a mentor managing the mentee needs a written disclosure, in a
    program file a conflict of kind conflict_of_interest of the pair."""
    document = minimal_document()
    document["people"][1]["manager"] = "ana"  # Ana manages Bo, her mentee
    needed = re.escape("pairs[0].conflicts: Ana Ruiz manages Bo Chen")
    with pytest.raises(ProgramFileError, match=needed):
        do_import(database, document)
    document["pairs"][0]["conflicts"].append(
        {
            "opened": "2027-01-11",
            "kind": "conflict_of_interest",
            "severity": "low",
            "description": "Ana manages Bo; HR agreed.",
            "confidential": False,
            "steps": [],
            "root_cause": "",
            "outcome": "",
        }
    )
    assert do_import(database, document).pairs == 2
