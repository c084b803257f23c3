"""The workshop pack read back from the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentordesk.domain.questionnaire import ITEMS
from mentordesk.domain.vocabularies import ConflictKind, EthicsGuideline
from mentordesk.errors import MentorDeskError, NotFound
from mentordesk.reports import ReportCancelled
from mentordesk.reports.forms import workshop_pack
from mentordesk.services.roster import add_goal
from tests.factories import make_pair, make_person, make_program
from tests.reports.pdfcheck import (
    all_text,
    outline_titles,
    overflowing_lines,
    page_texts,
    reader,
    squashed,
)

FORM_TITLES = [
    "Mentoring agreement",
    "Trust questionnaire",
    "The mentor's view",
    "Ethics checklist",
    "Conflict record",
    "Check-in log",
    "Pair review",
]


def _pack(database, path: Path, **kwargs) -> Path:
    with database.transaction() as session:
        return workshop_pack(session, path, made_on=date(2027, 5, 3), **kwargs)


def test_blank_pack_has_every_form_with_bookmarks_and_metadata(database, tmp_path):
    path = _pack(database, tmp_path / "pack.pdf")

    assert outline_titles(path) == FORM_TITLES
    pdf = reader(path)
    assert pdf.metadata.title == "Workshop pack"
    texts = page_texts(path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    # The contents on the cover name each form with the page it starts on.
    cover = texts[0]
    for title in FORM_TITLES:
        start = next(i for i, text in enumerate(texts[1:], start=2) if title in text)
        assert f"{title}" in cover
        assert str(start) in cover
    agreement = squashed(texts[1] + texts[2])
    for phrase in ("goals", "Meetingrhythm", "Confidentiality", "Boundaries", "no-faultwayout"):
        assert phrase in agreement
    assert agreement.count("NameSignatureDate") == 2  # two signature blocks
    assert overflowing_lines(path) == []


def test_questionnaire_prints_the_items_in_the_entry_forms_order(database, tmp_path):
    path = _pack(database, tmp_path / "pack.pdf")
    page = next(text for text in page_texts(path) if "competence_1" in text)
    flat = squashed(page)

    positions = [flat.index(item.code) for item in ITEMS]
    assert positions == sorted(positions)
    for item in ITEMS:
        assert squashed(item.statement) in flat
    # Five tick boxes per statement.
    assert page.count("☐") >= 5 * len(ITEMS)


def test_checklists_name_every_guideline_and_conflict_kind(database, tmp_path):
    path = _pack(database, tmp_path / "pack.pdf")
    text = squashed(all_text(path))
    for guideline in EthicsGuideline:
        assert squashed(guideline.label) in text
    for kind in ConflictKind:
        assert squashed(kind.label) in text
    assert "Held/Missed/Cancelled" in text


def test_pack_for_a_mentee_prints_the_pairs_people_dates_and_goals(database, tmp_path):
    with database.transaction() as session:
        program = make_program(session, name="Spring Cohort 2027")
        mentor = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=2)
        mentee = make_person(session, name="Björn Olsen", email="bjorn@example.org")
        pair = make_pair(
            session, program, mentor, mentee, model="formal", start_date=date(2027, 2, 1)
        )
        add_goal(session, pair.id, "Run the quarterly planning meeting", date(2027, 6, 30))

    path = _pack(database, tmp_path / "pack.pdf", mentee_email="BJORN@example.org")

    text = all_text(path)
    assert "Ana Ruiz" in text
    assert "Björn Olsen" in text
    assert "Spring Cohort 2027" in text
    assert "1 Feb 2027" in text
    assert "Run the quarterly planning meeting" in text
    assert "30 Jun 2027" in text
    assert "☒ Formal" in text  # the pair's model is ticked


def test_a_mentee_with_no_pair_is_one_clear_error(database, tmp_path):
    with database.transaction() as session:
        make_person(session, name="Chen Wei", email="chen@example.org")

    with pytest.raises(MentorDeskError, match="not a mentee in any pair"):
        _pack(database, tmp_path / "pack.pdf", mentee_email="chen@example.org")
    with pytest.raises(NotFound):
        _pack(database, tmp_path / "pack.pdf", mentee_email="nobody@example.org")
    assert not (tmp_path / "pack.pdf").exists()


def test_any_unicode_and_very_long_names_print_on_the_page(database, tmp_path):
    long_name = "Maximiliana " + "Wolfeschlegelsteinhausenbergerdorff" * 5
    with database.transaction() as session:
        program = make_program(session, name="プログラム 春 · برنامج الإرشاد · 🚀 " + "x" * 120)
        mentor = make_person(session, name="דוד כהן 👍", can_mentor=True, capacity=2)
        mentee = make_person(session, name=long_name[:200], email="max@example.org")
        pair = make_pair(session, program, mentor, mentee, expectations="Notes " * 2000)
        add_goal(session, pair.id, "学习 Kubernetes 🎉 " + "und noch mehr " * 40)

    path = _pack(database, tmp_path / "pack.pdf", mentee_email="max@example.org")

    text = all_text(path)
    assert "学习" in text
    assert "プログラム" in text
    assert overflowing_lines(path) == []


def test_progress_reaches_the_total_and_cancelling_leaves_no_file(database, tmp_path):
    seen: list[tuple[int, int]] = []
    path = _pack(database, tmp_path / "pack.pdf", progress=lambda d, t: seen.append((d, t)))
    assert path.exists()
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    calls = []

    def cancel_later(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 5

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(ReportCancelled):
        _pack(database, target, progress=cancel_later)
    assert not target.exists()
    assert list(tmp_path.glob(".*.part")) == []


def test_the_mentors_view_prints_the_mirrored_statements(database, tmp_path):
    """The mentor answers about the mentee, not "My mentor …" (issue 15.11)."""
    path = _pack(database, tmp_path / "pack.pdf")
    texts = page_texts(path)
    mentee = squashed(next(t for t in texts if ITEMS[0].statement[:20] in t))
    mentor_pages = [t for t in texts if "mirrored statements" in t]
    assert mentor_pages
    mentor = squashed(mentor_pages[0])
    for item in ITEMS:
        assert squashed(item.mentor_statement) in mentor
        assert squashed(item.statement) not in mentor
        assert squashed(item.statement) in mentee


def test_a_blank_pack_names_its_program_and_leaves_room_to_write(database, tmp_path):
    with database.transaction() as session:
        make_program(session, name="Harbour mentoring 2027")
    path = _pack(database, tmp_path / "pack.pdf")

    assert reader(path).metadata.title == "Workshop pack — Harbour mentoring 2027"
    texts = page_texts(path)
    assert "Harbour mentoring 2027" in texts[0]
    agreement = squashed(texts[1] + texts[2])
    # Five goal rows, numbered.
    assert "#GoalTargetdate12345" in agreement
    log = squashed(next(text for text in texts[1:] if "Tick the kind" in " ".join(text.split())))
    assert "Tickthekind:1=Regularcheck-in" in log
    assert log.count("☐1☐2☐3☐4☐5") >= 10
    assert overflowing_lines(path) == []


def test_the_pair_review_form_has_the_five_lessons_with_room_to_write(database, tmp_path):
    from mentordesk.domain.vocabularies import Lesson

    path = _pack(database, tmp_path / "pack.pdf")
    review = squashed(page_texts(path)[-1] + page_texts(path)[-2])
    for lesson in Lesson:
        assert squashed(lesson.label) in review
    assert "Summary" in review
