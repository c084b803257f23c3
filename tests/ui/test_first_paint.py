"""The database opens only after the window is first on screen, so start-up feels instant."""

from __future__ import annotations

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
