"""The widgets every form shares: date fields typed the locale's way that Tab leaves, and
skill tags that take a completion with Enter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication, QSpinBox, QWidget
from sqlalchemy import select

from mentordesk.store.database import Database
from mentordesk.store.models import Program
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.program_dialog import ProgramDialog
from mentordesk.ui.widgets.dates import DateField, OptionalDateField, parse_day
from mentordesk.ui.widgets.tag_editor import TagEditor


@pytest.fixture
def locale() -> Iterator[None]:
    """Each test sets the system locale it means; the default comes back afterwards."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


@pytest.mark.parametrize(
    ("locale_name", "typed", "expected"),
    [
        ("en_GB", "30 Nov 2027", date(2027, 11, 30)),
        ("en_GB", "30/11/2027", date(2027, 11, 30)),
        ("en_GB", "5/1/27", date(2027, 1, 5)),
        ("en_US", "11/30/27", date(2027, 11, 30)),
        ("en_US", "Nov 30, 2027", date(2027, 11, 30)),
        ("de_DE", "30.11.2027", date(2027, 11, 30)),
        ("de_DE", "30 Nov 2027", date(2027, 11, 30)),
        ("fr_FR", "30 nov. 2027", date(2027, 11, 30)),
        ("en_GB", "2027-11-30", date(2027, 11, 30)),
        ("en_GB", "31/02/2027", None),
        ("en_GB", "soon", None),
    ],
)
def test_a_day_is_read_the_way_the_locale_writes_it(
    locale: None, locale_name: str, typed: str, expected: date | None
) -> None:
    assert parse_day(typed, QLocale(locale_name)) == expected


def form_with(field: QWidget, qtbot) -> tuple[QWidget, QSpinBox]:
    form = QWidget()
    qtbot.addWidget(form)
    field.setParent(form)
    after = QSpinBox(form)
    after.move(0, 40)
    QWidget.setTabOrder(field, after)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form, after


def test_tab_leaves_a_date_field_with_the_day_typed_in_full(qtbot, locale: None) -> None:
    QLocale.setDefault(QLocale("en_GB"))
    field = DateField(date(2027, 11, 5))
    _form, after = form_with(field, qtbot)
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field, "30 Nov 2027")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after  # not the month section
    qtbot.keyClicks(after, "7")  # what is typed next lands in the next field
    assert after.value() == 7
    assert field.value == date(2027, 11, 30)
    assert field.text() == "30 Nov 2027"

    # Back into the field: the short locale form replaces the whole day.
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is field
    qtbot.keyClicks(field, "02/03/2028")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.value == date(2028, 3, 2)


def test_an_unset_day_takes_a_typed_day_and_delete_unsets_it(qtbot, locale: None) -> None:
    QLocale.setDefault(QLocale("en_US"))
    field = OptionalDateField(unset_text="not set")
    _form, after = form_with(field, qtbot)
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field, "12/24/27")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.value == date(2027, 12, 24)
    assert QApplication.focusWidget() is after
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.value is None
    assert field.text() == "not set"
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after


def test_a_day_that_is_no_day_keeps_the_one_before(qtbot, locale: None) -> None:
    QLocale.setDefault(QLocale("en_GB"))
    field = DateField(date(2027, 11, 5))
    _form, _after = form_with(field, qtbot)
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field, "31/02/2027")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.value == date(2027, 11, 5)


def test_program_dialog_saves_the_start_typed_then_tabs_on(
    qtbot, context: AppContext, ui_database: Database, locale: None
) -> None:
    QLocale.setDefault(QLocale("en_GB"))
    dialog = ProgramDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.name, "Autumn")
    dialog.start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(dialog.start, "1 Sep 2027")
    qtbot.keyClick(dialog.start, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.end
    qtbot.keyClicks(dialog.end, "30/11/2027")
    qtbot.keyClick(dialog.end, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.model_box
    dialog.accept()
    with ui_database.transaction() as session:
        program = session.scalars(select(Program).where(Program.name == "Autumn")).one()
        assert (program.start_date, program.end_date) == (date(2027, 9, 1), date(2027, 11, 30))


# -- skill tags ------------------------------------------------------------------------------


def tag_editor(qtbot) -> TagEditor:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.set_suggestions(["negotiation", "networking", "CRM", "Python"])
    editor.resize(400, 60)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.line_edit().setFocus()
    return editor


def test_enter_on_a_chosen_completion_adds_it_as_a_tag(qtbot) -> None:
    editor = tag_editor(qtbot)
    edit = editor.line_edit()
    qtbot.keyClicks(edit, "nego")
    popup = edit.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.tags == ["negotiation"]
    assert edit.text() == ""
    qtbot.keyClicks(edit, "CRM")
    qtbot.keyClick(edit.completer().popup(), Qt.Key.Key_Return)
    assert editor.tags == ["negotiation", "CRM"]  # never "negotiationCRM"
    assert edit.text() == ""


def test_enter_with_the_popup_open_and_nothing_chosen_adds_what_is_typed(qtbot) -> None:
    editor = tag_editor(qtbot)
    edit = editor.line_edit()
    qtbot.keyClicks(edit, "net")
    popup = edit.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.tags == ["net"]
    assert edit.text() == ""
    assert not popup.isVisible()


def test_a_click_on_a_completion_adds_it_as_a_tag(qtbot) -> None:
    editor = tag_editor(qtbot)
    edit = editor.line_edit()
    qtbot.keyClicks(edit, "pyt")
    popup = edit.completer().popup()
    assert popup.isVisible()
    rect = popup.visualRect(popup.model().index(0, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: edit.text() == "")
    assert editor.tags == ["Python"]


def test_the_toolbars_as_of_day_is_typed_and_left_with_tab(
    qtbot, make_window, ui_database: Database, locale: None
) -> None:
    from tests.factories import make_program

    QLocale.setDefault(QLocale("en_GB"))
    with ui_database.transaction() as session:
        make_program(session, name="Spring", start_date=date(2026, 1, 5))
    window = make_window()
    field = window.as_of_edit
    field.setFocus(Qt.FocusReason.ShortcutFocusReason)
    qtbot.keyClicks(field, "1/11/2026")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not field
    assert window.context.as_of == date(2026, 11, 1)
