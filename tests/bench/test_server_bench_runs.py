"""The PostgreSQL column of the growth table runs to its end on a small program (not timed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_bench_loads_the_demo_and_prints_its_growth_table(tmp_path: Path) -> None:
    if not os.environ.get("MENTORDESK_TEST_PG_URL"):
        pytest.skip("needs MENTORDESK_TEST_PG_URL; `make test` starts a throwaway server")
    command = [sys.executable, "-m", "bench.server_bench", "--sizes", "40", "--repeat", "1",
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for figure in ("roster query (roster.roster_rows)", "roster shown",
                   "roster window read (the model's queries, no window)",
                   "risk flags, none kept (cold)", "risk flags, all kept (warm)"):  # fmt: skip
        row = next(line for line in out.splitlines() if line.startswith(f"| {figure} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        # Measured on the server and compared with the raw read there.
        assert "(psycopg)" in cells[2] and cells[4].endswith("×"), row
        assert cells[6] in ("yes", "**no**"), row
    # The roster shown's floor is the window's first read; every pair's read is beside it.
    shown = next(line for line in out.splitlines() if line.startswith("| roster shown |"))
    assert "ids in order and the first page" in shown
    beside = next(
        line for line in out.splitlines() if line.startswith("| roster shown, beside reading")
    )
    assert "whole roster" in beside and beside.endswith("| none (for comparison) | — |")
    assert "### Growth table on PostgreSQL" in out
    assert "| loaded into PostgreSQL | " in out
    assert "- loaded into PostgreSQL: " in out and " rows in " in out
