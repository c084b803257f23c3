"""Writing the fillable survey forms: one PDF per respondent, answered in any PDF reader
or printed and filled in by hand.

ReportLab draws the page (names in every script through ``reports.fonts``) and adds
the AcroForm fields: one radio group per statement named by its item code with
export values 1…5, ``comment`` and ``answered_on`` text fields, and for a closing
round ``goal_<n>`` radio groups, ``recommend`` (0…10), ``keep`` and ``change``. The
signed identity goes into a hidden read-only field and the document's Keywords.
The field names are the file format (docs/SURVEY_FORM.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfgen.canvas import Canvas

from mentordesk.domain.questionnaire import ITEMS, RATING_LABELS
from mentordesk.domain.vocabularies import GoalOutcome, Respondent, SurveyKind
from mentordesk.reports.fonts import (
    SANS,
    SANS_BOLD,
    draw_string,
    logical_lines,
    plain,
    register_fonts,
    shorten,
    text_width,
)
from mentordesk.reports.paper import Paper
from mentordesk.services.surveys import FormSpec
from mentordesk.surveys import fields as F

MARGIN = 42.0
INK = HexColor("#1F2933")
MUTED = HexColor("#52606D")
ACCENT = HexColor("#1D4E89")
BAND = HexColor("#E8EEF6")
RULE = HexColor("#C5CED8")
FIELD_BORDER = HexColor("#7B8794")
FIELD_FILL = HexColor("#FFFFFF")

RADIO_SIZE = 15.0
RATING_COLUMN = 46.0
"""Width of each rating column; the statements take what is left."""

FIELD_FONT = "Helvetica"
"""Form fields draw their typed text in a PDF base font (AcroForm's own rule)."""


class _NoFields:
    """Stands in for the AcroForm when the same pages are drawn without fields (the
    bench's floor)."""

    def radio(self, **_fields: object) -> None:
        pass

    def textfield(self, **_fields: object) -> None:
        pass


class _Page:
    """Draws one form with a cursor running down the page."""

    def __init__(
        self, canvas: Canvas, spec: FormSpec, pages: int, *, fields: bool, paper: Paper
    ) -> None:
        self.c = canvas
        self.page_width, self.page_height = paper.size
        self.form = canvas.acroForm if fields else _NoFields()
        self.spec = spec
        self.pages = pages
        self.page = 1
        self.y = self.page_height - MARGIN

    def columns(self) -> list[float]:
        """The x centre of each rating column, 1 to 5, from the right margin inwards."""
        right = self.page_width - MARGIN
        return [right - RATING_COLUMN * (4.5 - index) for index in range(5)]

    # -- text ---------------------------------------------------------------------------

    def text(
        self, x: float, y: float, value: object, size: float, *, bold: bool = False,
        colour: Color = INK, anchor: str = "start",
    ) -> float:
        self.c.setFillColor(colour)
        return draw_string(
            self.c, x, y, value, size, base=SANS_BOLD if bold else SANS, anchor=anchor
        )

    def paragraph(
        self, x: float, width: float, value: str, size: float, *, bold: bool = False,
        colour: Color = INK, leading: float | None = None,
    ) -> float:
        """Wrapped text from the cursor down; returns the height used."""
        lines = logical_lines(plain(value), width, size, SANS_BOLD if bold else SANS)
        step = leading or size * 1.3
        for index, line in enumerate(lines):
            self.text(x, self.y - size - index * step, line, size, bold=bold, colour=colour)
        return size + (len(lines) - 1) * step + size * 0.3

    # -- parts --------------------------------------------------------------------------

    def header(self) -> None:
        spec, c = self.spec, self.c
        top = self.page_height - MARGIN
        # The paper code, large, top right: typed into the program for a paper form.
        box_width, box_height = 150.0, 46.0
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1.4)
        right = self.page_width - MARGIN
        c.roundRect(right - box_width, top - box_height, box_width, box_height, 6)
        self.text(right - box_width / 2, top - 13, "Form code", 8, colour=MUTED,
                  anchor="middle")
        self.text(right - box_width / 2, top - 38, spec.paper_code, 22, bold=True,
                  colour=ACCENT, anchor="middle")
        kind = "Closing survey" if spec.kind is SurveyKind.CLOSING else "Mentoring survey"
        title_width = self.page_width - 2 * MARGIN - box_width - 12
        title = f"{kind}: {spec.round_name}"
        limit = len(title)
        while limit > 8 and text_width(shorten(title, limit), 16, SANS_BOLD) > title_width:
            limit -= 2  # cut to stay clear of the form code box
        self.text(MARGIN, top - 16, shorten(title, limit), 16, bold=True, colour=ACCENT)
        self.text(MARGIN, top - 32, shorten(spec.program_name, 80), 10, colour=MUTED)
        if self.page > 1:
            self.y = top - box_height - 14
            return
        self.y = top - 50
        if spec.respondent is Respondent.MENTOR:
            who = f"For {spec.person_name}, mentor of {spec.other_name}"
        else:
            who = f"For {spec.person_name}, mentee of {spec.other_name}"
        self.y -= self.paragraph(MARGIN, title_width, who, 11, bold=True)
        self.y -= 4
        due = spec.due_on.strftime("%d %B %Y").lstrip("0")
        self.text(MARGIN, self.y - 10, f"Please answer by {due}.", 10)
        self.y -= 22
        about = "your mentee" if spec.respondent is Respondent.MENTOR else "your mentor"
        self.y -= self.paragraph(
            MARGIN,
            self.page_width - 2 * MARGIN,
            f"How far do you agree with each statement about your mentoring with {about}? "
            "Click one circle per statement (or tick it on paper). Leave a statement blank if "
            "you cannot say. Then save the file and send it back, or print it and hand it in. "
            "Only the program coordinator reads your answers.",
            9.5,
            colour=MUTED,
        )
        self.y -= 6

    def footer(self) -> None:
        self.c.setStrokeColor(RULE)
        self.c.setLineWidth(0.5)
        self.c.line(MARGIN, MARGIN - 8, self.page_width - MARGIN, MARGIN - 8)
        self.text(MARGIN, MARGIN - 20, f"MentorDesk survey form · {self.spec.paper_code}", 7.5,
                  colour=MUTED)
        self.text(self.page_width - MARGIN, MARGIN - 20, f"Page {self.page} of {self.pages}", 7.5,
                  colour=MUTED, anchor="end")

    def scale_header(self) -> None:
        columns = self.columns()
        words = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree",
                 5: "Strongly agree"}
        for rating, x in zip(range(1, 6), columns, strict=True):
            self.text(x, self.y - 10, str(rating), 10, bold=True, anchor="middle")
            for index, line in enumerate(words[rating].split(" ")):
                self.text(x, self.y - 20 - index * 8.5, line, 7, colour=MUTED, anchor="middle")
        self.y -= 40

    def questionnaire(self) -> None:
        form = self.form
        columns = self.columns()
        text_width = columns[0] - RATING_COLUMN / 2 - MARGIN - 8
        who = self.spec.respondent.value
        current = None
        for number, item in enumerate(ITEMS, start=1):
            if item.dimension is not current:
                current = item.dimension
                self.c.setFillColor(BAND)
                self.c.rect(MARGIN, self.y - 15, self.page_width - 2 * MARGIN, 15, stroke=0, fill=1)
                self.text(MARGIN + 4, self.y - 11, current.label, 9, bold=True, colour=ACCENT)
                self.y -= 17
            statement = item.statement_for(who)
            lines = logical_lines(plain(f"{number}. {statement}"), text_width, 10)
            height = max(RADIO_SIZE + 9, 8 + len(lines) * 13)
            middle = self.y - height / 2
            for index, line in enumerate(lines):
                first = middle + (len(lines) - 1) * 6.5 - 3.5
                self.text(MARGIN + 4, first - index * 13, line, 10)
            for rating, x in zip(range(1, 6), columns, strict=True):
                form.radio(
                    name=item.code,
                    value=str(rating),
                    selected=False,
                    x=x - RADIO_SIZE / 2,
                    y=middle - RADIO_SIZE / 2,
                    size=RADIO_SIZE,
                    buttonStyle="circle",
                    shape="circle",
                    borderColor=FIELD_BORDER,
                    fillColor=FIELD_FILL,
                    textColor=INK,
                    borderWidth=1,
                    tooltip=f"{number}. {RATING_LABELS[rating]}",
                    fieldFlags="noToggleToOff radio",
                    forceBorder=True,
                )
            self.y -= height
            self.c.setStrokeColor(RULE)
            self.c.setLineWidth(0.4)
            self.c.line(MARGIN, self.y, self.page_width - MARGIN, self.y)

    def text_box(self, name: str, label: str, height: float, *, maxlen: int = 10_000) -> None:
        self.text(MARGIN, self.y - 11, label, 9.5, bold=True)
        self.y -= 16
        self.form.textfield(
            name=name,
            value="",
            x=MARGIN,
            y=self.y - height,
            width=self.page_width - 2 * MARGIN,
            height=height,
            fontName=FIELD_FONT,
            fontSize=10,
            borderColor=FIELD_BORDER,
            fillColor=white,
            textColor=INK,
            borderWidth=1,
            maxlen=maxlen,
            fieldFlags="multiline doNotSpellCheck",
            tooltip=label,
            forceBorder=True,
        )
        self.y -= height + 8

    def answered_on(self) -> None:
        self.text(MARGIN, self.y - 14, "Answered on:", 9.5, bold=True)
        self.form.textfield(
            name=F.ANSWERED_ON,
            value="",
            x=MARGIN + 78,
            y=self.y - 20,
            width=120,
            height=20,
            fontName=FIELD_FONT,
            fontSize=10,
            borderColor=FIELD_BORDER,
            fillColor=white,
            textColor=INK,
            borderWidth=1,
            maxlen=20,
            tooltip="The day you answered, e.g. 2027-03-14",
            forceBorder=True,
        )
        self.text(MARGIN + 206, self.y - 14, "the date, e.g. 2027-03-14", 8, colour=MUTED)
        self.y -= 28

    def token(self) -> None:
        self.form.textfield(
            name=F.TOKEN_FIELD,
            value=self.spec.token,
            x=MARGIN,
            y=6,
            width=200,
            height=10,
            fontName=FIELD_FONT,
            fontSize=4,
            borderWidth=0,
            maxlen=200,
            annotationFlags="hidden",
            fieldFlags="readOnly",
        )

    def closing(self) -> None:
        form = self.form
        self.y -= self.paragraph(
            MARGIN, self.page_width - 2 * MARGIN,
            "Your mentoring ends: looking back, how did it go?", 11, bold=True,
        )
        self.y -= 6
        outcomes = list(GoalOutcome)
        right = self.page_width - MARGIN
        xs = [right - 70 * (len(outcomes) - i) + 35 for i in range(len(outcomes))]
        if self.spec.goals:
            for outcome, x in zip(outcomes, xs, strict=True):
                self.text(x, self.y - 10, outcome.label, 8.5, bold=True, anchor="middle")
            self.y -= 16
            width = xs[0] - 35 - MARGIN - 8
            for number, (goal_id, text) in enumerate(self.spec.goals, start=1):
                lines = logical_lines(plain(f"Goal {number}: {shorten(text, 300)}"), width, 10)
                lines = lines[:4]
                height = max(RADIO_SIZE + 9, 8 + len(lines) * 13)
                middle = self.y - height / 2
                for index, line in enumerate(lines):
                    first = middle + (len(lines) - 1) * 6.5 - 3.5
                    self.text(MARGIN + 4, first - index * 13, line, 10)
                for outcome, x in zip(outcomes, xs, strict=True):
                    form.radio(
                        name=F.goal_field(goal_id), value=outcome.value, selected=False,
                        x=x - RADIO_SIZE / 2, y=middle - RADIO_SIZE / 2, size=RADIO_SIZE,
                        buttonStyle="circle", shape="circle", borderColor=FIELD_BORDER,
                        fillColor=FIELD_FILL, textColor=INK, borderWidth=1,
                        tooltip=f"Goal {number}: {outcome.label}",
                        fieldFlags="noToggleToOff radio", forceBorder=True,
                    )
                self.y -= height
                self.c.setStrokeColor(RULE)
                self.c.line(MARGIN, self.y, self.page_width - MARGIN, self.y)
            self.y -= 14
        self.y -= self.paragraph(
            MARGIN, self.page_width - 2 * MARGIN,
            "How likely are you to recommend this mentoring program to a colleague? "
            "(0 = not at all likely, 10 = extremely likely)", 10, bold=True,
        )
        self.y -= 4
        step = (self.page_width - 2 * MARGIN) / 11
        for value in range(11):
            x = MARGIN + step * (value + 0.5)
            self.text(x, self.y - 10, str(value), 9, bold=True, anchor="middle")
            form.radio(
                name=F.RECOMMEND, value=str(value), selected=False,
                x=x - RADIO_SIZE / 2, y=self.y - 32, size=RADIO_SIZE,
                buttonStyle="circle", shape="circle", borderColor=FIELD_BORDER,
                fillColor=FIELD_FILL, textColor=INK, borderWidth=1,
                tooltip=f"{value} of 10", fieldFlags="noToggleToOff radio", forceBorder=True,
            )
        self.y -= 46
        self.text_box(F.KEEP, "What should the program keep?", 90)
        self.text_box(F.CHANGE, "What should the program change?", 90)

    def next_page(self) -> None:
        self.footer()
        self.c.showPage()
        self.page += 1
        self.header()


def write_form(
    spec: FormSpec, path: Path, *, fields: bool = True, paper: Paper = Paper.A4
) -> Path:
    """Write ``spec``'s fillable form to ``path`` on ``paper`` (without ``fields``: the
    same pages with no form fields, for comparison)."""
    register_fonts()
    closing = spec.kind is SurveyKind.CLOSING
    canvas = Canvas(str(path), pagesize=paper.size, pageCompression=1)
    canvas.setTitle(f"{spec.round_name} — {plain(spec.person_name)}")
    canvas.setAuthor("MentorDesk")
    canvas.setCreator("MentorDesk")
    canvas.setSubject(f"Mentoring survey form {spec.paper_code}")
    canvas.setKeywords(f"{F.KEYWORD_PREFIX}{spec.token}")
    page = _Page(canvas, spec, 2 if closing else 1, fields=fields, paper=paper)
    page.header()
    page.scale_header()
    page.questionnaire()
    page.y -= 10
    page.text_box(F.COMMENT, "Anything you would like to add? (optional)", 58)
    page.answered_on()
    page.token()
    if closing:
        page.next_page()
        page.closing()
    page.footer()
    canvas.showPage()
    canvas.save()
    return path


def write_forms(specs: Sequence[FormSpec], folder: Path) -> list[Path]:
    """One form per spec into ``folder`` as ``<round> - <name> (<code>).pdf``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_form(spec, folder / f"{spec.file_stem}.pdf") for spec in specs]
