"""The PostgreSQL column of the growth table (issue 17): the roster and the risk flags on a
PostgreSQL server, each beside the same rows read raw from that server.

    build_scripts/with_postgres.sh .venv/bin/python -m bench.server_bench \
        [--sizes 1000,10000] [--large] [--repeat 3] [--no-window]

``build_scripts/with_postgres.sh`` starts a throwaway server and sets
$MENTORDESK_TEST_PG_URL (or give --pg-url). For each size the cached SQLite demo
program of bench/speed.py is loaded into a fresh server database: MentorDesk
creates the schema (its migrations), then every table is copied with PostgreSQL's
COPY through psycopg, triggers and foreign-key checks held off for the copy
(``session_replication_role = replica``: the rows come from a consistent database,
the kept risk verdicts with them), the id sequences set past the copied rows and
the tables analysed. The load is timed. Then, medians of ``--repeat`` runs:

* roster shown: the Pairs view's refresh in the real window on the server, and the
  roster window read (the queries of that refresh, no window), beside psycopg running
  what the windowed roster needs before it shows anything (bench/speed.py's
  ``ROSTER_ORDER_SQL``, the ids in order, then ``ROSTER_PAGE_SQL``, the first page);
  roster shown again beside every pair's row read raw (``ROSTER_SQL``, no target),
  and the roster query (``roster.roster_rows`` on the whole program) beside that read;
* risk flags, none kept (cold: every kept verdict made stale first, not timed) and
  all kept (warm), beside psycopg reading the rows they are judged from (``RISK_SQL``).

Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Row, Samples, print_table, repeat, samples, time_call
from bench.speed import (
    DEFAULT_SEED,
    LARGE_SIZES,
    RISK_RATIO,
    RISK_SQL,
    ROSTER_ORDER_SQL,
    ROSTER_PAGE,
    ROSTER_RATIO,
    ROSTER_SQL,
    WINDOW_FLOOR,
    SizeResult,
    _clock,
    _sizes,
    cache_dir,
    demo_database,
    growth_lines,
    history,
    machine,
    roster_page_sql,
    roster_window_read,
    window_figure,
)

#: How each floor of this table was chosen, printed under it.
SERVER_FLOORS = (
    "roster shown and roster window read: psycopg running what the windowed roster needs "
    "before it shows anything, hand-written, on the same server: the program's pair ids in "
    "the roster's default order (ROSTER_ORDER_SQL: mentor, mentee, case aside, then pair "
    f"number), then the first page of {ROSTER_PAGE} rows by id with the same columns and "
    "the kept health (ROSTER_PAGE_SQL)",
    "roster query (roster.roster_rows on the whole program) and roster shown beside every "
    "pair's row: psycopg running one query for every pair's roster columns in order "
    "(ROSTER_SQL), the floor used before the roster was windowed; roster shown against it "
    "is for comparison, no target",
    "risk flags: psycopg reading every row the flags are judged from (RISK_SQL, seven "
    "queries: the active started pairs with people and program, their activities, shared "
    "workshops, mentee assessments, conflicts with steps, ethics reviews, reporting lines) "
    "on the same server; cold = every kept verdict made stale first (not timed), warm = "
    "nothing changed since",
    "loaded into PostgreSQL: no floor; the schema made by MentorDesk's migrations, then "
    "every table copied from the SQLite demo with COPY",
)


def fresh_server_database(url: str, name: str) -> str:
    """An empty database ``name`` on the server at ``url`` (dropped first if there)."""
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def driver_connection(url: str) -> Any:
    """A plain psycopg connection to the database at the SQLAlchemy ``url``."""
    import psycopg
    from sqlalchemy import make_url

    address = make_url(url)
    return psycopg.connect(
        host=address.host,
        port=address.port,
        user=address.username,
        password=address.password,
        dbname=address.database,
    )


def load_into_server(source: Path, url: str) -> tuple[float, int]:
    """Copy the SQLite demo database at ``source`` into the empty server database at
    ``url``: seconds taken (schema included) and rows copied."""
    from mentordesk.store.database import open_database

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mentordesk-server-backups-") as backups:
        open_database(url, backups=Path(backups)).close()  # the schema, by the migrations
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copied = 0
    with driver_connection(url) as server, server.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
            "AND table_name <> 'alembic_version'"
        )
        tables = [str(row[0]) for row in cursor.fetchall()]
        present = {
            str(row[0]) for row in reader.execute("SELECT name FROM sqlite_master")
        }
        tables = [table for table in tables if table in present]
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        for table in tables:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s",
                (table,),
            )
            on_server = {str(row[0]) for row in cursor.fetchall()}
            columns = [
                str(row[1])
                for row in reader.execute(f'PRAGMA table_info("{table}")')
                if str(row[1]) in on_server
            ]
            names = ", ".join(f'"{column}"' for column in columns)
            with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in reader.execute(f'SELECT {names} FROM "{table}"'):
                    copy.write_row(row)
                    copied += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'coalesce(max(id), 0) + 1, false) FROM "{table}" '
                    f"WHERE pg_get_serial_sequence('\"{table}\"', 'id') IS NOT NULL"
                )
        cursor.execute("SET session_replication_role = origin")
        server.commit()
        server.autocommit = True
        cursor.execute("ANALYZE")
    reader.close()
    return time.perf_counter() - started, copied


def server_sql(sql: str) -> str:
    """A query of bench/speed.py (sqlite3's :name parameters) in psycopg's style."""
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)


def measure_server(
    url: str, today: date, times: int, window: bool, log: Callable[[str], None]
) -> tuple[list[Row], list[str]]:
    """The roster and risk figures on the server database at ``url``, each beside its floor."""
    from mentordesk.services.risk import assess_program
    from mentordesk.services.roster import roster_rows
    from mentordesk.store.database import open_database

    server = driver_connection(url)
    server.autocommit = True
    (program_id,) = server.execute("SELECT min(id) FROM program").fetchone()
    database = open_database(url, create=False)
    rows: list[Row] = []
    notes: list[str] = []
    try:
        roster_sql = server_sql(ROSTER_SQL)
        order_sql = server_sql(ROSTER_ORDER_SQL)
        risk_sql = [server_sql(sql) for sql in RISK_SQL]

        def raw_roster() -> None:
            server.execute(roster_sql, {"program": program_id}).fetchall()

        def raw_window() -> None:
            ids = [row[0] for row in server.execute(order_sql, {"program": program_id})]
            server.execute(roster_page_sql(ids[:ROSTER_PAGE] or [0])).fetchall()

        def window_read() -> None:
            with database.transaction() as session:
                roster_window_read(session, program_id, today)

        def raw_risk() -> None:
            parameters = {"program": program_id, "day": today}
            for sql in risk_sql:
                server.execute(sql, parameters).fetchall()

        def roster() -> None:
            with database.transaction() as session:
                roster_rows(session, program_id)

        def judge() -> None:
            with database.transaction() as session:
                assess_program(session, today, program_id)

        def cold() -> float:
            server.execute("UPDATE risk_verdict SET judged_stamp = NULL")  # not timed
            return time_call(judge)

        figure: Samples | None = None
        problem = ""
        if window:
            log("roster shown, in a window on the server …")
            shown, problem = window_figure("roster", url, times, [])
            figure = None if shown is None else samples(shown["values"])
        log("roster window read and its floor …")
        window_floor = repeat(raw_window, times, warmup=1)
        floor_name = WINDOW_FLOOR + " (psycopg)"
        if window:
            rows.append(
                Row("roster shown", figure, floor_name, window_floor, "ratio", ROSTER_RATIO,
                    note=problem)
            )  # fmt: skip
        rows.append(
            Row("roster window read (the model's queries, no window)",
                repeat(window_read, times, warmup=1), floor_name, window_floor, "ratio",
                ROSTER_RATIO)
        )  # fmt: skip
        log("roster query …")
        roster_floor = repeat(raw_roster, times, warmup=1)
        whole = "raw SQL of the whole roster, every pair (psycopg)"
        if window:
            rows.append(
                Row("roster shown, beside reading every pair's row", figure, whole,
                    roster_floor, "ratio", None,
                    note=problem or "the floor before the roster was windowed")
            )  # fmt: skip
        rows.append(
            Row("roster query (roster.roster_rows)", repeat(roster, times, warmup=1),
                whole, roster_floor, "ratio", ROSTER_RATIO)
        )  # fmt: skip
        log("risk flags (none kept, all kept) …")
        risk_floor = repeat(raw_risk, times, warmup=1)
        judge()  # warm the server's cache the way the floor's warm-up does
        rows.append(
            Row("risk flags, none kept (cold)", samples(cold() for _ in range(times)),
                "raw SQL reading the same rows (psycopg)", risk_floor, "ratio", RISK_RATIO)
        )  # fmt: skip
        rows.append(
            Row("risk flags, all kept (warm)", repeat(judge, times, warmup=1),
                "raw SQL reading the same rows (psycopg)", risk_floor, "ratio", RISK_RATIO)
        )  # fmt: skip
    finally:
        database.close()
        server.close()
    return rows, notes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.server_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", type=_sizes, default=[1_000, 10_000])
    parser.add_argument("--large", action="store_true",
                        help="add 30,000 and 100,000 pairs to the sizes")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default: 3)")
    parser.add_argument("--pairs", type=int, help="one size (as --sizes with one count)")
    parser.add_argument("--no-window", action="store_true",
                        help="leave out the roster shown in the window")  # fmt: skip
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache", help="folder of the built demo databases")
    parser.add_argument("--pg-url", default=os.environ.get("MENTORDESK_TEST_PG_URL"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.pg_url:
        print("No PostgreSQL server: give --pg-url or run under build_scripts/with_postgres.sh.")
        return 2
    from bench.risk_bench import load_average

    sizes = [args.pairs] if args.pairs else list(args.sizes)
    if args.large:
        sizes = sorted({*sizes, *LARGE_SIZES})
    today = date.today()
    folder = cache_dir(args.cache)

    def log(text: str) -> None:
        print(f"bench: {text}", file=sys.stderr, flush=True)

    results: list[SizeResult] = []
    loads: dict[int, str] = {}
    print(f"MentorDesk on PostgreSQL, {today.isoformat()}: {machine()}; medians of {args.repeat}",
          flush=True)  # fmt: skip
    for size in sizes:
        log(f"{size:,} pairs: the demo database (cached in {folder}) …")
        source = demo_database(size, args.seed, today, folder)
        before, began = load_average(), _clock()
        url = fresh_server_database(args.pg_url, f"mentordesk_growth_{size}")
        log(f"{size:,} pairs: loading into PostgreSQL …")
        seconds, copied = load_into_server(source, url)
        loads[size] = f"{seconds:,.1f} s"
        log(f"{size:,} pairs: {copied:,} rows loaded in {seconds:,.1f} s")
        rows, notes = measure_server(url, today, args.repeat, not args.no_window, log)
        notes.append(f"loaded into PostgreSQL: {copied:,} rows in {seconds:,.1f} s (COPY)")
        result = SizeResult(size, history(source), rows, notes, before, load_average())
        results.append(result)
        fresh_server_database(args.pg_url, f"mentordesk_growth_{size}")  # its space back
        # Each size as soon as it is measured: a run cut short keeps what it measured.
        print()
        print(f"### PostgreSQL, {result.history.describe()}")
        print()
        print_table(result.rows)
        print()
        for note in result.notes:
            print(f"- {note}")
        print(f"- measured {began}–{_clock()}; load average at the start and end: "
              f"{result.load_before} → {result.load_after}", flush=True)  # fmt: skip
    print()
    print("### Growth table on PostgreSQL")
    print()
    extra = [("loaded into PostgreSQL", [loads[result.size] for result in results], "")]
    for line in growth_lines(results, SERVER_FLOORS, extra):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
