"""The one way the views set up a table of records and make a row current."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def record_table(
    model: QAbstractItemModel,
    object_name: str,
    accessible_name: str,
    sort_column: int,
    sort_order: Qt.SortOrder = Qt.SortOrder.DescendingOrder,
    parent: QWidget | None = None,
) -> QTableView:
    """A read-only, sortable table of one-row-per-record, chosen one row at a time."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, sort_order)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    # Tab leaves the table for the next control; arrows move within it.
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def make_current(table: QTableView, index: QModelIndex) -> bool:
    """Select ``index``'s row, make it current and scroll to it; False if not shown."""
    if not index.isValid():
        return False
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)
    return True
