"""Pairs: the rules for creating, editing and ending them, goals, and the roster."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select

from mentordesk.domain.scoring import TrustThresholds
from mentordesk.domain.vocabularies import GoalStatus, MentorshipModel, PairStatus, TrustLevel
from mentordesk.errors import ChangedElsewhere, FieldProblem, MentorDeskError, NotFound
from mentordesk.services import roster
from mentordesk.store.models import Attendance, Conflict, Pair, Person, Program, Workshop
from tests.factories import add_activity, add_assessment, make_pair, make_person, make_program

START = date(2027, 1, 11)


@pytest.fixture
def ids(database) -> dict[str, int]:
    """A program, a mentor, a mentee and a bystander, by id."""
    with database.transaction() as session:
        program = make_program(session, name="Spring 2027", default_model="peer", cadence_days=21)
        other = make_program(session, name="Autumn 2027")
        mentor = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=2)
        mentee = make_person(session, name="Ben Ode")
        second = make_person(session, name="Cleo Park", can_mentor=True, capacity=1)
        return {
            "program": program.id,
            "other_program": other.id,
            "mentor": mentor.id,
            "mentee": mentee.id,
            "second": second.id,
        }


def create(database, ids: dict[str, int], **overrides: object) -> roster.PairDetails:
    values: dict[str, object] = {
        "program_id": ids["program"],
        "mentor_id": ids["mentor"],
        "mentee_id": ids["mentee"],
        "start_date": START,
    }
    values.update(overrides)
    with database.transaction() as session:
        return roster.create_pair(session, **values)  # type: ignore[arg-type]


def refused(database, ids: dict[str, int], **overrides: object) -> FieldProblem:
    with pytest.raises(FieldProblem) as caught:
        create(database, ids, **overrides)
    return caught.value


# --------------------------------------------------------------------------- creating


def test_a_new_pair_takes_the_programs_model_and_cadence(database, ids) -> None:
    pair = create(database, ids, expectations="  Meet fortnightly.  ")
    assert pair.model is MentorshipModel.PEER
    assert pair.status is PairStatus.ACTIVE
    assert pair.mentor.name == "Ana Ruiz"
    assert pair.mentee.name == "Ben Ode"
    assert pair.program_name == "Spring 2027"
    assert pair.expectations == "Meet fortnightly."
    assert pair.cadence_days is None
    assert pair.effective_cadence_days == 21
    assert pair.thresholds == TrustThresholds()
    assert pair.goals == ()
    assert not pair.agreement_expected


def test_own_cadence_and_model_override_the_programs(database, ids) -> None:
    pair = create(database, ids, model="formal", cadence_days=7, planned_end=date(2027, 7, 1))
    assert pair.model is MentorshipModel.FORMAL
    assert pair.agreement_expected
    assert (pair.cadence_days, pair.program_cadence_days, pair.effective_cadence_days) == (7, 21, 7)
    assert pair.planned_end == date(2027, 7, 1)


def test_nobody_mentors_themselves(database, ids) -> None:
    problem = refused(database, ids, mentee_id=ids["mentor"])
    assert (problem.field, str(problem)) == ("mentee", "Ana Ruiz cannot be their own mentor.")


def test_the_mentor_must_be_able_to_mentor(database, ids) -> None:
    problem = refused(database, ids, mentor_id=ids["mentee"], mentee_id=ids["second"])
    assert problem.field == "mentor"
    assert str(problem) == "Ben Ode is not marked as able to mentor."


def test_a_proposal_needs_a_mentor_able_to_mentor_too(database, ids) -> None:
    """Decided disagreement: the form checked the mentor only for an active pair, the
    roster import also for a proposed one; DOMAIN.md says both (domain.pairs)."""
    problem = refused(
        database, ids, mentor_id=ids["mentee"], mentee_id=ids["second"], status="proposed"
    )
    assert (problem.field, str(problem)) == ("mentor", "Ben Ode is not marked as able to mentor.")


def test_a_mentor_who_left_cannot_mentor(database, ids) -> None:
    with database.transaction() as session:
        gone = make_person(session, name="Gone Mentor", can_mentor=True, capacity=1, active=False)
    problem = refused(database, ids, mentor_id=gone.id)
    assert (problem.field, str(problem)) == (
        "mentor",
        "Gone Mentor has left the company and cannot mentor.",
    )


def test_a_mentee_who_left_cannot_be_paired(database, ids) -> None:
    with database.transaction() as session:
        gone = make_person(session, name="Gone Mentee", active=False)
    problem = refused(database, ids, mentee_id=gone.id)
    assert (problem.field, str(problem)) == (
        "mentee",
        "Gone Mentee has left the company and cannot be mentored.",
    )


def test_one_proposed_or_active_pair_per_mentee_per_program(database, ids) -> None:
    """Decided disagreement: the copies counted only active pairs; DOMAIN.md counts
    proposed ones too, so a second proposal for the same mentee is refused."""
    create(database, ids)
    sentence = (
        "Ben Ode already has a proposed or active pair in Spring 2027 (with Ana Ruiz); "
        "a mentee has at most one."
    )
    problem = refused(database, ids, mentor_id=ids["second"])
    assert (problem.field, str(problem)) == ("mentee", sentence)
    problem = refused(database, ids, mentor_id=ids["second"], status="proposed")
    assert (problem.field, str(problem)) == ("mentee", sentence)
    # A pair in another program is fine.
    assert create(database, ids, program_id=ids["other_program"]).status is PairStatus.ACTIVE


def test_proposed_and_active_pairs_both_use_the_mentors_places(database, ids) -> None:
    """Decided disagreement: no copy checked capacity; proposed and active pairs count,
    in every program."""
    with database.transaction() as session:
        third = make_person(session, name="Dee Three")
    create(database, ids, mentor_id=ids["second"], status="proposed")  # Cleo: 1 place
    problem = refused(
        database, ids, mentor_id=ids["second"], mentee_id=third.id, program_id=ids["other_program"]
    )
    assert (problem.field, str(problem)) == (
        "mentor",
        "Cleo Park has no place left: 1 of 1 taken (proposed and active pairs both count).",
    )


def test_a_mentor_in_the_management_chain_needs_a_written_disclosure(database, ids) -> None:
    """Decided disagreement: the form and the imports accepted it silently; now the
    disclosure is required and recorded as a conflict of interest of the pair."""
    with database.transaction() as session:
        boss = make_person(session, name="Ana García", can_mentor=True, capacity=3)
        middle = make_person(session, name="Mo Middle", manager_id=boss.id)
        report = make_person(session, name="José Müller", manager_id=middle.id)
        junior = make_person(session, name="Jo Junior", can_mentor=True, capacity=1)
        junior.manager_id = report.id
    problem = refused(database, ids, mentor_id=boss.id, mentee_id=report.id)
    assert problem.field == "disclosure"
    assert str(problem).startswith("Ana García manages José Müller's manager: ")
    # The other way round: the mentee manages the mentor.
    problem = refused(database, ids, mentor_id=junior.id, mentee_id=report.id)
    assert str(problem).startswith("José Müller manages Jo Junior: ")
    pair = create(
        database, ids, mentor_id=boss.id, mentee_id=report.id, disclosure="  Told HR on 3 May. "
    )
    assert pair.status is PairStatus.ACTIVE
    with database.transaction() as session:
        (conflict,) = session.query(Conflict).filter_by(pair_id=pair.id).all()
        assert conflict.kind == "conflict_of_interest"
        assert conflict.description == "Told HR on 3 May."
        # Undo of the creation takes the disclosure with the pair.
        roster.delete_new_pair(session, pair.id)
    with database.transaction() as session:
        assert session.query(Conflict).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"planned_end": date(2027, 1, 10)},
            "planned_end",
            "The planned end (2027-01-10) is before the start (2027-01-11).",
        ),
        (
            {"cadence_days": 0},
            "cadence_days",
            "The check-in cadence must be a whole number of days from 1 to 365, not 0.",
        ),
        (
            {"cadence_days": 366},
            "cadence_days",
            "The check-in cadence must be a whole number of days from 1 to 365, not 366.",
        ),
        (
            {"model": "mentoring"},
            "model",
            "The model 'mentoring' is not one of: Formal, Informal, Peer-to-peer.",
        ),
        ({"status": "completed"}, "status", "A new pair is either active or proposed."),
        (
            {"expectations": "x" * 20_001},
            "expectations",
            "Keep the expectations to 20,000 characters at most (now 20,001).",
        ),
    ],
)
def test_bad_fields_are_refused_naming_the_field(
    database, ids, overrides: dict[str, object], field: str, message: str
) -> None:
    problem = refused(database, ids, **overrides)
    assert (problem.field, str(problem)) == (field, message)


def test_unknown_people_and_programs_are_named(database, ids) -> None:
    problem = refused(database, ids, mentor_id=999)
    assert (problem.field, str(problem)) == ("mentor", "There is no person number 999.")
    with pytest.raises(NotFound, match="There is no program number 999"):
        create(database, ids, program_id=999)


def test_a_refused_pair_writes_nothing(database, ids) -> None:
    refused(database, ids, cadence_days=0)
    with database.transaction() as session:
        assert roster.roster_rows(session, None) == []


# --------------------------------------------------------------------------- editing


def test_update_saves_every_editable_field(database, ids) -> None:
    pair = create(database, ids)
    fields = dataclasses.replace(
        pair.fields(),
        model=MentorshipModel.FORMAL,
        status=PairStatus.PAUSED,
        start_date=date(2027, 2, 1),
        planned_end=date(2027, 12, 1),
        expectations="Monthly",
        cadence_days=30,
    )
    with database.transaction() as session:
        saved = roster.update_pair(session, pair.id, fields, expected_version=pair.version)
    assert saved.fields() == fields
    assert saved.version == pair.version + 1


def test_update_refuses_a_stale_version(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session:
        roster.update_pair(session, pair.id, dataclasses.replace(pair.fields(), cadence_days=10))
    with database.transaction() as session, pytest.raises(ChangedElsewhere) as caught:
        roster.update_pair(session, pair.id, pair.fields(), expected_version=pair.version)
    assert re.fullmatch(
        r"You \(in another window\) changed this pair at \d\d:\d\d, after you opened it\. "
        r"Nothing of yours was saved over it: reload to see the change, then make yours again\.",
        str(caught.value),
    )


def test_update_does_not_end_a_pair(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        roster.update_pair(
            session, pair.id, dataclasses.replace(pair.fields(), status=PairStatus.COMPLETED)
        )
    assert caught.value.field == "status"
    assert str(caught.value) == (
        "Use End pair to complete a pair or end it early: it records the end date and the reason."
    )


def test_resuming_a_pair_checks_the_one_active_pair_rule(database, ids) -> None:
    first = create(database, ids, status="proposed")
    with database.transaction() as session:
        first = roster.update_pair(
            session, first.id, dataclasses.replace(first.fields(), status=PairStatus.PAUSED)
        )
    create(database, ids, mentor_id=ids["second"])
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        roster.update_pair(
            session, first.id, dataclasses.replace(first.fields(), status=PairStatus.ACTIVE)
        )
    assert str(caught.value) == (
        "Ben Ode already has a proposed or active pair in Spring 2027 (with Cleo Park); "
        "a mentee has at most one."
    )


def test_activating_a_proposal_checks_the_mentor_again(database, ids) -> None:
    pair = create(database, ids, status="proposed")
    with database.transaction() as session:
        session.get(Person, ids["mentor"]).can_mentor = False
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        roster.update_pair(
            session, pair.id, dataclasses.replace(pair.fields(), status=PairStatus.ACTIVE)
        )
    assert caught.value.field == "mentor"


def test_an_active_pair_can_be_edited_while_it_stays_active(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session:
        saved = roster.update_pair(session, pair.id, dataclasses.replace(pair.fields()))
    assert saved.status is PairStatus.ACTIVE


# --------------------------------------------------------------------------- ending


def test_completing_records_the_end_as_planned_end_when_there_was_none(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session:
        ended = roster.end_pair(session, pair.id, end_date=date(2027, 6, 30))
    assert ended.status is PairStatus.COMPLETED
    assert ended.planned_end == date(2027, 6, 30)
    assert ended.end_reason is None


def test_ending_keeps_an_existing_planned_end(database, ids) -> None:
    pair = create(database, ids, planned_end=date(2027, 12, 31))
    with database.transaction() as session:
        ended = roster.end_pair(
            session,
            pair.id,
            status=PairStatus.ENDED_EARLY,
            reason=" Mentor moved abroad ",
            end_date=date(2027, 3, 1),
        )
    assert ended.status is PairStatus.ENDED_EARLY
    assert ended.planned_end == date(2027, 12, 31)
    assert ended.end_reason == "Mentor moved abroad"


def test_ending_early_needs_a_reason(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        roster.end_pair(session, pair.id, status="ended_early", reason="  ")
    assert (caught.value.field, str(caught.value)) == (
        "end_reason",
        "Say why the pair ended early.",
    )


def test_the_end_cannot_be_before_the_start(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        roster.end_pair(session, pair.id, end_date=date(2027, 1, 1))
    assert (caught.value.field, str(caught.value)) == (
        "end_date",
        "The end date (2027-01-01) is before the pair started (2027-01-11).",
    )


def test_a_pair_ends_only_once_and_only_as_completed_or_ended_early(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session, pytest.raises(FieldProblem) as caught:
        roster.end_pair(session, pair.id, status="paused")
    assert str(caught.value) == "A pair ends either completed or ended early."
    with database.transaction() as session:
        roster.end_pair(session, pair.id, end_date=date(2027, 5, 1))
    with database.transaction() as session, pytest.raises(MentorDeskError) as again:
        roster.end_pair(session, pair.id)
    assert str(again.value) == "This pair has already ended (completed)."


def test_taking_an_ended_pair_back_clears_its_end_reason(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session:
        ended = roster.end_pair(
            session, pair.id, status="ended_early", reason="Mismatch", end_date=date(2027, 3, 1)
        )
        resumed = roster.update_pair(
            session, pair.id, dataclasses.replace(ended.fields(), status=PairStatus.ACTIVE)
        )
    assert resumed.status is PairStatus.ACTIVE
    assert resumed.end_reason is None


def test_signing_the_agreement_and_taking_it_back(database, ids) -> None:
    pair = create(database, ids, model="formal")
    with database.transaction() as session:
        signed = roster.sign_agreement(
            session, pair.id, date(2027, 1, 12), expected_version=pair.version
        )
    assert signed.agreement_signed == date(2027, 1, 12)
    with database.transaction() as session:
        assert roster.sign_agreement(session, pair.id, None).agreement_signed is None
    with database.transaction() as session, pytest.raises(ChangedElsewhere):
        roster.sign_agreement(session, pair.id, START, expected_version=pair.version)


def test_an_unknown_pair_is_not_found(database) -> None:
    with database.transaction() as session, pytest.raises(NotFound) as caught:
        roster.pair_details(session, 42)
    assert str(caught.value) == "There is no pair number 42; it may have been deleted."


# --------------------------------------------------------------------------- goals


def test_goals_are_added_in_order_edited_and_deleted(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session:
        first = roster.add_goal(session, pair.id, " Lead a design review ", date(2027, 4, 1))
        second = roster.add_goal(session, pair.id, "Present at the guild")
    assert first.text == "Lead a design review"
    assert first.status is GoalStatus.OPEN
    with database.transaction() as session:
        done = roster.update_goal(
            session,
            first.id,
            text="Lead two design reviews",
            target=None,
            status="achieved",
            expected_version=first.version,
        )
        assert [goal.id for goal in roster.list_goals(session, pair.id)] == [first.id, second.id]
        assert roster.pair_details(session, pair.id).goals[0] == done
    assert (done.text, done.target, done.status) == (
        "Lead two design reviews",
        None,
        GoalStatus.ACHIEVED,
    )
    with database.transaction() as session:
        roster.delete_goal(session, second.id)
        assert [goal.id for goal in roster.list_goals(session, pair.id)] == [first.id]
    with database.transaction() as session, pytest.raises(NotFound, match="no goal number"):
        roster.delete_goal(session, second.id)


def test_goal_refusals(database, ids) -> None:
    pair = create(database, ids)
    with database.transaction() as session, pytest.raises(FieldProblem) as empty:
        roster.add_goal(session, pair.id, "   ")
    assert (empty.value.field, str(empty.value)) == ("text", "Write what the goal is.")
    with database.transaction() as session:
        goal = roster.add_goal(session, pair.id, "Ship it")
    with database.transaction() as session, pytest.raises(FieldProblem) as status:
        roster.update_goal(session, goal.id, text="Ship it", target=None, status="done")
    assert str(status.value) == "The goal status 'done' is not one of: Open, Achieved, Dropped."
    with database.transaction() as session:
        roster.update_goal(session, goal.id, text="Ship it", target=None, status="dropped")
    with database.transaction() as session, pytest.raises(ChangedElsewhere):
        roster.update_goal(
            session,
            goal.id,
            text="x",
            target=None,
            status="open",
            expected_version=goal.version,
        )


# --------------------------------------------------------------------------- the roster


def add_workshop(session, program_id: int, day: date, people: list[int], kind: str = "workshop"):
    workshop = Workshop(program_id=program_id, day=day, title="Feedback skills", kind=kind)
    workshop.attendees = [Attendance(person_id=person) for person in people]
    session.add(workshop)
    session.flush()
    return workshop


def test_roster_row_carries_people_dates_and_trust(database, ids) -> None:
    with database.transaction() as session:
        program = make_program(session, name="Thresholds", threshold_high=4.5, threshold_medium=3.5)
        mentor = make_person(
            session, name="Mia Mentor", email="mia@example.org", department="Sales", can_mentor=True
        )
        mentee = make_person(
            session, name="Tom Mentee", email="tom@example.org", department="Legal"
        )
        pair = make_pair(session, program, mentor, mentee, model="formal", cadence_days=10)
        add_activity(session, pair, date(2027, 2, 1))
        add_activity(session, pair, date(2027, 3, 1), outcome="missed")
        add_assessment(session, pair, date(2027, 2, 1), answers=5)
        add_assessment(session, pair, date(2027, 3, 1), answers=4)
        add_assessment(session, pair, date(2027, 4, 1), answers=1, respondent="mentor")
        pair_id, program_id = pair.id, program.id
    with database.transaction() as session:
        [row] = roster.roster_rows(session, program_id)
    assert row == roster.RosterRow(
        pair_id=pair_id,
        program_id=program_id,
        program_name="Thresholds",
        mentor_id=mentor.id,
        mentor_name="Mia Mentor",
        mentor_email="mia@example.org",
        mentor_department="Sales",
        mentee_id=mentee.id,
        mentee_name="Tom Mentee",
        mentee_email="tom@example.org",
        mentee_department="Legal",
        model=MentorshipModel.FORMAL,
        status=PairStatus.ACTIVE,
        start_date=START,
        planned_end=None,
        agreement_signed=None,
        cadence_days=10,
        last_held=date(2027, 2, 1),
        trust_score=4.0,
        trust_level=TrustLevel.MEDIUM,
    )


def test_roster_without_activity_or_assessment_has_blanks(database, ids) -> None:
    create(database, ids)
    with database.transaction() as session:
        [row] = roster.roster_rows(session, ids["program"])
    assert (row.last_held, row.trust_score, row.trust_level, row.cadence_days) == (
        None,
        None,
        None,
        21,
    )


def test_latest_scored_mentee_assessment_gives_the_score(database, ids) -> None:
    with database.transaction() as session:
        pair = make_pair(session)
        add_assessment(session, pair, date(2027, 2, 1), answers=2)
        add_assessment(session, pair, date(2027, 2, 1), answers=5)  # same day, recorded later
        # An unscored assessment (only possible in imported data) does not hide the score.
        add_assessment(session, pair, date(2027, 3, 1), answers={"competence_1": 1})
        program_id = pair.program_id
    with database.transaction() as session:
        [row] = roster.roster_rows(session, program_id)
    assert (row.trust_score, row.trust_level) == (5.0, TrustLevel.HIGH)


def test_a_workshop_both_attended_is_the_last_held_activity(database, ids) -> None:
    with database.transaction() as session:
        pair = make_pair(session)
        other = make_program(session)
        add_activity(session, pair, date(2027, 2, 1))
        add_activity(session, pair, date(2027, 5, 1), outcome="cancelled")
        both = [pair.mentor_id, pair.mentee_id]
        add_workshop(session, pair.program_id, date(2027, 3, 1), both)
        # None of these count: only one attended, another program, before the start.
        add_workshop(session, pair.program_id, date(2027, 4, 1), [pair.mentor_id])
        add_workshop(session, other.id, date(2027, 4, 2), both)
        add_workshop(session, pair.program_id, date(2027, 1, 1), both)
        program_id = pair.program_id
    with database.transaction() as session:
        [row] = roster.roster_rows(session, program_id)
    assert row.last_held == date(2027, 3, 1)


def test_an_ended_pair_does_not_collect_later_workshops(database, ids) -> None:
    with database.transaction() as session:
        pair = make_pair(session, status="completed", planned_end=date(2027, 2, 28))
        both = [pair.mentor_id, pair.mentee_id]
        add_workshop(session, pair.program_id, date(2027, 2, 1), both)
        add_workshop(session, pair.program_id, date(2027, 3, 15), both)
        program_id = pair.program_id
    with database.transaction() as session:
        [row] = roster.roster_rows(session, program_id)
    assert row.last_held == date(2027, 2, 1)


def test_search_needs_every_word_in_names_emails_or_departments(database, ids) -> None:
    with database.transaction() as session:
        program = make_program(session)
        ana = make_person(
            session, name="Ana Ruiz", email="ana@example.org", department="Finance", can_mentor=True
        )
        bo = make_person(session, name="Bo Li", email="bo@example.org", department="R&D_Lab")
        cy = make_person(session, name="Cy Day", email="cy@corp.test", department="Sales")
        dee = make_person(session, name="Dee Mo", email="dee@example.org", department="Sales")
        one = make_pair(session, program, ana, bo)
        two = make_pair(session, program, ana, cy)
        # Paused: a mentee has one proposed-or-active pair per program (uq_pair_open_mentee).
        three = make_pair(session, program, dee, cy, status="paused")
        program_id = program.id

    def found(text: str) -> list[int]:
        with database.transaction() as session:
            return [row.pair_id for row in roster.roster_rows(session, program_id, text)]

    assert found("") == [one.id, two.id, three.id]
    assert found("ANA") == [one.id, two.id]
    assert found("ana corp.test") == [two.id]
    assert found("finance sales") == [two.id]
    assert found("d_l") == [one.id]  # the underscore is a letter, not a wildcard
    assert found("r%d") == []
    assert found("nobody") == []


def test_roster_filters_by_program_status_model_and_pair(database, ids) -> None:
    first = create(database, ids)
    with database.transaction() as session:
        other_mentee = make_person(session, name="Dee Other").id
    proposal = create(
        database,
        ids,
        mentor_id=ids["second"],
        mentee_id=other_mentee,
        status="proposed",
        model="formal",
    )
    elsewhere = create(database, ids, program_id=ids["other_program"])
    with database.transaction() as session:
        assert {row.pair_id for row in roster.roster_rows(session, None)} == {
            first.id,
            proposal.id,
            elsewhere.id,
        }
        assert [r.pair_id for r in roster.roster_rows(session, ids["other_program"])] == [
            elsewhere.id
        ]
        active = roster.roster_rows(session, ids["program"], statuses=[PairStatus.ACTIVE])
        assert [r.pair_id for r in active] == [first.id]
        peer = roster.roster_rows(session, None, models=[MentorshipModel.PEER])
        assert [r.pair_id for r in peer] == [first.id]
        chosen = roster.roster_rows(session, None, pair_ids=[elsewhere.id])
        assert [r.pair_id for r in chosen] == [elsewhere.id]


def test_a_page_of_pairs_is_read_as_the_whole_roster_reads_them(database) -> None:
    """The window reads its pages by id (one array parameter on PostgreSQL, a list on
    SQLite): the same rows, in the roster's order, as the whole roster has for them."""
    from array import array

    from mentordesk.demo import load_demo

    with database.transaction() as session:
        load_demo(session, 40, 3, date(2026, 6, 30))
    with database.transaction() as session:
        whole = roster.roster_rows(session, None)
        page = array("q", [row.pair_id for row in whole[::3]])
        program_id = whole[0].program_id
        assert roster.roster_rows(session, None, pair_ids=page) == whole[::3]
        assert roster.roster_rows(session, program_id, pair_ids=reversed(page)) == [
            row for row in whole[::3] if row.program_id == program_id
        ]
        assert roster.roster_rows(session, None, pair_ids=[]) == []


@contextmanager
def counting_statements(database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def test_roster_uses_one_query_however_many_pairs(database) -> None:
    with database.transaction() as session:
        program = make_program(session)
        mentor = make_person(session, can_mentor=True, capacity=50)
        for number in range(30):
            pair = make_pair(session, program, mentor)
            add_activity(session, pair, date(2027, 2, 1 + number % 20))
            add_assessment(session, pair, date(2027, 2, 1), answers=3 + number % 3)
        program_id = program.id
    with database.transaction() as session, counting_statements(database) as statements:
        rows = roster.roster_rows(session, program_id)
    assert len(rows) == 30
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_a_new_pair_can_be_taken_back_until_something_is_recorded(database) -> None:
    with database.transaction() as session:
        bare = make_pair(session)
        busy = make_pair(session)
        add_activity(session, busy, date(2027, 2, 1))
        add_assessment(session, busy, date(2027, 2, 15), answers=4)
        session.flush()
        bare_id, busy_id = bare.id, busy.id
    with database.transaction() as session:
        roster.delete_new_pair(session, bare_id)
    with database.transaction() as session:
        with pytest.raises(MentorDeskError, match="has activities and assessments recorded"):
            roster.delete_new_pair(session, busy_id)
        with pytest.raises(NotFound):
            roster.delete_new_pair(session, bare_id)
    with database.transaction() as session:
        assert session.get(Pair, busy_id) is not None
        assert session.get(Pair, bare_id) is None


def test_an_edit_records_a_late_disclosure_of_a_chain_pair_once(database, ids) -> None:
    """A management-chain pair saved before the rule (no disclosure yet): the edit form
    asks for one, and the roster records it as a conflict of interest, once."""
    with database.transaction() as session:
        boss = make_person(session, name="Bo Boss", can_mentor=True, capacity=2)
        report = make_person(session, name="Ray Report", manager_id=boss.id)
        pair = make_pair(session, session.get(Program, ids["program"]), boss, report)
        pair_id = pair.id
    with database.transaction() as session:
        assert roster.chain_between(session, boss.id, report.id) == "Bo Boss manages Ray Report"
        assert not roster.has_disclosure(session, pair_id)
        details = roster.pair_details(session, pair_id)
        roster.update_pair(session, pair_id, details.fields(), disclosure="Told HR.")
        roster.update_pair(session, pair_id, details.fields(), disclosure="Again.")
    with database.transaction() as session:
        texts = session.scalars(select(Conflict.description).where(Conflict.pair_id == pair_id))
        assert list(texts) == ["Told HR."]
