"""Settings: the coordinator's name in the audit log, the automatic backups to keep,
and the paper the PDFs are laid out on.

All live in the window's settings file (one per computer and user), so they
follow the coordinator from one database to the next.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import FieldProblem
from mentordesk.paths import backup_dir
from mentordesk.reports.paper import Paper
from mentordesk.store.database import default_actor
from mentordesk.ui.settings import (
    KEY_ACTOR,
    KEY_BACKUPS_TO_KEEP,
    KEY_PAPER,
    MAX_BACKUPS_TO_KEEP,
    PAPER_AUTOMATIC,
    backups_to_keep,
    paper_choice,
    system_paper,
)
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import in_row

#: The audit log keeps at most this many characters of a name.
MAX_ACTOR_LENGTH = 200


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's quieter text colour, on any theme
    return label


class SettingsDialog(FormDialog):
    """Edit the settings; ``accept()`` checks and stores them."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.login_name = default_actor()

        self.actor_edit = QLineEdit()
        self.actor_edit.setObjectName("actorEdit")
        self.actor_edit.setMaxLength(MAX_ACTOR_LENGTH)
        self.actor_edit.setPlaceholderText(self.login_name or "your name")
        self.actor_edit.setAccessibleName("Your name in the audit log")
        self.actor_edit.setText(str(settings.value(KEY_ACTOR, "") or ""))
        self.actor_edit.setClearButtonEnabled(True)
        self.add_field("actor", self.actor_edit)

        self.keep_spin = QSpinBox()
        self.keep_spin.setObjectName("backupsToKeep")
        self.keep_spin.setRange(0, MAX_BACKUPS_TO_KEEP)
        self.keep_spin.setSuffix(" backups")
        self.keep_spin.setSpecialValueText("None (not recommended)")
        self.keep_spin.setAccessibleName("Automatic backups to keep")
        self.keep_spin.setValue(backups_to_keep(settings))
        self.keep_spin.setMinimumWidth(self.keep_spin.fontMetrics().horizontalAdvance("M" * 16))
        self.add_field("keep", self.keep_spin)

        folder = backup_dir()
        self.folder_label = QLabel(str(folder))
        self.folder_label.setObjectName("backupFolder")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        self.open_folder_button = QPushButton("&Open folder")
        self.open_folder_button.setToolTip("Show the backups folder in the file manager")
        self.open_folder_button.clicked.connect(self.open_backup_folder)

        audit = QGroupBox("Audit log")
        audit_form = QFormLayout(audit)
        audit_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        actor_label = QLabel("Your &name:")
        actor_label.setBuddy(self.actor_edit)
        audit_form.addRow(actor_label, self.actor_edit)
        login = f" ({self.login_name})" if self.login_name else ""
        audit_form.addRow(
            "",
            _hint(
                "Written beside every change you make, so a team sharing one database can "
                f"see who did what. Leave it empty to use your login name{login}."
            ),
        )

        backups = QGroupBox("Automatic backups")
        backups_form = QFormLayout(backups)
        backups_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        keep_label = QLabel("&Keep the last:")
        keep_label.setBuddy(self.keep_spin)
        backups_form.addRow(keep_label, in_row(self.keep_spin, 1))
        backups_form.addRow(
            "",
            _hint(
                "A copy of the database file is made each time it is opened; older copies "
                "beyond this number are deleted. Copies made before an upgrade or a restore "
                "are never deleted."
            ),
        )
        backups_form.addRow(
            "Folder:", in_row(self.folder_label, self.open_folder_button, grow=self.folder_label)
        )

        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("paperSize")
        self.paper_combo.setAccessibleName("Paper size of the PDFs")
        self.paper_combo.addItem(
            f"Automatic (from system: {system_paper().label})", PAPER_AUTOMATIC
        )
        for paper in Paper:
            self.paper_combo.addItem(paper.label, paper.value)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(paper_choice(settings))))
        self.add_field("paper", self.paper_combo)
        printing = QGroupBox("Printing")
        printing_form = QFormLayout(printing)
        printing_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        paper_label = QLabel("&Paper size:")
        paper_label.setBuddy(self.paper_combo)
        printing_form.addRow(paper_label, in_row(self.paper_combo, 1))
        printing_form.addRow(
            "",
            _hint(
                "Reports, workshop packs, sign-in sheets and survey forms are laid out on "
                "this paper. Automatic follows the system's region: Letter in the US and "
                "Canada, A4 in most other countries."
            ),
        )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addWidget(audit)
        layout.addWidget(backups)
        layout.addWidget(printing)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(560, 0)
        self.remember_values()

    # -- values ---------------------------------------------------------------------------

    @property
    def actor(self) -> str:
        """The name to record; the login name when the field is left empty."""
        return " ".join(self.actor_edit.text().split()) or self.login_name

    @property
    def backups_to_keep(self) -> int:
        return self.keep_spin.value()

    def save(self) -> None:
        typed = " ".join(self.actor_edit.text().split())
        if any(unicodedata.category(char).startswith("C") for char in typed):
            raise FieldProblem("actor", "Your name cannot hold control characters.")
        if len(typed) > MAX_ACTOR_LENGTH:
            raise FieldProblem(
                "actor", f"Your name is too long for the audit log (at most {MAX_ACTOR_LENGTH})."
            )
        # An empty name is stored empty, so the login name is used wherever this runs.
        self.settings.setValue(KEY_ACTOR, typed)
        self.settings.setValue(KEY_BACKUPS_TO_KEEP, self.keep_spin.value())
        self.settings.setValue(KEY_PAPER, str(self.paper_combo.currentData()))
        self.settings.sync()

    def open_backup_folder(self) -> None:
        """Show the automatic backups folder in the file manager."""
        folder = backup_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
