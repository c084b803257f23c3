"""``mentordesk check``: integrity and migration state of the database."""

from __future__ import annotations

import argparse

from mentordesk.cli import EXIT_FAILED, EXIT_OK, Context


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "check",
        help="check the database's integrity and schema version",
        description="Check the database's integrity and schema version; "
        "exits 0 only when all is well.",
    )
    parser.set_defaults(run=run)


def run(_args: argparse.Namespace, context: Context) -> int:
    from mentordesk.store.health import check_database

    database = context.database()
    report = check_database(database)
    print(f"Database: {database.display_name}")
    print(f"Schema:   {report.revision} (this MentorDesk expects {report.head})")
    if report.ok:
        print("All is well.")
        return EXIT_OK
    for problem in report.problems:
        print(f"Problem:  {problem}")
    return EXIT_FAILED
