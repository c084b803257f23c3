"""The cohort bench runs to its end on a small intake, so it cannot rot (not a timed test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_cohort_bench_prints_the_plan_beside_the_bare_solver() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "cohort_bench.py"), "--mentees", "40",
         "--mentors", "30", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "40 mentees × 30 mentors" in done.stdout
    assert "SciPy on the bare score matrix" in done.stdout
