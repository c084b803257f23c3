"""the answers of an assessment are found through one index, not two

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 05:30:00

``ix_answer_assessment_id`` (assessment) repeated the first column of the unique
index of ``uq_answer_item`` (assessment, item), which finds an assessment's
answers as well: every read of answers by assessment (a pair's trust history,
the export, loading an assessment's answers, the cascade when an assessment is
deleted) uses the unique index once this one is gone. Each answer written kept
both up to date: half a million answers at 10,000 pairs, about 0.25 s of an
import.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_answer_assessment_id", table_name="answer")


def downgrade() -> None:
    op.create_index("ix_answer_assessment_id", "answer", ["assessment_id"])
