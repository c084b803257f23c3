"""A person's data from the window: export everything held about them, and erase them —
only after a confirmation that names them and wants their name typed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from sqlalchemy import select

from mentordesk.services.audit_log import audit_entries
from mentordesk.services.privacy import ERASED_TEXT, erased_name
from mentordesk.store.database import Database
from mentordesk.store.models import Activity, Person
from mentordesk.ui import person_privacy
from mentordesk.ui.context import AppContext
from mentordesk.ui.person_privacy import (
    ErasePersonDialog,
    PersonPrivacy,
    install_privacy_menu,
    privacy_actions,
)
from tests.factories import add_activity, make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.fixture
def people(ui_database: Database) -> dict[str, int]:
    """Ana mentored Ben in a pair that has ended; Cy is in an active pair; Dee has no email."""
    with ui_database.transaction() as session:
        program = make_program(session, name="Spring")
        ana = make_person(session, name="Ana Ruiz", email="ana@example.org", can_mentor=True)
        ben = make_person(session, name="Ben Okafor", email="ben@example.org", employee_id="E2")
        cy = make_person(session, name="Cy Lind", email="cy@example.org")
        dee = make_person(session, name="Dee Park", email=None, employee_id="E4")
        ended = make_pair(session, program, ana, ben, status="completed")
        activity = add_activity(session, ended, date(2027, 2, 1))
        activity.notes = "Ben talked about leaving"
        activity.confidential = True
        make_pair(session, program, ana, cy)
        return {"ana": ana.id, "ben": ben.id, "cy": cy.id, "dee": dee.id}


class Chosen:
    """What a view's ``person_getter`` returns: the chosen person's id."""

    def __init__(self) -> None:
        self.person_id: int | None = None

    def __call__(self) -> int | None:
        return self.person_id


def make_actions(qtbot, context: AppContext) -> tuple[QWidget, Chosen, dict[str, object]]:
    view = QWidget()
    qtbot.addWidget(view)
    chosen = Chosen()
    actions = privacy_actions(view, context, chosen)
    by_name = {action.objectName(): action for action in actions}
    return view, chosen, by_name


def person(database: Database, person_id: int) -> Person:
    with database.transaction() as session:
        return session.get(Person, person_id)


def test_erasing_asks_first_by_name_then_leaves_the_placeholder(
    qtbot, context: AppContext, ui_database: Database, people: dict[str, int], messages
) -> None:
    _view, chosen, actions = make_actions(qtbot, context)
    chosen.person_id = people["ben"]
    changed: list[bool] = []
    context.data_changed.connect(lambda: changed.append(True))
    context.undo_stack.push(_harmless_command())

    def drive(dialog: ErasePersonDialog) -> None:
        assert dialog.windowTitle() == "Erase Ben Okafor"
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.name_edit, "Ben")
        assert not dialog.erase_button.isEnabled()
        dialog.accept()  # Enter before the name is typed in full does nothing
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.name_edit, "  okafor")
        assert dialog.erase_button.isEnabled()
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, ErasePersonDialog, drive)
    actions["erasePerson"].trigger()
    wait_for_workers(qtbot)
    driver.finish()

    ben = person(ui_database, people["ben"])
    assert ben.name == erased_name(people["ben"])
    assert (ben.email, ben.employee_id) == (None, None)
    with ui_database.transaction() as session:
        notes = session.scalars(select(Activity.notes)).all()
        assert notes == [ERASED_TEXT]
        assert audit_entries(session, limit=1)[0].action == "erase"
    assert changed
    assert context.undo_stack.count() == 0  # no undo can write the erased text back
    assert messages.shown[-1][1] == "Person erased"
    assert erased_name(people["ben"]) in messages.shown[-1][2]


def test_cancelling_the_confirmation_erases_nothing(
    qtbot, context: AppContext, ui_database: Database, people: dict[str, int]
) -> None:
    _view, chosen, actions = make_actions(qtbot, context)
    chosen.person_id = people["ben"]

    def drive(dialog: ErasePersonDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Ben Okafor")
        dialog.reject()

    driver = run_dialog(qtbot, ErasePersonDialog, drive)
    actions["erasePerson"].trigger()
    wait_for_workers(qtbot)
    driver.finish()
    assert person(ui_database, people["ben"]).name == "Ben Okafor"


def test_someone_in_an_active_pair_is_not_erased(
    qtbot, context: AppContext, ui_database: Database, people: dict[str, int], messages
) -> None:
    view, chosen, actions = make_actions(qtbot, context)
    chosen.person_id = people["cy"]
    privacy = view.findChild(PersonPrivacy, "personPrivacy")
    assert privacy is not None
    privacy.confirm_erase = lambda _details: True
    actions["erasePerson"].trigger()
    wait_for_workers(qtbot)
    assert person(ui_database, people["cy"]).name == "Cy Lind"
    assert messages.shown[-1][0] == "warning"
    assert "end the pair before erasing them" in messages.shown[-1][2]


def test_nobody_chosen_is_said_in_words(
    qtbot, context: AppContext, ui_database: Database, people: dict[str, int], messages
) -> None:
    _view, _chosen, actions = make_actions(qtbot, context)
    actions["erasePerson"].trigger()
    wait_for_workers(qtbot)
    assert messages.shown[-1][2] == "Choose a person in the list first."
    assert person(ui_database, people["dee"]).name == "Dee Park"


def test_someone_without_an_email_address_is_exported_and_erased_too(
    qtbot,
    context: AppContext,
    ui_database: Database,
    people: dict[str, int],
    tmp_path: Path,
    monkeypatch,
    messages,
) -> None:
    out = tmp_path / "dee.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(out), "")))
    _view, chosen, actions = make_actions(qtbot, context)
    chosen.person_id = people["dee"]
    actions["exportPersonData"].trigger()
    wait_for_workers(qtbot)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["person"]["name"], document["person"]["email"]) == ("Dee Park", None)
    assert document["person"]["employee_id"] == "E4"

    monkeypatch.setattr(person_privacy.PersonPrivacy, "_ask_erase", lambda _self, _d: True)
    _view, chosen, actions = make_actions(qtbot, context)
    chosen.person_id = people["dee"]
    actions["erasePerson"].trigger()
    wait_for_workers(qtbot)
    erased = person(ui_database, people["dee"])
    assert (erased.name, erased.employee_id) == (erased_name(people["dee"]), None)
    assert messages.shown[-1][1] == "Person erased"


def test_exporting_a_person_writes_everything_held_about_them(
    qtbot, context: AppContext, people: dict[str, int], tmp_path: Path, monkeypatch, messages
) -> None:
    out = tmp_path / "ben"
    asked: list[str] = []

    def save_file_name(_parent, _title, start, _filter):
        asked.append(start)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file_name))
    _view, chosen, actions = make_actions(qtbot, context)
    chosen.person_id = people["ben"]
    actions["exportPersonData"].trigger()
    wait_for_workers(qtbot)
    assert messages.shown[-1][1] == "Person's data exported"

    assert asked[0].endswith("ben-okafor.json")
    written = out.with_suffix(".json")
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["person"]["name"] == "Ben Okafor"
    assert document["person"]["employee_id"] == "E2"
    [pair] = document["pairs"]
    assert (pair["role"], pair["with"]) == ("mentee", "Ana Ruiz")
    # Their own data: the confidential notes of their pair are in it.
    assert pair["activities"][0]["notes"] == "Ben talked about leaving"
    assert "including the confidential notes" in messages.shown[-1][2]
    assert not list(tmp_path.glob(".ben*"))  # no temporary file left behind


def _harmless_command():
    from PySide6.QtGui import QUndoCommand

    return QUndoCommand("Earlier change")


def test_a_table_gets_the_actions_on_its_right_click_menu(
    qtbot, context: AppContext, ui_database: Database, people: dict[str, int], messages
) -> None:
    from PySide6.QtWidgets import QTableView

    view = QWidget()
    qtbot.addWidget(view)
    table = QTableView(view)
    actions = install_privacy_menu(table, view, context, lambda: people["cy"])
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert [action.text() for action in table.actions()] == [
        "E&xport this person's data…",
        "E&rase this person…",
    ]
    assert table.actions() == actions
