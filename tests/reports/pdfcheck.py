"""Reading MentorDesk PDFs back for tests: text per page, outline, metadata, text positions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentordesk.reports import fonts


@dataclass(frozen=True)
class TextRun:
    page: int
    text: str
    x: float
    y: float
    size: float
    font: str


def reader(path: Path) -> PdfReader:
    return PdfReader(str(path))


def page_texts(path: Path) -> list[str]:
    """The extracted text of every page, in order."""
    return [page.extract_text() or "" for page in reader(path).pages]


def all_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def squashed(text: str) -> str:
    """Text with all whitespace removed, to find phrases that wrapped across lines."""
    return "".join(text.split())


def outline_titles(path: Path) -> list[str]:
    """Every outline (bookmark) title, depth first."""
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader(path).outline)
    return titles


def text_runs(path: Path) -> list[TextRun]:
    """Every piece of text drawn, with where it starts and its size (page space)."""
    runs: list[TextRun] = []
    for number, page in enumerate(reader(path).pages, start=1):

        def visit(text, cm, tm, font_dict, font_size, number=number):
            if not text.strip():
                return
            # Text space to page space: tm then cm (ReportLab uses no rotation).
            scale = tm[0] * cm[0] or 1.0
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            runs.append(TextRun(number, text, x, y, font_size * abs(scale), name))

        page.extract_text(visitor_text=visit)
    return runs


def _run_width(run: TextRun) -> float:
    width = 0.0
    bold = "Bold" in run.font
    for char in run.text.rstrip("\n"):
        font = fonts.font_for(char) or fonts.SANS
        if font == fonts.SANS and bold:
            font = fonts.SANS_BOLD
        width += stringWidth(char, font, run.size)
    return width


def overflowing_lines(path: Path, tolerance: float = 2.0) -> list[tuple[int, str]]:
    """Lines of text that start or end outside their page, as (page, text).

    pypdf gives every piece of a line the line's starting point, so the pieces
    of one line (same page and start) are measured together. Text inside form
    objects (page numbers filled in at save time) comes in the form's own space
    at y = 0 and is skipped.
    """
    pages = reader(path).pages
    lines: dict[tuple[int, float, float], list[TextRun]] = {}
    for run in text_runs(path):
        if run.y == 0:
            continue
        lines.setdefault((run.page, round(run.x, 2), round(run.y, 2)), []).append(run)
    bad = []
    for (page, x, y), runs in lines.items():
        box = pages[page - 1].mediabox
        width = sum(_run_width(run) for run in runs)
        text = "".join(run.text for run in runs)
        inside_x = -tolerance <= x and x + width <= float(box.width) + tolerance
        inside_y = -tolerance <= y <= float(box.height) + tolerance
        if not (inside_x and inside_y):
            bad.append((page, text))
    return bad


def findable(text: str, length: int = 12) -> str:
    """The start of ``text`` as it can be found in extracted text: squashed, and cut
    before the first character outside the Basic Multilingual Plane (ReportLab's
    Unicode map garbles emoji on extraction, though they print)."""
    kept = []
    for char in squashed(text):
        if ord(char) > 0xFFFF:
            break
        kept.append(char)
    return "".join(kept)[:length]
