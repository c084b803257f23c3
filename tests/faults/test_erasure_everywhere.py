"""An erased person is gone from every file MentorDesk keeps, and stays gone.

After an erase, a byte search of the database, its -wal, every backup in the
backups folder and the log finds nothing of the person (name, email, notes),
while the database stays open as the window keeps it; a restore of an older
backup erases them again from the erasure ledger, with the erase's audit entry.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from mentordesk.cli import main
from mentordesk.paths import log_dir
from mentordesk.services.backups import back_up, restore
from mentordesk.services.erasure import REAPPLIED_SUMMARY, erase_everywhere, ledger_path
from mentordesk.services.privacy import erased_name
from mentordesk.store.backup import automatic_backup, timestamped_backup
from mentordesk.store.database import open_database
from mentordesk.store.models import AuditEntry, Person, SurveyOutcome, SurveyRound
from tests.factories import add_activity, add_conflict, make_pair, make_person

NAME = "Zoë Quintessa-Marlowe"
EMAIL = "zoe.quintessa@example.org"
NOTE = "Quintessa talked about her burnout in confidence"
CONFLICT = "Quintessa's complaint about the team lead"
EXPECTATIONS = "Quintessa wants to lead the data platform team"
GOAL = "Quintessa leads the quarterly planning"
KEEP = "Quintessa would keep the Friday walks"
SECRETS = (NAME, EMAIL, NOTE, CONFLICT, EXPECTATIONS, GOAL, KEEP)


def add_zoe(path: Path) -> int:
    database = open_database(path)
    with database.transaction() as session:
        zoe = make_person(session, name=NAME, email=EMAIL, title="Analyst", location="Porto")
        pair = make_pair(session, mentee=zoe, status="completed", expectations=EXPECTATIONS)
        activity = add_activity(session, pair, date(2027, 2, 1))
        activity.notes, activity.confidential = NOTE, True
        add_conflict(session, pair, date(2027, 3, 1), confidential=True, description=CONFLICT)
        # Her closing survey: what she would keep, and a copy of her goal's text.
        closing = SurveyRound(
            program_id=pair.program_id,
            name="Closing 2027",
            kind="closing",
            opens_on=date(2027, 6, 1),
            due_on=date(2027, 6, 15),
            respondents="mentee",
        )
        session.add(closing)
        session.flush()
        session.add(
            SurveyOutcome(
                round_id=closing.id,
                pair_id=pair.id,
                respondent="mentee",
                answered_on=date(2027, 6, 10),
                goals=[{"goal_id": None, "text": GOAL, "answer": "achieved"}],
                keep=KEEP,
            )
        )
        # Others stay: their data must come through untouched.
        make_person(session, name="Ana Keeps-Her-Name", email="ana@example.org")
        session.flush()
        person_id = zoe.id
    database.close()
    return person_id


def files_holding(paths: list[Path], secrets: tuple[str, ...] = SECRETS) -> dict[str, list[str]]:
    """{file name: the secrets found in its bytes} for the files that hold any."""
    found: dict[str, list[str]] = {}
    for path in paths:
        if not path.is_file():
            continue
        data = path.read_bytes()
        hits = [secret for secret in secrets if secret.encode("utf-8") in data]
        if hits:
            found[path.name] = hits
    return found


def database_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))]


def drop_uid_column(backup: Path) -> None:
    """Make ``backup`` look like one made before people had a stable id."""
    connection = sqlite3.connect(backup)
    connection.execute("DROP INDEX uq_person_uid")
    connection.execute("ALTER TABLE person DROP COLUMN uid")
    connection.commit()
    connection.execute("VACUUM")
    connection.close()


def test_after_an_erase_no_file_holds_the_person(db_path: Path, tmp_path: Path) -> None:
    person_id = add_zoe(db_path)
    folder = tmp_path / "backups"
    backups = [automatic_backup(db_path, folder, keep=5) for _ in range(2)]
    old_schema = timestamped_backup(db_path, folder, "before-upgrade-from-0004")
    drop_uid_column(old_schema)
    log = log_dir() / "mentordesk.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(
        f"2027-03-02 10:00:00 INFO    mentordesk: Opened the pair of {NAME} ({EMAIL})\n"
        "2027-03-02 10:00:01 INFO    mentordesk: Automatic backup written\n",
        encoding="utf-8",
    )
    # The window keeps the database open (its own engine, a connection in its pool)
    # while the coordinator erases; the text is also in the WAL by now.
    window = open_database(db_path)
    with window.transaction() as session:
        assert session.get(Person, person_id).name == NAME
    database = open_database(db_path)
    with database.transaction() as session:
        zoe = session.get(Person, person_id)
        zoe.title = "Senior analyst"  # a last edit: more copies of her row in the WAL
    everything = [*database_files(db_path), *folder.iterdir(), log]
    assert files_holding(everything), "the test must start with her data on disk"

    result = erase_everywhere(database, EMAIL, backups=folder)

    assert result.person_id == person_id
    assert (result.backups_rewritten, result.backups_checked) == (3, 3)
    assert result.purged
    assert "3 automatic backups held them and were rewritten" in result.describe()
    paths = [*database_files(db_path), *folder.iterdir(), *log_dir().iterdir()]
    assert files_holding(paths) == {}
    assert len(list(folder.iterdir())) == 3  # the backups are all still there, without her
    # Nothing else was lost: the window reads the erased row, Ana is whole everywhere.
    with window.transaction() as session:
        assert session.get(Person, person_id).name == erased_name(person_id)
    for backup in [*backups, old_schema]:
        assert backup is not None
        connection = sqlite3.connect(backup)
        names = {row[0] for row in connection.execute("SELECT name FROM person")}
        assert {erased_name(person_id), "Ana Keeps-Her-Name"} <= names
        assert NAME not in names
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()
    assert "Automatic backup written" in log.read_text(encoding="utf-8")
    window.close()
    database.close()


def test_a_restore_of_an_older_backup_erases_them_again(db_path: Path, tmp_path: Path) -> None:
    person_id = add_zoe(db_path)
    folder = tmp_path / "backups"
    database = open_database(db_path)
    database.actor = "hr.coordinator"
    # A backup the coordinator keeps elsewhere: not one MentorDesk can rewrite.
    elsewhere = tmp_path / "usb-stick" / "monday.sqlite3"
    back_up(database, elsewhere)
    with database.transaction() as session:
        uid = session.get(Person, person_id).uid
    assert uid and len(uid) == 32

    erase_everywhere(database, person_id, backups=folder)
    with database.transaction() as session:
        erased_at = session.scalar(select(AuditEntry.at).where(AuditEntry.action == "erase"))
    database.close()
    ledger = ledger_path(folder)
    assert ledger == tmp_path / "erasures.json"
    assert [entry["uid"] for entry in json.loads(ledger.read_text())["erasures"]] == [uid]
    assert files_holding([ledger]) == {}  # a random id, never her name or email
    assert files_holding([elsewhere]) != {}  # still holds her: the ledger is for this

    result = restore(str(db_path), elsewhere, backups=folder)

    assert result.erasures_reapplied == 1
    database = open_database(db_path)
    with database.transaction() as session:
        assert session.get(Person, person_id).name == erased_name(person_id)
        entries = session.execute(
            select(AuditEntry.at, AuditEntry.actor, AuditEntry.summary).where(
                AuditEntry.action == "erase", AuditEntry.record_id == person_id
            )
        ).all()
    # The erase's audit entry survives the restore: its time and who did it.
    assert [tuple(entry) for entry in entries] == [(erased_at, "hr.coordinator", REAPPLIED_SUMMARY)]
    database.close()
    assert files_holding(database_files(db_path)) == {}
    # A second restore finds nothing more to do, and does not log the erase twice.
    assert restore(str(db_path), elsewhere, backups=folder).erasures_reapplied == 1
    database = open_database(db_path)
    with database.transaction() as session:
        count = session.scalar(text("SELECT count(*) FROM audit_entry WHERE action = 'erase'"))
    database.close()
    assert count == 1


def test_person_erase_on_the_command_line_says_how_many_backups(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_zoe(db_path)
    from mentordesk.paths import backup_dir

    automatic_backup(db_path, backup_dir(), keep=5)
    code = main(["--db", str(db_path), "person", "erase", EMAIL, "--yes"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "1 automatic backup held them and was rewritten without them" in out
    assert files_holding([*backup_dir().iterdir(), *database_files(db_path)]) == {}


def test_an_older_database_gets_a_stable_id_for_everyone(tmp_path: Path) -> None:
    """Migration 0005: people in a database from before it get a uid each, once."""
    import shutil

    old = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "data/databases/0001_first_tables.sqlite3", old)
    connection = sqlite3.connect(old)
    people = connection.execute("SELECT count(*) FROM person").fetchone()[0]
    connection.close()
    assert people > 0
    database = open_database(old, backups=tmp_path / "backups")
    with database.transaction() as session:
        uids = session.scalars(select(Person.uid)).all()
    database.close()
    assert len(uids) == people == len(set(uids))
    assert all(uid and len(uid) == 32 and int(uid, 16) >= 0 for uid in uids)
    database = open_database(old, backups=tmp_path / "backups")
    with database.transaction() as session:
        assert session.scalars(select(Person.uid)).all() == uids  # kept, not made anew
    database.close()


def test_a_backup_being_written_during_the_erase_is_cleaned_too(
    db_path: Path, tmp_path: Path
) -> None:
    """The window's automatic backup copies the database as it was a moment before the
    erase and gets its name a moment after: the erase waits for it and cleans it."""
    import shutil
    import threading
    import time

    add_zoe(db_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    snapshot = tmp_path / "snapshot.sqlite3"
    live = open_database(db_path)
    back_up(live, snapshot)  # her data, as a backup started now has it
    live.close()
    partial = folder / "program-20270301-opened.sqlite3.partial"
    shutil.copyfile(snapshot, partial)

    def finish_the_backup() -> None:
        time.sleep(0.5)
        partial.replace(folder / "program-20270301-opened.sqlite3")

    finisher = threading.Thread(target=finish_the_backup)
    finisher.start()
    database = open_database(db_path)
    result = erase_everywhere(database, EMAIL, backups=folder)
    finisher.join()
    database.close()
    assert (result.backups_checked, result.backups_rewritten) == (1, 1)
    assert files_holding(list(folder.iterdir())) == {}
