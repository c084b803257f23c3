"""The program judged on earlier days from one reading agrees with the risk service, and
gathering the report leaves the verdicts kept for today in place."""

from __future__ import annotations

from datetime import date, timedelta

from mentordesk.reports.program.data import choose_program, gather_program, report_period
from mentordesk.reports.program.history import judged_on_days
from mentordesk.services.risk import judge_afresh
from mentordesk.services.risk_cache import kept_verdicts
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
