"""The program report's layout beside its floor (issue 12).

    python -m bench.program_report_bench [--pairs 10000] [--repeat 3] [--db FILE]

The figures are gathered once from a demo program (made with ``mentordesk demo``
unless ``--db`` names one); then the report is laid out and written (body only,
``--appendix none``) and compared with a floor that draws the same pages
straight on the canvas: the report's own PDF is read back, and its rules,
fills and chart shapes are drawn again through the canvas's path calls and
every piece of text at the place and size the report drew it, in the font it
used (regular, bold, a script font), on paper of the same size, with nothing
laid out, measured or shaped. The ratio is what counts (target: at most 2×);
medians of ``--repeat`` runs, with the load average beside them.
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


Run = tuple[float, float, str, float, str]  # x, y, font, size, text
Drawn = tuple[str, tuple[float, ...]]  # a graphics operator and its operands


def _font_names() -> dict[str, str]:
    """Each embedded face's name (as the PDF lists it) to the report's font name."""
    from reportlab.pdfbase import pdfmetrics

    from mentordesk.reports import fonts

    fonts.register_fonts()
    names = {}
    for name in fonts._FILES:
        face = pdfmetrics.getFont(name).face.name
        names[face.decode("latin-1") if isinstance(face, bytes) else str(face)] = name
    return names


_GRAPHICS = {
    b"q", b"Q", b"cm", b"w", b"rg", b"RG", b"g", b"G", b"m", b"l", b"c", b"re", b"h",
    b"S", b"s", b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*", b"n",
}  # fmt: skip


def _pages(path: Path) -> list[tuple[list[Drawn], list[Run]]]:
    """Every page as its graphics (rules, fills, bars, patterns, markers) and every
    piece of text (x, y, font, size, text)."""
    from pypdf import PdfReader

    fonts_by_face = _font_names()
    pages = []
    for page in PdfReader(str(path)).pages:
        text: list[Run] = []

        def visit(value, cm, tm, font_dict, font_size, found=text) -> None:
            if not value.strip() or font_dict is None:
                return
            face = str(font_dict.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            scale = abs(tm[0] * cm[0]) or 1.0
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            font = fonts_by_face.get(face, "MentorDeskSans")
            found.append((x, y, font, font_size * scale, value.rstrip("\n")))

        page.extract_text(visitor_text=visit)
        drawn: list[Drawn] = []
        in_text = False
        for operands, operator in page.get_contents().operations:
            if operator == b"BT":
                in_text = True
            elif operator == b"ET":
                in_text = False
            elif not in_text and operator in _GRAPHICS:
                drawn.append((operator.decode(), tuple(float(value) for value in operands)))
        pages.append((drawn, text))
    return pages


def floor(pages: list[tuple[list[Drawn], list[Run]]], path: Path, pagesize) -> None:
    """The same pages drawn straight on the canvas: the same rules, fills and chart
    shapes through the canvas's path calls, then every piece of text in the font
    and size the report used, with nothing laid out, measured or shaped."""
    from reportlab.pdfgen.canvas import Canvas

    from mentordesk.reports.fonts import SANS, register_fonts

    register_fonts()
    canvas = Canvas(str(path), pagesize=pagesize, initialFontName=SANS)
    for drawn, runs in pages:
        shape = canvas.beginPath()
        for operator, values in drawn:
            if operator == "q":
                canvas.saveState()
            elif operator == "Q":
                canvas.restoreState()
            elif operator == "cm":
                canvas.transform(*values)
            elif operator == "w":
                canvas.setLineWidth(values[0])
            elif operator == "rg":
                canvas.setFillColorRGB(*values)
            elif operator == "RG":
                canvas.setStrokeColorRGB(*values)
            elif operator == "g":
                canvas.setFillGray(values[0])
            elif operator == "G":
                canvas.setStrokeGray(values[0])
            elif operator == "m":
                shape.moveTo(*values)
            elif operator == "l":
                shape.lineTo(*values)
            elif operator == "c":
                shape.curveTo(*values)
            elif operator == "re":
                shape.rect(*values)
            elif operator == "h":
                shape.close()
            else:  # painting ends the path
                stroke = operator in ("S", "s", "B", "B*", "b", "b*")
                fill = operator in ("f", "f*", "F", "B", "B*", "b", "b*")
                if stroke or fill:
                    canvas.drawPath(shape, stroke=int(stroke), fill=int(fill),
                                    fillMode=1 if operator.endswith("*") else 0)  # fmt: skip
                shape = canvas.beginPath()
        for x, y, font, size, text in runs:
            canvas.setFont(font, max(size, 1))
            canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()


def _page_size(path: Path) -> tuple[float, float]:
    from pypdf import PdfReader

    box = PdfReader(str(path)).pages[0].mediabox
    return float(box.width), float(box.height)


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

    load_before = Path("/proc/loadavg").read_text().split()[:3]
    report_seconds = timed(report)
    pages = _pages(report_path)
    pagesize = _page_size(report_path)
    floor_path = work / "floor.pdf"
    floor_seconds = timed(lambda: floor(pages, floor_path, pagesize))
    ratio = report_seconds / floor_seconds
    print(f"program report, {args.pairs:,} pairs, {len(pages)} pages (body, no appendix), "
          f"{args.repeat} runs each")
    print(f"  gathering the figures (once): {gathered:,.2f} s")
    print(f"  laying out and writing:       {report_seconds * 1000:,.0f} ms (median)")
    print(f"  floor, same pages on canvas:  {floor_seconds * 1000:,.0f} ms (median)")
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(f"  load average before / after:  {' '.join(load_before)} / {' '.join(load_after)}")
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"  ratio {ratio:.2f}× ({verdict} the {TARGET_RATIO:g}× target)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
