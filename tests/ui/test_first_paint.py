"""The database opens only after the window is first on screen, so start-up feels instant."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
_AT_FIRST_PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

import mentordesk.ui.app as application

HEAVY = ("sqlalchemy.orm", "reportlab", "alembic", "mentordesk.store.models")
# Made just after the first paint: the window's shell paints without them.
LATER = ("mentordesk.ui.icons", "mentordesk.ui.errors", "mentordesk.ui.data_menu",
         "mentordesk.ui.context", "mentordesk.ui.views.base", "mentordesk.ui.logging_setup")


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
            QTimer.singleShot(0, wait_for_views)
        return False


def wait_for_views():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
    if "pairs" in getattr(window, "views", {}):
        print("views:", len(window.views), flush=True)
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


def test_the_window_paints_before_the_orm_reportlab_or_alembic_load(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """The first paint comes before SQLAlchemy's ORM, ReportLab and Alembic are imported
    (they cost about half a second), and before the icons, menus, log and views: the shell
    paints, then the rest is made, the database opens and the views are built."""
    database = tmp_path / "program.sqlite3"
    shutil.copyfile(sqlite_template, database)
    started = subprocess.run(
        [sys.executable, "-c", _AT_FIRST_PAINT, str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    assert "at first paint: -" in lines, started.stdout
    assert any(line.startswith("views: ") for line in lines), started.stdout
