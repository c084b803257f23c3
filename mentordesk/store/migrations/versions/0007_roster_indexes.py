"""indexes the roster's last-held day and latest mentee score are read from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 15:15:00

The roster shows, for every pair, the day of the latest held activity and the
score of the latest mentee assessment. With an index on (pair, day) alone each
pair's activities are all read to find the held ones (about 25 a pair: most of
the roster's time at 10,000 pairs and more). With the outcome, or the respondent,
between the pair and the day, each is one step down an index.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_activity_pair_outcome_on", "activity", ["pair_id", "outcome", "day"])
    op.create_index(
        "ix_assessment_pair_respondent_on", "assessment", ["pair_id", "respondent", "day"]
    )


def downgrade() -> None:
    op.drop_index("ix_assessment_pair_respondent_on", table_name="assessment")
    op.drop_index("ix_activity_pair_outcome_on", table_name="activity")
