"""The dashboard shows the kept risk verdicts at once, a changed pair's last verdict
until it is judged again, and waits for every pair when one was never judged."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from mentordesk.demo import load_demo
from mentordesk.services.risk import assess_program, judge_afresh
from mentordesk.ui.formatting import number
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
    window = make_window()
    wait_for_workers(qtbot)
    view = window.views["dashboard"]
    # First every pair (the three changed ones by their last verdict), then all judged.
    assert shown[0] == (3, len(fresh))
    assert shown[-1] == (0, len(fresh))
    assert view.tiles["active"].value.text() == number(len(fresh))
    assert view.status.text() == ""
    at_risk = sum(1 for row in fresh if row.health.value == "at_risk")
    assert view.tiles["at_risk"].value.text() == number(at_risk)


def test_a_pair_never_judged_makes_the_dashboard_wait_for_all(
    ui_database, make_window, qtbot, monkeypatch
) -> None:
    today = date.today()
    with ui_database.transaction() as session:
        load_demo(session, 40, 1, today)
    with ui_database.transaction() as session:
        assess_program(session, today)
        first = judge_afresh(session, today)[0].pair_id
        session.execute(text("DELETE FROM risk_verdict WHERE pair_id = :p"), {"p": first})
    with ui_database.transaction() as session:
        fresh = judge_afresh(session, today)

    shown = record_what_is_shown(monkeypatch)
    window = make_window()
    wait_for_workers(qtbot)
    # Never figures that leave a pair out: only the complete ones are shown.
    assert shown == [(0, len(fresh))]
    assert window.views["dashboard"].tiles["active"].value.text() == number(len(fresh))
