"""The floor of "roster shown" reads what the windowed roster shows first, no less.

Not timed: it checks that bench/speed.py's hand-written floor (the pair ids in the
roster's order, then the first page of rows) gives the same pairs, in the same
order, with the same columns, as the roster model asks of MentorDesk.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from bench.common import Row, samples, table_lines
from bench.speed import (
    ROSTER_ORDER_SQL,
    ROSTER_PAGE,
    _program_id,
    demo_database,
    read_roster_window,
    roster_window_read,
)
from mentordesk.services import roster_order
from mentordesk.services.roster import roster_rows
from mentordesk.store.database import open_database
from mentordesk.ui.models.roster import PAGE

TODAY = date(2026, 12, 5)


def test_the_window_floor_reads_the_first_page_the_roster_shows(tmp_path: Path) -> None:
    # More pairs than a page, so that the page and the order both matter.
    path = demo_database(300, 1, TODAY, tmp_path / "cache")
    assert ROSTER_PAGE == PAGE
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    program_id = _program_id(connection)
    database = open_database(
        f"sqlite:///file:{path}?mode=ro&uri=true", create=False, backups=tmp_path / "backups"
    )
    try:
        with database.transaction() as session:
            order = roster_order.roster_order(
                session, roster_order.RosterChoice(program_id, as_of=TODAY)
            )
            wanted = {
                row.pair_id: row for row in roster_rows(session, None, pair_ids=order[:PAGE])
            }
        floor_order = [
            row[0] for row in connection.execute(ROSTER_ORDER_SQL, {"program": program_id})
        ]
        page = read_roster_window(connection, program_id)
    finally:
        database.close()
        connection.close()

    assert len(order) > PAGE
    assert floor_order == list(order)
    assert sorted(row[0] for row in page) == sorted(order[:PAGE])
    for row in page:
        shown = wanted[row[0]]
        held = [day for day in (row[17], row[18]) if day is not None]
        assert (row[4], row[5], row[6], row[8], row[9], row[10]) == (
            shown.mentor_name, shown.mentor_email, shown.mentor_department,
            shown.mentee_name, shown.mentee_email, shown.mentee_department,
        )  # fmt: skip
        assert (row[11], row[12], row[13]) == (
            shown.model.value,
            shown.status.value,
            shown.start_date.isoformat(),
        )
        assert (max(held) if held else None) == (
            shown.last_held.isoformat() if shown.last_held else None
        )
        assert row[19] == shown.trust_score
    # The roster's own reading of the same window: one page of entries.
    database = open_database(path, create=False, backups=tmp_path / "backups")
    try:
        with database.transaction() as session:
            assert roster_window_read(session, program_id, TODAY) == PAGE
    finally:
        database.close()


def test_a_comparison_without_a_target_is_shown_but_never_met_or_missed() -> None:
    beside = Row("e", samples([2.0]), "f", samples([4.0]), "ratio", None)
    assert (beside.value, beside.met) == (0.5, None)
    assert table_lines([beside])[2].endswith("| 0.50 × | none (for comparison) | — |")


def test_the_growth_table_puts_the_smallest_size_first_and_bolds_only_what_is_over() -> None:
    from bench.speed import History, SizeResult, growth_lines

    found = History(pairs=1, active=1, activities=0, assessments=0, conflicts=0)

    def result(size: int, ratio: float) -> SizeResult:
        rows = [
            Row("over", samples([ratio]), "f", samples([1.0]), "ratio", 3.0),
            Row("beside", samples([ratio]), "f", samples([1.0]), "ratio", None),
        ]
        return SizeResult(size, found, rows, [], "1.00 1.00 1.00", "2.00 2.00 2.00")

    # Measured largest first, as a run that starts the longest size early does.
    lines = growth_lines([result(100_000, 4.0), result(1_000, 2.0)], floors=("a: b",))
    assert lines[0] == "| figure | 1k | 100k | target |"
    assert lines[2] == "| over | 2.00 × | **4.00 ×** | ≤ 3 × |"
    assert lines[3] == "| beside | 2.00 × | 4.00 × | none (for comparison) |"
    assert lines[-1] == "- floor of a: b"
