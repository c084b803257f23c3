"""The program report's layout beside its floor (issue 12).

    python -m bench.program_report_bench [--pairs 10000] [--repeat 3] [--db FILE]

The figures are gathered once from a demo program (made with ``mentordesk demo``
unless ``--db`` names one); then the report is laid out and written (body only,
``--appendix none``) and compared with a floor that draws the same pages
straight on the canvas: the report's own PDF is read back (not timed) and every
operation of its pages is made again through the canvas's calls, in order: rules,
fills, chart shapes, dashes, transparency and transforms, and every piece of text
where the report put it (its text matrix), in the font, size and colour it used,
the page numbers of the footer and contents (forms) in place, on paper of the same
size, with nothing laid out, measured or shaped. The floor's pages render
pixel-identical to the report's. The ratio is what counts (target: at most 2×);
medians of ``--repeat`` runs, with the load average beside them.

An earlier floor drew the text as ``pypdf``'s text extraction hands it back: the
pieces of one line (a table's cells) joined into one string at the first piece's
place, all in black, labels unrotated, no page numbers; about 40 % fewer text
runs than the report draws, so it was not the same pages. Its ratio is printed
beside (``merged text``) for comparison with figures measured against it.
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
from typing import Any

TARGET_RATIO = 2.0
AS_OF = date(2026, 12, 5)


Op = tuple[Any, ...]
"""One canvas call of the floor: a name (a PDF operator, or ``text``, ``fill_alpha``,
``stroke_alpha``) and its values."""
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


def _decoder(font: Any) -> Any:
    """The text of a font's codes, from its ToUnicode map (ReportLab's subsets use one
    byte per character)."""
    from pypdf._cmap import _parse_to_unicode

    mapping, _ = _parse_to_unicode(font)

    def decode(raw: bytes) -> str:
        return "".join(mapping.get(chr(byte), chr(byte)) for byte in raw)

    return decode


def _raw(operand: Any) -> bytes:
    """A string operand's bytes as written (pypdf may have decoded them as text)."""
    if isinstance(operand, bytes):
        return bytes(operand)
    original = getattr(operand, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return str(operand).encode("latin-1")


# Operators the floor makes again with their numbers; marked content draws nothing.
_DRAWN = frozenset(
    ("q", "Q", "cm", "w", "J", "j", "rg", "RG", "g", "G", "m", "l", "c", "re", "h",
     "S", "s", "f", "f*", "F", "B", "B*", "b", "b*", "n", "Tw", "Tc", "Tz")
)  # fmt: skip
_NOT_DRAWN = frozenset(("BDC", "BMC", "EMC", "MP", "DP"))
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PATH = frozenset(("m", "l", "c", "re", "h"))
_PAINT = frozenset(("S", "s", "f", "f*", "F", "B", "B*", "b", "b*", "n"))


def _mult(m: list[float], n: list[float]) -> list[float]:
    """The matrix product ``m`` × ``n`` of two PDF matrices (a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F]  # fmt: skip


def _pages(path: Path) -> list[list[Op]]:
    """Every page of the PDF at ``path`` as the canvas calls that draw it again: its
    operations in order, each piece of text with its text matrix worked out (Tm, Td,
    T*, and the advance of a piece following another on the same line) and decoded to
    characters, forms drawn in place, transparency read from the graphics states."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream
    from reportlab.pdfbase.pdfmetrics import stringWidth

    names = _font_names()
    reader = PdfReader(str(path))
    pages: list[list[Op]] = []

    def walk(operations: Any, resources: Any, out: list[Op]) -> None:
        fonts = resources.get("/Font", {})
        states = resources.get("/ExtGState", {})
        xobjects = resources.get("/XObject", {})
        decoders: dict[str, Any] = {}
        font_name, size, leading = "MentorDeskSans", 10.0, 0.0
        decode: Any = None
        tm = lm = [1.0, 0, 0, 1, 0, 0]
        pending_advance = 0.0
        building = False  # a path begun and not painted yet
        for operands, operator in operations:
            op = operator.decode("latin-1")
            if op == "BT":
                tm = lm = [1.0, 0, 0, 1, 0, 0]
                pending_advance = 0.0
                out.append(("BT",))
            elif op == "ET":
                out.append(("ET",))
            elif op == "Tf":
                key = str(operands[0])
                if key not in decoders:
                    font = fonts[key].get_object()
                    face = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
                    decoders[key] = (names.get(face, "MentorDeskSans"), _decoder(font))
                font_name, decode = decoders[key]
                size = float(operands[1])
                out.append(("Tf", font_name, size))
            elif op == "TL":
                leading = float(operands[0])
            elif op == "Tm":
                tm = lm = [float(v) for v in operands]
                pending_advance = 0.0
            elif op in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    leading = -ty
                lm = _mult([1, 0, 0, 1, tx, ty], lm)
                tm = lm
                pending_advance = 0.0
            elif op == "T*":
                lm = _mult([1, 0, 0, 1, 0, -leading], lm)
                tm = lm
                pending_advance = 0.0
            elif op in ("Tj", "TJ"):
                parts = operands[0] if op == "TJ" else [operands[0]]
                text = "".join(
                    decode(_raw(part))
                    for part in parts if not isinstance(part, (int, float))
                )  # fmt: skip
                where = _mult([1, 0, 0, 1, pending_advance, 0], tm)
                out.append(("text", tuple(where), text))
                pending_advance += stringWidth(text, font_name, size)
            elif op == "Do":
                form = xobjects[str(operands[0])].get_object()
                out.append(("q",))
                matrix = tuple(float(v) for v in form.get("/Matrix", _IDENTITY))
                if matrix != _IDENTITY:
                    out.append(("cm", *matrix))
                walk(ContentStream(form, reader).operations, form.get("/Resources", resources), out)
                out.append(("Q",))
            elif op == "gs":
                state = states[str(operands[0])]
                if "/ca" in state:
                    out.append(("fill_alpha", float(state["/ca"])))
                if "/CA" in state:
                    out.append(("stroke_alpha", float(state["/CA"])))
            elif op == "d":
                out.append(("d", [float(v) for v in operands[0]], float(operands[1])))
            elif op in _DRAWN:
                values = tuple(float(v) for v in operands)
                if op == "cm" and values == _IDENTITY:
                    continue  # the canvas writes one on every page itself
                if op == "n" and not building:
                    continue  # ReportLab's canvas begins every path with one
                building = op in _PATH or (building and op not in _PAINT)
                out.append((op, *values))
            elif op not in _NOT_DRAWN:
                raise ValueError(f"the floor does not redraw the PDF operator {op!r}")

    for page in reader.pages:
        out: list[Op] = []
        walk(page.get_contents().operations, page["/Resources"], out)
        pages.append(out)
    return pages


def floor(pages: list[list[Op]], path: Path, pagesize: tuple[float, float]) -> None:
    """The same pages drawn straight on the canvas: every operation :func:`_pages` read
    back, in order, through the canvas's calls, with nothing laid out, measured or shaped."""
    from reportlab.pdfgen.canvas import FILL_EVEN_ODD, FILL_NON_ZERO, Canvas

    from mentordesk.reports.fonts import SANS, register_fonts

    register_fonts()
    canvas = Canvas(str(path), pagesize=pagesize, initialFontName=SANS)
    for operations in pages:
        shape = canvas.beginPath()
        text = None
        for op, *values in operations:
            if op == "text":
                text.setTextTransform(*values[0])
                text.textOut(values[1])
            elif op == "BT":
                text = canvas.beginText()
            elif op == "ET":
                canvas.drawText(text)
                text = None
            elif op == "Tf":
                text.setFont(values[0], values[1])
            elif op == "Tw":
                text.setWordSpace(values[0])
            elif op == "Tc":
                text.setCharSpace(values[0])
            elif op == "Tz":
                text.setHorizScale(values[0])
            elif op == "q":
                canvas.saveState()
            elif op == "Q":
                canvas.restoreState()
            elif op == "cm":
                canvas.transform(*values)
            elif op == "w":
                canvas.setLineWidth(values[0])
            elif op == "J":
                canvas.setLineCap(int(values[0]))
            elif op == "j":
                canvas.setLineJoin(int(values[0]))
            elif op == "d":
                canvas.setDash(values[0], values[1])
            elif op == "fill_alpha":
                canvas.setFillAlpha(values[0])
            elif op == "stroke_alpha":
                canvas.setStrokeAlpha(values[0])
            elif op == "rg":
                (text or canvas).setFillColorRGB(*values)
            elif op == "RG":
                (text or canvas).setStrokeColorRGB(*values)
            elif op == "g":
                (text or canvas).setFillGray(values[0])
            elif op == "G":
                (text or canvas).setStrokeGray(values[0])
            elif op == "m":
                shape.moveTo(*values)
            elif op == "l":
                shape.lineTo(*values)
            elif op == "c":
                shape.curveTo(*values)
            elif op == "re":
                shape.rect(*values)
            elif op == "h":
                shape.close()
            elif op in _PAINT:
                # Painting (or "n", ending a path unpainted) ends the path.
                stroke = op in ("S", "s", "B", "B*", "b", "b*")
                fill = op in ("f", "f*", "F", "B", "B*", "b", "b*")
                mode = FILL_EVEN_ODD if op.endswith("*") else FILL_NON_ZERO
                canvas.drawPath(shape, stroke=int(stroke), fill=int(fill), fillMode=mode)
                shape = canvas.beginPath()
        canvas.showPage()
    canvas.save()


_GRAPHICS = {
    b"q", b"Q", b"cm", b"w", b"rg", b"RG", b"g", b"G", b"m", b"l", b"c", b"re", b"h",
    b"S", b"s", b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*", b"n",
}  # fmt: skip


def _merged_text_pages(path: Path) -> list[tuple[list[Drawn], list[Run]]]:
    """Every page as its graphics (rules, fills, bars, patterns, markers) and its text
    as pypdf's extraction hands it back (x, y, font, size, text): the earlier floor's
    reading, kept to print its ratio beside."""
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


def merged_text_floor(
    pages: list[tuple[list[Drawn], list[Run]]], path: Path, pagesize: tuple[float, float]
) -> None:
    """The earlier floor: the graphics, then each piece of text of
    :func:`_merged_text_pages` in black, with nothing laid out, measured or shaped."""
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
    merged = _merged_text_pages(report_path)
    merged_seconds = timed(lambda: merged_text_floor(merged, work / "merged.pdf", pagesize))
    ratio = report_seconds / floor_seconds
    what = args.db or f"{args.pairs:,} pairs"
    print(f"program report, {what}, {len(pages)} pages (body, no appendix), "
          f"{args.repeat} runs each")
    print(f"  gathering the figures (once): {gathered:,.2f} s")
    print(f"  laying out and writing:       {report_seconds * 1000:,.0f} ms (median)")
    print(f"  floor, same pages on canvas:  {floor_seconds * 1000:,.0f} ms (median)")
    print(f"  earlier floor (merged text):  {merged_seconds * 1000:,.0f} ms (median), "
          f"ratio {report_seconds / merged_seconds:.2f}×")
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(f"  load average before / after:  {' '.join(load_before)} / {' '.join(load_after)}")
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"  ratio {ratio:.2f}× ({verdict} the {TARGET_RATIO:g}× target)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
