"""The figures counted in SQL from the kept verdicts are the figures of the judged rows;
a program is brought up to date a chunk at a time; the attention list read in SQL is the
head of the one sorted in Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from mentordesk.demo import load_demo
from mentordesk.services.figures import ethics_completion, kept_program_figures, program_figures
from mentordesk.services.risk import assess_program, judge_afresh
from mentordesk.services.risk_cache import attention_verdicts, judge_stale_chunk, stale_pairs
from mentordesk.ui.models.attention import needing_attention

TODAY = date(2026, 6, 30)


def _judge_all_in_chunks(database: Any, day: date, size: int) -> int:
    chunks = 0
    while True:
        with database.transaction() as session:
            if not judge_stale_chunk(session, day, None, size):
                return chunks
        chunks += 1


def test_kept_figures_equal_the_figures_of_the_rows_on_several_days(database: Any) -> None:
    with database.transaction() as session:
        load_demo(session, 80, 3, TODAY)
    for day in (TODAY, TODAY - timedelta(days=40)):
        with database.transaction() as session:
            kept = kept_program_figures(session, day)
            active = len(judge_afresh(session, day))
        assert kept.unjudged + kept.stale == active  # nothing holds for this day yet
        assert kept.figures.active_pairs == active
        assert _judge_all_in_chunks(database, day, 7) == -(-active // 7)
        with database.transaction() as session:
            kept = kept_program_figures(session, day)
            assert stale_pairs(session, day) == []
            expected = program_figures(session, day, None, judge_afresh(session, day))
        assert kept.complete
        assert kept.figures == expected
        # The dashboard reads the slowest figure beside the others, on its own connection.
        with database.transaction() as session:
            without = kept_program_figures(session, day, ethics=False).figures
            alone = ethics_completion(session, day)
        assert without.ethics_completion is None
        assert expected.ethics_completion is not None
        assert alone == expected.ethics_completion
        assert without == replace(expected, ethics_completion=None)


def test_unjudged_and_changed_pairs_are_counted_apart(database: Any) -> None:
    with database.transaction() as session:
        load_demo(session, 40, 1, TODAY)
    with database.transaction() as session:
        rows = assess_program(session, TODAY)
        first, second = rows[0].pair_id, rows[1].pair_id
        session.execute(text("DELETE FROM risk_verdict WHERE pair_id = :p"), {"p": first})
        session.execute(text("DELETE FROM activity WHERE pair_id = :p"), {"p": second})
    with database.transaction() as session:
        kept = kept_program_figures(session, TODAY)
        assert sorted(stale_pairs(session, TODAY)) == sorted((first, second))
    assert (kept.unjudged, kept.stale) == (1, 1)
    assert kept.figures.active_pairs == len(rows)
    assert sum(kept.figures.health.values()) == len(rows) - 1
    with database.transaction() as session:
        complete = program_figures(session, TODAY, None, judge_afresh(session, TODAY))
    # What does not come from the verdicts counts the pair never judged too.
    assert kept.figures.ethics_completion == complete.ethics_completion
    assert kept.figures.average_trust == complete.average_trust
    assert kept.figures.open_conflicts == complete.open_conflicts
    with database.transaction() as session:
        assert sorted(judge_stale_chunk(session, TODAY)) == sorted((first, second))
    with database.transaction() as session:
        assert kept_program_figures(session, TODAY).complete


def test_the_attention_list_read_in_sql_is_the_head_of_the_sorted_rows(database: Any) -> None:
    with database.transaction() as session:
        load_demo(session, 120, 2, TODAY)
    with database.transaction() as session:
        rows = assess_program(session, TODAY)
        expected = needing_attention(rows)
        assert len(expected) > 10
        assert attention_verdicts(session, TODAY) == expected
        assert attention_verdicts(session, TODAY, limit=10) == expected[:10]
