"""The main window's toolbar, read-only banner, actions and menus.

Made by :meth:`MainWindow.finish_building`, just after the window's first paint: so
this module, and the Qt classes and enums it names, load after the shell is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolBar

from mentordesk.ui.data_menu import install_data_actions
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.dates import DateField

if TYPE_CHECKING:
    from mentordesk.ui.main_window import MainWindow


def build_toolbar(window: MainWindow) -> None:
    """The program chooser, the "as of" day and Today."""
    bar = QToolBar("Program")
    bar.setObjectName("programToolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    program_label = QLabel("Program: ")
    window.program_box = QComboBox()
    window.program_box.setObjectName("programChooser")
    window.program_box.setMinimumContentsLength(24)
    window.program_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    window.program_box.setToolTip("The program the views show")
    program_label.setBuddy(window.program_box)
    window.program_box.currentIndexChanged.connect(window._program_chosen)
    bar.addWidget(program_label)
    bar.addWidget(window.program_box)
    bar.addSeparator()
    as_of_label = QLabel("  As of: ")
    # The forms' own date field: typed the locale's way, and Tab leaves it.
    window.as_of_edit = DateField()
    window.as_of_edit.setObjectName("asOf")
    window.as_of_edit.setToolTip(
        "The day the figures and risk flags are computed for; records after it do not count"
    )
    window.as_of_edit.setDate(QDate.currentDate())
    as_of_label.setBuddy(window.as_of_edit)
    window.as_of_edit.dateChanged.connect(window._as_of_chosen)
    bar.addWidget(as_of_label)
    bar.addWidget(window.as_of_edit)
    window.today_action = QAction(icon("calendar"), "Today", window)
    window.today_action.setToolTip("Show the figures as of today")
    window.today_action.triggered.connect(lambda: window.as_of_edit.setDate(QDate.currentDate()))
    bar.addAction(window.today_action)
    window.addToolBar(bar)
    window.program_bar = bar


def build_read_only_banner(window: MainWindow) -> None:
    """The bar under the toolbar that says a database on read-only media cannot change."""
    bar = QToolBar("Read-only")
    bar.setObjectName("readOnlyBanner")
    bar.setMovable(False)
    bar.setFloatable(False)
    window.read_only_label = QLabel()
    window.read_only_label.setObjectName("readOnlyText")
    window.read_only_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    window.read_only_label.setStyleSheet(
        "QLabel { background: #fff3cd; color: #664d03; padding: 6px 10px; "
        "border: 1px solid #ffe69c; border-radius: 3px; }"
    )
    bar.addWidget(window.read_only_label)
    window.addToolBarBreak()
    window.addToolBar(bar)
    bar.toggleViewAction().setVisible(False)
    bar.hide()
    window.read_only_banner = bar


def add_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon_name: str | None = None,
    tip: str | None = None,
) -> QAction:
    """An action of the window: its shortcut works wherever the focus is in the window."""
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Every action of the menus, with its keys, icon and status tip."""
    window.new_database_action = add_action(
        window,
        "&New database…",
        window.new_database,
        "Ctrl+Shift+N",
        "new-database",
        "Create an empty MentorDesk database file",
    )
    window.open_database_action = add_action(
        window,
        "&Open database…",
        window.choose_and_open_database,
        QKeySequence.StandardKey.Open,
        "open",
        "Open another MentorDesk database file",
    )
    window.new_program_action = add_action(
        window, "New &program…", window.new_program, None, "program", "Start another program"
    )
    window.edit_program_action = add_action(
        window,
        "Program &settings…",
        window.edit_program,
        None,
        "edit",
        "Name, dates, model, check-in cadence and trust thresholds of the program",
    )
    window.import_action = add_action(
        window,
        "&Import program file…",
        window.import_program_file,
        "Ctrl+I",
        "import",
        "Read a program from a .mentordesk.json file",
    )
    window.export_action = add_action(
        window,
        "&Export program file…",
        window.export_program_file,
        "Ctrl+E",
        "export",
        "Write the chosen program to a .mentordesk.json file",
    )
    window.reports_action = add_action(
        window,
        "&Reports…",
        window.show_reports,
        QKeySequence.StandardKey.Print,
        "reports",
        "Print the program's and the pairs' reports",
    )
    # Ctrl+Q where the platform names no key for Quit (Windows, bare X11 or offscreen).
    quit_key = (
        QKeySequence.StandardKey.Quit
        if QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        else "Ctrl+Q"
    )
    window.quit_action = add_action(window, "&Quit", window.close, quit_key, "quit")
    window.find_action = add_action(
        window,
        "&Find",
        window.focus_search,
        QKeySequence.StandardKey.Find,
        "search",
        "Search in the current view",
    )
    window.refresh_action = add_action(
        window,
        "&Refresh",
        window.refresh_current,
        "F5",
        "refresh",
        "Reload the current view from the database",
    )
    window.new_pair_action = add_action(
        window,
        "&New pair…",
        lambda: window._call_view("pairs", "new_pair"),
        QKeySequence.StandardKey.New,
        "add",
        "Pair a mentor with a mentee",
    )
    window.match_action = add_action(
        window,
        "Find a &mentor…",
        lambda: window._call_view("pairs", "open_match_assistant"),
        "Ctrl+M",
        "match",
        "Proposed mentors for a mentee, with why",
    )
    window.cohort_action = add_action(
        window,
        "Match a &cohort…",
        window.open_cohort_matching,
        "Ctrl+Shift+M",
        "pairs",
        "Pair a whole intake at once: an optimal plan to review and publish",
    )
    window.log_activity_action = add_action(
        window,
        "&Log activity…",
        lambda: window._for_pair("log_activity"),
        "Ctrl+L",
        "activity",
        "Log a check-in or other activity for the shown or selected pair",
    )
    window.assessment_action = add_action(
        window,
        "Record &assessment…",
        lambda: window._for_pair("record_assessment"),
        "Ctrl+T",
        "assessment",
        "Record the trust questionnaire for the shown or selected pair",
    )
    window.surveys_action = add_action(
        window,
        "&Survey rounds…",
        window.show_surveys,
        "Ctrl+Shift+U",
        "assessment",
        "Plan survey rounds, make their fillable forms, collect them and follow up",
    )
    window.collect_action = add_action(
        window,
        "&Collect returned forms…",
        window.collect_survey_forms,
        None,
        "import",
        "Read answered survey forms (PDF) and record them as assessments",
    )
    window.about_action = add_action(window, "&About MentorDesk", window.show_about, None, "about")
    window.guide_action = add_action(
        window,
        "MentorDesk &guide",
        window.show_guide,
        QKeySequence.StandardKey.HelpContents,
        "about",
        "The daily tasks, the rules in plain words and what each flag means",
    )
    window.shortcuts_action = add_action(
        window,
        "&Keyboard shortcuts",
        window.show_shortcuts,
        "Ctrl+/",
        None,
        "Every key of the window",
    )
    window.log_action = add_action(
        window,
        "Open the &log folder",
        window.open_log_folder,
        None,
        "open",
        "Where MentorDesk writes what it did and any error",
    )
    # Undo/redo come from the open database's undo stack; see _connect_undo.
    window.undo_action = QAction(icon("undo"), "&Undo", window)
    window.redo_action = QAction(icon("redo"), "&Redo", window)
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    redo_keys = [QKeySequence("Ctrl+Shift+Z")]
    for binding in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        if binding not in redo_keys:  # a key bound twice would fire neither
            redo_keys.append(binding)
    window.redo_action.setShortcuts(redo_keys)
    for action in (window.undo_action, window.redo_action):
        action.setEnabled(False)
        window.addAction(action)
    window.undo_action.triggered.connect(window._undo)
    window.redo_action.triggered.connect(window._redo)


def build_menus(window: MainWindow) -> None:
    """The menu bar: File, Edit, View, Pairs, Surveys and Help."""
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(window.new_database_action)
    file_menu.addAction(window.open_database_action)
    window.recent_menu = file_menu.addMenu(icon("open"), "Open &recent")
    window.recent_menu.aboutToShow.connect(window._fill_recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(window.new_program_action)
    file_menu.addAction(window.edit_program_action)
    file_menu.addSeparator()
    file_menu.addAction(window.import_action)
    file_menu.addAction(window.export_action)
    file_menu.addAction(window.reports_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    # Import roster, export records, back up, restore, settings (they go before Quit).
    window.data_actions = install_data_actions(
        window, file_menu, lambda: window.context, reopen=window.open_location
    )
    window.database_opened.connect(window.data_actions.database_opened)

    edit_menu = menu.addMenu("&Edit")
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.find_action)

    window.view_menu = menu.addMenu("&View")

    pairs_menu = menu.addMenu("&Pairs")
    pairs_menu.addAction(window.new_pair_action)
    pairs_menu.addAction(window.match_action)
    pairs_menu.addAction(window.cohort_action)
    pairs_menu.addSeparator()
    pairs_menu.addAction(window.log_activity_action)
    pairs_menu.addAction(window.assessment_action)
    surveys_menu = menu.addMenu("&Surveys")
    surveys_menu.addAction(window.surveys_action)
    surveys_menu.addAction(window.collect_action)

    help_menu = menu.addMenu("&Help")
    help_menu.addAction(window.guide_action)
    help_menu.addAction(window.shortcuts_action)
    help_menu.addSeparator()
    help_menu.addAction(window.log_action)
    help_menu.addSeparator()
    help_menu.addAction(window.about_action)
