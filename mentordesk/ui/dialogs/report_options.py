"""The options of each PDF the Reports view makes, and the plan each set of options makes.

One widget per report, the same choices as the commands:

- :class:`ProgramOptions`: program, as-of day, optional period, confidential,
  who it is for (``mentordesk report program``);
- :class:`PairOptions`: the pair by its mentee, as-of day, confidential
  (``mentordesk report pair``);
- :class:`FormsOptions`: blank forms, or filled in for one pair (``mentordesk forms``).

``plan()`` checks the choices (a :class:`~mentordesk.errors.FieldProblem` names
the field to fix) and returns a :class:`ReportPlan`: the suggested file name and
a function that makes the PDF from a session, a path and a progress callback,
safe to run in the worker (it holds plain values, no widgets).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import FieldProblem
from mentordesk.reports.paper import Paper
from mentordesk.reports.progress import Progress as ReportProgress
from mentordesk.services.programs import list_programs
from mentordesk.services.roster import roster_rows
from mentordesk.ui.icons import icon
from mentordesk.ui.widgets.dates import DateField, long_date
from mentordesk.ui.widgets.person_picker import PersonChoice, PersonPicker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEFAULT_PREPARED_FOR = "Program review with leadership"
#: Longest suggested file name (without .pdf), so long names still make a file name
#: every file system accepts.
MAX_FILE_STEM = 120
#: The colour of the confidential warning (with a lock and a bold sentence, not colour alone).
WARNING_COLOUR = "#b3261e"

#: ``progress(done, total) -> keep going?`` as the report makers take it.
ReportCallback = Callable[[int, int], bool]
#: Makes one PDF: ``make(session, path, progress, paper) -> path``.
Maker = Callable[["Session", Path, ReportCallback, Paper], Path]


class ReportKind(StrEnum):
    """What the Reports view makes."""

    PROGRAM = "program"
    PAIR = "pair"
    FORMS = "forms"

    @property
    def noun(self) -> str:
        """The made file in a sentence: "the program report"."""
        return {"program": "program report", "pair": "pair report", "forms": "workshop pack"}[
            self.value
        ]


@dataclass(frozen=True)
class ReportPlan:
    """What "Make PDF…" does for the chosen options."""

    kind: ReportKind
    suggested_name: str
    make: Maker


@dataclass(frozen=True)
class ProgramChoice:
    id: int
    name: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class PairChoice:
    """A pair offered in the lists, named by its mentee."""

    pair_id: int
    mentee_name: str
    mentor_name: str
    detail: str

    @property
    def names(self) -> str:
        return f"{self.mentee_name} with {self.mentor_name}"


@dataclass(frozen=True)
class Choices:
    """What the options offer: every program, and the pairs of the window's program."""

    programs: tuple[ProgramChoice, ...]
    pairs: tuple[PairChoice, ...]


def load_choices(session: Session, program_id: int | None) -> Choices:
    """The programs, and the pairs (of ``program_id``, or of all) sorted by mentee."""
    programs = tuple(
        ProgramChoice(row.id, row.name, row.start_date, row.end_date)
        for row in list_programs(session)
    )
    rows = roster_rows(session, program_id)
    several_programs = len({row.program_id for row in rows}) > 1
    pairs = []
    for row in rows:
        # The detail tells namesakes apart and can be searched: email, mentor, status.
        parts = [row.mentee_email] if row.mentee_email else []
        parts.append(f"with {row.mentor_name}")
        if several_programs:
            parts.append(row.program_name)
        parts.append(row.status.label.lower())
        pairs.append(PairChoice(row.pair_id, row.mentee_name, row.mentor_name, " · ".join(parts)))
    pairs.sort(key=lambda pair: (pair.mentee_name.casefold(), pair.detail.casefold()))
    return Choices(programs, tuple(pairs))


def safe_file_stem(text: str) -> str:
    """``text`` as a file name any system accepts: no path separators, reserved or control
    characters, not too long; letters of every script are kept."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', " ", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return cleaned[:MAX_FILE_STEM].rstrip(" .") or "report"


# --- building blocks ----------------------------------------------------------------------


class PairPicker(PersonPicker):
    """A searchable list of pairs by mentee (name, email, mentor); the id is the pair's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent, placeholder="Type part of the mentee's name or email, or the mentor's name…"
        )
        self.setMinimumContentsLength(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._pairs: dict[int, PairChoice] = {}
        # Show a chosen pair from its start (the mentee's name), not from its end.
        self.currentIndexChanged.connect(lambda _index: self.lineEdit().setCursorPosition(0))

    def set_pairs(self, pairs: Iterable[PairChoice]) -> None:
        """Offer ``pairs``, keeping the chosen one when it is still offered."""
        self._pairs = {pair.pair_id: pair for pair in pairs}
        self.set_people(
            PersonChoice(pair.pair_id, pair.mentee_name, pair.detail)
            for pair in self._pairs.values()
        )

    @property
    def pair(self) -> PairChoice | None:
        """The chosen pair, or None while the text names no pair."""
        pair_id = self.person_id
        return None if pair_id is None else self._pairs.get(pair_id)

    def set_pair(self, pair_id: int | None) -> None:
        self.set_person(pair_id)


def muted(text: str = "") -> QLabel:
    """A wrapped explanatory sentence, quieter than the fields but easy to read: the text
    colour two thirds of the way from the background (the disabled colour is too faint
    for sentences that explain what a choice does)."""
    label = QLabel(text)
    label.setWordWrap(True)
    palette = label.palette()
    text_colour = palette.color(QPalette.ColorRole.WindowText)
    background = palette.color(QPalette.ColorRole.Window)
    blend = QColor(
        *(
            round(a * 0.68 + b * 0.32)
            for a, b in zip(text_colour.getRgb()[:3], background.getRgb()[:3], strict=True)
        )
    )
    palette.setColor(QPalette.ColorRole.WindowText, blend)
    label.setPalette(palette)
    return label


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(10)
    return form


def _page(form: QFormLayout) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(form)
    layout.addStretch(1)
    return layout


class ConfidentialChoice(QWidget):
    """The include-confidential box, with what it means said under it (a warning when ticked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox("&Include confidential conflict details and notes")
        self.note = muted()
        self.note.setObjectName("confidentialNote")
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.lock = QLabel()
        self.lock.setPixmap(icon("lock").pixmap(QSize(16, 16)))
        self.lock.setAlignment(Qt.AlignmentFlag.AlignTop)
        note_row = QHBoxLayout()
        note_row.setContentsMargins(22, 0, 0, 0)
        note_row.addWidget(self.lock)
        note_row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.box)
        layout.addLayout(note_row)
        self.box.toggled.connect(self._explain)
        self._explain(False)

    @property
    def included(self) -> bool:
        return self.box.isChecked()

    def _explain(self, included: bool) -> None:
        self.lock.setVisible(included)
        if included:
            self.note.setStyleSheet(f"color: {WARNING_COLOUR};")
            self.note.setText(
                "<b>Every page will say CONFIDENTIAL.</b> Confidential conflict descriptions "
                "and notes are printed in full: hand it only to people allowed to read them."
            )
        else:
            self.note.setStyleSheet("")
            self.note.setText(
                "Left out: conflicts show only their kind, severity, status and dates, "
                "and confidential notes are not printed."
            )


# --- the three sets of options ------------------------------------------------------------


APPENDIX_CHOICES = (
    ("None: the body only", "none"),
    ("Every pair needing attention", "attention"),
    ("Every pair needing attention and the roster", "all"),
)


class ProgramOptions(QWidget):
    """Program, as-of day, optional period, confidential, who it is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programs: tuple[ProgramChoice, ...] = ()
        self.program_box = QComboBox()
        self.program_box.setObjectName("reportProgram")
        self.program_box.setMinimumContentsLength(28)
        self.program_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.as_of = DateField()
        self.as_of.setObjectName("reportProgramAsOf")
        self.as_of.setToolTip("The day the figures, the flags and the roster are for")
        self.limit_period = QCheckBox("&Limit to")
        self.limit_period.setObjectName("limitPeriod")
        self.limit_period.setToolTip(
            "Without a limit, trends and counts run from the program's start to the as-of day"
        )
        self.period_start = DateField()
        self.period_start.setObjectName("periodStart")
        self.period_start.setToolTip("First day of the period")
        self.period_end = DateField()
        self.period_end.setObjectName("periodEnd")
        self.period_end.setToolTip("Last day of the period")
        period_row = QHBoxLayout()
        period_row.setContentsMargins(0, 0, 0, 0)
        period_row.addWidget(self.limit_period)
        period_row.addWidget(self.period_start)
        period_row.addWidget(QLabel("to"))
        period_row.addWidget(self.period_end)
        period_row.addStretch(1)
        self.period_note = muted()
        self.period_note.setObjectName("periodNote")
        period = QWidget()
        period_layout = QVBoxLayout(period)
        period_layout.setContentsMargins(0, 0, 0, 0)
        period_layout.setSpacing(3)
        period_layout.addLayout(period_row)
        period_layout.addWidget(self.period_note)
        self.confidential = ConfidentialChoice()
        self.prepared_for = QLineEdit(DEFAULT_PREPARED_FOR)
        self.prepared_for.setObjectName("preparedFor")
        self.prepared_for.setMaxLength(200)
        self.prepared_for.setClearButtonEnabled(True)
        self.prepared_for.setToolTip("Printed on the cover: who the report is for")
        self.appendix = QComboBox()
        self.appendix.setObjectName("reportAppendix")
        for label, value in APPENDIX_CHOICES:
            self.appendix.addItem(label, value)
        self.appendix.setCurrentIndex(1)
        self.appendix.setToolTip(
            "What follows the report's body: nothing, every pair needing attention with "
            "every reason, or that and the roster of every pair"
        )
        self.attention_rows = QSpinBox()
        self.attention_rows.setObjectName("attentionRows")
        self.attention_rows.setRange(0, 40)
        self.attention_rows.setValue(25)
        self.attention_rows.setSuffix(" pairs")
        self.attention_rows.setToolTip(
            "How many of the most serious pairs the body lists (at most one page)"
        )

        form = _form()
        form.addRow(_label("Progra&m:", self.program_box), self.program_box)
        form.addRow(_label("&As of:", self.as_of), self.as_of)
        form.addRow(QLabel("Period:"), period)
        form.addRow(QLabel("Confidential:"), self.confidential)
        form.addRow(_label("Prepare&d for:", self.prepared_for), self.prepared_for)
        form.addRow(_label("Appe&ndix:", self.appendix), self.appendix)
        form.addRow(_label("Attention &list:", self.attention_rows), self.attention_rows)
        self.setLayout(_page(form))

        self.limit_period.toggled.connect(self._period_toggled)
        self.program_box.currentIndexChanged.connect(self._program_chosen)
        for field in (self.as_of, self.period_start, self.period_end):
            field.dateChanged.connect(self._describe_period)
        self._period_toggled(False)

    @property
    def program(self) -> ProgramChoice | None:
        index = self.program_box.currentIndex()
        return self.programs[index] if 0 <= index < len(self.programs) else None

    def set_programs(self, programs: tuple[ProgramChoice, ...], wanted: int | None) -> None:
        """Offer ``programs``; choose ``wanted``, else keep the current one, else the first."""
        current = self.program
        keep = wanted if wanted is not None else (current.id if current else None)
        self.programs = programs
        self.program_box.blockSignals(True)
        self.program_box.clear()
        for program in programs:
            self.program_box.addItem(program.name)
        ids = [program.id for program in programs]
        self.program_box.setCurrentIndex(ids.index(keep) if keep in ids else (0 if ids else -1))
        self.program_box.blockSignals(False)
        self._program_chosen()

    def set_as_of(self, day: date) -> None:
        """The as-of day; an ended program is reported as it ended, not on a later day
        when none of its pairs is active any more."""
        program = self.program
        if program is not None and program.end_date is not None:
            day = min(day, program.end_date)
        self.as_of.set_value(day)
        if not self.limit_period.isChecked():
            self.period_end.set_value(self.as_of.value)

    def _program_chosen(self) -> None:
        program = self.program
        if program is not None and not self.limit_period.isChecked():
            self.period_start.set_value(program.start_date)
        self._describe_period()

    def _period_toggled(self, limited: bool) -> None:
        self.period_start.setEnabled(limited)
        self.period_end.setEnabled(limited)
        if not limited:
            program = self.program
            if program is not None:
                self.period_start.set_value(program.start_date)
            self.period_end.set_value(self.as_of.value)
        self._describe_period()

    def _describe_period(self) -> None:
        program = self.program
        if not self.limit_period.isChecked():
            since = f" ({long_date(program.start_date)})" if program is not None else ""
            self.period_note.setText(
                f"Trends and counts run from the program's start{since} to the as-of day "
                f"({long_date(self.as_of.value)})."
            )
            return
        start, end = self.period_start.value, self.period_end.value
        if end < start:
            self.period_note.setText("The period ends before it starts.")
        else:
            self.period_note.setText(
                f"Trends and counts cover {long_date(start)} to {long_date(end)}; "
                f"the figures and the roster are as of {long_date(self.as_of.value)}."
            )

    def field(self, name: str) -> QWidget:
        """The widget a FieldProblem's ``field`` names."""
        return {"program": self.program_box, "period": self.period_end}.get(name, self.as_of)

    def plan(self) -> ReportPlan:
        program = self.program
        if program is None:
            raise FieldProblem("program", "Choose the program to report on.")
        as_of = self.as_of.value
        limited = self.limit_period.isChecked()
        start = self.period_start.value if limited else None
        end = self.period_end.value if limited else None
        if start is not None and end is not None and end < start:
            raise FieldProblem(
                "period",
                f"The period ends ({long_date(end)}) before it starts ({long_date(start)}).",
            )
        confidential = self.confidential.included
        prepared_for = self.prepared_for.text().strip() or DEFAULT_PREPARED_FOR
        appendix = str(self.appendix.currentData())
        attention_rows = self.attention_rows.value()
        name = f"Program report - {program.name} - {as_of.isoformat()}"
        if confidential:
            name += " - CONFIDENTIAL"

        def make(session: Session, path: Path, progress: ReportCallback, paper: Paper) -> Path:
            from mentordesk.reports.program import program_report

            return program_report(
                session,
                path,
                program_name=program.name,
                as_of=as_of,
                start=start,
                end=end,
                include_confidential=confidential,
                prepared_for=prepared_for,
                appendix=appendix,
                attention_rows=attention_rows,
                progress=progress,
                paper=paper,
            )

        return ReportPlan(ReportKind.PROGRAM, name, make)


class PairOptions(QWidget):
    """The pair (by its mentee), the as-of day, confidential."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = PairPicker()
        self.picker.setObjectName("reportPair")
        self.as_of = DateField()
        self.as_of.setObjectName("reportPairAsOf")
        self.as_of.setToolTip("Records after this day are left out")
        self.confidential = ConfidentialChoice()
        form = _form()
        form.addRow(_label("&Mentee:", self.picker), self.picker)
        form.addRow(_label("&As of:", self.as_of), self.as_of)
        form.addRow(QLabel("Confidential:"), self.confidential)
        self.setLayout(_page(form))

    def plan(self) -> ReportPlan:
        pair = self.picker.pair
        if pair is None:
            typed = self.picker.currentText().strip()
            raise FieldProblem(
                "pair",
                f"No pair's mentee matches '{typed}'; choose one from the list."
                if typed
                else "Choose the mentee whose pair the report is about.",
            )
        as_of = self.as_of.value
        confidential = self.confidential.included
        name = f"Pair report - {pair.names} - {as_of.isoformat()}"
        if confidential:
            name += " - CONFIDENTIAL"
        pair_id = pair.pair_id

        def make(session: Session, path: Path, progress: ReportCallback, paper: Paper) -> Path:
            from mentordesk.reports.pair import pair_report

            return pair_report(
                session,
                path,
                pair_id=pair_id,
                as_of=as_of,
                include_confidential=confidential,
                progress=progress,
                paper=paper,
            )

        return ReportPlan(ReportKind.PAIR, name, make)


class FormsOptions(QWidget):
    """Blank forms, or forms filled in for one pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blank = QRadioButton("&Blank forms, for anyone")
        self.blank.setObjectName("blankForms")
        self.filled = QRadioButton("Filled in for the pair of a &mentee:")
        self.filled.setObjectName("filledForms")
        self.blank.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.blank)
        group.addButton(self.filled)
        self.picker = PairPicker()
        self.picker.setObjectName("formsPair")
        self.picker.setEnabled(False)
        picker_row = QHBoxLayout()
        picker_row.setContentsMargins(22, 0, 0, 0)
        picker_row.addWidget(self.picker, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.blank)
        layout.addWidget(self.filled)
        layout.addLayout(picker_row)
        layout.addWidget(
            muted(
                "Filled in, the forms carry both names, the program, the model, the dates, "
                "the meeting rhythm and the pair's goals. The questionnaire is printed in the "
                "order and with the item codes of the entry form, so answers are quick to "
                "type back in."
            )
        )
        layout.addStretch(1)
        self.filled.toggled.connect(self._filled_toggled)

    def _filled_toggled(self, filled: bool) -> None:
        self.picker.setEnabled(filled)
        if filled:
            self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def plan(self) -> ReportPlan:
        pair = None
        if self.filled.isChecked():
            pair = self.picker.pair
            if pair is None:
                raise FieldProblem(
                    "pair", "Choose the mentee whose pair the forms are filled in for."
                )
        name = "Workshop pack - " + (pair.names if pair is not None else "blank forms")
        pair_id = pair.pair_id if pair is not None else None

        def make(session: Session, path: Path, progress: ReportCallback, paper: Paper) -> Path:
            # As forms.workshop_pack does it, but by pair rather than by the mentee's email.
            from mentordesk.reports.forms import prefill_for_pair, write_workshop_pack

            tracker = ReportProgress(progress)
            tracker.stage(10)
            prefill = None if pair_id is None else prefill_for_pair(session, pair_id)
            return write_workshop_pack(path, prefill, tracker=tracker, paper=paper)

        return ReportPlan(ReportKind.FORMS, name, make)
