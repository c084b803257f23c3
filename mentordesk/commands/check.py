"""``mentordesk check``: integrity and migration state of the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mentordesk.commands.context import EXIT_FAILED, EXIT_OK, EXIT_USER_ERROR, Context
from mentordesk.errors import DatabaseDamaged


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "check",
        help="check the database's integrity and schema version",
        description="Check the database's integrity and schema version; "
        "exits 0 only when all is well.",
    )
    parser.set_defaults(run=run)


def run(_args: argparse.Namespace, context: Context) -> int:
    from mentordesk.paths import backup_dir
    from mentordesk.store import damage
    from mentordesk.store.health import check_database

    try:
        database = context.database()
    except DatabaseDamaged as error:
        # Too damaged to open: SQLite's own check still says what it can find.
        path = Path(str(error.path))
        print(f"Database: {path}")
        for problem in damage.check_file(path):
            print(f"Problem:  {problem}")
        print(f"mentordesk: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    report = check_database(database)
    print(f"Database: {database.display_name}")
    print(f"Schema:   {report.revision} (this MentorDesk expects {report.head})")
    if report.ok:
        print("All is well.")
        return EXIT_OK
    for problem in report.problems:
        print(f"Problem:  {problem}")
    if report.damaged and database.path is not None:
        folder = database.backups or backup_dir()
        what = "SQLite's integrity check failed (see above)"
        print(f"mentordesk: {damage.damaged(database.path, folder, what=what)}", file=sys.stderr)
        return EXIT_USER_ERROR
    return EXIT_FAILED
