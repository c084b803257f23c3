"""The ``import people|pairs`` and ``export ...`` commands, run as a coordinator would."""

from __future__ import annotations

import csv

from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.store.database import open_database
from mentordesk.store.models import Pair, Person
from tests.importing.conftest import add_program


def count(db_path, model):
    database = open_database(db_path)
    try:
        with database.transaction() as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        database.close()


def test_import_people_dry_run_then_for_real(db_path, write_csv, capsys):
    path = write_csv(
        [
            ["Name", "E-mail", "Line manager", "Shoe size"],
            ["Ana", "ana@example.org", "", "38"],
            ["Bo", "bo@example.org", "ana@example.org", "44"],
        ]
    )
    assert main(["--db", str(db_path), "import", "people", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Checked people from roster.csv (CSV, UTF-8, comma-separated): 2 new")
    assert out[1:] == [
        "  line 2: new: Ana (ana@example.org)",
        "  line 3: new: Bo (bo@example.org)",
        "Columns not used: 'Shoe size'",
    ]
    assert count(db_path, Person) == 0
    assert main(["--db", str(db_path), "import", "people", str(path)]) == 0
    assert "Imported people from roster.csv" in capsys.readouterr().out
    assert count(db_path, Person) == 2


def test_refused_rows_exit_2_and_save_nothing_unless_skipped(db_path, write_csv, capsys):
    path = write_csv(
        [
            ["Name", "Email", "Manager"],
            ["Ana", "ana@example.org", ""],
            ["Dee", "dee@x.org", "e9931"],
        ]
    )
    assert main(["--db", str(db_path), "import", "people", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Nothing was imported" in out
    assert "  line 3: manager 'e9931' is not in the file or the database" in out
    assert count(db_path, Person) == 0
    assert main(["--db", str(db_path), "import", "people", str(path), "--skip-invalid"]) == 0
    assert count(db_path, Person) == 1


def test_import_pairs_with_a_sheet_and_a_date_format(db_path, write_xlsx, capsys):
    database = open_database(db_path)
    with database.transaction() as session:
        add_program(session, "Spring 2027")
        session.add_all(
            [
                Person(name="Ana", email="ana@example.org", can_mentor=True, capacity=2, skills=[]),
                Person(name="Bo", email="bo@example.org", skills=[]),
            ]
        )
    database.close()
    path = write_xlsx(
        [["Mentor", "Mentee", "Start"], ["ana@example.org", "bo@example.org", "11/01/2027"]],
        sheet="Pairs",
        before={"Readme": [["Exported from Workday"]]},
    )
    argv = ["--db", str(db_path), "import", "pairs", str(path), "--sheet", "Pairs"]
    assert main([*argv, "--date-format", "dmy"]) == 0
    assert "1 new" in capsys.readouterr().out
    assert count(db_path, Pair) == 1


def test_a_file_problem_is_one_line_and_exit_2(db_path, tmp_path, capsys):
    bad = tmp_path / "junk.csv"
    bad.write_bytes(bytes(range(256)) * 4)
    assert main(["--db", str(db_path), "import", "people", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("mentordesk: junk.csv is not a CSV text file")


def test_export_commands(db_path, write_csv, tmp_path, capsys):
    path = write_csv([["Name", "Email"], ["=cmd|' /C calc'!A0", "x@example.org"]])
    assert main(["--db", str(db_path), "import", "people", str(path)]) == 0
    out = tmp_path / "people.csv"
    assert main(["--db", str(db_path), "export", "people", "--out", str(out)]) == 0
    assert "Exported 1 people to" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert (
        main(["--db", str(db_path), "export", "conflicts", "--out", str(tmp_path / "c.xlsx")]) == 0
    )
    assert main(["--db", str(db_path), "export", "pairs", "--out", str(tmp_path / "p.txt")]) == 2
    assert "ending in .csv or .xlsx" in capsys.readouterr().err
