"""Finding a pair by name as the coordinator types (the pair page's chooser asks this)."""

from __future__ import annotations

from typing import Any

from mentordesk.domain.vocabularies import PairStatus
from mentordesk.services.pair_search import find_pairs
from tests.factories import make_pair, make_person, make_program


def _names(found: list[Any]) -> list[str]:
    return [f"{match.mentor_name} → {match.mentee_name}" for match in found]


def test_every_word_is_found_in_either_name_in_any_case(database: Any) -> None:
    with database.transaction() as session:
        spring = make_program(session, name="Spring")
        autumn = make_program(session, name="Autumn")
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=5)
        zoe = make_person(session, name="Zoë Åberg", can_mentor=True, capacity=5)
        make_pair(session, spring, ana, make_person(session, name="Ben Okafor"))
        make_pair(session, spring, ana, make_person(session, name="Dana Patel"))
        make_pair(session, spring, zoe, make_person(session, name="Dev Patel"), status="completed")
        make_pair(session, autumn, ana, make_person(session, name="Eli Patel"))
        spring_id, autumn_id = spring.id, autumn.id

    with database.transaction() as session:
        assert _names(find_pairs(session, spring_id, "patel")) == [
            "Ana Ruiz → Dana Patel",
            "Zoë Åberg → Dev Patel",
        ]
        assert _names(find_pairs(session, spring_id, "  RUIZ   patel ")) == [
            "Ana Ruiz → Dana Patel"
        ]
        # Every program when none is chosen; the completed pair is offered too.
        assert len(find_pairs(session, None, "patel")) == 3
        assert find_pairs(session, spring_id, "dev")[0].status is PairStatus.COMPLETED
        assert _names(find_pairs(session, autumn_id, "ana")) == ["Ana Ruiz → Eli Patel"]
        # Nothing typed asks for nothing; LIKE's wildcards are taken as typed.
        assert find_pairs(session, spring_id, "   ") == []
        assert find_pairs(session, spring_id, "%") == []
        assert find_pairs(session, spring_id, "_") == []


def test_at_most_the_limit_is_read(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session)
        mentor = make_person(session, name="Mira Sand", can_mentor=True, capacity=50)
        for number in range(12):
            make_pair(session, program, mentor, make_person(session, name=f"Mentee {number:02d}"))
        program_id = program.id
    with database.transaction() as session:
        found = find_pairs(session, program_id, "mentee", limit=5)
        assert len(found) == 5
        assert len(find_pairs(session, program_id, "mira")) == 12
