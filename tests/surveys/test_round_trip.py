"""Forms made by MentorDesk, filled by other PDF software, collected back: assessments,
scores and risk flags in the database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from mentordesk.domain.vocabularies import RiskFlag
from mentordesk.services import surveys
from mentordesk.services.risk import assess_program
from mentordesk.services.trust import trust_history
from mentordesk.store.models import Assessment, AuditEntry, SurveyOutcome
from tests.surveys.conftest import TODAY, check, collect, make_forms, ratings, snapshot
from tests.surveys.filling import FILLERS


@pytest.mark.parametrize("filler", sorted(FILLERS))
def test_forms_filled_elsewhere_become_assessments_scores_and_flags(
    database, setup, tmp_path, filler
):
    if filler == "pymupdf":
        pytest.importorskip("pymupdf")
    fill = FILLERS[filler]
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    first, second = setup.pair_ids
    back = tmp_path / "back"
    back.mkdir()
    # The first pair's mentee answers low (a low-trust pair), the mentor high.
    fill(forms[f"R{setup.round_id}-{first:04d}-E"], back / "a.pdf",
         {**ratings(2), "comment": "Hard to reach lately", "answered_on": "2027-03-12"})
    fill(forms[f"R{setup.round_id}-{first:04d}-M"], back / "b.pdf",
         {**ratings(4), "answered_on": "2027-03-14"})
    # The second pair's mentee leaves one statement of each dimension out (allowed).
    partial = {"competence_1": 5, "competence_2": 4, "integrity_1": 5, "integrity_3": 5,
               "benevolence_2": 4, "benevolence_3": 4, "loyalty_1": 5, "loyalty_2": 5}
    fill(forms[f"R{setup.round_id}-{second:04d}-E"], back / "c.pdf", ratings(partial))

    reviews, result = collect(database, [back])
    assert [r.status for r in reviews] == ["new", "new", "new"], [r.message for r in reviews]
    assert reviews[2].completeness.startswith("missing Competence 3")
    assert result.imported == 3

    with database.transaction() as session:
        mentee = trust_history(session, first, "mentee")
        mentor = trust_history(session, first, "mentor")
        other = trust_history(session, second, "mentee")
        assert [(a.day, a.overall, a.comment) for a in mentee] == [
            (date(2027, 3, 12), 2.0, "Hard to reach lately")
        ]
        assert [(a.day, a.overall) for a in mentor] == [(date(2027, 3, 14), 4.0)]
        # No "answered on": dated the day collected. Scores are item means per dimension.
        assert other[0].day == TODAY
        assert other[0].overall == pytest.approx(4.63)
        linked = session.scalars(select(Assessment.survey_round_id)).all()
        assert linked == [setup.round_id] * 3
        rows = {row.pair_id: row for row in assess_program(session, TODAY, setup.program_id)}
        assert RiskFlag.LOW_TRUST in rows[first].flags
        assert RiskFlag.LOW_TRUST not in rows[second].flags
        status = surveys.get_round(session, setup.round_id)
        assert (status.asked, status.answered) == (4, 3)
        assert status.response_rate == 0.75


@pytest.mark.parametrize("filler", ["pypdf", "pdfium"])
def test_a_closing_form_stores_the_pairs_outcome(database, setup, tmp_path, filler):
    forms = make_forms(database, setup.closing_id, tmp_path / "out")
    (path,) = forms.values()
    goal_a, goal_b = setup.goal_ids
    filled = FILLERS[filler](path, tmp_path / "closing.pdf", {
        **ratings(5), f"goal_{goal_a}": "achieved", f"goal_{goal_b}": "partly",
        "recommend": "9", "keep": "The monthly lunches", "change": "More peer sessions",
        "answered_on": "2027-03-18",
    })
    reviews, result = collect(database, [filled])
    assert result.imported == 1, reviews[0].message
    with database.transaction() as session:
        (outcome,) = session.scalars(select(SurveyOutcome)).all()
        assert outcome.recommend == 9
        assert outcome.keep == "The monthly lunches"
        assert outcome.change == "More peer sessions"
        assert [(g["text"], g["answer"]) for g in outcome.goals] == [
            ("Lead a design review alone", "achieved"), ("Present at the all-hands", "partly")
        ]
        assert outcome.answered_on == date(2027, 3, 18)


def test_the_same_form_twice_changes_nothing(database, setup, tmp_path):
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    code = f"R{setup.round_id}-{setup.pair_ids[0]:04d}-E"
    filled = FILLERS["pypdf"](forms[code], tmp_path / "a.pdf", ratings(3))
    collect(database, [filled])
    before = snapshot(database)
    reviews, result = collect(database, [filled])
    assert reviews[0].status == "same"
    assert "already collected" in reviews[0].message
    assert result.imported == 0
    assert snapshot(database) == before


def test_a_different_later_answer_replaces_the_first_and_is_audited(database, setup, tmp_path):
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    code = f"R{setup.round_id}-{setup.pair_ids[0]:04d}-E"
    first = FILLERS["pypdf"](forms[code], tmp_path / "a.pdf",
                             {**ratings(2), "answered_on": "2027-03-10"})
    later = FILLERS["pdfium"](forms[code], tmp_path / "b.pdf",
                              {**ratings(5), "answered_on": "2027-03-15"})
    collect(database, [first])
    reviews, result = collect(database, [later])
    assert reviews[0].status == "replaces"
    assert (result.imported, result.replaced) == (1, 1)
    with database.transaction() as session:
        history = trust_history(session, setup.pair_ids[0], "mentee")
        assert [(a.day, a.overall) for a in history] == [(date(2027, 3, 15), 5.0)]
        summaries = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.record_type == "survey_respondent")
        ).all()
        assert any("was replaced by a different one answered 2027-03-15" in s for s in summaries)
    # The older one brought back again is not imported: the later answer is kept.
    before = snapshot(database)
    reviews, result = collect(database, [first])
    assert reviews[0].status == "older"
    assert snapshot(database) == before


def test_an_unanswered_form_is_not_answered_not_an_error(database, setup, tmp_path):
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    before = snapshot(database)
    reviews = check(database, list(forms.values()))
    assert {r.status for r in reviews} == {"empty"}
    assert {r.completeness for r in reviews} == {"not answered"}
    reviews, result = collect(database, list(forms.values()))
    assert result.imported == 0
    assert snapshot(database) == before
