"""Workshops: plan them, and take attendance in the room.

On the left, the program's workshops (newest first); on the right, the chosen
workshop's attendance sheet. Taking attendance is made for speed: with the
cursor in the list, typing a few letters narrows it (the letters go to the
filter box), Space ticks the person under the cursor, and the next letters
start a new search. The list never jumps: a tick only changes its box. In the
filter box, Space or Enter ticks the highlighted person (Shift+Space types a
space), Esc empties the box and Up/Down move the cursor. "Present only" shows
just the people ticked, to read the list back.

Every tick is saved at once (one undoable command) and the count of pairs
credited — pairs whose mentor and mentee both attended, for whom the workshop
is a held activity — updates as you go, with the pairs listed below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services import workshops
from mentordesk.services.workshops import WorkshopRow
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.workshop_dialog import WorkshopDialog, WorkshopFields, time_text
from mentordesk.ui.errors import show_error
from mentordesk.ui.formatting import counted, short_date
from mentordesk.ui.icons import icon
from mentordesk.ui.models.workshops_model import (
    AttendanceFilter,
    AttendanceModel,
    Column,
    Role,
    WorkshopsModel,
    WorkshopsSorter,
)
from mentordesk.ui.undo import EditCommand, push, record_create, record_edit
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.widgets.record_table import make_current, record_table
from mentordesk.ui.worker import Job, Progress, run_in_worker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_MOVE_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)


def details_text(workshop: WorkshopRow) -> str:
    """ "14:30 · Room 4.12 · led by Mara Klein"; "" when none is set."""
    parts = []
    if workshop.start_time is not None:
        parts.append(time_text(workshop.start_time))
    if workshop.place:
        parts.append(workshop.place)
    if workshop.facilitator:
        parts.append(f"led by {workshop.facilitator}")
    return " · ".join(parts)


def set_attending(session: Session, workshop_id: int, person_id: int, attending: bool) -> None:
    """Make one person present or not (whatever they were), with the service's toggle."""
    if workshops.toggle_attendance(session, workshop_id, person_id) != attending:
        workshops.toggle_attendance(session, workshop_id, person_id)


class AttendanceList(QListView):
    """The attendance sheet; letters typed here go to the filter box."""

    typed = Signal(str)
    erased = Signal()
    cleared = Signal()
    ticked = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Select) and not modifiers:
            self.ticked.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Backspace and not modifiers:
            self.erased.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and not modifiers:
            self.cleared.emit()
            event.accept()
            return
        text = event.text()
        if text and text.isprintable() and not text.isspace() and not modifiers:
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)


class WorkshopsView(View):
    """The program's workshops and their attendance."""

    name = "workshops"
    title = "Workshops"
    icon = "workshops"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = WorkshopsModel(self)
        self.sorter = WorkshopsSorter(self)
        self.sorter.setSourceModel(self.model)
        self.sheet = AttendanceModel(self)
        self.sheet.tick_handler = self.set_attendance
        self.sheet_filter = AttendanceFilter(self)
        self.sheet_filter.setSourceModel(self.sheet)
        self._current_id: int | None = None
        self._workshop: WorkshopRow | None = None
        self._job: Job[list[WorkshopRow]] | None = None
        self._generation = 0
        # After a tick, the next letter typed starts a new search.
        self._fresh_search = False

        # -- the workshops ------------------------------------------------------------------
        self.plan_button = QPushButton(icon("add"), "&Plan a workshop…")
        self.plan_button.clicked.connect(self.plan_workshop)
        self.edit_button = QPushButton(icon("edit"), "E&dit…")
        self.edit_button.setToolTip("Change the chosen workshop's title, date or kind")
        self.edit_button.clicked.connect(self.edit_workshop)
        self.delete_button = QPushButton(icon("delete"), "Dele&te…")
        self.delete_button.setToolTip("Delete the chosen workshop and its attendance")
        self.delete_button.clicked.connect(self.delete_workshop)
        self.table = record_table(
            self.sorter, "workshopsTable", "Workshops", Column.DAY, Qt.SortOrder.DescendingOrder
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in (
            (Column.DAY, 90),
            (Column.TITLE, 200),
            (Column.KIND, 150),
            (Column.ATTENDEES, 60),
            (Column.PAIRS, 50),
        ):
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, header.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._workshop_changed)
        # Enter on a workshop goes to its attendance sheet.
        self.table.activated.connect(lambda _index: self.focus_attendance())
        self.count_label = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        # -- the attendance sheet -------------------------------------------------------------
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("attendanceFilter")
        self.filter_edit.setPlaceholderText("Type a few letters of a name, then Space or Enter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.setAccessibleName("Find a person to tick")
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self._tick_from_filter)
        self.filter_edit.installEventFilter(self)
        self.left_check = QCheckBox("Show people who &left")
        self.left_check.toggled.connect(lambda _checked: self._load_sheet())
        self.present_check = QCheckBox("Present &only")
        self.present_check.setObjectName("presentOnly")
        self.present_check.setToolTip("Show only the people ticked present")
        self.present_check.toggled.connect(self._present_only_changed)
        self.list = AttendanceList()
        self.list.setObjectName("attendanceList")
        self.list.setAccessibleName("Attendance: tick the people present")
        self.list.setModel(self.sheet_filter)
        self.list.setUniformItemSizes(True)
        # A little air between names: easier to read and to hit in a hurry.
        self.list.setSpacing(2)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.typed.connect(self._typed_in_list)
        self.list.erased.connect(lambda: self.filter_edit.backspace())
        self.list.cleared.connect(self.filter_edit.clear)
        self.list.ticked.connect(self.tick_current)
        self.details_label = QLabel()
        self.details_label.setObjectName("workshopDetails")
        self.details_label.setWordWrap(True)
        self.empty_sheet_label = QLabel()
        self.empty_sheet_label.setObjectName("attendanceEmpty")
        self.empty_sheet_label.setWordWrap(True)
        self.empty_sheet_label.setEnabled(False)
        self.attendance_label = QLabel()
        self.attendance_label.setObjectName("attendanceCount")
        bold = self.attendance_label.font()
        bold.setBold(True)
        self.attendance_label.setFont(bold)
        self.hint_label = QLabel(
            "Type to narrow the list · Space or Enter ticks · Esc clears · Ctrl+Z undoes a tick"
        )
        self.hint_label.setEnabled(False)
        self.hint_label.setWordWrap(True)
        self.credited_title = QLabel("Pairs credited")
        self.credited = QListWidget()
        self.credited.setObjectName("pairsCredited")
        self.credited.setAccessibleName("Pairs credited with this workshop")
        self.credited.setMaximumHeight(self.fontMetrics().height() * 8)
        self.credited.itemActivated.connect(self._open_credited_pair)

        filter_row = QVBoxLayout()
        filter_row.addWidget(self.filter_edit)
        # The checks under the box, so the box keeps room for its hint.
        checks = QHBoxLayout()
        checks.addWidget(self.present_check)
        checks.addWidget(self.left_check)
        checks.addStretch(1)
        filter_row.addLayout(checks)
        self.sheet_box = QWidget()
        right_layout = QVBoxLayout(self.sheet_box)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.details_label)
        right_layout.addLayout(filter_row)
        right_layout.addWidget(self.list, 1)
        right_layout.addWidget(self.empty_sheet_label)
        right_layout.addWidget(self.attendance_label)
        right_layout.addWidget(self.hint_label)
        right_layout.addWidget(self.credited_title)
        right_layout.addWidget(self.credited)
        self.no_workshop_label = QLabel()
        self.no_workshop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_workshop_label.setWordWrap(True)
        self.no_workshop_label.setEnabled(False)
        right = QWidget()
        right_outer = QVBoxLayout(right)
        right_outer.setContentsMargins(0, 0, 0, 0)
        right_outer.addWidget(self.sheet_box, 1)
        right_outer.addWidget(self.no_workshop_label, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workshopsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.table, self.filter_edit)
        self.setTabOrder(self.filter_edit, self.list)
        self._show_sheet_state()

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the workshops and the chosen one's sheet, keeping the place in the list."""
        program_id = self.context.program_id
        self.plan_button.setEnabled(program_id is not None)
        if program_id is None:
            self._generation += 1  # a load still on its way is for another program
            self.model.set_rows([])
            self.count_label.setText("Choose a program in the toolbar to see its workshops.")
            self._set_current(None, force=True)
            return
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        database = self.context.database

        def work(progress: Progress) -> list[WorkshopRow]:
            with database.transaction() as session:
                progress.check()
                return workshops.list_workshops(session, program_id)

        self._job = run_in_worker(
            self,
            work,
            lambda rows: self._loaded(generation, rows),
            on_error=lambda error: self._failed(generation, error),
            title="Loading the workshops",
            show_progress=False,
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, error)

    def _loaded(self, generation: int, rows: list[WorkshopRow]) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        keep = self._current_id
        self.model.set_rows(rows)
        self.count_label.setText(
            counted(len(rows), "workshop") if rows else "No workshop planned yet"
        )
        if keep is not None and self.select_workshop(keep):
            return
        if self.sorter.rowCount():
            self.table.selectRow(0)
        else:
            # Forced: the sheet's empty state depends on the program, which may have changed.
            self._set_current(None, force=True)

    def select_workshop(self, workshop_id: int) -> bool:
        """Make ``workshop_id`` the chosen workshop (and reload its sheet)."""
        row = self.model.row_of(workshop_id)
        if row is None:
            return False
        index = self.sorter.mapFromSource(self.model.index(row, Column.DAY))
        make_current(self.table, index)
        self._set_current(workshop_id, force=True)
        return True

    def _workshop_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_current(current.data(Role.ID) if current.isValid() else None)

    def _set_current(self, workshop_id: int | None, *, force: bool = False) -> None:
        if workshop_id == self._current_id and not force:
            return
        if workshop_id != self._current_id:
            # Another workshop: start its sheet with an empty search.
            self.filter_edit.blockSignals(True)
            self.filter_edit.clear()
            self.filter_edit.blockSignals(False)
            self.sheet_filter.set_search("")
        self._current_id = workshop_id
        self._load_sheet()

    def _load_sheet(self) -> None:
        if self._current_id is None:
            self._workshop = None
            self.sheet.set_marks([])
            self.credited.clear()
            self._show_sheet_state()
            return
        with self.context.transaction() as session:
            self._workshop = workshops.get_workshop(session, self._current_id)
            marks = workshops.attendance_sheet(
                session, self._current_id, include_left=self.left_check.isChecked()
            )
            credited = workshops.pairs_credited(session, self._current_id)
        self.sheet.set_marks(marks)
        self.credited.clear()
        for pair in credited:
            item = QListWidgetItem(icon("pair"), pair.pair_label)
            item.setData(Qt.ItemDataRole.UserRole, pair.pair_id)
            item.setToolTip("Open the pair (Enter or double-click)")
            self.credited.addItem(item)
        self._keep_cursor_visible()
        self._show_sheet_state()

    def _show_sheet_state(self) -> None:
        workshop = self._workshop
        self.sheet_box.setVisible(workshop is not None)
        self.no_workshop_label.setVisible(workshop is None)
        edit_enabled = workshop is not None
        self.edit_button.setEnabled(edit_enabled)
        self.delete_button.setEnabled(edit_enabled)
        if workshop is None:
            self.no_workshop_label.setText(
                "Plan a workshop, then tick the people who attend."
                if self.context.program_id is not None
                else "Choose a program in the toolbar."
            )
            return
        self.heading.setText(
            f"{workshop.title} — {workshop.kind.label.lower()}, {short_date(workshop.day)}"
        )
        self.details_label.setText(details_text(workshop))
        self.details_label.setVisible(bool(self.details_label.text()))
        self._show_empty_sheet()
        present = self.sheet.attending
        pairs = workshop.pairs_credited
        self.attendance_label.setText(
            f"{present} present · {pairs} {'pair' if pairs == 1 else 'pairs'} credited"
        )
        self.credited_title.setText(
            "Pairs credited (mentor and mentee both present)"
            if pairs
            else "No pair credited yet: a pair counts when its mentor and mentee both attend."
        )
        self.credited.setVisible(bool(pairs))

    # -- taking attendance --------------------------------------------------------------------
    def set_attendance(self, person_id: int, attending: bool) -> bool:
        """Tick (or untick) one person, saved at once as an undoable command."""
        workshop = self._workshop
        if workshop is None:
            return False
        row = self.sheet.row_of(person_id)
        name = self.sheet.mark(row).name if row is not None else "someone"
        workshop_id = workshop.id
        text = (
            f"Tick {name} present at {workshop.title}"
            if attending
            else f"Untick {name} at {workshop.title}"
        )
        done = push(
            EditCommand(
                self.context,
                text,
                lambda session: set_attending(session, workshop_id, person_id, attending),
                lambda session: set_attending(session, workshop_id, person_id, not attending),
            )
        )
        if done:
            self._load_sheet()
            self._update_workshop_row()
        return done

    def _update_workshop_row(self) -> None:
        if self.context.program_id is None:
            return
        self.model.set_rows(self.context.call(workshops.list_workshops, self.context.program_id))

    def tick_current(self) -> None:
        """Space: tick (or untick) the person under the cursor; the next letters search anew."""
        index = self.list.currentIndex()
        if not index.isValid():
            return
        attending = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.sheet_filter.setData(
            index,
            Qt.CheckState.Unchecked if attending else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )
        self._fresh_search = True

    def _tick_from_filter(self) -> None:
        self.tick_current()
        # Typing next replaces the search: the name just ticked is selected.
        self.filter_edit.selectAll()

    def _typed_in_list(self, text: str) -> None:
        if self._fresh_search:
            self.filter_edit.setText(text)
        else:
            self.filter_edit.insert(text)
        self._fresh_search = False

    def _filter_changed(self, text: str) -> None:
        self.sheet_filter.set_search(text)
        self._fresh_search = False
        self._keep_cursor_visible()
        self._show_empty_sheet()

    def _present_only_changed(self, present_only: bool) -> None:
        self.sheet_filter.set_present_only(present_only)
        self._keep_cursor_visible()
        self._show_empty_sheet()

    def _show_empty_sheet(self) -> None:
        """Say why the sheet is empty, when it is, and how to see people again."""
        text = ""
        if self.sheet_filter.rowCount() == 0:
            search = self.filter_edit.text().strip()
            if self.sheet.rowCount() == 0:
                text = "Nobody to tick yet: add people in People (or import them from HR)."
            elif search and self.present_check.isChecked():
                text = f"Nobody present matches “{search}”. Esc empties the search."
            elif search:
                text = f"Nobody matches “{search}”. Esc empties the search."
            elif self.present_check.isChecked():
                text = "Nobody is ticked present yet. Untick “Present only” to see everyone."
        self.empty_sheet_label.setText(text)
        self.empty_sheet_label.setVisible(bool(text))

    def _keep_cursor_visible(self) -> None:
        # The cursor stays on its person while they are shown; otherwise on the first one.
        if self.sheet_filter.rowCount() == 0:
            return
        current = self.list.currentIndex()
        if not current.isValid():
            self.list.setCurrentIndex(self.sheet_filter.index(0, 0))
            return
        self.list.scrollTo(current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the filter box move the cursor in the list, so the hands stay put;
        # Space ticks, as Enter does (Shift+Space types a space); Esc empties the box.
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key in _MOVE_KEYS:
                self.list.keyPressEvent(event)
                return True
            if key == Qt.Key.Key_Space and modifiers == Qt.KeyboardModifier.NoModifier:
                self._tick_from_filter()
                return True
            if key == Qt.Key.Key_Space and modifiers == Qt.KeyboardModifier.ShiftModifier:
                self.filter_edit.insert(" ")
                return True
            if key == Qt.Key.Key_Escape and not modifiers and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def focus_attendance(self) -> None:
        """Put the cursor in the attendance list, ready to type and tick."""
        if self._workshop is not None:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        """Ctrl+F: the attendance filter."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _open_credited_pair(self, item: QListWidgetItem) -> None:
        self.context.open_pair_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    # -- planning ------------------------------------------------------------------------------
    def plan_workshop(self) -> None:
        """Plan a workshop (undoable: Ctrl+Z deletes it again)."""
        program_id = self.context.program_id
        if program_id is None:
            return
        dialog = WorkshopDialog(self.context, program_id, parent=self)
        if not exec_dialog(dialog) or dialog.workshop is None:
            return
        fields = dialog.fields

        def create(session: Session) -> int:
            return workshops.plan_workshop(
                session, program_id, fields.day, fields.title, fields.kind, fields.details
            ).id

        record_create(
            self.context,
            f"Plan {fields.title}",
            dialog.workshop.id,
            create,
            lambda session, key: workshops.delete_workshop(session, key),
        )
        self._current_id = dialog.workshop.id
        self.refresh()
        self.focus_attendance()

    def edit_workshop(self) -> None:
        """Change the chosen workshop's title, date or kind (undoable)."""
        workshop = self._workshop
        if workshop is None or self.context.program_id is None:
            return
        dialog = WorkshopDialog(self.context, self.context.program_id, workshop, self)
        if not exec_dialog(dialog) or dialog.before is None:
            return
        before, after, workshop_id = dialog.before, dialog.fields, workshop.id
        record_edit(
            self.context,
            f"Edit {after.title}",
            lambda session: after.save(session, workshop_id),
            lambda session: before.save(session, workshop_id),
        )
        self.refresh()

    def delete_workshop(self) -> None:
        """Delete the chosen workshop after asking; undo plans it again with its attendance."""
        workshop = self._workshop
        if workshop is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete the workshop",
            f"Delete “{workshop.title}” ({short_date(workshop.day)}) and its attendance of "
            f"{workshop.attendees} people? The {workshop.pairs_credited} pairs it credits lose "
            "it as an activity.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        program_id = workshop.program_id
        fields = WorkshopFields.of(workshop)
        present = [mark.person_id for mark in self._all_marks() if mark.attending]
        holder = [workshop.id]

        def remove(session: Session) -> None:
            workshops.delete_workshop(session, holder[0])

        def restore(session: Session) -> None:
            row = workshops.plan_workshop(
                session, program_id, fields.day, fields.title, fields.kind, fields.details
            )
            workshops.set_attendance(session, row.id, present)
            holder[0] = row.id

        if push(EditCommand(self.context, f"Delete {workshop.title}", remove, restore)):
            self._current_id = None
            self.refresh()

    def _all_marks(self) -> list:
        if self._current_id is None:
            return []
        return self.context.call(workshops.attendance_sheet, self._current_id, include_left=True)

    # -- state -------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value("header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
