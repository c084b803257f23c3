"""Risk flags for every pair against the raw read of the rows they are judged from.

The verdicts are kept per pair (services/risk_cache.py), so one figure is no
longer enough: this prints

* **none kept** (cold): every kept verdict made stale before each run (not
  timed), so every pair is judged and its verdict written, as on the first
  refresh of a new day;
* **all kept** (warm): the refresh after that one, nothing changed;
* **one pair changed**: an activity logged for one pair (in SQL, not timed; the
  database's triggers mark it) before each run, as after a check-in;

each beside the same floor, measured in the same run: every row the flags are
judged from, read with sqlite3 (bench/speed.py's ``RISK_SQL``). The load average
is read before and after each size. Run: ``python -m bench.risk_bench --sizes
1000,10000,30000``.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from bench.common import Row, print_table, repeat, samples, time_call
from bench.speed import (
    DEFAULT_SEED,
    RISK_RATIO,
    _program_id,
    _sizes,
    cache_dir,
    demo_database,
    machine,
    read_risk_rows,
)

FLOOR = "raw SQL reading the same rows (sqlite3)"


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, as /proc gives them ('?' elsewhere)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "?"


def risk_rows(path: Path, today: date, times: int) -> list[Row]:
    """The risk figures of the demo database at ``path`` (which they change: use a copy)."""
    from mentordesk.services.risk import assess_program
    from mentordesk.store.database import open_database

    connection = sqlite3.connect(str(path))
    program_id = _program_id(connection)
    database = open_database(path, create=False)
    try:

        def judge() -> None:
            with database.transaction() as session:
                assess_program(session, today, program_id)

        def forget_kept() -> None:
            connection.execute("UPDATE risk_verdict SET judged_stamp = NULL")
            connection.commit()

        pair_ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM pair WHERE program_id = ? AND status = 'active' ORDER BY id",
                (program_id,),
            )
        ]

        def log_one_activity(run: int) -> None:
            connection.execute(
                "INSERT INTO activity (pair_id, day, kind, outcome, minutes, notes, "
                "confidential, version) VALUES (?, ?, 'checkin', 'held', 30, '', 0, 1)",
                (pair_ids[run * 7919 % len(pair_ids)], today.isoformat()),
            )
            connection.commit()

        def after(prepare: Callable[[int], None]) -> Callable[[], float]:
            count = iter(range(10**6))

            def run() -> float:
                prepare(next(count))
                return time_call(judge)

            return run

        floor = repeat(lambda: read_risk_rows(connection, program_id, today), times, warmup=1)
        forget_kept()
        judge()  # warm the file cache the way the floor's warm-up does
        cold_run = after(lambda _run: forget_kept())
        cold = samples(cold_run() for _ in range(times))
        warm = repeat(judge, times, warmup=1)
        changed_run = after(log_one_activity)
        changed = samples(changed_run() for _ in range(times))
    finally:
        database.close()
        connection.close()
    return [
        Row("risk flags, none kept (cold)", cold, FLOOR, floor, "ratio", RISK_RATIO),
        Row("risk flags, all kept (warm)", warm, FLOOR, floor, "ratio", RISK_RATIO),
        Row("risk flags, one pair changed", changed, FLOOR, floor, "ratio", RISK_RATIO),
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.risk_bench",
        description="Risk flags (none kept, all kept, one pair changed) beside the raw read.",
    )
    parser.add_argument("--sizes", type=_sizes, default=[1_000, 10_000, 30_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default: 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache", help="folder of the built demo databases")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    today = date.today()
    folder = cache_dir(args.cache)
    print(f"MentorDesk risk flags, {today.isoformat()}: {machine()}; medians of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="mentordesk-risk-bench-") as temporary:
        for size in args.sizes:
            print(f"bench: {size:,} pairs …", file=sys.stderr, flush=True)
            source = demo_database(size, args.seed, today, folder)
            path = Path(temporary) / f"risk-{size}.sqlite3"
            shutil.copyfile(source, path)
            before = load_average()
            rows = risk_rows(path, today, args.repeat)
            print()
            print(f"### {size:,} pairs (load average {before} before, {load_average()} after)")
            print()
            print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
