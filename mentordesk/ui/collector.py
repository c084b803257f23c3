"""Python's garbage collector, run on the GUI thread only.

The cyclic collector runs on whichever thread happens to allocate when it
triggers. If that is a worker thread, it may free the last reference to a Qt
widget (a closed dialog caught in a reference cycle) and Qt then deletes the
widget off the GUI thread, which crashes the program. So automatic collection
is switched off and a timer collects on the GUI thread instead, as Anki does.
Reference counting still frees everything not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 5_000


class GuiThreadCollector(QObject):
    """Collects garbage every few seconds on the thread it lives on (the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_EVERY_MS)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = True

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect(self) -> None:
        gc.collect()


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Switch collection to the GUI thread for the life of ``app`` (once)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app)
        _collector.start()
    return _collector
