"""Guard against a PySide6 release that loses references to True and None.

PySide6 6.12.0 dropped one reference to True on every ``Signal.emit()`` and one
to None on every Qt call returning nothing; a long session then frees True and
aborts. pyproject.toml keeps that release out; this test catches a new one.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal()


def test_signals_and_void_calls_keep_true_and_none_alive(qapp) -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(100):
        emitter.happened.emit()
        emitter.setObjectName("emitter")
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert after[0] >= before[0] - 5 and after[1] >= before[1] - 5, (before, after)
