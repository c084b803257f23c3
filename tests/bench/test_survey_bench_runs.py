"""The survey bench runs to its end on a small round, so it cannot rot (not a timed test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_survey_bench_makes_and_collects_forms_beside_its_floors() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "survey_bench.py"), "--people", "6"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "make 6 forms" in done.stdout
    assert "collect 6 forms" in done.stdout
