"""The ethics checklist service: review history, the editable matrix and its completion."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState, PairStatus
from mentordesk.errors import FieldProblem, NotFound
from mentordesk.services import ethics
from mentordesk.store.models import EthicsReview, Pair
from tests.factories import add_ethics_review, make_pair, make_person, make_program

G = EthicsGuideline
E = EthicsState


@pytest.fixture
def setup(database):
    """A program with two active pairs, one ended pair and one not yet started."""
    with database.transaction() as session:
        program = make_program(session, name="Engineering 2027")
        ana = make_person(session, name="Ana Ruiz", can_mentor=True, capacity=3)
        cleo = make_person(session, name="Cleo Park", can_mentor=True, capacity=3)
        first = make_pair(session, program, cleo, make_person(session, name="Dev Shah"))
        second = make_pair(session, program, ana, make_person(session, name="Ben Okafor"))
        ended = make_pair(
            session, program, ana, make_person(session, name="Eli Moss"), status="completed"
        )
        later = make_pair(
            session,
            program,
            cleo,
            make_person(session, name="Fay Lin"),
            start_date=date(2027, 6, 1),
        )
        other = make_pair(session)  # in another program
        return {
            "program": program.id,
            "first": first.id,
            "second": second.id,
            "ended": ended.id,
            "later": later.id,
            "other": other.id,
        }


def _count_reviews(database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(EthicsReview))


# --------------------------------------------------------------------------- history


def test_record_review_appends_to_the_history(database, setup) -> None:
    with database.transaction() as session:
        first = ethics.record_ethics_review(
            session,
            setup["first"],
            "confidentiality",
            "confirmed",
            date(2027, 2, 1),
            reviewer="  Hana (HR)  ",
            note="Discussed what stays in the pair",
        )
        ethics.record_ethics_review(
            session, setup["first"], G.CONFIDENTIALITY, E.CONCERN, date(2027, 3, 1)
        )
        # Filled in after the fact: older than the latest, kept in the history.
        ethics.record_ethics_review(
            session, setup["first"], G.CONFIDENTIALITY, E.NOT_REVIEWED, date(2027, 1, 20)
        )
        history = ethics.guideline_history(session, setup["first"], G.CONFIDENTIALITY)
        cells = ethics.pair_ethics(session, setup["first"])
    assert first.reviewer == "Hana (HR)"
    assert first.guideline is G.CONFIDENTIALITY
    assert [(r.day, r.state) for r in history] == [
        (date(2027, 1, 20), E.NOT_REVIEWED),
        (date(2027, 2, 1), E.CONFIRMED),
        (date(2027, 3, 1), E.CONCERN),
    ]
    assert cells[G.CONFIDENTIALITY].state is E.CONCERN
    assert cells[G.CONFIDENTIALITY].day == date(2027, 3, 1)
    assert cells[G.BOUNDARIES].state is E.NOT_REVIEWED
    assert cells[G.BOUNDARIES].review_id is None
    assert list(cells) == list(G)


def test_same_day_reviews_the_one_recorded_last_counts(database, setup) -> None:
    with database.transaction() as session:
        for state in (E.CONCERN, E.CONFIRMED):
            ethics.record_ethics_review(
                session, setup["first"], G.BOUNDARIES, state, date(2027, 2, 1)
            )
        assert ethics.pair_ethics(session, setup["first"])[G.BOUNDARIES].state is E.CONFIRMED
        matrix = ethics.ethics_matrix(session, setup["program"])
    row = next(row for row in matrix.rows if row.pair_id == setup["first"])
    assert row.cells[G.BOUNDARIES].state is E.CONFIRMED
    assert matrix.concerns == ()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"guideline": "honesty"},
            "guideline",
            "'honesty' is not an ethics guideline; choose one of: Confidentiality, "
            "Professionalism, Transparency, Avoiding conflicts of interest, "
            "Respect for boundaries.",
        ),
        (
            {"state": "fine"},
            "state",
            "'fine' is not a review state; choose one of: Not reviewed, Confirmed, Concern.",
        ),
        (
            {"reviewer": "r" * 201},
            "reviewer",
            "The reviewer's name is longer than 200 characters.",
        ),
        (
            {"note": "n" * 20_001},
            "note",
            "The note is 20,001 characters long; at most 20,000 fit.",
        ),
    ],
)
def test_record_review_refuses_bad_fields(database, setup, fields, field, message) -> None:
    values = {"guideline": "transparency", "state": "confirmed", "reviewer": "", "note": ""}
    values.update(fields)
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        ethics.record_ethics_review(session, setup["first"], day=date(2027, 2, 1), **values)
    assert raised.value.field == field
    assert str(raised.value) == message
    assert _count_reviews(database) == 0


def test_unknown_pair_review_or_program_is_not_found(database, setup) -> None:
    with pytest.raises(NotFound) as raised, database.transaction() as session:
        ethics.record_ethics_review(session, 999, "transparency", "confirmed", date(2027, 2, 1))
    assert str(raised.value) == "There is no pair number 999 (it may have been deleted)."
    with (
        pytest.raises(NotFound, match=r"^There is no ethics review number 5 "),
        database.transaction() as session,
    ):
        ethics.delete_ethics_review(session, 5)
    with (
        pytest.raises(NotFound, match=r"^There is no program number 77 "),
        database.transaction() as session,
    ):
        ethics.ethics_matrix(session, 77)


# --------------------------------------------------------------------------- the editable cell


def test_set_state_appends_and_returns_the_cell(database, setup) -> None:
    with database.transaction() as session:
        cell = ethics.set_ethics_state(
            session, setup["first"], G.TRANSPARENCY, E.CONFIRMED, date(2027, 2, 1), "Hana"
        )
    assert (cell.state, cell.day, cell.reviewer) == (E.CONFIRMED, date(2027, 2, 1), "Hana")
    assert cell.review_id is not None
    with database.transaction() as session:
        cell = ethics.set_ethics_state(
            session, setup["first"], G.TRANSPARENCY, E.CONCERN, date(2027, 2, 1), note="Agenda"
        )
        history = ethics.guideline_history(session, setup["first"], G.TRANSPARENCY)
    assert cell.state is E.CONCERN
    assert [r.state for r in history] == [E.CONFIRMED, E.CONCERN]


def test_set_state_is_a_no_op_when_unchanged_on_the_same_day(database, setup) -> None:
    with database.transaction() as session:
        first = ethics.set_ethics_state(
            session, setup["first"], G.TRANSPARENCY, E.CONFIRMED, date(2027, 2, 1)
        )
        again = ethics.set_ethics_state(
            session, setup["first"], G.TRANSPARENCY, E.CONFIRMED, date(2027, 2, 1), "Someone"
        )
    assert again == first
    assert _count_reviews(database) == 1
    # The same state on a later day is a re-confirmation: it is history worth keeping.
    with database.transaction() as session:
        later = ethics.set_ethics_state(
            session, setup["first"], G.TRANSPARENCY, E.CONFIRMED, date(2027, 5, 1)
        )
    assert later.day == date(2027, 5, 1)
    assert _count_reviews(database) == 2


def test_set_not_reviewed_on_an_empty_cell_records_nothing(database, setup) -> None:
    with database.transaction() as session:
        cell = ethics.set_ethics_state(
            session, setup["first"], G.BOUNDARIES, "not_reviewed", date(2027, 2, 1)
        )
    assert cell.state is E.NOT_REVIEWED
    assert cell.review_id is None
    assert _count_reviews(database) == 0


def test_set_state_refuses_a_day_before_the_latest_review(database, setup) -> None:
    with database.transaction() as session:
        ethics.set_ethics_state(session, setup["first"], G.BOUNDARIES, "concern", date(2027, 3, 1))
    with pytest.raises(FieldProblem) as raised, database.transaction() as session:
        ethics.set_ethics_state(
            session, setup["first"], G.BOUNDARIES, "confirmed", date(2027, 2, 28)
        )
    assert raised.value.field == "day"
    assert str(raised.value) == (
        "Respect for boundaries was last reviewed on 2027-03-01; a new state must be dated "
        "on or after that day, not 2027-02-28."
    )
    assert _count_reviews(database) == 1


def test_deleting_the_latest_review_brings_back_the_one_before(database, setup) -> None:
    with database.transaction() as session:
        ethics.set_ethics_state(
            session, setup["first"], G.BOUNDARIES, "confirmed", date(2027, 2, 1)
        )
        cell = ethics.set_ethics_state(
            session, setup["first"], G.BOUNDARIES, "concern", date(2027, 3, 1)
        )
    with database.transaction() as session:
        ethics.delete_ethics_review(session, cell.review_id)
        assert ethics.pair_ethics(session, setup["first"])[G.BOUNDARIES].state is E.CONFIRMED


# --------------------------------------------------------------------------- the matrix


@pytest.fixture
def reviewed(database, setup):
    """A known history: the first pair fully reviewed by 1 March, with one concern later."""
    with database.transaction() as session:
        first = session.get(Pair, setup["first"])
        second = session.get(Pair, setup["second"])
        ended = session.get(Pair, setup["ended"])
        for guideline in G:
            add_ethics_review(session, first, guideline, "confirmed", date(2027, 3, 1))
        add_ethics_review(session, first, "boundaries", "concern", date(2027, 4, 10))
        add_ethics_review(session, second, "confidentiality", "confirmed", date(2027, 2, 1))
        add_ethics_review(session, second, "transparency", "concern", date(2027, 2, 15))
        add_ethics_review(session, second, "professionalism", "not_reviewed", date(2027, 2, 20))
        add_ethics_review(session, ended, "confidentiality", "concern", date(2027, 2, 1))
        other = session.get(Pair, setup["other"])
        add_ethics_review(session, other, "boundaries", "concern", date(2027, 2, 1))


def test_matrix_holds_the_latest_state_of_each_active_pair(database, setup, reviewed) -> None:
    with database.transaction() as session:
        matrix = ethics.ethics_matrix(session, setup["program"])
    # Active pairs only, by mentor's then mentee's name ("later" has not started: still active).
    assert [row.pair_label for row in matrix.rows] == [
        "Ana Ruiz → Ben Okafor",
        "Cleo Park → Dev Shah",
        "Cleo Park → Fay Lin",
    ]
    assert matrix.guidelines == tuple(G)
    by_pair = {row.pair_id: row for row in matrix.rows}
    first, second, later = (
        by_pair[setup["first"]],
        by_pair[setup["second"]],
        by_pair[setup["later"]],
    )
    assert first.cells[G.BOUNDARIES].state is E.CONCERN
    assert first.cells[G.CONFIDENTIALITY].state is E.CONFIRMED
    assert first.completion == 1.0
    assert first.concerns == (G.BOUNDARIES,)
    assert [second.cells[g].state for g in G] == [
        E.CONFIRMED,
        E.NOT_REVIEWED,
        E.CONCERN,
        E.NOT_REVIEWED,
        E.NOT_REVIEWED,
    ]
    assert second.completion == pytest.approx(2 / 5)
    assert later.completion == 0.0
    assert later.status is PairStatus.ACTIVE
    assert matrix.completion_by_guideline[G.CONFIDENTIALITY] == pytest.approx(2 / 3)
    assert matrix.completion_by_guideline[G.PROFESSIONALISM] == pytest.approx(1 / 3)
    assert matrix.completion_by_guideline[G.TRANSPARENCY] == pytest.approx(2 / 3)
    assert matrix.completion == pytest.approx(7 / 15)
    assert [(c.mentee_name, c.guideline, c.day) for c in matrix.concerns] == [
        ("Dev Shah", G.BOUNDARIES, date(2027, 4, 10)),
        ("Ben Okafor", G.TRANSPARENCY, date(2027, 2, 15)),
    ]


def test_matrix_as_of_a_day_cuts_reviews_and_pairs(database, setup, reviewed) -> None:
    with database.transaction() as session:
        matrix = ethics.ethics_matrix(session, setup["program"], as_of=date(2027, 3, 1))
        before = ethics.ethics_matrix(session, setup["program"], as_of=date(2027, 2, 28))
        cells = ethics.pair_ethics(session, setup["second"], as_of=date(2027, 2, 10))
    assert matrix.as_of == date(2027, 3, 1)
    assert {row.pair_id for row in matrix.rows} == {setup["first"], setup["second"]}
    first = next(row for row in matrix.rows if row.pair_id == setup["first"])
    assert first.cells[G.BOUNDARIES].state is E.CONFIRMED  # the concern came on 10 April
    assert [c.guideline for c in matrix.concerns] == [G.TRANSPARENCY]
    assert matrix.completion == pytest.approx(7 / 10)
    first_before = next(row for row in before.rows if row.pair_id == setup["first"])
    assert first_before.completion == 0.0  # reviewed only on 1 March
    assert before.completion_by_guideline[G.CONFIDENTIALITY] == pytest.approx(1 / 2)
    assert cells[G.CONFIDENTIALITY].state is E.CONFIRMED
    assert cells[G.TRANSPARENCY].state is E.NOT_REVIEWED  # its concern is dated 15 February


def test_matrix_of_all_pairs_includes_ended_ones(database, setup, reviewed) -> None:
    with database.transaction() as session:
        matrix = ethics.ethics_matrix(session, setup["program"], all_pairs=True)
    assert len(matrix.rows) == 4
    ended = next(row for row in matrix.rows if row.pair_id == setup["ended"])
    assert ended.status is PairStatus.COMPLETED
    assert ended.cells[G.CONFIDENTIALITY].state is E.CONCERN
    assert len(matrix.concerns) == 3
    assert matrix.completion == pytest.approx(8 / 20)


def test_matrix_of_a_program_without_pairs_has_no_completion(database) -> None:
    with database.transaction() as session:
        program = make_program(session)
        matrix = ethics.ethics_matrix(session, program.id)
    assert matrix.rows == ()
    assert matrix.completion is None
    assert set(matrix.completion_by_guideline.values()) == {None}
    assert matrix.concerns == ()
