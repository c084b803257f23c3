"""Ctrl+L and Ctrl+T act on what is selected wherever it is (issue 15, finding 6): the pair
selected in the dashboard's attention list, the person selected in People (their active
pair, or the one the coordinator picks when there are several)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select

from mentordesk.store.database import Database
from mentordesk.store.models import Activity
from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog
from mentordesk.ui.models.attention import PAIR_ID_ROLE
from tests.factories import add_assessment, make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers
from tests.ui.pairs_setup import days_ago

CTRL = Qt.KeyboardModifier.ControlModifier


def scene(database: Database) -> dict[str, int]:
    """Ana mentors Ben and Cy (both low trust: on the dashboard's list); Dee mentors Eli."""
    with database.transaction() as session:
        program = make_program(session, name="Spring", start_date=days_ago(200))
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=3)
        ben = make_person(session, name="Ben Okafor")
        cy = make_person(session, name="Cy Lind")
        dee = make_person(session, name="Dee Park", can_mentor=True, capacity=3)
        eli = make_person(session, name="Eli Moreau")
        ids = {"program": program.id, "ana": ana.id, "ben": ben.id, "eli": eli.id}
        for name, mentor, mentee in (("ben", ana, ben), ("cy", ana, cy), ("eli", dee, eli)):
            pair = make_pair(session, program, mentor, mentee, start_date=days_ago(90))
            ids[f"pair_{name}"] = pair.id
        add_assessment(session, session.get_one(type(pair), ids["pair_ben"]), days_ago(10), 2)
        add_assessment(session, session.get_one(type(pair), ids["pair_cy"]), days_ago(10), 2)
    return ids


def activities_of(database: Database) -> list[int]:
    with database.transaction() as session:
        return list(session.scalars(select(Activity.pair_id).order_by(Activity.id)))


def log_with_enter(qtbot, window, key_target) -> None:
    """Ctrl+L on ``key_target``; Enter in the form logs a held check-in today."""

    def drive(dialog: ActivityDialog) -> None:
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)

    driver = run_dialog(qtbot, ActivityDialog, drive)
    qtbot.keyClick(key_target, Qt.Key.Key_L, CTRL)
    driver.finish()


def test_ctrl_l_in_the_dashboard_logs_for_the_pair_selected_there(
    qtbot, make_window, ui_database
) -> None:
    ids = scene(ui_database)
    window = make_window()
    window.show_view("dashboard")
    wait_for_workers(qtbot)
    dashboard = window.views["dashboard"]
    table = dashboard.attention
    rows = {table.model().index(r, 0).data(PAIR_ID_ROLE): r for r in range(2)}
    table.setFocus()
    table.selectRow(rows[ids["pair_cy"]])
    log_with_enter(qtbot, window, table)
    assert activities_of(ui_database) == [ids["pair_cy"]]
    assert window.current_view_name() == "dashboard"


def test_ctrl_t_in_the_dashboard_opens_the_questionnaire_for_that_pair(
    qtbot, make_window, ui_database
) -> None:
    ids = scene(ui_database)
    window = make_window()
    window.show_view("dashboard")
    wait_for_workers(qtbot)
    table = window.views["dashboard"].attention
    rows = {table.model().index(r, 0).data(PAIR_ID_ROLE): r for r in range(2)}
    table.selectRow(rows[ids["pair_ben"]])
    seen: list[int] = []
    driver = run_dialog(qtbot, AssessmentDialog, lambda dialog: seen.append(dialog.pair.id))
    qtbot.keyClick(table, Qt.Key.Key_T, CTRL)
    driver.finish()
    assert seen == [ids["pair_ben"]]


def test_ctrl_l_on_a_person_in_people_logs_for_their_active_pair(
    qtbot, make_window, ui_database
) -> None:
    ids = scene(ui_database)
    window = make_window()
    window.show_view("people")
    wait_for_workers(qtbot)
    people = window.views["people"]
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(people.search_edit, "eli")
    qtbot.keyClick(people.search_edit, Qt.Key.Key_Down)
    assert people.current_person_id == ids["eli"]
    log_with_enter(qtbot, window, people.table)
    assert activities_of(ui_database) == [ids["pair_eli"]]


def test_with_several_active_pairs_the_coordinator_is_asked_which(
    qtbot, make_window, ui_database
) -> None:
    ids = scene(ui_database)
    window = make_window()
    window.show_view("people")
    wait_for_workers(qtbot)
    people = window.views["people"]
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(people.search_edit, "ana")
    qtbot.keyClick(people.search_edit, Qt.Key.Key_Down)
    assert people.current_person_id == ids["ana"]
    asked: list[list[str]] = []

    def choose_cy(dialog: QInputDialog) -> None:
        asked.append(dialog.comboBoxItems())
        dialog.setTextValue(next(item for item in dialog.comboBoxItems() if "Cy Lind" in item))
        dialog.accept()

    asking = run_dialog(qtbot, QInputDialog, choose_cy)
    log_with_enter(qtbot, window, people.table)
    asking.finish()
    assert len(asked) == 1 and len(asked[0]) == 2
    assert activities_of(ui_database) == [ids["pair_cy"]]

    # Cancelled: nothing is logged, and the status bar says why nothing happened.
    cancelled = run_dialog(qtbot, QInputDialog, lambda dialog: dialog.reject())
    qtbot.keyClick(people.table, Qt.Key.Key_L, CTRL)
    cancelled.finish()
    assert activities_of(ui_database) == [ids["pair_cy"]]
