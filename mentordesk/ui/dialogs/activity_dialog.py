"""Logging (or editing) one activity of a pair, fast from the keyboard.

The form opens on the date with today, a regular check-in, held: for the most
common entry the coordinator only presses Enter. Notes take several lines, so
in the notes box Ctrl+Enter saves.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QSpinBox, QWidget

from mentordesk.domain.vocabularies import ActivityKind, ActivityOutcome
from mentordesk.services.activities import (
    ActivityFields,
    ActivityRow,
    log_activity,
    update_activity,
)
from mentordesk.services.roster import PairDetails
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField, short_date
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form

DEFAULT_KIND = ActivityKind.CHECKIN
DEFAULT_OUTCOME = ActivityOutcome.HELD


class ActivityDialog(FormDialog):
    """A new activity (``activity`` None) or an edit; ``saved`` is the row after accept."""

    def __init__(
        self,
        context: AppContext,
        pair: PairDetails,
        activity: ActivityRow | None = None,
        parent: QWidget | None = None,
        day: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.activity = activity
        self.saved: ActivityRow | None = None
        self.setWindowTitle("Edit activity" if activity else "Log an activity")
        self.day = self.add_field("day", DateField(activity.day if activity else day))
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.kind_box = self.add_field("kind", QComboBox())
        for kind in ActivityKind:
            self.kind_box.addItem(kind.label, kind)
            self.kind_box.setItemData(
                self.kind_box.count() - 1,
                f"Builds trust by: {kind.how_it_builds_trust}",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.outcome_box = self.add_field("outcome", QComboBox())
        for outcome in ActivityOutcome:
            self.outcome_box.addItem(outcome.label, outcome)
        self.minutes_box = self.add_field("minutes", QSpinBox())
        self.minutes_box.setRange(0, 1440)
        self.minutes_box.setSingleStep(15)
        self.minutes_box.setSpecialValueText("not recorded")
        self.minutes_box.setSuffix(" min")
        self.notes = self.add_field("notes", QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("What was discussed or agreed (Ctrl+Enter saves)")
        self.notes.setFixedHeight(self.fontMetrics().height() * 5)
        self.confidential_box = self.add_field(
            "confidential", QCheckBox("Confidential notes: hidden until deliberately shown")
        )
        current = activity.fields() if activity else None
        self.kind_box.setCurrentIndex(
            list(ActivityKind).index(current.kind if current else DEFAULT_KIND)
        )
        self.outcome_box.setCurrentIndex(
            list(ActivityOutcome).index(current.outcome if current else DEFAULT_OUTCOME)
        )
        if current is not None:
            self.minutes_box.setValue(current.minutes or 0)
            self.notes.setPlainText(current.notes)
            self.confidential_box.setChecked(current.confidential)
        self.save_button = build_form(
            self,
            f"<b>{pair.mentor.name}</b> and <b>{pair.mentee.name}</b>. "
            "Enter saves a held check-in dated today.",
            [
                ("&Date:", self.day),
                ("&Kind:", self.kind_box),
                ("&Outcome:", self.outcome_box),
                ("&Length:", self.minutes_box),
                ("&Notes:", self.notes),
                ("", self.confidential_box),
            ],
            save_text="Save" if activity else "Log activity",
        )
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.accept)
        self.resize(480, 0)
        self.remember_values()
        self.day.setFocus()

    # -- values -----------------------------------------------------------------------------------

    @property
    def fields(self) -> ActivityFields:
        minutes = self.minutes_box.value()
        return ActivityFields(
            day=self.day.value,
            kind=ActivityKind(self.kind_box.currentData()),
            outcome=ActivityOutcome(self.outcome_box.currentData()),
            minutes=minutes or None,
            notes=self.notes.toPlainText().strip(),
            confidential=self.confidential_box.isChecked(),
        )

    @property
    def description(self) -> str:
        fields = self.fields
        return f"{fields.kind.label.lower()} on {short_date(fields.day)}"

    def save(self) -> None:
        fields = self.fields
        with self.context.transaction() as session:
            if self.activity is None:
                self.saved = log_activity(
                    session,
                    self.pair.id,
                    day=fields.day,
                    kind=fields.kind,
                    outcome=fields.outcome,
                    minutes=fields.minutes,
                    notes=fields.notes,
                    confidential=fields.confidential,
                )
            else:
                self.saved = update_activity(
                    session, self.activity.id, fields, expected_version=self.activity.version
                )
