"""The program's paper in one go: the workshop pack for every active pair (or one
model's pairs, or chosen pairs), as one PDF or one per pair, and a sign-in sheet
for each workshop with the invited names printed in and a signature column."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfWriter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from mentordesk.domain.vocabularies import MentorshipModel, PairStatus
from mentordesk.errors import MentorDeskError
from mentordesk.reports.fonts import text_paragraph
from mentordesk.reports.forms import _grid, prefill_for_pair, write_workshop_pack
from mentordesk.reports.paper import Paper
from mentordesk.reports.program.data import choose_program
from mentordesk.reports.program.words import count
from mentordesk.reports.progress import Progress, ProgressCallback
from mentordesk.reports.style import (
    DocumentInfo,
    Heading,
    ReportDocument,
    format_day,
    para,
    styles,
)
from mentordesk.services.roster import RosterRow, roster_rows
from mentordesk.services.workshops import WorkshopRow, attendees, list_workshops

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SIGN_IN_ROW_HEIGHT = 9 * mm
# A sign-in sheet ends with at least this many empty lines for those not invited.
MIN_EMPTY_LINES = 3


def chosen_pairs(
    session: Session,
    program_name: str | None = None,
    *,
    model: MentorshipModel | str | None = None,
    pair_ids: Sequence[int] | None = None,
) -> list[RosterRow]:
    """The pairs a pack is for: the chosen ones, else every active pair (of one model)."""
    program = choose_program(session, program_name)
    rows = roster_rows(session, program.id)
    if pair_ids:
        wanted = set(pair_ids)
        found = [row for row in rows if row.pair_id in wanted]
        missing = wanted - {row.pair_id for row in found}
        if missing:
            raise MentorDeskError(
                f"No pair {', '.join(str(i) for i in sorted(missing))} in {program.name}."
            )
        return found
    chosen_model = MentorshipModel(model) if isinstance(model, str) else model
    return [
        row
        for row in rows
        if row.status is PairStatus.ACTIVE and (chosen_model is None or row.model is chosen_model)
    ]


def _file_part(text: str) -> str:
    return re.sub(r"[^\w.-]+", " ", text, flags=re.UNICODE).strip()[:60] or "pair"


def program_pack(
    session: Session,
    path: Path,
    *,
    program_name: str | None = None,
    model: MentorshipModel | str | None = None,
    pair_ids: Sequence[int] | None = None,
    one_per_pair: bool = False,
    made_on: date | None = None,
    progress: ProgressCallback | None = None,
    paper: Paper = Paper.A4,
) -> list[Path]:
    """The workshop pack of each chosen pair: one PDF at ``path`` with a bookmark per
    pair, or (``one_per_pair``) one file per pair beside ``path`` named after it."""
    rows = chosen_pairs(session, program_name, model=model, pair_ids=pair_ids)
    if not rows:
        raise MentorDeskError("There is no active pair to print a pack for.")
    tracker = Progress(progress)
    prefills = [prefill_for_pair(session, row.pair_id) for row in rows]
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        for index, (row, prefill) in enumerate(zip(rows, prefills, strict=True)):
            if one_per_pair:
                target = path.with_name(
                    f"{path.stem} - {_file_part(row.mentee_name)} - {row.pair_id}.pdf"
                )
            else:
                target = Path(folder) / f"{index}.pdf"
            written.append(write_workshop_pack(target, prefill, made_on=made_on, paper=paper))
            tracker.fraction((index + 1) / len(rows))
        if one_per_pair:
            return written
        writer = PdfWriter()
        for row, part in zip(rows, written, strict=True):
            writer.append(str(part), outline_item=f"{row.mentee_name} with {row.mentor_name}")
        writer.add_metadata({"/Title": f"Workshop packs — {rows[0].program_name}"})
        partial = path.with_name(f".{path.name}.part")
        with partial.open("wb") as handle:
            writer.write(handle)
        partial.replace(path)
    tracker.finish()
    return [path]


def _invited(session: Session, workshop: WorkshopRow, pairs: list[RosterRow]) -> list[str]:
    """Who is printed on the sheet: those recorded as attending, else the people of
    the program's active pairs (mentees and mentors), by name."""
    recorded = [person.name for person in attendees(session, workshop.id)]
    if recorded:
        return recorded
    names = {row.mentee_name for row in pairs} | {row.mentor_name for row in pairs}
    return sorted(names, key=str.casefold)


def sign_in_sheets(
    session: Session,
    path: Path,
    *,
    program_name: str | None = None,
    start: date | None = None,
    end: date | None = None,
    made_on: date | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """A sign-in sheet for each workshop of the program (from ``start`` to ``end``):
    title, date, place, the invited names printed in, a signature column."""
    program = choose_program(session, program_name)
    workshops = list_workshops(session, program.id, start, end)
    if not workshops:
        raise MentorDeskError(f"{program.name} has no workshop to print a sign-in sheet for.")
    pairs = [row for row in roster_rows(session, program.id) if row.status is PairStatus.ACTIVE]
    info = DocumentInfo(
        title=f"Sign-in sheets — {program.name}",
        header=f"Sign-in sheets — {program.name}",
        subject=count(len(workshops), "workshop"),
        author="MentorDesk",
        made_on=made_on or date.today(),
        keywords=("mentoring", "workshop", "sign-in"),
    )
    document = ReportDocument(path, info, paper=paper)
    s = styles()
    story: list[Flowable] = []
    for index, workshop in enumerate(workshops):
        if index:
            story.append(PageBreak())
        when = format_day(workshop.day)
        if workshop.start_time is not None:
            when += f" at {workshop.start_time.strftime('%H:%M')}"
        details = [f"{workshop.kind.label}", when]
        if workshop.place:
            details.append(workshop.place)
        if workshop.facilitator:
            details.append(f"facilitated by {workshop.facilitator}")
        names = _invited(session, workshop, pairs)
        intro: list[Flowable] = [
            Heading(workshop.title, f"workshop-{workshop.id}", 0, document.registry),
            para(" · ".join(details), s.body),
            para(
                "Sign beside your name when you arrive; add yourself on an empty line if your "
                "name is missing.",
                s.note,
            ),
            Spacer(1, 2 * mm),
        ]
        blanks = _empty_lines(len(names), intro, document.width, document.height)
        story += [
            *intro,
            _grid(
                ["#", "Name", "Signature"],
                [
                    [str(number), text_paragraph(name, s.cell), ""]
                    for number, name in enumerate([*names, *[""] * blanks], start=1)
                ],
                [0.5, 5, 4.5],
                SIGN_IN_ROW_HEIGHT,
                centered=[0],
            ),
        ]
    document.make(story)
    return path


def _empty_lines(names: int, intro: Sequence[Flowable], width: float, height: float) -> int:
    """How many empty lines follow the names: the rest of the sheet's last page, so a
    sheet never ends on a page with a line or two (at least
    :data:`MIN_EMPTY_LINES`; when fewer are left, the next page is filled too)."""
    head = _grid(["#", "Name", "Signature"], [], [0.5, 5, 4.5], SIGN_IN_ROW_HEIGHT)
    _, head_height = head.wrap(width, height)
    used = 0.0
    for flowable in intro:
        _, flowable_height = flowable.wrap(width, height)
        used += flowable_height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    first = max(int((height - used - head_height) // SIGN_IN_ROW_HEIGHT), 1)
    later = max(int((height - head_height) // SIGN_IN_ROW_HEIGHT), 1)
    left = first - names if names <= first else -(names - first) % later
    return left if left >= MIN_EMPTY_LINES else left + later


__all__ = ["chosen_pairs", "program_pack", "sign_in_sheets"]
