from datetime import date

import pytest

from mentordesk.domain.questionnaire import ITEMS
from mentordesk.domain.surveys import (
    FormIdentity,
    TokenProblem,
    next_due,
    pair_schedule,
    parse_paper_code,
    read_token,
)
from mentordesk.domain.vocabularies import Respondent, SurveyKind

SECRET = "ab" * 32
DB = "0123456789abcdef0123456789abcdef"


def test_default_schedule_checkup_at_30_days_then_every_60_and_closing_at_the_end():
    schedule = pair_schedule(date(2027, 1, 1), date(2027, 9, 1))
    assert [(s.day, s.kind) for s in schedule] == [
        (date(2027, 1, 31), SurveyKind.CHECKUP),
        (date(2027, 4, 1), SurveyKind.CHECKUP),
        (date(2027, 5, 31), SurveyKind.CHECKUP),
        (date(2027, 7, 30), SurveyKind.CHECKUP),
        (date(2027, 9, 1), SurveyKind.CLOSING),
    ]
    # A check-up within 30 days of the closing survey is left out.
    short = pair_schedule(date(2027, 1, 1), date(2027, 2, 20))
    assert [s.kind for s in short] == [SurveyKind.CLOSING]


def test_next_due_skips_covered_surveys_and_says_overdue():
    schedule = pair_schedule(date(2027, 1, 1), None)
    assert next_due(schedule, [], date(2027, 1, 20)) is None  # not yet (due from Jan 24)
    due = next_due(schedule, [], date(2027, 1, 25))
    assert due is not None and not due.overdue and due.scheduled.day == date(2027, 1, 31)
    late = next_due(schedule, [], date(2027, 2, 20))
    assert late is not None and late.overdue and late.days_late == 20
    # An assessment on Jan 28 covers the first check-up; the next is due from Mar 25.
    assert next_due(schedule, [date(2027, 1, 28)], date(2027, 3, 1)) is None
    assert next_due(schedule, [date(2027, 1, 28)], date(2027, 3, 26)).scheduled.day == date(
        2027, 4, 1
    )


def test_tokens_are_signed_and_paper_codes_read_back():
    identity = FormIdentity(DB, 3, 147, Respondent.MENTOR)
    token = identity.token(SECRET)
    assert read_token(token, DB, SECRET) == identity
    assert identity.paper_code == "R3-0147-M"
    code = parse_paper_code(" r3-0147-m ")
    assert code is not None and (code.round_id, code.pair_id, code.respondent) == (
        3, 147, Respondent.MENTOR
    )
    assert parse_paper_code("R3-0147-E").respondent is Respondent.MENTEE
    assert parse_paper_code("hello") is None
    with pytest.raises(TokenProblem, match="another MentorDesk database"):
        read_token(token, "f" * 32, SECRET)
    with pytest.raises(TokenProblem, match="edited"):
        read_token(token.replace(".147.", ".148."), DB, SECRET)
    with pytest.raises(TokenProblem, match="edited"):
        read_token(token, DB, "cd" * 32)


def test_every_statement_has_a_mirrored_wording_for_the_mentor():
    for item in ITEMS:
        assert item.statement.startswith("My mentor")
        assert item.statement_for("mentee") == item.statement
        mirrored = item.statement_for("mentor")
        assert mirrored == item.mentor_statement
        assert mirrored.startswith("My mentee") and "My mentor" not in mirrored
