"""Scoring the trust questionnaire and turning a score into a trust level.

Rules (DOMAIN.md, "The trust questionnaire" and "Trust score and level"):

- a dimension's score is the mean of its answered items and needs at least two
  of its three items;
- a type's score is the mean of its answered items;
- the overall trust score is the mean of the four dimension scores and needs
  all four;
- scores are rounded to two decimals (half up, on the decimal value) before any
  comparison, and the overall score is the mean of the *already rounded*
  dimension scores, so a printed report adds up for the reader.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any, Generic, TypeVar

from mentordesk.domain.questionnaire import ITEMS, ITEMS_BY_CODE, RATING_MAX, RATING_MIN
from mentordesk.domain.vocabularies import TrustDimension, TrustLevel, TrustType

SCORE_PLACES = 2
"""Decimal places a trust score is rounded to before it is compared or shown."""

MIN_ANSWERED_PER_DIMENSION = 2
"""A dimension is scored only when at least this many of its items are answered."""

_K = TypeVar("_K")
_V = TypeVar("_V")


def round_half_up(value: float | int | Fraction | Decimal, places: int) -> float:
    """Round ``value`` to ``places`` decimals, halves away from zero, as a float.

    A float is taken at its shortest decimal spelling (``2.675`` is treated as
    the decimal 2.675 and becomes 2.68, unlike the built-in ``round``). A
    :class:`~fractions.Fraction` is rounded exactly, so means of whole ratings
    never suffer a binary surprise.
    """
    if isinstance(value, bool):
        raise TypeError("a rating or score must be a number, not True or False")
    if not value:
        # 0.0 and -0.0 are equal keys, but keep their own signs: not remembered.
        return _round_half_up.__wrapped__(value, places)
    return _round_half_up(value, places)


# Judging a program rounds the same few hundred scores and ratios for every pair:
# remember the results. ``typed`` keeps 2.675 (rounded by its decimal spelling)
# apart from the equal Fraction of its binary value (rounded exactly).
@functools.lru_cache(maxsize=4096, typed=True)
def _round_half_up(value: float | int | Fraction | Decimal, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            # Exact enough: ratios of small whole numbers never need 60 digits.
            ctx.prec = 60
            exact = Decimal(value.numerator) / Decimal(value.denominator)
            return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))
    if isinstance(value, Decimal):
        return float(value.quantize(quantum, rounding=ROUND_HALF_UP))
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_score(score: float | int | Fraction | Decimal) -> float:
    """Round a trust score to two decimals, half up (the rounding used everywhere)."""
    return round_half_up(score, SCORE_PLACES)


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@dataclass(frozen=True)
class TrustThresholds:
    """A program's trust level thresholds: high at ``high`` and above, medium at ``medium``.

    Raises ValueError unless 1 ≤ medium ≤ high ≤ 5.
    """

    high: float = 4.0
    medium: float = 3.0

    def __post_init__(self) -> None:
        if not (_is_real(self.high) and _is_real(self.medium)):
            raise ValueError("Trust thresholds must be numbers on the 1 to 5 rating scale.")
        if not (RATING_MIN <= self.medium <= self.high <= RATING_MAX):
            raise ValueError(
                "Trust thresholds must satisfy 1 ≤ medium ≤ high ≤ 5; "
                f"got medium {self.medium} and high {self.high}."
            )


class AnswerError(ValueError):
    """A questionnaire answer set that cannot be accepted.

    ``item`` is the offending item code when the problem is one answer, else
    None; ``dimension`` is the dimension when too few of its items are answered.
    """

    def __init__(
        self, message: str, *, item: str | None = None, dimension: TrustDimension | None = None
    ) -> None:
        super().__init__(message)
        self.item = item
        self.dimension = dimension
        self.message = message


def _check_ratings(answers: Mapping[str, Any]) -> None:
    """Unknown item codes first, then ratings, each in the order they were given."""
    for code in answers:
        if code not in ITEMS_BY_CODE:
            raise AnswerError(f"{code}: unknown item", item=str(code))
    for code, rating in answers.items():
        if type(rating) is int and RATING_MIN <= rating <= RATING_MAX:
            continue  # the usual case, decided without the slower checks below
        if not (
            isinstance(rating, int | numbers.Integral)
            and not isinstance(rating, bool)
            and RATING_MIN <= int(rating) <= RATING_MAX
        ):
            raise AnswerError(
                f"{code}: rating must be a whole number from {RATING_MIN} to {RATING_MAX}, "
                f"not {rating!r}",
                item=code,
            )


def validate_answers(answers: Mapping[str, int]) -> None:
    """Check one filled-in questionnaire; raise :class:`AnswerError` on the first problem.

    Problems, in the order they are looked for: an unknown item code
    (``"loyalty_4: unknown item"``), a rating that is not a whole number from 1
    to 5 (``True``/``False`` and ``4.0`` are refused), and a dimension with
    fewer than two of its three items answered
    (``"integrity: at least two of its three items must be answered"``).
    Leaving out single items is fine.
    """
    _check_ratings(answers)
    for dimension in TrustDimension:
        codes = [item.code for item in ITEMS if item.dimension is dimension]
        answered = sum(1 for code in codes if code in answers)
        if answered < MIN_ANSWERED_PER_DIMENSION:
            raise AnswerError(
                f"{dimension.value}: at least two of its three items must be answered",
                dimension=dimension,
            )


class FrozenMap(Mapping[_K, _V], Generic[_K, _V]):
    """A small read-only, hashable mapping that keeps its keys' order."""

    __slots__ = ("_data",)
    _data: dict[_K, _V]

    def __init__(
        self, pairs: Mapping[_K, _V] | Iterable[tuple[_K, _V]] | None = None
    ) -> None:
        object.__setattr__(self, "_data", dict(pairs or {}))

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenMap is read-only")

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


@dataclass(frozen=True)
class TrustScores:
    """The scores of one questionnaire, each rounded to two decimals.

    ``dimensions`` and ``types`` have every dimension/type as a key, in the
    vocabulary's order; a value is None when it could not be scored.
    """

    dimensions: Mapping[TrustDimension, float | None]
    types: Mapping[TrustType, float | None]
    overall: float | None

    def __post_init__(self) -> None:
        # Freeze whatever mapping was passed, so the scores stay immutable and hashable.
        object.__setattr__(self, "dimensions", FrozenMap(self.dimensions))
        object.__setattr__(self, "types", FrozenMap(self.types))


def _mean(ratings: list[int]) -> float | None:
    if not ratings:
        return None
    return _mean_of(sum(ratings), len(ratings))


# A mean of whole ratings 1–5 over at most a dozen items has a few dozen possible values;
# an import scores tens of thousands of questionnaires: remember them.
@functools.lru_cache(maxsize=1024)
def _mean_of(total: int, count: int) -> float:
    return round_score(Fraction(total, count))


# The items of each dimension and type, in the questionnaire's order: looked up, not
# searched for, in every questionnaire scored.
_CODES_OF_DIMENSION = tuple(
    (dimension, tuple(item.code for item in ITEMS if item.dimension is dimension))
    for dimension in TrustDimension
)
_CODES_OF_TYPE = tuple(
    (trust_type, tuple(item.code for item in ITEMS if item.trust_type is trust_type))
    for trust_type in TrustType
)


@functools.lru_cache(maxsize=4096)
def _overall_of(dimension_scores: tuple[float, ...]) -> float:
    """The overall score: the rounded mean of the (rounded) dimension scores."""
    total = sum(Decimal(repr(score)) for score in dimension_scores)
    return round_score(total / len(dimension_scores))


def score_answers(answers: Mapping[str, int]) -> TrustScores:
    """Score one questionnaire's answers (item code → rating 1–5).

    Unknown item codes and bad ratings raise :class:`AnswerError`, exactly as in
    :func:`validate_answers`. Incomplete answers are *scored*, not refused: a
    dimension with fewer than two answered items scores None, and then so does
    the overall score (it needs all four dimensions). A type with no answered
    item scores None. Every score is rounded to two decimals, half up; the
    overall score is the rounded mean of the rounded dimension scores.
    """
    _check_ratings(answers)
    dimensions: dict[TrustDimension, float | None] = {}
    for dimension, codes in _CODES_OF_DIMENSION:
        ratings = [int(answers[code]) for code in codes if code in answers]
        dimensions[dimension] = (
            _mean(ratings) if len(ratings) >= MIN_ANSWERED_PER_DIMENSION else None
        )
    types: dict[TrustType, float | None] = {}
    for trust_type, codes in _CODES_OF_TYPE:
        types[trust_type] = _mean([int(answers[code]) for code in codes if code in answers])
    dimension_scores = tuple(dimensions.values())
    overall = None if None in dimension_scores else _overall_of(dimension_scores)
    return TrustScores(dimensions=dimensions, types=types, overall=overall)


DEFAULT_THRESHOLDS = TrustThresholds()
"""The default levels from DOMAIN.md: high at 4.0 and above, medium at 3.0 and above."""


def trust_level(
    score: float | None, thresholds: TrustThresholds = DEFAULT_THRESHOLDS
) -> TrustLevel | None:
    """The trust level of a score: high at ``thresholds.high`` and above, medium at
    ``thresholds.medium`` and above, low below; None when there is no score.

    The score is rounded to two decimals first (a no-op for scores from
    :func:`score_answers`), so 2.996 counts as 3.00.
    """
    if score is None:
        return None
    rounded = round_score(score)
    if rounded >= thresholds.high:
        return TrustLevel.HIGH
    if rounded >= thresholds.medium:
        return TrustLevel.MEDIUM
    return TrustLevel.LOW
