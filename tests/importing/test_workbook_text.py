"""Formula-shaped text in exports (issue 19, item 3): typed as text in XLSX with no
apostrophe, the apostrophe in CSV only; both import back as the literal text.
LibreOffice, when installed, checks that the workbook's text is shown as written
and never evaluated."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from mentordesk.exporting import export_records
from mentordesk.importing import import_people
from mentordesk.store.database import open_database
from mentordesk.store.models import Person
from tests.factories import make_person

# name, title, location: each starts like a formula (or a sign a spreadsheet reads).
PEOPLE = (
    ("=1+1", "+44 20", "@home"),
    ("-Dash Name", "=SUM(A1:A3)", "-north"),
)


@pytest.fixture
def formula_shaped(database):
    with database.transaction() as session:
        for number, (name, title, location) in enumerate(PEOPLE):
            make_person(
                session,
                name=name,
                email=f"p{number}@example.org",
                title=title,
                location=location,
            )
    return database


def _export(database, path: Path) -> None:
    with database.transaction() as session:
        export_records(session, "people", path)


def _stored(database) -> set[tuple[str, str | None, str | None]]:
    with database.transaction() as session:
        return {
            (person.name, person.title, person.location)
            for person in session.scalars(select(Person))
        }


def test_xlsx_text_cells_are_strings_without_an_apostrophe(formula_shaped, tmp_path):
    out = tmp_path / "people.xlsx"
    _export(formula_shaped, out)
    workbook = load_workbook(out)
    try:
        rows = list(workbook.active.iter_rows())
    finally:
        workbook.close()
    heading = [cell.value for cell in rows[0]]
    columns = [heading.index(name) for name in ("name", "title", "location")]
    found = {tuple(row[position].value for position in columns) for row in rows[1:]}
    assert found == set(PEOPLE)
    for row in rows[1:]:
        for position in columns:
            assert row[position].data_type == "s"
            assert not row[position].value.startswith("'")


def test_csv_keeps_the_apostrophe_and_the_import_removes_it(formula_shaped, tmp_path):
    out = tmp_path / "people.csv"
    _export(formula_shaped, out)
    with out.open(encoding="utf-8-sig", newline="") as stream:
        values = {cell for row in csv.reader(stream) for cell in row}
    assert {"'=1+1", "'-Dash Name", "'+44 20", "'@home", "'=SUM(A1:A3)"} <= values
    _check_import(out, tmp_path / "other.sqlite3")


def test_xlsx_text_starting_with_equals_imports_as_the_literal_text(formula_shaped, tmp_path):
    out = tmp_path / "people.xlsx"
    _export(formula_shaped, out)
    _check_import(out, tmp_path / "other.sqlite3")
    # And back into the same database: nothing changes.
    with formula_shaped.transaction() as session:
        assert import_people(session, out).unchanged == len(PEOPLE)


def _check_import(path: Path, database_path: Path) -> None:
    other = open_database(database_path)
    try:
        with other.transaction() as session:
            report = import_people(session, path)
        assert (report.created, report.refused) == (len(PEOPLE), 0)
        assert _stored(other) == set(PEOPLE)
    finally:
        other.close()


def _libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_shows_the_text_as_written_and_does_not_evaluate_it(
    formula_shaped, tmp_path
):
    office = _libreoffice()
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    out = tmp_path / "people.xlsx"
    _export(formula_shaped, out)
    converted = tmp_path / "converted"
    # Its own profile folder: a LibreOffice already running elsewhere is left alone.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(converted),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (converted / "people.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    heading = rows[0]
    columns = [heading.index(name) for name in ("name", "title", "location")]
    found = {tuple(row[position] for position in columns) for row in rows[1:]}
    # '=1+1' evaluated would read 2; '-Dash Name' as a formula would be an error.
    assert found == set(PEOPLE)

    # Re-saved by LibreOffice as a workbook, the text is still text and imports unchanged.
    resaved = tmp_path / "resaved"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(resaved),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with formula_shaped.transaction() as session:
        report = import_people(session, resaved / "people.xlsx")
    assert (report.unchanged, report.held_rows) == (len(PEOPLE), ())


def test_cohort_plan_workbook_types_its_text_as_text(tmp_path):
    from types import SimpleNamespace

    from mentordesk.importing.cohort_files import read_plan, write_plan

    row = SimpleNamespace(
        mentee="=1+1",
        mentee_email="mentee@example.org",
        mentee_employee_id="0042",
        mentor="-Dash Name",
        mentor_email="mentor@example.org",
        mentor_employee_id=None,
        score=0.75,
        reasons=["+2 shared skills"],
        unmatched_reason=None,
    )
    out = write_plan(tmp_path / "plan.xlsx", [row], {})
    workbook = load_workbook(out)
    try:
        cells = next(workbook.active.iter_rows(min_row=2))
    finally:
        workbook.close()
    texts = [cell for cell in cells if isinstance(cell.value, str) and cell.value]
    assert [cell.value for cell in texts] == [
        "=1+1",
        "mentee@example.org",
        "0042",
        "-Dash Name",
        "mentor@example.org",
        "+2 shared skills",
    ]
    assert all(cell.data_type == "s" for cell in texts)
    assert read_plan(out) == [("mentee@example.org", "mentor@example.org", 2)]
