"""The look shared by every MentorDesk PDF: page template, type, colours, headings.

:class:`ReportDocument` lays out A4 or Letter pages with a header (document title and
subject) and a footer ("Page X of Y"), an optional CONFIDENTIAL band on every
page, PDF metadata, bookmarks (the outline) and a table of contents, all in a
single layout pass: the page total and the contents' page numbers are drawn
as PDF form objects that are filled in when the file is saved, so a report of
thousands of pairs is laid out once, not twice.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
)

from mentordesk import __version__
from mentordesk.errors import MentorDeskError
from mentordesk.reports import fonts
from mentordesk.reports.fonts import SANS, SANS_BOLD, LaidParagraph, markup, plain
from mentordesk.reports.lines import PlainParagraph, plain_text_of
from mentordesk.reports.paper import Paper
from mentordesk.reports.progress import Progress

# A4, the taller paper: no page is taller (see paper.py for Letter).
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
# The text width on every paper (A4's, the narrower): on Letter the side margins
# are wider, so every layout breaks its lines in the same places.
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

# Colours chosen to stay apart when printed in grey: dark, middle and light
# tones, so a chart still reads on a black-and-white printer (the charts add
# patterns and labels on top).
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
RULE = colors.HexColor("#9AA5B1")
SHADE = colors.HexColor("#EEF2F6")
ACCENT = colors.HexColor("#1F4E79")
CONFIDENTIAL_RED = colors.HexColor("#A61B1B")
WHITE = colors.white

SERIES_FILLS = (
    colors.HexColor("#1F4E79"),  # dark blue
    colors.HexColor("#E8A33D"),  # light-middle amber
    colors.HexColor("#7A7A7A"),  # middle grey
    colors.HexColor("#BFD7EA"),  # very light blue
    colors.HexColor("#4B2E83"),  # dark violet
    colors.HexColor("#F2E394"),  # pale yellow
    colors.HexColor("#2E7D5B"),  # dark green
)

CONFIDENTIAL_TEXT = "CONFIDENTIAL"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    cover_meta: ParagraphStyle
    form_label: ParagraphStyle
    header: ParagraphStyle


@cache
def styles() -> Styles:
    """The paragraph styles of every report (fonts registered on first use)."""
    fonts.register_fonts()
    base = ParagraphStyle(
        "md-body",
        fontName=SANS,
        fontSize=9.5,
        leading=13,
        textColor=INK,
        spaceAfter=4,
        splitLongWords=1,
        # HarfBuzz shaping (fonts.py): words in Latin, Greek and Cyrillic skip it.
        shaping=1,
    )
    cell = ParagraphStyle("md-cell", parent=base, fontSize=8, leading=10, spaceAfter=0)
    return Styles(
        title=ParagraphStyle(
            "md-title", parent=base, fontName=SANS_BOLD, fontSize=24, leading=30, textColor=ACCENT
        ),
        subtitle=ParagraphStyle(
            "md-subtitle", parent=base, fontSize=14, leading=19, textColor=MUTED, spaceAfter=10
        ),
        h1=ParagraphStyle(
            "md-h1",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=8,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "md-h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "md-h3",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=base,
        small=ParagraphStyle("md-small", parent=base, fontSize=8, leading=10.5),
        note=ParagraphStyle("md-note", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_right=ParagraphStyle("md-cell-r", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("md-cell-c", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("md-cell-h", parent=cell, fontName=SANS_BOLD, textColor=WHITE),
        cell_head_right=ParagraphStyle(
            "md-cell-hr", parent=cell, fontName=SANS_BOLD, textColor=WHITE, alignment=TA_RIGHT
        ),
        figure=ParagraphStyle(
            "md-figure",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=20,
            leading=24,
            textColor=ACCENT,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        figure_label=ParagraphStyle(
            "md-figure-label", parent=cell, fontSize=7.5, leading=9.5, textColor=MUTED
        ),
        cover_meta=ParagraphStyle("md-cover-meta", parent=base, fontSize=11, leading=16),
        form_label=ParagraphStyle(
            "md-form-label", parent=base, fontSize=8, leading=10, textColor=MUTED, spaceAfter=0
        ),
        header=ParagraphStyle(
            "md-header", parent=base, fontSize=8, leading=10, textColor=MUTED, spaceAfter=0
        ),
    )


def para(text: object, style: ParagraphStyle | None = None) -> Flowable:
    """A paragraph of plain ``text`` (escaped, fallback fonts, line breaks kept); text
    in one font, left to right, is drawn without the paragraph parser."""
    chosen = style or styles().body
    value = fonts.clean(text)
    return PlainParagraph.of(value, chosen) or fonts.text_paragraph(value, chosen)


def rich(markup_text: str, style: ParagraphStyle | None = None) -> Flowable:
    """A paragraph of markup that the caller built (with :func:`fonts.markup` pieces);
    markup without tags is drawn as :func:`para` draws plain text."""
    chosen = style or styles().body
    text = plain_text_of(markup_text)
    plain = PlainParagraph.of(text, chosen) if text is not None else None
    return plain or fonts.rich_paragraph(markup_text, chosen)


def format_day(day: date | None) -> str:
    """A date the way every report prints it, as the window shows dates: "5 Dec 2026"
    (day, English month abbreviation, year: unambiguous across countries)."""
    if day is None:
        return "—"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- sections: headings, outline, table of contents ---------------------------------------


@dataclass
class SectionRegistry:
    """Where each heading landed, filled in while the document is laid out."""

    pages: dict[str, int] = field(default_factory=dict)


class Heading(LaidParagraph):
    """A section heading that is also a PDF bookmark, an outline entry and a
    table-of-contents target."""

    def __init__(
        self,
        title: str,
        key: str,
        level: int,
        registry: SectionRegistry,
        style: ParagraphStyle | None = None,
    ) -> None:
        chosen = style or (styles().h1 if level == 0 else styles().h2)
        super().__init__(markup(title, chosen.fontName), fonts.shaped_style(chosen, title))
        self.title = title
        self.key = key
        self.level = level
        self.registry = registry

    def draw(self) -> None:
        canvas = self.canv
        canvas.bookmarkHorizontal(self.key, 0, self.height + 6)
        canvas.addOutlineEntry(plain(self.title), self.key, level=self.level, closed=False)
        self.registry.pages.setdefault(self.key, canvas.getPageNumber())
        super().draw()


@dataclass(frozen=True)
class ContentsEntry:
    level: int
    title: str
    key: str


class Contents(Flowable):
    """The table of contents: one line per section with a dotted leader and a
    page number that is filled in when the file is saved; each line links to
    its section."""

    line_height = 17

    def __init__(self, entries: Sequence[ContentsEntry]) -> None:
        super().__init__()
        self.entries = list(entries)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.line_height * len(self.entries)

    def draw(self) -> None:
        canvas = self.canv
        y = self.line_height * len(self.entries)
        for entry in self.entries:
            y -= self.line_height
            indent = 14 * entry.level
            size = 10.5 if entry.level == 0 else 9.5
            font = SANS_BOLD if entry.level == 0 else SANS
            title = plain(entry.title)
            canvas.setFont(font, size)
            canvas.setFillColor(INK)
            canvas.drawString(indent, y + 4, title)
            start = indent + stringWidth(title, font, size) + 6
            end = self.width - 30
            if end > start:
                canvas.setFont(SANS, size)
                canvas.setFillColor(RULE)
                dot = stringWidth(". ", SANS, size)
                count = int((end - start) / dot)
                canvas.drawRightString(end, y + 4, ". " * count)
            canvas.saveState()
            canvas.translate(self.width, y + 4)
            canvas.doForm(_toc_form(entry.key))
            canvas.restoreState()
            canvas.linkRect("", entry.key, (0, y, self.width, y + self.line_height), relative=1)


def _toc_form(key: str) -> str:
    return f"mdtoc_{key}"


def _page_form(number: int) -> str:
    return f"mdpage_{number}"


# --- the document ---------------------------------------------------------------------------


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Page and font streams written as compressed binary, not also ASCII85-encoded
    (ReportLab's default: a quarter bigger, and encoding it is a tenth of the time
    a long report takes). Every PDF reader reads both."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class ProgressMark(Flowable):
    """An invisible flowable that, when reached, starts the next progress stage and
    hands progress reporting from the flowable count to the flowables that follow."""

    def __init__(self, document: ReportDocument, until_percent: float) -> None:
        super().__init__()
        self.document = document
        self.until_percent = until_percent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.document.follow_flowables = False
        if self.document.progress is not None:
            self.document.progress.stage(self.until_percent)


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF says about itself: metadata, header and footer text."""

    title: str
    header: str
    subject: str = ""
    author: str = ""
    made_on: date | None = None
    confidential: bool = False
    keywords: tuple[str, ...] = ()


class _ReportCanvas(Canvas):
    """A canvas that, when saved, fills in the forms for "Page X of Y" and the
    contents' page numbers (known only after the last page)."""

    def __init__(self, *args: Any, document: ReportDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._document = document
        self._pages = 0

    def showPage(self) -> None:
        self._pages += 1
        super().showPage()

    def save(self) -> None:
        total = self._pages
        for number in range(1, total + 1):
            self._right_aligned_form(_page_form(number), f"Page {number} of {total}", 8)
        for entry in self._document.contents_entries:
            page = self._document.registry.pages.get(entry.key)
            size = 10.5 if entry.level == 0 else 9.5
            self._right_aligned_form(_toc_form(entry.key), str(page) if page else "—", size)
        super().save()

    def _right_aligned_form(self, name: str, text: str, size: float) -> None:
        self.beginForm(name, lowerx=-300, lowery=-4, upperx=2, uppery=size + 4)
        self.setFont(SANS, size)
        self.setFillColor(MUTED if size < 9 else INK)
        self.drawRightString(0, 0, text)
        self.endForm()


def opened_groups(flowables: Sequence[Flowable]) -> list[Flowable]:
    """``flowables`` with every group kept together opened into its parts. A group
    inside a group says it is endlessly tall (ReportLab's way to make it split), so
    the outer group could never be placed as one: its first part went at the foot
    of a page and the rest on the next."""
    opened: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            opened += opened_groups(flowable._content)
        else:
            opened.append(flowable)
    return opened


class KeptWithNext(KeepTogether):
    """A heading (or other flowable kept with the next) and what follows it, kept on
    one page; a group kept together that follows is opened into it, so the heading
    really goes with its content instead of ending a page alone."""

    def __init__(self, flowables: Sequence[Flowable], maxHeight: float | None = None) -> None:
        super().__init__(opened_groups(flowables), maxHeight)


class ReportDocument(BaseDocTemplate):
    """A MentorDesk document on A4 or Letter: cover page, then body pages with header
    and footer, the text :data:`CONTENT_WIDTH` wide on either paper."""

    keepTogetherClass = KeptWithNext

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        """Keep a heading with what follows, also when that is a group kept together:
        ReportLab leaves such a group out of the heading's, so the heading could end a
        page alone. The group is opened into parts, each kept with the next."""
        index = 0
        while (
            index < len(flowables)
            and flowables[index].getKeepWithNext()
            and not isinstance(flowables[index], KeepTogether)
        ):
            index += 1
        if index and index < len(flowables) and isinstance(flowables[index], KeepTogether):
            parts = opened_groups([flowables[index]])
            for part in parts[:-1]:
                part.__dict__["keepWithNext"] = 1
            flowables[index : index + 1] = parts
        super().handle_keepWithNext(flowables)

    def __init__(
        self,
        path: Path,
        info: DocumentInfo,
        progress: Progress | None = None,
        contents: Sequence[ContentsEntry] = (),
        paper: Paper = Paper.A4,
    ) -> None:
        styles()
        self.paper = paper
        self.page_width, self.page_height = paper.size
        self.margin_x = (self.page_width - CONTENT_WIDTH) / 2
        self.target = Path(path)
        self.info = info
        self.progress = progress
        self.registry = SectionRegistry()
        self.contents_entries = list(contents)
        self._flowable_total = 1
        # A report whose last part reports its own progress (the long roster)
        # switches this off so the flowable count does not jump ahead of it.
        self.follow_flowables = True
        self._header_cache: dict[float, Flowable] = {}
        self._subject: Flowable | None = None
        self._partial = self.target.with_name(f".{self.target.name}.part")
        super().__init__(
            str(self._partial),
            pagesize=paper.size,
            leftMargin=self.margin_x,
            rightMargin=self.margin_x,
            topMargin=MARGIN_TOP + (7 * mm if info.confidential else 0),
            bottomMargin=MARGIN_BOTTOM,
            title=plain(info.title),
            author=plain(info.author),
            subject=plain(info.subject),
            creator=f"MentorDesk {__version__}",
            keywords=list(info.keywords),
            lang="en",
        )
        # No padding: the text is exactly CONTENT_WIDTH wide, lined up with the
        # header and footer rules (tables and charts are drawn that wide; with
        # ReportLab's 6-point padding they stood past the right margin).
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0,
        )  # fmt: skip
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=self._draw_cover_page),
                PageTemplate(id="body", frames=[frame], onPage=self._draw_body_page),
            ]
        )
        if progress is not None:
            self.setProgressCallBack(self._on_layout_progress)

    # The contents and the page total are forms filled in at save time, so one
    # pass is enough (multiBuild would lay out a long roster twice).
    def make(self, story: list[Flowable]) -> Path:
        """Lay out ``story`` and write the PDF to the target path (atomically)."""
        try:
            with _binary_streams():
                self.build(story, canvasmaker=self._canvas)
            os.replace(self._partial, self.target)
        except OSError as error:
            self._remove_partial()
            raise MentorDeskError(
                f"The report could not be written to {self.target}: {error.strerror or error}."
            ) from error
        except BaseException:
            self._remove_partial()
            raise
        if self.progress is not None:
            self.progress.finish()
        return self.target

    def _remove_partial(self) -> None:
        with contextlib.suppress(OSError):
            self._partial.unlink()

    def _canvas(self, *args: Any, **kwargs: Any) -> _ReportCanvas:
        # The canvas starts in an embedded font: its default (Helvetica) would be
        # listed in the PDF as a font that is not embedded.
        kwargs["initialFontName"] = SANS
        return _ReportCanvas(*args, document=self, **kwargs)

    def _on_layout_progress(self, kind: str, value: int) -> None:
        assert self.progress is not None
        if kind == "SIZE_EST":
            self._flowable_total = max(1, value)
        elif kind == "PROGRESS" and self.follow_flowables:
            self.progress.fraction(value / self._flowable_total)
        elif kind == "PAGE":
            self.progress.check()

    # --- page decoration ---

    def _draw_cover_page(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        self._draw_confidential(canvas)
        self._draw_footer(canvas)

    def _draw_body_page(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        self._draw_confidential(canvas)
        self._draw_header(canvas)
        self._draw_footer(canvas)

    def _header_paragraph(self, width: float) -> Flowable:
        cached = self._header_cache.get(width)
        if cached is not None:
            return cached
        # One line only: shorten a long program name until it fits.
        text = plain(self.info.header)
        limit = len(text)
        while True:
            paragraph = para(fonts.shorten(text, limit), styles().header)
            _, height = paragraph.wrap(width, 100)
            if height <= styles().header.leading + 0.5 or limit <= 8:
                break
            limit = int(limit * 0.85)
        self._header_cache[width] = paragraph
        return paragraph

    def _draw_header(self, canvas: Canvas) -> None:
        canvas.saveState()
        left, right_edge = self.margin_x, self.page_width - self.margin_x
        top = self.page_height - self.topMargin + 9 * mm
        right = self._subject_paragraph()
        header = self._header_paragraph(CONTENT_WIDTH - right.width - 12)
        header.drawOn(canvas, left, top - header.height + 8)
        right.drawOn(canvas, right_edge - right.width, top - right.height + 8)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 4, right_edge, top - 4)
        canvas.restoreState()

    def _subject_paragraph(self) -> Flowable:
        """The header's right-hand text: one line, at most half the width, shrink-wrapped
        so that it can be right-aligned."""
        if self._subject is None:
            size = styles().header.fontSize
            text = fonts.shorten(self.info.subject, 90)
            while fonts.text_width(text, size) > CONTENT_WIDTH / 2 and len(text) > 8:
                text = fonts.shorten(text, int(len(text) * 0.9))
            paragraph = para(text, styles().header)
            paragraph.wrap(fonts.text_width(text, size) + 2, 100)
            self._subject = paragraph
        return self._subject

    def _draw_footer(self, canvas: Canvas) -> None:
        canvas.saveState()
        y = MARGIN_BOTTOM - 10 * mm
        left, right_edge = self.margin_x, self.page_width - self.margin_x
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, y + 10, right_edge, y + 10)
        canvas.setFont(SANS, 8)
        canvas.setFillColor(MUTED)
        made = f" on {format_day(self.info.made_on)}" if self.info.made_on else ""
        canvas.drawString(left, y, f"Made with MentorDesk{made}")
        if self.info.confidential:
            canvas.setFont(SANS_BOLD, 8)
            canvas.setFillColor(CONFIDENTIAL_RED)
            canvas.drawCentredString(self.page_width / 2, y, CONFIDENTIAL_TEXT)
        canvas.translate(right_edge, y)
        canvas.doForm(_page_form(canvas.getPageNumber()))
        canvas.restoreState()

    def _draw_confidential(self, canvas: Canvas) -> None:
        if not self.info.confidential:
            return
        canvas.saveState()
        height = 6 * mm
        y = self.page_height - 8 * mm - height
        canvas.setFillColor(CONFIDENTIAL_RED)
        canvas.rect(self.margin_x, y, CONTENT_WIDTH, height, stroke=0, fill=1)
        canvas.setFillColor(WHITE)
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawCentredString(
            self.page_width / 2,
            y + 1.9 * mm,
            f"{CONFIDENTIAL_TEXT} — includes confidential conflict details and notes. "
            "Do not pass on.",
        )
        canvas.restoreState()
