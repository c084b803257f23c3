"""One person's data: export everything held about them, or erase them when they leave.

``privacy_actions(parent, context, person_getter)`` gives the two actions for any
view that shows people; ``person_getter()`` returns the chosen person's id (or
None). ``install_privacy_menu`` also puts them on a table's right-click menu.

Erasing asks first in a dialog that names the person, says what is replaced and
what is kept, and only lets the coordinator go on once they have typed the
person's name.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.services import people
from mentordesk.services.erasure import ErasureResult, erase_everywhere
from mentordesk.services.people import PersonDetails
from mentordesk.services.privacy import erased_name, person_export
from mentordesk.ui.context import AppContext
from mentordesk.ui.errors import show_error
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.worker import Progress, run_in_worker

KEY_PERSON_EXPORT_FOLDER = "privacy/folder"
PERSON_FILE_FILTER = "JSON files (*.json);;All files (*)"

PersonGetter = Callable[[], int | None]


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _file_name(name: str) -> str:
    kept = "".join(char if char.isalnum() else "-" for char in name.casefold())
    return "-".join(part for part in kept.split("-") if part) or "person"


def write_json_atomically(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` to ``path`` whole or not at all (a temporary file moved into place)."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ErasePersonDialog(QDialog):
    """Asks before erasing ``person``: names them, and wants their name typed."""

    def __init__(self, person: PersonDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person = person
        self.setWindowTitle(f"Erase {person.name}")
        self.setObjectName("erasePersonDialog")

        heading = QLabel(f"Erase {person.name}?")
        heading.setObjectName("eraseHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        identity = " · ".join(
            part for part in (person.email, person.employee_id, person.department) if part
        )
        who = QLabel(identity)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setEnabled(False)
        explanation = QLabel(
            "<p>Their name, email, employee id, job title, location and skills are removed, "
            "and the free text written in their pairs (expectations, goals, notes, comments, "
            "conflict descriptions, reviews) is replaced with <i>[erased]</i>. They will "
            f"appear as <b>{erased_name(person.id)}</b>.</p>"
            "<p>Their pairs, activities and trust scores are kept, so the program's figures "
            "stay true. The audit log records that an erasure happened.</p>"
            "<p><b>This cannot be undone.</b> Export their data first if they asked for a "
            "copy.</p>"
        )
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setWordWrap(True)
        explanation.setObjectName("eraseExplanation")
        explanation.setStyleSheet(
            f"QLabel#eraseExplanation {{ border-left: 3px solid {PROBLEM_COLOUR};"
            " padding-left: 8px; }"
        )

        prompt = QLabel(f"To confirm, type their name (<b>{_escape(person.name)}</b>):")
        prompt.setTextFormat(Qt.TextFormat.RichText)
        prompt.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("eraseConfirmName")
        self.name_edit.setAccessibleName(f"Type {person.name} to confirm")
        self.name_edit.textChanged.connect(self._typed)
        prompt.setBuddy(self.name_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button: QPushButton = self.buttons.addButton(
            "Erase", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setIcon(icon("delete"))
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        self.erase_button.clicked.connect(self.accept)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(who)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addWidget(prompt)
        layout.addWidget(self.name_edit)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 0)
        self.name_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # A window's minimum size ignores wrapped labels: grow to what they need.
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)
        super().showEvent(event)

    @property
    def confirmed(self) -> bool:
        """Whether the typed text is the person's name (case and spacing aside)."""
        return _folded(self.name_edit.text()) == _folded(self.person.name)

    def _typed(self) -> None:
        self.erase_button.setEnabled(self.confirmed)
        self.erase_button.setToolTip(
            "" if self.confirmed else f"Type {self.person.name} above to erase them"
        )

    def accept(self) -> None:
        if not self.confirmed:
            return
        super().accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PersonPrivacy(QObject):
    """The behaviour behind the two actions, for one view's chosen person; a child of
    the view, so it lives as long as the view does."""

    def __init__(self, parent: QWidget, context: AppContext, person_getter: PersonGetter):
        super().__init__(parent)
        self.setObjectName("personPrivacy")
        self.view = parent
        self.context = context
        self.person_getter = person_getter
        #: Asks where to write a person's data; tests replace it.
        self.choose_path: Callable[[str], str | None] = self._ask_path
        #: Asks before erasing; tests replace it. True means go ahead.
        self.confirm_erase: Callable[[PersonDetails], bool] = self._ask_erase

    def _chosen(self, doing: str) -> PersonDetails | None:
        person_id = self.person_getter()
        if person_id is None:
            QMessageBox.information(self.view, doing, "Choose a person in the list first.")
            return None
        try:
            details = self.context.call(people.get_person, person_id)
        except MentorDeskError as error:
            show_error(self.view, error)
            return None
        return details

    def _status(self, text: str) -> None:
        window = self.view.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # -- export -------------------------------------------------------------------------------

    def _ask_path(self, suggested: str) -> str | None:
        folder = str(self.context.settings.value(KEY_PERSON_EXPORT_FOLDER, "") or "")
        start = str(Path(folder or Path.home()) / suggested)
        path, _ = QFileDialog.getSaveFileName(
            self.view, "Export this person's data", start, PERSON_FILE_FILTER
        )
        if path:
            self.context.settings.setValue(KEY_PERSON_EXPORT_FOLDER, str(Path(path).parent))
        return path or None

    def export(self) -> None:
        """Write everything held about the chosen person (their confidential notes
        included: it is their own data) to a JSON file, in the worker."""
        details = self._chosen("Export this person's data")
        if details is None:
            return
        chosen = self.choose_path(f"{_file_name(details.name)}.json")
        if not chosen:
            return
        out = Path(chosen)
        if not out.suffix:
            out = out.with_suffix(".json")
        person_id = details.id
        database = self.context.database

        def work(progress: Progress) -> Path:
            progress.report(0, 0, f"Writing {out.name}…")
            with database.transaction() as session:
                document = person_export(session, person_id)
            try:
                write_json_atomically(out, document)
            except OSError as error:
                raise MentorDeskError(
                    f"Could not write {out}: {error.strerror or error}."
                ) from None
            return out

        def done(written: Path) -> None:
            self._status(f"Wrote everything held about {details.name} to {written}.")
            QMessageBox.information(
                self.view,
                "Person's data exported",
                f"Everything MentorDesk holds about {details.name} was written to {written}, "
                "including the confidential notes of their pairs. Give it only to them, and "
                "delete your copy once it is sent.",
            )

        run_in_worker(self.view, work, done, title="Exporting a person's data")

    # -- erase ----------------------------------------------------------------------------------

    def _ask_erase(self, details: PersonDetails) -> bool:
        return exec_dialog(ErasePersonDialog(details, self.view))

    def erase(self) -> None:
        """Ask, then erase the chosen person; their records stay under a placeholder name."""
        details = self._chosen("Erase this person")
        if details is None or not self.confirm_erase(details):
            return
        database = self.context.database
        person_id = details.id

        def work(progress: Progress) -> ErasureResult:
            # The database, its journal, every automatic backup and the log (seconds for
            # a large database, so off the GUI thread); recorded in the erasure ledger so
            # a restore of an older backup erases them again.
            progress.report(0, 0, f"Erasing {details.name}…")
            return erase_everywhere(database, person_id)

        def done(result: ErasureResult) -> None:
            # An undo could write the erased text back: the history before this is dropped.
            self.context.undo_stack.clear()
            self.context.notify_changed()
            placeholder = erased_name(result.person_id)
            self._status(f"Erased {details.name}; their records remain as {placeholder}.")
            QMessageBox.information(
                self.view,
                "Person erased",
                f"{details.name}'s personal data was erased. Their pairs, activities and "
                f"scores remain under the name {placeholder}.\n\n{result.describe()}",
            )

        run_in_worker(self.view, work, done, title="Erasing a person", cancellable=False)


def privacy_actions(
    parent: QWidget, context: AppContext, person_getter: PersonGetter
) -> list[QAction]:
    """ "Export this person's data…" and "Erase this person…" for the person
    ``person_getter()`` names (their id, or None when nobody is chosen)."""
    privacy = PersonPrivacy(parent, context, person_getter)
    export = QAction(icon("export"), "E&xport this person's data…", parent)
    export.setObjectName("exportPersonData")
    export.setStatusTip("Write everything held about the chosen person to a JSON file")
    export.triggered.connect(lambda _checked=False: privacy.export())
    erase = QAction(icon("delete"), "E&rase this person…", parent)
    erase.setObjectName("erasePerson")
    erase.setStatusTip(
        "Replace the chosen person's name, contact details and the text about them with a "
        "placeholder, keeping the program's statistics"
    )
    erase.triggered.connect(lambda _checked=False: privacy.erase())
    return [export, erase]


def install_privacy_menu(
    table: QWidget, view: QWidget, context: AppContext, person_getter: PersonGetter
) -> list[QAction]:
    """Right-click ``table`` (a view's list of people) for the two actions; returns them,
    e.g. to put in a toolbar or menu as well. One line in a view's ``__init__``."""
    actions = privacy_actions(view, context, person_getter)
    table.addActions(actions)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return actions
