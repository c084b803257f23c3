"""A goal is overdue when its target date has passed and it is still open."""

from __future__ import annotations

from datetime import date

import pytest

from mentordesk.domain.goals import is_overdue
from mentordesk.domain.vocabularies import GoalStatus

DAY = date(2027, 6, 30)


@pytest.mark.parametrize(
    ("status", "target", "overdue"),
    [
        (GoalStatus.OPEN, date(2027, 6, 29), True),
        (GoalStatus.OPEN, DAY, False),  # due today is not yet overdue
        (GoalStatus.OPEN, date(2027, 7, 1), False),
        (GoalStatus.OPEN, None, False),
        (GoalStatus.ACHIEVED, date(2027, 1, 1), False),
        (GoalStatus.DROPPED, date(2027, 1, 1), False),
        ("open", date(2027, 1, 1), True),
    ],
)
def test_is_overdue(status: GoalStatus, target: date | None, overdue: bool) -> None:
    assert is_overdue(status, target, DAY) is overdue
