"""The report tables: plain cells break like paragraphs, long tables page with their header."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate

from mentordesk.reports.fonts import CJK, SANS, SANS_BOLD, clean, markup
from mentordesk.reports.style import CONTENT_WIDTH, PAGE_HEIGHT, styles
from mentordesk.reports.tables import PagedTable, data_table, plain_lines
from tests.reports.pdfcheck import overflowing_lines, page_texts, squashed

TEXTS = [
    "Adaeze Adeyemi",
    "Giorgos Papadopoulos",
    "Falling trust: Trust fell from 4.08 to 3.33 since the assessment before.\n"
    "Ethics concern: Concern recorded for Confidentiality on 2026-10-24.",
    "Check-in overdue: No held activity for 34 days (expected every 14 days).\n"
    "Unreliable meetings: 2 of the latest 4 activities were missed or cancelled.\n"
    "No recent assessment: No mentee assessment for 117 days.",
    "Wolfeschlegelstein" * 6 + " and a few words after it",
    "words   with  runs of    spaces and a tail ",
    "Marguerite Østergård and Łukasz Wiśniewska",
    "first paragraph\n\nafter a blank line\n",
    "x",
]


def _paragraph_lines(text: str, style, width: float) -> list[str]:
    paragraph = Paragraph(markup(text), style)
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words).strip() for line in lines]


@pytest.mark.parametrize("text", TEXTS)
def test_plain_cells_break_where_a_paragraph_would(text):
    widths = random.Random(text).sample(range(24, 320), 12)
    for style in (styles().cell, styles().cell_head):
        for width in widths:
            lines = plain_lines(text, style.fontName, style.fontSize, width)
            assert lines is not None
            expected = _paragraph_lines(text, style, width)
            if len(lines) == 1:
                # One line prints as typed (a paragraph would collapse its spaces).
                assert expected == [" ".join(text.split())] or expected == []
                continue
            assert [line for line, _ in lines] == expected, (text, width)


def test_cells_that_need_another_font_or_reordering_become_paragraphs():
    assert plain_lines("李小龍 (Bruce)", SANS, 8, 200) is None
    assert plain_lines("Nice work 👍", SANS, 8, 200) is None
    assert plain_lines("דוד כהן", SANS, 8, 200) is None
    assert plain_lines("Ünïcödé Ærø", SANS_BOLD, 8, 200) is not None
    assert plain_lines("李小龍", CJK, 8, 200) is not None


def test_clean_keeps_ordinary_text_and_removes_controls_and_selectors():
    assert clean("Ana Pérez\nsecond line") == "Ana Pérez\nsecond line"
    assert clean("tab\there\r\nnext\x00") == "tab    here\nnext"
    assert clean("thumbs 👍\ufe0f up\u200b") == "thumbs 👍 up\u200b"
    assert clean("private\ue000 use") == "private use"


def test_a_long_table_repeats_its_header_and_keeps_every_row_in_order(tmp_path: Path):
    rows = [
        [
            str(number),
            f"Mentee {number}",
            "Falling trust: Trust fell since the assessment before. " * (1 + number % 4),
            1.5 * number,
            None,
        ]
        for number in range(1, 301)
    ]
    placed: list[int] = []
    table = PagedTable(
        ["#", "Mentee", "Why", "Score", "Note"],
        rows,
        [0.5, 2, 5, 1, 1],
        numeric=[0, 3],
        on_page=lambda done, total: placed.append(done),
    )
    path = tmp_path / "table.pdf"
    SimpleDocTemplate(str(path)).build([table])

    texts = page_texts(path)
    assert len(texts) > 5
    for text in texts:
        assert squashed("#MenteeWhyScoreNote") in squashed(text)
    everything = squashed("\n".join(texts))
    positions = [everything.index(f"Mentee{number}Falling") for number in range(1, 301)]
    assert positions == sorted(positions)
    assert "450.00" in everything and "—" in everything
    assert placed[-1] == 300 and placed == sorted(placed)
    assert overflowing_lines(path) == []


def test_tables_say_how_tall_they_are_so_a_frame_can_keep_them_together():
    short = data_table(["Kind", "Count"], [["Trust breach", 3], ["Other", 1]], [3, 1])
    width, height = short.wrap(CONTENT_WIDTH, 100)
    assert width == pytest.approx(CONTENT_WIDTH)
    # Header and two rows of one line each: a line's leading plus padding.
    assert height == pytest.approx(3 * (styles().cell.leading + 4.5))
    # A table longer than a page says so even in a small space, so that a
    # KeepTogether does not move it to a new page for nothing.
    long = data_table(["Name"], [[f"Name {n}"] for n in range(500)], [1])
    assert long.wrap(CONTENT_WIDTH, 50)[1] > PAGE_HEIGHT
    empty = data_table(["Kind"], [], [1], empty="No conflict.")
    assert isinstance(empty, Paragraph)


def _pages_of_rows(table: PagedTable, height: float, first_height: float) -> list[int]:
    """How many rows each page holds when ``table`` is split page by page (the first
    with ``first_height`` left, the others ``height``)."""
    counts: list[int] = []
    rest: PagedTable | None = table
    available = first_height
    while rest is not None:
        pieces = rest.split(CONTENT_WIDTH, available)
        if not pieces:  # nothing on this page: the table starts on the next
            counts.append(0)
        elif len(pieces) == 1:
            counts.append(len(rest.rows) - rest.start)
            rest = None
        else:
            counts.append(pieces[1].start - rest.start)
            rest = pieces[1]
        available = height
    return counts


def test_a_split_table_leaves_no_lone_row_at_a_page_foot_or_on_the_last_page():
    rows = [[str(number), "Adaeze Adeyemi", "Watch"] for number in range(1, 200)]
    _, one_row = PagedTable(["#", "Mentee", "Health"], rows[:1], [1, 4, 2]).wrap(
        CONTENT_WIDTH, 1_000
    )
    _, two_rows = PagedTable(["#", "Mentee", "Health"], rows[:2], [1, 4, 2]).wrap(
        CONTENT_WIDTH, 1_000
    )
    row_height = two_rows - one_row
    page = 600.0
    per_page = int((page - (one_row - row_height)) // row_height)
    # One row more than a page holds: three go over, not one.
    table = PagedTable(["#", "Mentee", "Health"], rows[: per_page + 1], [1, 4, 2])
    assert _pages_of_rows(table, page, page) == [per_page - 2, 3]
    # Room for two rows at the foot of a page: the table starts on the next.
    table = PagedTable(["#", "Mentee", "Health"], rows[:50], [1, 4, 2])
    counts = _pages_of_rows(table, page, (one_row - row_height) + 2.5 * row_height)
    assert counts[0] == 0 and sum(counts) == 50 and min(counts[1:]) >= 3
    # A table that fits is never held back.
    table = PagedTable(["#", "Mentee", "Health"], rows[:2], [1, 4, 2])
    assert _pages_of_rows(table, page, one_row + row_height) == [2]
