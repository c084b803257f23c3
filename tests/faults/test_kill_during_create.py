"""Killing MentorDesk while it creates a new database never leaves a file it refuses later.

A helper process with MentorDesk already imported forks one child per try; the
child creates a database (as the window's first start and ``demo`` do, through
``open_database``) and the test kills it with SIGKILL at a random moment within
the time a creation takes. Afterwards every file must open as a MentorDesk
database at the newest schema, and nothing the killed starts were building may
be left lying in the folder.

The same loop with the way MentorDesk created databases before (the schema
written straight into the file, one statement after another) shows what the fix
is for: those half-made files were refused as "another program's data"; now
``open_database`` recognises them and makes them again.

The figures (tries, killed part-way, finished, opened afterwards) are printed;
run with ``-s`` to see them.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentordesk.errors import DatabaseProblem
from mentordesk.store import migrate
from mentordesk.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
TRIES = 30
OLD_WAY_TRIES = 12
TIME_BUDGET_SECONDS = 25.0

CREATOR = textwrap.dedent(
    """
    import os, sys, time, traceback
    from pathlib import Path

    from sqlalchemy import create_engine, event

    import alembic.command, alembic.config, alembic.script  # loaded before forking
    from mentordesk.store import migrate
    from mentordesk.store.database import _set_sqlite_pragmas, database_url, open_database
    from mentordesk.store.models import Base


    def create_the_old_way(path):
        # What open_database did before: the schema written straight into the file.
        engine = create_engine(database_url(path))
        event.listen(engine, "connect", _set_sqlite_pragmas)
        with engine.begin() as connection:
            migrate.upgrade(connection)
        engine.dispose()


    mode, folder = sys.argv[1], Path(sys.argv[2])
    started = time.perf_counter()
    if mode == "old":
        create_the_old_way(folder / "warm-up.sqlite3")
    else:
        open_database(folder / "warm-up.sqlite3", backups=folder / "backups").close()
    print(f"parent ready {time.perf_counter() - started:.3f}", flush=True)
    for line in sys.stdin:
        path = folder / line.strip()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                if mode == "old":
                    create_the_old_way(path)
                else:
                    open_database(path, backups=folder / "backups").close()
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"status {status}", flush=True)
    """
)


@dataclass
class Figures:
    tries: int = 0
    killed: int = 0
    finished: int = 0
    opened: int = 0
    made_again: int = 0


def _read_line(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else ""


def _state(path: Path) -> str:
    """What a killed start left at ``path``: nothing, an empty file, or the schema's state."""
    if not path.exists():
        return "absent"
    if path.stat().st_size == 0:
        return "empty"
    try:
        connection = sqlite3.connect(path)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revision = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            connection.close()
    except sqlite3.Error:
        return "unreadable"
    return "whole" if revision else "half-made"


def _kill_while_creating(
    tmp_path: Path, mode: str, seed: int, tries: int = TRIES
) -> tuple[Figures, list[Path]]:
    folder = tmp_path / mode
    folder.mkdir()
    script = tmp_path / "creator.py"
    script.write_text(CREATOR, encoding="utf-8")
    errors = tmp_path / f"creator-{mode}-errors.txt"
    figures = Figures()
    paths: list[Path] = []
    rng = random.Random(seed)
    with errors.open("w") as error_stream:
        parent = subprocess.Popen(
            [sys.executable, str(script), mode, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=error_stream,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            cwd=folder,
        )
    assert parent.stdin is not None
    try:
        ready = _read_line(parent)
        assert ready.startswith("parent ready"), errors.read_text()
        # A creation takes about as long as the warm-up did; kill within 1.2 times that.
        window = max(0.05, float(ready.split()[-1]) * 1.2)
        started = time.monotonic()
        while figures.tries < tries and time.monotonic() - started < TIME_BUDGET_SECONDS:
            path = folder / f"try-{figures.tries:02d}.sqlite3"
            paths.append(path)
            parent.stdin.write(f"{path.name}\n")
            parent.stdin.flush()
            pid = int(_read_line(parent).removeprefix("pid "))
            time.sleep(rng.uniform(0.0, window))
            with contextlib.suppress(ProcessLookupError):  # it may have finished already
                os.kill(pid, signal.SIGKILL)
            status = int(_read_line(parent).removeprefix("status "))
            figures.tries += 1
            if os.WIFSIGNALED(status):
                figures.killed += 1
            else:
                assert os.WEXITSTATUS(status) == 0, errors.read_text()
                figures.finished += 1
    finally:
        parent.stdin.close()
        parent.wait(timeout=60)
        if parent.stdout is not None:
            parent.stdout.close()
    return figures, paths


def _open_every_file(paths: list[Path], tmp_path: Path, figures: Figures) -> None:
    for path in paths:
        if _state(path) == "half-made":
            figures.made_again += 1
        try:
            database = open_database(path, backups=tmp_path / "backups")
        except DatabaseProblem as error:
            pytest.fail(f"{path.name} ({_state(path)}) was refused after a killed start: {error}")
        with database.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            assert connection.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        database.close()
        figures.opened += 1


@pytest.mark.slow
def test_a_start_killed_while_creating_the_database_never_leaves_a_half_made_file(
    tmp_path: Path,
) -> None:
    figures, paths = _kill_while_creating(tmp_path, "atomic", seed=20261205)
    assert figures.tries >= 30
    assert figures.killed >= 15, f"too few kills landed during the creation: {figures}"
    states = {path.name: _state(path) for path in paths}
    # The name is either absent (killed while building) or a whole database, never between.
    assert set(states.values()) <= {"absent", "whole"}, states
    _open_every_file(paths, tmp_path, figures)
    print(f"\nkill during create (now): {figures}")
    assert figures.opened == figures.tries
    # What the killed starts were building is removed when the folder is next used.
    assert not [entry.name for entry in paths[0].parent.iterdir() if ".building" in entry.name]


@pytest.mark.slow
def test_half_made_files_of_the_old_way_are_recognised_and_made_again(tmp_path: Path) -> None:
    figures, paths = _kill_while_creating(tmp_path, "old", seed=20261206, tries=OLD_WAY_TRIES)
    half_made = [path for path in paths if _state(path) == "half-made"]
    assert figures.tries == OLD_WAY_TRIES
    assert half_made, "no kill landed while the old way wrote the schema; the test proved nothing"
    _open_every_file(paths, tmp_path, figures)
    print(f"\nkill during create (old way): {figures}, half-made files: {len(half_made)}")
    assert figures.opened == figures.tries
    assert figures.made_again == len(half_made)


def test_a_half_made_file_with_a_record_is_not_taken_for_an_empty_one(tmp_path: Path) -> None:
    """Only an empty half-made file is made again: one holding anything is left alone."""
    path = tmp_path / "odd.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO person (name) VALUES ('Ana')")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseProblem):
        open_database(path, backups=tmp_path / "backups")
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT name FROM person").fetchall() == [("Ana",)]
    connection.close()


def test_a_full_disk_while_creating_leaves_nothing_behind(tmp_path: Path) -> None:
    """Out of disk part-way (a 96 KB tmpfs; a new database needs more): a sentence, and
    neither the database nor its build is left."""
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        path = small / "new.sqlite3"
        with pytest.raises(DatabaseProblem, match="is full"):
            open_database(path, backups=tmp_path / "backups")
        assert sorted(entry.name for entry in small.iterdir()) == []
    finally:
        subprocess.run(["umount", str(small)], check=True)
