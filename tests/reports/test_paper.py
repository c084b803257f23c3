"""Every PDF on A4 and on US Letter (issue 19): the paper follows --paper, the locale
or the window's setting, and no layout draws past its margins on either paper."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pymupdf
import pytest
from pypdf import PdfReader

from mentordesk.cli import main
from mentordesk.domain.vocabularies import PairStatus, Respondent, SurveyKind, SurveyState
from mentordesk.reports.forms import workshop_pack
from mentordesk.reports.packs import program_pack, sign_in_sheets
from mentordesk.reports.pair import pair_report
from mentordesk.reports.paper import Paper, territory_of
from mentordesk.reports.program import Appendix, program_report
from mentordesk.reports.style import CONTENT_WIDTH
from mentordesk.services.roster import roster_rows
from mentordesk.services.surveys import FormSpec
from mentordesk.surveys.forms import MARGIN as FORM_MARGIN
from mentordesk.surveys.forms import write_form
from tests.reports.conftest import TODAY

SIZES = {Paper.A4: (595.3, 841.9), Paper.LETTER: (612.0, 792.0)}


def page_sizes(path: Path) -> set[tuple[float, float]]:
    return {
        (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        for page in PdfReader(str(path)).pages
    }


def words_outside(path: Path, side: float, top: float, bottom: float) -> list[str]:
    """Words drawn outside the box ``side`` points in from left and right, ``top`` from
    the top and ``bottom`` from the bottom of their page (as pymupdf finds them)."""
    outside = []
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, start=1):
            width, height = page.rect.width, page.rect.height
            for x0, y0, x1, y1, word, *_ in page.get_text("words"):
                inside = (
                    x0 >= side - 1
                    and x1 <= width - side + 1
                    and y0 >= top - 1
                    and y1 <= height - bottom + 1
                )
                if not inside:
                    box = f"({x0:.0f}, {y0:.0f})–({x1:.0f}, {y1:.0f})"
                    outside.append(f"page {number}: {word!r} at {box}")
    return outside


def check_report(path: Path, paper: Paper) -> None:
    assert page_sizes(path) == {SIZES[paper]}
    # The text is CONTENT_WIDTH wide on either paper, centred; header and footer
    # stay within the same margins, 8 mm from the top and 5 mm from the bottom.
    side = (paper.size[0] - CONTENT_WIDTH) / 2
    assert words_outside(path, side, 8 * 72 / 25.4, 5 * 72 / 25.4) == []


def _first_active_pair(session) -> int:
    return next(row.pair_id for row in roster_rows(session, 1) if row.status is PairStatus.ACTIVE)


@pytest.mark.parametrize("paper", list(Paper))
def test_every_report_and_pack_on_each_paper_stays_inside_its_margins(
    demo_db, tmp_path, paper: Paper
) -> None:
    made: list[Path] = []
    with demo_db.transaction() as session:
        made.append(
            program_report(
                session, tmp_path / "program.pdf", as_of=TODAY, made_on=TODAY,
                appendix=Appendix.ALL, include_confidential=True, paper=paper,
            )
        )  # fmt: skip
        pair_id = _first_active_pair(session)
        made.append(
            pair_report(session, tmp_path / "pair.pdf", pair_id=pair_id, as_of=TODAY,
                        made_on=TODAY, paper=paper)
        )
        made.append(workshop_pack(session, tmp_path / "blank.pdf", made_on=TODAY, paper=paper))
        made += program_pack(
            session, tmp_path / "packs.pdf", pair_ids=[pair_id], made_on=TODAY, paper=paper
        )
        made.append(sign_in_sheets(session, tmp_path / "sign-in.pdf", made_on=TODAY, paper=paper))
    for path in made:
        check_report(path, paper)
    # A sign-in sheet fills its last page with empty lines: no page with a line or two.
    with pymupdf.open(made[-1]) as sheets:
        for page in sheets:
            lines = [line for line in page.get_text().splitlines() if line.strip().isdigit()]
            assert len(lines) >= 10, page.get_text()[:200]


def _form_spec(kind: SurveyKind) -> FormSpec:
    goals = tuple(
        (number, f"Goal {number}: lead a cross-team project review and present its outcome")
        for number in range(1, 6)
    )
    return FormSpec(
        1, "Spring check 2027 of the whole Tidewater programme, every model", kind,
        date(2027, 5, 1), "Tidewater mentoring 2026–27", 1, Respondent.MENTEE,
        "Ananya Chattopadhyay-Venkataraman", None, "Дмитрий Иванов", "Ananya", "Dmitri",
        goals, "token", "AB12-CD34", SurveyState.PENDING, None, "",
    )  # fmt: skip


@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize("kind", [SurveyKind.MIDPOINT, SurveyKind.CLOSING])
def test_survey_forms_on_each_paper_stay_inside_their_margins(
    tmp_path, paper: Paper, kind: SurveyKind
) -> None:
    path = write_form(_form_spec(kind), tmp_path / "form.pdf", paper=paper)
    assert page_sizes(path) == {SIZES[paper]}
    # The footer line sits 20 points from the bottom, inside the form's margin.
    assert words_outside(path, FORM_MARGIN, FORM_MARGIN, 15) == []


@pytest.mark.parametrize(
    ("environment", "paper"),
    [
        ({"LC_PAPER": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, Paper.LETTER),
        ({"LC_ALL": "fr_CA.UTF-8", "LC_PAPER": "de_DE"}, Paper.LETTER),
        ({"LANG": "es_MX"}, Paper.LETTER),
        ({"LANG": "fil_PH.UTF-8"}, Paper.LETTER),
        ({"LANG": "en_GB.UTF-8"}, Paper.A4),
        ({"LANG": "C.UTF-8"}, Paper.A4),
        ({}, Paper.A4),
    ],
)
def test_the_paper_follows_the_locale_of_the_environment(environment, paper) -> None:
    assert Paper.from_environment(environment) is paper


def test_a_locale_name_gives_its_territory() -> None:
    assert territory_of("en_US.UTF-8@euro") == "US"
    assert territory_of("C") is None


def test_the_command_line_takes_paper_or_the_locale(demo_db, tmp_path, monkeypatch, capsys):
    db = demo_db.display_name
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    out = tmp_path / "sign-in.pdf"
    assert main(["--db", db, "sign-in", "--out", str(out)]) == 0
    assert page_sizes(out) == {SIZES[Paper.LETTER]}
    assert main(["--db", db, "sign-in", "--out", str(out), "--paper", "A4"]) == 0
    assert page_sizes(out) == {SIZES[Paper.A4]}
    pair = tmp_path / "forms.pdf"
    assert main(["--db", db, "forms", "--out", str(pair), "--paper", "letter"]) == 0
    assert page_sizes(pair) == {SIZES[Paper.LETTER]}
    assert main(["--db", db, "report", "program", "--out", str(out), "--paper", "legal"]) == 2
    assert "--paper: invalid choice: 'legal'" in capsys.readouterr().err


@pytest.mark.parametrize("paper", list(Paper))
def test_no_page_of_the_attention_appendix_holds_a_lone_row(demo_db, tmp_path, paper) -> None:
    with demo_db.transaction() as session:
        path = program_report(
            session, tmp_path / "program.pdf", as_of=TODAY, made_on=TODAY,
            appendix=Appendix.ATTENTION, paper=paper,
        )  # fmt: skip
    with pymupdf.open(path) as document:
        texts = [page.get_text() for page in document]
    first = next(
        number for number, text in enumerate(texts)
        if "Appendix: every pair needing attention" in text and number > 1
    )  # fmt: skip
    for text in texts[first:]:
        rows = [line for line in text.splitlines() if line in ("At risk", "Watch")]
        assert len(rows) >= 3, text[:300]


@pytest.mark.parametrize("paper", list(Paper))
def test_no_form_of_the_workshop_pack_leaves_a_lone_block_on_a_page(
    demo_db, tmp_path, paper: Paper
) -> None:
    # The mentor's comment box stays under its statements; the ethics checklist, when
    # it runs over, puts two guidelines on its second page, never one alone.
    with demo_db.transaction() as session:
        path = workshop_pack(session, tmp_path / "blank.pdf", made_on=TODAY, paper=paper)
    with pymupdf.open(path) as pack:
        texts = [page.get_text() for page in pack]
    # (Page 1 is the cover with its list of contents.)
    mentor_view = next(text for text in texts[1:] if "The mentor's view" in text)
    assert "Comment (optional)" in mentor_view
    ethics_pages = [text for text in texts if "Confirms:" in text]
    assert [text.count("Confirms:") for text in ethics_pages] in ([5], [3, 2]), paper
