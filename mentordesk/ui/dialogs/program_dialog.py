"""The program form: name, dates, default model, check-in cadence, trust thresholds, the
survey schedule, plan.

The second tab holds the program's plan to sustain trust under the five
proactive-step headings (DOMAIN.md).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.questionnaire import RATING_MAX, RATING_MIN
from mentordesk.domain.scoring import DEFAULT_THRESHOLDS
from mentordesk.domain.surveys import DEFAULT_SCHEDULE, MAX_SCHEDULE_DAYS, MIN_SCHEDULE_DAYS
from mentordesk.domain.vocabularies import MentorshipModel, ProactiveStep
from mentordesk.services.programs import (
    DEFAULT_CADENCE_DAYS,
    ProgramDetails,
    ProgramFields,
    create_program,
    get_program,
    program_plan,
    set_program_plan,
    update_program,
)
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField, OptionalDateField
from mentordesk.ui.widgets.form_dialog import FormDialog

PLAN_HINTS = {
    ProactiveStep.COMMUNICATION: "How and how often pairs and the coordinator keep in touch",
    ProactiveStep.CONFLICT_RESOLUTION: "What happens when trust is breached or a pair disagrees",
    ProactiveStep.CHANGE_MANAGEMENT: "How pairs are supported through reorganisations and moves",
    ProactiveStep.SUPPORT: "Encouragement, recognition, help when things are hard",
    ProactiveStep.RESPECT: "Respecting differences, boundaries and each other's time",
}


class ProgramDialog(FormDialog):
    """A new program (``program_id`` None) or its settings; ``program_id`` after accept."""

    field_aliases: ClassVar[dict[str, str]] = {
        "end": "end_date",
        "start": "start_date",
        "high": "threshold_high",
    }

    def __init__(
        self, context: AppContext, program_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.program_id = program_id
        self.details: ProgramDetails | None = None
        plan = {}
        if program_id is not None:
            with context.transaction() as session:
                self.details = get_program(session, program_id)
                plan = {item.heading: item.text for item in program_plan(session, program_id)}
        self.setWindowTitle("Program settings" if program_id else "New program")

        self.name = self.add_field("name", QLineEdit())
        self.name.setPlaceholderText("e.g. Engineering mentoring 2027")
        self.description = self.add_field("description", QPlainTextEdit())
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What the program is for, who takes part")
        self.description.setFixedHeight(self.fontMetrics().height() * 4)
        self.start = self.add_field("start_date", DateField())
        self.start.setMinimumDate(self.start.date().addYears(-30))
        self.end = self.add_field("end_date", OptionalDateField(unset_text="open-ended"))
        self.model_box = self.add_field("default_model", QComboBox())
        for model in MentorshipModel:
            self.model_box.addItem(model.label, model)
        self.cadence = self.add_field("cadence_days", QSpinBox())
        self.cadence.setRange(1, 365)
        self.cadence.setSuffix(" days")
        self.cadence.setValue(DEFAULT_CADENCE_DAYS)
        self.high = self.add_field("threshold_high", QDoubleSpinBox())
        self.medium = self.add_field("threshold_medium", QDoubleSpinBox())
        for box, value in (
            (self.high, DEFAULT_THRESHOLDS.high),
            (self.medium, DEFAULT_THRESHOLDS.medium),
        ):
            box.setRange(RATING_MIN, RATING_MAX)
            box.setDecimals(2)
            box.setSingleStep(0.25)
            box.setValue(value)
        self.survey_first = self.add_field("survey_first_days", QSpinBox())
        self.survey_every = self.add_field("survey_every_days", QSpinBox())
        for box, value in (
            (self.survey_first, DEFAULT_SCHEDULE.first_after),
            (self.survey_every, DEFAULT_SCHEDULE.every),
        ):
            box.setRange(MIN_SCHEDULE_DAYS, MAX_SCHEDULE_DAYS)
            box.setSuffix(" days")
            box.setValue(value)
        self.survey_first.setPrefix("after ")
        self.survey_first.setToolTip("A pair's first check-up survey, counted from its start")
        self.survey_every.setToolTip("The check-up surveys that follow, until the planned end")
        self.survey_closing = self.add_field(
            "survey_closing", QCheckBox("A closing survey at each pair's planned end")
        )
        self.survey_closing.setChecked(DEFAULT_SCHEDULE.closing)
        self.high.setToolTip("A trust score at or above this is high")
        self.medium.setToolTip("A trust score at or above this (and below high) is medium")
        if self.details is not None:
            d = self.details
            self.name.setText(d.name)
            self.description.setPlainText(d.description)
            self.start.set_value(d.start_date)
            self.end.set_value(d.end_date)
            self.model_box.setCurrentIndex(list(MentorshipModel).index(d.default_model))
            self.cadence.setValue(d.cadence_days)
            self.high.setValue(d.thresholds.high)
            self.medium.setValue(d.thresholds.medium)
            self.survey_first.setValue(d.survey_schedule.first_after)
            self.survey_every.setValue(d.survey_schedule.every)
            self.survey_closing.setChecked(d.survey_schedule.closing)

        settings = QWidget()
        form = QFormLayout(settings)
        form.addRow("&Name:", self.name)
        form.addRow("&Description:", self.description)
        form.addRow("&Starts:", self.start)
        form.addRow("&Ends:", self.end)
        form.addRow("Default &model:", self.model_box)
        form.addRow("&Check-in every:", self.cadence)
        form.addRow("&High trust from:", self.high)
        form.addRow("M&edium trust from:", self.medium)
        note = QLabel("Below the medium threshold, trust is low.")
        note.setEnabled(False)
        form.addRow("", note)
        form.addRow("First check-up &survey:", self.survey_first)
        form.addRow("Then a check-up e&very:", self.survey_every)
        form.addRow("", self.survey_closing)
        schedule_note = QLabel(
            "The survey schedule marks pairs as due in the Surveys window and proposes rounds."
        )
        schedule_note.setEnabled(False)
        schedule_note.setWordWrap(True)
        form.addRow("", schedule_note)

        self.plan: dict[ProactiveStep, QPlainTextEdit] = {}
        plan_page = QWidget()
        plan_form = QFormLayout(plan_page)
        plan_form.addRow(QLabel("The program's plan to sustain trust, under five headings."))
        for step in ProactiveStep:
            edit = QPlainTextEdit(plan.get(step, ""))
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(PLAN_HINTS[step])
            edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
            self.add_field(step.value, edit)
            self.plan[step] = edit
            plan_form.addRow(f"{step.label}:", edit)

        self.tabs = QTabWidget()
        self.tabs.addTab(settings, "Settings")
        self.tabs.addTab(plan_page, "Plan to sustain trust")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Save" if program_id else "Create program")
        save.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(560, 0)
        self.remember_values()
        self.name.setFocus()

    def point_at(self, field: str | None, message: str) -> None:
        # Show the tab that holds the field before the form marks it.
        name = self.field_aliases.get(field or "", field or "")
        in_plan = name in {step.value for step in ProactiveStep}
        self.tabs.setCurrentIndex(1 if in_plan else 0)
        super().point_at(field, message)

    @property
    def fields(self) -> ProgramFields:
        return ProgramFields(
            name=self.name.text(),
            start_date=self.start.value,
            end_date=self.end.value,
            description=self.description.toPlainText().strip(),
            default_model=MentorshipModel(self.model_box.currentData()),
            cadence_days=self.cadence.value(),
            threshold_high=round(self.high.value(), 2),
            threshold_medium=round(self.medium.value(), 2),
            survey_first_days=self.survey_first.value(),
            survey_every_days=self.survey_every.value(),
            survey_closing=self.survey_closing.isChecked(),
        )

    @property
    def start_date(self) -> date:
        return self.start.value

    def save(self) -> None:
        plan = {step: edit.toPlainText().strip() for step, edit in self.plan.items()}
        with self.context.transaction() as session:
            if self.details is None:
                saved = create_program(session, self.fields)
            else:
                saved = update_program(
                    session, self.details.id, self.fields, expected_version=self.details.version
                )
            set_program_plan(session, saved.id, plan)
        self.details = saved
        self.program_id = saved.id
