"""Tables of the reports: every cell a wrapping paragraph, so nothing is clipped.

:func:`data_table` is for tables of up to a few hundred rows (it splits by row
and repeats its header on each page). :class:`PagedTable` is for the roster of
thousands of pairs: it builds the table one page at a time, so the work grows
with the number of rows instead of with rows × pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle

from mentordesk.reports.fonts import font_for, has_rtl, markup, shorten, text_width
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


class TextCell(Flowable):
    """A cell of plain text: drawn as one line when it fits in one font, else a paragraph.

    Most roster cells are short names and dates; skipping the paragraph parser
    for them makes a table of thousands of rows several times faster.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._paragraph: Paragraph | None = None
        self._simple = (
            len(text) <= 200
            and "\n" not in text
            and not has_rtl(text)
            and all(font_for(char, style.fontName) == style.fontName for char in text)
        )
        self._line_width = (
            stringWidth(text, style.fontName, style.fontSize) if self._simple else 0.0
        )

    def _as_paragraph(self) -> Paragraph:
        if self._paragraph is None:
            self._paragraph = Paragraph(markup(self.text), self.style)
        return self._paragraph

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._available = available_width
        if self._simple and self._line_width <= available_width:
            self.width, self.height = available_width, self.style.leading
            return self.width, self.height
        self.width, self.height = self._as_paragraph().wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return self._as_paragraph().split(available_width, available_height)

    def draw(self) -> None:
        if self._paragraph is not None and not (
            self._simple and self._line_width <= self._available
        ):
            self._paragraph.drawOn(self.canv, 0, 0)
            return
        canvas = self.canv
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        # The baseline a one-line paragraph of this style would have.
        y = self.height - self.style.fontSize
        if self.style.alignment == TA_RIGHT:
            canvas.drawRightString(self._available, y, self.text)
        else:
            canvas.drawString(0, y, self.text)


def cell_flowable(value: Cell, *, right: bool = False, limit: int = CELL_TEXT_LIMIT) -> Flowable:
    """A table cell for ``value``: flowables as they are, the rest as wrapping text."""
    if isinstance(value, Flowable):
        return value
    chosen = styles().cell_right if right else styles().cell
    if value is None:
        return TextCell("—", chosen)
    if isinstance(value, float):
        return TextCell(f"{value:.2f}", chosen)
    return TextCell(shorten(value, limit), chosen)


def header_cells(header: Sequence[str], numeric: frozenset[int] = frozenset()) -> list[Paragraph]:
    """The header row's cells, right-aligned above numeric columns."""
    return [
        Paragraph(
            markup(title),
            styles().cell_head_right if index in numeric else styles().cell_head,
        )
        for index, title in enumerate(header)
    ]


def table_style(body_rows: int, header_rows: int = 1, zebra: bool = True) -> TableStyle:
    """Header band, hairlines between rows and light zebra stripes for reading across."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
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
    right = frozenset(numeric)
    data: list[list[Flowable]] = [header_cells(header, right)]
    for row in rows:
        data.append([cell_flowable(value, right=i in right) for i, value in enumerate(row)])
    table = LongTable(
        data,
        colWidths=column_widths(widths, width),
        repeatRows=1,
        splitByRow=1,
        hAlign="LEFT",
    )
    table.setStyle(table_style(len(rows)))
    return table


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


class PagedTable(Flowable):
    """A very long table made one page at a time, header row on every page.

    ``rows`` are plain values; their paragraphs are made only when the page
    that shows them is laid out, so memory stays flat and the layout work is
    proportional to the number of rows. ``on_page(done, total)`` is told how
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
        start: int = 0,
        total: int | None = None,
        fixed: Mapping[int, float] | None = None,
    ) -> None:
        super().__init__()
        self.fixed = dict(fixed or {})
        self.header = list(header)
        self.rows = rows
        self.fractions = list(widths)
        self.numeric = frozenset(numeric)
        self.on_page = on_page
        self.start = start
        self.total = len(rows) if total is None else total
        self._fitted: tuple[float, float, Table, int] | None = None
        # Rows measured so far (header first), reused when asked again for a page.
        self._measured: list[tuple[list[Flowable], float]] = []
        self._measured_width: float | None = None

    def _fit(self, available_width: float, available_height: float) -> tuple[Table, int]:
        """The table of as many rows as fit, and the index after its last row."""
        # A container may ask with an unbounded height; no page is taller than A4.
        available_height = min(available_height, PAGE_HEIGHT)
        if self._fitted and self._fitted[:2] == (available_width, available_height):
            return self._fitted[2], self._fitted[3]
        widths = column_widths(self.fractions, available_width, self.fixed)
        if self._measured_width != available_width:
            inner = [width - 2 * PADDING for width in widths]
            head = header_cells(self.header, self.numeric)
            self._measured = [(head, self._row_height(head, inner))]
            self._measured_width = available_width
        inner = [width - 2 * PADDING for width in widths]
        used = 0.0
        count = 0
        while True:
            if count == len(self._measured):
                index = self.start + count - 1
                if index >= len(self.rows):
                    break
                cells = [
                    cell_flowable(value, right=i in self.numeric)
                    for i, value in enumerate(self.rows[index])
                ]
                self._measured.append((cells, self._row_height(cells, inner)))
            height = self._measured[count][1]
            if used + height > available_height:
                break
            used += height
            count += 1
        # The header is always the first measured row; the rest are body rows.
        placed = self._measured[: max(count, 1)]
        table = Table(
            [cells for cells, _ in placed],
            colWidths=widths,
            rowHeights=[height for _, height in placed],
            hAlign="LEFT",
        )
        table.setStyle(table_style(len(placed) - 1))
        end = self.start + max(count - 1, 0)
        self._fitted = (available_width, available_height, table, end)
        return table, end

    @staticmethod
    def _row_height(cells: Sequence[Flowable], inner_widths: Sequence[float]) -> float:
        tallest = 0.0
        for cell, width in zip(cells, inner_widths, strict=True):
            _, height = cell.wrap(width, 10_000)
            tallest = max(tallest, height)
        return tallest + 4.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        table, end = self._fit(available_width, available_height)
        if end >= len(self.rows):
            return table.wrap(available_width, available_height)
        # More rows than fit here: report a height no frame has, so the frame splits.
        return available_width, 10 * max(available_height, 1.0) + 1e5

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        table, end = self._fit(available_width, available_height)
        if end == self.start:
            return []  # not even one row fits: go on to the next page
        if self.on_page is not None:
            self.on_page(end, self.total)
        rest = PagedTable(
            self.header,
            self.rows,
            self.fractions,
            numeric=sorted(self.numeric),
            on_page=self.on_page,
            start=end,
            total=self.total,
            fixed=self.fixed,
        )
        return [table, rest]

    def draw(self) -> None:
        if self._fitted is None:  # pragma: no cover - draw always follows wrap
            return
        table, end = self._fitted[2], self._fitted[3]
        if self.on_page is not None:
            self.on_page(end, self.total)
        table.drawOn(self.canv, 0, 0)
