"""``mentordesk report program|pair`` and ``mentordesk forms``: the PDFs, from a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentordesk.commands.arguments import chosen_paper, iso_date, paper_argument
from mentordesk.commands.context import EXIT_OK, Context
from mentordesk.domain.vocabularies import MentorshipModel
from mentordesk.errors import MentorDeskError


def register(subcommands: argparse._SubParsersAction) -> None:
    report = subcommands.add_parser(
        "report",
        help="make a PDF report of a program or of one pair",
        description="Make a PDF report: the program report for a review with leadership, "
        "or the pair report for a pair's mid-point or closing review.",
    )
    kinds = report.add_subparsers(title="reports", metavar="REPORT", required=True)

    program = kinds.add_parser(
        "program",
        help="the program report (the message, outcomes, trends, pairs needing attention, "
        "trust, conflicts, ethics, activities, models; appendices by choice)",
        description="The program report, ready for a leadership review. Confidential "
        "conflict descriptions and notes are left out unless --include-confidential.",
    )
    _out(program)
    program.add_argument(
        "--program", metavar="NAME", help="the program (needed when there are several)"
    )
    _as_of(program)
    program.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        type=iso_date,
        help="start of the period compared with the one before it (default: the last full "
        "quarter up to the as-of day, or the program's life when it is younger)",
    )
    program.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        type=iso_date,
        help="end of the period (default: the --as-of day)",
    )
    _confidential(program)
    program.add_argument(
        "--appendix",
        choices=("none", "attention", "all"),
        default="attention",
        help="appendices to add: none, the full list of pairs needing attention (default), "
        "or that and the roster of every pair",
    )
    program.add_argument(
        "--attention-rows",
        metavar="N",
        type=int,
        default=25,
        help="pairs needing attention listed in the body, most serious first (0-40, "
        "one page; default: 25)",
    )
    program.add_argument(
        "--for",
        dest="prepared_for",
        metavar="AUDIENCE",
        default="Program review with leadership",
        help="who the report is for, printed on the cover",
    )
    program.set_defaults(run=run_program)

    pair = kinds.add_parser(
        "pair",
        help="the report of one pair, found by its mentee's email",
        description="The pair report for a pair's review: people, agreement, goals, trust "
        "over time beside the mentor's view, activities, conflicts, ethics, reviews, flags.",
    )
    pair.add_argument("--mentee", metavar="EMAIL", required=True, help="the mentee's email")
    _out(pair)
    _as_of(pair)
    pair.add_argument(
        "--program",
        metavar="NAME",
        help="the program, when the mentee has active pairs in several",
    )
    _confidential(pair)
    pair.set_defaults(run=run_pair)

    forms = subcommands.add_parser(
        "forms",
        help="print the workshop pack: agreement, questionnaire, checklists, logs",
        description="The workshop pack of paper forms: the mentoring agreement, the trust "
        "questionnaire (same order and codes as the entry form), the ethics checklist, a "
        "conflict record and a check-in log. With --mentee, names and dates are filled in.",
    )
    _out(forms)
    forms.add_argument("--mentee", metavar="EMAIL", help="fill in the forms for this mentee's pair")
    forms.add_argument(
        "--program",
        metavar="NAME",
        help="the program, when the mentee has active pairs in several",
    )
    forms.add_argument(
        "--all-pairs",
        action="store_true",
        help="the pack of every active pair of the program, filled in for each",
    )
    forms.add_argument(
        "--model",
        choices=[model.value for model in MentorshipModel],
        help="with --all-pairs: only the active pairs of this model",
    )
    forms.add_argument(
        "--pair",
        dest="pairs",
        metavar="ID",
        type=int,
        action="append",
        help="with --all-pairs: only this pair (repeat for several)",
    )
    forms.add_argument(
        "--one-per-pair",
        action="store_true",
        help="with --all-pairs: one PDF per pair beside --out instead of one PDF",
    )
    forms.set_defaults(run=run_forms)

    sign_in = subcommands.add_parser(
        "sign-in",
        help="a sign-in sheet for each workshop of a program",
        description="One page per workshop: title, date, place, the invited names printed "
        "in (those recorded as attending, else the people of the active pairs) and a "
        "signature column.",
    )
    _out(sign_in)
    sign_in.add_argument("--program", metavar="NAME", help="the program (needed when several)")
    sign_in.add_argument("--from", dest="start", metavar="DATE", type=iso_date,
                         help="first workshop day (default: all)")  # fmt: skip
    sign_in.add_argument("--to", dest="end", metavar="DATE", type=iso_date,
                         help="last workshop day (default: all)")  # fmt: skip
    sign_in.set_defaults(run=run_sign_in)


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="FILE.pdf", required=True, type=Path, help="where to write the PDF"
    )
    paper_argument(parser)


def _as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=iso_date,
        help="the day the figures are for, YYYY-MM-DD (default: today)",
    )


def _confidential(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include-confidential",
        action="store_true",
        help="include confidential conflict descriptions and notes; every page then says "
        "CONFIDENTIAL",
    )


def _check_out(path: Path) -> Path:
    if path.suffix.lower() != ".pdf":
        raise MentorDeskError(f"--out: '{path}' should end in .pdf.")
    if path.is_dir():
        raise MentorDeskError(f"--out: '{path}' is a folder; give a file name ending in .pdf.")
    if not path.parent.exists():
        raise MentorDeskError(f"--out: the folder '{path.parent}' does not exist.")
    return path


def run_program(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.reports.program import program_report

    out = _check_out(args.out)
    with context.database().transaction() as session:
        path = program_report(
            session,
            out,
            program_name=args.program,
            as_of=args.as_of,
            start=args.start,
            end=args.end,
            include_confidential=args.include_confidential,
            prepared_for=args.prepared_for,
            appendix=args.appendix,
            attention_rows=args.attention_rows,
            paper=chosen_paper(args),
        )
    print(f"Wrote the program report to {path}.")
    return EXIT_OK


def run_pair(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.reports.pair import pair_report

    out = _check_out(args.out)
    with context.database().transaction() as session:
        path = pair_report(
            session,
            out,
            mentee_email=args.mentee,
            program_name=args.program,
            as_of=args.as_of,
            include_confidential=args.include_confidential,
            paper=chosen_paper(args),
        )
    print(f"Wrote the pair report to {path}.")
    return EXIT_OK


def run_forms(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.reports.forms import workshop_pack
    from mentordesk.reports.packs import program_pack

    out = _check_out(args.out)
    if not args.all_pairs and (args.model or args.pairs or args.one_per_pair):
        raise MentorDeskError("--model, --pair and --one-per-pair go with --all-pairs.")
    if args.all_pairs and args.mentee:
        raise MentorDeskError("Give either --mentee or --all-pairs, not both.")
    with context.database().transaction() as session:
        if args.all_pairs:
            paths = program_pack(
                session,
                out,
                program_name=args.program,
                model=args.model,
                pair_ids=args.pairs,
                one_per_pair=args.one_per_pair,
                paper=chosen_paper(args),
            )
            where = str(paths[0]) if len(paths) == 1 else f"{len(paths)} files beside {out}"
            print(f"Wrote the workshop packs to {where}.")
            return EXIT_OK
        path = workshop_pack(
            session,
            out,
            mentee_email=args.mentee,
            program_name=args.program,
            paper=chosen_paper(args),
        )
    print(f"Wrote the workshop pack to {path}.")
    return EXIT_OK


def run_sign_in(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.reports.packs import sign_in_sheets

    out = _check_out(args.out)
    with context.database().transaction() as session:
        path = sign_in_sheets(
            session,
            out,
            program_name=args.program,
            start=args.start,
            end=args.end,
            paper=chosen_paper(args),
        )
    print(f"Wrote the sign-in sheets to {path}.")
    return EXIT_OK
