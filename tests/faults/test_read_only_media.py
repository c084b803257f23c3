"""A database on read-only media (a USB stick, a network share) opens read-only.

The folder is made read-only the way the media are: a read-only bind mount when
this machine allows mounting (as root, permissions alone would not stop the
test), else ``chattr +i`` on the folder and the file, else (neither allowed) a
folder that ``os.access`` reports as not writable, which is what MentorDesk
looks at; the test names the method it used. Reading works, every change is
refused with a sentence, ``restore`` into it is refused before anything
changes, and the file's bytes stay as they were.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.errors import DatabaseProblem
from mentordesk.store.database import open_database
from tests.factories import make_pair, make_program

PEOPLE = 6


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@pytest.fixture(params=["wal", "delete"])
def read_only_database(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A MentorDesk database (WAL or rollback journal) in a folder that cannot be written."""
    source = tmp_path / "stick"
    source.mkdir()
    path = source / "program.sqlite3"
    database = open_database(path, backups=tmp_path / "backups")
    with database.transaction() as session:
        program = make_program(session, name="On the stick", start_date=date(2026, 1, 5))
        for _ in range(PEOPLE // 2):
            make_pair(session, program)
    database.close()
    if request.param == "delete":
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.close()
    mount = tmp_path / "mounted"
    mount.mkdir()
    if _run("mount", "--bind", str(source), str(mount)):
        if _run("mount", "-o", "remount,bind,ro", str(mount)):
            print("read-only by: a read-only bind mount")
            try:
                yield mount / path.name
            finally:
                subprocess.run(["umount", str(mount)], check=True)
            return
        subprocess.run(["umount", str(mount)], check=True)
    if _run("chattr", "+i", str(path)) and _run("chattr", "+i", str(source)):
        print("read-only by: chattr +i")
        try:
            yield path
        finally:
            _run("chattr", "-i", str(source))
            _run("chattr", "-i", str(path))
        return
    _run("chattr", "-i", str(path))
    print("read-only by: os.access reporting the folder as not writable (simulated)")
    real_access = os.access

    def access(target: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(target)).resolve().is_relative_to(source.resolve()):
            return False
        return real_access(target, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    yield path


def test_it_opens_read_only_and_refuses_changes_with_a_sentence(read_only_database: Path) -> None:
    before = read_only_database.read_bytes()
    database = open_database(read_only_database)
    try:
        assert database.read_only is not None and "cannot be written" in database.read_only
        with database.transaction() as session:
            from mentordesk.services.programs import list_programs

            assert [row.name for row in list_programs(session)] == ["On the stick"]
        with pytest.raises(DatabaseProblem, match="read-only: edits are off"):
            with database.transaction() as session:
                make_program(session, name="Not saved")
    finally:
        database.close()
    assert read_only_database.read_bytes() == before
    # Nothing written beside it either (no journal, no WAL, no shared-memory file).
    assert [p.name for p in read_only_database.parent.iterdir()] == [read_only_database.name]


def test_commands_read_it_and_refuse_to_write_or_restore_into_it(
    read_only_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    before = read_only_database.read_bytes()
    db = ["--db", str(read_only_database)]
    assert main([*db, "check"]) == 0, capsys.readouterr()
    assert main([*db, "risk"]) == 0, capsys.readouterr()
    assert main([*db, "export", "people", "--out", str(tmp_path / "people.csv")]) == 0
    capsys.readouterr()

    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Email\nNew Person,new@example.org\n")
    assert main([*db, "import", "people", str(roster)]) == 2
    error = capsys.readouterr().err
    assert "read-only" in error and "Traceback" not in error

    backup = tmp_path / "backup.sqlite3"
    shutil.copy(read_only_database, backup)
    assert main([*db, "restore", str(backup)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"mentordesk: Cannot restore into {read_only_database}"), error
    assert "read-only" in error and len(error.splitlines()) == 1
    assert read_only_database.read_bytes() == before


def test_a_new_database_cannot_be_made_on_read_only_media(read_only_database: Path) -> None:
    with pytest.raises(DatabaseProblem, match=r"Cannot create a database at .*cannot be written"):
        open_database(read_only_database.parent / "new.sqlite3")
