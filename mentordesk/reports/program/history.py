"""The program's pairs judged on several earlier days from one reading of their records.

The trends print each quarter's active pairs, health and check-in adherence as
on its last day, and the message compares the period's end with the end of the
period before. Asking the risk service for each of those days read every record
of the program again, once per day (nine readings, three quarters of the
gathering at 10,000 pairs), and replaced the verdicts it keeps for the
dashboard with those of a past day, so the next dashboard judged every pair
again.

The rules count only the records dated on or before the day they judge
(:func:`mentordesk.domain.risk.assess_pair` cuts activities, assessments,
conflicts with their steps and ethics reviews at the day itself), so the
records up to the latest day, read once, judge every earlier day exactly as a
reading cut at that day would. The pairs judged on a day are those the risk
service would judge: active, of the program, started by the day, in its order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING

from mentordesk.domain.management import in_management_chain
from mentordesk.domain.risk import PairFacts, assess_pair
from mentordesk.services.risk import (
    PairRiskRow,
    _activities,
    _assessments,
    _conflicts,
    _ethics,
    _managers,
    _pairs,
    _people,
    collector_paused,
    selection,
    selection_statements,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def judged_on_days(
    session: Session,
    program_id: int,
    days: Collection[date],
    each_day: Callable[[float], None] | None = None,
) -> dict[date, list[PairRiskRow]]:
    """For each of ``days``, the verdicts :func:`mentordesk.services.risk.judge_afresh`
    gives for the program on that day (nothing is kept: these are not today's).

    ``each_day`` is told the share of the days judged after each one (a report's
    progress, which may cancel it there)."""
    if not days:
        return {}
    latest = max(days)
    shape, parameters = selection(latest, program_id)
    if shape is None:  # only a choice of no pairs has none
        return {}
    statements = selection_statements(shape)
    with collector_paused():
        # Records the caller added in this transaction must count too.
        session.flush()
        pairs = _pairs(session, statements.pairs, parameters)
        if not pairs:
            return {day: [] for day in days}
        activities = _activities(session, statements, parameters)
        assessments = _assessments(session, statements, parameters)
        conflicts = _conflicts(session, statements, parameters)
        ethics = _ethics(session, statements, parameters)
        managers = _managers(session, {person for pair in pairs for person in _people(pair)})
        empty: tuple[()] = ()
        facts = [
            PairFacts(
                model=pair.model,
                status=pair.status,
                start=pair.start,
                agreement_signed=pair.agreement_signed,
                cadence_days=pair.cadence_days,
                thresholds=pair.thresholds,
                activities=activities.get(pair.pair_id, empty),
                assessments=assessments.get(pair.pair_id, empty),
                conflicts=conflicts.get(pair.pair_id, empty),
                ethics=ethics.get(pair.pair_id, empty),
                in_management_chain=in_management_chain(
                    pair.mentor_id, pair.mentee_id, managers
                ),
            )
            for pair in pairs
        ]
        del activities, assessments, conflicts, ethics
        judged: dict[date, list[PairRiskRow]] = {}
        ordered = sorted(set(days))
        for index, day in enumerate(ordered, start=1):
            rows = []
            for pair, pair_facts in zip(pairs, facts, strict=True):
                if pair.start > day:
                    continue
                risk = assess_pair(pair_facts, day)
                rows.append(
                    PairRiskRow(
                        pair_id=pair.pair_id,
                        program_id=pair.program_id,
                        program_name=pair.program_name,
                        mentor_name=pair.mentor_name,
                        mentor_email=pair.mentor_email,
                        mentee_name=pair.mentee_name,
                        mentee_email=pair.mentee_email,
                        model=pair.model,
                        health=risk.health,
                        findings=risk.findings,
                        trust_score=risk.trust_score,
                        trust_level=risk.trust_level,
                        consistency=risk.consistency.held_share,
                        adherence=risk.consistency.adherence,
                        too_new=risk.consistency.too_new,
                    )
                )
            judged[day] = rows
            if each_day is not None:
                each_day(index / len(ordered))
        return judged
