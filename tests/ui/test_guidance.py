"""The window leads the way (issue 15.13): dashboard figures open their pairs, resolving a
conflict asks what caused it and how it ended, escalated has its own mark, a save says so,
and the signed agreement is on the pair's timeline."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from mentordesk.domain.vocabularies import ConflictStatus, Health
from mentordesk.services.activities import TimelineSource, pair_timeline
from mentordesk.services.roster import sign_agreement
from mentordesk.store.database import Database
from mentordesk.store.models import Conflict
from mentordesk.ui.dialogs.move_conflict_dialog import MoveConflictDialog
from mentordesk.ui.icons import CONFLICT_STATUS_ICONS
from mentordesk.ui.models.conflicts_model import Column as ConflictColumn
from tests.factories import (
    add_activity,
    add_assessment,
    add_conflict,
    make_pair,
    make_person,
    make_program,
)
from tests.ui.conftest import run_dialog, wait_for_workers

TODAY = date.today()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def three_pairs(database: Database) -> dict[str, int]:
    """A healthy pair, one at risk (low trust) and one with an escalated conflict."""
    with database.transaction() as session:
        program = make_program(session, name="Spring", start_date=ago(200))
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=5)
        ids: dict[str, int] = {"program": program.id}
        for key, mentee, trust in (("healthy", "Ben Okafor", 5), ("low", "Cy Lind", 2)):
            person = make_person(session, name=mentee)
            pair = make_pair(session, program, ana, person, model="informal", start_date=ago(40))
            for day in (3, 13, 24, 35):
                add_activity(session, pair, ago(day))
            add_assessment(session, pair, ago(5), trust)
            ids[key] = pair.id
        dee = make_person(session, name="Dee Park")
        pair = make_pair(session, program, ana, dee, model="informal", start_date=ago(40))
        for day in (3, 13, 24, 35):
            add_activity(session, pair, ago(day))
        add_assessment(session, pair, ago(5), 5)
        ids["escalated"] = pair.id
        conflict = add_conflict(
            session, pair, ago(20), severity="high", steps=((ago(10), "escalated"),)
        )
        ids["conflict"] = conflict.id
        ids["open_conflict"] = add_conflict(session, pair, ago(2), severity="low").id
    return ids


def test_a_dashboard_tile_opens_the_pairs_behind_its_number(qtbot, make_window, ui_database):
    ids = three_pairs(ui_database)
    window = make_window()
    window.show_view("dashboard")
    dashboard = window.views["dashboard"]
    wait_for_workers(qtbot)
    at_risk = dashboard.data.figures.health[Health.AT_RISK]
    assert dashboard.tiles["at_risk"].value.text() == str(at_risk) == "2"

    qtbot.mouseClick(dashboard.tiles["at_risk"], Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    pairs = window.views["pairs"]
    assert window.current_view_name() == "pairs"
    shown = {pairs.model.pair_id(row) for row in range(pairs.model.rowCount())}
    assert shown == {ids["low"], ids["escalated"]}
    assert pairs.selection_bar.isVisible()
    assert "the pairs at risk: 2 pairs" in pairs.selection_label.text()

    # One click back to every pair, with the filters as they were.
    qtbot.mouseClick(pairs.show_all_button, Qt.MouseButton.LeftButton)
    assert not pairs.selection_bar.isVisible()
    assert pairs.model.rowCount() == 3
    assert pairs.status_filter.currentText() == "Current pairs"

    # By keyboard: Tab to a tile, Enter.
    window.show_view("dashboard")
    dashboard.tiles["conflicts"].setFocus()
    qtbot.keyClick(dashboard.tiles["conflicts"], Qt.Key.Key_Return)
    wait_for_workers(qtbot)
    shown = {pairs.model.pair_id(row) for row in range(pairs.model.rowCount())}
    assert shown == {ids["escalated"]}


def test_resolving_a_conflict_asks_for_its_root_cause_and_outcome(
    qtbot, make_window, ui_database
) -> None:
    ids = three_pairs(ui_database)
    window = make_window()
    window.show_view("conflicts")
    view = window.views["conflicts"]
    view.refresh()
    wait_for_workers(qtbot)
    assert view.select_conflict(ids["open_conflict"])
    refused: list[str] = []

    def resolve(dialog: MoveConflictDialog) -> None:
        assert not dialog.root_cause_edit.isVisible()  # not asked while only moving on
        dialog.status_box.setCurrentIndex(dialog.status_box.findData(ConflictStatus.RESOLVED))
        assert dialog.root_cause_edit.isVisible() and dialog.outcome_edit.isVisible()
        qtbot.keyClicks(dialog.note_edit, "Talked it through.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        refused.append(dialog.problem_label.text())
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.root_cause_edit, "Deadlines never agreed.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        refused.append(dialog.problem_label.text())
        qtbot.keyClicks(dialog.outcome_edit, "Deadlines now set together.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, MoveConflictDialog, resolve)
    qtbot.mouseClick(view.pane.move_button, Qt.MouseButton.LeftButton)
    driver.finish()
    assert "root cause" in refused[0]
    assert "outcome" in refused[1]
    with ui_database.transaction() as session:
        conflict = session.get(Conflict, ids["open_conflict"])
        assert conflict.status == "resolved"
        assert conflict.root_cause == "Deadlines never agreed."
        assert conflict.outcome == "Deadlines now set together."
    # The save says so.
    assert window.statusBar().currentMessage() == "Saved: Move conflict on to resolved."
    # Undo takes the step and the texts back, and says so too.
    window.undo_action.trigger()
    with ui_database.transaction() as session:
        conflict = session.get(Conflict, ids["open_conflict"])
        assert (conflict.status, conflict.root_cause or "") == ("open", "")
    assert window.statusBar().currentMessage().startswith("Undone: ")


def test_escalated_has_its_own_mark_not_resolved_tick(qtbot, make_window, ui_database) -> None:
    ids = three_pairs(ui_database)
    window = make_window()
    window.show_view("conflicts")
    view = window.views["conflicts"]
    view.refresh()
    wait_for_workers(qtbot)
    model = view.model
    statuses = {
        model.conflict_row(row).id: model.conflict_row(row).status
        for row in range(model.rowCount())
    }
    assert statuses[ids["conflict"]] is ConflictStatus.ESCALATED
    escalated_row = next(
        r for r in range(model.rowCount()) if model.conflict_row(r).id == ids["conflict"]
    )
    decoration = model.index(escalated_row, ConflictColumn.STATUS).data(
        Qt.ItemDataRole.DecorationRole
    )
    assert decoration.cacheKey() == model._icon("escalated").cacheKey()
    assert decoration.cacheKey() != model._icon("check").cacheKey()
    assert (
        CONFLICT_STATUS_ICONS[ConflictStatus.ESCALATED]
        != CONFLICT_STATUS_ICONS[ConflictStatus.RESOLVED]
    )


def test_the_signed_agreement_is_on_the_pairs_timeline(qtbot, make_window, ui_database) -> None:
    ids = three_pairs(ui_database)
    with ui_database.transaction() as session:
        sign_agreement(session, ids["healthy"], ago(30))
    with ui_database.transaction() as session:
        entries = pair_timeline(session, ids["healthy"])
    agreement = [e for e in entries if e.source is TimelineSource.AGREEMENT]
    assert [(e.day, e.title) for e in agreement] == [(ago(30), "Mentoring agreement signed")]
    window = make_window()
    window.open_pair(ids["healthy"])
    wait_for_workers(qtbot)
    page = window.views["pair"]
    tree = page.timeline.tree
    titles = [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]
    assert any("Mentoring agreement signed" in title for title in titles), titles


# -- issue 15.16: an empty new program shows the way ---------------------------------------------


def empty_program(database: Database) -> int:
    with database.transaction() as session:
        return make_program(session, name="Spring 2027", start_date=ago(30)).id


def test_an_empty_program_shows_its_next_steps_on_the_dashboard(qtbot, make_window, ui_database):
    from mentordesk.ui.dialogs.person_dialog import PersonDialog

    empty_program(ui_database)
    window = make_window()
    window.show_view("dashboard")
    wait_for_workers(qtbot)
    dashboard = window.views["dashboard"]
    assert dashboard.next_steps.isVisible()
    assert not dashboard.splitter.isVisible()
    buttons = dashboard.next_steps.buttons
    assert list(buttons) == ["import_roster", "add_person", "find_mentor"]
    assert buttons["import_roster"].isDefault()
    assert not buttons["find_mentor"].isEnabled()  # nobody to pair yet

    # "Add a person…" opens the person form, in People.
    driver = run_dialog(qtbot, PersonDialog, lambda dialog: dialog.reject())
    qtbot.mouseClick(buttons["add_person"], Qt.MouseButton.LeftButton)
    driver.finish()
    assert window.current_view_name() == "people"

    # Once there are people and a mentor, the dashboard offers pairing.
    with ui_database.transaction() as session:
        make_person(session, name="Ana Ruiz", can_mentor=True, capacity=2)
        make_person(session, name="Ben Okafor")
    window.show_view("dashboard")
    dashboard.refresh()
    wait_for_workers(qtbot)
    steps = dashboard.next_steps.buttons
    assert steps["find_mentor"].isEnabled() and steps["find_mentor"].isDefault()


def test_new_pair_with_nobody_to_pair_leads_to_the_roster_import(qtbot, make_window, ui_database):
    from mentordesk.ui.dialogs.import_roster import ImportRosterDialog
    from mentordesk.ui.dialogs.pair_dialog import PairDialog

    empty_program(ui_database)
    window = make_window()
    seen: list[str] = []

    def read(dialog: PairDialog) -> None:

        texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.problem_label)))
        seen.append(texts)
        assert not dialog.save_button.isEnabled()
        qtbot.mouseClick(dialog.next_steps.buttons["import_roster"], Qt.MouseButton.LeftButton)

    pair_driver = run_dialog(qtbot, PairDialog, read)
    import_driver = run_dialog(qtbot, ImportRosterDialog, lambda dialog: dialog.reject())
    window.new_pair_action.trigger()
    pair_driver.finish()
    import_driver.finish()
    assert "nobody to pair yet" in seen[-1]
    assert "Choose the mentor" not in seen[-1]
