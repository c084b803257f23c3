"""Management chains: who manages whom, directly or further up.

The functions take the reporting lines as a mapping person → manager (None or
absent for someone with no manager) and are generic over the key, so the
services can pass person ids and tests can pass names. Bad data never makes
them loop: a walk up the chain stops when it meets someone it has seen.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def management_chain(person: K, managers: Mapping[K, K | None]) -> list[K]:
    """The people above ``person``: their manager, that manager's manager, and so on.

    The list starts with the direct manager and ends at the top of the chain.
    Should the reporting lines contain a cycle, the walk stops before anyone
    would be repeated, and ``person`` themselves is never part of their own
    chain (even when the cycle runs through them).
    """
    chain: list[K] = []
    seen: set[K] = {person}
    current = managers.get(person)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = managers.get(current)
    return chain


def in_management_chain(a: K, b: K, managers: Mapping[K, K | None]) -> bool:
    """Whether ``a`` is in ``b``'s management chain or ``b`` is in ``a``'s.

    A person is not in their own chain, so ``in_management_chain(x, x, …)`` is
    False; the "never their own mentor" rule is checked separately.
    """
    return b in management_chain(a, managers) or a in management_chain(b, managers)


def find_manager_cycle(managers: Mapping[K, K | None]) -> list[K] | None:
    """A cycle in the reporting lines, or None when there is none.

    The cycle is given in reporting order: each person's manager is the next
    one, and the last one's manager is the first (``[x]`` when someone is their
    own manager). When there are several, the first one met walking the mapping
    in its order is returned.
    """
    done: set[K] = set()
    for start in managers:
        if start in done:
            continue
        path: list[K] = []
        position: dict[K, int] = {}
        current: K | None = start
        while current is not None and current not in done and current not in position:
            position[current] = len(path)
            path.append(current)
            current = managers.get(current)
        if current is not None and current in position:
            return path[position[current] :]
        done.update(path)
    return None


def would_create_cycle(person: K, new_manager: K | None, managers: Mapping[K, K | None]) -> bool:
    """Whether making ``new_manager`` the manager of ``person`` would close a loop.

    True when ``new_manager`` is ``person`` or when ``person`` is already in
    ``new_manager``'s management chain (``person`` manages them, directly or
    further up). Clearing the manager (None) never creates a cycle. A cycle that
    already exists elsewhere, not through ``person``, does not count.
    """
    if new_manager is None:
        return False
    if new_manager == person:
        return True
    return person in management_chain(new_manager, managers)
