"""Dashboard figures that used to mislead (issue 15, items 1 to 3): adherence on a
program's first day, escalated conflicts, overdue goals."""

from __future__ import annotations

from mentordesk.store.models import Goal
from mentordesk.ui.views.models import ModelColumn
from tests.factories import add_activity, add_conflict, make_pair, make_person, make_program
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import TODAY, days_ago


def test_the_first_day_of_a_program_shows_too_new_not_a_low_share(
    ui_database, make_window, qtbot
) -> None:
    """On the pairs' first day, each having met, adherence read 10-16 % (peer 0 %)."""
    with ui_database.transaction() as session:
        program = make_program(session, name="New cohort", start_date=TODAY, cadence_days=14)
        for model in ("formal", "informal", "peer"):
            mentor = make_person(session, can_mentor=True)
            pair = make_pair(session, program, mentor, model=model, start_date=TODAY)
            add_activity(session, pair, TODAY)
    window = make_window()
    tile = window.views["dashboard"].tiles["adherence"]
    assert tile.value.text() == "too new"
    assert "%" not in tile.value.text() + tile.detail.text()
    window.show_view("models")
    wait_for_workers(qtbot)
    cards = window.views["models"].findChildren(ModelColumn)
    assert len(cards) == 3
    for card in cards:
        assert card.figures["adherence"].text().startswith("too new (1 pair started")


def test_adherence_leaves_the_too_new_pairs_out_and_says_so(ui_database, make_window) -> None:
    with ui_database.transaction() as session:
        program = make_program(session, start_date=days_ago(200), cadence_days=15)
        older = make_pair(session, program, model="peer", start_date=days_ago(200))
        for days in (80, 50, 20):  # 3 of the 6 check-ins expected over 90 days
            add_activity(session, older, days_ago(days))
        newer = make_pair(session, program, model="peer", start_date=days_ago(2))
        add_activity(session, newer, days_ago(1))
    tile = make_window().views["dashboard"].tiles["adherence"]
    assert tile.value.text().replace("\u00a0", " ") == "50 %"
    assert tile.detail.text() == "1 too new to count"


def test_an_escalated_conflict_keeps_counting_as_open(ui_database, make_window) -> None:
    with ui_database.transaction() as session:
        program = make_program(session, start_date=days_ago(200))
        pair = make_pair(session, program, start_date=days_ago(100))
        add_conflict(
            session,
            pair,
            days_ago(20),
            severity="high",
            steps=((days_ago(10), "escalated"),),
        )
    window = make_window()
    view = window.views["dashboard"]
    assert view.tiles["conflicts"].value.text() == "1"
    assert view.tiles["at_risk"].value.text() == "1"
    assert "escalated, not yet resolved" in view.reasons.text()


def test_overdue_goals_are_counted(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        program = make_program(session, start_date=days_ago(200))
        pair = make_pair(session, program, start_date=days_ago(100))
        for position, (target, status) in enumerate(
            [(days_ago(10), "open"), (days_ago(3), "open"), (days_ago(3), "achieved"),
             (TODAY, "open")]
        ):  # fmt: skip
            session.add(
                Goal(pair_id=pair.id, position=position, text="Goal", target=target, status=status)
            )
    window = make_window()
    line = window.views["dashboard"].goals_line
    assert ">2 overdue goals in 1 pair</a>" in line.text()
    line.linkActivated.emit("goals")  # what a click on the link does
    wait_for_workers(qtbot)
    assert window.current_view_name() == "pairs"
