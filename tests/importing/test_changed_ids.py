"""Re-importing a roster a spreadsheet has mangled (issue 19, item 4): a changed employee
id, or a value that looks like a spreadsheet's conversion of the stored one, is named
row by row and saved only when confirmed."""

from __future__ import annotations

from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.importing import import_people
from mentordesk.store.database import open_database
from mentordesk.store.models import Person
from tests.factories import make_person
from tests.importing.conftest import people_count


def _people(database) -> dict[str, tuple[str | None, str | None]]:
    with database.transaction() as session:
        return {
            person.name: (person.employee_id, person.department)
            for person in session.scalars(select(Person))
        }


def _stored(database) -> None:
    with database.transaction() as session:
        make_person(session, name="Ada", email="ada@example.org", employee_id="0042")
        make_person(session, name="Bo", email="bo@example.org", employee_id="123456789012")
        make_person(session, name="Cy", email="cy@example.org", employee_id="E7")


def test_a_stripped_leading_zero_is_held_and_nothing_saved(database, write_csv):
    _stored(database)
    before = _people(database)
    path = write_csv(
        [
            ["Name", "Email", "Employee ID", "Department"],
            ["Ada", "ada@example.org", "42", "Data"],
            ["Bo", "bo@example.org", "1.23457E+11", "Platform"],
            ["Cy", "cy@example.org", "E7", "Research"],
        ]
    )
    with database.transaction() as session:
        report = import_people(session, path)
    assert not report.written and report.held
    assert [row.line for row in report.held_rows] == [2, 3]
    ada = report.held_rows[0].held[0]
    assert (ada.column, ada.stored, ada.found) == ("employee id", "0042", "42")
    assert "leading zeros" in ada.why
    assert "scientific notation" in report.held_rows[1].held[0].why
    assert "Nothing was imported" in report.summary()
    assert "lines 2 and 3" in report.summary()
    assert (
        "line 2: update: Ada (ada@example.org) (employee id, department); "
        "check employee id '0042' → '42'"
        in report.describe(report.rows[0])
    )
    assert _people(database) == before


def test_confirmed_changes_are_applied(database, write_csv):
    _stored(database)
    path = write_csv([["Name", "Email", "Employee ID"], ["Ada", "ada@example.org", "42"]])
    with database.transaction() as session:
        report = import_people(session, path, accept_changed_ids=True)
    assert report.written and not report.held
    assert report.summary().startswith("Imported people")
    assert _people(database)["Ada"][0] == "42"


def test_a_file_without_emails_finds_the_person_by_the_converted_id(database, write_csv):
    _stored(database)
    path = write_csv([["Name", "Employee ID", "Title"], ["Ada", "42", "Analyst"]])
    with database.transaction() as session:
        report = import_people(session, path)
    assert report.held and report.created == 0 and report.updated == 1
    assert "leading zeros" in report.held_rows[0].held[0].why
    with database.transaction() as session:
        assert people_count(session) == 3
        report = import_people(session, path, accept_changed_ids=True)
    assert report.written
    with database.transaction() as session:
        # Ada herself took the new id: no second Ada.
        assert people_count(session) == 3
        ada = session.scalar(select(Person).where(Person.name == "Ada"))
        assert (ada.employee_id, ada.title) == ("42", "Analyst")


def test_any_change_of_an_employee_id_is_held(database, write_csv):
    _stored(database)
    path = write_csv([["Name", "Email", "Employee ID"], ["Cy", "cy@example.org", "E8"]])
    with database.transaction() as session:
        report = import_people(session, path)
    assert report.held
    assert report.held_rows[0].held[0].why == "the employee id on file would change"
    assert _people(database)["Cy"][0] == "E7"


def test_a_converted_department_is_held_a_renamed_one_is_not(database, write_csv):
    with database.transaction() as session:
        make_person(session, name="Ada", email="ada@example.org", department="0420")
        make_person(session, name="Bo", email="bo@example.org", department="Platform")
    path = write_csv(
        [
            ["Name", "Email", "Department"],
            ["Ada", "ada@example.org", "420"],
            ["Bo", "bo@example.org", "Data"],
        ]
    )
    with database.transaction() as session:
        report = import_people(session, path, dry_run=True)
    assert [row.line for row in report.held_rows] == [2]
    assert report.held_rows[0].held[0].column == "department"
    assert "applied only when the changes are confirmed" in report.summary()
    with database.transaction() as session:
        assert import_people(session, path).written is False
    assert _people(database) == {"Ada": (None, "0420"), "Bo": (None, "Platform")}


def test_import_people_command_refuses_held_changes_with_exit_2(db_path, write_csv, capsys):
    database = open_database(db_path)
    try:
        _stored(database)
    finally:
        database.close()
    path = write_csv(
        [
            ["Name", "Email", "Employee ID"],
            ["Ada", "ada@example.org", "42"],
            ["Cy", "cy@example.org", "E7"],
        ]
    )
    assert main(["--db", str(db_path), "import", "people", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Nothing was imported" in out
    assert "Held (add --accept-changed-ids to apply these changes" in out
    assert (
        "  line 2: Ada (ada@example.org): employee id '0042' → '42': a spreadsheet read it "
        "as a number and dropped its leading zeros"
    ) in out
    database = open_database(db_path)
    try:
        assert _people(database)["Ada"][0] == "0042"
    finally:
        database.close()
    # A dry run names it too, and exits 0: it saves nothing anyway.
    assert main(["--db", str(db_path), "import", "people", str(path), "--dry-run"]) == 0
    assert "check employee id '0042' → '42'" in capsys.readouterr().out

    assert main(["--db", str(db_path), "import", "people", str(path), "--accept-changed-ids"]) == 0
    out = capsys.readouterr().out
    assert "Imported people" in out and "Confirmed changes:" in out
    database = open_database(db_path)
    try:
        assert _people(database)["Ada"][0] == "42"
    finally:
        database.close()


def test_a_pair_naming_a_converted_id_says_whose_it_may_be(database, write_csv):
    from mentordesk.importing import import_pairs
    from tests.importing.conftest import add_program

    _stored(database)
    with database.transaction() as session:
        add_program(session)
    path = write_csv(
        [["Mentor", "Mentee", "Start"], ["cy@example.org", "42", "2027-01-11"]], name="pairs.csv"
    )
    with database.transaction() as session:
        report = import_pairs(session, path)
    assert report.refused == 1
    assert report.rows[0].reason == (
        "mentee '42' is not in the database (import the people first); it may be employee "
        "id '0042' (Ada), as a spreadsheet read it as a number and dropped its leading "
        "zeros: use the file as the HR system wrote it"
    )
