"""The audit log read in the coordinator's words, on SQLite and PostgreSQL: records named in
SQL (a deleted pair or tick from the ids the log kept), old -> new values, search by name."""

from __future__ import annotations

from datetime import date
from typing import Any

from mentordesk.services import workshops
from mentordesk.services.audit_log import audit_entries
from mentordesk.services.roster import delete_new_pair, end_pair
from mentordesk.store.models import Pair
from tests.factories import make_pair, make_person, make_program


def test_names_values_and_search_by_name(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session, name="Spring")
        lea = make_person(session, name="Lea Novak", can_mentor=True, capacity=3)
        tom = make_person(session, name="Tom Berg")
        eva = make_person(session, name="Eva Lund")
        pair = make_pair(session, program, lea, tom)
        pair_id, lea_id = pair.id, lea.id
        workshop = workshops.plan_workshop(session, program.id, date(2027, 3, 1), "Feedback")
        workshops.toggle_attendance(session, workshop.id, lea_id)
    with database.transaction() as session:
        workshops.toggle_attendance(session, workshop.id, lea_id)  # the tick is taken back
        end_pair(session, pair_id, end_date=date(2027, 5, 1))
    with database.transaction() as session:
        proposal = make_pair(session, program, lea, eva, status="proposed")
        proposal_id = proposal.id
    with database.transaction() as session:
        delete_new_pair(session, proposal_id)

    with database.transaction() as session:
        rows = audit_entries(session)
        about_lea = audit_entries(session, search="lea")
        about_eva = audit_entries(session, search="EVA")
        ended = audit_entries(session, search="completed")
        assert session.get(Pair, proposal_id) is None
    targets = [row.target for row in about_lea]
    assert targets[:3] == [
        "Pair: Lea Novak → Eva Lund",  # deleted, named from the ids the log kept
        "Pair: Lea Novak → Eva Lund",
        "Pair: Lea Novak → Tom Berg",
    ]
    assert "Attendance: Lea Novak at Feedback" in targets  # taken back, still named
    assert "Person: Lea Novak" in targets
    assert "Person: Tom Berg" not in targets
    assert {row.target for row in about_eva} == {"Person: Eva Lund", "Pair: Lea Novak → Eva Lund"}
    change = next(row for row in rows if row.action == "change" and row.record_type == "pair")
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("status", "Active", "Completed"),
        ("planned end", None, date(2027, 5, 1)),
    ]
    assert change.description.startswith(
        "Changed Pair Lea Novak → Tom Berg: status (Active → Completed), planned end"
    )
    assert [row.target for row in ended] == ["Pair: Lea Novak → Tom Berg"]
