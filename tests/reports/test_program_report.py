"""The program report read back from the PDF and compared with the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentordesk.domain.vocabularies import FlagWeight, Health, RiskFlag, TrustLevel
from mentordesk.errors import MentorDeskError
from mentordesk.reports import ReportCancelled
from mentordesk.reports.fonts import has_rtl
from mentordesk.reports.program import SECTIONS, program_report
from mentordesk.services.conflicts import conflict_summary
from mentordesk.services.ethics import ethics_matrix, ethics_summary
from mentordesk.services.figures import program_figures
from mentordesk.services.programs import list_programs
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import roster_rows
from tests.factories import make_program
from tests.reports.conftest import SECRET_CONFLICT, TODAY, fill_demo
from tests.reports.pdfcheck import (
    all_text,
    findable,
    outline_titles,
    overflowing_lines,
    page_texts,
    reader,
    squashed,
)


def _report(database, path: Path, **kwargs) -> Path:
    kwargs.setdefault("as_of", TODAY)
    with database.transaction() as session:
        return program_report(session, path, made_on=TODAY, **kwargs)


def _section_text(path: Path, title: str, next_title: str | None) -> str:
    text = squashed(all_text(path))
    # The contents on the cover name every section too: skip past them.
    start = text.index(squashed(title), text.index("Page2of"))
    end = text.index(squashed(next_title), start) if next_title else len(text)
    return text[start:end]


def test_figures_in_the_pdf_are_the_services_figures(database, tmp_path):
    fill_demo(database)
    path = _report(database, tmp_path / "program.pdf")
    with database.transaction() as session:
        program = list_programs(session)[0]
        figures = program_figures(session, TODAY, program.id)
        summary = conflict_summary(session, program.id, None, TODAY)
        matrix = ethics_matrix(session, program.id, TODAY)

    text = squashed(all_text(path))
    health = figures.health
    assert (
        squashed(
            f"{figures.active_pairs} active pairs; {health[Health.AT_RISK]} at risk and "
            f"{health[Health.WATCH]} to watch"
        )
        in text
    )
    assert f"{figures.average_trust:.2f}" in text
    assert f"{figures.adherence * 100:.0f}%" in text
    assert squashed(f"{figures.open_conflicts} open conflicts") in text
    assert squashed(f"{figures.unassessed} active pairs have no trust assessment") in text
    trust_table = _section_text(path, "What each trust level means", "Pairs needing attention")
    for level in TrustLevel:
        assert squashed(level.indirect_effects) + str(figures.trust_levels[level]) in trust_table
    assert squashed(f"{summary.total} conflicts opened") in text
    assert squashed(f"{matrix.completion * 100:.0f} % complete overall") in text


def test_sections_outline_contents_metadata_and_page_numbers(demo_db, out):
    path = _report(demo_db, out)

    assert outline_titles(path) == [entry.title for entry in SECTIONS]
    pdf = reader(path)
    assert pdf.metadata.title.startswith("Program report — ")
    assert pdf.metadata.author == "MentorDesk"
    texts = page_texts(path)
    assert 8 <= len(texts) <= 40
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    assert "CONFIDENTIAL" not in all_text(path)
    assert overflowing_lines(path) == []


def test_every_pair_needing_attention_is_listed_with_its_reasons(demo_db, out):
    path = _report(demo_db, out)
    with demo_db.transaction() as session:
        rows = assess_program(session, TODAY, list_programs(session)[0].id)
    section = _section_text(path, "Pairs needing attention", "Conflicts")
    needing = [row for row in rows if row.health is not Health.HEALTHY]
    assert needing
    for row in needing:
        assert findable(row.mentee_name) in section
        for reason in row.reasons:
            assert squashed(reason) in section


def test_the_roster_lists_every_pair(demo_db, out):
    path = _report(demo_db, out)
    with demo_db.transaction() as session:
        roster = roster_rows(session, list_programs(session)[0].id)
    appendix = _section_text(path, "Appendix: roster of all pairs", None)
    assert squashed(f"All {len(roster)} pairs") in appendix
    for row in roster:
        # Right-to-left names print in visual order; the same row's other name is found.
        name = row.mentee_name if has_rtl(row.mentor_name) else row.mentor_name
        assert findable(name, 10) in appendix


def test_confidential_descriptions_only_when_asked_and_then_marked_on_every_page(demo_db, tmp_path):
    plain = _report(demo_db, tmp_path / "plain.pdf")
    assert SECRET_CONFLICT not in all_text(plain)
    assert "(confidential — left out)" in all_text(plain)

    revealed = _report(demo_db, tmp_path / "revealed.pdf", include_confidential=True)
    assert squashed(SECRET_CONFLICT) in squashed(all_text(revealed))
    for text in page_texts(revealed):
        assert "CONFIDENTIAL" in text


def test_an_empty_program_gives_a_sensible_document(database, out):
    with database.transaction() as session:
        make_program(session, name="Pilot 2028", start_date=date(2028, 1, 10))

    path = _report(database, out, as_of=date(2028, 2, 1))

    text = all_text(path)
    assert "0 active pairs" in text
    assert "The program has no pairs yet." in text
    assert "No active pair on this day." in text
    assert "No conflict is open on this day." in text


def test_a_period_with_no_data_still_prints(demo_db, out):
    path = _report(
        demo_db, out, as_of=date(2026, 7, 2), start=date(2026, 7, 1), end=date(2026, 7, 2)
    )
    text = all_text(path)
    assert "No assessment in this period." in text
    assert "No workshop in this period." in text


def test_bad_periods_and_ambiguous_programs_are_one_clear_error(database, out):
    with database.transaction() as session:
        make_program(session, name="Spring", start_date=date(2027, 1, 4))
    with pytest.raises(MentorDeskError, match=r"ends .* before it starts"):
        _report(database, out, start=date(2027, 5, 1), end=date(2027, 4, 1))
    with database.transaction() as session:
        make_program(session, name="Autumn", start_date=date(2027, 9, 1))
    with pytest.raises(MentorDeskError, match="name one with --program"):
        _report(database, out)
    with pytest.raises(MentorDeskError, match="Known programs"):
        _report(database, out, program_name="Winter")
    assert not out.exists()


def test_progress_grows_to_the_total_and_cancelling_leaves_no_file(demo_db, tmp_path):
    seen: list[int] = []
    _report(demo_db, tmp_path / "a.pdf", progress=lambda done, total: seen.append(done))
    assert seen == sorted(seen)
    assert seen[-1] == 1000
    assert len(set(seen)) > 10

    target = tmp_path / "b.pdf"
    with pytest.raises(ReportCancelled):
        _report(demo_db, target, progress=lambda done, total: done < 600)
    assert not target.exists()
    assert list(tmp_path.glob(".*.part")) == []


@pytest.mark.parametrize("all_pairs", [False, True])
def test_the_ethics_summary_the_report_prints_agrees_with_the_matrix(demo_db, all_pairs):
    with demo_db.transaction() as session:
        program = list_programs(session)[0]
        for day in (None, date(2027, 1, 15), date(2027, 4, 1), TODAY):
            matrix = ethics_matrix(session, program.id, day, all_pairs=all_pairs)
            summary = ethics_summary(session, program.id, day, all_pairs=all_pairs)
            assert summary.pairs == len(matrix.rows)
            assert summary.completion == pytest.approx(matrix.completion)
            assert summary.completion_by_guideline == pytest.approx(matrix.completion_by_guideline)
            assert summary.concerns == matrix.concerns
    assert any(row.concerns for row in matrix.rows)


def test_flags_are_counted_and_the_most_serious_pairs_come_first(demo_db, out):
    path = _report(demo_db, out)
    with demo_db.transaction() as session:
        rows = assess_program(session, TODAY, list_programs(session)[0].id)
    needing = [row for row in rows if row.health is not Health.HEALTHY]

    counts = _section_text(path, "Flags raised", "Every pair needing attention")
    for flag in RiskFlag:
        at_risk = sum(1 for r in needing if flag in r.flags and r.health is Health.AT_RISK)
        watch = sum(1 for r in needing if flag in r.flags and r.health is Health.WATCH)
        line = f"{flag.label}{flag.weight.label}{at_risk}{watch}{at_risk + watch}"
        assert squashed(line) in counts

    def severity(row):
        major = sum(1 for flag in row.flags if flag.weight is FlagWeight.MAJOR)
        health = 0 if row.health is Health.AT_RISK else 1
        return (health, -major, -len(row.flags), row.mentee_name.casefold(), row.pair_id)

    listing = _section_text(path, "Every pair needing attention", "Conflicts")
    at = 0
    for row in sorted(needing, key=severity):
        names = row.mentee_name + row.mentor_name
        if has_rtl(names) or any(ord(char) > 0xFFFF for char in names):
            continue
        at = listing.index(squashed(f"{row.health.label}{names}{row.model.label}"), at)
    assert at > 0
