"""Conflict status transitions, timelines and the status on a day."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.domain.conflicts import (
    BREACH_RESPONSE_STEPS,
    INITIAL_STATUS,
    TRANSITIONS,
    TransitionError,
    check_transition,
    next_statuses,
    status_after,
    status_on,
    validate_steps,
)
from mentordesk.domain.vocabularies import ConflictStatus

S = ConflictStatus
TERMINAL = {S.RESOLVED, S.CLOSED_UNRESOLVED}

ALLOWED = {
    (S.OPEN, S.IN_DIALOGUE), (S.OPEN, S.MEDIATION), (S.OPEN, S.RESOLVED),
    (S.OPEN, S.CLOSED_UNRESOLVED), (S.OPEN, S.ESCALATED),
    (S.IN_DIALOGUE, S.MEDIATION), (S.IN_DIALOGUE, S.RESOLVED),
    (S.IN_DIALOGUE, S.CLOSED_UNRESOLVED), (S.IN_DIALOGUE, S.ESCALATED),
    (S.MEDIATION, S.IN_DIALOGUE), (S.MEDIATION, S.RESOLVED),
    (S.MEDIATION, S.CLOSED_UNRESOLVED), (S.MEDIATION, S.ESCALATED),
    (S.RESOLVED, S.OPEN), (S.RESOLVED, S.IN_DIALOGUE),
    (S.CLOSED_UNRESOLVED, S.OPEN), (S.CLOSED_UNRESOLVED, S.IN_DIALOGUE),
    (S.ESCALATED, S.RESOLVED), (S.ESCALATED, S.CLOSED_UNRESOLVED),
    (S.ESCALATED, S.OPEN), (S.ESCALATED, S.IN_DIALOGUE),
}  # fmt: skip

ALL_PAIRS = list(product(ConflictStatus, repeat=2))


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS)
def test_transition_table(current: ConflictStatus, new: ConflictStatus) -> None:
    if (current, new) in ALLOWED:
        check_transition(current, new)
        assert new in next_statuses(current)
    else:
        with pytest.raises(TransitionError) as caught:
            check_transition(current, new)
        assert caught.value.current is current
        assert caught.value.new is new
        assert isinstance(caught.value, ValueError)
        assert new not in next_statuses(current)


def test_every_status_has_next_statuses() -> None:
    assert set(TRANSITIONS) == set(ConflictStatus)
    for status in ConflictStatus:
        assert status not in next_statuses(status)
        assert next_statuses(status)


def test_terminal_statuses_only_reopen() -> None:
    for status in TERMINAL:
        assert status.is_terminal
        assert next_statuses(status) == (S.OPEN, S.IN_DIALOGUE)


def test_escalated_is_not_settled_and_moves_on_when_the_escalation_ends() -> None:
    """DOMAIN.md: an escalated conflict moves on to resolved or closed unresolved."""
    assert not S.ESCALATED.is_terminal
    assert next_statuses(S.ESCALATED)[:2] == (S.RESOLVED, S.CLOSED_UNRESOLVED)
    validate_steps([(date(2027, 1, 2), S.ESCALATED), (date(2027, 2, 1), S.RESOLVED)])
    validate_steps([(date(2027, 1, 2), S.ESCALATED), (date(2027, 2, 1), S.CLOSED_UNRESOLVED)])


def test_accepts_plain_codes() -> None:
    check_transition("resolved", "open")  # type: ignore[arg-type]
    assert next_statuses("open") == TRANSITIONS[S.OPEN]  # type: ignore[arg-type]


def test_message_for_resolved_to_mediation() -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(S.RESOLVED, S.MEDIATION)
    assert str(caught.value) == (
        "A conflict that is resolved can be reopened or taken back into dialogue, "
        "not moved to mediation."
    )


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        (
            S.IN_DIALOGUE,
            S.OPEN,
            "A conflict that is in dialogue can be moved to mediation, marked resolved, "
            "closed unresolved or escalated, not reopened.",
        ),
        (
            S.MEDIATION,
            S.OPEN,
            "A conflict that is in mediation can be taken back into dialogue, marked resolved, "
            "closed unresolved or escalated, not reopened.",
        ),
        (
            S.CLOSED_UNRESOLVED,
            S.RESOLVED,
            "A conflict that is closed unresolved can be reopened or taken back into dialogue, "
            "not marked resolved.",
        ),
        (
            S.ESCALATED,
            S.MEDIATION,
            "A conflict that is escalated can be marked resolved, closed unresolved, "
            "reopened or taken back into dialogue, not moved to mediation.",
        ),
        (
            S.MEDIATION,
            S.MEDIATION,
            "The conflict is already in mediation; a step must change its status.",
        ),
        (S.OPEN, S.OPEN, "The conflict is already open; a step must change its status."),
    ],
)
def test_messages(current: ConflictStatus, new: ConflictStatus, message: str) -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(current, new)
    assert str(caught.value) == message


# --- timelines ------------------------------------------------------------------------

D1, D2, D3, D4 = date(2027, 3, 1), date(2027, 3, 8), date(2027, 3, 15), date(2027, 4, 1)


def test_status_after_no_steps_is_open() -> None:
    assert status_after([]) is S.OPEN
    assert INITIAL_STATUS is S.OPEN


def test_status_after_the_latest_step() -> None:
    steps = [(D1, S.IN_DIALOGUE), (D2, S.MEDIATION), (D3, S.RESOLVED)]
    assert status_after(steps) is S.RESOLVED


def test_status_after_takes_steps_by_date() -> None:
    steps = [(D3, S.RESOLVED), (D1, S.IN_DIALOGUE)]
    assert status_after(steps) is S.RESOLVED


def test_same_day_steps_keep_their_order() -> None:
    steps = [(D1, S.IN_DIALOGUE), (D2, S.RESOLVED), (D2, S.OPEN)]
    assert status_after(steps) is S.OPEN
    assert status_after([(D2, S.OPEN), (D2, S.RESOLVED)]) is S.RESOLVED


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 2, 28), S.OPEN),  # before any step
        (D1, S.IN_DIALOGUE),  # a step counts on its own day
        (date(2027, 3, 7), S.IN_DIALOGUE),
        (D2, S.MEDIATION),
        (date(2027, 3, 14), S.MEDIATION),
        (D3, S.RESOLVED),
        (date(2027, 3, 31), S.RESOLVED),
        (D4, S.IN_DIALOGUE),  # reopened
        (date(2030, 1, 1), S.IN_DIALOGUE),
    ],
)
def test_status_on(day: date, expected: ConflictStatus) -> None:
    steps = [(D1, S.IN_DIALOGUE), (D2, S.MEDIATION), (D3, S.RESOLVED), (D4, S.IN_DIALOGUE)]
    assert status_on(steps, day) is expected


def test_valid_timelines() -> None:
    validate_steps([])
    validate_steps([(D1, S.RESOLVED)])
    validate_steps(
        [
            (D1, S.IN_DIALOGUE),
            (D2, S.MEDIATION),
            (D2, S.IN_DIALOGUE),  # same day is fine
            (D3, S.CLOSED_UNRESOLVED),
            (D4, S.OPEN),
            (D4, S.ESCALATED),
        ],
        opened=D1,
    )


def test_first_step_cannot_be_open() -> None:
    with pytest.raises(TransitionError) as caught:
        validate_steps([(D1, S.OPEN)])
    assert str(caught.value) == (
        "step 1: The conflict is already open; a step must change its status."
    )
    assert caught.value.step == 1


def test_illegal_step_is_named_by_number() -> None:
    steps = [(D1, S.IN_DIALOGUE), (D2, S.RESOLVED), (D3, S.MEDIATION)]
    with pytest.raises(TransitionError) as caught:
        validate_steps(steps)
    assert str(caught.value) == (
        "step 3: A conflict that is resolved can be reopened or taken back into dialogue, "
        "not moved to mediation."
    )
    assert caught.value.step == 3
    assert caught.value.current is S.RESOLVED
    assert caught.value.new is S.MEDIATION


def test_dates_must_not_go_backwards() -> None:
    steps = [(D1, S.IN_DIALOGUE), (D3, S.MEDIATION), (D2, S.RESOLVED)]
    with pytest.raises(TransitionError) as caught:
        validate_steps(steps)
    assert str(caught.value) == "step 3: dated 2027-03-08, before step 2 (2027-03-15)."
    assert caught.value.step == 3


def test_steps_not_before_the_conflict_was_opened() -> None:
    validate_steps([(D2, S.IN_DIALOGUE)], opened=D2)
    with pytest.raises(TransitionError) as caught:
        validate_steps([(D1, S.IN_DIALOGUE)], opened=D2)
    assert str(caught.value) == (
        "step 1: dated 2027-03-01, before the day the conflict was opened (2027-03-08)."
    )


@given(st.lists(st.sampled_from(list(ConflictStatus)), max_size=12))
def test_validate_steps_agrees_with_the_table(statuses: list[ConflictStatus]) -> None:
    steps = [(D1, status) for status in statuses]
    legal = all(
        new in TRANSITIONS[current]
        for current, new in zip([S.OPEN, *statuses], statuses, strict=False)
    )
    if legal:
        validate_steps(steps)
        assert status_after(steps) is (statuses[-1] if statuses else S.OPEN)
    else:
        with pytest.raises(TransitionError, match=r"^step \d+: "):
            validate_steps(steps)


def test_breach_response_steps() -> None:
    labels = [label for label, _ in BREACH_RESPONSE_STEPS]
    assert len(BREACH_RESPONSE_STEPS) == 6
    assert labels[0].startswith("Acknowledge")
    assert "dialogue" in labels[1].lower()
    assert "root cause" in labels[2].lower()
    assert "mediation" in labels[3].lower() and "counselling" in labels[3].lower()
    assert "expectations" in labels[4].lower()
    assert labels[5].startswith("Follow up")
    for label, guidance in BREACH_RESPONSE_STEPS:
        assert label and guidance.endswith(".")
