"""an index the roster's search finds people in by any part of a name, email or department

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 19:10:00

The roster searches as the coordinator types: every word must appear somewhere
in the mentor's or the mentee's name, email or department. Holding those texts
in the window for every pair cost memory in step with the program (about 2.5 KB
a pair with the rest of the row); the database answers instead.

SQLite: ``person_search``, an FTS5 table with the trigram tokenizer over the
person table's own columns (external content: no text is stored twice), kept in
step by triggers whoever writes a person. A trigram index finds a word of three
characters or more anywhere inside a text, case-insensitively. An SQLite built
without FTS5 gets no index; the search then reads the people one by one.

PostgreSQL: trigram GIN indexes (pg_trgm) on the three columns, which an
``ILIKE '%word%'`` uses. When the extension cannot be created (no right to),
the search works the same without the indexes, only slower.
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

COLUMNS = ("name", "email", "department")
_TRIGGERS = ("person_search_insert", "person_search_delete", "person_search_update")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_indexes()
    else:
        _sqlite_index()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_person_{column}_trigram")
        return
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS person_search")


def _sqlite_index() -> None:
    columns = ", ".join(COLUMNS)
    old = ", ".join(f"old.{column}" for column in COLUMNS)
    new = ", ".join(f"new.{column}" for column in COLUMNS)
    try:
        op.execute(
            f"CREATE VIRTUAL TABLE person_search USING fts5({columns}, content='person', "
            "content_rowid='id', tokenize='trigram')"
        )
    except DBAPIError as error:  # no FTS5, or no trigram tokenizer (SQLite before 3.34)
        log.warning("No search index for the roster: %s", error)
        return
    op.execute(
        "CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN "
        f"INSERT INTO person_search (rowid, {columns}) VALUES (new.id, {new}); END"
    )
    # An external-content index is told the old values to take out.
    delete = (
        f"INSERT INTO person_search (person_search, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old});"
    )
    op.execute(f"CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN {delete} END")
    op.execute(
        f"CREATE TRIGGER person_search_update AFTER UPDATE OF id, {columns} ON person BEGIN "
        f"{delete} INSERT INTO person_search (rowid, {columns}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO person_search (person_search) VALUES ('rebuild')")


def _postgresql_indexes() -> None:
    bind = op.get_bind()
    try:
        # Its own savepoint: a refused extension must not end the migration's transaction.
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as error:
        log.warning("No trigram indexes for the roster's search: %s", error)
        return
    for column in COLUMNS:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_person_{column}_trigram ON person "
            f"USING gin ({column} gin_trgm_ops)"
        )
