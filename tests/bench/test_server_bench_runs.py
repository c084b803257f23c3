"""The PostgreSQL-beside-SQLite bench runs to its end on a small program (not timed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_bench_prints_both_databases_side_by_side() -> None:
    if not os.environ.get("MENTORDESK_TEST_PG_URL"):
        pytest.skip("needs MENTORDESK_TEST_PG_URL; `make test` starts a throwaway server")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "server_bench.py"), "--pairs", "40", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| risk flags for every active pair, none kept |" in done.stdout
    assert "| risk flags for every active pair, all kept |" in done.stdout
    assert "| roster query |" in done.stdout
