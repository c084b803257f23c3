"""Planning a workshop, or changing one's date, title, kind, time, place or facilitator.

The workshop is saved in ``accept()`` through the workshops service, so a day
outside the program's dates, an empty title or a time that is no time is
pointed at in the form. The time is typed as the locale writes it ("14:30",
"2:30 PM"), in a plain box that Tab leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from mentordesk.domain.vocabularies import ActivityKind
from mentordesk.errors import FieldProblem
from mentordesk.services import workshops
from mentordesk.services.workshops import WorkshopDetails, WorkshopRow
from mentordesk.ui.context import AppContext
from mentordesk.ui.formatting import app_locale
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class WorkshopFields:
    """What the form edits, to save and (for undo) to restore."""

    day: date
    title: str
    kind: ActivityKind
    details: WorkshopDetails = field(default_factory=WorkshopDetails)

    @classmethod
    def of(cls, row: WorkshopRow) -> WorkshopFields:
        return cls(day=row.day, title=row.title, kind=row.kind, details=row.details)

    def save(self, session: Session, workshop_id: int, version: int | None = None) -> WorkshopRow:
        """Write these fields to the workshop (``version``: as the form was opened)."""
        return workshops.update_workshop(
            session,
            workshop_id,
            day=self.day,
            title=self.title,
            kind=self.kind,
            details=self.details,
            expected_version=version,
        )


def time_text(moment: time | None) -> str:
    """A time of day as the locale writes it ("14:30", "2:30 PM"); "" for none."""
    if moment is None:
        return ""
    return app_locale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def parse_time(text: str) -> time | None:
    """A time typed as the locale writes it, or as 14:30 / 1430 / 9:05; None for nothing typed.

    FieldProblem("start_time") when it is no time of day.
    """
    typed = " ".join(text.split())
    if not typed:
        return None
    locale = app_locale()
    formats = [locale.timeFormat(QLocale.FormatType.ShortFormat), "H:mm", "HH:mm", "Hmm", "HHmm"]
    formats += ["h:mm AP", "h:mm ap", "h AP", "h ap", "H.mm"]
    for reader in (locale, QLocale.c()):
        for form in formats:
            parsed = reader.toTime(typed, form)
            if parsed.isValid():
                return time(parsed.hour(), parsed.minute())
    raise FieldProblem("start_time", f"“{typed}” is not a time of day; write it like 14:30.")


class WorkshopDialog(FormDialog):
    """A new workshop of ``program_id``, or the workshop ``workshop`` to edit.

    After accept, ``workshop`` is the row as saved and ``before`` its fields as
    they were (None for a new workshop).
    """

    def __init__(
        self,
        context: AppContext,
        program_id: int,
        workshop: WorkshopRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.program_id = program_id
        self.original = workshop
        self.before = WorkshopFields.of(workshop) if workshop is not None else None
        self.workshop: WorkshopRow | None = None
        self.setWindowTitle("Plan a workshop" if workshop is None else "Edit the workshop")

        self.title_edit = self.add_field("title", QLineEdit())
        self.title_edit.setPlaceholderText("e.g. Giving feedback that helps")
        self.day_field = self.add_field("day", DateField(context.as_of))
        self.kind_box = self.add_field("kind", QComboBox())
        for kind in ActivityKind:
            self.kind_box.addItem(kind.label, kind.value)
            self.kind_box.setItemData(
                self.kind_box.count() - 1,
                kind.how_it_builds_trust.capitalize(),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.kind_box.setCurrentIndex(self.kind_box.findData(ActivityKind.WORKSHOP.value))
        self.time_edit = self.add_field("start_time", QLineEdit())
        self.time_edit.setPlaceholderText(f"e.g. {time_text(time(14, 30))} (optional)")
        self.time_edit.setAccessibleName("Starts at")
        self.place_edit = self.add_field("place", QLineEdit())
        self.place_edit.setPlaceholderText("e.g. Room 4.12, or Online (optional)")
        self.place_edit.setMaxLength(workshops.MAX_DETAIL)
        self.facilitator_edit = self.add_field("facilitator", QLineEdit())
        self.facilitator_edit.setPlaceholderText("Who leads it (optional)")
        self.facilitator_edit.setMaxLength(workshops.MAX_DETAIL)
        if workshop is not None:
            self.title_edit.setText(workshop.title)
            self.day_field.set_value(workshop.day)
            self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(workshop.kind.value)))
            self.time_edit.setText(time_text(workshop.start_time))
            self.place_edit.setText(workshop.place)
            self.facilitator_edit.setText(workshop.facilitator)
        intro = (
            "When a pair's mentor and mentee both attend, it counts as a held activity "
            "of this kind for the pair."
        )
        self.save_button = build_form(
            self,
            intro,
            [
                ("&Title:", self.title_edit),
                ("&Date:", self.day_field),
                ("T&ime:", self.time_edit),
                ("&Place:", self.place_edit),
                ("&Facilitator:", self.facilitator_edit),
                ("&Kind:", self.kind_box),
            ],
            save_text="Plan workshop" if workshop is None else "Save",
        )
        self.resize(480, 0)
        self.title_edit.setFocus()
        self.remember_values()

    @property
    def fields(self) -> WorkshopFields:
        """What the form holds."""
        return WorkshopFields(
            day=self.day_field.value,
            title=self.title_edit.text(),
            kind=ActivityKind(self.kind_box.currentData()),
            details=WorkshopDetails(
                start_time=parse_time(self.time_edit.text()),
                place=self.place_edit.text(),
                facilitator=self.facilitator_edit.text(),
            ),
        )

    def save(self) -> None:
        fields = self.fields
        with self.context.transaction() as session:
            if self.original is None:
                self.workshop = workshops.plan_workshop(
                    session,
                    self.program_id,
                    fields.day,
                    fields.title,
                    fields.kind,
                    details=fields.details,
                )
            else:
                self.workshop = fields.save(session, self.original.id, self.original.version)
