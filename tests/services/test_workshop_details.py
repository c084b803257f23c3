"""A workshop's time, place and facilitator: saved by the service, carried by program files
(optional fields, so older files still import), and refused with a sentence when wrong."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from mentordesk.errors import FieldProblem
from mentordesk.program_file import (
    ProgramFileError,
    dump_program,
    export_program,
    import_program,
    load_program,
)
from mentordesk.services import workshops
from mentordesk.services.workshops import WorkshopDetails
from mentordesk.store.database import open_database
from tests.factories import make_program
from tests.services.test_program_file import minimal_document

DETAILS = WorkshopDetails(time(14, 30), "Room 4.12, Berlin office", "Mara Klein")


def test_details_are_saved_changed_and_cleared(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session)
        planned = workshops.plan_workshop(
            session, program.id, date(2027, 3, 1), "Feedback", details=DETAILS
        )
    assert planned.details == DETAILS
    with database.transaction() as session:
        row = workshops.update_workshop(
            session, planned.id, details=WorkshopDetails(time(9, 0), "  Online  ", "")
        )
    assert row.details == WorkshopDetails(time(9, 0), "Online", "")
    with database.transaction() as session:
        row = workshops.update_workshop(session, planned.id, title="Feedback II")
        assert row.details == WorkshopDetails(time(9, 0), "Online", "")  # None keeps them
        listed = workshops.list_workshops(session, program.id)
    assert [w.place for w in listed] == ["Online"]


def test_a_place_too_long_is_pointed_at(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session)
        with pytest.raises(FieldProblem) as problem:
            workshops.plan_workshop(
                session,
                program.id,
                date(2027, 3, 1),
                "Feedback",
                details=WorkshopDetails(place="x" * 201),
            )
    assert problem.value.field == "place"
    assert "at most 200" in str(problem.value)


def test_program_files_carry_the_details_and_older_files_still_import(
    database: Any, tmp_path: Path
) -> None:
    document = minimal_document()
    with database.transaction() as session:
        summary = import_program(session, document)  # a file without them: still valid
        exported = export_program(session, summary.program_id, include_confidential=True)
    assert set(exported["workshops"][0]) == {"date", "title", "kind", "attendees"}

    workshop = document["workshops"][0]
    workshop.update(time="14:30", place="Room 4.12, Berlin office", facilitator="Mara Klein")
    document["program"]["name"] = "Second copy"
    second = open_database(tmp_path / "second.sqlite3")
    try:
        with second.transaction() as session:
            summary = import_program(session, load_program(dump_program(document)))
            (row,) = workshops.list_workshops(session, summary.program_id)
            exported = export_program(session, summary.program_id, include_confidential=True)
    finally:
        second.close()
    assert row.details == DETAILS
    assert exported["workshops"][0]["time"] == "14:30"
    assert exported["workshops"][0]["place"] == "Room 4.12, Berlin office"
    assert exported["workshops"][0]["facilitator"] == "Mara Klein"


@pytest.mark.parametrize("bad", ["25:00", "2pm", "9:30", 930])
def test_a_time_that_is_not_hh_mm_is_refused_with_its_path(database: Any, bad: object) -> None:
    document = minimal_document()
    document["workshops"][0]["time"] = bad
    with database.transaction() as session, pytest.raises(ProgramFileError) as problem:
        import_program(session, document)
    assert "workshops[0].time" in str(problem.value)
