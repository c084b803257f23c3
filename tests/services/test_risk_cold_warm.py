"""Cold and warm risk verdicts agree for every pair of a demo program.

Cold: no verdict kept (every pair judged from its records through the
program's set-based queries, and kept); warm: the same day asked again (every
verdict read back from ``risk_verdict``). Both must equal the verdicts judged
afresh and, pair by pair, the verdict of the one-pair path a pair's page uses.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from mentordesk.demo import load_demo
from mentordesk.services.risk import assess_pair_by_id, assess_program, judge_afresh
from mentordesk.store.models import RiskVerdict

TODAY = date(2026, 6, 30)


def _forget_kept(database: Any) -> None:
    with database.transaction() as session:
        session.execute(text("UPDATE risk_verdict SET judged_stamp = NULL"))


def _kept(database: Any) -> int:
    with database.transaction() as session:
        return int(
            session.scalar(
                select(func.count()).where(RiskVerdict.judged_stamp == RiskVerdict.stamp)
            )
            or 0
        )


@pytest.mark.parametrize("seed", [5, 6])
def test_cold_and_warm_verdicts_agree_for_every_pair(database: Any, seed: int) -> None:
    with database.transaction() as session:
        load_demo(session, 150, seed, TODAY)
    for day in (TODAY, TODAY - timedelta(days=40), TODAY + timedelta(days=75)):
        _forget_kept(database)
        with database.transaction() as session:
            cold = assess_program(session, day)
        assert cold, "the demo program has pairs to judge"
        assert _kept(database) == len(cold)  # every cold verdict was kept
        with database.transaction() as session:
            warm = assess_program(session, day)
        with database.transaction() as session:
            fresh = judge_afresh(session, day)
        assert cold == warm == fresh
        assert any(row.findings for row in cold)  # flags raised, not only healthy pairs
        with database.transaction() as session:
            for row in cold:
                assert assess_pair_by_id(session, row.pair_id, day) == row


def test_a_few_stale_pairs_judged_by_id_agree_with_the_whole_program(database: Any) -> None:
    with database.transaction() as session:
        load_demo(session, 150, 7, TODAY)
        whole = assess_program(session, TODAY)
    some = [row.pair_id for row in whole[::9]]
    with database.transaction() as session:
        session.execute(
            text("UPDATE risk_verdict SET judged_stamp = NULL WHERE pair_id = :id"),
            [{"id": pair_id} for pair_id in some],
        )
    with database.transaction() as session:
        again = assess_program(session, TODAY)
    assert again == whole
    assert _kept(database) == len(whole)
