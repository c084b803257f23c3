"""The ethics checklist: reviews of the five guidelines for each pair, kept as history.

A review of one guideline for one pair is ``not_reviewed``, ``confirmed`` or
``concern``, with a date, a reviewer and a note. Reviews are never overwritten:
each one is appended, and the latest (by day, then by the order recorded) is
the guideline's state. The program's matrix — pairs × guidelines — is built by
the database with a window function over that history, so it stays quick for
thousands of pairs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState, PairStatus
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.store.models import EthicsReview, Pair, Person, Program

MAX_REVIEWER = 200
"""The longest reviewer name the database holds."""

MAX_NOTE = 20_000
"""The longest review note accepted, in characters."""

REVIEWED_STATES = frozenset({EthicsState.CONFIRMED, EthicsState.CONCERN})
"""A guideline counts as reviewed when its latest state is one of these."""

_REVIEWED_CODES = tuple(sorted(state.value for state in REVIEWED_STATES))

# Codes to members by dictionary: calling the enum is slow for tens of thousands of cells.
_GUIDELINES: dict[str, EthicsGuideline] = {g.value: g for g in EthicsGuideline}
_STATES: dict[str, EthicsState] = {state.value: state for state in EthicsState}
_PAIR_STATUSES: dict[str, PairStatus] = {status.value: status for status in PairStatus}


@dataclass(frozen=True)
class EthicsReviewRow:
    """One review in a guideline's history."""

    id: int
    pair_id: int
    guideline: EthicsGuideline
    state: EthicsState
    day: date
    reviewer: str
    note: str


@dataclass(frozen=True)
class EthicsCell:
    """A guideline's state for a pair: its latest review, or not reviewed when it has none.

    ``review_id``, ``day``, ``reviewer`` and ``note`` are those of the latest
    review (None, None, "", "" when there is none).
    """

    pair_id: int
    guideline: EthicsGuideline
    state: EthicsState
    day: date | None
    reviewer: str
    note: str
    review_id: int | None

    @property
    def reviewed(self) -> bool:
        """Confirmed or concern: someone has looked at this guideline."""
        return self.state in REVIEWED_STATES


@dataclass(frozen=True)
class EthicsMatrixRow:
    """One pair's line of the matrix: a cell per guideline, in checklist order."""

    pair_id: int
    mentor_name: str
    mentee_name: str
    status: PairStatus
    cells: Mapping[EthicsGuideline, EthicsCell]

    @property
    def pair_label(self) -> str:
        return f"{self.mentor_name} → {self.mentee_name}"

    @property
    def completion(self) -> float:
        """The share of the five guidelines reviewed (confirmed or concern), 0–1."""
        return sum(cell.reviewed for cell in self.cells.values()) / len(self.cells)

    @property
    def concerns(self) -> tuple[EthicsGuideline, ...]:
        """The guidelines whose state is concern."""
        return tuple(g for g, cell in self.cells.items() if cell.state is EthicsState.CONCERN)


@dataclass(frozen=True)
class EthicsConcern:
    """A guideline whose latest state for a pair is concern."""

    pair_id: int
    mentor_name: str
    mentee_name: str
    guideline: EthicsGuideline
    day: date
    reviewer: str
    note: str
    review_id: int


@dataclass(frozen=True)
class EthicsMatrix:
    """A program's pairs × guidelines, as of a day (the whole history when ``as_of`` is None).

    ``completion_by_guideline`` and ``completion`` are shares (0–1) of cells
    reviewed (confirmed or concern); they are None when the matrix has no
    pair. ``concerns`` lists every cell in concern, newest first.
    """

    program_id: int
    as_of: date | None
    guidelines: tuple[EthicsGuideline, ...]
    rows: tuple[EthicsMatrixRow, ...]
    completion_by_guideline: Mapping[EthicsGuideline, float | None]
    completion: float | None
    concerns: tuple[EthicsConcern, ...]


@dataclass(frozen=True)
class EthicsSummary:
    """A program's ethics figures without the matrix itself: how many pairs, the
    completion shares and the concerns (as in :class:`EthicsMatrix`), for a report.

    ``pairs`` is the number of pairs the matrix would have rows for.
    """

    program_id: int
    as_of: date | None
    guidelines: tuple[EthicsGuideline, ...]
    pairs: int
    completion_by_guideline: Mapping[EthicsGuideline, float | None]
    completion: float | None
    concerns: tuple[EthicsConcern, ...]


# --------------------------------------------------------------------------- helpers


def _pair(session: Session, pair_id: int) -> Pair:
    pair = session.get(Pair, pair_id)
    if pair is None:
        raise NotFound(f"There is no pair number {pair_id} (it may have been deleted).")
    return pair


def _guideline(value: EthicsGuideline | str) -> EthicsGuideline:
    try:
        return EthicsGuideline(value)
    except ValueError:
        allowed = ", ".join(g.label for g in EthicsGuideline)
        raise FieldProblem(
            "guideline", f"'{value}' is not an ethics guideline; choose one of: {allowed}."
        ) from None


def _state(value: EthicsState | str) -> EthicsState:
    try:
        return EthicsState(value)
    except ValueError:
        allowed = ", ".join(s.label for s in EthicsState)
        raise FieldProblem(
            "state", f"'{value}' is not a review state; choose one of: {allowed}."
        ) from None


def _clean(reviewer: str, note: str) -> tuple[str, str]:
    reviewer, note = reviewer.strip(), note.strip()
    if len(reviewer) > MAX_REVIEWER:
        raise FieldProblem(
            "reviewer", f"The reviewer's name is longer than {MAX_REVIEWER} characters."
        )
    if len(note) > MAX_NOTE:
        raise FieldProblem(
            "note", f"The note is {len(note):,} characters long; at most {MAX_NOTE:,} fit."
        )
    return reviewer, note


def _review_row(review: EthicsReview) -> EthicsReviewRow:
    return EthicsReviewRow(
        id=review.id,
        pair_id=review.pair_id,
        guideline=EthicsGuideline(review.guideline),
        state=EthicsState(review.state),
        day=review.day,
        reviewer=review.reviewer,
        note=review.note,
    )


def _empty_cell(pair_id: int, guideline: EthicsGuideline) -> EthicsCell:
    return EthicsCell(pair_id, guideline, EthicsState.NOT_REVIEWED, None, "", "", None)


def _latest_reviews(pair_condition: ColumnElement[bool], as_of: date | None) -> Any:
    """Per pair and guideline, the latest review dated on or before ``as_of``."""
    ranked = select(
        EthicsReview.id,
        EthicsReview.pair_id,
        EthicsReview.guideline,
        EthicsReview.state,
        EthicsReview.day,
        EthicsReview.reviewer,
        EthicsReview.note,
        func.row_number()
        .over(
            partition_by=(EthicsReview.pair_id, EthicsReview.guideline),
            # Two reviews on the same day: the one recorded last counts.
            order_by=(EthicsReview.day.desc(), EthicsReview.id.desc()),
        )
        .label("rank"),
    ).where(pair_condition)
    if as_of is not None:
        ranked = ranked.where(EthicsReview.day <= as_of)
    ranked_sub = ranked.subquery("ranked_review")
    return (
        select(*(column for column in ranked_sub.c if column.name != "rank"))
        .where(ranked_sub.c.rank == 1)
        .subquery("latest_review")
    )


def _cell(record: Any) -> EthicsCell:
    return EthicsCell(
        pair_id=record.pair_id,
        guideline=_GUIDELINES[record.guideline],
        state=_STATES[record.state],
        day=record.day,
        reviewer=record.reviewer,
        note=record.note,
        review_id=record.id,
    )


def _pair_conditions(
    session: Session, program_id: int, as_of: date | None, all_pairs: bool
) -> list[ColumnElement[bool]]:
    """Which pairs a program's matrix has rows for (active ones that had started by
    ``as_of``, unless ``all_pairs``); NotFound for an unknown program."""
    if session.get(Program, program_id) is None:
        raise NotFound(f"There is no program number {program_id} (it may have been deleted).")
    conditions: list[ColumnElement[bool]] = [Pair.program_id == program_id]
    if not all_pairs:
        conditions.append(Pair.status == PairStatus.ACTIVE.value)
    if as_of is not None:
        conditions.append(Pair.start_date <= as_of)
    return conditions


def _completion(
    reviewed_by_guideline: Mapping[EthicsGuideline, int], pairs: int
) -> tuple[dict[EthicsGuideline, float | None], float | None]:
    """Shares of cells reviewed, per guideline and overall (None when there is no pair)."""
    by_guideline = {
        g: (reviewed_by_guideline.get(g, 0) / pairs if pairs else None) for g in EthicsGuideline
    }
    overall = (
        sum(reviewed_by_guideline.values()) / (pairs * len(EthicsGuideline)) if pairs else None
    )
    return by_guideline, overall


def _newest_first(concerns: list[EthicsConcern]) -> tuple[EthicsConcern, ...]:
    return tuple(
        sorted(concerns, key=lambda concern: (concern.day, concern.review_id), reverse=True)
    )


# --------------------------------------------------------------------------- changes


def record_ethics_review(
    session: Session,
    pair_id: int,
    guideline: EthicsGuideline | str,
    state: EthicsState | str,
    day: date,
    reviewer: str = "",
    note: str = "",
) -> EthicsReviewRow:
    """Append a review to a guideline's history for a pair (any date: history may be
    filled in after the fact). The latest review by date is the guideline's state."""
    _pair(session, pair_id)
    reviewer, note = _clean(reviewer, note)
    review = EthicsReview(
        pair_id=pair_id,
        guideline=_guideline(guideline).value,
        state=_state(state).value,
        day=day,
        reviewer=reviewer,
        note=note,
    )
    session.add(review)
    session.flush()
    return _review_row(review)


def set_ethics_state(
    session: Session,
    pair_id: int,
    guideline: EthicsGuideline | str,
    state: EthicsState | str,
    day: date,
    reviewer: str = "",
    note: str = "",
) -> EthicsCell:
    """Set one cell of the matrix: append a review unless nothing would change.

    Nothing is recorded when the guideline already has ``state`` from a review
    dated ``day`` (or has no review and ``state`` is not reviewed). A state
    dated before the guideline's latest review is refused: it would not change
    the cell. Returns the cell as it now stands.
    """
    _pair(session, pair_id)
    guideline, state = _guideline(guideline), _state(state)
    current = pair_ethics(session, pair_id)[guideline]
    if current.day is None:
        if state is EthicsState.NOT_REVIEWED:
            return current
    else:
        if current.state is state and current.day == day:
            return current
        if day < current.day:
            raise FieldProblem(
                "day",
                f"{guideline.label} was last reviewed on {current.day.isoformat()}; "
                f"a new state must be dated on or after that day, not {day.isoformat()}.",
            )
    review = record_ethics_review(session, pair_id, guideline, state, day, reviewer, note)
    return EthicsCell(
        pair_id=pair_id,
        guideline=guideline,
        state=state,
        day=day,
        reviewer=review.reviewer,
        note=review.note,
        review_id=review.id,
    )


def delete_ethics_review(session: Session, review_id: int) -> None:
    """Remove one review from the history (a mistake, or an undo); the one before counts again."""
    review = session.get(EthicsReview, review_id)
    if review is None:
        raise NotFound(f"There is no ethics review number {review_id} (it may have been deleted).")
    session.delete(review)
    session.flush()


# --------------------------------------------------------------------------- reading


def guideline_history(
    session: Session, pair_id: int, guideline: EthicsGuideline | str
) -> list[EthicsReviewRow]:
    """Every review of one guideline for a pair, oldest first (the last one counts)."""
    _pair(session, pair_id)
    reviews = session.scalars(
        select(EthicsReview)
        .where(
            EthicsReview.pair_id == pair_id,
            EthicsReview.guideline == _guideline(guideline).value,
        )
        .order_by(EthicsReview.day, EthicsReview.id)
    )
    return [_review_row(review) for review in reviews]


def pair_ethics(
    session: Session, pair_id: int, as_of: date | None = None
) -> dict[EthicsGuideline, EthicsCell]:
    """A pair's checklist: each guideline's latest state (as of a day when given)."""
    _pair(session, pair_id)
    latest = _latest_reviews(EthicsReview.pair_id == pair_id, as_of)
    cells = {g: _empty_cell(pair_id, g) for g in EthicsGuideline}
    for record in session.execute(select(latest)):
        cell = _cell(record)
        cells[cell.guideline] = cell
    return cells


def ethics_matrix(
    session: Session,
    program_id: int,
    as_of: date | None = None,
    *,
    all_pairs: bool = False,
) -> EthicsMatrix:
    """The program's ethics matrix: each pair's latest state per guideline, with completion.

    Active pairs only unless ``all_pairs``. With ``as_of`` only reviews dated on
    or before it count, and pairs that had not started by then are left out.
    Pairs are in the order of the mentor's, then the mentee's name.
    """
    pair_conditions = _pair_conditions(session, program_id, as_of, all_pairs)
    mentor = aliased(Person, name="mentor")
    mentee = aliased(Person, name="mentee")
    pairs = session.execute(
        select(Pair.id, Pair.status, mentor.name, mentee.name)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(*pair_conditions)
        .order_by(mentor.name, mentee.name, Pair.id)
    ).all()

    # One pass over the latest reviews (a window function in the database) gives
    # both the cells and the completion counts.
    latest = _latest_reviews(
        EthicsReview.pair_id.in_(select(Pair.id).where(*pair_conditions)), as_of
    )
    found: dict[int, dict[EthicsGuideline, EthicsCell]] = {pair_id: {} for pair_id, *_ in pairs}
    reviewed_by_guideline: dict[EthicsGuideline, int] = {}
    for record in session.execute(select(latest)):
        cell = _cell(record)
        found[cell.pair_id][cell.guideline] = cell
        if cell.state in REVIEWED_STATES:
            reviewed_by_guideline[cell.guideline] = reviewed_by_guideline.get(cell.guideline, 0) + 1
    completion_by_guideline, completion = _completion(reviewed_by_guideline, len(pairs))

    rows = []
    concerns: list[EthicsConcern] = []
    for pair_id, status, mentor_name, mentee_name in pairs:
        have = found[pair_id]
        cells = {g: have.get(g) or _empty_cell(pair_id, g) for g in EthicsGuideline}
        rows.append(
            EthicsMatrixRow(
                pair_id=pair_id,
                mentor_name=mentor_name,
                mentee_name=mentee_name,
                status=_PAIR_STATUSES[status],
                cells=cells,
            )
        )
        concerns.extend(
            EthicsConcern(
                pair_id=pair_id,
                mentor_name=mentor_name,
                mentee_name=mentee_name,
                guideline=cell.guideline,
                day=cell.day,
                reviewer=cell.reviewer,
                note=cell.note,
                review_id=cell.review_id,
            )
            for cell in have.values()
            if cell.state is EthicsState.CONCERN
            and cell.day is not None
            and cell.review_id is not None
        )
    return EthicsMatrix(
        program_id=program_id,
        as_of=as_of,
        guidelines=tuple(EthicsGuideline),
        rows=tuple(rows),
        completion_by_guideline=completion_by_guideline,
        completion=completion,
        concerns=_newest_first(concerns),
    )


def ethics_summary(
    session: Session,
    program_id: int,
    as_of: date | None = None,
    *,
    all_pairs: bool = False,
) -> EthicsSummary:
    """The figures of :func:`ethics_matrix` without its cells: the number of pairs,
    completion per guideline and overall, and the concerns, newest first.

    The counting is done by the database; only the concerns come back as rows,
    so this stays quick for a program of thousands of pairs.
    """
    pair_conditions = _pair_conditions(session, program_id, as_of, all_pairs)
    pairs = session.scalar(select(func.count()).select_from(Pair).where(*pair_conditions)) or 0
    latest = _latest_reviews(
        EthicsReview.pair_id.in_(select(Pair.id).where(*pair_conditions)), as_of
    )
    reviewed_by_guideline: dict[EthicsGuideline, int] = {}
    concerns: list[EthicsConcern] = []
    mentor = aliased(Person, name="mentor")
    mentee = aliased(Person, name="mentee")
    # The reviewed cells counted by guideline, and the concerns with their pair's
    # names, from one pass over the latest reviews.
    state_counts = (
        select(latest.c.guideline, latest.c.state, func.count().label("cells"))
        .where(latest.c.state.in_(_REVIEWED_CODES), latest.c.state != EthicsState.CONCERN.value)
        .group_by(latest.c.guideline, latest.c.state)
    )
    for guideline, _state, cells in session.execute(state_counts):
        g = _GUIDELINES[guideline]
        reviewed_by_guideline[g] = reviewed_by_guideline.get(g, 0) + int(cells)
    concern_rows = session.execute(
        select(latest, mentor.name.label("mentor_name"), mentee.name.label("mentee_name"))
        .join(Pair, Pair.id == latest.c.pair_id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(latest.c.state == EthicsState.CONCERN.value)
    )
    for record in concern_rows:
        g = _GUIDELINES[record.guideline]
        reviewed_by_guideline[g] = reviewed_by_guideline.get(g, 0) + 1
        concerns.append(
            EthicsConcern(
                pair_id=record.pair_id,
                mentor_name=record.mentor_name,
                mentee_name=record.mentee_name,
                guideline=g,
                day=record.day,
                reviewer=record.reviewer,
                note=record.note,
                review_id=record.id,
            )
        )
    completion_by_guideline, completion = _completion(reviewed_by_guideline, pairs)
    return EthicsSummary(
        program_id=program_id,
        as_of=as_of,
        guidelines=tuple(EthicsGuideline),
        pairs=pairs,
        completion_by_guideline=completion_by_guideline,
        completion=completion,
        concerns=_newest_first(concerns),
    )
