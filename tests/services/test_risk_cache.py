"""Kept risk verdicts are exactly the verdicts judged afresh, whatever changed.

A demo program is judged once (so every verdict is kept), then random changes
are applied through the services (and a few straight in SQL, as another client
or an older program would), and after each one the verdicts of every pair,
read through the cache, must equal those judged from the records alone, on the
day of the change and on other days.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from mentordesk.demo import load_demo
from mentordesk.domain.questionnaire import ITEM_CODES, RATING_MAX, RATING_MIN
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    EthicsGuideline,
    EthicsState,
    PairStatus,
    Severity,
)
from mentordesk.errors import MentorDeskError
from mentordesk.services import activities, conflicts, ethics, roster, trust, workshops
from mentordesk.services.risk import assess_program, judge_afresh
from mentordesk.store.models import (
    Activity,
    Assessment,
    Conflict,
    Pair,
    Person,
    Program,
    RiskVerdict,
    Workshop,
)

TODAY = date(2026, 6, 30)
DAYS = (TODAY, TODAY - timedelta(days=45), TODAY + timedelta(days=20))


def _kept(database: Any) -> int:
    with database.transaction() as session:
        return int(
            session.scalar(
                select(func.count()).where(RiskVerdict.judged_stamp == RiskVerdict.stamp)
            )
            or 0
        )


def _same(database: Any, day: date) -> None:
    with database.transaction() as session:
        kept = assess_program(session, day)
    with database.transaction() as session:
        fresh = judge_afresh(session, day)
    assert kept == fresh
    with database.transaction() as session:
        again = assess_program(session, day)
    assert again == fresh


def _pick(session: Any, model: Any, rng: random.Random) -> Any:
    ids = session.scalars(select(model.id).order_by(model.id)).all()
    return rng.choice(ids) if ids else None


def _change(database: Any, rng: random.Random) -> str:
    """One random change, through a service where there is one; its name."""
    what = rng.choice(
        [
            "log activity", "update activity", "delete activity", "assessment",
            "delete assessment", "open conflict", "move conflict", "delete conflict",
            "ethics", "end pair", "sign agreement", "attendance", "manager",
            "program rules", "pair start in SQL", "activity in SQL",
        ]
    )  # fmt: skip
    with database.transaction() as session:
        pair_id = _pick(session, Pair, rng)
        pair = session.get(Pair, pair_id)
        day = pair.start_date + timedelta(days=rng.randrange(0, 400))
        if what == "log activity":
            activities.log_activity(
                session,
                pair_id,
                day=day,
                kind=rng.choice(list(ActivityKind)),
                outcome=rng.choice(list(ActivityOutcome)),
            )
        elif what == "update activity":
            activity_id = _pick(session, Activity, rng)
            activities.update_activity(
                session,
                activity_id,
                activities.ActivityFields(
                    day=session.get(Activity, activity_id).day,
                    kind=rng.choice(list(ActivityKind)),
                    outcome=rng.choice(list(ActivityOutcome)),
                ),
            )
        elif what == "delete activity":
            activities.delete_activity(session, _pick(session, Activity, rng))
        elif what == "assessment":
            trust.record_assessment(
                session,
                pair_id,
                day=day,
                respondent=rng.choice(["mentee", "mentee", "mentor"]),
                answers={code: rng.randint(RATING_MIN, RATING_MAX) for code in ITEM_CODES},
            )
        elif what == "delete assessment":
            trust.delete_assessment(session, _pick(session, Assessment, rng))
        elif what == "open conflict":
            conflicts.open_conflict(
                session,
                pair.program_id,
                pair_id,
                day,
                rng.choice(list(ConflictKind)),
                rng.choice(list(Severity)),
            )
        elif what == "move conflict":
            conflict_id = _pick(session, Conflict, rng)
            if conflict_id is not None:
                allowed = conflicts.allowed_next(session, conflict_id)
                if allowed:
                    conflicts.move_conflict(
                        session, conflict_id, rng.choice(allowed), TODAY - timedelta(days=3)
                    )
        elif what == "delete conflict":
            conflict_id = _pick(session, Conflict, rng)
            if conflict_id is not None:
                conflicts.delete_conflict(session, conflict_id)
        elif what == "ethics":
            ethics.set_ethics_state(
                session,
                pair_id,
                rng.choice(list(EthicsGuideline)),
                rng.choice(list(EthicsState)),
                day,
            )
        elif what == "end pair":
            roster.end_pair(
                session,
                pair_id,
                status=rng.choice([PairStatus.COMPLETED, PairStatus.ENDED_EARLY]),
                reason="test",
                end_date=TODAY,
            )
        elif what == "sign agreement":
            roster.sign_agreement(session, pair_id, rng.choice([None, pair.start_date]))
        elif what == "attendance":
            workshop_id = _pick(session, Workshop, rng)
            if workshop_id is not None:
                workshops.toggle_attendance(
                    session, workshop_id, rng.choice([pair.mentor_id, pair.mentee_id])
                )
        elif what == "manager":
            # The management-chain flag: make the mentee report to the mentor, or undo it.
            mentee = session.get(Person, pair.mentee_id)
            mentee.manager_id = None if mentee.manager_id == pair.mentor_id else pair.mentor_id
        elif what == "program rules":
            program = session.get(Program, pair.program_id)
            program.threshold_high = rng.choice([3.5, 4.0, 4.5])
            program.cadence_days = rng.choice([7, 14, 30])
        elif what == "pair start in SQL":
            session.execute(
                text("UPDATE pair SET start_date = :day WHERE id = :id"),
                {
                    "day": (TODAY - timedelta(days=rng.randrange(10, 300))).isoformat(),
                    "id": pair_id,
                },
            )
        elif what == "activity in SQL":
            session.execute(
                text("DELETE FROM activity WHERE pair_id = :id AND day >= :day"),
                {"id": pair_id, "day": (TODAY - timedelta(days=60)).isoformat()},
            )
    return what


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_verdicts_equal_fresh_ones_after_random_changes(database: Any, seed: int) -> None:
    with database.transaction() as session:
        load_demo(session, 60, seed, TODAY)
    _same(database, TODAY)
    assert _kept(database) > 0  # the first judgement was kept
    rng = random.Random(seed)
    done: list[str] = []
    for _ in range(30):
        try:
            done.append(_change(database, rng))
        except MentorDeskError:
            continue  # refused by the service: nothing changed
        _same(database, rng.choice(DAYS))
    assert len(done) > 15


def test_a_new_day_and_a_chosen_few_pairs_agree_too(database: Any) -> None:
    with database.transaction() as session:
        load_demo(session, 60, 4, TODAY)
        some = session.scalars(select(Pair.id).order_by(Pair.id).limit(12)).all()
    for day in DAYS:
        with database.transaction() as session:
            kept = assess_program(session, day, pair_ids=some)
            fresh = judge_afresh(session, day, pair_ids=some)
        assert kept == fresh
        _same(database, day)


def test_a_read_only_database_still_gets_its_verdicts(db_path: Path) -> None:
    from mentordesk.store.database import open_database

    database = open_database(db_path)
    with database.transaction() as session:
        load_demo(session, 40, 1, TODAY)
    database.close()
    read_only = open_database(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    try:
        with read_only.transaction() as session:
            kept = assess_program(session, TODAY)
            fresh = judge_afresh(session, TODAY)
        assert kept == fresh and kept
    finally:
        read_only.close()


def test_another_clients_change_is_seen(database: Any) -> None:
    """Two clients of one database (a shared server, or two windows on one file): the
    change one makes marks the verdict the other kept."""
    from mentordesk.store.database import open_database

    with database.transaction() as session:
        load_demo(session, 40, 5, TODAY)
    other = open_database(database.url.render_as_string(hide_password=False))
    try:
        with database.transaction() as session:
            before = {row.pair_id: row for row in assess_program(session, TODAY)}
        target = next(row for row in before.values() if row.findings)
        with other.transaction() as session:
            # The other client ends the pair's flags' reasons: a fresh check-in, a good score.
            activities.log_activity(
                session, target.pair_id, day=TODAY, kind=ActivityKind.CHECKIN
            )
            trust.record_assessment(
                session,
                target.pair_id,
                day=TODAY,
                respondent="mentee",
                answers=dict.fromkeys(ITEM_CODES, RATING_MAX),
            )
        with database.transaction() as session:
            after = {row.pair_id: row for row in assess_program(session, TODAY)}
            fresh = {row.pair_id: row for row in judge_afresh(session, TODAY)}
        assert after == fresh
        assert after[target.pair_id] != before[target.pair_id]
    finally:
        other.close()


def test_kept_verdicts_read_back_exactly_as_written(database: Any) -> None:
    """Whatever a verdict holds (reasons with quotes, commas, braces, backslashes and
    accents; no score, no level, no adherence; too new or not) is read back unchanged,
    through the one-row-at-a-time write on SQLite and the one-array-per-column write on
    PostgreSQL; a verdict whose pair changed after its stamp was read is not written."""
    from dataclasses import replace

    from mentordesk.domain.risk import Finding
    from mentordesk.domain.vocabularies import Health, RiskFlag, TrustLevel
    from mentordesk.services.risk_cache import _keep
    from mentordesk.store.models import RiskEpoch

    with database.transaction() as session:
        load_demo(session, 30, 8, TODAY)
        judged = assess_program(session, TODAY)
    reasons = ['says "no", then {maybe}, a\\b', "l'élève n'a pas répondu, 日本", "", "NULL"]
    written = [
        replace(
            row,
            health=(Health.AT_RISK, Health.WATCH, Health.HEALTHY)[index % 3],
            findings=tuple(
                Finding(flag, reasons[(index + number) % len(reasons)])
                for number, flag in enumerate(list(RiskFlag)[: index % 4])
            ),
            trust_score=None if index % 2 else 2.75 + index,
            trust_level=None if index % 2 else TrustLevel.MEDIUM,
            consistency=None if index % 5 == 0 else index / 10,
            adherence=None if index % 3 == 0 else 0.5,
            too_new=index % 3 == 0,
        )
        for index, row in enumerate(judged)
    ]
    changed_since = written[0].pair_id  # its stamp moves on before the write
    with database.transaction() as session:
        epoch = session.scalar(select(RiskEpoch.epoch).where(RiskEpoch.id == 1))
        stamps = dict(session.execute(select(RiskVerdict.pair_id, RiskVerdict.stamp)).all())
        session.execute(
            text("UPDATE risk_verdict SET stamp = stamp + 1, judged_stamp = stamp + 1 "
                 "WHERE pair_id = :id"),
            {"id": changed_since},
        )  # fmt: skip
        _keep(session, written, stamps, epoch, TODAY)
    assert _kept(database) == len(judged)  # the changed pair's verdict left as it was
    with database.transaction() as session:
        read_back = assess_program(session, TODAY)
    assert read_back == [judged[0], *written[1:]]
