"""Plain text measured, broken into lines and drawn without the paragraph parser.

Nearly all the text of a report (names, dates, labels, reasons, the sentences
of its pages) prints in one font, left to right. ReportLab's ``Paragraph``
parses its markup, splits it into fragments and breaks and re-breaks its lines
on every wrap; for such text this module breaks the lines by the same rules
and draws them with one text object, at the same places. Text that needs a
fallback font (Chinese, Japanese, Korean, emoji), shaping or right-to-left
order stays a paragraph (:mod:`.fonts`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import split as paragraph_words

from mentordesk.reports.fonts import (
    LaidParagraph,
    font_for,
    has_rtl,
    markup,
    needs_shaping,
    register_fonts,
)

# How far a line may run over by narrowing its spaces (ReportLab's default; no
# report style changes it).
_SHRINKAGE: float = ParagraphStyle("plain").spaceShrinkage


@functools.lru_cache(maxsize=65_536)
def _one_font(text: str, font_name: str) -> bool:
    """Whether ``font_name`` draws every character of ``text`` and none is right-to-left
    (then the text prints as it is, without fallback fonts or reordering)."""
    if text.isascii():
        return True  # the report fonts cover printable ASCII
    return not has_rtl(text) and all(
        char == "\n" or font_for(char, font_name) == font_name for char in text
    )


# Names, labels and dates repeat through a long table: measure each once.
_widths: dict[tuple[str, str, float], float] = {}


def _width(text: str, font_name: str, size: float) -> float:
    key = (text, font_name, size)
    width = _widths.get(key)
    if width is None:
        if len(_widths) > 200_000:
            _widths.clear()
        register_fonts()
        width = _widths[key] = getFont(font_name).stringWidth(text, size)
    return width


Line = tuple[str, float]
"""One printed line of a plain cell and its width."""


def plain_lines(text: str, font_name: str, size: float, width: float) -> tuple[Line, ...] | None:
    """``text`` broken into lines of at most ``width`` points in one font, as a
    paragraph of that font breaks them; None when the text needs a paragraph
    (a fallback font or right-to-left script).

    Text that fits on one line prints exactly as it is. Longer text breaks at
    white space (collapsed, as a paragraph collapses it) and at newlines; a
    word wider than the whole line is cut where the line is full, and a line
    may run over by 5 % of its spaces, to be narrowed by word spacing (both as
    ReportLab's paragraphs do).
    """
    if not _one_font(text, font_name):
        return None
    if "\n" not in text:
        whole = _width(text, font_name, size)
        if whole <= width:
            return ((text, whole),)
        return tuple(_break(text, font_name, size, width))
    lines: list[Line] = []
    parts = text.split("\n")
    if len(parts) > 1 and not parts[-1]:
        parts.pop()  # a paragraph ends at its last line break
    for part in parts:
        whole = _width(part, font_name, size)
        if whole <= width and part == part.strip() and "  " not in part:
            lines.append((part, whole))
        else:
            lines.extend(_break(part, font_name, size, width) or [("", 0.0)])
    return tuple(lines)


def _break(text: str, font_name: str, size: float, width: float) -> list[Line]:
    """Greedy line breaking of one paragraph's words (see :func:`plain_lines`)."""
    space = _width(" ", font_name, size)
    shrink = _SHRINKAGE * space
    lines: list[Line] = []
    line: list[str] = []
    used = -space
    # (word, is a piece of a cut word), next word last.
    pending = [(word, False) for word in reversed(paragraph_words(text.strip())) if word]
    forced = False
    while pending:
        word, piece = pending.pop()
        word_width = _width(word, font_name, size) if word else 0.0
        wanted = used + space + word_width
        limit = width + shrink * len(line)
        if wanted > limit and not forced and not piece and word_width > width:
            # A word longer than a whole line: its first piece fills this line.
            cut = _cut_word(word, font_name, size, used + space, width)
            pending.extend((part, True) for part in reversed(cut))
            forced = True
            continue
        if wanted <= limit or not line or forced:
            if word:
                line.append(word)
            if forced:
                forced = False
                lines.append((" ".join(line), wanted if word else used))
                line, used = [], -space
            else:
                used = wanted
        else:
            lines.append((" ".join(line), used))
            line, used = [word], word_width
    if line:
        lines.append((" ".join(line), used))
    return lines


def _cut_word(word: str, font_name: str, size: float, used: float, width: float) -> list[str]:
    """``word`` in pieces: the first fills what is left of the line (it may be empty:
    the line is full), the others whole lines, the last what is left."""
    pieces: list[str] = []
    piece = ""
    line = used
    for char in word:
        char_width = _width(char, font_name, size)
        if line + char_width > width and (piece or char_width <= width):
            pieces.append(piece)
            piece, line = "", 0.0
        piece += char
        line += char_width
    pieces.append(piece)
    return pieces


# Cells sit on a few column edges and on rows whose heights are multiples of half a
# point, so the same coordinates come back page after page: format each once.
_numbers: dict[float, str] = {}


def _number(value: float) -> str:
    text = _numbers.get(value)
    if text is None:
        if len(_numbers) > 100_000:
            _numbers.clear()
        text = _numbers[value] = fp_str(value)
    return text


class LineText(PDFTextObject):
    """A text object for lines of plain text: the same as the canvas's, with the text
    origin's numbers formatted once per value (moving to each cell's origin is
    otherwise a third of the time it takes to draw a table)."""

    def setTextOrigin(self, x: float, y: float) -> None:
        if not self._canvas.bottomup:  # pragma: no cover - report canvases are bottom-up
            super().setTextOrigin(x, y)
            return
        self._code.append(f"1 0 0 1 {_number(x)} {_number(y)} Tm")
        self._x0 = self._x = x
        self._y0 = self._y = y


def draw_lines(
    text: Any,
    lines: Sequence[Line],
    style: ParagraphStyle,
    x: float,
    top: float,
    width: float,
    current: ParagraphStyle | None = None,
) -> None:
    """Put ``lines`` on a text object, the first baseline a font size below ``top``
    (where a paragraph puts it); the font and colour are set unless ``current`` (the
    text object's style) has them."""
    if current is None or (current.fontName, current.fontSize, current.textColor) != (
        style.fontName,
        style.fontSize,
        style.textColor,
    ):
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
    alignment = style.alignment
    y = top - style.fontSize
    for line, line_width in lines:
        spaces = line.count(" ") + line.count("\xa0")  # as a paragraph counts them
        if line_width - width >= 1e-8 and spaces:
            # A line let run over by its spaces' shrinkage: narrow the spaces.
            text.setTextOrigin(x, y)
            text.setWordSpace((width - line_width) / spaces)
            text._textOut(line)
            text.setWordSpace(0)
        else:
            if alignment == TA_RIGHT:
                text.setTextOrigin(x + width - line_width, y)
            elif alignment == TA_CENTER:
                text.setTextOrigin(x + (width - line_width) / 2, y)
            else:
                text.setTextOrigin(x, y)
            text._textOut(line)
        y -= style.leading


# --- whole paragraphs of plain text ---------------------------------------------------------

_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


def plain_text_of(markup_text: str) -> str | None:
    """The text of paragraph markup that holds no tags and no entities beyond the
    three :func:`fonts.markup` writes; None otherwise."""
    if "<" in markup_text or _ENTITY.search(markup_text):
        return None
    return markup_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _prints_as_typed(text: str) -> bool:
    """Whether a paragraph would print ``text`` with the same characters: no runs of
    white space it would collapse, no white space other than single spaces between
    words (a paragraph puts a plain space between the words it breaks)."""
    return all(line and paragraph_words(line) == line.split(" ") for line in text.split("\n"))


def _plain_style(style: ParagraphStyle) -> bool:
    return (
        style.alignment in (TA_LEFT, TA_RIGHT, TA_CENTER)
        and not style.firstLineIndent
        and not style.leftIndent
        and not style.rightIndent
        and not style.wordWrap
        and not style.backColor
        and not style.borderWidth
        and not getattr(style, "textTransform", None)
        and not getattr(style, "underline", False)
        and not getattr(style, "strike", False)
        and not getattr(style, "endDots", None)
        and getattr(style, "autoLeading", "") in ("", "off", None)
    )


class PlainParagraph(Flowable):
    """A paragraph of plain text in one font, left to right: the lines a
    ``Paragraph`` would break, on the same baselines, drawn as one text object.
    Split over two pages, it becomes a paragraph (keeping its rules for the
    lines left at the foot and carried over)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._laid: tuple[float, tuple[Line, ...]] | None = None

    @classmethod
    def of(cls, text: str, style: ParagraphStyle) -> PlainParagraph | None:
        """A plain paragraph of ``text``, or None when it needs a real paragraph."""
        if (
            not text
            or not _plain_style(style)
            or not _prints_as_typed(text)
            or not _one_font(text, style.fontName)
            or needs_shaping(text)
        ):
            return None
        return cls(text, style)

    def _lines(self, available_width: float) -> tuple[Line, ...]:
        laid = self._laid
        if laid is None or laid[0] != available_width:
            style = self.style
            lines = plain_lines(self.text, style.fontName, style.fontSize, available_width)
            assert lines is not None  # checked by of()
            laid = self._laid = (available_width, lines)
        return laid[1]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        lines = self._lines(available_width)
        self.width = available_width
        self.height = self.style.leading * len(lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.style.leading * len(self._lines(available_width)) <= available_height:
            return [self]
        paragraph: Paragraph = LaidParagraph(markup(self.text, self.style.fontName), self.style)
        return paragraph.split(available_width, available_height)

    def draw(self) -> None:
        style = self.style
        text = LineText(self.canv)
        draw_lines(text, self._lines(self.width), style, 0, self.height, self.width)
        self.canv.drawText(text)
