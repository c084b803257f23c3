"""The dashboard: the figures of the day, the charts, and the pairs at risk one key away."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.factories import add_assessment, make_pair, make_person
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import days_ago, one_pair


def test_figures_charts_and_at_risk_pairs(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database, trust=4)
    with ui_database.transaction() as session:
        from mentordesk.store.models import Pair

        program = session.get(Pair, scene.pair_id).program
        mentor = make_person(session, name="Cleo Park", can_mentor=True, capacity=2)
        mentee = make_person(session, name="Dev Rao")
        shaky = make_pair(session, program, mentor, mentee, start_date=days_ago(40))
        add_assessment(session, shaky, days_ago(10), 2)
        shaky_id = shaky.id
    window = make_window()
    view = window.views["dashboard"]
    assert window.current_view_name() == "dashboard"
    assert view.data is not None
    assert view.tiles["active"].value.text() == "2"
    assert view.tiles["at_risk"].value.text() == "1"
    assert view.tiles["trust"].value.text() == "3.00"
    assert view.levels_chart.series_names() == ["Not assessed", "Low", "Medium", "High"]
    # At risk first (low trust), then the first pair on watch (no ethics review yet).
    assert view.attention_model.rowCount() == 2
    assert view.attention_model.index(0, 2).data() == "Dev Rao"
    assert view.attention_model.index(1, 0).data() == "Watch"
    assert "Low trust" in view.reasons.text()

    view.attention.setFocus()
    view.attention.setCurrentIndex(view.attention_model.index(0, 1))
    qtbot.keyClick(view.attention, Qt.Key.Key_Return)
    wait_for_workers(qtbot)
    assert window.current_view_name() == "pair"
    assert window.views["pair"].pair_id == shaky_id


def test_the_as_of_day_changes_the_figures(ui_database, make_window, qtbot) -> None:
    one_pair(ui_database)
    window = make_window()
    view = window.views["dashboard"]
    assert view.tiles["active"].value.text() == "1"
    window.set_as_of(days_ago(90))  # before the pair started
    wait_for_workers(qtbot)
    assert view.tiles["active"].value.text() == "0"
    assert view.attention_model.rowCount() == 0
    assert view.attention_title.text() == "No pair needs attention on this day."
