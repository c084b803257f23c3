"""The risk service: facts gathered from the database give the domain's verdicts.

Every scenario starts from a healthy active pair stored in a real database
file and changes one thing. The same records are also written down as plain
domain facts, so each test checks that the service's row agrees with
``domain.risk.assess_pair`` on exactly those facts, and that the expected flag
is (or is not) raised.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from mentordesk.domain.consistency import ActivityFact
from mentordesk.domain.risk import (
    AssessmentFact,
    ConflictFact,
    EthicsFact,
    PairFacts,
    PairRisk,
    assess_pair,
)
from mentordesk.domain.scoring import TrustThresholds
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    Health,
    MentorshipModel,
    PairStatus,
    RiskFlag,
    Severity,
    TrustLevel,
)
from mentordesk.errors import NotFound
from mentordesk.services.risk import PairRiskRow, assess_pair_by_id, assess_program
from mentordesk.store.models import Activity, Attendance, Person, Program, Workshop
from tests.factories import (
    add_activity,
    add_assessment,
    add_conflict,
    add_ethics_review,
    make_pair,
    make_person,
    make_program,
)

AS_OF = date(2027, 6, 30)
F = RiskFlag


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


class Built:
    """A pair in the database, and the same records as domain facts beside it."""

    def __init__(
        self,
        session: Session,
        *,
        program: Program | None = None,
        mentor: Person | None = None,
        mentee: Person | None = None,
        healthy: bool = True,
        **pair_fields: Any,
    ) -> None:
        self.session = session
        self.program = program or make_program(session, cadence_days=14)
        fields: dict[str, Any] = {"model": "informal", "status": "active", "start_date": ago(120)}
        fields.update(pair_fields)
        self.pair = make_pair(session, self.program, mentor, mentee, **fields)
        # Read while the session is open: the tests look at them afterwards.
        self.mentor, self.mentee = self.pair.mentor, self.pair.mentee
        self.activities: list[ActivityFact] = []
        self.assessments: list[AssessmentFact] = []
        self.conflicts: list[ConflictFact] = []
        self.ethics: list[EthicsFact] = []
        self.in_chain = False
        if healthy:
            for days in (40, 26, 12, 5):
                self.activity(days)
            self.assessment(100, 4)
            self.assessment(20, 4)
            for guideline in EthicsGuideline:
                self.review(guideline, EthicsState.CONFIRMED, 100)

    def activity(
        self, days_ago: int, kind: str = "checkin", outcome: str = "held", *, counted: bool = True
    ) -> None:
        add_activity(self.session, self.pair, ago(days_ago), kind, outcome)
        if counted:
            fact = ActivityFact(ago(days_ago), ActivityKind(kind), ActivityOutcome(outcome))
            self.activities.append(fact)

    def assessment(
        self, days_ago: int, answers: int | dict[str, int], respondent: str = "mentee"
    ) -> None:
        stored = add_assessment(self.session, self.pair, ago(days_ago), answers, respondent)
        if respondent == "mentee":
            self.assessments.append(AssessmentFact(ago(days_ago), stored.overall))

    def conflict(
        self,
        opened_days_ago: int,
        kind: str = "disagreement",
        severity: str = "medium",
        steps: tuple[tuple[int, str], ...] = (),
    ) -> None:
        dated = tuple((ago(days), status) for days, status in steps)
        add_conflict(self.session, self.pair, ago(opened_days_ago), kind, severity, dated)
        self.conflicts.append(
            ConflictFact(
                ago(opened_days_ago),
                ConflictKind(kind),
                Severity(severity),
                tuple((day, ConflictStatus(status)) for day, status in dated),
            )
        )

    def review(self, guideline: EthicsGuideline, state: EthicsState, days_ago: int) -> None:
        add_ethics_review(self.session, self.pair, guideline.value, state.value, ago(days_ago))
        self.ethics.append(EthicsFact(guideline, state, ago(days_ago)))

    def domain(self, as_of: date = AS_OF) -> PairRisk:
        """What the domain says about the facts written down beside the records."""
        pair, program = self.pair, self.program
        facts = PairFacts(
            model=MentorshipModel(pair.model),
            status=PairStatus(pair.status),
            start=pair.start_date,
            agreement_signed=pair.agreement_signed,
            cadence_days=pair.cadence_days or program.cadence_days,
            thresholds=TrustThresholds(program.threshold_high, program.threshold_medium),
            activities=self.activities,
            assessments=self.assessments,
            conflicts=self.conflicts,
            ethics=self.ethics,
            in_management_chain=self.in_chain,
        )
        return assess_pair(facts, as_of)


def assert_same(row: PairRiskRow, risk: PairRisk) -> None:
    assert row.health is risk.health
    assert row.findings == risk.findings
    assert row.trust_score == risk.trust_score
    assert row.trust_level is risk.trust_level
    assert row.consistency == risk.consistency.held_share
    assert row.adherence == risk.consistency.adherence


def verdict(database: Any, built: Built, as_of: date = AS_OF) -> PairRiskRow:
    """The service's row for the built pair, read in a fresh transaction."""
    with database.transaction() as session:
        row = assess_pair_by_id(session, built.pair.id, as_of)
        listed = [r for r in assess_program(session, as_of) if r.pair_id == built.pair.id]
    if built.pair.status == "active" and built.pair.start_date <= as_of:
        assert listed == [row]
    assert_same(row, built.domain(as_of))
    return row


def test_a_healthy_pair(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
    row = verdict(database, built)
    assert row.health is Health.HEALTHY
    assert row.findings == ()
    assert row.trust_score == 4.0
    assert row.trust_level is TrustLevel.HIGH
    assert row.consistency == 1.0
    assert (row.mentor_name, row.mentor_email) == (built.mentor.name, built.mentor.email)
    assert (row.mentee_name, row.mentee_email) == (built.mentee.name, built.mentee.email)
    assert (row.pair_id, row.program_id) == (built.pair.id, built.program.id)
    assert row.program_name == built.program.name
    assert row.model is MentorshipModel.INFORMAL


# --- one scenario per flag ----------------------------------------------------------------


def test_low_trust(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.assessment(3, 2)
    row = verdict(database, built)
    assert F.LOW_TRUST in row.flags
    assert row.trust_level is TrustLevel.LOW
    assert row.health is Health.AT_RISK


def test_low_trust_uses_the_program_thresholds(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session, threshold_high=4.5, threshold_medium=4.1)
        built = Built(session, program=program)
    row = verdict(database, built)
    assert row.trust_score == 4.0
    assert row.flags == (F.LOW_TRUST,)


def test_falling_trust(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.assessment(3, 3)
    row = verdict(database, built)
    assert row.flags == (F.FALLING_TRUST,)
    assert row.findings[0].reason == "Trust fell from 4.00 to 3.00 since the assessment before."


def test_the_mentors_view_never_drives_the_flags(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.assessment(2, 1, respondent="mentor")
    row = verdict(database, built)
    assert row.health is Health.HEALTHY
    assert row.trust_score == 4.0


def test_overdue_checkin(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False, start_date=ago(120))
        built.activity(22)
        built.activity(60)
        built.assessment(10, 4)
        for guideline in EthicsGuideline:
            built.review(guideline, EthicsState.CONFIRMED, 50)
    row = verdict(database, built)
    assert row.flags == (F.OVERDUE_CHECKIN,)
    assert row.health is Health.WATCH


def test_the_pairs_own_cadence_wins_over_the_programs(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, cadence_days=7)
    # Five days since the last check-in is fine at 14 days, not at 7 × 1.5 = 10.5 …
    assert verdict(database, built).health is Health.HEALTHY
    # … but eleven days on it is overdue for this pair.
    assert F.OVERDUE_CHECKIN in verdict(database, built, AS_OF + timedelta(days=6)).flags


def test_unreliable(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.activity(4, outcome="missed")
        built.activity(3, outcome="cancelled")
    row = verdict(database, built)
    assert row.flags == (F.UNRELIABLE,)
    assert row.consistency == round(4 / 6, 4)


def test_open_conflict(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.conflict(5, severity="high")
        built.conflict(60, severity="low", steps=((50, "in_dialogue"),))
        built.conflict(90, severity="high", steps=((80, "resolved"),))
    row = verdict(database, built)
    assert row.flags == (F.OPEN_CONFLICT,)
    assert "since " + ago(5).isoformat() in row.reasons[0]
    assert ago(60).isoformat() in row.reasons[0]
    assert ago(90).isoformat() not in row.reasons[0]


def test_ethics_concern(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.review(EthicsGuideline.BOUNDARIES, EthicsState.CONCERN, 3)
    row = verdict(database, built)
    assert row.flags == (F.ETHICS_CONCERN,)


def test_a_later_confirmation_clears_a_concern(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.review(EthicsGuideline.BOUNDARIES, EthicsState.CONCERN, 30)
        built.review(EthicsGuideline.BOUNDARIES, EthicsState.CONFIRMED, 3)
    assert verdict(database, built).health is Health.HEALTHY
    assert F.ETHICS_CONCERN in verdict(database, built, ago(10)).flags


def test_ethics_gap(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False)
        for days in (40, 26, 12, 5):
            built.activity(days)
        built.assessment(20, 4)
        built.review(EthicsGuideline.CONFIDENTIALITY, EthicsState.CONFIRMED, 50)
        built.review(EthicsGuideline.PROFESSIONALISM, EthicsState.NOT_REVIEWED, 50)
    row = verdict(database, built)
    assert row.flags == (F.ETHICS_GAP,)
    assert "Professionalism" in row.reasons[0]
    assert "Confidentiality" not in row.reasons[0]


def test_conflict_of_interest_from_a_conflict(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.conflict(10, kind="conflict_of_interest", severity="low")
    assert verdict(database, built).flags == (F.CONFLICT_OF_INTEREST,)


def test_no_assessment(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False, start_date=ago(200))
        for days in (40, 26, 12, 5):
            built.activity(days)
        built.assessment(91, 4)
        built.assessment(5, 4, respondent="mentor")
        for guideline in EthicsGuideline:
            built.review(guideline, EthicsState.CONFIRMED, 100)
    row = verdict(database, built)
    assert row.flags == (F.NO_ASSESSMENT,)


def test_no_agreement(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, model="formal")
        signed_later = Built(session, model="formal", agreement_signed=AS_OF + timedelta(days=1))
        signed = Built(session, model="formal", agreement_signed=ago(100))
    assert verdict(database, built).flags == (F.NO_AGREEMENT,)
    assert verdict(database, signed_later).flags == (F.NO_AGREEMENT,)
    assert verdict(database, signed).health is Health.HEALTHY


def test_many_flags_at_once(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False, model="formal", start_date=ago(200))
        built.activity(100, outcome="missed")
        built.activity(80, outcome="missed")
    row = verdict(database, built)
    assert set(row.flags) == {
        F.OVERDUE_CHECKIN,
        F.UNRELIABLE,
        F.ETHICS_GAP,
        F.NO_ASSESSMENT,
        F.NO_AGREEMENT,
    }
    assert row.health is Health.AT_RISK
    assert row.consistency == 0.0
    assert row.trust_score is None


# --- the management chain -----------------------------------------------------------------


def test_mentor_higher_up_the_mentees_chain(database: Any) -> None:
    with database.transaction() as session:
        mentor = make_person(session, can_mentor=True, capacity=2)
        middle = make_person(session, manager_id=mentor.id)
        mentee = make_person(session, manager_id=middle.id)
        built = Built(session, mentor=mentor, mentee=mentee)
        built.in_chain = True
    row = verdict(database, built)
    assert row.flags == (F.CONFLICT_OF_INTEREST,)
    assert "management chain" in row.reasons[0]


def test_mentee_managing_the_mentor(database: Any) -> None:
    with database.transaction() as session:
        mentee = make_person(session)
        mentor = make_person(session, can_mentor=True, capacity=2, manager_id=mentee.id)
        built = Built(session, mentor=mentor, mentee=mentee)
        built.in_chain = True
    assert verdict(database, built).flags == (F.CONFLICT_OF_INTEREST,)


def test_a_shared_manager_is_not_a_conflict_of_interest(database: Any) -> None:
    with database.transaction() as session:
        boss = make_person(session)
        mentor = make_person(session, can_mentor=True, capacity=2, manager_id=boss.id)
        mentee = make_person(session, manager_id=boss.id)
        built = Built(session, mentor=mentor, mentee=mentee)
    assert verdict(database, built).health is Health.HEALTHY


# --- the "as of" cut ----------------------------------------------------------------------


def test_records_after_as_of_do_not_count(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        later = AS_OF + timedelta(days=1)
        add_assessment(session, built.pair, later, 1)
        add_activity(session, built.pair, later, outcome="missed")
        add_activity(session, built.pair, later, outcome="missed")
        add_conflict(session, built.pair, later, severity="high")
        add_ethics_review(session, built.pair, "boundaries", "concern", later)
    row = verdict(database, built)
    assert row.health is Health.HEALTHY
    assert row.trust_score == 4.0


def test_a_past_day_sees_what_the_coordinator_saw_then(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        built.conflict(40, severity="high", steps=((30, "in_dialogue"), (10, "resolved")))
    assert verdict(database, built).health is Health.HEALTHY
    then = verdict(database, built, ago(20))
    assert F.OPEN_CONFLICT in then.flags
    # Twenty days ago, the latest assessment was the one 100 days before AS_OF.
    assert then.trust_score == 4.0


def test_a_pair_not_started_yet_is_left_out(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False, start_date=AS_OF + timedelta(days=7))
        pair_id = built.pair.id
    with database.transaction() as session:
        assert assess_program(session, AS_OF) == []
        assert [r.pair_id for r in assess_program(session, AS_OF + timedelta(days=7))] == [pair_id]


# --- workshops attended by both -----------------------------------------------------------


def add_workshop(
    session: Session, program: Program, day: date, people: list[Person], kind: str = "workshop"
) -> Workshop:
    workshop = Workshop(program_id=program.id, day=day, title="Giving feedback", kind=kind)
    workshop.attendees = [Attendance(person_id=person.id) for person in people]
    session.add(workshop)
    session.flush()
    return workshop


def test_a_workshop_both_attended_counts_as_a_held_activity(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False)
        built.activity(30)
        built.assessment(20, 4)
        for guideline in EthicsGuideline:
            built.review(guideline, EthicsState.CONFIRMED, 50)
        pair = built.pair
        add_workshop(session, built.program, ago(3), [pair.mentor, pair.mentee], "networking")
        built.activities.append(ActivityFact(ago(3), ActivityKind.NETWORKING, ActivityOutcome.HELD))
    row = verdict(database, built)
    assert row.health is Health.HEALTHY
    assert row.consistency == 1.0


def test_workshops_that_do_not_count(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False)
        built.activity(30)
        built.assessment(20, 4)
        for guideline in EthicsGuideline:
            built.review(guideline, EthicsState.CONFIRMED, 50)
        pair = built.pair
        stranger = make_person(session)
        # Only one of the two was there.
        add_workshop(session, built.program, ago(3), [pair.mentor, stranger])
        # Another program's workshop.
        add_workshop(session, make_program(session), ago(2), [pair.mentor, pair.mentee])
        # After the day asked about.
        add_workshop(session, built.program, AS_OF + timedelta(days=1), [pair.mentor, pair.mentee])
        # Before the pair started.
        add_workshop(session, built.program, ago(130), [pair.mentor, pair.mentee])
    row = verdict(database, built)
    assert row.flags == (F.OVERDUE_CHECKIN,)


def test_a_workshop_keeps_the_timeline_in_date_order(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, healthy=False)
        pair = built.pair
        built.activity(10, outcome="missed")
        # The workshop falls between the activities: the latest four are
        # missed, workshop, missed, held — two failures, so unreliable.
        add_workshop(session, built.program, ago(8), [pair.mentor, pair.mentee])
        built.activities.append(ActivityFact(ago(8), ActivityKind.WORKSHOP, ActivityOutcome.HELD))
        built.activity(6, outcome="missed")
        built.activity(2)
        built.assessment(20, 4)
        for guideline in EthicsGuideline:
            built.review(guideline, EthicsState.CONFIRMED, 50)
    row = verdict(database, built)
    assert row.flags == (F.UNRELIABLE,)


# --- the program-wide call ----------------------------------------------------------------


def test_only_active_pairs_of_the_chosen_program_are_assessed(database: Any) -> None:
    with database.transaction() as session:
        first = make_program(session, name="Alpha")
        second = make_program(session, name="Beta")
        a = Built(session, program=first)
        b = Built(session, program=first, model="formal")
        Built(session, program=first, status="completed")
        Built(session, program=first, status="paused")
        c = Built(session, program=second)
        ids = {x.pair.id for x in (a, b, c)}
        first_id, b_id = first.id, b.pair.id
    with database.transaction() as session:
        assert {row.pair_id for row in assess_program(session, AS_OF)} == ids
        assert {row.pair_id for row in assess_program(session, AS_OF, first_id)} == {
            a.pair.id,
            b_id,
        }
        only = assess_program(session, AS_OF, pair_ids=[b_id])
        assert [row.pair_id for row in only] == [b_id]
        assert only[0].flags == (F.NO_AGREEMENT,)
        assert assess_program(session, AS_OF, pair_ids=[]) == []


def test_rows_are_ordered_by_program_mentor_and_mentee(database: Any) -> None:
    with database.transaction() as session:
        program_b = make_program(session, name="B program")
        program_a = make_program(session, name="A program")
        zoe = make_person(session, name="Zoe", can_mentor=True, capacity=3)
        ann = make_person(session, name="Ann", can_mentor=True, capacity=3)
        Built(session, program=program_b, mentor=ann)
        Built(session, program=program_a, mentor=zoe)
        Built(session, program=program_a, mentor=ann)
    with database.transaction() as session:
        rows = assess_program(session, AS_OF)
    assert [(r.program_name, r.mentor_name) for r in rows] == [
        ("A program", "Ann"),
        ("A program", "Zoe"),
        ("B program", "Ann"),
    ]


def test_a_pair_that_is_not_active_is_healthy_but_keeps_its_figures(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session, status="completed", model="formal")
        built.assessment(2, 2)
    row = verdict(database, built)
    assert row.health is Health.HEALTHY
    assert row.findings == ()
    assert row.trust_level is TrustLevel.LOW


def test_an_unknown_pair_is_not_found(database: Any) -> None:
    with database.transaction() as session, pytest.raises(NotFound):
        assess_pair_by_id(session, 4711, AS_OF)


def test_the_number_of_queries_does_not_grow_with_the_pairs(database: Any) -> None:
    def statements_for(pairs: int) -> int:
        with database.transaction() as session:
            program = make_program(session)
            for _ in range(pairs):
                built = Built(session, program=program)
                built.conflict(5, steps=((3, "in_dialogue"),))
                add_workshop(session, program, ago(1), [built.pair.mentor, built.pair.mentee])
            program_id = program.id
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(args[2])

        event.listen(database.engine, "before_cursor_execute", count)
        try:
            with database.transaction() as session:
                rows = assess_program(session, AS_OF, program_id)
        finally:
            event.remove(database.engine, "before_cursor_execute", count)
        assert len(rows) == pairs
        return len([s for s in seen if s.lstrip().upper().startswith("SELECT")])

    assert statements_for(1) == statements_for(6) <= 8


def test_records_not_yet_flushed_count(database: Any) -> None:
    with database.transaction() as session:
        built = Built(session)
        session.add(Activity(pair_id=built.pair.id, day=ago(2), kind="checkin", outcome="missed"))
        session.add(Activity(pair_id=built.pair.id, day=ago(1), kind="checkin", outcome="missed"))
        row = assess_pair_by_id(session, built.pair.id, AS_OF)
    assert row.flags == (F.UNRELIABLE,)
