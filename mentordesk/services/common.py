"""Helpers every service uses, each written once: a pair by its number, codes from a
vocabulary, cleaned text, LIKE patterns, the limits of a check-in cadence and the
type of an untyped query."""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from mentordesk.domain.vocabularies import PairStatus, Respondent, Vocabulary
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.store.models import Assessment, Pair

ENDED_STATUSES = frozenset({PairStatus.COMPLETED, PairStatus.ENDED_EARLY})
"""Statuses that end a pair; only the roster's ``end_pair`` moves a pair into them."""

MIN_CADENCE_DAYS = 1
MAX_CADENCE_DAYS = 365

_V = TypeVar("_V", bound=Vocabulary)

#: A query whose columns the caller reads by name; their types are not tracked.
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def missing_pair(pair_id: int) -> NotFound:
    """The one sentence for a pair that is not there (deleted, or a mistyped number)."""
    return NotFound(f"There is no pair number {pair_id}; it may have been deleted.")


def load_pair(session: Session, pair_id: int) -> Pair:
    """The pair row, or NotFound with a sentence the coordinator understands."""
    pair = session.get(Pair, pair_id)
    if pair is None:
        raise missing_pair(pair_id)
    return pair


def parse_code(vocabulary: type[_V], value: _V | str, field: str, what: str) -> _V:
    """The vocabulary member for ``value`` (a member or its code), else a FieldProblem
    that names the field and lists the allowed labels."""
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(member.label for member in vocabulary)
        raise FieldProblem(field, f"The {what} '{value}' is not one of: {allowed}.") from None


def clean_text(value: str | None, field: str, what: str, limit: int) -> str:
    """``value`` without surrounding blanks; a FieldProblem when it is longer than ``limit``."""
    text = (value or "").strip()
    if len(text) > limit:
        raise FieldProblem(
            field, f"Keep the {what} to {limit:,} characters at most (now {len(text):,})."
        )
    return text


def like_pattern(word: str) -> str:
    """A LIKE pattern matching ``word`` anywhere, with LIKE's wildcards taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def latest_mentee_score() -> ColumnElement[Any]:
    """The overall score of a pair's latest scored mentee assessment, correlated to
    ``Pair`` (one index probe per pair: the roster's trust column and its order)."""
    return (
        select(Assessment.overall)
        .where(
            Assessment.pair_id == Pair.id,
            Assessment.respondent == Respondent.MENTEE.value,
            Assessment.overall.is_not(None),
        )
        .order_by(Assessment.day.desc(), Assessment.id.desc())
        .limit(1)
        .correlate(Pair)
        .scalar_subquery()
    )
