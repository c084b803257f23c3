"""Program figures and monthly trust, checked against values worked out by hand.

The program, as of 2027-06-30 (check-in cadence 15 days, so 6 check-ins are
expected in the 90-day window):

- A, formal, active: latest mentee assessment competence 5, integrity 4,
  benevolence 4, loyalty 3 (overall 4.00; cognitive 4.75, affective 3.60,
  behavioral 3.67); 6 held check-ins (adherence 1); one open high conflict;
  all five guidelines confirmed.
- B, informal, active: mentee assessment all 3 (3.00), a mentor's view and a
  later assessment that do not count; 3 held check-ins (0.5); one resolved and
  one open conflict; three confirmed, one concern, one "not reviewed".
- C, informal, active: no assessment, no activity; one open conflict; its only
  review was set back to "not reviewed".
- D, peer, active: mentee assessment all 2 (2.00).
- E, completed: an open conflict (counted among the program's open conflicts)
  and a May assessment (counted month by month), nothing else.
- F, active but starting after the day: left out, but its assessment on the
  day counts month by month.
- One conflict of the program as a whole, open.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from mentordesk.domain.goals import is_overdue
from mentordesk.domain.questionnaire import ITEMS
from mentordesk.domain.vocabularies import (
    EthicsGuideline,
    Health,
    MentorshipModel,
    TrustDimension,
    TrustLevel,
    TrustType,
)
from mentordesk.errors import MentorDeskError
from mentordesk.services.figures import MonthlyTrust, monthly_trust, program_figures
from mentordesk.services.risk import assess_program
from mentordesk.store.models import Assessment, Conflict, Goal, Pair
from tests.factories import (
    add_activity,
    add_assessment,
    add_conflict,
    add_ethics_review,
    make_pair,
    make_program,
)

AS_OF = date(2027, 6, 30)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def answers_by_dimension(**ratings: int) -> dict[str, int]:
    return {item.code: ratings[item.dimension.value] for item in ITEMS}


def checkins(session: Session, pair: Pair, *days_ago: int) -> None:
    for days in days_ago:
        add_activity(session, pair, ago(days))


def build_program(session: Session) -> dict[str, int]:
    program = make_program(session, name="Spring cohort", cadence_days=15)
    start = ago(120)

    a = make_pair(session, program, model="formal", start_date=start, agreement_signed=start)
    add_assessment(session, a, ago(100), 2)
    add_assessment(
        session,
        a,
        ago(20),
        answers_by_dimension(competence=5, integrity=4, benevolence=4, loyalty=3),
    )
    checkins(session, a, 5, 20, 35, 50, 65, 80)
    add_conflict(session, a, ago(10), severity="high")
    for guideline in EthicsGuideline:
        add_ethics_review(session, a, guideline.value, "confirmed", ago(100))

    b = make_pair(session, program, model="informal", start_date=ago(200))
    add_assessment(session, b, ago(10), 3)
    add_assessment(session, b, ago(5), 5, respondent="mentor")
    add_assessment(session, b, AS_OF + timedelta(days=1), 1)
    checkins(session, b, 10, 30, 50)
    add_conflict(session, b, ago(50), steps=((ago(40), "resolved"),))
    add_conflict(
        session,
        b,
        ago(40),
        steps=((ago(35), "in_dialogue"), (AS_OF + timedelta(days=1), "resolved")),
    )
    for guideline in ("confidentiality", "professionalism", "transparency"):
        add_ethics_review(session, b, guideline, "confirmed", ago(150))
    add_ethics_review(session, b, "conflicts_of_interest", "concern", ago(150))
    add_ethics_review(session, b, "boundaries", "not_reviewed", ago(150))

    c = make_pair(session, program, model="informal", start_date=start)
    add_conflict(session, c, ago(3), severity="low")
    add_ethics_review(session, c, "confidentiality", "confirmed", ago(50))
    add_ethics_review(session, c, "confidentiality", "not_reviewed", ago(10))
    add_ethics_review(session, c, "transparency", "confirmed", AS_OF + timedelta(days=1))

    d = make_pair(session, program, model="peer", start_date=start)
    add_assessment(session, d, ago(40), 2)

    e = make_pair(session, program, model="formal", status="completed", start_date=start)
    add_assessment(session, e, ago(60), 5)
    add_conflict(session, e, ago(30))

    f = make_pair(session, program, model="peer", start_date=AS_OF + timedelta(days=1))
    add_assessment(session, f, AS_OF, 5)

    session.add(
        Conflict(program_id=program.id, pair_id=None, opened=ago(5), kind="other", severity="low")
    )
    add_conflict(session, a, AS_OF + timedelta(days=1), severity="high")

    # Another program whose records must not leak into this one's figures.
    other = make_program(session, name="Elsewhere")
    stranger = make_pair(session, other, model="peer", start_date=start)
    add_assessment(session, stranger, ago(10), 5)
    add_conflict(session, stranger, ago(10), severity="high")
    session.flush()
    return {"program": program.id, "other": other.id, "e": e.id}


@pytest.fixture
def ids(database: Any) -> dict[str, int]:
    with database.transaction() as session:
        return build_program(session)


def test_the_program_at_a_glance(database: Any, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        figures = program_figures(session, AS_OF, ids["program"])
        rows = assess_program(session, AS_OF, ids["program"])

    assert figures.as_of == AS_OF
    assert figures.program_id == ids["program"]
    assert figures.active_pairs == 4
    assert figures.health == {health: Counter(r.health for r in rows)[health] for health in Health}
    assert sum(figures.health.values()) == 4
    assert figures.health[Health.AT_RISK] >= 2  # A's open high conflict, D's low trust
    assert figures.trust_levels == {TrustLevel.HIGH: 1, TrustLevel.MEDIUM: 1, TrustLevel.LOW: 1}
    assert figures.unassessed == 1
    assert figures.average_trust == 3.0
    assert figures.trust_by_dimension == {
        TrustDimension.COMPETENCE: 3.33,
        TrustDimension.INTEGRITY: 3.0,
        TrustDimension.BENEVOLENCE: 3.0,
        TrustDimension.LOYALTY: 2.67,
    }
    # cognitive (4.75 + 3 + 2) / 3, affective (3.6 + 3 + 2) / 3, behavioral (3.67 + 3 + 2) / 3
    assert figures.trust_by_type == {
        TrustType.COGNITIVE: 3.25,
        TrustType.AFFECTIVE: 2.87,
        TrustType.BEHAVIORAL: 2.89,
    }
    # adherence: A 1, B 0.5, C 0, D 0
    assert figures.adherence == 0.375
    # A's, B's second, C's, E's and the program's own conflict
    assert figures.open_conflicts == 5
    # A 5 cells, B 4 cells of 4 pairs × 5 guidelines
    assert figures.ethics_completion == 0.45


def test_the_figures_per_model(database: Any, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        figures = program_figures(session, AS_OF, ids["program"])
    assert [m.model for m in figures.models] == list(MentorshipModel)

    formal = figures.for_model(MentorshipModel.FORMAL)
    assert (formal.pairs, formal.assessed, formal.average_trust) == (1, 1, 4.0)
    assert (formal.share_high, formal.share_medium, formal.share_low) == (1.0, 0.0, 0.0)
    assert (formal.conflicts, formal.conflicts_per_pair, formal.adherence) == (1, 1.0, 1.0)

    informal = figures.for_model(MentorshipModel.INFORMAL)
    assert (informal.pairs, informal.assessed, informal.average_trust) == (2, 1, 3.0)
    assert (informal.share_high, informal.share_medium, informal.share_low) == (0.0, 1.0, 0.0)
    assert (informal.conflicts, informal.conflicts_per_pair, informal.adherence) == (3, 1.5, 0.25)

    peer = figures.for_model(MentorshipModel.PEER)
    assert (peer.pairs, peer.assessed, peer.average_trust) == (1, 1, 2.0)
    assert (peer.share_high, peer.share_medium, peer.share_low) == (0.0, 0.0, 1.0)
    assert (peer.conflicts, peer.conflicts_per_pair, peer.adherence) == (0, 0.0, 0.0)


def test_passing_the_rows_gives_the_same_figures(database: Any, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        rows = assess_program(session, AS_OF, ids["program"])
        assert program_figures(session, AS_OF, ids["program"], rows) == program_figures(
            session, AS_OF, ids["program"]
        )


def test_every_program_together(database: Any, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        figures = program_figures(session, AS_OF)
    assert figures.program_id is None
    assert figures.active_pairs == 5
    assert figures.average_trust == 3.5  # (4 + 3 + 2 + 5) / 4
    assert figures.open_conflicts == 6
    assert figures.for_model(MentorshipModel.PEER).pairs == 2
    assert figures.ethics_completion == 0.36  # 9 of 25 cells


def test_an_earlier_day(database: Any, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        figures = program_figures(session, ago(45), ids["program"])
    # On that day D had no assessment yet and A's latest was the low one.
    assert figures.active_pairs == 4
    assert figures.trust_levels == {TrustLevel.HIGH: 0, TrustLevel.MEDIUM: 0, TrustLevel.LOW: 1}
    assert figures.average_trust == 2.0
    # B's first conflict was still open (resolved 40 days ago); E's not opened yet.
    assert figures.open_conflicts == 1
    assert figures.ethics_completion == 0.5  # A 5, B 4, C 1 of 20


def test_an_empty_program(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session)
        figures = program_figures(session, AS_OF, program.id)
    assert figures.active_pairs == 0
    assert set(figures.health.values()) == {0}
    assert figures.average_trust is None
    assert set(figures.trust_by_dimension.values()) == {None}
    assert figures.adherence is None
    assert figures.ethics_completion is None
    assert all(m.pairs == 0 and m.conflicts_per_pair is None for m in figures.models)


def test_the_first_day_of_a_program_has_no_adherence_yet(database: Any) -> None:
    """Issue 15: on the pairs' first day, every pair having met, the dashboard said 10 %
    and peer 0 %. A pair younger than one cadence has no adherence yet (DOMAIN.md)."""
    with database.transaction() as session:
        program = make_program(session, start_date=AS_OF, cadence_days=14)
        for model in ("formal", "informal", "informal", "peer"):
            pair = make_pair(session, program, model=model, start_date=AS_OF)
            add_activity(session, pair, AS_OF)
        figures = program_figures(session, AS_OF, program.id)
        rows = assess_program(session, AS_OF, program.id)
    assert figures.active_pairs == 4
    assert all(row.too_new and row.adherence is None for row in rows)
    assert (figures.adherence, figures.too_new) == (None, 4)
    for model in MentorshipModel:
        assert figures.for_model(model).adherence is None
    assert figures.for_model(MentorshipModel.INFORMAL).too_new == 2


def test_too_new_pairs_are_left_out_of_the_average(database: Any) -> None:
    with database.transaction() as session:
        program = make_program(session, start_date=ago(200), cadence_days=15)
        older = make_pair(session, program, model="peer", start_date=ago(200))
        for days in (80, 50, 20):  # 3 of the 6 expected in 90 days
            add_activity(session, older, ago(days))
        newer = make_pair(session, program, model="peer", start_date=ago(3))
        add_activity(session, newer, ago(1))
        figures = program_figures(session, AS_OF, program.id)
    assert (figures.adherence, figures.too_new) == (0.5, 1)
    assert figures.for_model(MentorshipModel.PEER).adherence == 0.5


def test_overdue_goals_are_counted_for_the_active_pairs(database: Any) -> None:
    """Issue 15: goals whose target date passed while still open showed nowhere."""
    with database.transaction() as session:
        program = make_program(session, start_date=ago(200))
        first = make_pair(session, program, start_date=ago(100))
        second = make_pair(session, program, start_date=ago(100))
        ended = make_pair(session, program, start_date=ago(100), status="completed")
        goals = [
            (first, ago(10), "open"),  # overdue
            (first, ago(1), "open"),  # overdue
            (first, AS_OF, "open"),  # due today: not yet
            (first, ago(30), "achieved"),
            (second, ago(5), "dropped"),
            (second, None, "open"),
            (ended, ago(10), "open"),  # not an active pair
        ]
        for position, (pair, target, status) in enumerate(goals):
            session.add(
                Goal(pair_id=pair.id, position=position, text="A goal", target=target,
                     status=status)
            )  # fmt: skip
        session.flush()
        figures = program_figures(session, AS_OF, program.id)
        expected = sum(
            is_overdue(status, target, AS_OF) for pair, target, status in goals if pair is not ended
        )
    assert figures.overdue_goals == expected == 2
    assert figures.overdue_goal_pairs == {first.id}


# --- monthly trust ------------------------------------------------------------------------


def test_monthly_trust(database: Any, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        months = monthly_trust(session, date(2027, 1, 1), AS_OF, ids["program"])
    assert months == [
        MonthlyTrust(2027, 1, None, 0),
        MonthlyTrust(2027, 2, None, 0),
        MonthlyTrust(2027, 3, 2.0, 1),  # A on 22 March
        MonthlyTrust(2027, 4, None, 0),
        MonthlyTrust(2027, 5, 3.5, 2),  # D 2.0 on 21 May, E 5.0 on 1 May
        # A 4.0, B 3.0, F 5.0 (counted although F starts later); not the mentor's view
        MonthlyTrust(2027, 6, 4.0, 3),
    ]
    assert months[2].first_day == date(2027, 3, 1)


def test_monthly_trust_across_a_new_year_and_every_program(
    database: Any, ids: dict[str, int]
) -> None:
    with database.transaction() as session:
        months = monthly_trust(session, date(2026, 12, 15), date(2027, 7, 10))
    assert [(m.year, m.month) for m in months][:2] == [(2026, 12), (2027, 1)]
    assert months[-1] == MonthlyTrust(2027, 7, 1.0, 1)
    assert months[-2] == MonthlyTrust(2027, 6, 4.25, 4)  # A 4, B 3, F 5 and the stranger 5


def test_monthly_means_are_rounded_half_up_exactly(database: Any) -> None:
    with database.transaction() as session:
        pair = make_pair(session)
        for overall in (3.83, 3.84):
            session.add(
                Assessment(
                    pair_id=pair.id, day=date(2027, 2, 3), respondent="mentee", overall=overall
                )
            )
        session.flush()
        months = monthly_trust(session, date(2027, 2, 1), date(2027, 2, 28), pair.program_id)
    assert months == [MonthlyTrust(2027, 2, 3.84, 2)]


def test_a_period_that_ends_before_it_starts(database: Any) -> None:
    with database.transaction() as session, pytest.raises(MentorDeskError, match="before"):
        monthly_trust(session, date(2027, 3, 1), date(2027, 2, 1))


def test_the_pairs_a_program_holds_are_counted_in_the_database(
    database: Any, ids: dict[str, int]
) -> None:
    """The empty program's next steps count pairs with one query, whatever their status."""
    from sqlalchemy import func, select

    from mentordesk.services.figures import pair_count
    from mentordesk.services.roster import roster_rows

    with database.transaction() as session:
        other = make_program(session, name="Autumn")
        make_pair(session, other)
    with database.transaction() as session:
        assert pair_count(session, ids["program"]) == len(roster_rows(session, ids["program"]))
        assert pair_count(session, ids["program"]) == 6  # A to F, the completed one too
        assert pair_count(session, other.id) == 1
        assert pair_count(session) == session.execute(select(func.count(Pair.id))).scalar_one()
