"""``mentordesk risk`` run the way a user runs it, on a real database file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from mentordesk.cli import main
from mentordesk.domain.vocabularies import EthicsGuideline
from mentordesk.store.database import open_database
from tests.factories import (
    add_activity,
    add_assessment,
    add_ethics_review,
    make_pair,
    make_person,
    make_program,
)

AS_OF = date(2027, 6, 30)
KEYS = {
    "mentor_email",
    "mentee_email",
    "health",
    "flags",
    "reasons",
    "trust_score",
    "trust_level",
    "consistency",
    "adherence",
}


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


@pytest.fixture
def filled(db_path: Path) -> Path:
    """Spring cohort: a healthy pair (Ann → Bo), a formal pair with low trust and no
    agreement (Cy → Di), a new pair with nothing yet (Ed → Flo); Autumn cohort: one pair."""
    database = open_database(db_path)
    with database.transaction() as session:
        spring = make_program(session, name="Spring cohort", cadence_days=14)
        autumn = make_program(session, name="Autumn cohort")

        def person(name: str) -> Any:
            return make_person(
                session, name=name, email=f"{name.lower()}@example.org", can_mentor=True
            )

        healthy = make_pair(
            session, spring, person("Ann"), person("Bo"), model="informal", start_date=ago(120)
        )
        for days in (40, 26, 12, 5):
            add_activity(session, healthy, ago(days))
        add_assessment(session, healthy, ago(20), 4)
        for guideline in EthicsGuideline:
            add_ethics_review(session, healthy, guideline.value, "confirmed", ago(100))

        troubled = make_pair(
            session, spring, person("Cy"), person("Di"), model="formal", start_date=ago(10)
        )
        add_activity(session, troubled, ago(8))
        add_activity(session, troubled, ago(4), outcome="missed")
        add_assessment(session, troubled, ago(3), 2)
        add_assessment(session, troubled, AS_OF + timedelta(days=1), 5)

        make_pair(session, spring, person("Ed"), person("Flo"), model="peer", start_date=ago(1))
        make_pair(session, autumn, person("Gil"), person("Hal"), model="peer", start_date=ago(1))
    database.close()
    return db_path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "risk", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_active_pair_with_the_agreed_keys(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, filled, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert (code, err) == (0, "")
    pairs = {entry["mentee_email"]: entry for entry in json.loads(out)}
    assert set(pairs) == {"bo@example.org", "di@example.org", "flo@example.org", "hal@example.org"}
    assert all(set(entry) == KEYS for entry in pairs.values())

    assert pairs["bo@example.org"] == {
        "mentor_email": "ann@example.org",
        "mentee_email": "bo@example.org",
        "health": "healthy",
        "flags": [],
        "reasons": [],
        "trust_score": 4.0,
        "trust_level": "high",
        "consistency": 1.0,
        "adherence": 0.6222,  # 4 held check-ins of 90 / 14
    }

    troubled = pairs["di@example.org"]
    assert troubled["health"] == "at_risk"
    assert troubled["flags"] == ["low_trust", "no_agreement"]
    assert troubled["reasons"] == [
        "Trust score 2.00 is below the medium threshold 3.00.",
        "Formal pair without a signed agreement.",
    ]
    assert (troubled["trust_score"], troubled["trust_level"]) == (2.0, "low")
    assert troubled["consistency"] == 0.5

    new = pairs["flo@example.org"]
    assert new["health"] == "healthy"
    assert (new["trust_score"], new["trust_level"], new["consistency"]) == (None, None, None)
    assert new["adherence"] is None  # started yesterday: too new for adherence, not 0 %


def test_program_and_as_of(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, filled, "--program", "spring COHORT", "--as-of", "2027-07-01", "--format", "json"
    )
    assert code == 0
    pairs = {entry["mentee_email"]: entry for entry in json.loads(out)}
    assert set(pairs) == {"bo@example.org", "di@example.org", "flo@example.org"}
    # On 1 July the later, high assessment counts and the low trust is gone.
    assert pairs["di@example.org"]["trust_level"] == "high"
    assert "low_trust" not in pairs["di@example.org"]["flags"]
    assert "falling_trust" not in pairs["di@example.org"]["flags"]

    code, out, _ = run(capsys, filled, "--as-of", ago(5).isoformat(), "--format", "json")
    assert code == 0
    # Before the two new pairs started, only the first two pairs were running.
    assert {entry["mentee_email"] for entry in json.loads(out)} == {
        "bo@example.org",
        "di@example.org",
    }


def test_the_table(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, filled, "--as-of", AS_OF.isoformat(), "--program", "Spring cohort")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Risk flags as of 2027-06-30 in the program 'Spring cohort'"
    header = lines[2]
    assert header.split() == [
        "Mentor",
        "Mentee",
        "Model",
        "Health",
        "Trust",
        "Held",
        "Check-ins",
        "Flags",
    ]
    troubled = next(line for line in lines if line.startswith("Cy "))
    # Columns line up under the header.
    for title, value in (("Health", "At risk"), ("Trust", "2.00 low"), ("Flags", "Low trust")):
        assert troubled.index(value) == header.index(title)
    # Flags in words, not codes (issue 15); Cy's pair started 10 days ago: too new.
    assert troubled.endswith("Low trust, No signed agreement")
    assert "too new" in troubled
    assert "    Low trust: Trust score 2.00 is below the medium threshold 3.00." in lines
    assert "    No signed agreement: Formal pair without a signed agreement." in lines
    healthy = next(line for line in lines if line.startswith("Ann "))
    assert "Healthy" in healthy and "4.00 high" in healthy and "100%" in healthy
    assert "Columns:" in lines
    assert lines[-1] == "3 active pairs: 2 healthy, 0 watch, 1 at risk."
    assert all(line == line.rstrip() for line in lines)


def test_the_table_names_the_program_when_there_are_several(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, filled, "--as-of", AS_OF.isoformat())
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Risk flags as of 2027-06-30"
    assert lines[2].split()[0] == "Program"
    assert any(line.startswith("Autumn cohort") for line in lines)
    assert lines[-1] == "4 active pairs: 3 healthy, 0 watch, 1 at risk."


def test_today_is_the_default_day(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = date.today()
    database = open_database(db_path)
    with database.transaction() as session:
        program = make_program(session)
        running = make_pair(session, program, start_date=today - timedelta(days=10))
        add_assessment(session, running, today, 2)
        add_assessment(session, running, today + timedelta(days=1), 5)
        make_pair(session, program, start_date=today + timedelta(days=1))
    database.close()
    code, out, _ = run(capsys, db_path, "--format", "json")
    assert code == 0
    [entry] = json.loads(out)
    assert (entry["trust_score"], entry["flags"]) == (2.0, ["low_trust"])


def test_no_active_pairs(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_path).close()
    code, out, _ = run(capsys, db_path, "--as-of", "2027-01-01")
    assert (code, out) == (0, "No active pairs on 2027-01-01.\n")
    code, out, _ = run(capsys, db_path, "--as-of", "2027-01-01", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize("text", ["2027-02-30", "30/06/2027", "tomorrow", "2027-6-1"])
def test_a_bad_date_is_one_line_and_exit_2(
    filled: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    code, out, err = run(capsys, filled, "--as-of", text)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("mentordesk: --as-of: ")
    assert f"'{text}'" in err and "YYYY-MM-DD" in err


def test_an_unknown_program_is_one_line_and_exit_2(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, filled, "--program", "Winter cohort")
    assert (code, out) == (2, "")
    # The one sentence every command gives for a mistyped program (services.programs).
    assert err == (
        "mentordesk: There is no program called 'Winter cohort'. "
        "Known programs: Autumn cohort, Spring cohort.\n"
    )


def test_an_unknown_format_is_refused(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, filled, "--format", "xml")
    assert (code, out) == (2, "")
    assert "xml" in err
