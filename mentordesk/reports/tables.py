"""Tables of the reports: every cell wraps, so nothing is clipped.

Every table of the reports is a :class:`PagedTable`: it lays out and draws its
rows one page at a time, with the header row on every page, so a roster of
thousands of pairs costs work in proportion to its rows. Cells of plain text
in the table's own font (nearly all of them: names, dates, labels, reasons)
are measured, broken into lines and drawn as text directly, the way a
paragraph would break them; only a cell that needs a fallback font (Chinese,
Japanese, Korean, emoji) or right-to-left reordering becomes a ``Paragraph``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from mentordesk.reports.fonts import (
    markup,
    shorten,
    text_paragraph,
    text_width,
)
from mentordesk.reports.lines import Line, LineText, draw_lines, plain_lines
from mentordesk.reports.style import (
    ACCENT,
    CONTENT_WIDTH,
    INK,
    PAGE_HEIGHT,
    RULE,
    SHADE,
    styles,
)

Cell = str | int | float | Flowable | None

# A single cell taller than a page cannot be laid out; table cells keep at most
# this much free text (the full text is printed in the flow where it matters).
CELL_TEXT_LIMIT = 1200
PADDING = 3
TOP_PADDING = 2
BOTTOM_PADDING = 2.5
LINE_WIDTH = 0.25
# A table split over pages keeps at least this many rows on each page (no lone
# row at the foot of a page or at the top of the last one).
MIN_ROWS_TOGETHER = 3


def column_widths(
    fractions: Sequence[float],
    width: float = CONTENT_WIDTH,
    fixed: Mapping[int, float] | None = None,
) -> list[float]:
    """Absolute column widths from relative ones (any scale); columns in ``fixed``
    get that many points and the others share what is left."""
    fixed = fixed or {}
    left = max(width - sum(fixed.values()), 0.0)
    whole = sum(f for i, f in enumerate(fractions) if i not in fixed) or 1.0
    return [
        fixed[i] if i in fixed else left * fraction / whole for i, fraction in enumerate(fractions)
    ]


def fitting_width(texts: Iterable[str], *, bold_header: str = "") -> float:
    """The width a column needs to show each of ``texts`` on one line (with padding)."""
    cell, head = styles().cell, styles().cell_head
    widest = max((text_width(text, cell.fontSize) for text in texts), default=0.0)
    if bold_header:
        widest = max(widest, stringWidth(bold_header, head.fontName, head.fontSize))
    return widest + 2 * PADDING + 1


def cell_text(value: str | int | float | None, limit: int = CELL_TEXT_LIMIT) -> str:
    """How a plain value prints in a cell: a dash for nothing, two decimals for a float,
    thousands separated in a count."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return shorten(value, limit)


class TextCell(Flowable):
    """A cell of plain text outside a :class:`PagedTable` (a facts table's value):
    drawn as lines of text when it prints in one font, else as a paragraph."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._lines: tuple[Line, ...] | None = None
        self._paragraph: Paragraph | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._available = available_width
        style = self.style
        self._lines = plain_lines(self.text, style.fontName, style.fontSize, available_width)
        if self._lines is not None:
            self.width, self.height = available_width, style.leading * len(self._lines)
            return self.width, self.height
        if self._paragraph is None:
            self._paragraph = text_paragraph(self.text, style)
        self.width, self.height = self._paragraph.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return text_paragraph(self.text, self.style).split(available_width, available_height)

    def draw(self) -> None:
        if self._lines is None:
            assert self._paragraph is not None
            self._paragraph.drawOn(self.canv, 0, 0)
            return
        text = LineText(self.canv)
        draw_lines(text, self._lines, self.style, 0, self.height, self._available)
        self.canv.drawText(text)


def cell_flowable(value: Cell, *, right: bool = False, limit: int = CELL_TEXT_LIMIT) -> Flowable:
    """A cell for ``value`` in a ReportLab table: flowables as they are, the rest as text."""
    if isinstance(value, Flowable):
        return value
    return TextCell(cell_text(value, limit), styles().cell_right if right else styles().cell)


def table_style(body_rows: int, header_rows: int = 1, zebra: bool = True) -> TableStyle:
    """Header band, hairlines between rows and light zebra stripes for reading across
    (the look :class:`PagedTable` draws, for a ReportLab ``Table``)."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
        ("LINEBELOW", (0, header_rows), (-1, -1), LINE_WIDTH, RULE),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT))
    if zebra:
        for row in range(header_rows + 1, header_rows + body_rows, 2):
            commands.append(("BACKGROUND", (0, row), (-1, row), SHADE))
    return TableStyle(commands)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    empty: str = "None.",
    width: float = CONTENT_WIDTH,
) -> Flowable:
    """A table with a header row repeated on each page; ``empty`` when no rows."""
    if not rows:
        return Paragraph(markup(empty), styles().note)
    return PagedTable(header, rows, widths, numeric=numeric, width=width)


def facts_table(
    facts: Sequence[tuple[str, Cell]],
    *,
    label_width: float = 0.32,
    width: float = CONTENT_WIDTH,
) -> Flowable:
    """Label-value lines (who, when, model, ...) as a two-column table."""
    data = [
        [Paragraph(markup(label), styles().form_label), cell_flowable(value)]
        for label, value in facts
    ]
    table = Table(
        data,
        colWidths=[width * label_width, width * (1 - label_width)],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, SHADE),
            ]
        )
    )
    return table


# --- the paged table ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    """A row laid out for one set of column widths: per cell, its lines of plain text
    or its flowable (already wrapped), and the row's height with padding."""

    cells: tuple[tuple[Line, ...] | Flowable, ...]
    height: float


class _Rows:
    """The rows of one table laid out at one width, shared by the pieces of the table
    on successive pages; rows already placed are let go."""

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        numeric: frozenset[int],
    ) -> None:
        self.rows = rows
        self.widths = list(widths)
        self.inner = [width - 2 * PADDING for width in widths]
        s = styles()
        self.body_styles = [s.cell_right if i in numeric else s.cell for i in range(len(widths))]
        self.head_styles = [
            s.cell_head_right if i in numeric else s.cell_head for i in range(len(widths))
        ]
        self.header = self._lay_out(header, self.head_styles)
        self._laid: dict[int, _Row] = {}

    def _lay_out(self, values: Sequence[Cell], cell_styles: Sequence[ParagraphStyle]) -> _Row:
        cells: list[tuple[Line, ...] | Flowable] = []
        tallest = 0.0
        for value, style, width in zip(values, cell_styles, self.inner, strict=True):
            if isinstance(value, Flowable):
                _, height = value.wrap(width, 10_000)
                cells.append(value)
            else:
                text = cell_text(value)
                lines = plain_lines(text, style.fontName, style.fontSize, width)
                if lines is None:
                    paragraph = text_paragraph(text, style)
                    _, height = paragraph.wrap(width, 10_000)
                    cells.append(paragraph)
                else:
                    height = style.leading * len(lines)
                    cells.append(lines)
            tallest = max(tallest, height)
        return _Row(tuple(cells), tallest + TOP_PADDING + BOTTOM_PADDING)

    def row(self, index: int) -> _Row:
        """Row ``index`` of the body, laid out (once)."""
        laid = self._laid.get(index)
        if laid is None:
            laid = self._laid[index] = self._lay_out(self.rows[index], self.body_styles)
        return laid

    def forget_before(self, index: int) -> None:
        """Let go of the rows before ``index`` (they are on earlier pages)."""
        for done in [key for key in self._laid if key < index]:
            del self._laid[done]


class _TablePiece(Flowable):
    """The rows of a table that go on one page, under its header row."""

    def __init__(self, rows: _Rows, body: Sequence[_Row]) -> None:
        super().__init__()
        self.rows = rows
        self.body = list(body)
        self.width = sum(rows.widths)
        self.height = rows.header.height + sum(row.height for row in self.body)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        rows = self.rows
        width = self.width
        tops = [self.height]
        for row in (rows.header, *self.body):
            tops.append(tops[-1] - row.height)
        canvas.saveState()
        # Header band and zebra stripes (every second body row).
        canvas.setFillColor(ACCENT)
        canvas.rect(0, tops[1], width, rows.header.height, stroke=0, fill=1)
        if len(self.body) > 1:
            canvas.setFillColor(SHADE)
            for index in range(1, len(self.body), 2):
                row = self.body[index]
                canvas.rect(0, tops[index + 2], width, row.height, stroke=0, fill=1)
        # The text, row by row, in one text object (a paragraph or flowable cell
        # draws on its own between two).
        self._text: LineText | None = None
        self._style: ParagraphStyle | None = None
        self._draw_row(rows.header, tops[0], rows.head_styles)
        for index, row in enumerate(self.body):
            self._draw_row(row, tops[index + 1], rows.body_styles)
        self._end_text()
        # A hairline under every body row, drawn over the cells like a table's grid.
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(LINE_WIDTH)
        canvas.setLineCap(1)
        canvas.lines([(0, y, width, y) for y in tops[2:]])
        canvas.restoreState()

    def _end_text(self) -> None:
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = self._style = None

    def _draw_row(self, row: _Row, top: float, cell_styles: Sequence[ParagraphStyle]) -> None:
        canvas = self.canv
        x = 0.0
        for cell, style, inner, width in zip(
            row.cells, cell_styles, self.rows.inner, self.rows.widths, strict=True
        ):
            if isinstance(cell, tuple):
                if self._text is None:
                    self._text = LineText(canvas)
                draw_lines(
                    self._text, cell, style, x + PADDING, top - TOP_PADDING, inner, self._style
                )
                self._style = style
            else:
                self._end_text()
                cell.drawOn(canvas, x + PADDING, top - TOP_PADDING - cell.height)
            x += width


class PagedTable(Flowable):
    """A table of any length made one page at a time, header row on every page.

    ``rows`` are plain values (or flowables); a row is laid out only when the
    page that shows it is, so the work is proportional to the number of rows.
    Columns are ``widths`` relative to the available width (or ``width``),
    except those in ``fixed`` (points). ``on_page(done, total)`` is told how
    many rows are placed after each page.
    """

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        on_page: Callable[[int, int], None] | None = None,
        width: float | None = None,
        fixed: Mapping[int, float] | None = None,
        start: int = 0,
        total: int | None = None,
        laid_out: dict[float, _Rows] | None = None,
    ) -> None:
        super().__init__()
        self.header = list(header)
        self.rows = rows
        self.fractions = list(widths)
        self.numeric = frozenset(numeric)
        self.on_page = on_page
        self.table_width = width
        self.fixed = dict(fixed or {})
        self.start = start
        self.total = len(rows) if total is None else total
        # Layouts by available width, shared with the rest of the table after a split.
        self._laid_out: dict[float, _Rows] = {} if laid_out is None else laid_out
        self._fitted: tuple[float, float, _TablePiece, int] | None = None

    def _rows_for(self, available_width: float) -> _Rows:
        width = available_width if self.table_width is None else self.table_width
        laid = self._laid_out.get(width)
        if laid is None:
            widths = column_widths(self.fractions, width, self.fixed)
            laid = self._laid_out[width] = _Rows(self.header, self.rows, widths, self.numeric)
        return laid

    def _fit(self, available_width: float, available_height: float) -> tuple[_TablePiece, int]:
        """The piece of as many rows as fit (at least none), and the index after it."""
        # A container may ask with an unbounded height; no page is taller than A4.
        available_height = min(available_height, PAGE_HEIGHT)
        if self._fitted and self._fitted[:2] == (available_width, available_height):
            return self._fitted[2], self._fitted[3]
        rows = self._rows_for(available_width)
        used = rows.header.height
        body: list[_Row] = []
        index = self.start
        while index < len(self.rows):
            row = rows.row(index)
            if used + row.height > available_height:
                break
            used += row.height
            body.append(row)
            index += 1
        index = self._keep_rows_together(body, index, available_height)
        piece = _TablePiece(rows, body)
        self._fitted = (available_width, available_height, piece, index)
        return piece, index

    def _keep_rows_together(self, body: list[_Row], end: int, available_height: float) -> int:
        """No page of a split table holds fewer than :data:`MIN_ROWS_TOGETHER` rows: at
        the foot of a page too few rows go on to the next page with the rest
        (when this is not the top of a page, where they would not fit better), and a
        last page is not left with a row or two (rows come over from the page
        before). Returns the new end; ``body`` is cut to match."""
        rest = len(self.rows) - end
        if rest == 0:
            return end
        placed = len(body)
        if placed < MIN_ROWS_TOGETHER and available_height < PAGE_HEIGHT * 0.4:
            del body[:]
            return self.start
        if 0 < rest < MIN_ROWS_TOGETHER:
            move = min(MIN_ROWS_TOGETHER - rest, placed - MIN_ROWS_TOGETHER)
            if move > 0:
                del body[placed - move :]
                return end - move
        return end

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        piece, end = self._fit(available_width, available_height)
        if end >= len(self.rows):
            return piece.width, piece.height
        # Taller than the space: say by how much up to a page, so that a frame splits
        # the table and a KeepTogether sees when it could not fit on a page anyway.
        rows = self._rows_for(available_width)
        height = piece.height
        index = end
        limit = max(available_height, PAGE_HEIGHT)
        while index < len(self.rows) and height <= limit:
            height += rows.row(index).height
            index += 1
        return piece.width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        piece, end = self._fit(available_width, available_height)
        if end == self.start:
            return []  # not even one row fits: go on to the next page
        if self.on_page is not None:
            self.on_page(end, self.total)
        if end >= len(self.rows):
            return [piece]
        self._rows_for(available_width).forget_before(end)
        rest = PagedTable(
            self.header,
            self.rows,
            self.fractions,
            numeric=sorted(self.numeric),
            on_page=self.on_page,
            width=self.table_width,
            fixed=self.fixed,
            start=end,
            total=self.total,
            laid_out=self._laid_out,
        )
        return [piece, rest]

    def draw(self) -> None:
        if self._fitted is None:  # pragma: no cover - draw always follows wrap
            return
        piece, end = self._fitted[2], self._fitted[3]
        if self.on_page is not None:
            self.on_page(end, self.total)
        piece.drawOn(self.canv, 0, 0)
