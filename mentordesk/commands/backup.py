"""``mentordesk backup`` and ``mentordesk restore``."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentordesk.commands.context import EXIT_OK, Context


def register(subcommands: argparse._SubParsersAction) -> None:
    backup = subcommands.add_parser(
        "backup",
        help="write a consistent copy of the database",
        description="Write a consistent copy of the database (safe while the window is open).",
    )
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    backup.set_defaults(run=run_backup)
    restore_parser = subcommands.add_parser(
        "restore",
        help="replace the database with a backup (the current one is kept)",
        description="Replace the database with a backup. The backup is checked first, and "
        "the current database is copied to the backups folder before it is replaced.",
    )
    restore_parser.add_argument("file", type=Path, metavar="FILE")
    restore_parser.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.backups import back_up

    result = back_up(context.database(), args.out)
    print(f"Backed up {context.database().display_name} to {result.path}: {result.method}.")
    return EXIT_OK


def run_restore(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.backups import restore

    result = restore(context.db_location, args.file)
    print(f"Restored from {result.restored_from}.")
    if result.previous_kept_at:
        print(f"The database as it was is kept at {result.previous_kept_at}")
    if result.erasures_reapplied:
        print(
            f"{result.erasures_reapplied:,} people erased since that backup was made were "
            "erased again (from the erasure ledger)."
        )
    return EXIT_OK
