"""File → Import roster: the file is checked row by row before anything is saved, and the
database gets all the rows, the valid ones alone, or none — never half an import."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import func, select

from mentordesk.importing import RowAction
from mentordesk.store.database import Database
from mentordesk.store.models import AuditEntry, Pair, Person
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.import_roster import (
    Column,
    ImportRosterDialog,
    ImportRowsModel,
    RefusedFilter,
    Role,
    workbook_sheets,
)
from mentordesk.ui.dialogs.import_roster import dialog as roster_dialog
from tests.factories import make_person, make_program
from tests.ui.conftest import wait_for_workers

PEOPLE_CSV = (
    "Name,Email,Employee ID,Department,Job title,Manager,Can mentor,Capacity\n"
    "Ana Ruiz,ana@example.org,E1,Engineering,Lead,,yes,2\n"
    "Ben Okafor,ben@example.org,E2,Sales,Rep,ana@example.org,no,0\n"
    "Cy Lind,cy@example.org,E3,Finance,Analyst,e9931,no,0\n"
    "Dee Park,dee@example.org,E4,Design,Designer,ben@example.org,yes,1\n"
)


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


def people_in(database: Database) -> list[str]:
    with database.transaction() as session:
        return sorted(session.scalars(select(Person.name)))


def make_dialog(qtbot, context: AppContext) -> ImportRosterDialog:
    dialog = ImportRosterDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def check(qtbot, dialog: ImportRosterDialog) -> None:
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)


def row_texts(dialog: ImportRosterDialog) -> dict[int, list[str]]:
    """Each shown row's cells, by the line number in its first column."""
    proxy = dialog.proxy
    rows: dict[int, list[str]] = {}
    for row in range(proxy.rowCount()):
        cells = [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        rows[int(cells[Column.LINE])] = cells
    return rows


def test_a_bad_row_is_shown_with_its_line_and_reason_and_blocks_import_all(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(PEOPLE_CSV, encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)

    assert dialog.pages.currentIndex() == ImportRosterDialog.PREVIEW_PAGE
    rows = row_texts(dialog)
    assert sorted(rows) == [2, 3, 4, 5]
    assert rows[4][Column.RESULT] == "Refused"
    assert rows[4][Column.DETAILS] == "manager 'e9931' is not in the file or the database"
    assert [rows[line][Column.RESULT] for line in (2, 3, 5)] == ["New", "New", "New"]
    # The refusal is said in words (and in the row's tooltip), not only by its colour.
    line_4 = next(r for r in range(4) if dialog.proxy.index(r, Column.LINE).data() == "4")
    index = dialog.proxy.index(line_4, Column.RESULT)
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert index.data(Qt.ItemDataRole.ToolTipRole) == (
        "line 4: manager 'e9931' is not in the file or the database"
    )
    assert "1 refused" in dialog.heading_label.text()
    assert "Nothing has been saved" in dialog.explanation_label.text()
    # The first refused row is chosen, its reason in full under the table.
    assert dialog.row_label.text() == "line 4: manager 'e9931' is not in the file or the database"

    # Import everything is refused while a row is refused; the valid rows can go in.
    assert not dialog.import_button.isEnabled()
    assert "refused" in dialog.import_button.toolTip()
    assert dialog.import_valid_button.isVisible() and dialog.import_valid_button.isEnabled()
    assert "(3)" in dialog.import_valid_button.text()
    dialog.run_import(skip_invalid=False)  # even asked directly, nothing happens
    wait_for_workers(qtbot)
    assert people_in(ui_database) == []

    qtbot.mouseClick(dialog.import_valid_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert people_in(ui_database) == ["Ana Ruiz", "Ben Okafor", "Dee Park"]
    assert dialog.imported
    assert dialog.report is not None and dialog.report.written
    assert row_texts(dialog)[4][Column.RESULT] == "Not imported"
    assert row_texts(dialog)[2][Column.RESULT] == "Created"
    assert dialog.heading_label.text().startswith("Imported people from roster.csv")
    assert "left out" in dialog.explanation_label.text()
    assert dialog.close_button.isVisible()
    assert not dialog.import_button.isVisible() and not dialog.import_valid_button.isVisible()
    # One readable summary in the audit log for the whole import.
    with ui_database.transaction() as session:
        summaries = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.record_type == "person")
        ).all()
    assert len(summaries) == 1


def test_a_clean_file_is_imported_whole_and_matches_people_already_there(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    with ui_database.transaction() as session:
        make_person(session, name="Ana R.", email="ana@example.org", department="Old")
    roster = tmp_path / "roster.csv"
    roster.write_text(PEOPLE_CSV.replace("e9931", "ana@example.org"), encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)

    rows = row_texts(dialog)
    assert rows[2][Column.RESULT] == "Update"
    assert rows[2][Column.DETAILS].startswith("Changes name")
    assert not dialog.import_valid_button.isVisible()
    assert dialog.import_button.isEnabled()
    assert people_in(ui_database) == ["Ana R."]  # checking saved nothing

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert people_in(ui_database) == ["Ana Ruiz", "Ben Okafor", "Cy Lind", "Dee Park"]
    assert row_texts(dialog)[2][Column.RESULT] == "Updated"
    assert dialog.explanation_label.text() == "Every row was saved."


def test_a_file_changed_after_checking_is_not_imported(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path, messages
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(PEOPLE_CSV.replace("e9931", ""), encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)
    assert dialog.import_button.isEnabled()

    roster.write_text(PEOPLE_CSV.replace("e9931", "") + "Eve,eve@example.org,,,,,,\n")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert people_in(ui_database) == []
    assert not dialog.imported
    assert any("changed after it was checked" in text for text in messages.texts())
    # Checking again shows the file as it is now, and then it can be imported.
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert sorted(row_texts(dialog)) == [2, 3, 4, 5, 6]


def test_a_problem_with_the_whole_file_is_said_on_the_first_page(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Colour,Size\nred,large\n", encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)

    assert dialog.pages.currentIndex() == ImportRosterDialog.CHOOSE_PAGE
    assert dialog.problem_label.isVisible()
    assert "has no column for the name" in dialog.problem_label.text()
    assert dialog.check_button.isEnabled()
    assert people_in(ui_database) == []

    dialog.set_path(tmp_path / "missing.csv")
    check(qtbot, dialog)
    assert "There is no file" in dialog.problem_label.text()


def test_cancelling_during_the_import_rolls_every_row_back(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path, monkeypatch
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(PEOPLE_CSV.replace("e9931", ""), encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)
    real = roster_dialog.import_people

    def import_then_cancel(session, path, **options):
        report = real(session, path, **options)
        if not options.get("dry_run"):
            session.flush()  # the rows are in the transaction when Cancel is pressed
            assert dialog._job is not None
            dialog._job.progress.cancel()
        return report

    monkeypatch.setattr(roster_dialog, "import_people", import_then_cancel)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    assert people_in(ui_database) == []
    assert not dialog.imported
    assert dialog.import_button.isEnabled()  # the coordinator may try again


def test_a_workbook_sheet_is_chosen_by_name(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Exported from the HR system"])
    roster = workbook.create_sheet("Roster")
    roster.append(["First name", "Last name", "E-mail"])
    roster.append(["Ana", "Ruiz", "ana@example.org"])
    path = tmp_path / "hr.xlsx"
    workbook.save(path)
    assert workbook_sheets(path) == ["Notes", "Roster"]

    dialog = make_dialog(qtbot, context)
    dialog.set_path(path)
    assert dialog.sheet_combo.isEnabled()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "Notes",
        "Roster",
    ]
    dialog.sheet_combo.setCurrentIndex(1)
    check(qtbot, dialog)

    assert dialog.report is not None
    assert dialog.report.description == "XLSX, sheet 'Roster'"
    assert dialog.model.headerData(Column.LINE, Qt.Orientation.Horizontal) == "Row"
    assert row_texts(dialog)[2][Column.RECORD] == "Ana Ruiz (ana@example.org)"


def test_pairs_with_day_first_dates_go_into_the_chosen_program(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    with ui_database.transaction() as session:
        make_program(session, name="Spring")
        autumn = make_program(session, name="Autumn")
        make_person(session, name="Ana", email="ana@example.org", can_mentor=True, capacity=2)
        make_person(session, name="Ben", email="ben@example.org")
        autumn_id = autumn.id
    path = tmp_path / "pairs.csv"
    path.write_text("Mentor,Mentee,Start\nana@example.org,ben@example.org,03/02/2027\n")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(path)
    assert not dialog.date_combo.isEnabled()  # people rows hold no dates
    dialog.pairs_radio.setChecked(True)
    assert dialog.date_combo.isEnabled() and dialog.program_combo.isEnabled()
    assert "mentor and mentee" in dialog.columns_label.text()
    dialog.date_combo.setCurrentIndex(dialog.date_combo.findData("dmy"))
    dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("Autumn"))
    check(qtbot, dialog)
    assert row_texts(dialog)[2][Column.RESULT] == "New"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)

    with ui_database.transaction() as session:
        pair = session.scalars(select(Pair)).one()
        assert (pair.program_id, pair.start_date) == (autumn_id, date(2027, 2, 3))
    # The date order is remembered for next time.
    again = make_dialog(qtbot, context)
    assert again.date_combo.currentData() == "dmy"


def test_the_refused_only_filter_and_the_rows_model(
    qtbot, qtmodeltester, context: AppContext, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(PEOPLE_CSV, encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)
    assert dialog.count_label.text() == "4 rows"
    dialog.refused_only_check.setChecked(True)
    assert list(row_texts(dialog)) == [4]
    assert dialog.count_label.text() == "1 of 4 rows shown"

    model = ImportRowsModel()
    model.set_report(dialog.report)
    qtmodeltester.check(model)
    proxy = RefusedFilter()
    proxy.setSourceModel(model)
    proxy.set_refused_only(True)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    assert proxy.index(0, Column.RESULT).data(Role.ACTION) == RowAction.REFUSED.value


def test_nothing_to_import_when_every_row_matches(
    qtbot, context: AppContext, ui_database: Database, tmp_path: Path
) -> None:
    with ui_database.transaction() as session:
        make_person(session, name="Ana Ruiz", email="ana@example.org", department=None)
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Email\nAna Ruiz,ana@example.org\n", encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    dialog.set_path(roster)
    check(qtbot, dialog)
    assert row_texts(dialog)[2][Column.RESULT] == "Unchanged"
    assert not dialog.import_button.isEnabled()
    assert "nothing to import" in dialog.explanation_label.text()
    with ui_database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1


def test_a_file_dropped_on_the_dialog_is_chosen(qtbot, context: AppContext, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    roster = tmp_path / "dropped.csv"
    roster.write_text(PEOPLE_CSV, encoding="utf-8")
    dialog = make_dialog(qtbot, context)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(roster))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(event)
    assert dialog.path == roster
    assert event.isAccepted()
    check(qtbot, dialog)
    assert sorted(row_texts(dialog)) == [2, 3, 4, 5]
