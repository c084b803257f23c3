"""survey rounds: rounds, their respondents, closing outcomes, the forms' key

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("database_id", sa.String(length=32), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_key")),
    )
    op.create_table(
        "survey_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("respondents", sa.String(length=10), nullable=False),
        sa.Column("mail_subject", sa.Text(), nullable=False),
        sa.Column("mail_body", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('checkup', 'midpoint', 'closing')", name=op.f("ck_survey_round_kind")),
        sa.CheckConstraint("respondents IN ('mentee', 'mentor', 'both')", name=op.f("ck_survey_round_respondents")),
        sa.CheckConstraint("due_on >= opens_on", name=op.f("ck_survey_round_dates")),
        sa.ForeignKeyConstraint(["program_id"], ["program.id"], name=op.f("fk_survey_round_program_id_program"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_round")),
        sa.UniqueConstraint("program_id", "name", name="uq_survey_round_name"),
    )
    with op.batch_alter_table("survey_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_round_program_id"), ["program_id"], unique=False)

    op.create_table(
        "survey_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.String(length=10), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("recommend", sa.Integer(), nullable=True),
        sa.Column("keep", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.CheckConstraint("respondent IN ('mentee', 'mentor')", name=op.f("ck_survey_outcome_respondent")),
        sa.CheckConstraint("recommend IS NULL OR recommend BETWEEN 0 AND 10", name=op.f("ck_survey_outcome_recommend")),
        sa.ForeignKeyConstraint(["pair_id"], ["pair.id"], name=op.f("fk_survey_outcome_pair_id_pair"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], name=op.f("fk_survey_outcome_round_id_survey_round"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_outcome")),
        sa.UniqueConstraint("round_id", "pair_id", "respondent", name="uq_survey_outcome_who"),
    )
    with op.batch_alter_table("survey_outcome", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_outcome_pair_id"), ["pair_id"], unique=False)

    op.create_table(
        "survey_respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("collected_at", sa.DateTime(), nullable=True),
        sa.Column("answers_digest", sa.String(length=64), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("respondent IN ('mentee', 'mentor')", name=op.f("ck_survey_respondent_respondent")),
        sa.CheckConstraint("state IN ('pending', 'answered', 'refused')", name=op.f("ck_survey_respondent_state")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], name=op.f("fk_survey_respondent_assessment_id_assessment"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pair_id"], ["pair.id"], name=op.f("fk_survey_respondent_pair_id_pair"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], name=op.f("fk_survey_respondent_round_id_survey_round"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_respondent")),
        sa.UniqueConstraint("round_id", "pair_id", "respondent", name="uq_survey_respondent_who"),
    )
    with op.batch_alter_table("survey_respondent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_respondent_pair_id"), ["pair_id"], unique=False)

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("survey_round_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_assessment_survey_round_id"), ["survey_round_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_assessment_survey_round_id_survey_round"),
            "survey_round",
            ["survey_round_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_assessment_survey_round_id_survey_round"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_assessment_survey_round_id"))
        batch_op.drop_column("survey_round_id")
    with op.batch_alter_table("survey_respondent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_respondent_pair_id"))
    op.drop_table("survey_respondent")
    with op.batch_alter_table("survey_outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_outcome_pair_id"))
    op.drop_table("survey_outcome")
    with op.batch_alter_table("survey_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_round_program_id"))
    op.drop_table("survey_round")
    op.drop_table("survey_key")
