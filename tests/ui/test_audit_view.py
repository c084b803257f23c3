"""Audit log view: every change listed newest first, searchable, from a chosen day on —
and never the text of a confidential field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from mentordesk.store.database import Database
from mentordesk.store.models import Activity, AuditEntry, Pair, Person
from mentordesk.ui import registry
from mentordesk.ui.context import AppContext
from mentordesk.ui.views import audit
from mentordesk.ui.views.audit import AuditFilter, AuditModel, AuditView, Column
from tests.factories import add_activity, make_pair, make_program
from tests.ui.conftest import wait_for_workers

SECRET = "Mentee disclosed a health condition"


@pytest.fixture
def context(ui_database: Database, ui_settings: QSettings) -> Iterator[AppContext]:
    ctx = AppContext(ui_database, ui_settings)
    yield ctx
    ctx.undo_stack.clear()


def make_view(qtbot, context: AppContext) -> AuditView:
    view = AuditView(context)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    view.refresh()
    wait_for_workers(qtbot)
    return view


def add_entries(database: Database, *entries: tuple[datetime, str, str, int]) -> None:
    """Log entries (when, who, record type, id) as if changes had been made then."""
    with database.transaction() as session:
        for at, actor, record_type, record_id in entries:
            session.add(
                AuditEntry(
                    at=at,
                    actor=actor,
                    action="change",
                    record_type=record_type,
                    record_id=record_id,
                    fields=["status"],
                    summary="",
                )
            )


def test_a_change_is_listed_and_its_confidential_text_never_is(
    qtbot, context: AppContext, ui_database: Database
) -> None:
    with ui_database.transaction() as session:
        pair = make_pair(session, make_program(session, name="Spring"))
        activity_id = add_activity(session, pair, date(2027, 2, 1)).id
        pair_name = f"{pair.mentor.name} → {pair.mentee.name}"
    ui_database.actor = "Ana Coordinator"
    with ui_database.transaction() as session:
        activity = session.get(Activity, activity_id)
        activity.notes = SECRET
        activity.confidential = True

    view = make_view(qtbot, context)
    texts = view.visible_texts()
    first_row = [view.proxy.index(0, column).data() for column in Column]
    assert first_row[Column.WHO] == "Ana Coordinator"
    assert first_row[Column.ACTION] == "Changed"
    # The record by the pair's names, the fields by their labels, old → new where no text.
    assert first_row[Column.RECORD] == f"Activity: {pair_name}"
    assert first_row[Column.FIELDS] == "notes, confidential (no → yes)"
    tooltips = [
        view.proxy.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
        for row in range(view.proxy.rowCount())
        for column in Column
    ]
    assert not any(SECRET in text for text in [*texts, *tooltips])
    assert "Created" in texts  # the program, people, pair and activity made first
    assert view.count_label.text() == f"Showing {view.model.rowCount()} entries"


def test_newest_first_search_and_since(qtbot, context: AppContext, ui_database: Database) -> None:
    add_entries(
        ui_database,
        (datetime(2027, 1, 5, 9, 0), "Ana", "pair", 1),
        (datetime(2027, 3, 9, 14, 30), "Ben", "conflict", 2),
        (datetime(2027, 2, 1, 11, 15), "", "person", 3),
    )
    view = make_view(qtbot, context)
    records = [view.proxy.index(row, Column.RECORD).data() for row in range(3)]
    assert records == ["Conflict 2", "Person 3", "Pair 1"]
    assert view.proxy.index(0, Column.WHEN).data() == "9 Mar 2027 14:30"
    # Nobody named: said in words, not left blank.
    assert view.proxy.index(1, Column.WHO).data() == "unknown"

    qtbot.keyClicks(view.search_edit, "ana")
    assert [view.proxy.index(r, Column.WHO).data() for r in range(view.proxy.rowCount())] == ["Ana"]
    assert view.count_label.text() == "1 of 3 entries match the search"
    view.search_edit.clear()

    view.set_since(date(2027, 2, 1))
    wait_for_workers(qtbot)
    assert view.model.rowCount() == 2
    assert view.count_label.text() == "Showing 2 entries since 1 Feb 2027"
    view.set_since(date(2027, 12, 1))
    wait_for_workers(qtbot)
    assert view.count_label.text() == "No changes recorded since 1 Dec 2027."
    view.set_since(None)
    wait_for_workers(qtbot)
    assert view.model.rowCount() == 3


def test_older_entries_are_read_a_page_at_a_time(
    qtbot, context: AppContext, ui_database: Database, monkeypatch
) -> None:
    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    add_entries(
        ui_database, *((datetime(2027, 1, day, 10, 0), "Ana", "pair", day) for day in range(1, 6))
    )
    view = make_view(qtbot, context)
    assert view.model.rowCount() == 2
    assert view.older_button.isVisible()
    assert view.count_label.text() == "Showing the newest 2 entries"
    assert view.proxy.index(0, Column.RECORD).data() == "Pair 5"
    view.older_button.click()
    wait_for_workers(qtbot)
    view.older_button.click()
    wait_for_workers(qtbot)
    assert view.model.rowCount() == 5
    assert not view.older_button.isVisible()
    assert view.proxy.index(4, Column.RECORD).data() == "Pair 1"


def test_the_models_pass_the_model_tester(qtmodeltester, ui_database: Database) -> None:
    add_entries(ui_database, (datetime(2027, 1, 5, 9, 0), "Ana", "pair", 1))
    from mentordesk.services.audit_log import audit_entries

    with ui_database.transaction() as session:
        rows = audit_entries(session)
    model = AuditModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = AuditFilter()
    proxy.setSourceModel(model)
    proxy.set_search("pair")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1


def test_the_view_is_registered_in_the_navigation() -> None:
    assert registry.view_class("audit") is AuditView
    assert "audit" in registry.view_names()


def test_an_import_leaves_one_line_in_the_log(
    qtbot, context: AppContext, ui_database: Database, tmp_path
) -> None:
    from mentordesk.importing import import_people

    roster = tmp_path / "people.csv"
    roster.write_text("Name,Email\nAna,ana@example.org\nBen,ben@example.org\n")
    with ui_database.transaction() as session:
        import_people(session, roster)
    view = make_view(qtbot, context)
    assert view.model.rowCount() == 1
    assert "people.csv" in view.proxy.index(0, Column.NOTE).data()
    with ui_database.transaction() as session:
        assert session.scalar(select(AuditEntry.record_type)) == "person"


# -- in the coordinator's words (issue 15, finding 4) ---------------------------------------


def named_pair(database: Database) -> tuple[int, int]:
    """Lea Novak mentoring Tom Berg in "Spring"; (pair id, program id)."""
    from tests.factories import make_person

    with database.transaction() as session:
        program = make_program(session, name="Spring")
        lea = make_person(session, name="Lea Novak", can_mentor=True, capacity=2)
        tom = make_person(session, name="Tom Berg")
        pair = make_pair(session, program, lea, tom)
        return pair.id, program.id


def rows_shown(view: AuditView) -> list[list[str]]:
    return [
        [view.proxy.index(row, column).data() for column in Column]
        for row in range(view.proxy.rowCount())
    ]


def test_records_and_fields_are_named_with_old_and_new_values(
    qtbot, context: AppContext, ui_database: Database
) -> None:
    from mentordesk.services.roster import end_pair

    pair_id, _program_id = named_pair(ui_database)
    with ui_database.transaction() as session:
        end_pair(session, pair_id, status="ended_early", reason=SECRET, end_date=date(2027, 5, 1))
    view = make_view(qtbot, context)
    first = rows_shown(view)[0]
    assert first[Column.RECORD] == "Pair: Lea Novak → Tom Berg"
    assert first[Column.FIELDS] == (
        "status (Active → Ended early), planned end (— → 1 May 2027), reason for ending"
    )
    created = [row for row in rows_shown(view) if row[Column.RECORD].startswith("Pair")][-1]
    assert created[Column.ACTION] == "Created"
    assert "mentor, mentee" in created[Column.FIELDS]  # not "mentor id, mentee id"
    assert not any("Person " in text or " id" in text for text in view.visible_texts())
    assert not any(SECRET in text for text in view.visible_texts())
    with ui_database.transaction() as session:
        kept = session.scalars(select(AuditEntry.changes)).all()
    assert SECRET not in repr(kept)  # free text is never copied into the log


def test_typing_a_name_finds_every_entry_about_them_older_ones_too(
    qtbot, context: AppContext, ui_database: Database, monkeypatch
) -> None:
    from mentordesk.services import workshops
    from tests.factories import make_person

    monkeypatch.setattr(audit, "PAGE_SIZE", 5)
    pair_id, program_id = named_pair(ui_database)
    with ui_database.transaction() as session:
        add_activity(session, session.get(Pair, pair_id), date(2027, 2, 1))
        workshop = workshops.plan_workshop(session, program_id, date(2027, 3, 1), "Feedback")
        lea_id = session.scalars(select(Person.id).where(Person.name == "Lea Novak")).one()
        workshops.toggle_attendance(session, workshop.id, lea_id)
    with ui_database.transaction() as session:
        workshops.toggle_attendance(session, workshop.id, lea_id)  # taken back: row deleted
    with ui_database.transaction() as session:
        for number in range(6):  # newer entries about someone else push Lea off the page
            make_person(session, name=f"Other {number}")

    view = make_view(qtbot, context)
    assert not any("Lea" in text for text in view.visible_texts())
    qtbot.keyClicks(view.search_edit, "lea")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view._searched == "lea")
    wait_for_workers(qtbot)
    records = [row[Column.RECORD] for row in rows_shown(view)]
    assert records == [
        "Attendance: Lea Novak at Feedback",  # untick: named from the kept values
        "Attendance: Lea Novak at Feedback",
        "Activity: Lea Novak → Tom Berg",
        "Pair: Lea Novak → Tom Berg",
        "Person: Lea Novak",
    ]
    assert view.count_label.text() == "5 entries match “lea”"
    view.search_edit.setText("nobody")
    qtbot.waitUntil(lambda: view._searched == "nobody")
    wait_for_workers(qtbot)
    assert view.count_label.text() == "No entry matches “nobody”."
    view.search_edit.clear()
    qtbot.waitUntil(lambda: view._searched == "")
    wait_for_workers(qtbot)
    assert view.model.rowCount() == 5


def test_an_erased_person_is_no_longer_named_in_the_log(
    qtbot, context: AppContext, ui_database: Database
) -> None:
    from mentordesk.services.privacy import erase_person
    from mentordesk.services.roster import end_pair

    pair_id, _program_id = named_pair(ui_database)
    with ui_database.transaction() as session:
        end_pair(session, pair_id, end_date=date(2027, 5, 1))
        tom_id = session.scalars(select(Person.id).where(Person.name == "Tom Berg")).one()
    with ui_database.transaction() as session:
        erase_person(session, tom_id)
    view = make_view(qtbot, context)
    assert not any("Tom" in text for text in view.visible_texts())
    with ui_database.transaction() as session:
        assert "Tom" not in repr(session.scalars(select(AuditEntry.changes)).all())


def test_the_log_is_read_off_the_gui_thread_and_shows_its_entries(
    qtbot, context: AppContext, ui_database: Database, monkeypatch
) -> None:
    import threading

    add_entries(
        ui_database,
        (datetime(2027, 1, 5, 9, 0), "Ana", "pair", 1),
        (datetime(2027, 3, 9, 14, 30), "Ben", "conflict", 2),
    )
    threads: list[threading.Thread] = []
    read = audit.audit_entries

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(audit, "audit_entries", watched)
    view = make_view(qtbot, context)
    assert threads and threading.main_thread() not in threads
    records = [view.proxy.index(row, Column.RECORD).data() for row in range(2)]
    assert records == ["Conflict 2", "Pair 1"]
    assert view.count_label.text() == "Showing 2 entries"
