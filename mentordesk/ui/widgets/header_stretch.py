"""Wide windows give their room to the columns worth reading, not to whichever is last.

A table whose last section stretches hands a 1920-pixel window's spare width to
"Health" or "Days", while the names stay cut short. Here the chosen columns
share the spare width: each keeps at least its own width (the default, or the
width the user dragged it to) and grows by an equal share of what the window has
to spare. Every column stays resizable by hand, and a narrow window scrolls
instead of squeezing the names.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


class ColumnStretcher(QObject):
    """Keeps ``columns`` of ``table`` widened to fill the width the others leave."""

    def __init__(self, table: QAbstractItemView, columns: tuple[int, ...]) -> None:
        super().__init__(table)
        self.table = table
        self.header = _header(table)
        self.columns = columns
        self.header.setStretchLastSection(False)
        self.base = {column: self.header.sectionSize(column) for column in columns}
        self._adjusting = False
        self.header.sectionResized.connect(self._resized_by_hand)
        # A column shown or hidden (the column chooser) changes what there is to share.
        self.header.geometriesChanged.connect(self.fit)
        table.viewport().installEventFilter(self)

    def reset(self) -> None:
        """After a header state is restored: its widths are the bases, its stretch is off."""
        self.header.setStretchLastSection(False)
        for column in self.columns:
            self.base[column] = self.header.sectionSize(column)
        self.fit()

    def saved_state(self) -> QByteArray:
        """The header's state with the stretched columns at their own widths, so a
        window opened narrower does not start from this one's widened columns."""
        self._adjusting = True
        try:
            widened = {column: self.header.sectionSize(column) for column in self.columns}
            for column in self.columns:
                self.header.resizeSection(column, self.base[column])
            state = self.header.saveState()
            for column, width in widened.items():
                self.header.resizeSection(column, width)
        finally:
            self._adjusting = False
        return state

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized_by_hand(self, column: int, _old: int, new: int) -> None:
        if not self._adjusting and column in self.base:
            self.base[column] = new
            self.fit()

    def fit(self) -> None:
        """Share the spare width among the stretched columns (none when there is none)."""
        header = self.header
        shown = [column for column in self.columns if not header.isSectionHidden(column)]
        if not shown:
            return
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column not in shown and not header.isSectionHidden(column)
        )
        spare = self.table.viewport().width() - others - sum(self.base[c] for c in shown)
        share, left = divmod(max(spare, 0), len(shown))
        self._adjusting = True
        try:
            for number, column in enumerate(shown):
                width = self.base[column] + share + (1 if number < left else 0)
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._adjusting = False


def _header(view: QAbstractItemView) -> QHeaderView:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    assert isinstance(view, QTreeView)
    return view.header()


def header_state(view: QAbstractItemView) -> QByteArray:
    """The view's header state to remember, its stretched columns at their own widths."""
    stretcher = view.findChild(ColumnStretcher)
    return stretcher.saved_state() if stretcher is not None else _header(view).saveState()


def stretch_columns(table: QAbstractItemView, *columns: int) -> ColumnStretcher:
    """Let ``columns`` (logical indexes) of ``table`` share its spare width."""
    existing = table.findChild(ColumnStretcher)
    if existing is not None:
        existing.reset()
        return existing
    return ColumnStretcher(table, columns)
