"""Suggesting mentors for a mentee, and assigning a whole cohort at once.

DOMAIN.md, "Matching": never the mentee, never someone in either's
management chain, only people who can mentor and have capacity left; rank by
shared skills and interests, and prefer another department (diverse
perspectives). For a whole cohort, an optimal assignment, not a greedy one.

The match score is ``SKILL_POINTS`` per shared skill or interest (compared
without regard to case or surrounding spaces) plus ``OTHER_DEPARTMENT_POINTS``
when both departments are known and differ. A department bonus is worth less
than one shared skill, so shared skills always count most; remaining capacity
only breaks ties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from mentordesk.domain.management import management_chain

SKILL_POINTS = 1.0
"""Points per skill or interest the mentee and mentor share."""

OTHER_DEPARTMENT_POINTS = 0.5
"""Bonus when the mentor works in another department: a different perspective."""


@dataclass(frozen=True)
class MentorCandidate:
    """A person who might mentor: their skills, department and how many mentees they take."""

    person_id: int
    name: str
    department: str | None
    skills: frozenset[str]
    can_mentor: bool
    active: bool
    capacity: int
    current_mentees: int

    @property
    def remaining_capacity(self) -> int:
        """How many more mentees this person can take (never below zero)."""
        return max(0, self.capacity - self.current_mentees)


@dataclass(frozen=True)
class MenteeProfile:
    """The mentee looking for a mentor."""

    person_id: int
    name: str
    department: str | None
    skills: frozenset[str]


@dataclass(frozen=True)
class Suggestion:
    """One candidate for one mentee: the match score, why, and why not (if excluded).

    ``excluded`` is None for an eligible mentor, else the sentence saying why
    they cannot mentor this mentee. Excluded candidates still carry their score
    and reasons so the coordinator can see what they would have brought.
    """

    person_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    excluded: str | None

    @property
    def eligible(self) -> bool:
        """Whether this candidate may mentor the mentee."""
        return self.excluded is None


def _tag(text: str) -> str:
    return text.strip().casefold()


def _department(department: str | None) -> str | None:
    if department is None or not department.strip():
        return None
    return _tag(department)


def _shared_skills(mentee: MenteeProfile, candidate: MentorCandidate) -> list[str]:
    """The shared skills, spelt as the mentee's profile spells them, in alphabetical order."""
    theirs = {_tag(skill) for skill in candidate.skills}
    shared = {_tag(skill): skill.strip() for skill in mentee.skills if _tag(skill) in theirs}
    return sorted(shared.values(), key=lambda skill: (_tag(skill), skill))


def _other_department(mentee: MenteeProfile, candidate: MentorCandidate) -> bool:
    mine, theirs = _department(mentee.department), _department(candidate.department)
    return mine is not None and theirs is not None and mine != theirs


def match_score(mentee: MenteeProfile, candidate: MentorCandidate) -> float:
    """How well ``candidate`` fits ``mentee``, ignoring eligibility.

    ``SKILL_POINTS`` per shared skill or interest (case-insensitive) plus
    ``OTHER_DEPARTMENT_POINTS`` when both departments are known and differ.
    """
    score = SKILL_POINTS * len(_shared_skills(mentee, candidate))
    if _other_department(mentee, candidate):
        score += OTHER_DEPARTMENT_POINTS
    return score


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _reasons(mentee: MenteeProfile, candidate: MentorCandidate) -> tuple[str, ...]:
    reasons = []
    shared = _shared_skills(mentee, candidate)
    if shared:
        noun = "skill or interest" if len(shared) == 1 else "skills or interests"
        reasons.append(f"Shares {len(shared)} {noun}: {', '.join(shared)}.")
    else:
        reasons.append("No shared skills or interests.")
    if _other_department(mentee, candidate):
        reasons.append(
            f"Works in another department ({candidate.department}): a different perspective."
        )
    remaining = candidate.remaining_capacity
    if remaining:
        reasons.append(
            f"Room for {_plural(remaining, 'more mentee')} "
            f"({candidate.current_mentees} of {candidate.capacity} taken)."
        )
    return tuple(reasons)


def exclusion(
    mentee: MenteeProfile, candidate: MentorCandidate, managers: Mapping[int, int | None]
) -> str | None:
    """Why ``candidate`` cannot mentor ``mentee``, or None when they can.

    Checked in this order: the candidate is the mentee; either is in the
    other's management chain; the candidate cannot mentor; has left; has no
    capacity left.
    """
    if candidate.person_id == mentee.person_id:
        return "This is the mentee; nobody mentors themselves."
    if candidate.person_id in management_chain(mentee.person_id, managers):
        return "Is in the mentee's management chain (manages them directly or further up)."
    if mentee.person_id in management_chain(candidate.person_id, managers):
        return "The mentee is in their management chain (they report to the mentee)."
    if not candidate.can_mentor:
        return "Is not marked as able to mentor."
    if not candidate.active:
        return "Has left the organisation."
    if candidate.remaining_capacity <= 0:
        return (
            f"No capacity left: already mentors {candidate.current_mentees} "
            f"of {candidate.capacity}."
        )
    return None


def suggest_mentors(
    mentee: MenteeProfile,
    candidates: Sequence[MentorCandidate],
    managers: Mapping[int, int | None],
) -> list[Suggestion]:
    """Every candidate for ``mentee``: the eligible ones best first, then the excluded ones.

    Eligible mentors are ranked by match score, then by remaining capacity
    (more room first), then by name. Excluded candidates follow in name order,
    each with the sentence that says why not. ``managers`` maps person id to
    manager id for the management-chain rule.
    """
    eligible: list[tuple[Suggestion, int]] = []
    excluded: list[Suggestion] = []
    for candidate in candidates:
        suggestion = Suggestion(
            person_id=candidate.person_id,
            name=candidate.name,
            score=match_score(mentee, candidate),
            reasons=_reasons(mentee, candidate),
            excluded=exclusion(mentee, candidate, managers),
        )
        if suggestion.excluded is None:
            eligible.append((suggestion, candidate.remaining_capacity))
        else:
            excluded.append(suggestion)
    eligible.sort(
        key=lambda item: (-item[0].score, -item[1], _tag(item[0].name), item[0].person_id)
    )
    excluded.sort(key=lambda s: (_tag(s.name), s.person_id))
    return [suggestion for suggestion, _ in eligible] + excluded


def assign_cohort(
    mentees: Sequence[MenteeProfile],
    candidates: Sequence[MentorCandidate],
    managers: Mapping[int, int | None],
) -> list[tuple[int, int | None]]:
    """An optimal mentor for each mentee of a cohort, within every mentor's capacity.

    Returns ``(mentee id, mentor id or None)`` in the order the mentees were
    given. The assignment first gives a mentor to as many mentees as possible,
    and among those assignments maximises the total match score (solved
    exactly with the Hungarian method, each mentor's column repeated once per
    free place). Ineligible pairs are never made; a mentee for whom no eligible
    mentor has room gets None.
    """
    if not mentees:
        return []
    slots: list[int] = []  # candidate index per column
    for index, candidate in enumerate(candidates):
        slots.extend([index] * min(candidate.remaining_capacity, len(mentees)))

    scores = np.zeros((len(mentees), len(slots)))
    allowed = np.zeros((len(mentees), len(slots)), dtype=bool)
    for row, mentee in enumerate(mentees):
        for column, index in enumerate(slots):
            candidate = candidates[index]
            if exclusion(mentee, candidate, managers) is None:
                allowed[row, column] = True
                scores[row, column] = match_score(mentee, candidate)

    # Each match is worth more than any total of scores, so the count of matched
    # mentees comes first and the total score second. One "no mentor" column per
    # mentee (worth 0) keeps every forbidden pair out of the optimum.
    per_match = 1.0 + float(scores.max(initial=0.0)) * len(mentees)
    forbidden = -per_match * (len(mentees) + 1)
    weights = np.full((len(mentees), len(slots) + len(mentees)), 0.0)
    weights[:, : len(slots)] = np.where(allowed, scores + per_match, forbidden)

    rows, columns = linear_sum_assignment(weights, maximize=True)
    assignment: dict[int, int | None] = {row: None for row in range(len(mentees))}
    for row, column in zip(rows, columns, strict=True):
        if column < len(slots) and allowed[row, column]:
            assignment[row] = candidates[slots[column]].person_id
    return [(mentee.person_id, assignment[row]) for row, mentee in enumerate(mentees)]
