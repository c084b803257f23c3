"""Filters belong to a database, and hidden rows are said with a one-click "Clear filters"
(issue 15, finding 7)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mentordesk.store.database import Database, open_database
from tests.factories import make_pair, make_person, make_program
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import days_ago


def fill(database: Database, program: str, people: int) -> None:
    """One program with ``people`` mentees of one mentor (each an active pair)."""
    with database.transaction() as session:
        spring = make_program(session, name=program, start_date=days_ago(100))
        mentor = make_person(session, name=f"{program} mentor", can_mentor=True, capacity=9)
        for number in range(people):
            mentee = make_person(session, name=f"{program} mentee {number}")
            make_pair(session, spring, mentor, mentee, start_date=days_ago(50))


def test_another_database_opens_with_no_filter_left_over(
    qtbot, make_window, ui_database: Database, tmp_path: Path
) -> None:
    fill(ui_database, "Demo", 3)
    own = tmp_path / "own.sqlite3"
    other = open_database(own)
    fill(other, "Ours", 3)
    other.close()

    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    pairs = window.views["pairs"]
    pairs.status_filter.setCurrentIndex(pairs.status_filter.findText("Completed"))
    assert pairs.count.text() == "0 of 3 pairs"
    window.show_view("people")
    wait_for_workers(qtbot)
    qtbot.mouseClick(window.views["people"].mentors_check, Qt.MouseButton.LeftButton)

    assert window.open_location(str(own))
    window.show_view("pairs")
    wait_for_workers(qtbot)
    pairs = window.views["pairs"]
    assert pairs.status_filter.currentText() == "Current pairs"
    assert pairs.count.text() == "3 pairs"
    assert not pairs.clear_filters_button.isVisible()
    window.show_view("people")
    wait_for_workers(qtbot)
    people = window.views["people"]
    assert not people.mentors_check.isChecked()
    assert people.count_label.text() == "4 people"


def test_clear_filters_shows_every_hidden_row_in_one_click(
    qtbot, make_window, ui_database: Database
) -> None:
    fill(ui_database, "Demo", 3)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    pairs = window.views["pairs"]
    pairs.status_filter.setCurrentIndex(pairs.status_filter.findText("Completed"))
    qtbot.keyClicks(pairs.search, "nobody")
    assert pairs.count.text() == "0 of 3 pairs"
    assert pairs.clear_filters_button.isVisible()
    qtbot.mouseClick(pairs.clear_filters_button, Qt.MouseButton.LeftButton)
    assert pairs.count.text() == "3 pairs"
    assert pairs.search.text() == ""
    assert not pairs.clear_filters_button.isVisible()

    window.show_view("people")
    wait_for_workers(qtbot)
    people = window.views["people"]
    qtbot.mouseClick(people.mentors_check, Qt.MouseButton.LeftButton)
    assert people.count_label.text() == "1 of 4 people shown"
    assert people.clear_filters_button.isVisible()
    qtbot.mouseClick(people.clear_filters_button, Qt.MouseButton.LeftButton)
    assert people.count_label.text() == "4 people"
    assert not people.mentors_check.isChecked()
    assert not people.clear_filters_button.isVisible()
