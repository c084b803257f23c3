"""The shared shape of the window's table models: a list of frozen service rows.

Every in-memory list in the window (people, conflicts, workshops, audit log,
ethics checklist, cohort plan) shows plain rows from a service, one per line,
with columns named by an ``IntEnum`` and titled by a dict. :class:`RowTableModel`
holds the rows and answers Qt's questions about them; a subclass names its
columns and roles, says what each cell shows, and gives each column's typed
sort key (``sort_key``).

One sorting strategy for them all: the model sorts its own list, one key per
row (``list.sort``), and :class:`RowFilterProxy` above it only filters and
passes the sort on. A ``QSortFilterProxyModel`` sorting by itself would compare
two indexes at a time through ``lessThan``, tens of thousands of Python calls
for a few thousand rows, a visible pause. Persistent indexes (the selection,
the current row) follow their rows through the sort.

The roster (``models/roster.py``) sorts the same way (its own list, a typed key
per column) but does not derive from this class: it also searches and filters
itself, without a proxy, so a keystroke looks only at the rows the shorter text
matched (its docstring says why).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

R = TypeVar("R")

Index = QModelIndex | QPersistentModelIndex


def _safe_key(value: Any) -> tuple[int, Any]:
    # None sorts first and never meets a value in a comparison.
    return (0, 0) if value is None else (1, value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of plain rows, fed by :meth:`set_rows`, sorting itself.

    Subclasses set ``columns`` (the column enum), ``headers`` and
    ``header_tips`` (titles and tooltips by column), the custom roles they
    answer (``sort_role``, ``id_role``, ``row_role``; None for none), and
    give ``_display`` (the cell text). ``sort_key`` defaults to the text,
    case-folded; a column's keys are all of one type (or None, which sorts
    first). ``_other_data`` answers every other role. ``set_rows`` keeps the
    chosen sort for the new rows.
    """

    columns: ClassVar[type[IntEnum]]
    headers: ClassVar[Mapping[int, str]] = {}
    header_tips: ClassVar[Mapping[int, str]] = {}
    sort_role: ClassVar[int | None] = None
    id_role: ClassVar[int | None] = None
    row_role: ClassVar[int | None] = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- feeding ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (one reset: views keep their columns and sort)."""
        self._replace_rows(rows)

    def _replace_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = self._arranged(rows)
        self._after_rows_changed()
        self.endResetModel()

    def _arranged(self, rows: Sequence[R]) -> list[R]:
        """``rows`` in the order the model keeps them: the chosen sort, else as given."""
        return self._sorted(rows)

    def _after_rows_changed(self) -> None:
        """Rebuild whatever a subclass keeps per row (search keys), after a reset or sort."""

    # -- looking rows up -------------------------------------------------------------------
    def row_at(self, row: int) -> R:
        """The plain row shown on model row ``row``."""
        return self._rows[row]

    def row_id(self, row: R) -> int:
        """The record id of ``row`` (its ``id`` unless a subclass says otherwise)."""
        return int(row.id)  # type: ignore[attr-defined]

    def row_of(self, row_id: int) -> int | None:
        """The model row of the record ``row_id``, or None."""
        for number, row in enumerate(self._rows):
            if self.row_id(row) == row_id:
                return number
        return None

    # -- what the cells show ---------------------------------------------------------------
    def _display(self, row: R, column: Any) -> str:
        """The text of ``row`` in ``column``."""
        raise NotImplementedError

    def sort_key(self, row: R, column: Any) -> Any:
        """The value ``row`` sorts by in ``column``: its text, case-folded, unless overridden."""
        return self._display(row, column).casefold()

    def _other_data(self, row: R, column: Any, role: int) -> object:
        """Any other role (tooltips, icons, fonts); None when the cell has nothing for it."""
        return None

    # -- sorting ---------------------------------------------------------------------------
    def _sorted(self, rows: Sequence[R]) -> list[R]:
        if self._sort_column < 0:
            return list(rows)
        column = self._sort_column  # an int: a model may have columns no enum names
        return sorted(
            rows,
            key=lambda row: _safe_key(self.sort_key(row, column)),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column``'s keys; the selection follows its rows."""
        self._sort_column, self._sort_order = column, order
        if column < 0 or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        positions = {id(row): number for number, row in enumerate(self._rows)}
        old_rows = list(self._rows)
        self._rows = self._sorted(self._rows)
        new_position = {positions[id(row)]: number for number, row in enumerate(self._rows)}
        self._after_rows_changed()
        old = self.persistentIndexList()
        new = [
            self.index(new_position[index.row()], index.column())
            if index.isValid() and index.row() < len(old_rows)
            else QModelIndex()
            for index in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(column)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.sort_role:
            return self.sort_key(row, column)
        if role == self.id_role:
            return self.row_id(row)
        if role == self.row_role:
            return row
        return self._other_data(row, column, role)


class RowFilterProxy(QSortFilterProxyModel):
    """The one proxy over a :class:`RowTableModel`: it filters, its source sorts.

    Subclasses add their filters (``filterAcceptsRow``); the view's header clicks
    reach :meth:`sort`, which the source model does on its own list.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The proxy keeps the source's order; it never sorts on its own.
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
