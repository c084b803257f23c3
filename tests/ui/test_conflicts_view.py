"""Conflict log: filters, the timeline, moving a conflict on (only legal states), undo,
and confidential text hidden until asked for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from mentordesk.domain.conflicts import next_statuses
from mentordesk.domain.vocabularies import ConflictKind, ConflictStatus, Severity
from mentordesk.services.conflicts import conflict_detail, list_conflicts
from mentordesk.store.database import Database
from mentordesk.store.models import Conflict, ConflictStep
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.conflict_detail_dialog import ConflictDialog
from mentordesk.ui.dialogs.move_conflict_dialog import MoveConflictDialog
from mentordesk.ui.formatting import short_date
from mentordesk.ui.models.conflicts_model import Column, ConflictsModel, ConflictsSorter
from mentordesk.ui.views import conflicts as conflicts_view
from mentordesk.ui.views.conflicts import ConflictsView
from tests.factories import add_conflict, make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers

SECRET = "Mentor repeated the mentee's health worries to the team."


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.fixture
def log(ui_database: Database, context: AppContext) -> dict[str, int]:
    """Three conflicts: an old open disagreement, a confidential breach, a resolved one."""
    today = date.today()
    with ui_database.transaction() as session:
        program = make_program(session, name="Autumn", start_date=today - timedelta(days=400))
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=3)
        ben = make_person(session, name="Ben Okafor")
        cy = make_person(session, name="Cy Lind")
        first = make_pair(session, program, ana, ben, start_date=today - timedelta(days=300))
        second = make_pair(session, program, ana, cy, start_date=today - timedelta(days=300))
        old = add_conflict(
            session,
            first,
            today - timedelta(days=60),
            kind="disagreement",
            severity="low",
            description="They disagree about the meeting rhythm.",
        )
        breach = add_conflict(
            session,
            second,
            today - timedelta(days=10),
            kind="confidentiality_breach",
            severity="high",
            confidential=True,
            description=SECRET,
            steps=((today - timedelta(days=8), "in_dialogue"),),
        )
        session.get(ConflictStep, breach.steps[0].id).note = "Talked it through; " + SECRET
        done = add_conflict(
            session,
            first,
            today - timedelta(days=90),
            kind="other",
            severity="medium",
            description="A scheduling mix-up.",
            steps=((today - timedelta(days=85), "resolved"),),
        )
        ids = {
            "program": program.id,
            "old": old.id,
            "breach": breach.id,
            "done": done.id,
            "first": first.id,
            "second": second.id,
        }
    context.set_program_id(ids["program"])
    return ids


def make_view(qtbot, context: AppContext) -> ConflictsView:
    view = ConflictsView(context)
    qtbot.addWidget(view)
    view.resize(1150, 720)
    view.refresh()
    view.show()
    qtbot.waitExposed(view)
    wait_for_workers(qtbot)
    return view


def shown_ids(qtbot, view: ConflictsView) -> list[int]:
    wait_for_workers(qtbot)  # the log is read off the GUI thread
    return [
        view.sorter.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)
        for row in range(view.sorter.rowCount())
    ]


def test_conflicts_model_passes_the_model_tester(qtbot, qtmodeltester, ui_database, log) -> None:
    with ui_database.transaction() as session:
        rows = list_conflicts(session, log["program"])
    model = ConflictsModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    sorter = ConflictsSorter()
    sorter.setSourceModel(model)
    sorter.sort(Column.SEVERITY)
    qtmodeltester.check(sorter)
    breach = model.row_of(log["breach"])
    assert model.index(breach, Column.DESCRIPTION).data() == "Confidential"
    # A lock beside the pair (the description column may be hidden), none for others.
    assert model.index(breach, Column.PAIR).data(Qt.ItemDataRole.DecorationRole) is not None
    old = model.row_of(log["old"])
    assert model.index(old, Column.PAIR).data(Qt.ItemDataRole.DecorationRole) is None
    assert SECRET not in str(
        model.index(breach, Column.DESCRIPTION).data(Qt.ItemDataRole.ToolTipRole)
    )


def test_filters_narrow_the_log(qtbot, context, log) -> None:
    view = make_view(qtbot, context)
    assert set(shown_ids(qtbot, view)) == {log["old"], log["breach"], log["done"]}
    view.status_box.setCurrentIndex(view.status_box.findData("not_ended"))
    assert set(shown_ids(qtbot, view)) == {log["old"], log["breach"]}
    view.severity_box.setCurrentIndex(view.severity_box.findData(Severity.HIGH))
    assert shown_ids(qtbot, view) == [log["breach"]]
    view.severity_box.setCurrentIndex(0)
    view.older_check.setChecked(True)
    view.days_spin.setValue(30)
    assert shown_ids(qtbot, view) == [log["old"]]
    view.older_check.setChecked(False)
    view.status_box.setCurrentIndex(0)
    view.kind_box.setCurrentIndex(view.kind_box.findData(ConflictKind.OTHER))
    assert shown_ids(qtbot, view) == [log["done"]]
    view.kind_box.setCurrentIndex(0)
    view.pair_box.setCurrentIndex(view.pair_box.findData(log["second"]))
    assert shown_ids(qtbot, view) == [log["breach"]]
    assert view.count_label.text() == "1 conflict, 1 not ended"


def test_confidential_text_is_hidden_until_clicked_and_again_on_another_row(
    qtbot, context, log
) -> None:
    view = make_view(qtbot, context)
    assert view.select_conflict(log["breach"])
    pane = view.pane
    assert pane.lock_frame.isVisible()
    assert pane.reveal_button.isVisible()
    assert SECRET not in pane.texts["description"].text()
    notes = [note for _day, _status, note in pane.timeline.entries()]
    assert notes == ["", "Hidden (confidential)"]

    qtbot.mouseClick(pane.reveal_button, Qt.MouseButton.LeftButton)
    assert view.confidential_revealed
    assert pane.texts["description"].text() == SECRET
    assert SECRET in pane.timeline.entries()[1][2]
    assert not pane.reveal_button.isVisible()

    # Moving to another row hides it; coming back does not show it again.
    view.table.setFocus()
    view.select_conflict(log["old"])
    assert not view.confidential_revealed
    view.select_conflict(log["breach"])
    assert SECRET not in pane.texts["description"].text()
    assert not any(SECRET in note for _day, _status, note in pane.timeline.entries())
    assert pane.reveal_button.isVisible()


def test_move_a_conflict_through_its_states_offering_only_legal_ones(
    qtbot, context, ui_database, log
) -> None:
    view = make_view(qtbot, context)
    view.select_conflict(log["old"])
    offered: list[list[ConflictStatus]] = []

    def move_to(status: ConflictStatus, note: str):
        def drive(dialog: MoveConflictDialog) -> None:
            offered.append(
                [dialog.status_box.itemData(i) for i in range(dialog.status_box.count())]
            )
            dialog.status_box.setCurrentIndex(dialog.status_box.findData(status))
            qtbot.keyClicks(dialog.note_edit, note)
            if status is ConflictStatus.RESOLVED:  # resolving asks what caused it and the outcome
                qtbot.keyClicks(dialog.root_cause_edit, "Unclear meeting rhythm.")
                qtbot.keyClicks(dialog.outcome_edit, "A fortnightly slot both keep.")
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

        return drive

    for status, note in (
        (ConflictStatus.IN_DIALOGUE, "Both sat down together."),
        (ConflictStatus.MEDIATION, "HR mediator joined."),
        (ConflictStatus.RESOLVED, "New rhythm agreed."),
    ):
        run_dialog(qtbot, MoveConflictDialog, move_to(status, note))
        qtbot.mouseClick(view.pane.move_button, Qt.MouseButton.LeftButton)
        wait_for_workers(qtbot)

    assert offered[0] == list(next_statuses(ConflictStatus.OPEN))
    assert offered[1] == list(next_statuses(ConflictStatus.IN_DIALOGUE))
    assert offered[2] == list(next_statuses(ConflictStatus.MEDIATION))
    assert ConflictStatus.OPEN not in offered[0]
    with ui_database.transaction() as session:
        conflict = session.get(Conflict, log["old"])
        assert conflict.status == "resolved"
        steps = session.scalars(
            select(
                ConflictStep.status,
            )
            .where(ConflictStep.conflict_id == log["old"])
            .order_by(ConflictStep.position)
        ).all()
        assert steps == ["in_dialogue", "mediation", "resolved"]
    assert view.current_conflict_id == log["old"]
    entries = view.pane.timeline.entries()
    assert [status for _day, status, _note in entries] == [
        "Opened",
        "In dialogue",
        "In mediation",
        "Resolved",
    ]
    assert entries[3][2] == "New rhythm agreed."

    # A resolved conflict may only be reopened or taken back into dialogue.
    run_dialog(
        qtbot,
        MoveConflictDialog,
        lambda d: (
            offered.append([d.status_box.itemData(i) for i in range(d.status_box.count())]),
            d.reject(),
        ),
    )
    qtbot.mouseClick(view.pane.move_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert offered[-1] == [ConflictStatus.OPEN, ConflictStatus.IN_DIALOGUE]

    # Ctrl+Z takes the last step back in the database.
    context.undo_stack.undo()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        assert session.get(Conflict, log["old"]).status == "mediation"
    context.undo_stack.redo()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        assert session.get(Conflict, log["old"]).status == "resolved"


def test_a_step_dated_before_the_previous_one_is_refused_at_the_date(qtbot, context, log) -> None:
    with context.transaction() as session:
        detail = conflict_detail(session, log["breach"])
    dialog = MoveConflictDialog(context, detail)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.day_field.set_value(date.today() - timedelta(days=9))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.marked_field == "day"
    assert "before the previous step" in dialog.problem_label.text()


def test_log_a_confidential_conflict_and_undo_it(qtbot, context, ui_database, log) -> None:
    view = make_view(qtbot, context)

    def fill(dialog: ConflictDialog) -> None:
        dialog.pair_box.setCurrentIndex(dialog.pair_box.findData(log["first"]))
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(ConflictKind.BOUNDARY_ISSUE))
        qtbot.keyClicks(dialog.description_edit, "Messages late at night.")
        dialog.confidential_check.setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, ConflictDialog, fill)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        created = session.scalars(select(Conflict).where(Conflict.kind == "boundary_issue")).one()
        assert created.confidential and created.pair_id == log["first"]
        created_id = created.id
    assert view.current_conflict_id == created_id
    assert view.pane.reveal_button.isVisible()
    context.undo_stack.undo()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        assert session.get(Conflict, created_id) is None


def test_edit_details_records_root_cause_and_undo_restores(qtbot, context, ui_database, log):
    view = make_view(qtbot, context)
    view.select_conflict(log["old"])

    def fill(dialog: ConflictDialog) -> None:
        assert dialog.description_edit.toPlainText() == "They disagree about the meeting rhythm."
        qtbot.keyClicks(dialog.root_cause_edit, "Unclear expectations at the start.")
        dialog.severity_box.setCurrentIndex(dialog.severity_box.findData(Severity.HIGH))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, ConflictDialog, fill)
    qtbot.mouseClick(view.pane.edit_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        conflict = session.get(Conflict, log["old"])
        assert conflict.root_cause == "Unclear expectations at the start."
        assert conflict.severity == "high"
    assert view.pane.texts["root_cause"].text() == "Unclear expectations at the start."
    context.undo_stack.undo()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        conflict = session.get(Conflict, log["old"])
        assert conflict.root_cause == ""
        assert conflict.severity == "low"


def test_looking_back_shows_the_log_of_that_day_and_keeps_it_unchanged(
    qtbot, context, log, monkeypatch
) -> None:
    view = make_view(qtbot, context)
    asked: list[object] = []
    monkeypatch.setattr(conflicts_view, "exec_dialog", lambda dialog: asked.append(dialog))
    today = date.today()
    assert set(shown_ids(qtbot, view)) == {log["old"], log["breach"], log["done"]}

    # Nine days ago: the breach was opened but not yet in dialogue; eighty-eight days
    # ago the scheduling mix-up was open and nothing else existed.
    context.set_as_of(today - timedelta(days=9))
    view.refresh()
    wait_for_workers(qtbot)
    assert set(shown_ids(qtbot, view)) == {log["old"], log["breach"], log["done"]}
    assert view.count_label.text().endswith(f"on {short_date(today - timedelta(days=9))}")
    view.select_conflict(log["breach"])
    assert "Open since" in view.pane.subtitle_label.text()
    assert not view.pane.move_button.isEnabled()
    assert not view.pane.edit_button.isEnabled()
    assert "choose Today" in view.pane.move_button.toolTip()
    assert not view.new_button.isEnabled()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter moves a conflict on today
    assert asked == []

    context.set_as_of(today - timedelta(days=88))
    view.refresh()
    wait_for_workers(qtbot)
    assert shown_ids(qtbot, view) == [log["done"]]
    view.select_conflict(log["done"])
    assert "Open since" in view.pane.subtitle_label.text()

    context.set_as_of(None)
    view.refresh()
    wait_for_workers(qtbot)
    view.select_conflict(log["breach"])
    assert "In dialogue since" in view.pane.subtitle_label.text()
    assert view.pane.move_button.isEnabled() and view.new_button.isEnabled()
    assert view.pane.move_button.toolTip() == "Record the next step: only the statuses allowed next"
    with context.database.transaction() as session:
        assert session.get(Conflict, log["breach"]).status == "in_dialogue"


def test_the_log_is_read_off_the_gui_thread_and_shows_its_conflicts(
    qtbot, context, log, monkeypatch
) -> None:
    import threading

    from mentordesk.services import conflicts

    threads: list[threading.Thread] = []
    read = conflicts.list_conflicts

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(conflicts, "list_conflicts", watched)
    view = make_view(qtbot, context)
    assert threads and threading.main_thread() not in threads
    assert set(shown_ids(qtbot, view)) == {log["old"], log["breach"], log["done"]}
    assert view.count_label.text() == "3 conflicts, 2 not ended"
    # A filter reads again, off the GUI thread too.
    threads.clear()
    view.severity_box.setCurrentIndex(view.severity_box.findData(Severity.HIGH))
    assert shown_ids(qtbot, view) == [log["breach"]]
    assert threads and threading.main_thread() not in threads
