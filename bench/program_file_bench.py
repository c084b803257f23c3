"""Benchmark: program files at 10,000 pairs, and how fast a command starts.

Program files: ``mentordesk export program`` and ``mentordesk import program``
(into a new database file) run in child processes, the way a user runs them;
each reports its wall time and peak resident memory (VmHWM). The floors, in
children too, in the same run: for export, ``json.dumps`` of the same document
(already in memory) to a file with Python's fast encoder; for import, ``json.load``
of the exported file. Both are record by record (export reads a batch of pairs
from the database and writes them; import reads a record from the file, checks
it and writes it with its batch), so their memory stays near the start-up
figure and the people whatever the size. Processor time (user + system) is
printed beside the wall time: the machine is shared.

Start-up: ``python -m mentordesk --version``, ``risk --help`` and ``export program
--help`` beside ``python -c pass`` (the issue's bar: under 0.3 s beyond Python).

    python bench/program_file_bench.py                       # builds the 10k demo first
    python bench/program_file_bench.py --db demo10k.sqlite3   # an existing program
    python bench/program_file_bench.py --startup-only
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEAK = (
    "import re\n"
    "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
    "print('PEAK-MB', int(peak.group(1)) / 1024)\n"
)


def _child(code: str) -> tuple[float, float, float]:
    """Run ``code`` in a fresh Python; the seconds it reported (``SECONDS x``), its peak
    resident memory in MB and its processor seconds (user + system, whole process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", code + PEAK],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    values = dict(
        line.split(" ", 1)
        for line in done.stdout.splitlines()
        if line.startswith(("SECONDS", "PEAK"))
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    processor = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(values["SECONDS"]), float(values["PEAK-MB"]), processor


def _timed_main(*argv: str) -> str:
    return (
        "import time\n"
        "from mentordesk.cli import main\n"
        "started = time.perf_counter()\n"
        f"assert main({list(argv)!r}) == 0\n"
        "print('SECONDS', time.perf_counter() - started)\n"
    )


def _median(values: list[float]) -> float:
    return statistics.median(values)


def program_files(database: Path, runs: int, folder: Path) -> list[str]:
    exported = folder / "program.mentordesk.json"
    export: list[tuple[float, float, float]] = []
    for _ in range(runs):
        export.append(
            _child(_timed_main("--db", str(database), "export", "program", "--out", str(exported)))
        )
    size = exported.stat().st_size
    dump_floor = [
        _child(
            "import json, time\n"
            f"document = json.load(open({str(exported)!r}, encoding='utf-8'))\n"
            "started = time.perf_counter()\n"
            f"with open({str(folder / 'floor.json')!r}, 'w', encoding='utf-8') as out:\n"
            "    out.write(json.dumps(document, ensure_ascii=False))\n"
            "print('SECONDS', time.perf_counter() - started)\n"
        )
        for _ in range(runs)
    ]
    load = []
    for number in range(runs):
        target = folder / f"imported-{number}.sqlite3"
        load.append(_child(_timed_main("--db", str(target), "import", "program", str(exported))))
        target.unlink()
    load_floor = [
        _child(
            "import json, time\n"
            "started = time.perf_counter()\n"
            f"document = json.load(open({str(exported)!r}, encoding='utf-8'))\n"
            "print('SECONDS', time.perf_counter() - started)\n"
        )
        for _ in range(runs)
    ]

    def line(
        what: str,
        figure: list[tuple[float, float, float]],
        floor_name: str,
        floor: list[tuple[float, float, float]],
    ) -> str:
        seconds, peak, processor = (_median([run[part] for run in figure]) for part in range(3))
        floor_seconds, floor_peak = (_median([run[part] for run in floor]) for part in range(2))
        return (
            f"| {what} | {seconds:.2f} s (n={len(figure)}) | {processor:.2f} s | {peak:,.0f} MB "
            f"| {floor_name} | {floor_seconds:.2f} s | {floor_peak:,.0f} MB "
            f"| {seconds / floor_seconds:.1f} × |"
        )

    return [
        f"program file: {size / 1024 / 1024:,.1f} MB",
        "",
        "| what | median | processor (whole command) | peak memory | floor | floor median "
        "| floor peak | compared |",
        "|---|---|---|---|---|---|---|---|",
        line("export program", export, "json.dumps of the same document", dump_floor),
        line("import program (new database)", load, "json.load of the file", load_floor),
    ]


def startup(runs: int) -> list[str]:
    def timed(*argv: str) -> tuple[float, float]:
        """Wall-clock seconds and processor seconds (user + system) of one child."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, *argv], capture_output=True, check=True, cwd=ROOT)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def medians(*argv: str) -> tuple[float, float]:
        taken = [timed(*argv) for _ in range(runs)]
        return _median([wall for wall, _cpu in taken]), _median([cpu for _wall, cpu in taken])

    python, python_cpu = medians("-c", "pass")
    lines = [
        f"plain Python (`python -c pass`): {python * 1000:.0f} ms, "
        f"processor {python_cpu * 1000:.0f} ms (n={runs})",
        "",
        "| command | median | beyond Python | processor time | beyond Python | target |",
        "|---|---|---|---|---|---|",
    ]
    for args in (("--version",), ("risk", "--help"), ("export", "program", "--help")):
        seconds, cpu = medians("-m", "mentordesk", *args)
        lines.append(
            f"| mentordesk {' '.join(args)} | {seconds * 1000:.0f} ms | "
            f"+{(seconds - python) * 1000:.0f} ms | {cpu * 1000:.0f} ms | "
            f"+{(cpu - python_cpu) * 1000:.0f} ms | ≤ +300 ms |"
        )
    return lines


def _load() -> str:
    """The load average (1, 5, 15 minutes): this machine is shared."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database holding one program (else: demo)")
    parser.add_argument("--pairs", type=int, default=10_000, help="demo size without --db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-only", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {_load()}")
    for line in startup(max(args.runs, 7)):
        print(line)
    if not args.startup_only:
        with tempfile.TemporaryDirectory(prefix="mentordesk-program-bench-") as folder:
            database = args.db
            if database is None:
                database = Path(folder) / "demo.sqlite3"
                _child(
                    _timed_main(
                        "--db", str(database), "demo", "--pairs", str(args.pairs),
                        "--as-of", "2027-06-30",
                    )
                )  # fmt: skip
            print()
            for line in program_files(database, args.runs, Path(folder)):
                print(line)
    print(f"load average after: {_load()}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
