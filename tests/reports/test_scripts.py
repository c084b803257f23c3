"""Every script a workforce writes its names in, in all three kinds of PDF: each
character drawn with a glyph the font has (never .notdef), text that reads back in
the order it was typed, every font embedded (pdffonts) and the title metadata in
logical order (issue 12; issue 19 items 1 and 5)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from mentordesk.reports.fonts import text_paragraph
from mentordesk.reports.forms import prefill_for_pair, write_workshop_pack
from mentordesk.reports.pair import pair_report
from mentordesk.reports.program import program_report
from mentordesk.reports.style import DocumentInfo, ReportDocument, styles
from mentordesk.store.models import Goal
from tests.factories import add_assessment, make_pair, make_person, make_program

DAY = date(2027, 6, 30)
SCRIPTS = {
    "Latin": "Zoë Ångström-Müller",
    "Greek": "Ελένη Παπαδοπούλου",
    "Cyrillic": "Анна Кузнецова",
    "Hebrew": "שרה כהן",
    "Arabic": "فاطمة الزهراء",
    # A vowel sign drawn before its consonant (ि, ে), a conjunct (प्र), a repha
    # drawn after its consonant (र्म) and one drawn with the vowel sign (र्पि),
    # a two-part vowel drawn around its consonant (ো).
    "Devanagari": "प्रिया अर्पिता शर्मा",
    "Bengali": "অর্পিতা কোমল দাস",
    "Tamil": "கார்த்திக் சுப்பிரமணியம்",
    "Thai": "สมชาย ใจดี",
    "Chinese": "王小明",
    "Japanese": "山田はなこ",
    "Korean": "김민준",
    "Emoji": "Ana 👍🏽",
}
# The monochrome emoji font has no skin tones: the emoji prints without it (a grey
# square beside it would read as a missing glyph).
DRAWN_AS = {"Emoji": "Ana 👍"}
PROGRAM = "Mentoring שלום 2027"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from mentordesk.store.database import open_database

    folder = tmp_path_factory.mktemp("scripts")
    database = open_database(folder / "scripts.sqlite3")
    with database.transaction() as session:
        session.info["audit"] = False
        program = make_program(session, name=PROGRAM, start_date=date(2027, 1, 4))
        first = None
        for number, name in enumerate(SCRIPTS.values()):
            mentor = make_person(session, name=f"Mentor {number}", can_mentor=True, capacity=3)
            mentee = make_person(session, name=name, email=f"m{number}@example.org")
            pair = make_pair(
                session, program, mentor, mentee, model="formal", start_date=date(2027, 1, 10)
            )
            add_assessment(session, pair, date(2027, 2, 1), 2)
            first = first or pair
        assert first is not None
        for position, text in enumerate(SCRIPTS.values()):
            session.add(Goal(pair_id=first.id, position=position, text=text))
        session.flush()
        pair_id = first.id
    paths = {"program": folder / "program.pdf", "pair": folder / "pair.pdf"}
    with database.transaction() as session:
        program_report(session, paths["program"], as_of=DAY, made_on=DAY, appendix="all")
        pair_report(session, paths["pair"], pair_id=pair_id, as_of=DAY, made_on=DAY)
        prefill = prefill_for_pair(session, pair_id)
    paths["forms"] = write_workshop_pack(folder / "forms.pdf", prefill, made_on=DAY)
    database.close()
    return paths


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _text(path: Path) -> str:
    return _normal("".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def _poppler_text(path: Path) -> str:
    listing = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return _normal(listing)


def _notdef_draws(path: Path) -> list[str]:
    """Every code drawn in a font whose glyph there is .notdef, as "font: code"."""
    reader = PdfReader(str(path))
    cmaps: dict[str, dict[int, str]] = {}
    found: list[str] = []

    def glyph_names(font_dict) -> dict[int, str]:
        base = str(font_dict["/BaseFont"])
        if base not in cmaps:
            file = font_dict["/FontDescriptor"]["/FontFile2"].get_data()
            face = TTFont(io.BytesIO(file))
            table = face["cmap"].getcmap(1, 0) or face["cmap"].getcmap(3, 0)
            cmaps[base] = dict(table.cmap) if table else {}
        return cmaps[base]

    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        content = ContentStream(page.get_contents(), reader)
        current = None
        for operands, operator in content.operations:
            if operator == b"Tf":
                current = fonts[operands[0]].get_object()
            elif operator in (b"Tj", b"TJ", b"'", b'"') and current is not None:
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                names = glyph_names(current)
                for item in strings:
                    if isinstance(item, (int, float)):
                        continue
                    data = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                    for code in data:
                        if names.get(code, ".notdef") == ".notdef":
                            found.append(f"{current['/BaseFont']}: {code}")
    return found


@pytest.mark.parametrize("kind", ["program", "pair", "forms"])
def test_every_character_is_drawn_with_a_real_glyph(pdfs, kind):
    assert _notdef_draws(pdfs[kind]) == []


@pytest.mark.parametrize("kind", ["program", "pair", "forms"])
def test_every_script_reads_back_in_the_order_it_was_typed(pdfs, kind):
    # pypdf reads the glyphs in the order they are written (each Indic syllable's
    # in typed order); pdftotext reads the typed text of the run (ActualText).
    readers = {"pypdf": _text}
    if shutil.which("pdftotext") is not None:
        readers["pdftotext"] = _poppler_text
    for reader, read in readers.items():
        text = read(pdfs[kind])
        for script, sample in SCRIPTS.items():
            if reader == "pdftotext" and script in ("Hebrew", "Arabic"):
                continue  # poppler puts right-to-left runs in its own order
            expected = _normal(DRAWN_AS.get(script, sample))
            assert expected in text, (reader, script)


@pytest.mark.parametrize("kind", ["program", "pair", "forms"])
def test_every_font_is_embedded(pdfs, kind):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    listing = subprocess.run(
        ["pdffonts", str(pdfs[kind])], capture_output=True, text=True, check=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        # name type encoding emb sub uni object ID: "emb" is the fourth from the end.
        assert row.split()[-5] == "yes", row
    assert "Helvetica" not in listing


def test_the_title_metadata_is_in_logical_order(pdfs):
    for kind in ("program",):
        title = PdfReader(str(pdfs[kind])).metadata.title
        assert title == f"Program report — {PROGRAM}"


def test_a_wrapped_right_to_left_paragraph_reads_from_its_first_line(tmp_path):
    info = DocumentInfo(title="שלום", header="x", subject="x")
    path = tmp_path / "wrapped.pdf"
    text = "ראשון " + "שלום עולם " * 40 + "אחרון"
    ReportDocument(path, info).make([text_paragraph(text, styles().body)])
    lines = [
        line
        for line in PdfReader(str(path)).pages[0].extract_text().splitlines()
        if "שלום" in line or "אחרון" in line
    ]
    first = next(i for i, line in enumerate(lines) if "ראשון" in line)
    last = next(i for i, line in enumerate(lines) if "אחרון" in line)
    assert len(lines) >= 3
    assert first == 0 < last == len(lines) - 1
