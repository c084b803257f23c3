"""A damaged database file: every command says so in one sentence and names the backup.

Copies of a real database are damaged the ways disks and copies damage them:
bytes flipped in the data pages, the first page overwritten, the file cut in
half, the whole file replaced by noise. ``check``, ``risk``, ``export``,
``import`` and ``person erase`` then either work (the damage missed what they
read) or print one sentence ("… is damaged: … Restore a backup with …") and exit
2: never a traceback, never exit 1. ``check`` says what SQLite's integrity check
found, in words. ``restore`` puts the newest sound backup back over it.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.errors import DatabaseDamaged
from mentordesk.paths import backup_dir
from mentordesk.store import damage
from mentordesk.store.backup import automatic_backup
from mentordesk.store.database import open_database
from tests.factories import add_activity, make_pair, make_person, make_program

PAIRS = 40


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with enough records to fill many pages, closed (WAL folded in)."""
    path = tmp_path_factory.mktemp("sound") / "program.sqlite3"
    database = open_database(path, backups=path.parent / "backups")
    with database.transaction() as session:
        program = make_program(session, start_date=date(2026, 1, 5))
        for number in range(PAIRS):
            mentor = make_person(session, name=f"Mentor {number} " + "m" * 80, can_mentor=True)
            mentee = make_person(session, name=f"Mentee {number} " + "e" * 80, capacity=0)
            mentor.capacity = 3
            pair = make_pair(session, program, mentor, mentee)
            for week in range(6):
                add_activity(session, pair, date(2026, 1, 12) + timedelta(weeks=week))
    database.close()
    return path


def _damaged(sound: Path, folder: Path, how: str) -> Path:
    data = bytearray(sound.read_bytes())
    rng = random.Random(f"damage-{how}")
    if how == "flipped":
        for _ in range(400):
            data[rng.randrange(4096, len(data))] ^= 0xFF
    elif how == "first-page":
        data[16:100] = bytes(rng.randrange(256) for _ in range(84))
    elif how == "cut-short":
        data = data[: len(data) // 2]
    elif how == "noise":
        data = bytearray(rng.randrange(256) for _ in range(len(data)))
    path = folder / sound.name
    path.write_bytes(bytes(data))
    return path


DAMAGES = ("flipped", "first-page", "cut-short", "noise")
COMMANDS = {
    "check": ["check"],
    "risk": ["risk"],
    "export": ["export", "people", "--out", "{folder}/people.csv"],
    "import": ["import", "people", "{folder}/roster.csv"],
    "person erase": ["person", "erase", "mentor0@example.org", "--yes"],
}


@pytest.fixture
def damaged_copies(sound_file: Path, tmp_path: Path) -> dict[str, Path]:
    """One damaged copy per kind of damage, each with a sound automatic backup beside it
    (made from the file before it was damaged, as the window makes one on opening)."""
    copies: dict[str, Path] = {}
    for how in DAMAGES:
        folder = tmp_path / how
        folder.mkdir()
        shutil.copy(sound_file, folder / sound_file.name)
        automatic_backup(folder / sound_file.name, backup_dir(), keep=10)
        copies[how] = _damaged(sound_file, folder, how)
    (tmp_path / "roster.csv").write_text("Name,Email\nNew Person,new@example.org\n")
    return copies


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_damaged_file_gets_one_sentence_and_exit_2_never_a_traceback(
    damaged_copies: dict[str, Path], tmp_path: Path, command: str, capsys: pytest.CaptureFixture
) -> None:
    outcomes = {}
    for how, path in damaged_copies.items():
        arguments = [part.format(folder=tmp_path) for part in COMMANDS[command]]
        code = main(["--db", str(path), *arguments])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out, f"{how}: {captured.err}"
        assert code in (0, 2), f"{command} on the {how} file: exit {code}\n{captured.err}"
        if code == 2:
            lines = captured.err.strip().splitlines()
            assert len(lines) == 1, f"{how}: {captured.err}"
            assert " is damaged: " in lines[0] and "Restore a backup with" in lines[0], lines[0]
        outcomes[how] = code
    # The damage reaches every command for the files SQLite cannot read at all.
    assert outcomes["first-page"] == outcomes["cut-short"] == outcomes["noise"] == 2


def test_check_says_what_the_integrity_check_found_in_words(
    damaged_copies: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    for how, path in damaged_copies.items():
        assert main(["--db", str(path), "check"]) == 2, how
        captured = capsys.readouterr()
        problems = [line for line in captured.out.splitlines() if line.startswith("Problem:")]
        assert problems, f"{how}: {captured.out}"
        # Words, not SQLite's own lines ("Tree 4 page 12 cell 3: ...", "*** in database").
        assert not any("***" in line or "cell" in line for line in problems), problems
        assert "the newest sound one" in captured.err, captured.err


def test_the_sentence_names_the_newest_sound_backup(
    damaged_copies: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    path = damaged_copies["cut-short"]
    # A newer backup that is itself damaged is passed over.
    newer = backup_dir() / f"{path.stem}-20991231-235959-000000-opened.sqlite3"
    shutil.copy(damaged_copies["flipped"], newer)
    sound = damage.newest_good_backup(path, backup_dir())
    assert sound is not None and damage.is_sound(sound)
    with pytest.raises(DatabaseDamaged) as raised:
        open_database(path)
    assert str(sound) in str(raised.value) and raised.value.backup == sound


def test_integrity_findings_in_words() -> None:
    rows = [
        "*** in database main ***",
        "Tree 4 page 12 cell 3: Rowid 5 out of order",
        "Tree 4 page 13: btreeInitPage() returns error code 11",
        "row 7 missing from index ix_person_name",
        "wrong # of entries in index ix_person_name",
        "Page 40: never used",
        "CHECK constraint failed in answer",
    ]
    words = damage.integrity_in_words(rows, {4: "activity"})
    assert words[0].startswith("The table 'activity' has damaged pages (12, 13)")
    index = "The index 'ix_person_name' no longer matches its table (2 findings)"
    assert any(word.startswith(index) for word in words)
    assert any("1 page is lost" in w for w in words)
    assert any("1 record of the table 'answer'" in w for w in words)
    assert damage.integrity_in_words(["ok"], {}) == []


def test_restore_puts_the_newest_sound_backup_over_a_damaged_file(
    damaged_copies: dict[str, Path], sound_file: Path, capsys: pytest.CaptureFixture
) -> None:
    for how, path in damaged_copies.items():
        sound = damage.newest_good_backup(path, backup_dir())
        assert sound is not None
        assert main(["--db", str(path), "restore", str(sound)]) == 0, capsys.readouterr().err
        capsys.readouterr()
        assert main(["--db", str(path), "check"]) == 0, f"{how}: {capsys.readouterr()}"
        connection = sqlite3.connect(path)
        try:
            assert connection.execute("SELECT count(*) FROM pair").fetchone() == (PAIRS,)
        finally:
            connection.close()
        capsys.readouterr()
    # The damaged files are kept (a specialist may recover their last changes), not deleted.
    kept = [p for p in backup_dir().iterdir() if "-damaged" in p.name or "before-restore" in p.name]
    assert len(kept) >= len(damaged_copies)
