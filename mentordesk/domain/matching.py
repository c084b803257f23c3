"""Suggesting mentors for a mentee, and assigning a whole cohort at once.

DOMAIN.md, "Matching": never the mentee, never someone in either's
management chain, only people who can mentor and have capacity left; rank by
shared skills and interests, and prefer another department (diverse
perspectives). For a whole cohort, an optimal assignment, not a greedy one.

The match score is a weighted sum of criteria (:class:`Weights`, which the
coordinator can set): each shared skill or interest (compared without regard
to case or surrounding spaces; MentorDesk keeps skills and interests as one
list of tags, so one weight covers both), another department when both are
known and differ, the same location, and the fit with the program's model.
By default a shared skill is worth ``SKILL_POINTS`` and another department
``OTHER_DEPARTMENT_POINTS``, less than one shared skill, so shared skills
count most; location and model count nothing until given a weight. Remaining
capacity only breaks ties.

The pairing rules themselves (own mentor, ability, places, management chain)
are :mod:`mentordesk.domain.pairs`; matching never proposes a mentor in either
person's management chain (DOMAIN.md, "Matching").

The whole-cohort assignment is :mod:`mentordesk.domain.cohort`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from mentordesk.domain.management import management_chain
from mentordesk.domain.pairs import PairPerson, mentor_problem, own_mentor_problem

SKILL_POINTS = 1.0
"""Points per skill or interest the mentee and mentor share."""

OTHER_DEPARTMENT_POINTS = 0.5
"""Bonus when the mentor works in another department: a different perspective."""

MAX_WEIGHT = 100.0
"""The largest weight a criterion may be given."""


@dataclass(frozen=True)
class Weights:
    """What each criterion is worth: per shared skill or interest, another department,
    the same location, a fit with the program's model. All zero or more."""

    skills: float = SKILL_POINTS
    department: float = OTHER_DEPARTMENT_POINTS
    location: float = 0.0
    model: float = 0.0

    #: The names a coordinator may use for each criterion (command line, plan files).
    NAMES: ClassVar[dict[str, str]] = {
        "skills": "skills",
        "skill": "skills",
        "interests": "skills",
        "interest": "skills",
        "department": "department",
        "other-department": "department",
        "other_department": "department",
        "location": "location",
        "same-location": "location",
        "same_location": "location",
        "model": "model",
    }

    def __post_init__(self) -> None:
        for name in ("skills", "department", "location", "model"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value <= MAX_WEIGHT:
                raise ValueError(
                    f"The weight of {name} must be a number from 0 to {MAX_WEIGHT:g}, "
                    f"not {value!r}."
                )

    @classmethod
    def parse(cls, settings: Mapping[str, float], base: Weights | None = None) -> Weights:
        """Weights from ``{"skills": 3, "department": 2}`` (other criteria keep ``base``'s).
        Raises ValueError with a sentence naming an unknown criterion."""
        values = {
            "skills": (base or cls()).skills,
            "department": (base or cls()).department,
            "location": (base or cls()).location,
            "model": (base or cls()).model,
        }
        for name, value in settings.items():
            field = cls.NAMES.get(name.strip().casefold())
            if field is None:
                raise ValueError(
                    f"'{name}' is not a criterion; weights are skills (or interests), "
                    "department, location and model."
                )
            values[field] = value
        return cls(**values)


DEFAULT_WEIGHTS = Weights()


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
    location: str | None = None
    #: How many managers are above them (0 at the top); None when not known.
    level: int | None = None

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
    location: str | None = None
    #: How many managers are above them (0 at the top); None when not known.
    level: int | None = None


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
    #: Tells two candidates of the same name apart.
    department: str | None = None

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


def _same_location(mentee: MenteeProfile, candidate: MentorCandidate) -> bool:
    mine, theirs = _department(mentee.location), _department(candidate.location)
    return mine is not None and mine == theirs


def model_fit(
    mentee: MenteeProfile, candidate: MentorCandidate, model: str | None
) -> str | None:
    """Why the two suit the program's mentorship model, or None when they do not.

    Peer-to-peer rests on a shared perspective: the same level in the
    organisation. Formal rests on structure: a mentor higher up than the mentee.
    Informal grows from shared interests: at least one in common.
    """
    if model == "peer":
        if mentee.level is not None and mentee.level == candidate.level:
            return "Peer-to-peer: at the same level in the organisation."
    elif model == "formal":
        mine, theirs = mentee.level, candidate.level
        if mine is not None and theirs is not None and theirs < mine:
            return "Formal: sits higher in the organisation than the mentee."
    elif model == "informal" and _shared_skills(mentee, candidate):
        return "Informal: a shared interest to build on."
    return None


def match_score(
    mentee: MenteeProfile,
    candidate: MentorCandidate,
    weights: Weights | None = None,
    model: str | None = None,
) -> float:
    """How well ``candidate`` fits ``mentee``, ignoring eligibility.

    ``weights.skills`` per shared skill or interest (case-insensitive), plus
    ``weights.department`` when both departments are known and differ, plus
    ``weights.location`` when both work in the same place, plus
    ``weights.model`` when they suit the program's ``model`` (:func:`model_fit`).
    """
    weights = weights or DEFAULT_WEIGHTS
    score = weights.skills * len(_shared_skills(mentee, candidate))
    if _other_department(mentee, candidate):
        score += weights.department
    if _same_location(mentee, candidate):
        score += weights.location
    if model_fit(mentee, candidate, model) is not None:
        score += weights.model
    return score


def criteria(
    mentee: MenteeProfile,
    candidate: MentorCandidate,
    weights: Weights | None = None,
    model: str | None = None,
) -> tuple[str, ...]:
    """The criteria that scored for this pair, each with its points, as sentences."""
    weights = weights or DEFAULT_WEIGHTS
    found = []
    shared = _shared_skills(mentee, candidate)
    if shared and weights.skills:
        noun = "skill or interest" if len(shared) == 1 else "skills or interests"
        points = weights.skills * len(shared)
        found.append(f"Shares {len(shared)} {noun}: {', '.join(shared)} (+{points:g}).")
    if _other_department(mentee, candidate) and weights.department:
        found.append(f"Another department ({candidate.department}) (+{weights.department:g}).")
    if _same_location(mentee, candidate) and weights.location:
        found.append(f"Same location ({candidate.location}) (+{weights.location:g}).")
    fit = model_fit(mentee, candidate, model)
    if fit is not None and weights.model:
        found.append(f"{fit[:-1]} (+{weights.model:g}).")
    return tuple(found)


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
    if own_mentor_problem(_as_pair_person(candidate), PairPerson(mentee.person_id, "")):
        return "This is the mentee; nobody mentors themselves."
    if candidate.person_id in management_chain(mentee.person_id, managers):
        return "Is in the mentee's management chain (manages them directly or further up)."
    if mentee.person_id in management_chain(candidate.person_id, managers):
        return "The mentee is in their management chain (they report to the mentee)."
    # The mentor's ability and places are the pairing rules' (domain.pairs); the wording
    # here speaks of the candidate in a list of candidates.
    problem = mentor_problem(_as_pair_person(candidate), candidate.current_mentees)
    if problem is None:
        return None
    if not candidate.can_mentor:
        return "Is not marked as able to mentor."
    if not candidate.active:
        return "Has left the organisation."
    return (
        f"No capacity left: already mentors {candidate.current_mentees} "
        f"of {candidate.capacity}."
    )


def _as_pair_person(candidate: MentorCandidate) -> PairPerson[int]:
    return PairPerson(
        candidate.person_id,
        candidate.name,
        candidate.can_mentor,
        candidate.active,
        candidate.capacity,
    )


def suggest_mentors(
    mentee: MenteeProfile,
    candidates: Sequence[MentorCandidate],
    managers: Mapping[int, int | None],
    weights: Weights | None = None,
    model: str | None = None,
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
            score=match_score(mentee, candidate, weights, model),
            reasons=_reasons(mentee, candidate),
            excluded=exclusion(mentee, candidate, managers),
            department=candidate.department,
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
    weights: Weights | None = None,
) -> list[tuple[int, int | None]]:
    """An optimal mentor for each mentee of a cohort, within every mentor's capacity.

    Returns ``(mentee id, mentor id or None)`` in the order the mentees were
    given: as many mentees as possible get a mentor, and among those plans the
    total match score is the highest. See :class:`mentordesk.domain.cohort.Cohort`
    for the options (other department only, pairs kept apart, locked pairs) and
    the reasons.
    """
    from mentordesk.domain.cohort import Cohort

    plan = Cohort(mentees, candidates, managers, weights or DEFAULT_WEIGHTS).solve()
    return plan.assignment()
