"""The import bench runs to its end on a small roster, so it cannot rot.

Not a timed test: it checks that ``bench/import_bench.py --people 300 --pairs 100``
imports both files with MentorDesk and with the bare csv read and insert (the bench
stops with an error if a row is refused) and prints the table, never how fast
anything was.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_import_bench_prints_time_and_memory_beside_the_bare_insert() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "import_bench.py"),
            "--people",
            "300",
            "--pairs",
            "100",
            "--runs",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "Importing 300 people and 100 pairs from CSV" in out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| what | median | floor |")
    for label, unit in (
        ("people import, 300 rows", "ms"),
        ("pairs import, 100 rows", "ms"),
        ("peak Python memory, people (tracemalloc)", "MB"),
        ("peak Python memory, pairs (tracemalloc)", "MB"),
    ):
        row = next((line for line in table if line.startswith(f"| {label}")), None)
        assert row is not None, out
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert re.fullmatch(rf"[\d,.]+ {unit} \(n=1\)", cells[1]), row
        assert cells[2] == "csv read + one INSERT"
        assert re.fullmatch(rf"[\d,.]+ {unit} \(n=1\)", cells[3]), row
        assert cells[6] in ("yes", "**no**"), row
