"""Ending a pair: completed, or ended early with the reason, on a chosen day."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from mentordesk.domain.vocabularies import PairStatus
from mentordesk.services.roster import PairDetails, end_pair
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField, short_date
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form


class EndPairDialog(FormDialog):
    """Ends ``pair`` on accept; ``status``, ``reason`` and ``end_date`` hold what was chosen."""

    def __init__(self, context: AppContext, pair: PairDetails, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.setWindowTitle("End pair")
        self.how = self.add_field("status", QComboBox())
        self.how.addItem("Completed: the pair reached its end", PairStatus.COMPLETED)
        self.how.addItem("Ended early", PairStatus.ENDED_EARLY)
        self.day = self.add_field("end_date", DateField())
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.reason_edit = self.add_field("end_reason", QPlainTextEdit())
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(
            "Why the pair ends (needed when it ends early): goals met, a move, a mismatch…"
        )
        self.reason_edit.setFixedHeight(self.fontMetrics().height() * 5)
        self.how.currentIndexChanged.connect(self._how_changed)
        self.save_button = build_form(
            self,
            f"<b>{pair.mentor.name}</b> mentoring <b>{pair.mentee.name}</b> "
            f"({pair.model.label.lower()}, since {short_date(pair.start_date)}).",
            [("&How:", self.how), ("&On:", self.day), ("&Reason:", self.reason_edit)],
            save_text="End pair",
        )
        self.resize(480, 0)
        self.remember_values()

    def _how_changed(self) -> None:
        early = self.status is PairStatus.ENDED_EARLY
        self.reason_edit.setPlaceholderText(
            "Why it ended early (required)" if early else "How it went, if you like"
        )

    @property
    def status(self) -> PairStatus:
        return PairStatus(self.how.currentData())

    @property
    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    @property
    def end_date(self) -> date:
        return self.day.value

    def save(self) -> None:
        with self.context.transaction() as session:
            end_pair(
                session,
                self.pair.id,
                status=self.status,
                reason=self.reason,
                end_date=self.end_date,
                expected_version=self.pair.version,
            )
