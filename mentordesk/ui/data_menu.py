"""Getting data in and out of the window, safely: the File menu's roster import, record
export, back up, restore and settings, and the automatic backup made on opening.

The main window includes all of it with one call and one connection::

    self.data_actions = install_data_actions(
        self, file_menu, lambda: self.context, reopen=self.open_location
    )
    self.database_opened.connect(self.data_actions.database_opened)

``database_opened`` puts the coordinator's name (Settings) on the database for
the audit log and makes the rotating automatic backup of a SQLite file. A
restore replaces the database under the window, then asks the window to open
it again through ``reopen(location)``.

Slow work (an export, a backup, a restore) runs in the worker; nothing here
touches the database on the GUI thread except to read the list of programs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from mentordesk.errors import DatabaseDamaged
from mentordesk.paths import backup_dir
from mentordesk.store.backup import automatic_backup
from mentordesk.ui.context import AppContext
from mentordesk.ui.icons import icon
from mentordesk.ui.settings import (
    KEY_BACKUP_FOLDER,
    KEY_FILES_FOLDER,
    actor_name,
    backups_to_keep,
)
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.worker import Progress, run_in_worker

if TYPE_CHECKING:
    # The services are loaded when an action runs: the window paints before the store loads.
    from mentordesk.exporting import ExportResult
    from mentordesk.services.backups import BackupResult, RestoreResult
    from mentordesk.store.database import Database

log = logging.getLogger("mentordesk.ui.data")


BACKUP_FILTER = "MentorDesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"
SERVER_BACKUP_FILTER = "PostgreSQL dumps (*.pgdump *.dump);;All files (*)"

ContextGetter = Callable[[], AppContext | None]


# --------------------------------------------------------------------------- settings


def apply_settings(database: Database, settings: QSettings) -> None:
    """Put the coordinator's name on ``database``, so the audit log says who changed what."""
    database.actor = actor_name(settings)


def backup_on_open(
    database: Database, settings: QSettings, folder: Path | None = None
) -> Path | None:
    """The rotating automatic backup of a SQLite database, made when it is opened.

    Keeps the newest N (``backups_to_keep``) in ``folder`` (the backups folder of
    the data folder unless given); returns the new backup, or None for a server
    database or when the coordinator keeps none. Safe while the window reads the
    database: SQLite's online backup gives a consistent copy.
    """
    path = database.path
    if path is None:
        return None
    return automatic_backup(path, folder or backup_dir(), backups_to_keep(settings))


def database_location(database: Database) -> str:
    """What ``open_database`` and ``restore`` take to reach ``database`` again."""
    if database.path is not None:
        return str(database.path)
    return database.url.render_as_string(hide_password=False)


def _stamp() -> str:
    return datetime.now().strftime("%Y-%m-%d-%H%M")


def _is_quit(action: QAction) -> bool:
    """Whether ``action`` quits the program (by its role, shortcut or words)."""
    if action.isSeparator():
        return False
    if action.menuRole() == QAction.MenuRole.QuitRole:
        return True
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    if not action.shortcut().isEmpty() and action.shortcut() in quit_keys:
        return True
    return action.text().replace("&", "").strip().casefold() in ("quit", "exit")


# --------------------------------------------------------------------------- the actions


class DataActions(QObject):
    """The File menu's data actions for one window; see the module docstring."""

    def __init__(
        self,
        window: QWidget,
        file_menu: QMenu,
        context_getter: ContextGetter,
        *,
        reopen: Callable[[str], object] | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context_getter = context_getter
        self.reopen = reopen
        self._settings = settings
        self.file_menu = file_menu

        self.import_roster_action = self._action(
            "Import &roster…",
            "import",
            "Import people or pairs from a CSV or XLSX file, after checking every row",
            self.import_roster,
        )
        self.export_records_action = self._action(
            "Export &records…",
            "export",
            "Write people, pairs, activities or conflicts to a CSV or XLSX file",
            self.export_records,
        )
        self.backup_action = self._action(
            "&Back up…",
            None,
            "Write a copy of the whole database (safe while you keep working)",
            self.back_up,
        )
        self.restore_action = self._action(
            "Res&tore from backup…",
            None,
            "Replace the database with a backup; the current one is kept first",
            self.restore,
        )
        self.settings_action = self._action(
            "Se&ttings…",
            None,
            "Your name in the audit log, and how many automatic backups to keep",
            self.edit_settings,
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.database_actions = (
            self.import_roster_action,
            self.export_records_action,
            self.backup_action,
            self.restore_action,
        )
        #: Off while the database is read-only (read-only media: see Database.read_only).
        self.write_actions = (self.import_roster_action, self.restore_action)
        self._insert_into_menu()
        file_menu.aboutToShow.connect(self.update_actions)
        self.update_actions()

    # -- building -------------------------------------------------------------------------

    def _action(
        self, text: str, icon_name: str | None, tip: str, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self.window)
        if icon_name is not None:
            action.setIcon(icon(icon_name))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _insert_into_menu(self) -> None:
        """Add the actions in three groups before Quit (at the menu's end when there is none)."""
        menu = self.file_menu
        existing = menu.actions()
        quit_action = next((action for action in existing if _is_quit(action)), None)
        if quit_action is None:
            before, leading = None, existing
        else:
            # Before the separator that sets Quit apart, or before Quit itself.
            position = existing.index(quit_action)
            if position > 0 and existing[position - 1].isSeparator():
                position -= 1
            before, leading = existing[position], existing[:position]
        groups: list[list[QAction]] = [
            [self.import_roster_action, self.export_records_action],
            [self.backup_action, self.restore_action],
            [self.settings_action],
        ]
        if leading and not leading[-1].isSeparator():
            self._insert_separator(before)
        for number, group in enumerate(groups):
            if number:
                self._insert_separator(before)
            for action in group:
                if before is None:
                    menu.addAction(action)
                else:
                    menu.insertAction(before, action)
        if before is quit_action and before is not None:
            self._insert_separator(before)

    def _insert_separator(self, before: QAction | None) -> None:
        if before is None:
            self.file_menu.addSeparator()
        else:
            self.file_menu.insertSeparator(before)

    # -- state ----------------------------------------------------------------------------

    @property
    def context(self) -> AppContext | None:
        return self.context_getter()

    @property
    def settings(self) -> QSettings:
        """The window's settings: given, else the open database's, else the window's own."""
        if self._settings is not None:
            return self._settings
        context = self.context
        if context is not None:
            return context.settings
        settings = getattr(self.window, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        from mentordesk.ui.settings import open_settings

        self._settings = open_settings()
        return self._settings

    def update_actions(self) -> None:
        """Database actions only with a database open (checked each time the menu opens)."""
        has_database = self.context is not None
        for action in self.database_actions:
            action.setEnabled(has_database)
        if self.context is not None and self.context.database.read_only is not None:
            for action in self.write_actions:
                action.setEnabled(False)

    def _status(self, text: str, timeout: int = 8000) -> None:
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(text, timeout)

    # -- asking (tests replace these) -------------------------------------------------------

    def choose_path(
        self, title: str, file_filter: str, *, save: bool, suggested: str = "", key: str = ""
    ) -> str | None:
        """Ask for a file, starting in the folder last used for ``key``; None when cancelled."""
        folder = str(self.settings.value(key or KEY_FILES_FOLDER, "") or "") or str(Path.home())
        start = str(Path(folder) / suggested) if suggested else folder
        if save:
            path, _ = QFileDialog.getSaveFileName(self.window, title, start, file_filter)
        else:
            path, _ = QFileDialog.getOpenFileName(self.window, title, start, file_filter)
        if not path:
            return None
        self.settings.setValue(key or KEY_FILES_FOLDER, str(Path(path).parent))
        return path

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot be taken back; No is the default answer."""
        answer = QMessageBox.question(
            self.window,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- opening a database ------------------------------------------------------------------

    def database_opened(self, context: AppContext) -> None:
        """Connect to the window's ``database_opened``: the coordinator's name on the
        database, then the automatic backup of a SQLite file in the worker."""
        database = context.database
        settings = self.settings
        apply_settings(database, settings)
        # A read-only database cannot change, so there is nothing new to back up.
        if database.path is None or database.read_only is not None:
            return
        keep = backups_to_keep(settings)

        def work(_progress: Progress) -> Path | None:
            from mentordesk.store import damage

            path: Path = database.path  # type: ignore[assignment]
            # A damaged file is found now, not when a view trips on it; and its copy
            # would push a sound backup out of the rotation.
            if not damage.quick_check(path):
                raise damage.damaged(path, database.backups or backup_dir())
            if keep == 0:
                return None
            return automatic_backup(path, backup_dir(), keep)

        def done(made: Path | None) -> None:
            if made is not None:
                log.info("Automatic backup written to %s", made)

        def failed(error: BaseException) -> None:
            offer = getattr(self.window, "offer_restore", None)
            if isinstance(error, DatabaseDamaged) and offer is not None:
                if self.context is not None and self.context.database is database:
                    offer(error)
                return
            log.warning("Automatic backup of %s failed: %s", database.path, error)
            QMessageBox.warning(
                self.window,
                "Automatic backup failed",
                f"The automatic backup of {database.path.name} could not be written to "  # type: ignore[union-attr]
                f"{backup_dir()}: {error}\n\nThe database itself is fine, and you can keep "
                "working; use File → Back up to make a copy somewhere else.",
            )

        run_in_worker(
            self.window,
            work,
            done,
            on_error=failed,
            show_progress=False,
            cancellable=False,
            background=True,
        )

    # -- import and export ----------------------------------------------------------------

    def import_roster(self) -> None:
        """File → Import roster: choose, check (dry run), then import all or the valid rows."""
        from mentordesk.ui.dialogs.import_roster import ImportRosterDialog

        context = self.context
        if context is None:
            return
        dialog = ImportRosterDialog(context, self.window, settings=self.settings)
        exec_dialog(dialog)
        if dialog.imported:
            context.notify_changed()
            report = dialog.report
            if report is not None:
                self._status(report.summary())

    def export_records(self) -> None:
        """File → Export records: choose what and where, then write it in the worker."""
        from mentordesk.ui.dialogs.export_records import ExportRecordsDialog

        context = self.context
        if context is None:
            return
        dialog = ExportRecordsDialog(context, self.window, settings=self.settings)
        if not exec_dialog(dialog):
            return
        kind, path = dialog.kind, dialog.path
        include, program = dialog.include_confidential, dialog.program_name
        database = context.database

        def work(progress: Progress) -> ExportResult:
            from mentordesk.exporting import export_records

            progress.report(0, 0, f"Writing {path.name}…")
            with database.transaction() as session:
                return export_records(
                    session, kind, path, include_confidential=include, program=program
                )

        run_in_worker(self.window, work, self._exported, title="Exporting records")

    def _exported(self, result: ExportResult) -> None:
        noun = result.kind.value if result.rows != 1 else result.kind.value.rstrip("s")
        lines = [f"Wrote {result.rows:,} {noun} to {result.path} ({result.file_format})."]
        if result.confidential_included:
            lines.append(
                "The file holds confidential text: keep it where only people allowed to read "
                "it can, and delete it when it is no longer needed."
            )
        elif result.confidential_withheld:
            lines.append(
                f"The confidential text of {result.confidential_withheld:,} "
                f"record{'s' if result.confidential_withheld != 1 else ''} was left out."
            )
        self._status(lines[0])
        QMessageBox.information(self.window, "Records exported", "\n\n".join(lines))

    # -- backups ------------------------------------------------------------------------------

    def back_up(self) -> None:
        """File → Back up: a consistent copy of the whole database, written in the worker."""
        context = self.context
        if context is None:
            return
        database = context.database
        server = database.path is None
        stem = database.path.stem if database.path is not None else "mentordesk-server"
        suggested = f"{stem}-backup-{_stamp()}" + (".pgdump" if server else ".sqlite3")
        chosen = self.choose_path(
            "Back up the database",
            SERVER_BACKUP_FILTER if server else BACKUP_FILTER,
            save=True,
            suggested=suggested,
            key=KEY_BACKUP_FOLDER,
        )
        if not chosen:
            return
        out = Path(chosen)
        if not out.suffix:
            out = out.with_suffix(".pgdump" if server else ".sqlite3")

        def work(progress: Progress) -> BackupResult:
            from mentordesk.services.backups import back_up

            progress.report(0, 0, f"Writing {out.name}…")
            return back_up(database, out)

        def done(result: BackupResult) -> None:
            self._status(f"Backed up to {result.path}.")
            QMessageBox.information(
                self.window,
                "Backed up",
                f"The database was backed up to {result.path}: {result.method}.\n\n"
                "Keep backups somewhere other than this computer's disk, too.",
            )

        run_in_worker(self.window, work, done, title="Backing up", cancellable=False)

    def restore(self) -> None:
        """File → Restore: choose a backup, confirm, replace the database (keeping the
        current one in the backups folder), then open it again in the window."""
        context = self.context
        if context is None:
            return
        database = context.database
        server = database.path is None
        chosen = self.choose_path(
            "Restore from a backup",
            SERVER_BACKUP_FILTER if server else BACKUP_FILTER,
            save=False,
            key=KEY_BACKUP_FOLDER,
        )
        if not chosen:
            return
        backup_file = Path(chosen)
        try:
            made = datetime.fromtimestamp(backup_file.stat().st_mtime)
            when = f", saved {made:%d %b %Y at %H:%M}"
        except OSError:
            when = ""
        question = (
            f"Replace everything in {database.display_name} with the backup "
            f"{backup_file.name}{when}?\n\n"
            "Every change made since that backup will be gone from the database. The "
            f"database as it is now is copied to {backup_dir()} first, so this can be undone "
            "by restoring that copy."
        )
        if not self.confirm("Restore from backup", question):
            return
        location = database_location(database)

        def work(progress: Progress) -> RestoreResult:
            from mentordesk.services.backups import restore

            progress.report(0, 0, f"Checking and restoring {backup_file.name}…")
            return restore(location, backup_file)

        def done(result: RestoreResult) -> None:
            # The file under the window changed: open it afresh, views and all.
            if self.reopen is not None:
                self.reopen(location)
            elif self.context is not None:
                self.context.undo_stack.clear()
                self.context.notify_changed()
            kept = (
                f"\n\nThe database as it was is kept at {result.previous_kept_at}."
                if result.previous_kept_at
                else ""
            )
            if result.erasures_reapplied:
                kept += (
                    f"\n\n{result.erasures_reapplied:,} people erased since that backup was "
                    "made were erased again."
                )
            self._status(f"Restored from {result.restored_from.name}.")
            QMessageBox.information(
                self.window,
                "Restored",
                f"The database was restored from {result.restored_from}.{kept}",
            )

        run_in_worker(self.window, work, done, title="Restoring", cancellable=False)

    # -- settings -------------------------------------------------------------------------------

    def edit_settings(self) -> None:
        """File → Settings: the coordinator's name and the automatic backups to keep."""
        from mentordesk.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.window)
        if exec_dialog(dialog):
            context = self.context
            if context is not None:
                apply_settings(context.database, self.settings)


def install_data_actions(
    window: QWidget,
    file_menu: QMenu,
    context_getter: ContextGetter,
    *,
    reopen: Callable[[str], object] | None = None,
    settings: QSettings | None = None,
) -> DataActions:
    """Add Import roster, Export records, Back up, Restore and Settings to ``file_menu``.

    ``context_getter`` returns the open database's context (None when none is
    open); ``reopen(location)`` opens the database again after a restore (the
    main window's ``open_location``). Connect the window's ``database_opened``
    signal to the result's :meth:`DataActions.database_opened`.
    """
    return DataActions(window, file_menu, context_getter, reopen=reopen, settings=settings)
