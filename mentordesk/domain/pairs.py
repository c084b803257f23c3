"""The pairing rules, written once (DOMAIN.md, "Pairing rules").

- A person is never their own mentor.
- A mentee has at most one proposed-or-active pair per program.
- The mentor of a proposed or active pair can mentor and is still with the
  company, and the mentee is still with the company; proposed and active
  pairs both use one of the mentor's places (``capacity``, across programs).
- A mentor in either person's management chain needs a written disclosure,
  recorded as a conflict of kind ``conflict_of_interest`` (the risk flag stays).

The window (``services.roster``), the roster import (``importing.pairs``), the
program-file import (``program_file.checks``) and cohort matching
(``domain.matching``) all ask these functions; none keeps a copy.

Decisions where the three former copies disagreed:

- *When the people are checked.* The form checked the mentor's ability only
  when a pair became active, the roster import also when it became proposed,
  the program-file import never. Decided: whenever a pair **becomes** proposed
  or active (a new pair, or a status change into one of them, proposed →
  active included), since DOMAIN.md
  says "the mentor of a proposed or active pair can mentor". An edit that
  keeps the status does not re-check the people, so a pair whose mentor has
  since left can still have its notes corrected.
- *One pair per mentee.* The three copies counted only active pairs; DOMAIN.md
  counts proposed ones too, so a second proposal for the same mentee in the
  same program is refused everywhere.
- *Capacity.* No copy checked it; now a pair becoming proposed or active needs
  a free place with its mentor (the pair itself not counted).
- *Management chain.* The form and the imports accepted it silently; now it
  needs a written disclosure (the form's disclosure box, the roster file's
  ``disclosure`` column, a ``conflict_of_interest`` conflict of the pair in a
  program file). Cohort matching never proposes such a pair at all.

Everything here is pure: plain values in, sentences out.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from mentordesk.domain.management import management_chain
from mentordesk.domain.vocabularies import PairStatus

K = TypeVar("K", bound=Hashable)

TAKING_A_PLACE = frozenset({PairStatus.PROPOSED, PairStatus.ACTIVE})
"""Statuses under which a pair uses one of the mentor's places and the mentee's one slot
in the program; the people rules apply to a pair entering one of them."""


@dataclass(frozen=True)
class PairPerson(Generic[K]):
    """One of the two people of a pair, as the rules need them."""

    key: K
    name: str
    can_mentor: bool = False
    active: bool = True
    capacity: int = 0


@dataclass(frozen=True)
class PairProblem:
    """One broken rule: the field it concerns (mentor, mentee or disclosure) and why."""

    field: str
    sentence: str


def becomes_placed(status: PairStatus, before: PairStatus | None) -> bool:
    """Whether a pair saved with ``status`` (``before`` None: a new pair) enters proposed
    or active, from no status or another one (proposed → active included): the moment
    the people rules are checked."""
    return status in TAKING_A_PLACE and status is not before


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def chain_relation(
    mentor: PairPerson[K], mentee: PairPerson[K], managers: Mapping[K, K | None]
) -> str | None:
    """How the two are linked by reporting lines, as a sentence, or None when they are not.

    "Ana García manages José Müller" (direct), "Ana García manages José Müller's
    manager" (one level between), and the other way round when the mentee is
    above the mentor.
    """
    for above, below in ((mentor, mentee), (mentee, mentor)):
        chain = management_chain(below.key, managers)
        if above.key in chain:
            steps = chain.index(above.key)
            whom = below.name if steps == 0 else _possessive(below.name) + " manager"
            whom += "'s manager" * max(0, steps - 1)
            return f"{above.name} manages {whom}"
    return None


def disclosure_needed(relation: str) -> str:
    """The sentence asking for a written disclosure of a management-chain pairing."""
    return (
        f"{relation}: a mentor in the mentee's management chain needs a written disclosure "
        "of this conflict of interest."
    )


def own_mentor_problem(mentor: PairPerson[K], mentee: PairPerson[K]) -> PairProblem | None:
    """Nobody mentors themselves."""
    if mentor.key == mentee.key:
        return PairProblem("mentee", f"{mentor.name} cannot be their own mentor.")
    return None


def mentor_problem(mentor: PairPerson[K], places_taken: int) -> PairProblem | None:
    """Can ``mentor`` take one more mentee? ``places_taken`` counts their other proposed
    and active pairs, in every program."""
    if not mentor.can_mentor:
        return PairProblem("mentor", f"{mentor.name} is not marked as able to mentor.")
    if not mentor.active:
        return PairProblem("mentor", f"{mentor.name} has left the company and cannot mentor.")
    if places_taken >= mentor.capacity:
        return PairProblem(
            "mentor",
            f"{mentor.name} has no place left: {places_taken} of {mentor.capacity} taken "
            "(proposed and active pairs both count).",
        )
    return None


def mentee_problem(
    mentee: PairPerson[K], other_pair_with: str | None, program: str = "this program"
) -> PairProblem | None:
    """Can ``mentee`` have this pair? ``other_pair_with`` names the mentor of their other
    proposed or active pair in the same program, if any."""
    if not mentee.active:
        return PairProblem("mentee", f"{mentee.name} has left the company and cannot be mentored.")
    if other_pair_with is not None:
        return PairProblem(
            "mentee",
            f"{mentee.name} already has a proposed or active pair in {program} "
            f"({other_pair_with}); a mentee has at most one.",
        )
    return None


def pair_problems(
    mentor: PairPerson[K],
    mentee: PairPerson[K],
    status: PairStatus,
    *,
    before: PairStatus | None = None,
    places_taken: int = 0,
    other_pair_with: str | None = None,
    managers: Mapping[K, K | None] | None = None,
    disclosed: bool = False,
    program: str = "this program",
) -> list[PairProblem]:
    """Every pairing rule a pair breaks when saved with ``status``, in the order a
    coordinator would fix them; empty when it may be saved.

    ``before`` is the pair's status until now (None for a new pair): the people,
    the capacity, the one-pair rule and the management chain are checked only when
    the pair becomes proposed or active (see the module's decisions).
    ``places_taken`` counts the mentor's *other* proposed and active pairs;
    ``other_pair_with`` names the mentor of the mentee's other proposed or active
    pair in the program; ``disclosed`` says a written disclosure is given or a
    ``conflict_of_interest`` conflict is already recorded for the pair.
    """
    problems: list[PairProblem] = []
    own = own_mentor_problem(mentor, mentee)
    if own is not None:
        return [own]
    if not becomes_placed(status, before):
        return problems
    for problem in (
        mentor_problem(mentor, places_taken),
        mentee_problem(mentee, other_pair_with, program),
    ):
        if problem is not None:
            problems.append(problem)
    relation = chain_relation(mentor, mentee, managers or {})
    if relation is not None and not disclosed:
        problems.append(PairProblem("disclosure", disclosure_needed(relation)))
    return problems
