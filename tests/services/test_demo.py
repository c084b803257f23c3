"""The demo program: deterministic, believable, and showing every flag and verdict."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from mentordesk.demo import SHOWCASE_WITHIN, demo_program, load_demo
from mentordesk.domain.management import find_manager_cycle, in_management_chain
from mentordesk.domain.vocabularies import (
    ConflictStatus,
    EthicsState,
    Health,
    MentorshipModel,
    PairStatus,
    RiskFlag,
)
from mentordesk.interchange import dump_program, export_program
from mentordesk.risk import assess_program
from mentordesk.store.models import Assessment, Attendance, Pair, Person

TODAY = date(2027, 6, 1)


def _dates(node: Any) -> list[str]:
    """Every value in the document written as a date, except goal targets (plans)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("target", "planned_end", "end"):
                continue
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                if key != "start":
                    found.append(value)
            else:
                found.extend(_dates(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_dates(value))
    return found


def test_the_same_seed_gives_the_same_document() -> None:
    assert dump_program(demo_program(50, 4, TODAY)) == dump_program(demo_program(50, 4, TODAY))
    assert demo_program(50, 4, TODAY) != demo_program(50, 5, TODAY)
    assert demo_program(50, 4, TODAY) != demo_program(50, 4, date(2027, 6, 2))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_flag_and_every_verdict_occur_with_forty_pairs(database: Any, seed: int) -> None:
    with database.transaction() as session:
        summary = load_demo(session, SHOWCASE_WITHIN, seed, TODAY)
        rows = assess_program(session, TODAY, summary.program_id)
    flags = Counter(flag for row in rows for flag in row.flags)
    verdicts = Counter(row.health for row in rows)
    assert set(flags) == set(RiskFlag), f"missing {set(RiskFlag) - set(flags)}"
    assert set(verdicts) == set(Health)


def test_a_bigger_program_is_mostly_healthy_but_not_all(database: Any) -> None:
    with database.transaction() as session:
        summary = load_demo(session, 200, 8, TODAY)
        rows = assess_program(session, TODAY, summary.program_id)
    verdicts = Counter(row.health for row in rows)
    assert verdicts[Health.HEALTHY] > verdicts[Health.AT_RISK] > 0
    assert verdicts[Health.WATCH] > 0
    assert {flag for row in rows for flag in row.flags} == set(RiskFlag)


def test_the_document_is_believable() -> None:
    document = demo_program(120, 6, TODAY)
    people, pairs = document["people"], document["pairs"]
    assert len(pairs) == 120
    departments = {person["department"] for person in people}
    assert 6 <= len(departments) <= 8
    managers = {person["key"]: person["manager"] for person in people}
    assert find_manager_cycle(managers) is None
    assert sum(1 for manager in managers.values() if manager is None) == 1  # one tree
    assert len({person["email"] for person in people}) == len(people)
    assert len({person["employee_id"] for person in people}) == len(people)
    assert any(not person["name"].isascii() for person in people)  # accented names
    assert all(person["email"].isascii() for person in people)
    assert any(person["skills"] for person in people)
    assert {pair["model"] for pair in pairs} == set(MentorshipModel)
    assert {pair["status"] for pair in pairs} == set(PairStatus)
    assert all(pair["mentor"] != pair["mentee"] for pair in pairs)
    active = [pair["mentee"] for pair in pairs if pair["status"] == "active"]
    assert len(active) == len(set(active))
    in_chain = [
        pair for pair in pairs if in_management_chain(pair["mentor"], pair["mentee"], managers)
    ]
    assert 1 <= len(in_chain) <= len(pairs) // 10  # a few, not many
    statuses = {
        conflict["steps"][-1]["status"] if conflict["steps"] else "open"
        for conflict in [c for pair in pairs for c in pair["conflicts"]]
        + document["program_conflicts"]
    }
    assert statuses == set(ConflictStatus)
    assert document["program_conflicts"]
    respondents = Counter(a["respondent"] for pair in pairs for a in pair["assessments"])
    assert respondents["mentee"] > respondents["mentor"] > 0
    states = {review["state"] for pair in pairs for review in pair["ethics"]}
    assert EthicsState.CONCERN.value in states
    assert any(pair["goals"] for pair in pairs)
    assert any(pair["reviews"] for pair in pairs)
    assert document["workshops"] and all(w["attendees"] for w in document["workshops"])
    assert all(day <= TODAY.isoformat() for day in _dates(document))
    started = [p for p in pairs if p["status"] not in ("proposed",)]
    counts = [sum(1 for a in p["assessments"] if a["respondent"] == "mentee") for p in started]
    assert max(counts) == 5 and Counter(counts).most_common(1)[0][0] >= 2


def test_a_year_of_history_at_each_pairs_cadence() -> None:
    document = demo_program(60, 2, TODAY)
    assert document["program"]["start"] == "2026-06-02"
    long_running = [
        pair
        for pair in document["pairs"]
        if pair["status"] == "active"
        and pair["start"] < "2026-07-15"
        and pair["cadence_days"] is None
    ]
    assert long_running
    for pair in long_running:
        checkins = [a for a in pair["activities"] if a["kind"] == "checkin"]
        assert len(checkins) >= 20  # about every two weeks for most of a year
    outcomes = Counter(a["outcome"] for p in document["pairs"] for a in p["activities"])
    assert outcomes["held"] > outcomes["missed"] + outcomes["cancelled"] > 0
    kinds = {a["kind"] for p in document["pairs"] for a in p["activities"]}
    assert {"checkin", "project", "networking"} <= kinds


def test_the_demo_round_trips_through_the_database(database: Any) -> None:
    document = demo_program(41, 12, TODAY)
    with database.transaction() as session:
        summary = load_demo(session, 41, 12, TODAY)
        assert dump_program(export_program(session, summary.program_id)) == dump_program(document)
        assert session.scalar(select(func.count()).select_from(Pair)) == 41
        assert session.scalar(select(func.count()).select_from(Person)) == len(document["people"])
        assert session.scalar(select(func.count()).select_from(Attendance)) > 0
        scored = session.scalar(
            select(func.count()).select_from(Assessment).where(Assessment.overall.is_not(None))
        )
        assert scored and scored > 41


@pytest.mark.parametrize("pairs", [1, 5, 16])
def test_small_demos_import(database: Any, pairs: int) -> None:
    with database.transaction() as session:
        summary = load_demo(session, pairs, 3, TODAY)
    assert summary.pairs == pairs


@pytest.mark.parametrize("pairs", [0, -1, 100_001])
def test_a_pair_count_out_of_range_is_refused(pairs: int) -> None:
    with pytest.raises(ValueError, match="from 1 to 100,000 pairs"):
        demo_program(pairs, 1, TODAY)
