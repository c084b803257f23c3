"""A pair's timeline: everything that happened, newest first, with notes read below.

Confidential notes stay behind a lock: the row says the note is confidential,
and its text appears only after a deliberate click on "Show confidential note"
(or Space on the row). A refresh keeps the notes read so far open; choosing
another pair locks them all again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import ActivityOutcome
from mentordesk.services.activities import TimelineEntry, TimelineSource
from mentordesk.ui.formatting import counted, number, short_date
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.header_stretch import stretch_columns

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
LOCKED_TEXT = "Confidential note — click “Show confidential note” to read it"

SOURCE_ICONS = {
    TimelineSource.AGREEMENT: "agreement",
    TimelineSource.ACTIVITY: "activity",
    TimelineSource.WORKSHOP: "workshops",
    TimelineSource.ASSESSMENT: "assessment",
    TimelineSource.CONFLICT_OPENED: "conflict-open",
    TimelineSource.CONFLICT_STEP: "conflicts",
    TimelineSource.ETHICS_REVIEW: "ethics",
    TimelineSource.PAIR_REVIEW: "review",
}

#: The "Show" filter: label → sources shown (None: all).
FILTERS: tuple[tuple[str, frozenset[TimelineSource] | None], ...] = (
    ("Everything", None),
    ("Activities and workshops", frozenset({TimelineSource.ACTIVITY, TimelineSource.WORKSHOP})),
    ("Assessments", frozenset({TimelineSource.ASSESSMENT})),
    (
        "Conflicts",
        frozenset({TimelineSource.CONFLICT_OPENED, TimelineSource.CONFLICT_STEP}),
    ),
    ("Ethics and reviews", frozenset({TimelineSource.ETHICS_REVIEW, TimelineSource.PAIR_REVIEW})),
)


_PIXMAP_ICONS: dict[tuple[str, str | None, int, float, int], QIcon] = {}


def list_icon(view: QAbstractItemView, name: str, colour: str | None = None) -> QIcon:
    """The icon ``name`` of the set as plain pixmaps, sized for the rows of ``view``.

    The set's icons are drawn by a Python icon engine, and an item view asks for the
    icon of every visible row on every paint: a crossing into Python per row. An icon
    made of pixmaps is painted by Qt alone. The pixmaps come from that same engine, once
    per size, screen scale and palette, in the colours it gives each mode (normal,
    selected, disabled), so the rows look exactly as they did.
    """
    size = view.iconSize()
    side = (
        min(size.width(), size.height())
        if size.isValid()
        else view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
    )
    ratio = view.devicePixelRatioF()
    key = (name, colour, side, ratio, QGuiApplication.palette().cacheKey())
    found = _PIXMAP_ICONS.get(key)
    if found is None:
        source = icon(name, colour)
        found = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Disabled):
            found.addPixmap(source.pixmap(QSize(side, side), ratio, mode), mode)
        _PIXMAP_ICONS[key] = found
    return found


class _Tree(QTreeWidget):
    space_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            self.space_pressed.emit()
            return
        super().keyPressEvent(event)


class TimelineWidget(QWidget):
    """The timeline list, a filter, and the selected entry's notes."""

    #: Double-click or Enter on an entry: (source, record id) to open it.
    entry_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []
        self._revealed: set[tuple[TimelineSource, int, int]] = set()
        self.filter_box = QComboBox()
        for label, sources in FILTERS:
            self.filter_box.addItem(label, sources)
        self.filter_box.currentIndexChanged.connect(self._fill)
        self.count = QLabel()
        self.tree = _Tree()
        self.tree.setObjectName("timeline")
        self.tree.setHeaderLabels(["Date", "What", "Notes"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 96)
        header.resizeSection(1, 250)
        header.resizeSection(2, 200)
        # A wide window shows what happened and the notes in full, not only the notes.
        stretch_columns(self.tree, 1, 2)
        self.tree.currentItemChanged.connect(self._show_current)
        self.tree.itemActivated.connect(self._activated)
        self.tree.space_pressed.connect(self.reveal_current)

        self.notes_title = QLabel()
        self.notes_title.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setObjectName("timelineNotes")
        self.reveal_button = QPushButton(icon("lock"), "Show confidential note")
        self.reveal_button.setObjectName("revealNote")
        self.reveal_button.clicked.connect(self.reveal_current)
        self.reveal_button.hide()

        top = QHBoxLayout()
        label = QLabel("&Show:")
        label.setBuddy(self.filter_box)
        top.addWidget(label)
        top.addWidget(self.filter_box)
        top.addStretch(1)
        top.addWidget(self.count)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.notes_title, 1)
        title_row.addWidget(self.reveal_button)
        notes_layout.addLayout(title_row)
        notes_layout.addWidget(self.notes)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(notes_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        self._muted = QBrush(muted)
        self._missed = QBrush(QColor("#c0392b"))

    def changeEvent(self, event: QEvent) -> None:
        # The rows' icons and muted text are drawn in the palette's colours: a new palette
        # (the system switched to dark, say) draws them again.
        if event.type() == QEvent.Type.PaletteChange:
            muted = self.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
            )
            self._muted = QBrush(muted)
            self._fill()
        super().changeEvent(event)

    @staticmethod
    def _key(entry: TimelineEntry) -> tuple[TimelineSource, int, int]:
        return (entry.source, entry.record_id, entry.day.toordinal())

    def set_entries(self, entries: Sequence[TimelineEntry], *, keep_revealed: bool = False) -> None:
        """Show ``entries`` (oldest first, as the service gives them) newest first."""
        self._entries = list(reversed(entries))
        if not keep_revealed:
            self._revealed.clear()
        self._fill()

    def is_hidden(self, entry: TimelineEntry) -> bool:
        return entry.confidential and bool(entry.text) and self._key(entry) not in self._revealed

    def _fill(self) -> None:
        sources = self.filter_box.currentData()
        current = self.current_entry()
        current_key = self._key(current) if current is not None else None
        self.tree.clear()
        shown = [e for e in self._entries if sources is None or e.source in sources]
        tree = self.tree
        icons = {source: list_icon(tree, name) for source, name in SOURCE_ICONS.items()}
        locked, unlocked = list_icon(tree, "lock"), list_icon(tree, "unlock")
        # Every row is built before any is in the tree, then all go in at once: one
        # insertion for the view to lay out, not one per entry.
        items: list[QTreeWidgetItem] = []
        again: QTreeWidgetItem | None = None
        for entry in shown:
            hidden = self.is_hidden(entry)
            what = f"{entry.title} — {entry.detail}" if entry.detail else entry.title
            notes = LOCKED_TEXT if hidden else " ".join(entry.text.split())
            item = QTreeWidgetItem([short_date(entry.day), what, notes])
            item.setData(0, ENTRY_ROLE, entry)
            item.setIcon(1, icons[entry.source])
            if entry.confidential and entry.text:
                item.setIcon(2, locked if hidden else unlocked)
            if hidden:
                item.setForeground(2, self._muted)
            if entry.outcome is not None and entry.outcome is not ActivityOutcome.HELD:
                item.setForeground(1, self._missed)
            item.setToolTip(1, what)
            if not hidden and entry.text:
                item.setToolTip(2, entry.text)
            if current_key is not None and again is None and self._key(entry) == current_key:
                again = item
            items.append(item)
        tree.addTopLevelItems(items)
        total = len(self._entries)
        self.count.setText(
            f"{number(len(shown))} of {counted(total, 'entry')}"
            if len(shown) != total
            else counted(total, "entry")
        )
        if again is not None:
            tree.setCurrentItem(again)
        if tree.currentItem() is None:
            self._show_current(None, None)

    def current_entry(self) -> TimelineEntry | None:
        item = self.tree.currentItem()
        return item.data(0, ENTRY_ROLE) if item is not None else None

    def _show_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        entry = item.data(0, ENTRY_ROLE) if item is not None else None
        if entry is None:
            self.notes_title.setText("Select an entry to read its notes.")
            self.notes.clear()
            self.reveal_button.hide()
            return
        self.notes_title.setText(f"<b>{short_date(entry.day)}</b> · {entry.title}")
        hidden = self.is_hidden(entry)
        self.reveal_button.setVisible(hidden)
        if hidden:
            self.notes.setPlainText("This note is confidential.")
        else:
            self.notes.setPlainText(entry.text or "No notes.")

    def reveal_current(self) -> None:
        """The deliberate click: show the selected entry's confidential note."""
        entry = self.current_entry()
        if entry is None or not self.is_hidden(entry):
            return
        self._revealed.add(self._key(entry))
        self._fill()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        entry = item.data(0, ENTRY_ROLE)
        if entry is not None:
            self.entry_activated.emit(entry)
