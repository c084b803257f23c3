"""Matching a whole intake at once: the optimal plan, with reasons, around locked pairs.

DOMAIN.md, "Matching": for a whole cohort, an optimal assignment, not a greedy
one: first as many mentees matched as possible, then the highest total score.

Hard rules, always held: never the mentee themself, never anyone in either
person's management chain, only people who can mentor, are still with the
company and have a place left (their proposed and active pairs use places).
Optional rules: another department only, pairs kept apart, pairs locked by the
coordinator (kept as they are; the rest is planned around them).

The plan is solved exactly with the Hungarian method
(``scipy.optimize.linear_sum_assignment``) over *places*: each mentor's column
is repeated once per free place. Every possible pair is worth a bonus larger
than any total of scores plus its score, so the count of matched mentees comes
first and the total score second. The scores are computed for the whole
cohort at once with matrix products, so 500 mentees × 500 mentors is solved in
well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from mentordesk.domain.management import management_chain
from mentordesk.domain.matching import (
    DEFAULT_WEIGHTS,
    MenteeProfile,
    MentorCandidate,
    Weights,
    criteria,
    exclusion,
)

MAX_NAMED = 12
"""How many full mentors an unmatched mentee's reason names before "and N more"."""


class CohortProblem(ValueError):
    """A lock or a swap the rules do not allow; the message says which and why."""


@dataclass(frozen=True)
class ProposedPair:
    """One pair of the plan: who, the score, the criteria that scored, locked or not."""

    mentee_id: int
    mentee_name: str
    mentor_id: int
    mentor_name: str
    score: float
    reasons: tuple[str, ...]
    locked: bool = False


@dataclass(frozen=True)
class UnmatchedMentee:
    """A mentee the plan leaves without a mentor, and why."""

    mentee_id: int
    mentee_name: str
    reason: str


@dataclass(frozen=True)
class CandidateChoice:
    """An eligible mentor for one mentee, as the swap list shows them."""

    mentor_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    places_left: int
    """Free places under the plan, not counting this mentee's current pair."""


@dataclass(frozen=True)
class CohortPlan:
    """The proposed pairs in the mentees' order, and the mentees left unmatched."""

    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[UnmatchedMentee, ...]
    order: tuple[int, ...] = field(default=(), repr=False, compare=False)
    """The cohort's mentee ids in their order (for :meth:`assignment`)."""

    @property
    def matched(self) -> int:
        """How many mentees have a mentor in the plan."""
        return len(self.pairs)

    @property
    def total_score(self) -> float:
        """The sum of the proposed pairs' scores."""
        return float(sum(pair.score for pair in self.pairs))

    def mentor_of(self, mentee_id: int) -> int | None:
        """The planned mentor of ``mentee_id``, or None."""
        return next((p.mentor_id for p in self.pairs if p.mentee_id == mentee_id), None)

    def assignment(self) -> list[tuple[int, int | None]]:
        """``(mentee id, mentor id or None)`` for every mentee, in the cohort's order."""
        mentors = {pair.mentee_id: pair.mentor_id for pair in self.pairs}
        return [(mentee_id, mentors.get(mentee_id)) for mentee_id in self.order]


def _code(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return text.strip().casefold()


def _codes(values: Iterable[str | None], known: dict[str, int]) -> NDArray[np.int64]:
    out = []
    for value in values:
        code = _code(value)
        out.append(-1 if code is None else known.setdefault(code, len(known)))
    return np.array(out, dtype=np.int64)


class Cohort:
    """A cohort to plan: the mentees, the mentor pool, the rules and the weights.

    Scores and eligibility are computed once, here; :meth:`solve` then plans
    (again) around any locked pairs, and :meth:`choices` lists the eligible
    mentors of one mentee for a swap.
    """

    def __init__(
        self,
        mentees: Sequence[MenteeProfile],
        candidates: Sequence[MentorCandidate],
        managers: Mapping[int, int | None],
        weights: Weights = DEFAULT_WEIGHTS,
        *,
        model: str | None = None,
        other_department_only: bool = False,
        keep_apart: Iterable[tuple[int, int]] = (),
    ) -> None:
        unique: dict[int, MenteeProfile] = {}
        for mentee in mentees:
            unique.setdefault(mentee.person_id, mentee)
        self.mentees = list(unique.values())
        self.mentors = list({c.person_id: c for c in candidates}.values())
        self.managers = managers
        self.weights = weights
        self.model = model
        self.other_department_only = other_department_only
        self.keep_apart = frozenset(keep_apart)
        self.row_of = {m.person_id: i for i, m in enumerate(self.mentees)}
        self.column_of = {c.person_id: j for j, c in enumerate(self.mentors)}
        self.places = np.array([c.remaining_capacity for c in self.mentors], dtype=np.int64)
        self.scores, self.other_department = self._score_matrix()
        self.eligible = self._eligibility()

    # -- building ---------------------------------------------------------------------------

    def _score_matrix(self) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        n, m = len(self.mentees), len(self.mentors)
        tags: dict[str, int] = {}
        mentee_tags = [
            {tags.setdefault(_code(t) or "", len(tags)) for t in p.skills if _code(t)}
            for p in self.mentees
        ]
        mentor_tags = [
            {tags.setdefault(_code(t) or "", len(tags)) for t in p.skills if _code(t)}
            for p in self.mentors
        ]
        left = np.zeros((n, max(len(tags), 1)), dtype=np.float64)
        right = np.zeros((m, max(len(tags), 1)), dtype=np.float64)
        for i, found in enumerate(mentee_tags):
            left[i, list(found)] = 1.0
        for j, found in enumerate(mentor_tags):
            right[j, list(found)] = 1.0
        shared = left @ right.T

        departments: dict[str, int] = {}
        mentee_dept = _codes((p.department for p in self.mentees), departments)[:, None]
        mentor_dept = _codes((p.department for p in self.mentors), departments)[None, :]
        other = (mentee_dept != mentor_dept) & (mentee_dept >= 0) & (mentor_dept >= 0)
        places: dict[str, int] = {}
        mentee_loc = _codes((p.location for p in self.mentees), places)[:, None]
        mentor_loc = _codes((p.location for p in self.mentors), places)[None, :]
        same_place = (mentee_loc == mentor_loc) & (mentee_loc >= 0)

        fit = np.zeros((n, m), dtype=bool)
        unknown = -1
        mentee_level = np.array(
            [unknown if p.level is None else p.level for p in self.mentees], dtype=np.int64
        )[:, None]
        mentor_level = np.array(
            [unknown if p.level is None else p.level for p in self.mentors], dtype=np.int64
        )[None, :]
        if self.model == "peer":
            fit = (mentee_level == mentor_level) & (mentee_level >= 0)
        elif self.model == "formal":
            fit = (mentor_level < mentee_level) & (mentor_level >= 0) & (mentee_level >= 0)
        elif self.model == "informal":
            fit = shared > 0
        w = self.weights
        # Added in the order match_score adds them, so the figures agree to the last bit.
        scores = w.skills * shared + w.department * other + w.location * same_place
        scores = scores + w.model * fit
        return np.asarray(scores, dtype=np.float64), np.asarray(other, dtype=bool)

    def _eligibility(self) -> NDArray[np.bool_]:
        """Who may mentor whom by the hard and optional rules, places aside."""
        n, m = len(self.mentees), len(self.mentors)
        able = np.array([c.can_mentor and c.active for c in self.mentors], dtype=bool)
        allowed = np.repeat(able[None, :], n, axis=0) if n else np.zeros((0, m), dtype=bool)
        for i, mentee in enumerate(self.mentees):
            j = self.column_of.get(mentee.person_id)
            if j is not None:
                allowed[i, j] = False
            for boss in management_chain(mentee.person_id, self.managers):
                column = self.column_of.get(boss)
                if column is not None:
                    allowed[i, column] = False
        for j, mentor in enumerate(self.mentors):
            for boss in management_chain(mentor.person_id, self.managers):
                row = self.row_of.get(boss)
                if row is not None:
                    allowed[row, j] = False
        if self.other_department_only:
            allowed &= self.other_department
        for mentee_id, mentor_id in self.keep_apart:
            row, column = self.row_of.get(mentee_id), self.column_of.get(mentor_id)
            if row is not None and column is not None:
                allowed[row, column] = False
        return allowed

    # -- asking -----------------------------------------------------------------------------

    def why_not(self, mentee_id: int, mentor_id: int) -> str | None:
        """Why this mentor may not mentor this mentee (places aside), or None when they may."""
        i, j = self.row_of[mentee_id], self.column_of.get(mentor_id)
        if j is None:
            return "Is not in the mentor pool (cannot mentor, or has left)."
        if self.eligible[i, j]:
            return None
        mentee, mentor = self.mentees[i], self.mentors[j]
        if (mentee_id, mentor_id) in self.keep_apart:
            return "Is to be kept apart from this mentee."
        free = replace(mentor, current_mentees=0, capacity=1)
        hard = exclusion(mentee, free, self.managers)
        if hard is not None:
            return hard
        return "Works in the same department (another department only)."

    def reasons(self, mentee_id: int, mentor_id: int) -> tuple[str, ...]:
        """The criteria that scored for this pair, or a sentence saying none did."""
        i, j = self.row_of[mentee_id], self.column_of[mentor_id]
        found = criteria(self.mentees[i], self.mentors[j], self.weights, self.model)
        return found or ("No criterion scored; the best place left for this mentee.",)

    def score(self, mentee_id: int, mentor_id: int) -> float:
        """The pair's match score under the cohort's weights."""
        return float(self.scores[self.row_of[mentee_id], self.column_of[mentor_id]])

    def _pair(self, i: int, j: int, locked: bool) -> ProposedPair:
        mentee, mentor = self.mentees[i], self.mentors[j]
        return ProposedPair(
            mentee_id=mentee.person_id,
            mentee_name=mentee.name,
            mentor_id=mentor.person_id,
            mentor_name=mentor.name,
            score=float(self.scores[i, j]),
            reasons=self.reasons(mentee.person_id, mentor.person_id),
            locked=locked,
        )

    def choices(self, mentee_id: int, plan: CohortPlan) -> list[CandidateChoice]:
        """The mentors who may mentor ``mentee_id``, best score first, each with the places
        they have left under ``plan`` (not counting this mentee's own pair)."""
        i = self.row_of[mentee_id]
        used = self._used(plan, leave_out=mentee_id)
        found = [
            CandidateChoice(
                mentor_id=mentor.person_id,
                name=mentor.name,
                score=float(self.scores[i, j]),
                reasons=self.reasons(mentee_id, mentor.person_id),
                places_left=int(self.places[j] - used[j]),
            )
            for j, mentor in enumerate(self.mentors)
            if self.eligible[i, j]
        ]
        found.sort(key=lambda c: (-c.score, -c.places_left, c.name.casefold(), c.mentor_id))
        return found

    def _used(self, plan: CohortPlan, leave_out: int | None = None) -> NDArray[np.int64]:
        used = np.zeros(len(self.mentors), dtype=np.int64)
        for pair in plan.pairs:
            if pair.mentee_id != leave_out:
                used[self.column_of[pair.mentor_id]] += 1
        return used

    # -- planning ---------------------------------------------------------------------------

    def solve(self, locked: Mapping[int, int] | None = None) -> CohortPlan:
        """The optimal plan keeping ``locked`` (mentee id → mentor id) as it is.

        Raises :class:`CohortProblem` when a lock breaks a rule or gives a mentor
        more mentees than their places.
        """
        locked = dict(locked or {})
        n = len(self.mentees)
        assigned: dict[int, int] = {}
        left = self.places.copy()
        for mentee_id, mentor_id in locked.items():
            if mentee_id not in self.row_of:
                raise CohortProblem(f"Person {mentee_id} is not one of the cohort's mentees.")
            i = self.row_of[mentee_id]
            why = self.why_not(mentee_id, mentor_id)
            if why is not None:
                raise CohortProblem(
                    f"{self.mentees[i].name} cannot keep that mentor: {why[0].lower()}{why[1:]}"
                )
            j = self.column_of[mentor_id]
            if left[j] <= 0:
                raise CohortProblem(
                    f"{self.mentors[j].name} has no place left for {self.mentees[i].name}: "
                    "unlock one of their pairs first."
                )
            left[j] -= 1
            assigned[i] = j
        rows = np.array([i for i in range(n) if i not in assigned], dtype=np.int64)
        if len(rows) and len(self.mentors):
            usable = self.eligible[rows]
            wanted = np.minimum(np.maximum(left, 0), usable.sum(axis=0))
            columns = np.repeat(np.arange(len(self.mentors)), wanted)
            if len(columns):
                scores = self.scores[np.ix_(rows, columns)]
                allowed = usable[:, columns]
                best = float(scores.max(initial=0.0))
                bonus = 1.0 + best * len(rows)
                value = np.where(allowed, scores + bonus, 0.0)
                # SciPy loads on the first plan, not with the module: the match assistant
                # (one mentee, no assignment) opens without waiting for it.
                from scipy.optimize import linear_sum_assignment

                picked_rows, picked_columns = linear_sum_assignment(value, maximize=True)
                for r, c in zip(picked_rows, picked_columns, strict=True):
                    if allowed[r, c]:
                        assigned[int(rows[r])] = int(columns[c])
        pairs = tuple(
            self._pair(i, assigned[i], self.mentees[i].person_id in locked)
            for i in range(n)
            if i in assigned
        )
        partial = CohortPlan(pairs=pairs, unmatched=())
        used = self._used(partial)
        unmatched = tuple(
            UnmatchedMentee(m.person_id, m.name, self._unmatched_reason(i, used))
            for i, m in enumerate(self.mentees)
            if i not in assigned
        )
        order = tuple(m.person_id for m in self.mentees)
        return CohortPlan(pairs=pairs, unmatched=unmatched, order=order)

    def _unmatched_reason(self, i: int, used: NDArray[np.int64]) -> str:
        eligible = np.flatnonzero(self.eligible[i])
        if not len(eligible):
            mentee = self.mentees[i]
            why: dict[str, int] = {}
            for mentor in self.mentors:
                if mentor.person_id == mentee.person_id:
                    continue
                sentence = self.why_not(mentee.person_id, mentor.person_id) or ""
                why[sentence] = why.get(sentence, 0) + 1
            if not why:
                return "No eligible mentor: the mentor pool is empty."
            detail = "; ".join(
                f"{count} {'mentor' if count == 1 else 'mentors'}: {sentence.rstrip('.').lower()}"
                for sentence, count in sorted(why.items(), key=lambda item: -item[1])
            )
            return f"No eligible mentor ({detail})."
        full = [
            f"{self.mentors[j].name} ({self.mentors[j].capacity} of "
            f"{self.mentors[j].capacity} taken)"
            for j in eligible
            if used[j] >= self.places[j]
        ]
        named = ", ".join(full[:MAX_NAMED])
        if len(full) > MAX_NAMED:
            named += f" and {len(full) - MAX_NAMED} more"
        return (
            f"The eligible mentors are full: {named}. Their places went where no other "
            "mentor could go or where the total is higher."
        )

    # -- changing by hand -------------------------------------------------------------------

    def with_mentor(self, plan: CohortPlan, mentee_id: int, mentor_id: int) -> CohortPlan:
        """``plan`` with ``mentee_id`` given ``mentor_id`` by hand (and locked), the rest
        as it is. Raises :class:`CohortProblem` when the rules or the places forbid it."""
        why = self.why_not(mentee_id, mentor_id)
        i = self.row_of[mentee_id]
        if why is not None:
            raise CohortProblem(f"{self.mentees[i].name}: {why}")
        j = self.column_of[mentor_id]
        used = self._used(plan, leave_out=mentee_id)
        if used[j] >= self.places[j]:
            raise CohortProblem(
                f"{self.mentors[j].name} has no place left in this plan: move one of their "
                "mentees first."
            )
        locked = {p.mentee_id: p.mentor_id for p in plan.pairs if p.locked}
        keep = {p.mentee_id: p.mentor_id for p in plan.pairs}
        keep[mentee_id] = mentor_id
        locked[mentee_id] = mentor_id
        pairs = tuple(
            self._pair(self.row_of[m], self.column_of[keep[m]], m in locked)
            for m in (p.person_id for p in self.mentees)
            if m in keep
        )
        partial = CohortPlan(pairs=pairs, unmatched=())
        used = self._used(partial)
        unmatched = tuple(
            UnmatchedMentee(m.person_id, m.name, self._unmatched_reason(k, used))
            for k, m in enumerate(self.mentees)
            if m.person_id not in keep
        )
        return CohortPlan(pairs=pairs, unmatched=unmatched, order=plan.order)

    def with_locks(self, plan: CohortPlan, mentee_ids: Iterable[int], locked: bool) -> CohortPlan:
        """``plan`` with the pairs of ``mentee_ids`` locked (or unlocked)."""
        chosen = set(mentee_ids)
        pairs = tuple(replace(p, locked=locked) if p.mentee_id in chosen else p for p in plan.pairs)
        return CohortPlan(pairs=pairs, unmatched=plan.unmatched, order=plan.order)

    def problems(self, assignment: Mapping[int, int]) -> list[str]:
        """What breaks the rules in ``assignment`` (mentee id → mentor id): ineligible pairs
        and mentors above their places, as sentences; empty when it holds."""
        found = []
        used: dict[int, int] = {}
        for mentee_id, mentor_id in assignment.items():
            if mentee_id not in self.row_of:
                found.append(f"Person {mentee_id} is not one of the cohort's mentees.")
                continue
            why = self.why_not(mentee_id, mentor_id)
            if why is not None:
                found.append(f"{self.mentees[self.row_of[mentee_id]].name}: {why}")
                continue
            used[mentor_id] = used.get(mentor_id, 0) + 1
        for mentor_id, count in used.items():
            j = self.column_of[mentor_id]
            if count > self.places[j]:
                found.append(
                    f"{self.mentors[j].name} gets {count} mentees but has "
                    f"{int(self.places[j])} places left."
                )
        return found
