"""A program with two active pairs (one with goals) and a survey round asking both sides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.domain.questionnaire import ITEM_CODES
from mentordesk.services import surveys
from mentordesk.services.surveys import ImportResult, Review
from mentordesk.store.models import (
    Assessment,
    AuditEntry,
    Goal,
    SurveyOutcome,
    SurveyRespondent,
)
from mentordesk.surveys.reading import gather, read_form
from mentordesk.surveys.sending import write_round_folder
from tests.factories import make_pair, make_person, make_program

TODAY = date(2027, 3, 20)


@dataclass
class Setup:
    program_id: int
    pair_ids: list[int]
    round_id: int
    closing_id: int
    goal_ids: list[int]


@pytest.fixture
def setup(database) -> Setup:
    with database.transaction() as session:
        program = make_program(session, name="Engineering 2027")
        first = make_pair(
            session, program,
            mentor=make_person(session, name="Ana Sørensen", can_mentor=True, capacity=3),
            mentee=make_person(session, name="Bilal Haddad"),
            start_date=date(2027, 1, 11), planned_end=date(2027, 12, 10),
        )
        second = make_pair(
            session, program,
            mentor=make_person(session, name="Chen Wei", can_mentor=True, capacity=3),
            mentee=make_person(session, name="Dara O'Neill"),
            start_date=date(2027, 1, 11),
        )
        goals = [
            Goal(pair_id=first.id, text="Lead a design review alone", position=0),
            Goal(pair_id=first.id, text="Present at the all-hands", position=1),
        ]
        session.add_all(goals)
        session.flush()
        checkup = surveys.plan_round(
            session, program.id, name="March check-up", kind="checkup",
            opens_on=date(2027, 3, 1), due_on=date(2027, 3, 31), respondents="both",
        )
        closing = surveys.plan_round(
            session, program.id, name="Closing", kind="closing",
            opens_on=date(2027, 3, 1), due_on=date(2027, 3, 31), respondents="mentee",
            pair_ids=[first.id],
        )
        return Setup(
            program.id, [first.id, second.id], checkup.id, closing.id, [g.id for g in goals]
        )


def make_forms(database, round_id: int, folder: Path) -> dict[str, Path]:
    """The round's forms, by paper code."""
    with database.transaction() as session:
        specs = surveys.form_specs(session, round_id)
    sent = write_round_folder(specs, folder)
    return {spec.paper_code: path for spec, path in zip(specs, sent.forms, strict=True)}


def ratings(value: int | dict[str, int]) -> dict[str, str]:
    if isinstance(value, dict):
        return {code: str(rating) for code, rating in value.items()}
    return {code: str(value) for code in ITEM_CODES}


def check(database, paths: Sequence[Path], today: date = TODAY) -> list[Review]:
    forms = [read_form(path) for path in gather(paths).files]
    with database.transaction() as session:
        return surveys.check_returns(session, forms, today=today)


def collect(
    database, paths: Sequence[Path], today: date = TODAY, **options: object
) -> tuple[list[Review], ImportResult]:
    forms = [read_form(path) for path in gather(paths).files]
    with database.transaction() as session:
        reviews = surveys.check_returns(session, forms, today=today)
        result = surveys.import_returns(
            session, [r for r in reviews if r.importable], **options  # type: ignore[arg-type]
        )
    return reviews, result


def snapshot(database) -> tuple[object, ...]:
    """Everything collecting could change."""
    with database.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Assessment)),
            session.scalar(select(func.count()).select_from(SurveyOutcome)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
            tuple(
                session.execute(
                    select(
                        SurveyRespondent.id, SurveyRespondent.state,
                        SurveyRespondent.answers_digest, SurveyRespondent.assessment_id,
                    ).order_by(SurveyRespondent.id)
                ).all()
            ),
        )
