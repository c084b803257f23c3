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


def _is_modelled(name: str | None, kind: str, _parents: object) -> bool:
    # The roster's search index (migration 0009: on SQLite an FTS5 table and the tables
    # SQLite keeps for it, on PostgreSQL trigram indexes the extension may not allow)
    # is the database's own and has no model.
    if name is None:
        return True
    if kind == "table":
        return not name.startswith("person_search")
    return not (kind == "index" and name.endswith("_trigram"))


def schema_differences(connection: Connection) -> list[Any]:
    """What differs between the tables in the database and the models (empty when none)."""
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": _is_modelled}
    )
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
            problems.append(
                "The tables differ from what this MentorDesk expects: "
                + "; ".join(describe_differences(differences))
                + ". Was the file changed by another program? Restore a backup to be safe."
            )
    return HealthReport(revision=revision, head=head, problems=tuple(problems))


def describe_differences(differences: list[Any]) -> list[str]:
    """Alembic's comparison (tuples of operations and SQLAlchemy objects) in words."""
    words: list[str] = []
    for difference in differences:
        if isinstance(difference, list):  # changes to one column, grouped
            words.extend(describe_differences(difference))
            continue
        words.append(_difference_in_words(tuple(difference)))
    return words


def _named(thing: Any) -> str:
    return str(getattr(thing, "name", None) or "(unnamed)")


def _difference_in_words(difference: tuple[Any, ...]) -> str:
    action = str(difference[0])
    if action in ("add_table", "remove_table"):
        table = _named(difference[1])
        if action == "add_table":
            return f"the table '{table}' is missing"
        return f"there is a table '{table}' this MentorDesk does not know"
    if action in ("add_column", "remove_column"):
        table, column = str(difference[2]), _named(difference[3])
        if action == "add_column":
            return f"the column '{table}.{column}' is missing"
        return f"the table '{table}' has a column '{column}' this MentorDesk does not know"
    if action.startswith("modify_") and len(difference) >= 7:
        table, column = str(difference[2]), str(difference[3])
        old, new = difference[5], difference[6]
        what = {
            "modify_type": f"is of type {old}, expected {new}",
            "modify_nullable": (
                "may be left empty, but should not" if old else "may not be left empty, but should"
            ),
            "modify_default": "has another default value",
            "modify_comment": "has another comment",
        }.get(action, "is not as expected")
        return f"the column '{table}.{column}' {what}"
    kinds = {
        "index": "index",
        "constraint": "constraint",
        "fk": "foreign key",
    }
    verb, _, kind = action.partition("_")
    thing = difference[1] if len(difference) > 1 else None
    owner = getattr(getattr(thing, "table", None), "name", None) or getattr(
        getattr(thing, "parent", None), "name", None
    )
    where = f" on '{owner}'" if owner else ""
    label = kinds.get(kind, kind.replace("_", " ") or "part")
    if verb == "add":
        return f"the {label} '{_named(thing)}'{where} is missing"
    if verb == "remove":
        return f"there is a {label} '{_named(thing)}'{where} this MentorDesk does not know"
    return f"{action.replace('_', ' ')} {_named(thing)}{where}"
