"""The pair page's reading: everything the page shows about one pair, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from mentordesk.domain.vocabularies import EthicsGuideline
from mentordesk.services.activities import TimelineEntry, pair_timeline
from mentordesk.services.common import missing_pair
from mentordesk.services.ethics import EthicsCell, pair_ethics
from mentordesk.services.risk import PairRiskRow, assess_pair_by_id
from mentordesk.services.roster import PairDetails, pair_details
from mentordesk.services.trust import (
    AssessmentSummary,
    TrustComparison,
    compare_latest,
    trust_history,
)
from mentordesk.store.models import Pair


@dataclass(frozen=True)
class PairPage:
    """Everything the page shows about one pair, read in one transaction."""

    details: PairDetails
    risk: PairRiskRow
    history: list[AssessmentSummary]
    comparison: TrustComparison
    timeline: list[TimelineEntry]
    ethics: dict[EthicsGuideline, EthicsCell]


@cache
def _pair_with_people() -> Select[Pair]:
    """The pair with its program, mentor and mentee (built once; ``pair_id`` parameter)."""
    return (
        select(Pair)
        .where(Pair.id == bindparam("pair_id"))
        .options(joinedload(Pair.program), joinedload(Pair.mentor), joinedload(Pair.mentee))
    )


def load_page(session: Session, pair_id: int, as_of: date) -> PairPage:
    """Read the pair's page: a handful of queries, whatever the pair's history."""
    # The session keeps a record only while someone holds it: holding the pair with its
    # program and people, read in one query, lets every service below find them there.
    pair = session.scalars(_pair_with_people(), {"pair_id": pair_id}).unique().one_or_none()
    if pair is None:
        raise missing_pair(pair_id)
    history = trust_history(session, pair_id)
    page = PairPage(
        details=pair_details(session, pair_id),
        risk=assess_pair_by_id(session, pair_id, as_of),
        history=history,
        comparison=compare_latest(history),
        timeline=pair_timeline(session, pair_id),
        ethics=pair_ethics(session, pair_id, as_of),
    )
    return page
