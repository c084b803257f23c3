"""Two coordinators on one database: no update is ever lost, refusals are readable."""

from __future__ import annotations

import random
import threading
import time

import pytest

from mentordesk.errors import ChangedElsewhere
from mentordesk.store.database import Database, ensure_unchanged, open_database
from mentordesk.store.models import Pair, PlanEntry
from tests.factories import make_pair, make_program


def _second_coordinator(database: Database, name: str) -> Database:
    other = open_database(database.url.render_as_string(hide_password=False))
    other.actor = name
    return other


def test_the_second_save_names_who_changed_the_record_first(database) -> None:
    database.actor = "Ana"
    ben = _second_coordinator(database, "Ben")
    with database.transaction() as session:
        pair_id = make_pair(session).id
    # Both open the pair: each dialog keeps the version it showed.
    with database.transaction() as session:
        shown_to_ana = session.get(Pair, pair_id).version
    shown_to_ben = shown_to_ana
    with ben.transaction() as session:
        pair = session.get(Pair, pair_id)
        ensure_unchanged(session, pair, shown_to_ben)
        pair.expectations = "Ben's words"
    with pytest.raises(ChangedElsewhere, match=r"Ben changed this pair at \d\d:\d\d"):
        with database.transaction() as session:
            pair = session.get(Pair, pair_id)
            ensure_unchanged(session, pair, shown_to_ana)
            pair.expectations = "Ana's words"
    with database.transaction() as session:
        assert session.get(Pair, pair_id).expectations == "Ben's words"
    ben.close()


def test_racing_saves_never_lose_an_update(database) -> None:
    with database.transaction() as session:
        program = make_program(session)
        entry = PlanEntry(program_id=program.id, heading="communication", text="")
        session.add(entry)
        session.flush()
        entry_id = entry.id
    coordinators = [database, _second_coordinator(database, "Ben")]
    saved = [0, 0]
    refused = [0, 0]
    unexpected: list[BaseException] = []

    def work(index: int) -> None:
        rng = random.Random(index)
        db = coordinators[index]
        for _ in range(40):
            try:
                with db.transaction() as session:
                    record = session.get(PlanEntry, entry_id)
                    text = record.text
                    time.sleep(rng.random() * 0.002)  # the other one may save meanwhile
                    record.text = text + "x"
                saved[index] += 1
            except ChangedElsewhere:
                refused[index] += 1
            except BaseException as error:
                unexpected.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    coordinators[1].close()
    assert not unexpected, unexpected[:3]
    with database.transaction() as session:
        text = session.get(PlanEntry, entry_id).text
    # Every save that was not refused is in the text: none was overwritten.
    assert len(text) == sum(saved)
    assert sum(saved) + sum(refused) == 80
    assert sum(refused) > 0, "the two coordinators never raced; the test proved nothing"
