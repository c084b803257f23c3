"""People: the directory, add and edit, and each person's pairs beside them.

Search-as-you-type filters the rows already loaded (names, emails, departments,
titles, skills), so it answers on every key press without a query. The pane on
the right shows the chosen person and every pair they are in; Enter or a
double-click on a pair opens it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import PairStatus
from mentordesk.services import people
from mentordesk.services.people import PersonDetails, PersonPair, PersonRow
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.person_dialog import PersonDialog
from mentordesk.ui.errors import show_error
from mentordesk.ui.formatting import number, short_date
from mentordesk.ui.icons import icon
from mentordesk.ui.models.people_model import Column, PeopleFilter, PeopleModel, Role
from mentordesk.ui.person_privacy import install_privacy_menu
from mentordesk.ui.undo import record_create, record_edit
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.column_chooser import install_column_chooser
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.widgets.record_table import make_current, record_table
from mentordesk.ui.worker import Job, Progress, run_in_worker


class PersonPane(QFrame):
    """The chosen person's details and their pairs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.name_label = QLabel()
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setWordWrap(True)
        self.subtitle_label = QLabel()
        self.subtitle_label.setWordWrap(True)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in (
            ("email", "Email:"),
            ("manager", "Manager:"),
            ("location", "Location:"),
            ("skills", "Skills:"),
            ("mentoring", "Mentoring:"),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label, value)

        self.pairs_title = QLabel("Pairs")
        bold = self.pairs_title.font()
        bold.setBold(True)
        self.pairs_title.setFont(bold)
        self.pairs = QListWidget()
        self.pairs.setObjectName("personPairs")
        self.pairs.setAccessibleName("Pairs of the chosen person")
        self.pairs.setAlternatingRowColors(True)
        self.pairs.setWordWrap(True)
        self.pairs.setSpacing(1)
        self.no_pairs_label = QLabel("Not in any pair yet.")
        self.no_pairs_label.setEnabled(False)
        self.open_pair_button = QPushButton(icon("pair"), "&Open pair")
        self.open_pair_button.setToolTip("Show the chosen pair's page (Enter)")
        self.empty_label = QLabel("Choose a person to see their details and pairs.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.name_label)
        body.addWidget(self.subtitle_label)
        body.addLayout(form)
        body.addSpacing(6)
        body.addWidget(self.pairs_title)
        body.addWidget(self.pairs, 1)
        body.addWidget(self.no_pairs_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_pair_button)
        body.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.body, 1)
        self.show_person(None, [])

    def show_person(self, details: PersonDetails | None, pairs: list[PersonPair]) -> None:
        """Fill the pane (None: nobody chosen)."""
        self.empty_label.setVisible(details is None)
        self.body.setVisible(details is not None)
        self.pairs.clear()
        if details is None:
            return
        self.name_label.setText(details.name + ("" if details.active else "  (left)"))
        self.subtitle_label.setText(
            " · ".join(part for part in (details.title, details.department) if part) or "—"
        )
        self.fields["email"].setText(details.email or "—")
        self.fields["manager"].setText(details.manager_name or "—")
        self.fields["location"].setText(details.location or "—")
        self.fields["skills"].setText(", ".join(details.skills) or "—")
        if details.can_mentor:
            self.fields["mentoring"].setText(
                f"Can mentor: {details.active_mentees} of {details.capacity} mentees now"
            )
        else:
            self.fields["mentoring"].setText("Does not mentor")
        for pair in pairs:
            role = "mentee" if pair.as_mentor else "mentor"
            item = QListWidgetItem(
                f"{pair.other_name} ({role})\n"
                f"{pair.model.label} · {pair.status.label} · since "
                f"{short_date(pair.start_date)} · {pair.program_name}"
            )
            item.setIcon(icon("pair"))
            item.setData(Qt.ItemDataRole.UserRole, pair.pair_id)
            item.setToolTip(f"Open the pair with {pair.other_name} (Enter or double-click)")
            if pair.status is not PairStatus.ACTIVE:
                item.setForeground(self.palette().placeholderText())
            self.pairs.addItem(item)
        count = len(pairs)
        self.pairs_title.setText(f"Pairs ({count})" if count else "Pairs")
        self.pairs.setVisible(bool(pairs))
        self.no_pairs_label.setVisible(not pairs)
        self.open_pair_button.setEnabled(bool(pairs))
        if pairs:
            self.pairs.setCurrentRow(0)

    def current_pair_id(self) -> int | None:
        item = self.pairs.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class PeopleView(View):
    """The people directory with add, edit and each person's pairs."""

    name = "people"
    title = "People"
    icon = "people"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = PeopleModel(self)
        self.proxy = PeopleFilter(self)
        self.proxy.setSourceModel(self.model)
        self._current_id: int | None = None
        #: A person just saved: shown once loaded, even if the filters hid them.
        self._reveal: int | None = None
        self._job: Job[list[PersonRow]] | None = None
        self._generation = 0

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("peopleSearch")
        self.search_edit.setPlaceholderText("Search names, emails, departments, skills…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setAccessibleName("Search people")
        self.search_edit.textChanged.connect(self._search_changed)
        self.mentors_check = QCheckBox("&Mentors only")
        self.mentors_check.setToolTip("Only people who can mentor")
        self.mentors_check.toggled.connect(self._filters_changed)
        self.left_check = QCheckBox("Show people who &left")
        self.left_check.setChecked(True)
        self.left_check.toggled.connect(self._filters_changed)
        self.new_button = QPushButton(icon("add"), "&New person…")
        self.new_button.setToolTip("Add someone to the directory")
        self.new_button.clicked.connect(self.new_person)
        self.edit_button = QPushButton(icon("edit"), "E&dit…")
        self.edit_button.setToolTip("Edit the chosen person (Enter)")
        self.edit_button.clicked.connect(self.edit_person)

        self.table = record_table(
            self.proxy, "peopleTable", "People", Column.NAME, Qt.SortOrder.AscendingOrder
        )
        # Right-click a person: export everything held about them, or erase them.
        install_privacy_menu(self.table, self, context, lambda: self.current_person_id)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Skills come last and take what room is left; the rest keep their width.
        header.setStretchLastSection(True)
        for column, width in (
            (Column.NAME, 150),
            (Column.DEPARTMENT, 105),
            (Column.TITLE, 95),
            (Column.EMAIL, 175),
            (Column.MANAGER, 115),
            (Column.MENTORING, 110),
        ):
            header.resizeSection(column, width)
        # The title is on the side pane; right-click the header to bring it back.
        header.setSectionHidden(Column.TITLE, True)
        header.setMinimumSectionSize(60)
        install_column_chooser(header)
        # Enter, or a double-click (a single click where the platform activates so).
        self.table.activated.connect(lambda _index: self.edit_person())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.count_label = QLabel()
        self.count_label.setObjectName("peopleCount")

        self.pane = PersonPane()
        self.pane.pairs.itemActivated.connect(lambda _item: self.open_current_pair())
        self.pane.open_pair_button.clicked.connect(self.open_current_pair)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.mentors_check)
        top.addWidget(self.left_check)
        top.addSpacing(12)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        # Whenever the search or the checks hide people, one click shows them all.
        self.clear_filters_button = QPushButton(icon("close"), "Clear filters")
        self.clear_filters_button.setObjectName("clearPeopleFilters")
        self.clear_filters_button.setToolTip("Show everyone: no search, mentors or not, who left")
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.clear_filters_button.hide()
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.clear_filters_button)
        left_layout.addLayout(count_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("peopleSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([840, 300])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search_edit, self.mentors_check)
        self.setTabOrder(self.mentors_check, self.left_check)
        self.setTabOrder(self.left_check, self.new_button)
        self.setTabOrder(self.new_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.table)
        self._update_actions()

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the directory off the GUI thread; the chosen person stays chosen."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        database = self.context.database

        def work(progress: Progress) -> list[PersonRow]:
            with database.transaction() as session:
                progress.check()
                return people.directory(session)

        self._job = run_in_worker(
            self,
            work,
            lambda rows: self._loaded(generation, rows),
            on_error=lambda error: self._failed(generation, error),
            title="Loading the people directory",
            show_progress=False,
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, error)

    def _loaded(self, generation: int, rows: list[PersonRow]) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        keep, reveal = self._current_id, self._reveal
        self._reveal = None
        self.model.set_rows(rows)
        self._update_count()
        if keep is not None and self.select_person(keep):
            return
        if keep is not None and keep == reveal:
            # Just saved but hidden by the search or a switch: show everyone.
            self.search_edit.clear()
            self.mentors_check.setChecked(False)
            self.left_check.setChecked(True)
            if self.select_person(keep):
                return
        # Nobody chosen yet (or they are gone): the first one shown, so the pane is never idle.
        self._current_id = None
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self._show_current()

    def select_person(self, person_id: int) -> bool:
        """Make ``person_id`` the current row (if shown); False when they are not shown."""
        row = self.model.row_of(person_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, Column.NAME))
        if not index.isValid():
            return False
        make_current(self.table, index)
        # A refresh keeps the same index: show the person's fresh details anyway.
        self._current_id = person_id
        self._show_current()
        return True

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "person" if total == 1 else "people"
        if shown == total:
            self.count_label.setText(f"{number(total)} {noun}")
        else:
            self.count_label.setText(f"{number(shown)} of {number(total)} {noun} shown")
        self.clear_filters_button.setVisible(shown != total)

    def clear_filters(self) -> None:
        """Show everyone: no search, not only mentors, people who left too."""
        for check, value in ((self.mentors_check, False), (self.left_check, True)):
            check.blockSignals(True)
            check.setChecked(value)
            check.blockSignals(False)
        self.search_edit.clear()
        self._filters_changed()

    # -- filters -----------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Ctrl+F: type to search."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _filters_changed(self) -> None:
        self.proxy.set_mentors_only(self.mentors_check.isChecked())
        self.proxy.set_show_left(self.left_check.isChecked())
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        elif not self.proxy.rowCount():
            self._current_id = None
            self._show_current()

    # -- the chosen person -----------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        person_id = current.data(Role.PERSON_ID) if current.isValid() else None
        if person_id != self._current_id:
            self._current_id = person_id
            self._show_current()

    def _show_current(self) -> None:
        self._update_actions()
        if self._current_id is None:
            self.pane.show_person(None, [])
            return
        with self.context.transaction() as session:
            details = people.get_person(session, self._current_id)
            pairs = people.person_pairs(session, self._current_id)
        self.pane.show_person(details, pairs)

    def _update_actions(self) -> None:
        self.edit_button.setEnabled(self._current_id is not None)

    @property
    def current_person_id(self) -> int | None:
        return self._current_id

    def current_pair_id(self) -> int | None:
        """The pair Ctrl+L and Ctrl+T act on: the one chosen in the person's pairs when the
        cursor is there, else the person's active pair; with several, the coordinator is
        asked which (None: cancelled, or no active pair)."""
        if self._current_id is None:
            return None
        if self.pane.pairs.hasFocus() and self.pane.current_pair_id() is not None:
            return self.pane.current_pair_id()
        with self.context.transaction() as session:
            details = people.get_person(session, self._current_id)
            pairs = people.person_pairs(session, self._current_id)
        active = [pair for pair in pairs if pair.status is PairStatus.ACTIVE]
        if len(active) == 1:
            return active[0].pair_id
        if not active:
            return None
        # Several: the current program's first, then by start (as person_pairs lists them).
        program_id = self.context.program_id
        active.sort(key=lambda pair: pair.program_id != program_id)
        choices = [
            f"{pair.other_name} ({'mentee' if pair.as_mentor else 'mentor'}) · "
            f"{pair.program_name}, since {short_date(pair.start_date)}"
            for pair in active
        ]
        choice, chosen = QInputDialog.getItem(
            self,
            "Which pair?",
            f"{details.name} is in {len(active)} active pairs. Which one?",
            choices,
            0,
            False,
        )
        if not chosen:
            return None
        return active[choices.index(choice)].pair_id

    # -- actions -----------------------------------------------------------------------------
    def new_person(self) -> None:
        """Open the person form for someone new; select them once saved."""
        dialog = PersonDialog(self.context, None, self, directory=self._directory_rows())
        if not exec_dialog(dialog) or dialog.person is None:
            return
        fields = dialog.fields
        record_create(
            self.context,
            f"Add {dialog.person.name}",
            dialog.person.id,
            lambda session: people.add_person(session, fields).id,
            people.delete_new_person,
        )
        self._after_save(dialog.person.id)

    def edit_person(self) -> None:
        """Open the person form for the chosen person."""
        if self._current_id is None:
            return
        dialog = PersonDialog(
            self.context, self._current_id, self, directory=self._directory_rows()
        )
        if not exec_dialog(dialog) or dialog.person is None:
            return
        original = dialog.original
        if original is not None:
            person_id, before, after = original.id, original.fields(), dialog.fields
            record_edit(
                self.context,
                f"Edit {after.name.strip() or original.name}",
                lambda session: people.update_person(session, person_id, after),
                lambda session: people.update_person(session, person_id, before),
            )
        self._after_save(dialog.person.id)

    def _directory_rows(self) -> list:
        return [self.model.person_row(row) for row in range(self.model.rowCount())]

    def _after_save(self, person_id: int) -> None:
        self._current_id = person_id
        self._reveal = person_id
        self.refresh()

    def open_current_pair(self) -> None:
        """Show the chosen pair's page."""
        pair_id = self.pane.current_pair_id()
        if pair_id is not None:
            self.context.open_pair_requested.emit(pair_id)

    # -- state -------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("header", self.table.horizontalHeader().saveState())
        settings.setValue("mentorsOnly", self.mentors_check.isChecked())
        settings.setValue("showLeft", self.left_check.isChecked())
        # Filters belong to a database: another one opens with everyone shown.
        settings.setValue("filtersDatabase", self.context.database.display_name)

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value("header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        if settings.value("filtersDatabase") != self.context.database.display_name:
            return
        self.mentors_check.setChecked(_bool(settings.value("mentorsOnly", False)))
        self.left_check.setChecked(_bool(settings.value("showLeft", True)))


def _bool(value: object) -> bool:
    """QSettings gives back "true"/"false" strings from INI files."""
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)
