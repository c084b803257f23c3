"""Audit log view: every change listed newest first, searchable, from a chosen day on —
and never the text of a confidential field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from mentordesk.store.database import Database
from mentordesk.store.models import Activity, AuditEntry
from mentordesk.ui import registry
from mentordesk.ui.context import AppContext
from mentordesk.ui.views import audit
from mentordesk.ui.views.audit import AuditFilter, AuditModel, AuditView, Column
from tests.factories import add_activity, make_pair, make_program

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
    assert first_row[Column.RECORD] == f"Activity {activity_id}"
    assert first_row[Column.FIELDS] == "notes, confidential"
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
    assert view.model.rowCount() == 2
    assert view.count_label.text() == "Showing 2 entries since 1 Feb 2027"
    view.set_since(date(2027, 12, 1))
    assert view.count_label.text() == "No changes recorded since 1 Dec 2027."
    view.set_since(None)
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
    view.older_button.click()
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
