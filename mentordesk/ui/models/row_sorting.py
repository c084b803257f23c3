"""Sorting thousands of rows without a Python call per comparison.

A ``QSortFilterProxyModel`` sorts by comparing two indexes at a time through
``lessThan``; in Python that is tens of thousands of calls for a few thousand
rows, a visible pause. Here the source model sorts its own list of plain rows
with one key per row (``list.sort``) and the proxy above it only filters,
passing the sort on to the source. Persistent indexes (the selection, the
current row) follow their rows through the sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from mentordesk.ui.models.base import RowTableModel

R = TypeVar("R")


def _safe_key(value: Any) -> tuple[int, Any]:
    # None sorts first and never meets a value in a comparison.
    return (0, 0) if value is None else (1, value)


class SortedRowsModel(RowTableModel[R]):
    """A :class:`RowTableModel` that sorts its list itself.

    Subclasses give ``sort_key(row, column)``; ``set_rows`` keeps the chosen
    sort for the new rows.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def _sorted(self, rows: Sequence[R]) -> list[R]:
        if self._sort_column < 0:
            return list(rows)
        column = self._sort_column
        return sorted(
            rows,
            key=lambda row: _safe_key(self.sort_key(row, column)),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _arranged(self, rows: Sequence[R]) -> list[R]:
        # New rows come in the chosen sort order.
        return self._sorted(rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
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


class SourceSortProxy(QSortFilterProxyModel):
    """A filtering proxy that leaves sorting to its :class:`SortedRowsModel` source."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The proxy keeps the source's order; it never sorts on its own.
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
