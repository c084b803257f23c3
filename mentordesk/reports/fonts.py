"""The fonts of MentorDesk's PDFs and the text markup that picks a font per character.

The PDF base fonts (Helvetica and friends) cover Western European text only, so
every report embeds DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic, many
symbols) from ``mentordesk/resources/fonts``. ReportLab has no per-glyph font
fallback, so :func:`markup` splits text into runs and wraps the characters
DejaVu lacks in a ``<font>`` tag naming a fallback: WenQuanYi Micro Hei for
Chinese, Japanese and Korean, Symbola for emoji and other pictographs.

Right-to-left text (Hebrew, Arabic) is reordered into visual order with
python-bidi when it is installed; without it the glyphs still print, in the
order they were typed. Arabic letters print in their isolated forms (no
contextual shaping).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from mentordesk.resources import resource_path

try:  # optional: visual order for right-to-left scripts
    from bidi import get_display as _bidi_display
except ImportError:  # pragma: no cover - depends on the installation
    _bidi_display = None

FONT_DIR = resource_path("fonts")

SANS = "MentorDeskSans"
SANS_BOLD = "MentorDeskSans-Bold"
SANS_ITALIC = "MentorDeskSans-Oblique"
SANS_BOLD_ITALIC = "MentorDeskSans-BoldOblique"
CJK = "MentorDeskCJK"
SYMBOLS = "MentorDeskSymbols"

_FILES = {
    SANS: ("DejaVuSans.ttf", 0),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", 0),
    SANS_ITALIC: ("DejaVuSans-Oblique.ttf", 0),
    SANS_BOLD_ITALIC: ("DejaVuSans-BoldOblique.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),
    SYMBOLS: ("Symbola.ttf", 0),
}

# Variation selectors and joiners only steer emoji presentation; no font here
# draws them, and a missing glyph would print as a box.
_INVISIBLE = {0xFE0E, 0xFE0F, 0x200D, 0x20E3}
_HAS_INVISIBLE = re.compile("[" + "".join(chr(code) for code in sorted(_INVISIBLE)) + "]")
_RTL_CLASSES = {"R", "AL"}


@functools.cache
def register_fonts() -> None:
    """Register the embedded fonts with ReportLab once per process."""
    for name, (file_name, index) in _FILES.items():
        path = FONT_DIR / file_name
        if not path.is_file():
            raise FileNotFoundError(f"MentorDesk's report font is missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    # The fallbacks have one weight; <b> and <i> around them keep that weight.
    for name in (CJK, SYMBOLS):
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)


@functools.cache
def _charmap(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def font_for(char: str, base: str = SANS) -> str | None:
    """The font that draws ``char`` (``base`` first), or None when none of them does."""
    code = ord(char)
    for name in (base, CJK, SYMBOLS):
        if code in _charmap(name):
            return name
    return None


def clean(text: object) -> str:
    """``text`` as printable characters: controls, lone surrogates and emoji
    selectors removed, tabs as spaces, Windows and old Mac line ends as newlines."""
    value = "" if text is None else str(text)
    if value.replace("\n", "").isprintable() and not _HAS_INVISIBLE.search(value):
        # Nothing to remove (the usual case: names, dates, sentences): skip the
        # character-by-character look-up. isprintable() is False for every
        # control, format, surrogate, private-use and unassigned character.
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    kept = []
    for char in value:
        if char == "\n":
            kept.append(char)
            continue
        if ord(char) in _INVISIBLE:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn"):
            continue
        if category == "Cf" and font_for(char) is None:
            continue
        kept.append(char)
    return "".join(kept)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letters (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def visual_order(text: str) -> str:
    """Each line of ``text`` in visual order when it mixes in right-to-left script."""
    if _bidi_display is None or not has_rtl(text):
        return text
    return "\n".join(_bidi_display(line) for line in text.split("\n"))


def markup(text: object, base: str = SANS, *, line_breaks: bool = True) -> str:
    """Paragraph markup for plain ``text``: escaped, with a fallback font around
    every run of characters that ``base`` cannot draw, newlines as ``<br/>``."""
    value = visual_order(clean(text))
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        if run_font in (None, base):
            parts.append(chunk)
        else:
            parts.append(f'<font name="{run_font}">{chunk}</font>')
        run.clear()

    for char in value:
        if char == "\n":
            flush()
            parts.append("<br/>" if line_breaks else " ")
            continue
        font = base if char == " " else (font_for(char, base) or base)
        if font != run_font:
            flush()
            run_font = font
        run.append(char)
    flush()
    return "".join(parts)


def text_width(text: object, size: float, base: str = SANS) -> float:
    """The printed width of ``text`` on one line, each character in the font that draws it."""
    total = 0.0
    for char in visual_order(clean(text)):
        font = base if char == " " else (font_for(char, base) or base)
        total += pdfmetrics.stringWidth(char, font, size)
    return total


def plain(text: object) -> str:
    """``text`` cleaned and in visual order, for places that take no markup
    (PDF outline, metadata) or draw one font (charts)."""
    return visual_order(clean(text))


def shorten(text: object, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    value = clean(text)
    if len(value) <= limit:
        return value
    return value[: max(limit - 1, 0)].rstrip() + "…"
