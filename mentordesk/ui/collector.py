"""Python's garbage collector, run on the GUI thread only.

The cyclic collector runs on whichever thread happens to allocate when it
triggers. If that is a worker thread, it may free the last reference to a Qt
widget (a closed dialog caught in a reference cycle) and Qt then deletes the
widget off the GUI thread, which crashes the program. So automatic collection
is switched off and a timer collects on the GUI thread instead, as Anki does.
Reference counting still frees everything not in a cycle at once.

Each tick collects the way Python's own collector would have: the youngest
generations whose counts passed their thresholds, and the oldest at most once
a minute. A full collection every tick would walk every object of a
loaded program (100-300 ms with 10,000 pairs) and stall typing once in a while.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 1_000
FULL_EVERY_S = 60.0
OLDEST = 2


class GuiThreadCollector(QObject):
    """Collects garbage on the thread it lives on (the GUI thread), generation by generation."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = True
        self._last_full = time.monotonic()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect(self) -> None:
        """Collect the oldest generation that is due, as automatic collection would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if not thresholds[0] or counts[0] <= thresholds[0]:
            return
        due = max(
            generation
            for generation in range(OLDEST + 1)
            if counts[generation] > thresholds[generation]
        )
        now = time.monotonic()
        if due == OLDEST:
            # Python holds its own full collections back while the long-lived objects are
            # many; a minute apart does the same here.
            if now - self._last_full < FULL_EVERY_S:
                due = OLDEST - 1
            else:
                self._last_full = now
        gc.collect(due)


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Switch collection to the GUI thread for the life of ``app`` (once)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app)
        _collector.start()
    return _collector
