"""The roster's table model on a real database: cells, search, filters, sorting, and the
window of rows it holds (no Python row per pair), without the view."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus, TrustLevel
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import roster_rows
from mentordesk.store.database import Database
from mentordesk.ui.models import roster as roster_model
from mentordesk.ui.models.roster import (
    Column,
    Role,
    RosterEntry,
    RosterModel,
    RosterSource,
    combine,
    narrows,
)
from tests.factories import add_activity, add_assessment, make_pair, make_person, make_program

AS_OF = date(2027, 3, 1)


def _model(database: Database, run: Any = None) -> RosterModel:
    model = RosterModel()
    model.set_source(RosterSource(database.transaction, None, AS_OF, run))
    model.load()
    return model


@pytest.fixture
def three(ui_database: Database) -> Database:
    with ui_database.transaction() as session:
        program = make_program(session, name="Spring")
        ana = make_person(
            session,
            name="Ana Ruiz",
            department="Platform",
            email="ana@example.org",
            can_mentor=True,
            capacity=3,
        )
        ben = make_person(session, name="Ben Okafor", department="Design", email=None)
        cy = make_person(session, name="Cy Tan", department="Sales", email="cy@corp.example")
        dee = make_person(session, name="Dee Diaz", department="Platform", email=None)
        high = make_pair(
            session, program, ana, ben, model="formal", agreement_signed=date(2027, 1, 12)
        )
        low = make_pair(session, program, ana, cy)
        make_pair(session, program, ana, dee, model="peer", status="proposed")
        add_assessment(session, high, date(2027, 2, 20), 5)
        add_assessment(session, low, date(2027, 2, 20), 2)
    return ui_database


def _mentees(model: RosterModel) -> list[str]:
    return sorted(model.index(r, Column.MENTEE).data() for r in range(model.rowCount()))


def _order(model: RosterModel) -> list[str]:
    return [model.index(r, Column.MENTEE).data() for r in range(model.rowCount())]


def test_the_model_passes_qt_model_tester(qtmodeltester, three) -> None:
    model = _model(three)
    qtmodeltester.check(model, force_py=True)
    # The tester keeps watching: searches, filters and sorts must keep the model sane.
    model.set_search("ana")
    model.set_search("ana d")
    model.set_search("a")
    model.set_statuses([PairStatus.ACTIVE])
    model.sort(Column.TRUST, Qt.SortOrder.DescendingOrder)
    model.set_health([Health.AT_RISK])
    model.set_search("nobody")
    model.set_health(None)
    model.set_search("")
    model.load()
    qtmodeltester.check(model, force_py=True)


def test_cells_show_the_pair_with_trust_level_and_health(three) -> None:
    model = _model(three)
    rows = {model.index(r, Column.MENTEE).data(): r for r in range(model.rowCount())}
    ben, cy, dee = rows["Ben Okafor"], rows["Cy Tan"], rows["Dee Diaz"]
    assert model.index(ben, Column.TRUST).data() == "5.00"
    assert model.index(ben, Column.TRUST).data(Role.LEVEL) == TrustLevel.HIGH
    assert model.index(cy, Column.TRUST).data(Role.LEVEL) == TrustLevel.LOW
    assert model.index(cy, Column.HEALTH).data() == Health.AT_RISK.label
    assert not model.index(cy, Column.HEALTH).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(cy, Column.MENTEE).data(Qt.ItemDataRole.DecorationRole) is None
    assert "Low trust" in model.index(cy, Column.HEALTH).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(cy, Column.MENTEE).data(Qt.ItemDataRole.ToolTipRole) == (
        "Sales\ncy@corp.example"
    )
    assert model.index(dee, Column.TRUST).data() == "not assessed"
    assert model.index(dee, Column.HEALTH).data() == "—"  # proposed: not judged
    assert model.index(dee, Column.STATUS).data() == PairStatus.PROPOSED.label
    assert model.index(dee, Column.LAST_HELD).data() == "—"
    assert model.index(dee, Column.START).data() == "11 Jan 2027"
    assert model.index(ben, Column.MENTOR).data(Role.PAIR_ID) == model.entry(ben).row.pair_id
    assert model.headerData(Column.TRUST, Qt.Orientation.Horizontal) == "Trust"
    assert model.data(QModelIndex()) is None
    flags = model.flags(model.index(ben, Column.MENTOR))
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_search_matches_every_word_in_names_departments_and_emails(three) -> None:
    model = _model(three)
    model.set_search("sales")
    assert _mentees(model) == ["Cy Tan"]
    model.set_search("corp.example")
    assert _mentees(model) == ["Cy Tan"]
    model.set_search("ANA platform")
    assert _mentees(model) == ["Ben Okafor", "Cy Tan", "Dee Diaz"]
    model.set_search("ana design")
    assert _mentees(model) == ["Ben Okafor"]
    model.set_search("nobody")
    assert _mentees(model) == []
    model.set_search("an")  # shorter than the index's trigrams: Ana, and "Tan"
    assert _mentees(model) == ["Ben Okafor", "Cy Tan", "Dee Diaz"]
    model.set_search("ta")
    assert _mentees(model) == ["Cy Tan"]
    assert model.total_count() == 3


def test_a_renamed_person_is_found_by_the_new_name_only(three) -> None:
    from sqlalchemy import select

    from mentordesk.store.models import Person

    with three.transaction() as session:
        cy = session.scalars(select(Person).where(Person.name == "Cy Tan")).one()
        cy.name, cy.department = "Cyrus Tanaka", "Logistics"
    model = _model(three)
    model.set_search("tanaka")
    assert _mentees(model) == ["Cyrus Tanaka"]
    model.set_search("sales")
    assert _mentees(model) == []
    model.set_search("logistics")
    assert _mentees(model) == ["Cyrus Tanaka"]


def test_filters_by_model_status_and_health(three) -> None:
    model = _model(three)
    model.set_models([MentorshipModel.PEER])
    assert _mentees(model) == ["Dee Diaz"]
    model.set_models(None)
    model.set_statuses([PairStatus.ACTIVE])
    assert _mentees(model) == ["Ben Okafor", "Cy Tan"]
    model.set_health([Health.AT_RISK])
    assert _mentees(model) == ["Cy Tan"]
    with three.transaction() as session:
        dee = next(row for row in roster_rows(session, None) if row.mentee_name == "Dee Diaz")
    assert model.row_of(dee.pair_id) is None


def test_sorting_by_trust_puts_the_unassessed_last_when_descending(three) -> None:
    model = _model(three)
    model.sort(Column.TRUST, Qt.SortOrder.DescendingOrder)
    assert _order(model) == ["Ben Okafor", "Cy Tan", "Dee Diaz"]
    model.sort(Column.TRUST, Qt.SortOrder.AscendingOrder)
    assert _order(model) == ["Dee Diaz", "Cy Tan", "Ben Okafor"]


def test_a_search_that_leaves_the_same_rows_does_not_reset_the_table(three) -> None:
    model = _model(three)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_search("a")  # every pair has Ana as mentor
    model.set_search("a ")  # the same words
    assert resets == []
    model.set_search("cy")
    assert len(resets) == 1


def test_sorting_keeps_persistent_indexes_on_their_pair(three) -> None:
    model = _model(three)
    model.sort(Column.MENTEE, Qt.SortOrder.AscendingOrder)
    persistent = [
        (model.entry(row).row.pair_id, QPersistentModelIndex(model.index(row, Column.TRUST)))
        for row in range(model.rowCount())
    ]
    model.sort(Column.MENTEE, Qt.SortOrder.DescendingOrder)
    assert _order(model) == ["Dee Diaz", "Cy Tan", "Ben Okafor"]
    for pair_id, index in persistent:
        assert model.entry(index.row()).row.pair_id == pair_id
        assert index.column() == Column.TRUST


# -- search, filters and sorting together, against a plain reference ------------------------------

NAMES = ("Ana Ruiz", "Anabel Ortiz", "Bo Tan", "Tanya Bo", "Rita Nora", "Nor Tab", "Ben Ora")
DEPARTMENTS = ("Sales", "Design", None, "Research")
START = date(2027, 1, 4)


@pytest.fixture
def thirty(ui_database: Database) -> Database:
    """Thirty pairs mixing a few names (namesakes: searches overlap), statuses, models,
    activities and scores."""
    with ui_database.transaction() as session:
        programs = [make_program(session, name="Spring"), make_program(session, name="autumn")]
        models, statuses = list(MentorshipModel), list(PairStatus)
        for n in range(30):
            mentor_name, mentee_name = NAMES[n % len(NAMES)], NAMES[(n * 3 + 1) % len(NAMES)]
            mentor = make_person(
                session,
                name=mentor_name,
                email=f"{mentor_name.split()[0].lower()}{n}@example.org",
                department=DEPARTMENTS[n % len(DEPARTMENTS)],
                can_mentor=True,
                capacity=5,
            )
            mentee = make_person(
                session,
                name=mentee_name,
                email=None,
                department=DEPARTMENTS[(n + 1) % len(DEPARTMENTS)],
            )
            pair = make_pair(
                session,
                programs[n % 2],
                mentor,
                mentee,
                model=models[n % len(models)].value,
                status=statuses[n % len(statuses)].value,
                start_date=START + timedelta(days=n * 5 % 17),
            )
            if n % 3:
                add_activity(session, pair, START + timedelta(days=20 + n % 11))
            if n % 4:
                add_assessment(session, pair, START + timedelta(days=30), 1 + n % 5)
    return ui_database


def _reference_lines(database: Database) -> list[tuple[RosterEntry, str]]:
    with database.transaction() as session:
        entries = combine(roster_rows(session, None), assess_program(session, AS_OF, None))
    return [(entry, entry.search_text) for entry in entries]


def _key(entry: RosterEntry, column: Column) -> tuple[Any, ...]:
    row = entry.row
    ranks = {
        Column.MODEL: list(MentorshipModel).index(row.model),
        Column.STATUS: list(PairStatus).index(row.status),
    }
    values: dict[Column, Any] = {
        Column.MENTOR: row.mentor_name.lower(),
        Column.MENTEE: row.mentee_name.lower(),
        Column.PROGRAM: row.program_name.lower(),
        Column.START: row.start_date,
        # Empty first when ascending, as (0, None) before (1, value).
        Column.LAST_HELD: (0, date.min) if row.last_held is None else (1, row.last_held),
        Column.TRUST: (0, 0.0) if row.trust_score is None else (1, row.trust_score),
        Column.HEALTH: (0, 0) if entry.health is None else (1, list(Health).index(entry.health)),
        Column.MENTOR_DEPARTMENT: (row.mentor_department or "").lower(),
        Column.MENTEE_DEPARTMENT: (row.mentee_department or "").lower(),
        **ranks,
    }
    return (values[column], row.mentor_name.lower(), row.mentee_name.lower(), row.pair_id)


def _reference(
    lines: list[tuple[RosterEntry, str]],
    text: str,
    filters: tuple[Any, Any, Any],
    sort: tuple[Column, Qt.SortOrder],
) -> list[int]:
    """The pair ids a plain look at every row shows: filtered, searched, then sorted by
    the column (ties by mentor, mentee, pair number; descending reverses all)."""
    models, statuses, health = filters
    words = text.casefold().split()
    column, order = sort
    kept = [
        entry
        for entry, search in lines
        if (models is None or entry.row.model in models)
        and (statuses is None or entry.row.status in statuses)
        and (health is None or entry.health in health)
        and all(word in search for word in words)
    ]
    kept.sort(key=lambda e: _key(e, column), reverse=order == Qt.SortOrder.DescendingOrder)
    return [entry.row.pair_id for entry in kept]


def _shown_ids(model: RosterModel) -> list[int]:
    return list(model.shown_ids())


_typing = st.one_of(
    st.tuples(st.just("type"), st.sampled_from("anbortiuz @.")),
    st.tuples(st.just("backspace"), st.integers(1, 3)),
    st.tuples(st.just("replace"), st.sampled_from(["ana", "bo tan", "ORA", "", "nor", "sales"])),
    st.tuples(
        st.just("filter"),
        st.tuples(
            st.sampled_from([None, (MentorshipModel.PEER,), tuple(MentorshipModel)[:2]]),
            st.sampled_from([None, (PairStatus.ACTIVE,), (PairStatus.PROPOSED, PairStatus.PAUSED)]),
            st.sampled_from([None, (Health.AT_RISK,), (Health.WATCH, Health.AT_RISK)]),
        ),
    ),
    st.tuples(
        st.just("sort"),
        st.tuples(
            st.sampled_from(list(Column)),
            st.sampled_from([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]),
        ),
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(_typing, max_size=25))
def test_typing_narrowing_and_backspace_show_what_a_fresh_look_shows(thirty, steps) -> None:
    """Whatever is typed, deleted, filtered and sorted, in any order, the pairs shown are
    those a plain filter of every row shows, and those a fresh model shows."""
    lines = _reference_lines(thirty)
    model = _model(thirty)
    text = ""
    filters: tuple[Any, Any, Any] = (None, None, None)
    sort = (Column.MENTOR, Qt.SortOrder.AscendingOrder)
    for kind, value in steps:
        if kind == "type":
            text += value
            model.set_search(text)
        elif kind == "backspace":
            text = text[:-value] if value < len(text) else ""
            model.set_search(text)
        elif kind == "replace":
            text = value
            model.set_search(text)
        elif kind == "filter":
            filters = value
            model.set_filters(*value)
        else:
            sort = value
            model.sort(*value)
        assert _shown_ids(model) == _reference(lines, text, filters, sort), (kind, value, text)

    fresh = RosterModel()
    fresh.set_filters(*filters)
    fresh.sort(*sort)
    fresh.set_search(text)
    fresh.set_source(RosterSource(thirty.transaction, None, AS_OF))
    fresh.load()
    assert _shown_ids(fresh) == _shown_ids(model)


@pytest.mark.parametrize("text", ["anabel ortiz", "bo tan sales", "rita nora", "@example.org"])
def test_typing_a_text_letter_by_letter_and_deleting_it_again(thirty, text: str) -> None:
    lines = _reference_lines(thirty)
    model = _model(thirty)
    current = (PairStatus.ACTIVE, PairStatus.PROPOSED, PairStatus.PAUSED)
    model.set_statuses(current)
    model.sort(Column.LAST_HELD, Qt.SortOrder.DescendingOrder)
    sort = (Column.LAST_HELD, Qt.SortOrder.DescendingOrder)
    typed = [text[:n] for n in range(1, len(text) + 1)]
    for prefix in [*typed, *reversed(typed[:-1]), ""]:
        model.set_search(prefix)
        assert _shown_ids(model) == _reference(lines, prefix, (None, current, None), sort), prefix


def test_every_column_sorts_both_ways(thirty) -> None:
    lines = _reference_lines(thirty)
    model = _model(thirty)
    for column in Column:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            expected = _reference(lines, "", (None, None, None), (column, order))
            assert _shown_ids(model) == expected, (column, order)


def test_narrows_means_every_earlier_word_is_inside_a_new_one() -> None:
    assert narrows((), ("ana",))
    assert narrows(("ana",), ("anab",))
    assert narrows(("ana",), ("ana", "r"))
    assert narrows(("an", "ru"), ("ruiz", "ana"))
    assert not narrows(("anab",), ("ana",))
    assert not narrows(("ana", "r"), ("ana",))
    assert not narrows(("ana",), ())


# -- the window of rows, and a large roster's questions in the worker -----------------------------


def _live_entries() -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, RosterEntry))


def test_the_model_keeps_a_few_pages_of_rows_not_one_row_per_pair(thirty, monkeypatch) -> None:
    monkeypatch.setattr(roster_model, "PAGE", 4)
    monkeypatch.setattr(roster_model, "KEPT_PAGES", 2)
    before = _live_entries()
    model = _model(thirty)
    names = [model.index(row, Column.MENTEE).data() for row in range(model.rowCount())]
    assert model.rowCount() == 30 and "" not in names
    # Every row was painted once; two pages of four are kept.
    assert _live_entries() - before <= 8
    assert model.entry(0).row.mentee_name == names[0]  # a dropped page is read again


class _Worker:
    """A runner that keeps the questions until the test answers them, in any order."""

    def __init__(self) -> None:
        self.asked: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def __call__(self, work: Callable[[], Any], done: Callable[[Any], None], _failed: Any) -> None:
        self.asked.append((work, done))

    def answer(self, number: int = 0) -> None:
        work, done = self.asked.pop(number)
        done(work())

    def answer_all(self) -> None:
        while self.asked:
            self.answer()


def test_a_large_roster_asks_in_the_worker_and_installs_only_the_latest_answer(
    thirty, monkeypatch
) -> None:
    monkeypatch.setattr(roster_model, "SYNC_LIMIT", 10)
    lines = _reference_lines(thirty)
    worker = _Worker()
    model = _model(thirty, worker)
    assert model.loading and model.rowCount() == 0
    model.set_search("ta")  # typed while the roster is read
    worker.answer_all()
    assert not model.loading
    mentor_order = (Column.MENTOR, Qt.SortOrder.AscendingOrder)
    assert _shown_ids(model) == _reference(lines, "ta", (None, None, None), mentor_order)

    # Two short searches in a row: the first answer, coming last, is dropped.
    model.set_search("b")
    model.set_search("bo")
    assert len(worker.asked) == 2
    worker.answer(1)
    worker.answer(0)
    assert _shown_ids(model) == _reference(lines, "bo", (None, None, None), mentor_order)

    # A sort answered after a search typed meanwhile: the search applies to the new order.
    model.set_search("")
    model.sort(Column.START, Qt.SortOrder.DescendingOrder)
    model.set_search("ora")
    worker.answer_all()
    by_start = (Column.START, Qt.SortOrder.DescendingOrder)
    assert _shown_ids(model) == _reference(lines, "ora", (None, None, None), by_start)

    # Rows not read yet show as being read, then fill in.
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    assert model.index(0, Column.MENTEE).data() in ("", roster_model.READING)
    worker.answer_all()
    assert changed and model.index(0, Column.MENTEE).data() != ""
