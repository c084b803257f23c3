"""Many conflicts escalated in the period: the body lists the most serious (high severity
first) within its pages, the appendix every one, and the message says where they are."""

from __future__ import annotations

from datetime import date

from mentordesk.domain.vocabularies import ConflictStatus
from mentordesk.reports.program import choose_program, program_report
from mentordesk.reports.program.sections import ESCALATED_ROWS
from mentordesk.reports.style import format_day
from mentordesk.services.conflicts import list_conflicts
from mentordesk.services.roster import roster_rows
from mentordesk.store.models import Pair
from tests.factories import add_conflict
from tests.reports.conftest import TODAY, fill_demo
from tests.reports.pdfcheck import all_text, page_texts, squashed

EXTRA = 7
HIGH = 5


def test_escalations_beyond_the_body_s_room_go_to_the_appendix(database, tmp_path):
    fill_demo(database)
    with database.transaction() as session:
        program = choose_program(session, None)
        pairs = roster_rows(session, program.id)
        for number in range(ESCALATED_ROWS + EXTRA):
            pair = session.get(Pair, pairs[number % len(pairs)].pair_id)
            conflict = add_conflict(
                session,
                pair,
                date(2027, 4, 1 + number % 28),
                kind="trust_breach",
                # The last few are the high-severity ones: the body lists them first.
                severity="high" if number >= ESCALATED_ROWS + EXTRA - HIGH else "medium",
                steps=((date(2027, 5, 1 + number % 28), "escalated"),),
            )
            conflict.outcome = f"Board outcome {number:03d}"
    with database.transaction() as session:
        path = program_report(
            session, tmp_path / "program.pdf", as_of=TODAY, made_on=TODAY, appendix="attention"
        )
        escalated = [
            row
            for row in list_conflicts(
                session, program.id, as_of=TODAY, statuses=[ConflictStatus.ESCALATED]
            )
            if row.status_since >= date(2027, 4, 1)
        ]
    assert len(escalated) > ESCALATED_ROWS

    text = squashed(all_text(path))
    # The contents on the cover name the appendix too: look past them.
    appendix = text.index(squashed("Appendix: every pair needing attention"), text.index("Page2of"))
    body, tail = text[:appendix], text[appendix:]
    every = range(ESCALATED_ROWS + EXTRA)
    in_body = [number for number in every if f"outcome{number:03d}" in body]
    assert len(in_body) == ESCALATED_ROWS
    # High severity first: every high one made it into the body.
    assert set(every[-HIGH:]) <= set(in_body)
    more = len(escalated) - ESCALATED_ROWS
    note = f"{more} more conflicts escalated in the period are listed in the appendix"
    assert squashed(note) in body
    # The appendix lists every one.
    assert squashed("Every conflict escalated in the period") in tail
    for number in every:
        assert f"outcome{number:03d}" in tail
    assert squashed(format_day(escalated[0].opened)) in tail
    # The message says where they are.
    message = squashed(page_texts(path)[1])
    said = "the most serious listed under Conflicts with their outcome, every one in the appendix"
    assert squashed(said) in message
