"""The pairs needing attention, counted once when the report's figures are
gathered: most serious first, how many have each flag, and by department. The
layout only prints these (counting thousands of verdicts while laying out
pages cost a sixth of the report's time)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter

from mentordesk.domain.vocabularies import FlagWeight, Health, RiskFlag
from mentordesk.services.risk import PairRiskRow

# Health of the pairs needing attention, the more serious first.
_ATTENTION = {Health.AT_RISK: 0, Health.WATCH: 1}


@dataclass(frozen=True)
class DepartmentCount:
    """Active pairs of one department (the mentee's) and those needing attention."""

    name: str
    active: int
    at_risk: int
    watch: int


@dataclass(frozen=True)
class AttentionCounts:
    """The pairs needing attention on the as-of day and what they are flagged for."""

    pairs: tuple[PairRiskRow, ...]
    """At risk or to watch, most serious first: at risk before watch, then more
    major flags, then more flags; by mentee name among equals."""
    at_risk: int
    flags: Mapping[RiskFlag, int]
    """Active pairs with each flag raised (every flag, in the risk table's order)."""
    at_risk_flags: Mapping[RiskFlag, int]
    watch_flags: Mapping[RiskFlag, int]
    departments: tuple[DepartmentCount, ...]
    """Departments with a pair needing attention: most at risk first, then most to
    watch, then by name."""

    @property
    def watch(self) -> int:
        return len(self.pairs) - self.at_risk

    def most_common_at_risk_flag(self) -> tuple[RiskFlag, int] | None:
        """The flag most pairs at risk have (the first in the risk table's order
        among equals), with how many; None when no pair is at risk."""
        if not self.at_risk:
            return None
        top = max(RiskFlag, key=lambda flag: self.at_risk_flags[flag])
        return top, self.at_risk_flags[top]


def count_attention(rows: Iterable[PairRiskRow], departments: Mapping[int, str]) -> AttentionCounts:
    """Count the verdicts ``rows`` once: flags, health and departments together."""
    major = frozenset(flag for flag in RiskFlag if flag.weight is FlagWeight.MAJOR)
    flags = dict.fromkeys(RiskFlag, 0)
    by_health = (dict.fromkeys(RiskFlag, 0), dict.fromkeys(RiskFlag, 0))
    active: Counter[str] = Counter()
    needing = (Counter[str](), Counter[str]())
    ranked = []
    for row in rows:
        department = departments.get(row.pair_id, "")
        active[department] += 1
        raised = {finding.flag for finding in row.findings}
        for flag in raised:
            flags[flag] += 1
        rank = _ATTENTION.get(row.health)
        if rank is None:
            continue
        for flag in raised:
            by_health[rank][flag] += 1
        needing[rank][department] += 1
        majors = sum(1 for finding in row.findings if finding.flag in major)
        key = (rank, -majors, -len(row.findings), row.mentee_name.casefold(), row.pair_id)
        ranked.append((key, row))
    ranked.sort(key=itemgetter(0))
    at_risk, watch = needing
    names = sorted(
        set(at_risk) | set(watch),
        key=lambda name: (-at_risk[name], -watch[name], name.casefold()),
    )
    return AttentionCounts(
        pairs=tuple(row for _, row in ranked),
        at_risk=sum(at_risk.values()),
        flags=flags,
        at_risk_flags=by_health[0],
        watch_flags=by_health[1],
        departments=tuple(
            DepartmentCount(name, active[name], at_risk[name], watch[name]) for name in names
        ),
    )
