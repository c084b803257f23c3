"""Killing a writing MentorDesk process never damages the database or half-writes an import.

A writer process imports batches of people (each batch one roster file, one
transaction) and edits people in between, through ``open_database`` as the
program does. The test kills it with SIGKILL at random moments, again and
again (each writer forked afresh from a parent that has MentorDesk imported,
so that the time goes into writing, not into starting Python), then checks
that SQLite's integrity check passes, that each batch is either wholly there
or wholly absent, that each edit (two people changed together) is whole, and
that every batch the writer reported as committed survived.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from mentordesk.importing import import_people
from mentordesk.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
BATCH_ROWS = 150
MAX_KILLS = 25
TIME_BUDGET_SECONDS = 20.0
MIN_KILLS = 8

# The writer is forked from a parent that has already imported MentorDesk, so each
# new writer starts in a moment and the time goes into writing, not into starting
# Python; every writer opens the database itself, as the program does.
WRITER = textwrap.dedent(
    f"""
    import csv, os, random, sys
    from pathlib import Path

    from sqlalchemy import select

    from mentordesk.importing import import_people
    from mentordesk.store.database import open_database
    from mentordesk.store.models import Person


    def write(db_path, folder, run):
        database = open_database(db_path, backups=folder / "backups")
        rng = random.Random(run)
        log = open(folder / f"run-{{run}}.log", "a", buffering=1, encoding="utf-8")
        log.write("ready\\n")
        for step in range(1, 1_000_000):
            batch = run * 10_000 + step
            roster = folder / f"batch-{{run}}.csv"
            with roster.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(["Name", "Email", "Department", "Manager"])
                for row in range({BATCH_ROWS}):
                    # Each batch has its own little reporting tree.
                    manager = f"b{{batch}}p{{(row - 1) // 4}}@example.org" if row else ""
                    writer.writerow(
                        [f"B{{batch}} P{{row}}", f"b{{batch}}p{{row}}@example.org",
                         f"batch-{{batch}}", manager]
                    )
            with database.transaction() as session:
                report = import_people(session, roster)
                assert report.created == {BATCH_ROWS}, report.summary()
            log.write(f"imported {{batch}}\\n")
            # An edit: two people of the batch changed in one transaction.
            with database.transaction() as session:
                ids = session.scalars(
                    select(Person.id).where(Person.department == f"batch-{{batch}}")
                ).all()
                for person_id in rng.sample(ids, 2):
                    session.get(Person, person_id).title = f"edit-{{batch}}"
            log.write(f"edited {{batch}}\\n")


    db_path, folder = sys.argv[1], Path(sys.argv[2])
    print("parent ready", flush=True)
    for line in sys.stdin:
        run = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                write(db_path, folder, run)
            finally:
                os._exit(1)
        print(f"pid {{pid}}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"status {{status}}", flush=True)
    """
)


def _read_line(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else ""


def _wait_for_file_line(path: Path, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8").splitlines():
            return
        time.sleep(0.005)
    pytest.fail(f"the writer did not start ({path.name} has no '{text}')")


@pytest.mark.slow
def test_sigkill_during_imports_and_edits_leaves_whole_batches(tmp_path):
    db_path = tmp_path / "kill.sqlite3"
    folder = tmp_path / "work"
    folder.mkdir()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    # Create and migrate the database once, before any kill.
    open_database(db_path, backups=folder / "backups").close()

    rng = random.Random(20270111)
    committed: set[int] = set()
    edited: set[int] = set()
    kills = 0
    errors = tmp_path / "writer-errors.txt"
    with errors.open("w") as error_stream:
        parent = subprocess.Popen(
            [sys.executable, str(script), str(db_path), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=error_stream,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            cwd=folder,
        )
    assert parent.stdin is not None
    try:
        assert _read_line(parent) == "parent ready", errors.read_text()
        started = time.monotonic()
        while kills < MAX_KILLS and time.monotonic() - started < TIME_BUDGET_SECONDS:
            run = kills + 1
            parent.stdin.write(f"go {run}\n")
            parent.stdin.flush()
            pid = int(_read_line(parent).removeprefix("pid "))
            log = folder / f"run-{run}.log"
            _wait_for_file_line(log, "ready")
            time.sleep(rng.uniform(0.0, 0.5))
            os.kill(pid, signal.SIGKILL)
            status = int(_read_line(parent).removeprefix("status "))
            assert os.WIFSIGNALED(status), f"the writer failed: {errors.read_text()}"
            assert os.WTERMSIG(status) == signal.SIGKILL
            for line in log.read_text(encoding="utf-8").splitlines():
                word, _, batch = line.partition(" ")
                if word == "imported":
                    committed.add(int(batch))
                elif word == "edited":
                    edited.add(int(batch))
            kills += 1
    finally:
        parent.stdin.close()
        parent.wait(timeout=60)
        if parent.stdout is not None:
            parent.stdout.close()

    assert kills >= MIN_KILLS

    # SQLite itself opens the file after the crash (rolling back or replaying the WAL).
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        batches = Counter(
            department
            for (department,) in connection.execute(
                "SELECT department FROM person WHERE department LIKE 'batch-%'"
            )
        )
        edits = Counter(
            title
            for (title,) in connection.execute("SELECT title FROM person WHERE title LIKE 'edit-%'")
        )
        dangling = connection.execute(
            "SELECT count(*) FROM person p LEFT JOIN person m ON m.id = p.manager_id "
            "WHERE p.manager_id IS NOT NULL AND m.id IS NULL"
        ).fetchone()[0]
    finally:
        connection.close()
    assert dangling == 0
    half_written = {name: count for name, count in batches.items() if count != BATCH_ROWS}
    assert half_written == {}, f"batches imported in part: {half_written}"
    assert committed, "no import finished between the kills; the test proved nothing"
    present = {int(name.removeprefix("batch-")) for name in batches}
    assert committed <= present, f"committed imports lost: {sorted(committed - present)}"
    half_edited = {title: count for title, count in edits.items() if count != 2}
    assert half_edited == {}, f"edits saved in part: {half_edited}"
    assert edited <= {int(title.removeprefix("edit-")) for title in edits}

    # And the program opens it and imports into it as usual.
    database = open_database(db_path, backups=folder / "backups")
    try:
        roster = folder / "after.csv"
        roster.write_text("Name,Email\nAfter Crash,after@example.org\n", encoding="utf-8")
        with database.transaction() as session:
            assert import_people(session, roster).created == 1
    finally:
        database.close()
