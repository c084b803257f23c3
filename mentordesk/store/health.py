"""Is this database sound? Integrity, foreign keys and migration state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from mentordesk.store import damage, migrate
from mentordesk.store.database import Database
from mentordesk.store.models import Base


@dataclass(frozen=True)
class HealthReport:
    revision: str | None
    head: str
    problems: tuple[str, ...]
    #: SQLite's integrity check failed: restore a backup (the problems say what it found).
    damaged: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def schema_differences(connection: Connection) -> list[Any]:
    """What differs between the tables in the database and the models (empty when none)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    differences: list[Any] = compare_metadata(context, Base.metadata)
    return differences


def _integrity_in_words(database: Database, connection: Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` found, as sentences (empty when the file is sound)."""
    try:
        rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check(200)")]
        roots = {
            int(root): str(name)
            for name, root in connection.exec_driver_sql(
                "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"
            )
        }
    except (DBAPIError, UnicodeDecodeError) as error:
        if database.path is None or not damage.is_damage(error):
            raise
        return [f"SQLite cannot check it at all: {damage.damage_in_words(database.path, error)}."]
    return damage.integrity_in_words(rows, roots)


def check_database(database: Database) -> HealthReport:
    """Run the integrity checks; every problem is a sentence a coordinator can pass on."""
    problems: list[str] = []
    head = migrate.head_revision()
    with database.engine.connect() as connection:
        revision = migrate.current_revision(connection)
        if revision != head:
            problems.append(f"The database is at schema {revision}, expected {head}.")
        if database.is_sqlite:
            found = _integrity_in_words(database, connection)
            if found:
                # The other checks read every table and would only fail on the damage.
                problems.extend(found)
                return HealthReport(revision, head, tuple(problems), damaged=True)
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                tables = sorted({row[0] for row in broken})
                problems.append(
                    f"{len(broken)} rows point at records that no longer exist "
                    f"(tables: {', '.join(tables)})."
                )
        differences = schema_differences(connection)
        if differences:
            problems.append(f"The tables differ from what this MentorDesk expects: {differences}")
    return HealthReport(revision=revision, head=head, problems=tuple(problems))
