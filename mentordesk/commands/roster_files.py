"""``mentordesk import people|pairs FILE`` and ``mentordesk export people|pairs|activities|
conflicts --out FILE``: rosters in and out as CSV or XLSX.

The ``import`` and ``export`` groups belong to :mod:`mentordesk.commands.program_files`;
this module adds its kinds to them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mentordesk.commands.context import EXIT_OK, EXIT_USER_ERROR, Context
from mentordesk.commands.program_files import export_group, import_group

if TYPE_CHECKING:  # loaded when a command runs: 'mentordesk --help' needs no database
    from mentordesk.importing import ImportReport

# The codes of mentordesk.importing.DateFormat and mentordesk.exporting.ExportKind
# (a test keeps them equal): those modules load the store and openpyxl.
DATE_FORMATS = ("dmy", "mdy")
EXPORT_KINDS = ("people", "pairs", "activities", "conflicts")

_IMPORT_TEXTS = {
    "people": (
        "add or update people from an HR roster (CSV or XLSX)",
        "Add or update people from an HR roster file (CSV or XLSX). Columns are found by "
        "their headings (name or first name + last name, email, employee id, department, "
        "title, manager, location, skills, can mentor, capacity, active) and the usual "
        "synonyms. People already in the database are found by email, then employee id, and "
        "updated; a manager may be anyone in the file or the database. By default a file "
        "with any refused row changes nothing. A row that would change someone's employee "
        "id, or a value that looks like a spreadsheet's conversion of the stored one (0042 "
        "saved as 42, 1E5 as 100000), is named and nothing is saved unless "
        "--accept-changed-ids confirms it.",
    ),
    "pairs": (
        "add or update mentoring pairs from a roster (CSV or XLSX)",
        "Add or update mentoring pairs from a roster file (CSV or XLSX): program, mentor, "
        "mentee (email or employee id of people already in the database), model, status, "
        "start, planned end. A pair with the same mentor and mentee in the program is "
        "updated. By default a file with any refused row changes nothing.",
    ),
}

_EXPORT_TEXTS = {
    "people": "the people directory (the columns an import of people reads)",
    "pairs": "the pairs (the columns an import of pairs reads)",
    "activities": "the activities of the pairs",
    "conflicts": "the conflict log, with each conflict's timeline",
}


def register(subcommands: argparse._SubParsersAction) -> None:
    imports = import_group(subcommands)
    for what, run in (("people", run_import_people), ("pairs", run_import_pairs)):
        help_text, description = _IMPORT_TEXTS[what]
        parser = imports.add_parser(what, help=help_text, description=description)
        parser.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and show what would be created, updated and refused, "
            "row by row; save nothing",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="save the valid rows even when some rows are refused",
        )
        parser.add_argument("--sheet", metavar="NAME", help="the workbook's sheet to read")
        parser.add_argument(
            "--date-format",
            choices=DATE_FORMATS,
            help="how dates not written YYYY-MM-DD are ordered: dmy (day/month/year) or "
            "mdy (month/day/year)",
        )
        if what == "people":
            parser.add_argument(
                "--accept-changed-ids",
                action="store_true",
                help="apply the changed employee ids and the values that look like a "
                "spreadsheet's conversion of the stored ones (nothing is saved otherwise)",
            )
        if what == "pairs":
            parser.add_argument(
                "--program",
                metavar="NAME",
                help="the program of rows that name none (needed when the file has no "
                "program column and the database holds several programs)",
            )
        parser.set_defaults(run=run)

    exports = export_group(subcommands)
    for kind in EXPORT_KINDS:
        parser = exports.add_parser(
            kind,
            help=f"write {_EXPORT_TEXTS[kind]} to CSV or XLSX",
            description=f"Write {_EXPORT_TEXTS[kind]} to a CSV or XLSX file, chosen by "
            "the file's ending. Text that a spreadsheet would take for a formula is written "
            "as a text cell in XLSX, and with a leading apostrophe in CSV (which the import "
            "removes).",
        )
        parser.add_argument(
            "--out", type=Path, required=True, metavar="FILE.csv|FILE.xlsx", help="the file"
        )
        parser.add_argument(
            "--include-confidential",
            action="store_true",
            help="include the text of confidential notes and conflicts (left out otherwise)",
        )
        parser.add_argument("--program", metavar="NAME", help="only this program's records")
        parser.set_defaults(run=run_export, export_kind=kind)


def run_import_people(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.importing import import_people

    return _run_import(
        args, context, import_people, accept_changed_ids=args.accept_changed_ids
    )


def run_import_pairs(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.importing import import_pairs

    return _run_import(args, context, import_pairs, program=args.program)


def _run_import(
    args: argparse.Namespace,
    context: Context,
    importer: Callable[..., ImportReport],
    **extra: object,
) -> int:
    with context.database().transaction() as session:
        report = importer(
            session,
            args.file,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            sheet=args.sheet,
            date_format=args.date_format,
            **extra,
        )
    print("\n".join(report_lines(report)))
    if report.refused and not args.skip_invalid:
        return EXIT_USER_ERROR
    if report.held and not report.dry_run:
        return EXIT_USER_ERROR
    return EXIT_OK


def report_lines(report: ImportReport) -> list[str]:
    """What an import prints: the counts, then the rows (every row on a dry run, the
    refused ones otherwise), then the headings that were not used."""
    from mentordesk.importing import RowAction

    lines = [report.summary()]
    if report.dry_run:
        lines.extend(f"  {report.describe(row)}" for row in report.rows)
    elif report.refused:
        lines.append("Refused:" if report.written else "Refused rows:")
        lines.extend(
            f"  {report.describe(row)}" for row in report.rows if row.action is RowAction.REFUSED
        )
    if not report.dry_run and report.held_rows:
        if report.held:
            lines.append(
                "Held (add --accept-changed-ids to apply these changes, or correct the file):"
            )
        else:
            lines.append("Confirmed changes:")
        lines.extend(
            f"  {report.line_word} {row.line}: {row.label}: {change.describe()}"
            for row in report.held_rows
            for change in row.held
        )
    if report.ignored_columns:
        names = ", ".join(f"'{name}'" for name in report.ignored_columns)
        lines.append(f"Columns not used: {names}")
    lines.extend(f"Warning: {warning}" for warning in report.warnings)
    return lines


def run_export(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.exporting import ExportKind, export_records

    with context.database().transaction() as session:
        result = export_records(
            session,
            ExportKind(args.export_kind),
            args.out,
            include_confidential=args.include_confidential,
            program=args.program,
        )
    print(f"Exported {result.rows:,} {result.kind.value} to {result.path} ({result.file_format}).")
    if result.confidential_withheld:
        print(
            f"The confidential text of {result.confidential_withheld:,} "
            f"{result.kind.value} was left out; add --include-confidential to include it."
        )
    return EXIT_OK
