"""The pair form: a new pair (mentor, mentee, model, start…) or an edit of one.

A new pair's mentor is chosen among the people who can mentor (with how many
places they have left), its mentee among everyone still with the company. An
edit changes the model, status, dates, cadence and expectations; the two people
of a pair never change (end it and pair them anew instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from mentordesk.domain.vocabularies import MentorshipModel, PairStatus
from mentordesk.services.common import ENDED_STATUSES
from mentordesk.services.people import directory
from mentordesk.services.roster import (
    PairDetails,
    PairFields,
    create_pair,
    pair_details,
    update_pair,
)
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField, OptionalDateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form
from mentordesk.ui.widgets.next_steps import NextSteps, Step, empty_program_steps
from mentordesk.ui.widgets.person_picker import PersonChoice, PersonPicker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Statuses the form offers: ending a pair goes through End pair (with its reason).
NEW_STATUSES = (PairStatus.ACTIVE, PairStatus.PROPOSED)
EDIT_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE, PairStatus.PAUSED)


@dataclass(frozen=True)
class ProgramChoice:
    """A program the form can put the pair in, with the defaults a new pair takes."""

    id: int
    name: str
    default_model: MentorshipModel
    cadence_days: int


def program_choices(session: Session) -> list[ProgramChoice]:
    """Every program, by name, with its default model and check-in cadence."""
    from mentordesk.services.programs import list_programs

    return [
        ProgramChoice(row.id, row.name, MentorshipModel(row.default_model), row.cadence_days)
        for row in list_programs(session)
    ]


def mentor_choices(session: Session) -> list[PersonChoice]:
    """People who can mentor and are still with the company, with their places taken
    (proposed and active pairs both take one, as the pairing rules count them)."""
    from mentordesk.services.matching import places_taken

    taken = places_taken(session)
    choices = []
    for person in directory(session, include_left=False, can_mentor=True):
        places = f"{taken.get(person.id, 0)} of {person.capacity} places taken"
        detail = " · ".join(part for part in (person.department, places) if part)
        choices.append(PersonChoice(person.id, person.name, detail))
    return choices


def mentee_choices(session: Session) -> list[PersonChoice]:
    """Everyone still with the company, with their department and title."""
    return [
        PersonChoice(
            person.id,
            person.name,
            " · ".join(part for part in (person.department, person.title) if part),
        )
        for person in directory(session, include_left=False)
    ]


class PairDialog(FormDialog):
    """New pair (``pair_id`` None) or edit; ``pair_id`` and ``description`` after accept."""

    field_aliases: ClassVar[dict[str, str]] = {
        "mentor_id": "mentor",
        "mentee_id": "mentee",
        "program_id": "program",
    }

    def __init__(
        self,
        context: AppContext,
        pair_id: int | None = None,
        parent: QWidget | None = None,
        *,
        mentee_id: int | None = None,
        mentor_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pair_id = pair_id
        self.details: PairDetails | None = None
        self.description = ""
        #: The arguments ``create_pair`` was given, once a new pair is saved.
        self.creation: dict[str, Any] = {}
        editing = pair_id is not None
        with context.transaction() as session:
            self.programs = program_choices(session)
            if editing:
                self.details = pair_details(session, pair_id)
            else:
                mentors = mentor_choices(session)
                mentees = mentee_choices(session)
        self.setWindowTitle("Edit pair" if editing else "New pair")

        self.program_box = self.add_field("program", QComboBox())
        for program in self.programs:
            self.program_box.addItem(program.name, program.id)
        self.mentor = self.add_field("mentor", PersonPicker(placeholder="Type the mentor's name…"))
        self.mentee = self.add_field("mentee", PersonPicker(placeholder="Type the mentee's name…"))
        self.model_box = self.add_field("model", QComboBox())
        for model in MentorshipModel:
            self.model_box.addItem(model.label, model)
            self.model_box.setItemData(
                self.model_box.count() - 1,
                f"Trust is built through {model.how_trust_is_built}",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.status_box = self.add_field("status", QComboBox())
        self.start = self.add_field("start_date", DateField())
        self.start.setMinimumDate(self.start.date().addYears(-30))
        self.planned_end = self.add_field("planned_end", OptionalDateField(unset_text="open-ended"))
        self.cadence = self.add_field("cadence_days", QSpinBox())
        self.cadence.setRange(0, 365)
        self.cadence.setSuffix(" days")
        self.cadence.setToolTip("How often the pair should check in; 0 follows the program")
        self.expectations = self.add_field("expectations", QPlainTextEdit())
        self.expectations.setTabChangesFocus(True)
        self.expectations.setPlaceholderText(
            "What the two agreed to expect of each other: goals, how often they meet, roles"
        )
        self.expectations.setFixedHeight(self.fontMetrics().height() * 5)
        # A mentor in the mentee's management chain (either way): say how, ask for the
        # written disclosure that is logged as a conflict of interest (domain.pairs).
        self.chain_warning = QLabel()
        self.chain_warning.setObjectName("chainWarning")
        self.chain_warning.setWordWrap(True)
        self.chain_warning.setTextFormat(Qt.TextFormat.RichText)
        self.disclosure = self.add_field("disclosure", QPlainTextEdit())
        self.disclosure.setTabChangesFocus(True)
        self.disclosure.setPlaceholderText(
            "The written disclosure: how the conflict of interest is handled, who agreed"
        )
        self.disclosure.setFixedHeight(self.fontMetrics().height() * 4)
        self.chain_box = QWidget()
        chain_layout = QVBoxLayout(self.chain_box)
        chain_layout.setContentsMargins(0, 0, 0, 0)
        chain_layout.addWidget(self.chain_warning)
        chain_layout.addWidget(self.disclosure)
        self.chain_box.hide()
        #: The management-chain sentence, when the two are in one chain.
        self.chain: str | None = None
        self._disclosed = False

        rows: list[tuple[str, QWidget]] = []
        if editing and self.details is not None:
            details = self.details
            self.program_box.setCurrentIndex(self.program_box.findData(details.program_id))
            self.program_box.setEnabled(False)
            people = QLabel(f"<b>{details.mentor.name}</b> mentoring <b>{details.mentee.name}</b>")
            rows.append(("", people))
            statuses = EDIT_STATUSES
            if details.status in ENDED_STATUSES:
                statuses = (details.status, *EDIT_STATUSES)
            for status in statuses:
                self.status_box.addItem(status.label, status)
            self.status_box.setCurrentIndex(self.status_box.findData(details.status))
            self.model_box.setCurrentIndex(list(MentorshipModel).index(details.model))
            self.start.set_value(details.start_date)
            self.planned_end.set_value(details.planned_end)
            self.cadence.setValue(details.cadence_days or 0)
            self.expectations.setPlainText(details.expectations)
            self.description = f"{details.mentor.name} – {details.mentee.name}"
            self._show_program_cadence(details.program_cadence_days)
            rows += [("&Program:", self.program_box)]
        else:
            self.mentor.set_people(mentors)
            self.mentee.set_people(mentees)
            self.mentor.set_person(mentor_id)
            self.mentee.set_person(mentee_id)
            for status in NEW_STATUSES:
                self.status_box.addItem(status.label, status)
            self.status_box.setToolTip("Proposed: a suggestion still to be confirmed with both")
            chosen = context.program_id
            index = self.program_box.findData(chosen) if chosen is not None else 0
            self.program_box.setCurrentIndex(max(index, 0))
            self.program_box.currentIndexChanged.connect(self._program_changed)
            self._program_changed()
            rows += [
                ("&Program:", self.program_box),
                ("M&entor:", self.mentor),
                ("Me&ntee:", self.mentee),
            ]
        rows += [
            ("&Model:", self.model_box),
            ("&Status:", self.status_box),
            ("S&tart:", self.start),
            ("Planned &end:", self.planned_end),
            ("&Check-in every:", self.cadence),
            ("E&xpectations:", self.expectations),
            ("", self.chain_box),
        ]
        #: A next step the coordinator chose from the form (nobody to pair yet), else None.
        self.next_step: str | None = None
        intro = (
            ""
            if editing
            else "Pair a mentor with a mentee. To see who fits best, use Find a mentor (Ctrl+M)."
        )
        if not editing and (not mentors or not mentees):
            intro = (
                "There is nobody to pair yet: import the roster from HR or add people first."
                if not mentees
                else "Nobody can mentor yet: tick “can mentor” for the mentors in People."
            )
        self.save_button = build_form(
            self, intro, rows, save_text="Save" if editing else "Create pair"
        )
        if not editing and (not mentors or not mentees):
            self._show_next_steps(len(mentees), len(mentors))
        if editing and self.details is not None:
            self._show_chain(self.details.mentor.id, self.details.mentee.id, self.details.id)
        else:
            self.mentor.person_chosen.connect(lambda _id: self._people_changed())
            self.mentee.person_chosen.connect(lambda _id: self._people_changed())
            self._people_changed()
        self.resize(520, 0)
        self.remember_values()
        (self.model_box if editing else self.mentor).setFocus()

    # -- behaviour ----------------------------------------------------------------------------

    def _show_next_steps(self, people: int, mentors: int) -> None:
        """No one to pair: the steps that lead there, instead of an empty form to fill."""
        steps = NextSteps("")
        steps.heading.hide()
        steps.set_steps([s for s in empty_program_steps(people, mentors, 0) if not s.done])
        if people:  # people without a mentor among them: People is where to tick it
            steps.set_steps(
                [
                    Step(
                        "add_person",
                        "Tick “can mentor” for the mentors",
                        "In People, edit each mentor and tick “can mentor”.",
                        "Go to People…",
                    )
                ]
            )
        steps.step_chosen.connect(self._choose_step)
        self.next_steps = steps
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, steps)
        self.save_button.setEnabled(False)
        self.save_button.setDefault(False)

    def _choose_step(self, key: str) -> None:
        self.next_step = key
        self.reject()

    def _people_changed(self) -> None:
        if self.mentor_id is None or self.mentee_id is None:
            self._show_chain(None, None, None)
        else:
            self._show_chain(self.mentor_id, self.mentee_id, None)

    def _show_chain(
        self, mentor_id: int | None, mentee_id: int | None, pair_id: int | None
    ) -> None:
        """Warn when the two are in one management chain; ask for the disclosure unless the
        pair already has one recorded."""
        from mentordesk.services.roster import chain_between, has_disclosure

        relation = disclosed = None
        if mentor_id is not None and mentee_id is not None:
            with self.context.transaction() as session:
                relation = chain_between(session, mentor_id, mentee_id)
                if relation is not None and pair_id is not None:
                    disclosed = has_disclosure(session, pair_id)
        self.chain, self._disclosed = relation, bool(disclosed)
        if relation is None:
            self.chain_box.hide()
            return
        if disclosed:
            self.chain_warning.setText(
                f"⚠ <b>{relation}.</b> The conflict of interest is disclosed in the conflict "
                "log; the pair stays flagged so it is kept in view."
            )
            self.disclosure.hide()
        else:
            self.chain_warning.setText(
                f"⚠ <b>{relation}.</b> A mentor in the mentee's management chain is a "
                "conflict of interest: write the disclosure below to save. It is logged as a "
                "conflict of interest, and the pair stays flagged."
            )
            self.disclosure.show()
        self.chain_box.show()
        self.fit_height()

    def _program(self) -> ProgramChoice | None:
        program_id = self.program_box.currentData()
        return next((p for p in self.programs if p.id == program_id), None)

    def _program_changed(self) -> None:
        program = self._program()
        if program is None:
            return
        self.model_box.setCurrentIndex(list(MentorshipModel).index(program.default_model))
        self._show_program_cadence(program.cadence_days)

    def _show_program_cadence(self, days: int) -> None:
        self.cadence.setSpecialValueText(f"the program's ({days} days)")

    # -- values ---------------------------------------------------------------------------------

    @property
    def program_id(self) -> int | None:
        return self.program_box.currentData()

    @property
    def mentor_id(self) -> int | None:
        return self.mentor.person_id

    @property
    def mentee_id(self) -> int | None:
        return self.mentee.person_id

    @property
    def model(self) -> MentorshipModel:
        return MentorshipModel(self.model_box.currentData())

    @property
    def status(self) -> PairStatus:
        return PairStatus(self.status_box.currentData())

    @property
    def start_date(self) -> date:
        return self.start.value

    @property
    def cadence_days(self) -> int | None:
        return self.cadence.value() or None

    @property
    def disclosure_text(self) -> str:
        """The written disclosure, when the two are in one chain and none is recorded yet."""
        if self.chain is None or self._disclosed:
            return ""
        return self.disclosure.toPlainText().strip()

    def _check_disclosure(self) -> None:
        from mentordesk.errors import FieldProblem

        if self.chain is not None and not self._disclosed and not self.disclosure_text:
            raise FieldProblem(
                "disclosure",
                f"{self.chain}: write the disclosure of this conflict of interest to save "
                "the pair.",
            )

    def save(self) -> None:
        from mentordesk.errors import FieldProblem

        if self.details is not None:
            fields = PairFields(
                model=self.model,
                status=self.status,
                start_date=self.start_date,
                planned_end=self.planned_end.value,
                expectations=self.expectations.toPlainText(),
                cadence_days=self.cadence_days,
            )
            self._check_disclosure()
            with self.context.transaction() as session:
                saved = update_pair(
                    session,
                    self.details.id,
                    fields,
                    expected_version=self.details.version,
                    disclosure=self.disclosure_text,
                )
            self.details = saved
            return
        if self.program_id is None:
            raise FieldProblem("program", "Create a program first (File → New program).")
        if self.mentor_id is None:
            raise FieldProblem("mentor", "Choose the mentor from the list (type part of a name).")
        if self.mentee_id is None:
            raise FieldProblem("mentee", "Choose the mentee from the list (type part of a name).")
        self._check_disclosure()
        # Kept, so that Redo after an Undo can create the same pair again.
        self.creation = {
            "program_id": self.program_id,
            "mentor_id": self.mentor_id,
            "mentee_id": self.mentee_id,
            "start_date": self.start_date,
            "model": self.model,
            "status": self.status,
            "planned_end": self.planned_end.value,
            "expectations": self.expectations.toPlainText(),
            "cadence_days": self.cadence_days,
            "disclosure": self.disclosure_text,
        }
        with self.context.transaction() as session:
            saved = create_pair(session, **self.creation)
        self.details = saved
        self.pair_id = saved.id
        self.description = f"{saved.mentor.name} – {saved.mentee.name}"
