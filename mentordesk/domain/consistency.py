"""Observed consistency: behavioral trust as it shows in the pair's activity log.

DOMAIN.md, "Observed consistency": over the 90 days up to the day asked about,
the share of the pair's activities that were held, and check-in adherence =
held check-ins ÷ (90 ÷ cadence), capped at 100 %.
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
    of them were check-ins, against ``expected_checkins`` = 90 ÷ cadence.
    ``held_share`` is held ÷ total (None when there was no activity) and
    ``adherence`` is held check-ins ÷ expected, capped at 1.0; both rounded to
    four decimals.
    """

    held: int
    total: int
    held_checkins: int
    expected_checkins: float
    held_share: float | None
    adherence: float | None


def observation_window(as_of: date) -> tuple[date, date]:
    """The first and last day of the observation window for ``as_of``, both included.

    The window is the 90 days up to and including ``as_of``: from
    ``as_of - 89 days`` to ``as_of``.
    """
    return as_of - timedelta(days=OBSERVATION_DAYS - 1), as_of


def observed_consistency(
    activities: Iterable[ActivityFact], as_of: date, cadence_days: int
) -> Consistency:
    """Observed consistency of a pair's activities over the window ending on ``as_of``.

    Only activities dated from ``as_of - 89 days`` to ``as_of`` (both included)
    count. Held check-ins are held activities of kind ``checkin``; other held
    activities count toward the held share only. ``cadence_days`` is the
    effective check-in cadence (the pair's own, else the program's) and must be
    at least 1. ``adherence`` is never None for a valid cadence (it is 0.0 when
    no check-in was held); the field allows None for callers that have no
    cadence to report.
    """
    if isinstance(cadence_days, bool) or not isinstance(cadence_days, int) or cadence_days < 1:
        raise ValueError(
            "The check-in cadence must be a whole number of days, at least 1; "
            f"got {cadence_days!r}."
        )
    first, last = observation_window(as_of)
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
    held_share, adherence, expected = _shares(held, total, held_checkins, cadence_days)
    return Consistency(
        held=held,
        total=total,
        held_checkins=held_checkins,
        expected_checkins=expected,
        held_share=held_share,
        adherence=adherence,
    )


# The exact ratios depend on four small whole numbers, and a program's thousands
# of pairs share a few hundred combinations: each is worked out once.
@functools.lru_cache(maxsize=4096)
def _shares(
    held: int, total: int, held_checkins: int, cadence_days: int
) -> tuple[float | None, float, float]:
    """(held share, adherence, expected check-ins) for the window's counts."""
    expected = Fraction(OBSERVATION_DAYS, cadence_days)
    held_share = round_half_up(Fraction(held, total), SHARE_PLACES) if total else None
    adherence = round_half_up(min(Fraction(1), held_checkins / expected), SHARE_PLACES)
    return held_share, adherence, float(expected)
