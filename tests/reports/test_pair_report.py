"""The pair report read back from the PDF and compared with the services."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from mentordesk.domain.risk import days_written
from mentordesk.domain.vocabularies import EthicsGuideline, Health, Lesson
from mentordesk.errors import MentorDeskError
from mentordesk.reports.pair import LAST_PAGE_CONTENT, pair_report
from mentordesk.reports.paper import Paper
from mentordesk.reports.style import format_day
from mentordesk.services.programs import list_programs
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import roster_rows
from mentordesk.services.trust import trust_history
from mentordesk.store.models import Goal
from tests.factories import add_activity, make_pair, make_person, make_program
from tests.reports.conftest import SECRET_CONFLICT, SECRET_NOTE, TODAY
from tests.reports.pdfcheck import (
    TextRun,
    all_text,
    outline_titles,
    overflowing_lines,
    page_texts,
    squashed,
    text_runs,
)

SIZES = {Paper.A4: (595.3, 841.9), Paper.LETTER: (612.0, 792.0)}
SECTION_TITLES = [
    "The pair",
    "Health and flags",
    "Goals",
    "Trust",
    "Activities",
    "Conflicts",
    "Ethics checklist",
    "Pair reviews",
]


def _report(database, path: Path, **kwargs) -> Path:
    kwargs.setdefault("as_of", TODAY)
    with database.transaction() as session:
        return pair_report(session, path, made_on=TODAY, **kwargs)


def test_an_at_risk_pair_prints_its_people_flags_and_latest_trust(demo_db, out):
    with demo_db.transaction() as session:
        rows = assess_program(session, TODAY, list_programs(session)[0].id)
        row = next(
            r for r in rows if r.health is Health.AT_RISK and r.mentee_email and r.trust_score
        )
        history = trust_history(session, row.pair_id)

    path = _report(demo_db, out, mentee_email=row.mentee_email)

    assert outline_titles(path) == SECTION_TITLES
    text = squashed(all_text(path))
    assert squashed(row.mentee_name) in text
    assert squashed(row.mentor_name) in text
    assert "Atrisk" in text
    for finding in row.findings:  # their days written as every other day of the report
        assert squashed(days_written(finding.reason, format_day)) in text
    assert re.findall(r"\d{4}-\d{2}-\d{2}", text) == []
    latest = [a for a in history if a.respondent.value == "mentee" and a.day <= TODAY][-1]
    assert f"{latest.overall:.2f}" in text
    for guideline in EthicsGuideline:
        assert squashed(guideline.label) in text
    texts = page_texts(path)
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
    assert overflowing_lines(path) == []


def test_pair_reviews_print_one_reflection_per_lesson(demo_db, out):
    from mentordesk.services.reviews import list_pair_reviews

    with demo_db.transaction() as session:
        program_id = list_programs(session)[0].id
        reviewed = next(
            row
            for row in roster_rows(session, program_id)
            if row.mentee_email and list_pair_reviews(session, row.pair_id)
        )
        review = list_pair_reviews(session, reviewed.pair_id)[0]

    path = _report(demo_db, out, mentee_email=reviewed.mentee_email)

    text = squashed(all_text(path))
    for lesson in Lesson:
        assert squashed(lesson.lesson) in text
        if review.reflections[lesson]:
            assert squashed(review.reflections[lesson])[:40] in text


def test_confidential_notes_and_conflicts_only_when_asked(demo_db, tmp_path):
    plain = _report(demo_db, tmp_path / "plain.pdf", mentee_email="jonas.keller@example.org")
    text = all_text(plain)
    assert SECRET_NOTE not in text
    assert SECRET_CONFLICT not in text
    assert "CONFIDENTIAL" not in text
    assert "Confidentiality breach" in text  # the conflict itself is still listed

    revealed = _report(
        demo_db,
        tmp_path / "revealed.pdf",
        mentee_email="jonas.keller@example.org",
        include_confidential=True,
    )
    text = squashed(all_text(revealed))
    assert squashed(SECRET_NOTE) in text
    assert squashed(SECRET_CONFLICT) in text
    for page in page_texts(revealed):
        assert "CONFIDENTIAL" in page


def test_names_in_any_script_and_long_text_stay_on_the_page(demo_db, out):
    path = _report(demo_db, out, mentee_email="world@example.org")
    text = all_text(path)
    assert "李小龍" in text
    assert "関係を築く" in text
    assert "No assessment yet." in text
    assert overflowing_lines(path) == []


def test_a_pair_started_today_is_too_new_for_adherence(database, out):
    """Issue 15: on a pair's first day its adherence printed as a low share, not 'too new'."""
    with database.transaction() as session:
        program = make_program(session, start_date=TODAY, cadence_days=14)
        mentee = make_person(session, name="Nia Long", email="nia@example.org")
        pair = make_pair(session, program, mentee=mentee, model="peer", start_date=TODAY)
        add_activity(session, pair, TODAY)
    text = squashed(all_text(_report(database, out, mentee_email="nia@example.org")))
    wanted = "Check-in adherence (same days) too new (started less than one cadence ago)"
    assert squashed(wanted) in text


def test_an_overdue_goal_says_so(database, out):
    with database.transaction() as session:
        program = make_program(session, start_date=date(2026, 1, 5))
        mentee = make_person(session, name="Oli Park", email="oli@example.org")
        pair = make_pair(session, program, mentee=mentee, start_date=date(2026, 1, 5))
        session.add(Goal(pair_id=pair.id, position=0, text="Run a retro", target=date(2026, 3, 1)))
    text = squashed(all_text(_report(database, out, mentee_email="oli@example.org")))
    assert squashed("Run a retro 1 Mar 2026 Overdue") in text


def test_a_mentee_without_a_pair_is_one_clear_error(database, out):
    with database.transaction() as session:
        make_person(session, name="Ines Duarte", email="ines@example.org")
    with pytest.raises(MentorDeskError, match="not a mentee in any pair"):
        _report(database, out, mentee_email="ines@example.org")
    assert not out.exists()


def test_an_as_of_day_before_the_records_leaves_them_out(demo_db, out):
    path = _report(demo_db, out, mentee_email="jonas.keller@example.org", as_of=date(2027, 5, 1))
    text = all_text(path)
    assert "No conflicts recorded up to this day." in text
    assert "No activities up to this day." in text


@pytest.mark.parametrize("paper", list(Paper))
def test_the_last_page_is_never_nearly_empty_and_no_heading_ends_a_page(demo_db, tmp_path, paper):
    """Pair reviews come last: their summary, or a short last section, used to go on
    to a page of its own on Letter (a near-empty last page). Every reviewed pair's
    report, on both papers: the last page carries at least ten lines' worth of
    text, and every section heading has its content under it on the same page."""
    from sqlalchemy import select

    from mentordesk.store.models import Pair, PairReview

    with demo_db.transaction() as session:
        reviewed = session.scalars(
            select(Pair.id).where(Pair.id.in_(select(PairReview.pair_id))).order_by(Pair.id)
        ).all()
    assert reviewed, "the demo has reviewed pairs"
    height = SIZES[paper][1]
    for pair_id in reviewed:
        path = tmp_path / f"pair-{pair_id}-{paper.value}.pdf"
        with demo_db.transaction() as session:
            pair_report(session, path, pair_id=pair_id, as_of=TODAY, made_on=TODAY, paper=paper)
        # The text between the header and the footer rules, page by page.
        body: dict[int, list[TextRun]] = {}
        for run in text_runs(path):
            if 40 < run.y < height - 60:
                body.setdefault(run.page, []).append(run)
        last = body[max(body)]
        extent = max(run.y for run in last) - min(run.y for run in last)
        assert extent >= LAST_PAGE_CONTENT - 20, (pair_id, paper, [r.text for r in last])
        for page, runs in body.items():
            lowest = min(run.y for run in runs)
            for run in runs:
                if run.text.strip() in SECTION_TITLES and run.size > 14:
                    assert run.y - lowest > 10, (pair_id, paper, page, run.text)
