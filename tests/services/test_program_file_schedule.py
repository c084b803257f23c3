"""The survey schedule travels in the program file: exported, imported, optional (a file
written before it existed gets the defaults), and checked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mentordesk.domain.surveys import SurveySchedule
from mentordesk.errors import MentorDeskError
from mentordesk.program_file import export_program, import_program
from mentordesk.services import programs
from tests.services.test_program_file import minimal_document


def test_an_old_file_without_a_schedule_gets_the_defaults(database):
    document = minimal_document()
    assert "survey_schedule" not in document["program"]
    with database.transaction() as session:
        summary = import_program(session, document)
        details = programs.get_program(session, summary.program_id)
        assert details.survey_schedule == SurveySchedule(30, 60, True)


def test_the_schedule_goes_out_and_comes_back(database):
    with database.transaction() as session:
        summary = import_program(session, minimal_document())
        details = programs.get_program(session, summary.program_id)
        programs.update_program(
            session,
            details.id,
            replace(details.fields(), survey_first_days=21, survey_every_days=45,
                    survey_closing=False),
        )
        document = export_program(session, details.id)
        assert document["program"]["survey_schedule"] == {
            "first_checkup_days": 21, "checkup_every_days": 45, "closing_round": False
        }
        document["program"]["name"] = "Engineering mentoring 2028"
        copy = minimal_document()
        copy["program"] = document["program"]
        again = import_program(session, copy)
        assert programs.get_program(session, again.program_id).survey_schedule == (
            SurveySchedule(21, 45, False)
        )


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        ({"first_checkup_days": 3}, "program.survey_schedule.first_checkup_days"),
        ({"closing_round": "yes"}, "program.survey_schedule.closing_round"),
        ({"every": 60}, "program.survey_schedule.every"),
    ],
)
def test_a_bad_schedule_is_refused_naming_where(database, schedule, words):
    document = minimal_document()
    document["program"]["survey_schedule"] = schedule
    with database.transaction() as session, pytest.raises(MentorDeskError) as refused:
        import_program(session, document)
    assert words in str(refused.value)
