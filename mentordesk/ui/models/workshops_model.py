"""Workshops as Qt models: the program's workshops, and one workshop's attendance sheet.

Both hold plain service rows. The attendance sheet is a checkable list; a
tick (``setData`` with the check state) is handed to ``tick_handler``, which
the view saves as an undoable command, and the fresh sheet comes back through
``set_marks``, which updates the ticks in place when the people are the same,
so the list does not jump while the coordinator works down it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from mentordesk.services.workshops import AttendanceMark, WorkshopRow
from mentordesk.ui.formatting import short_date
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The workshop list's columns, in display order."""

    DAY = 0
    TITLE = 1
    KIND = 2
    ATTENDEES = 3
    PAIRS = 4


HEADERS: dict[Column, str] = {
    Column.DAY: "Date",
    Column.TITLE: "Workshop",
    Column.KIND: "Kind",
    Column.ATTENDEES: "Present",
    Column.PAIRS: "Pairs",
}

HEADER_TIPS: dict[Column, str] = {
    Column.ATTENDEES: "People ticked as present",
    Column.PAIRS: "Pairs whose mentor and mentee both attended: a held activity for each",
}


class Role(IntEnum):
    """Custom data roles of the workshop models."""

    ID = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    ROW = Qt.ItemDataRole.UserRole + 3


class WorkshopsModel(RowTableModel[WorkshopRow]):
    """A program's workshops; read-only, fed by :meth:`set_rows`."""

    columns = Column
    headers = HEADERS
    header_tips = HEADER_TIPS
    sort_role = Role.SORT
    id_role = Role.ID
    row_role = Role.ROW

    def set_rows(self, rows: Sequence[WorkshopRow]) -> None:
        """Replace every row (in place when the workshops are the same ones)."""
        rows = list(rows)
        if rows and [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(Column) - 1))
            return
        self._replace_rows(rows)

    def workshop_row(self, row: int) -> WorkshopRow:
        return self.row_at(row)

    # -- cells ---------------------------------------------------------------------------
    @staticmethod
    def _display(row: WorkshopRow, column: Column) -> str:
        if column == Column.DAY:
            return short_date(row.day)
        if column == Column.TITLE:
            return row.title
        if column == Column.KIND:
            return row.kind.label
        if column == Column.ATTENDEES:
            return str(row.attendees)
        return str(row.pairs_credited)

    def sort_key(self, row: WorkshopRow, column: Column) -> object:
        if column == Column.DAY:
            return (row.day, row.id)
        if column == Column.ATTENDEES:
            return row.attendees
        if column == Column.PAIRS:
            return row.pairs_credited
        return super().sort_key(row, column)

    def _other_data(self, row: WorkshopRow, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            Column.ATTENDEES,
            Column.PAIRS,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.KIND:
            return f"{row.kind.label}: {row.kind.how_it_builds_trust}"
        return None


class WorkshopsSorter(RowFilterProxy):
    """The workshops as their model sorts them: each column's own order."""


def mark_text(mark: AttendanceMark) -> str:
    """ "Name — Department", and "(left)" for someone who left the company."""
    text = f"{mark.name} — {mark.department}" if mark.department else mark.name
    return text if mark.active else f"{text} (left)"


class AttendanceModel(QAbstractListModel):
    """The attendance sheet: everyone who could attend, ticked or not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marks: list[AttendanceMark] = []
        self._search: list[str] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        #: Called with (person id, attending) when a box is ticked; True if saved.
        self.tick_handler: Callable[[int, bool], bool] | None = None

    def set_marks(self, marks: Sequence[AttendanceMark]) -> None:
        """Show ``marks``; the same people in the same order only update their ticks."""
        marks = list(marks)
        if marks and [m.person_id for m in marks] == [m.person_id for m in self._marks]:
            changed = [i for i, (a, b) in enumerate(zip(marks, self._marks, strict=True)) if a != b]
            self._marks = marks
            for row in changed:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._marks = marks
        self._search = [f"{m.name}\n{m.department or ''}".casefold() for m in marks]
        self.endResetModel()

    def mark(self, row: int) -> AttendanceMark:
        return self._marks[row]

    def search_key(self, row: int) -> str:
        return self._search[row]

    def row_of(self, person_id: int) -> int | None:
        for number, mark in enumerate(self._marks):
            if mark.person_id == person_id:
                return number
        return None

    @property
    def attending(self) -> int:
        """How many are ticked."""
        return sum(mark.attending for mark in self._marks)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._marks)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._marks):
            return None
        mark = self._marks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return mark_text(mark)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if mark.attending else Qt.CheckState.Unchecked
        if role == Role.ID:
            return mark.person_id
        if role == Role.ROW:
            return mark
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return "present" if mark.attending else "not present"
        if role == Qt.ItemDataRole.ForegroundRole and not mark.active:
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.FontRole and not mark.active:
            return self._italic
        return None

    def setData(
        self, index: _Index, value: object, role: int = Qt.ItemDataRole.CheckStateRole
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if self.tick_handler is None:
            return False
        wanted = Qt.CheckState(value) == Qt.CheckState.Checked if value is not None else False
        mark = self._marks[index.row()]
        if mark.attending == wanted:
            return False
        return self.tick_handler(mark.person_id, wanted)


class AttendanceFilter(QSortFilterProxyModel):
    """Keeps the people whose name or department contains every typed word (and, when
    asked, only those ticked present)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._present_only = False

    @property
    def present_only(self) -> bool:
        return self._present_only

    def set_present_only(self, present_only: bool) -> None:
        if present_only != self._present_only:
            self.beginFilterChange()
            self._present_only = present_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def words(self) -> list[str]:
        return list(self._words)

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AttendanceModel):
            return True
        if self._present_only and not model.mark(source_row).attending:
            return False
        key = model.search_key(source_row)
        return all(word in key for word in self._words)
