"""Pairs for the window's tests, dated around today (the forms default to today)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mentordesk.store.database import Database
from tests.factories import add_activity, add_assessment, make_pair, make_person, make_program

TODAY = date.today()


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@dataclass(frozen=True)
class Scene:
    program_id: int
    pair_id: int
    mentor_id: int
    mentee_id: int


def one_pair(database: Database, *, trust: int = 4, model: str = "informal") -> Scene:
    """A program with one active pair started 60 days ago, assessed once at ``trust``."""
    with database.transaction() as session:
        program = make_program(session, name="Spring mentoring", start_date=days_ago(120))
        mentor = make_person(
            session, name="Ana Ruiz", department="Platform", can_mentor=True, capacity=3
        )
        mentee = make_person(session, name="Ben Okafor", department="Design")
        pair = make_pair(session, program, mentor, mentee, model=model, start_date=days_ago(60))
        add_activity(session, pair, days_ago(20))
        add_assessment(session, pair, days_ago(30), trust)
        return Scene(program.id, pair.id, mentor.id, mentee.id)
