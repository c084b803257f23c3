"""The survey form's field names and values: the stable part of the file format.

Documented in docs/SURVEY_FORM.md; change them only with a new format version
(the token's ``MD1`` prefix), since forms travel for weeks before they return.
"""

from __future__ import annotations

from mentordesk.domain.questionnaire import ITEM_CODES, RATING_MAX, RATING_MIN
from mentordesk.domain.surveys import RECOMMEND_MAX, RECOMMEND_MIN
from mentordesk.domain.vocabularies import GoalOutcome

TOKEN_FIELD = "mentordesk_token"
"""The hidden, read-only text field holding the form's signed identity."""

KEYWORD_PREFIX = "mentordesk-survey-token:"
"""The document metadata's Keywords carry the same token after this prefix."""

COMMENT = "comment"
ANSWERED_ON = "answered_on"
RECOMMEND = "recommend"
KEEP = "keep"
CHANGE = "change"
GOAL_PREFIX = "goal_"

RATING_VALUES = tuple(str(rating) for rating in range(RATING_MIN, RATING_MAX + 1))
RECOMMEND_VALUES = tuple(str(value) for value in range(RECOMMEND_MIN, RECOMMEND_MAX + 1))
GOAL_VALUES = tuple(outcome.value for outcome in GoalOutcome)

ITEM_FIELDS = ITEM_CODES


def goal_field(goal_id: int) -> str:
    """``goal_<n>``, n being the goal's number in the database."""
    return f"{GOAL_PREFIX}{goal_id}"
