"""``mentordesk export program`` and ``mentordesk import program``: whole programs as files.

This module also owns the ``export`` and ``import`` command groups. Other
modules add their own kinds (``export people``, ``import pairs`` …) to the
same groups from their ``register``::

    from mentordesk.commands.program_files import export_group, import_group

    def register(subcommands):
        parser = export_group(subcommands).add_parser("people", help=..., description=...)
        parser.add_argument(...)
        parser.set_defaults(run=run_export_people)

:func:`export_group` and :func:`import_group` create the group the first time
they are called for a parser and hand back the same nested sub-command action
every time after, so the modules may be registered in any order.
"""

from __future__ import annotations

import argparse
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from mentordesk.commands.context import EXIT_OK, Context

if TYPE_CHECKING:  # loaded when a command runs: 'mentordesk --help' needs no database

    from mentordesk.program_file import ImportSummary

FILE_SUFFIX = ".mentordesk.json"
"""mentordesk.program_file.FILE_SUFFIX (a test keeps them equal), without loading the store."""

_GROUPS: weakref.WeakKeyDictionary[
    argparse._SubParsersAction, dict[str, argparse._SubParsersAction]
] = weakref.WeakKeyDictionary()

_GROUP_TEXTS = {
    "export": (
        "write data from the database to a file",
        "Write data from the database to a file. Choose what to export.",
        "what to export",
    ),
    "import": (
        "read data from a file into the database",
        "Read data from a file into the database, all or nothing: a file with any "
        "problem changes nothing. Choose what to import.",
        "what to import",
    ),
}


def _group(subcommands: argparse._SubParsersAction, name: str) -> argparse._SubParsersAction:
    groups = _GROUPS.setdefault(subcommands, {})
    if name not in groups:
        help_text, description, title = _GROUP_TEXTS[name]
        parser = subcommands.add_parser(name, help=help_text, description=description)
        groups[name] = parser.add_subparsers(
            title=title, metavar="WHAT", dest=f"{name}_what", required=True
        )
    return groups[name]


def export_group(subcommands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The sub-commands of ``mentordesk export`` (created on first use): add a parser per
    kind of export to it, each with ``set_defaults(run=...)``."""
    return _group(subcommands, "export")


def import_group(subcommands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The sub-commands of ``mentordesk import`` (created on first use): add a parser per
    kind of import to it, each with ``set_defaults(run=...)``."""
    return _group(subcommands, "import")


def register(subcommands: argparse._SubParsersAction) -> None:
    export = export_group(subcommands).add_parser(
        "program",
        help="write a whole program to a program file",
        description="Write one program, whole, to a program file (.mentordesk.json): its "
        "pairs with every activity, assessment, conflict, ethics review and review, its "
        "workshops, and the people in the database. The text of confidential notes and "
        "conflicts is left out unless --include-confidential is given; the file then says "
        "it includes confidential text, so keep it as safe as the database.",
    )
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=f"the file to write, usually ending in {FILE_SUFFIX} ('-' writes to the screen)",
    )
    export.add_argument(
        "--program",
        metavar="NAME",
        help="the program to export (may be left out when the database holds one program)",
    )
    export.add_argument(
        "--include-confidential",
        action="store_true",
        help="include the text of confidential notes and conflicts (left out otherwise)",
    )
    export.set_defaults(run=run_export)

    load = import_group(subcommands).add_parser(
        "program",
        help="read a whole program from a program file",
        description="Read a whole program from a program file into the database. The file "
        "is checked whole first; any problem is reported with where it is in the file, and "
        "then nothing is imported. People already in the database (same email, else same "
        "employee id) are reused, not duplicated.",
    )
    load.add_argument("file", type=Path, metavar="FILE", help="the program file to read")
    load.set_defaults(run=run_import)


def run_export(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.program_file import (
        WithheldCount,
        program_parts,
        write_program,
        write_program_file,
    )

    with context.database().transaction() as session:
        from mentordesk.services.programs import choose_program

        chosen = choose_program(session, args.program, purpose="to export")
        name = chosen.name
        # Written as it is read: a program of any size goes out in bounded memory.
        document = program_parts(
            session, chosen.id, include_confidential=args.include_confidential
        )
        withheld = WithheldCount(document)
        if args.out == "-":
            write_program(sys.stdout, withheld.document)
        else:
            out = Path(args.out)
            counts = write_program_file(out, withheld.document)
    if args.out == "-":
        if withheld.count:
            print(_withheld_sentence(withheld.count), file=sys.stderr)
        return EXIT_OK
    print(
        f"Exported the program '{name}' to {out}: {counts.get('pairs', 0):,} pairs, "
        f"{counts.get('people', 0):,} people, {counts.get('workshops', 0):,} workshops."
    )
    if withheld.count:
        print(_withheld_sentence(withheld.count))
    return EXIT_OK


def _withheld_sentence(withheld: int) -> str:
    records = "record" if withheld == 1 else "records"
    return (
        f"The confidential text of {withheld:,} {records} was left out; add "
        "--include-confidential to include it."
    )


def describe_import(summary: ImportSummary) -> list[str]:
    """The lines printed after an import."""
    return [
        f"Imported the program '{summary.program_name}':",
        f"  people        {summary.people_created:,} new, {summary.people_reused:,} already "
        "in the database",
        f"  pairs         {summary.pairs:,} with {summary.goals:,} goals",
        f"  activities    {summary.activities:,}",
        f"  assessments   {summary.assessments:,}",
        f"  conflicts     {summary.conflicts:,}",
        f"  ethics        {summary.ethics_reviews:,} reviews",
        f"  pair reviews  {summary.pair_reviews:,}",
        f"  workshops     {summary.workshops:,} with {summary.attendances:,} attendances",
        f"  plan          {summary.plan_entries:,} headings",
    ]


def run_import(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.program_file import import_program_file

    with context.database().transaction() as session:
        # Read a record at a time: a program of any size in bounded memory.
        summary = import_program_file(session, args.file)
    print("\n".join(describe_import(summary)))
    return EXIT_OK
