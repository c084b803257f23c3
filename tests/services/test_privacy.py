"""A person's data can be exported in full and erased without breaking the statistics."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.services.audit_log import audit_entries
from mentordesk.services.privacy import ERASED_TEXT, erase_person, person_export
from mentordesk.store.models import Activity, Assessment, AuditEntry, Pair, Person
from tests.factories import add_activity, add_assessment, add_conflict, make_pair, make_person


def _pair_with_history(session, status: str = "completed") -> Pair:
    mentee = make_person(session, name="Zoë Ångström", email="zoe@example.org", title="Analyst")
    pair = make_pair(session, mentee=mentee, status=status, expectations="Grow into a lead")
    activity = add_activity(session, pair, date(2027, 2, 1))
    activity.notes = "Talked about her manager"
    activity.confidential = True
    assessment = add_assessment(session, pair, date(2027, 2, 15), answers=4)
    assessment.comment = "Feels supported"
    add_conflict(session, pair, date(2027, 3, 1), description="Private matter")
    session.flush()
    return pair


def test_export_holds_everything_about_the_person(database) -> None:
    with database.transaction() as session:
        _pair_with_history(session)
    with database.transaction() as session:
        document = person_export(session, "ZOE@example.org ")
    assert document["person"]["name"] == "Zoë Ångström"
    (pair,) = document["pairs"]
    assert pair["role"] == "mentee"
    assert pair["activities"][0]["notes"] == "Talked about her manager"
    assert pair["assessments"][0]["answers"]["loyalty_3"] == 4
    assert pair["conflicts"][0]["description"] == "Private matter"
    json.dumps(document)  # serialisable as it is


def test_someone_without_an_email_is_found_by_id(database) -> None:
    """The window names people by id: not everyone has an email address."""
    with database.transaction() as session:
        nameless = make_person(session, name="Dee Park", email=None, employee_id="E4")
        make_pair(session, mentee=nameless, status="completed")
        session.flush()
        person_id = nameless.id
    with database.transaction() as session:
        assert person_export(session, person_id)["person"]["employee_id"] == "E4"
        with pytest.raises(NotFound, match="no longer exists"):
            person_export(session, person_id + 1000)
    with database.transaction() as session:
        assert erase_person(session, person_id) == person_id
    with database.transaction() as session:
        assert session.get(Person, person_id).employee_id is None


def test_erase_keeps_statistics_and_removes_identity_and_free_text(database) -> None:
    with database.transaction() as session:
        pair = _pair_with_history(session)
        counts_before = (
            session.scalar(select(func.count(Activity.id))),
            session.scalar(select(func.avg(Assessment.overall))),
        )
    with database.transaction() as session:
        person_id = erase_person(session, "zoe@example.org")
    with database.transaction() as session:
        person = session.get(Person, person_id)
        assert person.name == f"Erased person {person_id}"
        assert (person.email, person.employee_id, person.title) == (None, None, None)
        stored = session.get(Pair, pair.id)
        assert stored.expectations == ERASED_TEXT
        assert stored.activities[0].notes == ERASED_TEXT
        assert stored.assessments[0].comment == ERASED_TEXT
        assert stored.conflicts[0].description == ERASED_TEXT
        counts_after = (
            session.scalar(select(func.count(Activity.id))),
            session.scalar(select(func.avg(Assessment.overall))),
        )
        assert counts_after == counts_before
        erasures = session.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).all()
        assert [(e.record_type, e.record_id) for e in erasures] == [("person", person_id)]
        assert "Zoë" not in repr(
            [(e.fields, e.summary) for e in session.scalars(select(AuditEntry))]
        )


def test_erase_refuses_someone_still_in_a_running_pair(database) -> None:
    with database.transaction() as session:
        _pair_with_history(session, status="active")
    with (
        pytest.raises(MentorDeskError, match="end the pair before erasing"),
        database.transaction() as session,
    ):
        erase_person(session, "zoe@example.org")
    with database.transaction() as session:
        assert session.scalar(select(Person.name).where(Person.email == "zoe@example.org"))


def test_unknown_email_is_a_clear_refusal(database) -> None:
    with (
        pytest.raises(NotFound, match=r"Nobody with the email address x@y\.z"),
        database.transaction() as session,
    ):
        person_export(session, "x@y.z")


def test_person_and_audit_commands(database, db_path: Path, tmp_path: Path, capsys) -> None:
    with database.transaction() as session:
        _pair_with_history(session)
    database.close()
    out = tmp_path / "zoe.json"
    assert (
        main(["--db", str(db_path), "person", "export", "zoe@example.org", "--out", str(out)]) == 0
    )
    assert json.loads(out.read_text(encoding="utf-8"))["person"]["email"] == "zoe@example.org"
    assert main(["--db", str(db_path), "person", "erase", "zoe@example.org"]) == 1
    assert "add --yes" in capsys.readouterr().err
    assert main(["--db", str(db_path), "person", "erase", "zoe@example.org", "--yes"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "audit", "--since", "2000-01-01"]) == 0
    log = capsys.readouterr().out
    assert "Erased Person" in log and "Created Pair" in log
    assert "Private matter" not in log and "Zoë" not in log
    assert main(["--db", str(db_path), "audit", "--since", "yesterday"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error == [
        "mentordesk audit: argument --since: 'yesterday' is not a date; write it as "
        "YYYY-MM-DD, e.g. 2027-03-31 (see 'mentordesk audit --help')"
    ]


def test_audit_rows_read_like_sentences(database) -> None:
    with database.transaction() as session:
        person = make_person(session, name="Ana")
    with database.transaction() as session:
        session.get(Person, person.id).department = "Sales"
    with database.transaction() as session:
        rows = audit_entries(session)
    assert rows[0].description == "Changed Person Ana: department (Platform → Sales)"
