"""The conflict log as a Qt table model.

Rows are the plain ``ConflictRow`` values of ``conflicts.list_conflicts``,
which filters in the database; the model only shows and sorts them. A
confidential conflict's description is never in its row (the service leaves it
out), so the log shows a lock and the word "Confidential" in its place.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from mentordesk.domain.vocabularies import ConflictStatus, Severity
from mentordesk.services.conflicts import ConflictRow
from mentordesk.ui.formatting import short_date
from mentordesk.ui.icons import CONFLICT_STATUS_ICONS, icon
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel

SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.LOW: "#5b8def",
    Severity.MEDIUM: "#d08a12",
    Severity.HIGH: "#d0412f",
}
"""Readable on light and dark backgrounds; always shown beside the word."""

SEVERITY_ORDER = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


class Column(IntEnum):
    """The conflict log's columns, in display order."""

    OPENED = 0
    PAIR = 1
    KIND = 2
    SEVERITY = 3
    STATUS = 4
    DAYS = 5
    DESCRIPTION = 6


HEADERS: dict[Column, str] = {
    Column.OPENED: "Opened",
    Column.PAIR: "Pair",
    Column.KIND: "Kind",
    Column.SEVERITY: "Severity",
    Column.STATUS: "Status",
    Column.DAYS: "Days",
    Column.DESCRIPTION: "What happened",
}

HEADER_TIPS: dict[Column, str] = {
    Column.STATUS: "The status of the latest step, and since when",
    Column.DAYS: "Days open: from opening to the step that ended it, or to today while live",
    Column.DESCRIPTION: "Confidential conflicts show a lock; their text is shown on request",
}


class Role(IntEnum):
    """Custom data roles of the conflicts model."""

    CONFLICT_ID = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    ROW = Qt.ItemDataRole.UserRole + 3


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def first_line(text: str, limit: int = 120) -> str:
    """The first line of ``text``, shortened for a table cell."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class ConflictsModel(RowTableModel[ConflictRow]):
    """The conflicts of the log; read-only, fed by :meth:`set_rows`."""

    columns = Column
    headers = HEADERS
    header_tips = HEADER_TIPS
    sort_role = Role.SORT
    id_role = Role.CONFLICT_ID
    row_role = Role.ROW

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons: dict[str, QIcon] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    def _icon(self, name: str) -> QIcon:
        # Made on first use: icons need the application, and most rows share a few.
        found = self._icons.get(name)
        if found is None:
            if name.startswith("severity-"):
                found = _dot(SEVERITY_COLOURS[Severity(name.removeprefix("severity-"))])
            else:
                found = icon(name)
            self._icons[name] = found
        return found

    def conflict_row(self, row: int) -> ConflictRow:
        return self.row_at(row)

    # -- cells ---------------------------------------------------------------------------
    def _other_data(self, row: ConflictRow, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.SEVERITY:
                return self._icon(f"severity-{row.severity.value}")
            if column == Column.STATUS:
                return self._icon(CONFLICT_STATUS_ICONS[row.status])
            # The lock shows in the pair column too, which is never hidden.
            if column in (Column.PAIR, Column.DESCRIPTION) and row.confidential:
                return self._icon("lock")
            return None
        if role == Qt.ItemDataRole.FontRole and column == Column.DESCRIPTION and row.confidential:
            return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.DAYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.DESCRIPTION:
            return self._display(row, column)
        return None

    @staticmethod
    def _display(row: ConflictRow, column: Column) -> str:
        if column == Column.OPENED:
            return short_date(row.opened)
        if column == Column.PAIR:
            return row.pair_label
        if column == Column.KIND:
            return row.kind.label
        if column == Column.SEVERITY:
            return row.severity.label
        if column == Column.STATUS:
            return row.status.label
        if column == Column.DAYS:
            return str(row.days_open)
        if row.confidential:
            return "Confidential"
        return first_line(row.description or "")

    @staticmethod
    def sort_key(row: ConflictRow, column: Column) -> object:
        if column == Column.OPENED:
            return (row.opened, row.id)
        if column == Column.SEVERITY:
            return SEVERITY_ORDER[row.severity]
        if column == Column.STATUS:
            return list(ConflictStatus).index(row.status)
        if column == Column.DAYS:
            return row.days_open
        return ConflictsModel._display(row, column).casefold()

    @staticmethod
    def _tooltip(row: ConflictRow, column: Column) -> str | None:
        if column == Column.STATUS:
            return f"{row.status.label} since {_day(row.status_since)}"
        if column == Column.PAIR and row.confidential:
            return f"{row.pair_label}\nConfidential: the text shows only on request"
        if column in (Column.PAIR, Column.KIND):
            return ConflictsModel._display(row, column)
        if column == Column.DESCRIPTION:
            if row.confidential:
                return "Confidential: choose the conflict and press “Show confidential text”"
            return row.description or None
        return None


def _day(day: date) -> str:
    return short_date(day)


class ConflictsSorter(RowFilterProxy):
    """The log as its model sorts it: each column's own order (severity low → high, days as
    numbers)."""
