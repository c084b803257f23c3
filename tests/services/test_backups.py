"""Backups and restores never lose data and refuse what is not a sound backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.errors import DatabaseProblem, MentorDeskError
from mentordesk.services.backups import back_up, check_backup_file, restore
from mentordesk.store.backup import automatic_backup
from mentordesk.store.database import open_database
from mentordesk.store.models import Person
from tests.factories import make_person


def _people(path: Path) -> list[str]:
    database = open_database(path)
    with database.transaction() as session:
        names = session.scalars(select(Person.name).order_by(Person.id)).all()
    database.close()
    return list(names)


@pytest.mark.sqlite_only
def test_backup_is_consistent_while_the_database_is_open(database, tmp_path: Path) -> None:
    with database.transaction() as session:
        make_person(session, name="Ana Ruiz")
    reader = database.sessions()  # another connection holding a read transaction
    reader.execute(select(func.count(Person.id))).scalar()
    written = back_up(database, tmp_path / "copy.sqlite3").path
    reader.close()
    assert check_backup_file(written)
    assert _people(written) == ["Ana Ruiz"]


def test_restore_keeps_the_current_database_and_brings_the_backup_back(
    database, db_path: Path, tmp_path: Path
) -> None:
    with database.transaction() as session:
        make_person(session, name="Before the backup")
    backup = back_up(database, tmp_path / "copy.sqlite3").path
    with database.transaction() as session:
        make_person(session, name="After the backup")
    database.close()
    result = restore(str(db_path), backup, backups=tmp_path / "kept")
    assert _people(db_path) == ["Before the backup"]
    assert result.previous_kept_at is not None
    assert _people(result.previous_kept_at) == ["Before the backup", "After the backup"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a MentorDesk database"),
        (b"just some text", "not a MentorDesk database"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "cannot be read|damaged|not a MentorDesk"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_sound_backup(
    database, db_path: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    with database.transaction() as session:
        make_person(session, name="Kept")
    database.close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(content)
    before = _people(db_path)
    with pytest.raises(MentorDeskError, match=message):
        restore(str(db_path), junk, backups=tmp_path / "kept")
    assert _people(db_path) == before
    assert not (tmp_path / "kept").exists()


def test_restore_refuses_another_programs_database(db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    with pytest.raises(MentorDeskError, match="not a MentorDesk database"):
        restore(str(db_path), other)


def test_automatic_backups_keep_only_the_newest(database, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    made = [automatic_backup(db_path, folder, keep=3) for _ in range(5)]
    remaining = sorted(folder.glob("*.sqlite3"))
    assert len(remaining) == 3
    assert {p.name for p in remaining} == {p.name for p in made[-3:]}


def test_a_read_only_database_says_so(database, db_path: Path) -> None:
    database.close()
    # A read-only file (a CD, a write-protected share); chmod would not stop root.
    readonly = open_database(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    with pytest.raises(DatabaseProblem, match="read-only"), readonly.transaction() as session:
        make_person(session)
    readonly.close()


def test_a_locked_database_gives_a_clear_message(database, db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("mentordesk.store.database.BUSY_TIMEOUT_MS", 100)
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        busy = open_database(db_path)
        with (
            pytest.raises(DatabaseProblem, match="busy in another program"),
            busy.transaction() as session,
        ):
            make_person(session)
        busy.close()
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_backup_and_restore_commands(database, db_path: Path, tmp_path: Path, capsys) -> None:
    with database.transaction() as session:
        make_person(session, name="Ana Ruiz")
    database.close()
    out = tmp_path / "b.sqlite3"
    assert main(["--db", str(db_path), "backup", "--out", str(out)]) == 0
    assert "Backed up" in capsys.readouterr().out
    assert main(["--db", str(db_path), "restore", str(out)]) == 0
    assert "Restored from" in capsys.readouterr().out
    assert main(["--db", str(db_path), "restore", str(tmp_path / "missing.sqlite3")]) == 2
    assert capsys.readouterr().err.strip().startswith("mentordesk: There is no file")


@pytest.mark.postgresql_only
def test_a_server_database_is_backed_up_with_pg_dump_and_restored(database, tmp_path: Path) -> None:
    with database.transaction() as session:
        make_person(session, name="Before the backup")
    result = back_up(database, tmp_path / "server.pgdump")
    assert "pg_dump" in result.method
    with database.transaction() as session:
        make_person(session, name="After the backup")
    location = database.url.render_as_string(hide_password=False)
    database.engine.dispose()
    restored = restore(location, result.path, backups=tmp_path / "kept")
    assert restored.previous_kept_at is not None and restored.previous_kept_at.exists()
    with database.transaction() as session:
        names = session.scalars(select(Person.name)).all()
    assert names == ["Before the backup"]
    junk = tmp_path / "junk.pgdump"
    junk.write_text("no")
    with pytest.raises(MentorDeskError, match="not a pg_dump archive"):
        restore(location, junk)
