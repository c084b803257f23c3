"""The roster's table model: cells, search, filters and sorting, without the view."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus, TrustLevel
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import RosterRow, roster_rows
from mentordesk.ui.models.roster import (
    SEARCH_MEMORY,
    Column,
    Role,
    RosterEntry,
    RosterModel,
    combine,
    narrows,
)
from tests.factories import add_assessment, make_pair, make_person, make_program

AS_OF = date(2027, 3, 1)


@pytest.fixture
def entries(ui_database):
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
        ben = make_person(session, name="Ben Okafor", department="Design")
        cy = make_person(session, name="Cy Tan", department="Sales", email="cy@corp.example")
        dee = make_person(session, name="Dee Diaz", department="Platform")
        high = make_pair(
            session, program, ana, ben, model="formal", agreement_signed=date(2027, 1, 12)
        )
        low = make_pair(session, program, ana, cy)
        make_pair(session, program, ana, dee, model="peer", status="proposed")
        add_assessment(session, high, date(2027, 2, 20), 5)
        add_assessment(session, low, date(2027, 2, 20), 2)
    with ui_database.transaction() as session:
        return combine(roster_rows(session, None), assess_program(session, AS_OF, None))


def _mentees(model: RosterModel) -> list[str]:
    return sorted(model.index(r, Column.MENTEE).data() for r in range(model.rowCount()))


def _order(model: RosterModel) -> list[str]:
    return [model.index(r, Column.MENTEE).data() for r in range(model.rowCount())]


def test_the_model_passes_qt_model_tester(qtmodeltester, entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    qtmodeltester.check(model, force_py=True)
    # The tester keeps watching: searches, filters, sorts and verdicts must keep the model sane.
    model.set_search("ana")
    model.set_search("ana d")
    model.set_search("a")
    model.set_statuses([PairStatus.ACTIVE])
    model.sort(Column.TRUST, Qt.SortOrder.DescendingOrder)
    model.set_health([Health.AT_RISK])
    model.set_verdicts({entry.row.pair_id: entry for entry in entries})
    model.set_search("nobody")
    model.set_health(None)
    model.set_search("")
    qtmodeltester.check(model, force_py=True)


def test_cells_show_the_pair_with_trust_level_and_health(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
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


def test_health_shows_as_being_worked_out_until_the_verdicts_arrive(entries) -> None:
    model = RosterModel()
    model.set_rows(combine([entry.row for entry in entries], None))
    cy = model.row_of(next(e.row.pair_id for e in entries if e.row.mentee_name == "Cy Tan"))
    assert cy is not None
    assert model.index(cy, Column.HEALTH).data() == "…"
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.column(), bottom.row())))
    model.set_verdicts({entry.row.pair_id: entry for entry in entries})
    assert changed == [(Column.HEALTH, 2)]
    assert model.index(cy, Column.HEALTH).data() == Health.AT_RISK.label


def test_search_matches_every_word_in_names_departments_and_emails(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
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
    assert model.total_count() == 3


def test_filters_by_model_status_and_health(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    model.set_models([MentorshipModel.PEER])
    assert _mentees(model) == ["Dee Diaz"]
    model.set_models(None)
    model.set_statuses([PairStatus.ACTIVE])
    assert _mentees(model) == ["Ben Okafor", "Cy Tan"]
    model.set_health([Health.AT_RISK])
    assert _mentees(model) == ["Cy Tan"]
    assert (
        model.row_of(next(e.row.pair_id for e in entries if e.row.mentee_name == "Dee Diaz"))
        is None
    )


def test_sorting_by_trust_puts_the_unassessed_last_when_descending(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    model.sort(Column.TRUST, Qt.SortOrder.DescendingOrder)
    assert _order(model) == ["Ben Okafor", "Cy Tan", "Dee Diaz"]


def test_a_search_that_leaves_the_same_rows_does_not_reset_the_table(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_search("a")  # every pair has Ana as mentor
    model.set_search("a ")  # the same words
    assert resets == []
    model.set_search("cy")
    assert len(resets) == 1


def test_sorting_keeps_persistent_indexes_on_their_pair(entries) -> None:
    model = RosterModel()
    model.set_rows(entries)
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


def _synthetic_entries() -> list[RosterEntry]:
    """Thirty pairs mixing a few names (so searches overlap), statuses, models, health."""
    entries = []
    models, statuses, healths = list(MentorshipModel), list(PairStatus), [*Health, None]
    for n in range(30):
        mentor, mentee = NAMES[n % len(NAMES)], NAMES[(n * 3 + 1) % len(NAMES)]
        score = None if n % 4 == 0 else 1 + (n * 7 % 40) / 10
        row = RosterRow(
            pair_id=100 + n,
            program_id=1,
            program_name="Spring" if n % 2 else "Autumn",
            mentor_id=n,
            mentor_name=mentor,
            mentor_email=f"{mentor.split()[0].lower()}@example.org",
            mentor_department=DEPARTMENTS[n % len(DEPARTMENTS)],
            mentee_id=100 + n,
            mentee_name=mentee,
            mentee_email=None,
            mentee_department=DEPARTMENTS[(n + 1) % len(DEPARTMENTS)],
            model=models[n % len(models)],
            status=statuses[n % len(statuses)],
            start_date=START + timedelta(days=n * 5 % 17),
            planned_end=None,
            agreement_signed=None,
            cadence_days=14,
            last_held=None if n % 3 == 0 else START + timedelta(days=n % 11),
            trust_score=score,
            trust_level=None if score is None else TrustLevel.HIGH,
        )
        entries.append(RosterEntry(row, health=healths[n % len(healths)]))
    return entries


def _reference(
    entries: list[RosterEntry],
    text: str,
    filters: tuple[object, object, object],
    sorts: list[tuple[int, Qt.SortOrder]],
) -> list[int]:
    """The pair ids a fresh look would show: filter and search every row, then apply the
    sorts in turn (each stable from the order before, ties by mentor then mentee)."""
    models, statuses, health = filters
    words = text.casefold().split()
    rows = list(entries)
    for column, order in sorts:
        rows.sort(
            key=lambda e, column=column: (
                RosterModel.sort_key(e, Column(column)),
                e.row.mentor_name.casefold(),
                e.row.mentee_name.casefold(),
            ),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
    return [
        e.row.pair_id
        for e in rows
        if (models is None or e.row.model in models)
        and (statuses is None or e.row.status in statuses)
        and (health is None or e.health in health)
        and all(word in e.search_text for word in words)
    ]


def _shown_ids(model: RosterModel) -> list[int]:
    return [model.entry(row).row.pair_id for row in range(model.rowCount())]


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
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(_typing, max_size=40))
def test_typing_narrowing_and_backspace_show_what_a_fresh_filter_shows(steps) -> None:
    """Whatever is typed, deleted, filtered and sorted, in any order, the rows shown
    are those a fresh model (and a plain filter of every row) shows for the same state."""
    entries = _synthetic_entries()
    model = RosterModel()
    model.set_rows(entries)
    text = ""
    filters: tuple[object, object, object] = (None, None, None)
    sorts: list[tuple[int, Qt.SortOrder]] = []
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
            sorts.append(value)
            model.sort(*value)
        expected = _reference(entries, text, filters, sorts)
        assert _shown_ids(model) == expected, (kind, value, text)

    fresh = RosterModel()
    fresh.set_filters(*filters)
    for column, order in sorts:
        fresh.sort(column, order)
    fresh.set_search(text)
    fresh.set_rows(entries)
    if sorts:
        # A fresh model sorts the rows it is given once, by the last sort chosen; the
        # first model sorted step by step. Only ties between equal keys may differ.
        column, order = sorts[-1]
        key_of = {
            e.row.pair_id: (
                RosterModel.sort_key(e, Column(column)),
                e.row.mentor_name.casefold(),
                e.row.mentee_name.casefold(),
            )
            for e in entries
        }
        assert [key_of[i] for i in _shown_ids(fresh)] == [key_of[i] for i in _shown_ids(model)]
        assert sorted(_shown_ids(fresh)) == sorted(_shown_ids(model))
    else:
        assert _shown_ids(fresh) == _shown_ids(model)


@pytest.mark.parametrize("text", ["anabel ortiz", "bo tan sales", "rita nora", "@example.org"])
def test_typing_a_text_letter_by_letter_and_deleting_it_again(text: str) -> None:
    entries = _synthetic_entries()
    model = RosterModel()
    model.set_rows(entries)
    model.set_statuses([PairStatus.ACTIVE, PairStatus.PROPOSED, PairStatus.PAUSED])
    model.sort(Column.LAST_HELD, Qt.SortOrder.DescendingOrder)
    filters = (None, (PairStatus.ACTIVE, PairStatus.PROPOSED, PairStatus.PAUSED), None)
    sorts = [(Column.LAST_HELD, Qt.SortOrder.DescendingOrder)]
    typed = [text[:n] for n in range(1, len(text) + 1)]
    for prefix in [*typed, *reversed(typed[:-1]), ""]:
        model.set_search(prefix)
        assert _shown_ids(model) == _reference(entries, prefix, filters, sorts), prefix


def test_a_long_search_forgets_its_oldest_steps_but_stays_right() -> None:
    entries = _synthetic_entries()
    model = RosterModel()
    model.set_rows(entries)
    text = "a" + " " * (SEARCH_MEMORY + 10) + "n"
    for n in range(1, len(text) + 1):
        model.set_search(text[:n])
    for n in range(len(text), -1, -1):
        model.set_search(text[:n])
        assert _shown_ids(model) == _reference(entries, text[:n], (None, None, None), [])


def test_sorting_is_stable_and_keeps_ties_in_the_order_before() -> None:
    entries = _synthetic_entries()
    model = RosterModel()
    model.set_rows(entries)
    model.sort(Column.START, Qt.SortOrder.AscendingOrder)
    model.sort(Column.MENTOR, Qt.SortOrder.AscendingOrder)
    # Pairs of the same mentor and mentee tie: they keep the start-date order.
    rows = [model.entry(row).row for row in range(model.rowCount())]
    for before, after in pairwise(rows):
        same = (before.mentor_name, before.mentee_name) == (after.mentor_name, after.mentee_name)
        if same:
            assert before.start_date <= after.start_date
    assert any(
        (a.mentor_name, a.mentee_name) == (b.mentor_name, b.mentee_name) for a, b in pairwise(rows)
    )


def test_narrows_means_every_earlier_word_is_inside_a_new_one() -> None:
    assert narrows((), ("ana",))
    assert narrows(("ana",), ("anab",))
    assert narrows(("ana",), ("ana", "r"))
    assert narrows(("an", "ru"), ("ruiz", "ana"))
    assert not narrows(("anab",), ("ana",))
    assert not narrows(("ana", "r"), ("ana",))
    assert not narrows(("ana",), ())
