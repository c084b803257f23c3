"""``mentordesk person export`` and ``mentordesk person erase``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mentordesk.commands.context import EXIT_FAILED, EXIT_OK, Context


def register(subcommands: argparse._SubParsersAction) -> None:
    person = subcommands.add_parser(
        "person",
        help="one person's data: export it in full, or erase it",
        description="One person's data: export everything held about them, or erase it.",
    )
    actions = person.add_subparsers(title="actions", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write everything held about a person to a JSON file",
        description="Write everything held about a person (including the confidential notes "
        "of their pairs) to a JSON file.",
    )
    export.add_argument("email")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    export.set_defaults(run=run_export)
    erase = actions.add_parser(
        "erase",
        help="erase a person who left, keeping the program's statistics",
        description="Replace a person's name, email, employee id and the free text written "
        "in their pairs with a placeholder; pairs, activities and scores are kept.",
    )
    erase.add_argument("email")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(run=run_erase)


def run_export(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.privacy import person_export

    with context.database().transaction() as session:
        document = person_export(session, args.email)
    from mentordesk.private import write_private_text

    # Readable by its owner only: everything about one person, confidential notes included.
    write_private_text(args.out, json.dumps(document, ensure_ascii=False, indent=2))
    print(f"Wrote everything held about {document['person']['name']} to {args.out}")
    return EXIT_OK


def run_erase(args: argparse.Namespace, context: Context) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            print("mentordesk: erasing cannot be undone; add --yes to confirm.", file=sys.stderr)
            return EXIT_FAILED
        answer = input(f"Erase {args.email}? This cannot be undone. Type 'erase' to confirm: ")
        if answer.strip().lower() != "erase":
            print("Nothing was erased.")
            return EXIT_FAILED
    from mentordesk.services.erasure import erase_everywhere

    result = erase_everywhere(context.database(), args.email)
    print(f"Erased {args.email}. {result.describe()}")
    return EXIT_OK
