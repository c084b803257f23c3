"""The window's program export offers the same choice as `export program
--include-confidential`: confidential text is left out unless the coordinator says Yes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.factories import add_activity, make_pair, make_program
from tests.ui.conftest import wait_for_workers

SECRET = "Mentee disclosed a health condition"


@pytest.mark.parametrize(
    ("answer", "included"),
    [(QMessageBox.StandardButton.No, False), (QMessageBox.StandardButton.Yes, True)],
)
def test_the_window_asks_before_writing_confidential_text(
    ui_database, make_window, qtbot, tmp_path: Path, messages, monkeypatch, answer, included
) -> None:
    with ui_database.transaction() as session:
        pair = make_pair(session, make_program(session, name="Spring mentoring"))
        activity = add_activity(session, pair, date(2027, 2, 1))
        activity.notes, activity.confidential = SECRET, True
    window = make_window()
    exported = tmp_path / "spring.mentordesk.json"
    monkeypatch.setattr(window, "choose_path", lambda *a, **k: str(exported))
    messages.answer = answer
    window.export_action.trigger()
    wait_for_workers(qtbot)
    assert messages.shown[-1][1] == "Include confidential text?"
    text = exported.read_text(encoding="utf-8")
    assert (SECRET in text) is included
    assert json.loads(text)["includes_confidential"] is included
    status = window.statusBar().currentMessage()
    assert ("left out" in status) is not included


def test_cancelling_the_question_writes_nothing(
    ui_database, make_window, qtbot, tmp_path: Path, messages, monkeypatch
) -> None:
    with ui_database.transaction() as session:
        make_pair(session, make_program(session, name="Spring mentoring"))
    window = make_window()
    exported = tmp_path / "spring.mentordesk.json"
    monkeypatch.setattr(window, "choose_path", lambda *a, **k: str(exported))
    messages.answer = QMessageBox.StandardButton.Cancel
    window.export_action.trigger()
    wait_for_workers(qtbot)
    assert not exported.exists()
