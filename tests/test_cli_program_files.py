"""``mentordesk export program``, ``import program`` and ``demo`` run the way a user runs them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.commands import program_files
from mentordesk.program_file import dump_program
from mentordesk.store.database import open_database
from mentordesk.store.models import Base
from tests.factories import make_person, make_program

AS_OF = "2027-06-01"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def counts(path: Path) -> dict[str, int]:
    database = open_database(path)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }
    finally:
        database.close()


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.sqlite3"
    code, out, err = run(
        capsys, "--db", str(path), "demo", "--pairs", "40", "--seed", "7", "--as-of", AS_OF
    )
    assert (code, err) == (0, "")
    assert "40 pairs" in out and "history up to 2027-06-01" in out
    return path


def test_export_import_export_through_files_is_byte_identical(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.mentordesk.json"
    code, out, err = run(capsys, "--db", str(demo_db), "export", "program", "--out", str(first))
    assert (code, err) == (0, "")
    assert out.startswith("Exported the program '") and "40 pairs" in out

    other = tmp_path / "other.sqlite3"
    code, out, err = run(capsys, "--db", str(other), "import", "program", str(first))
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("Imported the program '")
    assert "pairs         40 with" in out

    second = tmp_path / "second.mentordesk.json"
    code, _out, _err = run(capsys, "--db", str(other), "export", "program", "--out", str(second))
    assert code == 0
    assert second.read_bytes() == first.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["format"] == "mentordesk-program"


def test_export_to_the_screen(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", str(demo_db), "export", "program", "--out", "-")
    assert code == 0
    document = json.loads(out)
    assert out == dump_program(document)
    assert len(document["pairs"]) == 40


def test_a_bad_file_is_one_line_exit_2_and_changes_nothing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "program.mentordesk.json"
    assert run(capsys, "--db", str(demo_db), "export", "program", "--out", str(exported))[0] == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["program"]["name"] = "Another program"
    document["pairs"][3]["assessments"][0]["answers"]["loyalty_4"] = 4
    bad = tmp_path / "bad.mentordesk.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    broken = tmp_path / "broken.mentordesk.json"
    broken.write_text(
        '{"format": "mentordesk-program",\n  "version": 1,\n  oops}', encoding="utf-8"
    )
    before = counts(demo_db)
    for path, message in [
        (bad, "pairs[3].assessments[0].answers.loyalty_4: unknown item"),
        (broken, "not valid JSON: line 3, column 3"),
        (exported, "program.name: a program called"),
        (tmp_path / "missing.json", "There is no file"),
    ]:
        code, out, err = run(capsys, "--db", str(demo_db), "import", "program", str(path))
        assert code == 2, err
        assert out == ""
        assert err.count("\n") == 1 and err.startswith("mentordesk: ")
        assert message in err
    assert counts(demo_db) == before


def test_choosing_the_program_to_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two.sqlite3"
    out_file = tmp_path / "out.json"
    code, _out, err = run(capsys, "--db", str(path), "export", "program", "--out", str(out_file))
    assert code == 2 and "There is no MentorDesk database at" in err
    assert not path.exists()  # a mistyped --db is not made into a new database
    open_database(path).close()
    code, _out, err = run(capsys, "--db", str(path), "export", "program", "--out", str(out_file))
    assert code == 2 and "holds no program to export" in err
    database = open_database(path)
    with database.transaction() as session:
        make_program(session, name="Spring cohort")
        make_program(session, name="Autumn cohort")
    database.close()
    code, _out, err = run(capsys, "--db", str(path), "export", "program", "--out", str(out_file))
    assert code == 2
    assert "holds 2 programs" in err and "--program NAME: 'Autumn cohort', 'Spring cohort'" in err
    assert not out_file.exists()
    code, _out, err = run(
        capsys,
        "--db",
        str(path),
        "export",
        "program",
        "--out",
        str(out_file),
        "--program",
        "Winter",
    )
    assert code == 2 and "There is no program called 'Winter'" in err
    code, out, _err = run(
        capsys,
        "--db",
        str(path),
        "export",
        "program",
        "--out",
        str(out_file),
        "--program",
        "spring cohort",
    )
    assert code == 0 and "'Spring cohort'" in out
    assert json.loads(out_file.read_text(encoding="utf-8"))["program"]["name"] == "Spring cohort"


def test_export_to_a_folder_that_does_not_exist(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "out.json"
    code, _out, err = run(capsys, "--db", str(demo_db), "export", "program", "--out", str(target))
    assert code == 2 and err.startswith("mentordesk: Cannot write")


def test_demo_refuses_a_database_that_is_not_empty(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(demo_db)
    code, out, err = run(capsys, "--db", str(demo_db), "demo")
    assert code == 2 and out == ""
    assert "already holds the program" in err and "only fills an empty database" in err
    assert counts(demo_db) == before

    people_only = tmp_path / "people.sqlite3"
    database = open_database(people_only)
    with database.transaction() as session:
        make_person(session, name="Ana")
    database.close()
    code, _out, err = run(capsys, "--db", str(people_only), "demo")
    assert code == 2 and "already holds 1 people" in err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--pairs", "0"], "'0' is not a number of pairs from 1 to 100,000"),
        (["--pairs", "many"], "'many' is not a number of pairs"),
        (["--seed", "x"], "'x' is not a whole number"),
        (["--as-of", "1 June"], "'1 June' is not a date"),
    ],
)
def test_demo_arguments_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    path = tmp_path / "never.sqlite3"
    code, _out, err = run(capsys, "--db", str(path), "demo", *arguments)
    assert code == 2 and message in err
    assert not path.exists()


def test_the_same_seed_makes_the_same_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite3"
        assert (
            run(
                capsys, "--db", str(path), "demo", "--pairs", "12", "--seed", "9", "--as-of", AS_OF
            )[0]
            == 0
        )
        out = tmp_path / f"{name}.json"
        assert run(capsys, "--db", str(path), "export", "program", "--out", str(out))[0] == 0
        files.append(out.read_bytes())
    assert files[0] == files[1]


def test_export_and_import_need_to_know_what(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "export")
    assert code == 2 and "WHAT" in err
    code, _out, err = run(capsys, "import", "nonsense")
    assert code == 2 and "invalid choice: 'nonsense'" in err


def test_other_modules_add_their_kinds_to_the_same_groups() -> None:
    parser = argparse.ArgumentParser(prog="mentordesk")
    subcommands = parser.add_subparsers()
    # Another module registered first: it creates the groups.
    people = program_files.export_group(subcommands).add_parser("people")
    people.add_argument("--out")
    people.set_defaults(run="export people")
    roster = program_files.import_group(subcommands).add_parser("people")
    roster.set_defaults(run="import people")
    program_files.register(subcommands)
    assert program_files.export_group(subcommands) is program_files.export_group(subcommands)
    assert list(subcommands.choices) == ["export", "import"]
    assert parser.parse_args(["export", "people", "--out", "x.csv"]).run == "export people"
    assert parser.parse_args(["import", "people"]).run == "import people"
    assert parser.parse_args(["export", "program", "--out", "p.json"]).run is (
        program_files.run_export
    )
    assert parser.parse_args(["import", "program", "p.json"]).run is program_files.run_import


def test_help_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["export", "program", "--help"],
        ["import", "program", "--help"],
        ["demo", "--help"],
    ):
        code, out, _err = run(capsys, *argv)
        assert code == 0 and out.startswith("usage: mentordesk ")
