"""The activity log, the pair timeline, and the activity facts the rules use."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import event, func, select

from mentordesk.domain.consistency import ActivityFact
from mentordesk.domain.vocabularies import ActivityKind, ActivityOutcome
from mentordesk.errors import ChangedElsewhere, FieldProblem, NotFound
from mentordesk.services import activities
from mentordesk.services.activities import TimelineSource
from mentordesk.store.models import Activity, Attendance, Pair, PairReview, Workshop
from tests.factories import (
    add_activity,
    add_assessment,
    add_conflict,
    add_ethics_review,
    make_pair,
    make_person,
    make_program,
)

START = date(2027, 1, 11)
HELD, MISSED, CANCELLED = ActivityOutcome.HELD, ActivityOutcome.MISSED, ActivityOutcome.CANCELLED
CHECKIN, WORKSHOP = ActivityKind.CHECKIN, ActivityKind.WORKSHOP


@pytest.fixture
def pair_id(database) -> int:
    with database.transaction() as session:
        return make_pair(session, start_date=START).id


def log(database, pair_id: int, **values: object) -> activities.ActivityRow:
    values.setdefault("day", date(2027, 2, 1))
    values.setdefault("kind", "checkin")
    with database.transaction() as session:
        return activities.log_activity(session, pair_id, **values)  # type: ignore[arg-type]


def add_workshop(
    session, program_id: int, day: date, people: list[int], kind: str = "workshop"
) -> Workshop:
    workshop = Workshop(program_id=program_id, day=day, title="Giving feedback", kind=kind)
    workshop.attendees = [Attendance(person_id=person) for person in people]
    session.add(workshop)
    session.flush()
    return workshop


# --------------------------------------------------------------------------- the log


def test_logging_an_activity(database, pair_id) -> None:
    row = log(
        database,
        pair_id,
        kind=ActivityKind.PROJECT,
        outcome="missed",
        minutes=90,
        notes="  Talked about the reorg. ",
        confidential=True,
    )
    assert (row.pair_id, row.day, row.kind, row.outcome, row.minutes) == (
        pair_id,
        date(2027, 2, 1),
        ActivityKind.PROJECT,
        MISSED,
        90,
    )
    assert (row.notes, row.confidential) == ("Talked about the reorg.", True)
    with database.transaction() as session:
        assert activities.get_activity(session, row.id) == row
        assert activities.list_activities(session, pair_id) == [row]


def test_held_is_the_default_and_minutes_are_optional(database, pair_id) -> None:
    row = log(database, pair_id)
    assert (row.outcome, row.minutes, row.notes, row.confidential) == (HELD, None, "", False)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"day": date(2027, 1, 10)},
            "day",
            "The activity date (2027-01-10) is before the pair started (2027-01-11).",
        ),
        (
            {"kind": "lunch"},
            "kind",
            "The activity kind 'lunch' is not one of: Regular check-in, Skill-building workshop, "
            "Networking event, Project collaboration, Peer mentoring.",
        ),
        (
            {"outcome": "late"},
            "outcome",
            "The outcome 'late' is not one of: Held, Missed, Cancelled.",
        ),
        (
            {"minutes": 0},
            "minutes",
            "The length must be a whole number of minutes from 1 to 1440, not 0.",
        ),
        (
            {"minutes": 1441},
            "minutes",
            "The length must be a whole number of minutes from 1 to 1440, not 1441.",
        ),
        (
            {"notes": "n" * 20_001},
            "notes",
            "Keep the notes to 20,000 characters at most (now 20,001).",
        ),
    ],
)
def test_bad_activities_are_refused_naming_the_field(
    database, pair_id, values: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(FieldProblem) as caught:
        log(database, pair_id, **values)
    assert (caught.value.field, str(caught.value)) == (field, message)
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0


def test_editing_and_deleting(database, pair_id) -> None:
    row = log(database, pair_id, minutes=30)
    changed = dataclasses.replace(row.fields(), outcome=CANCELLED, minutes=None, notes="Sick")
    with database.transaction() as session:
        saved = activities.update_activity(session, row.id, changed, expected_version=row.version)
    assert saved.fields() == changed
    with database.transaction() as session, pytest.raises(ChangedElsewhere):
        activities.update_activity(session, row.id, changed, expected_version=row.version)
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        activities.update_activity(session, row.id, dataclasses.replace(changed, minutes=2000))
    assert caught.value.field == "minutes"
    with database.transaction() as session:
        activities.delete_activity(session, row.id)
    with database.transaction() as session:
        with pytest.raises(NotFound) as gone:
            activities.get_activity(session, row.id)
        assert str(gone.value) == (
            f"There is no activity number {row.id}; it may have been deleted."
        )
        with pytest.raises(NotFound, match="There is no pair number 999"):
            activities.log_activity(session, 999, day=START, kind="checkin")


# --------------------------------------------------------------------------- the facts


def test_facts_merge_logged_activities_and_shared_workshops(database) -> None:
    with database.transaction() as session:
        program = make_program(session)
        other_program = make_program(session)
        pair = make_pair(session, program, start_date=START)
        quiet = make_pair(session, program, start_date=START)
        stranger = make_person(session)
        add_activity(session, pair, date(2027, 3, 1), outcome="missed")
        add_activity(session, pair, date(2027, 2, 1))
        both = [pair.mentor_id, pair.mentee_id]
        add_workshop(session, program.id, date(2027, 3, 1), [*both, stranger.id])
        add_workshop(session, program.id, date(2027, 2, 15), both, kind="networking")
        # Not the pair's: one of them only, another program, before the start.
        add_workshop(session, program.id, date(2027, 2, 20), [pair.mentor_id, stranger.id])
        add_workshop(session, other_program.id, date(2027, 2, 21), both)
        add_workshop(session, program.id, date(2027, 1, 5), both)
        ids = (pair.id, quiet.id)
    with database.transaction() as session:
        facts = activities.pair_activity_facts(session, [*ids, ids[0]])
    assert facts == {
        ids[0]: [
            ActivityFact(date(2027, 2, 1), CHECKIN, HELD),
            ActivityFact(date(2027, 2, 15), ActivityKind.NETWORKING, HELD),
            ActivityFact(date(2027, 3, 1), CHECKIN, MISSED),
            ActivityFact(date(2027, 3, 1), WORKSHOP, HELD),
        ],
        ids[1]: [],
    }
    with database.transaction() as session:
        assert activities.pair_activity_facts(session, []) == {}
        # Stored once: the workshops were never copied into the activity table.
        assert session.scalar(select(func.count()).select_from(Activity)) == 2


def test_facts_for_many_pairs_take_few_queries(database) -> None:
    with database.transaction() as session:
        program = make_program(session)
        mentor = make_person(session, can_mentor=True, capacity=50)
        pair_ids = []
        for number in range(40):
            pair = make_pair(session, program, mentor, start_date=START)
            add_activity(session, pair, date(2027, 2, 1 + number % 20))
            pair_ids.append(pair.id)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        with database.transaction() as session:
            facts = activities.pair_activity_facts(session, pair_ids)
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert all(len(facts[pid]) == 1 for pid in pair_ids)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


# --------------------------------------------------------------------------- the timeline


def test_timeline_merges_every_kind_of_record_in_day_order(database) -> None:
    with database.transaction() as session:
        program = make_program(session, threshold_high=4.5, threshold_medium=3.5)
        pair = make_pair(session, program, start_date=START)
        checkin = add_activity(session, pair, date(2027, 2, 1))
        checkin.notes = "Private"
        checkin.confidential = True
        workshop = add_workshop(
            session, program.id, date(2027, 2, 1), [pair.mentor_id, pair.mentee_id]
        )
        mentee_view = add_assessment(session, pair, date(2027, 2, 2), answers=4)
        mentor_view = add_assessment(
            session, pair, date(2027, 2, 2), answers=5, respondent="mentor"
        )
        conflict = add_conflict(
            session,
            pair,
            date(2027, 2, 3),
            kind="trust_breach",
            severity="high",
            steps=((date(2027, 2, 3), "open"), (date(2027, 2, 10), "in_dialogue")),
            confidential=True,
            description="Shared a confidence",
        )
        conflict.steps[0].note = "Raised by the mentee"
        conflict.steps[1].note = "First talk"
        ethics = add_ethics_review(session, pair, "boundaries", "concern", date(2027, 2, 11))
        ethics.reviewer = "HR"
        ethics.note = "Late calls"
        review = PairReview(pair_id=pair.id, day=date(2027, 2, 12), summary="On track")
        session.add(review)
        session.flush()
        ids = {
            "pair": pair.id,
            "checkin": checkin.id,
            "workshop": workshop.id,
            "mentee": mentee_view.id,
            "mentor": mentor_view.id,
            "conflict": conflict.id,
            "ethics": ethics.id,
            "review": review.id,
        }
    with database.transaction() as session:
        timeline = activities.pair_timeline(session, ids["pair"])
    assert [(e.day, e.source, e.record_id) for e in timeline] == [
        (date(2027, 2, 1), TimelineSource.ACTIVITY, ids["checkin"]),
        (date(2027, 2, 1), TimelineSource.WORKSHOP, ids["workshop"]),
        (date(2027, 2, 2), TimelineSource.ASSESSMENT, ids["mentee"]),
        (date(2027, 2, 2), TimelineSource.ASSESSMENT, ids["mentor"]),
        (date(2027, 2, 3), TimelineSource.CONFLICT_OPENED, ids["conflict"]),
        (date(2027, 2, 10), TimelineSource.CONFLICT_STEP, ids["conflict"]),
        (date(2027, 2, 11), TimelineSource.ETHICS_REVIEW, ids["ethics"]),
        (date(2027, 2, 12), TimelineSource.PAIR_REVIEW, ids["review"]),
    ]
    assert [(e.title, e.detail) for e in timeline] == [
        ("Regular check-in", "Held · 45 min"),
        ("Skill-building workshop: Giving feedback", "Held · both attended"),
        ("Trust assessment by the mentee", "Trust 4.00 · Medium"),
        ("The mentor's view of the trust", "Trust 5.00 · High"),
        ("Conflict opened: Trust breach", "High severity"),
        ("Conflict (Trust breach): In dialogue", ""),
        ("Ethics review: Respect for boundaries", "Concern · by HR"),
        ("Pair review", ""),
    ]
    assert [(e.text, e.confidential) for e in timeline] == [
        ("Private", True),
        ("", False),
        ("", False),
        ("", False),
        ("Shared a confidence\n\nRaised by the mentee", True),
        ("First talk", True),
        ("Late calls", False),
        ("On track", False),
    ]
    assert (timeline[0].activity_kind, timeline[0].outcome) == (CHECKIN, HELD)
    assert (timeline[1].activity_kind, timeline[1].outcome) == (WORKSHOP, HELD)
    assert timeline[2].activity_kind is None


def test_a_conflict_without_an_opening_step_still_shows_its_opening(database, pair_id) -> None:
    with database.transaction() as session:
        pair = session.get(Pair, pair_id)
        add_conflict(session, pair, date(2027, 3, 1))
        add_conflict(
            session,
            pair,
            date(2027, 3, 5),
            steps=((date(2027, 3, 6), "mediation"), (date(2027, 3, 9), "resolved")),
        )
    with database.transaction() as session:
        timeline = activities.pair_timeline(session, pair_id)
    assert [(e.day, e.title) for e in timeline] == [
        (date(2027, 3, 1), "Conflict opened: Disagreement"),
        (date(2027, 3, 5), "Conflict opened: Disagreement"),
        (date(2027, 3, 6), "Conflict (Disagreement): In mediation"),
        (date(2027, 3, 9), "Conflict (Disagreement): Resolved"),
    ]


def test_an_empty_pair_has_an_empty_timeline(database, pair_id) -> None:
    with database.transaction() as session:
        assert activities.pair_timeline(session, pair_id) == []
        with pytest.raises(NotFound):
            activities.pair_timeline(session, 12345)
