"""The import dialog shows what was read but may not be what the file means (a heading
nearly a known one, formula cells without a saved result), framed, not greyed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings, Qt

from mentordesk.store.database import Database
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.import_roster import ImportRosterDialog
from tests.ui.conftest import wait_for_workers


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


def test_the_preview_shows_the_warnings(qtbot, context: AppContext, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Roster"
    sheet.append(["Name", "Email", "Department", "Capacity", "Mentors"])
    sheet.append(["Ana Ruiz", "ana@example.org", "Platform", "=1+1", "yes"])
    sheet.append(["Bo Li", "bo@example.org", "Design", 1, "no"])
    roster = tmp_path / "roster.xlsx"
    workbook.save(roster)

    dialog = ImportRosterDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_path(roster)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert dialog.pages.currentIndex() == ImportRosterDialog.PREVIEW_PAGE
    assert dialog.warnings_label.isVisible()
    text = dialog.warnings_label.text()
    assert "'Mentors' looks like 'mentor' (can mentor)" in text
    assert "1 cell holds a formula without a saved result (row 2 ('Capacity'))" in text
    if os.environ.get("MENTORDESK_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["MENTORDESK_SHOTS"], "import-warnings.png"))
