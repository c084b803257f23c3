"""Planning a cohort off the GUI thread: read the intake, solve, bring back what to show."""

from __future__ import annotations

from dataclasses import dataclass

from mentordesk.domain.cohort import Cohort, CohortPlan, CohortProblem
from mentordesk.domain.matching import Weights
from mentordesk.errors import MentorDeskError
from mentordesk.services import matching
from mentordesk.ui.context import AppContext

#: Where the intake comes from: the people waiting, people ticked in a list, a file.
WAITING, CHOSEN, FROM_FILE = "waiting", "chosen", "file"


@dataclass(frozen=True)
class Planned:
    """What a run brings back from the worker."""

    cohort: Cohort
    plan: CohortPlan
    intake: matching.Intake
    mentors: int
    places: int


def plan_cohort(
    context: AppContext,
    program_id: int,
    mode: str,
    *,
    chosen: list[int],
    references: list[str],
    apart: list[tuple[str, str]],
    weights: Weights,
    other_only: bool,
    locks: dict[int, int],
) -> Planned:
    """Plan the intake (``mode``) around the kept pairs; runs on a pool thread."""
    with context.transaction() as session:
        intake, cohort = matching.prepare_cohort(
            session,
            program_id,
            mentee_ids=chosen if mode == CHOSEN else None,
            references=references if mode == FROM_FILE else None,
            keep_apart=apart,
            weights=weights,
            other_department_only=other_only,
        )
    kept = {m: r for m, r in locks.items() if m in cohort.row_of}
    try:
        plan = cohort.solve(kept)
    except CohortProblem as problem:
        raise MentorDeskError(str(problem)) from None
    places = int(sum(max(int(p), 0) for p in cohort.places))
    return Planned(cohort, plan, intake, len(cohort.mentors), places)
