"""Argument types shared by the sub-commands, with messages a coordinator understands."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mentordesk.reports.paper import Paper


def iso_date(text: str) -> date:
    """A YYYY-MM-DD day; argparse turns the error into one clear line and exit 2."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31"
        ) from None


def paper_argument(parser: argparse.ArgumentParser) -> None:
    """``--paper a4|letter`` for a command that writes PDFs."""
    parser.add_argument(
        "--paper",
        choices=("a4", "letter"),
        type=str.lower,
        help="the paper size (default: the locale's, from LC_ALL, LC_PAPER or LANG: "
        "Letter in the US, Canada, Mexico, the Philippines, A4 elsewhere)",
    )


def chosen_paper(args: argparse.Namespace) -> Paper:
    """The paper ``--paper`` names, else the one of the locale."""
    from mentordesk.reports.paper import Paper

    value = getattr(args, "paper", None)
    return Paper.parse(value) if value else Paper.from_environment()
