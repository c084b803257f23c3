"""Add or edit a person of the directory.

The form validates in ``accept()`` through the people service: a problem names
its field (a duplicate email, a manager who already reports to this person) and
the form points at that field instead of closing. The saved person is
available as :attr:`PersonDialog.person` afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import FieldProblem
from mentordesk.services import people
from mentordesk.services.people import PersonDetails, PersonFields, PersonRow
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.tag_editor import TagEditor

NO_MANAGER = "No manager"


class PersonDialog(FormDialog):
    """The person form: new when ``person_id`` is None, else that person's details."""

    field_aliases: ClassVar[dict[str, str]] = {"manager_id": "manager"}

    def __init__(
        self,
        context: AppContext,
        person_id: int | None = None,
        parent: QWidget | None = None,
        *,
        directory: Sequence[PersonRow] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._person_id = person_id
        self._details: PersonDetails | None = None
        self._saved: PersonDetails | None = None
        with context.transaction() as session:
            if person_id is not None:
                self._details = people.get_person(session, person_id)
            rows = list(directory) if directory is not None else people.directory(session)
        self.setWindowTitle("New person" if self._details is None else f"Edit {self._details.name}")
        self._build(rows)
        self._fill()
        self.remember_values()

    # -- layout ------------------------------------------------------------------------------
    def _build(self, rows: Sequence[PersonRow]) -> None:
        self.name_edit = self.add_field("name", QLineEdit())
        self.name_edit.setPlaceholderText("First and last name")
        self.email_edit = self.add_field("email", QLineEdit())
        self.email_edit.setPlaceholderText("name@company.example")
        self.employee_id_edit = self.add_field("employee_id", QLineEdit())
        self.department_edit = self.add_field("department", QLineEdit())
        self.title_edit = self.add_field("title", QLineEdit())
        self.location_edit = self.add_field("location", QLineEdit())
        for edit, values in (
            (self.department_edit, {row.department for row in rows if row.department}),
            (self.location_edit, {row.location for row in rows if row.location}),
        ):
            completer = QCompleter(sorted(values, key=str.casefold), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)

        self.manager_box = self.add_field("manager", QComboBox())
        self.manager_box.setEditable(True)
        self.manager_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.manager_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.manager_box.lineEdit().setPlaceholderText("Type a name")
        self.manager_box.addItem(NO_MANAGER, None)
        for row in rows:
            if row.id == self._person_id:
                continue  # never offered as their own manager
            label = row.name if row.active else f"{row.name} (left)"
            if row.department:
                label = f"{label} — {row.department}"
            self.manager_box.addItem(label, row.id)
        manager_completer = self.manager_box.completer()
        manager_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        manager_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.manager_box.setToolTip("Whom they report to; used to keep mentors out of the line")

        self.skills_editor = self.add_field(
            "skills", TagEditor(placeholder="Add a skill, press Enter")
        )
        self.skills_editor.set_suggestions(skill for row in rows for skill in row.skills)

        self.can_mentor_check = self.add_field("can_mentor", QCheckBox("Can mentor"))
        self.capacity_spin = self.add_field("capacity", QSpinBox())
        self.capacity_spin.setRange(people.MIN_CAPACITY, people.MAX_CAPACITY)
        self.capacity_spin.setSuffix(" mentees")
        self.capacity_spin.setToolTip("How many mentees they can take on at once")
        self.can_mentor_check.toggled.connect(self._can_mentor_toggled)
        self.left_check = self.add_field("active", QCheckBox("Has left the company"))
        self.left_check.setToolTip(
            "People who left stay in the directory and in past pairs, but are not matched"
        )

        self.mentees_label = QLabel()
        self.mentees_label.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Email:", self.email_edit)
        form.addRow("Employee &id:", self.employee_id_edit)
        form.addRow("&Department:", self.department_edit)
        form.addRow("Job &title:", self.title_edit)
        form.addRow("&Location:", self.location_edit)
        form.addRow("&Manager:", self.manager_box)
        form.addRow("&Skills:", self.skills_editor)
        mentoring = QHBoxLayout()
        mentoring.addWidget(self.can_mentor_check)
        mentoring.addSpacing(12)
        capacity_label = QLabel("&Capacity:")
        capacity_label.setBuddy(self.capacity_spin)
        mentoring.addWidget(capacity_label)
        mentoring.addWidget(self.capacity_spin)
        mentoring.addStretch(1)
        form.addRow("Mentoring:", mentoring)
        form.addRow("", self.mentees_label)
        form.addRow("Status:", self.left_check)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _fill(self) -> None:
        details = self._details
        if details is None:
            self.capacity_spin.setValue(0)
            self._can_mentor_toggled(False)
            self.mentees_label.hide()
            self.name_edit.setFocus()
            return
        self.name_edit.setText(details.name)
        self.email_edit.setText(details.email or "")
        self.employee_id_edit.setText(details.employee_id or "")
        self.department_edit.setText(details.department or "")
        self.title_edit.setText(details.title or "")
        self.location_edit.setText(details.location or "")
        index = self.manager_box.findData(details.manager_id)
        if index < 0 and details.manager_id is not None:
            # Not in the list we were given (added meanwhile): offer it anyway.
            self.manager_box.addItem(details.manager_name or "", details.manager_id)
            index = self.manager_box.count() - 1
        self.manager_box.setCurrentIndex(max(index, 0))
        self.skills_editor.set_tags(details.skills)
        self.can_mentor_check.setChecked(details.can_mentor)
        self.capacity_spin.setValue(details.capacity)
        self._can_mentor_toggled(details.can_mentor)
        self.left_check.setChecked(not details.active)
        if details.active_mentees:
            noun = "pair" if details.active_mentees == 1 else "pairs"
            self.mentees_label.setText(f"Mentor in {details.active_mentees} active {noun} now.")
        else:
            self.mentees_label.hide()

    def _can_mentor_toggled(self, checked: bool) -> None:
        self.capacity_spin.setEnabled(checked)
        if checked and self.capacity_spin.value() == 0:
            self.capacity_spin.setValue(people.DEFAULT_MENTOR_CAPACITY)

    # -- values ------------------------------------------------------------------------------
    @property
    def manager_id(self) -> int | None:
        """The chosen manager, or None; a typed name that matches no one counts as none."""
        text = self.manager_box.currentText().strip()
        index = self.manager_box.findText(text, Qt.MatchFlag.MatchFixedString)
        if not text or text == NO_MANAGER:
            return None
        if index < 0:
            return -1  # typed something that is nobody: refused in save()
        return self.manager_box.itemData(index)

    @property
    def fields(self) -> PersonFields:
        """What the form holds, as the service takes it."""
        manager_id = self.manager_id
        return PersonFields(
            name=self.name_edit.text(),
            email=self.email_edit.text() or None,
            employee_id=self.employee_id_edit.text() or None,
            department=self.department_edit.text() or None,
            title=self.title_edit.text() or None,
            manager_id=manager_id if manager_id != -1 else None,
            location=self.location_edit.text() or None,
            skills=tuple(self.skills_editor.tags),
            can_mentor=self.can_mentor_check.isChecked(),
            capacity=self.capacity_spin.value() if self.can_mentor_check.isChecked() else 0,
            active=not self.left_check.isChecked(),
        )

    @property
    def original(self) -> PersonDetails | None:
        """The person as the form was opened (None for someone new)."""
        return self._details

    @property
    def person(self) -> PersonDetails | None:
        """The person as saved (after the dialog was accepted)."""
        return self._saved

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        if self.manager_id == -1:
            raise FieldProblem(
                "manager",
                f"Nobody in the directory is called “{self.manager_box.currentText().strip()}”; "
                "choose the manager from the list.",
            )
        fields = self.fields
        with self.context.transaction() as session:
            if self._details is None:
                saved = people.add_person(session, fields)
            else:
                saved = people.update_person(
                    session, self._details.id, fields, expected_version=self._details.version
                )
        # No notice to the views here: the People view records the change for Undo,
        # which tells them once.
        self._saved = saved
