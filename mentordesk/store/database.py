"""Opening a MentorDesk database: a SQLite file (the default) or a server URL.

``open_database`` checks the file really is a MentorDesk database, refuses one
made by a newer MentorDesk, backs the file up before a pending migration and
then brings the schema up to date.

A new SQLite database is built whole in a temporary file beside it and only
then given its name, so a start that is killed or runs out of disk never leaves
a half-made file; one left by an older MentorDesk (MentorDesk's tables, all
empty, no schema revision) is recognised and made again. A damaged file gives
one :class:`~mentordesk.errors.DatabaseDamaged` sentence naming the backup to
restore (see ``store.damage``); a file on read-only media (a USB stick, a
network share) opens read-only, with ``Database.read_only`` saying why.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from mentordesk.errors import ChangedElsewhere, DatabaseProblem, MentorDeskError
from mentordesk.paths import backup_dir
from mentordesk.private import create_private_file, private_folder
from mentordesk.store import audit, damage, migrate
from mentordesk.store.backup import is_sqlite_file, timestamped_backup
from mentordesk.store.models import AuditEntry

BUSY_TIMEOUT_MS = 5000


class MentorDeskSession(Session):
    """The session class of MentorDesk; the audit log listens to it."""


audit.install(MentorDeskSession)


def database_url(path_or_url: str | os.PathLike[str]) -> URL:
    """A SQLAlchemy URL for a file path or a URL given by the user."""
    text = os.fspath(path_or_url)
    if "://" in text:
        try:
            return make_url(text)
        except ArgumentError:
            message = f"'{text}' is not a database address MentorDesk understands."
            raise DatabaseProblem(message) from None
    return URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def default_actor() -> str:
    """The name recorded in the audit log when the coordinator gave none."""
    if os.environ.get("MENTORDESK_USER"):
        return os.environ["MENTORDESK_USER"]
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


@dataclass
class Database:
    """An open database: an engine plus a factory of audited sessions."""

    url: URL
    engine: Engine
    sessions: sessionmaker[MentorDeskSession]
    actor: str = field(default_factory=default_actor)
    #: Why the database cannot be changed (read-only media or file), None when it can.
    read_only: str | None = None
    #: Where this database's backups are (None: the backups folder of the data folder).
    backups: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The database file, for SQLite; None for a server."""
        return _sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: committed whole when the block ends, rolled back on error."""
        session = self.sessions()
        session.info[audit.ACTOR_KEY] = self.actor
        try:
            with session.begin():
                yield session
        except StaleDataError as error:
            raise ChangedElsewhere(self._who_changed(session, str(error))) from None
        except IntegrityError as error:
            problem = rule_problem(error)
            if problem is None:
                raise
            raise problem from error
        except (DBAPIError, UnicodeDecodeError) as error:
            problem = self.problem_for(error)
            if problem is None:
                raise
            raise problem from error
        finally:
            session.close()

    def problem_for(self, error: BaseException) -> DatabaseProblem | None:
        """The sentence for a database error: damage, a locked or read-only file, a full
        disk, a server that went away; None for an error that is a bug."""
        if self.path is not None and damage.is_damage(error):
            return damage.damaged(self.path, self.backups or backup_dir(), error)
        if isinstance(error, OperationalError):
            return DatabaseProblem(_readable(error, self.display_name))
        return None

    def close(self) -> None:
        self.engine.dispose()

    def _who_changed(self, session: Session, error: str) -> str:
        match = re.search(r"table '(\w+)'", error)
        table = match.group(1) if match else "record"
        stale_ids = [
            getattr(instance, "id", None)
            for instance in (*session.dirty, *session.deleted)
            if getattr(instance, "__tablename__", None) == table
        ]
        with self.sessions() as reader:
            return changed_elsewhere_message(reader, self.actor, table, stale_ids)


def changed_elsewhere_message(
    session: Session, actor: str, table: str, record_ids: Collection[int | None]
) -> str:
    """ "Ana changed this pair at 10:42, after you opened it…", from the audit log."""
    entry = None
    ids = [record_id for record_id in record_ids if record_id is not None]
    if ids:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.record_type == table, AuditEntry.record_id.in_(ids))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(1)
        ).first()
    if entry is None or not entry.actor:
        who = "Someone else"
    elif entry.actor == actor:
        who = "You (in another window)"
    else:
        who = entry.actor
    when = f" at {entry.at:%H:%M}" if entry is not None else ""
    action = "deleted" if entry is not None and entry.action == "delete" else "changed"
    return (
        f"{who} {action} this {table.replace('_', ' ')}{when}, after you opened it. "
        "Nothing of yours was saved over it: reload to see the change, then make yours again."
    )


def ensure_unchanged(session: Session, record: Any, expected_version: int | None) -> None:
    """Refuse to save over a record someone else saved since the user opened it.

    Dialogs keep the ``version`` of the row they showed and services pass it here
    before changing the record; None skips the check (nothing was shown first).
    """
    if expected_version is None or record.version == expected_version:
        return
    actor = str(session.info.get(audit.ACTOR_KEY, ""))
    raise ChangedElsewhere(
        changed_elsewhere_message(session, actor, record.__tablename__, [record.id])
    )


#: Rules the database itself holds, by the name of the index (PostgreSQL names it) or
#: the columns (SQLite names those), with the sentence for a save it refused.
RULES_HELD_BY_THE_DATABASE = (
    (
        ("uq_pair_open_mentee", "pair.program_id, pair.mentee_id"),
        "The mentee already has a proposed or active pair in this program (someone saved it "
        "a moment ago); a mentee has at most one. Nothing was saved: reload to see it.",
    ),
    (
        ("uq_attendance_person", "attendance.workshop_id, attendance.person_id"),
        "That attendance was just recorded by someone else; nothing was saved twice. "
        "Reload to see the workshop as it is.",
    ),
)


def rule_problem(error: IntegrityError) -> MentorDeskError | None:
    """The coordinator's sentence for a save refused by a rule the database holds (two
    coordinators saving at once), or None for any other integrity error."""
    text = str(error.orig)
    for names, sentence in RULES_HELD_BY_THE_DATABASE:
        if any(name in text for name in names):
            return MentorDeskError(sentence)
    return None


def lock_rows(session: Session, model: Any, ids: Collection[int]) -> None:
    """Hold the rows ``ids`` of ``model`` until the transaction ends, so that what a rule
    counts next (a mentor's places, a mentee's one pair) cannot change under it.

    A server locks the rows (SELECT … FOR UPDATE, in id order so two savers never wait
    on each other). SQLite has one write lock for the whole file: a no-op UPDATE takes
    it, so writers queue there and each one's checks see every save made before it.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return
    table = model.__table__
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(update(table).where(table.c.id.in_(wanted)).values(id=table.c.id))
        return
    connection.execute(
        select(table.c.id).where(table.c.id.in_(wanted)).order_by(table.c.id).with_for_update()
    ).all()


def _readable(error: DBAPIError, where: str) -> str:
    text = str(error.orig).lower()
    if "locked" in text or "busy" in text:
        return f"The database {where} is busy in another program. Try again in a moment."
    if "readonly" in text or "read-only" in text:
        return (
            f"The database {where} is read-only: edits are off, and nothing was saved. "
            "Copy it to a folder you can write to and open the copy to make changes."
        )
    if "disk" in text and "full" in text:
        return f"The disk holding {where} is full; free some space and try again."
    if "unable to open database file" in text:
        return f"The database {where} cannot be opened: its folder may be missing or unreadable."
    if "not a database" in text or "malformed" in text:
        return f"{where} is damaged or is not a MentorDesk database."
    # A database server (PostgreSQL): down, unreachable, or refusing the login.
    if (
        "password authentication failed" in text
        or "no password supplied" in text
        or ("role" in text and "does not exist" in text)
    ):
        return f"The database server refused the login for {where}: check the name and password."
    if "does not exist" in text and "database" in text:
        return f"The server has no such database: {where}."
    if any(
        sign in text
        for sign in (
            "connection refused",
            "could not connect",
            "timeout expired",
            "timed out",
            "server closed the connection",
            "connection failed",
            "name or service",
        )
    ):
        return (
            f"The database server for {where} cannot be reached. Is it running, and is this "
            "computer on its network? Nothing you typed is lost: try again when it is back."
        )
    first_line = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
    return f"The database {where} could not be used: {first_line}"


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any, *, read_only: bool = False) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
            return
        # WAL lets the window read while a report or import writes; FULL sync
        # keeps every committed change through a power cut.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _make_engine(
    url: URL, path: Path | None = None, *, read_only_uri: str | None = None, backups: Path
) -> Engine:
    if url.get_backend_name() == "sqlite":
        if read_only_uri is not None:
            uri = read_only_uri
            engine = create_engine(
                "sqlite+pysqlite://",
                creator=lambda: sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                ),
            )
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        def set_pragmas(dbapi_connection: Any, record: Any) -> None:
            try:
                _set_sqlite_pragmas(dbapi_connection, record, read_only=read_only_uri is not None)
            except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
                # A damaged first page answers the journal_mode question with garbage.
                if path is None or not damage.is_damage(error):
                    raise
                raise damage.damaged(path, backups, error) from error

        event.listen(engine, "connect", set_pragmas)
        return engine
    # A server that does not answer should say so within seconds, not hang the window.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def open_database(
    path_or_url: str | os.PathLike[str],
    *,
    backups: Path | None = None,
    create: bool = True,
) -> Database:
    """Open (and if needed create or upgrade) the MentorDesk database at ``path_or_url``.

    Raises DatabaseProblem with a readable sentence for a file that is not a
    MentorDesk database, one from a newer MentorDesk, a locked or read-only file
    or an unreachable server.
    """
    url = database_url(path_or_url)
    path = _sqlite_path(url)
    folder = backups or backup_dir()
    read_only: str | None = None
    read_only_uri: str | None = None
    if path is not None:
        asked_read_only = url.query.get("mode") == "ro"
        _check_sqlite_file(path, create=create and not asked_read_only, backups=folder)
        read_only = "it was opened read-only" if asked_read_only else read_only_reason(path)
        if read_only is not None and not path.exists():
            raise DatabaseProblem(f"Cannot create a database at {path}: {read_only}.")
        if read_only is not None and not asked_read_only:
            read_only_uri = _read_only_uri(path, folder)
        elif not asked_read_only:
            _create_if_needed(path, create=create)
    try:
        engine = _make_engine(url, path, read_only_uri=read_only_uri, backups=folder)
    except NoSuchModuleError:
        raise DatabaseProblem(
            f"MentorDesk cannot use '{url.drivername}' databases: give a file path, "
            "a sqlite:/// address or a postgresql+psycopg:// address."
        ) from None
    try:
        _bring_up_to_date(engine, url, path, backups, read_only=read_only)
    except DatabaseProblem:
        engine.dispose()
        raise
    except (DBAPIError, UnicodeDecodeError) as error:
        engine.dispose()
        if path is not None and damage.is_damage(error):
            raise damage.damaged(path, folder, error) from error
        if isinstance(error, OperationalError):
            raise DatabaseProblem(_readable(error, str(path or url))) from error
        if isinstance(error, UnicodeDecodeError):
            raise
        message = f"The database {path or url} could not be opened: {error.orig}"
        raise DatabaseProblem(message) from error
    sessions = sessionmaker(engine, class_=MentorDeskSession, expire_on_commit=False)
    return Database(
        url=url, engine=engine, sessions=sessions, read_only=read_only, backups=backups
    )


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    name = str(url.database)
    # sqlite:///file:PATH?mode=ro&uri=true opens a file read-only.
    if url.query.get("uri") == "true" and name.startswith("file:"):
        name = name.removeprefix("file:")
    return Path(name)


def _check_sqlite_file(path: Path, *, create: bool, backups: Path) -> None:
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a MentorDesk database.")
    if path.exists():
        if path.stat().st_size > 0 and not is_sqlite_file(path):
            if damage.backups_of(path, backups):
                # MentorDesk backed this file up before: it was ours, and is damaged now.
                raise damage.damaged(path, backups)
            raise DatabaseProblem(f"{path} is not a MentorDesk database.")
        return
    if not create:
        raise DatabaseProblem(f"There is no MentorDesk database at {path}.")
    try:
        private_folder(path.parent)
    except OSError as error:
        raise DatabaseProblem(f"Cannot create a database at {path}: {error.strerror}.") from error


# --------------------------------------------------------------------------- read-only media


def read_only_reason(path: Path) -> str | None:
    """Why the database at ``path`` cannot be changed here, or None when it can.

    SQLite writes its journal (or write-ahead log) beside the file, so a file that
    can be written in a folder that cannot (a network share, a locked USB stick)
    is read-only as well. A missing file is judged by its folder.
    """
    if not path.exists():
        if path.parent.exists() and not os.access(path.parent, os.W_OK):
            return f"the folder {path.parent} cannot be written"
        return None
    if not os.access(path, os.W_OK):
        return f"the file {path.name} cannot be written"
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} cannot be written"
    return None


def _read_only_uri(path: Path, backups: Path) -> str:
    """The SQLite address that reads ``path`` without writing anything beside it.

    ``mode=ro`` when SQLite can read the file so; otherwise (a WAL database whose
    shared-memory file cannot be made in a read-only folder) ``immutable=1``, which
    reads the file as it is, without locks.
    """
    base = path.as_uri()
    for query in ("mode=ro", "mode=ro&immutable=1"):
        uri = f"{base}?{query}"
        try:
            connection = sqlite3.connect(uri, uri=True)
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                connection.close()
        except sqlite3.OperationalError as error:
            if "unable to open" in str(error):
                continue
            return uri
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            raise damage.damaged(path, backups, error) from error
        return uri
    raise DatabaseProblem(f"The database {path} is on read-only media and cannot be read there.")


# --------------------------------------------------------------------------- a new database

#: The temporary file a new database is built in: hidden, beside it, named by the process.
_BUILDING = ".{name}.{pid}.building"


def _create_if_needed(path: Path, *, create: bool) -> None:
    """Build the database at ``path`` whole when it is missing, empty or half-made."""
    _remove_stale_builds(path)
    if path.exists() and path.stat().st_size > 0:
        if not _is_half_made(path):
            return
        # Made by a MentorDesk killed while creating it: nothing in it, make it again.
        _build_new(path, replace=True)
        return
    if not create and not path.exists():
        return
    _build_new(path, replace=path.exists())


def _is_half_made(path: Path) -> bool:
    """A file an older MentorDesk left when it was killed while creating it: no schema
    revision, only MentorDesk's tables (some of them), every one empty."""
    from mentordesk.store.models import Base

    ours = set(Base.metadata.tables) | {migrate.VERSION_TABLE}
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        tables = {
            str(name)
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if not tables <= ours:
            return False
        if migrate.VERSION_TABLE in tables and connection.execute(
            f"SELECT count(*) FROM {migrate.VERSION_TABLE}"
        ).fetchone()[0]:
            return False
        return all(
            connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == 0
            for table in tables
        )
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    finally:
        connection.close()


def _remove_sidecars(path: Path) -> None:
    for suffix in damage.SIDECARS:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_stale_builds(path: Path) -> None:
    """Remove what a killed start left of a database it was building (an empty schema)."""
    prefix = f".{path.name}."
    try:
        leftovers = [
            entry
            for entry in path.parent.iterdir()
            if entry.name.startswith(prefix) and ".building" in entry.name
        ]
    except OSError:
        return
    for entry in leftovers:
        pid_text = entry.name[len(prefix) :].split(".", 1)[0]
        if pid_text.isdigit() and _process_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            entry.unlink()


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _build_new(path: Path, *, replace: bool) -> None:
    """Create the schema in a temporary file beside ``path``, then give it its name.

    All or nothing: killed or out of disk before the last step, ``path`` is
    untouched (the leftover is removed at the next start); after it, ``path`` is a
    whole MentorDesk database. Without ``replace`` an existing ``path`` (another
    process made it first) is kept and the new copy dropped.
    """
    building = path.with_name(_BUILDING.format(name=path.name, pid=os.getpid()))
    building.unlink(missing_ok=True)
    _remove_sidecars(building)
    # Readable by its owner only (0600); SQLite gives the -wal and -shm the same mode.
    create_private_file(building)
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(building)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.exec_driver_sql("PRAGMA synchronous = FULL")
            migrate.upgrade(connection)
        engine.dispose()
        with building.open("rb+") as handle:
            os.fsync(handle.fileno())
        if replace:
            _remove_sidecars(path)
            os.replace(building, path)
        else:
            try:
                os.link(building, path)
            except FileExistsError:
                pass  # made by another MentorDesk starting at the same moment: use that one
            except OSError:
                # A file system without hard links (FAT on a USB stick).
                if not path.exists():
                    os.replace(building, path)
        _sync_folder(path.parent)
    except OperationalError as error:
        raise DatabaseProblem(_readable(error, str(path))) from error
    except OSError as error:
        raise DatabaseProblem(
            f"Cannot create a database at {path}: {error.strerror or error}."
        ) from error
    finally:
        engine.dispose()
        building.unlink(missing_ok=True)
        _remove_sidecars(building)


def _bring_up_to_date(
    engine: Engine,
    url: URL,
    path: Path | None,
    backups: Path | None,
    *,
    read_only: str | None = None,
) -> None:
    head = migrate.head_revision()
    with engine.connect() as connection:
        current = migrate.current_revision(connection)
        tables = set(inspect(connection).get_table_names())
    if current is None and tables - {"alembic_version"}:
        raise DatabaseProblem(f"{path or url} holds another program's data, not MentorDesk's.")
    if current is not None and current != head and current not in migrate.known_revisions():
        raise DatabaseProblem(
            f"{path or url} was made by a newer version of MentorDesk. "
            "Install the newer version to open it; this one will not change it."
        )
    if current == head:
        return
    if read_only is not None:
        raise DatabaseProblem(
            f"{path or url} was made by an older MentorDesk and needs upgrading, but it is "
            f"read-only here ({read_only}). Copy it to a folder you can write to and open "
            "the copy."
        )
    if current is not None and path is not None:
        timestamped_backup(path, backups or backup_dir(), f"before-upgrade-from-{current}")
    with engine.begin() as connection:
        migrate.upgrade(connection)
