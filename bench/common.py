"""Helpers for the benchmarks: repeat and take medians, memory, child processes, the table.

Benchmarks are not tests: nothing here asserts a time. Each figure is measured
beside a floor (the least any program could do for the same result) in the
same run, so a slow or busy machine moves both and the ratio stays meaningful.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHILD_RESULT_PREFIX = "BENCH-RESULT "
"""A child process prints its result as one JSON line after this prefix."""


@dataclass(frozen=True)
class Samples:
    """Repeated measurements of one thing, in seconds (or megabytes for memory)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def __len__(self) -> int:
        return len(self.values)


def samples(values: Iterable[float]) -> Samples:
    """Samples from measured values; at least one is needed."""
    collected = tuple(values)
    if not collected:
        raise ValueError("No measurement was taken.")
    return Samples(collected)


def time_call(function: Callable[[], object]) -> float:
    """Seconds one call of ``function`` takes (garbage collected first, so an earlier
    measurement's garbage is not charged to this one)."""
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def repeat(function: Callable[[], object], times: int, warmup: int = 0) -> Samples:
    """Call ``function`` ``warmup`` times unmeasured, then ``times`` times measured."""
    for _ in range(warmup):
        function()
    return samples(time_call(function) for _ in range(max(1, times)))


# --- memory ----------------------------------------------------------------------------------


def status_megabytes(field_name: str, status: Path = Path("/proc/self/status")) -> float | None:
    """A memory figure of this process from /proc (``VmRSS`` now, ``VmHWM`` its peak), in
    MB; None where /proc is not available (macOS, Windows)."""
    try:
        text = status.read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024  # the value is in kB
    return None


def resident_megabytes() -> float:
    """This process's resident memory now, in MB (its peak where "now" is not readable)."""
    current = status_megabytes("VmRSS")
    return current if current is not None else peak_megabytes()


def peak_megabytes() -> float:
    """This process's peak resident memory, in MB."""
    peak = status_megabytes("VmHWM")
    if peak is not None:
        return peak
    maximum = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kB on Linux and in bytes on macOS.
    return maximum / (1024 * 1024) if sys.platform == "darwin" else maximum / 1024


# --- child processes -------------------------------------------------------------------------


def isolated_environment(home: Path) -> dict[str, str]:
    """The environment for a child run: fresh per-user folders (no remembered window
    state or database), offscreen Qt, and no inherited database choice."""
    environment = dict(os.environ)
    for variable, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        environment[variable] = str(home / sub)
    environment["HOME"] = str(home)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")
    environment.pop("MENTORDESK_DB", None)
    # The child must import this checkout's bench package and mentordesk.
    root = str(Path(__file__).resolve().parent.parent)
    environment["PYTHONPATH"] = os.pathsep.join(
        part for part in (root, environment.get("PYTHONPATH", "")) if part
    )
    return environment


@dataclass(frozen=True)
class ChildResult:
    """What a child process reported, and when it was started (``time.time()``)."""

    started: float
    values: Mapping[str, Any] = field(default_factory=dict)


def run_child(code: str, timeout: float = 300.0) -> ChildResult:
    """Run ``python -c code`` in a fresh, isolated environment; return its result line.

    The child reports by calling :func:`report` (one JSON object); wall-clock
    times in it (``time.time()``) can be compared with ``started``, taken just
    before the interpreter was spawned, so they include its whole start-up.
    """
    with tempfile.TemporaryDirectory(prefix="mentordesk-bench-home-") as home:
        environment = isolated_environment(Path(home))
        started = time.time()
        completed = subprocess.run(
            [sys.executable, "-X", "faulthandler", "-c", code],
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(CHILD_RESULT_PREFIX):
            return ChildResult(started, json.loads(line[len(CHILD_RESULT_PREFIX) :]))
    raise RuntimeError(
        f"The benchmark child process ended (exit code {completed.returncode}) "
        f"without a result.\n--- its output:\n{completed.stdout[-4000:]}"
        f"\n--- its errors:\n{completed.stderr[-4000:]}"
    )


def report(values: Mapping[str, Any]) -> None:
    """In a child process: hand the result to :func:`run_child` (one JSON line)."""
    sys.stdout.write(CHILD_RESULT_PREFIX + json.dumps(dict(values)) + "\n")
    sys.stdout.flush()


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the benchmark table.

    ``kind`` says how figure and floor compare: ``ratio`` (figure ÷ floor must
    be at most ``limit``), ``plus`` (figure − floor, in MB, at most ``limit``) or
    ``absolute`` (the figure itself at most ``limit``; no floor). ``limit`` None:
    a comparison shown beside the others, with no target (never met or missed).
    """

    what: str
    figure: Samples | None
    floor_name: str
    floor: Samples | None
    kind: str
    limit: float | None
    unit: str = "ms"
    note: str = ""

    @property
    def value(self) -> float | None:
        """The compared value: the ratio, the difference, or the figure itself."""
        if self.figure is None:
            return None
        if self.kind == "absolute":
            return self.figure.median
        if self.floor is None:
            return None
        if self.kind == "ratio":
            return self.figure.median / self.floor.median if self.floor.median > 0 else None
        if self.kind == "plus":
            return self.figure.median - self.floor.median
        raise ValueError(f"Unknown comparison {self.kind!r}")

    @property
    def met(self) -> bool | None:
        value = self.value
        return None if value is None or self.limit is None else value <= self.limit

    def target(self) -> str:
        if self.limit is None:
            return "none (for comparison)"
        if self.kind == "ratio":
            return f"≤ {self.limit:g} ×"
        if self.kind == "plus":
            return f"≤ + {self.limit:g} {self.unit}"
        return f"≤ {_amount(self.limit, self.unit)} median"

    def compared(self) -> str:
        value = self.value
        if value is None:
            return "—"
        if self.kind == "ratio":
            return f"{value:.2f} ×"
        if self.kind == "plus":
            return f"+ {value:.0f} {self.unit}"
        return f"{_amount(value, self.unit)}"


def _amount(value: float, unit: str) -> str:
    """A median for the table: seconds shown in ms, megabytes as MB."""
    if unit == "ms":
        milliseconds = value * 1000
        return f"{milliseconds:,.1f} ms" if milliseconds < 100 else f"{milliseconds:,.0f} ms"
    return f"{value:,.0f} {unit}"


def _median(found: Samples | None, unit: str) -> str:
    if found is None:
        return "—"
    return f"{_amount(found.median, unit)} (n={len(found)})"


TABLE_HEADER = ("what", "median", "floor", "floor median", "compared", "target", "met")


def table_lines(rows: Sequence[Row]) -> list[str]:
    """The rows as a Markdown table (readable in a terminal and in RESULTS.md)."""
    lines = [
        "| " + " | ".join(TABLE_HEADER) + " |",
        "|" + "|".join("---" for _ in TABLE_HEADER) + "|",
    ]
    for row in rows:
        met = row.met
        verdict = "—" if met is None else "yes" if met else "**no**"
        what = f"{row.what} ({row.note})" if row.note else row.what
        cells = (
            what,
            _median(row.figure, row.unit),
            row.floor_name,
            _median(row.floor, row.unit),
            row.compared(),
            row.target(),
            verdict,
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def print_table(rows: Sequence[Row], out: Any = None) -> None:
    """Print the Markdown table of ``rows``."""
    stream = out or sys.stdout
    for line in table_lines(rows):
        stream.write(line + "\n")
    stream.flush()
