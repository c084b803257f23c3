"""Survey rounds: making the forms of a round and collecting the returned forms.

Each figure beside its floor, in the same run:

- making the forms of an N-person round (``write_round_folder`` without drafts) beside
  ReportLab writing the same pages with no form fields;
- collecting N answered forms (read with pypdf, identified, checked and imported as
  assessments, as ``mentordesk survey collect`` does) beside pypdf alone reading the
  same files' fields.

Target: collecting 500 forms in under 30 s on the project's 2-core machine.

    .venv/bin/python bench/survey_bench.py [--people 500] [--runs 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mentordesk.domain.questionnaire import ITEM_CODES  # noqa: E402
from mentordesk.services import surveys  # noqa: E402
from mentordesk.store.database import open_database  # noqa: E402
from mentordesk.store.models import Pair, Person, Program  # noqa: E402
from mentordesk.surveys.forms import write_form  # noqa: E402
from mentordesk.surveys.reading import gather, read_form  # noqa: E402
from mentordesk.surveys.sending import write_round_folder  # noqa: E402

TARGET_COLLECT_500 = 30.0


def _database(path: Path, people: int) -> int:
    """A program with ``people`` active pairs; a round asking every mentee. Its id."""
    db = open_database(path)
    start = date.today() - timedelta(days=120)
    with db.transaction() as session:
        session.info["audit"] = False
        program = Program(name="Bench program", start_date=start, default_model="informal",
                          cadence_days=14, threshold_high=4.0, threshold_medium=3.0,
                          description="")
        session.add(program)
        mentors = [Person(name=f"Mentor {n}", can_mentor=True, capacity=50, skills=[])
                   for n in range(max(1, people // 10))]
        session.add_all(mentors)
        session.flush()
        for number in range(people):
            mentee = Person(name=f"Mentee {number} Ødegård", email=f"m{number}@example.org",
                            skills=[])
            session.add(mentee)
            session.flush()
            session.add(Pair(program_id=program.id, mentor_id=mentors[number % len(mentors)].id,
                             mentee_id=mentee.id, model="informal", status="active",
                             start_date=start, expectations=""))
        session.flush()
        survey = surveys.plan_round(session, program.id, name="Bench check-up", kind="checkup",
                                    due_on=date.today(), respondents="mentee")
    db.close()
    return survey.id


def _fill(forms: list[Path], folder: Path) -> list[Path]:
    from pypdf import PdfReader, PdfWriter

    folder.mkdir()
    rng = random.Random(7)
    filled = []
    for path in forms:
        writer = PdfWriter(clone_from=PdfReader(path))
        values = {code: f"/{rng.randint(1, 5)}" for code in ITEM_CODES}
        values["answered_on"] = date.today().isoformat()
        writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
        target = folder / path.name
        writer.write(target)
        filled.append(target)
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            base = work / f"run{run}"
            base.mkdir()
            db_path = base / "bench.sqlite3"
            round_id = _database(db_path, args.people)
            db = open_database(db_path)
            with db.transaction() as session:
                specs = surveys.form_specs(session, round_id)
            started = time.perf_counter()
            sent = write_round_folder(specs, base / "forms")
            make = time.perf_counter() - started
            started = time.perf_counter()
            for index, spec in enumerate(specs):
                write_form(spec, base / f"floor{index}.pdf", fields=False)
            make_floor = time.perf_counter() - started
            rows.append((f"make {len(specs)} forms", make, make_floor))

            filled = _fill(sent.forms, base / "back")
            from pypdf import PdfReader

            started = time.perf_counter()
            for path in filled:
                PdfReader(path).get_fields()
            read_floor = time.perf_counter() - started
            started = time.perf_counter()
            forms = [read_form(path) for path in gather([base / "back"]).files]
            with db.transaction() as session:
                reviews = surveys.check_returns(session, forms)
                refused = [r for r in reviews if r.status == "refused"]
                if refused:
                    raise SystemExit(f"bench: a form was refused: {refused[0].message}")
                result = surveys.import_returns(session, reviews)
            collect = time.perf_counter() - started
            db.close()
            if result.imported != len(filled):
                raise SystemExit(f"bench: {result.imported} of {len(filled)} imported")
            rows.append((f"collect {len(filled)} forms", collect, read_floor))
    print(f"{'what':<22} {'MentorDesk':>11} {'floor':>8} {'ratio':>6}")
    for what, seconds, floor in rows:
        print(f"{what:<22} {seconds:>10.2f}s {floor:>7.2f}s {seconds / floor:>6.1f}")
    collects = [seconds for what, seconds, _ in rows if what.startswith("collect")]
    per_500 = max(collects) / args.people * 500
    verdict = "within" if per_500 < TARGET_COLLECT_500 else "OVER"
    print(f"collecting 500 forms: {per_500:.1f} s, {verdict} the {TARGET_COLLECT_500:.0f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
