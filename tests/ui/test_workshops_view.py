"""Workshops view: plan a workshop, take attendance by typing and ticking, see pairs credited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mentordesk.domain.vocabularies import ActivityKind
from mentordesk.services.workshops import (
    attendance_sheet,
    list_workshops,
    pairs_credited,
    plan_workshop,
)
from mentordesk.store.database import Database
from mentordesk.store.models import Attendance, Workshop
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.workshop_dialog import WorkshopDialog
from mentordesk.ui.models.workshops_model import (
    AttendanceFilter,
    AttendanceModel,
    Role,
    WorkshopsModel,
)
from mentordesk.ui.views.workshops import WorkshopsView
from tests.factories import make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.fixture
def program(ui_database: Database, context: AppContext) -> dict[str, int]:
    """Ana mentors Ben, Cy mentors Dee; Eli is in no pair. A workshop last week."""
    today = date.today()
    with ui_database.transaction() as session:
        program = make_program(session, name="Autumn", start_date=today - timedelta(days=90))
        ana = make_person(session, name="Ana Ruiz", department="Sales", can_mentor=True)
        ben = make_person(session, name="Ben Okafor", department="Design")
        cy = make_person(session, name="Cy Lind", department="Finance", can_mentor=True)
        dee = make_person(session, name="Dee Park", department="Design")
        eli = make_person(session, name="Eli Moreau", department="Sales")
        first = make_pair(session, program, ana, ben, start_date=today - timedelta(days=60))
        second = make_pair(session, program, cy, dee, start_date=today - timedelta(days=60))
        workshop = plan_workshop(session, program.id, today - timedelta(days=7), "Feedback")
        ids = {
            "program": program.id,
            "ana": ana.id,
            "ben": ben.id,
            "cy": cy.id,
            "dee": dee.id,
            "eli": eli.id,
            "first": first.id,
            "second": second.id,
            "workshop": workshop.id,
        }
    context.set_program_id(ids["program"])
    return ids


def make_view(qtbot, context: AppContext) -> WorkshopsView:
    view = WorkshopsView(context)
    qtbot.addWidget(view)
    view.resize(1150, 700)
    view.refresh()
    view.show()
    qtbot.waitExposed(view)
    wait_for_workers(qtbot)
    return view


def present(database: Database, workshop_id: int) -> set[int]:
    with database.transaction() as session:
        return set(
            session.scalars(
                select(Attendance.person_id).where(Attendance.workshop_id == workshop_id)
            )
        )


def shown_names(view: WorkshopsView) -> list[str]:
    return [view.sheet_filter.index(row, 0).data() for row in range(view.sheet_filter.rowCount())]


def test_workshop_models_pass_the_model_tester(qtbot, qtmodeltester, ui_database, program):
    with ui_database.transaction() as session:
        rows = list_workshops(session, program["program"])
        marks = attendance_sheet(session, program["workshop"])
    workshops_model = WorkshopsModel()
    workshops_model.set_rows(rows)
    qtmodeltester.check(workshops_model)
    sheet = AttendanceModel()
    sheet.set_marks(marks)
    qtmodeltester.check(sheet)
    filtered = AttendanceFilter()
    filtered.setSourceModel(sheet)
    filtered.set_search("design")
    qtmodeltester.check(filtered)
    assert filtered.rowCount() == 2


def test_take_attendance_by_typing_and_space_and_see_the_pair_credited(
    qtbot, context, ui_database, program
) -> None:
    view = make_view(qtbot, context)
    assert view.heading.text().startswith("Feedback")
    view.list.setFocus()

    # Letters typed in the list go to the filter box; Space ticks the one found.
    qtbot.keyClicks(view.list, "ana")
    assert view.filter_edit.text() == "ana"
    assert shown_names(view) == ["Ana Ruiz — Sales"]
    qtbot.keyClick(view.list, Qt.Key.Key_Space)
    assert present(ui_database, program["workshop"]) == {program["ana"]}
    assert view.attendance_label.text() == "1 present · 0 pairs credited"

    # The next letters start a new search; the list stays on the person found.
    qtbot.keyClicks(view.list, "ben")
    assert view.filter_edit.text() == "ben"
    assert shown_names(view) == ["Ben Okafor — Design"]
    qtbot.keyClick(view.list, Qt.Key.Key_Space)
    assert present(ui_database, program["workshop"]) == {program["ana"], program["ben"]}
    assert view.attendance_label.text() == "2 present · 1 pair credited"
    assert [view.credited.item(i).text() for i in range(view.credited.count())] == [
        "Ana Ruiz → Ben Okafor"
    ]
    with ui_database.transaction() as session:
        assert [p.pair_id for p in pairs_credited(session, program["workshop"])] == [
            program["first"]
        ]
    # The workshops list follows.
    assert view.table.currentIndex().siblingAtColumn(4).data() == "1"

    # Escape clears the search; the whole sheet shows, ticks in place.
    qtbot.keyClick(view.list, Qt.Key.Key_Escape)
    assert len(shown_names(view)) == 5
    ticked = [
        view.sheet_filter.index(row, 0).data(Qt.ItemDataRole.CheckStateRole)
        for row in range(view.sheet_filter.rowCount())
    ]
    assert ticked.count(Qt.CheckState.Checked) == 2

    # Ctrl+Z takes the last tick back in the database.
    context.undo_stack.undo()
    assert present(ui_database, program["workshop"]) == {program["ana"]}


def test_enter_in_the_filter_box_ticks_and_the_list_stays_put(
    qtbot, context, ui_database, program
) -> None:
    view = make_view(qtbot, context)
    view.filter_edit.setFocus()
    qtbot.keyClicks(view.filter_edit, "design")
    assert shown_names(view) == ["Ben Okafor — Design", "Dee Park — Design"]
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Down)
    assert view.list.currentIndex().data() == "Dee Park — Design"
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Return)
    assert present(ui_database, program["workshop"]) == {program["dee"]}
    # Still the same two, in the same place, with the cursor on Dee.
    assert shown_names(view) == ["Ben Okafor — Design", "Dee Park — Design"]
    assert view.list.currentIndex().data() == "Dee Park — Design"
    assert view.filter_edit.selectedText() == "design"
    # Clicking a box ticks too.
    index = view.sheet_filter.index(0, 0)
    view.sheet_filter.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert present(ui_database, program["workshop"]) == {program["dee"], program["ben"]}
    # Untick with Space.
    view.list.setFocus()
    view.list.setCurrentIndex(view.sheet_filter.index(1, 0))
    qtbot.keyClick(view.list, Qt.Key.Key_Space)
    assert present(ui_database, program["workshop"]) == {program["ben"]}
    assert view.attendance_label.text() == "1 present · 0 pairs credited"


def test_plan_a_workshop_then_undo(qtbot, context, ui_database, program) -> None:
    view = make_view(qtbot, context)

    def fill(dialog: WorkshopDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Networking breakfast")
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(ActivityKind.NETWORKING.value))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, WorkshopDialog, fill)
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    with ui_database.transaction() as session:
        planned = session.scalars(
            select(Workshop).where(Workshop.title == "Networking breakfast")
        ).one()
        assert planned.kind == "networking"
        assert planned.day == date.today()
        planned_id = planned.id
    wait_for_workers(qtbot)  # the list is read again off the GUI thread
    assert view.table.currentIndex().data(Role.ID) == planned_id
    assert view.heading.text().startswith("Networking breakfast")
    context.undo_stack.undo()
    with ui_database.transaction() as session:
        assert session.get(Workshop, planned_id) is None


def test_plan_form_points_at_an_empty_title(qtbot, context, program) -> None:
    dialog = WorkshopDialog(context, program["program"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.marked_field == "title"


def test_delete_asks_and_undo_restores_attendance(
    qtbot, context, ui_database, messages, program
) -> None:
    view = make_view(qtbot, context)
    view.set_attendance(program["cy"], True)
    view.set_attendance(program["dee"], True)
    messages.answer = QMessageBox.StandardButton.Cancel
    view.delete_workshop()
    with ui_database.transaction() as session:
        assert session.get(Workshop, program["workshop"]) is not None
    messages.answer = QMessageBox.StandardButton.Yes
    view.delete_workshop()
    with ui_database.transaction() as session:
        assert session.scalars(select(Workshop)).all() == []
    context.undo_stack.undo()
    with ui_database.transaction() as session:
        restored = session.scalars(select(Workshop)).one()
        assert restored.title == "Feedback"
        restored_id = restored.id
    assert present(ui_database, restored_id) == {program["cy"], program["dee"]}


def test_in_the_window_keyboard_only_attendance(qtbot, make_window, ui_database, program):
    window = make_window()
    window.show_view("workshops")
    wait_for_workers(qtbot)
    view = window.views["workshops"]
    assert isinstance(view, WorkshopsView)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter on the workshop: to its sheet
    qtbot.waitUntil(lambda: view.list.hasFocus() or window.focusWidget() is view.list)
    for name in ("cy", "dee"):
        qtbot.keyClicks(view.list, name)
        qtbot.keyClick(view.list, Qt.Key.Key_Space)
    assert present(ui_database, program["workshop"]) == {program["cy"], program["dee"]}
    qtbot.waitUntil(lambda: view.attendance_label.text() == "2 present · 1 pair credited")
    window.undo_action.trigger()
    assert present(ui_database, program["workshop"]) == {program["cy"]}
    qtbot.waitUntil(lambda: view.attendance_label.text() == "1 present · 0 pairs credited")


# -- issue 15, finding 5 ---------------------------------------------------------------------


def test_space_in_the_filter_box_ticks_and_esc_empties_it(
    qtbot, context, ui_database, program
) -> None:
    view = make_view(qtbot, context)
    view.filter_edit.setFocus()
    qtbot.keyClicks(view.filter_edit, "dee")
    assert shown_names(view) == ["Dee Park — Design"]
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Space)  # as the hint says: Space or Enter
    assert present(ui_database, program["workshop"]) == {program["dee"]}
    assert view.filter_edit.text() == "dee"  # no space typed into the search
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Escape)
    assert view.filter_edit.text() == ""
    assert len(shown_names(view)) == 5
    # Shift+Space still types a space, for a first and last name.
    qtbot.keyClicks(view.filter_edit, "ana")
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(view.filter_edit, "ruiz")
    assert view.filter_edit.text() == "ana ruiz"
    assert shown_names(view) == ["Ana Ruiz — Sales"]
    assert present(ui_database, program["workshop"]) == {program["dee"]}


def test_present_only_shows_the_people_ticked(qtbot, context, ui_database, program) -> None:
    view = make_view(qtbot, context)
    view.set_attendance(program["ben"], True)
    view.set_attendance(program["eli"], True)
    qtbot.mouseClick(view.present_check, Qt.MouseButton.LeftButton)
    assert shown_names(view) == ["Ben Okafor — Design", "Eli Moreau — Sales"]
    view.list.setFocus()
    view.list.setCurrentIndex(view.sheet_filter.index(0, 0))
    qtbot.keyClick(view.list, Qt.Key.Key_Space)  # untick Ben: he leaves the list
    assert present(ui_database, program["workshop"]) == {program["eli"]}
    assert shown_names(view) == ["Eli Moreau — Sales"]
    view.set_attendance(program["eli"], False)
    assert shown_names(view) == []
    assert view.empty_sheet_label.isVisible()
    assert "Untick “Present only”" in view.empty_sheet_label.text()
    qtbot.mouseClick(view.present_check, Qt.MouseButton.LeftButton)
    assert len(shown_names(view)) == 5
    assert not view.empty_sheet_label.isVisible()


def test_an_empty_program_does_not_ask_to_choose_a_program(
    qtbot, context, ui_database, program
) -> None:
    view = WorkshopsView(context)  # made before a program is chosen, as in the window
    qtbot.addWidget(view)
    with ui_database.transaction() as session:
        empty = make_program(session, name="Empty", start_date=date.today())
        empty_id = empty.id
    context.set_program_id(empty_id)
    view.refresh()
    view.show()
    wait_for_workers(qtbot)
    assert view.no_workshop_label.isVisible()
    assert "Choose a program" not in view.no_workshop_label.text()
    assert view.no_workshop_label.text().startswith("Plan a workshop")


def test_a_workshop_gets_a_time_a_place_and_a_facilitator(
    qtbot, context, ui_database, program
) -> None:
    from datetime import time

    view = make_view(qtbot, context)

    def fill(dialog: WorkshopDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Listening lab")
        dialog.time_edit.setFocus()
        qtbot.keyClicks(dialog.time_edit, "14:30")
        qtbot.keyClicks(dialog.place_edit, "Room 4.12")
        qtbot.keyClicks(dialog.facilitator_edit, "Mara Klein")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, WorkshopDialog, fill)
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    with ui_database.transaction() as session:
        planned = session.scalars(select(Workshop).where(Workshop.title == "Listening lab")).one()
        assert (planned.start_time, planned.place, planned.facilitator) == (
            time(14, 30),
            "Room 4.12",
            "Mara Klein",
        )
    wait_for_workers(qtbot)
    assert "Room 4.12" in view.details_label.text()
    assert "led by Mara Klein" in view.details_label.text()

    # A time that is no time is pointed at in the form.
    def wrong(dialog: WorkshopDialog) -> None:
        dialog.time_edit.setText("25:99")
        dialog.accept()
        assert dialog.isVisible()
        assert dialog.marked_field == "start_time"
        dialog.time_edit.setText("")
        dialog.place_edit.clear()
        dialog.accept()

    run_dialog(qtbot, WorkshopDialog, wrong)
    view.edit_workshop()
    with ui_database.transaction() as session:
        edited = session.scalars(select(Workshop).where(Workshop.title == "Listening lab")).one()
        assert (edited.start_time, edited.place, edited.facilitator) == (None, None, "Mara Klein")
    context.undo_stack.undo()  # the edit is undone with its details
    with ui_database.transaction() as session:
        edited = session.scalars(select(Workshop).where(Workshop.title == "Listening lab")).one()
        assert (edited.start_time, edited.place) == (time(14, 30), "Room 4.12")


def test_the_workshops_are_read_off_the_gui_thread_and_listed(
    qtbot, context, program, monkeypatch
) -> None:
    import threading

    from mentordesk.services import workshops

    threads: list[threading.Thread] = []
    read = workshops.list_workshops

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(workshops, "list_workshops", watched)
    view = make_view(qtbot, context)
    assert threads and threading.main_thread() not in threads
    assert view.model.rowCount() == 1
    assert view.table.currentIndex().data(Role.ID) == program["workshop"]
    assert view.count_label.text() == "1 workshop"
