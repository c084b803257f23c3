"""Opening a MentorDesk database: a SQLite file (the default) or a server URL.

``open_database`` checks the file really is a MentorDesk database, refuses one
made by a newer MentorDesk, backs the file up before a pending migration and
then brings the schema up to date.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from mentordesk.errors import ChangedElsewhere, DatabaseProblem
from mentordesk.paths import backup_dir
from mentordesk.store import audit, migrate
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
    sessions: sessionmaker[Session]
    actor: str = field(default_factory=default_actor)

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
        except OperationalError as error:
            raise DatabaseProblem(_readable(error, self.display_name)) from error
        finally:
            session.close()

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


def _readable(error: DBAPIError, where: str) -> str:
    text = str(error.orig).lower()
    if "locked" in text or "busy" in text:
        return f"The database {where} is busy in another program. Try again in a moment."
    if "readonly" in text or "read-only" in text:
        return f"The database {where} is read-only; MentorDesk cannot save changes to it."
    if "disk" in text and "full" in text:
        return f"The disk holding {where} is full; free some space and try again."
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


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL lets the window read while a report or import writes; FULL sync
        # keeps every committed change through a power cut.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
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
    if path is not None:
        read_only = url.query.get("mode") == "ro"
        _check_sqlite_file(path, create=create and not read_only)
    try:
        engine = _make_engine(url)
    except NoSuchModuleError:
        raise DatabaseProblem(
            f"MentorDesk cannot use '{url.drivername}' databases: give a file path, "
            "a sqlite:/// address or a postgresql+psycopg:// address."
        ) from None
    try:
        _bring_up_to_date(engine, url, path, backups)
    except DatabaseProblem:
        engine.dispose()
        raise
    except OperationalError as error:
        engine.dispose()
        raise DatabaseProblem(_readable(error, str(path or url))) from error
    except DBAPIError as error:
        engine.dispose()
        message = f"The database {path or url} could not be opened: {error.orig}"
        raise DatabaseProblem(message) from error
    sessions = sessionmaker(engine, class_=MentorDeskSession, expire_on_commit=False)
    return Database(url=url, engine=engine, sessions=sessions)


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    name = str(url.database)
    # sqlite:///file:PATH?mode=ro&uri=true opens a file read-only.
    if url.query.get("uri") == "true" and name.startswith("file:"):
        name = name.removeprefix("file:")
    return Path(name)


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a MentorDesk database.")
    if path.exists():
        if path.stat().st_size > 0 and not is_sqlite_file(path):
            raise DatabaseProblem(f"{path} is not a MentorDesk database.")
        return
    if not create:
        raise DatabaseProblem(f"There is no MentorDesk database at {path}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseProblem(f"Cannot create a database at {path}: {error.strerror}.") from error


def _bring_up_to_date(engine: Engine, url: URL, path: Path | None, backups: Path | None) -> None:
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
    if current is not None and path is not None:
        timestamped_backup(path, backups or backup_dir(), f"before-upgrade-from-{current}")
    with engine.begin() as connection:
        migrate.upgrade(connection)
