"""File → Import roster with a roster a spreadsheet has mangled (issue 19, item 4): the row
that would turn employee id 0042 into 42 is marked Check with the stored and the file's
value, nothing is imported until the coordinator ticks the confirmation, and then the
change is saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from sqlalchemy import select

from mentordesk.store.database import Database
from mentordesk.store.models import Person
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.import_roster import Column, ImportRosterDialog
from tests.factories import make_person
from tests.ui.conftest import wait_for_workers

MANGLED_CSV = (
    "Name,Email,Employee ID,Department\n"
    "Ada Lovelace,ada@example.org,42,Research\n"
    "Ben Okafor,ben@example.org,E2,Sales\n"
)


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    with ui_database.transaction() as session:
        make_person(session, name="Ada Lovelace", email="ada@example.org", employee_id="0042")
        make_person(session, name="Ben Okafor", email="ben@example.org", employee_id="E2")
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


def employee_ids(database: Database) -> dict[str, str | None]:
    with database.transaction() as session:
        return {p.name: p.employee_id for p in session.scalars(select(Person))}


def checked_dialog(qtbot, context: AppContext, tmp_path: Path) -> ImportRosterDialog:
    roster = tmp_path / "roster.csv"
    roster.write_text(MANGLED_CSV, encoding="utf-8")
    dialog = ImportRosterDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_path(roster)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    return dialog


def tick(qtbot, dialog: ImportRosterDialog) -> None:
    """Click the confirmation's box (at its left: the text may end before the middle)."""
    box = dialog.held_panel.confirm_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_a_mangled_id_is_flagged_and_nothing_is_imported_unconfirmed(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    dialog = checked_dialog(qtbot, context, tmp_path)
    proxy = dialog.proxy
    rows = {
        proxy.index(row, Column.LINE).data(): [
            proxy.index(row, column).data() for column in range(proxy.columnCount())
        ]
        for row in range(proxy.rowCount())
    }
    assert rows["2"][Column.RESULT] == "Check"
    assert "check employee id '0042' → '42'" in rows["2"][Column.DETAILS]
    assert "leading zeros" in rows["2"][Column.DETAILS]
    assert rows["3"][Column.RESULT] == "Update"
    # The panel names the row, the column, both values and why.
    panel = dialog.held_panel
    assert panel.isVisible()
    assert "Line 2: employee id '0042' → '42'" in panel.text_label.text()
    assert "1 to check" in dialog.heading_label.text()
    # The row to check is the one chosen, shown in full under the table.
    assert "line 2" in dialog.row_label.text()
    assert not dialog.import_button.isEnabled()
    assert "confirm the changes" in dialog.import_button.toolTip()
    dialog.run_import(skip_invalid=False)  # even asked directly, nothing happens
    wait_for_workers(qtbot)
    assert not dialog.imported
    assert employee_ids(ui_database)["Ada Lovelace"] == "0042"


def test_confirmed_the_changed_id_is_saved(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    dialog = checked_dialog(qtbot, context, tmp_path)
    tick(qtbot, dialog)
    assert dialog.held_panel.confirmed
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert dialog.imported
    assert dialog.report is not None and dialog.report.written
    assert employee_ids(ui_database) == {"Ada Lovelace": "42", "Ben Okafor": "E2"}
    assert not dialog.held_panel.isVisible()


def test_checking_again_asks_for_the_confirmation_again(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    dialog = checked_dialog(qtbot, context, tmp_path)
    tick(qtbot, dialog)
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert not dialog.held_panel.confirm_check.isChecked()
    assert not dialog.import_button.isEnabled()
    assert employee_ids(ui_database)["Ada Lovelace"] == "0042"
