"""Counts of a thousand and more print with thousands separators everywhere in the program
report (sentences, tables and chart labels alike), and every day in one style: the
reasons of the risk flags write theirs ISO, the reports as "29 Dec 2025"."""

from __future__ import annotations

import re
from pathlib import Path

from mentordesk.demo import load_demo
from mentordesk.reports.program import program_report
from mentordesk.store.database import open_database
from tests.reports.conftest import TODAY
from tests.reports.pdfcheck import all_text

# Four digits or more standing alone, not a year of this century, not part of a date or
# a longer number with separators.
_BARE_COUNT = re.compile(r"(?<![\d,.:/-])(?!20\d\d(?!\d))\d{4,}(?![\d,])")


def test_counts_over_a_thousand_have_separators(tmp_path: Path) -> None:
    database = open_database(tmp_path / "program.sqlite3")
    try:
        with database.transaction() as session:
            load_demo(session, 150, 7, TODAY)
        path = tmp_path / "report.pdf"
        with database.transaction() as session:
            program_report(session, path, as_of=TODAY, made_on=TODAY, appendix="all")
    finally:
        database.close()
    text = all_text(path)
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text) == []
    assert re.search(r"since \d{1,2} [A-Z][a-z]{2} \d{4}", text)  # a flag's reason
    # The demo's period holds over a thousand activities: the sentence and the table say so.
    assert re.search(r"\b\d,\d{3} activities from", text), text[:2000]
    assert _BARE_COUNT.findall(text) == []
