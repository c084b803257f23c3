"""Opening databases the way the program does: create, upgrade, refuse, protect."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from mentordesk.errors import ChangedElsewhere, DatabaseProblem
from mentordesk.store import migrate
from mentordesk.store.database import open_database
from mentordesk.store.health import check_database, schema_differences
from mentordesk.store.models import AuditEntry, Person, Program

OLD_DATABASES = Path(__file__).parent.parent / "data" / "databases"


def test_new_file_is_created_at_the_newest_schema(db_path: Path) -> None:
    database = open_database(db_path)
    with database.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert schema_differences(connection) == []
    assert check_database(database).ok
    database.close()


def test_the_head_revision_named_in_the_code_is_alembics_head() -> None:
    """Opening an up-to-date database trusts ``HEAD_REVISION`` instead of loading Alembic:
    a new migration must move it."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.HEAD_REVISION
    assert migrate.HEAD_REVISION in migrate.known_revisions()


def test_opening_an_up_to_date_database_leaves_alembic_unloaded(db_path: Path) -> None:
    open_database(db_path).close()
    code = (
        "import sys; from mentordesk.store.database import open_database; "
        f"open_database({str(db_path)!r}, create=False).close(); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "[]"


@pytest.mark.sqlite_only
def test_sqlite_pragmas_are_set_on_every_connection(database) -> None:
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


@pytest.mark.parametrize("old", sorted(OLD_DATABASES.glob("*.sqlite3")), ids=lambda p: p.stem)
def test_every_old_database_file_upgrades_and_keeps_its_data(old: Path, tmp_path: Path) -> None:
    copy = tmp_path / old.name
    shutil.copy(old, copy)
    database = open_database(copy, backups=tmp_path / "backups")
    with database.transaction() as session:
        assert session.scalars(select(Program.name)).all() == ["Old program"]
    assert check_database(database).ok
    database.close()


def test_pending_migration_backs_the_file_up_first(
    db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    connection.close()
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"older", migrate.head_revision()})
    upgraded = []
    monkeypatch.setattr(migrate, "upgrade", lambda connection: upgraded.append(True))
    open_database(db_path, backups=tmp_path / "backups").close()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    assert upgraded and len(backups) == 1
    assert "before-upgrade-from-older" in backups[0].name


def test_a_database_from_a_newer_mentordesk_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseProblem, match="newer version of MentorDesk"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("Dear diary")
    with pytest.raises(DatabaseProblem, match="not a MentorDesk database"):
        open_database(junk)
    assert junk.read_text() == "Dear diary"


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    with pytest.raises(DatabaseProblem, match="another program's data"):
        open_database(other)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="is a folder"):
        open_database(tmp_path)


def test_an_unreadable_address_is_refused() -> None:
    with pytest.raises(DatabaseProblem, match=r"cannot use .nonsense. databases"):
        open_database("nonsense://what?")


def test_second_save_of_the_same_record_is_refused(database) -> None:
    with database.transaction() as session:
        program = Program(name="P", start_date=date(2027, 1, 4), default_model="formal")
        session.add(program)
    first, second = database.sessions(), database.sessions()
    mine = first.get(Program, program.id)
    theirs = second.get(Program, program.id)
    mine.name = "Mine"
    first.commit()
    theirs.name = "Theirs"
    with pytest.raises(Exception, match="expected to update 1 row"):
        second.commit()
    first.close()
    second.close()


def test_transaction_turns_a_lost_update_into_a_readable_refusal(database) -> None:
    with database.transaction() as session:
        program = Program(name="P", start_date=date(2027, 1, 4), default_model="formal")
        session.add(program)
    with (
        pytest.raises(ChangedElsewhere, match="Someone else changed"),
        database.transaction() as session,
    ):
        stale = session.get(Program, program.id)
        with database.transaction() as other:
            other.get(Program, program.id).name = "Changed first"
        stale.name = "Changed second"
    with database.transaction() as session:
        assert session.get(Program, program.id).name == "Changed first"


def test_audit_names_fields_but_never_copies_values(database) -> None:
    with database.transaction() as session:
        person = Person(name="Ana Ruiz", email="ana@example.org")
        session.add(person)
    with database.transaction() as session:
        session.get(Person, person.id).department = "Secret department"
    with database.transaction() as session:
        session.delete(session.get(Person, person.id))
    with database.transaction() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.record_type, e.record_id) for e in entries] == [
            ("create", "person", person.id),
            ("change", "person", person.id),
            ("delete", "person", person.id),
        ]
        assert entries[1].fields == ["department"]
        assert set(entries[0].fields) >= {"name", "email"}
        assert all(e.actor == database.actor for e in entries)
        dumped = repr([(e.fields, e.summary) for e in entries])
        assert "Secret" not in dumped and "Ana" not in dumped


@pytest.mark.postgresql_only
def test_a_server_that_refuses_or_is_not_there_gives_a_clear_message(database) -> None:
    url = database.url
    with pytest.raises(DatabaseProblem, match="refused the login"):
        open_database(url.set(username="nobody_here").render_as_string(hide_password=False))
    with pytest.raises(DatabaseProblem, match="no such database"):
        open_database(url.set(database="no_such_db").render_as_string(hide_password=False))
    with pytest.raises(DatabaseProblem, match=r"cannot be reached.*Nothing you typed is lost"):
        open_database(url.set(port=1).render_as_string(hide_password=False))
