"""Observed consistency over the 90-day window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.domain.consistency import (
    OBSERVATION_DAYS,
    ActivityFact,
    Consistency,
    observation_window,
    observed_consistency,
)
from mentordesk.domain.vocabularies import ActivityKind, ActivityOutcome

AS_OF = date(2027, 6, 30)
K, Out = ActivityKind, ActivityOutcome


def days_before(
    days: int, kind: ActivityKind = K.CHECKIN, outcome: ActivityOutcome = Out.HELD
) -> ActivityFact:
    return ActivityFact(on=AS_OF - timedelta(days=days), kind=kind, outcome=outcome)


def test_window_is_ninety_days_including_the_day_asked_about() -> None:
    first, last = observation_window(AS_OF)
    assert last == AS_OF
    assert first == AS_OF - timedelta(days=89)
    assert (last - first).days + 1 == OBSERVATION_DAYS == 90


def test_no_activity() -> None:
    result = observed_consistency([], AS_OF, 14)
    assert result == Consistency(
        held=0,
        total=0,
        held_checkins=0,
        expected_checkins=90 / 14,
        held_share=None,
        adherence=0.0,
    )


@pytest.mark.parametrize(
    ("days", "counted"),
    [(-1, False), (0, True), (1, True), (88, True), (89, True), (90, False), (400, False)],
)
def test_window_edges(days: int, counted: bool) -> None:
    result = observed_consistency([days_before(days)], AS_OF, 14)
    assert result.total == int(counted)
    assert result.held_checkins == int(counted)


def test_held_share_counts_every_kind_and_missed_or_cancelled_against_it() -> None:
    activities = [
        days_before(1),
        days_before(10, K.WORKSHOP),
        days_before(20, K.NETWORKING, Out.MISSED),
        days_before(30, K.PROJECT),
        days_before(40, K.CHECKIN, Out.CANCELLED),
        days_before(50, K.PEER_SESSION),
    ]
    result = observed_consistency(activities, AS_OF, 14)
    assert (result.held, result.total) == (4, 6)
    assert result.held_share == 0.6667
    assert result.held_checkins == 1


def test_adherence_counts_held_checkins_only() -> None:
    # cadence 14 → 90/14 = 6.43 expected; 6 held check-ins → 84/90 = 0.93333…
    activities = [days_before(day) for day in (0, 14, 28, 42, 56, 70)]
    activities += [days_before(80, K.CHECKIN, Out.MISSED), days_before(81, K.WORKSHOP)]
    result = observed_consistency(activities, AS_OF, 14)
    assert result.held_checkins == 6
    assert result.expected_checkins == pytest.approx(6.428571, abs=1e-6)
    assert result.adherence == 0.9333


def test_adherence_is_capped_at_one() -> None:
    activities = [days_before(day) for day in range(0, 90, 7)]  # 13 check-ins, cadence 14
    result = observed_consistency(activities, AS_OF, 14)
    assert result.held_checkins == 13
    assert result.adherence == 1.0


def test_adherence_exactly_on_schedule() -> None:
    # cadence 30 → 3 expected; 3 held → exactly 1.0, 2 → 0.6667
    three = [days_before(day) for day in (0, 30, 60)]
    assert observed_consistency(three, AS_OF, 30).adherence == 1.0
    assert observed_consistency(three[:2], AS_OF, 30).adherence == 0.6667


def test_cadence_longer_than_the_window() -> None:
    # cadence 120 → 0.75 expected; a single held check-in already meets it
    result = observed_consistency([days_before(5)], AS_OF, 120)
    assert result.expected_checkins == 0.75
    assert result.adherence == 1.0


def test_held_share_rounds_half_up_to_four_places() -> None:
    # 1 of 32 = 0.03125 → 0.0313
    activities = [days_before(0)] + [days_before(day, outcome=Out.MISSED) for day in range(1, 32)]
    result = observed_consistency(activities, AS_OF, 14)
    assert result.total == 32
    assert result.held_share == 0.0313


@pytest.mark.parametrize("cadence", [0, -7, True, 14.0])
def test_cadence_must_be_a_positive_whole_number(cadence: object) -> None:
    with pytest.raises(ValueError, match="cadence"):
        observed_consistency([], AS_OF, cadence)  # type: ignore[arg-type]


def test_accepts_any_iterable() -> None:
    result = observed_consistency(iter([days_before(3)]), AS_OF, 14)
    assert result.total == 1


outcomes = st.sampled_from(list(ActivityOutcome))
kinds = st.sampled_from(list(ActivityKind))
activity_facts = st.builds(
    ActivityFact,
    on=st.integers(min_value=-20, max_value=150).map(lambda d: AS_OF - timedelta(days=d)),
    kind=kinds,
    outcome=outcomes,
)


@given(st.lists(activity_facts, max_size=40), st.integers(min_value=1, max_value=120))
def test_consistency_properties(activities: list[ActivityFact], cadence: int) -> None:
    result = observed_consistency(activities, AS_OF, cadence)
    assert 0 <= result.held_checkins <= result.held <= result.total
    assert result.total == sum(1 for a in activities if 0 <= (AS_OF - a.on).days <= 89)
    assert result.adherence is not None
    assert 0.0 <= result.adherence <= 1.0
    if result.total:
        assert result.held_share is not None
        assert abs(result.held_share - result.held / result.total) <= 0.00005 + 1e-12
    else:
        assert result.held_share is None
    expected_adherence = min(1.0, result.held_checkins * cadence / 90)
    assert abs(result.adherence - expected_adherence) <= 0.00005 + 1e-12


# --- the window since the pair's start (DOMAIN.md, corrected rule) ------------------------


def test_first_day_of_a_pair_is_too_new_never_zero() -> None:
    """On the pair's first day, having met, adherence was 10 % (1 of 90/14); now: too new."""
    result = observed_consistency([days_before(0)], AS_OF, 14, start=AS_OF)
    assert result.too_new
    assert result.adherence is None
    assert (result.held_checkins, result.held_share, result.window_days) == (1, 1.0, 0)


@pytest.mark.parametrize(("days", "too_new"), [(0, True), (13, True), (14, False), (40, False)])
def test_too_new_until_one_cadence_has_passed(days: int, too_new: bool) -> None:
    start = AS_OF - timedelta(days=days)
    result = observed_consistency([], AS_OF, 14, start=start)
    assert result.too_new is too_new
    assert (result.adherence is None) is too_new


def test_window_is_the_days_since_the_start_when_shorter_than_ninety() -> None:
    start = AS_OF - timedelta(days=28)  # two cadences: two check-ins expected
    activities = [days_before(20), days_before(6)]
    result = observed_consistency(activities, AS_OF, 14, start=start)
    assert (result.window_days, result.expected_checkins) == (28, 2.0)
    assert result.adherence == 1.0
    assert observed_consistency(activities[:1], AS_OF, 14, start=start).adherence == 0.5
    # An activity before the start is outside the window.
    early = observed_consistency([days_before(30)], AS_OF, 14, start=start)
    assert (early.total, early.adherence) == (0, 0.0)


def test_an_older_pair_keeps_the_ninety_day_window() -> None:
    start = AS_OF - timedelta(days=400)
    result = observed_consistency([days_before(10)], AS_OF, 14, start=start)
    assert result == observed_consistency([days_before(10)], AS_OF, 14)
    assert result.window_days == OBSERVATION_DAYS and not result.too_new


def test_a_pair_starting_after_the_day_is_too_new() -> None:
    result = observed_consistency([], AS_OF, 14, start=AS_OF + timedelta(days=3))
    assert result.too_new and result.adherence is None and result.window_days == 0
