"""The program report on a program's first day: adherence 'too new', not a low share
(issue 15, item 1), read back from the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mentordesk.reports.program import program_report
from tests.factories import add_activity, make_pair, make_program
from tests.reports.pdfcheck import all_text, squashed

DAY = date(2027, 3, 1)


def test_the_first_day_of_a_program_reports_adherence_as_too_new(database, tmp_path: Path):
    with database.transaction() as session:
        program = make_program(session, name="First day", start_date=DAY, cadence_days=14)
        for model in ("formal", "informal", "peer"):
            pair = make_pair(session, program, model=model, start_date=DAY)
            add_activity(session, pair, DAY)
    with database.transaction() as session:
        path = program_report(session, tmp_path / "first.pdf", as_of=DAY, made_on=DAY)
    text = squashed(all_text(path))
    assert squashed("too new (3 pairs started less than a cadence ago)") in text
    assert squashed("too new (1 pair started less than a cadence ago)") in text
    assert squashed("Observed check-in adherence — Peer-to-peer 0 %") not in text
