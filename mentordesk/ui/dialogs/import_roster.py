"""File → Import roster: people or pairs from an HR system's CSV or XLSX file.

Two steps. First the coordinator chooses the file, what it holds, the sheet of a
workbook and how its dates are written. Then the file is checked (a dry run in
the worker, nothing saved) and every row is listed with its line and what would
happen to it: new, update, unchanged, or refused with the reason in words.
"Import" writes every row and is only offered when no row is refused; "Import the
valid rows" writes the others and leaves the refused ones out. Either way the
import is one transaction: the database gets all of those rows or none of them.

The file is fingerprinted when it is checked; if it changes before the import,
the import is refused and the coordinator checks it again, so what is saved is
always what was shown.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.importing import (
    DateFormat,
    ImportReport,
    RowAction,
    RowOutcome,
    import_pairs,
    import_people,
)
from mentordesk.importing.reading import check_workbook_archive
from mentordesk.resources import resource_path
from mentordesk.services import programs
from mentordesk.store.database import Database
from mentordesk.ui.context import AppContext
from mentordesk.ui.errors import show_error
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR
from mentordesk.ui.widgets.form_layout import in_row
from mentordesk.ui.worker import Job, Progress, run_in_worker

_Index = QModelIndex | QPersistentModelIndex

ROSTER_FILTER = "Roster files (*.csv *.xlsx *.xlsm *.txt *.tsv);;All files (*)"
KEY_IMPORT_FOLDER = "import/folder"
KEY_DATE_FORMAT = "import/date_format"
# Fictional employees in an HR system's spelling (resources/samples, build_scripts/make_samples.py).
SAMPLE_HR_EXPORT = "hr-export.csv"

PEOPLE = "people"
PAIRS = "pairs"

CHOOSE_SIZE = QSize(760, 380)
PREVIEW_SIZE = QSize(900, 620)

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

_PROBLEM_STYLE = (
    f"QLabel#importProblem {{ border: 1px solid {PROBLEM_COLOUR}; border-radius: 4px;"
    " padding: 6px 8px; }"
)
_REFUSED_TINT = QColor(198, 40, 40, 38)  # a faint red that reads on light and dark themes


def workbook_sheets(path: Path) -> list[str]:
    """The sheet names of an XLSX workbook, first to last; [] for anything else.

    The ZIP directory is checked first (as the importer does), so a ZIP bomb
    is never unpacked just to fill the list.
    """
    try:
        if not path.is_file() or not zipfile.is_zipfile(path):
            return []
        check_workbook_archive(path)
        import openpyxl

        with path.open("rb") as stream:
            workbook = openpyxl.load_workbook(stream, read_only=True)
            try:
                return list(workbook.sheetnames)
            finally:
                workbook.close()
    except (MentorDeskError, OSError, zipfile.BadZipFile, KeyError, ValueError):
        # The check step reports what is wrong with the file in words.
        return []
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        return []


def file_fingerprint(path: Path) -> str:
    """A digest of the file's bytes: the same file, unchanged, gives the same text."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1024 * 1024), b""):
                digest.update(block)
    except OSError as error:
        raise MentorDeskError(f"{path} cannot be read: {error.strerror or error}.") from None
    return digest.hexdigest()


def _fingerprint_if_readable(path: Path) -> str | None:
    try:
        return file_fingerprint(path)
    except MentorDeskError:
        return None


# --------------------------------------------------------------------------- the rows


class Column(IntEnum):
    """The preview table's columns."""

    LINE = 0
    RESULT = 1
    RECORD = 2
    DETAILS = 3


class Role(IntEnum):
    ACTION = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2


def result_word(action: RowAction, written: bool) -> str:
    """What happens to a row, in the coordinator's words, before or after saving."""
    if action is RowAction.REFUSED:
        return "Not imported" if written else "Refused"
    if action is RowAction.CREATED:
        return "Created" if written else "New"
    if action is RowAction.UPDATED:
        return "Updated" if written else "Update"
    return "Unchanged"


def row_details(row: RowOutcome) -> str:
    """The reason a row is refused, or the fields an update changes."""
    if row.action is RowAction.REFUSED:
        return row.reason
    if row.changed:
        return "Changes " + ", ".join(row.changed)
    return ""


class ImportRowsModel(QAbstractTableModel):
    """Every row of an import report, in file order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: ImportReport | None = None
        self._rows: tuple[RowOutcome, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self._report = report
        self._rows = report.rows if report is not None else ()
        self.endResetModel()

    def outcome(self, row: int) -> RowOutcome:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        report = self._report
        what = report.what if report is not None else ""
        return {
            Column.LINE: (report.line_word if report is not None else "line").capitalize(),
            Column.RESULT: "Result",
            Column.RECORD: "Person" if what == PEOPLE else "Pair" if what == PAIRS else "Record",
            Column.DETAILS: "Reason or changes",
        }[Column(section)]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        written = self._report is not None and self._report.written
        refused = row.action is RowAction.REFUSED
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.LINE:
                return str(row.line)
            if column == Column.RESULT:
                return result_word(row.action, written)
            if column == Column.RECORD:
                return row.label
            return row_details(row)
        if role == Role.SORT:
            if column == Column.LINE:
                return row.line
            if column == Column.RESULT:
                return (list(RowAction).index(row.action), row.line)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Role.ACTION:
            # Plain text: Qt hands a str subclass back as str.
            return row.action.value
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._report.describe(row) if self._report is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.RESULT:
            if refused:
                return icon("flag", PROBLEM_COLOUR)
            if row.action is RowAction.CREATED:
                return icon("add")
            if row.action is RowAction.UPDATED:
                return icon("edit")
            return None
        if role == Qt.ItemDataRole.FontRole and refused and column == Column.RESULT:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and refused:
            # A tint as well as the word "Refused", the flag and the reason: never colour alone.
            return _REFUSED_TINT
        return None


class RefusedFilter(QSortFilterProxyModel):
    """Sorts on the model's sort keys; optionally keeps the refused rows alone."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(Role.SORT)
        self._refused_only = False

    def set_refused_only(self, refused_only: bool) -> None:
        self.beginFilterChange()
        self._refused_only = refused_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._refused_only:
            return True
        index = self.sourceModel().index(source_row, Column.RESULT, source_parent)
        return index.data(Role.ACTION) == RowAction.REFUSED.value


# --------------------------------------------------------------------------- the dialog


class ImportRosterDialog(QDialog):
    """Choose a roster file, see every row checked, then import all or the valid rows.

    After ``exec()``, ``imported`` says whether anything was saved and ``report``
    is the last report (of the check, or of the import).
    """

    CHOOSE_PAGE = 0
    PREVIEW_PAGE = 1

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.database: Database = context.database
        self.settings = settings or context.settings
        self.report: ImportReport | None = None
        self.imported = False
        self._checked: tuple[Path, str, str, dict[str, object]] | None = None
        self._job: Job | None = None
        self.setWindowTitle("Import roster")
        self.setObjectName("importRosterDialog")
        self.setAcceptDrops(True)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choose_page())
        self.pages.addWidget(self._build_preview_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(CHOOSE_SIZE)
        self._kind_changed()
        self._path_changed()

    # -- page 1: the file -------------------------------------------------------------------

    def _build_choose_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "Import people or pairs from a CSV or XLSX file, such as an export from your HR "
            "system (or drop the file here). The file is checked first and every row is shown "
            "with what would happen to it; nothing is saved until you choose to import."
        )
        intro.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("importProblem")
        self.problem_label.setStyleSheet(_PROBLEM_STYLE)
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
        self.path_edit.editingFinished.connect(self._path_changed)
        self.path_edit.textChanged.connect(self._update_choose_buttons)
        self.browse_button = QPushButton(icon("open"), "&Browse…")
        self.browse_button.clicked.connect(self.browse)
        path_row = in_row(self.path_edit, self.browse_button, grow=self.path_edit)

        self.people_radio = QRadioButton("&People")
        self.people_radio.setToolTip("One person per row: the directory of employees")
        self.pairs_radio = QRadioButton("P&airs")
        self.pairs_radio.setToolTip("One mentoring pair per row: mentor, mentee and start")
        self.people_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.people_radio)
        self.kind_group.addButton(self.pairs_radio)
        self.kind_group.buttonToggled.connect(lambda *_: self._kind_changed())
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
        remembered = self.date_combo.findData(self.settings.value(KEY_DATE_FORMAT, None))
        self.date_combo.setCurrentIndex(max(remembered, 0))

        self.program_combo = QComboBox()
        self.program_combo.setObjectName("rosterProgram")
        self.program_combo.setAccessibleName("Program of rows that name none")
        self.program_combo.addItem("The program each row names (or the only program)", None)
        for row in self.context.call(programs.list_programs):
            self.program_combo.addItem(icon("program"), row.name, row.name)
            if row.id == self.context.program_id:
                self.program_combo.setCurrentIndex(self.program_combo.count() - 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row(form, "&File:", path_row, self.path_edit)
        self._add_row(form, "The file holds:", kind_row, None)
        self._add_row(form, "&Sheet:", self.sheet_combo, self.sheet_combo)
        self._add_row(form, "&Dates written as:", self.date_combo, self.date_combo)
        self._add_row(form, "Pro&gram:", self.program_combo, self.program_combo)
        self.form = form

        self.columns_label = QLabel()
        self.columns_label.setObjectName("rosterColumnsHelp")
        self.columns_label.setWordWrap(True)
        self.columns_label.setEnabled(False)

        self.check_button = QPushButton("&Check the file")
        self.check_button.setObjectName("checkButton")
        self.check_button.setDefault(True)
        self.check_button.setToolTip("Read the file and show what would happen to each row")
        self.check_button.clicked.connect(self.check)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        self.sample_button = QPushButton(icon("demo"), "&Try a sample file")
        self.sample_button.setObjectName("trySampleButton")
        self.sample_button.setToolTip(
            "Check a sample HR export of 36 fictional employees (made-up people of a made-up "
            "company), to see an import work before using your own file"
        )
        self.sample_button.clicked.connect(self.try_sample)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.check_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.problem_label)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.columns_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None) -> None:
        label = QLabel(text)
        if buddy is not None:
            label.setBuddy(buddy)
        form.addRow(label, field)

    # -- page 2: the rows --------------------------------------------------------------------

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        self.heading_label = QLabel()
        self.heading_label.setObjectName("importHeading")
        self.heading_label.setWordWrap(True)
        font = self.heading_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading_label.setFont(font)
        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("importExplanation")
        self.explanation_label.setWordWrap(True)
        self.ignored_label = QLabel()
        self.ignored_label.setObjectName("importIgnored")
        self.ignored_label.setWordWrap(True)
        self.ignored_label.setEnabled(False)
        # What was read but may not be what the file means (a heading nearly a known
        # one, formulas without a saved result): framed like a problem, not greyed.
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("importProblem")
        self.warnings_label.setStyleSheet(_PROBLEM_STYLE)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setVisible(False)

        self.refused_only_check = QCheckBox("Show only the &refused rows")
        self.refused_only_check.toggled.connect(self._refused_only_toggled)
        self.count_label = QLabel()
        self.count_label.setObjectName("importCount")

        self.model = ImportRowsModel(self)
        self.proxy = RefusedFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("importRows")
        self.table.setAccessibleName("Rows of the file")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.LINE, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(Column.LINE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.LINE, 60)
        header.resizeSection(Column.RESULT, 130)
        header.resizeSection(Column.RECORD, 290)

        self.row_label = QLabel()
        self.row_label.setObjectName("importRowDetail")
        self.row_label.setWordWrap(True)
        self.row_label.setTextFormat(Qt.TextFormat.PlainText)
        self.row_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_label.setAccessibleName("The chosen row")
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self.back_button = QPushButton("← &Back")
        self.back_button.setToolTip("Choose another file or other options")
        self.back_button.clicked.connect(self.go_back)
        self.recheck_button = QPushButton(icon("refresh"), "Check &again")
        self.recheck_button.setToolTip("Read the file again, after correcting it")
        self.recheck_button.clicked.connect(self.check)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.import_valid_button = QPushButton("Import the &valid rows")
        self.import_valid_button.setObjectName("importValidButton")
        self.import_valid_button.clicked.connect(lambda: self.run_import(skip_invalid=True))
        self.import_button = QPushButton(icon("import"), "&Import")
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(lambda: self.run_import(skip_invalid=False))
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.refused_only_check)
        top.addStretch(1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.recheck_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_valid_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.ignored_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.row_label)
        layout.addLayout(buttons)
        return page

    # -- choices --------------------------------------------------------------------------

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

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_path(event.mimeData()) is not None and self._job is None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A file dropped on the dialog is chosen, and the first page shown again."""
        path = self._dropped_path(event.mimeData())
        if path is None or self._job is not None:
            return
        event.acceptProposedAction()
        self.go_back()
        self.set_path(path)

    @staticmethod
    def _dropped_path(data: QMimeData) -> str | None:
        urls = [url for url in data.urls() if url.isLocalFile()]
        return urls[0].toLocalFile() if len(urls) == 1 else None

    def set_path(self, path: str | Path) -> None:
        """Choose ``path`` as if typed (tests, and a file dropped on the window)."""
        self.path_edit.setText(str(path))
        self._path_changed()

    def choose_file(self) -> str | None:
        """Ask for the roster file; None when cancelled (tests replace this)."""
        folder = str(self.settings.value(KEY_IMPORT_FOLDER, "") or "") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose a roster file", folder, ROSTER_FILTER)
        return path or None

    def browse(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.settings.setValue(KEY_IMPORT_FOLDER, str(Path(chosen).parent))
            self.set_path(chosen)

    def try_sample(self) -> None:
        """Check the shipped sample HR export, exactly as if the coordinator had chosen it."""
        self.people_radio.setChecked(True)
        self.set_path(resource_path("samples", SAMPLE_HR_EXPORT))
        self.check()

    def _path_changed(self) -> None:
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
        self._update_choose_buttons()

    def _kind_changed(self) -> None:
        pairs = self.kind == PAIRS
        self.date_combo.setEnabled(pairs)
        self.program_combo.setEnabled(pairs)
        tip = "" if pairs else "People rows hold no dates or programs"
        self.date_combo.setToolTip(tip)
        self.program_combo.setToolTip(tip or "The program of rows that name none")
        self.columns_label.setText(COLUMNS_HELP[self.kind])

    def _update_choose_buttons(self) -> None:
        self.check_button.setEnabled(self.path is not None and self._job is None)

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def _options(self) -> dict[str, object]:
        options: dict[str, object] = {"sheet": self.sheet, "date_format": self.date_format}
        if self.kind == PAIRS:
            options["program"] = self.program_name
        return options

    def _importer(self, kind: str) -> Callable[..., ImportReport]:
        return import_pairs if kind == PAIRS else import_people

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> None:
        """Check the file in the worker (a dry run: nothing is saved), then show every row."""
        path = self.path
        if path is None or self._job is not None:
            return
        self._show_problem("")
        kind, options = self.kind, self._options()
        if self.date_format is not None:
            self.settings.setValue(KEY_DATE_FORMAT, self.date_format)
        importer = self._importer(kind)
        database = self.database

        def work(progress: Progress) -> tuple[str, ImportReport]:
            progress.report(0, 0, f"Checking {path.name}…")
            before = _fingerprint_if_readable(path)
            with database.transaction() as session:
                # The importer says in words what is wrong with a missing or unreadable file.
                report = importer(session, path, dry_run=True, **options)  # type: ignore[arg-type]
            fingerprint = file_fingerprint(path)
            if fingerprint != before:
                raise MentorDeskError(
                    f"{path.name} changed while it was being checked (is it still being "
                    "saved?). Check it again once it is complete."
                )
            return fingerprint, report

        def done(result: tuple[str, ImportReport]) -> None:
            fingerprint, report = result
            self._checked = (path, kind, fingerprint, options)
            self.show_report(report)

        self._start(work, done, self._check_failed, "Checking the roster file")

    def _start(
        self,
        work: Callable[[Progress], object],
        done: Callable[..., None],
        failed: Callable[[BaseException], None],
        title: str,
    ) -> None:
        self._set_busy(True)
        self._job = run_in_worker(self, work, done, on_error=failed, title=title)
        self._job.done.connect(lambda: self._set_busy(False))

    def _set_busy(self, busy: bool) -> None:
        if not busy:
            self._job = None
        for widget in (self.check_button, self.browse_button, self.recheck_button):
            widget.setEnabled(not busy)
        if busy:
            self.import_button.setEnabled(False)
            self.import_valid_button.setEnabled(False)
            self.back_button.setEnabled(False)
        else:
            self._update_choose_buttons()
            self._update_preview_buttons()

    def _check_failed(self, error: BaseException) -> None:
        if not isinstance(error, MentorDeskError):
            show_error(self, error)
            return
        # A problem with the file as a whole: back on the first page, said at the top.
        self._show_page(self.CHOOSE_PAGE)
        self._show_problem(str(error))

    def _import_failed(self, error: BaseException) -> None:
        # Nothing was saved (the transaction rolled back); the rows stay on show.
        show_error(self, error)

    # -- the report ----------------------------------------------------------------------------

    def show_report(self, report: ImportReport) -> None:
        """Show ``report`` on the preview page (after a check or an import)."""
        self.report = report
        self.model.set_report(report)
        self.refused_only_check.setEnabled(report.refused > 0)
        if not report.refused and self.refused_only_check.isChecked():
            self.refused_only_check.setChecked(False)
        self.heading_label.setText(self._heading(report))
        self.explanation_label.setText(self._explanation(report))
        ignored = report.ignored_columns
        self.ignored_label.setText(f"Columns not read: {', '.join(ignored)}." if ignored else "")
        self.ignored_label.setVisible(bool(ignored))
        self.warnings_label.setText("\n\n".join(report.warnings))
        self.warnings_label.setVisible(bool(report.warnings))
        self._update_count()
        self._show_page(self.PREVIEW_PAGE)
        self._update_preview_buttons()
        self.table.setFocus()
        # The first refused row, so its reason shows in full at once; else the first row.
        first = self.proxy.index(0, Column.LINE)
        for row in range(self.proxy.rowCount() if report.refused else 0):
            index = self.proxy.index(row, Column.LINE)
            if index.data(Role.ACTION) == RowAction.REFUSED.value:
                first = index
                break
        if first.isValid():
            self.table.setCurrentIndex(first)
        else:
            self.row_label.setText("")

    @staticmethod
    def _counts(report: ImportReport) -> str:
        parts = [
            (report.created, "new"),
            (report.updated, "to update" if not report.written else "updated"),
            (report.unchanged, "unchanged"),
            (report.refused, "refused"),
        ]
        return ", ".join(f"{count:,} {word}" for count, word in parts if count) or "no rows"

    def _heading(self, report: ImportReport) -> str:
        rows = len(report.rows)
        noun = f"{rows:,} row{'s' if rows != 1 else ''}"
        source = f"{report.file_name} ({report.description})"
        if report.written:
            saved = report.created + report.updated
            return f"Imported {report.what} from {source}: {saved:,} saved, {self._counts(report)}."
        if not report.dry_run:
            return f"Nothing was imported from {source}."
        return f"Checked {noun} of {source}: {self._counts(report)}."

    @staticmethod
    def _explanation(report: ImportReport) -> str:
        valid = report.created + report.updated
        refused = report.refused
        rows = f"{refused:,} row{'s are' if refused != 1 else ' is'}"
        if report.written:
            if refused:
                return (
                    f"{rows.replace(' are', ' were').replace(' is', ' was')} left out, marked "
                    "Not imported with the reason. Correct them in the file and import it "
                    "again: rows already imported are found and updated, not added twice."
                )
            return "Every row was saved."
        if not report.dry_run:
            return (
                report.summary() + " The database was not changed. Go back and check the "
                "file again."
            )
        if refused and valid:
            return (
                f"{rows} refused, marked Refused with the reason. Nothing has been saved. "
                "Correct the file and check it again, or import the valid rows alone: the "
                f"other {valid:,} are then saved together and the refused ones left out."
            )
        if refused:
            return (
                f"{rows} refused, and no row can be imported. Correct the file and check it again."
            )
        if not valid:
            return "Every row already matches the database: there is nothing to import."
        return (
            "Nothing has been saved yet. Import saves every row together: the database gets "
            "all of them or, if anything goes wrong, none."
        )

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The chosen row in full under the table: a long reason is cut off in its cell."""
        report = self.report
        if report is None or not current.isValid():
            self.row_label.setText("")
            return
        outcome = self.model.outcome(self.proxy.mapToSource(current).row())
        self.row_label.setText(report.describe(outcome))

    def _refused_only_toggled(self, checked: bool) -> None:
        self.proxy.set_refused_only(checked)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "row" if total == 1 else "rows"
        self.count_label.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown"
        )

    def _update_preview_buttons(self) -> None:
        report = self.report
        finished = report is not None and report.written
        busy = self._job is not None
        refused = report.refused if report is not None else 0
        valid = (report.created + report.updated) if report is not None else 0
        checked = report is not None and report.dry_run
        for widget in (self.back_button, self.recheck_button, self.cancel_button):
            widget.setVisible(not finished)
        self.back_button.setEnabled(not busy)
        self.import_button.setVisible(not finished)
        self.import_button.setEnabled(checked and not busy and refused == 0 and valid > 0)
        if refused:
            self.import_button.setToolTip(
                f"{refused:,} row{'s are' if refused != 1 else ' is'} refused: correct the "
                "file and check it again, or import the valid rows alone"
            )
        elif not valid:
            self.import_button.setToolTip("Every row already matches the database")
        else:
            self.import_button.setToolTip("Save every row, all together")
        self.import_valid_button.setVisible(not finished and refused > 0 and valid > 0)
        self.import_valid_button.setText(f"Import the &valid rows ({valid:,})")
        self.import_valid_button.setToolTip(
            f"Save the {valid:,} valid rows together and leave out the {refused:,} refused"
        )
        self.import_valid_button.setEnabled(checked and not busy)
        self.close_button.setVisible(finished)
        if finished:
            self.close_button.setDefault(True)
        elif self.import_button.isEnabled():
            self.import_button.setDefault(True)

    def go_back(self) -> None:
        self._show_page(self.CHOOSE_PAGE)
        self.check_button.setDefault(True)

    def _show_page(self, page: int) -> None:
        """Show ``page``; the rows need room, the choices do not."""
        self.pages.setCurrentIndex(page)
        if page == self.PREVIEW_PAGE:
            self.resize(
                max(self.width(), PREVIEW_SIZE.width()), max(self.height(), PREVIEW_SIZE.height())
            )

    # -- importing -----------------------------------------------------------------------------

    def run_import(self, *, skip_invalid: bool) -> None:
        """Import the file as checked, in one transaction: every (valid) row, or none."""
        if self._checked is None or self._job is not None or self.report is None:
            return
        if self.report.refused and not skip_invalid:
            # Importing everything is only offered when the check refused no row.
            return
        if not self.report.created + self.report.updated:
            return  # nothing would be saved
        path, kind, fingerprint, options = self._checked
        importer = self._importer(kind)
        database = self.database

        def work(progress: Progress) -> ImportReport:
            progress.report(0, 0, f"Importing {path.name}…")
            if file_fingerprint(path) != fingerprint:
                raise MentorDeskError(
                    f"{path.name} changed after it was checked, so nothing was imported. "
                    "Check it again to see what its rows hold now."
                )
            with database.transaction() as session:
                report = importer(session, path, skip_invalid=skip_invalid, **options)  # type: ignore[arg-type]
                # A cancel here leaves the block with an error: the whole import rolls back.
                progress.check()
            return report

        def done(report: ImportReport) -> None:
            if report.written:
                self.imported = True
                self._checked = None
            self.show_report(report)

        self._start(work, done, self._import_failed, f"Importing {kind}")

    def reject(self) -> None:
        if self._job is not None:
            # The work cannot be abandoned half-way; it can be cancelled from its progress window.
            return
        super().reject()
