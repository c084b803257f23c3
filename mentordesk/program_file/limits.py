"""Limits of the program file format: what a file may hold, so a hostile one is refused unread."""

from __future__ import annotations

FORMAT = "mentordesk-program"
"""The value of a program file's ``format`` field."""

FORMAT_VERSION = 1
"""The version of the format this MentorDesk writes and reads."""

FILE_SUFFIX = ".mentordesk.json"
"""The usual ending of a program file's name."""

MAX_NAME_CHARS = 200
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 20_000
MAX_KEY_CHARS = 64
MAX_EMAIL_CHARS = 320
MAX_EMPLOYEE_ID_CHARS = 64
MAX_TAG_CHARS = 100
MAX_TAGS = 50
MAX_PEOPLE = 500_000
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

PAIR_BYTES = 64 * 1024
"""What a pair's record may take in a program file, as export writes it: a pair with three
years of weekly check-ins, its assessments, conflicts and reviews takes about a third of it
(the demo's pairs average under 5 KB)."""
PERSON_BYTES = 2 * 1024
"""What a person's record may take, as export writes it (a few hundred bytes usually)."""
WORKSHOP_BYTES = 8 * 1024
"""What a workshop's record may take, its attendees' keys included (several hundred)."""


def file_size_cap(
    pairs: int = MAX_PAIRS, people: int = MAX_PEOPLE, workshops: int = MAX_WORKSHOPS
) -> int:
    """The largest program file MentorDesk reads: what export writes for a program of
    ``pairs`` pairs, ``people`` people and ``workshops`` workshops, each record at its
    allowance above, and room for the program's own fields. The cap follows export, so a
    program MentorDesk holds is not exported into a file it then refuses to read back."""
    return (
        pairs * PAIR_BYTES + people * PERSON_BYTES + workshops * WORKSHOP_BYTES + 1024 * 1024
    )


MAX_FILE_BYTES = file_size_cap()
"""A program file larger than this is refused before it is read (about 7 GB)."""
MAX_FILE_BYTES_REASON = (
    f"room for {MAX_PAIRS:,} pairs and {MAX_PEOPLE:,} people with years of history"
)
"""What :data:`MAX_FILE_BYTES` makes room for, in the sentence refusing a larger file."""

MAX_PROBLEMS_SHOWN = 20
"""How many problems the error message lists; the rest are counted."""

_MAX_PROBLEMS_KEPT = 1000
