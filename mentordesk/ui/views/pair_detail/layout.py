"""Settling the filled pair page's geometry before it paints (see PairDetailView._lay_out_now)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject

#: At most this many rounds of layout requests are run before the filled page paints (a
#: request handled posts the next one to the parent widget, up to the window: ten or so).
_LAYOUT_ROUNDS = 30


class _LayoutRequestSeen(QObject):
    """Notes whether a layout request was delivered while it is installed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen = True
        return False


def flush_layout_requests() -> None:
    """Deliver the pending layout requests now, and the ones they cause, until none is left.

    Each request delivered posts one to the parent widget (its layout changed size), which
    Qt delivers in the next round only: the rounds go on until one delivers nothing.
    """
    app = QCoreApplication.instance()
    if app is None:
        return
    watcher = _LayoutRequestSeen()
    app.installEventFilter(watcher)
    try:
        for _round in range(_LAYOUT_ROUNDS):
            watcher.seen = False
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            if not watcher.seen:
                break
    finally:
        app.removeEventFilter(watcher)
