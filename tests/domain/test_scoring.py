"""Scoring the trust questionnaire, trust levels and their thresholds."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.domain.questionnaire import ITEM_CODES, ITEMS, QuestionnaireItem
from mentordesk.domain.scoring import (
    DEFAULT_THRESHOLDS,
    AnswerError,
    TrustScores,
    TrustThresholds,
    round_half_up,
    round_score,
    score_answers,
    trust_level,
    validate_answers,
)
from mentordesk.domain.vocabularies import TrustDimension, TrustLevel, TrustType

D, T = TrustDimension, TrustType


def all_answered(rating: int = 4) -> dict[str, int]:
    return dict.fromkeys(ITEM_CODES, rating)


# --- rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (2.675, 2, 2.68),  # built-in round() gives 2.67 (binary 2.67499…)
        (1.005, 2, 1.01),
        (3.125, 2, 3.13),
        (3.124, 2, 3.12),
        (Fraction(10, 3), 2, 3.33),
        (Fraction(11, 3), 2, 3.67),
        (Fraction(1, 8), 2, 0.13),
        (Fraction(5, 8), 4, 0.625),
        (Fraction(1, 3), 4, 0.3333),
        (Fraction(2, 3), 4, 0.6667),
        (Decimal("3.445"), 2, 3.45),
        (4, 2, 4.0),
    ],
)
def test_round_half_up(value: float | Fraction | Decimal, places: int, expected: float) -> None:
    assert round_half_up(value, places) == expected


def test_round_half_up_refuses_bool() -> None:
    with pytest.raises(TypeError):
        round_half_up(True, 2)


def test_round_score_uses_two_places() -> None:
    assert round_score(3.14159) == 3.14
    assert round_score(2.995) == 3.0


# --- thresholds -----------------------------------------------------------------------


def test_default_thresholds() -> None:
    assert TrustThresholds() == TrustThresholds(high=4.0, medium=3.0)
    assert TrustThresholds() == DEFAULT_THRESHOLDS


@pytest.mark.parametrize(
    ("high", "medium"),
    [(5.0, 1.0), (1.0, 1.0), (5.0, 5.0), (3.5, 3.5), (4.5, 2.25)],
)
def test_thresholds_accept_edges(high: float, medium: float) -> None:
    thresholds = TrustThresholds(high=high, medium=medium)
    assert (thresholds.high, thresholds.medium) == (high, medium)


@pytest.mark.parametrize(
    ("high", "medium"),
    [
        (3.0, 3.01),  # medium above high
        (5.01, 3.0),  # high above the scale
        (4.0, 0.99),  # medium below the scale
        (0.5, 0.5),
        (float("nan"), 3.0),
        (4.0, float("nan")),
    ],
)
def test_thresholds_refuse_out_of_order_or_off_scale(high: float, medium: float) -> None:
    with pytest.raises(ValueError, match=r"1 ≤ medium ≤ high ≤ 5"):
        TrustThresholds(high=high, medium=medium)


@pytest.mark.parametrize("bad", [True, "4", None])
def test_thresholds_refuse_non_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="must be numbers"):
        TrustThresholds(high=bad, medium=3.0)  # type: ignore[arg-type]


def test_thresholds_are_frozen() -> None:
    thresholds = TrustThresholds()
    with pytest.raises(AttributeError):
        thresholds.high = 4.5  # type: ignore[misc]


# --- validation -----------------------------------------------------------------------


def test_complete_answers_are_valid() -> None:
    validate_answers(all_answered())


def test_one_missing_item_per_dimension_is_valid() -> None:
    answers = all_answered()
    for code in ("competence_1", "integrity_2", "benevolence_3", "loyalty_1"):
        del answers[code]
    validate_answers(answers)


def test_unknown_item() -> None:
    answers = all_answered() | {"loyalty_4": 3}
    with pytest.raises(AnswerError) as caught:
        validate_answers(answers)
    assert str(caught.value) == "loyalty_4: unknown item"
    assert caught.value.item == "loyalty_4"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("rating", [0, 6, 7, -1, 4.0, 3.5, "4", None, True, False])
def test_bad_rating(rating: object) -> None:
    answers: dict[str, object] = {**all_answered(), "competence_1": rating}
    with pytest.raises(AnswerError) as caught:
        validate_answers(answers)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"competence_1: rating must be a whole number from 1 to 5, not {rating!r}"
    )
    assert caught.value.item == "competence_1"


def test_message_for_seven_matches_the_specification() -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answers({**all_answered(), "competence_1": 7})
    assert str(caught.value) == "competence_1: rating must be a whole number from 1 to 5, not 7"


@pytest.mark.parametrize("rating", [1, 5])
def test_rating_edges_are_valid(rating: int) -> None:
    validate_answers(all_answered(rating))


def test_dimension_with_only_one_item() -> None:
    answers = all_answered()
    del answers["integrity_1"]
    del answers["integrity_3"]
    with pytest.raises(AnswerError) as caught:
        validate_answers(answers)
    assert str(caught.value) == "integrity: at least two of its three items must be answered"
    assert caught.value.item is None
    assert caught.value.dimension is TrustDimension.INTEGRITY


def test_empty_answers_name_the_first_dimension() -> None:
    with pytest.raises(AnswerError, match=r"^competence: at least two"):
        validate_answers({})


def test_unknown_item_is_reported_before_a_bad_rating() -> None:
    with pytest.raises(AnswerError, match="unknown item"):
        validate_answers({"competence_1": 9, "nonsense": 3})


# --- scoring --------------------------------------------------------------------------


def test_scores_of_a_full_questionnaire() -> None:
    answers = {
        "competence_1": 5, "competence_2": 4, "competence_3": 4,  # 4.33
        "integrity_1": 3, "integrity_2": 4, "integrity_3": 4,  # 3.67
        "benevolence_1": 2, "benevolence_2": 2, "benevolence_3": 3,  # 2.33
        "loyalty_1": 5, "loyalty_2": 5, "loyalty_3": 4,  # 4.67
    }  # fmt: skip
    scores = score_answers(answers)
    assert scores.dimensions == {
        D.COMPETENCE: 4.33,
        D.INTEGRITY: 3.67,
        D.BENEVOLENCE: 2.33,
        D.LOYALTY: 4.67,
    }
    # cognitive: competence ×3 + integrity_1 = 16/4; affective: benevolence ×3 + loyalty_1,3
    # = 16/5; behavioral: integrity_2, integrity_3, loyalty_2 = 13/3.
    assert scores.types == {T.COGNITIVE: 4.0, T.AFFECTIVE: 3.2, T.BEHAVIORAL: 4.33}
    # mean of the rounded dimension scores: 15.00 / 4 = 3.75
    assert scores.overall == 3.75


def test_overall_is_the_mean_of_the_rounded_dimensions() -> None:
    # Dimensions 1, 1, 5/3, 11/3: their exact mean 22/12 = 1.8333… would give 1.83, but
    # the report shows 1.00, 1.00, 1.67, 3.67, whose mean 1.835 rounds (half up) to 1.84.
    answers = {
        "competence_1": 1, "competence_2": 1, "competence_3": 1,
        "integrity_1": 1, "integrity_2": 1, "integrity_3": 1,
        "benevolence_1": 2, "benevolence_2": 2, "benevolence_3": 1,
        "loyalty_1": 4, "loyalty_2": 4, "loyalty_3": 3,
    }  # fmt: skip
    scores = score_answers(answers)
    assert list(scores.dimensions.values()) == [1.0, 1.0, 1.67, 3.67]
    assert scores.overall == 1.84


def test_overall_rounds_half_up_on_the_decimal_value() -> None:
    # 1 + 1 + 1 + 3.5 = 6.5; 6.5 / 4 = 1.625 exactly → 1.63 (round() would give 1.62).
    answers = {
        "competence_1": 1, "competence_2": 1, "competence_3": 1,
        "integrity_1": 1, "integrity_2": 1, "integrity_3": 1,
        "benevolence_1": 1, "benevolence_2": 1, "benevolence_3": 1,
        "loyalty_1": 4, "loyalty_2": 3,
    }  # fmt: skip
    scores = score_answers(answers)
    assert scores.dimensions[D.LOYALTY] == 3.5
    assert round(1.625, 2) == 1.62
    assert scores.overall == 1.63


def test_one_missing_item_still_scores_the_dimension() -> None:
    answers = all_answered(3)
    del answers["loyalty_2"]
    answers["loyalty_1"] = 4
    scores = score_answers(answers)
    assert scores.dimensions[D.LOYALTY] == 3.5
    assert scores.overall == 3.13  # 12.5 / 4 = 3.125, half up


def test_dimension_with_one_item_scores_none_and_so_does_overall() -> None:
    answers = all_answered(4)
    del answers["benevolence_1"]
    del answers["benevolence_2"]
    scores = score_answers(answers)
    assert scores.dimensions[D.BENEVOLENCE] is None
    assert scores.dimensions[D.COMPETENCE] == 4.0
    assert scores.overall is None
    # the remaining benevolence item still counts for its type
    assert scores.types[T.AFFECTIVE] == 4.0


def test_type_with_no_answered_item_is_none() -> None:
    answers = {
        code: 4 for code in ITEM_CODES if code not in {"integrity_2", "integrity_3", "loyalty_2"}
    }
    scores = score_answers(answers)
    assert scores.types[T.BEHAVIORAL] is None
    assert scores.dimensions[D.INTEGRITY] is None  # only integrity_1 left
    assert scores.overall is None


def test_no_answers_at_all() -> None:
    scores = score_answers({})
    assert set(scores.dimensions) == set(TrustDimension)
    assert set(scores.types) == set(TrustType)
    assert all(value is None for value in scores.dimensions.values())
    assert all(value is None for value in scores.types.values())
    assert scores.overall is None


def test_scoring_refuses_unknown_items_and_bad_ratings() -> None:
    with pytest.raises(AnswerError, match="unknown item"):
        score_answers({"loyalty_4": 3})
    with pytest.raises(AnswerError, match="not 0"):
        score_answers({"loyalty_1": 0})


def test_scores_keep_vocabulary_order() -> None:
    scores = score_answers(all_answered())
    assert list(scores.dimensions) == list(TrustDimension)
    assert list(scores.types) == list(TrustType)


def test_scores_are_frozen_and_hashable() -> None:
    scores = score_answers(all_answered())
    with pytest.raises(TypeError):
        scores.dimensions[D.COMPETENCE] = 1.0  # type: ignore[index]
    with pytest.raises(AttributeError):
        scores.overall = 1.0  # type: ignore[misc]
    assert hash(scores) == hash(score_answers(all_answered()))
    assert scores == score_answers(all_answered())
    assert scores != score_answers(all_answered(3))


def test_scores_copy_a_mapping_passed_in() -> None:
    dimensions: dict[TrustDimension, float | None] = dict.fromkeys(TrustDimension, 3.0)
    scores = TrustScores(dimensions=dimensions, types=dict.fromkeys(TrustType, 3.0), overall=3.0)
    dimensions[D.COMPETENCE] = 1.0
    assert scores.dimensions[D.COMPETENCE] == 3.0


# --- levels ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (5.0, TrustLevel.HIGH),
        (4.0, TrustLevel.HIGH),
        (3.99, TrustLevel.MEDIUM),
        (3.995, TrustLevel.HIGH),  # rounds to 4.00 first
        (3.994, TrustLevel.MEDIUM),
        (3.0, TrustLevel.MEDIUM),
        (2.99, TrustLevel.LOW),
        (2.995, TrustLevel.MEDIUM),
        (1.0, TrustLevel.LOW),
        (None, None),
    ],
)
def test_trust_level_default_thresholds(score: float | None, level: TrustLevel | None) -> None:
    assert trust_level(score) is level


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (4.5, TrustLevel.HIGH),
        (4.49, TrustLevel.MEDIUM),
        (3.5, TrustLevel.MEDIUM),
        (3.49, TrustLevel.LOW),
    ],
)
def test_trust_level_program_thresholds(score: float, level: TrustLevel) -> None:
    assert trust_level(score, TrustThresholds(high=4.5, medium=3.5)) is level


def test_equal_thresholds_leave_no_medium() -> None:
    thresholds = TrustThresholds(high=3.0, medium=3.0)
    assert trust_level(3.0, thresholds) is TrustLevel.HIGH
    assert trust_level(2.99, thresholds) is TrustLevel.LOW


def test_level_from_scored_answers_at_the_boundary() -> None:
    # 3 everywhere → 3.00 exactly → medium; one item lower in each dimension tips it low.
    assert trust_level(score_answers(all_answered(3)).overall) is TrustLevel.MEDIUM
    answers = all_answered(3)
    answers["competence_1"] = 2  # competence 2.67 → overall (2.67 + 9) / 4 = 2.9175 → 2.92
    assert score_answers(answers).overall == 2.92
    assert trust_level(score_answers(answers).overall) is TrustLevel.LOW


# --- properties -----------------------------------------------------------------------

ratings = st.integers(min_value=1, max_value=5)
full_answers = st.fixed_dictionaries({code: ratings for code in ITEM_CODES})
partial_answers = st.dictionaries(st.sampled_from(ITEM_CODES), ratings)


def _decimals(value: float) -> int:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _given(answers: dict[str, int], belongs: Callable[[QuestionnaireItem], bool]) -> list[int]:
    return [answers[item.code] for item in ITEMS if belongs(item) and item.code in answers]


@given(full_answers)
def test_full_answers_are_valid_and_fully_scored(answers: dict[str, int]) -> None:
    validate_answers(answers)
    scores = score_answers(answers)
    assert all(value is not None for value in scores.dimensions.values())
    assert all(value is not None for value in scores.types.values())
    assert scores.overall is not None


@given(partial_answers)
def test_every_score_is_on_the_scale_with_two_decimals(answers: dict[str, int]) -> None:
    scores = score_answers(answers)
    values = [*scores.dimensions.values(), *scores.types.values(), scores.overall]
    for value in values:
        if value is not None:
            assert 1.0 <= value <= 5.0
            assert _decimals(value) <= 2


@given(partial_answers)
def test_scores_lie_between_the_lowest_and_highest_rating(answers: dict[str, int]) -> None:
    scores = score_answers(answers)
    for dimension, value in scores.dimensions.items():
        given_ratings = _given(answers, lambda item, d=dimension: item.dimension is d)
        if value is None:
            assert len(given_ratings) < 2
        else:
            assert len(given_ratings) >= 2
            assert min(given_ratings) <= value <= max(given_ratings)


@given(partial_answers)
def test_dimension_and_type_scores_are_rounded_exact_means(answers: dict[str, int]) -> None:
    scores = score_answers(answers)
    for trust_type, value in scores.types.items():
        given_ratings = _given(answers, lambda item, t=trust_type: item.trust_type is t)
        expected = (
            round_half_up(Fraction(sum(given_ratings), len(given_ratings)), 2)
            if given_ratings
            else None
        )
        assert value == expected


@given(partial_answers)
def test_overall_needs_all_four_dimensions(answers: dict[str, int]) -> None:
    scores = score_answers(answers)
    complete = all(value is not None for value in scores.dimensions.values())
    assert (scores.overall is not None) == complete
    if complete:
        dims = [Decimal(repr(v)) for v in scores.dimensions.values() if v is not None]
        assert scores.overall == round_half_up(sum(dims) / 4, 2)
        assert abs(Decimal(repr(scores.overall)) - sum(dims) / 4) <= Decimal("0.005")


@given(ratings)
def test_the_same_rating_everywhere_scores_that_rating(rating: int) -> None:
    scores = score_answers(all_answered(rating))
    assert scores.overall == float(rating)
    assert set(scores.dimensions.values()) == {float(rating)}
    assert set(scores.types.values()) == {float(rating)}


@given(full_answers, st.sampled_from(ITEM_CODES))
def test_raising_one_rating_never_lowers_a_score(answers: dict[str, int], code: str) -> None:
    if answers[code] == 5:
        return
    before = score_answers(answers)
    after = score_answers({**answers, code: answers[code] + 1})
    assert after.overall is not None and before.overall is not None
    assert after.overall >= before.overall
    for dimension in TrustDimension:
        assert after.dimensions[dimension] >= before.dimensions[dimension]  # type: ignore[operator]
    for trust_type in TrustType:
        assert after.types[trust_type] >= before.types[trust_type]  # type: ignore[operator]


@given(partial_answers)
def test_scoring_does_not_depend_on_answer_order(answers: dict[str, int]) -> None:
    reordered = dict(reversed(list(answers.items())))
    assert score_answers(reordered) == score_answers(answers)


@given(
    st.floats(min_value=1.0, max_value=5.0, allow_nan=False),
    st.floats(min_value=1.0, max_value=5.0, allow_nan=False),
)
def test_trust_level_is_monotone(first: float, second: float) -> None:
    order = [TrustLevel.LOW, TrustLevel.MEDIUM, TrustLevel.HIGH]
    low, high = sorted([first, second])
    level_low, level_high = trust_level(low), trust_level(high)
    assert level_low is not None and level_high is not None
    assert order.index(level_low) <= order.index(level_high)


@given(
    st.floats(min_value=1.0, max_value=5.0, allow_nan=False),
    st.floats(min_value=1.0, max_value=5.0, allow_nan=False),
    st.floats(min_value=1.0, max_value=5.0, allow_nan=False),
)
def test_trust_level_agrees_with_the_thresholds(score: float, a: float, b: float) -> None:
    medium, high = sorted([round_score(a), round_score(b)])
    thresholds = TrustThresholds(high=high, medium=medium)
    rounded = round_score(score)
    level = trust_level(score, thresholds)
    if rounded >= high:
        assert level is TrustLevel.HIGH
    elif rounded >= medium:
        assert level is TrustLevel.MEDIUM
    else:
        assert level is TrustLevel.LOW
