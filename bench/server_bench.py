"""The risk computation and the roster query on PostgreSQL beside SQLite.

    python bench/server_bench.py --pg-url postgresql+psycopg://user@host/db [--pairs 10000]

Without --pg-url it uses $MENTORDESK_TEST_PG_URL (``build_scripts/with_postgres.sh``
starts a throwaway server and sets it). Both databases get the same demo program;
each figure is the median of several runs, and the SQLite run is the yardstick.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import repeat, samples, time_call
from mentordesk.demo import load_demo
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import roster_rows
from mentordesk.store.database import Database, open_database

TODAY = date(2027, 6, 30)


def fresh_server_database(url: str, name: str) -> str:
    """An empty database ``name`` on the server at ``url`` (dropped first if there)."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def measure(database: Database, pairs: int, runs: int) -> dict[str, float]:
    with database.transaction() as session:
        load_demo(session, pairs, 7, TODAY)

    def risk() -> None:
        with database.transaction() as session:
            assess_program(session, TODAY)

    def risk_none_kept() -> float:
        # The kept verdicts made stale first (not timed): every pair judged and kept.
        with database.transaction() as session:
            session.execute(text("UPDATE risk_verdict SET judged_stamp = NULL"))
        return time_call(risk)

    def roster() -> None:
        with database.transaction() as session:
            roster_rows(session, None)

    return {
        "risk flags for every active pair, none kept": samples(
            risk_none_kept() for _ in range(runs)
        ).median,
        "risk flags for every active pair, all kept": repeat(risk, runs, warmup=1).median,
        "roster query": repeat(roster, runs, warmup=1).median,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg-url", default=os.environ.get("MENTORDESK_TEST_PG_URL"))
    args = parser.parse_args(argv)
    if not args.pg_url:
        print("No PostgreSQL server: give --pg-url or run under build_scripts/with_postgres.sh.")
        return 2
    with tempfile.TemporaryDirectory(prefix="mentordesk-server-bench-") as folder:
        sqlite = open_database(Path(folder) / "bench.sqlite3")
        on_sqlite = measure(sqlite, args.pairs, args.runs)
        sqlite.close()
    server = open_database(fresh_server_database(args.pg_url, "mentordesk_server_bench"))
    on_server = measure(server, args.pairs, args.runs)
    server.close()
    print(f"{args.pairs:,} pairs, median of {args.runs} runs")
    print("| what | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |")
    print("|---|---|---|---|")
    for what, seconds in on_sqlite.items():
        other = on_server[what]
        print(
            f"| {what} | {seconds * 1000:,.0f} ms | {other * 1000:,.0f} ms | "
            f"{other / seconds:.2f} × |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
