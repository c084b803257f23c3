"""Risk flags, their reasons and boundaries, and the health verdict.

Every scenario starts from a healthy active pair and changes one thing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.domain.consistency import ActivityFact
from mentordesk.domain.risk import (
    AssessmentFact,
    ConflictFact,
    EthicsFact,
    Finding,
    PairFacts,
    PairRisk,
    assess_pair,
    health_for,
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

AS_OF = date(2027, 6, 30)
F = RiskFlag
HELD, MISSED, CANCELLED = ActivityOutcome.HELD, ActivityOutcome.MISSED, ActivityOutcome.CANCELLED


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def checkin(days_ago: int, outcome: ActivityOutcome = HELD) -> ActivityFact:
    return ActivityFact(on=ago(days_ago), kind=ActivityKind.CHECKIN, outcome=outcome)


def reviews(
    state: EthicsState = EthicsState.CONFIRMED, days_ago: int = 100
) -> tuple[EthicsFact, ...]:
    return tuple(EthicsFact(guideline, state, ago(days_ago)) for guideline in EthicsGuideline)


def conflict(
    opened_days_ago: int,
    kind: ConflictKind = ConflictKind.DISAGREEMENT,
    severity: Severity = Severity.MEDIUM,
    steps: tuple[tuple[date, ConflictStatus], ...] = (),
) -> ConflictFact:
    return ConflictFact(opened=ago(opened_days_ago), kind=kind, severity=severity, steps=steps)


HEALTHY = PairFacts(
    model=MentorshipModel.INFORMAL,
    status=PairStatus.ACTIVE,
    start=ago(120),
    agreement_signed=None,
    cadence_days=14,
    thresholds=TrustThresholds(),
    activities=(checkin(40), checkin(26), checkin(12), checkin(5)),
    assessments=(AssessmentFact(ago(100), 4.0), AssessmentFact(ago(20), 4.2)),
    conflicts=(),
    ethics=reviews(),
    in_management_chain=False,
)


def assess(**changes: object) -> PairRisk:
    return assess_pair(replace(HEALTHY, **changes), AS_OF)  # type: ignore[arg-type]


def reason(risk: PairRisk, flag: RiskFlag) -> str:
    matches = [finding.reason for finding in risk.findings if finding.flag is flag]
    assert len(matches) == 1, risk.findings
    return matches[0]


def test_the_baseline_is_healthy() -> None:
    risk = assess_pair(HEALTHY, AS_OF)
    assert risk.health is Health.HEALTHY
    assert risk.findings == ()
    assert risk.flags == ()
    assert risk.trust_score == 4.2
    assert risk.previous_score == 4.0
    assert risk.trust_level is TrustLevel.HIGH
    assert risk.consistency.held == 4


def test_facts_accept_lists_and_stay_hashable() -> None:
    facts = replace(HEALTHY, activities=list(HEALTHY.activities))  # type: ignore[arg-type]
    assert isinstance(facts.activities, tuple)
    assert hash(facts) == hash(HEALTHY)


# --- low_trust ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "flagged"),
    [(1.0, True), (2.99, True), (2.994, True), (2.995, False), (3.0, False), (3.5, False)],
)
def test_low_trust_boundary(score: float, flagged: bool) -> None:
    risk = assess(assessments=(AssessmentFact(ago(10), score),))
    assert (F.LOW_TRUST in risk.flags) is flagged


def test_low_trust_reason_and_verdict() -> None:
    risk = assess(assessments=(AssessmentFact(ago(10), 2.75),))
    assert reason(risk, F.LOW_TRUST) == "Trust score 2.75 is below the medium threshold 3.00."
    assert risk.trust_level is TrustLevel.LOW
    assert risk.health is Health.AT_RISK


def test_low_trust_uses_the_program_thresholds() -> None:
    thresholds = TrustThresholds(high=4.5, medium=3.5)
    risk = assess(assessments=(AssessmentFact(ago(10), 3.49),), thresholds=thresholds)
    assert reason(risk, F.LOW_TRUST) == "Trust score 3.49 is below the medium threshold 3.50."
    assert (
        F.LOW_TRUST
        not in assess(assessments=(AssessmentFact(ago(10), 3.5),), thresholds=thresholds).flags
    )


def test_low_trust_looks_at_the_latest_assessment_only() -> None:
    risk = assess(assessments=(AssessmentFact(ago(50), 2.0), AssessmentFact(ago(10), 3.0)))
    assert F.LOW_TRUST not in risk.flags
    assert risk.trust_score == 3.0


def test_assessments_after_as_of_do_not_count() -> None:
    risk = assess(assessments=(AssessmentFact(ago(10), 4.0), AssessmentFact(ago(-1), 2.0)))
    assert risk.trust_score == 4.0
    assert F.LOW_TRUST not in risk.flags
    assert F.FALLING_TRUST not in risk.flags


def test_assessment_on_as_of_counts() -> None:
    risk = assess(assessments=(AssessmentFact(ago(10), 4.0), AssessmentFact(AS_OF, 2.0)))
    assert risk.trust_score == 2.0
    assert {F.LOW_TRUST, F.FALLING_TRUST} <= set(risk.flags)


def test_unscored_latest_assessment_keeps_the_previous_score() -> None:
    risk = assess(assessments=(AssessmentFact(ago(30), 2.5), AssessmentFact(ago(5), None)))
    assert risk.trust_score == 2.5
    assert risk.previous_score is None
    assert F.LOW_TRUST in risk.flags


def test_no_assessment_means_no_score_and_no_trust_flags() -> None:
    risk = assess(assessments=(), start=ago(60))
    assert risk.trust_score is None
    assert risk.trust_level is None
    assert risk.flags == ()


def test_assessments_are_taken_by_date_not_by_position() -> None:
    risk = assess(assessments=(AssessmentFact(ago(5), 3.0), AssessmentFact(ago(50), 4.0)))
    assert (risk.trust_score, risk.previous_score) == (3.0, 4.0)
    assert F.FALLING_TRUST in risk.flags


# --- falling_trust ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "latest", "flagged"),
    [
        (4.1, 3.6, True),  # exactly 0.50; 4.1 - 3.6 is 0.4999… in binary
        (4.1, 3.5, True),
        (4.1, 3.61, False),  # 0.49
        (3.6, 3.1, True),
        (5.0, 4.5, True),
        (4.5, 4.01, False),
        (3.0, 4.0, False),  # rising
        (4.0, 4.0, False),
    ],
)
def test_falling_trust_boundary(previous: float, latest: float, flagged: bool) -> None:
    risk = assess(assessments=(AssessmentFact(ago(60), previous), AssessmentFact(ago(10), latest)))
    assert (F.FALLING_TRUST in risk.flags) is flagged


def test_falling_trust_reason() -> None:
    risk = assess(assessments=(AssessmentFact(ago(60), 4.1), AssessmentFact(ago(10), 3.5)))
    assert (
        reason(risk, F.FALLING_TRUST) == "Trust fell from 4.10 to 3.50 since the assessment before."
    )
    assert risk.health is Health.AT_RISK


def test_falling_trust_compares_with_the_one_before_only() -> None:
    history = (
        AssessmentFact(ago(90), 4.8),
        AssessmentFact(ago(50), 4.5),
        AssessmentFact(ago(10), 4.2),
    )
    assert F.FALLING_TRUST not in assess(assessments=history).flags


def test_a_single_assessment_cannot_fall() -> None:
    assert F.FALLING_TRUST not in assess(assessments=(AssessmentFact(ago(10), 1.0),)).flags


# --- overdue_checkin ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "days", "flagged"),
    [
        (14, 0, False),
        (14, 21, False),  # exactly 1.5 × 14
        (14, 22, True),
        (15, 22, False),  # 1.5 × 15 = 22.5
        (15, 23, True),
        (7, 10, False),
        (7, 11, True),
        (1, 1, False),
        (1, 2, True),
    ],
)
def test_overdue_checkin_boundary(cadence: int, days: int, flagged: bool) -> None:
    risk = assess(activities=(checkin(days + 30), checkin(days)), cadence_days=cadence)
    assert (F.OVERDUE_CHECKIN in risk.flags) is flagged


def test_overdue_checkin_reason() -> None:
    risk = assess(activities=(checkin(31),))
    assert (
        reason(risk, F.OVERDUE_CHECKIN) == "No held activity for 31 days (expected every 14 days)."
    )
    assert risk.health is Health.WATCH


def test_overdue_counts_from_the_start_without_any_held_activity() -> None:
    assert F.OVERDUE_CHECKIN not in assess(activities=(), start=ago(21)).flags
    risk = assess(activities=(checkin(3, MISSED),), start=ago(22))
    assert reason(risk, F.OVERDUE_CHECKIN) == (
        "No held activity since the start 22 days ago (expected every 14 days)."
    )


def test_missed_and_cancelled_activities_are_not_held() -> None:
    risk = assess(activities=(checkin(30), checkin(10, MISSED), checkin(5, CANCELLED)))
    assert "for 30 days" in reason(risk, F.OVERDUE_CHECKIN)


def test_any_held_activity_resets_the_check_in_clock() -> None:
    workshop = ActivityFact(ago(3), ActivityKind.WORKSHOP, HELD)
    assert F.OVERDUE_CHECKIN not in assess(activities=(checkin(40), workshop)).flags


def test_activities_after_as_of_do_not_count_for_overdue() -> None:
    risk = assess(activities=(checkin(30), checkin(-2)))
    assert "for 30 days" in reason(risk, F.OVERDUE_CHECKIN)


def test_pair_starting_later_is_not_overdue() -> None:
    assert F.OVERDUE_CHECKIN not in assess(activities=(), start=ago(-10)).flags


# --- unreliable ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "flagged"),
    [
        ((HELD, HELD, HELD, HELD), False),
        ((MISSED, HELD, HELD, HELD), False),
        ((MISSED, CANCELLED, HELD, HELD), True),
        ((HELD, HELD, MISSED, CANCELLED), True),
        ((MISSED, MISSED, MISSED, MISSED), True),
        ((MISSED, MISSED), True),  # fewer than four: 2 of 2
        ((MISSED,), False),
        ((), False),
    ],
)
def test_unreliable_boundary(outcomes: tuple[ActivityOutcome, ...], flagged: bool) -> None:
    # oldest first, three days apart
    activities = tuple(
        checkin(3 * (len(outcomes) - i), outcome) for i, outcome in enumerate(outcomes)
    )
    risk = assess(activities=activities)
    assert (F.UNRELIABLE in risk.flags) is flagged


def test_unreliable_reason() -> None:
    activities = (checkin(20), checkin(15, MISSED), checkin(10), checkin(5, CANCELLED))
    risk = assess(activities=activities)
    assert reason(risk, F.UNRELIABLE) == "2 of the latest 4 activities were missed or cancelled."
    assert risk.flags == (F.UNRELIABLE,)
    assert risk.health is Health.WATCH


def test_unreliable_looks_at_the_latest_four_only() -> None:
    activities = (checkin(30, MISSED), checkin(20, MISSED), checkin(15), checkin(10), checkin(5))
    assert F.UNRELIABLE not in assess(activities=activities).flags
    # one more miss among the latest four tips it
    activities = (
        checkin(30, MISSED),
        checkin(20, MISSED),
        checkin(15),
        checkin(10, MISSED),
        checkin(5),
    )
    assert F.UNRELIABLE in assess(activities=activities).flags


def test_unreliable_orders_by_date_not_by_position() -> None:
    activities = (
        checkin(2),
        checkin(4),
        checkin(6),
        checkin(8),
        checkin(40, MISSED),
        checkin(50, MISSED),
    )
    assert F.UNRELIABLE not in assess(activities=activities).flags


def test_unreliable_ignores_activities_after_as_of() -> None:
    activities = (
        checkin(20),
        checkin(15),
        checkin(10),
        checkin(5),
        checkin(-1, MISSED),
        checkin(-2, MISSED),
    )
    assert F.UNRELIABLE not in assess(activities=activities).flags
    assert F.UNRELIABLE in assess_pair(replace(HEALTHY, activities=activities), ago(-2)).flags


def test_fewer_than_four_activities_reason() -> None:
    risk = assess(activities=(checkin(9, MISSED), checkin(5, CANCELLED), checkin(1)), start=ago(10))
    assert reason(risk, F.UNRELIABLE) == "2 of the latest 3 activities were missed or cancelled."


# --- open_conflict ------------------------------------------------------------------------


def test_high_severity_conflict_is_flagged_at_once() -> None:
    risk = assess(conflicts=(conflict(0, ConflictKind.TRUST_BREACH, Severity.HIGH),))
    assert reason(risk, F.OPEN_CONFLICT) == "High-severity trust breach open since 2027-06-30."
    assert risk.health is Health.AT_RISK


@pytest.mark.parametrize(
    ("days", "severity", "flagged"),
    [
        (30, Severity.MEDIUM, False),
        (31, Severity.MEDIUM, True),
        (30, Severity.LOW, False),
        (31, Severity.LOW, True),
        (0, Severity.HIGH, True),
        (-1, Severity.HIGH, False),  # opened after as_of
        (200, Severity.LOW, True),
    ],
)
def test_open_conflict_age_boundary(days: int, severity: Severity, flagged: bool) -> None:
    risk = assess(conflicts=(conflict(days, severity=severity),))
    assert (F.OPEN_CONFLICT in risk.flags) is flagged


def test_old_conflict_reason() -> None:
    risk = assess(conflicts=(conflict(45),))
    assert reason(risk, F.OPEN_CONFLICT) == (
        "Medium-severity disagreement open for 45 days, since 2027-05-16."
    )


@pytest.mark.parametrize(
    ("status", "flagged"),
    [
        (ConflictStatus.IN_DIALOGUE, True),
        (ConflictStatus.MEDIATION, True),
        (ConflictStatus.RESOLVED, False),
        (ConflictStatus.CLOSED_UNRESOLVED, False),
        (ConflictStatus.ESCALATED, True),  # escalated is not settled (DOMAIN.md)
    ],
)
def test_open_conflict_status(status: ConflictStatus, flagged: bool) -> None:
    """Escalated counts for open_conflict until resolved or closed (it failed before)."""
    steps = ((ago(5), status),)
    risk = assess(conflicts=(conflict(10, severity=Severity.HIGH, steps=steps),))
    assert (F.OPEN_CONFLICT in risk.flags) is flagged


def test_open_conflict_status_as_of_the_day() -> None:
    resolved_later = conflict(
        40, steps=((ago(10), ConflictStatus.IN_DIALOGUE), (ago(-3), ConflictStatus.RESOLVED))
    )
    assert F.OPEN_CONFLICT in assess(conflicts=(resolved_later,)).flags
    resolved_on_the_day = conflict(40, steps=((AS_OF, ConflictStatus.RESOLVED),))
    assert F.OPEN_CONFLICT not in assess(conflicts=(resolved_on_the_day,)).flags
    reopened = conflict(
        40, steps=((ago(20), ConflictStatus.RESOLVED), (ago(2), ConflictStatus.IN_DIALOGUE))
    )
    assert F.OPEN_CONFLICT in assess(conflicts=(reopened,)).flags


def test_several_open_conflicts_make_one_finding() -> None:
    conflicts = (
        conflict(45, ConflictKind.OTHER, Severity.LOW),
        conflict(2, ConflictKind.BOUNDARY_ISSUE, Severity.HIGH),
        conflict(5, ConflictKind.DISAGREEMENT, Severity.MEDIUM),  # young and not high: no
    )
    risk = assess(conflicts=conflicts)
    assert reason(risk, F.OPEN_CONFLICT) == (
        "Low-severity conflict open for 45 days, since 2027-05-16. "
        "High-severity boundary issue open since 2027-06-28."
    )


# --- ethics_concern -----------------------------------------------------------------------


def test_ethics_concern() -> None:
    concern = EthicsFact(EthicsGuideline.CONFIDENTIALITY, EthicsState.CONCERN, date(2027, 5, 1))
    risk = assess(ethics=(*reviews(), concern))
    assert reason(risk, F.ETHICS_CONCERN) == "Concern recorded for Confidentiality on 2027-05-01."
    assert risk.health is Health.AT_RISK


def test_a_later_confirmation_clears_a_concern() -> None:
    concern = EthicsFact(EthicsGuideline.CONFIDENTIALITY, EthicsState.CONCERN, ago(60))
    confirmed = EthicsFact(EthicsGuideline.CONFIDENTIALITY, EthicsState.CONFIRMED, ago(10))
    assert F.ETHICS_CONCERN not in assess(ethics=(*reviews(), concern, confirmed)).flags
    # …but not when it is dated after the day asked about
    later = replace(confirmed, on=ago(-1))
    assert F.ETHICS_CONCERN in assess(ethics=(*reviews(), concern, later)).flags


def test_same_day_reviews_keep_their_recorded_order() -> None:
    concern = EthicsFact(EthicsGuideline.BOUNDARIES, EthicsState.CONCERN, ago(5))
    confirmed = EthicsFact(EthicsGuideline.BOUNDARIES, EthicsState.CONFIRMED, ago(5))
    assert F.ETHICS_CONCERN in assess(ethics=(*reviews(), confirmed, concern)).flags
    assert F.ETHICS_CONCERN not in assess(ethics=(*reviews(), concern, confirmed)).flags


def test_concern_dated_after_as_of_does_not_count() -> None:
    concern = EthicsFact(EthicsGuideline.CONFIDENTIALITY, EthicsState.CONCERN, ago(-1))
    assert F.ETHICS_CONCERN not in assess(ethics=(*reviews(), concern)).flags


def test_several_concerns_in_guideline_order() -> None:
    ethics = (
        *reviews(),
        EthicsFact(EthicsGuideline.BOUNDARIES, EthicsState.CONCERN, date(2027, 5, 3)),
        EthicsFact(EthicsGuideline.CONFIDENTIALITY, EthicsState.CONCERN, date(2027, 5, 1)),
    )
    assert reason(assess(ethics=ethics), F.ETHICS_CONCERN) == (
        "Concern recorded for Confidentiality on 2027-05-01 "
        "and Respect for boundaries on 2027-05-03."
    )


# --- ethics_gap ---------------------------------------------------------------------------


@pytest.mark.parametrize(("started", "flagged"), [(30, False), (31, True), (0, False)])
def test_ethics_gap_boundary(started: int, flagged: bool) -> None:
    risk = assess(ethics=(), start=ago(started), activities=(checkin(0),), assessments=())
    assert (F.ETHICS_GAP in risk.flags) is flagged


def test_ethics_gap_reason_names_the_missing_guidelines() -> None:
    ethics = tuple(
        review
        for review in reviews()
        if review.guideline not in {EthicsGuideline.TRANSPARENCY, EthicsGuideline.BOUNDARIES}
    )
    risk = assess(ethics=ethics, start=ago(45))
    assert reason(risk, F.ETHICS_GAP) == (
        "Started 45 days ago; not yet reviewed: Transparency, Respect for boundaries."
    )
    assert risk.health is Health.WATCH


def test_latest_not_reviewed_counts_as_a_gap() -> None:
    reset = EthicsFact(EthicsGuideline.PROFESSIONALISM, EthicsState.NOT_REVIEWED, ago(3))
    risk = assess(ethics=(*reviews(), reset))
    assert reason(risk, F.ETHICS_GAP) == "Started 120 days ago; not yet reviewed: Professionalism."


def test_reviews_after_as_of_leave_the_gap_open() -> None:
    risk = assess(ethics=reviews(days_ago=-5))
    assert F.ETHICS_GAP in risk.flags


def test_a_concern_is_not_a_gap() -> None:
    risk = assess(ethics=reviews(EthicsState.CONCERN))
    assert F.ETHICS_GAP not in risk.flags
    assert F.ETHICS_CONCERN in risk.flags


# --- conflict_of_interest -----------------------------------------------------------------


def test_management_chain_is_a_conflict_of_interest() -> None:
    risk = assess(in_management_chain=True)
    assert reason(risk, F.CONFLICT_OF_INTEREST) == (
        "The mentor and the mentee are in one management chain: "
        "one manages the other, directly or further up."
    )
    assert risk.health is Health.AT_RISK


@pytest.mark.parametrize(
    ("status", "flagged"),
    [
        (None, True),
        (ConflictStatus.IN_DIALOGUE, True),
        (ConflictStatus.MEDIATION, True),
        (ConflictStatus.RESOLVED, False),
        (ConflictStatus.CLOSED_UNRESOLVED, True),  # not resolved
        (ConflictStatus.ESCALATED, True),  # not resolved
    ],
)
def test_conflict_of_interest_until_resolved(status: ConflictStatus | None, flagged: bool) -> None:
    steps = ((ago(2), status),) if status else ()
    coi = conflict(5, ConflictKind.CONFLICT_OF_INTEREST, Severity.LOW, steps)
    assert (F.CONFLICT_OF_INTEREST in assess(conflicts=(coi,)).flags) is flagged


def test_conflict_of_interest_reason() -> None:
    coi = ConflictFact(date(2027, 2, 1), ConflictKind.CONFLICT_OF_INTEREST, Severity.LOW)
    risk = assess(conflicts=(coi,))
    assert reason(risk, F.CONFLICT_OF_INTEREST) == (
        "Conflict of interest opened 2027-02-01 is not resolved."
    )
    # an old open conflict of interest is also an open conflict
    assert F.OPEN_CONFLICT in risk.flags


def test_conflict_of_interest_as_of_the_day() -> None:
    resolved_later = conflict(
        5, ConflictKind.CONFLICT_OF_INTEREST, steps=((ago(-1), ConflictStatus.RESOLVED),)
    )
    assert F.CONFLICT_OF_INTEREST in assess(conflicts=(resolved_later,)).flags
    opened_later = conflict(-1, ConflictKind.CONFLICT_OF_INTEREST)
    assert F.CONFLICT_OF_INTEREST not in assess(conflicts=(opened_later,)).flags


def test_other_kinds_are_not_a_conflict_of_interest() -> None:
    risk = assess(conflicts=(conflict(5, ConflictKind.DISAGREEMENT, Severity.HIGH),))
    assert F.CONFLICT_OF_INTEREST not in risk.flags


# --- no_assessment ------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "flagged"), [(89, False), (90, False), (91, True), (120, True)])
def test_no_assessment_boundary(days: int, flagged: bool) -> None:
    risk = assess(assessments=(AssessmentFact(ago(days), 4.0),))
    assert (F.NO_ASSESSMENT in risk.flags) is flagged


def test_no_assessment_reason() -> None:
    risk = assess(assessments=(AssessmentFact(ago(120), 4.0),))
    assert reason(risk, F.NO_ASSESSMENT) == "No mentee assessment for 120 days."
    assert risk.health is Health.WATCH


@pytest.mark.parametrize(("started", "flagged"), [(90, False), (91, True)])
def test_no_assessment_since_the_start(started: int, flagged: bool) -> None:
    risk = assess(assessments=(), start=ago(started))
    assert (F.NO_ASSESSMENT in risk.flags) is flagged
    if flagged:
        assert reason(risk, F.NO_ASSESSMENT) == "No mentee assessment since the start 91 days ago."


def test_an_unscored_assessment_still_counts_as_an_assessment() -> None:
    risk = assess(assessments=(AssessmentFact(ago(200), 4.0), AssessmentFact(ago(10), None)))
    assert F.NO_ASSESSMENT not in risk.flags


def test_assessment_after_as_of_does_not_count() -> None:
    risk = assess(assessments=(AssessmentFact(ago(100), 4.0), AssessmentFact(ago(-1), 4.0)))
    assert reason(risk, F.NO_ASSESSMENT) == "No mentee assessment for 100 days."


# --- no_agreement -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "signed", "flagged"),
    [
        (MentorshipModel.FORMAL, None, True),
        (MentorshipModel.FORMAL, ago(100), False),
        (MentorshipModel.FORMAL, AS_OF, False),
        (MentorshipModel.FORMAL, ago(-1), True),  # signed only after the day asked about
        (MentorshipModel.INFORMAL, None, False),
        (MentorshipModel.PEER, None, False),
    ],
)
def test_no_agreement(model: MentorshipModel, signed: date | None, flagged: bool) -> None:
    risk = assess(model=model, agreement_signed=signed)
    assert (F.NO_AGREEMENT in risk.flags) is flagged
    if flagged:
        assert reason(risk, F.NO_AGREEMENT) == "Formal pair without a signed agreement."
        assert risk.health is Health.WATCH


# --- pairs that are not active ------------------------------------------------------------

TROUBLED = replace(
    HEALTHY,
    model=MentorshipModel.FORMAL,
    activities=(checkin(80, MISSED), checkin(70, CANCELLED)),
    assessments=(AssessmentFact(ago(300), 4.5), AssessmentFact(ago(200), 2.0)),
    conflicts=(conflict(100, ConflictKind.CONFLICT_OF_INTEREST, Severity.HIGH),),
    ethics=(EthicsFact(EthicsGuideline.BOUNDARIES, EthicsState.CONCERN, ago(50)),),
    in_management_chain=True,
)


def test_a_troubled_active_pair_raises_every_flag() -> None:
    risk = assess_pair(TROUBLED, AS_OF)
    assert risk.flags == tuple(RiskFlag)
    assert risk.health is Health.AT_RISK


@pytest.mark.parametrize(
    "status",
    [PairStatus.PROPOSED, PairStatus.PAUSED, PairStatus.COMPLETED, PairStatus.ENDED_EARLY],
)
def test_only_active_pairs_are_flagged(status: PairStatus) -> None:
    risk = assess_pair(replace(TROUBLED, status=status), AS_OF)
    assert risk.health is Health.HEALTHY
    assert risk.findings == ()
    assert risk.trust_score == 2.0
    assert risk.previous_score == 4.5
    assert risk.trust_level is TrustLevel.LOW
    assert risk.consistency.total == 2


def test_consistency_is_reported() -> None:
    risk = assess_pair(HEALTHY, AS_OF)
    assert risk.consistency.held == 4
    assert risk.consistency.held_checkins == 4
    assert risk.consistency.adherence == round(4 * 14 / 90, 4)


# --- health -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "health"),
    [
        ((), Health.HEALTHY),
        ((F.NO_AGREEMENT,), Health.WATCH),
        ((F.NO_AGREEMENT, F.OVERDUE_CHECKIN), Health.WATCH),
        ((F.NO_AGREEMENT, F.OVERDUE_CHECKIN, F.UNRELIABLE), Health.AT_RISK),
        ((F.NO_AGREEMENT, F.NO_AGREEMENT, F.UNRELIABLE), Health.WATCH),  # counted once
        ((F.LOW_TRUST,), Health.AT_RISK),
        ((F.FALLING_TRUST,), Health.AT_RISK),
        ((F.OPEN_CONFLICT,), Health.AT_RISK),
        ((F.ETHICS_CONCERN,), Health.AT_RISK),
        ((F.CONFLICT_OF_INTEREST,), Health.AT_RISK),
        ((F.ETHICS_GAP, F.NO_ASSESSMENT), Health.WATCH),
        ((F.ETHICS_GAP, F.LOW_TRUST), Health.AT_RISK),
    ],
)
def test_health_for(flags: tuple[RiskFlag, ...], health: Health) -> None:
    assert health_for(flags) is health
    assert health_for(Finding(flag, "why") for flag in flags) is health


def test_two_minor_flags_from_facts_are_watch_three_are_at_risk() -> None:
    two = assess(model=MentorshipModel.FORMAL, activities=(checkin(30),))
    assert set(two.flags) == {F.NO_AGREEMENT, F.OVERDUE_CHECKIN}
    assert two.health is Health.WATCH
    three = assess(
        model=MentorshipModel.FORMAL,
        activities=(checkin(30),),
        assessments=(AssessmentFact(ago(95), 4.5),),
    )
    assert set(three.flags) == {F.NO_AGREEMENT, F.OVERDUE_CHECKIN, F.NO_ASSESSMENT}
    assert three.health is Health.AT_RISK


# --- properties ---------------------------------------------------------------------------

future_days = st.integers(min_value=1, max_value=60).map(lambda d: AS_OF + timedelta(days=d))
future_activities = st.builds(
    ActivityFact,
    on=future_days,
    kind=st.sampled_from(list(ActivityKind)),
    outcome=st.sampled_from(list(ActivityOutcome)),
)
future_assessments = st.builds(
    AssessmentFact, on=future_days, overall=st.one_of(st.none(), st.sampled_from([1.0, 2.5, 5.0]))
)
future_conflicts = st.builds(
    ConflictFact,
    opened=future_days,
    kind=st.sampled_from(list(ConflictKind)),
    severity=st.sampled_from(list(Severity)),
)
future_reviews = st.builds(
    EthicsFact,
    guideline=st.sampled_from(list(EthicsGuideline)),
    state=st.sampled_from(list(EthicsState)),
    on=future_days,
)


@given(
    st.sampled_from([HEALTHY, TROUBLED]),
    st.lists(future_activities, max_size=5),
    st.lists(future_assessments, max_size=3),
    st.lists(future_conflicts, max_size=3),
    st.lists(future_reviews, max_size=5),
    st.sampled_from(list(ConflictStatus)),
)
def test_records_after_as_of_never_change_the_verdict(
    base: PairFacts,
    activities: list[ActivityFact],
    assessments: list[AssessmentFact],
    conflicts: list[ConflictFact],
    reviews_: list[EthicsFact],
    later_status: ConflictStatus,
) -> None:
    later_steps = tuple(
        replace(c, steps=((AS_OF + timedelta(days=1), later_status),)) for c in base.conflicts
    )
    changed = replace(
        base,
        activities=(*base.activities, *activities),
        assessments=(*base.assessments, *assessments),
        conflicts=(*later_steps, *conflicts),
        ethics=(*base.ethics, *reviews_),
    )
    assert assess_pair(changed, AS_OF) == assess_pair(base, AS_OF)


@given(st.sets(st.sampled_from(list(RiskFlag))))
def test_health_matches_the_rule(flags: set[RiskFlag]) -> None:
    majors = [flag for flag in flags if flag.weight.value == "major"]
    minors = len(flags) - len(majors)
    expected = (
        Health.HEALTHY if not flags else Health.AT_RISK if majors or minors >= 3 else Health.WATCH
    )
    assert health_for(flags) is expected


def test_an_escalated_conflict_keeps_the_pair_at_risk_and_says_so() -> None:
    steps = ((ago(8), ConflictStatus.IN_DIALOGUE), (ago(5), ConflictStatus.ESCALATED))
    risk = assess(conflicts=(conflict(10, severity=Severity.HIGH, steps=steps),))
    assert risk.flags == (F.OPEN_CONFLICT,)
    assert risk.findings[0].reason.endswith("(escalated, not yet resolved).")
    settled = (*steps, (ago(1), ConflictStatus.RESOLVED))
    assert assess(conflicts=(conflict(10, severity=Severity.HIGH, steps=settled),)).flags == ()


def test_adherence_on_a_pairs_first_day_is_too_new_not_zero() -> None:
    """DOMAIN.md: a pair younger than one cadence has no adherence yet (it was 0 %)."""
    facts = PairFacts(model=MentorshipModel.PEER, status=PairStatus.ACTIVE, start=AS_OF)
    risk = assess_pair(facts, AS_OF)
    assert risk.consistency.too_new
    assert risk.consistency.adherence is None
