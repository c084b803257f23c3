"""``mentordesk screenshot``: one view of the window, rendered offscreen to a PNG file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from mentordesk.commands.arguments import iso_date
from mentordesk.commands.context import EXIT_OK, Context

VIEWS_HELP = "dashboard, pairs, pair, people, conflicts, ethics, models, workshops, welcome"


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "screenshot",
        help="render one view of the window to a PNG file (no display needed)",
        description="Render one view of the window, showing the current database, to a PNG "
        "file. Works without a display (offscreen).",
    )
    parser.add_argument("--view", required=True, metavar="NAME", help=f"the view: {VIEWS_HELP}")
    parser.add_argument("--out", required=True, metavar="FILE.png", help="where to write it")
    parser.add_argument(
        "--size", default="1360x860", metavar="WxH", help="window size (default: 1360x860)"
    )
    parser.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="the day figures are for (default: today)"
    )
    parser.add_argument(
        "--pair-id",
        type=int,
        metavar="N",
        help="the pair the 'pair' view shows (default: one at risk)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.ui.launch import display_available

    if not display_available():
        # Set before Qt starts: the picture needs no screen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from mentordesk.ui.screenshot import parse_size, render_view

    out = render_view(
        context.database(),
        args.view,
        Path(args.out),
        size=parse_size(args.size),
        as_of=args.as_of,
        pair_id=args.pair_id,
    )
    print(f"Wrote {out}")
    return EXIT_OK
