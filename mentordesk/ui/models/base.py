"""The shared shape of the window's table models: a list of frozen service rows.

Every list in the window (people, roster, conflicts, workshops, audit log)
shows plain rows from a service, one per line, with columns named by an
``IntEnum`` and titled by a dict. :class:`RowTableModel` holds the rows and
answers Qt's questions about them; a subclass names its columns and roles and
says what each cell shows.
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


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of plain rows, fed by :meth:`set_rows`.

    Subclasses set ``columns`` (the column enum), ``headers`` and
    ``header_tips`` (titles and tooltips by column), the custom roles they
    answer (``sort_role``, ``id_role``, ``row_role``; None for none), and
    give ``_display`` (the cell text). ``sort_key`` defaults to the text,
    case-folded; ``_other_data`` answers every other role.
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
        """``rows`` in the order the model keeps them (as given, unless a subclass sorts)."""
        return list(rows)

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


class SortRoleProxy(QSortFilterProxyModel):
    """A proxy that sorts by ``sort_role`` values, comparing mixed types as text."""

    def __init__(self, sort_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(sort_role)

    def lessThan(self, left: Index, right: Index) -> bool:
        role = self.sortRole()
        a, b = left.data(role), right.data(role)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
