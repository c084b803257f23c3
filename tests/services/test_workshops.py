"""The workshop service: planning, taking attendance, and the pairs a workshop counts for."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event, func, select

from mentordesk.domain.vocabularies import ActivityKind
from mentordesk.errors import ChangedElsewhere, FieldProblem, NotFound
from mentordesk.services import workshops
from mentordesk.store.models import Activity, Attendance, AuditEntry, Person
from tests.factories import make_pair, make_person, make_program


@pytest.fixture
def setup(database):
    """A program (Jan–Dec 2027) with three pairs, one not started until June, one ended
    (planned end 31 March), a pair in another program, and a bystander who left."""
    with database.transaction() as session:
        program = make_program(
            session,
            name="Engineering 2027",
            start_date=date(2027, 1, 4),
            end_date=date(2027, 12, 17),
        )
        other_program = make_program(session, name="Sales 2027")
        people = {
            name: make_person(session, name=name, can_mentor=True, capacity=3)
            for name in (
                "Ana Ruiz",
                "Ben Okafor",
                "Cleo Park",
                "Dev Shah",
                "Eli Moss",
                "Fay Lin",
                "Gus Berg",
                "Hal Kim",
            )
        }
        people["Ida Left"] = make_person(session, name="Ida Left", active=False)
        ids = {name: person.id for name, person in people.items()}
        pairs = {
            "ana_ben": make_pair(session, program, people["Ana Ruiz"], people["Ben Okafor"]),
            "cleo_dev": make_pair(session, program, people["Cleo Park"], people["Dev Shah"]),
            "eli_fay": make_pair(
                session,
                program,
                people["Eli Moss"],
                people["Fay Lin"],
                start_date=date(2027, 6, 1),
            ),
            "ana_gus": make_pair(
                session,
                program,
                people["Ana Ruiz"],
                people["Gus Berg"],
                status="completed",
                start_date=date(2027, 1, 11),
                planned_end=date(2027, 3, 31),
            ),
            # Same two people as ana_ben, but in the other program.
            "elsewhere": make_pair(
                session, other_program, people["Ana Ruiz"], people["Ben Okafor"]
            ),
        }
        ids.update({name: pair.id for name, pair in pairs.items()})
        ids["program"] = program.id
        ids["other_program"] = other_program.id
        return ids


def _plan(database, setup, day=date(2027, 4, 15), title="Giving feedback", **fields) -> int:
    with database.transaction() as session:
        return workshops.plan_workshop(session, setup["program"], day, title, **fields).id


def _attend(database, workshop_id: int, *person_ids: int) -> workshops.WorkshopRow:
    with database.transaction() as session:
        return workshops.set_attendance(session, workshop_id, set(person_ids))


# --------------------------------------------------------------------------- planning


def test_plan_workshop_defaults_to_a_skill_building_workshop(database, setup) -> None:
    with database.transaction() as session:
        row = workshops.plan_workshop(
            session, setup["program"], date(2027, 4, 15), "  Giving feedback  "
        )
    assert row.title == "Giving feedback"
    assert row.kind is ActivityKind.WORKSHOP
    assert (row.attendees, row.pairs_credited) == (0, 0)
    assert row.day == date(2027, 4, 15)
    networking = _plan(database, setup, title="Meet the leads", kind="networking")
    with database.transaction() as session:
        assert workshops.get_workshop(session, networking).kind is ActivityKind.NETWORKING


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "The workshop needs a title."),
        ({"title": "t" * 301}, "title", "The title is 301 characters long; at most 300 fit."),
        (
            {"kind": "party"},
            "kind",
            "'party' is not an activity kind; choose one of: Regular check-in, "
            "Skill-building workshop, Networking event, Project collaboration, Peer mentoring.",
        ),
        (
            {"day": date(2027, 1, 3)},
            "day",
            "Engineering 2027 starts on 2027-01-04; a workshop cannot be held before, "
            "on 2027-01-03.",
        ),
        (
            {"day": date(2027, 12, 18)},
            "day",
            "Engineering 2027 ends on 2027-12-17; a workshop cannot be held after, on 2027-12-18.",
        ),
    ],
)
def test_plan_workshop_refuses_bad_fields(database, setup, fields, field, message) -> None:
    with pytest.raises(FieldProblem) as raised:
        _plan(database, setup, **fields)
    assert raised.value.field == field
    assert str(raised.value) == message
    with database.transaction() as session:
        assert workshops.list_workshops(session, setup["program"]) == []


def test_plan_workshop_refuses_an_unknown_program(database, setup) -> None:
    with pytest.raises(NotFound) as raised, database.transaction() as session:
        workshops.plan_workshop(session, 999, date(2027, 4, 15), "Feedback")
    assert str(raised.value) == "There is no program number 999 (it may have been deleted)."


def test_update_workshop_changes_what_is_given(database, setup) -> None:
    workshop_id = _plan(database, setup)
    with database.transaction() as session:
        row = workshops.update_workshop(session, workshop_id, title="Feedback that lands")
    assert (row.title, row.day, row.kind) == (
        "Feedback that lands",
        date(2027, 4, 15),
        ActivityKind.WORKSHOP,
    )
    with database.transaction() as session:
        row = workshops.update_workshop(
            session, workshop_id, day=date(2027, 5, 2), kind=ActivityKind.PEER_SESSION
        )
    assert (row.title, row.day, row.kind) == (
        "Feedback that lands",
        date(2027, 5, 2),
        ActivityKind.PEER_SESSION,
    )
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        workshops.update_workshop(session, workshop_id, day=date(2026, 12, 1))
    assert raised.value.field == "day"
    with pytest.raises(FieldProblem, match=r"^The workshop needs a title\.$"):
        with database.transaction() as session:
            workshops.update_workshop(session, workshop_id, title="")


def test_update_and_delete_refuse_a_stale_version(database, setup) -> None:
    workshop_id = _plan(database, setup)
    with database.transaction() as session:
        version = workshops.get_workshop(session, workshop_id).version
        workshops.update_workshop(session, workshop_id, title="Renamed")
    for change in (
        lambda s: workshops.update_workshop(s, workshop_id, title="Mine", expected_version=version),
        lambda s: workshops.delete_workshop(s, workshop_id, expected_version=version),
    ):
        with pytest.raises(ChangedElsewhere) as raised, database.transaction() as session:
            change(session)
        assert re.match(
            r"You \(in another window\) changed this workshop at \d\d:\d\d, after",
            str(raised.value),
        )
    with database.transaction() as session:
        assert workshops.get_workshop(session, workshop_id).title == "Renamed"


def test_delete_workshop_takes_its_attendance_with_it(database, setup) -> None:
    workshop_id = _plan(database, setup)
    _attend(database, workshop_id, setup["Ana Ruiz"], setup["Ben Okafor"])
    with database.transaction() as session:
        workshops.delete_workshop(session, workshop_id)
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 0
        assert workshops.workshop_credits(session, setup["program"]) == []
    with pytest.raises(NotFound, match=r"^There is no workshop number "):
        with database.transaction() as session:
            workshops.get_workshop(session, workshop_id)


# --------------------------------------------------------------------------- attendance


def test_set_attendance_replaces_the_whole_list(database, setup) -> None:
    workshop_id = _plan(database, setup)
    row = _attend(database, workshop_id, setup["Ana Ruiz"], setup["Ben Okafor"], setup["Hal Kim"])
    assert row.attendees == 3
    row = _attend(database, workshop_id, setup["Ben Okafor"], setup["Cleo Park"])
    assert row.attendees == 2
    with database.transaction() as session:
        names = [a.name for a in workshops.attendees(session, workshop_id)]
    assert names == ["Ben Okafor", "Cleo Park"]
    assert _attend(database, workshop_id).attendees == 0


def test_set_attendance_refuses_unknown_people_and_changes_nothing(database, setup) -> None:
    workshop_id = _plan(database, setup)
    _attend(database, workshop_id, setup["Ana Ruiz"])
    with pytest.raises(NotFound) as raised:
        _attend(database, workshop_id, setup["Ben Okafor"], 9001, 9002)
    assert str(raised.value) == (
        "Attendance not saved: there is no person number 9001, 9002 (they may have been deleted)."
    )
    with database.transaction() as session:
        assert [a.name for a in workshops.attendees(session, workshop_id)] == ["Ana Ruiz"]
    with pytest.raises(NotFound, match=r"^There is no workshop number 404 "):
        _attend(database, 404, setup["Ana Ruiz"])


def test_set_attendance_for_200_people_takes_a_handful_of_statements(database, setup) -> None:
    workshop_id = _plan(database, setup)
    with database.transaction() as session:
        crowd = [make_person(session, name=f"Guest {n:03}").id for n in range(200)]
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        row = _attend(database, workshop_id, *crowd)
        first = len(statements)
        row_after = _attend(database, workshop_id, *crowd[50:], setup["Ana Ruiz"])
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert row.attendees == 200
    assert row_after.attendees == 151
    # Whatever the number of people: look up, read, insert, audit, count (not 200 inserts).
    assert first <= 10
    assert len(statements) - first <= 12
    with database.transaction() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.record_type == "workshop")
        ).all()
    assert [entry.summary for entry in entries if entry.action == "change"] == [
        "Attendance taken: 200 added, 0 removed, 200 attending.",
        "Attendance taken: 1 added, 50 removed, 151 attending.",
    ]


def test_set_attendance_with_no_change_writes_no_audit_entry(database, setup) -> None:
    workshop_id = _plan(database, setup)
    _attend(database, workshop_id, setup["Ana Ruiz"])
    _attend(database, workshop_id, setup["Ana Ruiz"])
    with database.transaction() as session:
        changes = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_type == "workshop", AuditEntry.action == "change"
            )
        ).all()
    assert len(changes) == 1


def test_toggle_attendance_ticks_and_unticks(database, setup) -> None:
    workshop_id = _plan(database, setup)
    with database.transaction() as session:
        assert workshops.toggle_attendance(session, workshop_id, setup["Cleo Park"]) is True
        assert workshops.toggle_attendance(session, workshop_id, setup["Dev Shah"]) is True
        assert workshops.get_workshop(session, workshop_id).attendees == 2
    with database.transaction() as session:
        assert workshops.toggle_attendance(session, workshop_id, setup["Cleo Park"]) is False
        assert [a.name for a in workshops.attendees(session, workshop_id)] == ["Dev Shah"]
    with pytest.raises(NotFound) as raised, database.transaction() as session:
        workshops.toggle_attendance(session, workshop_id, 31337)
    assert str(raised.value) == "There is no person number 31337 (they may have been deleted)."


def test_attendance_sheet_lists_people_with_their_ticks(database, setup) -> None:
    workshop_id = _plan(database, setup)
    _attend(database, workshop_id, setup["Ben Okafor"])
    with database.transaction() as session:
        sheet = workshops.attendance_sheet(session, workshop_id)
        with_left = workshops.attendance_sheet(session, workshop_id, include_left=True)
    assert [m.name for m in sheet if m.attending] == ["Ben Okafor"]
    assert "Ida Left" not in [m.name for m in sheet]
    assert [m.name for m in sheet][:3] == ["Ana Ruiz", "Ben Okafor", "Cleo Park"]
    left = next(m for m in with_left if m.name == "Ida Left")
    assert (left.active, left.attending) == (False, False)
    # Someone ticked before they left stays on that workshop's sheet.
    _attend(database, workshop_id, setup["Ben Okafor"], setup["Ida Left"])
    with database.transaction() as session:
        sheet = workshops.attendance_sheet(session, workshop_id)
        attending = [a for a in workshops.attendees(session, workshop_id) if not a.active]
    assert [(m.name, m.attending) for m in sheet if not m.active] == [("Ida Left", True)]
    assert [a.name for a in attending] == ["Ida Left"]


# --------------------------------------------------------------------------- pairs credited


def test_a_pair_is_credited_only_when_both_people_attend(database, setup) -> None:
    workshop_id = _plan(database, setup)
    _attend(database, workshop_id, setup["Ana Ruiz"], setup["Cleo Park"], setup["Dev Shah"])
    with database.transaction() as session:
        credited = workshops.pairs_credited(session, workshop_id)
    assert [c.pair_label for c in credited] == ["Cleo Park → Dev Shah"]
    [credit] = credited
    assert (credit.pair_id, credit.workshop_id) == (setup["cleo_dev"], workshop_id)
    assert (credit.day, credit.kind, credit.title) == (
        date(2027, 4, 15),
        ActivityKind.WORKSHOP,
        "Giving feedback",
    )
    row = _attend(
        database,
        workshop_id,
        setup["Ana Ruiz"],
        setup["Ben Okafor"],
        setup["Cleo Park"],
        setup["Dev Shah"],
    )
    assert row.pairs_credited == 2
    with database.transaction() as session:
        assert [c.pair_id for c in workshops.pairs_credited(session, workshop_id)] == [
            setup["ana_ben"],
            setup["cleo_dev"],
        ]
        # Stored once, under the workshop: nothing is copied into the activities.
        assert session.scalar(select(func.count()).select_from(Activity)) == 0


def test_credit_needs_the_pair_of_this_program_within_its_span(database, setup) -> None:
    everyone = [
        setup[name] for name in ("Ana Ruiz", "Ben Okafor", "Eli Moss", "Fay Lin", "Gus Berg")
    ]
    february = _plan(database, setup, day=date(2027, 2, 10), title="Listening")
    april = _plan(database, setup, day=date(2027, 4, 15), title="Feedback")
    june = _plan(database, setup, day=date(2027, 6, 1), title="Networking", kind="networking")
    for workshop_id in (february, april, june):
        _attend(database, workshop_id, *everyone)
    with database.transaction() as session:
        credited = {
            w: {c.pair_id for c in workshops.pairs_credited(session, w)}
            for w in (february, april, june)
        }
    # The ended pair (planned end 31 March) counts in February only; the pair that
    # starts on 1 June counts from that day; the other program's pair never here.
    assert credited[february] == {setup["ana_ben"], setup["ana_gus"]}
    assert credited[april] == {setup["ana_ben"]}
    assert credited[june] == {setup["ana_ben"], setup["eli_fay"]}
    assert setup["elsewhere"] not in set().union(*credited.values())


def test_workshop_credits_feed_a_pairs_timeline(database, setup) -> None:
    first = _plan(database, setup, day=date(2027, 2, 10), title="Listening")
    second = _plan(database, setup, day=date(2027, 5, 5), title="Projects", kind="project")
    for workshop_id in (first, second):
        _attend(database, workshop_id, setup["Ana Ruiz"], setup["Ben Okafor"], setup["Gus Berg"])
    with database.transaction() as session:
        timeline = workshops.workshop_credits(session, pair_ids=[setup["ana_ben"]])
        spring = workshops.workshop_credits(
            session, setup["program"], start=date(2027, 3, 1), end=date(2027, 12, 31)
        )
        elsewhere = workshops.workshop_credits(session, setup["other_program"])
    assert [(c.day, c.kind) for c in timeline] == [
        (date(2027, 2, 10), ActivityKind.WORKSHOP),
        (date(2027, 5, 5), ActivityKind.PROJECT),
    ]
    assert [(c.workshop_id, c.pair_id) for c in spring] == [(second, setup["ana_ben"])]
    assert elsewhere == []
    with pytest.raises(FieldProblem, match=r"^The period ends before it starts\.$"):
        with database.transaction() as session:
            workshops.workshop_credits(session, start=date(2027, 3, 1), end=date(2027, 2, 1))


# --------------------------------------------------------------------------- lists and summary


def test_list_and_summary_count_people_and_pairs(database, setup) -> None:
    february = _plan(database, setup, day=date(2027, 2, 10), title="Listening")
    april = _plan(database, setup, day=date(2027, 4, 15), title="Feedback")
    empty = _plan(database, setup, day=date(2027, 9, 1), title="Growth mindset")
    _attend(
        database,
        february,
        setup["Ana Ruiz"],
        setup["Ben Okafor"],
        setup["Gus Berg"],
        setup["Hal Kim"],
    )
    _attend(database, april, setup["Ana Ruiz"], setup["Ben Okafor"], setup["Cleo Park"])
    with database.transaction() as session:
        other = workshops.plan_workshop(session, setup["other_program"], date(2027, 4, 1), "X")
        workshops.set_attendance(session, other.id, {setup["Ana Ruiz"], setup["Ben Okafor"]})
        rows = workshops.list_workshops(session, setup["program"])
        spring = workshops.list_workshops(
            session, setup["program"], date(2027, 3, 1), date(2027, 6, 30)
        )
        summary = workshops.attendance_summary(session, setup["program"])
        summer = workshops.attendance_summary(session, setup["program"], start=date(2027, 6, 1))
    assert [(r.id, r.attendees, r.pairs_credited) for r in rows] == [
        (february, 4, 2),
        (april, 3, 1),
        (empty, 0, 0),
    ]
    assert [r.id for r in spring] == [april]
    assert summary.workshops == 3
    assert summary.attendances == 7
    assert summary.people == 5  # Ana, Ben, Gus, Hal, Cleo
    assert summary.credits == 3
    assert summary.pairs_credited == 2  # ana_ben twice, ana_gus once
    assert (summer.workshops, summer.attendances, summer.people, summer.credits) == (1, 0, 0, 0)
    assert summer.pairs_credited == 0


def test_lists_refuse_unknown_programs(database, setup) -> None:
    with pytest.raises(NotFound), database.transaction() as session:
        workshops.list_workshops(session, 999)
    with pytest.raises(NotFound), database.transaction() as session:
        workshops.attendance_summary(session, 999)


def test_people_are_counted_once_per_workshop(database, setup) -> None:
    workshop_id = _plan(database, setup)
    with database.transaction() as session:
        row = workshops.set_attendance(
            session, workshop_id, [setup["Ana Ruiz"], setup["Ana Ruiz"], setup["Ben Okafor"]]
        )
        assert row.attendees == 2
        assert session.scalar(select(func.count()).select_from(Person)) == 9
