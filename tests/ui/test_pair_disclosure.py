"""The pair form agrees with the pairing rules: a mentor in the mentee's management chain
is named with the chain, and saving needs a written disclosure, logged as a conflict of
interest (DOMAIN.md, "Pairing rules"); Undo takes the pair and its disclosure back."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from sqlalchemy import select

from mentordesk.store.models import Conflict, Pair
from mentordesk.ui.dialogs.pair_dialog import PairDialog
from tests.factories import make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers


def company(database) -> dict[str, int]:
    with database.transaction() as session:
        make_program(session, name="Spring 2027")
        ana = make_person(session, name="Ana García", can_mentor=True, capacity=2)
        mo = make_person(session, name="Mo Middle", manager_id=ana.id)
        jose = make_person(session, name="José Müller", manager_id=mo.id)
        kim = make_person(session, name="Kim Outside", can_mentor=True, capacity=2)
        return {"ana": ana.id, "jose": jose.id, "kim": kim.id}


def saved(database) -> list[tuple[str, str, list[tuple[str, str]]]]:
    with database.transaction() as session:
        return [
            (
                pair.mentor.name,
                pair.mentee.name,
                [(c.kind, c.description) for c in session.scalars(select(Conflict))],
            )
            for pair in session.scalars(select(Pair))
        ]


def test_a_mentor_up_the_mentees_chain_needs_a_written_disclosure(
    ui_database, make_window, qtbot
) -> None:
    ids = company(ui_database)
    window = make_window()
    seen: dict[str, object] = {}

    def drive(dialog: PairDialog) -> None:
        dialog.mentee.set_person(ids["jose"])
        dialog.mentor.set_person(ids["kim"])
        seen["unrelated"] = dialog.chain_box.isVisible()
        dialog.mentor.set_person(ids["ana"])
        seen["warning"] = dialog.chain_warning.text()
        seen["shown"] = dialog.disclosure.isVisible()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["field"] = dialog.marked_field
        seen["problem"] = dialog.problem_label.text()
        qtbot.keyClicks(dialog.disclosure, "Ana leads the department; HR agreed on 3 May.")
        seen["picture"] = dialog.grab()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driver = run_dialog(qtbot, PairDialog, drive)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    driver.finish()
    shot = os.environ.get("MENTORDESK_SHOT")
    if shot:
        seen["picture"].save(shot)  # type: ignore[attr-defined]
    assert seen["unrelated"] is False
    assert "Ana García manages José Müller's manager" in str(seen["warning"])
    assert seen["shown"] is True
    assert seen["field"] == "disclosure"
    assert "write the disclosure" in str(seen["problem"])
    disclosure = ("conflict_of_interest", "Ana leads the department; HR agreed on 3 May.")
    assert saved(ui_database) == [("Ana García", "José Müller", [disclosure])]

    window.undo_action.trigger()
    wait_for_workers(qtbot)
    assert saved(ui_database) == []
    window.redo_action.trigger()
    wait_for_workers(qtbot)
    assert saved(ui_database) == [("Ana García", "José Müller", [disclosure])]


def test_the_edit_form_names_the_chain_and_the_recorded_disclosure(
    ui_database, make_window, qtbot
) -> None:
    from mentordesk.services.roster import create_pair

    ids = company(ui_database)
    with ui_database.transaction() as session:
        program_id = session.scalar(select(Pair.program_id).limit(1)) or 1
        pair = create_pair(
            session,
            program_id=program_id,
            mentor_id=ids["ana"],
            mentee_id=ids["jose"],
            start_date=__import__("datetime").date(2027, 1, 11),
            disclosure="Agreed with HR.",
        )
    window = make_window()
    dialog = PairDialog(window.context, pair_id=pair.id, parent=window)
    qtbot.addWidget(dialog)
    assert not dialog.chain_box.isHidden()
    assert "conflict log" in dialog.chain_warning.text()
    assert dialog.disclosure.isHidden()
    assert dialog.disclosure_text == ""
