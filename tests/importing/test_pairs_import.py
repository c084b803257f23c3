"""Importing pairs: people by email or employee id, the roster's rules, dates in every form."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from mentordesk.errors import MentorDeskError
from mentordesk.importing import RowAction, import_pairs
from mentordesk.store.models import Pair, Person, Program
from tests.factories import make_pair, make_person
from tests.importing.conftest import add_program, audit_count, pair_count

HEADER = ["Program", "Mentor", "Mentee", "Model", "Status", "Start", "Planned end"]


@pytest.fixture
def people(database):
    """A program, two mentors (one by employee id), three mentees, someone who left."""
    with database.transaction() as session:
        add_program(session, "Spring 2027", model="informal")
        add_program(session, "Autumn 2027")
        make_person(session, name="Ana", email="ana@example.org", can_mentor=True, capacity=3)
        make_person(
            session, name="Max", email=None, employee_id="E7", can_mentor=True, capacity=2
        )
        make_person(session, name="Bo", email="bo@example.org")
        make_person(session, name="Cy", email="cy@example.org")
        make_person(session, name="Dee", email="dee@example.org")
        make_person(session, name="Gone", email="gone@example.org", active=False)
    return database


def run(database, path, **options):
    with database.transaction() as session:
        return import_pairs(session, path, **options)


def pairs(database):
    with database.transaction() as session:
        return [
            (p.program.name, p.mentor.name, p.mentee.name, p.model, p.status, p.start_date)
            for p in session.scalars(select(Pair).order_by(Pair.id))
        ]


def test_pairs_are_created_with_program_defaults(people, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Spring 2027", "ana@example.org", "BO@example.org", "", "", "2027-01-11", ""],
            ["spring 2027", "e7", "cy@example.org", "Peer-to-peer", "Proposed", "2027-01-12", ""],
        ]
    )
    report = run(people, path)
    assert (report.created, report.refused) == (2, 0)
    assert pairs(people) == [
        ("Spring 2027", "Ana", "Bo", "informal", "active", date(2027, 1, 11)),
        ("Spring 2027", "Max", "Cy", "peer", "proposed", date(2027, 1, 12)),
    ]


def test_re_importing_updates_the_same_pair(people, write_csv):
    first = write_csv(
        [
            HEADER,
            [
                "Spring 2027",
                "ana@example.org",
                "bo@example.org",
                "formal",
                "active",
                "2027-01-11",
                "",
            ],
        ]
    )
    run(people, first)
    again = write_csv(
        [
            HEADER,
            [
                "Spring 2027",
                "ana@example.org",
                "bo@example.org",
                "formal",
                "paused",
                "2027-01-11",
                "2027-06-30",
            ],
        ],
        name="again.csv",
    )
    report = run(people, again)
    assert report.rows[0].action is RowAction.UPDATED
    assert report.rows[0].changed == ("status", "planned end")
    with people.transaction() as session:
        pair = session.scalars(select(Pair)).one()
        assert (pair.status, pair.planned_end, pair.version) == ("paused", date(2027, 6, 30), 2)
    assert run(people, again).rows[0].action is RowAction.UNCHANGED


def test_the_roster_rules_refuse_rows_with_reasons(people, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Spring 2027", "ana@example.org", "ana@example.org", "", "", "2027-01-11", ""],
            ["Spring 2027", "bo@example.org", "cy@example.org", "", "", "2027-01-11", ""],
            ["Spring 2027", "ana@example.org", "gone@example.org", "", "", "2027-01-11", ""],
            [
                "Spring 2027",
                "ana@example.org",
                "dee@example.org",
                "",
                "",
                "2027-02-01",
                "2027-01-01",
            ],
            ["Spring 2027", "ana@example.org", "nobody@example.org", "", "", "2027-01-11", ""],
            ["Winter", "ana@example.org", "dee@example.org", "", "", "2027-01-11", ""],
            ["Spring 2027", "ana@example.org", "dee@example.org", "hybrid", "", "2027-01-11", ""],
            ["Spring 2027", "ana@example.org", "dee@example.org", "", "", "", ""],
            ["Spring 2027", "ana@example.org", "dee@example.org", "", "", "2027-01-11", ""],
            ["Spring 2027", "e7", "dee@example.org", "", "", "2027-01-12", ""],
        ]
    )
    report = run(people, path)
    assert report.refusal_lines() == [
        "line 2: Ana cannot be their own mentor",
        "line 3: Bo is not marked as able to mentor",
        "line 4: Gone has left the company and cannot be mentored",
        "line 5: the planned end (2027-01-01) is before the start (2027-02-01)",
        "line 6: mentee 'nobody@example.org' is not in the database (import the people first)",
        "line 7: program 'Winter' is not in the database",
        "line 8: the model 'hybrid' is not one of: formal, informal, peer",
        "line 9: the start date is missing",
        "line 11: Dee already has a proposed or active pair in Spring 2027 (with Ana, line 10); "
        "a mentee has at most one",
    ]
    assert not report.written
    with people.transaction() as session:
        assert pair_count(session) == 0


def test_one_active_pair_per_mentee_counts_the_database(people, write_csv):
    with people.transaction() as session:
        spring = session.scalar(select(Program).where(Program.name == "Spring 2027"))
        ana = session.scalar(select(Person).where(Person.email == "ana@example.org"))
        bo = session.scalar(select(Person).where(Person.email == "bo@example.org"))
        make_pair(session, spring, ana, bo, status="active")
    path = write_csv(
        [
            HEADER,
            ["Spring 2027", "e7", "bo@example.org", "", "", "2027-02-01", ""],
            ["Spring 2027", "e7", "bo@example.org", "", "completed", "2026-02-01", "2026-12-01"],
            ["Autumn 2027", "e7", "bo@example.org", "", "", "2027-09-01", ""],
        ]
    )
    report = run(people, path, skip_invalid=True)
    assert report.refusal_lines() == [
        "line 2: Bo already has a proposed or active pair in Spring 2027 (with Ana); "
        "a mentee has at most one"
    ]
    assert report.created == 2


@pytest.mark.parametrize(
    ("written", "order", "expected"),
    [
        ("11/01/2027", "dmy", date(2027, 1, 11)),
        ("01/11/2027", "mdy", date(2027, 1, 11)),
        ("2027-01-11", None, date(2027, 1, 11)),
    ],
)
def test_date_formats(people, write_csv, written, order, expected):
    path = write_csv(
        [HEADER, ["Spring 2027", "ana@example.org", "bo@example.org", "", "", written, ""]]
    )
    report = run(people, path, date_format=order)
    assert report.created == 1
    assert pairs(people)[0][5] == expected


def test_an_ambiguous_date_without_a_format_is_refused(people, write_csv):
    path = write_csv(
        [HEADER, ["Spring 2027", "ana@example.org", "bo@example.org", "", "", "11/01/2027", ""]]
    )
    report = run(people, path)
    assert "could be day/month/year or month/day/year" in report.refused_rows[0].reason


def test_xlsx_with_excel_date_cells(people, write_xlsx):
    path = write_xlsx(
        [
            [
                "Programme",
                "Mentor email",
                "Mentee email",
                "Start date",
                "End date",
                "Agreement signed",
                "Cadence",
            ],
            [
                "Spring 2027",
                "ana@example.org",
                "bo@example.org",
                datetime(2027, 1, 11),
                datetime(2027, 7, 1),
                46400,
                21,
            ],
        ]
    )
    report = run(people, path)
    assert report.created == 1
    with people.transaction() as session:
        pair = session.scalars(select(Pair)).one()
        assert (pair.start_date, pair.planned_end, pair.agreement_signed, pair.cadence_days) == (
            date(2027, 1, 11),
            date(2027, 7, 1),
            date(2027, 1, 13),
            21,
        )


def test_the_program_option_and_a_missing_program(people, write_csv):
    path = write_csv(
        [["Mentor", "Mentee", "Start"], ["ana@example.org", "bo@example.org", "2027-01-11"]]
    )
    with pytest.raises(MentorDeskError, match="no program column"):
        run(people, path)
    with pytest.raises(MentorDeskError, match="There is no program called 'Summer'"):
        run(people, path, program="Summer")
    report = run(people, path, program="autumn 2027")
    assert report.created == 1
    assert pairs(people)[0][0] == "Autumn 2027"


def test_a_pairs_file_needs_mentor_mentee_and_start(people, write_csv):
    with pytest.raises(MentorDeskError, match="no 'start' column"):
        run(people, write_csv([["Mentor", "Mentee"], ["a", "b"]]))


def test_dry_run_and_audit(people, write_csv):
    path = write_csv(
        [HEADER, ["Spring 2027", "ana@example.org", "bo@example.org", "", "", "2027-01-11", ""]]
    )
    with people.transaction() as session:
        before = audit_count(session)
    report = run(people, path, dry_run=True)
    assert (report.created, report.written) == (1, False)
    with people.transaction() as session:
        assert (pair_count(session), audit_count(session)) == (0, before)
    run(people, path)
    with people.transaction() as session:
        assert (pair_count(session), audit_count(session)) == (1, before + 1)


def test_ending_a_running_pair_early_needs_a_reason(people, write_csv):
    start = ["Spring 2027", "ana@example.org", "bo@example.org", "", "active", "2027-01-11"]
    run(people, write_csv([HEADER[:6], start]))
    header = [*HEADER[:6], "End reason"]
    report = run(
        people, write_csv([header, [*start[:4], "ended early", start[5], ""]], name="b.csv")
    )
    assert report.refused_rows[0].reason == "say why the pair ended early (an end reason column)"
    report = run(
        people,
        write_csv([header, [*start[:4], "Ended early", start[5], "moved abroad"]], name="c.csv"),
    )
    assert report.rows[0].changed == ("status", "end reason")


def test_the_mentors_places_count_proposed_and_active_rows(people, write_csv):
    """Decided disagreement: capacity was never checked on import; now proposed and
    active pairs both use a place, the database's first and then the file's rows."""
    path = write_csv(
        [
            HEADER,
            ["Spring 2027", "e7", "bo@example.org", "", "proposed", "2027-02-01", ""],
            ["Spring 2027", "e7", "cy@example.org", "", "active", "2027-02-01", ""],
            ["Spring 2027", "e7", "dee@example.org", "", "proposed", "2027-02-01", ""],
        ]
    )
    report = run(people, path, skip_invalid=True)
    assert report.refusal_lines() == [
        "line 4: Max has no place left: 2 of 2 taken (proposed and active pairs both count)"
    ]


def test_a_management_chain_pair_needs_a_disclosure_column(people, write_csv):
    """Decided disagreement: the import accepted a mentor managing the mentee silently;
    now the row needs a written disclosure, saved as a conflict of interest."""
    from mentordesk.store.models import Conflict

    with people.transaction() as session:
        ana = session.scalar(select(Person).where(Person.email == "ana@example.org"))
        for email in ("bo@example.org", "cy@example.org"):
            session.scalar(select(Person).where(Person.email == email)).manager_id = ana.id
    header = [*HEADER, "Disclosure"]
    path = write_csv(
        [
            header,
            ["Spring 2027", "ana@example.org", "bo@example.org", "", "", "2027-02-01", "", ""],
            [
                "Spring 2027",
                "ana@example.org",
                "cy@example.org",
                "",
                "",
                "2027-02-01",
                "",
                "Ana manages Cy; HR agreed on 2 Feb.",
            ],
        ]
    )
    report = run(people, path, skip_invalid=True)
    assert report.refusal_lines() == [
        "line 2: Ana manages Bo: a mentor in the mentee's management chain needs a written "
        "disclosure of this conflict of interest (a disclosure column)"
    ]
    assert report.created == 1
    with people.transaction() as session:
        (conflict,) = session.scalars(select(Conflict)).all()
        assert conflict.kind == "conflict_of_interest"
        assert conflict.description == "Ana manages Cy; HR agreed on 2 Feb."
        assert conflict.pair.mentee.name == "Cy"
