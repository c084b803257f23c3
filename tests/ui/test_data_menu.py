"""The File menu's data actions on a small test window: export, back up and restore,
settings, the automatic backup on opening, and the roster import reached from the menu."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu
from sqlalchemy import select

from mentordesk.exporting import ExportKind
from mentordesk.paths import backup_dir
from mentordesk.services.audit_log import audit_entries
from mentordesk.store.database import Database, default_actor, open_database
from mentordesk.store.models import Person
from mentordesk.ui.context import AppContext
from mentordesk.ui.data_menu import DataActions, backup_on_open, install_data_actions
from mentordesk.ui.dialogs.export_records import ExportRecordsDialog
from mentordesk.ui.dialogs.import_roster import ImportRosterDialog
from mentordesk.ui.dialogs.settings_dialog import SettingsDialog
from mentordesk.ui.settings import (
    DEFAULT_BACKUPS_TO_KEEP,
    KEY_ACTOR,
    KEY_BACKUPS_TO_KEEP,
    actor_name,
    backups_to_keep,
)
from mentordesk.ui.worker import foreground_jobs, running_jobs
from tests.factories import add_activity, make_pair, make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers


class TestWindow(QMainWindow):
    """The least a window needs to hold the data actions: a File menu ending in Quit,
    a current database, and a way to open a database again."""

    __test__ = False

    def __init__(self, database: Database, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.context: AppContext | None = AppContext(database, settings, self)
        self.reopened: list[str] = []
        self.file_menu: QMenu = self.menuBar().addMenu("&File")
        self.file_menu.addAction("&Open database…")
        self.file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.file_menu.addAction(self.quit_action)
        self.data_actions: DataActions = install_data_actions(
            self, self.file_menu, lambda: self.context, reopen=self.open_location
        )

    def open_location(self, location: str) -> bool:
        """What the main window does: close the database shown, open the one at ``location``."""
        self.reopened.append(location)
        if self.context is not None:
            self.context.database.close()
        self.context = AppContext(open_database(location), self.settings, self)
        return True

    def close_database(self) -> None:
        if self.context is not None:
            self.context.database.close()
            self.context = None


@pytest.fixture
def window(qtbot, db_path: Path, ui_settings: QSettings):
    win = TestWindow(open_database(db_path), ui_settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    wait_for_workers(qtbot)
    win.close_database()


def names(database: Database) -> list[str]:
    with database.transaction() as session:
        return sorted(session.scalars(select(Person.name)))


def menu_texts(menu: QMenu) -> list[str]:
    return ["—" if action.isSeparator() else action.text() for action in menu.actions()]


# --------------------------------------------------------------------------- the menu


def test_the_actions_go_before_quit_and_need_an_open_database(window: TestWindow) -> None:
    assert menu_texts(window.file_menu) == [
        "&Open database…",
        "—",
        "Import &roster…",
        "Export &records…",
        "—",
        "&Back up…",
        "Res&tore from backup…",
        "—",
        "Se&ttings…",
        "—",
        "&Quit",
    ]
    actions = window.data_actions
    assert all(action.isEnabled() for action in actions.database_actions)
    window.close_database()
    window.file_menu.aboutToShow.emit()
    assert not any(action.isEnabled() for action in actions.database_actions)
    assert actions.settings_action.isEnabled()  # settings need no database


def test_a_menu_without_quit_gets_the_actions_at_its_end(qtbot, ui_settings) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("&File")
    menu.addAction("&Open database…")
    install_data_actions(window, menu, lambda: None, settings=ui_settings)
    assert menu_texts(menu)[:3] == ["&Open database…", "—", "Import &roster…"]
    assert menu_texts(menu)[-1] == "Se&ttings…"


# --------------------------------------------------------------------------- import and export


def test_import_roster_from_the_menu_saves_the_valid_people(
    qtbot, window: TestWindow, tmp_path: Path
) -> None:
    roster = tmp_path / "hr.csv"
    roster.write_text("Name;Email\nAna Ruiz;ana@example.org\nNo Email;not-an-email\n")
    changed: list[bool] = []
    window.context.data_changed.connect(lambda: changed.append(True))

    def drive(dialog: ImportRosterDialog) -> None:
        dialog.set_path(roster)
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.report is not None and dialog._job is None)
        assert not dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_valid_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.imported and dialog._job is None)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, ImportRosterDialog, drive)
    window.data_actions.import_roster_action.trigger()
    driver.finish()

    assert names(window.context.database) == ["Ana Ruiz"]
    assert changed  # the views are told to reload
    assert "Imported people from hr.csv" in window.statusBar().currentMessage()


def test_export_people_to_xlsx_reads_back_with_openpyxl(
    qtbot, window: TestWindow, tmp_path: Path, messages
) -> None:
    with window.context.transaction() as session:
        ana = make_person(session, name="Ana Ruiz", email="ana@example.org", can_mentor=True)
        make_person(session, name='=HYPERLINK("x")', email="ben@example.org", manager_id=ana.id)
    out = tmp_path / "people.xlsx"

    def drive(dialog: ExportRecordsDialog) -> None:
        dialog.set_kind(ExportKind.PEOPLE)
        assert not dialog.confidential_check.isEnabled()
        assert "no confidential text" in dialog.confidential_note.text()
        dialog.set_path(out)
        assert dialog.format_combo.currentData() == ".xlsx"
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, ExportRecordsDialog, drive)
    window.data_actions.export_records_action.trigger()
    driver.finish()
    wait_for_workers(qtbot)

    sheet = openpyxl.load_workbook(out, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    name, email, manager = header.index("name"), header.index("email"), header.index("manager")
    by_email = {row[email]: row for row in rows[1:]}
    assert by_email["ana@example.org"][name] == "Ana Ruiz"
    # Text cells are typed as text (never run as a formula), without an apostrophe.
    assert by_email["ben@example.org"][name] == '=HYPERLINK("x")'
    assert by_email["ben@example.org"][manager] == "ana@example.org"
    assert messages.shown[-1][1] == "Records exported"
    assert "Wrote 2 people" in messages.shown[-1][2]


def test_confidential_notes_are_exported_only_when_asked_with_a_warning(
    qtbot, window: TestWindow, tmp_path: Path, messages
) -> None:
    with window.context.transaction() as session:
        pair = make_pair(session, make_program(session, name="Spring"))
        activity = add_activity(session, pair, date(2027, 2, 1))
        activity.notes = "Talked about a hard divorce"
        activity.confidential = True

    def export(out: Path, include: bool) -> list[list[object]]:
        def drive(dialog: ExportRecordsDialog) -> None:
            dialog.set_kind(ExportKind.ACTIVITIES)
            dialog.set_path(out)
            assert dialog.confidential_check.isEnabled()
            dialog.confidential_check.setChecked(include)
            assert dialog.warning_label.isVisible() is include
            assert dialog.export_button.text() == (
                "Export with confidential text" if include else "Export"
            )
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

        driver = run_dialog(qtbot, ExportRecordsDialog, drive)
        window.data_actions.export_records_action.trigger()
        driver.finish()
        wait_for_workers(qtbot)
        sheet = openpyxl.load_workbook(out, read_only=True).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    withheld = export(tmp_path / "activities.xlsx", include=False)
    assert "Talked about a hard divorce" not in [cell for row in withheld for cell in row]
    assert "was left out" in messages.shown[-1][2]

    revealed = export(tmp_path / "activities-full.xlsx", include=True)
    assert "Talked about a hard divorce" in [cell for row in revealed for cell in row]
    assert "holds confidential text" in messages.shown[-1][2]


def test_the_export_form_points_at_a_wrong_file_name(
    qtbot, window: TestWindow, tmp_path: Path
) -> None:
    dialog = ExportRecordsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "people.pdf")
    dialog.accept()
    assert dialog.marked_field == "path"
    assert ".csv or .xlsx" in dialog.problem_label.text()

    existing = tmp_path / "pairs.csv"
    existing.write_text("old")
    dialog.set_path(existing)
    assert dialog.format_combo.currentData() == ".csv"  # the ending chooses the format
    dialog.confirm_overwrite = lambda _path: False
    dialog.accept()
    assert dialog.marked_field == "path"
    dialog.confirm_overwrite = lambda _path: True
    dialog.accept()
    assert dialog.result() == ExportRecordsDialog.DialogCode.Accepted
    assert dialog.path == existing


# --------------------------------------------------------------------------- backups


def test_back_up_then_restore_brings_the_content_back(
    qtbot, window: TestWindow, db_path: Path, tmp_path: Path, messages
) -> None:
    with window.context.transaction() as session:
        make_person(session, name="Ana Ruiz", email="ana@example.org")
    backup = tmp_path / "saved" / "before.sqlite3"
    (tmp_path / "saved").mkdir()
    actions = window.data_actions
    actions.choose_path = lambda *_args, **_kwargs: str(backup)  # type: ignore[method-assign]
    actions.backup_action.trigger()
    wait_for_workers(qtbot)
    assert backup.is_file()
    assert messages.shown[-1][1] == "Backed up"

    # Later: Ana is deleted and Ben added, then the coordinator restores the backup.
    with window.context.transaction() as session:
        session.delete(session.scalars(select(Person)).one())
        make_person(session, name="Ben Okafor", email="ben@example.org")
    assert names(window.context.database) == ["Ben Okafor"]

    messages.answer = messages.answer.Yes
    actions.restore_action.trigger()
    wait_for_workers(qtbot)

    question = next(text for kind, _title, text in messages.shown if kind == "question")
    assert "before.sqlite3" in question and str(db_path) in question
    assert window.reopened == [str(db_path)]
    assert names(window.context.database) == ["Ana Ruiz"]
    assert messages.shown[-1][1] == "Restored"
    # The database as it was before the restore is kept, and says so.
    kept = list(backup_dir().glob("*before-restore.sqlite3"))
    assert len(kept) == 1
    assert str(kept[0]) in messages.shown[-1][2]
    kept_db = open_database(kept[0])
    try:
        assert names(kept_db) == ["Ben Okafor"]
    finally:
        kept_db.close()


def test_restore_declined_or_from_a_wrong_file_changes_nothing(
    qtbot, window: TestWindow, tmp_path: Path, messages
) -> None:
    with window.context.transaction() as session:
        make_person(session, name="Ana Ruiz", email="ana@example.org")
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("shopping list")
    actions = window.data_actions
    actions.choose_path = lambda *_args, **_kwargs: str(not_a_database)  # type: ignore[method-assign]

    messages.answer = messages.answer.No
    actions.restore_action.trigger()
    wait_for_workers(qtbot)
    assert window.reopened == []
    assert [kind for kind, _title, _text in messages.shown] == ["question"]

    messages.answer = messages.answer.Yes
    actions.restore_action.trigger()
    wait_for_workers(qtbot)
    assert window.reopened == []
    assert messages.shown[-1][0] == "warning"
    assert "is not a MentorDesk database" in messages.shown[-1][2]
    assert names(window.context.database) == ["Ana Ruiz"]


def test_backup_cancelled_at_the_file_dialog_writes_nothing(
    qtbot, window: TestWindow, messages
) -> None:
    window.data_actions.choose_path = lambda *_a, **_k: None  # type: ignore[method-assign]
    window.data_actions.backup_action.trigger()
    wait_for_workers(qtbot)
    assert messages.shown == []


def test_automatic_backups_keep_the_last_n(db_path: Path, ui_settings, tmp_path: Path) -> None:
    database = open_database(db_path)
    try:
        folder = tmp_path / "automatic"
        ui_settings.setValue(KEY_BACKUPS_TO_KEEP, 3)
        made = [backup_on_open(database, ui_settings, folder) for _ in range(5)]
        assert all(path is not None and path.parent == folder for path in made)
        assert sorted(folder.iterdir()) == sorted(made[-3:])  # type: ignore[type-var]

        ui_settings.setValue(KEY_BACKUPS_TO_KEEP, 0)
        assert backup_on_open(database, ui_settings, folder) is None
        assert len(list(folder.iterdir())) == 3
    finally:
        database.close()


def test_opening_a_database_puts_the_name_on_it_and_backs_it_up(
    qtbot, window: TestWindow, ui_settings
) -> None:
    ui_settings.setValue(KEY_ACTOR, "Ana Coordinator")
    context = window.context
    window.data_actions.database_opened(context)
    # The backup is background work: nothing the coordinator waits for.
    assert running_jobs() == 1 and foreground_jobs() == 0
    wait_for_workers(qtbot)
    assert context.database.actor == "Ana Coordinator"
    assert len(list(backup_dir().glob("program-*-opened.sqlite3"))) == 1


# --------------------------------------------------------------------------- settings


def test_settings_default_to_the_login_name_and_ten_backups(ui_settings) -> None:
    assert actor_name(ui_settings) == default_actor()
    assert backups_to_keep(ui_settings) == DEFAULT_BACKUPS_TO_KEEP == 10
    ui_settings.setValue(KEY_BACKUPS_TO_KEEP, "many")
    assert backups_to_keep(ui_settings) == 10


def test_the_name_given_in_settings_is_written_in_the_audit_log(
    qtbot, window: TestWindow, ui_settings
) -> None:
    def drive(dialog: SettingsDialog) -> None:
        assert dialog.actor_edit.placeholderText() == (default_actor() or "your name")
        dialog.actor_edit.clear()
        qtbot.keyClicks(dialog.actor_edit, "  Ana   Ruiz ")
        dialog.keep_spin.setValue(4)
        dialog.accept()

    driver = run_dialog(qtbot, SettingsDialog, drive)
    window.data_actions.settings_action.trigger()
    driver.finish()

    assert ui_settings.value(KEY_ACTOR) == "Ana Ruiz"
    assert backups_to_keep(ui_settings) == 4
    database = window.context.database
    assert database.actor == "Ana Ruiz"
    with database.transaction() as session:
        make_person(session, name="Ben Okafor")
    with database.transaction() as session:
        assert audit_entries(session, limit=1)[0].actor == "Ana Ruiz"


def test_settings_refuse_a_name_with_control_characters(qtbot, ui_settings) -> None:
    dialog = SettingsDialog(ui_settings)
    qtbot.addWidget(dialog)
    dialog.actor_edit.setText("Ana\x07")
    dialog.accept()
    assert dialog.marked_field == "actor"
    assert ui_settings.value(KEY_ACTOR) is None
    dialog.actor_edit.clear()
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert actor_name(ui_settings) == default_actor()  # empty: the login name


def test_closed_dialogs_survive_garbage_collection_on_a_worker_thread(
    qtbot, window: TestWindow
) -> None:
    """PySide gives a dialog to Python after ``exec()``; one caught in a reference cycle
    could be collected while an export or backup runs on a pool thread, and a widget
    deleted off the GUI thread crashes. The actions delete their dialogs themselves."""
    import gc
    import threading

    from PySide6.QtWidgets import QApplication

    # What earlier tests left behind (contexts made without a parent) goes first: this
    # test is about the dialogs the actions open.
    gc.collect()
    actions = window.data_actions
    for dialog_class, action in (
        (ExportRecordsDialog, actions.export_records_action),
        (ImportRosterDialog, actions.import_roster_action),
        (SettingsDialog, actions.settings_action),
    ):
        driver = run_dialog(qtbot, dialog_class, lambda dialog: dialog.reject())
        action.trigger()
        driver.finish()
    QApplication.processEvents()  # the deletions the actions asked for (exec_dialog)
    collector = threading.Thread(target=gc.collect)
    collector.start()
    collector.join()
    for _ in range(5):
        QApplication.processEvents()
    assert window.isVisible()


def test_without_a_reopen_callback_the_views_are_told_to_reload(
    qtbot, window: TestWindow, tmp_path: Path
) -> None:
    with window.context.transaction() as session:
        make_person(session, name="Ana Ruiz", email="ana@example.org")
    backup = tmp_path / "before.sqlite3"
    actions = window.data_actions
    actions.reopen = None
    actions.choose_path = lambda *_args, **_kwargs: str(backup)  # type: ignore[method-assign]
    actions.backup_action.trigger()
    wait_for_workers(qtbot)
    with window.context.transaction() as session:
        make_person(session, name="Ben Okafor", email="ben@example.org")
    changed: list[bool] = []
    window.context.data_changed.connect(lambda: changed.append(True))
    actions.restore_action.trigger()
    wait_for_workers(qtbot)
    assert changed
    # SQLite's backup API replaced the pages under the open connection.
    assert names(window.context.database) == ["Ana Ruiz"]
