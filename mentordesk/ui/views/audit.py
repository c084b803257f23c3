"""Audit log: who changed which record, when, and what — newest first, in words.

Records are named as the coordinator knows them (a person's name, a pair's
"mentor → mentee", a workshop's title: the service names them in SQL), fields
by their labels, and a change shows old → new for fields that are not free
text; notes and other free text are never copied into the log, so nothing
confidential can show here. The view reads the newest entries (from a chosen
day on, when one is chosen) a page at a time; search-as-you-type filters what
was read at once and, a moment later, asks the database for every entry that
matches, older ones included ("Lea" finds every entry about Lea).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from enum import IntEnum

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.audit_log import ACTION_NAMES, AuditRow, audit_entries, describe_fields
from mentordesk.ui.context import AppContext
from mentordesk.ui.errors import show_error
from mentordesk.ui.formatting import number, short_date
from mentordesk.ui.icons import icon
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.column_chooser import install_column_chooser
from mentordesk.ui.widgets.dates import OptionalDateField
from mentordesk.ui.widgets.record_table import record_table
from mentordesk.ui.worker import Job, Progress, run_in_worker

_Index = QModelIndex | QPersistentModelIndex

#: How many entries are read at a time; "Show older entries" reads this many more.
PAGE_SIZE = 1000


class Column(IntEnum):
    """The log's columns, in display order."""

    WHEN = 0
    WHO = 1
    ACTION = 2
    RECORD = 3
    FIELDS = 4
    NOTE = 5


HEADERS: dict[Column, str] = {
    Column.WHEN: "When",
    Column.WHO: "Who",
    Column.ACTION: "What",
    Column.RECORD: "Record",
    Column.FIELDS: "What changed",
    Column.NOTE: "Note",
}

HEADER_TIPS: dict[Column, str] = {
    Column.WHO: "The name given in Settings (or the login name) of whoever made the change",
    Column.FIELDS: (
        "Which fields changed, with old → new where the field is not free text "
        "(the log never keeps notes or other free text)"
    ),
    Column.NOTE: "What an import, an erasure or another bulk change did",
}


class Role(IntEnum):
    SORT = Qt.ItemDataRole.UserRole + 1
    ROW = Qt.ItemDataRole.UserRole + 2


def when_text(row: AuditRow) -> str:
    """ "14 Mar 2027 10:42"."""
    return f"{short_date(row.at.date())} {row.at:%H:%M}"


def record_text(row: AuditRow) -> str:
    """ "Pair: Lea Novak → Tom Berg"; "Pair 3" when the record is gone unnamed."""
    return row.target


def value_text(value: object) -> str:
    """An old or new value as the window writes it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


def fields_text(row: AuditRow) -> str:
    """ "status (Active → Completed), planned end (— → 1 May 2027), reason for ending"."""
    return describe_fields(row, value_text=value_text)


def search_text(row: AuditRow) -> str:
    """What search looks in: who, what, which record and fields, the note."""
    parts = (
        row.actor,
        ACTION_NAMES.get(row.action, row.action),
        record_text(row),
        fields_text(row),
        row.summary,
        when_text(row),
    )
    return "\n".join(part for part in parts if part).casefold()


class AuditModel(RowTableModel[AuditRow]):
    """Entries of the audit log, read-only, fed by :meth:`set_rows`."""

    columns = Column
    headers = HEADERS
    header_tips = HEADER_TIPS
    sort_role = Role.SORT
    row_role = Role.ROW

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search: list[str] = []
        self._log_order: dict[int, int] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        """Replace every row (newest first, as the log gives them)."""
        self._log_order = {id(row): number for number, row in enumerate(rows)}
        self._replace_rows(rows)

    def _after_rows_changed(self) -> None:
        self._search = [search_text(row) for row in self._rows]

    def audit_row(self, row: int) -> AuditRow:
        return self.row_at(row)

    def search_key(self, row: int) -> str:
        return self._search[row]

    def sort_key(self, row: AuditRow, column: Column) -> object:
        if column == Column.WHEN:
            # Entries of the same second keep the log's order (newest first = first read).
            return (row.at, -self._log_order[id(row)])
        return super().sort_key(row, column)

    def _other_data(self, row: AuditRow, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            who = row.actor or "someone unknown"
            return f"{row.at:%Y-%m-%d %H:%M:%S} · {who} · {row.description}"
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.WHO and not row.actor:
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.FontRole and column == Column.WHO and not row.actor:
            return self._italic
        return None

    @staticmethod
    def _display(row: AuditRow, column: Column) -> str:
        if column == Column.WHEN:
            return when_text(row)
        if column == Column.WHO:
            return row.actor or "unknown"
        if column == Column.ACTION:
            return ACTION_NAMES.get(row.action, row.action)
        if column == Column.RECORD:
            return record_text(row)
        if column == Column.FIELDS:
            return fields_text(row)
        return row.summary


class AuditFilter(RowFilterProxy):
    """Search-as-you-type over what was read; every word must appear."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not self._words or not isinstance(model, AuditModel):
            return True
        key = model.search_key(source_row)
        return all(word in key for word in self._words)


class AuditView(View):
    """The audit log of the open database."""

    name = "audit"
    title = "Audit log"
    icon = "timeline"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.limit = PAGE_SIZE
        self.has_older = False
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("auditSearch")
        self.search_edit.setPlaceholderText("Search names, records, fields, notes…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setAccessibleName("Search the audit log")
        self.search_edit.textChanged.connect(self._search_changed)
        # A moment after typing stops, the database is asked too (older entries included).
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._search_database)
        self._searched = ""
        self._job: Job[list[AuditRow]] | None = None
        self._generation = 0

        self.since_edit = OptionalDateField(unset_text="the beginning")
        self.since_edit.setObjectName("auditSince")
        self.since_edit.setAccessibleName("Changes since")
        self.since_edit.setToolTip("Only changes made on or after this day (Delete: all of them)")
        self.since_edit.dateChanged.connect(self._since_changed)
        since_label = QLabel("&Since:")
        since_label.setBuddy(self.since_edit)

        self.table = record_table(
            self.proxy, "auditTable", "Audit log", Column.WHEN, Qt.SortOrder.DescendingOrder
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        metrics = self.table.fontMetrics()
        for column, sample in (
            (Column.WHEN, "30 Sep 2027 23:59  "),
            (Column.WHO, "Ana Ruiz-Okafor"),
            (Column.ACTION, "Changed  "),
            (Column.RECORD, "Pair: Ana Ruiz-Okafor → Ben Okafor"),
            (Column.FIELDS, "status (Active → Completed), planned end"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        install_column_chooser(header)

        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.older_button = QPushButton("Show &older entries")
        self.older_button.setObjectName("auditOlder")
        self.older_button.setToolTip(f"Read the next {PAGE_SIZE:,} entries of the log")
        self.older_button.clicked.connect(self.show_older)
        self.note_label = QLabel(
            "The log names each changed record and its fields, with old → new for statuses, "
            "dates, numbers and names; notes and other free text are never copied into it, "
            "so confidential text never appears here."
        )
        self.note_label.setWordWrap(True)
        self.note_label.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addSpacing(12)
        top.addWidget(since_label)
        top.addWidget(self.since_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.older_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.note_label)
        self.setTabOrder(self.search_edit, self.since_edit)
        self.setTabOrder(self.since_edit, self.table)

    # -- loading ------------------------------------------------------------------------------

    @property
    def since(self) -> date | None:
        return self.since_edit.value

    def set_since(self, day: date | None) -> None:
        """Show only entries on or after ``day`` (None: all), as if chosen."""
        self.since_edit.set_value(day)

    def refresh(self) -> None:
        """Read the entries off the GUI thread (the log grows without end)."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        database = self.context.database
        since, limit, search = self.since, self.limit, self._searched

        def work(progress: Progress) -> list[AuditRow]:
            with database.transaction() as session:
                progress.check()
                # One more than shown tells whether older entries remain, without
                # counting them all.
                return audit_entries(session, since=since, limit=limit + 1, search=search)

        self._job = run_in_worker(
            self,
            work,
            lambda rows: self._loaded(generation, limit, rows),
            on_error=lambda error: self._failed(generation, error),
            title="Reading the audit log",
            show_progress=False,
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, error)

    def _loaded(self, generation: int, limit: int, rows: list[AuditRow]) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        self.has_older = len(rows) > limit
        self.model.set_rows(rows[:limit])
        self.older_button.setVisible(self.has_older)
        self._update_count()

    def show_older(self) -> None:
        """Read another page of older entries."""
        self.limit += PAGE_SIZE
        self.refresh()

    def _since_changed(self) -> None:
        self.limit = PAGE_SIZE
        self.refresh()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "entry" if total == 1 else "entries"
        since = f" since {short_date(self.since)}" if self.since else ""
        newest = "the newest " if self.has_older else ""
        searched = " ".join(self.search_edit.text().split())
        if total == 0 and self._searched:
            self.count_label.setText(f"No entry{since} matches “{searched}”.")
        elif total == 0:
            self.count_label.setText(f"No changes recorded{since}.")
        elif shown == total and self._searched:
            verb = "matches" if total == 1 else "match"
            text = f"{newest}{total:,} {noun}{since} {verb} “{searched}”"
            self.count_label.setText(text[:1].upper() + text[1:])
        elif shown == total:
            self.count_label.setText(f"Showing {newest}{total:,} {noun}{since}")
        else:
            self.count_label.setText(
                f"{shown:,} of {newest}{total:,} {noun}{since} match the search"
            )

    # -- search -------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: type to search."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()
        self._search_timer.start()

    def _search_database(self) -> None:
        # Days and times are matched in what was read only: the database writes them
        # otherwise than the window does.
        words = self.search_edit.text().split()
        text = " ".join(word for word in words if not any(c.isdigit() for c in word))
        if text != self._searched:
            self._searched = text
            self.limit = PAGE_SIZE
            self.refresh()

    def visible_texts(self) -> list[str]:
        """Every cell shown, row by row (what a test or a screen reader sees)."""
        return [
            self.proxy.index(row, column).data() or ""
            for row in range(self.proxy.rowCount())
            for column in range(self.proxy.columnCount())
        ]

    # -- state --------------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
