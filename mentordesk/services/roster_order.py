"""The roster a window at a time: which pairs it shows, in which order, and which match a search.

A program of 100,000 pairs cannot be held in the window as rows. The database
answers three questions instead, each with one query:

* :func:`roster_order`: the ids of the pairs passing the filters, in the order
  of a column (ties by mentor, then mentee, then pair number). Only ids travel:
  the window keeps them in a compact array and reads the rows it shows, a page
  at a time, with :func:`mentordesk.services.roster.roster_rows`.
* :func:`roster_matches`: the pairs whose mentor or mentee holds every word
  searched for in a name, email or department. On SQLite the words of three
  characters or more are looked up in the trigram index of migration 0009;
  shorter words are checked on the pairs the longer ones found (or, alone, on
  every person). On PostgreSQL ``ILIKE`` does it, with the trigram indexes
  when the server allowed them.
* :func:`roster_count`: the pairs of the roster, shown or not.

Health is read from the verdicts kept in ``risk_verdict`` (migration 0008) that
still hold for the day; a pair without one counts as not judged. Sorting or
filtering by health therefore needs the verdicts kept first
(:func:`mentordesk.services.risk.assess_program` keeps what it judges).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import (
    ActivityOutcome,
    Health,
    MentorshipModel,
    PairStatus,
)
from mentordesk.services.common import AnySelect, latest_mentee_score, like_pattern
from mentordesk.services.workshops import last_shared_workshop_day
from mentordesk.store.models import (
    Activity,
    Pair,
    Person,
    Program,
    RiskEpoch,
    RiskVerdict,
)

#: The columns the roster sorts by, in the words of its headers.
SORTS = (
    "mentor",
    "mentee",
    "program",
    "model",
    "status",
    "start",
    "last_held",
    "trust",
    "health",
    "mentor_department",
    "mentee_department",
)

#: Words shorter than this are not in the trigram index: they are checked row by row.
TRIGRAM = 3

#: The SQLite table of migration 0009 (absent where SQLite has no FTS5).
SEARCH_TABLE = "person_search"


@dataclass(frozen=True)
class RosterChoice:
    """What the roster shows: the program (None: every program), the filters (None:
    any) and the column it is sorted by. ``as_of`` is the day health is judged for."""

    program_id: int | None
    statuses: frozenset[PairStatus] | None = None
    models: frozenset[MentorshipModel] | None = None
    health: frozenset[Health] | None = None
    only: frozenset[int] | None = None
    sort: str = "mentor"
    descending: bool = False
    as_of: date | None = None

    @property
    def every_pair(self) -> bool:
        """Whether no filter leaves any pair of the program out."""
        return all(kept is None for kept in (self.statuses, self.models, self.health, self.only))

    @property
    def needs_verdicts(self) -> bool:
        """Whether the order depends on the kept risk verdicts."""
        return self.health is not None or self.sort == "health"


def search_words(text: str) -> tuple[str, ...]:
    """The words a search looks for, casefolded, each at most once."""
    return tuple(dict.fromkeys(text.casefold().split()))


def roster_count(session: Session, program_id: int | None) -> int:
    """Every pair of the roster (one program's, or every program's), shown or not."""
    query = select(func.count(Pair.id))
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    return int(session.scalar(query) or 0)


def _fresh_verdict() -> ColumnElement[bool]:
    epoch = select(RiskEpoch.epoch).where(RiskEpoch.id == 1).scalar_subquery()
    return and_(RiskVerdict.judged_stamp == RiskVerdict.stamp, RiskVerdict.epoch == epoch)


def _rank(column: Any, members: Iterable[Any]) -> ColumnElement[int]:
    return case({member.value: rank for rank, member in enumerate(members)}, value=column)


def _last_held() -> ColumnElement[Any]:
    held = (
        select(func.max(Activity.day))
        .where(Activity.pair_id == Pair.id, Activity.outcome == ActivityOutcome.HELD.value)
        .correlate(Pair)
        .scalar_subquery()
    )
    shared = last_shared_workshop_day()
    return case((held.is_(None), shared), (shared.is_(None), held), (held > shared, held),
                else_=shared)  # fmt: skip


def roster_order(session: Session, choice: RosterChoice) -> array[int]:
    """The ids of the pairs ``choice`` shows, in its order.

    Ascending puts the empty values first (no activity held, not assessed, not
    judged), as the roster always did; descending reverses every key, ties too.
    """
    # A chosen set of pairs (a tile's) is not kept: it can be a program's worth of ids.
    make = _order_query if choice.only is None else _order_query.__wrapped__
    query = make(choice, choice.as_of or date.today())
    # The driver's own rows, not SQLAlchemy's: for the 100,000 ids of a large program
    # that is a quarter of the time, and an id needs no processing.
    result = session.connection().execute(query)
    try:
        return array("q", [pair_id for (pair_id,) in result.cursor.fetchall()])
    finally:
        result.close()


@lru_cache(maxsize=32)
def _order_query(choice: RosterChoice, as_of: date) -> AnySelect:
    """The query of :func:`roster_order`, made once per choice and day: making it (the
    aliases adapted to each key) took as long as running it on a small program."""
    mentor, mentee = aliased(Person), aliased(Person)
    query = (
        select(Pair.id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
    )
    if choice.program_id is not None:
        query = query.where(Pair.program_id == choice.program_id)
    if choice.statuses is not None:
        query = query.where(Pair.status.in_(sorted(s.value for s in choice.statuses)))
    if choice.models is not None:
        query = query.where(Pair.model.in_(sorted(m.value for m in choice.models)))
    if choice.only is not None:
        query = query.where(Pair.id.in_(sorted(choice.only)))
    health = None
    if choice.needs_verdicts:
        judged = and_(
            Pair.status == PairStatus.ACTIVE.value,
            Pair.start_date <= as_of,
            RiskVerdict.as_of == as_of,
            _fresh_verdict(),
        )
        query = query.outerjoin(RiskVerdict, RiskVerdict.pair_id == Pair.id)
        health = case((judged, RiskVerdict.health), else_=None)
        if choice.health is not None:
            query = query.where(health.in_(sorted(h.value for h in choice.health)))
    keys: list[ColumnElement[Any]] = []
    match choice.sort:
        case "mentee":
            keys = [func.lower(mentee.name)]
        case "program":
            query = query.join(Program, Program.id == Pair.program_id)
            keys = [func.lower(Program.name)]
        case "model":
            keys = [_rank(Pair.model, MentorshipModel)]
        case "status":
            keys = [_rank(Pair.status, PairStatus)]
        case "start":
            keys = [Pair.start_date.expression]
        case "last_held":
            keys = _empty_first(_last_held())
        case "trust":
            keys = _empty_first(latest_mentee_score())
        case "health":
            assert health is not None
            keys = _empty_first(_rank(health, Health))
        case "mentor_department":
            keys = [func.lower(func.coalesce(mentor.department, ""))]
        case "mentee_department":
            keys = [func.lower(func.coalesce(mentee.department, ""))]
    # The roster's natural order breaks every tie.
    keys += [func.lower(mentor.name), func.lower(mentee.name), Pair.id.expression]
    return query.order_by(*(key.desc() if choice.descending else key for key in keys))


def _empty_first(key: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    # SQLite sorts NULL first and PostgreSQL last: say it, the same on both.
    return [case((key.is_(None), 0), else_=1), key]


def has_search_index(session: Session) -> bool:
    """Whether the database has the trigram index of migration 0009 (SQLite with FTS5)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SEARCH_TABLE,)
    ).first()
    return found is not None


def roster_matches(session: Session, program_id: int | None, words: Iterable[str]) -> set[int]:
    """The pairs (of one program, or of every program) where every word is in the
    mentor's or the mentee's name, email or department, case aside."""
    words = tuple(words)
    indexed = has_search_index(session)
    long_words = [word for word in words if indexed and len(word) >= TRIGRAM]
    short_words = [word for word in words if word not in long_words]
    query = select(Pair.id)
    if program_id is not None:
        query = query.where(Pair.program_id == program_id)
    # Each indexed word: the pairs of the people the index finds, through the pairs'
    # mentor and mentee indexes. These find few pairs.
    for word in long_words:
        sides = _pairs_of_people(_people_indexed(word), program_id).subquery()
        query = query.where(Pair.id.in_(select(sides.c.id)))
    if short_words:
        # The short words are checked on the pairs the indexed words found, or on all.
        mentor, mentee = aliased(Person), aliased(Person)
        query = query.join(mentor, mentor.id == Pair.mentor_id).join(
            mentee, mentee.id == Pair.mentee_id
        )
        for word in short_words:
            pattern = like_pattern(word)
            texts = [
                column
                for person in (mentor, mentee)
                for column in (person.name, person.email, person.department)
            ]
            query = query.where(or_(*(text.ilike(pattern, escape="\\") for text in texts)))
    return {pair_id for (pair_id,) in session.execute(query)}


def matches_among(session: Session, pair_ids: Iterable[int], words: Iterable[str]) -> set[int]:
    """Those of ``pair_ids`` (a few thousand at most: a search being narrowed) where every
    word is in the mentor's or the mentee's name, email or department, case aside.

    Their texts are read by pair number and matched here, casefolded, so that "ø"
    finds "Ø" as the index does."""
    words = tuple(words)
    ids = sorted(set(pair_ids))
    found: set[int] = set()
    mentor, mentee = aliased(Person), aliased(Person)
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(Pair.id, *(column for person in (mentor, mentee)
                              for column in (person.name, person.email, person.department)))
            .join(mentor, mentor.id == Pair.mentor_id)
            .join(mentee, mentee.id == Pair.mentee_id)
            .where(Pair.id.in_(ids[start : start + _CHUNK]))
        )
        for pair_id, *texts in session.execute(query):
            text = "\n".join(part for part in texts if part).casefold()
            if all(word in text for word in words):
                found.add(pair_id)
    return found


#: Pair numbers per query (well under the bound parameters a database takes).
_CHUNK = 2_000


def _people_indexed(word: str) -> Any:
    """The people whose name, email or department holds ``word`` (three characters or
    more), from the trigram index: a quoted phrase, so nothing in it is an operator."""
    phrase = '"' + word.replace('"', '""') + '"'
    index = table(SEARCH_TABLE, column("rowid"))
    return select(index.c.rowid).where(literal_column(SEARCH_TABLE).op("MATCH")(phrase))


def _pairs_of_people(people: Any, program_id: int | None) -> Any:
    """The pairs whose mentor or mentee is one of ``people``: each side through its index."""
    sides = []
    for side in (Pair.mentor_id, Pair.mentee_id):
        query = select(Pair.id).where(side.in_(people))
        if program_id is not None:
            query = query.where(Pair.program_id == program_id)
        sides.append(query)
    return union(*sides)
