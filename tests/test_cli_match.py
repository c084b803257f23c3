"""``mentordesk match cohort`` and ``match publish`` run the way a coordinator runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.store.database import open_database
from mentordesk.store.models import Pair, Person
from tests.factories import make_person, make_program


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "match.sqlite3"
    database = open_database(path)
    with database.transaction() as session:
        make_program(session, name="Spring 2027", default_model="informal")
        boss = make_person(session, name="Bea Boss", can_mentor=True, capacity=3, email="bea@c.t")
        make_person(
            session, name="Max Mentor", can_mentor=True, capacity=1, skills=["python"],
            department="Finance", email="max@c.t",
        )  # fmt: skip
        make_person(
            session, name="Noa Mentor", can_mentor=True, capacity=1, skills=["design"],
            department="Sales", email="noa@c.t",
        )  # fmt: skip
        for name, skill in (("Ada", "python"), ("Cy", "design"), ("Di", "sql")):
            make_person(
                session, name=name, skills=[skill], department="Ops", manager_id=boss.id,
                email=f"{name.lower()}@c.t",
            )  # fmt: skip
    database.close()
    return path


def pair_count(path: Path) -> int:
    database = open_database(path)
    try:
        with database.transaction() as session:
            return int(session.scalar(select(func.count(Pair.id))) or 0)
    finally:
        database.close()


def test_cohort_prints_the_counts_and_writes_the_plan(db, tmp_path, capsys) -> None:
    plan = tmp_path / "plan.csv"
    code, out, err = run(
        capsys, "--db", str(db), "match", "cohort", "--program", "spring 2027",
        "--weight", "skills=3", "--weight", "department=2", "--out", str(plan),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Spring 2027: 2 matched, 1 unmatched, total score 10.00."
    with plan.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    matched = {r["Mentee"]: r for r in rows if r["Mentor"]}
    assert matched["Ada"]["Mentor"] == "Max Mentor"
    assert matched["Ada"]["Score"] == "5.0"
    assert "python (+3)" in matched["Ada"]["Reasons"]
    (unmatched,) = [r for r in rows if not r["Mentor"]]
    assert unmatched["Mentee"] == "Di"
    assert unmatched["Unmatched reason"].startswith("The eligible mentors are full: ")
    assert pair_count(db) == 0


def test_publish_then_a_signed_off_plan_is_refused_as_a_whole(db, tmp_path, capsys) -> None:
    plan = tmp_path / "plan.xlsx"
    code, out, err = run(
        capsys, "--db", str(db), "match", "cohort", "--program", "Spring 2027",
        "--out", str(plan), "--publish", "--start", "2027-03-01",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Published 2 proposed pairs." in out
    assert pair_count(db) == 2
    sheet = load_workbook(plan).active
    assert [c.value for c in sheet[1]][:5] == [
        "Mentee", "Mentee email", "Mentee employee id", "Mentor", "Mentor email",
    ]  # fmt: skip
    # Published already: reading the same plan back is refused whole, nothing added.
    code, out, err = run(
        capsys, "--db", str(db), "match", "publish", str(plan), "--program", "Spring 2027"
    )
    assert code == 2
    assert "Nothing was published: pair 1 of the plan" in err
    assert pair_count(db) == 2


def test_a_signed_off_json_plan_with_a_changed_mentor_is_published(db, tmp_path, capsys) -> None:
    plan = tmp_path / "plan.json"
    run(capsys, "--db", str(db), "match", "cohort", "--program", "Spring 2027", "--out", str(plan))
    document = json.loads(plan.read_text(encoding="utf-8"))
    assert (document["matched"], document["unmatched_count"]) == (2, 1)
    ada = next(p for p in document["pairs"] if p["mentee"] == "Ada")
    cy = next(p for p in document["pairs"] if p["mentee"] == "Cy")
    ada["mentor_email"], cy["mentor_email"] = "noa@c.t", "max@c.t"  # swapped by hand
    plan.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(
        capsys, "--db", str(db), "match", "publish", str(plan), "--program", "Spring 2027"
    )
    assert (code, err) == (0, "")
    assert out == "Spring 2027: published 2 proposed pairs from plan.json.\n"
    database = open_database(db)
    with database.transaction() as session:
        mentors = {
            session.get(Person, p.mentee_id).name: session.get(Person, p.mentor_id).name
            for p in session.scalars(select(Pair))
        }
    database.close()
    assert mentors == {"Ada": "Noa Mentor", "Cy": "Max Mentor"}


def test_mentee_list_keep_apart_and_other_department_only(db, tmp_path, capsys) -> None:
    mentees = tmp_path / "mentees.csv"
    mentees.write_text("Email\nada@c.t\nCY@c.t\n", encoding="utf-8")
    apart = tmp_path / "apart.csv"
    apart.write_text("Mentee,Mentor\nada@c.t,max@c.t\n", encoding="utf-8")
    plan = tmp_path / "plan.json"
    code, _out, err = run(
        capsys, "--db", str(db), "match", "cohort", "--program", "Spring 2027",
        "--mentees", str(mentees), "--keep-apart", str(apart), "--other-department-only",
        "--out", str(plan),
    )  # fmt: skip
    assert (code, err) == (0, "")
    pairs = {p["mentee"]: p["mentor"] for p in json.loads(plan.read_text())["pairs"]}
    assert pairs["Ada"] == "Noa Mentor"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--weight", "age=2"], "'age' is not a criterion"),
        (["--weight", "skills"], "is not a weight; write NAME=NUMBER"),
        (["--weight", "skills=-1"], "must be a number from 0 to 100"),
        (["--program", "Nope"], "There is no program called 'Nope'"),
        (["--mentees", "missing.csv"], "There is no file"),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_nothing_saved(
    db, tmp_path, capsys, extra, message
) -> None:
    argv = ["--db", str(db), "match", "cohort", "--program", "Spring 2027", "--out"]
    argv += [str(tmp_path / "plan.csv"), "--publish", *extra]
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert pair_count(db) == 0


def test_an_unknown_mentee_in_the_list_is_named(db, tmp_path, capsys) -> None:
    mentees = tmp_path / "mentees.csv"
    mentees.write_text("ada@c.t\nwho@c.t\n", encoding="utf-8")
    code, _out, err = run(
        capsys, "--db", str(db), "match", "cohort", "--program", "Spring 2027",
        "--mentees", str(mentees), "--out", str(tmp_path / "p.csv"),
    )  # fmt: skip
    assert code == 2
    assert "Nobody has the email or employee id 'who@c.t'." in err
