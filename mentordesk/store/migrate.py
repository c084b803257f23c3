"""Alembic, driven from code: the migrations travel inside the package.

Alembic is imported only when a database needs upgrading or an unknown revision
must be looked up: opening an up-to-date database, which is every start of the
program but the first after an update, reads the revision with one query.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# The newest migration in migrations/versions; a test checks it is Alembic's head.
HEAD_REVISION = "0010"

VERSION_TABLE = "alembic_version"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the packaged migrations, bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this version of MentorDesk knows."""
    return HEAD_REVISION


def known_revisions() -> set[str]:
    """Every revision of the packaged migrations (read from their files by Alembic)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if revision is None else str(revision)


def upgrade(connection: Connection) -> None:
    """Bring the database to the newest schema, inside the caller's transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
