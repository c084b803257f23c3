"""Nasty files: each gives a clear error or a clean import, never a crash or a hang.

The small files live in tests/data/nasty/ (made by tests/data/make_nasty.py); the big
ones (a ZIP bomb, 100,000 rows) are made here in a temporary folder.
"""

from __future__ import annotations

import csv
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from mentordesk.errors import MentorDeskError
from mentordesk.exporting import export_records
from mentordesk.importing import import_pairs, import_people
from mentordesk.importing.cells import FORMULA_STARTS
from mentordesk.store.models import Person
from tests.factories import make_person
from tests.importing.conftest import add_program, people_count, person

DATA = Path(__file__).resolve().parents[1] / "data"
NASTY = DATA / "nasty"
sys.path.insert(0, str(DATA))
import make_nasty  # noqa: E402

ERRORS = {
    "invalid_bytes.csv": "not a CSV text file",
    "empty.csv": "is empty",
    "blank_lines.csv": "holds no rows",
    "binary_junk.csv": "not a CSV text file",
    "binary_junk.xlsx": "not an XLSX workbook",
    "old_excel.xls": "old-style Excel workbook",
    "old_excel_renamed.xlsx": "old-style Excel workbook",
    "zip_not_workbook.xlsx": "cannot be read as an XLSX workbook",
    "truncated.xlsx": "damaged",
    "nul_bytes.csv": "not a CSV text file",
    "no_name_column.csv": "no column for the name",
    "duplicate_columns.csv": "two columns for the email: 'Email' and 'Work email'",
    "huge_cell.csv": "40,000 characters",
    "header_only.csv": "has a header row and no people",
}


def import_file(database, name, **options):
    with database.transaction() as session:
        return import_people(session, NASTY / name, **options)


def test_the_committed_files_are_what_the_script_makes(tmp_path):
    made = make_nasty.build(tmp_path)
    assert sorted(path.name for path in made) == sorted(make_nasty.FILES)
    for path in made:
        assert (NASTY / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_files_refused_as_a_whole_with_a_clear_message(database, name):
    with pytest.raises(MentorDeskError, match=ERRORS[name]) as caught:
        import_file(database, name)
    assert name in str(caught.value)
    with database.transaction() as session:
        assert people_count(session) == 0


@pytest.mark.parametrize(
    ("name", "created", "description"),
    [
        ("cp1252_semicolons.csv", 3, "CSV, Windows-1252, semicolon-separated"),
        ("utf16_tabs.csv", 2, "CSV, UTF-16, tab-separated"),
        ("utf16_without_bom.csv", 2, "CSV, UTF-16 (little-endian), comma-separated"),
        ("utf8_bom_semicolons.csv", 2, "CSV, UTF-8 with byte order mark, semicolon-separated"),
        ("control_characters.csv", 2, "CSV, UTF-8, comma-separated"),
        ("deep_chain.csv", 500, "CSV, UTF-8, comma-separated"),
    ],
)
def test_files_that_import_cleanly(database, name, created, description):
    report = import_file(database, name)
    assert (report.created, report.refused, report.written) == (created, 0, True)
    assert report.description == description
    with database.transaction() as session:
        assert people_count(session) == created


def test_encodings_keep_every_letter(database):
    import_file(database, "cp1252_semicolons.csv")
    import_file(database, "utf16_tabs.csv")
    import_file(database, "utf8_bom_semicolons.csv")
    with database.transaction() as session:
        assert person(session, "zoe@example.org").name == "Zoë Ångström"
        assert person(session, "jurgen@example.org").department == "Rechnungswesen €"
        assert person(session, "shohei@example.org").department == "営業"
        assert person(session, "eleni@example.org").name == "Ελένη Παππά"
        assert person(session, "bo@example.org").skills == ["negotiation", "coaching"]


def test_control_characters_never_reach_the_database(database):
    import_file(database, "control_characters.csv")
    with database.transaction() as session:
        assert person(session, "ana@example.org").name == "Ana[31m Ruiz"
        assert person(session, "bo@example.org").name == "BoLi"


def test_a_deep_chain_of_managers_later_in_the_file(database):
    import_file(database, "deep_chain.csv")
    with database.transaction() as session:
        ids = {p.email: (p.id, p.manager_id) for p in session.scalars(select(Person))}
    for number in range(499):
        assert ids[f"p{number}@example.org"][1] == ids[f"p{number + 1}@example.org"][0]
    assert ids["p499@example.org"][1] is None


def test_ragged_rows(database):
    report = import_file(database, "ragged_rows.csv")
    assert report.refusal_lines() == [
        "line 4: the row has 2 values beyond the last column heading (6 columns); a value may "
        "contain the delimiter without quotes around it"
    ]
    assert not report.written
    report = import_file(database, "ragged_rows.csv", skip_invalid=True)
    assert report.created == 3
    with database.transaction() as session:
        assert (
            person(session, "dee@example.org").manager_id == person(session, "ana@example.org").id
        )


def test_an_unclosed_quote_swallows_the_rest_into_one_refused_row(database):
    report = import_file(database, "unclosed_quote.csv")
    assert report.refused == 1
    assert "neither an email nor an employee id" in report.refused_rows[0].reason


def test_a_manager_cycle_file(database):
    report = import_file(database, "manager_cycle.csv")
    assert [row.line for row in report.refused_rows] == [2, 3]
    assert not report.written


def test_formula_injection_is_stored_as_text_and_exported_escaped(database, tmp_path):
    report = import_file(database, "formula_injection.csv")
    assert report.created == len(make_nasty.FORMULA_NAMES)
    with database.transaction() as session:
        names = set(session.scalars(select(Person.name)))
    # Surrounding blanks are trimmed from a name, so the tab in front goes.
    assert names == {name.strip() for name in make_nasty.FORMULA_NAMES}
    out = tmp_path / "people.csv"
    with database.transaction() as session:
        export_records(session, "people", out)
    with out.open(encoding="utf-8-sig", newline="") as stream:
        cells = [cell for row in csv.reader(stream) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'" + make_nasty.FORMULA_NAMES[0] in cells


def test_pairs_with_impossible_dates(database):
    with database.transaction() as session:
        add_program(session)
        make_person(session, name="Ana", email="ana@example.org", can_mentor=True, capacity=2)
        make_person(session, name="Bo", email="bo@example.org")
    with database.transaction() as session:
        report = import_pairs(session, NASTY / "pairs_bad_dates.csv")
    assert report.refusal_lines() == [
        "line 2: the start '31/02/2027' is not a date (write it as YYYY-MM-DD)",
        "line 3: the start '2027-13-01' is not a valid year-month-day date",
        "line 4: the start 'yesterday' is not a date (write it as YYYY-MM-DD)",
        "line 5: the planned end '1/1/0001' could be day/month/year or month/day/year; write "
        "it as YYYY-MM-DD or say which the file uses (date format dmy or mdy)",
    ]
    with database.transaction() as session:
        report = import_pairs(session, NASTY / "pairs_bad_dates.csv", date_format="dmy")
    assert [row.reason for row in report.refused_rows] == [
        "the start '31/02/2027' is not a valid day/month/year date",
        "the start '2027-13-01' is not a valid year-month-day date",
        "the start 'yesterday' is not a date (write it as YYYY-MM-DD)",
        "the planned end '1/1/0001' is not a plausible date (years 1950–2150)",
    ]


def test_a_zip_bomb_named_xlsx(database, tmp_path):
    path = tmp_path / "roster.xlsx"
    block = b"<row>" + b"0" * 1020 + b"</row>"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(200 * 1024):  # 200 MB of rows that compress to almost nothing
                member.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(MentorDeskError, match="ZIP bomb"):
        with database.transaction() as session:
            import_people(session, path)
    assert time.monotonic() - started < 5


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_a_hundred_thousand_rows(database, tmp_path):
    path = tmp_path / "everyone.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Name", "Email", "Employee ID", "Manager", "Skills", "Can mentor"])
        for number in range(100_000):
            manager = f"E{(number - 1) // 10}" if number else ""
            writer.writerow(
                [f"Person {number}", f"p{number}@example.org", f"E{number}", manager, "sql", "no"]
            )
    started = time.monotonic()
    with database.transaction() as session:
        report = import_people(session, path)
    elapsed = time.monotonic() - started
    assert (report.created, report.refused, report.written) == (100_000, 0, True)
    assert elapsed < 240, f"took {elapsed:.0f} s"
    with database.transaction() as session:
        assert people_count(session) == 100_000
        last = person(session, "p99999@example.org")
        assert last.manager_id == person(session, "p9999@example.org").id
