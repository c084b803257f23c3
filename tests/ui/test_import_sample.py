"""File → Import roster → "Try a sample file": the shipped sample HR export is checked and
imported exactly as a file the coordinator chose would be."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from sqlalchemy import select

from mentordesk.resources import resource_path
from mentordesk.store.database import Database
from mentordesk.store.models import Person
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.import_roster import (
    PEOPLE,
    SAMPLE_HR_EXPORT,
    Column,
    ImportRosterDialog,
)
from tests.ui.conftest import wait_for_workers


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


def test_try_a_sample_file_checks_then_imports_the_sample_hr_export(
    qtbot, context: AppContext, ui_database: Database
) -> None:
    sample = resource_path("samples", SAMPLE_HR_EXPORT)
    with sample.open(encoding="utf-8", newline="") as stream:
        expected = {row["Work Email"]: row for row in csv.DictReader(stream)}
    dialog = ImportRosterDialog(context)
    qtbot.addWidget(dialog)
    dialog.pairs_radio.setChecked(True)  # the sample holds people, whatever was chosen before
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "fictional" in dialog.sample_button.toolTip()

    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert dialog.path == sample
    assert dialog.kind == PEOPLE
    assert dialog.pages.currentIndex() == ImportRosterDialog.PREVIEW_PAGE
    proxy = dialog.proxy
    results = {proxy.index(row, Column.RESULT).data() for row in range(proxy.rowCount())}
    assert proxy.rowCount() == len(expected)
    assert results == {"New"}
    with ui_database.transaction() as session:
        assert session.scalar(select(Person.id).limit(1)) is None  # checking saved nothing

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert dialog.imported
    with ui_database.transaction() as session:
        people = {person.email: person for person in session.scalars(select(Person))}
        assert set(people) == set(expected)
        by_id = {person.id: person for person in people.values()}
        for email, row in expected.items():
            person = people[email]
            assert person.name == f"{row['First Name']} {row['Last Name']}"
            assert person.employee_id == row["Employee ID"]
            assert person.department == row["Department"]
            manager = by_id.get(person.manager_id) if person.manager_id else None
            assert (manager.email if manager else "") == row["Manager"]
            assert person.can_mentor == (row["Can Mentor"] == "Yes")


def test_the_preview_sorts_by_a_clicked_column_and_back_to_file_order(
    qtbot, context: AppContext
) -> None:
    dialog = ImportRosterDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    proxy, header = dialog.proxy, dialog.table.horizontalHeader()

    def column(which: Column) -> list[str]:
        return [proxy.index(row, which).data() for row in range(proxy.rowCount())]

    # The model sorts itself (the one strategy of ui/models/base.py), by typed keys:
    # lines as numbers, people by name case-folded.
    assert column(Column.LINE) == [str(n) for n in sorted(int(x) for x in column(Column.LINE))]
    middle = header.sectionViewportPosition(Column.RECORD) + header.sectionSize(Column.RECORD) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, header.height() // 2)
    )
    people = column(Column.RECORD)
    assert people == sorted(people, key=str.casefold)
    dialog.table.sortByColumn(Column.LINE, Qt.SortOrder.DescendingOrder)
    lines = [int(x) for x in column(Column.LINE)]
    assert lines == sorted(lines, reverse=True)

