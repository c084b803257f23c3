"""A choice a report takes from the command line or the settings, read from its text."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from mentordesk.errors import MentorDeskError

E = TypeVar("E", bound=Enum)


def parse_choice(choice: type[E], value: str | E, what: str) -> E:
    """The member of ``choice`` that ``value`` names (any case, spaces around ignored);
    a sentence naming ``what`` and the allowed values otherwise."""
    if isinstance(value, choice):
        return value
    try:
        return choice(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(str(member.value) for member in choice)
        raise MentorDeskError(f"Unknown {what} “{value}”: use one of {allowed}.") from None
