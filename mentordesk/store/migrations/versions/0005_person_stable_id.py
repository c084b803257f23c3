"""a stable random id for every person, for the erasure ledger

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 10:10:00

Erasing a person is recorded in a small ledger outside the database file, so a
restore of an older backup can erase them again. The ledger must not hold a
name or an email address, and a row id is only meaningful inside one database:
every person gets a random 32-hex-digit ``uid`` that stays with them in every
backup made from now on. Existing people get theirs here.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild): the unique rule is an index of its own.
    op.add_column("person", sa.Column("uid", sa.String(length=32), nullable=True))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM person"))]
    if ids:
        connection.execute(
            sa.text("UPDATE person SET uid = :uid WHERE id = :id"),
            [{"uid": uuid.uuid4().hex, "id": person_id} for person_id in ids],
        )
    op.create_index("uq_person_uid", "person", ["uid"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_person_uid", table_name="person")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("uid")
