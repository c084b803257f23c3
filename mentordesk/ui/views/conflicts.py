"""The conflict log: every conflict of the program, filtered, with its timeline beside it.

Filters (status, kind, severity, pair, open longer than N days) are applied by
the database. The pane on the right shows the chosen conflict: its details
and the dated steps of its timeline. "Move on…" offers only the statuses the
conflict rules allow next; each move is undoable (Ctrl+Z takes the step back).

The log shows each conflict as it stands now: the toolbar's "as of" day is for
figures and risk flags, while moving a conflict on always starts from its
latest step. Confidential conflicts show a lock. Their text (description, root cause,
outcome, step notes) is not even loaded until the coordinator presses "Show
confidential text", and it is hidden again as soon as another conflict is
chosen.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import ConflictKind, ConflictStatus, Severity
from mentordesk.services import conflicts, roster
from mentordesk.services.conflicts import ConflictDetail, ConflictRow
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.conflict_detail_dialog import ConflictDialog, ConflictTexts
from mentordesk.ui.dialogs.move_conflict_dialog import MoveConflictDialog
from mentordesk.ui.errors import show_error
from mentordesk.ui.formatting import counted as count_of
from mentordesk.ui.formatting import number, short_date
from mentordesk.ui.icons import CONFLICT_STATUS_ICONS, icon
from mentordesk.ui.models.conflicts_model import Column, ConflictsModel, ConflictsSorter, Role
from mentordesk.ui.undo import record_create, record_edit
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.column_chooser import install_column_chooser
from mentordesk.ui.widgets.flow_layout import FlowLayout
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.widgets.header_stretch import header_state, stretch_columns
from mentordesk.ui.widgets.record_table import make_current, record_table
from mentordesk.ui.worker import Job, Progress, run_in_worker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MOVE_TIP = "Record the next step: only the statuses allowed next"
EDIT_TIP = "Kind, severity, what happened, root cause, outcome"
#: Steps of the timeline marked with their status's own icon (the others with a dot).
_STEP_MARKED = (ConflictStatus.RESOLVED, ConflictStatus.CLOSED_UNRESOLVED, ConflictStatus.ESCALATED)

#: The columns a wide window widens: who, and what happened.
STRETCHED = (Column.PAIR, Column.DESCRIPTION)

NOT_ENDED = "not_ended"
WHOLE_PROGRAM = "whole_program"
DEFAULT_DAYS = 30


class StepList(QFrame):
    """The timeline of a conflict: one entry per step, its note wrapped below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.setSpacing(8)
        self._entries: list[tuple[str, str, str]] = []

    def set_steps(self, steps: list[tuple[date, str, str, str, bool]]) -> None:
        """Show (day, status label, icon name, note, note hidden) steps, oldest first."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._entries = [(short_date(day), status, note) for day, status, _i, note, _h in steps]
        for day, status, symbol, note, hidden in steps:
            entry = QWidget()
            grid = QGridLayout(entry)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(6)
            grid.setVerticalSpacing(1)
            mark = QLabel()
            mark.setPixmap(icon(symbol).pixmap(QSize(16, 16)))
            heading = QLabel(f"<b>{status}</b> &nbsp;·&nbsp; {short_date(day)}")
            heading.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(mark, 0, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(heading, 0, 1)
            if note:
                text = QLabel(note)
                text.setWordWrap(True)
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                text.setEnabled(not hidden)
                grid.addWidget(text, 1, 1)
            grid.setColumnStretch(1, 1)
            entry.setAccessibleName(f"{status} on {short_date(day)}. {note}")
            self._layout.addWidget(entry)

    def entries(self) -> list[tuple[str, str, str]]:
        """What is shown, as (day, status, note) text, oldest first."""
        return list(self._entries)


class ConflictPane(QWidget):
    """The chosen conflict: details, the confidentiality switch, the timeline, the actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label = QLabel()
        self.subtitle_label.setWordWrap(True)
        self.subtitle_label.setTextFormat(Qt.TextFormat.PlainText)

        # The lock line of a confidential conflict, with the deliberate switch.
        self.lock_frame = QFrame()
        self.lock_frame.setObjectName("confidentialBar")
        self.lock_frame.setFrameShape(QFrame.Shape.StyledPanel)
        lock_icon = QLabel()
        lock_icon.setPixmap(icon("lock").pixmap(QSize(18, 18)))
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.reveal_button = QPushButton(icon("unlock"), "&Show confidential text")
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setToolTip("Show this conflict's text until another one is chosen")
        self.hide_button = QPushButton(icon("lock"), "H&ide")
        self.hide_button.setToolTip("Hide the confidential text again")
        lock_row = QHBoxLayout(self.lock_frame)
        lock_row.setContentsMargins(8, 6, 8, 6)
        lock_row.addWidget(lock_icon)
        lock_row.addWidget(self.lock_label, 1)
        lock_row.addWidget(self.reveal_button)
        lock_row.addWidget(self.hide_button)

        self.texts: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label in (
            ("description", "What happened:"),
            ("root_cause", "Root cause:"),
            ("outcome", "Outcome:"),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            value.setObjectName(f"conflict_{key}")
            self.texts[key] = value
            form.addRow(label, value)

        timeline_title = QLabel("Timeline")
        bold = timeline_title.font()
        bold.setBold(True)
        timeline_title.setFont(bold)
        self.timeline = StepList()
        self.timeline.setObjectName("conflictTimeline")
        self.timeline.setAccessibleName("Timeline of the conflict's steps")

        self.move_button = QPushButton(icon("timeline"), "&Move on…")
        self.move_button.setObjectName("moveButton")
        self.move_button.setToolTip(MOVE_TIP)
        self.edit_button = QPushButton(icon("edit"), "Edit &details…")
        self.edit_button.setToolTip(EDIT_TIP)
        self.pair_button = QPushButton(icon("pair"), "Open &pair")
        self.pair_button.setToolTip("Show the pair's page")
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pair_button)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.title_label)
        body.addWidget(self.subtitle_label)
        body.addWidget(self.lock_frame)
        body.addLayout(form)
        body.addSpacing(4)
        body.addWidget(timeline_title)
        body.addWidget(self.timeline)
        body.addStretch(1)
        body.addLayout(buttons)

        self.empty_label = QLabel("Choose a conflict to see its timeline.")
        self.empty_label.setEnabled(False)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.body, 1)
        self.show_detail(None, revealed=False)

    def show_detail(
        self, detail: ConflictDetail | None, *, revealed: bool, read_only: str | None = None
    ) -> None:
        """Fill the pane; ``revealed`` says the confidential text was asked for, and
        ``read_only`` why the conflict cannot be changed now (None: it can)."""
        self.empty_label.setVisible(detail is None)
        self.body.setVisible(detail is not None)
        if detail is None:
            self.timeline.set_steps([])
            return
        row = detail.conflict
        self.title_label.setText(f"{row.kind.label} — {row.pair_label}")
        ended = "ended" if row.is_ended else "open"
        self.subtitle_label.setText(
            f"{row.severity.label} severity · {row.status.label} since "
            f"{short_date(row.status_since)} · opened {short_date(row.opened)}, "
            f"{ended} {row.days_open} {'day' if row.days_open == 1 else 'days'}"
        )
        hidden = row.confidential and not revealed
        self.lock_frame.setVisible(row.confidential)
        if row.confidential:
            self.lock_label.setText(
                "Confidential. The text is hidden."
                if hidden
                else "Confidential. Shown until you choose another conflict."
            )
        self.reveal_button.setVisible(hidden)
        self.hide_button.setVisible(row.confidential and not hidden)
        hidden_text = "Hidden (confidential)"
        for key, value in (
            ("description", row.description),
            ("root_cause", detail.root_cause),
            ("outcome", detail.outcome),
        ):
            label = self.texts[key]
            if hidden:
                label.setText(hidden_text)
                label.setEnabled(False)
            else:
                label.setText(value or "—")
                label.setEnabled(bool(value))
        steps = [(row.opened, "Opened", "conflict-open", "", False)]
        for step in detail.steps:
            symbol = (
                CONFLICT_STATUS_ICONS[step.status] if step.status in _STEP_MARKED else "timeline"
            )
            note = hidden_text if hidden else (step.note or "")
            steps.append((step.day, step.status.label, symbol, note, hidden))
        self.timeline.set_steps(steps)
        self.move_button.setEnabled(bool(detail.next_statuses) and read_only is None)
        self.move_button.setToolTip(read_only or MOVE_TIP)
        self.edit_button.setEnabled(read_only is None)
        self.edit_button.setToolTip(read_only or EDIT_TIP)
        self.pair_button.setEnabled(row.pair_id is not None)


class ConflictsView(View):
    """The program's conflict log."""

    name = "conflicts"
    title = "Conflict log"
    icon = "conflicts"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ConflictsModel(self)
        self.sorter = ConflictsSorter(self)
        self.sorter.setSourceModel(self.model)
        self._current_id: int | None = None
        self._revealed_id: int | None = None
        self._detail: ConflictDetail | None = None
        self._loading = False
        self._job: Job[tuple[list[ConflictRow] | None, list[ConflictRow]]] | None = None
        self._generation = 0
        #: The conflict whose confidential note is shown again once the log is read.
        self._reveal_after_load: int | None = None

        # Filters: each box's first entry names it, so no separate labels are needed.
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("Status filter")
        self.status_box.addItem("Any status", None)
        self.status_box.addItem("Not ended", NOT_ENDED)
        for status in ConflictStatus:
            self.status_box.addItem(status.label, status)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Kind filter")
        self.kind_box.addItem("Any kind", None)
        for kind in ConflictKind:
            self.kind_box.addItem(kind.label, kind)
        self.severity_box = QComboBox()
        self.severity_box.setAccessibleName("Severity filter")
        self.severity_box.addItem("Any severity", None)
        for severity in Severity:
            self.severity_box.addItem(severity.label, severity)
        self.pair_box = QComboBox()
        self.pair_box.setAccessibleName("Pair filter")
        self.pair_box.addItem("Any pair", None)
        self.older_check = QCheckBox("Open &more than")
        self.older_check.setToolTip("Only conflicts not yet ended, opened more than N days ago")
        self.days_spin = QSpinBox()
        self.days_spin.setRange(0, 3650)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.days_spin.setSuffix(" days")
        self.days_spin.setAccessibleName("Open more than this many days")
        self.days_spin.setEnabled(False)
        for box, length in (
            (self.status_box, 10),
            (self.kind_box, 12),
            (self.severity_box, 10),
            (self.pair_box, 14),
        ):
            # Sized to a few words, not to the longest entry, so the row fits narrow windows.
            box.setMinimumContentsLength(length)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.currentIndexChanged.connect(self._filters_changed)
        self.older_check.toggled.connect(self.days_spin.setEnabled)
        self.older_check.toggled.connect(self._filters_changed)
        self.days_spin.valueChanged.connect(self._filters_changed)
        self.new_button = QPushButton(icon("add"), "&Log a conflict…")
        self.new_button.setToolTip("Log a conflict of a pair, or of the program as a whole")
        self.new_button.clicked.connect(self.new_conflict)

        self.table = record_table(
            self.sorter, "conflictsTable", "Conflicts", Column.OPENED, Qt.SortOrder.DescendingOrder
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(50)
        for column, width in (
            (Column.OPENED, 88),
            (Column.PAIR, 150),
            (Column.KIND, 145),
            (Column.SEVERITY, 82),
            (Column.STATUS, 150),
            (Column.DAYS, 45),
            (Column.DESCRIPTION, 240),
        ):
            header.resizeSection(column, width)
        # The pane beside the table shows what happened; right-click the header for it.
        header.setSectionHidden(Column.DESCRIPTION, True)
        stretch_columns(self.table, *STRETCHED)
        install_column_chooser(header)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.move_on())
        self.count_label = QLabel()

        self.pane = ConflictPane()
        self.pane.reveal_button.clicked.connect(self.reveal_confidential)
        self.pane.hide_button.clicked.connect(self.hide_confidential)
        self.pane.move_button.clicked.connect(self.move_on)
        self.pane.edit_button.clicked.connect(self.edit_details)
        self.pane.pair_button.clicked.connect(self.open_pair)
        scroll = QScrollArea()
        scroll.setWidget(self.pane)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        # The filters wrap onto a second line in a narrow window instead of widening it.
        filters = QWidget()
        flow = FlowLayout(filters, spacing=6)
        for widget in (self.status_box, self.kind_box, self.severity_box, self.pair_box):
            flow.addWidget(widget)
        older = QWidget()
        older_row = QHBoxLayout(older)
        older_row.setContentsMargins(6, 0, 0, 0)
        older_row.addWidget(self.older_check)
        older_row.addWidget(self.days_spin)
        flow.addWidget(older)
        top = QHBoxLayout()
        top.addWidget(filters, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("conflictsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setCollapsible(0, False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 420])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the pair choices and the log off the GUI thread, keeping the chosen conflict."""
        self._load(with_pairs=True)

    def _load(self, *, with_pairs: bool) -> None:
        """Read the log as the filters ask (and every conflict, for the pair box) in the worker."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        database = self.context.database
        program_id, as_of = self.context.program_id, self.looking_back_to
        arguments = self.filter_arguments()

        def work(progress: Progress) -> tuple[list[ConflictRow] | None, list[ConflictRow]]:
            with database.transaction() as session:
                everything = None
                if with_pairs:
                    everything = conflicts.list_conflicts(session, program_id, as_of=as_of)
                    # A chosen pair (or the whole program) no longer in the log: the pair
                    # box goes back to "Any pair", so the log is read without it.
                    if arguments.get("pair_id") not in {r.pair_id for r in everything}:
                        arguments.pop("pair_id", None)
                    if all(r.pair_id is not None for r in everything):
                        arguments.pop("program_wide_only", None)
                progress.check()
                rows = conflicts.list_conflicts(session, program_id, as_of=as_of, **arguments)
            return everything, rows

        self._job = run_in_worker(
            self,
            work,
            lambda result: self._loaded(generation, *result),
            on_error=lambda error: self._failed(generation, error),
            title="Loading the conflict log",
            show_progress=False,
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, error)

    def _loaded(
        self, generation: int, everything: list[ConflictRow] | None, rows: list[ConflictRow]
    ) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        if everything is not None:
            self._fill_pair_box(everything)
            self._update_new_button()
        self._show_rows(rows)

    def _update_new_button(self) -> None:
        program_id = self.context.program_id
        self.new_button.setEnabled(program_id is not None and self.looking_back_to is None)
        if program_id is None:
            self.new_button.setToolTip("Choose a program in the toolbar first")
        elif self.looking_back_to is not None:
            self.new_button.setToolTip(self._read_only_reason())
        else:
            self.new_button.setToolTip("Log a conflict of a pair, or of the program as a whole")

    @property
    def looking_back_to(self) -> date | None:
        """The past day the toolbar's "As of" shows, or None on today (or a later day).

        Looking back, the log is the one of that day and cannot be changed: a step
        recorded then would move the conflict on from where it stands now, not from
        what the log shows."""
        as_of = self.context.as_of
        return as_of if as_of < date.today() else None

    def _read_only_reason(self) -> str:
        return (
            f"The log as it stood on {short_date(self.looking_back_to)}: "
            "choose Today in the toolbar to change it"
        )

    def _fill_pair_box(self, rows: list[ConflictRow]) -> None:
        chosen = self.pair_box.currentData()
        pairs = sorted({(r.pair_label, r.pair_id) for r in rows if r.pair_id is not None})
        self._loading = True
        try:
            self.pair_box.clear()
            self.pair_box.addItem("Any pair", None)
            if any(r.pair_id is None for r in rows):
                self.pair_box.addItem("Whole program", WHOLE_PROGRAM)
            for label, pair_id in pairs:
                self.pair_box.addItem(label, pair_id)
            self.pair_box.setCurrentIndex(max(0, self.pair_box.findData(chosen)))
        finally:
            self._loading = False

    def _filters_changed(self, *_args: object) -> None:
        if not self._loading:
            self._load(with_pairs=False)

    def filter_arguments(self) -> dict[str, object]:
        """The filters as ``conflicts.list_conflicts`` takes them."""
        arguments: dict[str, object] = {}
        status = self.status_box.currentData()
        if status == NOT_ENDED:
            arguments["include_ended"] = False
        elif status is not None:
            arguments["statuses"] = [status]
        if self.kind_box.currentData() is not None:
            arguments["kind"] = self.kind_box.currentData()
        if self.severity_box.currentData() is not None:
            arguments["severity"] = self.severity_box.currentData()
        pair = self.pair_box.currentData()
        if pair == WHOLE_PROGRAM:
            arguments["program_wide_only"] = True
        elif pair is not None:
            arguments["pair_id"] = pair
        if self.older_check.isChecked():
            arguments["open_longer_than"] = self.days_spin.value()
        return arguments

    def _show_rows(self, rows: list[ConflictRow]) -> None:
        keep = self._current_id
        reveal, self._reveal_after_load = self._reveal_after_load, None
        self.model.set_rows(rows)
        live = sum(not row.is_ended for row in rows)
        counted = (
            f"{count_of(len(rows), 'conflict')}, {number(live)} not ended"
            if rows
            else "No conflict"
        )
        if self.looking_back_to is not None:
            counted += f" on {short_date(self.looking_back_to)}"
        self.count_label.setText(counted)
        if keep is not None and self.select_conflict(keep):
            if reveal == keep:
                self.reveal_confidential()
            return
        if self.sorter.rowCount():
            self.table.selectRow(0)
        else:
            self._set_current(None)

    def select_conflict(self, conflict_id: int) -> bool:
        """Make ``conflict_id`` current, if the filters show it."""
        row = self.model.row_of(conflict_id)
        if row is None:
            return False
        index = self.sorter.mapFromSource(self.model.index(row, Column.OPENED))
        make_current(self.table, index)
        self._set_current(conflict_id, force=True)
        return True

    # -- the chosen conflict ---------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_current(current.data(Role.CONFLICT_ID) if current.isValid() else None)

    def _set_current(self, conflict_id: int | None, *, force: bool = False) -> None:
        if conflict_id != self._current_id:
            # Another conflict: whatever was revealed is hidden again.
            self._revealed_id = None
        elif not force:
            return
        self._current_id = conflict_id
        self._load_detail()

    def _load_detail(self) -> None:
        if self._current_id is None:
            self._detail = None
        else:
            self._detail = self.context.call(
                conflicts.conflict_detail,
                self._current_id,
                reveal_confidential=self._revealed_id == self._current_id,
                as_of=self.looking_back_to,
            )
        self.pane.show_detail(
            self._detail,
            revealed=self.confidential_revealed,
            read_only=None if self.looking_back_to is None else self._read_only_reason(),
        )

    @property
    def current_conflict_id(self) -> int | None:
        return self._current_id

    @property
    def confidential_revealed(self) -> bool:
        """Whether the chosen conflict's confidential text is on screen."""
        return self._current_id is not None and self._revealed_id == self._current_id

    def reveal_confidential(self) -> None:
        """The deliberate click: load and show the chosen conflict's confidential text."""
        if self._current_id is None:
            return
        self._revealed_id = self._current_id
        self._load_detail()

    def hide_confidential(self) -> None:
        self._revealed_id = None
        self._load_detail()

    # -- actions -----------------------------------------------------------------------------
    def move_on(self) -> None:
        """Record the chosen conflict's next step (undoable)."""
        detail = self._detail
        if detail is None or not detail.next_statuses or self.looking_back_to is not None:
            return  # Enter on a row looking back does nothing, as the disabled button says
        dialog = MoveConflictDialog(self.context, detail, self)
        if not exec_dialog(dialog) or dialog.detail is None:
            return
        conflict_id = detail.conflict.id
        status, day, note = dialog.status, dialog.day, dialog.note
        settled, recorded = dialog.settled_texts, dialog.recorded_texts

        def redo(session: Session) -> object:
            moved = conflicts.move_conflict(session, conflict_id, status, day, note)
            if settled is not None and settled != recorded:
                cause, outcome = settled
                return conflicts.update_conflict(
                    session, conflict_id, root_cause=cause, outcome=outcome
                )
            return moved

        def undo(session: Session) -> object:
            if settled is not None and settled != recorded:
                cause, outcome = recorded
                conflicts.update_conflict(session, conflict_id, root_cause=cause, outcome=outcome)
            return conflicts.take_back_last_step(session, conflict_id)

        record_edit(self.context, f"Move conflict on to {status.label.lower()}", redo, undo)
        self._after_change(conflict_id)

    def edit_details(self) -> None:
        """Edit the chosen conflict's details (undoable)."""
        if self._detail is None:
            return
        dialog = ConflictDialog(self.context, conflict_id=self._detail.conflict.id, parent=self)
        if not exec_dialog(dialog) or dialog.original is None:
            return
        conflict_id = dialog.original.conflict.id
        before, after = ConflictTexts.of(dialog.original), dialog.texts
        record_edit(
            self.context,
            "Edit conflict details",
            lambda session: after.save(session, conflict_id),
            lambda session: before.save(session, conflict_id),
        )
        self._after_change(conflict_id)

    def new_conflict(self) -> None:
        """Log a conflict of a pair or of the whole program (undoable)."""
        program_id = self.context.program_id
        if program_id is None:
            return
        rows = self.context.call(roster.roster_rows, program_id)
        pairs = [(row.pair_id, f"{row.mentor_name} → {row.mentee_name}") for row in rows]
        pair = self.pair_box.currentData()
        dialog = ConflictDialog(
            self.context,
            program_id=program_id,
            pairs=pairs,
            pair_id=pair if isinstance(pair, int) else None,
            parent=self,
        )
        if not exec_dialog(dialog) or dialog.detail is None:
            return
        created = dialog.detail.conflict
        texts, pair_id, opened = dialog.texts, dialog.pair_id, dialog.opened

        def create(session: Session) -> int:
            detail = conflicts.open_conflict(
                session,
                program_id,
                pair_id,
                opened,
                texts.kind,
                texts.severity,
                texts.description,
                confidential=texts.confidential,
            )
            return detail.conflict.id

        record_create(self.context, "Log a conflict", created.id, create, conflicts.delete_conflict)
        self._after_change(created.id)

    def _after_change(self, conflict_id: int) -> None:
        """Read the log again and choose ``conflict_id`` (its note stays shown if it was)."""
        if self._revealed_id == conflict_id:
            self._reveal_after_load = conflict_id
        self._current_id = conflict_id
        self.refresh()

    def open_pair(self) -> None:
        if self._detail is not None and self._detail.conflict.pair_id is not None:
            self.context.open_pair_requested.emit(self._detail.conflict.pair_id)

    def focus_search(self) -> None:
        """Ctrl+F: the log has filters rather than a search box; start with the status."""
        self.status_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- state -------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("header", header_state(self.table))
        settings.setValue("openMoreThan", self.days_spin.value())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value("header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        stretch_columns(self.table, *STRETCHED)
        try:
            self.days_spin.setValue(int(settings.value("openMoreThan", DEFAULT_DAYS)))
        except (TypeError, ValueError):
            self.days_spin.setValue(DEFAULT_DAYS)
