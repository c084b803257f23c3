"""The pair's page: log a check-in and record an assessment from the keyboard, undo, ethics,
confidential notes behind a lock."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyle
from sqlalchemy import select

from mentordesk.domain.questionnaire import ITEMS
from mentordesk.domain.vocabularies import ActivityKind, ActivityOutcome, RiskFlag, TrustLevel
from mentordesk.services.activities import list_activities
from mentordesk.services.ethics import pair_ethics
from mentordesk.services.trust import latest_assessment
from mentordesk.store.models import Activity, Assessment, Goal, Pair
from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog
from mentordesk.ui.dialogs.ethics_review_dialog import EthicsReviewDialog
from mentordesk.ui.dialogs.goal_dialog import GoalDialog
from mentordesk.ui.icons import icon
from mentordesk.ui.models.roster import Column, Role
from mentordesk.ui.widgets.timeline import ENTRY_ROLE, LOCKED_TEXT, SOURCE_ICONS, list_icon
from tests.factories import add_assessment, make_pair
from tests.ui.conftest import run_dialog, wait_for_workers
from tests.ui.pairs_setup import TODAY, days_ago, one_pair


def _open(window, qtbot, pair_id: int):
    window.context.open_pair_requested.emit(pair_id)
    wait_for_workers(qtbot)
    view = window.views["pair"]
    assert window.current_view_name() == "pair"
    view.timeline.tree.setFocus()
    return view


def test_log_a_check_in_with_the_keyboard_and_undo_it(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    before = view.timeline.tree.topLevelItemCount()

    def drive(dialog: ActivityDialog) -> None:
        assert dialog.day.hasFocus()
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)  # today, check-in, held: just Enter

    driver = run_dialog(qtbot, ActivityDialog, drive)
    qtbot.keyClick(view.timeline.tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    driver.finish()
    with ui_database.transaction() as session:
        logged = list_activities(session, scene.pair_id)[-1]
    assert (logged.day, logged.kind, logged.outcome) == (
        TODAY,
        ActivityKind.CHECKIN,
        ActivityOutcome.HELD,
    )
    wait_for_workers(qtbot)
    assert view.timeline.tree.topLevelItemCount() == before + 1
    assert view.timeline.tree.topLevelItem(0).text(1).startswith("Regular check-in")

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with ui_database.transaction() as session:
        assert session.get(Activity, logged.id) is None
        assert len(list_activities(session, scene.pair_id)) == 1
    wait_for_workers(qtbot)
    assert view.timeline.tree.topLevelItemCount() == before
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    with ui_database.transaction() as session:
        assert len(list_activities(session, scene.pair_id)) == 2


def test_record_an_assessment_with_digits_and_see_the_level_change(
    ui_database, make_window, qtbot
) -> None:
    scene = one_pair(ui_database, trust=4)
    window = make_window()
    window.show_view("pairs")
    wait_for_workers(qtbot)
    roster = window.views["pairs"]
    row = roster.model.row_of(scene.pair_id)
    assert roster.model.index(row, Column.TRUST).data(Role.LEVEL) == TrustLevel.HIGH
    view = _open(window, qtbot, scene.pair_id)
    seen: dict[str, object] = {}

    def drive(dialog: AssessmentDialog) -> None:
        assert dialog.rows[0].hasFocus()
        for _item in ITEMS:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
        assert dialog.comment.hasFocus()  # the last answer moves on to the comment
        seen["scores"] = dialog.scores.text()
        qtbot.keyClicks(dialog.comment, "Feels unheard lately")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, AssessmentDialog, drive)
    qtbot.keyClick(view.timeline.tree, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    driver.finish()
    assert "Overall 2.00" in str(seen["scores"])
    with ui_database.transaction() as session:
        latest = latest_assessment(session, scene.pair_id)
    assert latest is not None
    assert (latest.day, latest.overall, latest.level) == (TODAY, 2.0, TrustLevel.LOW)
    assert latest.comment == "Feels unheard lately"
    wait_for_workers(qtbot)
    assert "2.00 Low" in view.trust_badge.text
    flags = [view.flags.topLevelItem(i).text(0) for i in range(view.flags.topLevelItemCount())]
    assert any(text.startswith(RiskFlag.LOW_TRUST.label) for text in flags)

    window.show_view("pairs")
    wait_for_workers(qtbot)
    row = roster.model.row_of(scene.pair_id)
    assert roster.model.index(row, Column.TRUST).data() == "2.00"
    assert roster.model.index(row, Column.TRUST).data(Role.LEVEL) == TrustLevel.LOW


def test_an_incomplete_questionnaire_points_at_the_dimension(
    ui_database, make_window, qtbot
) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    seen: dict[str, object] = {}

    def drive(dialog: AssessmentDialog) -> None:
        # Answer only the first statement of each dimension but integrity fully.
        answers = {item.code: 4 for item in ITEMS if not item.code.startswith("loyalty")}
        answers["loyalty_1"] = 3
        dialog.set_answers(answers)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["field"] = dialog.marked_field
        seen["problem"] = dialog.problem_label.text()
        dialog.done(0)

    driver = run_dialog(qtbot, AssessmentDialog, drive)
    view.actions_by_name["assessment"].trigger()
    driver.finish()
    assert seen["field"] == "loyalty_1"
    assert "Loyalty" in str(seen["problem"])
    with ui_database.transaction() as session:
        assert len(session.scalars(select(Assessment)).all()) == 1


def test_review_ethics_records_a_concern_and_raises_the_flag(
    ui_database, make_window, qtbot
) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)

    def drive(dialog: EthicsReviewDialog) -> None:
        from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState

        box = dialog.states[EthicsGuideline.BOUNDARIES]
        box.setCurrentIndex(box.findData(EthicsState.CONCERN))
        qtbot.keyClicks(dialog.notes[EthicsGuideline.BOUNDARIES], "Messages late at night")
        confirmed = dialog.states[EthicsGuideline.CONFIDENTIALITY]
        confirmed.setCurrentIndex(confirmed.findData(EthicsState.CONFIRMED))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, EthicsReviewDialog, drive)
    view.actions_by_name["ethics"].trigger()
    driver.finish()
    with ui_database.transaction() as session:
        cells = pair_ethics(session, scene.pair_id)
    states = {g.value: c.state.value for g, c in cells.items() if c.day is not None}
    assert states == {"boundaries": "concern", "confidentiality": "confirmed"}
    wait_for_workers(qtbot)
    flags = [view.flags.topLevelItem(i).text(0) for i in range(view.flags.topLevelItemCount())]
    assert any(text.startswith(RiskFlag.ETHICS_CONCERN.label) for text in flags)
    window.undo_action.trigger()
    with ui_database.transaction() as session:
        assert all(cell.day is None for cell in pair_ethics(session, scene.pair_id).values())


def test_a_confidential_note_shows_only_after_a_deliberate_click(
    ui_database, make_window, qtbot
) -> None:
    scene = one_pair(ui_database)
    with ui_database.transaction() as session:
        session.add(
            Activity(
                pair_id=scene.pair_id,
                day=days_ago(3),
                kind="checkin",
                outcome="held",
                notes="Talked about a health matter",
                confidential=True,
            )
        )
        pair = session.get(Pair, scene.pair_id)
        other_pair = make_pair(session, pair.program, pair.mentor, start_date=days_ago(5)).id
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    tree = view.timeline.tree
    item = tree.topLevelItem(0)
    assert item.text(2) == LOCKED_TEXT
    tree.setCurrentItem(item)
    assert "health" not in view.timeline.notes.toPlainText()
    assert view.timeline.reveal_button.isVisible()
    qtbot.mouseClick(view.timeline.reveal_button, Qt.MouseButton.LeftButton)
    assert tree.topLevelItem(0).text(2) == "Talked about a health matter"
    assert view.timeline.notes.toPlainText() == "Talked about a health matter"
    view.refresh()  # a refresh (after logging something, say) keeps it readable
    wait_for_workers(qtbot)
    assert tree.topLevelItem(0).text(2) == "Talked about a health matter"
    view.show_pair(other_pair)  # another pair, then back: locked again
    wait_for_workers(qtbot)
    view.show_pair(scene.pair_id)
    wait_for_workers(qtbot)
    assert view.timeline.tree.topLevelItem(0).text(2) == LOCKED_TEXT


def test_add_a_goal(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)

    def drive(dialog: GoalDialog) -> None:
        qtbot.keyClicks(dialog.text, "Lead a design review")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, GoalDialog, drive)
    view.actions_by_name["goal"].trigger()
    driver.finish()
    with ui_database.transaction() as session:
        assert session.scalars(select(Goal.text)).all() == ["Lead a design review"]
    wait_for_workers(qtbot)
    assert view.goals.topLevelItem(0).text(0) == "Lead a design review"


def test_the_trust_chart_follows_the_pair_shown(ui_database, make_window, qtbot) -> None:
    """The page keeps one chart for every pair: each pair's lines, none left from another."""
    scene = one_pair(ui_database, trust=4)
    with ui_database.transaction() as session:
        pair = session.get(Pair, scene.pair_id)
        add_assessment(session, pair, days_ago(10), 2, respondent="mentor")
        unassessed = make_pair(session, pair.program, pair.mentor, start_date=days_ago(5)).id
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    chart = view.trust_chart
    assert chart.series_names() == [
        "High from 4.00",
        "Medium from 3.00",
        "Mentee's assessment",
        "Mentor's view",
    ]
    lines = {series.name(): series for series in chart.chart().series()}
    assert [point.y() for point in lines["Mentee's assessment"].points()] == [4.0]
    assert [point.y() for point in lines["Mentor's view"].points()] == [2.0]
    shown = chart.chart()

    view.show_pair(unassessed)
    wait_for_workers(qtbot)
    assert chart.chart() is shown  # the same chart, refilled
    assert chart.series_names() == ["High from 4.00", "Medium from 3.00"]
    legend = chart.chart().legend()
    visible = [marker.label() for marker in legend.markers() if marker.isVisible()]
    assert visible == ["High from 4.00", "Medium from 3.00"]
    assert "none yet" in view.comparison_title.text()

    view.show_pair(scene.pair_id)
    wait_for_workers(qtbot)
    assert chart.series_names()[2:] == ["Mentee's assessment", "Mentor's view"]
    assert view.comparison.item(0, 2).text() == "-2.00"


def test_timeline_icons_are_the_sets_icons_drawn_once(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    tree = view.timeline.tree
    side = tree.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, tree)
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        entry = item.data(0, ENTRY_ROLE)
        shown = item.icon(1)
        drawn = icon(SOURCE_ICONS[entry.source])
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Disabled):
            assert (
                shown.pixmap(QSize(side, side), mode).toImage()
                == drawn.pixmap(QSize(side, side), mode).toImage()
            )
    # One icon per kind of entry, made once and shared by every row that shows it.
    assert list_icon(tree, "activity").cacheKey() == list_icon(tree, "activity").cacheKey()


def test_timeline_icons_follow_a_new_palette(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    tree = view.timeline.tree
    side = tree.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, tree)

    def shown_and_drawn() -> tuple[QImage, QImage]:
        item = tree.topLevelItem(0)
        name = SOURCE_ICONS[item.data(0, ENTRY_ROLE).source]
        return (
            item.icon(1).pixmap(QSize(side, side)).toImage(),
            icon(name).pixmap(QSize(side, side)).toImage(),
        )

    before, _ = shown_and_drawn()
    original = QApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0e000"))
    QApplication.setPalette(dark)
    try:
        QApplication.processEvents()  # the new palette reaches the widgets
        shown, drawn = shown_and_drawn()
        assert shown == drawn
        assert shown != before
    finally:
        QApplication.setPalette(original)


def test_typing_in_the_pair_chooser_keeps_what_is_typed(ui_database, make_window, qtbot) -> None:
    scene = one_pair(ui_database)
    with ui_database.transaction() as session:
        pair = session.get(Pair, scene.pair_id)
        other = make_pair(session, pair.program, pair.mentor, start_date=days_ago(5)).id
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    chooser = view.chooser
    view.focus_search()
    assert chooser.selectedText() == chooser.text()
    qtbot.keyClicks(chooser, "Ben")
    assert chooser.text() == "Ben"
    assert view.pair_id == scene.pair_id  # nothing chosen yet
    qtbot.waitUntil(lambda: not chooser.pending(), timeout=5000)
    assert chooser.text() == "Ben"  # the answer from the database leaves the text alone

    # Going to another pair shows that pair in the box, as the popup spells it.
    window.context.open_pair_requested.emit(other)
    wait_for_workers(qtbot)
    assert chooser.pair_id == other
    assert chooser.text().startswith("Ana Ruiz → ")
    assert chooser.text().endswith(f"— active, since {days_ago(5):%b %Y}")


def test_the_pair_chooser_finds_a_pair_by_typing(ui_database, make_window, qtbot) -> None:
    """Typing asks the database for the pairs named (any word, either name, any case), the
    popup offers them, and Enter or a click opens one; no roster is read to offer them."""
    from mentordesk.services import roster
    from tests.factories import make_person

    scene = one_pair(ui_database)
    with ui_database.transaction() as session:
        pair = session.get(Pair, scene.pair_id)
        carla = make_person(session, name="Carla Duarte", can_mentor=True, capacity=3)
        made = {
            name: make_pair(session, pair.program, carla, make_person(session, name=name)).id
            for name in ("Dev Patel", "Dana Patel", "Eli Stone")
        }
    window = make_window()
    view = _open(window, qtbot, scene.pair_id)
    chooser = view.chooser
    read_roster: list[object] = []
    original = roster.roster_rows
    roster.roster_rows = lambda *args, **kwargs: read_roster.append(args) or original(
        *args, **kwargs
    )
    try:
        view.focus_search()
        qtbot.keyClicks(chooser, "patel CARLA")
        qtbot.waitUntil(lambda: not chooser.pending(), timeout=5000)
        popup = chooser.completer_popup()
        assert popup.isVisible()
        offered = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
        assert [text.split(" — ")[0] for text in offered] == [
            "Carla Duarte → Dana Patel",
            "Carla Duarte → Dev Patel",
        ]
        # Down to the first row, Enter: Dana Patel's pair opens.
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        wait_for_workers(qtbot)
        assert view.pair_id == made["Dana Patel"]
        assert view.page is not None and view.page.details.mentee.name == "Dana Patel"
        assert chooser.text().startswith("Carla Duarte → Dana Patel — active")

        # One pair found: Enter goes to it without touching the popup.
        chooser.selectAll()
        qtbot.keyClicks(chooser, "stone")
        qtbot.waitUntil(lambda: not chooser.pending(), timeout=5000)
        chooser.completer_popup().hide()
        qtbot.keyClick(chooser, Qt.Key.Key_Return)
        wait_for_workers(qtbot)
        assert view.pair_id == made["Eli Stone"]

        # Nobody by that name: the popup says so and nothing is opened.
        chooser.selectAll()
        qtbot.keyClicks(chooser, "zzz")
        qtbot.waitUntil(lambda: not chooser.pending(), timeout=5000)
        popup = chooser.completer_popup()
        assert popup.model().rowCount() == 1
        assert "No pair has “zzz”" in popup.model().index(0, 0).data()
        assert view.page.details.mentee.name == "Eli Stone"
    finally:
        roster.roster_rows = original
    assert read_roster == []
