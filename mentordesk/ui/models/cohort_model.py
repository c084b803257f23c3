"""The cohort plan as a table: one line per mentee, the proposed mentor or why none.

The lock column is checkable for a proposed pair; ticking it asks the owner
(through :attr:`CohortPlanModel.lock_changed`) to keep that pair when the plan
is run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from mentordesk.domain.cohort import CohortPlan
from mentordesk.ui.models.base import Index, RowTableModel

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3


class PlanColumn(IntEnum):
    LOCK = 0
    MENTEE = 1
    MENTOR = 2
    SCORE = 3
    WHY = 4


@dataclass(frozen=True)
class PlanLine:
    """One mentee of the plan: their proposed mentor (None: unmatched) and why."""

    mentee_id: int
    mentee: str
    mentor_id: int | None
    mentor: str
    score: float | None
    why: str
    locked: bool = False

    @property
    def id(self) -> int:
        return self.mentee_id


def plan_lines(plan: CohortPlan) -> list[PlanLine]:
    """The plan's pairs and unmatched mentees, in the cohort's order."""
    by_mentee: dict[int, PlanLine] = {}
    for pair in plan.pairs:
        by_mentee[pair.mentee_id] = PlanLine(
            pair.mentee_id,
            pair.mentee_name,
            pair.mentor_id,
            pair.mentor_name,
            pair.score,
            " ".join(pair.reasons),
            pair.locked,
        )
    for left in plan.unmatched:
        by_mentee[left.mentee_id] = PlanLine(
            left.mentee_id, left.mentee_name, None, "— no mentor", None, left.reason
        )
    order = plan.order or tuple(by_mentee)
    return [by_mentee[mentee_id] for mentee_id in order if mentee_id in by_mentee]


class CohortPlanModel(RowTableModel[PlanLine]):
    """The plan's lines; the lock column is a check box on proposed pairs."""

    columns = PlanColumn
    headers: ClassVar[dict[int, str]] = {
        PlanColumn.LOCK: "Keep",
        PlanColumn.MENTEE: "Mentee",
        PlanColumn.MENTOR: "Proposed mentor",
        PlanColumn.SCORE: "Score",
        PlanColumn.WHY: "Why",
    }
    header_tips: ClassVar[dict[int, str]] = {
        PlanColumn.LOCK: "Keep this pair when the plan is run again (a locked pair)",
        PlanColumn.SCORE: "The match score under the weights set above",
        PlanColumn.WHY: "The criteria that scored, or why the mentee has no mentor",
    }
    sort_role = SORT_ROLE
    id_role = ID_ROLE
    row_role = ROW_ROLE

    #: (mentee id, locked) when the coordinator ticks or unticks a pair's lock.
    lock_changed = Signal(int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        palette = QApplication.palette()
        self._muted = QBrush(
            palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        )

    def _display(self, row: PlanLine, column: Any) -> str:
        if column == PlanColumn.LOCK:
            return ""
        if column == PlanColumn.MENTEE:
            return row.mentee
        if column == PlanColumn.MENTOR:
            return row.mentor
        if column == PlanColumn.SCORE:
            return "" if row.score is None else f"{row.score:g}"
        return row.why

    def sort_key(self, row: PlanLine, column: Any) -> Any:
        if column == PlanColumn.SCORE:
            return -1.0 if row.score is None else row.score
        if column == PlanColumn.LOCK:
            return (row.locked, row.mentor_id is not None)
        return super().sort_key(row, column)

    def _other_data(self, row: PlanLine, column: Any, role: int) -> object:
        if column == PlanColumn.LOCK and role == Qt.ItemDataRole.CheckStateRole:
            if row.mentor_id is None:
                return None
            return Qt.CheckState.Checked if row.locked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column in (PlanColumn.WHY, PlanColumn.MENTOR):
            return row.why
        if role == Qt.ItemDataRole.ForegroundRole and row.mentor_id is None:
            return self._muted
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PlanColumn.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        lock = index.isValid() and index.column() == PlanColumn.LOCK
        if lock and self.row_at(index.row()).mentor_id is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != PlanColumn.LOCK:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        line = self.row_at(index.row())
        if line.mentor_id is None:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        self.lock_changed.emit(line.mentee_id, checked)
        return True
