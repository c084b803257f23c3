"""Is this database sound? Integrity, foreign keys and migration state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from mentordesk.store import migrate
from mentordesk.store.database import Database
from mentordesk.store.models import Base


@dataclass(frozen=True)
class HealthReport:
    revision: str | None
    head: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def schema_differences(connection: Connection) -> list[Any]:
    """What differs between the tables in the database and the models (empty when none)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def check_database(database: Database) -> HealthReport:
    """Run the integrity checks; every problem is a sentence a coordinator can pass on."""
    problems: list[str] = []
    head = migrate.head_revision()
    with database.engine.connect() as connection:
        revision = migrate.current_revision(connection)
        if revision != head:
            problems.append(f"The database is at schema {revision}, expected {head}.")
        if database.is_sqlite:
            result = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems.append("SQLite integrity check failed: " + "; ".join(result[:5]))
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
