"""One date style and one number style in the whole window, following the locale (issue 15.12)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt

from mentordesk.store.database import Database
from mentordesk.ui import formatting
from mentordesk.ui.formatting import counted, long_date, number, percent, short_date
from mentordesk.ui.widgets.charts import _nice_axis
from tests.factories import add_conflict, make_pair, make_person, make_program
from tests.ui.conftest import wait_for_workers

DAY = date(2026, 12, 5)


@pytest.fixture
def locale_named() -> Iterator:
    """Switch the default locale for one test, as the system's would be."""
    before = QLocale()

    def switch(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield switch
    QLocale.setDefault(before)


def test_the_c_locale_writes_british_english_with_thousands_separators() -> None:
    assert short_date(DAY) == "5 Dec 2026"
    assert long_date(DAY) == "5 December 2026"
    assert formatting.date_time(datetime(2026, 12, 5, 14, 5)) == "5 Dec 2026 14:05"
    assert number(12345) == "12,345"
    assert number(3.14159, 2) == "3.14"
    assert percent(0.456) == "46 %"
    assert counted(1, "conflict") == "1 conflict"
    assert counted(2, "conflict") == "2 conflicts"
    assert counted(1250, "person") == "1,250 people"
    assert counted(0, "entry") == "0 entries"


@pytest.mark.parametrize(
    ("name", "day", "thousands"),
    [
        ("en_US", "Dec 5, 2026", "12,345"),
        ("de_DE", "5. Dez. 2026", "12.345"),
        ("en_GB", "5 Dec 2026", "12,345"),
    ],
)
def test_days_and_numbers_follow_the_system_locale(locale_named, name, day, thousands) -> None:
    locale_named(name)
    assert short_date(DAY) == day
    assert number(12345) == thousands


def test_count_axes_have_whole_number_ticks() -> None:
    for value in range(0, 2500):
        top, ticks = _nice_axis(value)
        step = top / (ticks - 1)
        assert top >= value and float(step).is_integer(), (value, top, ticks)


def test_a_sideways_count_axis_of_thousands_has_three_labels_with_separators(qtbot) -> None:
    from mentordesk.ui.widgets.charts import ChartView

    chart = ChartView("Trust levels of the active pairs")
    qtbot.addWidget(chart)
    chart.set_coloured_bars(
        ["High", "Medium"], [18_812, 43_386], ["#2e9e5b", "#d4890f"],
        x_title="", y_title="Active pairs", horizontal=True,
    )  # fmt: skip
    axis = chart.chart().axes(Qt.Orientation.Horizontal)[0]
    assert (axis.min(), axis.max(), axis.tickCount()) == (0, 50_000, 3)
    assert chart.chart().localizeNumbers()
    assert chart.chart().locale().toString(25_000) == number(25_000)
    for value in range(1000, 200_000, 997):
        top, ticks = _nice_axis(value, most_steps=2)
        assert top >= value and ticks <= 3, (value, top, ticks)


def test_conflict_log_and_workshops_write_days_as_the_rest_of_the_window(
    qtbot, make_window, ui_database: Database
) -> None:
    from mentordesk.services import workshops
    from mentordesk.ui.models.conflicts_model import Column as ConflictColumn
    from mentordesk.ui.models.workshops_model import Column as WorkshopColumn

    today = date.today()
    opened = today - timedelta(days=12)
    with ui_database.transaction() as session:
        program = make_program(session, name="Autumn", start_date=today - timedelta(days=200))
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=3)
        ben = make_person(session, name="Ben Okafor")
        pair = make_pair(session, program, ana, ben, start_date=today - timedelta(days=100))
        add_conflict(session, pair, opened, kind="disagreement", severity="low")
        program_id = program.id
    with ui_database.transaction() as session:
        workshops.plan_workshop(session, program_id, day=opened, title="Listening", kind="workshop")
    window = make_window()
    window.show_view("conflicts")
    conflicts = window.views["conflicts"]
    conflicts.refresh()
    wait_for_workers(qtbot)
    cell = conflicts.model.index(0, ConflictColumn.OPENED).data()
    assert cell == short_date(opened)
    assert "-" not in cell
    assert conflicts.count_label.text().startswith("1 conflict,")
    window.show_view("workshops")
    view = window.views["workshops"]
    view.refresh()
    wait_for_workers(qtbot)
    assert view.model.index(0, WorkshopColumn.DAY).data() == short_date(opened)
