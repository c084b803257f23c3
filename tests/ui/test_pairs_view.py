"""The Pairs view: search, open, create (with the match assistant), end and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from mentordesk.domain.vocabularies import PairStatus
from mentordesk.store.models import Pair
from mentordesk.ui.dialogs.end_pair_dialog import EndPairDialog
from mentordesk.ui.dialogs.match_assistant import MatchAssistant
from mentordesk.ui.dialogs.pair_dialog import PairDialog
from mentordesk.ui.models.roster import Column
from tests.factories import make_person
from tests.ui.conftest import run_dialog, wait_for_workers
from tests.ui.pairs_setup import one_pair


def test_search_as_you_type_and_enter_opens_the_pair(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    with ui_database.transaction() as session:
        carla = make_person(session, name="Carla Mendes", department="Finance", can_mentor=True)
        dan = make_person(session, name="Dan Roe", department="Finance")
        from tests.factories import make_pair
        from tests.ui.pairs_setup import days_ago

        make_pair(
            session, session.get(Pair, scene.pair_id).program, carla, dan, start_date=days_ago(10)
        )
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    assert view.count.text() == "2 pairs"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "finance")
    assert view.model.rowCount() == 1
    assert view.count.text() == "1 of 2 pairs"
    qtbot.keyClicks(view.search, " ben")  # every word must match
    assert view.model.rowCount() == 0
    view.search.clear()
    qtbot.keyClicks(view.search, "okafor")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # into the table, first match selected
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    wait_for_workers(qtbot)
    assert window.current_view_name() == "pair"
    assert window.views["pair"].pair_id == scene.pair_id
    assert "Ben Okafor" in window.views["pair"].names.text()


def test_create_a_pair_with_the_match_assistant(ui_database, make_window, qtbot) -> None:
    with ui_database.transaction() as session:
        from tests.factories import make_program
        from tests.ui.pairs_setup import days_ago

        make_program(session, name="Spring mentoring", start_date=days_ago(30))
        boss = make_person(
            session,
            name="Bea Boss",
            department="Design",
            skills=["figma"],
            can_mentor=True,
            capacity=2,
        )
        mentee = make_person(
            session,
            name="Dee Diaz",
            department="Design",
            skills=["figma", "sql"],
            manager_id=boss.id,
        )
        make_person(
            session,
            name="Sam Data",
            department="Analytics",
            skills=["sql"],
            can_mentor=True,
            capacity=2,
        )
        make_person(
            session,
            name="Fay Full",
            department="Sales",
            skills=["sql"],
            can_mentor=True,
            capacity=0,
        )
        mentee_id = mentee.id
    window = make_window()
    seen: dict[str, object] = {}

    def drive(dialog: MatchAssistant) -> None:
        qtbot.keyClicks(dialog.mentee.lineEdit(), "Dee")
        popup = dialog.mentee.completer().popup()
        assert popup.isVisible()
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.proposed.topLevelItemCount() > 0)
        seen["proposed"] = [
            dialog.proposed.topLevelItem(i).text(1)
            for i in range(dialog.proposed.topLevelItemCount())
        ]
        seen["why"] = dialog.proposed.topLevelItem(0).text(3)
        seen["excluded"] = {
            dialog.excluded.topLevelItem(i).text(1): dialog.excluded.topLevelItem(i).text(3)
            for i in range(dialog.excluded.topLevelItemCount())
        }
        seen["button"] = dialog.create_button.text()
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, MatchAssistant, drive)
    window.match_action.trigger()
    driver.finish()
    assert seen["proposed"] == ["Sam Data"]
    assert "sql" in str(seen["why"]).lower()
    excluded = seen["excluded"]
    assert set(excluded) == {"Bea Boss", "Fay Full"}
    assert "manag" in excluded["Bea Boss"].lower()
    assert seen["button"] == "Pair with Sam Data"
    with ui_database.transaction() as session:
        pair = session.scalars(select(Pair)).one()
        assert (pair.mentee_id, pair.mentor.name, pair.status) == (mentee_id, "Sam Data", "active")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    assert window.current_view_name() == "pairs"
    assert view.current_pair_id() == pair.id

    # A pair made by mistake: Edit → Undo takes it back, Redo makes it again.
    assert window.undo_action.text() == "&Undo New pair Sam Data – Dee Diaz"
    window.undo_action.trigger()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        assert session.scalars(select(Pair)).all() == []
    window.redo_action.trigger()
    wait_for_workers(qtbot)
    with ui_database.transaction() as session:
        again = session.scalars(select(Pair)).one()
        assert (again.mentee_id, again.mentor.name) == (mentee_id, "Sam Data")
        assert again.status == "active"


def test_the_pair_form_points_at_the_wrong_field(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    seen: dict[str, object] = {}

    def drive(dialog: PairDialog) -> None:
        dialog.mentor.set_person(scene.mentor_id)
        dialog.mentee.set_person(scene.mentor_id)  # Ana as her own mentee
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["field"] = dialog.marked_field
        seen["problem"] = dialog.problem_label.text()
        seen["visible"] = dialog.isVisible()
        dialog.confirm_discard = lambda: True
        dialog.reject()

    driver = run_dialog(qtbot, PairDialog, drive)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    driver.finish()
    assert seen["field"] == "mentee"
    assert "own mentor" in str(seen["problem"])
    assert seen["visible"] is True
    with ui_database.transaction() as session:
        assert len(session.scalars(select(Pair)).all()) == 1


def test_end_a_pair_then_undo_it(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    view.table.selectRow(0)

    def drive(dialog: EndPairDialog) -> None:
        dialog.how.setCurrentIndex(1)  # ended early
        qtbot.keyClicks(dialog.reason_edit, "Moved to another country")
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)

    driver = run_dialog(qtbot, EndPairDialog, drive)
    view.end_action.trigger()
    driver.finish()
    with ui_database.transaction() as session:
        pair = session.get(Pair, scene.pair_id)
        assert (pair.status, pair.end_reason) == ("ended_early", "Moved to another country")
    wait_for_workers(qtbot)
    view.status_filter.setCurrentIndex(view.status_filter.findText("Any status"))
    row = view.model.row_of(scene.pair_id)
    assert view.model.index(row, Column.STATUS).data() == PairStatus.ENDED_EARLY.label

    assert window.undo_action.isEnabled()
    assert "end pair" in window.undo_action.text()
    window.undo_action.trigger()
    with ui_database.transaction() as session:
        pair = session.get(Pair, scene.pair_id)
        assert (pair.status, pair.end_reason) == ("active", None)
    wait_for_workers(qtbot)
    assert view.model.index(view.model.row_of(scene.pair_id), Column.STATUS).data() == "Active"
    window.redo_action.trigger()
    with ui_database.transaction() as session:
        assert session.get(Pair, scene.pair_id).status == "ended_early"


def test_closing_a_form_with_typed_text_asks_first(ui_database, make_window, qtbot) -> None:
    one_pair(ui_database)
    window = make_window()
    asked: list[bool] = []

    def drive(dialog: PairDialog) -> None:
        qtbot.keyClicks(dialog.expectations, "Meet every other Tuesday")
        dialog.confirm_discard = lambda: asked.append(True) or False
        dialog.reject()  # refused: the text stays
        asked.append(dialog.isVisible())
        dialog.confirm_discard = lambda: True
        dialog.reject()

    driver = run_dialog(qtbot, PairDialog, drive)
    window.new_pair_action.trigger()
    driver.finish()
    assert asked == [True, True]
    assert QApplication.activeModalWidget() is None


def test_a_check_in_from_the_roster_without_the_mouse(ui_database, make_window, qtbot) -> None:
    from mentordesk.services.activities import list_activities
    from mentordesk.ui.dialogs.activity_dialog import ActivityDialog

    scene = one_pair(ui_database)
    window = make_window()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window, Qt.Key.Key_2, ctrl)  # the Pairs view
    wait_for_workers(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl)
    view = window.views["pairs"]
    qtbot.keyClicks(view.search, "okafor")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)

    def drive(dialog: ActivityDialog) -> None:
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)

    driver = run_dialog(qtbot, ActivityDialog, drive)
    qtbot.keyClick(view.table, Qt.Key.Key_L, ctrl)
    driver.finish()
    with ui_database.transaction() as session:
        assert len(list_activities(session, scene.pair_id)) == 2
    assert window.current_view_name() == "pairs"


def _roster_scene(database) -> dict[str, int]:
    """Five pairs of two mentors; trust 5, 2 and 3 for three, one proposed, one completed."""
    from tests.factories import add_assessment, make_pair, make_program
    from tests.ui.pairs_setup import days_ago

    with database.transaction() as session:
        program = make_program(session, name="Spring mentoring", start_date=days_ago(200))
        ana = make_person(
            session, name="Ana Ruiz", department="Platform", can_mentor=True, capacity=5
        )
        carla = make_person(
            session, name="Carla Mendes", department="Finance", can_mentor=True, capacity=5
        )
        pairs = {
            "Ben Okafor": make_pair(
                session,
                program,
                ana,
                make_person(session, name="Ben Okafor", department="Design"),
                model="formal",
                start_date=days_ago(90),
            ),
            "Dan Roe": make_pair(
                session,
                program,
                carla,
                make_person(session, name="Dan Roe", department="Finance"),
                start_date=days_ago(80),
            ),
            "Eve Ortiz": make_pair(
                session,
                program,
                carla,
                make_person(session, name="Eve Ortiz", department="Design"),
                start_date=days_ago(70),
            ),
            "Fay Lin": make_pair(
                session,
                program,
                ana,
                make_person(session, name="Fay Lin", department="Sales"),
                status="proposed",
                start_date=days_ago(5),
            ),
            "Gus Park": make_pair(
                session,
                program,
                ana,
                make_person(session, name="Gus Park", department="Design"),
                status="completed",
                start_date=days_ago(150),
            ),
        }
        for name, trust in (("Ben Okafor", 5), ("Dan Roe", 2), ("Eve Ortiz", 3)):
            add_assessment(session, pairs[name], days_ago(10), trust)
        return {name: pair.id for name, pair in pairs.items()}


def _mentees(view) -> list[str]:
    return [view.model.entry(row).row.mentee_name for row in range(view.model.rowCount())]


def _click_header(qtbot, view, column: Column) -> None:
    from PySide6.QtCore import QPoint

    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_sorting_search_and_filters_combine_and_keep_the_selection(
    ui_database, make_window, qtbot
) -> None:
    ids = _roster_scene(ui_database)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    assert view.count.text() == "4 of 5 pairs"  # current pairs: the completed one is hidden
    assert _mentees(view) == ["Ben Okafor", "Fay Lin", "Dan Roe", "Eve Ortiz"]  # by mentor
    assert view.select_pair(ids["Eve Ortiz"])

    _click_header(qtbot, view, Column.TRUST)
    _click_header(qtbot, view, Column.TRUST)  # a second click: descending
    assert view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _mentees(view) == ["Ben Okafor", "Eve Ortiz", "Dan Roe", "Fay Lin"]
    assert view.current_pair_id() == ids["Eve Ortiz"]  # the selection followed the sort

    view.search.setFocus()
    qtbot.keyClicks(view.search, "design")
    assert _mentees(view) == ["Ben Okafor", "Eve Ortiz"]  # still by trust, descending
    assert view.current_pair_id() == ids["Eve Ortiz"]  # still shown: still selected
    assert view.count.text() == "2 of 5 pairs"
    assert view.end_action.isEnabled()

    view.status_filter.setCurrentIndex(view.status_filter.findText("Any status"))
    assert _mentees(view) == ["Ben Okafor", "Eve Ortiz", "Gus Park"]  # unassessed last
    assert view.current_pair_id() == ids["Eve Ortiz"]
    view.model_filter.setCurrentIndex(view.model_filter.findText("Formal"))
    assert _mentees(view) == ["Ben Okafor"]
    assert view.current_pair_id() is None  # Eve's pair is filtered out
    assert not view.end_action.isEnabled()
    view.model_filter.setCurrentIndex(0)

    qtbot.keyClicks(view.search, " gus")
    assert _mentees(view) == ["Gus Park"]
    for _ in range(4):
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    assert view.search.text() == "design"
    assert _mentees(view) == ["Ben Okafor", "Eve Ortiz", "Gus Park"]

    _click_header(qtbot, view, Column.MENTEE)  # ascending by mentee, search kept
    assert _mentees(view) == ["Ben Okafor", "Eve Ortiz", "Gus Park"]
    _click_header(qtbot, view, Column.MENTEE)
    assert _mentees(view) == ["Gus Park", "Eve Ortiz", "Ben Okafor"]
    view.search.clear()
    assert view.count.text() == "5 pairs"
    assert _mentees(view) == ["Gus Park", "Fay Lin", "Eve Ortiz", "Dan Roe", "Ben Okafor"]


def test_a_refresh_keeps_the_search_the_sort_and_the_selected_pair(
    ui_database, make_window, qtbot
) -> None:
    from tests.factories import make_pair
    from tests.ui.pairs_setup import days_ago

    ids = _roster_scene(ui_database)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    _click_header(qtbot, view, Column.MENTEE)
    qtbot.keyClicks(view.search, "carla")
    assert _mentees(view) == ["Dan Roe", "Eve Ortiz"]
    assert view.select_pair(ids["Eve Ortiz"])
    # Another coordinator pairs Carla with one more mentee, through their own connection.
    with ui_database.transaction() as session:
        from mentordesk.store.models import Person

        carla = session.scalars(select(Person).where(Person.name == "Carla Mendes")).one()
        pair = session.get(Pair, ids["Dan Roe"])
        make_pair(
            session,
            pair.program,
            carla,
            make_person(session, name="Abe Ng", department="Finance"),
            start_date=days_ago(3),
        )
    window.refresh_quietly()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    wait_for_workers(qtbot)
    assert view.search.text() == "carla"
    assert _mentees(view) == ["Abe Ng", "Dan Roe", "Eve Ortiz"]
    assert view.current_pair_id() == ids["Eve Ortiz"]
    assert view.count.text() == "3 of 6 pairs"


def test_double_click_opens_the_pair_found(ui_database, make_window, qtbot) -> None:
    ids = _roster_scene(ui_database)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    view = window.views["pairs"]
    qtbot.keyClicks(view.search, "ortiz")
    assert _mentees(view) == ["Eve Ortiz"]
    rect = view.table.visualRect(view.model.index(0, Column.MENTEE))
    # A double-click is a press, a release, then the double-click event (as a mouse sends).
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current_pair_id() == ids["Eve Ortiz"]
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for_workers(qtbot)
    assert window.current_view_name() == "pair"
    assert window.views["pair"].pair_id == ids["Eve Ortiz"]


def test_the_health_filter_and_sort_apply_once_the_verdicts_arrive(
    ui_database, make_window, qtbot
) -> None:
    from mentordesk.domain.vocabularies import Health

    ids = _roster_scene(ui_database)
    window = make_window()
    window.show_view("pairs")
    view = window.views["pairs"]
    view.health_filter.setCurrentIndex(view.health_filter.findText("Needs attention"))
    _click_header(qtbot, view, Column.HEALTH)
    _click_header(qtbot, view, Column.HEALTH)  # worst first
    wait_for_workers(qtbot)
    shown = [view.model.entry(row) for row in range(view.model.rowCount())]
    assert shown, "a pair trusted at 2 needs attention"
    assert ids["Dan Roe"] in [entry.row.pair_id for entry in shown]
    assert all(entry.health in (Health.WATCH, Health.AT_RISK) for entry in shown)
    ranks = [list(Health).index(entry.health) for entry in shown]
    assert ranks == sorted(ranks, reverse=True)
    assert ids["Fay Lin"] not in [entry.row.pair_id for entry in shown]  # proposed: not judged
    view.health_filter.setCurrentIndex(0)
    wait_for_workers(qtbot)  # still sorted by health: the order is read in the worker
    assert view.model.rowCount() == 4
