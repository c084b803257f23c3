"""The import's first page: the file, what it holds, the sheet of a workbook, how
its dates are written and the program of rows that name none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.importing import DateFormat
from mentordesk.services import programs
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.import_roster.files import workbook_sheets
from mentordesk.ui.dialogs.import_roster.rows import PAIRS, PEOPLE
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR
from mentordesk.ui.widgets.form_layout import in_row

KEY_DATE_FORMAT = "import/date_format"

COLUMNS_HELP = {
    PEOPLE: (
        "Columns read (headings in any case, with the usual HR synonyms): name, or first "
        "name and last name; email; employee id; department; title; manager (email or "
        "employee id); location; skills (separated by ; or ,); can mentor (yes/no); "
        "capacity. People already here are found by email, then employee id, and updated."
    ),
    PAIRS: (
        "Columns read: mentor and mentee (email or employee id), start, and optionally "
        "model, status, planned end and program. The people must already be in MentorDesk "
        "(import the people first)."
    ),
}

PROBLEM_STYLE = (
    f"QLabel#importProblem {{ border: 1px solid {PROBLEM_COLOUR}; border-radius: 4px;"
    " padding: 6px 8px; }"
)


class ChooseFilePage(QWidget):
    """The choices, and the buttons that act on them (the dialog connects those)."""

    def __init__(self, context: AppContext, settings: QSettings) -> None:
        super().__init__()
        intro = QLabel(
            "Import people or pairs from a CSV or XLSX file, such as an export from your HR "
            "system (or drop the file here). The file is checked first and every row is shown "
            "with what would happen to it; nothing is saved until you choose to import."
        )
        intro.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("importProblem")
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label.setAccessibleName("Problem")
        self.problem_label.hide()

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("rosterPath")
        self.path_edit.setPlaceholderText("A .csv or .xlsx file")
        self.path_edit.setAccessibleName("Roster file")
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.editingFinished.connect(self.path_changed)
        self.browse_button = QPushButton(icon("open"), "&Browse…")
        path_row = in_row(self.path_edit, self.browse_button, grow=self.path_edit)

        self.people_radio = QRadioButton("&People")
        self.people_radio.setToolTip("One person per row: the directory of employees")
        self.pairs_radio = QRadioButton("P&airs")
        self.pairs_radio.setToolTip("One mentoring pair per row: mentor, mentee and start")
        self.people_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.people_radio)
        self.kind_group.addButton(self.pairs_radio)
        self.kind_group.buttonToggled.connect(lambda *_: self.kind_changed())
        kind_row = in_row(self.people_radio, self.pairs_radio, 1)

        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("rosterSheet")
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.date_combo = QComboBox()
        self.date_combo.setObjectName("rosterDates")
        self.date_combo.setAccessibleName("How dates are written")
        self.date_combo.addItem("Year first (2027-03-14), or date cells of a workbook", None)
        self.date_combo.addItem("Day/month/year (14/03/2027)", DateFormat.DMY.value)
        self.date_combo.addItem("Month/day/year (03/14/2027)", DateFormat.MDY.value)
        remembered = self.date_combo.findData(settings.value(KEY_DATE_FORMAT, None))
        self.date_combo.setCurrentIndex(max(remembered, 0))

        self.program_combo = QComboBox()
        self.program_combo.setObjectName("rosterProgram")
        self.program_combo.setAccessibleName("Program of rows that name none")
        self.program_combo.addItem("The program each row names (or the only program)", None)
        for row in context.call(programs.list_programs):
            self.program_combo.addItem(icon("program"), row.name, row.name)
            if row.id == context.program_id:
                self.program_combo.setCurrentIndex(self.program_combo.count() - 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        _add_row(form, "&File:", path_row, self.path_edit)
        _add_row(form, "The file holds:", kind_row, None)
        _add_row(form, "&Sheet:", self.sheet_combo, self.sheet_combo)
        _add_row(form, "&Dates written as:", self.date_combo, self.date_combo)
        _add_row(form, "Pro&gram:", self.program_combo, self.program_combo)
        self.form = form

        self.columns_label = QLabel()
        self.columns_label.setObjectName("rosterColumnsHelp")
        self.columns_label.setWordWrap(True)
        self.columns_label.setEnabled(False)

        self.check_button = QPushButton("&Check the file")
        self.check_button.setObjectName("checkButton")
        self.check_button.setDefault(True)
        self.check_button.setToolTip("Read the file and show what would happen to each row")
        self.cancel_button = QPushButton("Cancel")
        self.sample_button = QPushButton(icon("demo"), "&Try a sample file")
        self.sample_button.setObjectName("trySampleButton")
        self.sample_button.setToolTip(
            "Check a sample HR export of 36 fictional employees (made-up people of a made-up "
            "company), to see an import work before using your own file"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.check_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.problem_label)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.columns_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

    # -- the choices -------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    @property
    def kind(self) -> str:
        return PAIRS if self.pairs_radio.isChecked() else PEOPLE

    @property
    def sheet(self) -> str | None:
        return self.sheet_combo.currentData() if self.sheet_combo.isEnabled() else None

    @property
    def date_format(self) -> str | None:
        return self.date_combo.currentData() if self.kind == PAIRS else None

    @property
    def program_name(self) -> str | None:
        return self.program_combo.currentData() if self.kind == PAIRS else None

    def options(self) -> dict[str, object]:
        """The importer's options for the choices made."""
        options: dict[str, object] = {"sheet": self.sheet, "date_format": self.date_format}
        if self.kind == PAIRS:
            options["program"] = self.program_name
        return options

    def path_changed(self) -> None:
        """List the sheets of the chosen workbook (or say a CSV file has none)."""
        path = self.path
        sheets = workbook_sheets(path) if path is not None else []
        current = self.sheet_combo.currentData()
        self.sheet_combo.clear()
        if sheets:
            for name in sheets:
                self.sheet_combo.addItem(name, name)
            self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(current), 0))
            self.sheet_combo.setEnabled(True)
            self.sheet_combo.setToolTip("The sheet that holds the roster")
        else:
            self.sheet_combo.addItem("Only for XLSX workbooks", None)
            self.sheet_combo.setEnabled(False)
            self.sheet_combo.setToolTip("A CSV file has a single table")

    def kind_changed(self) -> None:
        pairs = self.kind == PAIRS
        self.date_combo.setEnabled(pairs)
        self.program_combo.setEnabled(pairs)
        tip = "" if pairs else "People rows hold no dates or programs"
        self.date_combo.setToolTip(tip)
        self.program_combo.setToolTip(tip or "The program of rows that name none")
        self.columns_label.setText(COLUMNS_HELP[self.kind])

    def show_problem(self, text: str) -> None:
        """A problem with the file as a whole, framed at the top of the page."""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))


def _add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None) -> None:
    label = QLabel(text)
    if buddy is not None:
        label.setBuddy(buddy)
    form.addRow(label, field)
