"""Program files written in bulk and checked the fast way: rows past one statement, people
linked to their managers wherever those come, and the fast check agreeing with the full one."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mentordesk.demo import demo_program
from mentordesk.program_file import bulk, dump_program, export_program, import_program
from mentordesk.program_file.problems import _Problems
from mentordesk.program_file.schema import _DOCUMENT, _List, _Refused
from mentordesk.store.models import Activity, Answer, Pair, Person
from tests.factories import make_person
from tests.services.test_program_file import minimal_document, row_counts

TODAY = date(2027, 6, 1)


def _pair_check() -> Any:
    check = next(spec.check for spec in _DOCUMENT if spec.name == "pairs")
    assert isinstance(check, _List)
    return check.item


def test_rows_past_one_statement_are_all_written_with_their_values(
    database: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seven rows to a statement: every table's rows take several statements and a last,
    # shorter one (on SQLite; a server gets one executemany).
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 7)
    document = demo_program(30, 5, TODAY)
    text = dump_program(document)
    with database.transaction() as session:
        summary = import_program(session, document)
    with database.transaction() as session:
        assert (
            dump_program(export_program(session, summary.program_id, include_confidential=True))
            == text
        )
        activities = session.scalars(select(Activity).order_by(Activity.id)).all()
        assert len(activities) == summary.activities > 7
        assert all(isinstance(activity.day, date) for activity in activities)
    counts = row_counts(database)
    assert counts["answer"] == sum(
        len(assessment["answers"])
        for pair in document["pairs"]
        for assessment in pair["assessments"]
    )
    assert counts["person"] == summary.people_created


def test_managers_before_after_and_already_known_are_linked(database: Any) -> None:
    with database.transaction() as session:
        known_id = make_person(session, name="Kim Known", email="kim@example.org").id
    document = minimal_document()
    # ana and bo come before their manager lee; cy after hers (ana); lee's manager is a
    # person already in the database; bo's is the same person as lee's.
    document["people"][2]["manager"] = "kim"
    document["people"][3]["manager"] = "ana"
    document["people"].append({"key": "kim", "name": "Kim K.", "email": "Kim@example.org"})
    with database.transaction() as session:
        import_program(session, document)
    with database.transaction() as session:
        by_name = {person.name: person for person in session.scalars(select(Person))}
        ana, bo, lee, cy = (
            by_name[name] for name in ("Ana Ruiz", "Bo Chen", "Lee Park", "Cy Ndiaye")
        )
        assert ana.manager_id == lee.id and bo.manager_id == lee.id
        assert lee.manager_id == known_id
        assert cy.manager_id == ana.id
        assert by_name["Kim Known"].manager_id is None  # a known person keeps their own
        assert session.scalar(select(Answer.rating).limit(1)) is not None


@pytest.mark.sqlite_only  # PostgreSQL keeps its CHECK constraints through an import
def test_the_database_checks_codes_again_once_the_records_are_written(database: Any) -> None:
    """A pair's records are written with SQLite's CHECK constraints left out (the file's
    field checks have checked every code and range they read); after that, and after an
    error inside, the database checks them again on the same connection."""
    bad_activity = (
        "INSERT INTO activity (pair_id, day, kind, outcome, notes, confidential, version) "
        "VALUES (?, '2027-03-01', 'dance', 'held', '', 0, 1)"
    )
    with database.transaction() as session:
        import_program(session, minimal_document())
        connection = session.connection()
        pair_id = session.scalar(select(Pair.id).limit(1))
        with pytest.raises(IntegrityError, match="ck_activity_kind"):
            connection.exec_driver_sql(bad_activity, (pair_id,))
        with pytest.raises(RuntimeError), bulk.codes_checked_already(session):
            raise RuntimeError
        with pytest.raises(IntegrityError, match="ck_activity_kind"):
            connection.exec_driver_sql(bad_activity, (pair_id,))
        assert connection.exec_driver_sql("PRAGMA ignore_check_constraints").scalar() == 0


def test_the_fast_check_gives_what_the_full_check_gives() -> None:
    check = _pair_check()
    document = demo_program(30, 5, TODAY)
    for index, pair in enumerate(document["pairs"]):
        problems = _Problems()
        # The full check first: the fast one passes only sets of answered items the full
        # check has judged already (in an import, the first pair of each such set).
        full = check(pair, f"pairs[{index}]", problems)
        assert problems.count == 0
        assert check.fast(pair) == full


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda pair: pair["activities"][1].update(kind="dance"), "activities[1].kind", "dance"),
        (lambda pair: pair["activities"][0].pop("date"), "activities[0].date", "is missing"),
        (lambda pair: pair.update(colour="blue"), "colour", "unknown field"),
        (lambda pair: pair["assessments"][0]["answers"].update(loyalty_9=3), "loyalty_9", "item"),
        (lambda pair: pair["assessments"][0]["answers"].update(loyalty_1=6), "loyalty_1", "5"),
        (lambda pair: pair["goals"].append("a goal"), "goals[", "expected an object"),
    ],
)
def test_the_fast_check_refuses_what_the_full_check_reports(
    change: Any, path: str, message: str
) -> None:
    check = _pair_check()
    pair = copy.deepcopy(
        next(
            pair
            for pair in demo_program(30, 5, TODAY)["pairs"]
            if len(pair["activities"]) > 1 and pair["assessments"]
        )
    )
    change(pair)
    with pytest.raises(_Refused):
        check.fast(pair)
    problems = _Problems()
    check(pair, "pairs[0]", problems)
    assert problems.count == 1
    assert path in problems.items[0].path and message in problems.items[0].message
