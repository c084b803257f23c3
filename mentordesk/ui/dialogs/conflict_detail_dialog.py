"""Logging a conflict from the conflict log, or editing one's details.

A new conflict belongs to a pair of the program or to the program as a whole;
it starts open. Editing changes its kind, severity, description, root cause,
outcome and confidentiality; the status moves only through "Move on…". The
form opens with a confidential conflict's text shown: choosing to edit it is
the deliberate step that reveals it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QWidget

from mentordesk.domain.vocabularies import ConflictKind, Severity
from mentordesk.errors import FieldProblem
from mentordesk.services import conflicts
from mentordesk.services.conflicts import ConflictDetail
from mentordesk.ui.context import AppContext
from mentordesk.ui.formatting import short_date
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WHOLE_PROGRAM = "The program as a whole"


@dataclass(frozen=True)
class ConflictTexts:
    """The editable details of a conflict, to save and to restore on undo."""

    kind: ConflictKind
    severity: Severity
    description: str
    root_cause: str
    outcome: str
    confidential: bool

    @classmethod
    def of(cls, detail: ConflictDetail) -> ConflictTexts:
        row = detail.conflict
        return cls(
            kind=row.kind,
            severity=row.severity,
            description=row.description or "",
            root_cause=detail.root_cause or "",
            outcome=detail.outcome or "",
            confidential=row.confidential,
        )

    def save(
        self, session: Session, conflict_id: int, version: int | None = None
    ) -> ConflictDetail:
        """Write these details to the conflict (``version``: the one the form was opened with)."""
        return conflicts.update_conflict(
            session,
            conflict_id,
            kind=self.kind,
            severity=self.severity,
            description=self.description,
            root_cause=self.root_cause,
            outcome=self.outcome,
            confidential=self.confidential,
            expected_version=version,
        )


def _text_box(placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().height() * lines + 12)
    return box


class ConflictDialog(FormDialog):
    """New conflict (``conflict_id`` None) or the details of an existing one.

    ``pairs`` is what the pair choice offers for a new conflict: (pair id, label).
    After accept, ``detail`` is the conflict as saved and ``before`` the details
    it had (None for a new one).
    """

    def __init__(
        self,
        context: AppContext,
        *,
        conflict_id: int | None = None,
        program_id: int | None = None,
        pairs: Sequence[tuple[int, str]] = (),
        pair_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.program_id = program_id
        self.detail: ConflictDetail | None = None
        self.original: ConflictDetail | None = None
        if conflict_id is not None:
            self.original = context.call(
                conflicts.conflict_detail, conflict_id, reveal_confidential=True
            )
            self.program_id = self.original.conflict.program_id
        editing = self.original is not None

        self.pair_box = self.add_field("pair", QComboBox())
        self.pair_box.addItem(WHOLE_PROGRAM, None)
        for pid, label in pairs:
            self.pair_box.addItem(label, pid)
        if pair_id is not None:
            self.pair_box.setCurrentIndex(max(0, self.pair_box.findData(pair_id)))
        self.opened_field = self.add_field("opened", DateField())
        self.kind_box = self.add_field("kind", QComboBox())
        for kind in ConflictKind:
            self.kind_box.addItem(kind.label, kind)
        self.severity_box = self.add_field("severity", QComboBox())
        for severity in Severity:
            self.severity_box.addItem(severity.label, severity)
        self.description_edit = self.add_field(
            "description", _text_box("What happened, as the people involved tell it", 5)
        )
        self.root_cause_edit = self.add_field(
            "root_cause",
            _text_box("Why it happened: expectations, pressure, a misunderstanding…", 3),
        )
        self.outcome_edit = self.add_field("outcome", _text_box("What was agreed, what changed", 3))
        self.confidential_check = self.add_field(
            "confidential",
            QCheckBox("Confidential: hide the text in lists and reports until asked"),
        )

        rows: list[tuple[str, QWidget]] = []
        if editing:
            assert self.original is not None
            row = self.original.conflict
            self.setWindowTitle("Conflict details")
            where = QLabel(f"{row.pair_label}, opened {short_date(row.opened)}")
            rows.append(("Pair:", where))
            self.kind_box.setCurrentIndex(list(ConflictKind).index(row.kind))
            self.severity_box.setCurrentIndex(list(Severity).index(row.severity))
            self.description_edit.setPlainText(row.description or "")
            self.root_cause_edit.setPlainText(self.original.root_cause or "")
            self.outcome_edit.setPlainText(self.original.outcome or "")
            self.confidential_check.setChecked(row.confidential)
            intro = (
                f"{row.kind.label}, <b>{row.status.label.lower()}</b>. "
                "The status moves on with “Move on…” in the conflict log."
            )
        else:
            self.setWindowTitle("Log a conflict")
            self.kind_box.setCurrentIndex(list(ConflictKind).index(ConflictKind.DISAGREEMENT))
            self.severity_box.setCurrentIndex(list(Severity).index(Severity.MEDIUM))
            rows += [("&Pair:", self.pair_box), ("&Opened on:", self.opened_field)]
            intro = "A conflict starts open; move it on from the conflict log as it is handled."
        rows += [
            ("&Kind:", self.kind_box),
            ("&Severity:", self.severity_box),
            ("&What happened:", self.description_edit),
        ]
        if editing:
            rows += [("&Root cause:", self.root_cause_edit), ("Out&come:", self.outcome_edit)]
        else:
            self.root_cause_edit.hide()
            self.outcome_edit.hide()
        rows.append(("", self.confidential_check))
        self.save_button = build_form(
            self, intro, rows, save_text="Save" if editing else "Log conflict"
        )
        self.resize(560, 0)
        self.remember_values()

    # -- values ------------------------------------------------------------------------------
    @property
    def texts(self) -> ConflictTexts:
        """The details as the form holds them."""
        return ConflictTexts(
            # Item data comes back as the plain code string: make it the member again.
            kind=ConflictKind(self.kind_box.currentData()),
            severity=Severity(self.severity_box.currentData()),
            description=self.description_edit.toPlainText(),
            root_cause=self.root_cause_edit.toPlainText(),
            outcome=self.outcome_edit.toPlainText(),
            confidential=self.confidential_check.isChecked(),
        )

    @property
    def pair_id(self) -> int | None:
        return self.pair_box.currentData()

    @property
    def opened(self) -> date:
        return self.opened_field.value

    def save(self) -> None:
        texts = self.texts
        with self.context.transaction() as session:
            if self.original is not None:
                row = self.original.conflict
                self.detail = texts.save(session, row.id, row.version)
                return
            if self.program_id is None:
                raise FieldProblem("pair", "Choose a program in the toolbar first.")
            self.detail = conflicts.open_conflict(
                session,
                self.program_id,
                self.pair_id,
                self.opened,
                texts.kind,
                texts.severity,
                texts.description,
                confidential=texts.confidential,
            )
