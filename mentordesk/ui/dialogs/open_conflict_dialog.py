"""Logging a conflict for a pair: when, what kind, how severe, what happened."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QWidget

from mentordesk.domain.vocabularies import ConflictKind, Severity
from mentordesk.services.conflicts import ConflictDetail, open_conflict
from mentordesk.services.roster import PairDetails
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form


class OpenConflictDialog(FormDialog):
    """Opens a conflict on the pair; ``detail`` is the new conflict after accept."""

    def __init__(self, context: AppContext, pair: PairDetails, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.detail: ConflictDetail | None = None
        self.setWindowTitle("Open a conflict")
        self.day = self.add_field("opened", DateField())
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.kind_box = self.add_field("kind", QComboBox())
        for kind in ConflictKind:
            self.kind_box.addItem(kind.label, kind)
        self.kind_box.setCurrentIndex(list(ConflictKind).index(ConflictKind.DISAGREEMENT))
        self.severity_box = self.add_field("severity", QComboBox())
        for severity in Severity:
            self.severity_box.addItem(severity.label, severity)
        self.severity_box.setCurrentIndex(list(Severity).index(Severity.MEDIUM))
        self.description = self.add_field("description", QPlainTextEdit())
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What happened, as the people involved tell it")
        self.description.setFixedHeight(self.fontMetrics().height() * 6)
        self.confidential_box = self.add_field(
            "confidential", QCheckBox("Confidential: hide the description in lists and reports")
        )
        self.save_button = build_form(
            self,
            f"A conflict between <b>{pair.mentor.name}</b> and <b>{pair.mentee.name}</b>. "
            "It starts open; move it on from the Conflict log as it is handled.",
            [
                ("&Opened on:", self.day),
                ("&Kind:", self.kind_box),
                ("&Severity:", self.severity_box),
                ("&What happened:", self.description),
                ("", self.confidential_box),
            ],
            save_text="Open conflict",
        )
        self.resize(500, 0)
        self.remember_values()

    @property
    def opened(self) -> date:
        return self.day.value

    @property
    def kind(self) -> ConflictKind:
        return ConflictKind(self.kind_box.currentData())

    @property
    def severity(self) -> Severity:
        return Severity(self.severity_box.currentData())

    @property
    def confidential(self) -> bool:
        return self.confidential_box.isChecked()

    def save(self) -> None:
        with self.context.transaction() as session:
            self.detail = open_conflict(
                session,
                self.pair.program_id,
                self.pair.id,
                self.opened,
                self.kind,
                self.severity,
                self.description.toPlainText().strip(),
                confidential=self.confidential,
            )
