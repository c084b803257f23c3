"""The paper size in File → Settings (issue 19): automatic (the system's), A4 or Letter."""

from __future__ import annotations

from mentordesk.reports.paper import Paper
from mentordesk.ui.dialogs.settings_dialog import SettingsDialog
from mentordesk.ui.settings import KEY_PAPER, paper_choice, report_paper, system_paper


def test_paper_is_automatic_until_chosen_then_saved(qtbot, ui_settings) -> None:
    assert paper_choice(ui_settings) == "auto"
    assert report_paper(ui_settings) is system_paper()
    dialog = SettingsDialog(ui_settings)
    qtbot.addWidget(dialog)
    combo = dialog.paper_combo
    assert [combo.itemText(index) for index in range(combo.count())] == [
        f"Automatic (from system: {system_paper().label})",
        "A4",
        "Letter",
    ]
    assert combo.currentIndex() == 0
    combo.setCurrentIndex(combo.findData("letter"))
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert ui_settings.value(KEY_PAPER) == "letter"
    assert report_paper(ui_settings) is Paper.LETTER

    again = SettingsDialog(ui_settings)
    qtbot.addWidget(again)
    assert again.paper_combo.currentText() == "Letter"
    again.paper_combo.setCurrentIndex(0)
    again.accept()
    assert report_paper(ui_settings) is system_paper()


def test_an_unknown_stored_paper_counts_as_automatic(ui_settings) -> None:
    ui_settings.setValue(KEY_PAPER, "tabloid")
    assert paper_choice(ui_settings) == "auto"
    assert report_paper(ui_settings) is system_paper()
