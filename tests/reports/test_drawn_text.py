"""Text and charts drawn straight on the canvas land where ReportLab's own
paragraphs and chart renderer put them (the program report draws them so for
speed; a reader must see the same page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas

from mentordesk.reports.charts import Series, Threshold, bar_chart, empty_chart, line_chart
from mentordesk.reports.fonts import SANS, LaidParagraph, markup
from mentordesk.reports.lines import PlainParagraph
from mentordesk.reports.style import para, rich, styles

TEXTS = [
    "Active pairs grew from 9,812 to 10,000 this quarter, with 1,204 new pairs started: "
    "20,000 people are now mentoring or being mentored.",
    "•\u00a0Ask the 2,345 pairs with an overdue check-in to meet within two weeks.",
    "Marguerite Østergård & Łukasz <Wiśniewska>",
    "x",
    "Wolfeschlegelstein" * 6 + " and a few words after it",
    "first line\nsecond line that is a bit longer than the others, to wrap somewhere",
]


def _runs(path: Path) -> list[tuple[float, float, str]]:
    from pypdf import PdfReader

    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            found.append((round(x, 2), round(y, 2), text.strip()))

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    return found


def _drawn(path: Path, flowable, width: float) -> tuple[tuple[float, float], list]:
    canvas = Canvas(str(path), initialFontName=SANS)
    size = flowable.wrap(width, 1000)
    flowable.drawOn(canvas, 40, 300)
    canvas.showPage()
    canvas.save()
    return size, _runs(path)


@pytest.mark.parametrize("style_name", ["body", "small", "note", "h2", "cell_right", "title"])
def test_plain_text_lands_where_a_paragraph_puts_it(tmp_path, style_name):
    style = getattr(styles(), style_name)
    for text in TEXTS:
        for width in (110, 260, 490):
            plain = PlainParagraph.of(text, style)
            assert plain is not None, text
            expected = _drawn(tmp_path / "paragraph.pdf", LaidParagraph(markup(text), style), width)
            assert _drawn(tmp_path / "plain.pdf", plain, width) == expected, (text, width)


def test_text_a_paragraph_would_change_stays_a_paragraph():
    body = styles().body
    for text in ("two  spaces", " leading", "李小龍 (Bruce)", "דוד כהן", "नमस्ते", ""):
        assert PlainParagraph.of(text, body) is None, text
    assert not isinstance(rich("<b>Bold</b> words"), PlainParagraph)
    assert isinstance(rich(markup("Fish & chips <cheap>")), PlainParagraph)
    assert isinstance(para("Fish & chips"), PlainParagraph)


def _charts():
    months = ["Jan", "Feb", "Mar", "Apr"]
    yield bar_chart(
        "Activities", months,
        [Series("Held", [3, 5, None, 2]), Series("Missed", [1, 0, 2, 1])],
        value_axis="Activities", category_axis="Month",
    )  # fmt: skip
    yield bar_chart(
        "By kind", ["Trust breach", "Other"], [Series("Conflicts", [4, 1])],
        value_axis="Conflicts", category_axis="Kind", horizontal=True,
    )  # fmt: skip
    yield bar_chart(
        "Stacked", months,
        [Series(name, [1, 2, 3, 4]) for name in ("Healthy", "Watch", "At risk")],
        value_axis="Pairs", category_axis="Month", stacked=True,
    )  # fmt: skip
    yield line_chart(
        "Trust", months,
        [Series("Mentee", [3.1, None, 3.6, 3.9]), Series("Mentor", [3, 3.2, 3.4, 4])],
        value_axis="Trust", x_axis="Month", value_range=(1, 5),
        thresholds=[Threshold("high", 3.67), Threshold("medium", 2.34)],
    )  # fmt: skip
    yield empty_chart("Nothing", "No data for this period.")


def test_charts_draw_the_same_text_and_shapes_as_reportlabs_renderer(tmp_path):
    from pypdf import PdfReader

    for index, chart in enumerate(_charts()):
        own, theirs = tmp_path / f"own-{index}.pdf", tmp_path / f"theirs-{index}.pdf"
        for path, draw in ((own, chart.drawOn), (theirs, None)):
            canvas = Canvas(str(path), initialFontName=SANS)
            if draw is None:
                renderPDF.draw(chart, canvas, 40, 300)
            else:
                draw(canvas, 40, 300)
            canvas.showPage()
            canvas.save()
        assert _runs(own) == _runs(theirs), index

        def painted(path: Path) -> list[bytes]:
            operations = PdfReader(str(path)).pages[0].get_contents().operations
            return [op for _, op in operations if op in (b"f", b"f*", b"S", b"B", b"B*", b"re")]

        assert painted(own), index
        assert painted(own) == painted(theirs), index
