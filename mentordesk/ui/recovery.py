"""A damaged database in the window: say what is wrong and offer the newest sound backup.

Shown when a database cannot be opened because it is damaged, when the check run
in the background after opening finds damage, and when a view's reading fails on
it. "Restore the backup of …" puts the newest backup that passes SQLite's
integrity check back in the database's place (the damaged file is kept in the
backups folder, never deleted); "Choose a backup…" lets the coordinator pick
another one. Nothing is changed unless a button says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mentordesk.errors import DatabaseDamaged, MentorDeskError
from mentordesk.paths import backup_dir
from mentordesk.ui.errors import show_error

log = logging.getLogger("mentordesk.ui")

BACKUP_FILTER = "MentorDesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"


def _when(path: Path) -> str:
    made = datetime.fromtimestamp(path.stat().st_mtime)
    return f"{made:%d %b %Y, %H:%M}"


class DamagedDatabaseBox(QMessageBox):
    """The question asked about a damaged database; tests click its buttons."""

    def __init__(self, error: DatabaseDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.backup = Path(str(error.backup)) if error.backup else None
        path = Path(str(error.path))
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Database damaged")
        self.setText(f"<b>{path.name} is damaged</b>: {error.what or 'SQLite cannot read it'}.")
        if self.backup is not None:
            informative = (
                f"The newest sound backup of it is from {_when(self.backup)}. Restoring it "
                "brings back everything saved up to then; what was saved after is lost.\n\n"
                f"The damaged file is kept in {self.backup.parent}, in case a specialist can "
                "recover its last changes."
            )
        else:
            informative = (
                f"No sound backup of it was found in {backup_dir()}. Choose a backup you "
                "keep elsewhere, or open another database."
            )
        self.setInformativeText(informative)
        self.setDetailedText(str(error))
        self.restore_button = None
        if self.backup is not None:
            self.restore_button = self.addButton(
                f"Restore the backup of {_when(self.backup)}", QMessageBox.ButtonRole.AcceptRole
            )
        self.choose_button = self.addButton("Choose a backup…", QMessageBox.ButtonRole.ActionRole)
        self.cancel_button = self.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.choose_button)
        self.setEscapeButton(self.cancel_button)


def restore_over_damaged(location: str, backup: Path) -> None:
    """Put ``backup`` in the place of the damaged database at ``location`` (the damaged
    file moves to the backups folder)."""
    from mentordesk.services.backups import restore

    restore(location, backup)


def offer_backup(
    parent: QWidget | None,
    error: DatabaseDamaged,
    location: str,
    *,
    ask: Callable[[DamagedDatabaseBox], None] | None = None,
    choose: Callable[[], str | None] | None = None,
) -> bool:
    """Show the damage and offer the backup; True once a backup was restored in its place.

    ``ask`` runs the box (default: ``exec``) and ``choose`` asks for a backup file
    (default: a file dialog in the backups folder); tests pass their own.
    """
    log.warning("Damaged database %s: %s", location, error)
    box = DamagedDatabaseBox(error, parent)
    (ask or (lambda shown: shown.exec()))(box)
    clicked = box.clickedButton()
    if box.restore_button is not None and clicked is box.restore_button:
        chosen: Path | None = box.backup
    elif clicked is box.choose_button:
        if choose is None:
            path, _ = QFileDialog.getOpenFileName(
                parent, "Restore from a backup", str(backup_dir()), BACKUP_FILTER
            )
        else:
            path = choose() or ""
        chosen = Path(path) if path else None
    else:
        chosen = None
    box.deleteLater()
    if chosen is None:
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        restore_over_damaged(location, chosen)
    except MentorDeskError as problem:
        show_error(parent, problem)
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
    log.info("Restored %s from %s after damage", location, chosen)
    return True
