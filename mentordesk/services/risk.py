"""Risk flags and health for the pairs of a program, as of a day.

The rules live in :mod:`mentordesk.domain.risk`; this service gathers the
facts they need for many pairs at once and hands each pair to
:func:`~mentordesk.domain.risk.assess_pair`. It reads every table with one
set-based query (pairs with their people and program, activities, mentee
assessments, conflicts with their steps, ethics reviews, workshops both people
of a pair attended, the reporting lines), never one query per pair, so the
whole program can be judged in a moment even with ten thousand pairs.

Records dated after the "as of" day are left out in SQL already; the domain
applies the same cut again, so the two can never disagree.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    ARRAY,
    BindParameter,
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.consistency import ActivityFact
from mentordesk.domain.management import in_management_chain
from mentordesk.domain.risk import (
    AssessmentFact,
    ConflictFact,
    EthicsFact,
    Finding,
    PairFacts,
    PairRisk,
    assess_pair,
)
from mentordesk.domain.scoring import TrustThresholds
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    Health,
    MentorshipModel,
    PairStatus,
    Respondent,
    RiskFlag,
    Severity,
    TrustLevel,
)
from mentordesk.errors import NotFound
from mentordesk.services.common import AnySelect
from mentordesk.store.models import (
    Activity,
    Assessment,
    Attendance,
    Conflict,
    ConflictStep,
    EthicsReview,
    Pair,
    Person,
    Program,
    Workshop,
)


@dataclass(frozen=True)
class PairRiskRow:
    """The verdict on one pair for one day, with the names needed to show it.

    ``consistency`` is the held share of the pair's activities over the
    observation window to the day (90 days, or since the start when shorter;
    None when there was no activity) and ``adherence`` the check-in adherence
    over the same window, both from 0 to 1. ``too_new`` says the pair started
    less than one cadence ago: it has no adherence yet (None), never 0 %.
    """

    pair_id: int
    program_id: int
    program_name: str
    mentor_name: str
    mentor_email: str | None
    mentee_name: str
    mentee_email: str | None
    model: MentorshipModel
    health: Health
    findings: tuple[Finding, ...]
    trust_score: float | None
    trust_level: TrustLevel | None
    consistency: float | None
    adherence: float | None
    too_new: bool = False

    @property
    def flags(self) -> tuple[RiskFlag, ...]:
        """The raised flags, in the risk table's order."""
        return tuple(finding.flag for finding in self.findings)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The sentence behind each raised flag, in the same order as :attr:`flags`."""
        return tuple(finding.reason for finding in self.findings)


def assess_program(
    session: Session,
    as_of: date,
    program_id: int | None = None,
    pair_ids: Collection[int] | None = None,
) -> list[PairRiskRow]:
    """Judge every active pair on ``as_of``: health, flags with reasons, trust, consistency.

    ``program_id`` limits the pairs to one program and ``pair_ids`` to the
    given pairs (both may be combined). A pair that starts after ``as_of`` was
    not running yet on that day and is left out. Rows come ordered by program,
    mentor and mentee name.

    The verdicts come from those kept in the database where they still hold
    (:mod:`mentordesk.services.risk_cache`); the others are judged afresh and kept.
    """
    # Imported here: the cache builds on this module's queries.
    from mentordesk.services.risk_cache import kept_or_judged

    return kept_or_judged(session, as_of, program_id, pair_ids)


def judge_afresh(
    session: Session,
    as_of: date,
    program_id: int | None = None,
    pair_ids: Collection[int] | None = None,
) -> list[PairRiskRow]:
    """:func:`assess_program` without the kept verdicts: every pair judged from its records."""
    shape, parameters = selection(as_of, program_id, pair_ids)
    if shape is None:
        return []
    return _assess(session, as_of, selection_statements(shape), parameters)


def judge_pairs(
    session: Session,
    as_of: date,
    shape: Shape,
    parameters: dict[str, Any],
    pairs: list[_PairInfo],
) -> list[PairRiskRow]:
    """Judge ``pairs`` (read already with :func:`pair_infos`), their facts read for the
    pairs of the selection ``shape`` with ``parameters`` (which must include them)."""
    return _assess(session, as_of, selection_statements(shape), parameters, pairs)


Shape = tuple[bool, bool]
"""Which conditions select the pairs judged beyond active and started by the day:
(one program, chosen pairs)."""


def selection(
    as_of: date, program_id: int | None = None, pair_ids: Collection[int] | None = None
) -> tuple[Shape | None, dict[str, Any]]:
    """The shape of the selection of pairs judged and its parameters (``as_of``,
    ``program_id``, ``pair_ids``); no shape when ``pair_ids`` is empty."""
    parameters: dict[str, Any] = {"as_of": as_of}
    if program_id is not None:
        parameters["program_id"] = program_id
    if pair_ids is not None:
        parameters["pair_ids"] = sorted({int(pair_id) for pair_id in pair_ids})
        if not parameters["pair_ids"]:
            return None, parameters
    return (program_id is not None, pair_ids is not None), parameters


@cache
def selection_conditions(shape: Shape) -> tuple[Any, ...]:
    """SQL conditions on ``Pair`` for a selection's ``shape``, taking its parameters.

    Built once per shape, like the statements on them: building and compiling a
    judgement's eight queries anew cost more than reading a small program's rows.
    """
    by_program, by_ids = shape
    as_of = bindparam("as_of", type_=Date())
    conditions: list[Any] = [Pair.status == PairStatus.ACTIVE.value, Pair.start_date <= as_of]
    if by_program:
        conditions.append(Pair.program_id == bindparam("program_id"))
    if by_ids:
        conditions.append(_ChosenPair())
    return tuple(conditions)


class _ChosenPair(ColumnElement[bool]):
    """The pair is one of the ``pair_ids`` parameter (a list of ids).

    SQLite takes an IN list, a parameter per id. PostgreSQL takes one array (``= ANY``):
    a chunk of 2,000 ids, one parameter each, cost more to render, convert and plan in
    each of a judgement's queries than reading their rows, and a statement whose text
    changes with every count of ids is never cached by the driver."""

    # Cached with the statements it is part of: nothing in it varies, its key is its class.
    inherit_cache = True
    _traverse_internals = []  # noqa: RUF012
    # A condition as it stands, not compared with 1 as a boolean value would be on SQLite.
    _is_implicitly_boolean = True
    type = Boolean()


@compiles(_ChosenPair)
def _chosen_listed(element: _ChosenPair, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(Pair.id.in_(bindparam("pair_ids", expanding=True)), **kw))


@compiles(_ChosenPair, "postgresql")
def _chosen_in_array(element: _ChosenPair, compiler: Any, **kw: Any) -> str:
    chosen = any_(bindparam("pair_ids", type_=ARRAY(Integer)))
    return str(compiler.process(Pair.id == chosen, **kw))


@cache
def selection_statements(shape: Shape) -> _Statements:
    """The queries of a judgement of the pairs of ``shape``, built once."""
    return _statements(list(selection_conditions(shape)), bindparam("as_of", type_=Date()))


def active_pair_conditions(as_of: date, program_id: int | None = None) -> list[Any]:
    """SQL conditions on ``Pair`` for the pairs judged on ``as_of``: active and started.

    Shared with the program figures so that both count exactly the same pairs.
    """
    conditions: list[Any] = [Pair.status == PairStatus.ACTIVE.value, Pair.start_date <= as_of]
    if program_id is not None:
        conditions.append(Pair.program_id == program_id)
    return conditions


def assess_pair_by_id(session: Session, pair_id: int, as_of: date) -> PairRiskRow:
    """Judge one pair on ``as_of``, whatever its status.

    Flags are raised for an active pair only; a pair in any other status comes
    back healthy with no findings, but with its trust score and consistency.
    Raises NotFound when there is no such pair.
    """
    rows = _assess(session, as_of, _one_pair_statements(), {"pair_id": pair_id, "as_of": as_of})
    if not rows:
        raise NotFound("That pair no longer exists; it may have been deleted elsewhere.")
    return rows[0]


# --- gathering the facts ---------------------------------------------------------------


class _PairInfo(NamedTuple):
    # A named tuple, not a frozen dataclass: ten thousand are made per judgement.
    pair_id: int
    program_id: int
    program_name: str
    mentor_id: int
    mentor_name: str
    mentor_email: str | None
    mentee_id: int
    mentee_name: str
    mentee_email: str | None
    model: MentorshipModel
    status: PairStatus
    start: date
    agreement_signed: date | None
    cadence_days: int
    thresholds: TrustThresholds


class _Statements(NamedTuple):
    """The queries of one judgement: the pairs, then each kind of fact about them."""

    pairs: AnySelect
    activities: AnySelect
    workshops: AnySelect
    assessments: AnySelect
    conflicts: AnySelect
    ethics: AnySelect


def _statements(conditions: list[Any], as_of: date | BindParameter[date]) -> _Statements:
    """The queries for the pairs that meet ``conditions``, with facts up to ``as_of``."""
    pair_ids = _pair_subquery(conditions)
    return _Statements(
        pairs=_pairs_query(conditions),
        activities=_activities_query(pair_ids, as_of),
        workshops=_workshops_query(pair_ids, as_of),
        assessments=_assessments_query(pair_ids, as_of),
        conflicts=_conflicts_query(pair_ids, as_of),
        ethics=_ethics_query(pair_ids, as_of),
    )


@cache
def _one_pair_statements() -> _Statements:
    """The queries of one pair's judgement, built once: a pair's page reads a handful of
    rows, and building the statements anew each time cost more than running them. They
    take the parameters ``pair_id`` and ``as_of``."""
    return _statements([Pair.id == bindparam("pair_id")], bindparam("as_of", type_=Date()))


def _pairs_query(conditions: list[Any]) -> AnySelect:
    mentor = aliased(Person, name="mentor")
    mentee = aliased(Person, name="mentee")
    return (
        select(
            Pair.id,
            Pair.program_id,
            Program.name,
            Pair.mentor_id,
            mentor.name,
            mentor.email,
            Pair.mentee_id,
            mentee.name,
            mentee.email,
            Pair.model,
            Pair.status,
            Pair.start_date,
            Pair.agreement_signed,
            Pair.cadence_days,
            Program.cadence_days,
            Program.threshold_high,
            Program.threshold_medium,
        )
        .join(Program, Program.id == Pair.program_id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(*conditions)
        .order_by(Program.name, mentor.name, mentee.name, Pair.id)
    )


def _pairs(session: Session, query: AnySelect, parameters: dict[str, Any]) -> list[_PairInfo]:
    return pair_infos(_read(session, query, parameters))


def pair_infos(rows: Iterable[Sequence[Any]]) -> list[_PairInfo]:
    """The pairs from rows of :func:`_pairs_query` (extra columns after them are ignored)."""
    thresholds: dict[tuple[float, float], TrustThresholds] = {}
    days = _Days()
    models = {member.value: member for member in MentorshipModel}
    statuses = {member.value: member for member in PairStatus}
    pairs = []
    for row in rows:
        (pid, prog_id, prog_name, mentor_id, mentor_name, mentor_email, mentee_id,
         mentee_name, mentee_email, model, status, start, signed, own_cadence,
         program_cadence, high, medium) = row[:17]  # fmt: skip
        key = (high, medium)
        if key not in thresholds:
            thresholds[key] = TrustThresholds(high=float(high), medium=float(medium))
        pairs.append(
            _PairInfo(
                pair_id=pid,
                program_id=prog_id,
                program_name=prog_name,
                mentor_id=mentor_id,
                mentor_name=mentor_name,
                mentor_email=mentor_email,
                mentee_id=mentee_id,
                mentee_name=mentee_name,
                mentee_email=mentee_email,
                model=models[model],
                status=statuses[status],
                start=days[start],
                agreement_signed=days.optional(signed),
                cadence_days=own_cadence or program_cadence,
                thresholds=thresholds[key],
            )
        )
    return pairs


def _pair_subquery(conditions: list[Any]) -> Select[int]:
    """The ids of the pairs being judged, to restrict the other queries in SQL."""
    return select(Pair.id).where(*conditions)


def _activities_query(
    pair_ids: Select[int], as_of: date | BindParameter[date]
) -> AnySelect:
    return (
        select(Activity.pair_id, Activity.day, Activity.kind, Activity.outcome)
        .where(Activity.pair_id.in_(pair_ids), Activity.day <= as_of)
        .order_by(Activity.pair_id, Activity.day, Activity.id)
    )


def _workshops_query(
    pair_ids: Select[int], as_of: date | BindParameter[date]
) -> AnySelect:
    # A workshop of the pair's program that both the mentor and the mentee
    # attended, on or after the pair's start, is a held activity of its kind
    # for the pair (DOMAIN.md); it is stored once, under the workshop.
    mentor_attended = aliased(Attendance, name="mentor_attended")
    mentee_attended = aliased(Attendance, name="mentee_attended")
    return (
        select(Pair.id, Workshop.day, Workshop.kind)
        .join(Workshop, Workshop.program_id == Pair.program_id)
        .join(
            mentor_attended,
            and_(
                mentor_attended.workshop_id == Workshop.id,
                mentor_attended.person_id == Pair.mentor_id,
            ),
        )
        .join(
            mentee_attended,
            and_(
                mentee_attended.workshop_id == Workshop.id,
                mentee_attended.person_id == Pair.mentee_id,
            ),
        )
        .where(
            Pair.id.in_(pair_ids),
            Workshop.day <= as_of,
            Workshop.day >= Pair.start_date,
        )
        .order_by(Pair.id, Workshop.day, Workshop.id)
    )


def _activities(
    session: Session, statements: _Statements, parameters: dict[str, Any]
) -> dict[int, list[ActivityFact]]:
    """Each pair's activities, oldest first, with workshops both people attended."""
    days = _Days()
    by_pair = _timelines(
        _read(session, statements.activities, parameters),
        lambda day, kind, outcome: ActivityFact(
            days[day], _ACTIVITY_KINDS[kind], _ACTIVITY_OUTCOMES[outcome]
        ),
    )
    held = ActivityOutcome.HELD
    workshops: dict[tuple[Any, str], ActivityFact] = {}
    touched: set[int] = set()
    for pair_id, day, kind in _read(session, statements.workshops, parameters):
        fact = workshops.get((day, kind))
        if fact is None:
            fact = workshops[day, kind] = ActivityFact(days[day], _ACTIVITY_KINDS[kind], held)
        by_pair.setdefault(pair_id, []).append(fact)
        touched.add(pair_id)
    # Keep each timeline in date order; a workshop comes after the activities
    # logged on the same day (sort is stable).
    for pair_id in touched:
        by_pair[pair_id].sort(key=_on)
    return by_pair


_F = TypeVar("_F")

_ACTIVITY_KINDS = {member.value: member for member in ActivityKind}
_ACTIVITY_OUTCOMES = {member.value: member for member in ActivityOutcome}
_GUIDELINES = {member.value: member for member in EthicsGuideline}
_ETHICS_STATES = {member.value: member for member in EthicsState}
_PAIR_COLUMN = itemgetter(0)
_FACT_COLUMNS = itemgetter(slice(1, None))


def _timelines(rows: Sequence[Any], fact: Callable[..., _F]) -> dict[int, list[_F]]:
    """Each pair's facts, in the rows' order, from rows ``(pair_id, *fact's columns)``
    ordered by pair.

    A program has a few thousand distinct facts at most (a day, a kind, an
    outcome), shared by hundreds of thousands of rows: each is built once, from
    its columns, and the rows are mapped to them and cut into each pair's
    timeline by ``map`` and ``Counter``: one dictionary step per row and no
    more (building a fact per row cost more than reading the rows).
    """
    # Each row's columns as one key, the first key met standing for all equal ones:
    # looking the facts up by those same objects is then an identity match.
    first_met: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    keys = [first_met.setdefault(key, key) for key in map(_FACT_COLUMNS, rows)]
    facts = {key: fact(*key) for key in first_met}
    timeline = list(map(facts.__getitem__, keys))
    by_pair: dict[int, list[_F]] = {}
    end = 0
    # The rows come grouped by pair, so counting them (in the order first met)
    # gives where each pair's run ends.
    for pair_id, count in Counter(map(_PAIR_COLUMN, rows)).items():
        by_pair[pair_id] = timeline[end : end + count]
        end += count
    return by_pair


def _read(session: Session, query: AnySelect, parameters: dict[str, Any]) -> Sequence[Any]:
    """Run a column query and return the database driver's own rows.

    SQLAlchemy builds and binds the query; the rows are then taken straight
    from the DB-API cursor, without a SQLAlchemy row and a type conversion per
    value: on a program of ten thousand pairs that bookkeeping over a quarter
    of a million activity rows cost more than the query itself. Dates so come
    as the driver gives them (ISO text from SQLite, dates from PostgreSQL) and
    become dates through a :class:`_Days`.
    """
    result = session.connection().execute(query, parameters)
    try:
        rows: Sequence[Any] = result.cursor.fetchall()
        return rows
    finally:
        result.close()


class _Days(dict[Any, date]):
    """Dates from driver values, each distinct value converted once.

    A program's records fall on a few hundred distinct days: a lookup per row
    instead of a parse per row.
    """

    def __missing__(self, value: Any) -> date:
        day = value if isinstance(value, date) else date.fromisoformat(value)
        self[value] = day
        return day

    def optional(self, value: Any) -> date | None:
        return None if value is None else self[value]


def _on(fact: ActivityFact) -> date:
    return fact.on


def _assessments_query(
    pair_ids: Select[int], as_of: date | BindParameter[date]
) -> AnySelect:
    return (
        select(Assessment.pair_id, Assessment.day, Assessment.overall)
        .where(
            Assessment.pair_id.in_(pair_ids),
            Assessment.respondent == Respondent.MENTEE.value,
            Assessment.day <= as_of,
        )
        .order_by(Assessment.pair_id, Assessment.day, Assessment.id)
    )


def _assessments(
    session: Session, statements: _Statements, parameters: dict[str, Any]
) -> dict[int, list[AssessmentFact]]:
    """Each pair's mentee assessments, oldest first (the mentor's view never counts)."""
    days = _Days()
    return _timelines(
        _read(session, statements.assessments, parameters),
        lambda day, overall: AssessmentFact(
            days[day], None if overall is None else float(overall)
        ),
    )


def _conflicts_query(
    pair_ids: Select[int], as_of: date | BindParameter[date]
) -> AnySelect:
    return (
        select(
            Conflict.pair_id,
            Conflict.id,
            Conflict.opened,
            Conflict.kind,
            Conflict.severity,
            ConflictStep.day,
            ConflictStep.status,
        )
        .outerjoin(
            ConflictStep,
            and_(ConflictStep.conflict_id == Conflict.id, ConflictStep.day <= as_of),
        )
        .where(Conflict.pair_id.in_(pair_ids), Conflict.opened <= as_of)
        .order_by(Conflict.pair_id, Conflict.opened, Conflict.id, ConflictStep.position)
    )


def _conflicts(
    session: Session, statements: _Statements, parameters: dict[str, Any]
) -> dict[int, list[ConflictFact]]:
    """Each pair's conflicts opened by ``as_of``, with their steps in recorded order."""
    days = _Days()
    heads: dict[int, tuple[int, date, str, str]] = {}
    steps: dict[int, list[tuple[date, ConflictStatus]]] = defaultdict(list)
    for pair_id, conflict_id, opened, kind, severity, step_day, step_status in _read(
        session, statements.conflicts, parameters
    ):
        heads.setdefault(conflict_id, (pair_id, days[opened], kind, severity))
        if step_day is not None:
            steps[conflict_id].append((days[step_day], ConflictStatus(step_status)))
    by_pair: dict[int, list[ConflictFact]] = defaultdict(list)
    for conflict_id, (pair_id, opened, kind, severity) in heads.items():
        by_pair[pair_id].append(
            ConflictFact(
                opened=opened,
                kind=ConflictKind(kind),
                severity=Severity(severity),
                steps=tuple(steps.get(conflict_id, ())),
            )
        )
    return by_pair


def _ethics_query(pair_ids: Select[int], as_of: date | BindParameter[date]) -> AnySelect:
    return (
        select(EthicsReview.pair_id, EthicsReview.guideline, EthicsReview.state, EthicsReview.day)
        .where(EthicsReview.pair_id.in_(pair_ids), EthicsReview.day <= as_of)
        .order_by(EthicsReview.pair_id, EthicsReview.day, EthicsReview.id)
    )


def _ethics(
    session: Session, statements: _Statements, parameters: dict[str, Any]
) -> dict[int, list[EthicsFact]]:
    """Each pair's ethics reviews up to ``as_of``, oldest first."""
    days = _Days()
    return _timelines(
        _read(session, statements.ethics, parameters),
        lambda guideline, state, day: EthicsFact(
            _GUIDELINES[guideline], _ETHICS_STATES[state], days[day]
        ),
    )


_FEW_PEOPLE = 200
"""Up to this many people, only their own reporting lines are read (see :func:`_managers`)."""


def _managers(session: Session, people: Collection[int]) -> dict[int, int | None]:
    """The reporting lines, person → manager, that the management-chain test of ``people``
    walks through.

    For a few people (one pair's page) only the lines above them are read, with a
    recursive query; a whole program reads every line at once. The chain test
    gives the same answer on either: it never looks beyond the chains it walks.
    """
    if len(people) > _FEW_PEOPLE:
        query = select(Person.id, Person.manager_id).where(Person.manager_id.is_not(None))
        parameters: dict[str, Any] = {}
    else:
        query = _chains_above_query()
        parameters = {"people": sorted(people)}
    return {person_id: manager_id for person_id, manager_id in _read(session, query, parameters)}


@cache
def _chains_above_query() -> AnySelect:
    """The reporting lines above the people of the ``people`` parameter (built once)."""
    chain = (
        select(Person.id, Person.manager_id)
        .where(Person.id.in_(bindparam("people", expanding=True)))
        .cte("chain", recursive=True)
    )
    above = aliased(Person, name="above")
    # UNION, not UNION ALL: a cycle in the reporting lines repeats rows and ends there.
    chain = chain.union(
        select(above.id, above.manager_id).join(chain, above.id == chain.c.manager_id)
    )
    return select(chain.c.id, chain.c.manager_id).where(chain.c.manager_id.is_not(None))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a judgement, and resumed as it was.

    Judging a program holds the rows read (a quarter of a million at ten thousand
    pairs) while it makes as many small objects again; each of the collector's
    full passes walks all of them, finds no cycle (the judgement makes none) and
    took an eighth of the time. Freed objects are still freed at once (reference
    counting); the collector, if it was running, runs again afterwards.
    """
    was_running = gc.isenabled()
    if was_running:
        gc.disable()
    try:
        yield
    finally:
        if was_running:
            gc.enable()


def _people(pair: _PairInfo) -> tuple[int, int]:
    return pair.mentor_id, pair.mentee_id


def _assess(
    session: Session,
    as_of: date,
    statements: _Statements,
    parameters: dict[str, Any],
    pairs: list[_PairInfo] | None = None,
) -> list[PairRiskRow]:
    """Judge the pairs of ``statements`` (or ``pairs``, read already, among them)."""
    with collector_paused():
        return _judge(session, as_of, statements, parameters, pairs)


def _judge(
    session: Session,
    as_of: date,
    statements: _Statements,
    parameters: dict[str, Any],
    pairs: list[_PairInfo] | None,
) -> list[PairRiskRow]:
    # The queries run on the session's connection, which does not autoflush:
    # records the caller added in this transaction must count too.
    session.flush()
    if pairs is None:
        pairs = _pairs(session, statements.pairs, parameters)
    if not pairs:
        return []
    return [
        _row(pair, assess_pair(facts, as_of))
        for pair, facts in zip(pairs, _facts(session, statements, parameters, pairs), strict=True)
    ]


def judged_on_days(
    session: Session,
    program_id: int,
    days: Collection[date],
    each_day: Callable[[float], None] | None = None,
) -> dict[date, list[PairRiskRow]]:
    """For each of ``days``, the verdicts :func:`judge_afresh` gives for the program on
    that day, from one reading of the records up to the latest (nothing is kept: these
    are not today's verdicts).

    The rules count only the records dated on or before the day they judge
    (:func:`mentordesk.domain.risk.assess_pair` cuts activities, assessments,
    conflicts with their steps and ethics reviews at the day itself), so the records
    read once judge every earlier day exactly as a reading cut at that day would; the
    pairs judged on a day are those started by then, as :func:`judge_afresh` chooses.
    A report's trends judge a dozen days: one reading instead of a dozen.

    ``each_day`` is told the share of the days judged after each one (a report's
    progress, which may cancel it there)."""
    if not days:
        return {}
    shape, parameters = selection(max(days), program_id)
    if shape is None:  # only a choice of no pairs has none
        return {}
    statements = selection_statements(shape)
    with collector_paused():
        session.flush()  # records the caller added in this transaction count too
        pairs = _pairs(session, statements.pairs, parameters)
        if not pairs:
            return {day: [] for day in days}
        facts = list(_facts(session, statements, parameters, pairs))
        judged: dict[date, list[PairRiskRow]] = {}
        ordered = sorted(set(days))
        for index, day in enumerate(ordered, start=1):
            judged[day] = [
                _row(pair, assess_pair(pair_facts, day))
                for pair, pair_facts in zip(pairs, facts, strict=True)
                if pair.start <= day
            ]
            if each_day is not None:
                each_day(index / len(ordered))
        return judged


def _facts(
    session: Session,
    statements: _Statements,
    parameters: dict[str, Any],
    pairs: list[_PairInfo],
) -> Iterator[PairFacts]:
    """The facts the rules judge each of ``pairs`` by, in their order."""
    activities = _activities(session, statements, parameters)
    assessments = _assessments(session, statements, parameters)
    conflicts = _conflicts(session, statements, parameters)
    ethics = _ethics(session, statements, parameters)
    managers = _managers(session, {person for pair in pairs for person in _people(pair)})
    empty: tuple[()] = ()
    for pair in pairs:
        pid = pair.pair_id
        yield PairFacts(
            model=pair.model,
            status=pair.status,
            start=pair.start,
            agreement_signed=pair.agreement_signed,
            cadence_days=pair.cadence_days,
            thresholds=pair.thresholds,
            activities=activities.get(pid, empty),
            assessments=assessments.get(pid, empty),
            conflicts=conflicts.get(pid, empty),
            ethics=ethics.get(pid, empty),
            in_management_chain=in_management_chain(pair.mentor_id, pair.mentee_id, managers),
        )


def _row(pair: _PairInfo, risk: PairRisk) -> PairRiskRow:
    """A pair's verdict with the names needed to show it."""
    return PairRiskRow(
        pair_id=pair.pair_id,
        program_id=pair.program_id,
        program_name=pair.program_name,
        mentor_name=pair.mentor_name,
        mentor_email=pair.mentor_email,
        mentee_name=pair.mentee_name,
        mentee_email=pair.mentee_email,
        model=pair.model,
        health=risk.health,
        findings=risk.findings,
        trust_score=risk.trust_score,
        trust_level=risk.trust_level,
        consistency=risk.consistency.held_share,
        adherence=risk.consistency.adherence,
        too_new=risk.consistency.too_new,
    )
