"""Reviewing a pair against the five ethics guidelines in one go.

Each guideline shows its current state; choosing another state (or writing a
note) records a dated review of that guideline. Unchanged rows record nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import EthicsGuideline, EthicsState
from mentordesk.errors import FieldProblem
from mentordesk.services.ethics import EthicsCell, record_ethics_review, set_ethics_state
from mentordesk.services.roster import PairDetails
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField, short_date
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form


@dataclass(frozen=True)
class GuidelineChange:
    """What the dialog recorded for one guideline."""

    guideline: EthicsGuideline
    before: EthicsState
    after: EthicsState
    note: str


class EthicsReviewDialog(FormDialog):
    """The pair's checklist; ``changes`` lists what was recorded after accept."""

    def __init__(
        self,
        context: AppContext,
        pair: PairDetails,
        cells: Mapping[EthicsGuideline, EthicsCell],
        parent: QWidget | None = None,
        focus: EthicsGuideline | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.cells = dict(cells)
        self.changes: list[GuidelineChange] = []
        #: The reviews recorded on accept (undo deletes them).
        self.review_ids: list[int] = []
        self.setWindowTitle("Review ethics")
        self.day = self.add_field("day", DateField())
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.reviewer = self.add_field("reviewer", QLineEdit(context.database.actor))
        self.reviewer.setPlaceholderText("Who reviewed")
        self.states: dict[EthicsGuideline, QComboBox] = {}
        self.notes: dict[EthicsGuideline, QLineEdit] = {}
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 6, 0, 0)
        for column, title in enumerate(("Guideline", "Last review", "State", "Note")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, guideline in enumerate(EthicsGuideline, start=1):
            cell = self.cells[guideline]
            label = QLabel(guideline.label)
            label.setToolTip(guideline.what_is_confirmed)
            last = (
                f"{cell.state.label}, {short_date(cell.day)}" if cell.day is not None else "never"
            )
            state = QComboBox()
            for member in EthicsState:
                state.addItem(member.label, member)
            state.setCurrentIndex(list(EthicsState).index(cell.state))
            state.setToolTip(guideline.what_is_confirmed)
            state.setAccessibleName(guideline.label)
            label.setBuddy(state)
            note = QLineEdit()
            note.setPlaceholderText("What was checked, or the concern")
            self.add_field(guideline.value, state)
            self.add_field(f"{guideline.value}_note", note)
            self.states[guideline] = state
            self.notes[guideline] = note
            grid.addWidget(label, row, 0)
            grid.addWidget(QLabel(last), row, 1)
            grid.addWidget(state, row, 2)
            grid.addWidget(note, row, 3)
        grid.setColumnStretch(3, 1)
        self.save_button = build_form(
            self,
            f"The ethics checklist of <b>{pair.mentor.name}</b> and <b>{pair.mentee.name}</b>. "
            "Set each guideline you reviewed; hover a guideline for what it confirms.",
            [("Reviewed &on:", self.day), ("Re&viewer:", self.reviewer), ("", grid_box)],
            save_text="Record review",
        )
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.resize(760, 0)
        self.remember_values()
        (self.states[focus] if focus else self.states[EthicsGuideline.CONFIDENTIALITY]).setFocus()

    def chosen(self) -> list[GuidelineChange]:
        """The guidelines whose state changed or that got a note."""
        changes = []
        for guideline in EthicsGuideline:
            before = self.cells[guideline].state
            after = EthicsState(self.states[guideline].currentData())
            note = self.notes[guideline].text().strip()
            if after is not before or note:
                changes.append(GuidelineChange(guideline, before, after, note))
        return changes

    @property
    def review_day(self) -> date:
        return self.day.value

    @property
    def reviewer_name(self) -> str:
        return self.reviewer.text().strip()

    def save(self) -> None:
        changes = self.chosen()
        if not changes:
            raise FieldProblem(
                EthicsGuideline.CONFIDENTIALITY.value,
                "Nothing to record: change a guideline's state or write a note.",
            )
        reviewer = self.reviewer_name
        ids: list[int] = []
        with self.context.transaction() as session:
            for change in changes:
                if change.after is not change.before:
                    cell = set_ethics_state(
                        session,
                        self.pair.id,
                        change.guideline,
                        change.after,
                        self.review_day,
                        reviewer,
                        change.note,
                    )
                    if cell.review_id is not None:
                        ids.append(cell.review_id)
                else:
                    row = record_ethics_review(
                        session,
                        self.pair.id,
                        change.guideline,
                        change.after,
                        self.review_day,
                        reviewer,
                        change.note,
                    )
                    ids.append(row.id)
        self.changes = changes
        self.review_ids = ids
