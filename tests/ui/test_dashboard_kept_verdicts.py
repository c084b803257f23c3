"""The dashboard shows the kept risk verdicts at once, a changed pair's last verdict
until it is judged again, and the pairs never judged left out (and said so) until the
background judging, a chunk at a time, has kept them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from mentordesk.demo import load_demo
from mentordesk.services.conflicts import list_conflicts
from mentordesk.services.figures import overdue_goals
from mentordesk.services.risk import assess_program, judge_afresh
from mentordesk.services.risk_cache import stale_pairs
from mentordesk.ui.context import PairSelection
from mentordesk.ui.formatting import number
from mentordesk.ui.views import dashboard
from mentordesk.ui.views.dashboard import DashboardView
from tests.ui.conftest import wait_for_workers


def record_what_is_shown(monkeypatch: Any) -> list[tuple[int, int]]:
    """(pairs still being judged, active pairs) of each set of figures the dashboard shows."""
    shown: list[tuple[int, int]] = []
    original = DashboardView._show

    def recording(self: DashboardView, generation: int, data: Any) -> None:
        shown.append((data.stale, data.figures.active_pairs))
        original(self, generation, data)

    monkeypatch.setattr(DashboardView, "_show", recording)
    return shown


def test_kept_verdicts_first_then_the_changed_pairs(
    ui_database, make_window, qtbot, monkeypatch
) -> None:
    today = date.today()
    with ui_database.transaction() as session:
        load_demo(session, 60, 1, today)
    with ui_database.transaction() as session:
        assess_program(session, today)  # every verdict kept
        changed = [row.pair_id for row in judge_afresh(session, today)[:3]]
        # Another client (or an older program) changes three pairs' records in SQL.
        session.execute(
            text("DELETE FROM activity WHERE pair_id IN (:a, :b, :c)"),
            dict(zip("abc", changed, strict=True)),
        )
    with ui_database.transaction() as session:
        fresh = judge_afresh(session, today)

    shown = record_what_is_shown(monkeypatch)
    statuses: list[str] = []
    original = DashboardView._set_updating

    def updating(self: DashboardView, data: Any, judged: int) -> None:
        original(self, data, judged)
        statuses.append(self.status.text())

    monkeypatch.setattr(DashboardView, "_set_updating", updating)
    window = make_window()
    wait_for_workers(qtbot)
    view = window.views["dashboard"]
    # First every pair (the three changed ones by their last verdict), then all judged.
    assert shown[0] == (3, len(fresh))
    assert statuses[0] == (
        "Bringing the risk flags of 3 pairs up to date (shown by their last verdict meanwhile)…"
    )
    assert shown[-1] == (0, len(fresh))
    assert view.tiles["active"].value.text() == number(len(fresh))
    assert view.status.text() == ""
    at_risk = sum(1 for row in fresh if row.health.value == "at_risk")
    assert view.tiles["at_risk"].value.text() == number(at_risk)


def test_pairs_never_judged_are_left_out_until_judged_a_chunk_at_a_time(
    ui_database, make_window, qtbot, monkeypatch
) -> None:
    today = date.today()
    with ui_database.transaction() as session:
        load_demo(session, 40, 1, today)
    with ui_database.transaction() as session:
        assess_program(session, today)
        never = [row.pair_id for row in judge_afresh(session, today)[:20]]
        session.execute(
            text(f"DELETE FROM risk_verdict WHERE pair_id IN ({', '.join(map(str, never))})")
        )
    with ui_database.transaction() as session:
        fresh = judge_afresh(session, today)
    monkeypatch.setattr(dashboard, "FLAG_CHUNK", 6)
    chunks: list[list[int]] = []
    original_chunk = dashboard.judge_stale_chunk

    def chunk(*args: Any) -> list[int]:
        chunks.append(original_chunk(*args))
        return chunks[-1]

    monkeypatch.setattr(dashboard, "judge_stale_chunk", chunk)
    statuses: list[str] = []
    shown = record_what_is_shown(monkeypatch)
    original_updating = DashboardView._set_updating

    def updating(self: DashboardView, data: Any, judged: int) -> None:
        original_updating(self, data, judged)
        statuses.append(self.status.text())
        tiles.append(sum(int(self.tiles[k].value.text()) for k in ("healthy", "watch", "at_risk")))

    tiles: list[int] = []
    monkeypatch.setattr(DashboardView, "_set_updating", updating)
    background: list[bool] = []
    original_run = dashboard.run_in_worker

    def run_in_worker(*args: Any, **kwargs: Any) -> Any:
        background.append(kwargs.get("background", False))
        return original_run(*args, **kwargs)

    monkeypatch.setattr(dashboard, "run_in_worker", run_in_worker)
    window = make_window()
    wait_for_workers(qtbot)
    view = window.views["dashboard"]
    # Shown at once: every active pair, the health of the judged ones, an honest mark.
    assert shown[0] == (20, len(fresh))
    assert tiles[0] == len(fresh) - 20
    assert statuses[0] == (
        f"Working out the risk flags of 20 pairs… Health and trust levels count the "
        f"{len(fresh) - 20} judged before."
    )
    assert statuses[1].startswith("Working out the risk flags of 14 pairs…")
    # Judged six at a time, each chunk kept; then the figures again, complete.
    assert [len(ids) for ids in chunks] == [6, 6, 6, 2, 0]
    assert sorted(id for ids in chunks for id in ids) == sorted(never)
    assert shown[-1] == (0, len(fresh))
    assert view.status.text() == ""
    # The chunks ran as background work (the window usable meanwhile), the figures not.
    assert background == [False] + [True] * len(chunks) + [False]
    at_risk = sum(1 for row in fresh if row.health.value == "at_risk")
    assert view.tiles["at_risk"].value.text() == number(at_risk)
    assert view.tiles["active"].value.text() == number(len(fresh))


def test_verdicts_that_cannot_be_kept_are_judged_all_at_once(
    ui_database, make_window, qtbot, monkeypatch
) -> None:
    """On a file where no verdict can be written (read-only), each chunk would find the
    same stale pairs again: the dashboard judges them all in one go instead."""
    today = date.today()
    with ui_database.transaction() as session:
        load_demo(session, 40, 1, today)
    with ui_database.transaction() as session:
        fresh = judge_afresh(session, today)
    calls: list[list[int]] = []

    def not_kept(session: Any, as_of: date, program_id: Any, limit: int) -> list[int]:
        calls.append(stale_pairs(session, as_of, program_id, limit))
        return calls[-1]  # judged, but nothing written

    monkeypatch.setattr(dashboard, "judge_stale_chunk", not_kept)
    shown = record_what_is_shown(monkeypatch)
    window = make_window()
    wait_for_workers(qtbot)
    view = window.views["dashboard"]
    assert len(calls) == 2 and calls[0] == calls[1]
    assert shown[0] == (len(fresh), len(fresh))  # every pair never judged
    assert shown[-1] == (0, len(fresh))
    at_risk = sum(1 for row in fresh if row.health.value == "at_risk")
    assert view.tiles["at_risk"].value.text() == number(at_risk)
    assert view.attention_model.rowCount() == sum(
        1 for row in fresh if row.health.value in ("at_risk", "watch")
    )
    assert view.status.text() == ""


def test_every_tile_reads_on_click_the_pairs_the_judged_rows_give(ui_database) -> None:
    today = date.today()
    with ui_database.transaction() as session:
        load_demo(session, 90, 2, today)
    with ui_database.transaction() as session:
        rows = assess_program(session, today)  # every verdict kept
        handled = list_conflicts(session, None, as_of=today, include_ended=False)
        expected = dashboard.pairs_behind(rows, {c.pair_id for c in handled if c.pair_id})
        expected["goals"] = PairSelection(
            dashboard.TILE_PAIRS["goals"], frozenset(overdue_goals(session, today))
        )
        for key in dashboard.TILE_PAIRS:
            assert dashboard.pairs_of_tile(session, today, None, key) == expected[key], key
    assert all(expected[key].pair_ids for key in ("healthy", "watch", "at_risk", "trust"))


def test_trust_levels_wait_for_the_first_verdicts_instead_of_showing_zeros(
    ui_database, make_window, qtbot, monkeypatch
) -> None:
    today = date.today()
    with ui_database.transaction() as session:
        load_demo(session, 30, 1, today)
        session.execute(text("DELETE FROM risk_verdict"))  # nothing judged yet
    titles: list[tuple[str, int]] = []
    original = DashboardView._set_updating

    def updating(self: DashboardView, data: Any, judged: int) -> None:
        original(self, data, judged)
        chart = self.levels_chart.chart()
        titles.append((chart.title(), len(chart.series())))

    monkeypatch.setattr(DashboardView, "_set_updating", updating)
    window = make_window()
    wait_for_workers(qtbot)
    view = window.views["dashboard"]
    # While no pair was judged the chart says so and draws no bars of zero …
    title, bars = titles[0]
    assert title.startswith("Trust levels of the active pairs<br>") and bars == 0
    assert "being worked out…" in title
    # … and once every pair is judged it shows the levels under its own title.
    assert view.levels_chart.chart().title() == "Trust levels of the active pairs"
    assert len(view.levels_chart.chart().series()) == 1
