"""Rendering one view of the window to a PNG, offscreen (``mentordesk screenshot``).

The window is built exactly as the coordinator sees it (navigation, toolbar,
the view), with settings kept in a temporary file so the user's own window
layout is neither used nor changed. Work the view does in the worker is
waited for before the picture is taken.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from mentordesk.domain.vocabularies import Health
from mentordesk.errors import MentorDeskError
from mentordesk.services.risk import assess_program
from mentordesk.store.database import Database
from mentordesk.ui import registry
from mentordesk.ui.worker import running_jobs

DEFAULT_SIZE = QSize(1360, 860)
WAIT_SECONDS = 120


def parse_size(text: str) -> QSize:
    """``1280x720`` → QSize; a readable error otherwise."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise MentorDeskError(
            f"'{text}' is not a size: write it as WIDTHxHEIGHT, e.g. 1280x720."
        ) from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise MentorDeskError(f"{text} is not a sensible window size (320x240 to 8000x8000).")
    return QSize(width, height)


def default_pair(database: Database, as_of: date, program_id: int | None) -> int | None:
    """The pair a screenshot of the pair view shows when none is named: the first at risk
    (the page with the most to read), else the first active pair."""
    with database.transaction() as session:
        rows = assess_program(session, as_of, program_id)
    for row in rows:
        if row.health is Health.AT_RISK and row.trust_score is not None:
            return row.pair_id
    return rows[0].pair_id if rows else None


def _settle(app: QApplication) -> None:
    """Let the window lay out, load, and paint: events until no worker is left."""
    deadline = time.monotonic() + WAIT_SECONDS
    quiet_rounds = 0
    while time.monotonic() < deadline:
        app.processEvents()
        if running_jobs() == 0:
            quiet_rounds += 1
            if quiet_rounds > 5:
                return
        else:
            quiet_rounds = 0
        time.sleep(0.02)
    raise MentorDeskError("The view took too long to load; no screenshot was taken.")


def render_view(
    database: Database,
    view: str,
    out: Path,
    *,
    size: QSize = DEFAULT_SIZE,
    as_of: date | None = None,
    pair_id: int | None = None,
) -> Path:
    """Render the window showing ``view`` of ``database`` to the PNG file ``out``."""
    from mentordesk.ui.app import create_application
    from mentordesk.ui.main_window import MainWindow
    from mentordesk.ui.settings import open_settings

    names = registry.view_names()
    if view not in names:
        raise MentorDeskError(
            f"There is no view called '{view}'; the views are {', '.join(names)}."
        )
    app = create_application(["mentordesk"])
    with tempfile.TemporaryDirectory(prefix="mentordesk-shot-") as folder:
        settings = open_settings(Path(folder) / "settings.ini")
        window = MainWindow(settings)
        window.resize(size)
        window.set_database(database)
        if as_of is not None:
            window.set_as_of(as_of)
        context = window.context
        assert context is not None
        if view == "welcome":
            window.show_welcome()
        elif not window.has_programs():
            raise MentorDeskError(
                "The database has no program yet, so only the welcome view can be shown; "
                "load one with 'mentordesk demo' or create one in the window."
            )
        elif view == "pair":
            chosen = pair_id or default_pair(database, context.as_of, context.program_id)
            if chosen is None:
                raise MentorDeskError("The program has no active pair to show.")
            window.open_pair(chosen)
        else:
            window.show_view(view)
        window.show()
        _settle(app)
        window.resize(size)
        _settle(app)
        picture = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not picture.save(str(out), "PNG"):
            raise MentorDeskError(f"Cannot write the picture to {out}.")
        # The database belongs to the caller: detach it before the window closes it.
        window.context = None
        window.hide()
        window.deleteLater()
        app.processEvents()
        settings.sync()
    return out
