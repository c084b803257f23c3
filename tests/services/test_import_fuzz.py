"""Random damage to a valid program file: it imports cleanly or is refused, never half-written.

Each example takes a small but complete program file (the demo's, plus a pair
review), changes one to three places in it at random (a value replaced by any
JSON value or by a plausible neighbour, a field deleted or added, a list entry
duplicated or dropped) and imports it. The import must either succeed or raise
MentorDeskError; any other exception is a bug. A refusal must leave the
database exactly as it was, and a success must have written exactly the
counted records; every example is rolled back so the next starts afresh.
"""

from __future__ import annotations

import copy
import math
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mentordesk.demo import demo_program
from mentordesk.errors import MentorDeskError
from mentordesk.program_file import import_program
from mentordesk.store.models import Base

TODAY = date(2027, 6, 1)


def _base() -> dict[str, Any]:
    document = demo_program(6, 11, TODAY)
    document["pairs"][0]["reviews"].append(
        {
            "date": "2027-05-01",
            "lessons": {
                "shared_goals": "a",
                "listening_feedback": "b",
                "consistency": "c",
                "diverse_perspectives": "d",
                "growth_mindset": "e",
            },
            "summary": "",
        }
    )
    # Keep the examples quick: a few activities per pair are plenty to damage.
    for pair in document["pairs"]:
        pair["activities"] = pair["activities"][-4:]
    return document


BASE = _base()


class _RolledBack(Exception):
    """Raised inside the transaction to undo a successful import."""


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside the document (not the document itself)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*path, key))
            found.extend(_locations(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*path, index))
            found.extend(_locations(value, (*path, index)))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)

# Values that are nearly right: other keys, codes, dates, edge numbers, long text.
_plausible = st.sampled_from(
    [
        "p1",
        "p2",
        "x1",
        "nobody",
        "",
        " ",
        "2027-02-29",
        "2027-13-01",
        "2026-01-01",
        "2030-01-01",
        "2027-05-01",
        "held",
        "missed",
        "active",
        "formal",
        "resolved",
        "open",
        "in_dialogue",
        "concern",
        "checkin",
        "mentee",
        "mentor",
        "loyalty_4",
        0,
        1,
        5,
        6,
        -1,
        1440,
        1441,
        365,
        True,
        False,
        4.0,
        2.5,
        math.inf,
        "x" * 20_001,
        "\ud800",
        "a\x00b",
        "line\nbreak",
        [],
        {},
    ]
)


@st.composite
def _damaged(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        locations = _locations(document)
        path = draw(st.sampled_from(locations))
        parent = _parent(document, path)
        key = path[-1]
        action = draw(st.sampled_from(["replace", "plausible", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[key] = draw(_json)
        elif action == "plausible":
            parent[key] = draw(_plausible)
        elif action == "delete":
            del parent[key]
        elif action == "add":
            if isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=10))] = draw(_json)
            else:
                parent.insert(key, draw(_json))
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[key] = copy.deepcopy(parent[key])
    return document


def _counts(session: Any) -> dict[str, int]:
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }


def test_the_base_document_imports(database: Any) -> None:
    with database.transaction() as session:
        summary = import_program(session, copy.deepcopy(BASE))
    assert summary.pairs == 6 and summary.pair_reviews >= 1


@pytest.mark.slow
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=_damaged())
def test_damaged_files_import_cleanly_or_are_refused_whole(
    database: Any, document: dict[str, Any]
) -> None:
    with database.transaction() as session:
        empty = _counts(session)
    # The risk cache's one epoch row is bookkeeping every new database has, not a record.
    assert not any(count for name, count in empty.items() if name != "risk_epoch")
    try:
        with database.transaction() as session:
            summary = import_program(session, document)
            after = _counts(session)
            assert after["program"] == 1
            assert after["pair"] == summary.pairs
            assert after["activity"] == summary.activities
            assert after["assessment"] == summary.assessments
            assert after["conflict"] == summary.conflicts
            assert after["person"] == summary.people_created
            assert after["audit_entry"] == 1
            raise _RolledBack
    except _RolledBack:
        pass
    except MentorDeskError as error:
        assert str(error)
        assert "\n" not in str(error)
    with database.transaction() as session:
        assert _counts(session) == empty
