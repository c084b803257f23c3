"""Trust assessments: validation, stored scores, history, latest, and the two views."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from mentordesk.domain.questionnaire import ITEM_CODES
from mentordesk.domain.vocabularies import Respondent, TrustDimension, TrustLevel, TrustType
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.services import trust
from mentordesk.store.models import Answer, Assessment
from tests.factories import make_pair, make_program

START = date(2027, 1, 11)


def all_answers(rating: int) -> dict[str, int]:
    return dict.fromkeys(ITEM_CODES, rating)


@pytest.fixture
def pair_id(database) -> int:
    with database.transaction() as session:
        program = make_program(session, threshold_high=4.5, threshold_medium=3.5)
        return make_pair(session, program, start_date=START).id


def record(database, pair_id: int, answers, **values: object) -> trust.AssessmentSummary:
    values.setdefault("day", date(2027, 2, 1))
    values.setdefault("respondent", "mentee")
    with database.transaction() as session:
        return trust.record_assessment(session, pair_id, answers=answers, **values)  # type: ignore[arg-type]


def refused(database, pair_id: int, answers, **values: object) -> FieldProblem:
    with pytest.raises(FieldProblem) as caught:
        record(database, pair_id, answers, **values)
    return caught.value


def test_recording_stores_answers_and_scores(database, pair_id) -> None:
    answers = {
        "competence_1": 5,
        "competence_2": 4,
        "competence_3": None,  # skipped on the form
        "integrity_1": 4,
        "integrity_2": 4,
        "integrity_3": 3,
        "benevolence_1": 5,
        "benevolence_2": 5,
        "benevolence_3": 4,
        "loyalty_1": 3,
        "loyalty_2": 2,
        "loyalty_3": 3,
    }
    summary = record(database, pair_id, answers, comment="  Warm, a bit distant lately. ")
    assert summary.respondent is Respondent.MENTEE
    assert summary.dimensions == {
        TrustDimension.COMPETENCE: 4.5,
        TrustDimension.INTEGRITY: 3.67,
        TrustDimension.BENEVOLENCE: 4.67,
        TrustDimension.LOYALTY: 2.67,
    }
    assert summary.types == {
        TrustType.COGNITIVE: 4.33,
        TrustType.AFFECTIVE: 4.0,
        TrustType.BEHAVIORAL: 3.0,
    }
    assert summary.overall == 3.88
    assert summary.level is TrustLevel.MEDIUM  # by the program's 4.5 / 3.5
    assert summary.comment == "Warm, a bit distant lately."
    assert "competence_3" not in summary.answers
    assert list(summary.answers) == [code for code in ITEM_CODES if code != "competence_3"]
    with database.transaction() as session:
        stored = session.get(Assessment, summary.id)
        assert (stored.overall, stored.competence, stored.loyalty, stored.behavioral) == (
            3.88,
            4.5,
            2.67,
            3.0,
        )
        assert session.scalar(select(func.count()).select_from(Answer)) == 11


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"loyalty_4": 3},
            "loyalty_4",
            "'loyalty_4' is not a statement of the trust questionnaire.",
        ),
        (
            {"loyalty_2": 6},
            "loyalty_2",
            'loyalty_2 ("My mentor stands by me when challenges arise."): '
            "the rating must be a whole number from 1 to 5, not 6.",
        ),
        (
            {"competence_1": 0},
            "competence_1",
            'competence_1 ("My mentor\'s advice is practical and relevant to my work."): '
            "the rating must be a whole number from 1 to 5, not 0.",
        ),
        (
            {"integrity_1": 4.0},
            "integrity_1",
            'integrity_1 ("My mentor is honest and open with me."): '
            "the rating must be a whole number from 1 to 5, not 4.0.",
        ),
        (
            {"benevolence_1": None, "benevolence_2": None},
            "benevolence",
            "Benevolence: answer at least two of its three statements.",
        ),
    ],
)
def test_bad_answers_are_refused_naming_the_item(
    database, pair_id, changes: dict[str, object], field: str, message: str
) -> None:
    answers: dict[str, object] = {**all_answers(4), **changes}
    problem = refused(database, pair_id, answers)
    assert (problem.field, str(problem)) == (field, message)
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Assessment)) == 0


def test_other_refusals(database, pair_id) -> None:
    early = refused(database, pair_id, all_answers(4), day=date(2027, 1, 10))
    assert (early.field, str(early)) == (
        "day",
        "The assessment date (2027-01-10) is before the pair started (2027-01-11).",
    )
    who = refused(database, pair_id, all_answers(4), respondent="manager")
    assert (who.field, str(who)) == (
        "respondent",
        "The respondent 'manager' is not one of: Mentee, Mentor.",
    )
    long = refused(database, pair_id, all_answers(4), comment="c" * 10_001)
    assert long.field == "comment"
    with pytest.raises(NotFound, match="There is no pair number 404"):
        record(database, 404, all_answers(4))


def test_history_is_in_order_with_levels_by_the_programs_thresholds(database, pair_id) -> None:
    late = record(database, pair_id, all_answers(5), day=date(2027, 4, 1))
    early = record(database, pair_id, all_answers(3), day=date(2027, 2, 1))
    same_day = record(database, pair_id, all_answers(4), day=date(2027, 4, 1))
    view = record(database, pair_id, all_answers(2), day=date(2027, 3, 1), respondent="mentor")
    with database.transaction() as session:
        history = trust.trust_history(session, pair_id)
        mentee_only = trust.trust_history(session, pair_id, Respondent.MENTEE)
        mentor_only = trust.trust_history(session, pair_id, "mentor")
    assert [s.id for s in history] == [early.id, view.id, late.id, same_day.id]
    assert [s.level for s in history] == [
        TrustLevel.LOW,
        TrustLevel.LOW,
        TrustLevel.HIGH,
        TrustLevel.MEDIUM,
    ]
    assert [s.id for s in mentee_only] == [early.id, late.id, same_day.id]
    assert [s.id for s in mentor_only] == [view.id]


def test_latest_and_get_and_delete(database, pair_id) -> None:
    with database.transaction() as session:
        assert trust.latest_assessment(session, pair_id) is None
    first = record(database, pair_id, all_answers(3), day=date(2027, 2, 1))
    second = record(database, pair_id, all_answers(4), day=date(2027, 2, 1))
    with database.transaction() as session:
        assert trust.latest_assessment(session, pair_id) == second
        assert trust.latest_assessment(session, pair_id, "mentor") is None
        assert trust.get_assessment(session, first.id) == first
        trust.delete_assessment(session, second.id)
    with database.transaction() as session:
        assert trust.latest_assessment(session, pair_id) == first
        assert session.scalar(select(func.count()).select_from(Answer)) == 12
        with pytest.raises(NotFound) as caught:
            trust.delete_assessment(session, second.id)
    assert str(caught.value) == (
        f"There is no assessment number {second.id}; it may have been deleted."
    )


def test_the_mentors_view_beside_the_mentees(database, pair_id) -> None:
    with database.transaction() as session:
        empty = trust.compare_views(session, pair_id)
    assert (empty.mentee, empty.mentor, empty.overall_gap) == (None, None, None)
    assert set(empty.dimension_gaps.values()) == {None}
    mentee = record(
        database,
        pair_id,
        {**all_answers(3), "competence_1": 4, "competence_2": 4, "competence_3": 4},
    )
    with database.transaction() as session:
        alone = trust.compare_views(session, pair_id)
    assert alone.mentee == mentee
    assert alone.overall_gap is None
    mentor = record(
        database, pair_id, {**all_answers(4), "loyalty_1": 2}, respondent=Respondent.MENTOR
    )
    with database.transaction() as session:
        both = trust.compare_views(session, pair_id)
    assert both.mentor == mentor
    assert both.dimension_gaps == {
        TrustDimension.COMPETENCE: 0.0,
        TrustDimension.INTEGRITY: 1.0,
        TrustDimension.BENEVOLENCE: 1.0,
        TrustDimension.LOYALTY: 0.33,
    }
    assert both.type_gaps[TrustType.COGNITIVE] == 0.25
    assert both.overall_gap == round(mentor.overall - mentee.overall, 2)
    assert both.overall_gap == 0.58
