"""The conflict log service: opening, details, the timeline of steps, lists and counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentordesk.domain.vocabularies import ConflictKind, ConflictStatus, Severity
from mentordesk.errors import ChangedElsewhere, FieldProblem, MentorDeskError, NotFound
from mentordesk.services import conflicts
from mentordesk.store.models import AuditEntry, Conflict, ConflictStep, Pair, Program
from tests.factories import add_conflict, make_pair, make_person, make_program

S = ConflictStatus
SECRET = "Mentor shared the mentee's salary review with the team"


@pytest.fixture
def setup(database):
    """A program with one pair (Ana Ruiz mentoring Ben Okafor) and one with no pair."""
    with database.transaction() as session:
        program = make_program(session, name="Engineering 2027", start_date=date(2027, 1, 4))
        other = make_program(session, name="Sales 2027", start_date=date(2027, 1, 4))
        mentor = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=2)
        mentee = make_person(session, name="Ben Okafor")
        pair = make_pair(session, program, mentor, mentee)
        other_pair = make_pair(session, other)
        return {
            "program": program.id,
            "other": other.id,
            "pair": pair.id,
            "other_pair": other_pair.id,
        }


def _open(database, setup, **fields) -> int:
    values = {
        "program_id": setup["program"],
        "pair_id": setup["pair"],
        "opened": date(2027, 3, 2),
        "kind": ConflictKind.TRUST_BREACH,
        "severity": Severity.MEDIUM,
        "description": "Missed three meetings without a word",
    }
    values.update(fields)
    with database.transaction() as session:
        return conflicts.open_conflict(session, **values).conflict.id


# --------------------------------------------------------------------------- opening


def test_open_conflict_for_a_pair_starts_open_with_no_steps(database, setup) -> None:
    with database.transaction() as session:
        detail = conflicts.open_conflict(
            session,
            setup["program"],
            setup["pair"],
            date(2027, 3, 2),
            "trust_breach",
            "high",
            "  Missed three meetings  ",
        )
    row = detail.conflict
    assert row.status is S.OPEN
    assert row.kind is ConflictKind.TRUST_BREACH
    assert row.severity is Severity.HIGH
    assert row.description == "Missed three meetings"  # trimmed
    assert (row.mentor_name, row.mentee_name) == ("Ana Ruiz", "Ben Okafor")
    assert row.pair_label == "Ana Ruiz → Ben Okafor"
    assert row.status_since == date(2027, 3, 2)
    assert detail.steps == ()
    assert detail.next_statuses == (
        S.IN_DIALOGUE,
        S.MEDIATION,
        S.RESOLVED,
        S.CLOSED_UNRESOLVED,
        S.ESCALATED,
    )
    with database.transaction() as session:
        stored = session.get(Conflict, row.id)
        assert (stored.status, stored.root_cause, stored.outcome) == ("open", "", "")


def test_open_conflict_for_the_whole_program(database, setup) -> None:
    conflict_id = _open(database, setup, pair_id=None, kind="change_uncertainty")
    with database.transaction() as session:
        row = conflicts.conflict_detail(session, conflict_id).conflict
    assert row.pair_id is None
    assert (row.mentor_name, row.mentee_name) == (None, None)
    assert row.pair_label == "Whole program"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"opened": date(2027, 1, 3)},
            "opened",
            "A conflict cannot be opened before the program starts (2027-01-04).",
        ),
        (
            {"kind": "shouting"},
            "kind",
            "'shouting' is not a conflict kind; choose one of: Trust breach, Disagreement, "
            "Conflict of interest, Confidentiality breach, Boundary issue, "
            "Uncertainty from change, Other.",
        ),
        (
            {"severity": "urgent"},
            "severity",
            "'urgent' is not a severity; choose one of: Low, Medium, High.",
        ),
        (
            {"description": "x" * 20_001},
            "description",
            "The description is 20,001 characters long; at most 20,000 fit.",
        ),
    ],
)
def test_open_conflict_refuses_bad_fields(database, setup, fields, field, message) -> None:
    with pytest.raises(FieldProblem) as raised:
        _open(database, setup, **fields)
    assert raised.value.field == field
    assert str(raised.value) == message
    with database.transaction() as session:
        assert session.scalars(select(Conflict)).all() == []


def test_open_conflict_refuses_a_pair_of_another_program(database, setup) -> None:
    with pytest.raises(FieldProblem, match=r"^That pair belongs to another program, not "):
        _open(database, setup, pair_id=setup["other_pair"])
    with pytest.raises(FieldProblem) as raised:
        _open(database, setup, pair_id=setup["other_pair"])
    assert str(raised.value) == "That pair belongs to another program, not Engineering 2027."


def test_open_conflict_refuses_unknown_program_or_pair(database, setup) -> None:
    with pytest.raises(NotFound, match=r"^There is no program number 999 "):
        _open(database, setup, program_id=999)
    with pytest.raises(NotFound, match=r"^There is no pair number 999 "):
        _open(database, setup, pair_id=999)


# --------------------------------------------------------------------------- details


def test_update_conflict_changes_only_what_is_given(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        detail = conflicts.update_conflict(
            session,
            conflict_id,
            root_cause="Unclear expectations about meeting rhythm",
            severity=Severity.HIGH,
        )
    assert detail.root_cause == "Unclear expectations about meeting rhythm"
    assert detail.conflict.severity is Severity.HIGH
    assert detail.conflict.description == "Missed three meetings without a word"
    assert detail.outcome == ""
    with database.transaction() as session:
        detail = conflicts.update_conflict(
            session, conflict_id, outcome="Agreed on fortnightly check-ins", kind="disagreement"
        )
    assert detail.outcome == "Agreed on fortnightly check-ins"
    assert detail.conflict.kind is ConflictKind.DISAGREEMENT
    assert detail.root_cause == "Unclear expectations about meeting rhythm"


def test_update_conflict_refuses_a_stale_version(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        version = conflicts.conflict_detail(session, conflict_id).conflict.version
    with database.transaction() as session:
        conflicts.update_conflict(session, conflict_id, description="First edit")
    with (
        pytest.raises(
            ChangedElsewhere, match=r"changed this conflict at \d\d:\d\d, after you opened it"
        ),
        database.transaction() as session,
    ):
        conflicts.update_conflict(
            session, conflict_id, description="Second edit", expected_version=version
        )
    with database.transaction() as session:
        assert session.get(Conflict, conflict_id).description == "First edit"


def test_update_conflict_refuses_bad_values(database, setup) -> None:
    conflict_id = _open(database, setup)
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        conflicts.update_conflict(session, conflict_id, severity="severe")
    assert raised.value.field == "severity"
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        conflicts.update_conflict(session, conflict_id, root_cause="y" * 20_001)
    assert str(raised.value) == "The root cause is 20,001 characters long; at most 20,000 fit."
    with (
        pytest.raises(NotFound, match=r"^There is no conflict number 999 "),
        database.transaction() as session,
    ):
        conflicts.update_conflict(session, 999, description="x")


def test_audit_log_never_holds_the_confidential_text(database, setup) -> None:
    conflict_id = _open(database, setup, description=SECRET, confidential=True)
    with database.transaction() as session:
        conflicts.update_conflict(session, conflict_id, root_cause=SECRET + " again")
        conflicts.move_conflict(session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 3), SECRET)
    with database.transaction() as session:
        entries = session.scalars(select(AuditEntry)).all()
    assert {entry.record_type for entry in entries} >= {"conflict", "conflict_step"}
    assert all("salary" not in f"{entry.fields} {entry.summary}" for entry in entries)


# --------------------------------------------------------------------------- moving on


def test_move_conflict_appends_dated_steps_and_keeps_the_status(database, setup) -> None:
    conflict_id = _open(database, setup)
    moves = [
        (S.IN_DIALOGUE, date(2027, 3, 4), "Both heard, separately"),
        (S.MEDIATION, date(2027, 3, 10), "HR partner mediates"),
        (S.IN_DIALOGUE, date(2027, 3, 10), "Back to talking, same day"),
        (S.RESOLVED, date(2027, 3, 20), "New rhythm agreed"),
    ]
    for status, day, note in moves:
        with database.transaction() as session:
            detail = conflicts.move_conflict(session, conflict_id, status, day, note)
        assert detail.conflict.status is status
        assert detail.conflict.status_since == day
        with database.transaction() as session:
            assert session.get(Conflict, conflict_id).status == status.value
    assert [(s.position, s.status, s.day, s.note) for s in detail.steps] == [
        (i, status, day, note) for i, (status, day, note) in enumerate(moves)
    ]
    assert detail.next_statuses == (S.OPEN, S.IN_DIALOGUE)
    assert detail.conflict.days_open == 18  # 2 March to the resolving step on 20 March


def test_move_conflict_continues_after_the_factorys_positions(database, setup) -> None:
    with database.transaction() as session:
        pair = session.get(Pair, setup["pair"])
        existing = add_conflict(
            session,
            pair,
            date(2027, 2, 1),
            steps=((date(2027, 2, 2), "in_dialogue"), (date(2027, 2, 5), "resolved")),
        )
    with database.transaction() as session:
        detail = conflicts.move_conflict(session, existing.id, "open", date(2027, 3, 1), "Flared")
    assert [step.position for step in detail.steps] == [0, 1, 2]
    assert detail.conflict.status is S.OPEN


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        (
            [S.RESOLVED],
            S.MEDIATION,
            "A conflict that is resolved can be reopened or taken back into dialogue, "
            "not moved to mediation.",
        ),
        ([], S.OPEN, "The conflict is already open; a step must change its status."),
        (
            [S.IN_DIALOGUE],
            S.OPEN,
            "A conflict that is in dialogue can be moved to mediation, marked resolved, "
            "closed unresolved or escalated, not reopened.",
        ),
        (
            [S.ESCALATED],
            S.MEDIATION,
            "A conflict that is escalated can be marked resolved, closed unresolved, "
            "reopened or taken back into dialogue, not moved to mediation.",
        ),
    ],
)
def test_move_conflict_refuses_moves_the_rules_forbid(
    database, setup, path, refused, message
) -> None:
    conflict_id = _open(database, setup)
    for status in path:
        with database.transaction() as session:
            conflicts.move_conflict(session, conflict_id, status, date(2027, 3, 5))
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, refused, date(2027, 3, 6))
    assert raised.value.field == "status"
    assert str(raised.value) == message
    with database.transaction() as session:
        assert len(conflicts.conflict_detail(session, conflict_id).steps) == len(path)


def test_move_conflict_refuses_a_step_before_the_opening(database, setup) -> None:
    conflict_id = _open(database, setup)
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 1))
    assert raised.value.field == "day"
    assert str(raised.value) == (
        "A step cannot be dated 2027-03-01, before the conflict was opened (2027-03-02)."
    )


def test_move_conflict_refuses_a_step_before_the_previous_one(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 9))
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, S.MEDIATION, date(2027, 3, 8))
    assert str(raised.value) == (
        "A step cannot be dated 2027-03-08, before the previous step (2027-03-09)."
    )
    with database.transaction() as session:
        detail = conflicts.move_conflict(session, conflict_id, S.MEDIATION, date(2027, 3, 9))
    assert detail.conflict.status is S.MEDIATION


def test_move_conflict_refuses_an_unknown_status_and_a_stale_version(database, setup) -> None:
    conflict_id = _open(database, setup)
    with (
        pytest.raises(FieldProblem, match=r"^'done' is not a conflict status; choose one of: "),
        database.transaction() as session,
    ):
        conflicts.move_conflict(session, conflict_id, "done", date(2027, 3, 9))
    with pytest.raises(ChangedElsewhere), database.transaction() as session:
        conflicts.move_conflict(
            session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 9), expected_version=99
        )


def test_allowed_next_follows_the_status(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        assert conflicts.allowed_next(session, conflict_id)[0] is S.IN_DIALOGUE
        conflicts.move_conflict(session, conflict_id, S.MEDIATION, date(2027, 3, 3))
        assert conflicts.allowed_next(session, conflict_id) == (
            S.IN_DIALOGUE,
            S.RESOLVED,
            S.CLOSED_UNRESOLVED,
            S.ESCALATED,
        )
    with pytest.raises(NotFound), database.transaction() as session:
        conflicts.allowed_next(session, 12345)


def test_take_back_last_step_restores_the_status_before(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 3))
        conflicts.move_conflict(session, conflict_id, S.RESOLVED, date(2027, 3, 9))
    with database.transaction() as session:
        detail = conflicts.take_back_last_step(session, conflict_id)
    assert detail.conflict.status is S.IN_DIALOGUE
    assert [step.status for step in detail.steps] == [S.IN_DIALOGUE]
    with database.transaction() as session:
        detail = conflicts.take_back_last_step(session, conflict_id)
        assert session.get(Conflict, conflict_id).status == "open"
    assert detail.steps == ()
    with pytest.raises(MentorDeskError) as raised, database.transaction() as session:
        conflicts.take_back_last_step(session, conflict_id)
    assert str(raised.value) == "The conflict has no step to take back."


def test_delete_conflict_removes_its_steps(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 3))
    with database.transaction() as session:
        conflicts.delete_conflict(session, conflict_id)
    with database.transaction() as session:
        assert session.get(Conflict, conflict_id) is None
        assert session.scalars(select(ConflictStep)).all() == []
    with pytest.raises(NotFound), database.transaction() as session:
        conflicts.delete_conflict(session, conflict_id)


# --------------------------------------------------------------------------- confidentiality


def test_confidential_text_is_hidden_unless_revealed(database, setup) -> None:
    conflict_id = _open(database, setup, description=SECRET, confidential=True)
    public_id = _open(database, setup, description="Disagree on project scope", kind="other")
    with database.transaction() as session:
        conflicts.update_conflict(
            session, conflict_id, root_cause="Gossip", outcome="Apology given"
        )
        conflicts.move_conflict(session, conflict_id, S.IN_DIALOGUE, date(2027, 3, 3), "Talked")
        conflicts.move_conflict(session, public_id, S.IN_DIALOGUE, date(2027, 3, 3), "Talked")

        hidden = {row.id: row for row in conflicts.list_conflicts(session, setup["program"])}
        shown = {
            row.id: row
            for row in conflicts.list_conflicts(session, setup["program"], reveal_confidential=True)
        }
        detail = conflicts.conflict_detail(session, conflict_id)
        revealed = conflicts.conflict_detail(session, conflict_id, reveal_confidential=True)
        public = conflicts.conflict_detail(session, public_id)

    assert hidden[conflict_id].confidential is True
    assert hidden[conflict_id].description is None
    assert shown[conflict_id].description == SECRET
    assert hidden[public_id].description == "Disagree on project scope"
    assert (detail.root_cause, detail.outcome) == (None, None)
    assert [step.note for step in detail.steps] == [None]
    assert detail.conflict.description is None
    assert (revealed.root_cause, revealed.outcome) == ("Gossip", "Apology given")
    assert [step.note for step in revealed.steps] == ["Talked"]
    assert revealed.conflict.description == SECRET
    assert [step.note for step in public.steps] == ["Talked"]
    # Everything else of the hidden entry is still there for the log.
    assert detail.conflict.status is S.IN_DIALOGUE
    assert detail.steps[0].day == date(2027, 3, 3)


def test_marking_a_conflict_confidential_hides_it_from_then_on(database, setup) -> None:
    conflict_id = _open(database, setup, description=SECRET)
    with database.transaction() as session:
        assert conflicts.conflict_detail(session, conflict_id).conflict.description == SECRET
        detail = conflicts.update_conflict(session, conflict_id, confidential=True)
    assert detail.conflict.description is None


# --------------------------------------------------------------------------- lists


@pytest.fixture
def log(database, setup):
    """Five conflicts with known histories in the main program, one in the other program."""
    ids = {}
    with database.transaction() as session:
        second_pair = make_pair(
            session,
            session.get(Program, setup["program"]),
            make_person(session, name="Cleo Park", can_mentor=True, capacity=1),
            make_person(session, name="Dev Shah"),
        )
    specs = {
        # name: (pair, opened, kind, severity, steps)
        "old_open": ("pair", date(2027, 2, 1), "trust_breach", "high", []),
        "dialogue": (
            "pair",
            date(2027, 3, 1),
            "disagreement",
            "low",
            [(S.IN_DIALOGUE, date(2027, 3, 2))],
        ),
        "resolved": (
            "second",
            date(2027, 2, 10),
            "boundary_issue",
            "medium",
            [(S.IN_DIALOGUE, date(2027, 2, 11)), (S.RESOLVED, date(2027, 2, 20))],
        ),
        "escalated": (
            "second",
            date(2027, 3, 20),
            "conflict_of_interest",
            "high",
            [(S.ESCALATED, date(2027, 4, 1))],
        ),
        "program": (None, date(2027, 4, 5), "change_uncertainty", "low", []),
    }
    for name, (which, opened, kind, severity, steps) in specs.items():
        pair_id = {"pair": setup["pair"], "second": second_pair.id, None: None}[which]
        ids[name] = _open(
            database, setup, pair_id=pair_id, opened=opened, kind=kind, severity=severity
        )
        for status, day in steps:
            with database.transaction() as session:
                conflicts.move_conflict(session, ids[name], status, day)
    ids["elsewhere"] = _open(
        database,
        setup,
        program_id=setup["other"],
        pair_id=setup["other_pair"],
        opened=date(2027, 2, 1),
    )
    ids["second_pair"] = second_pair.id
    return ids


def _ids(rows) -> list[int]:
    return [row.id for row in rows]


def test_list_is_newest_first_and_limited_to_the_program(database, setup, log) -> None:
    with database.transaction() as session:
        rows = conflicts.list_conflicts(session, setup["program"])
        everything = conflicts.list_conflicts(session)
    assert _ids(rows) == [
        log["program"],
        log["escalated"],
        log["dialogue"],
        log["resolved"],
        log["old_open"],
    ]
    assert set(_ids(everything)) == set(_ids(rows)) | {log["elsewhere"]}
    by_id = {row.id: row for row in rows}
    assert by_id[log["resolved"]].mentor_name == "Cleo Park"
    assert by_id[log["resolved"]].status is S.RESOLVED
    assert by_id[log["resolved"]].days_open == 10
    # Escalated is not settled (DOMAIN.md): it is not ended and its days run on.
    assert not by_id[log["escalated"]].is_ended
    with database.transaction() as session:
        later = conflicts.list_conflicts(session, setup["program"], as_of=date(2027, 4, 13))
    assert {row.id: row for row in later}[log["escalated"]].days_open == 24
    assert by_id[log["program"]].pair_label == "Whole program"


def test_list_filters_in_the_database(database, setup, log) -> None:
    program = setup["program"]
    with database.transaction() as session:

        def ids(**filters) -> set[int]:
            return set(_ids(conflicts.list_conflicts(session, program, **filters)))

        assert ids(statuses={S.OPEN}) == {log["old_open"], log["program"]}
        assert ids(statuses={"resolved", S.ESCALATED}) == {log["resolved"], log["escalated"]}
        assert ids(kind=ConflictKind.CONFLICT_OF_INTEREST) == {log["escalated"]}
        assert ids(severity="high") == {log["old_open"], log["escalated"]}
        assert ids(pair_id=log["second_pair"]) == {log["resolved"], log["escalated"]}
        assert ids(program_wide_only=True) == {log["program"]}
        assert ids(include_ended=False) == {
            log["old_open"],
            log["dialogue"],
            log["escalated"],  # escalated is not settled
            log["program"],
        }
        assert ids(severity="low", include_ended=False) == {log["dialogue"], log["program"]}
        with pytest.raises(FieldProblem, match=r"^'huge' is not a severity"):
            ids(severity="huge")


def test_open_longer_than_counts_days_as_of_a_day(database, setup, log) -> None:
    with database.transaction() as session:

        def ids(days: int, as_of: date) -> set[int]:
            rows = conflicts.list_conflicts(
                session, setup["program"], open_longer_than=days, as_of=as_of
            )
            return set(_ids(rows))

        # On 3 March: old_open has been open 30 days, dialogue 2, resolved ended.
        assert ids(29, date(2027, 3, 3)) == {log["old_open"]}
        assert ids(30, date(2027, 3, 3)) == set()  # "longer than" is strict
        assert ids(1, date(2027, 3, 3)) == {log["old_open"], log["dialogue"]}
        # escalated was open on 31 March (escalated only on 1 April).
        assert ids(10, date(2027, 3, 31)) == {log["old_open"], log["dialogue"], log["escalated"]}
        # Escalated on 1 April: still not settled, so still counted (DOMAIN.md).
        assert ids(10, date(2027, 4, 1)) == {log["old_open"], log["dialogue"], log["escalated"]}
        with pytest.raises(FieldProblem, match="cannot be negative"):
            ids(-1, date(2027, 4, 1))


def test_as_of_shows_the_log_as_it_stood_that_day(database, setup, log) -> None:
    with database.transaction() as session:
        rows = conflicts.list_conflicts(session, setup["program"], as_of=date(2027, 2, 15))
    by_id = {row.id: row for row in rows}
    assert set(by_id) == {log["old_open"], log["resolved"]}  # the others were not yet opened
    resolved = by_id[log["resolved"]]
    assert resolved.status is S.IN_DIALOGUE  # resolved only on 20 February
    assert resolved.status_since == date(2027, 2, 11)
    assert resolved.days_open == 5
    assert by_id[log["old_open"]].days_open == 14


def test_detail_as_of_a_day_shows_the_steps_taken_by_then(database, setup, log) -> None:
    with database.transaction() as session:
        then = conflicts.conflict_detail(session, log["resolved"], as_of=date(2027, 2, 15))
        now = conflicts.conflict_detail(session, log["resolved"])
        with pytest.raises(NotFound, match="logged after 15 February 2027"):
            conflicts.conflict_detail(session, log["dialogue"], as_of=date(2027, 2, 15))
    assert then.conflict.status is S.IN_DIALOGUE
    assert [step.day for step in then.steps] == [
        step.day for step in now.steps if step.day <= date(2027, 2, 15)
    ]
    assert len(then.steps) < len(now.steps)
    assert then.conflict.days_open == 5
    assert now.conflict.status is S.RESOLVED


def test_days_open_without_as_of_count_to_today(database, setup) -> None:
    opened = date.today() - timedelta(days=40)
    with database.transaction() as session:
        program = make_program(session, start_date=opened - timedelta(days=10))
        pair = make_pair(session, program)
        conflict_id = conflicts.open_conflict(
            session, program.id, pair.id, opened, "other", "low"
        ).conflict.id
        rows = conflicts.list_conflicts(session, program.id, open_longer_than=39)
        assert _ids(rows) == [conflict_id]
        assert rows[0].days_open == 40
        assert conflicts.list_conflicts(session, program.id, open_longer_than=40) == []


# --------------------------------------------------------------------------- counts


def test_summary_counts_and_median_days_to_resolve(database, setup, log) -> None:
    extra = _open(database, setup, opened=date(2027, 3, 5), kind="disagreement")
    with database.transaction() as session:
        conflicts.move_conflict(session, extra, S.RESOLVED, date(2027, 3, 25))
        summary = conflicts.conflict_summary(session, setup["program"])
    assert summary.total == 6
    assert summary.by_kind[ConflictKind.DISAGREEMENT] == 2
    assert summary.by_kind[ConflictKind.OTHER] == 0
    assert set(summary.by_kind) == set(ConflictKind)
    assert summary.by_severity == {Severity.LOW: 2, Severity.MEDIUM: 2, Severity.HIGH: 2}
    assert summary.by_status[S.RESOLVED] == 2
    assert summary.by_status[S.OPEN] == 2
    assert summary.by_status[S.MEDIATION] == 0
    assert summary.ongoing == 4  # the escalated one is not settled
    assert summary.resolved == 2
    assert summary.median_days_to_resolve == 15.0  # 10 and 20 days


def test_summary_for_a_period_uses_statuses_at_its_end(database, setup, log) -> None:
    with database.transaction() as session:
        february = conflicts.conflict_summary(
            session, setup["program"], date(2027, 2, 1), date(2027, 2, 15)
        )
        march = conflicts.conflict_summary(
            session, setup["program"], date(2027, 3, 1), date(2027, 3, 31)
        )
        empty = conflicts.conflict_summary(session, setup["other"], date(2028, 1, 1))
    assert february.total == 2
    assert february.by_status[S.IN_DIALOGUE] == 1  # "resolved" was still in dialogue
    assert february.resolved == 0
    assert february.median_days_to_resolve is None
    assert march.total == 2  # dialogue and escalated (opened 1 and 20 March)
    assert march.by_status[S.OPEN] == 1  # escalated only on 1 April
    assert empty.total == 0
    assert empty.median_days_to_resolve is None
    with (
        pytest.raises(FieldProblem, match=r"^The period ends before it starts\.$"),
        database.transaction() as session,
    ):
        conflicts.conflict_summary(session, setup["program"], date(2027, 3, 1), date(2027, 2, 1))


def test_same_day_steps_count_in_their_recorded_order(database, setup) -> None:
    conflict_id = _open(database, setup)
    with database.transaction() as session:
        conflicts.move_conflict(session, conflict_id, S.MEDIATION, date(2027, 3, 10))
        conflicts.move_conflict(session, conflict_id, S.RESOLVED, date(2027, 3, 10))
        [row] = conflicts.list_conflicts(session, setup["program"], as_of=date(2027, 3, 10))
        summary = conflicts.conflict_summary(session, setup["program"], end=date(2027, 3, 10))
    assert row.status is S.RESOLVED
    assert row.days_open == 8
    assert summary.by_status[S.RESOLVED] == 1
    assert summary.median_days_to_resolve == 8.0
