"""Nothing MentorDesk writes is readable by other users of the computer: files 0600,
folders 0700 (POSIX), even when the process's umask would allow more."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.exporting import export_records
from mentordesk.program_file import write_program_file
from mentordesk.services.backups import back_up
from mentordesk.store.backup import automatic_backup
from mentordesk.store.database import open_database
from tests.factories import add_activity, make_pair, make_person

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual desktop umask (022: files 0644, folders 0755) while the test runs."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_its_journal_and_its_folder_are_private(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "new folder" / "inner" / "program.sqlite3"
    database = open_database(path)
    with database.transaction() as session:
        make_person(session, name="Ana Ruiz")
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    assert wal.exists() and shm.exists()  # still open: the WAL is there
    assert {name: mode(p) for name, p in [("db", path), ("wal", wal), ("shm", shm)]} == {
        "db": 0o600,
        "wal": 0o600,
        "shm": 0o600,
    }
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700
    database.close()


def test_backups_exports_and_program_files_are_private(
    tmp_path: Path, db_path: Path, open_umask: None
) -> None:
    database = open_database(db_path)
    with database.transaction() as session:
        pair = make_pair(session, status="completed")
        add_activity(session, pair, date(2027, 2, 1))
    folder = tmp_path / "backups"
    made = automatic_backup(db_path, folder, keep=3)
    assert made is not None
    manual = back_up(database, tmp_path / "manual" / "copy.sqlite3").path
    written = {"automatic backup": made, "manual backup": manual}
    with database.transaction() as session:
        for suffix in ("csv", "xlsx"):
            out = tmp_path / f"activities.{suffix}"
            export_records(session, "activities", out, include_confidential=True)
            written[f"{suffix} export"] = out
    program_file = tmp_path / "spring.mentordesk.json"
    write_program_file(program_file, {"format": "mentordesk-program"})
    written["program file"] = program_file
    database.close()
    assert {name: oct(mode(path)) for name, path in written.items()} == {
        name: "0o600" for name in written
    }
    assert mode(folder) == 0o700
    assert mode(manual.parent) == 0o700


def test_the_log_and_the_settings_are_private(tmp_path: Path, open_umask: None) -> None:
    from mentordesk.paths import log_dir
    from mentordesk.ui import logging_setup
    from mentordesk.ui.settings import open_settings, settings_path

    previous = logging_setup._handler
    logging_setup._handler = None
    try:
        log = logging_setup.setup_logging(qt_messages=False)
        logging.getLogger("mentordesk").info("opened a database")
        assert logging_setup._handler is not None
        logging_setup._handler.flush()
        assert (mode(log), mode(log_dir())) == (0o600, 0o700)
    finally:
        if logging_setup._handler is not None:
            logging.getLogger("mentordesk").removeHandler(logging_setup._handler)
            logging_setup._handler.close()
        logging_setup._handler = previous
    settings = open_settings()
    settings.setValue("database/last", str(tmp_path / "program.sqlite3"))
    settings.sync()
    assert (mode(settings_path()), mode(settings_path().parent)) == (0o600, 0o700)


def test_the_command_line_makes_everything_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], open_umask: None
) -> None:
    """Run as a user runs it (a new process, umask 022): the database made by `demo`, its
    backup, a person export and a program export are all 0600."""
    db = tmp_path / "data" / "demo.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "mentordesk", "--db", str(db)]
    subprocess.run(
        [*command, "demo", "--pairs", "4", "--seed", "3"],
        check=True, capture_output=True, cwd=ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert main(["--db", str(db), "backup", "--out", str(tmp_path / "b" / "copy.sqlite3")]) == 0
    people = tmp_path / "people.json"
    export = tmp_path / "program.mentordesk.json"
    assert main(["--db", str(db), "export", "program", "--out", str(export)]) == 0
    email = next(p["email"] for p in json.loads(export.read_text())["people"] if p["email"])
    assert main(["--db", str(db), "person", "export", email, "--out", str(people)]) == 0
    capsys.readouterr()
    files = [db, tmp_path / "b" / "copy.sqlite3", people, export]
    assert [oct(mode(path)) for path in files] == ["0o600"] * len(files)
    assert mode(db.parent) == 0o700
