"""``make bench``: MentorDesk's speed on big demo programs, each figure beside its floor.

    python -m bench.speed [--sizes 1000,10000] [--large] [--repeat 3]

For each size a demo program (``mentordesk.demo``) is built once and cached
(keyed by size, seed, day and the demo's source; migrated forward when the schema
changes), then every figure of issues 7 and 17 is measured beside a floor measured
in the same run: the least any program could do for the same result (how each
floor is chosen: :data:`FLOORS`, printed under the growth table). The ratio is
what counts; medians of ``--repeat`` runs. Nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import (
    CHILD_RESULT_PREFIX,
    Row,
    Samples,
    print_table,
    repeat,
    run_child,
    samples,
)

DEFAULT_SIZES = (1_000, 10_000)
LARGE_SIZES = (30_000, 100_000)
DEFAULT_REPEAT = 3
DEFAULT_SEED = 1
CACHE_VARIABLE = "MENTORDESK_BENCH_CACHE"

# Targets of issues 7 and 17.
START_RATIO = 1.5
ROSTER_RATIO = 3.0
KEYSTROKE_MS = 30.0
RISK_RATIO = 3.0
DETAIL_MS = 100.0
REPORT_RATIO = 2.0
MEMORY_PLUS_MB = 150.0
USABLE_SECONDS = 2.0


# --- the demo databases ----------------------------------------------------------------------


def cache_dir(chosen: str | None = None) -> Path:
    """Where built demo databases are kept between runs."""
    if chosen:
        return Path(chosen)
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentordesk-bench", appauthor=False))


def _source_fingerprint() -> str:
    """Changes when what the demo writes changes, so a stale cache is rebuilt. The schema is
    not part of it: a cached database of an older schema is migrated forward instead
    (:func:`_bring_forward`), as a coordinator's database is when MentorDesk is updated."""
    import mentordesk.demo
    import mentordesk.program_file

    digest = hashlib.sha256()
    import bench.bulk_demo

    for module in (mentordesk.demo, mentordesk.program_file, bench.bulk_demo):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def _migrations_fingerprint() -> str:
    """Changes when any migration changes (one may be edited without a new number)."""
    from mentordesk.store import migrate

    digest = hashlib.sha256(migrate.head_revision().encode())
    for migration in sorted((migrate.MIGRATIONS / "versions").glob("*.py")):
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:12]


#: The most pairs ``mentordesk demo`` is asked for; a larger program is a demo program
#: copied over (bench/bulk_demo.py).
LARGEST_DEMO = 50_000


def demo_database(size: int, seed: int, today: date, folder: Path) -> Path:
    """The demo program of ``size`` pairs as a SQLite file at the newest schema, built once
    and cached. The file as built is kept; when the migrations change, a copy of it is
    migrated forward (:func:`_at_newest_schema`) rather than the program built again."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-{size}-seed{seed}-{today.isoformat()}-{_source_fingerprint()}.sqlite3"
    if path.exists() and _holds_pairs(path, size):
        current = _at_newest_schema(path, size)
        if current is not None:
            return current
    if size > LARGEST_DEMO:
        # The demo refuses more than 200,000 people: a smaller demo program copied over.
        from bench.bulk_demo import multiply

        times = -(-size // LARGEST_DEMO)
        if size % times:
            raise ValueError(f"{size:,} pairs: give a multiple of {times} above {LARGEST_DEMO:,}")
        multiply(demo_database(size // times, seed, today, folder), path, times)
        _schema_note(path).write_text(_migrations_fingerprint(), encoding="ascii")
        return path
    from mentordesk.demo import load_demo
    from mentordesk.store.database import open_database

    partial = path.with_suffix(".building")
    for leftover in folder.glob(partial.name + "*"):
        leftover.unlink()
    database = open_database(partial)
    try:
        with database.transaction() as session:
            load_demo(session, size, seed, today)
    finally:
        # The last connection closing checkpoints the WAL into the file.
        database.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.replace(path)
    _schema_note(path).write_text(_migrations_fingerprint(), encoding="ascii")
    return path


def _schema_note(path: Path) -> Path:
    """The file beside a built database naming the migrations it was made with."""
    return path.with_name(path.name + ".schema")


def _stored_revision(path: Path) -> str | None:
    try:
        with _read_only(path) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def _at_newest_schema(built: Path, size: int) -> Path | None:
    """The cached demo database ``built`` at the newest schema; None when it must be built
    again (made by a MentorDesk newer than this one).

    Made with the migrations of now: itself. Otherwise a copy of it, opened by MentorDesk,
    which migrates it as it migrates a coordinator's database after an update, and kept
    beside it under the migrations' fingerprint (earlier such copies are removed). The
    migrations add tables, indexes and triggers and fill them from the rows already there,
    so the copy holds what a fresh build would; the file as built stays untouched, so a
    migration edited in place is replayed on it rather than on its own earlier result.
    """
    import shutil

    from mentordesk.store.migrate import head_revision

    migrations = _migrations_fingerprint()
    revision = _stored_revision(built)
    note = _schema_note(built)
    made_with = note.read_text(encoding="ascii").strip() if note.exists() else None
    if revision == head_revision() and made_with in (None, migrations):
        return built
    if revision is None or not revision.isdigit() or int(revision) > int(head_revision()):
        return None
    current = built.with_name(f"{built.stem}-schema{migrations}.sqlite3")
    if current.exists() and _holds_pairs(current, size):
        return current
    for earlier in built.parent.glob(f"{built.stem}-schema*"):
        earlier.unlink()
    from mentordesk.store.database import open_database

    started = time.perf_counter()
    partial = current.with_name(current.name + ".migrating")
    shutil.copyfile(built, partial)
    with tempfile.TemporaryDirectory(prefix="mentordesk-bench-backups-") as backups:
        # The upgrade's safety copy goes to a folder thrown away afterwards.
        open_database(partial, create=False, backups=Path(backups)).close()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.replace(current)
    print(
        f"bench: {built.name} (schema {revision}) migrated to {head_revision()} "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    return current


def _holds_pairs(path: Path, size: int) -> bool:
    """Whether a cached file is a whole demo database (not a partial or damaged one)."""
    try:
        with _read_only(path) as connection:
            (pairs,) = connection.execute("SELECT count(*) FROM pair").fetchone()
    except sqlite3.Error:
        return False
    return bool(pairs == size)


@dataclass(frozen=True)
class History:
    """How much history the demo program holds, per pair."""

    pairs: int
    active: int
    activities: float
    assessments: float
    conflicts: float

    def describe(self) -> str:
        return (
            f"{self.pairs:,} pairs ({self.active:,} active), per pair: "
            f"{self.activities:.1f} activities, {self.assessments:.1f} assessments, "
            f"{self.conflicts:.2f} conflicts (issue 7 asks for about 25, 4 and 0.3)"
        )


def history(path: Path) -> History:
    """Count the demo's records (read with sqlite3, read-only)."""
    with _read_only(path) as connection:

        def count(sql: str) -> int:
            return int(connection.execute(sql).fetchone()[0])

        pairs = count("SELECT count(*) FROM pair")
        return History(
            pairs=pairs,
            active=count("SELECT count(*) FROM pair WHERE status = 'active'"),
            activities=count("SELECT count(*) FROM activity") / max(pairs, 1),
            assessments=count("SELECT count(*) FROM assessment") / max(pairs, 1),
            conflicts=count("SELECT count(*) FROM conflict WHERE pair_id IS NOT NULL")
            / max(pairs, 1),
        )


class _read_only:
    """A read-only sqlite3 connection, closed at the end of the block."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.close()


# --- start-up and memory, in child processes ---------------------------------------------------

# Both children run the same watcher: an application-wide event filter that
# notes the wall-clock time of the first paint of any widget in a main window.
# The parent compares it with the time it spawned the interpreter.
_WATCHER = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def _megabytes(field):
    try:
        with open('/proc/self/status', encoding='ascii') as status:
            for line in status:
                if line.startswith(field + ':'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == 'darwin' else peak / 1024


class FirstPaint(QObject):
    def __init__(self, then):
        super().__init__()
        self.painted = None
        self.then = then

    def eventFilter(self, watched, event):
        if (
            self.painted is None
            and event.type() == QEvent.Type.Paint
            and watched.isWidgetType()
            and isinstance(watched.window(), QMainWindow)
        ):
            self.painted = time.time()
            QTimer.singleShot(0, self.then)
        return False


def finish(values):
    import json
    values['rss_mb'] = _megabytes('VmRSS')
    values['peak_mb'] = _megabytes('VmHWM')
    sys.stdout.write(%(prefix)r + json.dumps(values) + '\\n')
    sys.stdout.flush()
    os._exit(0)
"""

# The floor: a bare PySide6 main window, QtWidgets alone. Nothing of MentorDesk, SQLAlchemy
# or ReportLab is imported: the window must paint before it needs them (issue 17), so they
# are no part of the least any program could do before its first paint.
_BARE_CHILD = (
    _WATCHER
    + """
import PySide6.QtWidgets

app = QApplication(sys.argv[:1])
watcher = FirstPaint(lambda: QTimer.singleShot(200, lambda: finish({'painted': watcher.painted})))
window = QMainWindow()
window.resize(%(width)d, %(height)d)
window.installEventFilter(watcher)
window.show()
app.exec()
"""
)

# The program itself, started the way a double-click starts it, on the database;
# after the first paint it shows the roster and measures memory once it is filled.
_APP_CHILD = (
    _WATCHER
    + """
from mentordesk.ui.worker import foreground_jobs


def roster_then_finish():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
    deadline = time.monotonic() + %(timeout)f

    # The window paints first and opens the database just after: wait for its views.
    def opened():
        if 'pairs' in window.views:
            times['opened'] = time.time()
            window.show_view('pairs')
            check()
        elif time.monotonic() > deadline:
            finish({'painted': watcher.painted, 'roster_rows': -1})
        else:
            QTimer.singleShot(10, opened)

    # Usable: the Pairs view shows rows and no job is left but background work (the
    # automatic backup of the file just opened, and the dashboard's refresh of risk flags:
    # pairs never judged, or judged for another day, brought up to date a chunk at a time).
    # Every figure is on screen by then and every click answers; the dashboard's status
    # line names the refresh and how many pairs it has left, and the figures it leaves out
    # say so. Both still share the worker's threads, so any delay they cause is counted.
    def check():
        view = window.views['pairs']
        if foreground_jobs() == 0 and view.model.rowCount() > 0:
            QApplication.processEvents()
            times['usable'] = time.time()
            finish({**times, 'painted': watcher.painted, 'roster_rows': view.model.rowCount()})
        elif time.monotonic() > deadline:
            finish({'painted': watcher.painted, 'roster_rows': -1})
        else:
            QTimer.singleShot(20, check)

    opened()


times = {}
watcher = FirstPaint(roster_then_finish)


# The watcher sits on the main window alone, as in the floor: a filter on the whole
# application would have PySide6 wrap every object any event is sent to (a scrolling list's
# internal objects among them), a cost of the measurement, not of the program.
from mentordesk.ui.main_window import MainWindow

_show = MainWindow.show


def show(self):
    self.installEventFilter(watcher)
    _show(self)


MainWindow.show = show
from mentordesk.cli import main

sys.exit(main(['--db', %(database)r]))
"""
)

WINDOW_SIZE = (1360, 860)
"""The main window's default size, also given to the bare window."""


@dataclass(frozen=True)
class StartRun:
    seconds_to_paint: float
    rss_mb: float
    peak_mb: float
    roster_rows: int = 0
    seconds_to_open: float | None = None
    seconds_to_usable: float | None = None


def _start_run(code: str) -> StartRun:
    result = run_child(code)
    values = result.values
    return StartRun(
        seconds_to_paint=float(values["painted"]) - result.started,
        rss_mb=float(values["rss_mb"]),
        peak_mb=float(values["peak_mb"]),
        roster_rows=int(values.get("roster_rows", 0)),
        seconds_to_open=float(values["opened"]) - result.started if "opened" in values else None,
        seconds_to_usable=float(values["usable"]) - result.started if "usable" in values else None,
    )


def _compile_program() -> None:
    """Write the program's bytecode before it is started: an installed program (the bundle
    among them) has it, while a fresh copy of the source run with PYTHONDONTWRITEBYTECODE
    would compile every module before its first paint at each start."""
    import compileall

    import mentordesk

    compileall.compile_dir(Path(mentordesk.__file__).parent, quiet=1)


def bare_window_run() -> StartRun:
    """The floor: python starting, importing PySide6's QtWidgets, one empty window."""
    width, height = WINDOW_SIZE
    return _start_run(
        _BARE_CHILD % {"prefix": CHILD_RESULT_PREFIX, "width": width, "height": height}
    )


def app_run(database: Path, timeout: float = 600.0) -> StartRun:
    """MentorDesk starting on ``database`` until its window paints, then at the roster."""
    code = _APP_CHILD % {
        "prefix": CHILD_RESULT_PREFIX,
        "database": str(database),
        "timeout": timeout,
    }
    run = _start_run(code)
    if run.roster_rows < 0:
        raise RuntimeError(f"The roster did not fill within {timeout:.0f} s.")
    return run


# --- the floors: raw SQL with sqlite3, bare ReportLab ---------------------------------------------

# The roster's columns (names, emails, departments of both, program, model,
# status, dates, cadence, last held activity or shared workshop, latest mentee
# score with the thresholds), ordered as the roster is: every pair's row. The
# roster read all of them before it was windowed; now the floor of the whole-roster
# comparison and of the roster service (roster.roster_rows) on a whole program.
_ROSTER_COLUMNS = """p.id, g.id, g.name,
       m.id, m.name, m.email, m.department,
       e.id, e.name, e.email, e.department,
       p.model, p.status, p.start_date, p.planned_end, p.agreement_signed,
       coalesce(p.cadence_days, g.cadence_days),
       (SELECT max(a.day) FROM activity a WHERE a.pair_id = p.id AND a.outcome = 'held'),
       (SELECT max(w.day) FROM attendance ma
          JOIN workshop w ON w.id = ma.workshop_id
          JOIN attendance ea ON ea.workshop_id = w.id AND ea.person_id = p.mentee_id
         WHERE ma.person_id = p.mentor_id AND w.program_id = p.program_id
           AND w.day >= p.start_date
           AND (p.status NOT IN ('completed', 'ended_early') OR p.planned_end IS NULL
                OR w.day <= p.planned_end)),
       (SELECT s.overall FROM assessment s
         WHERE s.pair_id = p.id AND s.respondent = 'mentee' AND s.overall IS NOT NULL
         ORDER BY s.day DESC, s.id DESC LIMIT 1),
       g.threshold_high, g.threshold_medium"""

ROSTER_SQL = f"""
SELECT {_ROSTER_COLUMNS}
  FROM pair p
  JOIN program g ON g.id = p.program_id
  JOIN person m ON m.id = p.mentor_id
  JOIN person e ON e.id = p.mentee_id
 WHERE p.program_id = :program
 ORDER BY m.name, e.name, p.id
"""

# The windowed roster (ui/models/roster.py) asks for two things before it shows
# anything: the program's pair ids in its default order (mentor, then mentee, case
# aside, then pair number: roster_order.roster_order), then the first page of rows
# (the same columns as ROSTER_SQL, with the health kept for each pair) by id.
ROSTER_ORDER_SQL = """
SELECT p.id
  FROM pair p
  JOIN person m ON m.id = p.mentor_id
  JOIN person e ON e.id = p.mentee_id
 WHERE p.program_id = :program
 ORDER BY lower(m.name), lower(e.name), p.id
"""

#: Rows the windowed roster reads at a time (``ui.models.roster.PAGE``, not imported:
#: the floor must not load the window's modules).
ROSTER_PAGE = 128

# The first page's rows; {ids} is the page's pair ids, integers read from the database.
ROSTER_PAGE_SQL = f"""
SELECT {_ROSTER_COLUMNS},
       v.stamp, v.judged_stamp, v.epoch, v.as_of, v.health, v.findings
  FROM pair p
  JOIN program g ON g.id = p.program_id
  JOIN person m ON m.id = p.mentor_id
  JOIN person e ON e.id = p.mentee_id
  LEFT JOIN risk_verdict v ON v.pair_id = p.id
 WHERE p.id IN ({{ids}})
"""


def roster_page_sql(pair_ids: Sequence[int]) -> str:
    """:data:`ROSTER_PAGE_SQL` for these pairs (ints, so written into the text)."""
    return ROSTER_PAGE_SQL.format(ids=", ".join(str(int(pair_id)) for pair_id in pair_ids))


# The rows the risk flags are judged from: the active, started pairs with their
# people and program; their activities, shared workshops, mentee assessments,
# conflicts with steps and ethics reviews up to the day; the reporting lines.
_JUDGED = (
    "SELECT id FROM pair WHERE status = 'active' AND start_date <= :day AND program_id = :program"
)
RISK_SQL = (
    """
SELECT p.id, p.program_id, g.name, p.mentor_id, m.name, m.email, p.mentee_id, e.name, e.email,
       p.model, p.status, p.start_date, p.agreement_signed, p.cadence_days, g.cadence_days,
       g.threshold_high, g.threshold_medium
  FROM pair p
  JOIN program g ON g.id = p.program_id
  JOIN person m ON m.id = p.mentor_id
  JOIN person e ON e.id = p.mentee_id
 WHERE p.status = 'active' AND p.start_date <= :day AND p.program_id = :program
 ORDER BY g.name, m.name, e.name, p.id
""",
    f"""
SELECT pair_id, day, kind, outcome FROM activity
 WHERE pair_id IN ({_JUDGED}) AND day <= :day
 ORDER BY pair_id, day, id
""",
    f"""
SELECT p.id, w.day, w.kind FROM pair p
  JOIN workshop w ON w.program_id = p.program_id
  JOIN attendance ma ON ma.workshop_id = w.id AND ma.person_id = p.mentor_id
  JOIN attendance ea ON ea.workshop_id = w.id AND ea.person_id = p.mentee_id
 WHERE p.id IN ({_JUDGED}) AND w.day <= :day AND w.day >= p.start_date
 ORDER BY p.id, w.day, w.id
""",
    f"""
SELECT pair_id, day, overall FROM assessment
 WHERE pair_id IN ({_JUDGED}) AND respondent = 'mentee' AND day <= :day
 ORDER BY pair_id, day, id
""",
    f"""
SELECT c.pair_id, c.id, c.opened, c.kind, c.severity, s.day, s.status
  FROM conflict c
  LEFT JOIN conflict_step s ON s.conflict_id = c.id AND s.day <= :day
 WHERE c.pair_id IN ({_JUDGED}) AND c.opened <= :day
 ORDER BY c.pair_id, c.opened, c.id, s.position
""",
    f"""
SELECT pair_id, guideline, state, day FROM ethics_review
 WHERE pair_id IN ({_JUDGED}) AND day <= :day
 ORDER BY pair_id, day, id
""",
    "SELECT id, manager_id FROM person WHERE manager_id IS NOT NULL",
)


def read_roster(connection: sqlite3.Connection, program_id: int) -> list[tuple[Any, ...]]:
    """Every pair's roster row, read with sqlite3 (the whole-roster comparison)."""
    return connection.execute(ROSTER_SQL, {"program": program_id}).fetchall()


def read_roster_window(connection: sqlite3.Connection, program_id: int) -> list[tuple[Any, ...]]:
    """The floor of "roster shown": what the windowed roster needs before it shows
    anything, read with sqlite3: the program's pair ids in the roster's order, then the
    first page's rows by id."""
    ids = [row[0] for row in connection.execute(ROSTER_ORDER_SQL, {"program": program_id})]
    return connection.execute(roster_page_sql(ids[:ROSTER_PAGE] or [0])).fetchall()


def read_risk_rows(connection: sqlite3.Connection, program_id: int, day: date) -> int:
    """The floor of the risk flags: every row they are judged from, read with sqlite3."""
    parameters = {"program": program_id, "day": day.isoformat()}
    return sum(len(connection.execute(sql, parameters).fetchall()) for sql in RISK_SQL)


WINDOW_FLOOR = "raw SQL of the ids in order and the first page's rows"


def roster_window_read(session: Any, program_id: int, as_of: date) -> int:
    """What the roster model's load asks of the database, in its worker (RosterModel.load,
    default order, no filter, no search): the ids in order (their count, unfiltered) and
    the first page's entries with their health. The number of entries read."""
    from mentordesk.services import roster_order
    from mentordesk.ui.models.roster import PAGE, read_entries

    ids = roster_order.roster_order(session, roster_order.RosterChoice(program_id, as_of=as_of))
    return len(read_entries(session, ids[:PAGE], as_of))


def _not_measured(what: str, limit: float, error: BaseException) -> Row:
    """A ratio row whose figure could not be measured, saying why."""
    why = _first_fatal_line(f"{type(error).__name__}: {error}")
    return Row(what, None, "—", None, "ratio", limit, note=f"NOT MEASURED: {why}")


def program_report_body(
    database: Any, work: Path, today: date, times: int
) -> tuple[Row, list[str]]:
    """The program report's body (``--appendix none``, as issue 17 asks) laid out and written
    from figures gathered once, beside its floor: the same pages drawn straight on the
    canvas with the same fonts (bench/program_report_bench.py's ``floor``). Also notes: the
    gathering, and the whole report as the Reports view makes it."""
    from bench.program_report_bench import _page_size, _pages, floor
    from mentordesk.reports.program import Appendix, gather_program, write_program_report
    from mentordesk.reports.program.data import choose_program, report_period

    work.mkdir(parents=True, exist_ok=True)
    gathered: list[Any] = []

    def gather() -> None:
        with database.transaction() as session:
            program = choose_program(session, None)
            day, period = report_period(program, today, None, None, today)
            gathered[:] = [gather_program(session, program, day, period)]

    gathering = repeat(gather, 1)
    report_path = work / "program.pdf"

    def report() -> None:
        write_program_report(report_path, gathered[0], made_on=today, appendix=Appendix.NONE)

    laid_out = repeat(report, times, warmup=1)
    pages = _pages(report_path)  # read back once, not timed
    paper = _page_size(report_path)
    floor_path = work / "floor.pdf"
    drawn = repeat(lambda: floor(pages, floor_path, paper), times, warmup=1)
    row = Row(
        "program report body",
        laid_out,
        "the same pages drawn on the canvas, same fonts",
        drawn,
        "ratio",
        REPORT_RATIO,
        note=f"--appendix none, {len(pages)} pages, figures gathered once",
    )
    notes = [
        f"program report: gathering its figures {gathering.median:,.2f} s (once, the first "
        f"call in this process, not in the ratio); peak Python memory laying out the body "
        f"{python_peak_mb(report):,.0f} MB"
    ]
    return row, notes


# --- the window, in this process ----------------------------------------------------------------


class Window:
    """MentorDesk's main window on a database, offscreen, with its own settings file.

    Message boxes never block the run: they are written to stderr and counted,
    and a run that showed one is reported as failed.
    """

    def __init__(self, database: str | Path, home: Path) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication, QMessageBox

        from mentordesk.ui.app import create_application
        from mentordesk.ui.main_window import MainWindow
        from mentordesk.ui.settings import open_settings

        self.messages: list[str] = []

        def message(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
            texts = [str(arg) for arg in args if isinstance(arg, str)]
            self.messages.append(" / ".join(texts))
            print("bench: a message box was shown:", *texts, file=sys.stderr)
            return QMessageBox.StandardButton.Ok

        def box_exec(box: QMessageBox) -> int:
            message(box.windowTitle(), box.text(), box.informativeText())
            return 0

        for kind in ("warning", "critical", "information", "question"):
            setattr(QMessageBox, kind, staticmethod(message))
        QMessageBox.exec = box_exec  # type: ignore[method-assign]

        self.app: QApplication = create_application([sys.argv[0]])
        _quiet_offscreen_warnings()
        self.window = MainWindow(open_settings(home / "mentordesk.ini"))
        if not self.window.open_location(str(database), create=False):
            raise RuntimeError(f"MentorDesk could not open {database}: {self.messages}")
        self.window.show()
        self.settle()

    def settle(self, timeout: float = 600.0) -> None:
        """Let every background job end and every posted event run."""
        from mentordesk.ui.worker import running_jobs

        self.wait_until(lambda: running_jobs() == 0, timeout)
        self.app.processEvents()

    def wait_until(self, condition: Callable[[], bool], timeout: float) -> None:
        """Run the event loop until ``condition()`` holds (checked every few ms)."""
        from PySide6.QtCore import QEventLoop, QTimer

        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(5)

        def check() -> None:
            if condition() or time.monotonic() > deadline:
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        if not condition():
            loop.exec()
        timer.stop()
        if not condition():
            raise TimeoutError(f"Still waiting after {timeout:.0f} s.")

    def wait_for(self, signal: Any, timeout: float = 600.0) -> None:
        """Run the event loop until ``signal`` is emitted."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        fired: list[bool] = []

        def quit_loop(*_args: object) -> None:
            fired.append(True)
            loop.quit()

        signal.connect(quit_loop)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(int(timeout * 1000))
        loop.exec()
        guard.stop()
        signal.disconnect(quit_loop)
        if not fired:
            raise TimeoutError(f"Nothing happened within {timeout:.0f} s.")

    def view(self, name: str) -> Any:
        view = self.window.views.get(name)
        if view is None:
            raise LookupError(f"The window has no '{name}' view.")
        return view

    def close(self) -> None:
        self.settle()
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()


def _quiet_offscreen_warnings() -> None:
    """Drop the offscreen platform's notes about window hints it cannot honour; every other
    Qt message is still printed."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "does not support propagateSizeHints" not in message:
            sys.stderr.write(f"Qt: {message}\n")

    qInstallMessageHandler(handler)


def roster_shown(window: Window, times: int) -> Samples:
    """The Pairs view's refresh, from the call until its model holds the rows (a health
    column the view fills in afterwards is not waited for)."""
    view = window.view("pairs")
    window.window.show_view("pairs")
    window.settle()

    timings: list[float] = []
    for run in range(1 + max(1, times)):
        # From idle: the health check of the previous refresh must not share the CPU.
        window.settle()
        start = time.perf_counter()
        view.refresh()
        window.wait_for(view.model.modelReset)
        if run:  # the first one warms up
            timings.append(time.perf_counter() - start)
    window.settle()
    return samples(timings)


def search_keystrokes(window: Window, times: int) -> tuple[Samples, str]:
    """Typing in the roster's search box, one key at a time, then deleting it again: the
    time of each keystroke until the table is filtered. Also the text typed."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    view = window.view("pairs")
    window.window.show_view("pairs")
    window.settle()
    # A real name from the middle of the roster: the first name, then part of the last.
    entry = view.model.entry(view.model.rowCount() // 2)
    words = entry.row.mentee_name.split()
    text = words[0] + (" " + words[-1][:3] if len(words) > 1 else "")
    view.search.clear()
    view.search.setFocus()
    timings: list[float] = []
    for _ in range(max(1, times)):
        keys = [(_key_of(char), char) for char in text]
        keys += [(Qt.Key.Key_Backspace, "")] * len(text)
        for key, char in keys:
            start = time.perf_counter()
            # Press and release, as the keyboard sends them (any letter, accented too).
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
                window.app.sendEvent(view.search, event)
            window.app.processEvents()
            # A large roster searches in the worker: the keystroke ends when its rows are shown.
            window.wait_until(lambda: not view.model.loading, 60.0)
            timings.append(time.perf_counter() - start)
    if view.search.text():
        raise RuntimeError(f"The search box still holds {view.search.text()!r}.")
    return samples(timings), text


def _key_of(char: str) -> Any:
    """The Qt key of a typed character (letters and digits have their own; others none)."""
    from PySide6.QtCore import Qt

    if char == " ":
        return Qt.Key.Key_Space
    if char.isascii() and char.isalnum():
        return Qt.Key(ord(char.upper()))
    return Qt.Key.Key_unknown


def pair_detail_opened(window: Window, pair_ids: Sequence[int], times: int) -> Samples:
    """Opening pairs from the roster (as a double-click does) until their page is filled."""
    context = window.window.context
    view = window.view("pair")

    def opener(pair_id: int) -> Callable[[], None]:
        def once() -> None:
            context.open_pair_requested.emit(pair_id)
            window.settle()  # the page may load in the background
            if getattr(view, "pair_id", pair_id) != pair_id:
                raise RuntimeError(f"Pair {pair_id} was not shown.")

        return once

    opener(pair_ids[-1])()  # the first showing builds the page's widgets
    window.settle()
    timings: list[float] = []
    for _ in range(max(1, times)):
        for pair_id in pair_ids:
            timings.extend(repeat(opener(pair_id), 1).values)
    window.settle()
    return samples(timings)


_WINDOW_CHILD = """
from bench.speed import window_child

window_child(%(kind)r, %(database)r, %(times)d, %(pairs)r)
"""


def window_child(kind: str, database: str, times: int, pair_ids: Sequence[int]) -> None:
    """In a child process: open the window on ``database`` and measure one figure."""
    from bench.common import report

    with tempfile.TemporaryDirectory(prefix="mentordesk-bench-window-") as home:
        # A SQLite file or a PostgreSQL address: given to MentorDesk as typed.
        window = Window(database, Path(home))
        extra: dict[str, Any] = {}
        if kind == "roster":
            found = roster_shown(window, times)
        elif kind == "search":
            found, extra["typed"] = search_keystrokes(window, times)
        elif kind == "detail":
            found = pair_detail_opened(window, pair_ids, times)
        else:
            raise ValueError(f"No window figure is called {kind!r}.")
        if window.messages:
            raise RuntimeError(f"The window showed messages: {window.messages}")
        report({"values": list(found.values), **extra})
        window.close()


def window_figure(
    kind: str, database: str, times: int, pair_ids: Sequence[int]
) -> tuple[dict[str, Any] | None, str]:
    """One window figure measured in a child process, so that a crash of the program
    leaves the rest of the table standing: (its result, "") or (None, what went wrong)."""
    code = _WINDOW_CHILD % {
        "kind": kind,
        "database": str(database),
        "times": times,
        "pairs": list(pair_ids),
    }
    try:
        return dict(run_child(code, timeout=3600).values), ""
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"bench: measuring '{kind}' failed:\n{error}", file=sys.stderr)
        return None, f"NOT MEASURED: {_first_fatal_line(str(error))}"


def _first_fatal_line(text: str) -> str:
    """The line of a child's errors that says why it stopped."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Fatal Python error") or "Error:" in line:
            return line.replace("|", "/")[:160]
    return (lines[0] if lines else "the child process failed").replace("|", "/")[:160]


# --- one size ------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """The table rows of one size, and the figures behind them worth a line of their own."""

    size: int
    history: History
    rows: list[Row]
    notes: list[str]
    load_before: str = "?"
    load_after: str = "?"


def _program_id(connection: sqlite3.Connection) -> int:
    (program_id,) = connection.execute("SELECT min(id) FROM program").fetchone()
    return int(program_id)


def _sample_pairs(connection: sqlite3.Connection, program_id: int, count: int) -> list[int]:
    """Pairs to open: spread over the roster, the ones with the longest histories first."""
    rows = connection.execute(
        "SELECT p.id FROM pair p LEFT JOIN activity a ON a.pair_id = p.id "
        "WHERE p.program_id = ? GROUP BY p.id ORDER BY count(a.id) DESC, p.id",
        (program_id,),
    ).fetchall()
    step = max(1, len(rows) // count)
    return [int(row[0]) for row in rows[::step][:count]]


def measure_size(
    size: int, source: Path, today: date, times: int, work: Path, log: Callable[[str], None]
) -> SizeResult:
    """Every figure of the table for the demo program of ``size`` pairs."""
    import shutil

    from mentordesk.services.roster import roster_rows
    from mentordesk.store.database import open_database

    # Work on a copy: the window and the reports must never change the cached file.
    path = work / f"demo-{size}.sqlite3"
    shutil.copyfile(source, path)
    found = history(path)
    rows: list[Row] = []
    notes: list[str] = []
    connection = sqlite3.connect(str(path))
    program_id = _program_id(connection)
    from bench.risk_bench import load_average  # it imports this module: not at the top

    load_before = load_average()

    log(f"{size:,} pairs: start-up and memory ({times} runs each) …")
    _compile_program()
    bare_runs, app_runs = [], []
    for _ in range(times):
        # Alternate, so a busy spell of the machine falls on both.
        bare_runs.append(bare_window_run())
        app_runs.append(app_run(path))
    bare_start = samples(run.seconds_to_paint for run in bare_runs)
    rows.append(
        Row(
            "start to the first painted window",
            samples(run.seconds_to_paint for run in app_runs),
            "bare PySide6 window (QtWidgets alone)",
            bare_start,
            "ratio",
            START_RATIO,
        )
    )
    rows.append(
        Row(
            "start to the roster usable (database open, rows shown)",
            samples(run.seconds_to_usable or 0.0 for run in app_runs),
            "—",
            None,
            "absolute",
            USABLE_SECONDS,
            note="the window paints first, then opens the database and fills Pairs",
        )
    )

    log(f"{size:,} pairs: roster, search and pair detail, each in a window of its own …")
    opened = _sample_pairs(connection, program_id, 5)
    shown, problem = window_figure("roster", str(path), times, opened)
    shown_samples = None if shown is None else samples(shown["values"])
    window_floor = repeat(lambda: read_roster_window(connection, program_id), times, warmup=1)
    rows.append(
        Row(
            "roster shown",
            shown_samples,
            WINDOW_FLOOR + " (sqlite3)",
            window_floor,
            "ratio",
            ROSTER_RATIO,
            note=problem,
        )
    )
    rows.append(
        Row(
            "roster shown, beside reading every pair's row",
            shown_samples,
            "raw SQL of the whole roster, every pair (sqlite3)",
            repeat(lambda: read_roster(connection, program_id), times, warmup=1),
            "ratio",
            None,
            note=problem or "the floor before the roster was windowed",
        )
    )
    typed, problem = window_figure("search", str(path), times, opened)
    rows.append(
        Row(
            "one keystroke of roster search",
            None if typed is None else samples(typed["values"]),
            "—",
            None,
            "absolute",
            KEYSTROKE_MS / 1000,
            note=problem or f"typing and deleting '{typed and typed['typed']}'",
        )
    )
    detail, problem = window_figure("detail", str(path), times, opened)
    rows.append(
        Row(
            "pair detail opened",
            None if detail is None else samples(detail["values"]),
            "—",
            None,
            "absolute",
            DETAIL_MS / 1000,
            note=problem or f"{len(opened)} pairs, longest histories first",
        )
    )

    log(f"{size:,} pairs: risk flags (none kept, all kept, one pair changed) …")
    from bench.risk_bench import risk_rows

    load = load_average()
    try:
        rows[-1:-1] = risk_rows(path, today, times)
    except Exception as error:  # the rest of the table still stands; the run fails at the end
        print(f"bench: measuring the risk flags failed: {error!r}", file=sys.stderr)
        rows[-1:-1] = [_not_measured("risk flags, none kept (cold)", RISK_RATIO, error)]
    notes.append(f"risk flags measured at load average {load} (bench/risk_bench.py)")
    # Opened once the risk figures are done: they open the file on their own.
    database = open_database(path, create=False)

    def window_read() -> None:
        with database.transaction() as session:
            roster_window_read(session, program_id, today)

    shown_at = next(index for index, row in enumerate(rows) if row.what == "roster shown")
    rows.insert(
        shown_at + 1,
        Row(
            "roster window read (the model's queries, no window)",
            repeat(window_read, times, warmup=1),
            WINDOW_FLOOR + " (sqlite3)",
            window_floor,
            "ratio",
            ROSTER_RATIO,
        ),
    )

    def roster_service() -> None:
        with database.transaction() as session:
            roster_rows(session, program_id)

    notes.append(
        f"every pair's roster row through the roster service (roster.roster_rows, which "
        f"the window now asks a page at a time): "
        f"{repeat(roster_service, times, warmup=1).median * 1000:,.0f} ms median"
    )

    log(f"{size:,} pairs: program report body ({times} runs) …")
    try:
        report_row, report_notes = program_report_body(
            database, work / f"report-{size}", today, times
        )
    except Exception as error:  # the rest of the table still stands; the run fails at the end
        print(f"bench: measuring the program report failed: {error!r}", file=sys.stderr)
        report_row, report_notes = _not_measured("program report body", REPORT_RATIO, error), []
    rows.append(report_row)
    notes.extend(report_notes)
    database.close()
    connection.close()

    rows.append(
        Row(
            "memory at the roster",
            samples(run.rss_mb for run in app_runs),
            "bare PySide6 window (QtWidgets alone)",
            samples(run.rss_mb for run in bare_runs),
            "plus",
            MEMORY_PLUS_MB,
            unit="MB",
            note="resident set of the process",
        )
    )
    notes.append(
        "start to the database open and every view built (the window paints first, showing "
        f"'Opening the database…'): "
        f"{samples(run.seconds_to_open or 0.0 for run in app_runs).median * 1000:,.0f} ms median"
    )
    notes.append(
        "peak resident memory: MentorDesk "
        f"{samples(run.peak_mb for run in app_runs).median:,.0f} MB, bare window "
        f"{samples(run.peak_mb for run in bare_runs).median:,.0f} MB"
    )
    return SizeResult(size, found, rows, notes, load_before, load_average())


# --- the growth table (issue 17) -----------------------------------------------------------------

#: How each floor was chosen, one line each, printed under the growth table.
FLOORS = (
    "first paint, memory: a bare PySide6 QMainWindow of the same size with QtWidgets alone "
    "imported, started and watched the same way (the least any Qt program shows)",
    "roster shown and roster window read: sqlite3 running what the windowed roster needs "
    "before it shows anything, hand-written: the program's pair ids in the roster's default "
    "order (ROSTER_ORDER_SQL: mentor, mentee, case aside, then pair number), then the first "
    f"page of {ROSTER_PAGE} rows by id with the same columns and the kept health "
    "(ROSTER_PAGE_SQL); unfiltered, the window counts the pairs from the ids, as the floor could",
    "roster shown, beside reading every pair's row: sqlite3 running one query for every "
    "pair's roster columns in order (ROSTER_SQL), the floor used before the roster was "
    "windowed; shown for comparison, no target",
    "risk flags: sqlite3 reading every row the flags are judged from (RISK_SQL, seven "
    "queries: the active started pairs with people and program, their activities, shared "
    "workshops, mentee assessments, conflicts with steps, ethics reviews, reporting lines); "
    "cold = every kept verdict made stale first (not timed), warm = nothing changed since, "
    "one pair changed = an activity written for one pair first (not timed)",
    "program report body: the report's own PDF read back (not timed) and its pages drawn "
    "again straight on a ReportLab canvas, same rules, fills, shapes and text in the same "
    "fonts, nothing laid out or measured (bench/program_report_bench.py)",
    "start to the roster usable, keystroke, pair detail: no floor, absolute targets",
)


def _size_label(size: int) -> str:
    return f"{size // 1000:,}k" if size % 1000 == 0 else f"{size:,}"


def growth_lines(
    results: Sequence[SizeResult],
    floors: Sequence[str] = FLOORS,
    extra: Sequence[tuple[str, Sequence[str], str]] = (),
) -> list[str]:
    """Every figure across the sizes, one column per size (a figure over target in bold),
    ``extra`` lines (what, a cell per size, target), the load average of each size's run,
    then how each floor was chosen. Smallest size first, whatever order they were measured
    in (a cell of ``extra`` belongs to the result at its place in ``results``)."""
    order_by_size = sorted(range(len(results)), key=lambda index: results[index].size)
    results = [results[index] for index in order_by_size]
    extra = [(what, [cells[index] for index in order_by_size], target)
             for what, cells, target in extra]  # fmt: skip
    labels = [_size_label(result.size) for result in results]
    lines = [
        "| figure | " + " | ".join(labels) + " | target |",
        "|---|" + "---|" * len(labels) + "---|",
    ]
    order: list[str] = []
    for result in results:
        order.extend(row.what for row in result.rows if row.what not in order)
    for what in order:
        cells, target = [], ""
        for result in results:
            row = next((row for row in result.rows if row.what == what), None)
            target = target or ("" if row is None else row.target())
            if row is None or row.value is None:
                cells.append("not measured" if row is not None else "—")
                continue
            cells.append(f"**{row.compared()}**" if row.met is False else row.compared())
        lines.append(f"| {what} | " + " | ".join(cells) + f" | {target} |")
    for what, cells, target in extra:
        lines.append(f"| {what} | " + " | ".join(cells) + f" | {target} |")
    lines.append(
        "| load average (1, 5, 15 min) at start → end | "
        + " | ".join(f"{result.load_before} → {result.load_after}" for result in results)
        + " | |"
    )
    lines.append("")
    lines.extend(f"- floor of {line}" for line in floors)
    return lines


def python_peak_mb(function: Callable[[], object]) -> float:
    """The peak of Python's own allocations during one call, in MB (tracemalloc; run apart
    from the timed runs, which it would slow)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def _pdf_pages(path: Path) -> int | None:
    """How many pages a PDF has (counted from its page objects), None if unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", data)) or None


# --- the command ---------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of pair counts") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("give one or more pair counts, like 1000,10000")
    return sizes


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.speed",
        description="MentorDesk's speed on demo programs, each figure beside its floor.",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="pair counts of the demo programs (default: 1000,10000)",
    )
    parser.add_argument(
        "--repeat",
        type=_positive,
        default=DEFAULT_REPEAT,
        help=f"runs of each measurement; medians are shown (default: {DEFAULT_REPEAT})",
    )
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"add {', '.join(f'{size:,}' for size in LARGE_SIZES)} pairs to the sizes (the "
        "100,000-pair program is the 50,000-pair demo copied twice: minutes to build once)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the demo's seed")
    parser.add_argument(
        "--cache",
        help=f"folder of the built demo databases (default: ${CACHE_VARIABLE}, else the "
        "user's cache folder)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.large:
        args.sizes = sorted({*args.sizes, *LARGE_SIZES})
    today = date.today()
    folder = cache_dir(args.cache)

    def log(text: str) -> None:
        print(f"bench: {text}", file=sys.stderr, flush=True)

    results = []
    print(f"MentorDesk speed, {today.isoformat()}: {machine()}; medians of {args.repeat} runs",
          flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="mentordesk-bench-") as temporary:
        work = Path(temporary)
        for size in args.sizes:
            started = time.perf_counter()
            log(f"{size:,} pairs: the demo database (cached in {folder}) …")
            source = demo_database(size, args.seed, today, folder)
            log(f"{size:,} pairs: ready in {time.perf_counter() - started:.0f} s")
            began = _clock()
            result = measure_size(size, source, today, args.repeat, work, log)
            results.append(result)
            # Each size as soon as it is measured: a run cut short keeps what it measured.
            print()
            print(f"### {result.size:,} pairs: {result.history.describe()}")
            print()
            print_table(result.rows)
            print()
            for note in result.notes:
                print(f"- {note}")
            print(f"- measured {began}–{_clock()}; load average at the start and end of this "
                  f"size: {result.load_before} → {result.load_after}", flush=True)  # fmt: skip
    if results:
        print()
        sizes = sorted(result.size for result in results)  # as the table lists them
        print(f"### Growth table ({', '.join(_size_label(size) for size in sizes)} pairs)")
        print()
        for line in growth_lines(results):
            print(line)
    every = [row for result in results for row in result.rows]
    missed = [row for row in every if row.met is False]
    unmeasured = [row for row in every if row.figure is None]
    print()
    print("Every figure is within its target." if not missed else
          f"{len(missed)} figure(s) over target.")  # fmt: skip
    if unmeasured:
        # The table is printed whole, but a figure that could not be measured fails the run.
        print(f"{len(unmeasured)} figure(s) could not be measured: see the notes in the table.")
        return 1
    return 0


def _clock() -> str:
    """The time now, UTC, to the minute (when each size was measured)."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%H:%M UTC")


def machine() -> str:
    """This computer in a few words: processor count, Python, Qt."""
    import platform

    from PySide6 import __version__ as pyside

    cores = os.cpu_count() or 0
    return (
        f"{cores} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, PySide6 {pyside}"
    )


if __name__ == "__main__":
    sys.exit(main())
