"""The database opens only after the window is first on screen, so start-up feels instant."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from mentordesk.ui.app import when_first_painted


def test_the_callback_runs_once_after_the_first_paint(qtbot) -> None:
    widget = QLabel("MentorDesk")
    qtbot.addWidget(widget)
    calls: list[bool] = []
    when_first_painted(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(50)
    assert calls == []  # not shown, not painted: nothing yet
    widget.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    widget.update()
    qtbot.wait(50)
    assert calls == [True]  # once only


# Started as a double-click starts it, on a real database: at the window's first paint
# the child lists what is imported, then waits for the database to open and its views.
# It also imports the worker first, as the start-up benchmark does (to count the jobs).
_AT_FIRST_PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

import mentordesk.ui.app as application
import mentordesk.ui.worker

HEAVY = ("sqlalchemy.orm", "reportlab", "alembic", "mentordesk.store.models")
# Made just after the first paint: the window's shell paints without them.
LATER = ("mentordesk.ui.icons", "mentordesk.ui.errors", "mentordesk.ui.data_menu",
         "mentordesk.ui.context", "mentordesk.ui.views.base", "mentordesk.ui.logging_setup",
         "mentordesk.ui.window_actions")


class Watch(QObject):
    painted = False

    def eventFilter(self, watched, event):
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and watched.isWidgetType()
            and isinstance(watched.window(), QMainWindow)
        ):
            self.painted = True
            loaded = [name for name in HEAVY + LATER if name in sys.modules]
            print("at first paint:", ",".join(loaded) or "-", flush=True)
            print("modules:", ",".join(sorted(sys.modules)), flush=True)
            # PySide6 makes a class's Python type when it is first named.
            made = sorted(vars(sys.modules["PySide6.QtCore"]))
            print("QtCore names:", ",".join(made), flush=True)
            QTimer.singleShot(0, wait_for_views)
        return False


def wait_for_views():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
    if "pairs" in getattr(window, "views", {}):
        print("views:", len(window.views), flush=True)
        print("Qt made after:", "Qt" in vars(sys.modules["PySide6.QtCore"]), flush=True)
        os._exit(0)
    QTimer.singleShot(10, wait_for_views)


watch = Watch()
create = application.create_application


def create_application(argv=None):
    app = create(argv)
    app.installEventFilter(watch)
    return app


application.create_application = create_application
from mentordesk.cli import main

sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.fixture(scope="module")
def first_paint(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The lines the started program printed at its first paint, by their label."""
    database = tmp_path_factory.mktemp("first-paint") / "program.sqlite3"
    shutil.copyfile(sqlite_template, database)
    started = subprocess.run(
        [sys.executable, "-c", _AT_FIRST_PAINT, str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert started.returncode == 0, started.stderr
    lines = dict(line.split(": ", 1) for line in started.stdout.splitlines() if ": " in line)
    assert "views" in lines, started.stdout  # and then the database opened, with its views
    return lines


def test_the_window_paints_before_the_orm_reportlab_or_alembic_load(
    first_paint: dict[str, str],
) -> None:
    """The first paint comes before SQLAlchemy's ORM, ReportLab and Alembic are imported
    (they cost about half a second), and before the icons, menus, log and views: the shell
    paints, then the rest is made, the database opens and the views are built."""
    assert first_paint["at first paint"] == "-"


# What the shell may load of MentorDesk: the command line (not its commands), the paths
# and settings, the application and the window's shell (and the worker, which the
# benchmark imports).
SHELL_MODULES = {
    "mentordesk",
    "mentordesk.cli",
    "mentordesk.errors",
    "mentordesk.locations",
    "mentordesk.partial_files",
    "mentordesk.paths",
    "mentordesk.private",
    "mentordesk.ui",
    "mentordesk.ui.app",
    "mentordesk.ui.collector",
    "mentordesk.ui.launch",
    "mentordesk.ui.main_window",
    "mentordesk.ui.pyside_sources",
    "mentordesk.ui.settings",
    "mentordesk.ui.worker",
}
# Standard modules a bare PySide6 window does without, each a few milliseconds at start.
NOT_BEFORE_THE_PAINT = {
    "dataclasses",
    "datetime",
    "json",
    "locale",
    "logging.handlers",
    "socket",
    "sqlite3",
    "uuid",
    "platform",
}


def test_the_shell_loads_few_modules_before_the_first_paint(
    first_paint: dict[str, str],
) -> None:
    """Each module imported before the paint delays it (the bare window is about 180 ms
    here, and the target is 1.5 times that): only the shell's own are loaded."""
    loaded = set(first_paint["modules"].split(","))
    ours = {name for name in loaded if name.split(".")[0] == "mentordesk"}
    assert ours <= SHELL_MODULES, sorted(ours - SHELL_MODULES)
    assert not loaded & NOT_BEFORE_THE_PAINT, sorted(loaded & NOT_BEFORE_THE_PAINT)


def test_the_shell_names_none_of_qts_enums_before_the_first_paint(
    first_paint: dict[str, str],
) -> None:
    """Naming the Qt namespace (Qt.AlignmentFlag, Qt.ConnectionType, ...) makes every
    enum of Qt's at once, 40-90 ms: the shell and the worker's module leave it until after
    the first paint, when the built window uses it."""
    assert "Qt" not in first_paint["QtCore names"].split(",")
    assert first_paint["Qt made after"] == "True"  # the check sees it once it is made
