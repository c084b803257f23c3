"""Marking an imported program's risk verdicts stale once, instead of once per row written.

Migration 0008's triggers mark a pair's kept risk verdict stale whenever a row of
the pair is written: an upsert into ``risk_verdict`` for every activity,
assessment, conflict, step and ethics review. An import writes hundreds of
thousands of such rows for pairs that are all new, and the upserts cost as much
as the rows themselves. On SQLite the import drops those triggers inside its own
transaction, writes, puts them back exactly as they were (their text is kept in
``sqlite_master``) and then marks every pair of the program stale and the epoch
moved in two statements: the same end state, and nobody else sees the database
without its triggers (SQLite's schema changes are part of the transaction; a
rollback brings the triggers back with everything else).

On a server the triggers stay: there dropping them would lock the tables for
every other client of the shared database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

_TRIGGERS = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'risk\\_stale\\_%' "
    "ESCAPE '\\' ORDER BY name"
)
_MARK_PROGRAM = (
    "INSERT INTO risk_verdict (pair_id, stamp) SELECT id, 1 FROM pair WHERE program_id = ? "
    "ON CONFLICT (pair_id) DO UPDATE SET stamp = risk_verdict.stamp + 1"
)
_MOVE_EPOCH = "UPDATE risk_epoch SET epoch = epoch + 1"


@contextmanager
def verdicts_marked_once(session: Session, program_id: int) -> Iterator[None]:
    """Write the records of program ``program_id`` inside the block without the per-row
    risk triggers (SQLite); afterwards its pairs' verdicts are stale and the epoch moved.

    Enter only after the transaction has written something (the program's row): SQLite
    then holds the write lock and the driver has begun the transaction, so the triggers
    are dropped inside it, never committed away.
    """
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name != "sqlite" or not getattr(driver, "in_transaction", False):
        yield
        return
    triggers = connection.exec_driver_sql(_TRIGGERS).all()
    for name, _text in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        # Back whatever happens: a caller that caught an error and committed anyway must
        # not leave a database without them.
        for _name, text in triggers:
            connection.exec_driver_sql(text)
    if triggers:
        connection.exec_driver_sql(_MARK_PROGRAM, (program_id,))
        connection.exec_driver_sql(_MOVE_EPOCH)
