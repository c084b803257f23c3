"""The roster's table model and its search/filter proxy, without the view."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus, TrustLevel
from mentordesk.risk import assess_program
from mentordesk.roster import roster_rows
from mentordesk.ui.models.roster import Column, Role, RosterFilter, RosterModel, combine
from tests.factories import add_assessment, make_pair, make_person, make_program

AS_OF = date(2027, 3, 1)


@pytest.fixture
def entries(ui_database):
    with ui_database.transaction() as session:
        program = make_program(session, name="Spring")
        ana = make_person(
            session,
            name="Ana Ruiz",
            department="Platform",
            email="ana@example.org",
            can_mentor=True,
            capacity=3,
        )
        ben = make_person(session, name="Ben Okafor", department="Design")
        cy = make_person(session, name="Cy Tan", department="Sales", email="cy@corp.example")
        dee = make_person(session, name="Dee Diaz", department="Platform")
        high = make_pair(
            session, program, ana, ben, model="formal", agreement_signed=date(2027, 1, 12)
        )
        low = make_pair(session, program, ana, cy)
        make_pair(session, program, ana, dee, model="peer", status="proposed")
        add_assessment(session, high, date(2027, 2, 20), 5)
        add_assessment(session, low, date(2027, 2, 20), 2)
    with ui_database.transaction() as session:
        return combine(roster_rows(session, None), assess_program(session, AS_OF, None))


def test_the_model_passes_qt_model_tester(qtmodeltester, entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    qtmodeltester.check(model, force_py=True)
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    proxy.set_search("ana")
    qtmodeltester.check(proxy, force_py=True)


def test_cells_show_the_pair_with_trust_level_and_health(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    rows = {model.index(r, Column.MENTEE).data(): r for r in range(model.rowCount())}
    ben, cy, dee = rows["Ben Okafor"], rows["Cy Tan"], rows["Dee Diaz"]
    assert model.index(ben, Column.TRUST).data() == "5.00"
    assert model.index(ben, Column.TRUST).data(Role.LEVEL) == TrustLevel.HIGH
    assert model.index(cy, Column.TRUST).data(Role.LEVEL) == TrustLevel.LOW
    assert model.index(cy, Column.HEALTH).data() == Health.AT_RISK.label
    assert "Low trust" in model.index(cy, Column.HEALTH).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(dee, Column.TRUST).data() == "not assessed"
    assert model.index(dee, Column.HEALTH).data() == "—"  # proposed: not judged
    assert model.index(dee, Column.STATUS).data() == PairStatus.PROPOSED.label
    assert model.headerData(Column.TRUST, Qt.Orientation.Horizontal) == "Trust"


def _mentees(proxy: RosterFilter) -> list[str]:
    return sorted(proxy.index(r, Column.MENTEE).data() for r in range(proxy.rowCount()))


def test_search_matches_every_word_in_names_departments_and_emails(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    proxy.set_search("sales")
    assert _mentees(proxy) == ["Cy Tan"]
    proxy.set_search("corp.example")
    assert _mentees(proxy) == ["Cy Tan"]
    proxy.set_search("ANA platform")
    assert _mentees(proxy) == ["Ben Okafor", "Cy Tan", "Dee Diaz"]
    proxy.set_search("ana design")
    assert _mentees(proxy) == ["Ben Okafor"]
    proxy.set_search("nobody")
    assert _mentees(proxy) == []


def test_filters_by_model_status_and_health(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    proxy.set_models([MentorshipModel.PEER])
    assert _mentees(proxy) == ["Dee Diaz"]
    proxy.set_models(None)
    proxy.set_statuses([PairStatus.ACTIVE])
    assert _mentees(proxy) == ["Ben Okafor", "Cy Tan"]
    proxy.set_health([Health.AT_RISK])
    assert _mentees(proxy) == ["Cy Tan"]


def test_sorting_by_trust_puts_the_unassessed_last_when_descending(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    proxy.sort(Column.TRUST, Qt.SortOrder.DescendingOrder)
    order = [proxy.index(r, Column.MENTEE).data() for r in range(proxy.rowCount())]
    assert order == ["Ben Okafor", "Cy Tan", "Dee Diaz"]
