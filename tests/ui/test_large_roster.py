"""The roster of a large program (30,000 pairs), driven as a coordinator drives it.

Sorting by a header, searching, scrolling to the end, opening a pair and logging
a check-in from the roster, with the counts shown checked against the database
each time; the model holds a few pages of rows, not one per pair. The program
is the demo's 3,000 pairs copied ten times over in SQL (``bench/bulk_demo.py``),
so it is built in seconds; the test is marked slow.
"""

from __future__ import annotations

import gc
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from bench.bulk_demo import multiply
from mentordesk.demo import load_demo
from mentordesk.store.database import open_database
from mentordesk.ui.formatting import counted, number
from mentordesk.ui.models.roster import KEPT_PAGES, PAGE, Column, RosterEntry
from tests.ui.conftest import run_dialog, wait_for_workers

pytestmark = pytest.mark.slow

DEMO_PAIRS = 3_000
COPIES = 10
#: Loading and judging 30,000 pairs on a busy test machine.
LOADING_MS = 180_000


def _build(path: Path, scratch: Path) -> None:
    demo = scratch / "demo.sqlite3"
    database = open_database(demo)
    try:
        with database.transaction() as session:
            load_demo(session, DEMO_PAIRS, 1, date.today())
    finally:
        database.close()
    multiply(demo, path, COPIES)


def _people_texts(path: Path) -> dict[int, str]:
    """What search looks in, per pair: names, departments and emails of both, casefolded."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT p.id, m.name, m.email, m.department, e.name, e.email, e.department "
            "FROM pair p JOIN person m ON m.id = p.mentor_id JOIN person e ON e.id = p.mentee_id"
        ).fetchall()
    return {row[0]: "\n".join(part for part in row[1:] if part).casefold() for row in rows}


def test_a_program_of_30000_pairs_sorts_searches_opens_and_logs(
    db_path: Path, tmp_path: Path, ui_settings, qtbot
) -> None:
    from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
    from mentordesk.ui.main_window import MainWindow

    _build(db_path, tmp_path)
    texts = _people_texts(db_path)
    assert len(texts) == DEMO_PAIRS * COPIES

    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    assert window.open_location(str(db_path))
    window.show()
    qtbot.waitExposed(window)
    window.show_view("pairs")
    wait_for_workers(qtbot, timeout=LOADING_MS)
    view = window.views["pairs"]
    view.clear_filters()  # every status: the count is every pair of the database
    wait_for_workers(qtbot, timeout=LOADING_MS)  # a large roster is filtered in the worker
    assert view.model.rowCount() == len(texts)
    assert view.count.text() == counted(len(texts), "pair")

    # Sort by mentee: a click on the header.
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.MENTEE) + header.sectionSize(Column.MENTEE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_for_workers(qtbot, timeout=LOADING_MS)  # a large roster is sorted in the worker
    shown = [view.model.entry(row).row.mentee_name.casefold() for row in range(200)]
    with sqlite3.connect(db_path) as connection:
        names = sorted(
            name.casefold()
            for (name,) in connection.execute(
                "SELECT e.name FROM pair p JOIN person e ON e.id = p.mentee_id"
            )
        )
    assert shown == names[:200]

    # Search for a mentee's surname: the pairs shown are those the database holds.
    # (QTest types ASCII only: the first plain surname from the middle of the roster.)
    surname = next(
        name.split()[-1]
        for row in range(len(texts) // 2, len(texts))
        if (name := view.model.entry(row).row.mentee_name).isascii() and " " in name
    )
    view.search.setFocus()
    qtbot.keyClicks(view.search, surname)
    wait_for_workers(qtbot, timeout=LOADING_MS)  # the first letters are searched in the worker
    expected = {pair for pair, text in texts.items() if surname.casefold() in text}
    found = set(view.model.shown_ids())
    assert found == expected
    assert view.count.text() == f"{number(len(expected))} of {counted(len(texts), 'pair')}"

    # Scroll to the end of the whole roster and back: the rows fill in, a few pages are kept.
    view.search.clear()
    wait_for_workers(qtbot, timeout=LOADING_MS)
    assert view.model.rowCount() == len(texts)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.index(len(texts) - 1, Column.MENTEE).data() != "")
    wait_for_workers(qtbot, timeout=LOADING_MS)
    with sqlite3.connect(db_path) as connection:
        (last,) = connection.execute(
            "SELECT e.name FROM pair p JOIN person e ON e.id = p.mentee_id "
            "JOIN person m ON m.id = p.mentor_id "
            "ORDER BY lower(e.name) DESC, lower(m.name) DESC, p.id DESC LIMIT 1"
        ).fetchone()
    assert view.model.index(len(texts) - 1, Column.MENTEE).data() == last
    gc.collect()
    held = sum(1 for thing in gc.get_objects() if isinstance(thing, RosterEntry))
    assert held <= KEPT_PAGES * PAGE
    view.table.scrollToTop()
    qtbot.keyClicks(view.search, surname)
    wait_for_workers(qtbot, timeout=LOADING_MS)
    assert set(view.model.shown_ids()) == expected

    # Log a check-in for the first pair found, from the roster (Ctrl+L), then open it.
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    pair_id = view.current_pair_id()
    assert pair_id is not None
    with sqlite3.connect(db_path) as connection:
        (before,) = connection.execute(
            "SELECT count(*) FROM activity WHERE pair_id = ?", (pair_id,)
        ).fetchone()
    driver = run_dialog(qtbot, ActivityDialog, lambda d: qtbot.keyClick(d.day, Qt.Key.Key_Return))
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    driver.finish()
    with sqlite3.connect(db_path) as connection:
        (after,) = connection.execute(
            "SELECT count(*) FROM activity WHERE pair_id = ?", (pair_id,)
        ).fetchone()
    assert after == before + 1
    wait_for_workers(qtbot, timeout=LOADING_MS)
    assert view.current_pair_id() == pair_id  # the refresh after saving kept it selected
    assert view.count.text() == f"{number(len(expected))} of {counted(len(texts), 'pair')}"
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    wait_for_workers(qtbot, timeout=LOADING_MS)
    assert window.current_view_name() == "pair"
    assert window.views["pair"].pair_id == pair_id
    view.grab().save(str(tmp_path / "roster.png"))
