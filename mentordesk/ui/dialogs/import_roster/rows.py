"""The preview's rows: one line per row of the file with what happens to it (new,
update, unchanged, refused, or a change to check), and the filter that keeps the
refused rows alone."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from mentordesk.importing import ImportReport, RowAction, RowOutcome
from mentordesk.ui.icons import icon
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR

_Index = QModelIndex | QPersistentModelIndex

PEOPLE = "people"
PAIRS = "pairs"

_REFUSED_TINT = QColor(198, 40, 40, 38)  # a faint red that reads on light and dark themes
_HELD_TINT = QColor(230, 150, 0, 46)  # a faint amber: to check, not wrong
HELD_COLOUR = "#b26a00"


class Column(IntEnum):
    """The preview table's columns."""

    LINE = 0
    RESULT = 1
    RECORD = 2
    DETAILS = 3


class Role(IntEnum):
    ACTION = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2


def result_word(action: RowAction, written: bool, *, held: bool = False) -> str:
    """What happens to a row, in the coordinator's words, before or after saving;
    ``held``: the row changes an employee id or a converted value, to be confirmed."""
    if held and not written and action is not RowAction.REFUSED:
        return "Check"
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
    details = "Changes " + ", ".join(row.changed) if row.changed else ""
    for change in row.held:
        details += f"; check {change.describe()}"
    return details


class ImportRowsModel(RowTableModel[RowOutcome]):
    """Every row of an import report, in file order until a column is sorted."""

    columns = Column
    sort_role = Role.SORT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: ImportReport | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_report(self, report: ImportReport | None) -> None:
        self._report = report
        self._replace_rows(report.rows if report is not None else ())

    def outcome(self, row: int) -> RowOutcome:
        return self.row_at(row)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        # The titles name what the file holds (a person or a pair, a line or a row).
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

    def _written(self) -> bool:
        return self._report is not None and self._report.written

    def _held(self, row: RowOutcome) -> bool:
        return bool(row.held) and row.action is not RowAction.REFUSED and not self._written()

    def _display(self, row: RowOutcome, column: Column) -> str:
        if column == Column.LINE:
            return str(row.line)
        if column == Column.RESULT:
            return result_word(row.action, self._written(), held=self._held(row))
        if column == Column.RECORD:
            return row.label
        return row_details(row)

    def sort_key(self, row: RowOutcome, column: Column) -> object:
        if column == Column.LINE:
            return row.line
        if column == Column.RESULT:
            return (list(RowAction).index(row.action), row.line)
        return self._display(row, column).casefold()

    def _other_data(self, row: RowOutcome, column: Column, role: int) -> object:
        refused = row.action is RowAction.REFUSED
        held = self._held(row)
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
            if held:
                return icon("flag", HELD_COLOUR)
            if row.action is RowAction.CREATED:
                return icon("add")
            if row.action is RowAction.UPDATED:
                return icon("edit")
            return None
        if role == Qt.ItemDataRole.FontRole and (refused or held) and column == Column.RESULT:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and (refused or held):
            # A tint as well as the word ("Refused", "Check"), the flag and the reason:
            # never colour alone.
            return _REFUSED_TINT if refused else _HELD_TINT
        return None


class RefusedFilter(RowFilterProxy):
    """Optionally keeps the refused rows alone (the model sorts itself)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
