"""Limits of the program file format: what a file may hold, so a hostile one is refused unread."""

from __future__ import annotations

FORMAT = "mentordesk-program"
"""The value of a program file's ``format`` field."""

FORMAT_VERSION = 1
"""The version of the format this MentorDesk writes and reads."""

FILE_SUFFIX = ".mentordesk.json"
"""The usual ending of a program file's name."""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""A program file larger than this is refused before it is read. (A program of 10,000
pairs with a year of history exports to about 85 MB; real programs are far smaller.)"""

MAX_NAME_CHARS = 200
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 20_000
MAX_KEY_CHARS = 64
MAX_EMAIL_CHARS = 320
MAX_EMPLOYEE_ID_CHARS = 64
MAX_TAG_CHARS = 100
MAX_TAGS = 50
MAX_PEOPLE = 200_000
MAX_PAIRS = 100_000
MAX_PER_PAIR = 10_000
"""At most this many goals, activities, assessments, … in one pair."""
MAX_STEPS = 500
MAX_CONFLICTS = 100_000
MAX_WORKSHOPS = 10_000
MAX_ATTENDEES = 200_000
MAX_CADENCE_DAYS = 365
MAX_MINUTES = 1440
MAX_CAPACITY = 50
DEFAULT_CADENCE_DAYS = 14

MAX_PROBLEMS_SHOWN = 20
"""How many problems the error message lists; the rest are counted."""

_MAX_PROBLEMS_KEPT = 1000
