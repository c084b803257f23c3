"""Trust assessments: recording the questionnaire, the pair's trust history, and the
mentee's view set beside the mentor's.

The answers are the source of truth; the scores computed from them by
``domain.scoring`` are stored with the assessment so that program-wide
figures can be aggregated in SQL. The level always uses the program's
thresholds. The mentor's view is shown, never used for the level or the flags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from sqlalchemy import BindParameter, bindparam, select
from sqlalchemy.orm import Session, selectinload

from mentordesk.domain.questionnaire import ITEMS, ITEMS_BY_CODE
from mentordesk.domain.scoring import (
    AnswerError,
    FrozenMap,
    TrustThresholds,
    round_score,
    score_answers,
    trust_level,
    validate_answers,
)
from mentordesk.domain.vocabularies import Respondent, TrustDimension, TrustLevel, TrustType
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.services.common import AnySelect, clean_text, load_pair, parse_code
from mentordesk.store.models import Answer, Assessment, Pair, Program

MAX_COMMENT = 10_000


@dataclass(frozen=True)
class AssessmentSummary:
    """One answered questionnaire with its scores and level.

    ``dimensions`` and ``types`` hold every dimension and type in vocabulary
    order (None where it could not be scored); ``answers`` maps item code to
    rating, in questionnaire order.
    """

    id: int
    pair_id: int
    day: date
    respondent: Respondent
    overall: float | None
    level: TrustLevel | None
    dimensions: Mapping[TrustDimension, float | None]
    types: Mapping[TrustType, float | None]
    answers: Mapping[str, int]
    comment: str


@dataclass(frozen=True)
class TrustComparison:
    """The mentee's latest assessment beside the mentor's latest view.

    Each gap is the mentor's score minus the mentee's (positive: the mentor
    rates the relationship higher than the mentee does), None when either is
    missing.
    """

    mentee: AssessmentSummary | None
    mentor: AssessmentSummary | None
    overall_gap: float | None
    dimension_gaps: Mapping[TrustDimension, float | None]
    type_gaps: Mapping[TrustType, float | None]


def _thresholds(pair: Pair) -> TrustThresholds:
    return TrustThresholds(high=pair.program.threshold_high, medium=pair.program.threshold_medium)


def _summary(assessment: Assessment, thresholds: TrustThresholds) -> AssessmentSummary:
    ratings = {answer.item: answer.rating for answer in assessment.answers}
    return AssessmentSummary(
        id=assessment.id,
        pair_id=assessment.pair_id,
        day=assessment.day,
        respondent=Respondent(assessment.respondent),
        overall=assessment.overall,
        level=trust_level(assessment.overall, thresholds),
        dimensions=FrozenMap({d: getattr(assessment, d.value) for d in TrustDimension}),
        types=FrozenMap({t: getattr(assessment, t.value) for t in TrustType}),
        answers=FrozenMap({i.code: ratings[i.code] for i in ITEMS if i.code in ratings}),
        comment=assessment.comment or "",
    )


def _answer_problem(error: AnswerError, answers: Mapping[str, object]) -> FieldProblem:
    """The scoring's refusal as a sentence that names the statement or the dimension."""
    if error.dimension is not None:
        return FieldProblem(
            error.dimension.value,
            f"{error.dimension.label}: answer at least two of its three statements.",
        )
    code = error.item or ""
    item = ITEMS_BY_CODE.get(code)
    if item is None:
        return FieldProblem(code, f"'{code}' is not a statement of the trust questionnaire.")
    return FieldProblem(
        code,
        f'{code} ("{item.statement}"): the rating must be a whole number from 1 to 5, '
        f"not {answers.get(code)!r}.",
    )


def record_assessment(
    session: Session,
    pair_id: int,
    *,
    day: date,
    respondent: Respondent | str,
    answers: Mapping[str, int | None],
    comment: str = "",
) -> AssessmentSummary:
    """Record one filled-in questionnaire (item code → rating 1–5; None = not answered).

    Refused with a FieldProblem naming the item or dimension: an unknown item,
    a rating that is not a whole number from 1 to 5, a dimension with fewer
    than two of its three statements answered; also a date before the pair
    started and a respondent other than mentee or mentor. The scores are
    computed here and stored with the answers.
    """
    pair = load_pair(session, pair_id)
    who = parse_code(Respondent, respondent, "respondent", "respondent")
    if day < pair.start_date:
        raise FieldProblem(
            "day",
            f"The assessment date ({day.isoformat()}) is before the pair started "
            f"({pair.start_date.isoformat()}).",
        )
    given = {code: rating for code, rating in answers.items() if rating is not None}
    try:
        validate_answers(given)
        scores = score_answers(given)
    except AnswerError as error:
        raise _answer_problem(error, given) from None
    assessment = Assessment(
        pair_id=pair.id,
        day=day,
        respondent=who.value,
        comment=clean_text(comment, "comment", "comment", MAX_COMMENT),
        overall=scores.overall,
        **{dimension.value: score for dimension, score in scores.dimensions.items()},
        **{trust_type.value: score for trust_type, score in scores.types.items()},
        answers=[
            Answer(item=item.code, rating=int(given[item.code]))
            for item in ITEMS
            if item.code in given
        ],
    )
    session.add(assessment)
    session.flush()
    return _summary(assessment, _thresholds(pair))


def _load(session: Session, assessment_id: int) -> Assessment:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound(f"There is no assessment number {assessment_id}; it may have been deleted.")
    return assessment


def get_assessment(session: Session, assessment_id: int) -> AssessmentSummary:
    """One assessment with its answers, scores and level."""
    assessment = _load(session, assessment_id)
    return _summary(assessment, _thresholds(assessment.pair))


def delete_assessment(session: Session, assessment_id: int) -> None:
    """Delete an assessment and its answers (one recorded by mistake)."""
    session.delete(_load(session, assessment_id))
    session.flush()


_SCORE_COLUMNS = (
    Assessment.overall,
    *(getattr(Assessment, dimension.value) for dimension in TrustDimension),
    *(getattr(Assessment, trust_type.value) for trust_type in TrustType),
)


@cache
def _history_statements() -> tuple[AnySelect, AnySelect, AnySelect]:
    """The history's queries, built once (building a statement costs more than running
    it on one pair's few rows): thresholds, assessments, answers; each takes ``pair_id``.
    """
    pair_id: BindParameter[int] = bindparam("pair_id")
    thresholds = (
        select(Program.threshold_high, Program.threshold_medium)
        .join(Pair, Pair.program_id == Program.id)
        .where(Pair.id == pair_id)
    )
    assessments = (
        select(
            Assessment.id,
            Assessment.day,
            Assessment.respondent,
            Assessment.comment,
            *_SCORE_COLUMNS,
        )
        .where(Assessment.pair_id == pair_id)
        .order_by(Assessment.day, Assessment.id)
    )
    answers = (
        select(Answer.assessment_id, Answer.item, Answer.rating)
        .join(Assessment, Assessment.id == Answer.assessment_id)
        .where(Assessment.pair_id == pair_id)
        .order_by(Answer.id)
    )
    return thresholds, assessments, answers


def trust_history(
    session: Session, pair_id: int, respondent: Respondent | str | None = None
) -> list[AssessmentSummary]:
    """The pair's assessments, oldest first (same day: in recorded order).

    ``respondent`` keeps only the mentee's or the mentor's; None keeps both.
    Three small column queries however long the history (the program's thresholds,
    the assessments, their answers); no records are loaded.
    """
    thresholds_query, assessments_query, answers_query = _history_statements()
    parameters = {"pair_id": pair_id}
    found = session.execute(thresholds_query, parameters).first()
    if found is None:
        raise NotFound(f"There is no pair number {pair_id}; it may have been deleted.")
    who = (
        None
        if respondent is None
        else parse_code(Respondent, respondent, "respondent", "respondent")
    )
    thresholds = TrustThresholds(high=found[0], medium=found[1])
    rows = session.execute(assessments_query, parameters).all()
    if who is not None:
        rows = [row for row in rows if row[2] == who.value]
    if not rows:
        return []
    ratings: dict[int, dict[str, int]] = {row[0]: {} for row in rows}
    for assessment_id, item, rating in session.execute(answers_query, parameters):
        if assessment_id in ratings:
            ratings[assessment_id][item] = rating
    dimensions, types = len(TrustDimension), len(TrustType)
    history = []
    for assessment_id, day, respondent_code, comment, overall, *scores in rows:
        given = ratings[assessment_id]
        history.append(
            AssessmentSummary(
                id=assessment_id,
                pair_id=pair_id,
                day=day,
                respondent=Respondent(respondent_code),
                overall=overall,
                level=trust_level(overall, thresholds),
                dimensions=FrozenMap(zip(TrustDimension, scores[:dimensions], strict=True)),
                types=FrozenMap(
                    zip(TrustType, scores[dimensions : dimensions + types], strict=True)
                ),
                answers=FrozenMap({i.code: given[i.code] for i in ITEMS if i.code in given}),
                comment=comment or "",
            )
        )
    return history


def latest_assessment(
    session: Session, pair_id: int, respondent: Respondent | str = Respondent.MENTEE
) -> AssessmentSummary | None:
    """The pair's latest assessment by ``respondent`` (default the mentee), or None."""
    pair = load_pair(session, pair_id)
    who = parse_code(Respondent, respondent, "respondent", "respondent")
    assessment = session.scalars(
        select(Assessment)
        .where(Assessment.pair_id == pair.id, Assessment.respondent == who.value)
        .options(selectinload(Assessment.answers))
        .order_by(Assessment.day.desc(), Assessment.id.desc())
        .limit(1)
    ).first()
    return None if assessment is None else _summary(assessment, _thresholds(pair))


def _gap(mentor: float | None, mentee: float | None) -> float | None:
    if mentor is None or mentee is None:
        return None
    # Decimal on the stored two-decimal values, so 4.1 - 3.3 is 0.8 and not 0.7999….
    return round_score(Decimal(repr(mentor)) - Decimal(repr(mentee)))


def compare_views(session: Session, pair_id: int) -> TrustComparison:
    """The mentee's latest assessment beside the mentor's latest view, with the gaps."""
    return compare_latest(trust_history(session, pair_id))


def compare_latest(history: Sequence[AssessmentSummary]) -> TrustComparison:
    """The comparison of :func:`compare_views` drawn from a pair's history as
    :func:`trust_history` gives it (oldest first): a page that shows both reads once."""
    latest: dict[Respondent, AssessmentSummary] = {}
    for summary in history:
        latest[summary.respondent] = summary
    mentee, mentor = latest.get(Respondent.MENTEE), latest.get(Respondent.MENTOR)

    def score(summary: AssessmentSummary | None, key: TrustDimension | TrustType) -> float | None:
        if summary is None:
            return None
        if isinstance(key, TrustDimension):
            return summary.dimensions[key]
        return summary.types[key]

    return TrustComparison(
        mentee=mentee,
        mentor=mentor,
        overall_gap=_gap(mentor.overall if mentor else None, mentee.overall if mentee else None),
        dimension_gaps=FrozenMap(
            {d: _gap(score(mentor, d), score(mentee, d)) for d in TrustDimension}
        ),
        type_gaps=FrozenMap({t: _gap(score(mentor, t), score(mentee, t)) for t in TrustType}),
    )
