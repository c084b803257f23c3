"""``MentorDesk --self-test``: prove a build works end to end, on this machine.

Run inside the packaged program (and by CI after `make package`) so that a
missing data file, migration or hidden import fails loudly: it finds every
shipped resource (icons, app icon, fonts and their licences, desktop entry,
sample files), opens a new database in a temporary folder, loads a small demo
program, computes the risk flags, writes the program report and the workshop
pack, and renders every view offscreen (and plans a cohort, which needs SciPy).
Exit code 0 only when every step worked.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

DEMO_PAIRS = 40


def _check_pdf(path: Path) -> str:
    """A finished PDF with pages (the report tests read PDFs back in detail)."""
    data = path.read_bytes()
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:] or pages < 1:
        raise RuntimeError(f"{path.name} is not a complete PDF")
    return f"{pages} pages"


# How the self-test names each folder of resources/ when it counts them.
_RESOURCE_KINDS = {"icons": "icons", "fonts": "fonts and licences", "samples": "sample files"}


def check_resources(root: Path | None = None) -> str:
    """Every file resources/shipped-files.txt lists is there and not empty; a count of
    them by kind, or RuntimeError naming the missing ones and where they were looked for."""
    from mentordesk.resources import RESOURCES, missing_resources, shipped_files

    folder = RESOURCES if root is None else root
    try:
        names = shipped_files(folder)
    except OSError as error:
        raise RuntimeError(f"the list of shipped files cannot be read: {error}") from None
    missing = missing_resources(folder)
    if missing:
        shown = ", ".join(missing[:10])
        if len(missing) > 10:
            shown += f" and {len(missing) - 10} more"
        raise RuntimeError(f"{len(missing)} of {len(names)} resources missing in {folder}: {shown}")
    counts: dict[str, int] = {}
    for name in names:
        kind = name.split("/", 1)[0] if "/" in name else name
        counts[kind] = counts.get(kind, 0) + 1
    parts = [
        f"{counts.pop(kind)} {words}" for kind, words in _RESOURCE_KINDS.items() if kind in counts
    ]
    parts += sorted(counts)  # single files at the top: app-icon.svg, mentordesk.desktop
    return f"{len(names)} files: " + ", ".join(parts)


def run_self_test(print_line: Callable[[str], None] = print) -> int:
    """Run every step, report each on one line; 0 when all passed."""
    # Never open a window on the user's screen, and keep the user's data untouched.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="mentordesk-self-test-") as folder:
        root = Path(folder)
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(root / variable.lower())
        return _run_steps(root, print_line)


def _quiet_offscreen_notes() -> None:
    """The offscreen platform says it cannot resize windows; that is expected here."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode: object, context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)


def _run_steps(root: Path, print_line: Callable[[str], None]) -> int:
    from mentordesk.demo import load_demo
    from mentordesk.reports.forms import workshop_pack
    from mentordesk.reports.program import program_report
    from mentordesk.services.matching import propose_cohort
    from mentordesk.services.people import directory
    from mentordesk.services.programs import list_programs
    from mentordesk.services.risk import assess_program
    from mentordesk.store.database import open_database
    from mentordesk.store.health import check_database
    from mentordesk.ui import registry
    from mentordesk.ui.screenshot import render_view

    _quiet_offscreen_notes()
    today = date.today()
    database = None
    failures = 0

    def step(title: str, work: Callable[[], str]) -> None:
        nonlocal failures
        started = time.perf_counter()
        try:
            detail = work()
        except Exception:  # every failure is reported, then the next step runs
            failures += 1
            print_line(f"FAIL  {title}")
            print_line(traceback.format_exc().rstrip())
            return
        print_line(f"ok    {title} ({detail}, {time.perf_counter() - started:.1f} s)")

    def open_new() -> str:
        nonlocal database
        database = open_database(root / "self-test.sqlite3")
        report = check_database(database)
        if not report.ok:
            raise RuntimeError("; ".join(report.problems))
        return f"schema {report.revision}"

    def demo() -> str:
        with database.transaction() as session:
            return load_demo(session, DEMO_PAIRS, 1, today).describe()

    def risk() -> str:
        with database.transaction() as session:
            rows = assess_program(session, today)
        flagged = {finding.flag for row in rows for finding in row.findings}
        if not rows or not flagged:
            raise RuntimeError("no active pair was judged")
        return f"{len(rows)} pairs, {len(flagged)} kinds of flag"

    def matching() -> str:
        with database.transaction() as session:
            program = list_programs(session)[0]
            mentees = [row.id for row in directory(session) if not row.can_mentor][:8]
            plan = propose_cohort(session, program.id, mentees)
        matched = sum(1 for _mentee, mentor in plan if mentor is not None)
        if not matched:
            raise RuntimeError("the optimal assignment matched nobody")
        return f"{matched} of {len(plan)} mentees matched"

    def report() -> str:
        out = root / "program-report.pdf"
        with database.transaction() as session:
            program_report(session, out, as_of=today)
        return _check_pdf(out)

    def forms() -> str:
        out = root / "workshop-pack.pdf"
        with database.transaction() as session:
            workshop_pack(session, out)
        return _check_pdf(out)

    def views() -> str:
        names = registry.view_names()
        for name in names:
            render_view(database, name, root / f"{name}.png", as_of=today)
        return f"{len(names)} views"

    step("find every shipped resource", check_resources)
    step("open a new database and run the migrations", open_new)
    if database is None:
        return 1
    step(f"load a demo program of {DEMO_PAIRS} pairs", demo)
    step("compute the risk flags", risk)
    step("plan a cohort with the optimal assignment", matching)
    step("write the program report", report)
    step("write the workshop pack", forms)
    step("render every view offscreen", views)
    database.close()
    print_line("Self-test passed." if not failures else f"Self-test FAILED: {failures} step(s).")
    return 0 if not failures else 1


if __name__ == "__main__":  # pragma: no cover - `python -m mentordesk.selftest`
    sys.exit(run_self_test())
