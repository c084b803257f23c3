"""risk verdicts kept per pair, marked stale by the database itself

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 15:20:00

Judging every pair on each refresh of the dashboard cost more than reading the
rows it is judged from. ``risk_verdict`` keeps the last verdict of each pair
with the day it was judged for. Triggers mark a pair's verdict stale in the
same transaction as any change of what it is judged from, whoever makes the
change (this program, another client on a shared server, an import, an
erasure): they bump the pair's ``stamp``, and a verdict counts only while its
``judged_stamp`` equals it. Changes that can touch any pair (reporting lines,
workshops and their attendance, a program's cadence or trust thresholds) bump
the one ``risk_epoch`` instead. See :mod:`mentordesk.services.risk_cache`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Tables whose rows belong to one pair through their own pair_id column.
PAIR_ROWS = ("activity", "assessment", "conflict", "ethics_review")
# Tables whose changes can touch the verdict of pairs anywhere: bump the epoch.
EPOCH_ROWS = ("workshop", "attendance")


def upgrade() -> None:
    op.create_table(
        "risk_verdict",
        # No foreign key: a trigger of a row deleted with its pair may still mark
        # it; such a row is never read (rows are found from the pairs) and stays stale.
        sa.Column("pair_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("stamp", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("judged_stamp", sa.Integer(), nullable=True),
        sa.Column("epoch", sa.Integer(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("health", sa.String(length=10), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("trust_score", sa.Float(), nullable=True),
        sa.Column("trust_level", sa.String(length=10), nullable=True),
        sa.Column("consistency", sa.Float(), nullable=True),
        sa.Column("adherence", sa.Float(), nullable=True),
        sa.Column("too_new", sa.Boolean(), nullable=True),
    )
    op.create_table(
        "risk_epoch",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO risk_epoch (id, epoch) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*PAIR_ROWS, "conflict_step", "pair", "person", "program", *EPOCH_ROWS):
            op.execute(f"DROP TRIGGER IF EXISTS risk_stale ON {table}")
        for function in ("risk_mark_pair_rows", "risk_mark_step", "risk_mark_pair",
                         "risk_mark_epoch"):  # fmt: skip
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for name in _sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("risk_epoch")
    op.drop_table("risk_verdict")


# --- SQLite ---------------------------------------------------------------------------

_MARK = (
    "INSERT INTO risk_verdict (pair_id, stamp) SELECT {pair}, 1 WHERE {pair} IS NOT NULL "
    "ON CONFLICT (pair_id) DO UPDATE SET stamp = risk_verdict.stamp + 1;"
)
_EPOCH = "UPDATE risk_epoch SET epoch = epoch + 1;"


def _sqlite_trigger_names() -> list[str]:
    names = [f"risk_stale_{table}_{event}" for table in (*PAIR_ROWS, "conflict_step", "pair",
             *EPOCH_ROWS) for event in ("insert", "update", "delete")]  # fmt: skip
    return [*names, "risk_stale_person_manager", "risk_stale_person_delete",
            "risk_stale_program_rules"]  # fmt: skip


def _sqlite_trigger(name: str, event: str, table: str, body: str, when: str = "") -> None:
    condition = f" WHEN {when}" if when else ""
    op.execute(
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{condition} "
        f"BEGIN {body} END"
    )


def _sqlite_triggers() -> None:
    for table in PAIR_ROWS:
        _sqlite_trigger(f"risk_stale_{table}_insert", "INSERT", table,
                        _MARK.format(pair="NEW.pair_id"))  # fmt: skip
        _sqlite_trigger(f"risk_stale_{table}_update", "UPDATE", table,
                        _MARK.format(pair="NEW.pair_id") + _MARK.format(pair="OLD.pair_id"))  # fmt: skip
        _sqlite_trigger(f"risk_stale_{table}_delete", "DELETE", table,
                        _MARK.format(pair="OLD.pair_id"))  # fmt: skip
    step_pair = "(SELECT pair_id FROM conflict WHERE id = {row}.conflict_id)"
    _sqlite_trigger("risk_stale_conflict_step_insert", "INSERT", "conflict_step",
                    _MARK.format(pair=step_pair.format(row="NEW")))  # fmt: skip
    _sqlite_trigger("risk_stale_conflict_step_update", "UPDATE", "conflict_step",
                    _MARK.format(pair=step_pair.format(row="NEW"))
                    + _MARK.format(pair=step_pair.format(row="OLD")))  # fmt: skip
    _sqlite_trigger("risk_stale_conflict_step_delete", "DELETE", "conflict_step",
                    _MARK.format(pair=step_pair.format(row="OLD")))  # fmt: skip
    # A new pair may take the id of a deleted one: whatever is kept under it is stale.
    _sqlite_trigger("risk_stale_pair_insert", "INSERT", "pair", _MARK.format(pair="NEW.id"))
    _sqlite_trigger("risk_stale_pair_update", "UPDATE", "pair",
                    _MARK.format(pair="NEW.id") + _MARK.format(pair="OLD.id"))  # fmt: skip
    _sqlite_trigger("risk_stale_pair_delete", "DELETE", "pair",
                    "DELETE FROM risk_verdict WHERE pair_id = OLD.id;")  # fmt: skip
    for table in EPOCH_ROWS:
        for event in ("insert", "update", "delete"):
            _sqlite_trigger(f"risk_stale_{table}_{event}", event.upper(), table, _EPOCH)
    # The management-chain flag walks the reporting lines of everyone.
    _sqlite_trigger("risk_stale_person_manager", "UPDATE OF manager_id", "person", _EPOCH,
                    when="OLD.manager_id IS NOT NEW.manager_id")  # fmt: skip
    _sqlite_trigger("risk_stale_person_delete", "DELETE", "person", _EPOCH)
    _sqlite_trigger(
        "risk_stale_program_rules",
        "UPDATE",
        "program",
        _EPOCH,
        when=" OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in _PROGRAM_RULES),
    )


# The program's columns a verdict depends on (its name is read afresh each time).
_PROGRAM_RULES = ("cadence_days", "threshold_high", "threshold_medium")


# --- PostgreSQL ------------------------------------------------------------------------

_PG_MARK = (
    "INSERT INTO risk_verdict (pair_id, stamp) VALUES ({pair}, 1) "
    "ON CONFLICT (pair_id) DO UPDATE SET stamp = risk_verdict.stamp + 1;"
)


def _pg_function(name: str, body: str) -> None:
    op.execute(
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


def _pg_marks(pair: str) -> str:
    """Mark the pair of NEW and of OLD (when the event has them)."""
    new, old = pair.format(row="NEW"), pair.format(row="OLD")
    return (
        f"IF TG_OP <> 'DELETE' THEN IF {new} IS NOT NULL THEN {_PG_MARK.format(pair=new)} "
        "END IF; END IF;\n"
        f"IF TG_OP <> 'INSERT' THEN IF {old} IS NOT NULL THEN {_PG_MARK.format(pair=old)} "
        "END IF; END IF;"
    )


def _postgresql_triggers() -> None:
    _pg_function("risk_mark_pair_rows", _pg_marks("{row}.pair_id"))
    _pg_function(
        "risk_mark_step",
        _pg_marks("(SELECT pair_id FROM conflict WHERE id = {row}.conflict_id)"),
    )
    _pg_function(
        "risk_mark_pair",
        "IF TG_OP = 'DELETE' THEN DELETE FROM risk_verdict WHERE pair_id = OLD.id; "
        "ELSE " + _pg_marks("{row}.id").replace("IF TG_OP <> 'INSERT'", "IF TG_OP = 'UPDATE'")
        + " END IF;",
    )
    _pg_function("risk_mark_epoch", _EPOCH)
    every = "AFTER INSERT OR UPDATE OR DELETE"
    for table in PAIR_ROWS:
        _pg_trigger(table, every, "risk_mark_pair_rows")
    _pg_trigger("conflict_step", every, "risk_mark_step")
    _pg_trigger("pair", every, "risk_mark_pair")
    for table in EPOCH_ROWS:
        _pg_trigger(table, every, "risk_mark_epoch")
    _pg_trigger("person", "AFTER UPDATE OF manager_id OR DELETE", "risk_mark_epoch")
    _pg_trigger("program", "AFTER UPDATE OF " + ", ".join(_PROGRAM_RULES), "risk_mark_epoch")


def _pg_trigger(table: str, events: str, function: str) -> None:
    op.execute(
        f"CREATE TRIGGER risk_stale {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
