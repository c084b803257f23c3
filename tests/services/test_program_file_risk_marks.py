"""An import marks its pairs' risk verdicts stale once and leaves the risk triggers as they were."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import text

from mentordesk.program_file import ProgramFileError, import_program
from tests.services.test_program_file import minimal_document, row_counts

TRIGGERS = {
    "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    "postgresql": "SELECT tgname, tgrelid::regclass::text || ' ' || tgenabled::text "
    "FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
}


def triggers(database: Any) -> list[tuple[str, str]]:
    with database.engine.connect() as connection:
        query = TRIGGERS[connection.dialect.name]
        return [(row[0], row[1]) for row in connection.execute(text(query))]


def verdict_marks(database: Any) -> tuple[dict[int, tuple[int, Any]], int]:
    """pair → (stamp, judged stamp) of the kept verdicts, and the epoch."""
    with database.engine.connect() as connection:
        marks = {
            pair_id: (stamp, judged)
            for pair_id, stamp, judged in connection.execute(
                text("SELECT pair_id, stamp, judged_stamp FROM risk_verdict")
            )
        }
        epoch = connection.execute(text("SELECT epoch FROM risk_epoch")).scalar_one()
    return marks, epoch


def test_every_imported_pair_is_stale_and_the_triggers_are_back(database: Any) -> None:
    if not database.is_sqlite:
        pytest.skip("the triggers are dropped during an import on SQLite only")
    before = triggers(database)
    assert any(name.startswith("risk_stale_") for name, _sql in before)
    _marks, epoch = verdict_marks(database)
    with database.transaction() as session:
        summary = import_program(session, minimal_document())
        pair_ids = [
            row[0]
            for row in session.execute(
                text("SELECT id FROM pair WHERE program_id = :p"), {"p": summary.program_id}
            )
        ]
    assert triggers(database) == before
    marks, epoch_after = verdict_marks(database)
    assert sorted(marks) == sorted(pair_ids) and len(pair_ids) == 2
    assert all(stamp >= 1 and judged is None for stamp, judged in marks.values())
    assert epoch_after > epoch
    # The triggers work again: a new activity of a pair bumps its stamp.
    pair_id = pair_ids[0]
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO activity (pair_id, day, kind, outcome, notes, confidential, version)"
                " VALUES (:p, '2027-03-01', 'checkin', 'held', '', 0, 1)"
            ),
            {"p": pair_id},
        )
    assert verdict_marks(database)[0][pair_id][0] == marks[pair_id][0] + 1


@pytest.mark.parametrize("where", ["pair", "workshop"])
def test_a_refused_import_leaves_the_triggers_and_the_marks_untouched(
    database: Any, where: str
) -> None:
    """A problem in the first pair, or in the last record of the file (found once the
    pairs may already be written)."""
    before = triggers(database), verdict_marks(database), row_counts(database)
    document = copy.deepcopy(minimal_document())
    if where == "pair":
        document["pairs"][0]["activities"][0]["minutes"] = 0
    else:
        document["workshops"][0]["attendees"].append("nobody")
    with pytest.raises(ProgramFileError), database.transaction() as session:
        import_program(session, document)
    assert (triggers(database), verdict_marks(database), row_counts(database)) == before


def test_imported_people_are_in_the_roster_search_index(database: Any) -> None:
    """They go into the index in one statement at the end of the people (SQLite)."""
    if not database.is_sqlite:
        pytest.skip("the search index is kept by triggers on SQLite only")
    before = triggers(database)
    with database.transaction() as session:
        import_program(session, minimal_document())
        session.execute(
            text("INSERT INTO person (name, skills, can_mentor, capacity, active, version) "
                 "VALUES ('Zoe Late', '[]', 0, 0, 1, 1)")
        )  # fmt: skip
    assert triggers(database) == before
    with database.engine.connect() as connection:
        indexed = connection.execute(
            text("SELECT p.name FROM person_search s JOIN person p ON p.id = s.rowid "
                 "WHERE person_search MATCH :words ORDER BY p.name"),
            {"words": '"Ruiz" OR "Chen" OR "Zoe Late"'},
        ).scalars().all()  # fmt: skip
        people = connection.execute(text("SELECT count(*) FROM person")).scalar_one()
        rows = connection.execute(text("SELECT count(*) FROM person_search")).scalar_one()
    assert indexed == ["Ana Ruiz", "Bo Chen", "Zoe Late"]
    assert rows == people
