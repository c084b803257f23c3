"""Inserting many rows at once, straight through the database driver.

An import writes hundreds of thousands of rows (activities, answers). Two costs
dominate when they go one statement execution per row: SQLAlchemy's per-row
parameter handling, and, on SQLite, the driver's own work per execution (reset,
bind, step, the lock let go and taken back): ``executemany`` of 730,000 rows
took 4.6 s of processor time where the same rows in multi-row ``INSERT …
VALUES (…), (…), …`` statements of a few hundred rows took 2.2 s (and
``INSERT … SELECT`` from a table, SQLite's own floor, 1.8 s). So rows are
given as tuples in the order of their columns, converted a column at a time
with the column types' own bind conversions, and on SQLite written a few
hundred to a statement. Other databases get ``executemany`` of the one-row
statement (psycopg sends it in a pipeline).

SQLite also builds the lookup table of a CHECK constraint's ``IN (…)`` list
again for every row it checks, not once per statement: 1.4 µs a row for the
twelve item codes of an answer, 0.6 s of the 1.2 s that 484,000 answers took
to insert. :func:`codes_checked_already` lets the rows whose every checked
value the import has checked itself skip that.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

from sqlalchemy import Boolean, Date, Table, Time, func, insert, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

ROWS_PER_STATEMENT = 500
"""The most rows in one SQLite statement (fewer when the columns would pass SQLite's
limit on parameters)."""

_SQLITE_PARAMETERS = 999
"""SQLite's limit on a statement's parameters before 3.32; the connection's own limit is
asked for where the driver can tell it."""


def table_of(model: type) -> Table:
    """The table of an ORM model."""
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def insert_rows(
    session: Session, model: type, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (each a tuple of the values of ``columns``, in that order) into the
    table of ``model``. Columns left out get their Python-side defaults, if any."""
    if rows:
        values = list(chain.from_iterable(rows))
        _write(session.connection(), table_of(model), list(columns), values, len(rows))


def insert_rows_with_ids(
    session: Session, model: type, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """Insert ``rows`` like :func:`insert_rows`; their new ids, in the order of ``rows``.

    Call it only once the transaction has written something (the program row):
    on SQLite the transaction then holds the database's write lock, so the ids
    after the highest one are ours to give out, and giving them out avoids
    inserting row by row (SQLite cannot return generated ids in order for a
    batch). Other databases return them in order from a batched INSERT … RETURNING.
    """
    if not rows:
        return []
    connection = session.connection()
    table = table_of(model)
    if connection.dialect.name == "sqlite":
        ids = next_ids(session, model, len(rows))
        values = _with_column(list(chain.from_iterable(rows)), len(columns), ids)
        _write(connection, table, [*columns, "id"], values, len(rows))
        return ids
    names = list(columns)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(
        session.execute(statement, [dict(zip(names, row, strict=True)) for row in rows]).scalars()
    )


def next_ids(session: Session, model: type, count: int) -> list[int]:
    """The ``count`` ids after the highest of ``model``'s table (SQLite, inside a
    transaction that holds the write lock: see :func:`insert_rows_with_ids`)."""
    table = table_of(model)
    first = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(first, first + count))


@contextmanager
def codes_checked_already(session: Session) -> Iterator[None]:
    """Rows inserted inside the block skip the tables' CHECK constraints (SQLite).

    Only for rows whose every value a CHECK constraint reads the caller has checked
    against the same vocabularies and ranges (the import's field checks): the codes
    of activities, answers, ethics reviews … Setting the pragma makes SQLite prepare
    its statements again, so none prepared inside the block is used after it with the
    checks left out; the checks are back when the block ends, whatever happens.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")


def _with_column(values: list[Any], width: int, column: Sequence[Any]) -> list[Any]:
    """Rows of ``width`` values one after the other (``values``), each given the value of
    ``column`` for it as its last; slices do it at C speed, not a loop over the rows."""
    wider = width + 1
    result: list[Any] = [None] * (len(column) * wider)
    for position in range(width):
        result[position::wider] = values[position :: wider - 1]
    result[width::wider] = column
    return result


def _write(
    connection: Connection, table: Table, names: list[str], values: list[Any], count: int
) -> None:
    """Insert ``count`` rows whose values are ``values``, a row after the other, each
    holding a value for every name of ``names`` in that order."""
    dialect = connection.dialect
    for column in table.c:
        default = column.default
        if column.name in names or default is None:
            continue
        # A Python-side default the rows do not spell out (a person's uid): filled here.
        if default.is_callable:
            make = default.arg  # type: ignore[attr-defined]
            filled = [make(None) for _ in range(count)]
        else:
            filled = [default.arg] * count  # type: ignore[attr-defined]
        values = _with_column(values, len(names), filled)
        names.append(column.name)
    width = len(names)
    for position, name in enumerate(names):
        convert = _conversion(table.c[name], dialect)
        if convert is not None:
            values[position::width] = list(map(convert, values[position::width]))
    if dialect.name != "sqlite":
        rows = [values[start : start + width] for start in range(0, len(values), width)]
        statement = insert(table).compile(dialect=dialect, column_keys=names)
        by_name = [dict(zip(names, row, strict=True)) for row in rows]
        parameters: list[Any] = (
            [tuple(row[name] for name in statement.positiontup or ()) for row in by_name]
            if dialect.positional
            else by_name
        )
        connection.exec_driver_sql(statement.string, parameters)
        return
    per_statement = max(1, min(ROWS_PER_STATEMENT, _parameter_limit(connection) // width))
    head = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(dialect.identifier_preparer.quote(name) for name in names)}) VALUES "
    )
    one = "(" + ", ".join("?" * width) + ")"
    # The rows left after the full statements go twenty, then one, to a statement: a
    # statement of another length would be prepared again for every batch, and
    # preparing one of hundreds of rows costs more than running it.
    start = 0
    for size in sorted({per_statement, min(per_statement, 20), 1}, reverse=True):
        step = size * width
        end = start + (len(values) - start) // step * step
        if end > start:
            connection.exec_driver_sql(
                head + ", ".join([one] * size),
                [tuple(values[first : first + step]) for first in range(start, end, step)],
            )
        start = end


def _parameter_limit(connection: Connection) -> int:
    driver = connection.connection.driver_connection
    getlimit = getattr(driver, "getlimit", None)  # Python 3.11's sqlite3
    if getlimit is None:
        return _SQLITE_PARAMETERS
    return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def _conversion(column: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's bind conversion for ``dialect``, remembering its results for the
    types whose values repeat (a program has few distinct days)."""
    # The dialect's own type, as SQLAlchemy binds it: SQLite's writes days and times of day
    # as text (the generic types have no conversion).
    convert = column.type.dialect_impl(dialect).bind_processor(dialect)
    if convert is None or not isinstance(column.type, Date | Time | Boolean):
        return convert  # type: ignore[no-any-return]
    return _Remembered(convert).__getitem__


class _Remembered(dict[Any, Any]):
    """The results of ``convert``, looked up at the speed of a dict."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self.convert(value)
        return converted
