"""Ethics view: the matrix, keyboard editing of cells, undo in the database, completion."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState
from mentordesk.services.ethics import ethics_matrix
from mentordesk.store.database import Database
from mentordesk.store.models import EthicsReview
from mentordesk.ui.context import AppContext
from mentordesk.ui.models.ethics_model import (
    COMPLETION_COLUMN,
    EthicsFilter,
    EthicsModel,
    Role,
)
from mentordesk.ui.views.ethics import EthicsView
from tests.factories import add_ethics_review, make_pair, make_person, make_program
from tests.ui.conftest import wait_for_workers

G = EthicsGuideline


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.fixture
def program(ui_database: Database, context: AppContext) -> dict[str, int]:
    """Two active pairs: Ana → Ben fully confirmed but one concern; Ana → Cy unreviewed."""
    today = date.today()
    with ui_database.transaction() as session:
        program = make_program(session, name="Autumn", start_date=today - timedelta(days=200))
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=3)
        ben = make_person(session, name="Ben Okafor")
        cy = make_person(session, name="Cy Lind")
        reviewed = make_pair(session, program, ana, ben, start_date=today - timedelta(days=100))
        fresh = make_pair(session, program, ana, cy, start_date=today - timedelta(days=100))
        for guideline in G:
            state = "concern" if guideline is G.BOUNDARIES else "confirmed"
            add_ethics_review(session, reviewed, guideline.value, state, today - timedelta(days=5))
        ids = {"program": program.id, "reviewed": reviewed.id, "fresh": fresh.id}
    context.set_program_id(ids["program"])
    return ids


def make_view(qtbot, context: AppContext) -> EthicsView:
    view = EthicsView(context)
    qtbot.addWidget(view)
    view.resize(1150, 700)
    view.refresh()
    view.show()
    qtbot.waitExposed(view)
    wait_for_workers(qtbot)
    view.table.setFocus()
    return view


def latest_state(database: Database, pair_id: int, guideline: G) -> str | None:
    with database.transaction() as session:
        return session.scalars(
            select(EthicsReview.state)
            .where(EthicsReview.pair_id == pair_id, EthicsReview.guideline == guideline.value)
            .order_by(EthicsReview.day.desc(), EthicsReview.id.desc())
            .limit(1)
        ).first()


def review_count(database: Database) -> int:
    with database.transaction() as session:
        return len(session.scalars(select(EthicsReview.id)).all())


def test_ethics_model_passes_the_model_tester(qtbot, qtmodeltester, ui_database, program):
    with ui_database.transaction() as session:
        matrix = ethics_matrix(session, program["program"])
    model = EthicsModel()
    model.set_matrix(matrix)
    qtmodeltester.check(model)
    proxy = EthicsFilter()
    proxy.setSourceModel(model)
    proxy.set_open_only(True)
    qtmodeltester.check(proxy)


def test_cells_say_their_state_in_words_icons_and_tint(qtbot, ui_database, program) -> None:
    with ui_database.transaction() as session:
        matrix = ethics_matrix(session, program["program"])
    model = EthicsModel()
    model.set_matrix(matrix)
    row = model.row_of(program["reviewed"])
    boundaries = list(G).index(G.BOUNDARIES) + 1
    cell = model.index(row, boundaries)
    assert cell.data() == "Concern"
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(row, 1).data() == "Confirmed"
    assert model.index(row, COMPLETION_COLUMN).data() == "5 of 5 · 1 concern"
    fresh = model.row_of(program["fresh"])
    assert model.index(fresh, 1).data() == "Not reviewed"
    assert model.index(fresh, 1).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(fresh, COMPLETION_COLUMN).data() == "0 of 5"
    # Completion per guideline sits in the header: one of the two pairs reviewed.
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Confidentiality\n50 % reviewed"


def test_tick_a_cell_with_the_keyboard_and_undo_it(qtbot, context, ui_database, program):
    view = make_view(qtbot, context)
    before = review_count(ui_database)
    assert view.select_cell(program["fresh"], G.CONFIDENTIALITY)

    # "2" confirms the cell under the cursor.
    qtbot.keyClick(view.table, Qt.Key.Key_2)
    assert latest_state(ui_database, program["fresh"], G.CONFIDENTIALITY) == "confirmed"
    assert view.table.currentIndex().data() == "Confirmed"
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "Confidentiality\n100 % reviewed"

    # Arrow right, then Space steps the next guideline from not reviewed to confirmed
    # and Space again to concern.
    qtbot.keyClick(view.table, Qt.Key.Key_Right)
    assert view.current_cell() == (program["fresh"], G.PROFESSIONALISM)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert latest_state(ui_database, program["fresh"], G.PROFESSIONALISM) == "concern"
    assert view.table.currentIndex().data() == "Concern"
    assert view.current_cell() == (program["fresh"], G.PROFESSIONALISM)
    assert review_count(ui_database) == before + 3

    # Ctrl+Z (the undo stack) takes the changes back in the database, one at a time.
    context.undo_stack.undo()
    assert latest_state(ui_database, program["fresh"], G.PROFESSIONALISM) == "confirmed"
    context.undo_stack.undo()
    assert latest_state(ui_database, program["fresh"], G.PROFESSIONALISM) is None
    context.undo_stack.undo()
    assert latest_state(ui_database, program["fresh"], G.CONFIDENTIALITY) is None
    assert review_count(ui_database) == before
    view.refresh()
    wait_for_workers(qtbot)
    assert view.table.currentIndex().data() == "Not reviewed"
    context.undo_stack.redo()
    assert latest_state(ui_database, program["fresh"], G.CONFIDENTIALITY) == "confirmed"


def test_concern_resolved_with_one_and_delete(qtbot, context, ui_database, program) -> None:
    view = make_view(qtbot, context)
    view.select_cell(program["reviewed"], G.BOUNDARIES)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert latest_state(ui_database, program["reviewed"], G.BOUNDARIES) == "not_reviewed"
    qtbot.keyClick(view.table, Qt.Key.Key_3)
    assert latest_state(ui_database, program["reviewed"], G.BOUNDARIES) == "concern"
    # Pressing the state the cell already has records nothing.
    count = review_count(ui_database)
    qtbot.keyClick(view.table, Qt.Key.Key_3)
    assert review_count(ui_database) == count


def test_history_pane_and_filters(qtbot, context, program) -> None:
    view = make_view(qtbot, context)
    view.select_cell(program["reviewed"], G.BOUNDARIES)
    assert view.history_title.text() == "Respect for boundaries — Ana Ruiz → Ben Okafor: history"
    assert view.history.topLevelItem(0).text(1) == "Concern"
    assert view.summary_label.text() == "2 pairs · 50 % reviewed · 1 concern"
    qtbot.keyClicks(view.search_edit, "cy")
    assert view.proxy.rowCount() == 1
    view.search_edit.clear()
    view.open_check.setChecked(True)
    assert view.proxy.rowCount() == 2  # one has a concern, the other gaps
    assert view.proxy.index(0, 0).data(Role.PAIR_ID) in {program["reviewed"], program["fresh"]}


def test_no_program_chosen_says_so(qtbot, context, program) -> None:
    context.set_program_id(None)
    view = make_view(qtbot, context)
    assert view.empty_label.isVisible()
    assert "Choose a program" in view.empty_label.text()
    assert not view.table.isVisible()


def test_edit_with_the_list_editor(qtbot, context, ui_database, program) -> None:
    view = make_view(qtbot, context)
    view.select_cell(program["fresh"], G.TRANSPARENCY)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    combos = view.table.findChildren(QComboBox)
    assert combos, "F2 opens the list of states"
    combo = combos[0]
    combo.setCurrentIndex(combo.findData(EthicsState.CONCERN.value))
    combo.activated.emit(combo.currentIndex())
    assert latest_state(ui_database, program["fresh"], G.TRANSPARENCY) == "concern"
    assert not view.table.findChildren(QComboBox) or not combo.isVisible()


def test_in_the_window_ctrl_z_reverts_the_cell_on_screen(qtbot, make_window, ui_database, program):
    window = make_window()
    window.show_view("ethics")
    wait_for_workers(qtbot)
    view = window.views["ethics"]
    assert isinstance(view, EthicsView)
    assert view.select_cell(program["fresh"], G.BOUNDARIES)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_3)
    assert latest_state(ui_database, program["fresh"], G.BOUNDARIES) == "concern"
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert latest_state(ui_database, program["fresh"], G.BOUNDARIES) is None
    # The window refreshes the view it shows: the cell reads "Not reviewed" again.
    qtbot.waitUntil(lambda: view.table.currentIndex().data() == "Not reviewed")
    assert view.current_cell() == (program["fresh"], G.BOUNDARIES)


def test_sorted_by_completion_the_cursor_follows_its_pair(qtbot, context, ui_database, program):
    view = make_view(qtbot, context)
    view.table.sortByColumn(COMPLETION_COLUMN, Qt.SortOrder.AscendingOrder)
    assert view.proxy.index(0, 0).data(Role.PAIR_ID) == program["fresh"]  # 0 of 5 first
    view.select_cell(program["fresh"], G.CONFIDENTIALITY)
    # Review all five of the fresh pair: it climbs past the pair with a concern.
    for _ in G:
        qtbot.keyClick(view.table, Qt.Key.Key_2)
        qtbot.keyClick(view.table, Qt.Key.Key_Right)
    assert view.proxy.index(0, 0).data(Role.PAIR_ID) == program["reviewed"]
    assert view.table.currentIndex().data(Role.PAIR_ID) == program["fresh"]
    assert view.model.completion(G.CONFIDENTIALITY) == 1.0
    assert view.summary_label.text() == "2 pairs · 100 % reviewed · 1 concern"


def test_review_with_notes_records_the_note_and_undo_removes_it(
    qtbot, context, ui_database, program
) -> None:
    from mentordesk.ui.dialogs.ethics_review_dialog import EthicsReviewDialog
    from tests.ui.conftest import run_dialog

    view = make_view(qtbot, context)
    view.select_cell(program["fresh"], G.BOUNDARIES)
    before = review_count(ui_database)

    def fill(dialog: EthicsReviewDialog) -> None:
        state = dialog.states[G.BOUNDARIES]
        state.setCurrentIndex(state.findData(EthicsState.CONCERN))
        qtbot.keyClicks(dialog.notes[G.BOUNDARIES], "Messages after hours.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, EthicsReviewDialog, fill)
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    assert latest_state(ui_database, program["fresh"], G.BOUNDARIES) == "concern"
    assert view.table.currentIndex().data() == "Concern"
    assert view.history.topLevelItem(0).text(3) == "Messages after hours."
    context.undo_stack.undo()
    assert review_count(ui_database) == before
