"""A demo program larger than ``mentordesk demo`` makes, by copying a smaller one.

    python -m bench.bulk_demo SOURCE TARGET [--times 2]

``mentordesk demo`` refuses a program of more than 200,000 people (about 95,000
pairs: the import cap it goes through), so the 100,000-pair row of the growth
table is the 50,000-pair demo copied twice over. Every person, pair and record
of a pair's history is copied in bulk with SQL (``INSERT … SELECT``), each copy
with its row ids moved past the ones before and its unique text (email, uid,
employee id) told apart; the program and its workshops are shared, so the copy
is one program twice as large, with twice as many namesakes.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

#: The tables copied, parents before children. The program, its workshops, surveys and
#: the audit log are not: the copies belong to the same program and share its workshops.
COPIED = (
    "person",
    "pair",
    "goal",
    "activity",
    "assessment",
    "answer",
    "conflict",
    "conflict_step",
    "ethics_review",
    "pair_review",
    "reflection",
    "attendance",
)


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _references(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    """Each foreign-key column of ``table`` and the table it points to."""
    return {
        str(row[3]): str(row[2])
        for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')
    }


def _unique_texts(connection: sqlite3.Connection, table: str, moved: set[str]) -> set[str]:
    """The text columns of ``table`` under a unique rule that no moved id column already
    keeps apart in a copy (they must differ in the copy)."""
    types = {
        str(row[1]): str(row[2]).upper()
        for row in connection.execute(f'PRAGMA table_info("{table}")')
    }
    unique: set[str] = set()
    for index in list(connection.execute(f'PRAGMA index_list("{table}")')):
        if not index[2]:
            continue
        names = [str(c[2]) for c in connection.execute(f'PRAGMA index_info("{index[1]}")')]
        if moved.intersection(names):
            continue
        unique.update(n for n in names if "CHAR" in types.get(n, "") or "TEXT" in types.get(n, ""))
    return unique


def _copied_value(column: str, table: str, copy: int, offsets: dict[str, int],
                  references: dict[str, str], unique: set[str]) -> str:  # fmt: skip
    if column == "id":
        return f"id + {copy * offsets[table]}"
    if column in references and references[column] in offsets:
        return f"{column} + {copy * offsets[references[column]]}"
    if column == "email":
        # Another address of the same kind: ana.ruiz@example.org becomes ana.ruiz.2@example.org.
        return (
            f"CASE WHEN instr(email, '@') > 0 THEN substr(email, 1, instr(email, '@') - 1) "
            f"|| '.{copy + 1}' || substr(email, instr(email, '@')) ELSE email END"
        )
    if column == "uid":
        return "substr(lower(hex(randomblob(16))), 1, length(uid))"
    if column in unique:
        return f"{column} || '-{copy + 1}'"
    return column


def multiply(source: Path, target: Path, times: int) -> int:
    """Write ``source`` copied ``times`` over into ``target``; the pairs it then holds."""
    if times < 1:
        raise ValueError("times must be at least 1")
    partial = target.with_name(target.name + ".building")
    shutil.copyfile(source, partial)
    connection = sqlite3.connect(str(partial))
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        offsets = {
            table: int(
                connection.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
            )
            for table in COPIED
            if "id" in _columns(connection, table)
        }
        with connection:
            for copy in range(1, times):
                for table in COPIED:
                    columns = _columns(connection, table)
                    references = _references(connection, table)
                    moved = {"id"} | {c for c, t in references.items() if t in offsets}
                    unique = _unique_texts(connection, table, moved)
                    values = ", ".join(
                        _copied_value(column, table, copy, offsets, references, unique)
                        for column in columns
                    )
                    names = ", ".join(f'"{column}"' for column in columns)
                    where = f"WHERE id <= {offsets[table]}" if table in offsets else ""
                    if table not in offsets:
                        # A table without its own id (attendance): copy the rows of the original.
                        first = next(c for c, t in references.items() if t in offsets)
                        where = f"WHERE {first} <= {offsets[references[first]]}"
                    connection.execute(
                        f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" {where}'
                    )
        (pairs,) = connection.execute("SELECT count(*) FROM pair").fetchone()
        connection.execute("ANALYZE")
    finally:
        connection.close()
    partial.replace(target)
    return int(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bulk_demo", description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--times", type=int, default=2)
    args = parser.parse_args(argv)
    pairs = multiply(args.source, args.target, args.times)
    print(f"{args.target}: {pairs:,} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
