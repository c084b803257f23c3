"""``mentordesk audit``: who changed what, when."""

from __future__ import annotations

import argparse

from mentordesk.commands.arguments import iso_date
from mentordesk.commands.context import EXIT_OK, Context


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "audit",
        help="show the audit log (never the confidential text itself)",
        description="Show who changed which record and which fields, newest first.",
    )
    parser.add_argument("--since", type=iso_date, metavar="DATE", help="only from this day on")
    parser.add_argument("--limit", type=int, default=None, metavar="N")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.audit_log import audit_entries

    with context.database().transaction() as session:
        rows = audit_entries(session, since=args.since, limit=args.limit)
    for row in rows:
        who = row.actor or "unknown"
        print(f"{row.at:%Y-%m-%d %H:%M:%S}  {who:<16}  {row.description}")
    if not rows:
        print("The audit log has no entries" + (f" since {args.since}." if args.since else "."))
    return EXIT_OK
