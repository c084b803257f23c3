"""Pair reviews: one reflection per lesson and a summary; adding, editing, listing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from mentordesk.domain.vocabularies import Lesson
from mentordesk.errors import ChangedElsewhere, FieldProblem, NotFound
from mentordesk.services import reviews
from mentordesk.store.models import AuditEntry, Reflection
from tests.factories import make_pair

START = date(2027, 1, 11)


@pytest.fixture
def pair_id(database) -> int:
    with database.transaction() as session:
        return make_pair(session, start_date=START).id


def add(database, pair_id: int, **values: object) -> reviews.PairReviewDetails:
    values.setdefault("day", date(2027, 6, 1))
    values.setdefault("reflections", {Lesson.CONSISTENCY: "Met every fortnight."})
    with database.transaction() as session:
        return reviews.add_pair_review(session, pair_id, **values)  # type: ignore[arg-type]


def test_a_review_has_a_text_for_every_lesson(database, pair_id) -> None:
    review = add(
        database,
        pair_id,
        reflections={"shared_goals": " Goals revisited in March. ", Lesson.GROWTH_MINDSET: ""},
        summary=" Good year. ",
    )
    assert review.reflections == {
        Lesson.SHARED_GOALS: "Goals revisited in March.",
        Lesson.LISTENING_FEEDBACK: "",
        Lesson.CONSISTENCY: "",
        Lesson.DIVERSE_PERSPECTIVES: "",
        Lesson.GROWTH_MINDSET: "",
    }
    assert list(review.reflections) == list(Lesson)
    assert (review.day, review.summary) == (date(2027, 6, 1), "Good year.")
    with database.transaction() as session:
        assert reviews.get_pair_review(session, review.id) == review
        # Empty reflections are not stored.
        assert session.scalar(select(func.count()).select_from(Reflection)) == 1


def test_a_summary_alone_is_enough(database, pair_id) -> None:
    review = add(database, pair_id, reflections={}, summary="Ended well.")
    assert set(review.reflections.values()) == {""}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"day": date(2027, 1, 10)},
            "day",
            "The review date (2027-01-10) is before the pair started (2027-01-11).",
        ),
        (
            {"reflections": {"patience": "Much"}},
            "lesson",
            "The lesson 'patience' is not one of: Shared goals and expectations, Active "
            "listening and feedback, Consistency and reliability, Diverse perspectives, "
            "Growth mindset and self-reflection.",
        ),
        (
            {"reflections": {"consistency": "  "}, "summary": " "},
            "summary",
            "Write at least one reflection or the summary.",
        ),
        (
            {"reflections": {"consistency": "c" * 10_001}},
            "consistency",
            "Keep the reflection on Consistency and reliability to 10,000 characters at most "
            "(now 10,001).",
        ),
        (
            {"summary": "s" * 20_001},
            "summary",
            "Keep the summary to 20,000 characters at most (now 20,001).",
        ),
    ],
)
def test_refusals_name_the_field(
    database, pair_id, values: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(FieldProblem) as caught:
        add(database, pair_id, **values)
    assert (caught.value.field, str(caught.value)) == (field, message)


def test_editing_changes_clears_and_keeps_reflections(database, pair_id) -> None:
    review = add(
        database,
        pair_id,
        reflections={"consistency": "Regular", "shared_goals": "Agreed"},
        summary="First",
    )
    with database.transaction() as session:
        saved = reviews.update_pair_review(
            session,
            review.id,
            day=date(2027, 6, 2),
            reflections={
                "consistency": "Very regular",
                "shared_goals": "",
                "growth_mindset": "Yes",
            },
            summary="Second",
            expected_version=review.version,
        )
    assert saved.reflections == {
        Lesson.SHARED_GOALS: "",
        Lesson.LISTENING_FEEDBACK: "",
        Lesson.CONSISTENCY: "Very regular",
        Lesson.DIVERSE_PERSPECTIVES: "",
        Lesson.GROWTH_MINDSET: "Yes",
    }
    assert (saved.day, saved.summary) == (date(2027, 6, 2), "Second")
    with database.transaction() as session:
        kept = reviews.update_pair_review(
            session, review.id, day=saved.day, reflections={}, summary="Second"
        )
    assert kept.reflections == saved.reflections


def test_a_reflection_only_edit_moves_the_version_and_is_audited(database, pair_id) -> None:
    review = add(database, pair_id, reflections={"consistency": "Secret detail"})
    with database.transaction() as session:
        saved = reviews.update_pair_review(
            session,
            review.id,
            day=review.day,
            reflections={"consistency": "Other secret"},
            summary="",
            expected_version=review.version,
        )
    assert saved.version == review.version + 1
    with database.transaction() as session:
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_type == "pair_review", AuditEntry.action == "change"
            )
        ).all()
    assert [(entry.record_id, entry.fields) for entry in entries] == [(review.id, ["reflections"])]
    assert all("secret" not in entry.summary.lower() for entry in entries)
    with database.transaction() as session, pytest.raises(ChangedElsewhere):
        reviews.update_pair_review(
            session,
            review.id,
            day=review.day,
            reflections={"consistency": "Mine"},
            summary="",
            expected_version=review.version,
        )


def test_editing_cannot_leave_the_review_empty(database, pair_id) -> None:
    review = add(database, pair_id, reflections={"consistency": "Regular"})
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        reviews.update_pair_review(
            session, review.id, day=review.day, reflections={"consistency": ""}, summary=""
        )
    assert str(caught.value) == "Write at least one reflection or the summary."


def test_listing_and_deleting(database, pair_id) -> None:
    later = add(database, pair_id, day=date(2027, 12, 1))
    earlier = add(database, pair_id, day=date(2027, 6, 1))
    with database.transaction() as session:
        assert [r.id for r in reviews.list_pair_reviews(session, pair_id)] == [
            earlier.id,
            later.id,
        ]
        reviews.delete_pair_review(session, earlier.id)
    with database.transaction() as session:
        assert reviews.list_pair_reviews(session, pair_id) == [later]
        assert session.scalar(select(func.count()).select_from(Reflection)) == 1
        with pytest.raises(NotFound) as caught:
            reviews.get_pair_review(session, earlier.id)
        assert str(caught.value) == (
            f"There is no pair review number {earlier.id}; it may have been deleted."
        )
        with pytest.raises(NotFound, match="There is no pair number 31"):
            reviews.list_pair_reviews(session, 31)
