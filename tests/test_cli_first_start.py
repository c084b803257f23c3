"""The command line on a first start, run as a user runs it: a separate process.

--db before and after the command, a mistyped --db that must not become a new
database, ``risk`` worded for people and sorted as a reader expects, a closed
pipe, and a quick ``--help``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from mentordesk.store.database import open_database
from tests.factories import make_pair, make_person, make_program

AS_OF = date(2027, 6, 30)


def mentordesk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mentordesk ARGS`` (the environment is the test's isolated home)."""
    return subprocess.run(
        [sys.executable, "-m", "mentordesk", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )


@pytest.fixture
def program_db(db_path: Path) -> Path:
    """A program whose names begin with accented capitals, and one pair started today."""
    database = open_database(db_path)
    with database.transaction() as session:
        program = make_program(session, name="Spring cohort", cadence_days=14)
        for mentor, mentee in (("Zoe", "Yan"), ("Émile", "Bo"), ("Åsa", "Cy"), ("Çelik", "Di")):
            make_pair(
                session,
                program,
                make_person(session, name=mentor, can_mentor=True),
                make_person(session, name=mentee),
                model="peer",
                start_date=AS_OF - timedelta(days=200),
            )
        make_pair(
            session,
            program,
            make_person(session, name="Ann", can_mentor=True),
            make_person(session, name="Newton"),
            model="informal",
            start_date=AS_OF,
        )
    database.close()
    return db_path


# --- 17: --db before and after the command --------------------------------------------------


def test_db_is_accepted_after_the_command_too(tmp_path: Path) -> None:
    target = tmp_path / "after.sqlite3"
    done = mentordesk("demo", "--pairs", "3", "--as-of", "2027-06-30", "--db", str(target))
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stdout
    checked = mentordesk("check", "--db", str(target))
    assert (checked.returncode, checked.stderr) == (0, "")
    assert "All is well." in checked.stdout


def test_db_after_a_nested_command(program_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "people.csv"
    done = mentordesk("export", "people", "--out", str(out), "--db", str(program_db))
    assert done.returncode == 0, done.stderr
    assert out.exists()


@pytest.mark.parametrize(
    "command",
    [["risk"], ["demo"], ["check"], ["import", "people"], ["export", "program"],
     ["person", "erase"]],
)  # fmt: skip
def test_every_commands_help_shows_db(command: list[str]) -> None:
    shown = mentordesk(*command, "--help")
    assert shown.returncode == 0, shown.stderr
    assert "--db PATH_OR_URL" in shown.stdout


# --- 18: a mistyped --db never becomes a new empty database ----------------------------------


@pytest.mark.parametrize(
    "command",
    [["check"], ["risk"], ["audit"], ["backup", "--out", "copy.sqlite3"],
     ["export", "people", "--out", "people.csv"], ["person", "erase", "a@b.org", "--yes"]],
)  # fmt: skip
def test_a_missing_database_is_refused_not_created(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "progam.sqlite3"
    done = mentordesk("--db", str(typo), *command)
    assert done.returncode == 2
    assert done.stderr.startswith(f"mentordesk: There is no MentorDesk database at {typo};")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not typo.exists()


def test_the_window_refuses_a_mistyped_db_too(tmp_path: Path) -> None:
    """Only File → New database makes a new one from the window."""
    typo = tmp_path / "progam.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "mentordesk", "--db", str(typo)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"mentordesk: There is no MentorDesk database at {typo};")
    assert not typo.exists()


def test_an_empty_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    done = mentordesk("check", "--db", str(empty))
    assert done.returncode == 2
    assert "is an empty file, not a MentorDesk database" in done.stderr
    assert "All is well" not in done.stdout
    assert empty.stat().st_size == 0


def test_without_db_the_missing_default_database_is_refused_too() -> None:
    done = mentordesk("risk")
    assert done.returncode == 2
    assert "the default place" in done.stderr


def test_demo_and_import_may_create_a_database(tmp_path: Path) -> None:
    made = tmp_path / "made.sqlite3"
    assert mentordesk("--db", str(made), "demo", "--pairs", "2").returncode == 0
    exported = tmp_path / "p.mentordesk.json"
    done = mentordesk("--db", str(made), "export", "program", "--out", str(exported))
    assert done.returncode == 0, done.stderr
    fresh = tmp_path / "fresh.sqlite3"
    done = mentordesk("import", "program", str(exported), "--db", str(fresh))
    assert done.returncode == 0, done.stderr
    assert fresh.exists()


def test_demo_without_db_goes_into_the_demo_database_not_the_default_one() -> None:
    from mentordesk.paths import default_database_path, demo_database_path

    done = mentordesk("demo", "--pairs", "2")
    assert done.returncode == 0, done.stderr
    assert demo_database_path().exists()
    assert "MentorDesk demo.sqlite3" in done.stdout
    assert not default_database_path().exists()


# --- 21: mentordesk risk in words, sorted, quiet on a closed pipe, quick help -----------------


def test_risk_shows_flag_labels_explains_columns_and_too_new(program_db: Path) -> None:
    done = mentordesk("--db", str(program_db), "risk", "--as-of", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "overdue_checkin" not in text and "no_assessment" not in text
    assert "Check-in overdue" in text and "No recent assessment" in text
    assert "    Check-in overdue: No held activity since the start" in text
    assert "Columns:" in text
    assert "  Check-ins: held check-ins against the expected cadence" in text
    newton = next(line for line in text.splitlines() if "Newton" in line)
    assert "too new" in newton and "0%" not in newton


def test_risk_sorts_names_with_accents_among_the_plain_letters(program_db: Path) -> None:
    done = mentordesk("--db", str(program_db), "risk", "--as-of", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    mentors = [
        line.split()[0]
        for line in done.stdout.splitlines()
        if line.split() and line.split()[0] in {"Ann", "Zoe", "Émile", "Åsa", "Çelik"}
    ]
    assert mentors == ["Ann", "Åsa", "Çelik", "Émile", "Zoe"]


def test_a_closed_pipe_ends_quietly(program_db: Path) -> None:
    """``mentordesk risk | head -1``: no BrokenPipeError, no traceback, exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mentordesk", "--db", str(program_db), "risk", "--as-of",
         AS_OF.isoformat()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before a line is read
    with process.stderr:
        err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert err == ""


def test_help_and_version_load_no_database_library() -> None:
    code = (
        "import sys\n"
        "from mentordesk.cli import main\n"
        "for argv in (['--help'], ['--version']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'psycopg', 'openpyxl', 'reportlab', 'PySide6', 'numpy', "
        "'scipy') or name.startswith(('mentordesk.store', 'mentordesk.services')))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr
    assert "commands:" in done.stdout and "risk" in done.stdout


_HEAVY = ("sqlalchemy", "alembic", "reportlab", "PySide6", "psycopg", "openpyxl", "numpy")


def test_every_commands_help_loads_only_argparse_and_light_modules() -> None:
    # Registering the commands (for any command's --help, and before any command runs)
    # must not load the database, report or window libraries: each command imports its
    # work when it runs. One process asks every command, nested ones too, for its help.
    code = (
        "import contextlib, io, sys\n"
        "from mentordesk.cli import _command_parsers, build_parser, main\n"
        "parser = build_parser()\n"
        "action = next(a for a in parser._actions if a.__class__.__name__ == '_SubParsersAction')\n"
        "paths = [path for path, _parser in _command_parsers(action)]\n"
        "for path in [('--version',), *paths]:\n"
        "    argv = list(path) if path == ('--version',) else [*path, '--help']\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
        f"heavy = {_HEAVY!r}\n"
        "loaded = sorted({name.split('.')[0] for name in sys.modules} & set(heavy))\n"
        "print('COMMANDS', len(paths), 'LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout, done.stdout
    assert int(done.stdout.split()[1]) >= 20  # every command was asked, not just a few


def test_a_command_starts_within_a_third_of_a_second_of_python() -> None:
    # The bar: a command starts in under 0.3 s beyond plain Python. Counted in
    # processor time (the child's user and system time), which a busy machine does not
    # stretch the way it stretches the wall clock.
    python = min(_processor_time(sys.executable, "-c", "pass") for _ in range(3))
    for args in (("--version",), ("risk", "--help"), ("export", "program", "--help")):
        best = min(_processor_time(sys.executable, "-m", "mentordesk", *args) for _ in range(3))
        shown = f"mentordesk {' '.join(args)}: {best:.2f} s, Python {python:.2f} s"
        assert best - python < 0.3, shown


def _processor_time(*command: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_help_starts_in_well_under_a_second() -> None:
    best = min(_timed("--help") for _ in range(3))
    assert best < 0.6, f"mentordesk --help took {best:.2f} s"


def _timed(*args: str) -> float:
    started = time.perf_counter()
    done = mentordesk(*args)
    assert done.returncode == 0
    return time.perf_counter() - started


def test_constants_copied_to_keep_help_light_match_their_sources() -> None:
    from mentordesk import demo
    from mentordesk.commands import demo as demo_command
    from mentordesk.commands import program_files, roster_files
    from mentordesk.exporting import ExportKind
    from mentordesk.importing import DateFormat
    from mentordesk.program_file import FILE_SUFFIX

    assert (demo_command.DEFAULT_PAIRS, demo_command.DEFAULT_SEED, demo_command.MAX_PAIRS) == (
        demo.DEFAULT_PAIRS,
        demo.DEFAULT_SEED,
        demo.MAX_PAIRS,
    )
    assert program_files.FILE_SUFFIX == FILE_SUFFIX
    assert tuple(member.value for member in DateFormat) == roster_files.DATE_FORMATS
    assert tuple(member.value for member in ExportKind) == roster_files.EXPORT_KINDS
