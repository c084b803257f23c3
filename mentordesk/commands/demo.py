"""``mentordesk demo``: fill an empty database with a believable made-up program."""

from __future__ import annotations

import argparse
import shlex
import time
from datetime import date

from mentordesk.commands.arguments import iso_date
from mentordesk.commands.context import EXIT_OK, Context
from mentordesk.paths import demo_database_path

# mentordesk.demo's DEFAULT_PAIRS, DEFAULT_SEED and MAX_PAIRS (a test keeps them equal):
# that module loads the store, which 'mentordesk --help' must not wait for.
DEFAULT_PAIRS = 60
DEFAULT_SEED = 1
MAX_PAIRS = 100_000


def _pair_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_PAIRS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of pairs from 1 to {MAX_PAIRS:,}"
        )
    return count


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "demo",
        help="fill an empty database with a made-up program to explore",
        description="Fill an empty database with a believable made-up program: people in "
        "several departments with their managers, mentoring pairs of every model and "
        "status, about a year of check-ins, trust assessments, conflicts, ethics reviews "
        "and workshops up to the day given, so that every risk flag and health verdict "
        "shows up (from 40 pairs on). The same seed gives the same program. Without --db "
        "it goes into a demo database of its own in the data folder, never your own.",
    )
    parser.add_argument(
        "--pairs",
        type=_pair_count,
        default=DEFAULT_PAIRS,
        metavar="N",
        help=f"how many mentoring pairs (default: {DEFAULT_PAIRS})",
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"the seed of the made-up data (default: {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="the last day of the made-up history, as YYYY-MM-DD (default: today)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.demo import load_demo
    from mentordesk.services.programs import ensure_empty

    today = args.as_of or date.today()
    started = time.perf_counter()
    if not context.explicit:
        # Without --db the demo goes into a database of its own, never the user's.
        context.db_location = str(demo_database_path())
    database = context.database()
    with database.transaction() as session:
        ensure_empty(session, database.display_name)
        summary = load_demo(session, args.pairs, args.seed, today)
    seconds = time.perf_counter() - started
    print(
        f"Made the demo program '{summary.program_name}' in {database.display_name} "
        f"(seed {args.seed}, history up to {today.isoformat()}, {seconds:.1f} s):"
    )
    print(
        f"  {summary.people_created:,} people, {summary.pairs:,} pairs, "
        f"{summary.activities:,} activities, {summary.assessments:,} assessments, "
        f"{summary.conflicts:,} conflicts, {summary.ethics_reviews:,} ethics reviews, "
        f"{summary.pair_reviews:,} pair reviews, {summary.workshops:,} workshops."
    )
    where = shlex.quote(database.display_name)
    print(f"  See its risks with: mentordesk --db {where} risk --as-of {today.isoformat()}")
    return EXIT_OK
