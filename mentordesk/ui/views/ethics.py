"""Ethics: the program's pairs × the five guidelines, edited in place.

Every cell is not reviewed, confirmed or concern — a word, an icon and a tint.
The keyboard does it all: arrows move, 1 / 2 / 3 set not reviewed / confirmed
/ concern, Space or Enter step to the next state, Delete clears to not
reviewed; F2 or a double-click opens a list to choose from. Each change is a
dated review appended to the guideline's history (dated on the "as of" day)
and one undoable command: Ctrl+Z removes that review again. Completion shows
per guideline in the column headers and per pair in the last column; the pane
below lists the history of the chosen cell.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState
from mentordesk.services import ethics, roster
from mentordesk.services.ethics import EthicsMatrix
from mentordesk.ui.context import AppContext
from mentordesk.ui.errors import show_error
from mentordesk.ui.formatting import short_date
from mentordesk.ui.icons import icon
from mentordesk.ui.models.ethics_model import (
    COMPLETION_COLUMN,
    CYCLE,
    GUIDELINES,
    PAIR_COLUMN,
    STATE_COLOURS,
    STATE_ICONS,
    EthicsFilter,
    EthicsModel,
    Role,
    guideline_of,
    next_state,
    percent,
)
from mentordesk.ui.undo import EditCommand, push, record_create
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.worker import Job, Progress, run_in_worker

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent
    from sqlalchemy.orm import Session

_Index = QModelIndex | QPersistentModelIndex

KEY_STATES: dict[int, EthicsState] = {
    Qt.Key.Key_1: CYCLE[0],
    Qt.Key.Key_2: CYCLE[1],
    Qt.Key.Key_3: CYCLE[2],
    Qt.Key.Key_Delete: EthicsState.NOT_REVIEWED,
    Qt.Key.Key_Backspace: EthicsState.NOT_REVIEWED,
}
CYCLE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)

KEYBOARD_HINT = (
    "Keyboard: arrows move · 1 not reviewed · 2 confirmed · 3 concern · "
    "Space or Enter: next state · F2: choose from a list · Ctrl+Z: undo"
)


class EthicsStateDelegate(QStyledItemDelegate):
    """A guideline cell's editor: the three states in a list, with their icons."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> QWidget | None:
        if guideline_of(index.column()) is None:
            return None
        combo = QComboBox(parent)
        combo.setAccessibleName("Review state")
        for state in CYCLE:
            if state in STATE_ICONS:
                combo.addItem(
                    icon(STATE_ICONS[state], STATE_COLOURS[state]), state.label, state.value
                )
            else:
                combo.addItem(state.label, state.value)
        # Choosing from the open list saves at once; Enter does the same.
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class EthicsTable(QTableView):
    """The matrix, with the state keys on guideline cells."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            not editing
            and index.isValid()
            and guideline_of(index.column()) is not None
            and modifiers == Qt.KeyboardModifier.NoModifier
        ):
            key = event.key()
            # Role data comes back as the plain code string.
            state = EthicsState(index.data(Qt.ItemDataRole.EditRole))
            if key in CYCLE_KEYS:
                self.model().setData(index, next_state(state).value, Qt.ItemDataRole.EditRole)
                event.accept()
                return
            if key in KEY_STATES:
                self.model().setData(index, KEY_STATES[key].value, Qt.ItemDataRole.EditRole)
                event.accept()
                return
        super().keyPressEvent(event)


class EthicsView(View):
    """The ethics matrix of the chosen program."""

    name = "ethics"
    title = "Ethics"
    icon = "ethics"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = EthicsModel(self)
        self.model.edit_handler = self.set_state
        self.proxy = EthicsFilter(self)
        self.proxy.setSourceModel(self.model)
        self._matrix: EthicsMatrix | None = None
        self._job: Job[EthicsMatrix] | None = None
        self._generation = 0

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Find a pair by name…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setAccessibleName("Find a pair")
        self.search_edit.textChanged.connect(self._search_changed)
        self.open_check = QCheckBox("Only pairs with &gaps or concerns")
        self.open_check.toggled.connect(self._open_only_changed)
        self.all_pairs_check = QCheckBox("Include pairs that are not &active")
        self.all_pairs_check.setToolTip("Proposed, paused, completed and ended pairs too")
        self.all_pairs_check.toggled.connect(lambda _checked: self.refresh())
        self.summary_label = QLabel()
        self.summary_label.setObjectName("ethicsSummary")

        self.table = EthicsTable()
        self.table.setObjectName("ethicsMatrix")
        self.table.setAccessibleName("Ethics matrix: pairs by guidelines")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(EthicsStateDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PAIR_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(False)  # the tints carry the meaning
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(PAIR_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PAIR_COLUMN, 220)
        for column in range(1, len(GUIDELINES) + 1):
            header.resizeSection(column, 132)
        header.resizeSection(COMPLETION_COLUMN, 120)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentChanged.connect(self._current_changed)

        self.hint_label = QLabel(KEYBOARD_HINT)
        self.hint_label.setWordWrap(True)
        self.hint_label.setEnabled(False)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.history_title = QLabel()
        bold = self.history_title.font()
        bold.setBold(True)
        self.history_title.setFont(bold)
        self.history = QTreeWidget()
        self.history.setObjectName("ethicsHistory")
        self.history.setAccessibleName("History of the chosen guideline")
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setHeaderLabels(["Day", "State", "Reviewer", "Note"])
        history_header = self.history.header()
        for column in range(3):
            history_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        history_header.setStretchLastSection(True)
        self.lower = lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        self.review_button = QPushButton(icon("ethics-review"), "&Review with notes…")
        self.review_button.setToolTip(
            "Record the chosen pair's review with a date, reviewer and notes per guideline"
        )
        self.review_button.clicked.connect(self.review_with_notes)
        history_top = QHBoxLayout()
        history_top.addWidget(self.history_title, 1)
        history_top.addWidget(self.review_button)
        lower_layout.addLayout(history_top)
        lower_layout.addWidget(self.history, 1)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty_label, 1)
        upper_layout.addWidget(self.hint_label)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("ethicsSplitter")
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setCollapsible(0, False)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 160])

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.open_check)
        top.addWidget(self.all_pairs_check)
        top.addSpacing(12)
        top.addWidget(self.summary_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._show_history()

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the matrix as of the chosen day off the GUI thread; the cursor stays put."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        program_id = self.context.program_id
        if program_id is None:
            self._matrix = None
            self.model.set_matrix(None)
            self._show_empty("Choose a program in the toolbar to see its ethics checklist.")
            return
        database, as_of = self.context.database, self.context.as_of
        all_pairs = self.all_pairs_check.isChecked()

        def work(progress: Progress) -> EthicsMatrix:
            with database.transaction() as session:
                progress.check()
                return ethics.ethics_matrix(session, program_id, as_of, all_pairs=all_pairs)

        self._job = run_in_worker(
            self,
            work,
            lambda matrix: self._loaded(generation, matrix),
            on_error=lambda error: self._failed(generation, error),
            title="Loading the ethics matrix",
            show_progress=False,
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, error)

    def _loaded(self, generation: int, matrix: EthicsMatrix) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        self._matrix = matrix
        self.model.set_matrix(matrix)
        if not matrix.rows:
            self._show_empty("The program has no active pair yet.")
        else:
            self.empty_label.hide()
            self.table.show()
            self.hint_label.show()
            self.lower.show()
        self._update_summary()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 1))
        self._show_history()

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.show()
        self.table.hide()
        self.hint_label.hide()
        self.lower.hide()
        self.summary_label.clear()
        self._show_history()

    def _update_summary(self) -> None:
        pairs = self.model.rowCount()
        if not pairs:
            self.summary_label.clear()
            return
        concerns = self.model.concern_count
        text = f"{pairs} pairs · {percent(self.model.overall_completion)} reviewed"
        if concerns:
            text += f" · {concerns} concern{'s' if concerns > 1 else ''}"
        self.summary_label.setText(text)

    # -- editing -----------------------------------------------------------------------------
    def review_day(self) -> date:
        """The day a change made here is dated: the "as of" day (today unless chosen)."""
        return self.context.as_of

    def set_state(self, pair_id: int, guideline: EthicsGuideline, state: EthicsState) -> bool:
        """Set one cell as one undoable command; True when it was recorded."""
        day = self.review_day()
        reviewer = self.context.database.actor
        created: list[int] = []

        def apply(session: Session) -> None:
            before = ethics.pair_ethics(session, pair_id)[guideline]
            cell = ethics.set_ethics_state(session, pair_id, guideline, state, day, reviewer)
            created.clear()
            if cell.review_id is not None and cell.review_id != before.review_id:
                created.append(cell.review_id)

        def revert(session: Session) -> None:
            for review_id in created:
                ethics.delete_ethics_review(session, review_id)
            created.clear()

        label = self.model.matrix_row(self.model.row_of(pair_id) or 0).pair_label
        command = EditCommand(
            self.context, f"Set {guideline.label} to {state.label.lower()} ({label})", apply, revert
        )
        done = push(command)
        if done:
            # Show the change at once; the reload the window starts catches up behind it.
            cells = self.context.call(ethics.pair_ethics, pair_id, self.context.as_of)
            self.model.set_pair_cells(pair_id, cells)
            self._update_summary()
            self._show_history()
        return done

    def current_cell(self) -> tuple[int, EthicsGuideline] | None:
        """The pair and guideline under the cursor, if it is on a guideline cell."""
        index = self.table.currentIndex()
        guideline = guideline_of(index.column()) if index.isValid() else None
        if guideline is None:
            return None
        return index.data(Role.PAIR_ID), guideline

    def select_cell(self, pair_id: int, guideline: EthicsGuideline) -> bool:
        """Put the cursor on one cell (if the filters show its pair)."""
        row = self.model.row_of(pair_id)
        if row is None:
            return False
        column = GUIDELINES.index(guideline) + 1
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.scrollTo(index)
        return True

    def review_with_notes(self) -> None:
        """The pair's whole checklist in a form, with reviewer and notes (undoable)."""
        from mentordesk.ui.dialogs.ethics_review_dialog import EthicsReviewDialog

        cell = self.current_cell()
        if cell is None:
            return
        pair_id, guideline = cell
        with self.context.transaction() as session:
            pair = roster.pair_details(session, pair_id)
            cells = ethics.pair_ethics(session, pair_id, self.context.as_of)
        dialog = EthicsReviewDialog(self.context, pair, cells, parent=self, focus=guideline)
        if not exec_dialog(dialog) or not dialog.review_ids:
            return
        changes, day, reviewer = dialog.changes, dialog.review_day, dialog.reviewer_name

        def again(session: Session) -> list[int]:
            return [
                ethics.record_ethics_review(
                    session, pair_id, c.guideline, c.after, day, reviewer, c.note
                ).id
                for c in changes
            ]

        def remove(session: Session, ids: list[int]) -> None:
            for review_id in ids:
                ethics.delete_ethics_review(session, review_id)

        label = f"{pair.mentor.name} → {pair.mentee.name}"
        record_create(
            self.context, f"Ethics review of {label}", list(dialog.review_ids), again, remove
        )
        self.model.set_pair_cells(
            pair_id, self.context.call(ethics.pair_ethics, pair_id, self.context.as_of)
        )
        self._update_summary()
        self._show_history()

    # -- the history pane ------------------------------------------------------------------
    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_history()

    def _show_history(self) -> None:
        self.history.clear()
        cell = self.current_cell() if self._matrix and self._matrix.rows else None
        self.review_button.setEnabled(cell is not None)
        if cell is None:
            self.history_title.setText("History: choose a guideline cell")
            return
        pair_id, guideline = cell
        row = self.model.matrix_row(self.model.row_of(pair_id) or 0)
        reviews = self.context.call(ethics.guideline_history, pair_id, guideline)
        self.history_title.setText(f"{guideline.label} — {row.pair_label}: history")
        for review in reversed(reviews):
            item = QTreeWidgetItem(
                [short_date(review.day), review.state.label, review.reviewer, review.note]
            )
            if review.state in STATE_ICONS:
                item.setIcon(1, icon(STATE_ICONS[review.state], STATE_COLOURS[review.state]))
            item.setToolTip(3, review.note)
            self.history.addTopLevelItem(item)
        if not reviews:
            confirms = f"Confirms: {guideline.what_is_confirmed}"
            item = QTreeWidgetItem(["—", "Never reviewed", "", confirms])
            item.setToolTip(3, confirms)
            self.history.addTopLevelItem(item)

    # -- filters and state -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._show_history()

    def _open_only_changed(self, checked: bool) -> None:
        self.proxy.set_open_only(checked)
        self._show_history()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("header", self.table.horizontalHeader().saveState())
        settings.setValue("openOnly", self.open_check.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value("header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        value = settings.value("openOnly", False)
        self.open_check.setChecked(value is True or str(value).lower() == "true")
