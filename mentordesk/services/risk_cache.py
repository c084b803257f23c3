"""Risk verdicts kept per pair, so that a refresh judges only what changed.

Judging every active pair on each refresh of the dashboard cost more than
reading the rows they are judged from. The last verdict of each pair is kept in
``risk_verdict`` with the day it was judged for; database triggers (migration
0008) mark a pair's verdict stale in the same transaction as any change of what
it is judged from, whoever makes it: this window, another client of a shared
server, an import, an erasure, a restored backup (whose kept verdicts were
marked by the same triggers when it was written). No service can forget to.

A kept verdict counts when all of these hold:

* its ``judged_stamp`` equals the pair's ``stamp`` (a trigger bumps ``stamp``);
* its ``epoch`` is the current ``risk_epoch`` (bumped by changes that can touch
  any pair: reporting lines, workshops and attendance, a program's rules);
* it was judged for the day asked for (a new day recomputes lazily).

The stamps are read *before* the records the fresh verdicts are judged from,
and a verdict is written only if the stamp is still the one read: a change
committed by someone else in between leaves the pair stale instead of keeping a
verdict judged from the older records.

Writing the verdicts is best effort: on a read-only database, or when another
writer holds the file, the fresh verdicts are returned all the same and kept
another time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import JSON, and_, bindparam, case, cast, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mentordesk.domain.risk import Finding
from mentordesk.domain.vocabularies import Health, MentorshipModel, RiskFlag, TrustLevel
from mentordesk.services.common import AnySelect
from mentordesk.services.risk import (
    PairRiskRow,
    Shape,
    _pairs_query,
    _read,
    active_pair_conditions,
    collector_paused,
    judge_pairs,
    pair_infos,
    selection,
    selection_conditions,
)
from mentordesk.store.models import Pair, RiskEpoch, RiskVerdict

log = logging.getLogger(__name__)

_FEW = 2000
"""Up to this many stale pairs are judged by id; more, and the whole selection is judged."""

_COLUMNS = (
    "pair_id", "stamp", "judged_stamp", "epoch", "as_of", "health", "findings", "trust_score",
    "trust_level", "consistency", "adherence", "too_new",
)  # fmt: skip
_UPDATED = _COLUMNS[2:]


_ARRAY_TYPES = (
    "integer", "integer", "integer", "integer", "date", "text", "text", "float8", "text",
    "float8", "float8", "boolean",
)  # fmt: skip
"""PostgreSQL's array type of each of :data:`_COLUMNS`, for :func:`_keep_statement`."""

_UPSERT = (
    " ON CONFLICT (pair_id) DO UPDATE "
    f"SET {', '.join(f'{column} = excluded.{column}' for column in _UPDATED)} "
    "WHERE risk_verdict.stamp = excluded.stamp"
)


def _keep_statement(parameter: str, *, arrays: bool = False) -> str:
    """The upsert of the verdicts, each written only while its pair's stamp is the one
    read: one row's values per execution, or (``arrays``, PostgreSQL) every row at
    once from one array per column. ``parameter`` is the driver's parameter mark."""
    if arrays:
        columns = ", ".join(f"{parameter}::{kind}[]" for kind in _ARRAY_TYPES)
        rows = f"SELECT * FROM unnest({columns})"
    else:
        rows = f"VALUES ({', '.join([parameter] * len(_COLUMNS))})"
    return f"INSERT INTO risk_verdict ({', '.join(_COLUMNS)}) {rows}{_UPSERT}"


def kept_or_judged(
    session: Session,
    as_of: date,
    program_id: int | None = None,
    pair_ids: Collection[int] | None = None,
) -> list[PairRiskRow]:
    """The verdicts of :func:`mentordesk.services.risk.assess_program`: kept ones where
    they still hold, the others judged afresh (and kept)."""
    with collector_paused():
        return _kept_or_judged(session, as_of, program_id, pair_ids)


def _kept_or_judged(
    session: Session,
    as_of: date,
    program_id: int | None,
    pair_ids: Collection[int] | None,
) -> list[PairRiskRow]:
    found = _kept(session, as_of, program_id, pair_ids, with_previous=False)
    if found is None:
        return []
    order, verdicts, stale, epoch, stale_pairs, shape, parameters, _previous = found
    if stale:
        if len(stale) <= _FEW and len(stale) < len(order):
            # Few: their facts alone are read. Not when every pair is stale (a new day,
            # a first look): the selection itself is then those pairs, and a list of
            # their ids in each query cost more to send and plan than to read through.
            shape = (shape[0], True)
            parameters = {**parameters, "pair_ids": sorted(stale)}
        for verdict in judge_pairs(session, as_of, shape, parameters, stale_pairs):
            verdicts[verdict.pair_id] = verdict
        if epoch is not None:
            _keep(session, [verdicts[pair_id] for pair_id in stale if pair_id in verdicts],
                  stale, epoch, as_of)  # fmt: skip
    # In the order of the pairs query: program, mentor and mentee name.
    return [verdicts[pair_id] for pair_id in order if pair_id in verdicts]


def kept_verdicts(
    session: Session, as_of: date, program_id: int | None = None
) -> tuple[list[PairRiskRow] | None, int]:
    """What can be shown at once, in the order of :func:`assess_program`: the kept
    verdicts that still hold and, for the pairs whose records changed since, their last
    verdict; with how many pairs need judging again. None instead of the verdicts when
    a pair was never judged: figures without it would not add up (a count of pairs
    reviewed above the pairs shown)."""
    found = _kept(session, as_of, program_id, None, with_previous=True)
    if found is None:
        return [], 0
    order, verdicts, stale = found[:3]
    previous = found[7]
    if len(previous) < len(stale):
        return None, len(stale)
    return [verdicts.get(pair_id) or previous[pair_id] for pair_id in order], len(stale)


@dataclass(frozen=True)
class VerdictTally:
    """The active pairs of one model whose verdicts read alike: how many, and the sum and
    count of their check-in adherence. ``health`` None: never judged (no verdict at all)."""

    model: MentorshipModel
    health: Health | None
    trust_level: TrustLevel | None
    too_new: bool
    pairs: int
    adherence_total: float
    adherence_count: int
    stale: int


def _holds(epoch: int | None, as_of: date) -> Any:
    """SQL: the kept verdict of the joined ``risk_verdict`` row still holds for ``as_of``
    (the same test as :func:`_kept`'s, NULL when there is no verdict row)."""
    return and_(
        RiskVerdict.judged_stamp == RiskVerdict.stamp,
        RiskVerdict.epoch == epoch,
        RiskVerdict.as_of == as_of,
    )


def verdict_tallies(
    session: Session, as_of: date, program_id: int | None = None
) -> list[VerdictTally]:
    """The active pairs counted by model, kept health, trust level and "too new", in SQL.

    A pair whose records changed since counts by its last verdict (``stale`` says how
    many of each group did); a pair never judged counts with ``health`` None. When no
    pair is stale, these are exactly the counts of :func:`kept_or_judged`'s rows, without
    reading one verdict into Python.
    """
    session.flush()
    epoch = session.execute(select(RiskEpoch.epoch).where(RiskEpoch.id == 1)).scalar()
    query = (
        select(
            Pair.model,
            RiskVerdict.health,
            RiskVerdict.trust_level,
            RiskVerdict.too_new,
            func.count(Pair.id),
            func.sum(RiskVerdict.adherence),
            func.count(RiskVerdict.adherence),
            func.sum(case((_holds(epoch, as_of), 0), else_=1)),
        )
        .outerjoin(RiskVerdict, RiskVerdict.pair_id == Pair.id)
        .where(*active_pair_conditions(as_of, program_id))
        .group_by(Pair.model, RiskVerdict.health, RiskVerdict.trust_level, RiskVerdict.too_new)
    )
    return [
        VerdictTally(
            model=MentorshipModel(model),
            health=None if health is None else Health(health),
            trust_level=None if health is None or level is None else TrustLevel(level),
            too_new=bool(too_new),
            pairs=int(pairs),
            adherence_total=float(total or 0.0),
            adherence_count=int(counted or 0),
            stale=int(stale or 0),
        )
        for model, health, level, too_new, pairs, total, counted, stale in session.execute(query)
    ]


def stale_pairs(
    session: Session, as_of: date, program_id: int | None = None, limit: int | None = None
) -> list[int]:
    """The active pairs (up to ``limit``, by id) whose kept verdict does not hold for ``as_of``."""
    session.flush()
    epoch = session.execute(select(RiskEpoch.epoch).where(RiskEpoch.id == 1)).scalar()
    query = (
        select(Pair.id)
        .outerjoin(RiskVerdict, RiskVerdict.pair_id == Pair.id)
        .where(
            *active_pair_conditions(as_of, program_id),
            case((_holds(epoch, as_of), False), else_=True),
        )
        .order_by(Pair.id)
        .limit(limit)
    )
    return [int(pair_id) for pair_id in session.execute(query).scalars()]


CHUNK = _FEW
"""Pairs judged per transaction when a whole program is brought up to date: a chunk is
judged by id, holds a few megabytes and commits in well under a second."""


def judge_stale_chunk(
    session: Session, as_of: date, program_id: int | None = None, limit: int = CHUNK
) -> list[int]:
    """Judge and keep up to ``limit`` stale active pairs (the lowest ids first); their ids.

    Called once per transaction, again and again until it returns nothing, it brings a
    program's verdicts up to date with a bounded memory and lets each chunk commit. On a
    database where verdicts cannot be kept (read-only), the same ids come back each time:
    the caller must stop then.
    """
    chosen = stale_pairs(session, as_of, program_id, limit)
    if chosen:
        kept_or_judged(session, as_of, program_id, chosen)
    return chosen


def active_pair_ids(
    session: Session,
    as_of: date,
    program_id: int | None = None,
    *,
    health: Health | None = None,
    assessed: bool = False,
    with_adherence: bool = False,
) -> frozenset[int]:
    """The active pairs whose kept (or last) verdict has ``health``, a trust score
    (``assessed``), an adherence (``with_adherence``); every active pair when none is
    asked. Read when a figure's pairs are asked for, so that no view holds them."""
    conditions = list(active_pair_conditions(as_of, program_id))
    if health is not None:
        conditions.append(RiskVerdict.health == health.value)
    if assessed:
        conditions.append(RiskVerdict.trust_score.is_not(None))
    if with_adherence:
        conditions.append(RiskVerdict.adherence.is_not(None))
    query = select(Pair.id).outerjoin(RiskVerdict, RiskVerdict.pair_id == Pair.id)
    return frozenset(session.execute(query.where(*conditions)).scalars())


ATTENTION_SHOWN = 500
"""The most pressing pairs listed by :func:`attention_verdicts`; the rest are a click away."""


def attention_verdicts(
    session: Session, as_of: date, program_id: int | None = None, limit: int = ATTENTION_SHOWN
) -> list[PairRiskRow]:
    """The ``limit`` most pressing active pairs at risk or on watch by their kept verdicts
    (or a changed pair's last one), in the order of
    :func:`mentordesk.ui.models.attention.needing_attention`: at risk first, the most
    flags first, then by mentor name and as :func:`assess_program` orders them.

    Read in SQL: a program of 100,000 pairs has tens of thousands needing attention,
    too many to read for a list no one scrolls through."""
    shape, parameters = selection(as_of, program_id, None)
    assert shape is not None  # no pair ids asked for
    dialect = session.get_bind().dialect.name
    rows = _read(session, _attention_query(shape, dialect), {**parameters, "shown": limit})
    return [_from_kept(row) for row in rows]


@cache
def _attention_query(shape: Shape, dialect: str) -> AnySelect:
    query = _kept_query(shape)
    findings: Any = RiskVerdict.findings
    if dialect != "sqlite":
        findings = cast(findings, JSON)
    mentor_name = query.selected_columns[4]
    return (
        query.where(RiskVerdict.health.in_((Health.AT_RISK.value, Health.WATCH.value)))
        .order_by(None)
        .order_by(
            case((RiskVerdict.health == Health.AT_RISK.value, 0), else_=1),
            func.json_array_length(findings).desc(),
            mentor_name,
            *query._order_by_clauses,
        )
        .limit(bindparam("shown"))
    )


_Found = tuple[
    list[int],
    dict[int, PairRiskRow],
    dict[int, int],
    int | None,
    list[Any],
    Shape,
    dict[str, Any],
    dict[int, PairRiskRow],
]


def _kept(
    session: Session,
    as_of: date,
    program_id: int | None,
    pair_ids: Collection[int] | None,
    *,
    with_previous: bool,
) -> _Found | None:
    """The pairs to judge in order, their kept verdicts that hold, the stale pairs with
    the stamp read for each, the epoch read, the stale pairs as read (for judging), the
    selection's shape and parameters and the stale pairs' last verdicts (where they have one and
    ``with_previous`` asks for them: judging afresh has no use for them);
    None when ``pair_ids`` is empty."""
    session.flush()  # the caller's own unwritten changes fire the triggers first
    shape, parameters = selection(as_of, program_id, pair_ids)
    if shape is None:
        return None
    # The epoch and the stamps are read before any record a verdict is judged from.
    epoch = session.execute(select(RiskEpoch.epoch).where(RiskEpoch.id == 1)).scalar()
    rows = _read(session, _kept_query(shape), parameters)
    stale_rows = []
    day_text, day = as_of.isoformat(), as_of
    order: list[int] = []
    verdicts: dict[int, PairRiskRow] = {}
    stale: dict[int, int] = {}  # pair → the stamp read before judging it
    previous: dict[int, PairRiskRow] = {}  # stale pair → its last verdict, outdated
    for row in rows:
        pair_id = row[0]
        order.append(pair_id)
        stamp, judged, kept_epoch, kept_day = row[17], row[18], row[19], row[20]
        if (
            judged is not None
            and judged == stamp
            and kept_epoch == epoch
            and kept_day in (day_text, day)
        ):
            verdicts[pair_id] = _from_kept(row)
        else:
            stale[pair_id] = stamp or 0
            stale_rows.append(row)
            if with_previous and row[21] is not None:  # a health was kept once
                previous[pair_id] = _from_kept(row)
    return order, verdicts, stale, epoch, pair_infos(stale_rows), shape, parameters, previous


@cache
def _kept_query(shape: Shape) -> AnySelect:
    """The pairs of a selection's ``shape`` with their kept verdicts (built once)."""
    return (
        _pairs_query(list(selection_conditions(shape)))
        .outerjoin(RiskVerdict, RiskVerdict.pair_id == Pair.id)
        .add_columns(
            RiskVerdict.stamp,
            RiskVerdict.judged_stamp,
            RiskVerdict.epoch,
            RiskVerdict.as_of,
            RiskVerdict.health,
            RiskVerdict.findings,
            RiskVerdict.trust_score,
            RiskVerdict.trust_level,
            RiskVerdict.consistency,
            RiskVerdict.adherence,
            RiskVerdict.too_new,
        )
    )


def _from_kept(row: Sequence[Any]) -> PairRiskRow:
    (pair_id, program_id, program_name, _mentor_id, mentor_name, mentor_email, _mentee_id,
     mentee_name, mentee_email, model) = row[:10]  # fmt: skip
    health, findings, trust_score, trust_level, consistency, adherence, too_new = row[21:]
    return PairRiskRow(
        pair_id=pair_id,
        program_id=program_id,
        program_name=program_name,
        mentor_name=mentor_name,
        mentor_email=mentor_email,
        mentee_name=mentee_name,
        mentee_email=mentee_email,
        model=MentorshipModel(model),
        health=Health(health),
        findings=tuple(
            Finding(RiskFlag(flag), reason) for flag, reason in json.loads(findings or "[]")
        ),
        trust_score=trust_score,
        trust_level=None if trust_level is None else TrustLevel(trust_level),
        consistency=consistency,
        adherence=adherence,
        too_new=bool(too_new),
    )


_encode = json.JSONEncoder(ensure_ascii=False).encode
"""One encoder for every verdict: ``json.dumps`` with an option builds a new one per call."""


def _findings_json(findings: tuple[Finding, ...]) -> str:
    """The findings as kept: a JSON list of ``[flag, reason]``."""
    if not findings:  # most pairs: no flag raised
        return "[]"
    return _encode([[finding.flag.value, finding.reason] for finding in findings])


def _keep(
    session: Session, fresh: list[PairRiskRow], stamps: dict[int, int], epoch: int, as_of: date
) -> None:
    """Keep the fresh verdicts, each only if its pair's stamp is still the one read."""
    if not fresh:
        return
    connection = session.connection()
    # Straight to the driver: a program's verdicts are thousands of rows, and
    # SQLAlchemy's handling of each row's parameters cost more than the writing.
    sqlite = connection.dialect.name == "sqlite"
    day: date | str = as_of.isoformat() if sqlite else as_of
    parameters = [
        (
            row.pair_id,
            stamps[row.pair_id],
            stamps[row.pair_id],
            epoch,
            day,
            row.health.value,
            _findings_json(row.findings),
            row.trust_score,
            None if row.trust_level is None else row.trust_level.value,
            row.consistency,
            row.adherence,
            row.too_new,
        )
        for row in fresh
    ]
    arguments: list[tuple[Any, ...]] | tuple[list[Any], ...] = parameters
    if connection.dialect.name == "postgresql":
        # psycopg sends an executemany as one message per row: 7,000 verdicts took a
        # fifth of a second. One array per column is one statement, and in binary
        # (%b) the arrays are made in a third of the time of their text form.
        statement = _keep_statement("%b", arrays=True)
        arguments = tuple(list(column) for column in zip(*parameters, strict=True))
    else:
        statement = _keep_statement("?" if connection.dialect.paramstyle == "qmark" else "%s")
    try:
        # A savepoint: a failed write (read-only file, busy writer) must not end the
        # caller's transaction.
        with session.begin_nested():
            connection.exec_driver_sql(statement, arguments)
    except DBAPIError as error:
        log.info("risk verdicts not kept this time: %s", error)
