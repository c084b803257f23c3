"""Moving a conflict on: the next status (only the legal ones), the day, and a note.

The statuses offered are those the conflict rules allow from where it stands
(``ConflictDetail.next_statuses``, from ``domain.conflicts.next_statuses``).
The step is saved in ``accept()``; a step dated before the previous one is
refused at the date field. For a breach of trust or confidentiality the
steps of a good breach response are shown beside the form as a reminder.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.conflicts import BREACH_RESPONSE_STEPS
from mentordesk.domain.vocabularies import ConflictKind, ConflictStatus
from mentordesk.errors import FieldProblem
from mentordesk.services.conflicts import (
    ConflictDetail,
    conflict_detail,
    move_conflict,
    update_conflict,
)
from mentordesk.ui.context import AppContext
from mentordesk.ui.formatting import short_date
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form

BREACH_KINDS = frozenset({ConflictKind.TRUST_BREACH, ConflictKind.CONFIDENTIALITY_BREACH})

#: What the status choice reads as, after "Move to".
STATUS_HINTS: dict[ConflictStatus, str] = {
    ConflictStatus.OPEN: "reopen it",
    ConflictStatus.IN_DIALOGUE: "the two are talking it through",
    ConflictStatus.MEDIATION: "a neutral mediator or counselling is involved",
    ConflictStatus.RESOLVED: "trust is being rebuilt; nothing left to do",
    ConflictStatus.CLOSED_UNRESOLVED: "closed without a resolution",
    ConflictStatus.ESCALATED: "handed on (HR, management)",
}


#: Statuses that settle a conflict: moving to one asks what caused it and how it ended.
SETTLING = (ConflictStatus.RESOLVED, ConflictStatus.CLOSED_UNRESOLVED)


def breach_response_text() -> str:
    """The steps of a good breach response, as a numbered list in rich text."""
    items = "".join(
        f"<li><b>{label}.</b> {guidance}</li>" for label, guidance in BREACH_RESPONSE_STEPS
    )
    return f"<p><b>A good breach response</b></p><ol>{items}</ol>"


class MoveConflictDialog(FormDialog):
    """Records the conflict's next step; ``detail`` is the conflict after it, once accepted."""

    def __init__(
        self, context: AppContext, detail: ConflictDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.before = detail
        self.detail: ConflictDetail | None = None
        row = detail.conflict
        self.setWindowTitle("Move the conflict on")
        self.status_box = self.add_field("status", QComboBox())
        for status in detail.next_statuses:
            self.status_box.addItem(f"{status.label} — {STATUS_HINTS[status]}", status)
        earliest = detail.steps[-1].day if detail.steps else row.opened
        self.day_field = self.add_field("day", DateField(max(date.today(), earliest)))
        self.day_field.setToolTip(f"On or after {short_date(earliest)}, the previous step")
        self.note_edit = self.add_field("note", QPlainTextEdit())
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("What was done or agreed in this step")
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 5)
        # Settling a conflict records its root cause and outcome (DOMAIN.md's conflict log).
        with context.transaction() as session:
            recorded = conflict_detail(session, row.id, reveal_confidential=True)
        self.recorded_texts = (recorded.root_cause or "", recorded.outcome or "")
        self.root_cause_edit = self.add_field("root_cause", QPlainTextEdit())
        self.outcome_edit = self.add_field("outcome", QPlainTextEdit())
        for box, text, hint in (
            (self.root_cause_edit, self.recorded_texts[0], "What caused it, found with the two"),
            (self.outcome_edit, self.recorded_texts[1], "How it ended and what was agreed"),
        ):
            box.setTabChangesFocus(True)
            box.setFixedHeight(self.fontMetrics().height() * 4)
            if row.confidential:
                # Not shown, as everywhere until asked for: empty keeps what is recorded.
                box.setPlaceholderText(
                    "Confidential: leave empty to keep what is recorded" if text else hint
                )
            else:
                box.setPlainText(text)
                box.setPlaceholderText(hint)
        rows: list[tuple[str, QWidget]] = [
            ("&Move to:", self.status_box),
            ("&On:", self.day_field),
            ("&Note:", self.note_edit),
            ("&Root cause:", self.root_cause_edit),
            ("O&utcome:", self.outcome_edit),
        ]
        guide: QTextBrowser | None = None
        if row.kind in BREACH_KINDS:
            guide = QTextBrowser()
            guide.setObjectName("breachResponse")
            guide.setHtml(breach_response_text())
            guide.setFrameShape(QFrame.Shape.NoFrame)
            guide.viewport().setAutoFillBackground(False)
            guide.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            guide.setMinimumHeight(self.fontMetrics().height() * 14)
        where = row.pair_label
        intro = (
            f"{row.kind.label} ({where}), <b>{row.status.label.lower()}</b> "
            f"since {short_date(row.status_since)}."
        )
        if row.confidential:
            intro += " The note of a confidential conflict is kept confidential too."
        self.save_button = build_form(self, intro, rows, save_text="Move on")
        if guide is not None:
            # Below the form, above the buttons: a reminder, not a field.
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.count() - 1, guide, 1)
        self.form = self.findChild(QFormLayout)
        self.status_box.currentIndexChanged.connect(self._show_settling_fields)
        self._show_settling_fields()
        self.resize(520, 0)
        self.remember_values()

    @property
    def settles(self) -> bool:
        """True when the chosen status settles the conflict (resolved or closed unresolved)."""
        return self.status in SETTLING

    def _show_settling_fields(self) -> None:
        for box in (self.root_cause_edit, self.outcome_edit):
            if self.form is not None:
                self.form.setRowVisible(box, self.settles)
        if self.isVisible():
            self.adjustSize()

    @property
    def settled_texts(self) -> tuple[str, str] | None:
        """(root cause, outcome) to record when settling, else None."""
        if not self.settles:
            return None
        typed = (self.root_cause_edit.toPlainText(), self.outcome_edit.toPlainText())
        return (
            typed[0].strip() or self.recorded_texts[0],
            typed[1].strip() or self.recorded_texts[1],
        )

    @property
    def status(self) -> ConflictStatus:
        # Item data comes back as the plain code string: make it the member again.
        return ConflictStatus(self.status_box.currentData())

    @property
    def day(self) -> date:
        return self.day_field.value

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText()

    def save(self) -> None:
        texts = self.settled_texts
        if texts is not None:
            root_cause, outcome = texts
            if self.status is ConflictStatus.RESOLVED and not root_cause:
                raise FieldProblem(
                    "root_cause",
                    "Say what caused the conflict: resolving it records its root cause.",
                )
            if not outcome:
                raise FieldProblem(
                    "outcome",
                    f"Say how it ended: a conflict {self.status.label.lower()} "
                    "records its outcome.",
                )
        with self.context.transaction() as session:
            self.detail = move_conflict(
                session,
                self.before.conflict.id,
                self.status,
                self.day,
                self.note,
                expected_version=self.before.conflict.version,
            )
            if texts is not None and texts != self.recorded_texts:
                self.detail = update_conflict(
                    session, self.before.conflict.id, root_cause=texts[0], outcome=texts[1]
                )
