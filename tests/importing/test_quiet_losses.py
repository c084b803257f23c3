"""Nothing in an HR file is lost without a word (issue 16 item 11): a heading that is
nearly a known one, formulas without a saved result, a file with headings and no
rows, dates no order makes real, a huge cell; and `check` says schema drift in words."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.errors import MentorDeskError
from mentordesk.importing import cells, import_pairs, import_people
from mentordesk.importing.cells import CellProblem
from mentordesk.store.database import open_database
from tests.importing.conftest import people_count

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Name", "Email", "Department", "Capacity"]


def test_a_heading_only_punctuation_away_from_a_known_one_is_refused_by_name(
    database, write_csv
) -> None:
    path = write_csv(
        [
            [*HEADER, "Mentor?"],
            ["Ana Ruiz", "ana@example.org", "Platform", "2", "yes"],
            ["Bo Li", "bo@example.org", "Design", "1", "yes"],
        ]
    )
    with database.transaction() as session, pytest.raises(MentorDeskError) as caught:
        import_people(session, path)
    message = str(caught.value)
    assert "'Mentor?'" in message and "'can mentor'" in message
    with database.transaction() as session:
        assert people_count(session) == 0


def test_a_heading_a_letter_off_is_named_in_a_warning(
    database, write_csv, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    path = write_csv(
        [
            [*HEADER, "Mentors"],
            ["Ana Ruiz", "ana@example.org", "Platform", "2", "yes"],
        ]
    )
    with database.transaction() as session:
        report = import_people(session, path, dry_run=True)
    assert report.ignored_columns == ("Mentors",)
    assert len(report.warnings) == 1
    assert "'Mentors' looks like 'mentor' (can mentor)" in report.warnings[0]
    code = main(["--db", str(db_path), "import", "people", str(path)])
    out, _err = capsys.readouterr()
    assert code == 0
    assert "Warning: roster.csv: 'Mentors' looks like 'mentor'" in out
    # A heading that is nothing like a known one is listed, not warned about.
    other = write_csv([[*HEADER, "Favourite colour"], ["Cy", "cy@example.org", "", "", "red"]])
    with database.transaction() as session:
        assert import_people(session, other, dry_run=True).warnings == ()


def test_formula_cells_without_a_saved_result_are_warned_about(database, write_xlsx) -> None:
    """openpyxl (like many report generators) writes formulas without their results;
    read back, those cells are empty."""
    path = write_xlsx(
        [
            HEADER,
            ["Ana Ruiz", "ana@example.org", "Platform", "=1+1"],
            ["Bo Li", "bo@example.org", "Design", 1],
            ["Cy Diaz", "cy@example.org", '=UPPER("ops")', "=2*1"],
        ]
    )
    with database.transaction() as session:
        report = import_people(session, path, dry_run=True)
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    assert "3 cells hold a formula without a saved result" in warning
    assert "row 2 ('Capacity')" in warning and "row 4 ('Department')" in warning
    # A workbook whose formulas were calculated and saved has nothing to warn about.
    plain = write_xlsx([HEADER, ["Ana Ruiz", "ana@example.org", "Platform", 2]], name="ok.xlsx")
    with database.transaction() as session:
        assert import_people(session, plain, dry_run=True).warnings == ()


@pytest.mark.parametrize(
    ("what", "header"), [("people", HEADER), ("pairs", ["Mentor", "Mentee", "Start"])]
)
def test_a_file_with_headings_and_no_rows_exits_2(
    what: str, header: list[str], db_path: Path, write_csv, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path).close()
    path = write_csv([header], name=f"{what}.csv")
    code = main(["--db", str(db_path), "import", what, str(path)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert f"{what}.csv has a header row and no {what}" in err


def test_header_only_is_refused_by_the_importers_too(database, write_csv) -> None:
    path = write_csv([["Mentor", "Mentee", "Start"]], name="pairs.csv")
    with database.transaction() as session, pytest.raises(MentorDeskError, match="no pairs"):
        import_pairs(session, path)


@pytest.mark.parametrize("value", ["31/02/2026", "13/13/2026", "00/00/2026", "30/02/26"])
def test_a_date_no_order_makes_real_is_not_a_date(value: str) -> None:
    with pytest.raises(CellProblem) as caught:
        cells.day(value, "start", None)
    assert str(caught.value) == f"the start '{value}' is not a date (write it as YYYY-MM-DD)"


def test_a_date_only_one_order_makes_real_says_which() -> None:
    with pytest.raises(CellProblem, match="can only be day/month/year"):
        cells.day("31/12/2026", "start", None)
    with pytest.raises(CellProblem, match="could be day/month/year or month/day/year"):
        cells.day("04/03/2026", "start", None)


def test_a_huge_cell_is_called_huge_not_an_unclosed_quote(database, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(
        "Name,Email\nAna Ruiz,ana@example.org\nBo Li," + "b" * 200_000 + "@example.org\n",
        encoding="utf-8",
    )
    with database.transaction() as session, pytest.raises(MentorDeskError) as caught:
        import_people(session, path)
    message = str(caught.value)
    assert "line 3, column 2: a cell holds 200,012 characters" in message
    assert "quote" not in message
    # An opened quote that swallows the lines after it is still called one.
    quoted = tmp_path / "quoted.csv"
    rows = "".join(f"P{n},p{n}@example.org\n" for n in range(3000))
    quoted.write_text(f'Name,Email\n"Ana,ana@example.org\n{rows}', encoding="utf-8")
    with database.transaction() as session, pytest.raises(MentorDeskError, match="quote"):
        import_people(session, quoted)


def test_check_says_schema_drift_in_words(db_path: Path, capsys: pytest.CaptureFixture[str]):
    open_database(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute("ALTER TABLE person ADD COLUMN nickname TEXT")
    connection.execute("CREATE TABLE extra_notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("DROP INDEX ix_person_name")
    connection.commit()
    connection.close()
    code = main(["--db", str(db_path), "check"])
    out, err = capsys.readouterr()
    assert code == 1, err
    (problem,) = [line for line in out.splitlines() if line.startswith("Problem:")]
    assert "the table 'person' has a column 'nickname' this MentorDesk does not know" in problem
    assert "there is a table 'extra_notes' this MentorDesk does not know" in problem
    assert "the index 'ix_person_name' on 'person' is missing" in problem
    assert "Column(" not in problem and "Table(" not in problem and "Index(" not in problem


@pytest.mark.parametrize("command", [["audit"], ["export", "program", "--out", "-"]])
def test_a_closed_pipe_ends_quietly(db_path: Path, command: list[str]) -> None:
    """`mentordesk … | head -1`: the reader goes away; no BrokenPipeError traceback."""
    assert main(["--db", str(db_path), "demo", "--pairs", "12", "--seed", "5"]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "mentordesk", "--db", str(db_path), *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # closed before anything is read
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
