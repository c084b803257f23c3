"""Observed consistency: behavioral trust as it shows in the pair's activity log.

DOMAIN.md, "Observed consistency": over the observation window — the 90 days
up to the day asked about, or the days since the pair started when that is
shorter — the share of the pair's activities that were held, and check-in
adherence = held check-ins ÷ (window days ÷ cadence), capped at 100 %. A pair
that started less than one cadence ago has no adherence yet ("too new"), never 0 %.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from mentordesk.domain.scoring import round_half_up
from mentordesk.domain.vocabularies import ActivityKind, ActivityOutcome

OBSERVATION_DAYS = 90
"""Length of the observation window, in days, ending on (and including) the day asked about."""

SHARE_PLACES = 4
"""Decimal places the held share and the adherence are rounded to (half up)."""


@dataclass(frozen=True)
class ActivityFact:
    """One activity of a pair as the rules see it: when, what kind, and how it went.

    Workshops both members attended are passed in as held activities of kind
    ``workshop``, like any other.
    """

    on: date
    kind: ActivityKind
    outcome: ActivityOutcome


@dataclass(frozen=True)
class Consistency:
    """What the activity log says about a pair's reliability over the observation window.

    ``held`` of ``total`` activities in the window were held; ``held_checkins``
    of them were check-ins, against ``expected_checkins`` = window days ÷
    cadence. ``held_share`` is held ÷ total (None when there was no activity)
    and ``adherence`` is held check-ins ÷ expected, capped at 1.0; both rounded
    to four decimals. ``window_days`` is 90, or the days since the start when
    fewer; ``too_new`` says the pair started less than one cadence ago, and
    then ``adherence`` is None (no adherence yet, not 0 %).
    """

    held: int
    total: int
    held_checkins: int
    expected_checkins: float
    held_share: float | None
    adherence: float | None
    window_days: int = OBSERVATION_DAYS
    too_new: bool = False


_WINDOW_BEFORE = timedelta(days=OBSERVATION_DAYS - 1)
"""From the window's first day to its last (the day asked about)."""


def observation_window(as_of: date, start: date | None = None) -> tuple[date, date]:
    """The first and last day of the observation window for ``as_of``, both included.

    The window is the 90 days up to and including ``as_of`` (from
    ``as_of - 89 days``), or, for a pair that started later than that, from its
    ``start``.
    """
    first = as_of - _WINDOW_BEFORE
    if start is not None and start > first:
        first = start
    return first, as_of


def window_days(as_of: date, start: date | None = None) -> int:
    """How many days the observation window is worth in expected check-ins: 90, or the
    days since ``start`` when fewer (0 on the start day, never below 0)."""
    if start is None:
        return OBSERVATION_DAYS
    return max(0, min(OBSERVATION_DAYS, (as_of - start).days))


def observed_consistency(
    activities: Iterable[ActivityFact],
    as_of: date,
    cadence_days: int,
    start: date | None = None,
) -> Consistency:
    """Observed consistency of a pair's activities over the window ending on ``as_of``.

    Only activities dated from ``as_of - 89 days`` (or from the pair's
    ``start``, when later) to ``as_of`` (both included) count; the expected
    check-ins are the window's days ÷ cadence. A pair whose ``start`` is less
    than one cadence before ``as_of`` is ``too_new``: its adherence is None.
    Held check-ins are held activities of kind ``checkin``; other held
    activities count toward the held share only. ``cadence_days`` is the
    effective check-in cadence (the pair's own, else the program's) and must be
    at least 1. Without ``start`` the window is the full 90 days.
    """
    if isinstance(cadence_days, bool) or not isinstance(cadence_days, int) or cadence_days < 1:
        raise ValueError(
            "The check-in cadence must be a whole number of days, at least 1; "
            f"got {cadence_days!r}."
        )
    first, last = observation_window(as_of, start)
    days = window_days(as_of, start)
    too_new = start is not None and (as_of - start).days < cadence_days
    held = total = held_checkins = 0
    # Local names: this loop runs for every activity of every pair of a program.
    held_outcome, checkin = ActivityOutcome.HELD, ActivityKind.CHECKIN
    for activity in activities:
        if not first <= activity.on <= last:
            continue
        total += 1
        if activity.outcome is held_outcome:
            held += 1
            if activity.kind is checkin:
                held_checkins += 1
    held_share, adherence, expected = _shares(held, total, held_checkins, cadence_days, days)
    return Consistency(
        held=held,
        total=total,
        held_checkins=held_checkins,
        expected_checkins=expected,
        held_share=held_share,
        adherence=None if too_new else adherence,
        window_days=days,
        too_new=too_new,
    )


# The exact ratios depend on five small whole numbers, and a program's thousands
# of pairs share a few hundred combinations: each is worked out once.
@functools.lru_cache(maxsize=4096)
def _shares(
    held: int, total: int, held_checkins: int, cadence_days: int, days: int
) -> tuple[float | None, float | None, float]:
    """(held share, adherence, expected check-ins) for the window's counts; adherence is
    None when no check-in is expected yet (a window of 0 days)."""
    expected = Fraction(days, cadence_days)
    held_share = round_half_up(Fraction(held, total), SHARE_PLACES) if total else None
    if not expected:
        return held_share, None, 0.0
    adherence = round_half_up(min(Fraction(1), held_checkins / expected), SHARE_PLACES)
    return held_share, adherence, float(expected)
