"""The program report's layout beside its floor (issue 12).

    python -m bench.program_report_bench [--pairs 10000] [--repeat 3] [--db FILE]

The figures are gathered once from a demo program (made with ``mentordesk demo``
unless ``--db`` names one); then the report is laid out and written (body only,
``--appendix none``) and compared with a floor that draws the same pages
straight on the canvas: every line of text of every page, at the place and
size the report drew it, in the report's font, with nothing laid out. The
ratio is what counts (target: at most 2×); medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TARGET_RATIO = 2.0
AS_OF = date(2026, 12, 5)


def _runs(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Every piece of text of every page as (x, y, size, text)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(str(path)).pages:
        found: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font_dict, font_size, found=found) -> None:
            if text.strip():
                scale = abs(tm[0] * cm[0]) or 1.0
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                found.append((x, y, font_size * scale, text))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def floor(pages: list[list[tuple[float, float, float, str]]], path: Path) -> None:
    """The same pages drawn straight on the canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from mentordesk.reports.fonts import SANS, register_fonts

    register_fonts()
    canvas = Canvas(str(path), pagesize=A4, initialFontName=SANS)
    for runs in pages:
        for x, y, size, text in runs:
            canvas.setFont(SANS, max(size, 1))
            canvas.drawString(x, y, text.rstrip("\n"))
        canvas.showPage()
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)

    from mentordesk.reports.program import Appendix, gather_program, write_program_report
    from mentordesk.reports.program.data import choose_program, report_period
    from mentordesk.store.database import open_database

    work = Path(tempfile.mkdtemp(prefix="mentordesk-report-bench-"))
    db = args.db or work / "demo.sqlite3"
    if args.db is None:
        subprocess.run(
            [sys.executable, "-m", "mentordesk", "--db", str(db), "demo", "--pairs",
             str(args.pairs), "--as-of", AS_OF.isoformat()],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    database = open_database(db)
    started = time.perf_counter()
    with database.transaction() as session:
        program = choose_program(session, None)
        day, period = report_period(program, AS_OF, None, None, AS_OF)
        data = gather_program(session, program, day, period)
    gathered = time.perf_counter() - started
    database.close()

    report_path = work / "program.pdf"

    def report() -> None:
        write_program_report(report_path, data, made_on=AS_OF, appendix=Appendix.NONE)

    def timed(action) -> float:
        times = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            action()
            times.append(time.perf_counter() - begin)
        return statistics.median(times)

    report_seconds = timed(report)
    pages = _runs(report_path)
    floor_path = work / "floor.pdf"
    floor_seconds = timed(lambda: floor(pages, floor_path))
    ratio = report_seconds / floor_seconds
    print(f"program report, {args.pairs:,} pairs, {len(pages)} pages (body, no appendix)")
    print(f"  gathering the figures (once): {gathered:,.2f} s")
    print(f"  laying out and writing:       {report_seconds * 1000:,.0f} ms (median)")
    print(f"  floor, same text on canvas:   {floor_seconds * 1000:,.0f} ms (median)")
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"  ratio {ratio:.2f}× ({verdict} the {TARGET_RATIO:g}× target)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
