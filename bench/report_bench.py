"""Benchmark: the program report of a big demo program, against the bare roster table.

The program report asks the services for every figure (risk flags of every
pair, figures, monthly trust, conflicts, ethics, activities, workshops, the
roster), draws about a dozen charts and lays out the roster of every pair as
an appendix. The floor is the least any ReportLab report with that appendix
must do: the same roster rows (already fetched) drawn as one plain
``LongTable`` of wrapping paragraphs with a repeated header row. Both run in
this process on the same demo database; the table shows medians of a few runs
for time, and peak Python memory (tracemalloc, in separate runs so it does not
slow the timed ones).

    python bench/report_bench.py                 # 5,000 pairs, 3 runs
    python bench/report_bench.py --pairs 200 --runs 1
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate  # noqa: E402

from bench.common import Row, print_table, samples  # noqa: E402
from mentordesk.demo import load_demo  # noqa: E402
from mentordesk.reports.program import (  # noqa: E402
    ROSTER_HEADER,
    ROSTER_WIDTHS,
    program_report,
)
from mentordesk.reports.style import CONTENT_WIDTH, MARGIN_X, styles  # noqa: E402
from mentordesk.reports.tables import column_widths, table_style  # noqa: E402
from mentordesk.roster import RosterRow, roster_rows  # noqa: E402
from mentordesk.store.database import Database, open_database  # noqa: E402

TODAY = date(2027, 6, 30)
SEED = 11
TIME_LIMIT = 3.0  # the whole report may take at most this many times the bare table
MEMORY_LIMIT_MB = 150.0  # and at most this much more peak Python memory


def make_demo(folder: Path, pairs: int) -> Database:
    """A demo program of ``pairs`` pairs in a fresh SQLite file."""
    database = open_database(folder / f"demo-{pairs}.sqlite3")
    with database.transaction() as session:
        session.info["audit"] = False
        load_demo(session, pairs, SEED, TODAY)
    return database


def full_report(database: Database, out: Path) -> None:
    with database.transaction() as session:
        program_report(session, out, as_of=TODAY, made_on=TODAY)


def bare_roster(rows: list[RosterRow], out: Path) -> None:
    """The floor: the roster as one LongTable of paragraphs, nothing else."""
    cell = styles().cell
    head = styles().cell_head
    data = [[Paragraph(title, head) for title in ROSTER_HEADER]]
    for number, row in enumerate(rows, start=1):
        values = (
            str(number),
            row.mentee_name,
            row.mentor_name,
            row.model.label,
            row.status.label,
            row.start_date.isoformat(),
            f"{row.trust_score:.2f}" if row.trust_score is not None else "not assessed",
            "",
        )
        data.append([Paragraph(value, cell) for value in values])
    table = LongTable(
        data, colWidths=column_widths(ROSTER_WIDTHS), repeatRows=1, splitByRow=1, hAlign="LEFT"
    )
    table.setStyle(table_style(len(rows)))
    document = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X)
    assert abs(document.width - CONTENT_WIDTH) < 1
    document.build([table])


def timed(function: Callable[[], None], runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        function()
        values.append(time.perf_counter() - start)
    return values


def peak_mb(function: Callable[[], None]) -> float:
    """Peak Python memory of one call, in MB (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def pages(path: Path) -> int:
    """Pages of a PDF made here (ReportLab writes one /Type /Page per page)."""
    return path.read_bytes().count(b"/Type /Page\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5000, help="pairs in the demo program")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (median)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="mentordesk-report-bench-") as folder_name:
        folder = Path(folder_name)
        started = time.perf_counter()
        database = make_demo(folder, args.pairs)
        print(f"Demo program of {args.pairs} pairs made in {time.perf_counter() - started:.1f} s.")
        with database.transaction() as session:
            rows = roster_rows(session, None)
        report_pdf = folder / "program.pdf"
        floor_pdf = folder / "roster.pdf"
        # One unmeasured run each: fonts registered, caches warm, files to count pages in.
        full_report(database, report_pdf)
        bare_roster(rows, floor_pdf)
        report_times = timed(lambda: full_report(database, report_pdf), args.runs)
        floor_times = timed(lambda: bare_roster(rows, floor_pdf), args.runs)
        report_peak = peak_mb(lambda: full_report(database, report_pdf))
        floor_peak = peak_mb(lambda: bare_roster(rows, floor_pdf))
        report_pages, floor_pages = pages(report_pdf), pages(floor_pdf)
        database.close()

    print(
        f"\nProgram report: {report_pages} pages; bare roster table: {floor_pages} pages "
        f"({len(rows)} pairs).\n"
    )
    print_table(
        [
            Row(
                f"program report, {args.pairs} pairs",
                samples(report_times),
                "bare roster table",
                samples(floor_times),
                "ratio",
                TIME_LIMIT,
            ),
            Row(
                "peak Python memory (tracemalloc)",
                samples([report_peak]),
                "bare roster table",
                samples([floor_peak]),
                "plus",
                MEMORY_LIMIT_MB,
                unit="MB",
            ),
        ]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
