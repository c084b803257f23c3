"""The ethics matrix as a Qt table model: pairs × the five guidelines, plus completion.

Each guideline cell holds the latest review's state and says it three ways: a
word, an icon and a tint (never colour alone). The model does not write: an
edit (``setData``) is handed to ``edit_handler``, which the view turns into an
undoable command; the view then feeds the fresh matrix back with
``set_matrix`` (or one pair's cells through ``set_pair_cells``), which updates
the cells in place when the pairs are the same so the cursor stays where it
was. Completion per guideline is counted here, over the pairs the model holds.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState, TrustLevel
from mentordesk.services.ethics import EthicsCell, EthicsMatrix, EthicsMatrixRow
from mentordesk.ui.formatting import short_date
from mentordesk.ui.icons import LEVEL_COLOURS, icon
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel

_Index = QModelIndex | QPersistentModelIndex

GUIDELINES: tuple[EthicsGuideline, ...] = tuple(EthicsGuideline)
PAIR_COLUMN = 0
COMPLETION_COLUMN = len(GUIDELINES) + 1

STATE_COLOURS: dict[EthicsState, str] = {
    EthicsState.CONFIRMED: LEVEL_COLOURS[TrustLevel.HIGH],
    EthicsState.CONCERN: LEVEL_COLOURS[TrustLevel.LOW],
}
"""The same green and red as the trust levels, so meaning reads the same everywhere."""

STATE_ICONS: dict[EthicsState, str] = {
    EthicsState.CONFIRMED: "check",
    EthicsState.CONCERN: "flag",
}

TINT_ALPHA = 46
"""How strongly a cell is tinted: enough to scan a column, light enough to read on."""

#: The order Space (and Enter) step through.
CYCLE: tuple[EthicsState, ...] = (
    EthicsState.NOT_REVIEWED,
    EthicsState.CONFIRMED,
    EthicsState.CONCERN,
)


class Role(IntEnum):
    """Custom data roles of the ethics model."""

    PAIR_ID = Qt.ItemDataRole.UserRole + 1
    GUIDELINE = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    CELL = Qt.ItemDataRole.UserRole + 4
    CONCERNS = Qt.ItemDataRole.UserRole + 6


def next_state(state: EthicsState) -> EthicsState:
    """The state after ``state`` in the Space cycle."""
    return CYCLE[(CYCLE.index(state) + 1) % len(CYCLE)]


def guideline_of(column: int) -> EthicsGuideline | None:
    """The guideline shown in ``column``, or None for the pair and completion columns."""
    if 1 <= column <= len(GUIDELINES):
        return GUIDELINES[column - 1]
    return None


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)} %"


HEADER_WIDTH = 18
"""Characters per header line: long guideline names wrap instead of being cut."""


def header_label(guideline: EthicsGuideline) -> str:
    """The guideline's label wrapped onto lines short enough for a matrix column."""
    return "\n".join(textwrap.wrap(guideline.label, HEADER_WIDTH, break_long_words=False))


def cell_tooltip(cell: EthicsCell) -> str:
    """What the latest review says, for the cell's tooltip."""
    guideline = cell.guideline
    lines = [f"{guideline.label}: {cell.state.label}"]
    if cell.day is not None:
        who = f" by {cell.reviewer}" if cell.reviewer else ""
        lines[0] += f" on {short_date(cell.day)}{who}"
    if cell.note:
        lines.append(cell.note)
    lines.append(f"Confirms: {guideline.what_is_confirmed}")
    return "\n".join(lines)


class EthicsModel(RowTableModel[EthicsMatrixRow]):
    """The program's ethics matrix; guideline cells are editable through ``edit_handler``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._completion: dict[EthicsGuideline, float | None] = dict.fromkeys(GUIDELINES)
        self._icons: dict[EthicsState, QIcon] = {}
        #: Called with (pair id, guideline, new state) when a cell is edited; True if done.
        self.edit_handler: Callable[[int, EthicsGuideline, EthicsState], bool] | None = None

    # -- feeding ---------------------------------------------------------------------------
    def set_matrix(self, matrix: EthicsMatrix | None) -> None:
        """Show ``matrix`` (None: no program). The same pairs are updated in place, so the
        cursor and the selection stay where they were."""
        rows = list(matrix.rows) if matrix is not None else []
        by_id = {row.pair_id: row for row in rows}
        if (
            rows
            and len(by_id) == len(self._rows)
            and all(row.pair_id in by_id for row in self._rows)
        ):
            self._rows = [by_id[row.pair_id] for row in self._rows]
            self._rows_updated()
            return
        self._replace_rows(rows)

    def set_pair_cells(self, pair_id: int, cells: Mapping[EthicsGuideline, EthicsCell]) -> None:
        """Update one pair's cells (after an edit), without reloading the matrix."""
        row = self.row_of(pair_id)
        if row is None:
            return
        self._rows[row] = replace(self._rows[row], cells=dict(cells))
        self._rows_updated()

    def _rows_updated(self) -> None:
        self._after_rows_changed()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._sort_column > 0:
            # Sorted by a state or by completion: an edit may move the row (the cursor follows).
            self.sort(self._sort_column, self._sort_order)

    def _after_rows_changed(self) -> None:
        count = len(self._rows)
        self._completion = {
            guideline: (
                sum(row.cells[guideline].reviewed for row in self._rows) / count if count else None
            )
            for guideline in GUIDELINES
        }

    def sort_key(self, row: EthicsMatrixRow, column: int) -> object:
        guideline = guideline_of(column)
        if guideline is not None:
            return CYCLE.index(row.cells[guideline].state)
        if column == PAIR_COLUMN:
            return row.pair_label.casefold()
        return (row.completion, -len(row.concerns))

    def matrix_row(self, row: int) -> EthicsMatrixRow:
        return self._rows[row]

    def row_of(self, pair_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.pair_id == pair_id:
                return number
        return None

    def completion(self, guideline: EthicsGuideline) -> float | None:
        """The share of the pairs shown whose ``guideline`` is reviewed (None: no pair)."""
        return self._completion.get(guideline)

    @property
    def overall_completion(self) -> float | None:
        """The share of all cells reviewed."""
        if not self._rows:
            return None
        return sum(row.completion for row in self._rows) / len(self._rows)

    @property
    def concern_count(self) -> int:
        return sum(len(row.concerns) for row in self._rows)

    def _icon(self, state: EthicsState) -> QIcon | None:
        if state not in STATE_ICONS:
            return None
        found = self._icons.get(state)
        if found is None:
            found = self._icons[state] = icon(STATE_ICONS[state], STATE_COLOURS[state])
        return found

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(GUIDELINES) + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        guideline = guideline_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == PAIR_COLUMN:
                return "Pair (mentor → mentee)"
            if section == COMPLETION_COLUMN:
                return "Reviewed"
            assert guideline is not None
            return f"{header_label(guideline)}\n{percent(self._completion.get(guideline))} reviewed"
        if role == Qt.ItemDataRole.ToolTipRole:
            if guideline is not None:
                return (
                    f"{guideline.label}: {guideline.what_is_confirmed}\n"
                    f"Reviewed (confirmed or concern) for "
                    f"{percent(self._completion.get(guideline))} of the pairs shown"
                )
            if section == COMPLETION_COLUMN:
                return "How many of the five guidelines each pair has had reviewed"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if guideline_of(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Role.PAIR_ID:
            return row.pair_id
        guideline = guideline_of(column)
        if guideline is not None:
            return self._cell_data(row.cells[guideline], role)
        if column == PAIR_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.pair_label
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.pair_label} ({row.status.label.lower()})"
            return None
        reviewed = sum(cell.reviewed for cell in row.cells.values())
        concerns = len(row.concerns)
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"{reviewed} of {len(GUIDELINES)}"
            if concerns:
                text += f" · {concerns} concern{'s' if concerns > 1 else ''}"
            return text
        if role == Role.CONCERNS:
            return concerns
        if role == Qt.ItemDataRole.DecorationRole:
            if concerns:
                return self._icon(EthicsState.CONCERN)
            if reviewed == len(GUIDELINES):
                return self._icon(EthicsState.CONFIRMED)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            missing = [g.label for g, cell in row.cells.items() if not cell.reviewed]
            lines = [f"{reviewed} of {len(GUIDELINES)} guidelines reviewed"]
            if missing:
                lines.append("Not reviewed: " + ", ".join(missing))
            if concerns:
                lines.append("Concern: " + ", ".join(g.label for g in row.concerns))
            return "\n".join(lines)
        return None

    def _cell_data(self, cell: EthicsCell, role: int) -> object:
        state = cell.state
        if role == Qt.ItemDataRole.DisplayRole:
            return state.label
        if role == Qt.ItemDataRole.EditRole:
            return state.value
        if role == Role.STATE:
            return state
        if role == Role.GUIDELINE:
            return cell.guideline
        if role == Role.CELL:
            return cell
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(state)
        if role == Qt.ItemDataRole.BackgroundRole and state in STATE_COLOURS:
            tint = QColor(STATE_COLOURS[state])
            tint.setAlpha(TINT_ALPHA)
            return tint
        if role == Qt.ItemDataRole.ForegroundRole and state is EthicsState.NOT_REVIEWED:
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(cell)
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        guideline = guideline_of(index.column()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or guideline is None or self.edit_handler is None:
            return False
        try:
            state = EthicsState(str(value))
        except ValueError:
            return False
        row = self._rows[index.row()]
        if row.cells[guideline].state is state:
            return False
        return self.edit_handler(row.pair_id, guideline, state)


class EthicsFilter(RowFilterProxy):
    """Search pairs by name; optionally only pairs with a gap or a concern."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._open_only = False

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_open_only(self, value: bool) -> None:
        if value != self._open_only:
            self.beginFilterChange()
            self._open_only = value
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, EthicsModel):
            return True
        row = model.matrix_row(source_row)
        if self._open_only and row.completion == 1 and not row.concerns:
            return False
        label = row.pair_label.casefold()
        return all(word in label for word in self._words)
