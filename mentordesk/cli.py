"""The ``mentordesk`` command: the window without a sub-command, the rest from a terminal.

Sub-commands live in ``mentordesk.commands``, one module per topic, each with a
``register(subcommands)`` that adds its parsers; every parser sets ``run`` to a
function taking the parsed arguments and a :class:`Context` and returning the
exit code. The commands are thin: the work is in the services and reports.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

from mentordesk import __version__
from mentordesk.errors import MentorDeskError
from mentordesk.paths import default_database_path

if TYPE_CHECKING:
    # Loaded by the commands that need it: starting the window does not wait for the store.
    from mentordesk.store.database import Database

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USER_ERROR = 2

# Listed by hand (not discovered) so the packaged program carries every one.
COMMAND_MODULES = (
    "mentordesk.commands.check",
    "mentordesk.commands.backup",
    "mentordesk.commands.audit",
    "mentordesk.commands.person",
    "mentordesk.commands.risk",
    "mentordesk.commands.program_files",
    "mentordesk.commands.roster_files",
    "mentordesk.commands.demo",
    "mentordesk.commands.screenshot",
    "mentordesk.commands.reports",
)


@dataclass
class Context:
    """What every sub-command gets: the database the user chose, opened on first use."""

    db_location: str
    _database: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        if self._database is None:
            from mentordesk.store.database import open_database

            self._database = open_database(self.db_location)
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


class CommandParser(argparse.ArgumentParser):
    """argparse with mistakes reported as one line (no usage dump), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser(*, with_commands: bool = True, with_help: bool = True) -> argparse.ArgumentParser:
    """The ``mentordesk`` parser; without its commands it only knows the global options
    (and without help, ``-h`` and ``--version`` are left for the full parser)."""
    parser = CommandParser(
        add_help=with_help,
        prog="mentordesk",
        description="MentorDesk keeps workplace mentoring pairs, their trust and "
        "their risks in one place. Without a command it opens the window.",
    )
    if with_help:
        parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end in a temporary folder, then exit",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=os.environ.get("MENTORDESK_DB"),
        help="database file or SQLAlchemy URL (default: $MENTORDESK_DB, "
        f"else {default_database_path()})",
    )
    if with_commands:
        subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        # Opening the window needs none of the commands: don't import them then.
        args, rest = build_parser(with_commands=False, with_help=False).parse_known_args(arguments)
        if rest:
            args = build_parser().parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.self_test:
        from mentordesk.selftest import run_self_test

        return run_self_test()
    location = args.db or str(default_database_path())
    run = getattr(args, "run", None)
    if run is None:
        from mentordesk.ui.launch import open_window

        return open_window(location, explicit=args.db is not None)
    context = Context(location)
    try:
        return int(run(args, context))
    except MentorDeskError as error:
        print(f"mentordesk: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("mentordesk: stopped.", file=sys.stderr)
        return EXIT_FAILED
    finally:
        context.close()
