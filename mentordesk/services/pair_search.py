"""Finding a pair by name as the coordinator types: the first few matches, from the database.

The pair page's "go to a pair" box asks this on each pause in typing. It never reads the
whole roster: one query with a limit, so a program of 100,000 pairs answers as fast as a
small one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import PairStatus
from mentordesk.services.common import like_pattern
from mentordesk.store.models import Pair, Person

MATCHES_SHOWN = 50
"""How many pairs the box offers at most: more than a list can show, fewer than a read of
the roster would cost."""


@dataclass(frozen=True)
class PairMatch:
    """One pair offered by the box: who, its status and when it started."""

    pair_id: int
    mentor_name: str
    mentee_name: str
    status: PairStatus
    start_date: date


def find_pairs(
    session: Session, program_id: int | None, text: str, limit: int = MATCHES_SHOWN
) -> list[PairMatch]:
    """The pairs of ``program_id`` (every program when None) where each word of ``text``
    is part of the mentor's or the mentee's name (any case); at most ``limit`` of them, put
    in order by mentor then mentee. No words: no pairs (the box asks once something is
    typed)."""
    words = text.split()
    if not words or limit <= 0:
        return []
    mentor = aliased(Person)
    mentee = aliased(Person)
    query = (
        select(Pair.id, mentor.name, mentee.name, Pair.status, Pair.start_date)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
    )
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    for word in words:
        # The people named first (read from the name index alone), then their pairs: the
        # people's rows are read only for the pairs returned.
        named = select(Person.id).where(Person.name.ilike(like_pattern(word), escape="\\"))
        query = query.where(or_(Pair.mentor_id.in_(named), Pair.mentee_id.in_(named)))
    # No ORDER BY in SQL: sorting every match of a short word would read them all; the
    # first ``limit`` found are put in order here (type more to narrow them).
    found = [
        PairMatch(pair_id, mentor_name, mentee_name, PairStatus(status), start_date)
        for pair_id, mentor_name, mentee_name, status, start_date in session.execute(
            query.limit(limit)
        )
    ]
    return sorted(found, key=lambda match: (match.mentor_name, match.mentee_name, match.pair_id))
