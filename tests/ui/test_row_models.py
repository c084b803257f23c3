"""The one sorting strategy of the in-memory lists: the model sorts its rows by each
column's typed key, the proxy above it only filters and passes the sort on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import ClassVar

from PySide6.QtCore import QPersistentModelIndex, Qt

from mentordesk.services.audit_log import AuditRow
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel
from mentordesk.ui.views.audit import AuditFilter, AuditModel
from mentordesk.ui.views.audit import Column as AuditColumn


class Column(IntEnum):
    NAME = 0
    DAY = 1


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    day: date | None


class DaysModel(RowTableModel[Row]):
    columns = Column
    headers: ClassVar[dict[int, str]] = {Column.NAME: "Name", Column.DAY: "Day"}

    def _display(self, row: Row, column: Column) -> str:
        return row.name if column == Column.NAME else str(row.day or "")

    def sort_key(self, row: Row, column: Column) -> object:
        return row.day if column == Column.DAY else super().sort_key(row, column)


ROWS = [
    Row(1, "bea", date(2027, 3, 1)),
    Row(2, "Ana", None),
    Row(3, "carl", date(2027, 1, 1)),
]


def names(proxy: RowFilterProxy) -> list[str]:
    return [proxy.index(row, Column.NAME).data() for row in range(proxy.rowCount())]


def test_the_model_sorts_by_typed_keys_and_the_selection_follows(qtmodeltester) -> None:
    model = DaysModel()
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    qtmodeltester.check(proxy)
    kept = QPersistentModelIndex(model.index(0, Column.NAME))  # bea
    proxy.sort(Column.DAY)
    # Days as days (not text), no day first.
    assert names(proxy) == ["Ana", "carl", "bea"]
    assert kept.row() == 2 and kept.data() == "bea"
    proxy.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["carl", "bea", "Ana"]  # case-folded
    # New rows come in the chosen order.
    model.set_rows([*ROWS, Row(4, "dora", None)])
    assert names(proxy) == ["dora", "carl", "bea", "Ana"]
    qtmodeltester.check(proxy)


def test_audit_entries_of_the_same_second_keep_the_logs_order() -> None:
    def entry(record: str, at: datetime) -> AuditRow:
        return AuditRow(
            at=at,
            actor="Ana",
            action="change",
            record=record,
            record_id=None,
            fields=(),
            summary="",
        )

    same = datetime(2027, 1, 5, 9, 0)
    # Newest first, as the log gives them: "second" was written after "first".
    rows = [entry("second", same), entry("first", same), entry("older", datetime(2027, 1, 4))]
    model = AuditModel()
    proxy = AuditFilter()
    proxy.setSourceModel(model)
    model.set_rows(rows)

    def records() -> list[str]:
        return [proxy.index(r, AuditColumn.RECORD).data() for r in range(proxy.rowCount())]

    first = records()
    proxy.sort(AuditColumn.WHEN, Qt.SortOrder.AscendingOrder)
    oldest_first = records()
    proxy.sort(AuditColumn.WHEN, Qt.SortOrder.DescendingOrder)
    assert records() == first
    assert oldest_first == list(reversed(first))
