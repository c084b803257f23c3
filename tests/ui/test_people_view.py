"""People view: search the directory, add and edit people, refuse a manager cycle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mentordesk.services.people import directory
from mentordesk.store.database import Database
from mentordesk.store.models import Person
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.person_dialog import PersonDialog
from mentordesk.ui.models.people_model import Column, PeopleFilter, PeopleModel, Role
from mentordesk.ui.views.people import PeopleView
from mentordesk.ui.widgets.tag_editor import TagEditor
from tests.factories import make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.fixture
def team(ui_database: Database) -> dict[str, int]:
    """Ana manages Ben, Ben manages Cy; Ana mentors Dee in a program."""
    with ui_database.transaction() as session:
        ana = make_person(
            session,
            name="Ana Ruiz",
            department="Engineering",
            can_mentor=True,
            capacity=2,
            skills=["python", "leadership"],
        )
        ben = make_person(session, name="Ben Okafor", department="Sales", manager_id=ana.id)
        cy = make_person(session, name="Cy Lind", department="Finance", manager_id=ben.id)
        dee = make_person(session, name="Dee Park", department="Design", active=False)
        program = make_program(session, name="Spring cohort", start_date=date(2027, 1, 4))
        make_pair(session, program, ana, dee, start_date=date(2027, 2, 1))
        return {"ana": ana.id, "ben": ben.id, "cy": cy.id, "dee": dee.id}


def make_view(qtbot, context: AppContext) -> PeopleView:
    view = PeopleView(context)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.refresh()
    view.show()
    qtbot.waitExposed(view)
    wait_for_workers(qtbot)
    return view


def row_names(view: PeopleView) -> list[str]:
    return [view.proxy.index(row, Column.NAME).data() for row in range(view.proxy.rowCount())]


# -- the model ---------------------------------------------------------------------------------


def test_people_model_passes_the_model_tester(qtbot, qtmodeltester, ui_database, team):
    with ui_database.transaction() as session:
        rows = directory(session)
    model = PeopleModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = PeopleFilter()
    proxy.setSourceModel(model)
    proxy.set_search("an")
    qtmodeltester.check(proxy)


def test_people_model_shows_mentoring_and_status_in_words(qtbot, ui_database, team) -> None:
    with ui_database.transaction() as session:
        rows = directory(session)
    model = PeopleModel()
    model.set_rows(rows)
    ana = model.row_of(team["ana"])
    dee = model.row_of(team["dee"])
    assert model.index(ana, Column.MENTORING).data() == "1 of 2 mentees"
    assert model.index(ana, Column.SKILLS).data() == "python, leadership"
    assert model.index(dee, Column.NAME).data() == "Dee Park (left)"
    assert model.index(dee, Column.MENTORING).data() == "—"
    assert model.index(ana, Column.NAME).data(Role.PERSON_ID) == team["ana"]


# -- the view ----------------------------------------------------------------------------------


def test_search_as_you_type_and_filters(qtbot, context, team) -> None:
    view = make_view(qtbot, context)
    assert row_names(view) == ["Ana Ruiz", "Ben Okafor", "Cy Lind", "Dee Park (left)"]
    qtbot.keyClicks(view.search_edit, "sal")
    assert row_names(view) == ["Ben Okafor"]
    assert view.count_label.text() == "1 of 4 people shown"
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "python")  # skills are searched too
    assert row_names(view) == ["Ana Ruiz"]
    view.search_edit.clear()
    view.left_check.setChecked(False)
    assert "Dee Park (left)" not in row_names(view)
    view.mentors_check.setChecked(True)
    assert row_names(view) == ["Ana Ruiz"]


def test_sorting_keeps_the_chosen_person(qtbot, context, team) -> None:
    view = make_view(qtbot, context)
    view.select_person(team["cy"])
    view.table.sortByColumn(Column.DEPARTMENT, Qt.SortOrder.AscendingOrder)
    # Design, Engineering, Finance, Sales
    assert row_names(view) == ["Dee Park (left)", "Ana Ruiz", "Cy Lind", "Ben Okafor"]
    assert view.table.currentIndex().data(Role.PERSON_ID) == team["cy"]
    view.table.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert row_names(view) == ["Dee Park (left)", "Cy Lind", "Ben Okafor", "Ana Ruiz"]
    assert view.current_person_id == team["cy"]
    # A reload keeps the order chosen.
    view.refresh()
    wait_for_workers(qtbot)
    assert row_names(view)[0] == "Dee Park (left)"


def test_side_pane_lists_the_persons_pairs_and_opens_one(qtbot, context, team) -> None:
    view = make_view(qtbot, context)
    assert view.select_person(team["ana"])
    assert view.pane.name_label.text() == "Ana Ruiz"
    assert view.pane.pairs.count() == 1
    lines = view.pane.pairs.item(0).text().splitlines()
    assert lines[0] == "Dee Park (mentee)"
    assert lines[1] == "Informal · Active · since 1 Feb 2027 · Spring cohort"
    opened: list[int] = []
    context.open_pair_requested.connect(opened.append)
    view.pane.pairs.setFocus()
    qtbot.keyClick(view.pane.pairs, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert view.select_person(team["cy"])
    assert view.pane.no_pairs_label.isVisible()
    assert not view.pane.open_pair_button.isEnabled()


def test_add_a_person_through_the_form(qtbot, context, ui_database, team) -> None:
    view = make_view(qtbot, context)

    def fill(dialog: PersonDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Eli Moreau")
        qtbot.keyClicks(dialog.email_edit, "Eli.Moreau@Example.org")
        # Set, not typed: typing opens the completer popup, which offscreen Qt cannot raise.
        dialog.department_edit.setText("Engineering")
        dialog.manager_box.setCurrentIndex(dialog.manager_box.findData(team["ana"]))
        tags = dialog.skills_editor.line_edit()
        qtbot.keyClicks(tags, "coaching")
        qtbot.keyClick(tags, Qt.Key.Key_Return)  # adds the tag, does not close the form
        assert dialog.isVisible()
        qtbot.keyClicks(tags, "sql, data")
        dialog.can_mentor_check.setChecked(True)
        dialog.capacity_spin.setValue(3)
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    qtbot.keyClicks(view.search_edit, "sal")  # Eli will not match: shown anyway once saved
    run_dialog(qtbot, PersonDialog, fill)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert view.search_edit.text() == ""

    with ui_database.transaction() as session:
        eli = session.scalars(select(Person).where(Person.name == "Eli Moreau")).one()
        assert eli.email == "eli.moreau@example.org"
        assert eli.manager_id == team["ana"]
        assert eli.skills == ["coaching", "sql", "data"]
        assert eli.can_mentor and eli.capacity == 3
        eli_id = eli.id
    assert view.current_person_id == eli_id
    assert "Eli Moreau" in row_names(view)
    assert view.pane.fields["manager"].text() == "Ana Ruiz"

    # Edit → Undo takes the addition back; Redo adds Eli again, as typed.
    assert context.undo_stack.undoText() == "Add Eli Moreau"
    context.undo_stack.undo()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        assert session.scalars(select(Person).where(Person.name == "Eli Moreau")).all() == []
    view.refresh()  # the window refreshes its views on every change; here by hand
    wait_for_workers(qtbot)
    assert "Eli Moreau" not in row_names(view)
    context.undo_stack.redo()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        again = session.scalars(select(Person).where(Person.name == "Eli Moreau")).one()
        assert again.email == "eli.moreau@example.org"
        assert again.skills == ["coaching", "sql", "data"]


def test_a_manager_cycle_is_refused_at_the_manager_field(qtbot, context, ui_database, team):
    dialog = PersonDialog(context, team["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    # Ana manages Ben, who manages Cy: Cy cannot become Ana's manager.
    dialog.manager_box.setCurrentIndex(dialog.manager_box.findData(team["cy"]))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.marked_field == "manager"
    assert dialog.problem_label.isVisible()
    assert "Ana Ruiz cannot report to Cy Lind" in dialog.problem_label.text()
    assert "Cy Lind → Ben Okafor → Ana Ruiz" in dialog.problem_label.text()
    assert dialog.focusWidget() in (dialog.manager_box, dialog.manager_box.lineEdit())
    with ui_database.transaction() as session:
        assert session.get(Person, team["ana"]).manager_id is None

    # Choosing someone outside her line is saved.
    dialog.manager_box.setCurrentIndex(dialog.manager_box.findData(team["dee"]))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with ui_database.transaction() as session:
        assert session.get(Person, team["ana"]).manager_id == team["dee"]


def test_a_typed_manager_who_is_nobody_is_refused(qtbot, context, team) -> None:
    dialog = PersonDialog(context, team["cy"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.manager_box.setEditText("Nobody Here")
    dialog.accept()
    assert dialog.marked_field == "manager"
    assert "Nobody in the directory is called “Nobody Here”" in dialog.problem_label.text()


def test_form_points_at_a_duplicate_email_and_a_missing_name(qtbot, context, ui_database, team):
    with ui_database.transaction() as session:
        ana_email = session.get(Person, team["ana"]).email
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.marked_field == "name"
    assert dialog.problem_label.text() == "Give the person's name."
    qtbot.keyClicks(dialog.name_edit, "Fay Holm")
    qtbot.keyClicks(dialog.email_edit, ana_email)
    dialog.accept()
    assert dialog.marked_field == "email"
    assert "already used by Ana Ruiz" in dialog.problem_label.text()
    assert dialog.isVisible()


def test_form_asks_before_discarding_typed_text(qtbot, context, messages, team) -> None:
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: closes without asking
    assert not messages.shown
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "Half typed")
    messages.answer = QMessageBox.StandardButton.Cancel
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert messages.shown[-1][0] == "question"
    messages.answer = QMessageBox.StandardButton.Discard
    dialog.reject()
    assert not dialog.isVisible()


def test_edit_marks_someone_as_left(qtbot, context, ui_database, team) -> None:
    view = make_view(qtbot, context)
    view.select_person(team["ben"])

    def leave(dialog: PersonDialog) -> None:
        assert dialog.name_edit.text() == "Ben Okafor"
        dialog.left_check.setChecked(True)
        dialog.accept()

    run_dialog(qtbot, PersonDialog, leave)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        assert session.get(Person, team["ben"]).active is False
    assert view.pane.name_label.text() == "Ben Okafor  (left)"
    # Edit → Undo puts the person back as they were.
    context.undo_stack.undo()
    with ui_database.transaction() as session:
        assert session.get(Person, team["ben"]).active is True


# -- the tag editor ----------------------------------------------------------------------------


def test_tag_editor_adds_removes_and_keeps_pending_text(qtbot) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.show()
    edit = editor.line_edit()
    qtbot.keyClicks(edit, "Python")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "python, SQL,  data   science ")
    assert editor.tags == ["Python", "SQL", "data science"]
    assert edit.text() == "data   science "  # still typed, yet counted as a tag
    edit.clear()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # empty box: removes the last tag
    assert editor.tags == ["Python"]
    editor.set_tags(["a", "b"])
    assert editor.tags == ["a", "b"]
    editor.remove_tag("A")
    assert editor.tags == ["b"]
