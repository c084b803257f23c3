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
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

from mentordesk import __version__
from mentordesk.errors import MentorDeskError
from mentordesk.locations import refuse_missing_database
from mentordesk.paths import default_database_path

if TYPE_CHECKING:
    # Loaded by the commands that need it: starting the window does not wait for the store.
    pass

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
    "mentordesk.commands.survey",
    "mentordesk.commands.match",
)


class CommandParser(argparse.ArgumentParser):
    """argparse with mistakes reported as one line (no usage dump), exit code 2."""

    def error(self, message: str) -> NoReturn:
        from mentordesk.commands.context import EXIT_USER_ERROR

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
    _add_db_option(parser, os.environ.get("MENTORDESK_DB"))
    if with_commands:
        from mentordesk.commands.context import CREATING_COMMANDS

        subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(subcommands)
        # --db is accepted after the command too (mentordesk demo --db X), and each
        # command's help shows it; given there, it wins over one given before.
        for path, command in _command_parsers(subcommands):
            _add_db_option(command, argparse.SUPPRESS)
            if path[0] in CREATING_COMMANDS:
                command.set_defaults(may_create_database=True)
    return parser


def _add_db_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="database file or SQLAlchemy URL (default: $MENTORDESK_DB, "
        f"else {default_database_path()})",
    )


def _command_parsers(
    subcommands: argparse._SubParsersAction, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command's parser, nested ones (``import people``) included, with its words."""
    seen: set[int] = set()
    for name, parser in subcommands.choices.items():
        if id(parser) in seen:  # an alias
            continue
        seen.add(id(parser))
        yield (*path, name), parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                yield from _command_parsers(action, (*path, name))


def _start_private() -> None:
    """Files made from here on are the owner's alone (0600, folders 0700), and copies a
    killed MentorDesk left half-written are removed (see mentordesk.partial_files)."""
    from mentordesk.partial_files import clean_unfinished
    from mentordesk.private import private_umask

    private_umask()
    clean_unfinished()


def window_arguments(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The two ways the window is started, no argument or ``--db PATH``, read as the
    parser reads them but without building it (argparse and the translations it looks up
    are about 4 ms before the window's first paint); None for anything else."""
    if not arguments:
        return argparse.Namespace(self_test=False, db=os.environ.get("MENTORDESK_DB"))
    if len(arguments) == 2 and arguments[0] == "--db" and not arguments[1].startswith("-"):
        return argparse.Namespace(self_test=False, db=arguments[1])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        read = window_arguments(arguments)
        # Opening the window needs none of the commands: don't import them then.
        args, rest = (
            (read, [])
            if read is not None
            else build_parser(with_commands=False, with_help=False).parse_known_args(arguments)
        )
        if rest == ["--version"]:
            # Nor does the version: it is printed (and the program exits) without them.
            build_parser(with_commands=False).parse_args(arguments)
        if rest:
            args = build_parser().parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    _start_private()
    if args.self_test:
        from mentordesk.selftest import run_self_test

        return run_self_test()
    location = args.db or str(default_database_path())
    run = getattr(args, "run", None)
    if run is None:
        from mentordesk.ui.launch import display_available, missing_desktop_libraries, open_window

        # A window that cannot start at all says so first (open_window's sentences).
        if args.db is not None and display_available() and not missing_desktop_libraries():
            # A mistyped --db is not made into a new database: File → New database is.
            try:
                refuse_missing_database(location, explicit=True)
            except MentorDeskError as error:
                from mentordesk.commands.context import EXIT_USER_ERROR

                print(f"mentordesk: {error}", file=sys.stderr)
                return EXIT_USER_ERROR
        return open_window(location, explicit=args.db is not None)
    # The commands' context and exit codes: loaded here, not before the window's first paint.
    from mentordesk.commands.context import EXIT_FAILED, EXIT_OK, EXIT_USER_ERROR, Context

    context = Context(
        location,
        may_create=getattr(args, "may_create_database", False),
        explicit=args.db is not None,
    )
    try:
        return int(run(args, context))
    except MentorDeskError as error:
        print(f"mentordesk: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("mentordesk: stopped.", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader went away (mentordesk risk | head): end quietly, as a filter does.
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        # A damaged file can fail any query of any command: one sentence, not a traceback.
        problem = context.damage_problem(error)
        if problem is None:
            raise
        print(f"mentordesk: {problem}", file=sys.stderr)
        return EXIT_USER_ERROR
    finally:
        context.close()


def _silence_stdout() -> None:
    """Point standard output at nothing, so that flushing it at exit raises no second
    BrokenPipeError (Python would print "Exception ignored …")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
