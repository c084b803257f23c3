"""Cohort matching: the optimal plan under weights and rules, locks, swaps and reasons."""

from __future__ import annotations

from collections import Counter
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentordesk.domain.cohort import Cohort, CohortProblem
from mentordesk.domain.management import management_chain
from mentordesk.domain.matching import (
    MenteeProfile,
    MentorCandidate,
    Weights,
    match_score,
    suggest_mentors,
)


def mentor(
    person_id: int,
    name: str,
    skills: set[str] | frozenset[str] = frozenset(),
    department: str | None = "Sales",
    *,
    capacity: int = 1,
    current: int = 0,
    location: str | None = None,
    level: int | None = None,
    can_mentor: bool = True,
    active: bool = True,
) -> MentorCandidate:
    return MentorCandidate(
        person_id,
        name,
        department,
        frozenset(skills),
        can_mentor,
        active,
        capacity,
        current,
        location,
        level,
    )


def mentee(
    person_id: int,
    name: str,
    skills: set[str] | frozenset[str] = frozenset(),
    department: str | None = "Sales",
    *,
    location: str | None = None,
    level: int | None = None,
) -> MenteeProfile:
    return MenteeProfile(person_id, name, department, frozenset(skills), location, level)


# --- fixed cases --------------------------------------------------------------------------


def test_the_greedy_trap_matches_everyone() -> None:
    """Going down the list giving each mentee their best mentor leaves the last one out;
    the plan matches all three."""
    mentees = [
        mentee(1, "Ada", {"python", "sql", "design"}),
        mentee(2, "Bea", {"python", "sql"}),
        mentee(3, "Cy", {"python"}),
    ]
    mentors = [
        mentor(10, "Max", {"python", "sql", "design"}),
        mentor(11, "Noa", {"python", "sql"}),
        mentor(12, "Ola", {"golf"}),
    ]
    # Cy's manager is Ola, so Cy can only have Max or Noa.
    managers: dict[int, int | None] = {3: 12}
    greedy: dict[int, int] = {}
    for person in mentees:
        for suggestion in suggest_mentors(person, mentors, managers):
            if suggestion.eligible and suggestion.person_id not in greedy.values():
                greedy[person.person_id] = suggestion.person_id
                break
    assert 3 not in greedy  # the trap
    plan = Cohort(mentees, mentors, managers).solve()
    assert plan.matched == 3
    assert plan.unmatched == ()
    assert dict(plan.assignment())[3] in (10, 11)


def test_reasons_name_the_criteria_that_scored() -> None:
    weights = Weights(skills=2, department=1, location=0.5, model=1)
    cohort = Cohort(
        [mentee(1, "Ada", {"Python", "golf"}, "Sales", location="Lisbon", level=3)],
        [mentor(10, "Max", {"python"}, "Finance", location="lisbon ", level=1)],
        {},
        weights,
        model="formal",
    )
    plan = cohort.solve()
    (pair,) = plan.pairs
    assert pair.score == 2 + 1 + 0.5 + 1
    assert pair.reasons == (
        "Shares 1 skill or interest: Python (+2).",
        "Another department (Finance) (+1).",
        "Same location (lisbon ) (+0.5).",
        "Formal: sits higher in the organisation than the mentee (+1).",
    )
    assert plan.total_score == pytest.approx(4.5)


def test_an_unmatched_mentee_is_told_why() -> None:
    mentees = [
        mentee(1, "Ada", {"python"}),
        mentee(2, "Bea", {"python"}),
        mentee(3, "Cy", {"python"}, "Finance"),
    ]
    mentors = [mentor(10, "Max", {"python"}, "Finance", capacity=2, current=1)]
    cohort = Cohort(mentees, mentors, {}, other_department_only=True)
    plan = cohort.solve()
    assert plan.matched == 1
    reasons = {u.mentee_name: u.reason for u in plan.unmatched}
    assert reasons["Cy"] == (
        "No eligible mentor (1 mentor: works in the same department (another department only))."
    )
    assert reasons[next(n for n in ("Ada", "Bea") if n in reasons)].startswith(
        "The eligible mentors are full: Max (2 of 2 taken)."
    )


def test_keep_apart_and_locks_hold_and_the_rest_is_planned_around_them() -> None:
    mentees = [mentee(1, "Ada", {"python"}), mentee(2, "Bea", {"python", "sql"})]
    mentors = [mentor(10, "Max", {"python", "sql"}), mentor(11, "Noa", {"python"})]
    free = Cohort(mentees, mentors, {}).solve()
    assert dict(free.assignment()) == {1: 11, 2: 10}
    apart = Cohort(mentees, mentors, {}, keep_apart=[(2, 10)]).solve()
    assert dict(apart.assignment()) == {1: 10, 2: 11}
    cohort = Cohort(mentees, mentors, {})
    locked = cohort.solve({1: 10})
    assert dict(locked.assignment()) == {1: 10, 2: 11}
    assert [p.locked for p in locked.pairs] == [True, False]
    with pytest.raises(CohortProblem, match="Max has no place left"):
        Cohort([*mentees, mentee(3, "Cy")], mentors, {}).solve({1: 10, 3: 10})
    with pytest.raises(CohortProblem, match="kept apart"):
        Cohort(mentees, mentors, {}, keep_apart=[(2, 10)]).solve({2: 10})


def test_a_swap_takes_an_eligible_mentor_with_a_place_and_locks_the_pair() -> None:
    mentees = [mentee(1, "Ada", {"python"}), mentee(2, "Bea", {"python"})]
    mentors = [mentor(10, "Max", {"python"}), mentor(11, "Noa"), mentor(12, "Ola")]
    cohort = Cohort(mentees, mentors, {2: 12})
    plan = cohort.solve()
    choices = cohort.choices(1, plan)
    assert choices[0].name == "Max"
    assert {c.name for c in cohort.choices(2, plan)} == {"Max", "Noa"}  # Ola manages Bea
    other = next(c.mentor_id for c in choices if c.places_left > 0 and c.mentor_id != 10)
    swapped = cohort.with_mentor(plan, 1, other)
    assert swapped.mentor_of(1) == other
    assert next(p for p in swapped.pairs if p.mentee_id == 1).locked
    taken = swapped.mentor_of(2)
    assert taken is not None
    with pytest.raises(CohortProblem, match="no place left in this plan"):
        cohort.with_mentor(swapped, 1, taken)
    with pytest.raises(CohortProblem, match="management chain"):
        cohort.with_mentor(plan, 2, 12)


def test_weights_are_parsed_by_name() -> None:
    weights = Weights.parse({"skills": 3, "Other-Department": 2, "interests": 4})
    assert (weights.skills, weights.department, weights.location) == (4, 2, 0)
    with pytest.raises(ValueError, match="'age' is not a criterion"):
        Weights.parse({"age": 1})
    with pytest.raises(ValueError, match="from 0 to 100"):
        Weights(skills=-1)


# --- properties ---------------------------------------------------------------------------

SKILLS = ["python", "sql", "design", "sales"]
skill_sets = st.sets(st.sampled_from(SKILLS), max_size=3)
departments = st.sampled_from([None, "Sales", "Finance"])
locations = st.sampled_from([None, "Lisbon", "Oslo"])
levels = st.one_of(st.none(), st.integers(0, 3))
weight_values = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    n_mentees = draw(st.integers(1, 4))
    n_mentors = draw(st.integers(0, 3))
    mentees = [
        mentee(
            i,
            f"E{i}",
            draw(skill_sets),
            draw(departments),
            location=draw(locations),
            level=draw(levels),
        )
        for i in range(1, n_mentees + 1)
    ]
    mentors = [
        mentor(
            100 + j,
            f"R{j}",
            draw(skill_sets),
            draw(departments),
            capacity=draw(st.integers(0, 2)),
            current=draw(st.integers(0, 1)),
            location=draw(locations),
            level=draw(levels),
            can_mentor=draw(st.booleans()),
            active=draw(st.booleans()),
        )
        for j in range(n_mentors)
    ]
    people = [m.person_id for m in mentees] + [m.person_id for m in mentors]
    managers = {p: draw(st.one_of(st.none(), st.sampled_from(people))) for p in people}
    weights = Weights(
        draw(weight_values), draw(weight_values), draw(weight_values), draw(weight_values)
    )
    apart = draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people))))
    return Cohort(
        mentees,
        mentors,
        managers,
        weights,
        model=draw(st.sampled_from([None, "formal", "informal", "peer"])),
        other_department_only=draw(st.booleans()),
        keep_apart=apart,
    )


def _allowed(cohort: Cohort, mentee_id: int, mentor_id: int) -> bool:
    """The rules written out plainly, independent of the cohort's matrices."""
    person = next(m for m in cohort.mentees if m.person_id == mentee_id)
    candidate = next(m for m in cohort.mentors if m.person_id == mentor_id)
    if mentee_id == mentor_id or not (candidate.can_mentor and candidate.active):
        return False
    if mentor_id in management_chain(mentee_id, cohort.managers):
        return False
    if mentee_id in management_chain(mentor_id, cohort.managers):
        return False
    if (mentee_id, mentor_id) in cohort.keep_apart:
        return False
    if cohort.other_department_only:
        mine, theirs = person.department, candidate.department
        if mine is None or theirs is None or mine.casefold() == theirs.casefold():
            return False
    return True


def _value(cohort: Cohort, assignment: dict[int, int]) -> tuple[int, float]:
    people = {m.person_id: m for m in cohort.mentees}
    mentors = {m.person_id: m for m in cohort.mentors}
    total = sum(
        match_score(people[a], mentors[b], cohort.weights, cohort.model)
        for a, b in assignment.items()
    )
    return len(assignment), total


@settings(max_examples=200, deadline=None)
@given(cohorts())
def test_the_plan_keeps_the_rules_and_is_the_brute_force_optimum(cohort: Cohort) -> None:
    plan = cohort.solve()
    assignment = {a: b for a, b in plan.assignment() if b is not None}
    # Hard and optional rules hold; no mentor above their places.
    for mentee_id, mentor_id in assignment.items():
        assert _allowed(cohort, mentee_id, mentor_id)
    places = {m.person_id: m.remaining_capacity for m in cohort.mentors}
    for mentor_id, count in Counter(assignment.values()).items():
        assert count <= places[mentor_id]
    assert cohort.problems(assignment) == []
    # Every mentee is either paired or told why.
    assert {p.mentee_id for p in plan.pairs} | {u.mentee_id for u in plan.unmatched} == {
        m.person_id for m in cohort.mentees
    }
    assert all(u.reason for u in plan.unmatched)
    # The matrix scores are match_score's.
    for pair in plan.pairs:
        assert pair.score == _value(cohort, {pair.mentee_id: pair.mentor_id})[1]
    # Optimal: as many matched as possible, then the highest total.
    options = [
        [None, *[m.person_id for m in cohort.mentors if _allowed(cohort, e.person_id, m.person_id)]]
        for e in cohort.mentees
    ]
    best = (0, 0.0)
    for choice in product(*options):
        used = Counter(c for c in choice if c is not None)
        if any(count > places[m] for m, count in used.items()):
            continue
        chosen = {
            e.person_id: c for e, c in zip(cohort.mentees, choice, strict=True) if c is not None
        }
        best = max(best, _value(cohort, chosen))
    count, total = _value(cohort, assignment)
    assert count == best[0]
    assert total == pytest.approx(best[1])


@settings(max_examples=100, deadline=None)
@given(cohorts(), st.data())
def test_locks_are_kept_and_the_rest_stays_within_the_rules(cohort: Cohort, data) -> None:
    plan = cohort.solve()
    if not plan.pairs:
        return
    kept = data.draw(st.lists(st.sampled_from(plan.pairs), unique=True))
    locks = {p.mentee_id: p.mentor_id for p in kept}
    again = cohort.solve(locks)
    assignment = {a: b for a, b in again.assignment() if b is not None}
    assert all(assignment[a] == b for a, b in locks.items())
    assert cohort.problems(assignment) == []
    # Locking pairs of an optimal plan keeps it optimal.
    assert again.matched == plan.matched
    assert again.total_score == pytest.approx(plan.total_score)
