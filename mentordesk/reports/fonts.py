"""The fonts of MentorDesk's PDFs, the text markup that picks a font per character,
and the shaping and ordering of every script a workforce writes its names in.

Every font a PDF references is embedded (no PDF base font such as Helvetica):
DejaVu Sans for Latin, Greek and Cyrillic; Noto Sans Hebrew, Arabic, Devanagari,
Bengali, Tamil and Thai for those scripts; WenQuanYi Micro Hei for Chinese,
Japanese and Korean; Symbola for emoji (skin-tone modifiers included) and other
pictographs. All are in ``resources/fonts`` with their licences.

ReportLab has no per-glyph font fallback, so :func:`markup` splits text into
runs and wraps each run a script font draws in a ``<font>`` tag. Text is shaped
with HarfBuzz (uharfbuzz, which ReportLab uses for TrueType fonts): Arabic
letters join, Indic and Thai clusters form. ReportLab shapes one word at a time
with the word's first font; :func:`_shape_frag_word` shapes each run of one font
and one direction on its own, so a word mixing scripts is shaped right too.

Order: python-bidi reorders each *line* (base direction left to right, as the
reports are written in English, so the fields of a mixed line stay in place);
runs of right-to-left letters are then put back into their typed order for
HarfBuzz, which lays them out right to left itself. Paragraphs holding
right-to-left text are broken into lines in typed order first
(:class:`BidiParagraph`), so a wrapped Hebrew or Arabic sentence reads from its
first line down. Metadata and bookmarks keep the typed (logical) order.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.pdfgen import textobject
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus import tables as rl_tables

from mentordesk.resources import resource_path

try:  # visual order for right-to-left scripts
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
HEBREW = "MentorDeskHebrew"
ARABIC = "MentorDeskArabic"
DEVANAGARI = "MentorDeskDevanagari"
BENGALI = "MentorDeskBengali"
TAMIL = "MentorDeskTamil"
THAI = "MentorDeskThai"

_SCRIPT_FILES = {
    HEBREW: "NotoSansHebrew",
    ARABIC: "NotoSansArabic",
    DEVANAGARI: "NotoSansDevanagari",
    BENGALI: "NotoSansBengali",
    TAMIL: "NotoSansTamil",
    THAI: "NotoSansThai",
}
SCRIPT_FONTS = tuple(_SCRIPT_FILES)

_FILES = {
    SANS: ("DejaVuSans.ttf", 0),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", 0),
    SANS_ITALIC: ("DejaVuSans-Oblique.ttf", 0),
    SANS_BOLD_ITALIC: ("DejaVuSans-BoldOblique.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),
    SYMBOLS: ("Symbola.ttf", 0),
    **{name: (f"{stem}-Regular.ttf", 0) for name, stem in _SCRIPT_FILES.items()},
    **{f"{name}-Bold": (f"{stem}-Bold.ttf", 0) for name, stem in _SCRIPT_FILES.items()},
}

# Blocks drawn in a script font even where DejaVu has a glyph (DejaVu's Hebrew
# and Arabic are not meant for shaping).
_SCRIPT_RANGES = (
    (0x0590, 0x05FF, HEBREW),
    (0xFB1D, 0xFB4F, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0xA8E0, 0xA8FF, DEVANAGARI),
    (0x0980, 0x09FF, BENGALI),
    (0x0B80, 0x0BFF, TAMIL),
    (0x0E00, 0x0E7F, THAI),
)
_BOLD = {SANS: SANS_BOLD, SANS_ITALIC: SANS_BOLD_ITALIC}

# Variation selectors and joiners only steer emoji presentation; no font here
# draws them, and a missing glyph would print as a box.
_INVISIBLE = {0xFE0E, 0xFE0F, 0x200D, 0x20E3}
_HAS_INVISIBLE = re.compile("[" + "".join(chr(code) for code in sorted(_INVISIBLE)) + "]")
_RTL_CLASSES = {"R", "AL"}
# Text that HarfBuzz would change: anything from Hebrew on, except the CJK and
# Hangul blocks WenQuanYi draws one glyph per character (shaping them would only
# cost time on long rosters).
_NEEDS_SHAPING = re.compile(
    r"[\u0590-\u0dff\u0e00-\u0e7f\ua8e0-\ua8ff\ufb1d-\ufeff\U0001f000-\U0001faff]"
)


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
    for name in SCRIPT_FONTS:
        bold = f"{name}-Bold"
        pdfmetrics.registerFontFamily(name, normal=name, bold=bold, italic=name, boldItalic=bold)
        for italic in (0, 1):
            addMapping(bold, 1, italic, bold)
            addMapping(bold, 0, italic, name)
    # The fallbacks have one weight; <b> and <i> around them keep that weight.
    for name in (CJK, SYMBOLS):
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    rl_paragraph.shapeFragWord = _shape_frag_word
    # Charts start their text state in this font (Helvetica otherwise, which the
    # PDF would then list as a font it does not embed).
    shapes.STATE_DEFAULTS["fontName"] = SANS
    # Likewise table cells that hold flowables rather than text.
    rl_tables.CellStyle.fontname = SANS
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    textobject.PDFTextObject._formatText = _format_text_in_logical_order


@functools.cache
def _charmap(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@functools.cache
def _script_font(code: int) -> str | None:
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    return None


def bold_of(font_name: str) -> str:
    """The bold face of ``font_name`` (itself when it has none)."""
    if font_name in _BOLD:
        return _BOLD[font_name]
    if font_name in _SCRIPT_FILES:
        return f"{font_name}-Bold"
    return font_name


def font_for(char: str, base: str = SANS) -> str | None:
    """The font that draws ``char`` (a script's own font, then ``base``, then the
    fallbacks), or None when none of them does."""
    code = ord(char)
    script = _script_font(code)
    if script is not None and code in _charmap(script):
        return bold_of(script) if base in (SANS_BOLD, SANS_BOLD_ITALIC) else script
    for name in (base, CJK, SYMBOLS, *SCRIPT_FONTS):
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
        if category == "Cf" and char not in "\u200c" and font_for(char) is None:
            continue
        kept.append(char)
    return "".join(kept)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letters (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def _is_rtl_run_char(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL", "NSM")


def shaping_order(line: str) -> str:
    """One line in the order it is drawn, with runs of right-to-left letters kept
    in typed order for HarfBuzz (which lays each run out right to left)."""
    if _bidi_display is None or not has_rtl(line):
        return line
    visual = _bidi_display(line, base_dir="L")
    out: list[str] = []
    index, size = 0, len(visual)
    while index < size:
        if not _is_rtl_run_char(visual[index]):
            out.append(visual[index])
            index += 1
            continue
        end = index
        while end < size and _is_rtl_run_char(visual[end]):
            end += 1
        run = visual[index:end]
        out.append(run[::-1] if has_rtl(run) else run)
        index = end
    return "".join(out)


_SKIN_TONES = re.compile("(?<=.)[\U0001F3FB-\U0001F3FF]")


def visual_order(text: str) -> str:
    """Each line of ``text`` in the order it is drawn (see :func:`shaping_order`).

    Skin-tone modifiers after an emoji are left out: the monochrome emoji font
    draws them as grey squares beside the emoji, which read as missing glyphs."""
    if max(text, default=" ") >= "\U0001F3FB" and _SKIN_TONES.search(text):
        text = _SKIN_TONES.sub("", text)
    if not has_rtl(text):
        return text
    return "\n".join(shaping_order(line) for line in text.split("\n"))


def _is_mark(char: str) -> bool:
    return char in "\u200c\u200d" or unicodedata.category(char) in ("Mn", "Mc", "Me")


def font_runs(text: str, base: str = SANS) -> list[tuple[str, str]]:
    """``text`` (already in drawing order) as runs of (font, characters); spaces and
    combining marks stay in the run they belong to."""
    if text and (text.isascii() or _drawn_by(text, base)):
        return [(base, text)]
    runs: list[tuple[str, list[str]]] = []
    for char in text:
        if runs and (char == " " or _is_mark(char)):
            font = runs[-1][0]
            if char != " " and ord(char) not in _charmap(font):
                font = font_for(char, base) or base
        else:
            font = base if char == " " else (font_for(char, base) or base)
        if runs and runs[-1][0] == font:
            runs[-1][1].append(char)
        else:
            runs.append((font, [char]))
    return [(font, "".join(chars)) for font, chars in runs]


def markup(text: object, base: str = SANS, *, line_breaks: bool = True) -> str:
    """Paragraph markup for plain ``text``: escaped, with a script or fallback font
    around every run that ``base`` does not draw, newlines as ``<br/>``."""
    value = visual_order(clean(text))
    parts: list[str] = []
    for index, line in enumerate(value.split("\n")):
        if index:
            parts.append("<br/>" if line_breaks else " ")
        for font, chunk in font_runs(line, base):
            escaped = escape(chunk)
            if font == base:
                parts.append(escaped)
            else:
                parts.append(f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def text_width(text: object, size: float, base: str = SANS) -> float:
    """The printed width of ``text`` on one line, each run in the font that draws it
    (shaped where HarfBuzz changes it)."""
    if isinstance(text, str):
        # Reports measure the same names, labels and dates over and over (fitting
        # columns, cutting names to fit): measure each once.
        return _cached_text_width(text, size, base)
    return _text_width(text, size, base)


@functools.lru_cache(maxsize=8192)
def _cached_text_width(text: str, size: float, base: str) -> float:
    return _text_width(text, size, base)


def _text_width(text: object, size: float, base: str) -> float:
    value = visual_order(clean(text))
    if value.isascii() or (
        not _NEEDS_SHAPING.search(value) and _drawn_by(value, base)
    ):
        # One font draws every character (DejaVu draws all of ASCII, dashes,
        # quotes, most of Latin): one measure, no run splitting.
        return pdfmetrics.stringWidth(value.replace("\n", " "), base, size)
    total = 0.0
    for font, chunk in font_runs(value.replace("\n", " "), base):
        total += _run_width(chunk, font, size)
    return total


def _drawn_by(value: str, base: str) -> bool:
    """Whether ``base`` draws every character of ``value`` and no script font claims
    one of them."""
    charmap = _charmap(base)
    return all(
        ord(char) in charmap and _script_font(ord(char)) is None for char in set(value)
    )


def _run_width(chunk: str, font: str, size: float) -> float:
    if _NEEDS_SHAPING.search(chunk) and pdfmetrics.getFont(font).shapable:
        shaped = ttfonts.shapeStr(chunk, font, size, force=True)
        data = getattr(shaped, "__shapeData__", None)
        if data:
            return sum(item.x_advance for item in data) * size / 1000
    return pdfmetrics.stringWidth(chunk, font, size)


def plain(text: object) -> str:
    """``text`` cleaned, in typed (logical) order: for the PDF outline and metadata,
    which PDF readers order themselves."""
    return clean(text)


def draw_string(
    canvas: Any, x: float, y: float, text: object, size: float, *, base: str = SANS,
    anchor: str = "start",
) -> float:
    """Draw ``text`` on one line on ``canvas`` at (x, y), shaped and in drawing
    order, each run in its own font; returns the width drawn."""
    register_fonts()
    value = visual_order(clean(text)).replace("\n", " ")
    runs = [(font, chunk, _run_width(chunk, font, size)) for font, chunk in font_runs(value, base)]
    width = sum(item[2] for item in runs)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    for font, chunk, run_width in runs:
        canvas.setFont(font, size)
        if _NEEDS_SHAPING.search(chunk) and pdfmetrics.getFont(font).shapable:
            for piece in _direction_pieces(chunk):
                shaped = ttfonts.shapeStr(piece, font, size, force=True)
                _remember_glyph_text(piece, [None, (_FontRef(font), shaped)])
                canvas.drawString(x, y, shaped)
                x += _run_width(piece, font, size)
        else:
            canvas.drawString(x, y, chunk)
            x += run_width
    return width


class _FontRef:
    def __init__(self, name: str) -> None:
        self.fontName = name


def _direction_pieces(chunk: str) -> list[str]:
    """``chunk`` cut where it goes from right-to-left letters to anything else."""
    pieces: list[str] = []
    current = ""
    current_rtl: bool | None = None
    for char in chunk:
        rtl = _is_rtl_run_char(char) and (has_rtl(char) or bool(current_rtl))
        if current and rtl != current_rtl:
            pieces.append(current)
            current = ""
        current += char
        current_rtl = rtl
    if current:
        pieces.append(current)
    return pieces


_original_shape_frag_word = ttfonts.shapeFragWord
_original_to_unicode_cmap = ttfonts.makeToUnicodeCMap
# Text each shaped glyph that has no character of its own stands for (a conjunct,
# a ligature), by font face and the private character ReportLab gave the glyph.
_GLYPH_TEXT: dict[tuple[str, int], str] = {}
# The typed text of each shaped word, by its glyphs (for the ActualText of a run).
_SHAPED_SOURCE: dict[str, str] = {}


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with characters beyond the BMP (emoji) as UTF-16
    (ReportLab writes them as five hex digits, which readers reject) and shaped
    glyphs mapped to the text they stand for, so text copied from the PDF reads
    as it was typed."""
    face = font_name.split("+", 1)[-1]
    cmap = _original_to_unicode_cmap(font_name, subset)
    lines = []
    for index, code in enumerate(subset):
        text = _GLYPH_TEXT.get((face, code), chr(code))
        lines.append(f"<{index:02X}> <{_utf16_hex(text)}>")
    head, _, rest = cmap.partition(f"{len(subset)} beginbfchar\n")
    _, _, tail = rest.partition("endbfchar")
    return f"{head}{len(subset)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + tail


def _is_private(char: str) -> bool:
    return 0xE000 <= ord(char) <= 0xF8FF


@functools.cache
def _variant_char(font_name: str, code: int) -> str | None:
    """The character a glyph without one of its own is a form of, found by its glyph
    name ("ivowelsign03deva" is a form of "ivowelsigndeva", ि), or None (a conjunct)."""
    font = pdfmetrics.getFont(font_name)
    gid = font.face.charToGlyph.get(code)
    if gid is None:
        return None
    hb_font = font.hbFont(10)
    name = hb_font.glyph_to_string(gid)
    stem = name.split(".")[0]
    # Noto names a form by a suffix before the script's: "evowelsigninibeng" is the
    # initial form of "evowelsignbeng" (ে).
    script = stem[-4:]
    bare = re.sub(r"(?:ini|init|alt|med|fin|\d+)+$", "", stem[:-4]) + script
    for base in (stem, re.sub(r"\d+", "", stem), bare):
        if base == name:
            continue
        base_gid = hb_font.get_glyph_from_name(base)
        chars = font.face.glyphToChar.get(base_gid) if base_gid is not None else None
        if chars:
            return chr(chars[0])
    return None


def _remember_glyph_text(source: str, shaped: list[Any]) -> None:
    """Note the source text of every private character in a shaped word: the form of
    one character it is, or the characters of its cluster no other glyph stands for
    (a conjunct, a repha)."""
    for frag, text in shaped[1:]:
        data = getattr(text, "__shapeData__", None)
        if not data:
            continue
        if len(_SHAPED_SOURCE) > 50_000:
            _SHAPED_SOURCE.clear()
        _SHAPED_SOURCE[str(text)] = source
        face = pdfmetrics.getFont(frag.fontName).face.name
        face = face.decode("latin-1") if isinstance(face, bytes) else str(face)
        clusters = sorted({item.cluster for item in data if item.cluster >= 0})
        glyphs = list(zip(text, data, strict=False))
        for char, item in glyphs:
            if not _is_private(char) or (face, ord(char)) in _GLYPH_TEXT:
                continue
            variant = _variant_char(frag.fontName, ord(char))
            if variant is not None:
                _GLYPH_TEXT[(face, ord(char))] = variant
                continue
            later = [c for c in clusters if c > item.cluster]
            end = later[0] if later else len(source)
            rest = source[item.cluster : end]
            for other, other_item in glyphs:
                if other_item.cluster != item.cluster or other is char:
                    continue
                stands_for = (
                    _variant_char(frag.fontName, ord(other)) if _is_private(other) else other
                )
                if stands_for:
                    rest = rest.replace(stands_for, "", 1)
            partners = [
                other
                for other, other_item in glyphs
                if other_item.cluster == item.cluster
                and other != char
                and _is_private(other)
                and _variant_char(frag.fontName, ord(other)) is None
            ]
            if partners and rest[:1] in _RA and rest[1:2] in _VIRAMAS and len(rest) > 2:
                # A repha drawn as one glyph with the vowel sign, and a mark glyph
                # beside it (Noto's "ivowelsignreph" and "dummymark"): the repha is
                # typed first, the vowel sign after the consonant.
                _GLYPH_TEXT[(face, ord(char))] = rest[:2]
                _GLYPH_TEXT.setdefault((face, ord(partners[-1])), rest[2:])
                continue
            _GLYPH_TEXT[(face, ord(char))] = rest or char


def _shape_frag_word(word: list[Any], *args: Any, **kwargs: Any) -> list[Any]:
    """ReportLab's shaping of one word, run by run: each run of one font and one
    direction is shaped on its own (ReportLab would shape the whole word with its
    first font). Plain Latin, Greek and Cyrillic words are left as they are."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    if all(isinstance(text, str) and text.isascii() for _, text in word[1:]):
        return word  # nothing HarfBuzz would change (most words of a report)
    pieces: list[tuple[Any, str]] = []
    for frag, text in word[1:]:
        if hasattr(frag, "cbDefn"):
            return word
        for piece in _direction_pieces(text):
            pieces.append((frag, piece))
    if not any(_NEEDS_SHAPING.search(text) for _, text in pieces):
        return word
    if len(pieces) == 1:
        shaped = _original_shape_frag_word(word, *args, **kwargs)
        _remember_glyph_text(pieces[0][1], shaped)
        return shaped
    shaped_parts = []
    for frag, text in pieces:
        part = word.__class__([pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)])
        part.append((frag, text))
        shaped = _original_shape_frag_word(part, force=True)
        _remember_glyph_text(text, shaped)
        shaped_parts.append(shaped)
    merged = ttfonts.makeShapedFragWord(word)([sum(part[0] for part in shaped_parts)])
    for part in shaped_parts:
        merged.extend(part[1:])
    return merged


def shorten(text: object, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    value = clean(text)
    if len(value) <= limit:
        return value
    return value[: max(limit - 1, 0)].rstrip() + "…"


def logical_lines(text: str, width: float, size: float, base: str = SANS) -> list[str]:
    """``text`` broken into lines no wider than ``width``, in typed order (so a
    wrapped right-to-left sentence continues on the next line, not the one above)."""
    lines: list[str] = []
    for source in text.split("\n"):
        current = ""
        for word in source.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, size, base) > width + 0.01:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


class LaidParagraph(Paragraph):
    """A paragraph that breaks its lines once for a width. ReportLab breaks them again
    on every wrap, and a paragraph in a table cell or in a group kept together is
    wrapped three or four times at the same width before it is drawn."""

    _wrapped: tuple[float, float] | None = None  # the width last wrapped to, the height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        wrapped = self._wrapped
        # (A split that sends the whole paragraph on drops its lines: break them again.)
        if wrapped is not None and wrapped[0] == available_width and "blPara" in self.__dict__:
            return self.width, wrapped[1]
        width, height = super().wrap(available_width, available_height)
        self._wrapped = (available_width, height)
        return width, height


class BidiParagraph(LaidParagraph):
    """A paragraph holding right-to-left text: broken into lines in typed order at
    the width it is given, then each line put in drawing order."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self._logical = clean(text)
        self._laid_width: float | None = None
        super().__init__(markup(self._logical, style.fontName), style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._laid_width != available_width:
            style = self.style
            inner = available_width - style.leftIndent - style.rightIndent
            lines = logical_lines(self._logical, inner, style.fontSize, style.fontName)
            Paragraph.__init__(
                self, "<br/>".join(markup(line, style.fontName) for line in lines), style
            )
            self._laid_width = available_width
            self._wrapped = None
        return super().wrap(available_width, available_height)


def needs_shaping(text: str) -> bool:
    """Whether HarfBuzz would draw ``text`` differently from one glyph per character."""
    return _NEEDS_SHAPING.search(text) is not None


@functools.cache
def _shaping_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def shaped_style(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, shaping on when ``text`` needs it (off otherwise: shaping every
    word of a long roster would cost time for nothing)."""
    return _shaping_style(style) if needs_shaping(text) else style


def text_paragraph(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain ``text`` in ``style``: escaped, each script in its font,
    shaped, right-to-left text wrapped in typed order."""
    value = clean(text)
    style = shaped_style(style, value)
    if has_rtl(value):
        return BidiParagraph(value, style)
    return LaidParagraph(markup(value, style.fontName), style)


def rich_paragraph(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of markup built with :func:`markup` pieces, shaped when it needs it."""
    return LaidParagraph(markup_text, shaped_style(style, markup_text))


# --- text copied out of the PDF in the order it was typed ----------------------------------
#
# HarfBuzz puts an Indic syllable's glyphs in drawing order: a vowel sign drawn
# before its consonant (ि, ে) comes first, a repha (र् over the consonant) last.
# Copied text would read in that order. Each syllable's glyphs are therefore
# written in typed order, each still placed where HarfBuzz put it, so readers that
# follow the content stream (pypdf) read it typed; and the run is marked with its
# typed text as ActualText, which readers that sort glyphs by place (poppler's
# pdftotext, most viewers' copy) use instead of the glyphs.

_INDIC_FONTS = frozenset(
    name for script in (DEVANAGARI, BENGALI, TAMIL) for name in (script, f"{script}-Bold")
)
_original_format_text = textobject.PDFTextObject._formatText
_VIRAMAS = {"\u094d", "\u09cd", "\u0bcd"}
_RA = {"\u0930", "\u09b0", "\u09f0"}
_UNSHAPED = 0x7FFFFFFF  # ReportLab's cluster for characters added without shaping
# pypdf reads a move to the right of a space's width inside a TJ array as a space;
# moves of a syllable's glyphs to their places are written in smaller steps.
_STEP = 60.0
_TJ_NUMBER = re.compile(r"(?<![\w.])-\d+(?:\.\d+)?")


def _glyph_text(face: str, char: str) -> str:
    return _GLYPH_TEXT.get((face, ord(char)), char)


def _typed_rank(text: str) -> int:
    """Where a glyph's text goes in its syllable: a repha first, then consonants (and
    what is drawn with them), then vowel signs, then signs that follow the vowel."""
    if len(text) >= 2 and text[0] in _RA and text[1] in _VIRAMAS and len(text) == 2:
        return 0
    first = text[:1]
    if not first:
        return 1
    code = ord(first)
    if code in (0x0900, 0x0901, 0x0902, 0x0903, 0x0981, 0x0982, 0x0983, 0x0B82, 0x0B83):
        return 3  # candrabindu, anusvara, visarga: after the vowel
    if unicodedata.category(first) in ("Mn", "Mc") and first not in _VIRAMAS and code not in (
        0x093C, 0x09BC
    ):
        return 2  # a vowel sign (nukta and virama stay with their consonant)
    return 1


def _typed_order(text: ShapedStr, face: str) -> tuple[ShapedStr, str] | None:
    """``text`` with each syllable's glyphs in typed order, placed where they were drawn,
    and the typed text; None when the order is already typed."""
    data = list(text.__shapeData__ or ())
    if len(data) != len(text):
        return None
    order: list[int] = []
    start = 0
    while start < len(data):
        end = start + 1
        # Characters ReportLab added unshaped (spaces, plain words) carry one
        # marker cluster: each is a syllable of its own.
        while (
            end < len(data)
            and data[end].cluster == data[start].cluster
            and data[start].cluster != _UNSHAPED
        ):
            end += 1
        syllable = list(range(start, end))
        order += sorted(syllable, key=lambda index: _typed_rank(_glyph_text(face, text[index])))
        start = end
    typed = " ".join(
        _SHAPED_SOURCE.get(word)
        or unicodedata.normalize("NFC", "".join(_glyph_text(face, char) for char in word))
        for word in str(text).split(" ")
    )
    read = unicodedata.normalize("NFC", "".join(_glyph_text(face, text[i]) for i in order))
    if order == list(range(len(data))) and read == unicodedata.normalize("NFC", typed):
        return None
    # Pen position (in thousandths of the size) where HarfBuzz drew each glyph.
    drawn_at: list[float] = []
    pen = 0.0
    for item in data:
        drawn_at.append(pen + item.x_offset)
        pen += item.x_advance
    moved: list[ShapeData] = []
    pen = 0.0
    for index in order:
        item = data[index]
        # Same advance (the run keeps its width), offset to land where it was drawn.
        moved.append(item._replace(x_offset=drawn_at[index] - pen))
        pen += item.x_advance
    return ShapedStr("".join(text[i] for i in order), moved), typed


def _format_text_in_logical_order(self: Any, text: Any) -> str:
    if not isinstance(text, ShapedStr) or self._fontname not in _INDIC_FONTS:
        return str(_original_format_text(self, text))
    face = pdfmetrics.getFont(self._fontname).face.name
    face = face.decode("latin-1") if isinstance(face, bytes) else str(face)
    reordered = _typed_order(text, face)
    if reordered is None:
        return str(_original_format_text(self, text))
    glyphs, typed = reordered
    code = _small_steps(str(_original_format_text(self, glyphs)))
    actual = "FEFF" + _utf16_hex(typed)
    return f"/Span <</ActualText <{actual}>>> BDC {code} EMC"


def _small_steps(code: str) -> str:
    """``code`` with each large move to the right inside a TJ array (outside the
    strings) written as several small ones, so that no reader takes it for a space."""
    out: list[str] = []
    index, depth, size = 0, 0, len(code)
    while index < size:
        char = code[index]
        if depth:
            out.append(char)
            if char == "\\":
                out.append(code[index + 1 : index + 2])
                index += 2
                continue
            depth += {"(": 1, ")": -1}.get(char, 0)
            index += 1
            continue
        if char == "(":
            depth = 1
            out.append(char)
            index += 1
            continue
        match = _TJ_NUMBER.match(code, index) if char == "-" else None
        if match is None:
            out.append(char)
            index += 1
            continue
        value = float(match.group())
        steps = []
        while value < -_STEP:
            steps.append(f"-{_STEP:g}")
            value += _STEP
        steps.append(f"{value:.3f}".rstrip("0").rstrip("."))
        out.append(" ".join(steps))
        index = match.end()
    return "".join(out)
