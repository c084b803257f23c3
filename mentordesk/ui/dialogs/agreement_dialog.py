"""Recording the day the mentoring agreement was signed (or taking it back)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QWidget

from mentordesk.services.roster import PairDetails, sign_agreement
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form


def article(word: str) -> str:
    """ "a" or "an" before ``word`` (by its first letter, which is enough for the model names)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


class AgreementDialog(FormDialog):
    """Sets the pair's agreement date; ``signed_on`` is the chosen day (None: not signed)."""

    def __init__(self, context: AppContext, pair: PairDetails, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.setWindowTitle("Mentoring agreement")
        self.signed = self.add_field("signed", QCheckBox("The agreement is signed"))
        self.signed.setChecked(True)
        self.day = self.add_field("signed_on", DateField(pair.agreement_signed))
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.signed.toggled.connect(self.day.setEnabled)
        expected = (
            "A formal pair is expected to have a signed agreement."
            if pair.agreement_expected
            else f"Not required for {article(pair.model.label)} {pair.model.label.lower()} pair, "
            "but worth recording."
        )
        rows = [("", self.signed), ("Signed &on:", self.day)]
        self.save_button = build_form(
            self,
            f"The mentoring agreement of <b>{pair.mentor.name}</b> and "
            f"<b>{pair.mentee.name}</b>. {expected}",
            rows,
            save_text="Save",
        )
        if pair.agreement_signed is None:
            self.signed.hide()  # nothing to take back yet
        self.resize(440, 0)
        self.remember_values()

    @property
    def signed_on(self) -> date | None:
        return self.day.value if self.signed.isChecked() else None

    def save(self) -> None:
        with self.context.transaction() as session:
            sign_agreement(
                session, self.pair.id, self.signed_on, expected_version=self.pair.version
            )
