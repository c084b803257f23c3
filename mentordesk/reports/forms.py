"""The workshop pack: paper forms for offline workshops, filled in by hand.

The pack holds the mentoring agreement, the twelve-statement trust
questionnaire, the ethics checklist, a conflict record form and a check-in log
sheet. Every form prints the codes the program's entry forms use, in the same
order (the questionnaire follows ``domain.questionnaire.ITEMS``), so typing the
answers back in is quick. Given a pair, names, dates, model and goals are
printed in; otherwise the fields are blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mentordesk.domain.conflicts import BREACH_RESPONSE_STEPS
from mentordesk.domain.questionnaire import ITEMS, RATING_LABELS, RATING_MAX, RATING_MIN
from mentordesk.domain.vocabularies import (
    ActivityKind,
    ActivityOutcome,
    ConflictKind,
    ConflictStatus,
    EthicsGuideline,
    EthicsState,
    Lesson,
    MentorshipModel,
    Severity,
)
from mentordesk.reports.fonts import markup, shorten
from mentordesk.reports.lookup import mentee_pair_id
from mentordesk.reports.paper import Paper
from mentordesk.reports.progress import Progress, ProgressCallback
from mentordesk.reports.style import (
    ACCENT,
    CONTENT_WIDTH,
    INK,
    MUTED,
    RULE,
    SHADE,
    WHITE,
    Contents,
    ContentsEntry,
    DocumentInfo,
    Heading,
    ReportDocument,
    format_day,
    para,
    rich,
    styles,
)
from mentordesk.reports.tables import column_widths
from mentordesk.services.programs import find_program, list_programs
from mentordesk.services.roster import pair_details

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EMPTY_BOX = "☐"
TICKED_BOX = "☒"
DEFAULT_CADENCE_DAYS = 14
CHECKIN_ROWS = 16
GOAL_ROWS = 5


@dataclass(frozen=True)
class GoalLine:
    text: str
    target: date | None


@dataclass(frozen=True)
class FormsPrefill:
    """What the forms print in for one pair (everything else stays blank)."""

    program_name: str
    mentor_name: str
    mentee_name: str
    model: MentorshipModel
    start_date: date
    planned_end: date | None
    cadence_days: int
    expectations: str
    goals: tuple[GoalLine, ...]


def prefill_for_mentee(
    session: Session, mentee_email: str, program_name: str | None = None
) -> FormsPrefill:
    """The names, dates, model and goals of the mentee's pair (see ``lookup``)."""
    return prefill_for_pair(session, mentee_pair_id(session, mentee_email, program_name))


def prefill_for_pair(session: Session, pair_id: int) -> FormsPrefill:
    """The names, dates, model and goals of one pair, as the forms print them in."""
    details = pair_details(session, pair_id)
    return FormsPrefill(
        program_name=details.program_name,
        mentor_name=details.mentor.name,
        mentee_name=details.mentee.name,
        model=details.model,
        start_date=details.start_date,
        planned_end=details.planned_end,
        cadence_days=details.effective_cadence_days,
        expectations=details.expectations,
        goals=tuple(GoalLine(goal.text, goal.target) for goal in details.goals),
    )


def workshop_pack(
    session: Session,
    path: Path,
    *,
    mentee_email: str | None = None,
    program_name: str | None = None,
    made_on: date | None = None,
    progress: ProgressCallback | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """Write the workshop pack to ``path``, filled in for the mentee's pair if given."""
    tracker = Progress(progress)
    tracker.stage(10)
    prefill = (
        prefill_for_mentee(session, mentee_email, program_name)
        if mentee_email is not None
        else None
    )
    blank_for = None
    if prefill is None:
        # A blank pack still says which program it is for: the one named, or the
        # only one there is.
        if program_name is not None:
            blank_for = find_program(session, program_name).name
        else:
            programs = list_programs(session)
            blank_for = programs[0].name if len(programs) == 1 else None
    return write_workshop_pack(
        path, prefill, made_on=made_on, tracker=tracker, program_name=blank_for, paper=paper
    )


FORMS = (
    ContentsEntry(0, "Mentoring agreement", "agreement"),
    ContentsEntry(0, "Trust questionnaire", "questionnaire"),
    ContentsEntry(0, "The mentor's view", "mentor_view"),
    ContentsEntry(0, "Ethics checklist", "ethics"),
    ContentsEntry(0, "Conflict record", "conflict"),
    ContentsEntry(0, "Check-in log", "checkins"),
    ContentsEntry(0, "Pair review", "review"),
)


def write_workshop_pack(
    path: Path,
    prefill: FormsPrefill | None = None,
    *,
    made_on: date | None = None,
    tracker: Progress | None = None,
    program_name: str | None = None,
    paper: Paper = Paper.A4,
) -> Path:
    """Lay out and write the pack from already gathered ``prefill`` (None: blank forms,
    headed with ``program_name`` when given)."""
    tracker = tracker or Progress(None)
    made_on = made_on or date.today()
    who = f"{prefill.mentee_name} and {prefill.mentor_name}" if prefill else "blank forms"
    program = prefill.program_name if prefill else program_name
    info = DocumentInfo(
        title="Workshop pack" + (f" — {program}" if program else ""),
        header="Workshop pack" + (f" — {program}" if program else ""),
        subject=f"For {who}" if prefill else "Forms to fill in by hand",
        author="MentorDesk",
        made_on=made_on,
        keywords=("mentoring", "workshop", "forms"),
    )
    document = ReportDocument(path, info, tracker, FORMS, paper=paper)
    tracker.stage(30)
    registry = document.registry
    story: list[Flowable] = [
        *_cover(prefill, made_on, program),
        NextPageTemplate("body"),
        PageBreak(),
    ]
    builders = (
        _agreement,
        _questionnaire,
        _mentor_view,
        _ethics_checklist,
        _conflict_record,
        _checkin_log,
        _pair_review,
    )
    for index, (entry, build) in enumerate(zip(FORMS, builders, strict=True)):
        if index:
            story.append(PageBreak())
        story.append(Heading(entry.title, entry.key, 0, registry))
        story.extend(build(prefill))
        tracker.fraction((index + 1) / len(builders))
    tracker.stage(100)
    return document.make(story)


# --- building blocks ------------------------------------------------------------------------


def _value(text: object) -> str:
    return markup(shorten(text, 300)) if text not in (None, "") else ""


def field_row(
    fields: Sequence[tuple[str, object, float]],
    height: float = 7 * mm,
    width: float = CONTENT_WIDTH,
) -> Table:
    """Labelled lines to write on, side by side: (label, printed value or None, width share)."""
    gap = 6 * mm
    shares = [share for _, _, share in fields]
    widths = column_widths(shares, width - gap * (len(fields) - 1))
    labels: list[object] = []
    values: list[object] = []
    spaced_widths: list[float] = []
    for index, ((label, value, _), width) in enumerate(zip(fields, widths, strict=True)):
        if index:
            labels.append("")
            values.append("")
            spaced_widths.append(gap)
        labels.append(Paragraph(markup(label), styles().form_label))
        values.append(Paragraph(_value(value), styles().body))
        spaced_widths.append(width)
    table = Table(
        [labels, values], colWidths=spaced_widths, rowHeights=[None, height], hAlign="LEFT"
    )
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 0),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 2),
    ]
    for column in range(0, len(spaced_widths), 2):
        commands.append(("LINEBELOW", (column, 1), (column, 1), 0.6, INK))
    table.setStyle(TableStyle(commands))
    return table


def write_in(label: str, lines: int = 2) -> KeepTogether:
    """A prompt with ruled lines under it, never split from each other."""
    return KeepTogether([para(label, styles().form_label), WritingLines(lines)])


class WritingLines(Flowable):
    """Ruled lines to write on by hand."""

    def __init__(self, count: int, gap: float = 8 * mm, width: float | None = None) -> None:
        super().__init__()
        self.count = count
        self.gap = gap
        self.line_width = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self.line_width or available_width
        return self.width, self.count * self.gap + 2

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for row in range(self.count):
            y = self.count * self.gap - (row + 1) * self.gap + 2
            canvas.line(0, y, self.width, y)


def tick_options(labels: Sequence[str], ticked: str | None = None) -> str:
    """Markup of tick boxes with labels, the ``ticked`` one marked."""
    parts = []
    for label in labels:
        box = TICKED_BOX if ticked is not None and label == ticked else EMPTY_BOX
        parts.append(f'<font size="12">{box}</font>\u00a0{markup(label)}')
    return "&nbsp;&nbsp;&nbsp; ".join(parts)


def _instructions(text: str) -> Paragraph:
    return para(text, styles().note)


def _section(title: str) -> Paragraph:
    return para(title, styles().h3)


def _grid(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    row_height: float,
    centered: Sequence[int] = (),
) -> Table:
    """A form grid with a header band and boxes to fill in."""
    head = [Paragraph(markup(title), styles().cell_head) for title in header]
    body = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            style = styles().cell_center if index in centered else styles().cell
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                cells.append(Paragraph("" if value is None else str(value), style))
        body.append(cells)
    table = Table(
        [head, *body],
        colWidths=column_widths(widths),
        rowHeights=[None] + [row_height] * len(body),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("TEXTCOLOR", (0, 0), (-1, 0), WHITE),
                ("GRID", (0, 0), (-1, -1), 0.5, MUTED),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _program(prefill: FormsPrefill | None) -> str | None:
    return prefill.program_name if prefill else None


def _people_row(prefill: FormsPrefill | None) -> Table:
    return field_row(
        [
            ("Mentee", prefill.mentee_name if prefill else None, 1),
            ("Mentor", prefill.mentor_name if prefill else None, 1),
        ]
    )


# --- the cover ------------------------------------------------------------------------------


def _cover(
    prefill: FormsPrefill | None, made_on: date, program_name: str | None = None
) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Spacer(1, 20 * mm), para("Workshop pack", s.title)]
    if prefill:
        story.append(para(prefill.program_name, s.subtitle))
        story.append(
            para(f"For {prefill.mentee_name} (mentee) and {prefill.mentor_name} (mentor)", s.body)
        )
    else:
        if program_name:
            story.append(para(program_name, s.subtitle))
        story.append(para("Forms to fill in by hand at a workshop", s.subtitle))
    story += [
        Spacer(1, 4 * mm),
        para(f"Printed on {format_day(made_on)}.", s.note),
        Spacer(1, 10 * mm),
        para("In this pack", s.h2),
        Contents(FORMS),
        Spacer(1, 8 * mm),
        para("How to use it", s.h2),
        para(
            "Fill in the forms by hand during the workshop; the coordinator types them into "
            "MentorDesk afterwards. Each form prints the same codes, in the same order, as the "
            "matching entry form in the program, so typing the answers back in is quick. "
            "Write clearly, one answer per box; leave a box empty rather than guess.",
            s.body,
        ),
        para(
            "Answers about trust, conflicts and ethics are personal. Keep filled-in forms "
            "somewhere only the coordinator can reach, and shred them once they are typed in.",
            s.body,
        ),
    ]
    return story


# --- mentoring agreement --------------------------------------------------------------------


def _agreement(prefill: FormsPrefill | None) -> list[Flowable]:
    s = styles()
    cadence = prefill.cadence_days if prefill else DEFAULT_CADENCE_DAYS
    story: list[Flowable] = [
        _instructions(
            "Agree this together at the start of the mentoring relationship and revisit it at "
            "the mid-point review. Both sign; the coordinator records the date it was signed."
        ),
        field_row([("Program", prefill.program_name if prefill else None, 1)]),
        _people_row(prefill),
        field_row(
            [
                ("Starts on", format_day(prefill.start_date) if prefill else None, 1),
                (
                    "Planned end",
                    format_day(prefill.planned_end) if prefill and prefill.planned_end else None,
                    1,
                ),
                ("Mid-point review on", None, 1),
            ]
        ),
        Spacer(1, 2 * mm),
        rich(
            "<b>Mentorship model:</b> "
            + tick_options(
                [model.label for model in MentorshipModel],
                prefill.model.label if prefill else None,
            ),
            s.body,
        ),
        _section("1. Our goals"),
        _instructions(
            "What the mentee wants to achieve, specific enough to know when it is reached."
        ),
    ]
    goals = list(prefill.goals) if prefill else []
    rows: list[list[object]] = []
    for number in range(1, max(GOAL_ROWS, len(goals)) + 1):
        goal = goals[number - 1] if number <= len(goals) else None
        rows.append(
            [
                str(number),
                Paragraph(markup(shorten(goal.text, 400)), s.cell) if goal else "",
                format_day(goal.target) if goal and goal.target else "",
            ]
        )
    story.append(_grid(["#", "Goal", "Target date"], rows, [0.5, 8, 2], 12 * mm, centered=[0]))
    if prefill and prefill.expectations.strip():
        story += [
            Spacer(1, 2 * mm),
            para("Expectations already recorded:", s.form_label),
            para(shorten(prefill.expectations, 1500), s.small),
        ]
    story += [
        _section("2. Meeting rhythm"),
        rich(
            f"We meet every <b>______</b> days (the program expects a check-in at least every "
            f"{cadence} days), for about <b>______</b> minutes.",
            s.body,
        ),
        rich("We meet: " + tick_options(["in person", "by video", "by phone", "mixed"]), s.body),
        rich(
            "If one of us cannot make it, we tell the other at least <b>______</b> hours before "
            "and agree a new date within a week.",
            s.body,
        ),
        _section("3. Confidentiality"),
        para(
            "What we share stays between us. Neither of us repeats it to colleagues or managers "
            "without the other's permission. The exception: a risk of harm to someone, or a "
            "breach of law or company policy, which we take to the program coordinator.",
            s.body,
        ),
        write_in("Anything else we agree on confidentiality:"),
        _section("4. Boundaries"),
        para(
            "We keep the relationship professional and respectful. The mentor does not assess "
            "the mentee's performance for their manager, and neither of us uses the relationship "
            "for personal gain.",
            s.body,
        ),
        write_in("Topics that are off limits, or times we cannot be reached:"),
        _section("5. A no-fault way out"),
        para(
            "Either of us may end this mentoring relationship at any time, for any reason, "
            "without blame. We tell the other person and the program coordinator; the "
            "coordinator can help find a new match. Ending early is not a failure and is not "
            "reported to anyone's manager.",
            s.body,
        ),
        CondPageBreak(55 * mm),
        _section("6. Signatures"),
        _signatures(prefill),
    ]
    return story


def _signatures(prefill: FormsPrefill | None) -> Flowable:
    s = styles()

    half = (CONTENT_WIDTH - 10 * mm) / 2

    def block(role: str, name: str | None) -> list[Flowable]:
        return [
            Paragraph(f"<b>{role}</b>", s.body),
            field_row([("Name", name, 1)], width=half),
            field_row([("Signature", None, 1)], height=14 * mm, width=half),
            field_row([("Date", None, 1)], width=half),
        ]

    table = Table(
        [
            [
                block("Mentor", prefill.mentor_name if prefill else None),
                block("Mentee", prefill.mentee_name if prefill else None),
            ]
        ],
        colWidths=[half + 10 * mm, half],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 10 * mm),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ]
        )
    )
    return KeepTogether([table])


# --- trust questionnaire --------------------------------------------------------------------


def _mentor_view(prefill: FormsPrefill | None) -> list[Flowable]:
    return _questionnaire(prefill, respondent="mentor")


def _questionnaire(prefill: FormsPrefill | None, respondent: str = "mentee") -> list[Flowable]:
    s = styles()
    scale = ", ".join(f"{rating} = {RATING_LABELS[rating].lower()}" for rating in RATING_LABELS)
    who = (
        "The mentor answers these mirrored statements about the mentee; they are shown beside "
        "the mentee's answers and never set the pair's trust level."
        if respondent == "mentor"
        else "The mentee answers about the mentor."
    )
    story: list[Flowable] = [
        _people_row(prefill),
        field_row([("Date answered", None, 1), ("Program", _program(prefill), 2)]),
        Spacer(1, 2 * mm),
        _instructions(
            "Tick one box per statement: "
            + scale
            + f". {who} The codes on the left are the ones on the "
            "program's entry form, in the same order."
        ),
        Spacer(1, 2 * mm),
    ]
    ratings = range(RATING_MIN, RATING_MAX + 1)
    head = [
        Paragraph("Code", s.cell_head),
        Paragraph("Statement", s.cell_head),
        *[Paragraph(f"<b>{rating}</b>", _head_center()) for rating in ratings],
    ]
    data: list[list[object]] = [head]
    dimension_starts = []
    previous = None
    for item in ITEMS:
        if item.dimension != previous:
            dimension_starts.append(len(data))
            previous = item.dimension
        data.append(
            [
                Paragraph(item.code, s.cell),
                Paragraph(
                    markup(item.statement_for(respondent))
                    + f'<br/><font size="6.5" color="#52606D">{item.dimension.label} · '
                    f"{item.trust_type.label}</font>",
                    s.cell,
                ),
                *[Paragraph(f'<font size="15">{EMPTY_BOX}</font>', s.cell_center) for _ in ratings],
            ]
        )
    widths = column_widths([2.3, 7.2, 0.75, 0.75, 0.75, 0.75, 0.75])
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        # 3 pt: the comment box still fits under the twelve statements on Letter.
        ("TOPPADDING", (0, 1), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
    ]
    for row in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), SHADE))
    for row in dimension_starts[1:]:
        commands.append(("LINEABOVE", (0, row), (-1, row), 1.2, INK))
    table.setStyle(TableStyle(commands))
    legend = [
        Paragraph(
            f"<b>{rating}</b> {markup(RATING_LABELS[rating])}",
            s.cell_center,
        )
        for rating in ratings
    ]
    legend_table = Table([legend], colWidths=column_widths([1] * len(legend)), hAlign="LEFT")
    legend_table.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    story += [
        legend_table,
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 4 * mm),
        write_in("Comment (optional):", 3),
    ]
    return story


def _head_center() -> ParagraphStyle:
    return ParagraphStyle("md-cell-hc", parent=styles().cell_head, alignment=TA_CENTER)


# --- ethics checklist -----------------------------------------------------------------------


def _ethics_checklist(prefill: FormsPrefill | None) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        _people_row(prefill),
        field_row([("Reviewed by", None, 2), ("Date", None, 1)]),
        Spacer(1, 2 * mm),
        _instructions(
            "Go through each guideline with the pair. Tick what applies; describe any concern "
            "in the note. A concern is followed up by the coordinator."
        ),
    ]
    states = [state.label for state in EthicsState if state is not EthicsState.NOT_REVIEWED]
    blocks: list[list[Flowable]] = [
        [
            rich(
                f"<b>{markup(guideline.label)}</b> "
                f'<font size="7" color="#52606D">({guideline.value})</font>',
                s.body,
            ),
            para(f"Confirms: {guideline.what_is_confirmed}.", s.small),
            rich(tick_options(states), s.body),
            para("Note:", s.form_label),
            WritingLines(4, gap=6 * mm),
            Spacer(1, 3 * mm),
        ]
        for guideline in EthicsGuideline
    ]
    # The last two guidelines stay together: when the list runs over a page, the
    # second page holds two of them, never one alone on an otherwise empty page.
    story += [KeepTogether(block) for block in blocks[:-2]]
    story.append(KeepTogether([flowable for block in blocks[-2:] for flowable in block]))
    return story


# --- conflict record ------------------------------------------------------------------------


def _conflict_record(prefill: FormsPrefill | None) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        _people_row(prefill),
        field_row([("Opened on", None, 1), ("Recorded by", None, 2)]),
        Spacer(1, 2 * mm),
        rich("<b>Kind:</b> " + tick_options([kind.label for kind in ConflictKind]), s.body),
        rich("<b>Severity:</b> " + tick_options([level.label for level in Severity]), s.body),
        rich(
            "<b>Confidential:</b> "
            + tick_options(["Yes — the description stays out of program reports", "No"]),
            s.body,
        ),
        _section("What happened"),
        WritingLines(4),
        _section("Steps taken"),
        _instructions(
            "One line per step, dated, with the status it leaves the conflict in: "
            + ", ".join(status.label for status in ConflictStatus)
            + ". A good response to a breach of trust: "
            + "; ".join(title.lower() for title, _ in BREACH_RESPONSE_STEPS)
            + "."
        ),
        _grid(["Date", "Status", "What was done"], [["", "", ""]] * 6, [1.3, 1.7, 6], 10 * mm),
        _section("Root cause"),
        WritingLines(2),
        _section("Outcome"),
        WritingLines(2),
    ]
    return story


# --- check-in log ---------------------------------------------------------------------------


def _checkin_log(prefill: FormsPrefill | None) -> list[Flowable]:
    s = styles()
    kinds = ", ".join(f"{number} = {kind.label}" for number, kind in enumerate(ActivityKind, 1))
    kind_boxes = " ".join(
        f'<font size="10">{EMPTY_BOX}</font>{number}' for number in range(1, len(ActivityKind) + 1)
    )
    outcomes = " / ".join(outcome.label for outcome in ActivityOutcome)
    story: list[Flowable] = [
        _people_row(prefill),
        Spacer(1, 3 * mm),
        _instructions(
            f"One line per meeting, including the ones that were missed or cancelled: they "
            f"count too. Tick the kind: {kinds}. Tick “Conf.” when the notes are confidential."
        ),
        Spacer(1, 2 * mm),
    ]
    rows = [
        [
            "",
            kind_boxes,
            f'<font size="11">{EMPTY_BOX}</font> H  <font size="11">{EMPTY_BOX}</font> M  '
            f'<font size="11">{EMPTY_BOX}</font> C',
            "",
            "",
            f'<font size="11">{EMPTY_BOX}</font>',
        ]
        for _ in range(CHECKIN_ROWS)
    ]
    story += [
        _grid(
            ["Date", "Kind", "Held / Missed / Cancelled", "Minutes", "Notes", "Conf."],
            rows,
            [1.5, 2.9, 2.3, 1.2, 3.6, 0.8],
            10.5 * mm,
            centered=[1, 2, 5],
        ),
        Spacer(1, 2 * mm),
        para(f"H / M / C: {outcomes}.", s.note),
    ]
    return story


# --- pair review ----------------------------------------------------------------------------


def _pair_review(prefill: FormsPrefill | None) -> list[Flowable]:
    """The mid-point or closing review: one reflection per lesson, then a summary."""
    s = styles()
    story: list[Flowable] = [
        _people_row(prefill),
        Spacer(1, 2 * mm),
        field_row([("Date", None, 1), ("Mid-point or closing", None, 1)]),
        Spacer(1, 3 * mm),
        _instructions(
            "Mentor and mentee together: for each lesson, write what went well, what to "
            "change and one example. The coordinator types it in as the pair review."
        ),
    ]
    for lesson in Lesson:
        story.append(
            KeepTogether(
                [
                    rich(
                        f"<b>{markup(lesson.label)}</b> "
                        f'<font size="7" color="#52606D">({lesson.value})</font>',
                        s.body,
                    ),
                    para(lesson.lesson + ".", s.small),
                    WritingLines(3, gap=6 * mm),
                    Spacer(1, 2 * mm),
                ]
            )
        )
    story += [_section("Summary"), WritingLines(3, gap=6 * mm)]
    return story


__all__ = [
    "FormsPrefill",
    "GoalLine",
    "prefill_for_mentee",
    "workshop_pack",
    "write_workshop_pack",
]
