"""Large programs through ``mentordesk export program`` and ``import program``: a program
bigger than the old 200 MB cap goes out and comes back identical, and the import's cap
follows what export writes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from mentordesk.cli import main
from mentordesk.program_file import file_size_cap, files, import_program
from mentordesk.store.database import open_database
from tests.test_cli_program_files import counts

OLD_CAP = 200 * 1024 * 1024


def _program(pairs: int, activities: int, note: str) -> dict[str, Any]:
    """A program of ``pairs`` pairs with ``activities`` check-ins each carrying ``note``
    (the same string object: the document is small in memory, its file is not)."""
    return {
        "format": "mentordesk-program",
        "version": 1,
        "program": {"name": "Archive 2027", "start": "2027-01-04", "default_model": "formal"},
        "people": [
            {"key": f"p{number}", "name": f"Person {number}", "email": f"p{number}@example.org",
             "can_mentor": number % 2 == 0}
            for number in range(2 * pairs)
        ],
        "pairs": [
            {
                "key": f"x{number}", "mentor": f"p{2 * number}", "mentee": f"p{2 * number + 1}",
                "model": "formal", "status": "active", "start": "2027-01-11",
                "goals": [{"text": "Lead a design review", "target": None, "status": "open"}],
                "activities": [
                    {"date": f"2027-{1 + day // 28:02d}-{1 + day % 28:02d}", "kind": "checkin",
                     "outcome": "held", "minutes": 45, "notes": note, "confidential": False}
                    for day in range(activities)
                ],
                "assessments": [], "conflicts": [], "ethics": [], "reviews": [],
            }
            for number in range(pairs)
        ],
        "workshops": [],
    }  # fmt: skip


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@pytest.mark.slow
def test_a_program_over_the_old_cap_exports_and_imports_back_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2,000 pairs of 11 check-ins with 10,000-character notes: about 215 MB of file.
    first = tmp_path / "first.sqlite3"
    database = open_database(first)
    try:
        with database.transaction() as session:
            import_program(session, _program(2000, 11, "Talked through the roadmap. " * 357))
    finally:
        database.close()
    exported = tmp_path / "archive.mentordesk.json"
    assert main(["--db", str(first), "export", "program", "--out", str(exported)]) == 0
    assert exported.stat().st_size > OLD_CAP
    second = tmp_path / "second.sqlite3"
    assert main(["--db", str(second), "import", "program", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "pairs         2,000 with 2,000 goals" in out and "activities    22,000" in out
    again = tmp_path / "again.mentordesk.json"
    assert main(["--db", str(second), "export", "program", "--out", str(again)]) == 0
    assert _digest(again) == _digest(exported)


def test_the_import_cap_follows_what_export_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database_path = tmp_path / "small.sqlite3"
    database = open_database(database_path)
    try:
        with database.transaction() as session:
            # 30 pairs of 20 check-ins with 2,800-character notes: near a pair's allowance.
            import_program(session, _program(30, 20, "A long talk about the next project. " * 78))
    finally:
        database.close()
    exported = tmp_path / "small.mentordesk.json"
    assert main(["--db", str(database_path), "export", "program", "--out", str(exported)]) == 0
    size = exported.stat().st_size
    # What export wrote fits the cap made for a program of its size …
    assert size <= file_size_cap(pairs=30, people=60, workshops=0)
    # … and a cap made for a smaller program refuses it, saying both sizes, changing nothing.
    cap = file_size_cap(pairs=1, people=1, workshops=0)
    assert cap < size
    monkeypatch.setattr(files, "MAX_FILE_BYTES", cap)
    capsys.readouterr()
    target = tmp_path / "target.sqlite3"
    open_database(target).close()
    before = counts(target)
    assert main(["--db", str(target), "import", "program", str(exported)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"is {size / 1024**2:.1f} MB;" in err and f"at most {cap / 1024**2:.1f} MB" in err, err
    assert "room for 100,000 pairs and 500,000 people" in err
    assert counts(target) == before
