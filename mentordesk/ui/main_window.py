"""The main window: navigation on the left, the chosen view on the right.

The window owns the open database (one :class:`AppContext` per database),
the menus and shortcuts, the program chooser and the "as of" day, and what is
remembered between sessions (geometry, splitter, current view, each view's own
layout). Views are built from :mod:`mentordesk.ui.registry`; a view is
refreshed when it is shown after something changed, never all at once.

At start the window paints as a shell first (the navigation, "Opening the database…"
and the status bar): :meth:`MainWindow.finish_building` then makes the toolbar, actions,
icons and menus (:mod:`mentordesk.ui.window_actions`), just after the first paint. So this
module imports little at the top: the rest (icons, error dialogs, the toolbar and menus,
the views) loads where it is used.
That goes for Qt's own names too: PySide6 makes a class's Python type, enums and all,
when it is first named, and the ``Qt`` namespace alone (every enum of Qt's) costs about
as much as the rest of the shell; so the shell names none of it, and the names only
the built window uses are imported in the methods that use them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from mentordesk import APP_NAME, __version__
from mentordesk.errors import DatabaseDamaged, DatabaseProblem, MentorDeskError
from mentordesk.paths import demo_database_path, is_demo_database
from mentordesk.ui import settings as keys

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtCore import QDate, QSettings
    from PySide6.QtGui import (
        QAction,
        QCloseEvent,
        QDragEnterEvent,
        QDropEvent,
        QIcon,
        QShowEvent,
    )
    from PySide6.QtWidgets import QDialog

    from mentordesk.store.database import Database
    from mentordesk.ui.context import AppContext
    from mentordesk.ui.dialogs.help_dialogs import Shortcut
    from mentordesk.ui.views.base import View

log = logging.getLogger("mentordesk.ui")

DATABASE_FILTER = "MentorDesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"
PROGRAM_FILE_FILTER = "MentorDesk program files (*.mentordesk.json *.json);;All files (*)"
DEFAULT_SIZE = QSize(1360, 860)
NAV_WIDTH = 190


TEAM_REFRESH_MS = 60_000


# Loaded when first used, not with this module: the window paints before they are needed.


def icon(name: str) -> QIcon:
    from mentordesk.ui.icons import icon as drawn

    return drawn(name)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    from mentordesk.ui.errors import show_error as show

    show(parent, error)


def exec_dialog(dialog: QDialog) -> bool:
    from mentordesk.ui.widgets.form_layout import exec_dialog as run

    return run(dialog)


def log_file() -> Path:
    from mentordesk.ui.logging_setup import log_file as current

    return current()


def stop_running_jobs() -> None:
    from mentordesk.ui.worker import stop_running_jobs as stop

    stop()


def window_title(location: str) -> str:
    """The window's title as desktop programs write it, "file — MentorDesk"; the default
    database (mentordesk.sqlite3) gives just "MentorDesk", not the name twice."""
    name = Path(location).name or location
    if Path(name).stem.casefold() == APP_NAME.casefold():
        return APP_NAME
    return f"{name} — {APP_NAME}"


class MainWindow(QMainWindow):
    """The MentorDesk window. Open a database with :meth:`open_location`."""

    #: A database was opened (its AppContext); tests and the screenshot command listen.
    database_opened = Signal(object)

    def __init__(
        self, settings: QSettings, parent: QWidget | None = None, *, shell_only: bool = False
    ) -> None:
        """The whole window; with ``shell_only``, only what the first paint shows (the
        navigation, the "Opening the database…" page and the status bar) until
        :meth:`finish_building` is called."""
        super().__init__(parent)
        self.settings = settings
        self.context: AppContext | None = None
        # Survey forms (PDF files or a folder) dropped on the window are collected.
        self.setAcceptDrops(True)
        self.views: dict[str, View] = {}
        self.welcome: View | None = None
        self._stale: set[str] = set()
        self._programs: list[tuple[int, str]] = []
        self._refresh_pending = False
        self._shown_once = False
        # With a shared server, others change the data too: look again now and then.
        self.team_refresh = QTimer(self)
        self.team_refresh.setInterval(TEAM_REFRESH_MS)
        self.team_refresh.timeout.connect(self.refresh_quietly)
        self.setWindowTitle(APP_NAME)
        self._built = False

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMinimumWidth(140)
        self.nav.setSpacing(1)
        self.nav.setAccessibleName("Views")
        self.nav.currentRowChanged.connect(self._nav_row_changed)
        self.stack = QStackedWidget()
        # Shown until a database is open (the window paints before it opens one). Centred
        # by stretches, not by an alignment flag: naming one would load the Qt namespace.
        self.placeholder = QLabel("Opening the database…")
        self.placeholder.setEnabled(False)
        opening = QWidget()
        centred = QHBoxLayout(opening)
        centred.addStretch(1)
        centred.addWidget(self.placeholder)
        centred.addStretch(1)
        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.stack.addWidget(opening)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([NAV_WIDTH, DEFAULT_SIZE.width() - NAV_WIDTH])
        self.setCentralWidget(self.splitter)
        self.database_label = QLabel()  # made selectable in finish_building
        self.statusBar().addPermanentWidget(self.database_label)
        self._restore_geometry()
        if not shell_only:
            self.finish_building()

    # -- building -------------------------------------------------------------------------

    def finish_building(self) -> None:
        """The window's icon, toolbar, actions and menus (once): at start, just after the
        shell's first paint, so the coordinator sees the window before they are made."""
        if self._built:
            return
        self._built = True
        from PySide6.QtCore import Qt

        from mentordesk.ui.icons import app_icon
        from mentordesk.ui.window_actions import (
            build_actions,
            build_menus,
            build_read_only_banner,
            build_toolbar,
        )

        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWindowIcon(app_icon())
        build_toolbar(self)
        build_read_only_banner(self)
        build_actions(self)
        build_menus(self)
        self._restore_state()

    def _apply_read_only(self) -> None:
        """Edits off for a read-only database: the banner says so, editing actions wait."""
        reason = self.context.database.read_only if self.context is not None else None
        self.read_only_banner.setVisible(reason is not None)
        if reason is None:
            return
        self.read_only_label.setText(
            f"<b>Read-only: edits are off.</b> {reason[0].upper()}{reason[1:]}. To make "
            "changes, copy the database to a folder you can write to and open the copy."
        )
        for action in (
            self.new_pair_action,
            self.match_action,
            self.log_activity_action,
            self.assessment_action,
            self.new_program_action,
            self.edit_program_action,
            self.import_action,
            *getattr(self.data_actions, "write_actions", ()),
        ):
            action.setEnabled(False)
            action.setStatusTip("Read-only: edits are off.")

    def offer_restore(self, error: DatabaseDamaged) -> None:
        """Damage found in the open database: offer its newest sound backup, then reopen."""
        from mentordesk.ui.recovery import offer_backup

        location = str(error.path)
        if offer_backup(self, error, location):
            self.open_location(location, create=False)

    def _fill_view_menu(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence

        self.view_menu.clear()
        self.view_actions: dict[str, QAction] = {}
        for number, (name, view) in enumerate(self.views.items(), start=1):
            action = QAction(icon(view.icon), view.title, self)
            if number <= 10:
                # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth (as the number row runs).
                action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))
            action.triggered.connect(lambda _checked=False, n=name: self.show_view(n))
            self.addAction(action)
            self.view_menu.addAction(action)
            self.view_actions[name] = action
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.refresh_action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.context.database.display_name if self.context else None
        recent = [item for item in keys.recent_databases(self.settings) if item != current]
        if not recent:
            empty = self.recent_menu.addAction("No other recent databases")
            empty.setEnabled(False)
            return
        for location in recent:
            action = self.recent_menu.addAction(location)
            action.triggered.connect(lambda _checked=False, loc=location: self.open_location(loc))

    # -- the database -------------------------------------------------------------------

    def open_location(self, location: str, *, create: bool = True) -> bool:
        """Open the database at ``location`` in this window; False (message shown) if not."""
        try:
            # Loaded here, not at start: the window paints before the store is imported.
            from mentordesk.store.database import open_database

            database = open_database(location, create=create)
        except DatabaseDamaged as error:
            from mentordesk.ui.recovery import offer_backup

            # Kept among the recent databases: the restore can be offered again next time.
            if offer_backup(self, error, location):
                return self.open_location(location, create=False)
            return False
        except MentorDeskError as error:
            log.warning("Could not open %s: %s", location, error)
            keys.forget_database(self.settings, location)
            show_error(self, error)
            return False
        self.set_database(database)
        keys.remember_database(self.settings, database.display_name)
        return True

    def set_database(self, database: Database) -> None:
        """Show ``database`` in the window, replacing the one open before."""
        from mentordesk.ui.context import AppContext

        self.finish_building()
        self._close_database()
        context = AppContext(database, self.settings, self)
        self.context = context
        context.data_changed.connect(self._data_changed)
        context.program_changed.connect(self._program_changed)
        context.as_of_changed.connect(self._as_of_changed)
        context.open_pair_requested.connect(self.open_pair)
        context.show_view_requested.connect(self.show_view)
        context.show_pairs_requested.connect(self.show_pairs)
        context.next_step_requested.connect(self.take_next_step)
        self._connect_undo(context)
        # The program first: the view shown first starts reading with it while the
        # other views are made.
        self._reload_programs(choose=self._remembered_program())
        self._build_views(context)
        # Again now the views are in: their minimum widths change what fits.
        self._restore_splitter()
        self.setWindowTitle(window_title(database.display_name))
        self.database_label.setText(database.display_name)
        if is_demo_database(database.display_name):  # never mistaken for the user's own
            self.setWindowTitle(f"The demo program (made-up data) — {APP_NAME}")
            self.database_label.setText(f"Demo database (made-up data): {database.display_name}")
        self._enter_mode(opening=True)
        if database.is_sqlite:
            self.team_refresh.stop()
        else:
            self.team_refresh.start()
        self.database_opened.emit(context)

    def _close_database(self) -> None:
        if self.context is None:
            return
        self._save_view_states()
        old = self.context
        self.context = None
        self.nav.clear()
        for view in [*self.views.values(), self.welcome]:
            if view is not None:
                self.stack.removeWidget(view)
                view.deleteLater()
        self.views.clear()
        self.welcome = None
        self._stale.clear()
        old.undo_stack.clear()
        stop_running_jobs()  # no job may still be reading from the database closed here
        old.database.close()
        old.deleteLater()

    def _connect_undo(self, context: AppContext) -> None:
        stack = context.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(
            lambda text: self.undo_action.setText(f"&Undo {text}" if text else "&Undo")
        )
        stack.redoTextChanged.connect(
            lambda text: self.redo_action.setText(f"&Redo {text}" if text else "&Redo")
        )
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText("&Undo")
        self.redo_action.setText("&Redo")
        self._undo_index = stack.index()
        self._redoing = False
        stack.indexChanged.connect(self._tell_saved)

    def _tell_saved(self, index: int) -> None:
        """Every change says so in the status bar: saved, undone or redone, and what."""
        if self.context is None:
            return
        stack = self.context.undo_stack
        before, self._undo_index = self._undo_index, index
        if stack.count() == 0:
            return  # cleared (a restore, an erasure): nothing was undone
        if index > before:
            command = stack.command(index - 1)
            verb = "Redone" if self._redoing else "Saved"
        elif index < before:
            command = stack.command(index)
            verb = "Undone"
        else:
            return
        what = command.text() if command is not None else ""
        self.statusBar().showMessage(f"{verb}: {what}." if what else f"{verb}.", 6000)

    def _undo(self) -> None:
        if self.context is not None:
            self.context.undo_stack.undo()

    def _redo(self) -> None:
        if self.context is not None:
            self._redoing = True
            try:
                self.context.undo_stack.redo()
            finally:
                self._redoing = False

    def _build_views(self, context: AppContext) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QListWidgetItem

        from mentordesk.ui import registry

        remembered = self._remembered_view()
        reading: str | None = None
        for cls in registry.each_view_class():
            view = cls(context)
            view.setObjectName(f"view-{cls.name}")
            self.views[cls.name] = view
            self.stack.addWidget(view)
            item = QListWidgetItem(icon(cls.icon), cls.title)
            item.setData(Qt.ItemDataRole.UserRole, cls.name)
            item.setSizeHint(QSize(0, 34))
            self.nav.addItem(item)
            self._restore_view_state(view)
            if reading is None and self.has_programs() and cls.name == (remembered or cls.name):
                # The view the window opens with starts reading now: the database
                # answers in the worker while the other views are loaded and made.
                reading = cls.name
                self.stack.setCurrentWidget(view)
                self._refresh(view)
        self.welcome = registry.welcome_class()(context)
        self.stack.addWidget(self.welcome)
        opened = getattr(self.welcome, "open_database_requested", None)
        if opened is not None:
            opened.connect(self.choose_and_open_database)
        created = getattr(self.welcome, "program_created", None)
        if created is not None:
            created.connect(self.set_program)
        demo = getattr(self.welcome, "demo_requested", None)
        if demo is not None:
            demo.connect(self.open_demo)
        self._stale = set(self.views) - {reading}
        self._fill_view_menu()

    def _restore_view_state(self, view: View) -> None:
        self.settings.beginGroup(f"{keys.VIEWS_GROUP}/{view.name}")
        try:
            view.restore_state(self.settings)
        finally:
            self.settings.endGroup()

    def _remembered_view(self) -> str:
        """The view the window was showing when it last closed ("" if none)."""
        return str(self.settings.value(keys.KEY_CURRENT_VIEW, "") or "")

    def _save_view_states(self) -> None:
        for name, view in self.views.items():
            self.settings.beginGroup(f"{keys.VIEWS_GROUP}/{name}")
            try:
                view.save_state(self.settings)
            finally:
                self.settings.endGroup()
        if self.current_view_name() and not self.showing_welcome():
            self.settings.setValue(keys.KEY_CURRENT_VIEW, self.current_view_name())
        if self.context is not None and self.context.program_id is not None:
            # A program id means nothing in another database: remember whose it is.
            self.settings.setValue(keys.KEY_PROGRAM, self.context.program_id)
            self.settings.setValue(keys.KEY_PROGRAM_DATABASE, self.context.database.display_name)
        self.settings.sync()

    # -- programs -------------------------------------------------------------------------

    def _remembered_program(self) -> int | None:
        if self.context is None:
            return None
        if self.settings.value(keys.KEY_PROGRAM_DATABASE) != self.context.database.display_name:
            return None
        value = self.settings.value(keys.KEY_PROGRAM)
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def _reload_programs(self, choose: int | None = None) -> None:
        """Fill the program chooser; keep (or set) the chosen program."""
        from mentordesk.services import programs

        if self.context is None:
            return
        try:
            rows = self.context.call(programs.list_programs)
        except MentorDeskError as error:
            show_error(self, error)
            rows = []
        self._programs = [(row.id, row.name) for row in rows]
        wanted = choose if choose is not None else self.context.program_id
        ids = [program_id for program_id, _ in self._programs]
        if wanted not in ids:
            # One program: that one. Several: all of them, until one is chosen.
            wanted = ids[0] if len(ids) == 1 else None
        self.program_box.blockSignals(True)
        self.program_box.clear()
        if len(self._programs) != 1:
            self.program_box.addItem(icon("program"), "All programs", None)
        for program_id, name in self._programs:
            self.program_box.addItem(icon("program"), name, program_id)
        index = self.program_box.findData(wanted)
        self.program_box.setCurrentIndex(max(index, 0))
        self.program_box.blockSignals(False)
        self.context.set_program_id(self.program_box.currentData())

    def _program_chosen(self, _index: int) -> None:
        if self.context is not None:
            self.context.set_program_id(self.program_box.currentData())

    def _as_of_chosen(self, qdate: QDate) -> None:
        from datetime import date

        if self.context is None:
            return
        day = date(qdate.year(), qdate.month(), qdate.day())
        self.context.set_as_of(None if day == date.today() else day)

    def set_as_of(self, day: date) -> None:
        """Set the "as of" day as if chosen in the toolbar."""
        from PySide6.QtCore import QDate

        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))

    def set_program(self, program_id: int | None) -> None:
        """Choose a program as if in the toolbar."""
        index = self.program_box.findData(program_id)
        if index >= 0:
            self.program_box.setCurrentIndex(index)

    # -- modes: welcome page or the views ---------------------------------------------------

    def has_programs(self) -> bool:
        return bool(self._programs)

    def showing_welcome(self) -> bool:
        return self.welcome is not None and self.stack.currentWidget() is self.welcome

    def show_welcome(self) -> None:
        """Show the welcome page (as on an empty database), with the navigation put aside."""
        if self.welcome is None:
            return
        self.nav.setEnabled(False)
        self.nav.setCurrentRow(-1)
        self.stack.setCurrentWidget(self.welcome)
        self._refresh(self.welcome)

    def _enter_mode(self, opening: bool = False) -> None:
        """The welcome page while there is no program, else the remembered view."""
        has_programs = self.has_programs()
        for widget in (self.nav, self.program_box, self.as_of_edit):
            widget.setEnabled(has_programs)
        for action in (
            self.new_pair_action,
            self.match_action,
            self.cohort_action,
            self.log_activity_action,
            self.assessment_action,
            self.export_action,
            self.edit_program_action,
            self.reports_action,
            self.find_action,
        ):
            action.setEnabled(has_programs)
        from mentordesk.ui import registry

        self.reports_action.setEnabled(has_programs and registry.REPORTS_VIEW_NAME in self.views)
        for action in getattr(self, "view_actions", {}).values():
            action.setEnabled(has_programs)
        self._apply_read_only()
        if not has_programs:
            self.show_welcome()
            return
        self.nav.setEnabled(True)
        if opening or self.showing_welcome() or self.stack.currentWidget() is None:
            remembered = self._remembered_view()
            first = next(iter(self.views), None)
            self.show_view(remembered if remembered in self.views else first)

    # -- showing views ------------------------------------------------------------------------

    def current_view(self) -> View | None:
        from mentordesk.ui.views.base import View

        widget = self.stack.currentWidget()
        return widget if isinstance(widget, View) else None

    def current_view_name(self) -> str | None:
        view = self.current_view()
        return view.name if view is not None else None

    def show_view(self, name: str | None) -> None:
        """Make the view ``name`` current (and select it in the navigation)."""
        if name is None or name not in self.views or not self.has_programs():
            return
        row = list(self.views).index(name)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # calls _nav_row_changed
        else:
            self._show(self.views[name])

    def _nav_row_changed(self, row: int) -> None:
        if row < 0 or row >= len(self.views):
            return
        self._show(list(self.views.values())[row])

    def _show(self, view: View) -> None:
        from PySide6.QtCore import Qt

        self.stack.setCurrentWidget(view)
        focused = QApplication.focusWidget()
        if focused is None or not (focused is self.nav or view.isAncestorOf(focused)):
            # Keys typed next go to the view just shown, not to one now hidden.
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        if view.name in self._stale:
            self._refresh(view)

    def _refresh(self, view: View) -> None:
        self._stale.discard(view.name)
        try:
            view.refresh()
        except DatabaseDamaged as error:
            self.offer_restore(error)
        except MentorDeskError as error:
            # The database went away or is locked: say so, keep the window usable.
            show_error(self, error)

    def refresh_current(self) -> None:
        """F5: reload the current view (and the program list) from the database."""
        self._reload_programs()
        view = self.current_view()
        if view is not None:
            self._refresh(view)

    def open_pair(self, pair_id: int) -> None:
        """Show one pair's detail (asked by any view through the context)."""
        view = self.views.get("pair")
        if view is None:
            return
        select = getattr(view, "select_pair", None)
        if select is None:
            self.show_view("pair")
            return
        select(pair_id)
        # One refresh: the one showing the view makes (it is marked stale first).
        self._stale.add(view.name)
        self.show_view("pair")
        if view.name in self._stale:
            self._refresh(view)

    def take_next_step(self, step: str) -> None:
        """Where an empty program's guidance leads: import, add people, then pairs."""
        if step == "import_roster":
            self.data_actions.import_roster()
        elif step == "add_person":
            self._call_view("people", "new_person")
        elif step == "new_pair":
            self._call_view("pairs", "new_pair")
        elif step == "find_mentor":
            self._call_view("pairs", "open_match_assistant")

    def show_pairs(self, selection: object) -> None:
        """Show some pairs in Pairs (a dashboard figure's, as a :class:`PairSelection`)."""
        view = self.views.get("pairs")
        show = getattr(view, "show_selection", None)
        if show is None:
            return
        self.show_view("pairs")
        show(selection)

    def _for_pair(self, method: str) -> None:
        """Ctrl+L / Ctrl+T: act on the pair shown, or on what is selected where the user is:
        a pair in Pairs or in the dashboard's attention list, a person in People (their
        active pair, or the one they choose when there are several)."""
        pair_view = self.views.get("pair")
        act = getattr(pair_view, method, None)
        if act is None or not self.has_programs():
            return
        current = self.current_view()
        if current is pair_view:
            act()
            return
        selected = getattr(current, "current_pair_id", None)
        pair_id = selected() if selected is not None else None
        if pair_id is None:
            self.statusBar().showMessage(
                "Select a pair first: in Pairs, in the dashboard's list, or a person with "
                "an active pair in People.",
                5000,
            )
            return
        act(pair_id=pair_id)

    def open_cohort_matching(self) -> None:
        """Ctrl+Shift+M: the cohort matching window (modeless, one at a time)."""
        import shiboken6

        from mentordesk.ui.dialogs.cohort_matching import open_cohort_matching

        if self.context is None or not self.has_programs():
            return
        current = getattr(self, "cohort_window", None)
        if current is not None and shiboken6.isValid(current) and current.isVisible():
            current.raise_()
            current.activateWindow()
            return
        self.cohort_window = open_cohort_matching(self.context, self)

    def _call_view(self, name: str, method: str) -> None:
        view = self.views.get(name)
        if view is None or not self.has_programs():
            return
        self.show_view(name)
        getattr(view, method)()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the current view's search box, if it has one."""
        view = self.current_view()
        focus = getattr(view, "focus_search", None)
        if focus is None:
            self.statusBar().showMessage("This view has no search box.", 3000)
            return
        focus()

    def show_reports(self) -> None:
        """Ctrl+P: the Reports view, when one is registered."""
        from mentordesk.ui import registry

        if registry.REPORTS_VIEW_NAME in self.views:
            self.show_view(registry.REPORTS_VIEW_NAME)

    # -- reacting to changes --------------------------------------------------------------

    def _mark_all_stale(self) -> None:
        self._stale = set(self.views)
        if self.welcome is not None:
            self._stale.add(self.welcome.name)
        if not self._refresh_pending:
            # Several changes in one event-loop turn refresh the view once.
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh_visible)

    def _refresh_visible(self) -> None:
        self._refresh_pending = False
        view = self.current_view()
        if view is not None and view.name in self._stale:
            self._refresh(view)

    def refresh_quietly(self) -> None:
        """Team mode: show what other coordinators saved, never while a dialog is open.

        Only the tables reload; search boxes, filters and selections stay, and a
        form being typed in is a dialog, so it is left alone until it closes.
        """
        if self.context is None or QApplication.activeModalWidget() is not None:
            return
        self._mark_all_stale()

    def _data_changed(self) -> None:
        had_programs = self.has_programs()
        self._reload_programs()
        self._mark_all_stale()
        if had_programs != self.has_programs():
            self._enter_mode()

    def _program_changed(self, _program_id: object) -> None:
        self._mark_all_stale()

    def _as_of_changed(self, _day: object) -> None:
        self._mark_all_stale()

    # -- file actions ---------------------------------------------------------------------

    def choose_path(
        self, title: str, file_filter: str, *, save: bool, suggested: str = ""
    ) -> str | None:
        """Ask for a file; tests replace this method."""
        from PySide6.QtWidgets import QFileDialog

        folder = Path(self.context.database.display_name).parent if self.context else Path.home()
        start = str(folder / suggested) if suggested else str(folder)
        if save:
            path, _ = QFileDialog.getSaveFileName(self, title, start, file_filter)
        else:
            path, _ = QFileDialog.getOpenFileName(self, title, start, file_filter)
        return path or None

    def new_database(self) -> None:
        path = self.choose_path("New database", DATABASE_FILTER, save=True)
        if not path:
            return
        if not Path(path).suffix:
            path += ".sqlite3"
        if Path(path).exists():
            show_error(
                self,
                DatabaseProblem(
                    f"{path} already exists. Choose File → Open database to open it, "
                    "or give the new database another name."
                ),
            )
            return
        self.open_location(path)

    def open_demo(self, pairs: int) -> None:
        """The welcome page's demo: open the demo database (its own file in the data folder,
        never the user's) and, while it holds no program, fill it with ``pairs`` pairs."""
        if not self.open_location(str(demo_database_path())):
            return
        welcome = self.welcome
        if not self.has_programs() and welcome is not None and hasattr(welcome, "load_demo"):
            welcome.load_demo(pairs)
        self.statusBar().showMessage(
            "This is the demo database, made-up data apart from yours; File → Open database "
            "or New database for your own.",
            10000,
        )

    def choose_and_open_database(self) -> bool:
        path = self.choose_path("Open database", DATABASE_FILTER, save=False)
        return bool(path) and self.open_location(path, create=False)

    def new_program(self) -> None:
        from mentordesk.ui.dialogs.program_dialog import ProgramDialog

        if self.context is None:
            return
        dialog = ProgramDialog(self.context, None, self)
        if exec_dialog(dialog):
            self.context.notify_changed()
            self.set_program(dialog.program_id)
            self.show_view(next(iter(self.views), None))

    def edit_program(self) -> None:
        from mentordesk.ui.dialogs.program_dialog import ProgramDialog

        if self.context is None:
            return
        program_id = self.context.program_id
        if program_id is None:
            if len(self._programs) != 1:
                self.statusBar().showMessage("Choose a program in the toolbar first.", 4000)
                return
            program_id = self._programs[0][0]
        dialog = ProgramDialog(self.context, program_id, self)
        if exec_dialog(dialog):
            self.context.notify_changed()

    def import_program_file(self) -> None:
        """Read a program file in the worker; all or nothing, then show the program."""
        from PySide6.QtWidgets import QMessageBox

        from mentordesk.program_file import ImportSummary, import_program_file
        from mentordesk.ui.worker import Progress, run_in_worker

        if self.context is None:
            return
        path = self.choose_path("Import program file", PROGRAM_FILE_FILTER, save=False)
        if not path:
            return
        database = self.context.database

        def work(progress: Progress) -> ImportSummary:
            progress.report(0, 0, f"Importing {Path(path).name}…")
            with database.transaction() as session:
                # Read, checked and written a record at a time: any size in bounded memory.
                summary = import_program_file(session, path)
                progress.check()  # a cancel here rolls the whole import back
            return summary

        def done(summary: ImportSummary) -> None:
            if self.context is None:
                return
            self.context.notify_changed()
            self.set_program(summary.program_id)
            QMessageBox.information(
                self, "Program imported", f"{summary.program_name}: {summary.describe()}"
            )

        run_in_worker(self, work, done, title="Importing a program file")

    def export_program_file(self) -> None:
        """Write the chosen program to a program file, in the worker."""
        from PySide6.QtWidgets import QMessageBox

        from mentordesk.program_file import WithheldCount, program_parts, write_program_file
        from mentordesk.ui.worker import Progress, run_in_worker

        if self.context is None:
            return
        program_id = self.context.program_id
        if program_id is None and len(self._programs) == 1:
            program_id = self._programs[0][0]
        if program_id is None:
            self.statusBar().showMessage("Choose the program to export in the toolbar.", 4000)
            return
        name = dict(self._programs).get(program_id, "program")
        path = self.choose_path(
            "Export program file",
            PROGRAM_FILE_FILTER,
            save=True,
            suggested=f"{name}.mentordesk.json",
        )
        if not path:
            return
        answer = QMessageBox.question(
            self,
            "Include confidential text?",
            "Include the text of confidential notes and conflicts in the program file?\n\n"
            "Yes writes it, and the file says so: keep it as safe as the database. "
            "No leaves it out (those records are kept, without their text).",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return
        include = answer == QMessageBox.StandardButton.Yes
        database = self.context.database

        def work(progress: Progress) -> tuple[str, int]:
            progress.report(0, 0, f"Writing {Path(path).name}…")
            progress.check()
            with database.transaction() as session:
                # Written as it is read: a program of any size in bounded memory.
                withheld = WithheldCount(
                    program_parts(session, program_id, include_confidential=include)
                )
                write_program_file(path, withheld.document)
            return path, withheld.count

        def done(result: tuple[str, int]) -> None:
            written, withheld = result
            text = f"Exported {name} to {written}."
            if withheld:
                text += f" The confidential text of {withheld:,} records was left out."
            elif include:
                text += " It includes confidential text."
            self.statusBar().showMessage(text, 8000)

        run_in_worker(self, work, done, title="Exporting a program file")

    # -- survey rounds ------------------------------------------------------------------------

    def show_surveys(self, paths: list[Path] | None = None) -> None:
        """The survey rounds window; with ``paths``, collect those returned forms at once."""
        if self.context is None:
            return
        from mentordesk.ui.dialogs.surveys_dialog import SurveysDialog

        dialog = SurveysDialog(self.context, self)
        if paths:
            QTimer.singleShot(0, lambda: dialog.collect(paths))
        dialog.exec()

    def collect_survey_forms(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.context is None:
            return
        files, _ = QFileDialog.getOpenFileNames(
            self, "Returned survey forms", str(Path.home()), "PDF forms (*.pdf)"
        )
        if files:
            self.show_surveys([Path(name) for name in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        data = event.mimeData()
        if self.context is not None and data.hasUrls() and any(
            url.isLocalFile() for url in data.urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Survey forms (PDF files or folders) dropped on the window are collected."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.context is not None:
            event.acceptProposedAction()
            self.show_surveys(paths)

    # -- help ------------------------------------------------------------------------------

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        database = self.context.database.display_name if self.context else "none"
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Workplace mentoring pairs, their trust and their risks in one place.</p>"
            f"<p>Database: <code>{database}</code><br>"
            f"Log file: <code>{log_file()}</code></p>"
            "<p>Press F1 for the guide; Help → Keyboard shortcuts lists every key.</p>",
        )

    def shortcuts(self) -> list[Shortcut]:
        """Every key of the window's menus, read from their actions."""
        from mentordesk.ui.dialogs.help_dialogs import shortcuts_of

        return shortcuts_of(
            (menu_action.text(), menu_action.menu().actions())
            for menu_action in self.menuBar().actions()
            if menu_action.menu() is not None
        )

    def show_guide(self) -> None:
        """F1: the short user guide, naming the keys of the actions it mentions."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence

        from mentordesk.ui.dialogs.help_dialogs import UserGuideDialog

        named = {
            "new_pair": self.new_pair_action,
            "match": self.match_action,
            "log_activity": self.log_activity_action,
            "assessment": self.assessment_action,
            "reports": self.reports_action,
            "undo": self.undo_action,
            **{f"view:{name}": act for name, act in getattr(self, "view_actions", {}).items()},
        }
        keys = {
            name: action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            for name, action in named.items()
        }
        self.guide = UserGuideDialog(keys, self)
        self.guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.guide.show()  # beside the window, not blocking it: read while working

    def show_shortcuts(self) -> None:
        from mentordesk.ui.dialogs.help_dialogs import ShortcutsDialog

        exec_dialog(ShortcutsDialog(self.shortcuts(), self))

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        folder = log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- remembered window state -------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value(keys.KEY_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)

    def _restore_state(self) -> None:
        """The toolbars' places and the splitter (once the toolbars are made)."""
        state = self.settings.value(keys.KEY_WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        self._restore_splitter()

    def _restore_splitter(self) -> None:
        splitter = self.settings.value(keys.KEY_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_window_state(self) -> None:
        """Remember geometry, toolbars, splitter, current view and each view's layout."""
        self.settings.setValue(keys.KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(keys.KEY_WINDOW_STATE, self.saveState())
        self.settings.setValue(keys.KEY_SPLITTER, self.splitter.saveState())
        self._save_view_states()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # Once laid out at its real size: before, the splitter has no width to share.
            QTimer.singleShot(0, self._restore_splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        if self.context is not None:
            self._close_database()
        event.accept()
