"""Pair reviews: a dated look back at the pair with one reflection per lesson
(DOMAIN.md, "The five lessons") and a summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mentordesk.domain.scoring import FrozenMap
from mentordesk.domain.vocabularies import Lesson
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.services.common import clean_text, load_pair, parse_code
from mentordesk.store import audit
from mentordesk.store.database import ensure_unchanged
from mentordesk.store.models import Pair, PairReview, Reflection

MAX_REFLECTION = 10_000
MAX_SUMMARY = 20_000


@dataclass(frozen=True)
class PairReviewDetails:
    """One pair review. ``reflections`` has every lesson, in the lessons' order
    (an empty text where nothing was written)."""

    id: int
    pair_id: int
    day: date
    reflections: Mapping[Lesson, str]
    summary: str
    version: int


def _details(review: PairReview) -> PairReviewDetails:
    texts = {reflection.lesson: reflection.text for reflection in review.reflections}
    return PairReviewDetails(
        id=review.id,
        pair_id=review.pair_id,
        day=review.day,
        reflections=FrozenMap({lesson: texts.get(lesson.value, "") for lesson in Lesson}),
        summary=review.summary or "",
        version=review.version,
    )


def _validated(
    pair: Pair, day: date, reflections: Mapping[Lesson | str, str], summary: str
) -> tuple[dict[Lesson, str], str]:
    if day < pair.start_date:
        raise FieldProblem(
            "day",
            f"The review date ({day.isoformat()}) is before the pair started "
            f"({pair.start_date.isoformat()}).",
        )
    texts: dict[Lesson, str] = {}
    for key, text in reflections.items():
        lesson = parse_code(Lesson, key, "lesson", "lesson")
        texts[lesson] = clean_text(
            text, lesson.value, f"reflection on {lesson.label}", MAX_REFLECTION
        )
    return texts, clean_text(summary, "summary", "summary", MAX_SUMMARY)


def _check_something_written(texts: Mapping[Lesson, str], summary: str) -> None:
    if not summary and not any(texts.values()):
        raise FieldProblem("summary", "Write at least one reflection or the summary.")


def add_pair_review(
    session: Session,
    pair_id: int,
    *,
    day: date,
    reflections: Mapping[Lesson | str, str],
    summary: str = "",
) -> PairReviewDetails:
    """Write a pair review: a text per lesson (lessons left out stay empty) and a summary.

    Refused with a FieldProblem: a date before the pair started, an unknown
    lesson, an over-long text, or nothing written at all.
    """
    pair = load_pair(session, pair_id)
    texts, cleaned_summary = _validated(pair, day, reflections, summary)
    _check_something_written(texts, cleaned_summary)
    review = PairReview(
        pair_id=pair.id,
        day=day,
        summary=cleaned_summary,
        reflections=[
            Reflection(lesson=lesson.value, text=texts[lesson])
            for lesson in Lesson
            if texts.get(lesson)
        ],
    )
    session.add(review)
    session.flush()
    return _details(review)


def _load(session: Session, review_id: int) -> PairReview:
    review = session.get(PairReview, review_id)
    if review is None:
        raise NotFound(f"There is no pair review number {review_id}; it may have been deleted.")
    return review


def update_pair_review(
    session: Session,
    review_id: int,
    *,
    day: date,
    reflections: Mapping[Lesson | str, str],
    summary: str,
    expected_version: int | None = None,
) -> PairReviewDetails:
    """Save the review form (lessons left out keep their text; an empty text clears one)."""
    review = _load(session, review_id)
    ensure_unchanged(session, review, expected_version)
    texts, cleaned_summary = _validated(review.pair, day, reflections, summary)
    current = {reflection.lesson: reflection for reflection in review.reflections}
    final = {lesson: current[lesson.value].text for lesson in Lesson if lesson.value in current}
    _check_something_written({**final, **texts}, cleaned_summary)
    changed = False
    for lesson, text in texts.items():
        reflection = current.get(lesson.value)
        if reflection is None and text:
            review.reflections.append(Reflection(lesson=lesson.value, text=text))
        elif reflection is not None and not text:
            review.reflections.remove(reflection)
        elif reflection is not None and reflection.text != text:
            reflection.text = text
        else:
            continue
        changed = True
    review.day = day
    review.summary = cleaned_summary
    if changed:
        # Reflections are part of the review: a change to them is a change to the
        # review, so its version moves on (another coordinator's stale save is
        # refused) and the audit log says the reflections changed, never what they say.
        review.version = review.version + 1
        audit.record(session, "change", PairReview.__tablename__, review.id, "", ["reflections"])
    session.flush()
    return _details(review)


def get_pair_review(session: Session, review_id: int) -> PairReviewDetails:
    """One pair review, for its form."""
    return _details(_load(session, review_id))


def delete_pair_review(session: Session, review_id: int) -> None:
    """Delete a pair review written by mistake, with its reflections."""
    session.delete(_load(session, review_id))
    session.flush()


def list_pair_reviews(session: Session, pair_id: int) -> list[PairReviewDetails]:
    """The pair's reviews, oldest first, with their reflections (two queries)."""
    load_pair(session, pair_id)
    query = (
        select(PairReview)
        .where(PairReview.pair_id == pair_id)
        .options(selectinload(PairReview.reflections))
        .order_by(PairReview.day, PairReview.id)
    )
    return [_details(review) for review in session.scalars(query)]
