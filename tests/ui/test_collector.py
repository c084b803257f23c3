"""Garbage is collected on the GUI thread, never by a worker thread's allocations."""

from __future__ import annotations

import gc

import pytest

from mentordesk.ui import collector as module
from mentordesk.ui.collector import CHECK_EVERY_MS, GuiThreadCollector


def test_the_collector_switches_automatic_collection_off_and_collects_on_a_timer(
    qapp, qtbot, monkeypatch
) -> None:
    before = gc.isenabled()
    # The youngest generation is due; its count is not left to chance, since other
    # tests' objects being freed meanwhile lower it.
    threshold = gc.get_threshold()[0] or 700
    monkeypatch.setattr(gc, "get_count", lambda: (threshold + 1, 0, 0))
    collector = GuiThreadCollector()
    collector.start()
    collected: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "stop":
            collected.append(info["generation"])

    gc.callbacks.append(note)
    try:
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: bool(collected), timeout=CHECK_EVERY_MS * 5)
    finally:
        gc.callbacks.remove(note)
        collector.stop()
    assert collected[0] == 0
    assert gc.isenabled() == before


@pytest.fixture
def collections(monkeypatch) -> list[int]:
    """The generations ``gc.collect`` is asked for (nothing is really collected)."""
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    return asked


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((10, 0, 0), []), ((701, 3, 2), [0]), ((701, 11, 2), [1]), ((701, 11, 11), [2])],
)
def test_a_tick_collects_the_oldest_generation_due(
    qapp, monkeypatch, collections, counts, expected
) -> None:
    monkeypatch.setattr(gc, "get_count", lambda: counts)
    tick = GuiThreadCollector()
    tick._last_full -= module.FULL_EVERY_S  # the last full collection was long ago
    tick.collect()
    assert collections == expected


def test_full_collections_are_a_minute_apart(qapp, monkeypatch, collections) -> None:
    """Walking every object of a big loaded program takes a noticeable moment."""
    monkeypatch.setattr(gc, "get_count", lambda: (701, 11, 11))
    tick = GuiThreadCollector()
    tick._last_full -= module.FULL_EVERY_S
    tick.collect()
    tick.collect()
    assert collections == [2, 1]
