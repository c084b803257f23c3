"""Half-written copies (FILE.partial and its -wal, -shm, -journal) hold the same
confidential data as the database: a failed copy removes them at once, and a copy
killed part-way has them removed at the next start."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.errors import MentorDeskError
from mentordesk.partial_files import clean_unfinished, markers_dir
from mentordesk.program_file import write_program_file
from mentordesk.services.backups import back_up
from mentordesk.store import backup as store_backup
from mentordesk.store.database import open_database
from tests.factories import make_person

ROOT = Path(__file__).resolve().parents[2]


def leftovers(folder: Path) -> list[str]:
    """Names of temporary copies in ``folder`` (the partial file or any companion)."""
    return sorted(path.name for path in folder.iterdir() if ".partial" in path.name)


def filled_database(path: Path, people: int) -> Path:
    database = open_database(path)
    with database.transaction() as session:
        for number in range(people):
            make_person(session, name=f"Person {number} " + "x" * 300)
    database.close()
    return path


def big_database(path: Path, people: int) -> Path:
    """A MentorDesk database of some megabytes, so a copy of it takes a while."""
    open_database(path).close()
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO person (name, skills, can_mentor, capacity, active, version, uid) "
        "VALUES (?, '[]', 0, 0, 1, 1, ?)",
        ((f"Person {number} " + "x" * 250, f"{number:032x}") for number in range(people)),
    )
    connection.commit()
    connection.close()
    return path


def test_a_failed_backup_leaves_no_partial_copy(
    database, db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out" / "copy.sqlite3"

    def copy_then_fail(source: Path, destination: Path) -> None:
        # What a full disk does part-way: some pages written, a journal open, then an error.
        connection = sqlite3.connect(destination)
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("CREATE TABLE half (x)")
        connection.execute("BEGIN")
        connection.execute("INSERT INTO half VALUES (randomblob(100000))")
        assert destination.with_name(destination.name + "-journal").exists()
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_backup, "copy_database", copy_then_fail)
    with pytest.raises(MentorDeskError, match="Could not write the backup"):
        back_up(database, out)
    assert leftovers(out.parent) == []
    assert not out.exists()
    assert list(markers_dir().glob("*")) == []


def test_a_failed_program_file_leaves_no_partial_copy(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "spring.mentordesk.json"

    def full_disk(_source: object, _destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(MentorDeskError, match="No space left"):
        write_program_file(target, {"format": "mentordesk-program"})
    assert leftovers(tmp_path) == []
    assert not target.exists()


KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
from mentordesk.store import backup

real = backup.copy_database

def copy_then_die(source, destination):
    real(source, destination)
    import sqlite3
    connection = sqlite3.connect(destination)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("CREATE TABLE half (x)")
    connection.execute("INSERT INTO half VALUES (randomblob(50000))")
    os.kill(os.getpid(), signal.SIGKILL)

backup.copy_database = copy_then_die
backup.backup_sqlite(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_backup_killed_mid_copy_is_cleaned_up_at_the_next_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = filled_database(tmp_path / "live.sqlite3", 20)
    out = tmp_path / "elsewhere" / "copy.sqlite3"
    out.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BACKUP, str(source), str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    # The copy is a WAL database by then: the kill leaves its -wal and -shm too.
    assert {"copy.sqlite3.partial", "copy.sqlite3.partial-wal"} <= set(leftovers(out.parent))
    # The next start of MentorDesk, whatever the command, removes them.
    assert main(["--db", str(source), "check"]) == 0
    capsys.readouterr()
    assert leftovers(out.parent) == []
    assert list(markers_dir().glob("*")) == []


def test_the_next_start_leaves_a_running_copy_alone(tmp_path: Path) -> None:
    """A marker of a process still running (this one) is not a leftover."""
    from mentordesk.partial_files import partial_copy

    partial = tmp_path / "running.sqlite3.partial"
    with partial_copy(partial):
        partial.write_bytes(b"in progress")
        assert clean_unfinished() == []
        assert partial.exists()
    assert not partial.exists()


def test_backups_killed_at_random_moments_leave_nothing_after_the_next_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mentordesk backup` killed (SIGKILL) at random moments: each time the destination
    is either the whole backup or absent, and after the next start no partial remains."""
    source = big_database(tmp_path / "live.sqlite3", 40_000)
    folder = tmp_path / "backups"
    folder.mkdir()
    rng = random.Random(16)
    tries, killed_mid_copy = 0, 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # At least 12 tries, and on until 4 kills landed inside a copy (measured: about half
    # of them do), so a faster or slower machine still tests what it should.
    for attempt in range(40):
        if tries >= 12 and killed_mid_copy >= 4:
            break
        tries += 1
        out = folder / f"copy-{attempt}.sqlite3"
        process = subprocess.Popen(
            [sys.executable, "-m", "mentordesk", "--db", str(source), "backup", "--out", str(out)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait for the copy to start, then kill at a random moment inside it.
        deadline = time.monotonic() + 60
        partial = out.with_name(out.name + ".partial")
        while not partial.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.15))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed_mid_copy += partial.exists()
        process.wait(timeout=60)
        if out.exists():
            connection = sqlite3.connect(out)
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            connection.close()
    assert killed_mid_copy >= 4, f"of {tries} kills, {killed_mid_copy} landed inside a copy"
    assert main(["--db", str(source), "check"]) == 0
    capsys.readouterr()
    assert leftovers(folder) == []
