"""Confidential text leaves the database only when asked for: `export program` gets
--include-confidential like the other exports, and a spreadsheet that carries
confidential text says so before anything else."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.exporting import CONFIDENTIAL_NOTICE, export_records
from mentordesk.store.database import open_database
from mentordesk.store.models import Activity, Conflict
from tests.factories import add_activity, add_conflict, make_pair, make_program

SECRET_NOTE = "Mentee disclosed a health condition"
SECRET_CONFLICT = "Complaint about the manager's conduct"
OPEN_NOTE = "Walked through the release checklist"


def fill(path: Path) -> None:
    database = open_database(path)
    with database.transaction() as session:
        program = make_program(session, name="Spring mentoring")
        pair = make_pair(session, program)
        secret = add_activity(session, pair, date(2027, 2, 1))
        secret.notes, secret.confidential = SECRET_NOTE, True
        shown = add_activity(session, pair, date(2027, 2, 15))
        shown.notes = OPEN_NOTE
        add_conflict(
            session, pair, date(2027, 2, 20), confidential=True, description=SECRET_CONFLICT
        )
    database.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_program_leaves_confidential_text_out_unless_asked(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db_path)
    plain = tmp_path / "plain.mentordesk.json"
    code, out, err = run(capsys, "--db", str(db_path), "export", "program", "--out", str(plain))
    assert (code, err) == (0, "")
    assert "confidential text of 2 records was left out" in out
    assert "--include-confidential" in out
    text = plain.read_text(encoding="utf-8")
    assert SECRET_NOTE not in text and SECRET_CONFLICT not in text
    assert OPEN_NOTE in text
    document = json.loads(text)
    assert document["includes_confidential"] is False
    # The records are there, marked confidential, without their text.
    activities = document["pairs"][0]["activities"]
    assert [(a["confidential"], a["notes"]) for a in activities] == [
        (True, ""),
        (False, OPEN_NOTE),
    ]
    assert document["pairs"][0]["conflicts"][0]["description"] == ""

    full = tmp_path / "full.mentordesk.json"
    code, out, err = run(
        capsys,
        "--db", str(db_path), "export", "program", "--out", str(full), "--include-confidential",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "left out" not in out
    document = json.loads(full.read_text(encoding="utf-8"))
    assert document["includes_confidential"] is True
    assert SECRET_NOTE in full.read_text(encoding="utf-8")
    assert SECRET_CONFLICT in full.read_text(encoding="utf-8")


def test_a_file_without_confidential_text_still_imports(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db_path)
    plain = tmp_path / "plain.mentordesk.json"
    assert run(capsys, "--db", str(db_path), "export", "program", "--out", str(plain))[0] == 0
    other = tmp_path / "other.sqlite3"
    code, _out, err = run(capsys, "--db", str(other), "import", "program", str(plain))
    assert (code, err) == (0, ""), err
    database = open_database(other)
    with database.transaction() as session:
        notes = session.execute(
            select(Activity.confidential, Activity.notes).order_by(Activity.day)
        ).all()
        conflicts = session.execute(select(Conflict.confidential, Conflict.description)).all()
    database.close()
    assert [tuple(row) for row in notes] == [(True, ""), (False, OPEN_NOTE)]
    assert [tuple(row) for row in conflicts] == [(True, "")]


def test_export_program_to_the_screen_also_leaves_it_out(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db_path)
    code, out, err = run(capsys, "--db", str(db_path), "export", "program", "--out", "-")
    assert code == 0
    assert SECRET_NOTE not in out and '"includes_confidential": false' in out
    assert "left out" in err


@pytest.mark.parametrize("kind", ["activities", "conflicts"])
def test_spreadsheets_with_confidential_text_are_marked(
    db_path: Path, tmp_path: Path, kind: str
) -> None:
    fill(db_path)
    database = open_database(db_path)
    with database.transaction() as session:
        marked_csv = tmp_path / f"{kind}-full.csv"
        export_records(session, kind, marked_csv, include_confidential=True)
        plain_csv = tmp_path / f"{kind}.csv"
        export_records(session, kind, plain_csv)
        marked_xlsx = tmp_path / f"{kind}-full.xlsx"
        export_records(session, kind, marked_xlsx, include_confidential=True)
        plain_xlsx = tmp_path / f"{kind}.xlsx"
        export_records(session, kind, plain_xlsx)
    database.close()

    with marked_csv.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == [CONFIDENTIAL_NOTICE]
    assert rows[0][0].startswith("CONFIDENTIAL")
    assert rows[1][0] == "program"
    with plain_csv.open(encoding="utf-8-sig", newline="") as stream:
        assert next(csv.reader(stream))[0] == "program"

    workbook = load_workbook(marked_xlsx, read_only=True)
    assert workbook.sheetnames == [f"CONFIDENTIAL {kind}"]
    workbook.close()
    workbook = load_workbook(plain_xlsx, read_only=True)
    assert workbook.sheetnames == [kind]
    workbook.close()
