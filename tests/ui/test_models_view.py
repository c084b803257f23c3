"""Models view: the three models' descriptions and this program's figures per model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings

from mentordesk.domain.vocabularies import MentorshipModel
from mentordesk.store.database import Database
from mentordesk.ui.context import AppContext
from mentordesk.ui.views.models import ModelsView
from tests.factories import (
    add_activity,
    add_assessment,
    add_conflict,
    make_pair,
    make_person,
    make_program,
)
from tests.ui.conftest import wait_for_workers


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.fixture
def program(ui_database: Database, context: AppContext) -> int:
    """Two formal pairs (trust 5 and 2, one conflict), one peer pair (trust 4), no informal."""
    today = date.today()
    start = today - timedelta(days=120)
    with ui_database.transaction() as session:
        program = make_program(session, name="Autumn", start_date=start - timedelta(days=7))
        mentor = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=5)
        high = make_pair(
            session, program, mentor, make_person(session), model="formal", start_date=start
        )
        low = make_pair(
            session, program, mentor, make_person(session), model="formal", start_date=start
        )
        peer = make_pair(
            session, program, mentor, make_person(session), model="peer", start_date=start
        )
        add_assessment(session, high, today - timedelta(days=10), 5)
        add_assessment(session, low, today - timedelta(days=10), 2)
        add_assessment(session, peer, today - timedelta(days=10), 4)
        add_conflict(session, low, today - timedelta(days=20))
        for pair in (high, low, peer):
            add_activity(session, pair, today - timedelta(days=5))
        program_id = program.id
    context.set_program_id(program_id)
    return program_id


def test_models_side_by_side_with_figures(qtbot, context, program) -> None:
    view = ModelsView(context)
    qtbot.addWidget(view)
    view.resize(1165, 770)
    view.show()
    view.refresh()
    wait_for_workers(qtbot)

    formal = view.columns[MentorshipModel.FORMAL]
    assert formal.figures["pairs"].text() == "2"
    assert formal.figures["average"].text() == "3.50 of 5"
    levels = formal.figures["levels"].text()
    assert "High&nbsp;50 %" in levels and "Low&nbsp;50 %" in levels
    assert formal.figures["conflicts"].text() == "0.50 (1 conflict)"
    peer = view.columns[MentorshipModel.PEER]
    assert peer.figures["average"].text() == "4.00 of 5"
    assert peer.figures["conflicts"].text() == "0.00 (0 conflicts)"
    informal = view.columns[MentorshipModel.INFORMAL]
    assert informal.figures["pairs"].text() == "0"
    assert informal.figures["average"].text() == "—"
    assert informal.figures["levels"].text() == "No pair assessed yet"
    assert "3 active pairs" in view.status.text()

    # The descriptions come from the vocabulary.
    texts = [label.text() for label in formal.findChildren(type(formal.figures["pairs"]))]
    for detail in (
        MentorshipModel.FORMAL.how_trust_is_built,
        MentorshipModel.FORMAL.role_of_trust,
        MentorshipModel.FORMAL.how_trust_differs,
    ):
        assert any(detail in text for text in texts), detail
    assert view.levels_chart.series_names() == ["High", "Medium", "Low"]
    assert view.compare_chart.series_names() == ["Formal", "Informal", "Peer-to-peer"]


def test_a_later_refresh_wins(qtbot, context, program) -> None:
    view = ModelsView(context)
    qtbot.addWidget(view)
    view.refresh()
    view.refresh()
    wait_for_workers(qtbot)
    assert view.figures is not None
    assert view.figures.active_pairs == 3
