"""A demo program shared by the report tests of a module (made once, read many times)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mentordesk.demo import load_demo
from mentordesk.store.database import Database, open_database
from tests.factories import add_activity, add_conflict, make_pair, make_person

TODAY = date(2027, 6, 30)
SECRET_CONFLICT = "Mentor shared the salary review outcome early"
SECRET_NOTE = "Talked about the health issue in confidence"


@pytest.fixture(autouse=True)
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every emoji in a font's Unicode map; not our concern here."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def fill_demo(database: Database, pairs: int = 40) -> None:
    """The demo program plus a pair with a confidential conflict and note, and a pair
    whose names are in many scripts."""
    with database.transaction() as session:
        session.info["audit"] = False
        summary = load_demo(session, pairs, 7, TODAY)
        from mentordesk.store.models import Program

        program = session.get(Program, summary.program_id)
        mentor = make_person(session, name="Marguerite Østergård", can_mentor=True, capacity=3)
        mentee = make_person(session, name="Jonas Keller", email="jonas.keller@example.org")
        pair = make_pair(
            session, program, mentor, mentee, model="informal", start_date=date(2027, 3, 1)
        )
        add_conflict(
            session,
            pair,
            date(2027, 6, 1),
            kind="confidentiality_breach",
            severity="high",
            confidential=True,
            description=SECRET_CONFLICT,
        )
        note = add_activity(session, pair, date(2027, 6, 10))
        note.notes = SECRET_NOTE
        note.confidential = True
        world_mentor = make_person(
            session, name="דוד כהן · محمد 👍 " + "Wolfeschlegelstein" * 6, can_mentor=True
        )
        world_mentee = make_person(
            session, name="李小龍 (Bruce) 🙂 Ünïcödé", email="world@example.org"
        )
        make_pair(
            session,
            program,
            world_mentor,
            world_mentee,
            model="peer",
            start_date=date(2027, 2, 1),
            expectations="関係を築く 🎉 " * 300,
        )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A SQLite file with the demo program (made once per module)."""
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    fill_demo(database)
    yield database
    database.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "report.pdf"
