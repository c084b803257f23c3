"""the first tables

Revision ID: 0001
Revises:
Create Date: 2026-11-25 07:53:48.642826
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "action IN ('create', 'change', 'delete', 'erase')", name=op.f("ck_audit_entry_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_at", ["at"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("employee_id", sa.String(length=64), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("can_mentor", sa.Boolean(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("capacity >= 0 AND capacity <= 50", name=op.f("ck_person_capacity")),
        sa.CheckConstraint(
            "manager_id IS NULL OR manager_id <> id", name=op.f("ck_person_not_own_manager")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["person.id"],
            name=op.f("fk_person_manager_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
        sa.UniqueConstraint("employee_id", name=op.f("uq_person_employee_id")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_manager_id"), ["manager_id"], unique=False)
        batch_op.create_index("ix_person_name", ["name"], unique=False)

    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("default_model", sa.String(length=20), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=False),
        sa.Column("threshold_high", sa.Float(), nullable=False),
        sa.Column("threshold_medium", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "default_model IN ('formal', 'informal', 'peer')", name=op.f("ck_program_default_model")
        ),
        sa.CheckConstraint("cadence_days BETWEEN 1 AND 365", name=op.f("ck_program_cadence")),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_program_dates")
        ),
        sa.CheckConstraint(
            "threshold_medium >= 1 AND threshold_medium <= threshold_high AND threshold_high <= 5",
            name=op.f("ck_program_thresholds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
        sa.UniqueConstraint("name", name=op.f("uq_program_name")),
    )
    op.create_table(
        "pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("agreement_signed", sa.Date(), nullable=True),
        sa.Column("expectations", sa.Text(), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("model IN ('formal', 'informal', 'peer')", name=op.f("ck_pair_model")),
        sa.CheckConstraint(
            "status IN ('proposed', 'active', 'paused', 'completed', 'ended_early')",
            name=op.f("ck_pair_status"),
        ),
        sa.CheckConstraint(
            "cadence_days IS NULL OR cadence_days BETWEEN 1 AND 365", name=op.f("ck_pair_cadence")
        ),
        sa.CheckConstraint("mentor_id <> mentee_id", name=op.f("ck_pair_not_own_mentor")),
        sa.CheckConstraint(
            "planned_end IS NULL OR planned_end >= start_date", name=op.f("ck_pair_dates")
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["person.id"], name=op.f("fk_pair_mentee_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["person.id"], name=op.f("fk_pair_mentor_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_pair_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair")),
    )
    with op.batch_alter_table("pair", schema=None) as batch_op:
        batch_op.create_index("ix_pair_mentee", ["mentee_id"], unique=False)
        batch_op.create_index("ix_pair_mentor", ["mentor_id"], unique=False)
        batch_op.create_index("ix_pair_program_status", ["program_id", "status"], unique=False)

    op.create_table(
        "plan_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "heading IN ('communication', 'conflict_resolution', 'change_management', 'support', 'respect')",
            name=op.f("ck_plan_entry_heading"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_plan_entry_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_entry")),
        sa.UniqueConstraint("program_id", "heading", name="uq_plan_entry_heading"),
    )
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('checkin', 'workshop', 'networking', 'project', 'peer_session')",
            name=op.f("ck_workshop_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_workshop_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
    )
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_program_id"), ["program_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('checkin', 'workshop', 'networking', 'project', 'peer_session')",
            name=op.f("ck_activity_kind"),
        ),
        sa.CheckConstraint(
            "outcome IN ('held', 'missed', 'cancelled')", name=op.f("ck_activity_outcome")
        ),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes BETWEEN 1 AND 1440", name=op.f("ck_activity_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_activity_pair_id_pair"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index("ix_activity_pair_on", ["pair_id", "day"], unique=False)

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("respondent", sa.String(length=10), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("overall", sa.Float(), nullable=True),
        sa.Column("competence", sa.Float(), nullable=True),
        sa.Column("integrity", sa.Float(), nullable=True),
        sa.Column("benevolence", sa.Float(), nullable=True),
        sa.Column("loyalty", sa.Float(), nullable=True),
        sa.Column("cognitive", sa.Float(), nullable=True),
        sa.Column("affective", sa.Float(), nullable=True),
        sa.Column("behavioral", sa.Float(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "respondent IN ('mentee', 'mentor')", name=op.f("ck_assessment_respondent")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_assessment_pair_id_pair"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index("ix_assessment_pair_on", ["pair_id", "day"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_attendance_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_attendance_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("workshop_id", "person_id", name="uq_attendance_person"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)

    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('trust_breach', 'disagreement', 'conflict_of_interest', 'confidentiality_breach', 'boundary_issue', 'change_uncertainty', 'other')",
            name=op.f("ck_conflict_kind"),
        ),
        sa.CheckConstraint(
            "severity IN ('low', 'medium', 'high')", name=op.f("ck_conflict_severity")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_dialogue', 'mediation', 'resolved', 'closed_unresolved', 'escalated')",
            name=op.f("ck_conflict_status"),
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_conflict_pair_id_pair"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_conflict_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index("ix_conflict_pair", ["pair_id"], unique=False)
        batch_op.create_index("ix_conflict_program_status", ["program_id", "status"], unique=False)

    op.create_table(
        "ethics_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("guideline", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "guideline IN ('confidentiality', 'professionalism', 'transparency', 'conflicts_of_interest', 'boundaries')",
            name=op.f("ck_ethics_review_guideline"),
        ),
        sa.CheckConstraint(
            "state IN ('not_reviewed', 'confirmed', 'concern')", name=op.f("ck_ethics_review_state")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_ethics_review_pair_id_pair"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ethics_review")),
    )
    with op.batch_alter_table("ethics_review", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ethics_review_pair_guideline", ["pair_id", "guideline", "day"], unique=False
        )

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("target", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'achieved', 'dropped')", name=op.f("ck_goal_status")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_goal_pair_id_pair"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_pair_id"), ["pair_id"], unique=False)

    op.create_table(
        "pair_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_pair_review_pair_id_pair"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_review")),
    )
    with op.batch_alter_table("pair_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_review_pair_id"), ["pair_id"], unique=False)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=30), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "item IN ('competence_1', 'competence_2', 'competence_3', 'integrity_1', 'integrity_2', 'integrity_3', 'benevolence_1', 'benevolence_2', 'benevolence_3', 'loyalty_1', 'loyalty_2', 'loyalty_3')",
            name=op.f("ck_answer_item"),
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_answer_rating")),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_answer_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("assessment_id", "item", name="uq_answer_item"),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_answer_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "conflict_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conflict_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_dialogue', 'mediation', 'resolved', 'closed_unresolved', 'escalated')",
            name=op.f("ck_conflict_step_status"),
        ),
        sa.ForeignKeyConstraint(
            ["conflict_id"],
            ["conflict.id"],
            name=op.f("fk_conflict_step_conflict_id_conflict"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_step")),
    )
    with op.batch_alter_table("conflict_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conflict_step_conflict_id"), ["conflict_id"], unique=False
        )

    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("lesson", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "lesson IN ('shared_goals', 'listening_feedback', 'consistency', 'diverse_perspectives', 'growth_mindset')",
            name=op.f("ck_reflection_lesson"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["pair_review.id"],
            name=op.f("fk_reflection_review_id_pair_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection")),
        sa.UniqueConstraint("review_id", "lesson", name="uq_reflection_lesson"),
    )


def downgrade() -> None:
    op.drop_table("reflection")
    with op.batch_alter_table("conflict_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_step_conflict_id"))

    op.drop_table("conflict_step")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_assessment_id"))

    op.drop_table("answer")
    with op.batch_alter_table("pair_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_review_pair_id"))

    op.drop_table("pair_review")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_pair_id"))

    op.drop_table("goal")
    with op.batch_alter_table("ethics_review", schema=None) as batch_op:
        batch_op.drop_index("ix_ethics_review_pair_guideline")

    op.drop_table("ethics_review")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_conflict_program_status")
        batch_op.drop_index("ix_conflict_pair")

    op.drop_table("conflict")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_person_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_pair_on")

    op.drop_table("assessment")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_pair_on")

    op.drop_table("activity")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_program_id"))

    op.drop_table("workshop")
    op.drop_table("plan_entry")
    with op.batch_alter_table("pair", schema=None) as batch_op:
        batch_op.drop_index("ix_pair_program_status")
        batch_op.drop_index("ix_pair_mentor")
        batch_op.drop_index("ix_pair_mentee")

    op.drop_table("pair")
    op.drop_table("program")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_name")
        batch_op.drop_index(batch_op.f("ix_person_manager_id"))

    op.drop_table("person")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_at")

    op.drop_table("audit_entry")
