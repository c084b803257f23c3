"""Small builders of database rows for tests: sensible defaults, override what matters."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from mentordesk.domain.questionnaire import ITEM_CODES
from mentordesk.domain.scoring import score_answers
from mentordesk.store.models import (
    Activity,
    Answer,
    Assessment,
    Conflict,
    ConflictStep,
    EthicsReview,
    Pair,
    Person,
    Program,
)

_counter = itertools.count(1)


def make_program(session: Session, **fields: object) -> Program:
    values: dict[str, object] = {
        "name": f"Program {next(_counter)}",
        "start_date": date(2027, 1, 4),
        "default_model": "formal",
        "cadence_days": 14,
    }
    values.update(fields)
    program = Program(**values)
    session.add(program)
    session.flush()
    return program


def make_person(session: Session, **fields: object) -> Person:
    number = next(_counter)
    values: dict[str, object] = {
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "department": "Platform",
        "skills": [],
    }
    values.update(fields)
    person = Person(**values)
    session.add(person)
    session.flush()
    return person


def make_pair(
    session: Session,
    program: Program | None = None,
    mentor: Person | None = None,
    mentee: Person | None = None,
    **fields: object,
) -> Pair:
    program = program or make_program(session)
    mentor = mentor or make_person(session, can_mentor=True, capacity=2)
    mentee = mentee or make_person(session)
    values: dict[str, object] = {
        "program_id": program.id,
        "mentor_id": mentor.id,
        "mentee_id": mentee.id,
        "model": "informal",
        "status": "active",
        "start_date": date(2027, 1, 11),
    }
    values.update(fields)
    pair = Pair(**values)
    session.add(pair)
    session.flush()
    return pair


def add_activity(
    session: Session, pair: Pair, day: date, kind: str = "checkin", outcome: str = "held"
) -> Activity:
    activity = Activity(pair_id=pair.id, day=day, kind=kind, outcome=outcome, minutes=45)
    session.add(activity)
    session.flush()
    return activity


def uniform_answers(rating: int) -> dict[str, int]:
    return dict.fromkeys(ITEM_CODES, rating)


def add_assessment(
    session: Session,
    pair: Pair,
    day: date,
    answers: Mapping[str, int] | int = 4,
    respondent: str = "mentee",
) -> Assessment:
    ratings = uniform_answers(answers) if isinstance(answers, int) else dict(answers)
    scores = score_answers(ratings)
    assessment = Assessment(
        pair_id=pair.id,
        day=day,
        respondent=respondent,
        overall=scores.overall,
        **{d.value: s for d, s in scores.dimensions.items()},
        **{t.value: s for t, s in scores.types.items()},
        answers=[Answer(item=code, rating=value) for code, value in ratings.items()],
    )
    session.add(assessment)
    session.flush()
    return assessment


def add_conflict(
    session: Session,
    pair: Pair,
    opened: date,
    kind: str = "disagreement",
    severity: str = "medium",
    steps: tuple[tuple[date, str], ...] = (),
    confidential: bool = False,
    description: str = "",
) -> Conflict:
    conflict = Conflict(
        program_id=pair.program_id,
        pair_id=pair.id,
        opened=opened,
        kind=kind,
        severity=severity,
        confidential=confidential,
        description=description,
        status=steps[-1][1] if steps else "open",
        steps=[
            ConflictStep(position=i, day=day, status=status)
            for i, (day, status) in enumerate(steps)
        ],
    )
    session.add(conflict)
    session.flush()
    return conflict


def add_ethics_review(
    session: Session, pair: Pair, guideline: str, state: str, day: date
) -> EthicsReview:
    review = EthicsReview(pair_id=pair.id, guideline=guideline, state=state, day=day)
    session.add(review)
    session.flush()
    return review
