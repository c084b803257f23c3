"""When the database server drops in the middle of a save, nothing typed is lost."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from mentordesk.services import people
from mentordesk.store.models import Person
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.person_dialog import PersonDialog


def test_the_form_stays_open_and_the_save_can_be_retried(
    qtbot, ui_database, ui_settings, monkeypatch
) -> None:
    context = AppContext(ui_database, ui_settings)
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "Zoe Angstrom")
    real_add = people.add_person

    def server_gone(*_args: object, **_kwargs: object) -> None:
        raise OperationalError(
            "INSERT INTO person", {}, Exception("server closed the connection unexpectedly")
        )

    monkeypatch.setattr(people, "add_person", server_gone)
    dialog.accept()
    assert dialog.isVisible()
    assert "cannot be reached" in dialog.problem_label.text()
    assert "Nothing you typed is lost" in dialog.problem_label.text()
    assert dialog.name_edit.text() == "Zoe Angstrom"

    monkeypatch.setattr(people, "add_person", real_add)  # the server is back
    dialog.accept()
    assert not dialog.isVisible()
    with ui_database.transaction() as session:
        assert session.scalars(select(Person.name)).all() == ["Zoe Angstrom"]
