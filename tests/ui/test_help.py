"""Help inside the program (issue 15.14): F1 opens the guide, the shortcuts list is read from
the window's actions, and every view has a key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from mentordesk.domain.vocabularies import RiskFlag
from mentordesk.ui import registry
from mentordesk.ui.dialogs.help_dialogs import ShortcutsDialog, UserGuideDialog
from tests.ui.conftest import run_dialog
from tests.ui.pairs_setup import one_pair

README = Path(__file__).parents[2] / "README.md"


def test_f1_opens_the_guide_with_every_flag_explained(qtbot, make_window, ui_database) -> None:
    one_pair(ui_database)
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), UserGuideDialog))
    guide = QApplication.activeWindow()
    text = " ".join(guide.text().split())
    for heading in ("A day's work", "The rules in plain words", "What each flag means"):
        assert heading in text
    for flag in RiskFlag:
        assert flag.label in text
        assert " ".join(flag.description.split()) in text
    # The keys it names are the window's own.
    assert f"Log activity ({window.log_activity_action.shortcut().toString()})" in text
    guide.close()


def test_every_view_has_its_own_key(make_window, ui_database) -> None:
    one_pair(ui_database)
    window = make_window()
    keys = {name: action.shortcut() for name, action in window.view_actions.items()}
    assert set(keys) == {cls.name for cls in registry.view_classes()}
    assert all(not key.isEmpty() for key in keys.values()), keys
    assert keys["audit"] == QKeySequence("Ctrl+0")
    assert len({key.toString() for key in keys.values()}) == len(keys)


def test_ctrl_0_shows_the_audit_log(qtbot, make_window, ui_database) -> None:
    one_pair(ui_database)
    window = make_window()
    window.nav.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view_name() == "audit"


def test_the_shortcuts_list_holds_every_key_of_the_window(qtbot, make_window, ui_database):
    one_pair(ui_database)
    window = make_window()
    listed = {(s.action, s.keys) for s in window.shortcuts()}
    with_keys = [
        action
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty() and action.text() and action.parent() is window
    ]
    assert len(with_keys) > 20
    for action in with_keys:
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert any(native in keys for _what, keys in listed), action.text()
    # No key does two things.
    all_keys = [k for _what, keys in listed for k in keys.split(" or ")]
    assert len(all_keys) == len(set(all_keys))

    def read(dialog: ShortcutsDialog) -> None:
        rows = dialog.rows()
        assert ("F1", "MentorDesk guide", "Help") in rows
        assert ("Ctrl+0", "Audit log", "View") in rows
        dialog.accept()

    driver = run_dialog(qtbot, ShortcutsDialog, read)
    window.shortcuts_action.trigger()
    driver.finish()


def test_the_readme_names_a_key_for_each_of_the_ten_views() -> None:
    text = README.read_text(encoding="utf-8")
    assert "| Ctrl+1 … Ctrl+9 | switch views |" not in text
    assert "Ctrl+0" in text and "F1" in text
