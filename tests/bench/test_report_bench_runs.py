"""The report bench runs to its end on a small program, so it cannot rot.

Not a timed test: it checks that ``bench/report_bench.py --pairs 200`` makes its
demo program, measures the report beside the bare roster table and prints the
table, never how fast anything was.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_report_bench_prints_time_and_memory_beside_the_bare_roster() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "report_bench.py"), "--pairs", "200", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "Demo program of 200 pairs made" in out
    pages = re.search(r"Program report: (\d+) pages; bare roster table: (\d+) pages", out)
    assert pages is not None, out
    assert int(pages.group(1)) > int(pages.group(2)) > 0
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| what | median | floor |")
    for label in ("program report, 200 pairs", "peak Python memory (tracemalloc)"):
        row = next((line for line in table if line.startswith(f"| {label}")), None)
        assert row is not None, out
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert re.fullmatch(r"[\d,.]+ (ms|MB) \(n=\d+\)", cells[1]), row
        assert cells[2] == "bare roster table"
        assert cells[6] in ("yes", "**no**"), row
