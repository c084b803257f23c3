"""Erasing a person everywhere MentorDesk keeps them, and keeping them erased.

:func:`erase_everywhere` erases a person in the database (see
:func:`mentordesk.services.privacy.erase_person`), then

* overwrites what the change freed: SQLite's ``secure_delete`` while erasing, a
  ``VACUUM`` and a ``wal_checkpoint(TRUNCATE)`` after, so neither the database
  file nor its -wal holds the old text, even while the window keeps it open;
* rewrites every backup in the backups folder that holds the person, the same
  way (a backup that cannot be read is removed: it cannot be cleaned);
* blanks their name and email address in MentorDesk's log files;
* records the erasure in the erasure ledger, ``erasures.json`` in the user data
  folder beside the backups folder: the person's stable random id (``uid``), when
  and by whom, never a name. A restore of an older backup (or of a server dump,
  which cannot be rewritten) applies the ledger again: :func:`apply_ledger`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from mentordesk.errors import MentorDeskError
from mentordesk.partial_files import clean_unfinished, partial_copy
from mentordesk.paths import backup_dir, log_dir
from mentordesk.private import create_private_file, private_folder, write_private_text
from mentordesk.services.privacy import erase_person, erase_rows, erased_name, find_person
from mentordesk.store.database import Database
from mentordesk.store.models import AuditEntry, Person

LEDGER_FILE_NAME = "erasures.json"
LEDGER_FORMAT = "mentordesk-erasures"
#: How long an erase waits for a backup being written at that moment to be finished.
BACKUP_WAIT_SECONDS = 30.0
REAPPLIED_SUMMARY = "personal data erased (applied again after a restore)"


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure reached, for the coordinator."""

    person_id: int
    #: Backups in the backups folder that held the person and were rewritten without them.
    backups_rewritten: int
    #: Backups that could not be read (damaged, or made by a newer MentorDesk): removed.
    backups_removed: int
    #: Backups looked at in all (the rest did not hold the person).
    backups_checked: int
    #: Server dumps (pg_dump archives) cannot be rewritten: a restore erases again.
    server_dumps: int
    #: Whether the database's freed pages and journal were cleared (False: another
    #: program held the database open; it is done when that program lets go).
    purged: bool
    ledger: Path | None

    def describe(self) -> str:
        """One or two sentences for the coordinator."""
        rewritten = self.backups_rewritten
        parts = [
            f"Their records remain as '{erased_name(self.person_id)}'.",
            f"{rewritten:,} automatic backup{'' if rewritten == 1 else 's'} held them and "
            f"{'was' if rewritten == 1 else 'were'} rewritten without them "
            f"({self.backups_checked:,} checked).",
        ]
        if self.backups_removed:
            parts.append(
                f"{self.backups_removed:,} unreadable backup(s) that could not be cleaned "
                "were removed."
            )
        if self.server_dumps:
            parts.append(
                f"{self.server_dumps:,} server backup(s) cannot be rewritten; restoring one "
                "erases them again."
            )
        if not self.purged:
            parts.append(
                "Another program has the database open: its journal is cleared when it closes."
            )
        if self.ledger is None:
            parts.append(
                "The erasure could not be written to the erasure ledger, so a restore of an "
                "older backup would not erase them again."
            )
        return " ".join(parts)


def ledger_path(backups: Path | None = None) -> Path:
    """The erasure ledger: beside the backups folder (in the user data folder)."""
    return (backups or backup_dir()).parent / LEDGER_FILE_NAME


def read_ledger(path: Path) -> list[dict[str, Any]]:
    """The erasures recorded in ``path`` (none when there is no ledger yet)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise MentorDeskError(
            f"The erasure ledger {path} cannot be read ({error}); erasures recorded in it "
            "cannot be applied again. Restore it from a copy before restoring a backup."
        ) from None
    entries = document.get("erasures") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise MentorDeskError(f"The erasure ledger {path} is not a MentorDesk erasure ledger.")
    return [entry for entry in entries if isinstance(entry, dict) and entry.get("uid")]


def _record_in_ledger(path: Path, uid: str, at: datetime, actor: str) -> None:
    private_folder(path.parent)
    with _locked(path):
        entries = read_ledger(path)
        entries.append({"uid": uid, "at": at.isoformat(), "actor": actor})
        temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
        document = {"format": LEDGER_FORMAT, "version": 1, "erasures": entries}
        with partial_copy(temporary):
            write_private_text(temporary, json.dumps(document, indent=2) + "\n")
            os.replace(temporary, path)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the ledger's lock file, so two erasures at once both get written."""
    lock = path.with_name(f".{path.name}.lock")
    create_private_file(lock)
    with lock.open("r+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: one coordinator per computer; no lock needed
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class _Erased:
    """How to find the erased person in a backup, and the texts to clear from logs."""

    person_id: int
    uid: str
    texts: tuple[str, ...]
    name: str
    email: str | None
    at: datetime
    actor: str


def erase_everywhere(
    database: Database, who: str | int, *, backups: Path | None = None
) -> ErasureResult:
    """Erase a person (their email address or id) in the database, its freed pages and
    journal, every backup in ``backups`` (default: the backups folder) and the log,
    and record the erasure in the ledger. Refused as :func:`erase_person` refuses."""
    folder = backups or backup_dir()
    with database.transaction() as session:
        person = find_person(session, who)
        name, email, employee_id = person.name, person.email, person.employee_id
        person_id = erase_person(session, person.id)
        uid = str(session.scalar(select(Person.uid).where(Person.id == person_id)))
        at = datetime.now().replace(microsecond=0)
    erased = _Erased(
        person_id=person_id,
        uid=uid,
        texts=tuple(text for text in (name, email, employee_id) if text),
        name=name,
        email=email,
        at=at,
        actor=database.actor,
    )
    ledger: Path | None = ledger_path(backups)
    try:
        _record_in_ledger(ledger, uid, at, database.actor)  # type: ignore[arg-type]
    except (OSError, MentorDeskError):
        ledger = None
    purged = purge_freed_pages(database)
    clean_unfinished()  # a copy a killed MentorDesk left is not one to wait for
    rewritten = removed = checked = dumps = 0
    seen: set[Path] = set()
    deadline = time.monotonic() + BACKUP_WAIT_SECONDS
    while True:
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path in seen:
                continue
            seen.add(path)
            if path.suffix == ".pgdump":
                dumps += 1
                continue
            if path.suffix != ".sqlite3" or not path.is_file():
                continue
            if database.path is not None and path.resolve() == database.path.resolve():
                continue
            checked += 1
            outcome = _erase_from_backup(path, erased)
            rewritten += outcome == "rewritten"
            removed += outcome == "removed"
        # A backup being written now (the window's automatic one) may hold a copy from
        # before the erase: wait for it to get its name, then clean it too.
        if not folder.is_dir() or not any(folder.glob("*.partial")):
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    _scrub_logs(erased.texts)
    return ErasureResult(
        person_id=person_id,
        backups_rewritten=rewritten,
        backups_removed=removed,
        backups_checked=checked,
        server_dumps=dumps,
        purged=purged,
        ledger=ledger,
    )


def purge_freed_pages(database: Database) -> bool:
    """Rebuild a SQLite database without its free pages and empty its -wal; False when
    another connection kept the WAL from being emptied (it is emptied later)."""
    if not database.is_sqlite:
        return True
    with database.engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.exec_driver_sql("PRAGMA secure_delete = ON")
        autocommit.exec_driver_sql("VACUUM")
        busy = 1
        for _attempt in range(20):
            row = autocommit.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            busy = row[0] if row else 0
            if not busy:
                break
    return not busy


def _columns(connection: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return {
        table: {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
        for table in tables
    }


def _find_in_backup(
    connection: sqlite3.Connection, columns: dict[str, set[str]], erased: _Erased
) -> int | None:
    person = columns.get("person", set())
    if not person:
        return None
    if "uid" in person:
        row = connection.execute("SELECT id FROM person WHERE uid = ?", (erased.uid,)).fetchone()
        if row is not None:
            return int(row[0])
    # A backup from before people had a uid (or one whose uids were made anew): the
    # same row id with the same email address or name is the same person.
    row = connection.execute(
        "SELECT id FROM person WHERE id = ? AND (name = ? OR (email IS NOT NULL AND email = ?))",
        (erased.person_id, erased.name, erased.email),
    ).fetchone()
    return None if row is None else int(row[0])


def _erase_from_backup(path: Path, erased: _Erased) -> str:
    """'rewritten', 'untouched' (the person is not in it) or 'removed' (unreadable)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            columns = _columns(connection)
            person_id = _find_in_backup(connection, columns, erased)
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return _remove_backup(path)
    if person_id is None:
        return "untouched"
    engine = create_engine(f"sqlite+pysqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", _secure_delete)
    try:
        with engine.begin() as writer:
            erase_rows(
                writer,
                person_id,
                lambda table, column: column in columns.get(table, set()),
            )
            _audit_erasure(writer, person_id, columns, erased.at, erased.actor)
        with engine.connect() as vacuum:
            vacuum.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM")
    except Exception:  # a backup that cannot be cleaned must not stay
        engine.dispose()
        return _remove_backup(path)
    engine.dispose()
    return "rewritten"


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA secure_delete = ON")


def _audit_erasure(
    connection: Connection,
    person_id: int,
    columns: dict[str, set[str]],
    at: datetime,
    actor: str,
    summary: str = "personal data erased",
) -> None:
    if "audit_entry" not in columns:
        return
    connection.execute(
        insert(AuditEntry).values(
            at=at,
            actor=actor,
            action="erase",
            record_type="person",
            record_id=person_id,
            fields=[],
            summary=summary,
        )
    )


def _remove_backup(path: Path) -> str:
    for companion in (path, *(Path(f"{path}{suffix}") for suffix in ("-journal", "-wal", "-shm"))):
        with suppress(OSError):
            companion.unlink()
    return "removed"


def _scrub_logs(texts: tuple[str, ...]) -> None:
    """Blank the person's name, email and employee id in MentorDesk's log files, in place
    (the window's log handler keeps appending to the same file)."""
    folder = log_dir()
    if not texts or not folder.is_dir():
        return
    needles = [text.encode("utf-8") for text in texts if len(text) >= 3]
    for path in folder.glob("*.log*"):
        try:
            with path.open("r+b") as stream:
                data = stream.read()
                cleaned = data
                for needle in needles:
                    cleaned = cleaned.replace(needle, b"[erased]")
                if cleaned != data:
                    stream.seek(0)
                    stream.write(cleaned)
                    stream.truncate()
        except OSError:
            continue


def apply_ledger(database: Database, backups: Path | None = None) -> int:
    """Erase again everyone the ledger lists who is not erased in ``database`` (a
    restored older backup), with the audit entry of the original erasure; how many."""
    entries = read_ledger(ledger_path(backups))
    if not entries:
        return 0
    by_uid = {str(entry["uid"]): entry for entry in entries}
    applied = 0
    with database.transaction() as session:
        people = session.execute(
            select(Person.id, Person.uid, Person.name).where(Person.uid.in_(list(by_uid)))
        ).all()
        for person_id, uid, name in people:
            entry = by_uid[str(uid)]
            logged = session.scalar(
                select(AuditEntry.id).where(
                    AuditEntry.action == "erase",
                    AuditEntry.record_type == "person",
                    AuditEntry.record_id == person_id,
                )
            )
            if name != erased_name(person_id):
                erase_person(session, person_id, force=True)
                applied += 1
                # erase_person wrote an entry dated now; the original one is what counts.
                logged = None
                session.execute(
                    delete(AuditEntry).where(
                        AuditEntry.action == "erase",
                        AuditEntry.record_type == "person",
                        AuditEntry.record_id == person_id,
                    )
                )
            if logged is None:
                try:
                    at = datetime.fromisoformat(str(entry.get("at")))
                except ValueError:
                    at = datetime.now().replace(microsecond=0)
                session.add(
                    AuditEntry(
                        at=at,
                        actor=str(entry.get("actor") or ""),
                        action="erase",
                        record_type="person",
                        record_id=person_id,
                        fields=[],
                        summary=REAPPLIED_SUMMARY,
                    )
                )
    if applied:
        purge_freed_pages(database)
    return applied
