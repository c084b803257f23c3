"""The import's second page: every row of the file with what happens to it, the
changes waiting for confirmation, and the buttons to import all or the valid rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentordesk.importing import ImportReport, RowAction
from mentordesk.ui.dialogs.import_roster import report_words
from mentordesk.ui.dialogs.import_roster.choose_page import PROBLEM_STYLE
from mentordesk.ui.dialogs.import_roster.held_changes import HeldChangesPanel
from mentordesk.ui.dialogs.import_roster.rows import (
    Column,
    ImportRowsModel,
    RefusedFilter,
    Role,
)
from mentordesk.ui.icons import icon


class PreviewPage(QWidget):
    """The rows of a check (or an import) and what can be done with them; the dialog
    connects the buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.report: ImportReport | None = None
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
        self.warnings_label.setStyleSheet(PROBLEM_STYLE)
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

        self.held_panel = HeldChangesPanel()

        self.back_button = QPushButton("← &Back")
        self.back_button.setToolTip("Choose another file or other options")
        self.recheck_button = QPushButton(icon("refresh"), "Check &again")
        self.recheck_button.setToolTip("Read the file again, after correcting it")
        self.cancel_button = QPushButton("Cancel")
        self.import_valid_button = QPushButton("Import the &valid rows")
        self.import_valid_button.setObjectName("importValidButton")
        self.import_button = QPushButton(icon("import"), "&Import")
        self.import_button.setObjectName("importButton")
        self.close_button = QPushButton("Close")

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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.ignored_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.row_label)
        layout.addWidget(self.held_panel)
        layout.addLayout(buttons)

    def show_report(self, report: ImportReport) -> None:
        """Show ``report`` (of a check, or of an import)."""
        self.report = report
        self.model.set_report(report)
        self.refused_only_check.setEnabled(report.refused > 0)
        if not report.refused and self.refused_only_check.isChecked():
            self.refused_only_check.setChecked(False)
        self.heading_label.setText(report_words.heading(report))
        self.explanation_label.setText(report_words.explanation(report))
        ignored = report.ignored_columns
        self.ignored_label.setText(f"Columns not read: {', '.join(ignored)}." if ignored else "")
        self.ignored_label.setVisible(bool(ignored))
        self.warnings_label.setText("\n\n".join(report.warnings))
        self.warnings_label.setVisible(bool(report.warnings))
        self.held_panel.set_report(report)
        self._update_count()

    def choose_first_row(self) -> None:
        """The first refused row, so its reason shows in full at once; else the first
        row to check; else the first row."""
        report = self.report
        self.table.setFocus()
        first = self.proxy.index(0, Column.LINE)
        wanted = None
        if report is not None and report.refused:
            wanted = RowAction.REFUSED.value
        for row in range(self.proxy.rowCount() if wanted else 0):
            index = self.proxy.index(row, Column.LINE)
            if index.data(Role.ACTION) == wanted:
                first = index
                break
        else:
            if report is not None and report.dry_run and report.held_rows:
                lines = {held.line for held in report.held_rows}
                for row in range(self.proxy.rowCount()):
                    index = self.proxy.index(row, Column.LINE)
                    if index.data(Role.SORT) in lines:
                        first = index
                        break
        if first.isValid():
            self.table.setCurrentIndex(first)
        else:
            self.row_label.setText("")

    def update_buttons(self, busy: bool) -> None:
        """Offer what can be done with the report on show."""
        report = self.report
        finished = report is not None and report.written
        refused = report.refused if report is not None else 0
        valid = (report.created + report.updated) if report is not None else 0
        checked = report is not None and report.dry_run
        waiting = self.held_panel.waiting
        for widget in (self.back_button, self.recheck_button, self.cancel_button):
            widget.setVisible(not finished)
        self.back_button.setEnabled(not busy)
        self.import_button.setVisible(not finished)
        self.import_button.setEnabled(
            checked and not busy and refused == 0 and valid > 0 and not waiting
        )
        if refused:
            self.import_button.setToolTip(
                f"{refused:,} row{'s are' if refused != 1 else ' is'} refused: correct the "
                "file and check it again, or import the valid rows alone"
            )
        elif not valid:
            self.import_button.setToolTip("Every row already matches the database")
        elif waiting:
            self.import_button.setToolTip(
                "Some rows change an employee id or a converted value: confirm the changes "
                "first, or correct the file and check it again"
            )
        else:
            self.import_button.setToolTip("Save every row, all together")
        self.import_valid_button.setVisible(not finished and refused > 0 and valid > 0)
        self.import_valid_button.setText(f"Import the &valid rows ({valid:,})")
        self.import_valid_button.setToolTip(
            f"Save the {valid:,} valid rows together and leave out the {refused:,} refused"
        )
        self.import_valid_button.setEnabled(checked and not busy and not waiting)
        self.close_button.setVisible(finished)
        if finished:
            self.close_button.setDefault(True)
        elif self.import_button.isEnabled():
            self.import_button.setDefault(True)

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
