"""File → Export records: people, pairs, activities or conflicts to a CSV or XLSX file.

The coordinator chooses what, from which program, the format and the file.
Confidential text (the notes of confidential activities; the description, root
cause and outcome of confidential conflicts) is left out unless asked for, and
asking for it shows a warning and changes the button to say so. The dialog only
gathers the choices (``accept()`` checks them); the caller writes the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import FieldProblem
from mentordesk.exporting import ExportKind
from mentordesk.services import programs
from mentordesk.ui.context import AppContext
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR, FormDialog
from mentordesk.ui.widgets.form_layout import in_row

KEY_EXPORT_FOLDER = "export/folder"
KEY_EXPORT_FORMAT = "export/format"

FORMATS = {".csv": "CSV (any spreadsheet or HR system)", ".xlsx": "XLSX (Excel workbook)"}
FILE_FILTERS = {".csv": "CSV files (*.csv)", ".xlsx": "Excel workbooks (*.xlsx)"}

#: What each kind holds, for the line under the choice.
KIND_HELP = {
    ExportKind.PEOPLE: "The directory: one row per person. Can be imported back.",
    ExportKind.PAIRS: "One row per pair, with model, status and dates. Can be imported back.",
    ExportKind.ACTIVITIES: "Every check-in and session of the pairs, with its outcome.",
    ExportKind.CONFLICTS: "Every conflict of the pairs, with its timeline of steps.",
}
KIND_LABELS = {
    ExportKind.PEOPLE: "&People",
    ExportKind.PAIRS: "P&airs",
    ExportKind.ACTIVITIES: "A&ctivities",
    ExportKind.CONFLICTS: "C&onflicts",
}
#: The kinds whose records can hold confidential text.
CONFIDENTIAL_KINDS = frozenset({ExportKind.ACTIVITIES, ExportKind.CONFLICTS})
CONFIDENTIAL_NOTES = {
    ExportKind.PEOPLE: "People files hold no confidential text.",
    ExportKind.PAIRS: "Pairs files hold no confidential text.",
    ExportKind.ACTIVITIES: "Unless ticked, the notes of confidential activities are left out.",
    ExportKind.CONFLICTS: (
        "Unless ticked, the description, root cause and outcome of confidential conflicts "
        "are left out."
    ),
}
CONFIDENTIAL_WARNING = (
    "The file will hold confidential text that MentorDesk otherwise only shows on request. "
    "Anyone who can open the file can read it: keep it where only people allowed to read it "
    "can, and delete it when it is no longer needed."
)


def _slug(text: str) -> str:
    kept = "".join(char if char.isalnum() else "-" for char in text.casefold())
    return "-".join(part for part in kept.split("-") if part)


class ExportRecordsDialog(FormDialog):
    """Choose what to export and where; values as properties once accepted."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = settings or context.settings
        self.setWindowTitle("Export records")
        self.setObjectName("exportRecordsDialog")
        self._path_typed = False
        # The save dialog already asked about replacing the file it returned.
        self._replace_agreed: Path | None = None
        #: How the dialog asks before replacing a file (tests replace it).
        self.confirm_overwrite = self._ask_overwrite

        self.kind_group = QButtonGroup(self)
        self.kind_radios: dict[ExportKind, QRadioButton] = {}
        kinds_box = QWidget()
        kinds = QVBoxLayout(kinds_box)
        kinds.setContentsMargins(0, 0, 0, 0)
        kinds.setSpacing(2)
        for kind in ExportKind:
            radio = QRadioButton(KIND_LABELS[kind])
            radio.setObjectName(f"export-{kind.value}")
            radio.setToolTip(KIND_HELP[kind])
            self.kind_group.addButton(radio)
            self.kind_radios[kind] = radio
            kinds.addWidget(radio)
        self.kind_radios[ExportKind.PAIRS].setChecked(True)
        self.kind_help = QLabel()
        self.kind_help.setWordWrap(True)
        self.kind_help.setEnabled(False)
        kinds.addWidget(self.kind_help)
        self.kind_group.buttonToggled.connect(self._choice_changed)

        self.program_combo = QComboBox()
        self.program_combo.setObjectName("exportProgram")
        self.program_combo.setAccessibleName("Program")
        self.program_combo.addItem("All programs", None)
        for row in context.call(programs.list_programs):
            self.program_combo.addItem(icon("program"), row.name, row.name)
            if row.id == context.program_id:
                self.program_combo.setCurrentIndex(self.program_combo.count() - 1)
        self.program_combo.setToolTip(
            "Only this program's pairs, their activities and conflicts; for people, "
            "those in its pairs"
        )
        self.program_combo.currentIndexChanged.connect(self._choice_changed)
        self.add_field("program", self.program_combo)

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        self.format_combo.setAccessibleName("Format")
        for suffix, text in FORMATS.items():
            self.format_combo.addItem(text, suffix)
        remembered = self.format_combo.findData(self.settings.value(KEY_EXPORT_FORMAT, ".xlsx"))
        self.format_combo.setCurrentIndex(max(remembered, 0))
        self.format_combo.currentIndexChanged.connect(self._choice_changed)
        self.add_field("format", self.format_combo)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setAccessibleName("File")
        self.path_edit.textEdited.connect(self._path_typed_by_hand)
        self.add_field("path", self.path_edit)
        browse = QPushButton(icon("open"), "&Browse…")
        browse.clicked.connect(self.browse)
        path_row = in_row(self.path_edit, browse, grow=self.path_edit)

        self.confidential_check = QCheckBox("Include &confidential text")
        self.confidential_check.setObjectName("includeConfidential")
        self.confidential_check.toggled.connect(self._choice_changed)
        self.add_field("confidential", self.confidential_check)
        self.confidential_note = QLabel()
        self.confidential_note.setObjectName("confidentialNote")
        self.confidential_note.setWordWrap(True)
        self.confidential_note.setEnabled(False)
        self.warning_label = QLabel(f"<b>Warning:</b> {CONFIDENTIAL_WARNING}")
        self.warning_label.setObjectName("confidentialWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.RichText)
        self.warning_label.setStyleSheet(
            f"QLabel#confidentialWarning {{ border: 1px solid {PROBLEM_COLOUR};"
            " border-radius: 4px; padding: 6px 8px; }"
        )
        self.warning_label.setAccessibleName("Warning")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Export:", kinds_box)
        for text, field, buddy in (
            ("P&rogram:", self.program_combo, self.program_combo),
            ("&Format:", self.format_combo, self.format_combo),
            ("F&ile:", path_row, self.path_edit),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        confidential_box = QWidget()
        confidential = QVBoxLayout(confidential_box)
        confidential.setContentsMargins(0, 0, 0, 0)
        confidential.setSpacing(2)
        confidential.addWidget(self.confidential_check)
        confidential.addWidget(self.confidential_note)
        form.addRow("Confidential:", confidential_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportButton")
        self.export_button.setIcon(icon("export"))
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addLayout(form)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(620, 0)
        self._choice_changed()
        self.remember_values()

    # -- values -----------------------------------------------------------------------------

    @property
    def kind(self) -> ExportKind:
        for kind, radio in self.kind_radios.items():
            if radio.isChecked():
                return kind
        return ExportKind.PAIRS

    def set_kind(self, kind: ExportKind) -> None:
        self.kind_radios[kind].setChecked(True)

    @property
    def suffix(self) -> str:
        return str(self.format_combo.currentData())

    @property
    def program_name(self) -> str | None:
        return self.program_combo.currentData()

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def set_path(self, path: str | Path) -> None:
        """Write to ``path`` (as if typed); its ending chooses the format."""
        self.path_edit.setText(str(path))
        self._path_typed_by_hand()

    @property
    def include_confidential(self) -> bool:
        return self.confidential_check.isEnabled() and self.confidential_check.isChecked()

    # -- reacting -----------------------------------------------------------------------------

    def _folder(self) -> Path:
        typed = self.path_edit.text().strip()
        if typed:
            return Path(typed).expanduser().parent
        folder = str(self.settings.value(KEY_EXPORT_FOLDER, "") or "")
        return Path(folder) if folder else Path.home()

    def suggested_name(self) -> str:
        """pairs-spring-cohort-2027-03-14.xlsx: what, from where, when, as what."""
        parts = [self.kind.value]
        if self.program_name:
            parts.append(_slug(self.program_name))
        parts.append(date.today().isoformat())
        return "-".join(part for part in parts if part) + self.suffix

    def _path_typed_by_hand(self, *_args: object) -> None:
        self._path_typed = bool(self.path_edit.text().strip())
        suffix = self.path.suffix.lower()
        if suffix in FORMATS and suffix != self.suffix:
            self.format_combo.blockSignals(True)
            self.format_combo.setCurrentIndex(self.format_combo.findData(suffix))
            self.format_combo.blockSignals(False)

    def _choice_changed(self, *_args: object) -> None:
        kind = self.kind
        self.kind_help.setText(KIND_HELP[kind])
        can_hold = kind in CONFIDENTIAL_KINDS
        self.confidential_check.setEnabled(can_hold)
        self.confidential_note.setText(CONFIDENTIAL_NOTES[kind])
        revealing = self.include_confidential
        self.warning_label.setVisible(revealing)
        self.export_button.setText("Export with confidential text" if revealing else "Export")
        if self._path_typed:
            # Keep the coordinator's name and folder; only the ending follows the format.
            typed = self.path
            if typed.suffix.lower() != self.suffix:
                self.path_edit.setText(str(typed.with_suffix(self.suffix)))
        else:
            self.path_edit.setText(str(self._folder() / self.suggested_name()))
        self.fit_height()

    def browse(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.set_path(chosen)
            self._replace_agreed = self.path

    def choose_file(self) -> str | None:
        """Ask where to write; None when cancelled (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export records to",
            self.path_edit.text().strip() or str(self._folder() / self.suggested_name()),
            f"{FILE_FILTERS[self.suffix]};;All files (*)",
        )
        return path or None

    def _ask_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- checking ------------------------------------------------------------------------------

    def save(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            raise FieldProblem("path", "Choose the file to write.")
        path = self.path
        suffix = path.suffix.lower()
        if suffix not in FORMATS:
            raise FieldProblem(
                "path",
                f"The file must end in .csv or .xlsx (not '{path.name}'): it sets the format.",
            )
        if path.is_dir():
            raise FieldProblem("path", f"{path} is a folder; give a file name in it.")
        if not path.parent.is_dir():
            raise FieldProblem("path", f"There is no folder {path.parent}.")
        agreed = path == self._replace_agreed
        if path.exists() and not agreed and not self.confirm_overwrite(path):
            raise FieldProblem("path", "Choose another file name, or agree to replace the file.")
        self.settings.setValue(KEY_EXPORT_FOLDER, str(path.parent))
        self.settings.setValue(KEY_EXPORT_FORMAT, suffix)
