"""The conflict log's status rules: which step may follow which, and the status on a day.

A conflict starts ``open``. Every status change is a dated step, so the entry
reads as a timeline: open → in dialogue → mediation → resolved, closed
unresolved or escalated. Dialogue and mediation may alternate, any live status
may end or escalate the conflict, and an ended conflict may be reopened or taken
back into dialogue when it flares up again. Escalated is not an ending: when the
escalation ends the conflict moves on to resolved or closed unresolved (or back
into dialogue). A step never "changes" to the same status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

from mentordesk.domain.vocabularies import ConflictStatus

S = ConflictStatus

_SETTLINGS = (S.RESOLVED, S.CLOSED_UNRESOLVED)
_ENDINGS = (*_SETTLINGS, S.ESCALATED)
_REOPENINGS = (S.OPEN, S.IN_DIALOGUE)

TRANSITIONS: Mapping[ConflictStatus, tuple[ConflictStatus, ...]] = MappingProxyType(
    {
        S.OPEN: (S.IN_DIALOGUE, S.MEDIATION, *_ENDINGS),
        S.IN_DIALOGUE: (S.MEDIATION, *_ENDINGS),
        S.MEDIATION: (S.IN_DIALOGUE, *_ENDINGS),
        S.RESOLVED: _REOPENINGS,
        S.CLOSED_UNRESOLVED: _REOPENINGS,
        # Escalated is not settled: the escalation ends resolved or closed unresolved.
        S.ESCALATED: (*_SETTLINGS, *_REOPENINGS),
    }
)
"""For each status, the statuses the next step may move the conflict to, in display order."""

INITIAL_STATUS = S.OPEN
"""The status of a conflict before any step is recorded."""

BREACH_RESPONSE_STEPS: tuple[tuple[str, str], ...] = (
    (
        "Acknowledge it",
        "Name the breach openly and promptly with both people; do not minimise or ignore it.",
    ),
    (
        "Open, honest dialogue",
        "Give each person room to say what happened and how it affected them; listen actively "
        "and without blame.",
    ),
    (
        "Find the root cause",
        "Look past the incident to why it happened: unclear expectations, pressure, a "
        "misunderstanding or a conflict of interest.",
    ),
    (
        "Mediation or counselling if needed",
        "When the two cannot rebuild trust on their own, bring in a neutral mediator or "
        "counselling support.",
    ),
    (
        "Adjust expectations",
        "Agree on what changes: boundaries, confidentiality, roles, meeting rhythm; record it "
        "in the pair's expectations.",
    ),
    (
        "Follow up",
        "Check in after a few weeks to confirm the changes hold and trust is recovering; "
        "reassess trust if needed.",
    ),
)
"""The steps of a good breach response, as (short label, guidance) in the order to take them."""

# "A conflict that is <state> …"
_STATE = {
    S.OPEN: "open",
    S.IN_DIALOGUE: "in dialogue",
    S.MEDIATION: "in mediation",
    S.RESOLVED: "resolved",
    S.CLOSED_UNRESOLVED: "closed unresolved",
    S.ESCALATED: "escalated",
}

# "… can be <done>, not <done>."
_DONE = {
    S.OPEN: "reopened",
    S.IN_DIALOGUE: "taken back into dialogue",
    S.MEDIATION: "moved to mediation",
    S.RESOLVED: "marked resolved",
    S.CLOSED_UNRESOLVED: "closed unresolved",
    S.ESCALATED: "escalated",
}


class TransitionError(ValueError):
    """A conflict step that is not allowed, with a sentence a coordinator understands.

    ``current`` and ``new`` are the statuses involved when the problem is the
    move itself; ``step`` is the 1-based step number when raised by
    :func:`validate_steps`.
    """

    def __init__(
        self,
        message: str,
        *,
        current: ConflictStatus | None = None,
        new: ConflictStatus | None = None,
        step: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.current = current
        self.new = new
        self.step = step


def _done(current: ConflictStatus, new: ConflictStatus) -> str:
    if new is S.IN_DIALOGUE and current is S.OPEN:
        return "taken into dialogue"
    return _DONE[new]


def _join_or(phrases: Sequence[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} or {phrases[-1]}"


def next_statuses(current: ConflictStatus) -> tuple[ConflictStatus, ...]:
    """The statuses a conflict in ``current`` may move to next, in display order."""
    return TRANSITIONS[ConflictStatus(current)]


def check_transition(current: ConflictStatus, new: ConflictStatus) -> None:
    """Raise :class:`TransitionError` unless a conflict may move from ``current`` to ``new``.

    The message says what is possible instead, e.g. "A conflict that is
    resolved can be reopened or taken back into dialogue, not moved to
    mediation."
    """
    current, new = ConflictStatus(current), ConflictStatus(new)
    if new in TRANSITIONS[current]:
        return
    if new is current:
        message = f"The conflict is already {_STATE[current]}; a step must change its status."
    else:
        allowed = _join_or([_done(current, status) for status in TRANSITIONS[current]])
        message = (
            f"A conflict that is {_STATE[current]} can be {allowed}, not {_done(current, new)}."
        )
    raise TransitionError(message, current=current, new=new)


def _in_date_order(
    steps: Sequence[tuple[date, ConflictStatus]],
) -> list[tuple[date, ConflictStatus]]:
    # sorted() is stable: steps recorded on the same day keep their recorded order.
    return sorted(steps, key=lambda step: step[0])


def status_after(steps: Sequence[tuple[date, ConflictStatus]]) -> ConflictStatus:
    """The status a conflict has after its steps: that of the latest one, ``open`` if none.

    Steps are taken by date; steps on the same day count in the order given.
    """
    if not steps:
        return INITIAL_STATUS
    return ConflictStatus(_in_date_order(steps)[-1][1])


def status_on(steps: Sequence[tuple[date, ConflictStatus]], day: date) -> ConflictStatus:
    """The status a conflict had at the end of ``day``: only steps dated on or before it count."""
    return status_after([step for step in steps if step[0] <= day])


def validate_steps(
    steps: Sequence[tuple[date, ConflictStatus]], *, opened: date | None = None
) -> None:
    """Check a conflict's timeline; raise :class:`TransitionError` at the first bad step.

    Each step must be dated no earlier than the one before it (and, when
    ``opened`` is given, no earlier than the day the conflict was opened), and
    must be an allowed move from the status before it, starting from ``open``.
    Steps are numbered from 1 in the message: "step 3: A conflict that is
    resolved can be reopened or taken back into dialogue, not moved to
    mediation."
    """
    status = INITIAL_STATUS
    previous_day = opened
    for number, (day, new) in enumerate(steps, start=1):
        if previous_day is not None and day < previous_day:
            before = f"step {number - 1}" if number > 1 else "the day the conflict was opened"
            raise TransitionError(
                f"step {number}: dated {day.isoformat()}, before {before} "
                f"({previous_day.isoformat()}).",
                step=number,
            )
        try:
            check_transition(status, new)
        except TransitionError as error:
            raise TransitionError(
                f"step {number}: {error.message}", current=status, new=error.new, step=number
            ) from None
        status = ConflictStatus(new)
        previous_day = day
