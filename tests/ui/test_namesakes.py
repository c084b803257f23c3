"""People with the same name are told apart in Pairs and in the match assistant by their
department, and Pairs has a column chooser as People has (issue 15, finding 9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu

from mentordesk.store.database import Database
from mentordesk.store.models import Pair
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.match_assistant import MatchAssistant
from mentordesk.ui.models.roster import Column
from tests.factories import make_pair, make_person, make_program
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import days_ago


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


def namesakes(database: Database) -> dict[str, int]:
    """Two Ana Ruiz who mentor (Sales, Finance), each paired with a mentee; Ben needs one."""
    with database.transaction() as session:
        program = make_program(session, name="Spring", start_date=days_ago(100))
        sales = make_person(
            session, name="Ana Ruiz", department="Sales", can_mentor=True, capacity=3
        )
        finance = make_person(
            session, name="Ana Ruiz", department="Finance", can_mentor=True, capacity=3
        )
        make_pair(session, program, sales, make_person(session, name="Cy Lind"))
        make_pair(session, program, finance, make_person(session, name="Dee Park"))
        ben = make_person(session, name="Ben Okafor", department="Design")
        return {"program": program.id, "ben": ben.id, "sales": sales.id}


def test_pairs_show_each_persons_department_next_to_the_name(
    qtbot, make_window, ui_database
) -> None:
    namesakes(ui_database)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    header = view.table.horizontalHeader()
    assert header.visualIndex(Column.MENTOR_DEPARTMENT) == header.visualIndex(Column.MENTOR) + 1
    assert not header.isSectionHidden(Column.MENTOR_DEPARTMENT)
    lines = {
        (
            view.model.index(row, Column.MENTOR).data(),
            view.model.index(row, Column.MENTOR_DEPARTMENT).data(),
            view.model.index(row, Column.MENTEE).data(),
        )
        for row in range(view.model.rowCount())
    }
    assert lines == {("Ana Ruiz", "Sales", "Cy Lind"), ("Ana Ruiz", "Finance", "Dee Park")}


def test_the_pairs_header_chooses_its_columns(qtbot, make_window, ui_database) -> None:
    namesakes(ui_database)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    header = window.views["pairs"].table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(10, 5))
    menu = header.findChild(QMenu)
    assert menu is not None
    actions = {action.text(): action for action in menu.actions()}
    assert not actions["Mentor"].isEnabled()  # the names always stay
    actions["Mentee dept."].trigger()
    assert header.isSectionHidden(Column.MENTEE_DEPARTMENT)
    menu.close()


def test_the_match_assistant_tells_two_mentors_of_one_name_apart(
    qtbot, context: AppContext, ui_database
) -> None:
    ids = namesakes(ui_database)
    context.set_program_id(ids["program"])
    dialog = MatchAssistant(context, mentee_id=ids["ben"])
    qtbot.addWidget(dialog)
    proposed = {
        (dialog.proposed.topLevelItem(i).text(1), dialog.proposed.topLevelItem(i).text(2))
        for i in range(dialog.proposed.topLevelItemCount())
    }
    assert proposed == {("Ana Ruiz", "Sales"), ("Ana Ruiz", "Finance")}
    assert dialog.proposed.headerItem().text(2) == "Department"
    chosen = next(
        dialog.proposed.topLevelItem(i)
        for i in range(dialog.proposed.topLevelItemCount())
        if dialog.proposed.topLevelItem(i).text(2) == "Sales"
    )
    dialog.proposed.setCurrentItem(chosen)
    assert "Ana Ruiz</b> (Sales)" in dialog.why.text()
    dialog.show()
    # Pairing with the one chosen creates the pair with that very person.
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    with ui_database.transaction() as session:
        pair = session.get(Pair, dialog.pair_id)
        assert (pair.mentor_id, pair.mentee_id) == (ids["sales"], ids["ben"])
