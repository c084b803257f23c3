"""``mentordesk survey``: new, forms, collect, status, list."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import date
from pathlib import Path

from mentordesk.cli import main
from mentordesk.store.database import open_database
from tests.factories import make_pair, make_person, make_program
from tests.surveys.conftest import ratings
from tests.surveys.filling import fill_with_pypdf


def _database(path: Path) -> None:
    db = open_database(path)
    with db.transaction() as session:
        program = make_program(session, name="Engineering 2027")
        for mentee in ("Bilal Haddad", "Dara O'Neill"):
            make_pair(session, program, mentee=make_person(session, name=mentee),
                      start_date=date(2026, 1, 5))
    db.close()


def test_a_round_from_the_command_line(db_path, tmp_path, capsys):
    _database(db_path)
    db = ["--db", str(db_path)]
    assert main([*db, "survey", "new", "--program", "engineering 2027", "--name",
                 "March check-up", "--kind", "checkup", "--due", "2026-12-20",
                 "--opens", "2026-11-20"]) == 0
    round_id = int(capsys.readouterr().out.strip())

    out = tmp_path / "forms"
    assert main([*db, "survey", "forms", "March check-up", "--out", str(out), "--drafts"]) == 0
    pdfs = sorted(out.glob("*.pdf"))
    drafts = sorted(out.glob("*.eml"))
    assert len(pdfs) == 2 and len(drafts) == 2
    assert pdfs[0].name.startswith("March check-up - Bilal Haddad (R")
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert "March check-up" in message["Subject"]
    assert [part.get_filename() for part in message.iter_attachments()] == [pdfs[0].name]
    assert (out / "mail-merge.csv").read_text("utf-8-sig").startswith("name,email,role")
    capsys.readouterr()

    back = tmp_path / "back"
    back.mkdir()
    fill_with_pypdf(pdfs[0], back / "bilal.pdf", {**ratings(4), "answered_on": "2026-12-01"})
    (back / "scan.pdf").write_bytes(b"not a pdf at all")
    # One bad file: refused by name, nothing written, exit 2.
    assert main([*db, "survey", "collect", str(back)]) == 2
    printed = capsys.readouterr().out
    assert "refused: scan.pdf: it is not a PDF file" in printed
    assert "nothing was written" in printed
    assert main([*db, "survey", "status", str(round_id), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["answered"] == 0
    # --dry-run writes nothing; --skip-invalid imports the valid one.
    assert main([*db, "survey", "collect", str(back), "--skip-invalid", "--dry-run"]) == 0
    assert "would be imported" in capsys.readouterr().out
    assert main([*db, "survey", "collect", str(back), "--skip-invalid"]) == 0
    assert "Imported 1 forms" in capsys.readouterr().out
    assert main([*db, "survey", "status", "March check-up"]) == 0
    table = capsys.readouterr().out
    assert "1 of 2 answered (50%)" in table and "2026-12-01" in table
    assert main([*db, "survey", "list"]) == 0
    assert "1/2 answered (50%)" in capsys.readouterr().out


def test_mistakes_are_one_sentence_and_exit_2(db_path, tmp_path, capsys):
    _database(db_path)
    db = ["--db", str(db_path)]
    assert main([*db, "survey", "new", "--program", "Nope", "--name", "x", "--kind",
                 "checkup", "--due", "2026-12-20"]) == 2
    assert "no program called 'Nope'" in capsys.readouterr().err
    assert main([*db, "survey", "new", "--program", "Engineering 2027", "--name", "x",
                 "--kind", "checkup", "--due", "20.12.2026"]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert main([*db, "survey", "status", "7"]) == 2
    assert "no survey round number 7" in capsys.readouterr().err
    assert main([*db, "survey", "collect", str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().out
