"""Alembic environment: always run by ``mentordesk.store.migrate`` with an open connection."""

from __future__ import annotations

from alembic import context

from mentordesk.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
