"""Planning a workshop, or changing one's date, title or kind.

The workshop is saved in ``accept()`` through the workshops service, so a day
outside the program's dates or an empty title is pointed at in the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from mentordesk.domain.vocabularies import ActivityKind
from mentordesk.services import workshops
from mentordesk.services.workshops import WorkshopRow
from mentordesk.ui.context import AppContext
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

    @classmethod
    def of(cls, row: WorkshopRow) -> WorkshopFields:
        return cls(day=row.day, title=row.title, kind=row.kind)

    def save(self, session: Session, workshop_id: int, version: int | None = None) -> WorkshopRow:
        """Write these fields to the workshop (``version``: as the form was opened)."""
        return workshops.update_workshop(
            session,
            workshop_id,
            day=self.day,
            title=self.title,
            kind=self.kind,
            expected_version=version,
        )


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
        if workshop is not None:
            self.title_edit.setText(workshop.title)
            self.day_field.set_value(workshop.day)
            self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(workshop.kind.value)))
        intro = (
            "When a pair's mentor and mentee both attend, it counts as a held activity "
            "of this kind for the pair."
        )
        self.save_button = build_form(
            self,
            intro,
            [("&Title:", self.title_edit), ("&Date:", self.day_field), ("&Kind:", self.kind_box)],
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
        )

    def save(self) -> None:
        fields = self.fields
        with self.context.transaction() as session:
            if self.original is None:
                self.workshop = workshops.plan_workshop(
                    session, self.program_id, fields.day, fields.title, fields.kind
                )
            else:
                self.workshop = fields.save(session, self.original.id, self.original.version)
