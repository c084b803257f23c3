"""Writing a program a part at a time, by the program file's rules, without one whole document.

A program made elsewhere a piece at a time (the demo's 100,000 pairs), rather
than read from a file (:func:`import_program_file`), is written through
:func:`program_in_parts`: the head (the program and its people) is
checked and written first, then the pairs in batches, each checked by the
same field rules and against the people, then the program-wide conflicts
and the workshops. Only the batch at hand is held in memory.

What a whole-document import also checks across the file (pair keys unique
over all batches, at most one active pair per mentee over all batches) is the
maker's to keep; the demo makes its pairs that way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from mentordesk.program_file.checks import (
    _check,
    _check_conflict,
    _check_pairs,
    _check_workshops,
    _Checked,
    _records,
)
from mentordesk.program_file.limits import MAX_CONFLICTS, MAX_PAIRS, MAX_WORKSHOPS
from mentordesk.program_file.problems import _Problems
from mentordesk.program_file.reading import (
    ImportSummary,
    _write_pairs,
    _write_people,
    _write_program,
    _write_program_conflicts,
    _write_workshops,
)
from mentordesk.program_file.risk_marks import verdicts_marked_once
from mentordesk.program_file.schema import _CONFLICT, _PAIR, _WORKSHOP, _List, _Object
from mentordesk.store import audit
from mentordesk.store.models import Program

_PAIRS = _List(_Object(_PAIR), MAX_PAIRS)
_WORKSHOPS = _List(_Object(_WORKSHOP), MAX_WORKSHOPS)
_CONFLICTS = _List(_Object(_CONFLICT), MAX_CONFLICTS)


class ProgramInParts:
    """A program being written a part at a time: :meth:`add_pairs`, then :meth:`finish`."""

    def __init__(self, session: Session, head: _Checked) -> None:
        self._session = session
        self._head = head
        self.program_id, self._plan_entries = _write_program(session, head.program)
        self._person_ids = _write_people(session, head)
        self._totals: dict[str, int] = defaultdict(int)
        self.summary: ImportSummary | None = None

    def _person_id(self, key: str) -> int:
        return self._person_ids[self._head.person_index[key]]

    def add_pairs(self, pairs: list[dict[str, Any]]) -> None:
        """Check a batch of pair records (PROGRAM_FILE.md) and write them after the earlier
        ones. Raises ProgramFileError naming each problem (paths count from the batch)."""
        problems = _Problems()
        checked = _PAIRS(pairs, "pairs", problems)
        _check_pairs(checked, self._head.people, self._head.person_index, problems)
        problems.raise_if_any()
        _write_pairs(self._session, self.program_id, checked, self._person_id, self._totals)

    def finish(
        self, program_conflicts: list[dict[str, Any]], workshops: list[dict[str, Any]]
    ) -> ImportSummary:
        """Check and write the program-wide conflicts and the workshops; what was written."""
        problems = _Problems()
        conflicts = _CONFLICTS(program_conflicts, "program_conflicts", problems)
        for number, conflict in _records(conflicts):
            _check_conflict(conflict, f"program_conflicts[{number}]", problems)
        checked_workshops = _WORKSHOPS(workshops, "workshops", problems)
        _check_workshops(checked_workshops, self._head.person_index, problems)
        problems.raise_if_any()
        totals = self._totals
        totals["conflicts"] += _write_program_conflicts(self._session, self.program_id, conflicts)
        workshop_count, attendances = _write_workshops(
            self._session, self.program_id, checked_workshops, self._person_id
        )
        self.summary = ImportSummary.of_written(
            self.program_id, self._head.program["name"], len(self._head.people),
            len(self._head.existing), totals, workshop_count, attendances, self._plan_entries,
        )  # fmt: skip
        return self.summary


@contextmanager
def program_in_parts(
    session: Session, head: dict[str, Any], description: str
) -> Iterator[ProgramInParts]:
    """Write a program a part at a time in the caller's transaction (the caller commits).

    ``head`` is a program file document without pairs, program conflicts or
    workshops: it is checked like a whole file (the program's name free, its
    people) and written on entering. Add the pairs in batches, then call
    :meth:`ProgramInParts.finish`. The per-record audit log is off inside; one
    entry, ``description`` and what was written, records the program at the end.
    """
    for name in ("pairs", "program_conflicts", "workshops"):
        if head.get(name):
            raise ValueError(f"The head of a program written in parts has no {name}.")
    checked = _check(session, head)
    session.flush()
    previous = session.info.get(audit.AUDIT_KEY, True)
    session.info[audit.AUDIT_KEY] = False
    try:
        writer = ProgramInParts(session, checked)
        with verdicts_marked_once(session, writer.program_id):
            yield writer
        if writer.summary is None:
            raise RuntimeError("A program written in parts was not finished.")
        session.flush()
    finally:
        session.info[audit.AUDIT_KEY] = previous
    audit.record(
        session,
        "create",
        Program.__tablename__,
        writer.program_id,
        f"{description}: {writer.summary.describe()}.",
    )
