"""Gathering the program report: the program judged on earlier days from one reading
agrees with the risk service, the verdicts kept for today stay in place, the pairs
started are counted without the roster, which is read only for its appendix."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentordesk.reports.program import Appendix, program_report, write_program_report
from mentordesk.reports.program.data import choose_program, gather_program, report_period
from mentordesk.services.risk import judge_afresh, judged_on_days
from mentordesk.services.risk_cache import kept_verdicts
from mentordesk.services.roster import roster_rows
from mentordesk.store.models import Pair, Program
from tests.factories import add_activity, add_conflict, add_ethics_review
from tests.reports.conftest import TODAY, fill_demo

GUIDELINE = "confidentiality"

# Quarter and month ends, a day inside a month, a day before the demo's first pair
# starts and the as-of day itself.
DAYS = (
    date(2025, 1, 1),
    date(2026, 9, 30),
    date(2026, 12, 31),
    date(2027, 2, 14),
    date(2027, 3, 31),
    date(2027, 5, 31),
    TODAY,
)


def test_each_day_is_judged_as_the_risk_service_judges_it(database):
    fill_demo(database)
    with database.transaction() as session:
        program = session.query(Program).one()
        # Records of this transaction, not yet written, count too; some of them are
        # dated after the earlier days, and must not count on those.
        pair = session.query(Pair).filter(Pair.status == "active").order_by(Pair.id).first()
        assert pair is not None
        add_activity(session, pair, date(2027, 3, 20), outcome="missed")
        add_conflict(
            session, pair, date(2027, 2, 10), severity="high",
            steps=((date(2027, 4, 15), "resolved"),),
        )  # fmt: skip
        add_ethics_review(session, pair, GUIDELINE, "concern", date(2027, 5, 2))

        judged = judged_on_days(session, program.id, DAYS)

        assert set(judged) == set(DAYS)
        assert judged[DAYS[0]] == []
        for day in DAYS:
            assert judged[day] == judge_afresh(session, day, program.id), day
        # Later days hold more pairs and some verdicts change with the day.
        assert len(judged[date(2026, 9, 30)]) < len(judged[TODAY])
        healths = {day: [row.health for row in judged[day]] for day in DAYS[1:]}
        assert len({tuple(values) for values in healths.values()}) > 1


def test_no_day_asked_judges_nothing(demo_db):
    with demo_db.transaction() as session:
        program = session.query(Program).one()
        assert judged_on_days(session, program.id, ()) == {}


def test_gathering_the_report_keeps_todays_verdicts(database):
    fill_demo(database)
    with database.transaction() as session:
        program = choose_program(session, None)
        day, period = report_period(program, TODAY, None, None, TODAY)
        data = gather_program(session, program, day, period)
        # The trends reach back over several earlier days, none of them today.
        assert len(data.trends) > 2
        assert all(point.span.end < TODAY for point in data.trends[:-1])
    with database.transaction() as session:
        kept, stale = kept_verdicts(session, TODAY, program.id)
        assert stale == 0
        assert kept is not None
        assert [row.pair_id for row in kept] == [row.pair_id for row in data.rows]
        # The verdicts of a day before were not kept over them.
        before = kept_verdicts(session, TODAY - timedelta(days=1), program.id)[1]
        assert before == len(data.rows)


def test_the_roster_is_read_only_for_its_appendix(demo_db, tmp_path):
    with demo_db.transaction() as session:
        program = choose_program(session, None)
        # Half a year, so that some pairs started in it (two were added in the spring).
        day, period = report_period(program, TODAY, date(2027, 1, 1), TODAY, TODAY)
        without = gather_program(session, program, day, period)
        with_roster = gather_program(session, program, day, period, with_roster=True)
        roster = roster_rows(session, program.id)
    assert without.roster is None
    assert with_roster.roster == tuple(roster)
    current = period.current
    started = sum(1 for pair in roster if current.start <= pair.start_date <= current.end)
    assert without.pairs_started == with_roster.pairs_started == started > 0
    # The roster appendix needs the roster: asked without it, nothing is written.
    with pytest.raises(ValueError, match="with_roster"):
        write_program_report(tmp_path / "none.pdf", without, appendix=Appendix.ALL)
    assert not (tmp_path / "none.pdf").exists()
    # The report asked with every appendix gathers it and lists every pair.
    with demo_db.transaction() as session:
        path = program_report(
            session, tmp_path / "all.pdf", as_of=TODAY, made_on=TODAY, appendix="all"
        )
    from tests.reports.pdfcheck import all_text, squashed

    text = squashed(all_text(path))
    assert all(squashed(pair.mentee_name) in text for pair in roster[:5])


def test_the_judgement_of_the_earlier_days_reports_progress_and_can_be_cancelled(
    demo_db, tmp_path
):
    from mentordesk.reports import ReportCancelled

    seen: list[int] = []

    def follow(done: int, total: int) -> bool:
        seen.append(done)
        return True

    with demo_db.transaction() as session:
        program_report(session, tmp_path / "a.pdf", as_of=TODAY, made_on=TODAY, progress=follow)
    # The gathering is the first 30 % of the whole; judging the earlier days its first
    # half, reported day by day (the demo's trends reach back several quarters).
    judging = sorted({done for done in seen if 0 < done <= 150})
    assert len(judging) >= 4
    assert seen == sorted(seen)

    # Cancelled while the earlier days are judged (the third of eight): no file.
    target = tmp_path / "b.pdf"
    with demo_db.transaction() as session, pytest.raises(ReportCancelled):
        program_report(
            session, target, as_of=TODAY, made_on=TODAY, progress=lambda done, total: done < 40
        )
    assert not target.exists()
