"""The speed bench runs to its end on a tiny program, so it cannot rot.

This is not a timed test: it checks that ``python -m bench.speed`` builds its
demo database, measures every figure beside its floor and prints the table,
never how fast anything was.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.common import Row, samples, table_lines

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "start to the first painted window",
    "roster shown",
    "roster window read (the model's queries, no window)",
    "one keystroke of roster search",
    "risk flags, none kept (cold)",
    "risk flags, all kept (warm)",
    "risk flags, one pair changed",
    "pair detail opened",
    "program report",
    "memory at the roster",
)


@pytest.mark.slow
def test_the_bench_prints_every_figure_beside_its_floor(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "bench.speed", "--sizes", "30", "--repeat", "1",
               "--cache", str(cache)]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "### 30 pairs: 30 pairs (" in out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| what | median | floor |")
    for figure in FIGURES:
        row = next((line for line in table if line.startswith(f"| {figure}")), None)
        assert row is not None, f"no row for {figure!r} in:\n{out}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        # Every figure was measured, and compared with its floor or its limit.
        assert re.fullmatch(r"[\d,.]+ (ms|MB) \(n=\d+\)", cells[1]), row
        assert cells[4] != "—", row
        assert cells[6] in ("yes", "**no**"), row
    assert re.search(r"program report: gathering its figures [\d,.]+ s", out)
    # The growth table: every figure, the load average, how each floor was chosen.
    growth = out[out.index("### Growth table (30 pairs)") :]
    for figure in FIGURES:
        assert f"| {figure}" in growth, figure
    assert "| load average (1, 5, 15 min) at start → end | " in growth
    assert "- floor of program report body: " in growth
    assert re.search(r"start to the database open and every view built .*: [\d,]+ ms median", out)
    # When the size was measured, printed with it (a run cut short keeps the sizes done).
    assert re.search(r"- measured \d\d:\d\d UTC–\d\d:\d\d UTC; load average at the start", out)
    # The demo database is cached: one file for the one size.
    assert len(list(cache.glob("demo-30-seed1-*.sqlite3"))) == 1


def test_a_cached_demo_of_an_older_schema_is_migrated_forward_not_built_again(
    tmp_path: Path,
) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from bench.speed import _stored_revision, demo_database
    from mentordesk.store.migrate import alembic_config, head_revision

    today = date(2026, 12, 5)
    built = demo_database(20, 1, today, tmp_path)
    assert _stored_revision(built) == head_revision()
    # As if the cache were made before the newest migration.
    older = f"{int(head_revision()) - 1:04d}"
    engine = create_engine(f"sqlite:///{built}")
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), older)
    engine.dispose()
    before = built.read_bytes()

    current = demo_database(20, 1, today, tmp_path)
    assert current != built and current.parent == tmp_path
    assert _stored_revision(current) == head_revision()
    with sqlite3.connect(current) as connection:
        assert connection.execute("SELECT count(*) FROM pair").fetchone() == (20,)
    assert built.read_bytes() == before  # the file as built is kept as it was
    assert demo_database(20, 1, today, tmp_path) == current  # and the copy is reused


def test_ratios_differences_and_limits_are_compared_as_the_issue_says() -> None:
    ratio = Row("a", samples([3.0, 1.0, 2.0]), "f", samples([1.0]), "ratio", 1.5)
    plus = Row("b", samples([300.0]), "f", samples([100.0]), "plus", 150.0, unit="MB")
    absolute = Row("c", samples([0.020, 0.040, 0.010]), "—", None, "absolute", 0.030)
    missing = Row("d", None, "f", None, "ratio", 2.0)
    assert (ratio.value, ratio.met) == (2.0, False)
    assert (plus.value, plus.met) == (200.0, False)
    assert (absolute.value, absolute.met) == (0.020, True)
    assert (missing.value, missing.met) == (None, None)
    lines = table_lines([ratio, plus, absolute, missing])
    assert "| 2.00 × | ≤ 1.5 × | **no** |" in lines[2]
    assert "| + 200 MB | ≤ + 150 MB | **no** |" in lines[3]
    assert "| 20.0 ms | ≤ 30.0 ms median | yes |" in lines[4]
    assert lines[5].endswith("| — | ≤ 2 × | — |")
