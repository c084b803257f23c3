"""The program report read back from the PDF and compared with the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentordesk.domain.risk import days_written
from mentordesk.domain.vocabularies import (
    ConflictStatus,
    FlagWeight,
    Health,
    ProactiveStep,
    RiskFlag,
)
from mentordesk.errors import MentorDeskError
from mentordesk.reports import ReportCancelled
from mentordesk.reports.fonts import has_rtl
from mentordesk.reports.program import (
    BODY_PAGE_LIMIT,
    Appendix,
    body_pages,
    choose_program,
    message,
    program_report,
    sections_for,
)
from mentordesk.reports.program.period import choose_period, trend_spans
from mentordesk.reports.program.words import count, part_of
from mentordesk.reports.style import ReportDocument, format_day
from mentordesk.services.conflicts import conflict_summary, list_conflicts
from mentordesk.services.ethics import ethics_matrix, ethics_summary
from mentordesk.services.figures import program_figures
from mentordesk.services.outcomes import program_outcomes
from mentordesk.services.programs import list_programs
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import roster_rows
from tests.factories import add_conflict, make_program
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


def _message_page(path: Path) -> str:
    return squashed(page_texts(path)[1])


def test_the_message_sentences_are_the_services_figures(database, tmp_path):
    fill_demo(database)
    path = _report(database, tmp_path / "program.pdf")
    quarter_end, before_end = date(2027, 6, 30), date(2027, 3, 31)
    with database.transaction() as session:
        program = list_programs(session)[0]
        now = program_figures(session, quarter_end, program.id)
        before = program_figures(session, before_end, program.id)
        outcomes = program_outcomes(session, program.id, TODAY)
        opened = conflict_summary(session, program.id, date(2027, 4, 1), quarter_end).total

    page = _message_page(path)
    assert "Themessage" in page
    assert squashed("Q2 2027 (1 Apr 2027 to 30 Jun 2027) compared with Q1 2027") in page
    assert squashed(f"from {before.active_pairs:,} to {now.active_pairs:,} in Q2 2027") in page
    assert (
        squashed(
            f"At-risk pairs {_moved(before.health[Health.AT_RISK], now.health[Health.AT_RISK])} "
            f"from {before.health[Health.AT_RISK]} to {now.health[Health.AT_RISK]}"
        )
        in page
    )
    assert squashed(f"from {before.average_trust:.2f} to {now.average_trust:.2f}") in page
    assert squashed(f"trust rose in {outcomes.total.trust_rose}") in page
    total = outcomes.total
    assert (
        squashed(f"achieved {total.goals_achieved:,} of {total.goals_set:,} goals set") in page
    )
    assert squashed(f"{total.goals_overdue:,} open goal") in page
    assert squashed(f"{opened:,} conflict") in page
    for heading in ProactiveStep:
        assert squashed(heading.label) in page
    assert "Whatweaskofleadership" in page
    # Every sentence is there word for word, each with a figure in it.
    with database.transaction() as session:
        from mentordesk.reports.program.data import gather_program, report_period

        program = choose_program(session, None)
        day, period = report_period(program, TODAY, None, None, TODAY)
        said = message(gather_program(session, program, day, period))
    assert 5 <= len(said.sentences) <= 6
    for sentence in (*said.sentences, *said.asks):
        assert any(char.isdigit() for char in sentence)
        assert squashed(sentence) in page


def _moved(before: int, after: int) -> str:
    return "rose" if after > before else "fell" if after < before else "held"


def test_a_young_program_is_reported_over_its_life_and_periods_follow_quarters():
    assert choose_period(date(2027, 1, 4), date(2027, 2, 10)).whole_life
    period = choose_period(date(2026, 1, 4), date(2027, 2, 10))
    assert (period.current.start, period.current.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period.previous is not None
    assert (period.previous.start, period.previous.end) == (date(2026, 7, 1), date(2026, 9, 30))
    partial = choose_period(date(2026, 8, 15), date(2027, 1, 10))
    assert partial.previous is not None and partial.previous.partial
    assert partial.previous.label == "Q3 2026 (partial)"
    months = trend_spans(date(2026, 8, 15), date(2027, 1, 10))
    assert [m.name for m in months][:1] == ["Aug 2026"]
    assert months[0].partial and months[-1].partial and not months[1].partial
    quarters = trend_spans(date(2025, 2, 1), date(2027, 1, 10))
    assert quarters[-1].label == "Q1 2027 (partial)"
    assert len(quarters) == 8


def test_numbers_read_as_words_do():
    assert count(1, "pair") == "1 pair"
    assert count(1234, "activity") == "1,234 activities"
    assert part_of(21, 31) == "about two in three"
    assert part_of(0, 5) == "none"


def test_sections_outline_contents_metadata_and_page_numbers(demo_db, out):
    path = _report(demo_db, out)

    assert outline_titles(path) == [entry.title for entry in sections_for(Appendix.ATTENTION)]
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
    section = _section_text(path, "Appendix: every pair needing attention", None)
    needing = [row for row in rows if row.health is not Health.HEALTHY]
    assert needing
    for row in needing:
        assert findable(row.mentee_name) in section
        for reason in row.reasons:  # their days written as every other day of the report
            assert squashed(days_written(reason, format_day)) in section


def test_the_roster_lists_every_pair(demo_db, out):
    path = _report(demo_db, out, appendix="all")
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

    path = _report(database, out, as_of=date(2028, 2, 1), appendix="all")

    text = all_text(path)
    assert "0 pairs are active" in text
    assert "The program has no pairs yet." in text
    assert "No active pair on this day." in text
    assert "No conflict is open on this day." in text


def test_a_period_with_no_data_still_prints(demo_db, out):
    path = _report(
        demo_db, out, as_of=date(2026, 7, 2), start=date(2026, 7, 1), end=date(2026, 7, 2)
    )
    text = all_text(path)
    assert "No workshop in this period." in text
    assert "No conflict was escalated or closed unresolved in the period." in text


def test_bad_periods_and_ambiguous_programs_are_one_clear_error(database, out):
    with database.transaction() as session:
        make_program(session, name="Spring", start_date=date(2027, 1, 4))
    with pytest.raises(MentorDeskError, match=r"ends .* before it starts"):
        _report(database, out, start=date(2027, 5, 1), end=date(2027, 4, 1))
    with database.transaction() as session:
        make_program(session, name="Autumn", start_date=date(2027, 9, 1))
    with pytest.raises(MentorDeskError, match="name the one to report on with --program"):
        _report(database, out)
    with pytest.raises(MentorDeskError, match="Known programs"):
        _report(database, out, program_name="Winter")
    assert not out.exists()


def test_progress_grows_to_the_total_and_cancelling_leaves_no_file(demo_db, tmp_path):
    seen: list[int] = []
    _report(
        demo_db, tmp_path / "a.pdf", progress=lambda done, total: seen.append(done), appendix="all"
    )
    assert seen == sorted(seen)
    assert seen[-1] == 1000
    assert len(set(seen)) > 10

    target = tmp_path / "b.pdf"
    with pytest.raises(ReportCancelled):
        _report(demo_db, target, progress=lambda done, total: done < 600, appendix="all")
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
    path = _report(demo_db, out, attention_rows=10)
    with demo_db.transaction() as session:
        rows = assess_program(session, TODAY, list_programs(session)[0].id)
    needing = [row for row in rows if row.health is not Health.HEALTHY]

    counts = _section_text(path, "By flag", "By department")
    for flag in RiskFlag:
        at_risk = sum(1 for r in needing if flag in r.flags and r.health is Health.AT_RISK)
        watch = sum(1 for r in needing if flag in r.flags and r.health is Health.WATCH)
        assert squashed(f"{flag.label}{at_risk}{watch}") in counts

    def severity(row):
        major = sum(1 for flag in row.flags if flag.weight is FlagWeight.MAJOR)
        health = 0 if row.health is Health.AT_RISK else 1
        return (health, -major, -len(row.flags), row.mentee_name.casefold(), row.pair_id)

    listing = _section_text(path, "The 10 most serious pairs", "Rated behavioural trust")
    at = 0
    for row in sorted(needing, key=severity)[:10]:
        if has_rtl(row.mentee_name):
            continue
        at = listing.index(squashed(f"{row.health.label}{findable(row.mentee_name, 6)}"), at)
    assert at > 0
    # Only the ten: the rest are in the appendix.
    assert listing.count(Health.WATCH.label) + listing.count(Health.AT_RISK.label) <= 11


def test_attention_rows_beyond_a_page_and_unknown_appendices_are_refused(demo_db, out):
    with pytest.raises(MentorDeskError, match="0 to 40"):
        _report(demo_db, out, attention_rows=41)
    with pytest.raises(MentorDeskError, match="none, attention, all"):
        _report(demo_db, out, appendix="some")
    assert not out.exists()


def test_every_escalated_and_closed_unresolved_conflict_of_the_period_is_listed(database, out):
    fill_demo(database)
    with database.transaction() as session:
        program = choose_program(session, None)
        pairs = [row for row in roster_rows(session, program.id)][:3]
        from mentordesk.store.models import Pair

        for number, row in enumerate(pairs):
            pair = session.get(Pair, row.pair_id)
            status = "escalated" if number < 2 else "closed_unresolved"
            conflict = add_conflict(
                session,
                pair,
                date(2027, 4, 10 + number),
                kind="trust_breach",
                severity="high",
                steps=((date(2027, 5, 2 + number), status),),
            )
            conflict.outcome = f"Outcome number {number} decided by the board"
    path = _report(database, out)
    with database.transaction() as session:
        ended = list_conflicts(
            session,
            program.id,
            as_of=date(2027, 6, 30),
            statuses=[ConflictStatus.ESCALATED, ConflictStatus.CLOSED_UNRESOLVED],
        )
    section = _section_text(path, "Escalated and closed unresolved", "Open conflicts")
    in_period = [row for row in ended if row.status_since >= date(2027, 4, 1)]
    assert len(in_period) >= 3
    for row in in_period:
        line = f"{format_day(row.opened)}{findable(row.mentee_name or '', 5)}"
        assert squashed(line) in section
    assert "Outcomenumber0" in section


@pytest.fixture(scope="session")
def big_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 5,000-pair demo, made once per test session with the command line."""
    from mentordesk.cli import main

    path = tmp_path_factory.mktemp("big") / "demo5000.sqlite3"
    assert main(["--db", str(path), "demo", "--pairs", "5000", "--as-of", "2026-12-05"]) == 0
    return path


@pytest.mark.slow
def test_the_body_stays_within_twelve_pages_at_5000_pairs(big_demo, tmp_path):
    from mentordesk.store.database import open_database

    database = open_database(big_demo)
    seen = {}
    original = ReportDocument.make

    def make(self, story):
        seen["document"] = self
        return original(self, story)

    try:
        ReportDocument.make = make
        with database.transaction() as session:
            path = program_report(
                session,
                tmp_path / "big.pdf",
                as_of=date(2026, 12, 5),
                made_on=date(2026, 12, 5),
                appendix="none",
            )
    finally:
        ReportDocument.make = original
        database.close()
    pages = len(page_texts(path))
    assert body_pages(seen["document"].registry, pages) == pages - 1 <= BODY_PAGE_LIMIT
    assert "Appendix" not in squashed(all_text(path)).split("Modelssidebyside")[-1]


def test_survey_rounds_show_response_rates_and_closing_results(database, out):
    from mentordesk.services.surveys import plan_round
    from mentordesk.store.models import SurveyOutcome

    fill_demo(database)
    path = _report(database, out)
    assert "No survey rounds yet." in all_text(path)

    with database.transaction() as session:
        program = choose_program(session, None)
        pairs = roster_rows(session, program.id)[:2]
        closing = plan_round(
            session,
            program.id,
            name="Closing 2027",
            kind="closing",
            opens_on=date(2027, 6, 1),
            due_on=date(2027, 6, 20),
            pair_ids=[row.pair_id for row in pairs],
        )
        for row, score in zip(pairs, (9, 6), strict=True):
            session.add(
                SurveyOutcome(
                    round_id=closing.id,
                    pair_id=row.pair_id,
                    respondent="mentee",
                    answered_on=date(2027, 6, 10),
                    goals=[{"text": "Lead a meeting", "answer": "achieved"}],
                    recommend=score,
                )
            )
    path = _report(database, out)
    text = squashed(all_text(path))
    assert squashed(f"Closing 2027 Closing 1 Jun 2027 20 Jun 2027 {closing.asked}") in text
    # All answers: two, mean 7.5, one promoter and one detractor (score 0), two achieved.
    assert squashed("All answers 2 7.5 1 / 0 / 1 0 2 / 0 / 0") in text
