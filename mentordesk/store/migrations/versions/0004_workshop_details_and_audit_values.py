"""workshop time, place and facilitator; old and new values in the audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 09:50:00

A workshop gets a start time, a place and a facilitator (all optional, so
older workshops and program files stay valid). An audit entry may now keep,
for fields that are not free text, what a change made of them (old -> new);
older entries have none and show only which fields changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("place", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("facilitator", sa.String(length=200), nullable=True))
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("changes")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("facilitator")
        batch_op.drop_column("place")
        batch_op.drop_column("start_time")
