"""The pair page's figures that used to mislead (issue 15): overdue goals shown, and a
pair younger than one cadence has no check-in adherence yet."""

from __future__ import annotations

from mentordesk.store.models import Goal
from tests.factories import add_activity, make_pair, make_program
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import TODAY, days_ago, one_pair


def _open(window, qtbot, pair_id: int):
    window.context.open_pair_requested.emit(pair_id)
    wait_for_workers(qtbot)
    assert window.current_view_name() == "pair"
    return window.views["pair"]


def test_overdue_goals_are_marked_on_the_pair_page(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    with ui_database.transaction() as session:
        for position, (text, target, status) in enumerate(
            [("Lead a design review", days_ago(5), "open"),
             ("Present at the guild", days_ago(5), "achieved"),
             ("Write the onboarding guide", TODAY, "open")]
        ):  # fmt: skip
            session.add(
                Goal(pair_id=scene.pair_id, position=position, text=text, target=target,
                     status=status)
            )  # fmt: skip
    view = _open(make_window(), qtbot, scene.pair_id)
    statuses = {
        view.goals.topLevelItem(i).text(0): view.goals.topLevelItem(i).text(2)
        for i in range(view.goals.topLevelItemCount())
    }
    assert statuses == {
        "Lead a design review": "Overdue",
        "Present at the guild": "Achieved",
        "Write the onboarding guide": "Open",
    }
    overdue = view.goals.topLevelItem(0)
    assert overdue.toolTip(2).startswith("Still open after its target date")
    assert not overdue.icon(2).isNull()


def test_a_pair_started_today_is_too_new_for_adherence(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        program = make_program(session, start_date=TODAY, cadence_days=14)
        pair = make_pair(session, program, model="peer", start_date=TODAY)
        add_activity(session, pair, TODAY)
        pair_id = pair.id
    view = _open(make_window(), qtbot, pair_id)
    assert view.adherence.format().startswith("too new")
    assert view.adherence.value() == 0
