"""The program report's closing outcomes, read back from the PDF: promoter score, goals,
response rates, groups only where counts allow, and the keep/change comments only in
a report made with confidential content (then CONFIDENTIAL on every page)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mentordesk.reports.program import choose_program, program_report
from mentordesk.services.closing_outcomes import closing_outcomes
from mentordesk.services.roster import roster_rows
from mentordesk.services.surveys import plan_round
from mentordesk.store.models import SurveyOutcome
from tests.reports.conftest import TODAY, fill_demo
from tests.reports.pdfcheck import all_text, page_texts, squashed

KEEP = "The monthly walk-and-talk with my mentor"
CHANGE = "Start the pairs before the summer break"
ANSWERS = ("achieved", "partly", "not")


def _report(database, path: Path, **kwargs) -> Path:
    with database.transaction() as session:
        return program_report(session, path, made_on=TODAY, as_of=TODAY, **kwargs)


def _closing(database) -> int:
    fill_demo(database)
    with database.transaction() as session:
        program = choose_program(session, None)
        pairs = roster_rows(session, program.id)[:6]
        closing = plan_round(
            session, program.id, name="Closing 2027", kind="closing",
            opens_on=date(2027, 6, 1), due_on=date(2027, 6, 20), respondents="both",
            pair_ids=[row.pair_id for row in pairs],
        )
        for index, (row, score) in enumerate(zip(pairs, (10, 9, 9, 8, 3, 6), strict=True)):
            session.add(SurveyOutcome(
                round_id=closing.id, pair_id=row.pair_id, respondent="mentee",
                answered_on=date(2027, 6, 10), recommend=score,
                goals=[{"text": "Lead a meeting", "answer": ANSWERS[index % 3]}],
                keep=KEEP if index == 0 else "", change=CHANGE if index == 1 else "",
            ))
        return program.id


def test_closing_outcomes_in_the_report_are_the_services_figures(database, tmp_path):
    program_id = _closing(database)
    path = _report(database, tmp_path / "program.pdf")
    text = squashed(all_text(path))
    with database.transaction() as session:
        result = closing_outcomes(session, program_id, TODAY)
    total = result.total
    # 3 promoters, 1 passive, 2 detractors of 6: 50 % − 33 % = +17.
    assert (total.promoters, total.passives, total.detractors, total.promoter_score) == (
        3, 1, 2, 17
    )
    assert squashed("All answers 6 7.5 3 / 1 / 2 +17 2 / 2 / 2") in text
    assert squashed("Mentees 6 7.5") in text
    assert "promoterscoreistheshareanswering9or10" in text
    # Response rate per round: 12 asked (mentee and mentor of six pairs), none marked answered.
    assert squashed("Closing 2027 Closing 1 Jun 2027 20 Jun 2027 12 0 0 0 %") in text
    # Comments are confidential: counted, not printed, and no CONFIDENTIAL banner.
    assert squashed("Answers saying what to keep: 1; what to change: 1.") in text
    assert squashed(KEEP) not in text and squashed(CHANGE) not in text
    assert "CONFIDENTIAL" not in all_text(path)


def test_comments_only_with_confidential_content_included(database, tmp_path):
    _closing(database)
    path = _report(database, tmp_path / "revealed.pdf", include_confidential=True)
    text = squashed(all_text(path))
    assert squashed(KEEP) in text and squashed(CHANGE) in text
    assert all("CONFIDENTIAL" in page for page in page_texts(path))
