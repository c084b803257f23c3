"""Benchmark: importing a roster from CSV, against the least work that stores the same rows.

MentorDesk's import reads and checks every row (encoding and delimiter
detection, column synonyms, email and employee-id matching, managers anywhere
in the file, reporting-line loops, the roster's pair rules) and writes in bulk.
The baseline is a bare ``csv.DictReader`` plus one bulk INSERT of the same rows
(for pairs, plus the one query that turns emails into person ids). Both run in
the same process on fresh database files opened with ``open_database``; the
table shows the median time of a few runs and the peak Python memory
(tracemalloc, in a separate run so it does not slow the timed ones), each
beside the bare figure.

    python bench/import_bench.py                      # 20,000 people, 10,000 pairs
    python bench/import_bench.py --people 500 --pairs 200 --runs 1
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import Row, Samples, print_table, samples, time_call  # noqa: E402
from mentordesk.importing import import_pairs, import_people  # noqa: E402
from mentordesk.store.database import Database, open_database  # noqa: E402
from mentordesk.store.models import Pair, Person, Program  # noqa: E402

PROGRAM = "Benchmark program"
DEPARTMENTS = ("Engineering", "Finance", "People", "Sales", "Legal", "Operations", "Design")
SKILLS = ("python", "negotiation", "public speaking", "budgeting", "sql", "coaching", "design")
MODELS = ("formal", "informal", "peer")
TIME_LIMIT = 6.0  # an import may take at most this many times the bare read and insert
MEMORY_LIMIT_MB = 100.0  # and at most this much more peak Python memory


def write_people(path: Path, count: int, rng: random.Random) -> None:
    """A people file as an HR system writes it: managers named by email, often
    further down the file than the people who report to them."""
    order = list(range(count))
    rng.shuffle(order)  # managers come before or after their reports at random
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "Full name",
                "Work email",
                "Employee ID",
                "Dept",
                "Job title",
                "Line manager",
                "Office",
                "Skills",
                "Can mentor",
                "Capacity",
            ]
        )
        for number in order:
            # A tree: person n reports to person (n - 1) // 8, so there are no loops.
            manager = "" if number == 0 else f"person{(number - 1) // 8}@example.org"
            writer.writerow(
                [
                    f"Person {number}",
                    f"person{number}@example.org",
                    f"E{number:06d}",
                    rng.choice(DEPARTMENTS),
                    "Engineer",
                    manager,
                    "Lisbon",
                    "; ".join(rng.sample(SKILLS, 2)),
                    "yes" if number % 2 == 0 else "no",
                    "3" if number % 2 == 0 else "0",
                ]
            )


def _chain(number: int) -> set[int]:
    """Person ``number`` and everyone above them in the tree of write_people."""
    chain = {number}
    while number:
        number = (number - 1) // 8
        chain.add(number)
    return chain


def write_pairs(path: Path, people: int, count: int, rng: random.Random) -> None:
    """Pairs of one program that keep the pairing rules: an even-numbered (able) mentor
    with a place left and outside the mentee's management chain, a distinct odd mentee."""
    mentees = [number for number in range(people) if number % 2 == 1]
    rng.shuffle(mentees)
    mentors = [number for number in range(people) if number % 2 == 0]
    places = dict.fromkeys(mentors, 3)  # the capacity write_people gives them
    start = date(2027, 1, 4)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Program", "Mentor", "Mentee", "Model", "Status", "Start", "Planned end"])
        for index in range(count):
            mentee = mentees[index % len(mentees)]
            open_pair = index < len(mentees)
            mentor = rng.choice(mentors)
            while open_pair and (
                not places[mentor] or mentor in _chain(mentee) or mentee in _chain(mentor)
            ):
                mentor = rng.choice(mentors)
            if open_pair:
                places[mentor] -= 1
            day = start + timedelta(days=rng.randrange(60))
            writer.writerow(
                [
                    PROGRAM,
                    f"person{mentor}@example.org",
                    f"person{mentee}@example.org",
                    rng.choice(MODELS),
                    "active" if open_pair else "completed",
                    day.isoformat(),
                    (day + timedelta(days=180)).isoformat(),
                ]
            )


def fresh_database(folder: Path, name: str) -> Database:
    database = open_database(folder / f"{name}.sqlite3", backups=folder / "backups")
    with database.transaction() as session:
        session.add(Program(name=PROGRAM, start_date=date(2027, 1, 1), default_model="formal"))
    return database


# --------------------------------------------------------------------------- contenders


def mentordesk_people(database: Database, people_csv: Path) -> None:
    with database.transaction() as session:
        report = import_people(session, people_csv)
    if report.refused or not report.written:
        raise SystemExit(f"people import refused rows: {report.refusal_lines()[:3]}")


def mentordesk_pairs(database: Database, pairs_csv: Path) -> None:
    with database.transaction() as session:
        report = import_pairs(session, pairs_csv)
    if report.refused or not report.written:
        raise SystemExit(f"pairs import refused rows: {report.refusal_lines()[:3]}")


def bare_people(database: Database, people_csv: Path) -> None:
    with people_csv.open(encoding="utf-8", newline="") as stream:
        rows = [
            {
                "name": row["Full name"],
                "email": row["Work email"],
                "employee_id": row["Employee ID"],
                "department": row["Dept"],
                "title": row["Job title"],
                "location": row["Office"],
                "skills": row["Skills"].split("; "),
                "can_mentor": row["Can mentor"] == "yes",
                "capacity": int(row["Capacity"]),
                "active": True,
                "version": 1,
            }
            for row in csv.DictReader(stream)
        ]
    with database.engine.begin() as connection:
        connection.execute(insert(Person.__table__), rows)


def bare_pairs(database: Database, pairs_csv: Path) -> None:
    with database.engine.begin() as connection:
        ids = dict(connection.execute(select(Person.email, Person.id)).all())
        program_id = connection.execute(select(Program.id)).scalar_one()
        with pairs_csv.open(encoding="utf-8", newline="") as stream:
            rows = [
                {
                    "program_id": program_id,
                    "mentor_id": ids[row["Mentor"]],
                    "mentee_id": ids[row["Mentee"]],
                    "model": row["Model"],
                    "status": row["Status"],
                    "start_date": date.fromisoformat(row["Start"]),
                    "planned_end": date.fromisoformat(row["Planned end"]),
                    "expectations": "",
                    "version": 1,
                }
                for row in csv.DictReader(stream)
            ]
        connection.execute(insert(Pair.__table__), rows)


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Measured:
    """Seconds of each timed run and the peak Python memory of one more run, in MB."""

    people: Samples
    pairs: Samples
    people_peak: Samples
    pairs_peak: Samples


def measure(
    folder: Path,
    runs: int,
    people_step: Callable[[Database, Path], None],
    pairs_step: Callable[[Database, Path], None],
    people_csv: Path,
    pairs_csv: Path,
    label: str,
) -> Measured:
    """Time ``runs`` imports of people then pairs, each into a fresh database, then
    one more run under tracemalloc for the peak memory of each step."""
    people_times: list[float] = []
    pairs_times: list[float] = []
    for run in range(runs):
        database = fresh_database(folder, f"{label}-{run}")
        try:
            people_times.append(time_call(partial(people_step, database, people_csv)))
            pairs_times.append(time_call(partial(pairs_step, database, pairs_csv)))
        finally:
            database.close()
    database = fresh_database(folder, f"{label}-memory")
    peaks = []
    try:
        for step, source in ((people_step, people_csv), (pairs_step, pairs_csv)):
            gc.collect()
            tracemalloc.start()
            try:
                step(database, source)
                peaks.append(tracemalloc.get_traced_memory()[1] / 1024 / 1024)
            finally:
                tracemalloc.stop()
    finally:
        database.close()
    return Measured(
        samples(people_times), samples(pairs_times), samples(peaks[:1]), samples(peaks[1:])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000, help="people rows (20,000)")
    parser.add_argument("--pairs", type=int, default=10_000, help="pair rows (10,000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per contender (3)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.people < 4 or args.pairs < 1 or args.runs < 1:
        parser.error("need at least 4 people, 1 pair and 1 run")
    if args.pairs > args.people // 2 * (args.people // 2):
        parser.error("too many pairs for so few people")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="mentordesk-bench-") as name:
        folder = Path(name)
        people_csv = folder / "people.csv"
        pairs_csv = folder / "pairs.csv"
        write_people(people_csv, args.people, rng)
        write_pairs(pairs_csv, args.people, args.pairs, rng)
        ours = measure(
            folder, args.runs, mentordesk_people, mentordesk_pairs, people_csv, pairs_csv, "md"
        )
        bare = measure(folder, args.runs, bare_people, bare_pairs, people_csv, pairs_csv, "bare")
    floor = "csv read + one INSERT"
    print(
        f"Importing {args.people:,} people and {args.pairs:,} pairs from CSV; "
        f"median of {args.runs} run(s), peak memory of one more run."
    )
    print()
    print_table(
        [
            Row(
                f"people import, {args.people:,} rows",
                ours.people,
                floor,
                bare.people,
                "ratio",
                TIME_LIMIT,
            ),
            Row(
                f"pairs import, {args.pairs:,} rows",
                ours.pairs,
                floor,
                bare.pairs,
                "ratio",
                TIME_LIMIT,
            ),
            Row(
                "peak Python memory, people (tracemalloc)",
                ours.people_peak,
                floor,
                bare.people_peak,
                "plus",
                MEMORY_LIMIT_MB,
                unit="MB",
            ),
            Row(
                "peak Python memory, pairs (tracemalloc)",
                ours.pairs_peak,
                floor,
                bare.pairs_peak,
                "plus",
                MEMORY_LIMIT_MB,
                unit="MB",
            ),
        ]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
