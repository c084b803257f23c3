"""Pairs that need the coordinator's attention (at risk, then on watch), with the reasons."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from mentordesk.domain.vocabularies import Health
from mentordesk.services.risk import PairRiskRow
from mentordesk.ui.formatting import days_in
from mentordesk.ui.icons import health_icon

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    HEALTH = 0
    MENTOR = 1
    MENTEE = 2
    TRUST = 3
    REASONS = 4


HEADERS = ("Health", "Mentor", "Mentee", "Trust", "Why")
PAIR_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def needing_attention(rows: Iterable[PairRiskRow]) -> list[PairRiskRow]:
    """At-risk pairs first, then those on watch; within each, the most flags first."""
    order = {Health.AT_RISK: 0, Health.WATCH: 1}
    chosen = [row for row in rows if row.health in order]
    return sorted(chosen, key=lambda r: (order[r.health], -len(r.findings), r.mentor_name))


class AttentionModel(QAbstractTableModel):
    """Read-only rows of ``risk.PairRiskRow``; the pair id in ``PAIR_ID_ROLE``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PairRiskRow] = []
        self._icons = {health: health_icon(health) for health in Health}

    def set_rows(self, rows: Sequence[PairRiskRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def pair_row(self, row: int) -> PairRiskRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(Column):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == PAIR_ID_ROLE:
            return row.pair_id
        if role == Qt.ItemDataRole.DisplayRole:
            match column:
                case Column.HEALTH:
                    return row.health.label
                case Column.MENTOR:
                    return row.mentor_name
                case Column.MENTEE:
                    return row.mentee_name
                case Column.TRUST:
                    if row.trust_score is None:
                        return "not assessed"
                    level = f" {row.trust_level.label.lower()}" if row.trust_level else ""
                    return f"{row.trust_score:.2f}{level}"
                case Column.REASONS:
                    return "  ".join(f"{f.flag.label}: {days_in(f.reason)}" for f in row.findings)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.HEALTH:
            return self._icons[row.health]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"• {f.flag.label}: {days_in(f.reason)}" for f in row.findings]
            return f"{row.mentor_name} and {row.mentee_name}\n" + "\n".join(lines)
        return None
