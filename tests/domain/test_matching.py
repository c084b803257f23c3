"""Mentor suggestions and the optimal cohort assignment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentordesk.domain.matching import (
    OTHER_DEPARTMENT_POINTS,
    SKILL_POINTS,
    MenteeProfile,
    MentorCandidate,
    Suggestion,
    assign_cohort,
    exclusion,
    match_score,
    suggest_mentors,
)


def mentor(
    person_id: int,
    name: str,
    skills: Iterable[str] = (),
    department: str | None = "Sales",
    *,
    can_mentor: bool = True,
    active: bool = True,
    capacity: int = 2,
    current: int = 0,
) -> MentorCandidate:
    return MentorCandidate(
        person_id=person_id,
        name=name,
        department=department,
        skills=frozenset(skills),
        can_mentor=can_mentor,
        active=active,
        capacity=capacity,
        current_mentees=current,
    )


def mentee(
    person_id: int, skills: set[str], department: str | None = "Sales", name: str = "Mia"
) -> MenteeProfile:
    return MenteeProfile(person_id, name, department, frozenset(skills))


MIA = mentee(1, {"Python", "negotiation", "public speaking"})


# --- scores -------------------------------------------------------------------------------


def test_shared_skills_compare_case_insensitively() -> None:
    candidate = mentor(10, "Ann", {"python", " Negotiation ", "golf"})
    assert match_score(MIA, candidate) == 2 * SKILL_POINTS


def test_another_department_adds_a_bonus() -> None:
    same = mentor(10, "Ann", {"python"}, "Sales")
    other = mentor(11, "Ben", {"python"}, "Finance")
    assert match_score(MIA, other) - match_score(MIA, same) == OTHER_DEPARTMENT_POINTS


def test_department_compared_case_insensitively_and_unknown_earns_nothing() -> None:
    assert match_score(MIA, mentor(10, "Ann", set(), " sales ")) == 0.0
    assert match_score(MIA, mentor(10, "Ann", set(), None)) == 0.0
    assert match_score(MIA, mentor(10, "Ann", set(), "  ")) == 0.0
    assert match_score(mentee(1, set(), None), mentor(10, "Ann", set(), "Finance")) == 0.0


def test_one_shared_skill_outweighs_the_department_bonus() -> None:
    assert OTHER_DEPARTMENT_POINTS < SKILL_POINTS


# --- suggestions --------------------------------------------------------------------------


def test_ranking_by_score_then_capacity_then_name() -> None:
    candidates = [
        mentor(10, "Ann", {"python"}, "Sales", capacity=3, current=2),  # 1.0, room 1
        mentor(11, "Ben", {"python", "negotiation"}, "Sales"),  # 2.0
        mentor(12, "Cal", {"python"}, "Finance"),  # 1.5
        mentor(13, "Dee", {"PYTHON"}, "Sales", capacity=3, current=0),  # 1.0, room 3
        mentor(14, "Eve", set(), "Finance"),  # 0.5
        mentor(15, "Abe", {"python"}, "Sales", capacity=3, current=2),  # 1.0, room 1 (name)
    ]
    ranked = suggest_mentors(MIA, candidates, {})
    assert [s.name for s in ranked] == ["Ben", "Cal", "Dee", "Abe", "Ann", "Eve"]
    assert [s.score for s in ranked] == [2.0, 1.5, 1.0, 1.0, 1.0, 0.5]
    assert all(s.excluded is None and s.eligible for s in ranked)


def test_reasons_explain_the_score() -> None:
    [suggestion] = suggest_mentors(
        MIA, [mentor(11, "Ben", {"PYTHON", "negotiation"}, "Finance", capacity=3, current=1)], {}
    )
    assert suggestion == Suggestion(
        person_id=11,
        name="Ben",
        score=2.5,
        reasons=(
            "Shares 2 skills or interests: negotiation, Python.",
            "Works in another department (Finance): a different perspective.",
            "Room for 2 more mentees (1 of 3 taken).",
        ),
        excluded=None,
        department="Finance",
    )


def test_reasons_without_shared_skills() -> None:
    [suggestion] = suggest_mentors(MIA, [mentor(11, "Ben", {"golf"}, capacity=1)], {})
    assert suggestion.reasons == (
        "No shared skills or interests.",
        "Room for 1 more mentee (0 of 1 taken).",
    )


def test_one_shared_skill_reads_in_the_singular() -> None:
    [suggestion] = suggest_mentors(MIA, [mentor(11, "Ben", {"python"})], {})
    assert suggestion.reasons[0] == "Shares 1 skill or interest: Python."


@pytest.mark.parametrize(
    ("candidate", "managers", "why"),
    [
        (mentor(1, "Mia herself"), {}, "This is the mentee; nobody mentors themselves."),
        (
            mentor(20, "Boss"),
            {1: 20},
            "Is in the mentee's management chain (manages them directly or further up).",
        ),
        (
            mentor(21, "Grand boss"),
            {1: 20, 20: 21},
            "Is in the mentee's management chain (manages them directly or further up).",
        ),
        (
            mentor(22, "Report"),
            {22: 1},
            "The mentee is in their management chain (they report to the mentee).",
        ),
        (
            mentor(23, "Indirect report"),
            {23: 30, 30: 1},
            "The mentee is in their management chain (they report to the mentee).",
        ),
        (mentor(24, "Nope", can_mentor=False), {}, "Is not marked as able to mentor."),
        (mentor(25, "Gone", active=False), {}, "Has left the organisation."),
        (
            mentor(26, "Full", capacity=2, current=2),
            {},
            "No capacity left: already mentors 2 of 2.",
        ),
        (
            mentor(27, "Overfull", capacity=1, current=3),
            {},
            "No capacity left: already mentors 3 of 1.",
        ),
        (mentor(28, "Zero", capacity=0), {}, "No capacity left: already mentors 0 of 0."),
    ],
)
def test_exclusions(candidate: MentorCandidate, managers: dict[int, int | None], why: str) -> None:
    assert exclusion(MIA, candidate, managers) == why
    [suggestion] = suggest_mentors(MIA, [candidate], managers)
    assert suggestion.excluded == why
    assert not suggestion.eligible


def test_siblings_under_one_manager_are_fine() -> None:
    assert exclusion(MIA, mentor(40, "Peer"), {1: 20, 40: 20}) is None


def test_last_free_place_is_still_eligible() -> None:
    assert exclusion(MIA, mentor(41, "Almost full", capacity=2, current=1), {}) is None


def test_exclusion_order_names_the_first_reason() -> None:
    candidate = mentor(20, "Boss who left", can_mentor=False, active=False, capacity=0)
    assert "management chain" in (exclusion(MIA, candidate, {1: 20}) or "")
    assert exclusion(MIA, candidate, {}) == "Is not marked as able to mentor."
    assert exclusion(MIA, mentor(20, "Left and full", active=False, capacity=0), {}) == (
        "Has left the organisation."
    )


def test_excluded_come_after_the_eligible_in_name_order() -> None:
    candidates = [
        mentor(30, "Zed", {"python", "negotiation", "public speaking"}, active=False),
        mentor(31, "Amy", {"python"}, can_mentor=False),
        mentor(32, "Kim", set()),
        mentor(33, "Lou", {"python"}),
    ]
    ranked = suggest_mentors(MIA, candidates, {})
    assert [s.name for s in ranked] == ["Lou", "Kim", "Amy", "Zed"]
    assert [s.excluded is None for s in ranked] == [True, True, False, False]
    # excluded candidates still show what they would have brought
    assert ranked[-1].score == 3.0


def test_no_candidates() -> None:
    assert suggest_mentors(MIA, [], {}) == []


# --- cohort assignment --------------------------------------------------------------------


def _greedy(
    mentees: list[MenteeProfile],
    candidates: list[MentorCandidate],
    managers: dict[int, int | None],
) -> list[tuple[int, int | None]]:
    """What a coordinator going down the list, taking each mentee's top suggestion, would get."""
    taken: Counter[int] = Counter()
    by_id = {c.person_id: c for c in candidates}
    result: list[tuple[int, int | None]] = []
    for person in mentees:
        choice = None
        for suggestion in suggest_mentors(person, candidates, managers):
            room = by_id[suggestion.person_id].remaining_capacity - taken[suggestion.person_id]
            if suggestion.eligible and room > 0:
                choice = suggestion.person_id
                break
        if choice is not None:
            taken[choice] += 1
        result.append((person.person_id, choice))
    return result


def _total(
    assignment: list[tuple[int, int | None]],
    mentees: list[MenteeProfile],
    candidates: list[MentorCandidate],
) -> tuple[int, float]:
    by_mentee = {m.person_id: m for m in mentees}
    by_mentor = {c.person_id: c for c in candidates}
    matched = [(by_mentee[a], by_mentor[b]) for a, b in assignment if b is not None]
    return len(matched), sum(match_score(m, c) for m, c in matched)


def test_optimal_beats_greedy_on_score() -> None:
    # Scores: Ana–Max 3, Ana–Noa 2, Bo–Max 2, Bo–Noa 0.
    # Greedy gives Ana her best (Max) and leaves Bo with Noa: 3 + 0 = 3.
    # Optimal: Ana → Noa, Bo → Max: 2 + 2 = 4.
    ana = mentee(1, {"python", "sql", "statistics"}, name="Ana")
    bo = mentee(2, {"statistics", "design"}, name="Bo")
    max_ = mentor(10, "Max", {"python", "sql", "statistics", "design"}, capacity=1)
    noa = mentor(11, "Noa", {"python", "sql"}, capacity=1)
    mentees, candidates = [ana, bo], [max_, noa]

    greedy = _greedy(mentees, candidates, {})
    optimal = assign_cohort(mentees, candidates, {})
    assert greedy == [(1, 10), (2, 11)]
    assert optimal == [(1, 11), (2, 10)]
    assert _total(greedy, mentees, candidates) == (2, 3.0)
    assert _total(optimal, mentees, candidates) == (2, 4.0)


def test_optimal_matches_more_mentees_than_greedy() -> None:
    # Cy only fits Max (Noa is Cy's manager); greedy gives Max to Di first and leaves Cy alone.
    di = mentee(1, {"design", "research"}, name="Di")
    cy = mentee(2, {"design"}, name="Cy")
    max_ = mentor(10, "Max", {"design", "research"}, capacity=1)
    noa = mentor(11, "Noa", {"research"}, capacity=1)
    managers: dict[int, int | None] = {2: 11}
    mentees, candidates = [di, cy], [max_, noa]

    greedy = _greedy(mentees, candidates, managers)
    optimal = assign_cohort(mentees, candidates, managers)
    assert greedy == [(1, 10), (2, None)]
    assert optimal == [(1, 11), (2, 10)]
    assert _total(optimal, mentees, candidates) == (2, 2.0)
    assert _total(greedy, mentees, candidates) == (1, 2.0)


def test_capacity_is_replicated_and_respected() -> None:
    mentees = [mentee(i, {"python"}, name=f"M{i}") for i in range(1, 6)]
    candidates = [
        mentor(10, "Two places", {"python"}, capacity=3, current=1),
        mentor(11, "One place", {"python"}, capacity=1),
        mentor(12, "Full", {"python"}, capacity=2, current=2),
    ]
    result = assign_cohort(mentees, candidates, {})
    counts = Counter(m for _, m in result)
    assert counts[10] == 2
    assert counts[11] == 1
    assert counts[12] == 0
    assert counts[None] == 2
    assert [mentee_id for mentee_id, _ in result] == [1, 2, 3, 4, 5]


def test_ineligible_pairs_are_never_made() -> None:
    mentees = [mentee(1, {"python"}), mentee(2, {"python"}, name="Bo")]
    candidates = [
        mentor(1, "Mia as mentor", {"python"}),  # is mentee 1 herself
        mentor(20, "Boss of Bo", {"python"}),
        mentor(21, "Left", {"python"}, active=False),
        mentor(22, "Cannot", {"python"}, can_mentor=False),
    ]
    result = assign_cohort(mentees, candidates, {2: 20})
    assert result == [(1, 20), (2, 1)]


def test_nobody_eligible() -> None:
    mentees = [mentee(1, {"python"})]
    assert assign_cohort(mentees, [mentor(5, "Gone", active=False)], {}) == [(1, None)]
    assert assign_cohort(mentees, [], {}) == [(1, None)]
    assert assign_cohort([], [mentor(5, "Ann")], {}) == []


def test_a_mentor_without_shared_skills_is_better_than_none() -> None:
    result = assign_cohort([mentee(1, {"python"})], [mentor(5, "Ann", {"golf"})], {})
    assert result == [(1, 5)]


# Property: the assignment equals the brute-force optimum (most mentees matched, then the
# highest total score) on small random cohorts.

SKILLS = ["python", "sql", "design", "sales"]
skill_sets = st.sets(st.sampled_from(SKILLS), max_size=3)
departments = st.sampled_from([None, "Sales", "Finance"])


@st.composite
def cohorts(
    draw: st.DrawFn,
) -> tuple[list[MenteeProfile], list[MentorCandidate], dict[int, int | None]]:
    n_mentees = draw(st.integers(1, 4))
    n_mentors = draw(st.integers(0, 3))
    mentees = [
        MenteeProfile(i, f"E{i}", draw(departments), frozenset(draw(skill_sets)))
        for i in range(1, n_mentees + 1)
    ]
    candidates = [
        MentorCandidate(
            person_id=100 + j,
            name=f"R{j}",
            department=draw(departments),
            skills=frozenset(draw(skill_sets)),
            can_mentor=draw(st.booleans()),
            active=draw(st.booleans()),
            capacity=draw(st.integers(0, 2)),
            current_mentees=draw(st.integers(0, 1)),
        )
        for j in range(n_mentors)
    ]
    people = [m.person_id for m in mentees] + [c.person_id for c in candidates]
    managers = {person: draw(st.one_of(st.none(), st.sampled_from(people))) for person in people}
    return mentees, candidates, managers


def _brute_force_best(
    mentees: list[MenteeProfile],
    candidates: list[MentorCandidate],
    managers: dict[int, int | None],
) -> tuple[int, float]:
    options = [
        [None, *[c for c in candidates if exclusion(m, c, managers) is None]] for m in mentees
    ]
    best = (0, 0.0)
    for choice in product(*options):
        used = Counter(c.person_id for c in choice if c is not None)
        if any(used[c.person_id] > c.remaining_capacity for c in candidates):
            continue
        matched = [(m, c) for m, c in zip(mentees, choice, strict=True) if c is not None]
        value = (len(matched), sum(match_score(m, c) for m, c in matched))
        best = max(best, value)
    return best


@settings(max_examples=150, deadline=None)
@given(cohorts())
def test_assignment_is_optimal(
    cohort: tuple[list[MenteeProfile], list[MentorCandidate], dict[int, int | None]],
) -> None:
    mentees, candidates, managers = cohort
    result = assign_cohort(mentees, candidates, managers)
    by_id = {c.person_id: c for c in candidates}
    used = Counter(mentor_id for _, mentor_id in result if mentor_id is not None)
    for mentor_id, count in used.items():
        assert count <= by_id[mentor_id].remaining_capacity
    for (mentee_id, mentor_id), person in zip(result, mentees, strict=True):
        assert mentee_id == person.person_id
        if mentor_id is not None:
            assert exclusion(person, by_id[mentor_id], managers) is None
    count, total = _total(result, mentees, candidates)
    best_count, best_total = _brute_force_best(mentees, candidates, managers)
    assert count == best_count
    assert total == pytest.approx(best_total)
    greedy_count, greedy_total = _total(_greedy(mentees, candidates, managers), mentees, candidates)
    assert (count, total + 1e-9) >= (greedy_count, greedy_total)
