"""Goals: when one is overdue.

DOMAIN.md, "Goal": pair, text, target date, status (open, achieved, dropped).
A goal is *overdue* on a day when its target date has passed and it is still
open; an achieved or dropped goal, or one without a target, never is.
"""

from __future__ import annotations

from datetime import date

from mentordesk.domain.vocabularies import GoalStatus


def is_overdue(status: GoalStatus | str, target: date | None, as_of: date) -> bool:
    """Whether a goal with this status and target date is overdue on ``as_of``: the target
    is before that day and the goal is still open."""
    return target is not None and target < as_of and GoalStatus(status) is GoalStatus.OPEN
