"""The roster: every pair of the program, searchable, sortable, with trust and health.

The table sits on the :class:`RosterModel` itself, which reads the rows it
shows a page at a time and asks the database for the order, the filters and
the search (a large roster in the worker, through :meth:`PairsView.run`). A
refresh reads the roster again in the worker; a search or filter that changes
the rows shown resets the table, and the view then selects the pair that was
selected, if it is still shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSettings, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus
from mentordesk.services.common import ENDED_STATUSES
from mentordesk.services.roster import (
    create_pair,
    delete_new_pair,
    end_pair,
    pair_details,
)
from mentordesk.ui.context import PairSelection
from mentordesk.ui.errors import show_error
from mentordesk.ui.formatting import counted, number
from mentordesk.ui.icons import icon
from mentordesk.ui.models.roster import Column, Role, RosterEntry, RosterModel, RosterSource
from mentordesk.ui.undo import record_create, record_edit
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.badges import LevelBadgeDelegate
from mentordesk.ui.widgets.column_chooser import install_column_chooser
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.widgets.header_stretch import header_state, stretch_columns
from mentordesk.ui.worker import run_in_worker

#: Every digit as an 8, to size the count label for the widest count of a roster.
_WIDE_DIGITS = str.maketrans("0123456789", "8888888888")

#: The status filter's first choices: what a coordinator works with day to day.
CURRENT_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE, PairStatus.PAUSED)
# Every column but the program's fits a 1280-pixel-wide window.
DEFAULT_WIDTHS = {
    Column.MENTOR: 140,
    Column.MENTEE: 140,
    Column.PROGRAM: 170,
    Column.MODEL: 85,
    Column.STATUS: 85,
    Column.START: 90,
    Column.LAST_HELD: 90,
    Column.TRUST: 130,
    Column.MENTOR_DEPARTMENT: 105,
    Column.MENTEE_DEPARTMENT: 105,
}


class RosterTable(QTableView):
    """The roster table; Enter opens the current pair, like a double-click."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class PairsView(View):
    name = "pairs"
    title = "Pairs"
    icon = "pairs"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._select_after_load: int | None = None
        #: The pair selected when the model began a reset, selected again after it.
        self._kept_pair: int | None = None
        self.loaded = False

        self.model = RosterModel(self)

        self.search = QLineEdit()
        self.search.setObjectName("rosterSearch")
        self.search.setPlaceholderText("Search names, departments, emails…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)

        self.model_filter = QComboBox()
        self.model_filter.setObjectName("modelFilter")
        self.model_filter.addItem("Any model", None)
        for model in MentorshipModel:
            self.model_filter.addItem(model.label, model)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem("Current pairs", CURRENT_STATUSES)
        self.status_filter.addItem("Any status", None)
        for status in PairStatus:
            self.status_filter.addItem(status.label, (status,))
        self.health_filter = QComboBox()
        self.health_filter.setObjectName("healthFilter")
        self.health_filter.addItem("Any health", None)
        self.health_filter.addItem("Needs attention", (Health.WATCH, Health.AT_RISK))
        for health in Health:
            self.health_filter.addItem(health.label, (health,))
        for box, tip in (
            (self.model_filter, "Show pairs of one mentorship model"),
            (self.status_filter, "Show pairs by status; current = proposed, active or paused"),
            (self.health_filter, "Show active pairs by health on the chosen day"),
        ):
            box.setToolTip(tip)
            box.currentIndexChanged.connect(self._apply_filters)

        self.count = QLabel()
        self.count.setObjectName("rosterCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fit_count()

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_action = self.toolbar.addAction(icon("add"), "New pair…", self.new_pair)
        self.new_action.setToolTip("Pair a mentor with a mentee (Ctrl+N)")
        self.match_action = self.toolbar.addAction(
            icon("match"), "Find a mentor…", self.open_match_assistant
        )
        self.match_action.setToolTip("Proposed mentors for a mentee, with why (Ctrl+M)")
        self.cohort_action = self.toolbar.addAction(
            icon("pairs"), "Match a cohort…", self.open_cohort_matching
        )
        self.cohort_action.setToolTip(
            "Pair a whole intake at once: an optimal plan to review and publish (Ctrl+Shift+M)"
        )
        self.toolbar.addSeparator()
        self.open_action = self.toolbar.addAction(icon("pair"), "Open", self.open_current)
        self.open_action.setToolTip("Show the pair's page (Enter)")
        self.edit_action = self.toolbar.addAction(icon("edit"), "Edit…", self.edit_current)
        self.edit_action.setToolTip("Change the pair's model, status, dates or cadence")
        self.end_action = self.toolbar.addAction(icon("end-pair"), "End pair…", self.end_current)
        self.end_action.setToolTip("Complete the pair or end it early, with the reason")

        self.table = RosterTable()
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row height: no per-row size computation, so 10,000 rows scroll at once.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setItemDelegateForColumn(Column.TRUST, LevelBadgeDelegate(Role.LEVEL, self))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        for column, width in DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        # Each department next to its name: two Ana Ruiz are told apart at a glance.
        header.moveSection(header.visualIndex(Column.MENTOR_DEPARTMENT), 1)
        header.moveSection(header.visualIndex(Column.MENTEE_DEPARTMENT), 3)
        # A wide window widens the names, not the last column.
        stretch_columns(self.table, Column.MENTOR, Column.MENTEE)
        # Right-click the header to show or hide columns, as in People.
        install_column_chooser(header, always_shown=(Column.MENTOR, Column.MENTEE))
        self.table.sortByColumn(Column.MENTOR, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        # Connected after the table's own handlers: the table has reset when these run.
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_actions)
        self.model.layoutChanged.connect(self._update_actions)
        self.model.changed.connect(self._update_count)
        self.model.loaded.connect(self._loaded)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.model_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.health_filter)
        filters.addStretch(1)
        filters.addWidget(self.count)
        # Whenever the filters or the search hide pairs, one click shows them all.
        self.clear_filters_button = QPushButton(icon("close"), "Clear filters")
        self.clear_filters_button.setObjectName("clearPairFilters")
        self.clear_filters_button.setToolTip("Show every pair: any model, status and health")
        self.clear_filters_button.clicked.connect(self.clear_filters)
        keep_place = self.clear_filters_button.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # no relayout of the row as it comes and goes
        self.clear_filters_button.setSizePolicy(keep_place)
        self.clear_filters_button.hide()
        filters.addWidget(self.clear_filters_button)
        # The pairs behind a dashboard figure: said above the table, undone in one click.
        self.selection: PairSelection | None = None
        self._filters_before: tuple[str, int, int, int] | None = None
        self.selection_label = QLabel()
        self.selection_label.setObjectName("pairSelection")
        self.selection_label.setWordWrap(True)
        self.show_all_button = QPushButton(icon("close"), "Show all pairs")
        self.show_all_button.setObjectName("showAllPairs")
        self.show_all_button.setToolTip("Go back to the filters you had")
        self.show_all_button.clicked.connect(self.clear_selection)
        self.selection_bar = QWidget()
        bar = QHBoxLayout(self.selection_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.selection_label, 1)
        bar.addWidget(self.show_all_button)
        self.selection_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 10)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.selection_bar)
        layout.addWidget(self.table, 1)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._leave_search)
        self._apply_filters()
        self._update_actions()

    # -- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the roster again in the worker and show it, with its sort, filters and search.

        The rows are read a page at a time as the table shows them, each page with
        the health of its active pairs (kept verdicts, the others judged then).
        """
        program_id = self.context.program_id
        self.table.setColumnHidden(Column.PROGRAM, program_id is not None)
        self.model.set_source(
            RosterSource(
                self.context.database.transaction, program_id, self.context.as_of, self.run
            )
        )
        self.model.load()

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """The model's slow questions, in the worker; an error is shown, then handed back."""

        def fail(error: BaseException) -> None:
            show_error(self, error)
            failed(error)

        run_in_worker(
            self,
            lambda _progress: work(),
            done,
            on_error=fail,
            title="Reading the pairs",
            show_progress=False,
        )

    def _loaded(self) -> None:
        selected = self._select_after_load or self.current_pair_id()
        self._select_after_load = None
        self.loaded = True
        self._update_count()
        if (selected is None or not self.select_pair(selected)) and self.model.rowCount():
            self.table.selectRow(0)
        self._update_actions()

    # -- filters ---------------------------------------------------------------------------------

    def _apply_filters(self) -> None:
        # Qt hands the vocabulary members back as plain codes: turn them back.
        model = self.model_filter.currentData()
        statuses = self.status_filter.currentData()
        health = self.health_filter.currentData()
        self.model.set_filters(
            None if model is None else (MentorshipModel(model),),
            None if statuses is None else [PairStatus(s) for s in statuses],
            None if health is None else [Health(h) for h in health],
        )
        self._update_count()

    def show_selection(self, selection: PairSelection) -> None:
        """Show exactly the pairs behind a dashboard figure, whatever the filters were."""
        if self._filters_before is None:
            self._filters_before = (
                self.search.text(),
                self.model_filter.currentIndex(),
                self.status_filter.currentIndex(),
                self.health_filter.currentIndex(),
            )
        self.selection = selection
        for box in (self.model_filter, self.status_filter, self.health_filter):
            box.blockSignals(True)
        self.model_filter.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(self.status_filter.findText("Any status"))
        self.health_filter.setCurrentIndex(0)
        for box in (self.model_filter, self.status_filter, self.health_filter):
            box.blockSignals(False)
        self.search.clear()
        self.model.set_only(selection.pair_ids)
        self._apply_filters()
        count = counted(len(selection.pair_ids), "pair")
        self.selection_label.setText(f"Showing {selection.title}: {count}, from the dashboard.")
        self.selection_bar.show()
        if self.model.rowCount():
            self.table.selectRow(0)

    def clear_selection(self) -> None:
        """Back to every pair, with the filters and search as they were before."""
        self.selection = None
        self.selection_bar.hide()
        self.model.set_only(None)
        before, self._filters_before = self._filters_before, None
        if before is not None:
            text, model, status, health = before
            for box, index in (
                (self.model_filter, model),
                (self.status_filter, status),
                (self.health_filter, health),
            ):
                box.blockSignals(True)
                box.setCurrentIndex(index)
                box.blockSignals(False)
            self.search.setText(text)
        self._apply_filters()

    def clear_filters(self) -> None:
        """Show every pair: no search, any model, any status, any health."""
        for box, index in (
            (self.model_filter, 0),
            (self.status_filter, self.status_filter.findText("Any status")),
            (self.health_filter, 0),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.search.clear()
        self._apply_filters()

    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)
        self._update_count()

    def _remember_selection(self) -> None:
        self._kept_pair = self.current_pair_id()

    def _restore_selection(self) -> None:
        # A reset clears the selection; the pair selected before stays selected if shown.
        kept, self._kept_pair = self._kept_pair, None
        if kept is not None:
            self.select_pair(kept)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if not self.loaded:
            self.count.setText("Loading…" if self.model.loading else "")
            self._fit_count()
            return
        self.count.setText(
            f"{number(shown)} of {counted(total, 'pair')}"
            if shown != total
            else counted(total, "pair")
        )
        self._fit_count()
        self.clear_filters_button.setVisible(shown != total and self.selection is None)

    def _fit_count(self) -> None:
        # A fixed size, wide enough for any count of this many pairs: a count that
        # changes at every keystroke then repaints the label alone, instead of laying
        # out (and repainting) the whole filter row again.
        total = self.model.total_count()
        widest = f"{number(total)} of {counted(total, 'pair')}".translate(_WIDE_DIGITS)
        metrics = self.count.fontMetrics()
        width = max(metrics.horizontalAdvance(widest), metrics.horizontalAdvance(self.count.text()))
        size = QSize(width + 8, metrics.height() + 4)
        if self.count.size() != size or self.count.maximumSize() != size:
            self.count.setFixedSize(size)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_count()
        super().changeEvent(event)

    def focus_search(self) -> None:
        """Ctrl+F lands here."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _leave_search(self) -> None:
        if self.search.text():
            self.search.clear()
        else:
            self.table.setFocus()

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        # Down arrow from the search box goes to the first matching pair.
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.model.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- the current pair --------------------------------------------------------------------

    def current_pair_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.pair_id(index.row())

    def current_entry(self) -> RosterEntry | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(index.row())

    def select_pair(self, pair_id: int) -> bool:
        """Make ``pair_id`` the current row if it is shown; True if it is."""
        row = self.model.row_of(pair_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectRow(row)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _update_actions(self, *_args: object) -> None:
        entry = self.current_entry()
        self.open_action.setEnabled(entry is not None)
        self.edit_action.setEnabled(entry is not None)
        self.end_action.setEnabled(entry is not None and entry.row.status not in ENDED_STATUSES)

    def _activated(self, index: QModelIndex) -> None:
        pair_id = self.model.pair_id(index.row())
        if pair_id is not None:
            self.context.open_pair_requested.emit(pair_id)

    def open_current(self) -> None:
        pair_id = self.current_pair_id()
        if pair_id is not None:
            self.context.open_pair_requested.emit(pair_id)

    # -- actions ------------------------------------------------------------------------------

    def new_pair(self, mentee_id: int | None = None, mentor_id: int | None = None) -> None:
        """Ctrl+N: the pair form; the new pair is selected and can be undone."""
        from mentordesk.ui.dialogs.pair_dialog import PairDialog

        dialog = PairDialog(self.context, parent=self, mentee_id=mentee_id, mentor_id=mentor_id)
        if exec_dialog(dialog):
            self._record_new_pair(dialog.pair_id, dialog.description, dialog.creation)
        elif dialog.next_step is not None:
            # Nobody to pair yet: the form led to the roster import or to People.
            self.context.next_step_requested.emit(dialog.next_step)

    def open_match_assistant(self) -> None:
        """Ctrl+M: choose a mentee, see the proposed mentors, create the pair."""
        from mentordesk.ui.dialogs.match_assistant import MatchAssistant

        dialog = MatchAssistant(self.context, parent=self)
        if exec_dialog(dialog) and dialog.pair_id is not None:
            self._record_new_pair(dialog.pair_id, dialog.description, dialog.creation)

    def open_cohort_matching(self) -> None:
        """The main window's cohort matching (Ctrl+Shift+M)."""
        opener = getattr(self.window(), "open_cohort_matching", None)
        if opener is not None:
            opener()

    def _record_new_pair(
        self, pair_id: int | None, description: str, creation: dict[str, Any]
    ) -> None:
        """Select the new pair, and let Undo take it back while nothing is recorded for it."""
        if pair_id is None:
            return
        self._select_after_load = pair_id
        record_create(
            self.context,
            f"New pair {description}",
            pair_id,
            lambda session: create_pair(session, **creation).id,
            delete_new_pair,
        )

    def edit_current(self) -> None:
        from mentordesk.services.roster import restore_pair
        from mentordesk.ui.dialogs.pair_dialog import PairDialog

        pair_id = self.current_pair_id()
        if pair_id is None:
            return
        try:
            before = self.context.call(pair_details, pair_id)
        except Exception as error:
            show_error(self, error)
            return
        dialog = PairDialog(self.context, pair_id=pair_id, parent=self)
        if not exec_dialog(dialog):
            return
        after = self.context.call(pair_details, pair_id)
        record_edit(
            self.context,
            f"edit pair {dialog.description}",
            lambda session: restore_pair(session, after),
            lambda session: restore_pair(session, before),
        )

    def end_current(self) -> None:
        from mentordesk.services.roster import restore_pair
        from mentordesk.ui.dialogs.end_pair_dialog import EndPairDialog

        pair_id = self.current_pair_id()
        if pair_id is None:
            return
        try:
            before = self.context.call(pair_details, pair_id)
        except Exception as error:
            show_error(self, error)
            return
        dialog = EndPairDialog(self.context, before, parent=self)
        if not exec_dialog(dialog):
            return
        ending, reason, day = dialog.status, dialog.reason, dialog.end_date
        record_edit(
            self.context,
            f"end pair {before.mentor.name} – {before.mentee.name}",
            lambda session: end_pair(session, pair_id, status=ending, reason=reason, end_date=day),
            # Taking the end back restores the status, planned end and reason it had.
            lambda session: restore_pair(session, before),
        )

    # -- remembered layout ----------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("header", header_state(self.table))
        settings.setValue("model_filter", self.model_filter.currentIndex())
        settings.setValue("status_filter", self.status_filter.currentIndex())
        settings.setValue("health_filter", self.health_filter.currentIndex())
        # Filters belong to a database: another one opens with every pair shown.
        settings.setValue("filters_database", self.context.database.display_name)

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        stretch_columns(self.table, Column.MENTOR, Column.MENTEE)
        if settings.value("filters_database") != self.context.database.display_name:
            return
        for key, box in (
            ("model_filter", self.model_filter),
            ("status_filter", self.status_filter),
            ("health_filter", self.health_filter),
        ):
            value = settings.value(key)
            try:
                index = int(value) if value is not None else -1
            except (TypeError, ValueError):
                index = -1
            if 0 <= index < box.count():
                box.setCurrentIndex(index)
