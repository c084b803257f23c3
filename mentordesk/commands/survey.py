"""``mentordesk survey``: plan a round, make its forms, collect them back, follow up.

    survey new --program NAME --name TEXT --kind checkup|midpoint|closing --due DATE
               [--opens DATE] [--respondents mentee|mentor|both] [--model M]
    survey forms ROUND --out DIR [--drafts]
    survey collect PATH... [--dry-run] [--skip-invalid]
    survey status ROUND [--format table|json]
    survey list

ROUND is the round's number or its name.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentordesk.commands.arguments import chosen_paper, iso_date, paper_argument
from mentordesk.commands.context import EXIT_OK, EXIT_USER_ERROR, Context

if TYPE_CHECKING:
    from mentordesk.services.surveys import Review


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "survey",
        help="survey rounds: fillable PDF forms out, answers back in",
        description="Survey rounds: each person asked gets a fillable PDF form to answer in "
        "any PDF reader or on paper; collecting the returned forms records their answers as "
        "trust assessments.",
    )
    parser.set_defaults(run=lambda _args, _context: _missing(parser))
    commands = parser.add_subparsers(title="survey commands", metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="plan a round and print its number",
        description="Plan a survey round of a program; it asks the program's active pairs "
        "(of one model with --model). Prints the round's number.",
    )
    new.add_argument("--program", required=True, metavar="NAME", help="the program")
    new.add_argument("--name", required=True, metavar="TEXT", help="the round's name")
    new.add_argument(
        "--kind", required=True, choices=("checkup", "midpoint", "closing"),
        help="a closing round also asks about the goals and the program",
    )
    new.add_argument("--due", required=True, type=iso_date, metavar="DATE",
                     help="answers are due on this day (YYYY-MM-DD)")
    new.add_argument("--opens", type=iso_date, metavar="DATE",
                     help="the round opens on this day (default: today)")
    new.add_argument("--respondents", choices=("mentee", "mentor", "both"), default="mentee",
                     help="who answers (default: mentee)")
    new.add_argument("--model", choices=("formal", "informal", "peer"),
                     help="only the pairs of this mentorship model")
    new.set_defaults(run=run_new)

    forms = commands.add_parser(
        "forms",
        help="make the round's forms into a folder",
        description="Write one fillable PDF per person asked ('<round> - <name> (<code>).pdf') "
        "and a mail-merge list (mail-merge.csv) into DIR; --drafts adds one e-mail draft "
        "(.eml, the form attached) per person, for their mail program to send.",
    )
    forms.add_argument("round", metavar="ROUND", help="the round's number or name")
    forms.add_argument("--out", required=True, type=Path, metavar="DIR", help="the folder")
    forms.add_argument("--drafts", action="store_true", help="also write e-mail drafts (.eml)")
    paper_argument(forms)
    forms.set_defaults(run=run_forms)

    collect = commands.add_parser(
        "collect",
        help="read returned forms and record their answers",
        description="Read returned forms (files, or folders of them) and record each answered "
        "one as a trust assessment. One line per form refused, naming the file and why; then "
        "nothing is written (exit 2) unless --skip-invalid.",
    )
    collect.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    collect.add_argument("--dry-run", action="store_true",
                         help="check and report, write nothing")
    collect.add_argument("--skip-invalid", action="store_true",
                         help="import the valid forms even when others are refused")
    collect.set_defaults(run=run_collect)

    status = commands.add_parser(
        "status",
        help="who has answered a round",
        description="Each person asked in the round: answered, not yet or refused; and the "
        "response rate.",
    )
    status.add_argument("round", metavar="ROUND", help="the round's number or name")
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.set_defaults(run=run_status)

    listing = commands.add_parser("list", help="every round with its response rate")
    listing.set_defaults(run=run_list)


def _missing(parser: argparse.ArgumentParser) -> int:
    parser.print_usage()
    print("mentordesk survey: say which: new, forms, collect, status or list.")
    return EXIT_USER_ERROR


def run_new(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.programs import find_program
    from mentordesk.services.surveys import plan_round

    with context.database().transaction() as session:
        program = find_program(session, args.program)
        survey = plan_round(
            session,
            program.id,
            name=args.name,
            kind=args.kind,
            due_on=args.due,
            opens_on=args.opens,
            respondents=args.respondents,
            model=args.model,
        )
    print(survey.id)
    return EXIT_OK


def run_forms(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.surveys import find_round, form_specs, get_round
    from mentordesk.surveys.sending import write_round_folder

    out: Path = args.out
    if out.exists() and not out.is_dir():
        print(f"mentordesk: {out} is a file; --out needs a folder.")
        return EXIT_USER_ERROR
    with context.database().transaction() as session:
        round_id = find_round(session, args.round)
        survey = get_round(session, round_id)
        specs = form_specs(session, round_id)
    result = write_round_folder(
        specs,
        out,
        drafts=args.drafts,
        subject=survey.mail_subject,
        body=survey.mail_body,
        paper=chosen_paper(args),
    )
    print(f"{len(result.forms)} forms for '{survey.name}' in {out}; list: {result.mail_list.name}.")
    if args.drafts:
        print(f"{len(result.drafts)} e-mail drafts.")
        for name in result.without_email:
            print(f"  no e-mail address for {name}: no draft (the form is in the folder)")
    return EXIT_OK


def _line(review: Review) -> str:
    who = f"{review.person_name}, {review.round_name}: " if review.person_name else ""
    return f"{review.source}: {who}{review.message}"


def run_collect(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.surveys import check_returns, import_returns
    from mentordesk.surveys.reading import CollectProblem, gather, read_form

    try:
        gathered = gather(args.paths)
    except CollectProblem as problem:
        print(f"mentordesk: {problem}")
        return EXIT_USER_ERROR
    if not gathered.files:
        print("mentordesk: no PDF files to collect there.")
        return EXIT_USER_ERROR
    forms = [read_form(path) for path in gathered.files]
    with context.database().transaction() as session:
        reviews = check_returns(session, forms)
        refused = [review for review in reviews if review.status == "refused"]
        for review in refused:
            print(f"refused: {_line(review)}")
        for review in reviews:
            if review.status in ("same", "older", "empty"):
                print(f"unchanged: {_line(review)}")
        ready = [review for review in reviews if review.importable]
        if refused and not args.skip_invalid:
            print(
                f"{len(refused)} of {len(reviews)} forms refused: nothing was written. "
                "Fix or remove them, or add --skip-invalid to import the valid ones."
            )
            session.rollback()
            return EXIT_USER_ERROR
        if args.dry_run:
            print(f"Dry run: {len(ready)} forms would be imported; nothing was written.")
            session.rollback()
            return EXIT_OK
        result = import_returns(session, ready)
    replaced = f" ({result.replaced} replacing an earlier answer)" if result.replaced else ""
    print(f"Imported {result.imported} forms{replaced}; {len(reviews) - result.imported} "
          "changed nothing.")
    return EXIT_OK


def _status_json(survey: Any, specs: list[Any]) -> dict[str, Any]:
    return {
        "id": survey.id,
        "name": survey.name,
        "program": survey.program_name,
        "kind": survey.kind.value,
        "opens_on": survey.opens_on.isoformat(),
        "due_on": survey.due_on.isoformat(),
        "asked": survey.asked,
        "answered": survey.answered,
        "refused": survey.refused,
        "response_rate": survey.response_rate,
        "people": [
            {
                "name": spec.person_name,
                "email": spec.person_email,
                "role": spec.respondent.value,
                "pair_id": spec.pair_id,
                "paper_code": spec.paper_code,
                "state": spec.state.value,
                "answered_on": spec.answered_on.isoformat() if spec.answered_on else None,
            }
            for spec in specs
        ],
    }


def _rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f}%"


def run_status(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.surveys import find_round, form_specs, get_round

    with context.database().transaction() as session:
        round_id = find_round(session, args.round)
        survey = get_round(session, round_id)
        specs = form_specs(session, round_id)
    if args.format == "json":
        print(json.dumps(_status_json(survey, specs), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"Round {survey.id} '{survey.name}' ({survey.kind.label.lower()}, {survey.program_name}), "
        f"due {survey.due_on.isoformat()}: {survey.answered} of {survey.asked} answered "
        f"({_rate(survey.response_rate)}), {survey.refused} refused, {survey.pending} not yet."
    )
    width = max([len(spec.person_name) for spec in specs] + [4])
    print(f"{'Code':<12} {'Name':<{width}} {'Role':<7} {'State':<9} Answered on")
    for spec in specs:
        day = spec.answered_on.isoformat() if spec.answered_on else ""
        print(
            f"{spec.paper_code:<12} {spec.person_name:<{width}} {spec.respondent.value:<7} "
            f"{spec.state.label:<9} {day}"
        )
    return EXIT_OK


def run_list(args: argparse.Namespace, context: Context) -> int:
    from mentordesk.services.surveys import list_rounds

    with context.database().transaction() as session:
        rounds = list_rounds(session)
    if not rounds:
        print("No survey rounds yet: plan one with 'mentordesk survey new'.")
        return EXIT_OK
    for survey in rounds:
        print(
            f"{survey.id:>4}  {survey.name}  ({survey.kind.label.lower()}, {survey.program_name}) "
            f"due {survey.due_on.isoformat()}: {survey.answered}/{survey.asked} answered "
            f"({_rate(survey.response_rate)}), {survey.refused} refused"
        )
    return EXIT_OK
