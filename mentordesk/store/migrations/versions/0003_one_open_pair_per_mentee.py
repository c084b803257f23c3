"""one proposed-or-active pair per mentee and program, held by the database

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 09:20:00

DOMAIN.md: a mentee has at most one proposed-or-active pair per program. The
service checked it before saving, but two coordinators saving at the same moment
could both pass the check; a partial unique index makes the database refuse the
second save whatever the timing.

A database written before this rule may already hold a mentee with two open
pairs in one program (an active pair and a proposal beside it was allowed, and
the race above made two active ones). Nothing is deleted for the index: the
first of such pairs stays (active before proposed, then the earliest start),
the others are paused, and each pause is written to the audit log with the
reason, so the coordinator can see them and end or resume them.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEX = "uq_pair_open_mentee"
OPEN = "status IN ('proposed', 'active')"
ACTOR = "MentorDesk upgrade"


def _pause_extra_open_pairs() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, program_id, mentee_id FROM pair WHERE " + OPEN + " ORDER BY program_id, "
            "mentee_id, CASE status WHEN 'active' THEN 0 ELSE 1 END, start_date, id"
        )
    ).fetchall()
    seen: set[tuple[int, int]] = set()
    extra: list[int] = []
    for pair_id, program_id, mentee_id in rows:
        key = (program_id, mentee_id)
        if key in seen:
            extra.append(pair_id)
        seen.add(key)
    if not extra:
        return
    now = datetime.now().replace(microsecond=0)
    for pair_id in extra:
        connection.execute(
            sa.text("UPDATE pair SET status = 'paused', version = version + 1 WHERE id = :id"),
            {"id": pair_id},
        )
    audit = sa.table(
        "audit_entry",
        sa.column("at", sa.DateTime()),
        sa.column("actor", sa.String()),
        sa.column("action", sa.String()),
        sa.column("record_type", sa.String()),
        sa.column("record_id", sa.Integer()),
        sa.column("fields", sa.JSON()),
        sa.column("summary", sa.Text()),
    )
    op.bulk_insert(
        audit,
        [
            {
                "at": now,
                "actor": ACTOR,
                "action": "change",
                "record_type": "pair",
                "record_id": pair_id,
                "fields": ["status"],
                "summary": "Paused by the upgrade: the mentee had another proposed or active "
                "pair in this program, and a mentee may have only one. End this pair or the "
                "other one, or resume this one once the other has ended.",
            }
            for pair_id in extra
        ],
    )


def upgrade() -> None:
    _pause_extra_open_pairs()
    op.create_index(
        INDEX,
        "pair",
        ["program_id", "mentee_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="pair")
