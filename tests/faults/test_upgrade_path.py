"""The upgrade path, run for real: a database at revision 0001 opened by this MentorDesk.

``tests/data/databases/0001_first_tables.sqlite3`` is a file written by the first
MentorDesk (revision 0001). Opened through ``open_database`` it must be backed up
before anything changes, come out at the newest revision, and keep every record
it held (every row of every table, field by field). Pairs an older MentorDesk
allowed but the one-open-pair rule (migration 0003) does not are paused, never
deleted, and the audit log says why.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from mentordesk.store import migrate
from mentordesk.store.database import open_database
from mentordesk.store.health import check_database

OLD = Path(__file__).resolve().parents[1] / "data" / "databases" / "0001_first_tables.sqlite3"

Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def _rows(path: Path, columns: dict[str, list[str]] | None = None) -> Rows:
    """Every row of every table (``columns``: only these tables and columns), by id."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: Rows = {}
        for table in tables if columns is None else list(columns):
            names = (
                [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
                if columns is None
                else columns[table]
            )
            order = "id" if "id" in names else names[0]
            quoted = ", ".join(f'"{name}"' for name in names)
            found[table] = (
                names,
                connection.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}').fetchall(),
            )
    finally:
        connection.close()
    return found


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "old.sqlite3"
    shutil.copy(OLD, copy)
    assert _revision(copy) == "0001"
    return copy


def _open_watching_the_backup(path: Path, backups: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Open ``path`` as the program does, checking that the backup exists (and is still the
    old revision) at the moment the upgrade starts."""
    upgrade = migrate.upgrade
    seen: list[Path] = []

    def upgrade_after_checking(connection: Any) -> None:
        made = sorted(backups.glob("*before-upgrade-from-0001*.sqlite3"))
        assert made, "the upgrade started before the backup was made"
        assert _revision(made[0]) == "0001"
        seen.extend(made)
        upgrade(connection)

    monkeypatch.setattr(migrate, "upgrade", upgrade_after_checking)
    database = open_database(path, backups=backups)
    try:
        assert check_database(database).ok, check_database(database).problems
    finally:
        database.close()
    assert len(seen) == 1


def test_the_0001_file_is_backed_up_first_upgraded_and_keeps_every_record(
    old_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _rows(old_copy)
    assert sum(len(rows) for _, rows in before.values()) > 0
    backups = tmp_path / "backups"
    _open_watching_the_backup(old_copy, backups, monkeypatch)

    assert _revision(old_copy) == migrate.head_revision() != "0001"
    # The backup is the file as it was: same revision, same rows.
    (backup,) = backups.glob("*before-upgrade-from-0001*.sqlite3")
    assert _rows(backup) == before
    # Every table of 0001, every column it had: the same rows after the upgrade.
    after = _rows(old_copy, {table: names for table, (names, _) in before.items()})
    for table, (names, rows) in before.items():
        if table == "alembic_version":
            continue
        assert after[table] == (names, rows), f"table {table} changed in the upgrade"
    # A few rows by name, as the coordinator would look for them.
    connection = sqlite3.connect(old_copy)
    try:
        assert connection.execute("SELECT name, email FROM person").fetchall() == [
            ("Old Person", "old@example.org")
        ]
        assert connection.execute("SELECT name, start_date FROM program").fetchall() == [
            ("Old program", "2026-01-05")
        ]
    finally:
        connection.close()


def test_pairs_the_old_rules_allowed_are_paused_with_a_reason_never_deleted(
    old_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = sqlite3.connect(old_copy)
    with connection:
        for number in range(2, 8):
            connection.execute(
                "INSERT INTO person (id, name, email, skills, can_mentor, capacity, active, "
                "version) VALUES (?, ?, ?, '[]', ?, ?, 1, 1)",
                (number, f"Person {number}", f"p{number}@example.org", number <= 4, 5),
            )

        def pair(pair_id: int, mentor: int, mentee: int, status: str, start: str) -> None:
            connection.execute(
                "INSERT INTO pair (id, program_id, mentor_id, mentee_id, model, status, "
                "start_date, expectations, version) VALUES (?, 1, ?, ?, 'formal', ?, ?, '', 1)",
                (pair_id, mentor, mentee, status, start),
            )

        # Mentee 5: active with 2, and a proposal with 3 beside it (0001 allowed that).
        pair(1, 2, 5, "active", "2026-02-01")
        pair(2, 3, 5, "proposed", "2026-01-10")
        # Mentee 6: two proposals; the earlier one stays.
        pair(3, 4, 6, "proposed", "2026-03-01")
        pair(4, 2, 6, "proposed", "2026-02-01")
        # Mentee 7: one completed and one active pair, which the rule allows.
        pair(5, 3, 7, "completed", "2026-01-05")
        pair(6, 4, 7, "active", "2026-02-05")
    connection.close()
    before = _rows(old_copy)
    _open_watching_the_backup(old_copy, tmp_path / "backups", monkeypatch)

    connection = sqlite3.connect(old_copy)
    try:
        statuses = dict(connection.execute("SELECT id, status FROM pair ORDER BY id"))
        logged = connection.execute(
            "SELECT record_id, actor, summary FROM audit_entry WHERE record_type = 'pair'"
        ).fetchall()
        people = connection.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        connection.close()
    assert statuses == {
        1: "active",
        2: "paused",
        3: "paused",
        4: "proposed",
        5: "completed",
        6: "active",
    }
    assert sorted(record_id for record_id, _, _ in logged) == [2, 3]
    assert {actor for _, actor, _ in logged} == {"MentorDesk upgrade"}
    assert all("a mentee may have only one" in summary for _, _, summary in logged)
    assert people == len(before["person"][1])
