"""Management chains, cycles in reporting lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mentordesk.domain.management import (
    find_manager_cycle,
    in_management_chain,
    management_chain,
    would_create_cycle,
)

# ceo ← cfo ← controller ← analyst;  ceo ← cto ← dev
LINES: dict[str, str | None] = {
    "ceo": None,
    "cfo": "ceo",
    "cto": "ceo",
    "controller": "cfo",
    "analyst": "controller",
    "dev": "cto",
}


def test_chain_walks_to_the_top() -> None:
    assert management_chain("analyst", LINES) == ["controller", "cfo", "ceo"]
    assert management_chain("dev", LINES) == ["cto", "ceo"]


def test_top_person_and_unknown_person_have_empty_chains() -> None:
    assert management_chain("ceo", LINES) == []
    assert management_chain("visitor", LINES) == []


def test_manager_missing_from_the_mapping_ends_the_chain() -> None:
    assert management_chain("a", {"a": "b"}) == ["b"]


def test_chain_stops_safely_on_a_cycle() -> None:
    looped = {"a": "b", "b": "c", "c": "a"}
    assert management_chain("a", looped) == ["b", "c"]
    tail_loop = {"x": "a", "a": "b", "b": "a"}
    assert management_chain("x", tail_loop) == ["a", "b"]


def test_self_managed_person_has_empty_chain() -> None:
    assert management_chain("a", {"a": "a"}) == []


def test_chain_works_with_integer_ids() -> None:
    assert management_chain(3, {3: 2, 2: 1, 1: None}) == [2, 1]


def test_in_management_chain_either_direction() -> None:
    assert in_management_chain("analyst", "ceo", LINES)
    assert in_management_chain("ceo", "analyst", LINES)
    assert in_management_chain("analyst", "controller", LINES)
    assert in_management_chain("controller", "analyst", LINES)


def test_not_in_chain_for_siblings_cousins_and_self() -> None:
    assert not in_management_chain("cfo", "cto", LINES)  # siblings
    assert not in_management_chain("analyst", "dev", LINES)  # different branches
    assert not in_management_chain("analyst", "analyst", LINES)
    assert not in_management_chain("analyst", "stranger", LINES)


def test_no_cycle() -> None:
    assert find_manager_cycle(LINES) is None
    assert find_manager_cycle({}) is None


def test_cycle_in_reporting_order() -> None:
    cycle = find_manager_cycle({"top": None, "a": "b", "b": "c", "c": "a"})
    assert cycle == ["a", "b", "c"]


def test_cycle_reached_through_a_tail() -> None:
    cycle = find_manager_cycle({"x": "a", "a": "b", "b": "a"})
    assert cycle == ["a", "b"]


def test_self_manager_is_a_cycle() -> None:
    assert find_manager_cycle({"a": None, "b": "b"}) == ["b"]


def test_would_create_cycle() -> None:
    assert would_create_cycle("ceo", "analyst", LINES)  # the ceo would report to their own report
    assert would_create_cycle("cfo", "controller", LINES)
    assert would_create_cycle("analyst", "analyst", LINES)
    assert not would_create_cycle("analyst", "dev", LINES)
    assert not would_create_cycle("cto", "cfo", LINES)
    assert not would_create_cycle("analyst", None, LINES)
    assert not would_create_cycle("newcomer", "ceo", LINES)


def test_existing_cycle_elsewhere_does_not_count() -> None:
    lines = {"a": "b", "b": "a", "x": None}
    assert not would_create_cycle("x", "a", lines)


# Random reporting lines over people 0..9 (a manager may be anyone, so cycles happen).
lines_strategy = st.dictionaries(
    st.integers(0, 9), st.one_of(st.none(), st.integers(0, 9)), max_size=10
)


def _is_acyclic(lines: dict[int, int | None]) -> bool:
    return find_manager_cycle(lines) is None


@given(lines_strategy, st.integers(0, 9))
def test_chain_never_repeats_and_never_contains_the_person(
    lines: dict[int, int | None], person: int
) -> None:
    chain = management_chain(person, lines)
    assert len(chain) == len(set(chain))
    assert person not in chain
    previous = person
    for manager in chain:
        assert lines.get(previous) == manager
        previous = manager


@given(lines_strategy)
def test_reported_cycle_is_real(lines: dict[int, int | None]) -> None:
    cycle = find_manager_cycle(lines)
    if cycle is None:
        # no cycle: every chain reaches someone without a manager
        for person in lines:
            chain = management_chain(person, lines)
            top = chain[-1] if chain else person
            assert lines.get(top) is None
    else:
        assert len(cycle) == len(set(cycle))
        for index, person in enumerate(cycle):
            assert lines[person] == cycle[(index + 1) % len(cycle)]


@given(lines_strategy, st.integers(0, 9), st.one_of(st.none(), st.integers(0, 9)))
def test_would_create_cycle_agrees_with_find_manager_cycle(
    lines: dict[int, int | None], person: int, new_manager: int | None
) -> None:
    if not _is_acyclic(lines):
        return
    changed = {**lines, person: new_manager}
    assert would_create_cycle(person, new_manager, lines) == (not _is_acyclic(changed))


@given(lines_strategy, st.integers(0, 9), st.integers(0, 9))
def test_in_management_chain_is_symmetric(lines: dict[int, int | None], a: int, b: int) -> None:
    assert in_management_chain(a, b, lines) == in_management_chain(b, a, lines)
