"""Garbage is collected on the GUI thread, never by a worker thread's allocations."""

from __future__ import annotations

import gc

from mentordesk.ui.collector import COLLECT_EVERY_MS, GuiThreadCollector


def test_the_collector_switches_automatic_collection_off_and_collects_on_a_timer(
    qapp, qtbot
) -> None:
    before = gc.isenabled()
    collector = GuiThreadCollector()
    collector.start()
    collected: list[str] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "stop":
            collected.append(phase)

    gc.callbacks.append(note)
    try:
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: bool(collected), timeout=COLLECT_EVERY_MS * 3)
    finally:
        gc.callbacks.remove(note)
        collector.stop()
    assert gc.isenabled() == before
