"""a survey schedule per program: first check-up, check-ups every, closing round

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 15:15:00

The schedule that proposes survey rounds and drives the "Surveys due" list was
fixed (a check-up 30 days after a pair starts, then every 60 days, a closing
round at the planned end). It becomes a program setting with those defaults,
so existing programs keep exactly the schedule they had.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs with server defaults: no table rebuild, old rows get the defaults.
    op.add_column(
        "program",
        sa.Column("survey_first_days", sa.Integer(), nullable=False, server_default="30"),
    )
    op.add_column(
        "program",
        sa.Column("survey_every_days", sa.Integer(), nullable=False, server_default="60"),
    )
    op.add_column(
        "program",
        sa.Column("survey_closing", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_column("survey_closing")
        batch_op.drop_column("survey_every_days")
        batch_op.drop_column("survey_first_days")
