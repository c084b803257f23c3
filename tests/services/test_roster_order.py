"""The roster a window at a time: the order of every column, the filters and the search,
asked of the database (SQLite with its trigram index, and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import roster_rows
from mentordesk.services.roster_order import (
    SORTS,
    RosterChoice,
    has_search_index,
    matches_among,
    roster_count,
    roster_matches,
    roster_order,
    search_words,
)
from mentordesk.store.models import Person
from tests.factories import add_activity, add_assessment, make_pair, make_person, make_program

AS_OF = date(2027, 3, 1)
NAMES = ("Ana Ruiz", "Søren Ølund", "Bo Tan", "Tanya Bo", "Ámbar Núñez", "Nor Tab", "ben ora")


@pytest.fixture
def roster(database) -> dict[str, Any]:
    with database.transaction() as session:
        spring, autumn = make_program(session, name="Spring"), make_program(session, name="Autumn")
        models, statuses = list(MentorshipModel), list(PairStatus)
        for n in range(21):
            mentor = make_person(
                session,
                name=NAMES[n % len(NAMES)],
                email=f"m{n}@corp.example" if n % 3 else None,
                department=("Sales", "Design", None)[n % 3],
                can_mentor=True,
                capacity=5,
            )
            mentee = make_person(
                session,
                name=NAMES[(n * 3 + 1) % len(NAMES)],
                email=f"e{n}@example.org",
                department=("Research", None, "Finance")[n % 3],
            )
            pair = make_pair(
                session,
                (spring, autumn)[n % 2],
                mentor,
                mentee,
                model=models[n % len(models)].value,
                status=statuses[n % len(statuses)].value,
                start_date=date(2027, 1, 4) + timedelta(days=n * 5 % 17),
            )
            if n % 3:
                add_activity(session, pair, date(2027, 1, 25) + timedelta(days=n % 11))
            if n % 4:
                add_assessment(session, pair, date(2027, 2, 10), 1 + n % 5)
        # Every verdict kept, as the roster keeps them before it sorts or filters by health.
        assess_program(session, AS_OF)
        return {"spring": spring.id, "autumn": autumn.id}


def _lines(database, program_id: int | None = None) -> list[tuple[Any, Health | None, str]]:
    with database.transaction() as session:
        rows = roster_rows(session, program_id)
        health = {risk.pair_id: risk.health for risk in assess_program(session, AS_OF)}
    return [
        (
            row,
            health.get(row.pair_id),
            "\n".join(
                part
                for part in (row.mentor_name, row.mentor_email, row.mentor_department,
                             row.mentee_name, row.mentee_email, row.mentee_department)
                if part
            ).casefold(),
        )
        for row in rows
    ]  # fmt: skip


def _key(line: tuple[Any, Health | None, str], sort: str, lower: Any) -> tuple[Any, ...]:
    row, health, _text = line
    values = {
        "mentor": lower(row.mentor_name),
        "mentee": lower(row.mentee_name),
        "program": lower(row.program_name),
        "model": list(MentorshipModel).index(row.model),
        "status": list(PairStatus).index(row.status),
        "start": row.start_date,
        "last_held": (0, date.min) if row.last_held is None else (1, row.last_held),
        "trust": (0, 0.0) if row.trust_score is None else (1, row.trust_score),
        "health": (0, 0) if health is None else (1, list(Health).index(health)),
        "mentor_department": lower(row.mentor_department or ""),
        "mentee_department": lower(row.mentee_department or ""),
    }
    return (values[sort], lower(row.mentor_name), lower(row.mentee_name), row.pair_id)


def _ascii_lower(text: str) -> str:
    """SQLite's lower(): ASCII letters only."""
    return "".join(c.lower() if c.isascii() else c for c in text)


@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_as_the_rows_say(database, roster, backend, descending) -> None:
    lines = _lines(database)
    lower = _ascii_lower if backend == "sqlite" else str.lower
    with database.transaction() as session:
        for sort in SORTS:
            ids = roster_order(session, RosterChoice(None, sort=sort, descending=descending,
                                                     as_of=AS_OF))  # fmt: skip
            expected = sorted(lines, key=lambda line: _key(line, sort, lower), reverse=descending)
            assert list(ids) == [line[0].pair_id for line in expected], sort


def test_filters_narrow_the_order(database, roster) -> None:
    lines = _lines(database, roster["spring"])
    choice = RosterChoice(
        roster["spring"],
        statuses=frozenset((PairStatus.ACTIVE, PairStatus.PAUSED)),
        models=frozenset((MentorshipModel.FORMAL, MentorshipModel.PEER)),
        health=frozenset((Health.WATCH, Health.AT_RISK, Health.HEALTHY)),
        sort="start",
        as_of=AS_OF,
    )
    with database.transaction() as session:
        found = set(roster_order(session, choice))
        assert roster_count(session, roster["spring"]) == len(lines)
        # Unfiltered, the order is every pair: the window counts them from it.
        unfiltered = RosterChoice(roster["spring"], sort="start", as_of=AS_OF)
        assert unfiltered.every_pair and not choice.every_pair
        assert len(roster_order(session, unfiltered)) == len(lines)
        only = sorted(found)[:1]
        assert list(roster_order(session, RosterChoice(None, only=frozenset(only)))) == only
    assert found == {
        row.pair_id
        for row, health, _text in lines
        if row.status in choice.statuses  # type: ignore[operator]
        and row.model in choice.models  # type: ignore[operator]
        and health is not None
    }
    assert found  # the scene has such pairs


@pytest.mark.parametrize(
    "text",
    ["ana", "ANA", "an", "a", "ølund", "ØLUND søren", "núñez", "corp.example", "e1", "sales tan",
     "research bo", "bo tan", "nobody", "o", "50%", "_", "example.org finance"],
)  # fmt: skip
def test_search_finds_every_word_in_names_emails_and_departments(database, roster, text) -> None:
    lines = _lines(database)
    words = search_words(text)
    expected = {row.pair_id for row, _h, search in lines if all(w in search for w in words)}
    with database.transaction() as session:
        assert roster_matches(session, None, words) == expected
        assert matches_among(session, [row.pair_id for row, _h, _t in lines], words) == expected
        spring = {row.pair_id for row, _h, _t in _lines(database, roster["spring"])}
        assert roster_matches(session, roster["spring"], words) == expected & spring


def test_the_index_follows_names_changed_and_people_added(database, roster, backend) -> None:
    with database.transaction() as session:
        assert has_search_index(session) == (backend == "sqlite")
        person = session.scalars(select(Person).where(Person.name == "Bo Tan")).first()
        assert person is not None
        person.name, person.email = "Bodil Lindqvist", "bodil@other.example"
    with database.transaction() as session:
        found = roster_matches(session, None, search_words("lindqvist"))
        assert found and found == roster_matches(session, None, search_words("other.example"))
        assert roster_matches(session, None, search_words("bodil bo")) == found
        newcomer = make_person(session, name="Zola Quist", can_mentor=True, capacity=1)
        mentee = make_person(session, name="Yann Quist")
        pair = make_pair(session, None, newcomer, mentee)
    with database.transaction() as session:
        assert roster_matches(session, None, search_words("quist")) == {pair.id}


def test_the_order_query_is_made_once_per_choice_and_day(database, roster, monkeypatch) -> None:
    import mentordesk.services.roster_order as module

    choice = RosterChoice(roster["spring"], sort="health")  # as_of None: today
    module._order_query.cache_clear()
    with database.transaction() as session:
        first = roster_order(session, choice)
        assert roster_order(session, choice) == first
        assert module._order_query.cache_info().hits == 1

        # A new day (the window left open past midnight): health is judged for it.
        class Tomorrow(date):
            @classmethod
            def today(cls) -> date:
                return date.today() + timedelta(days=1)

        monkeypatch.setattr(module, "date", Tomorrow)
        roster_order(session, choice)
        assert module._order_query.cache_info().misses == 2
        # A tile's chosen pairs are never kept.
        only = RosterChoice(roster["spring"], only=frozenset(first[:2]))
        assert set(roster_order(session, only)) == set(first[:2])
        assert module._order_query.cache_info().currsize == 2
