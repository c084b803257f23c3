"""The match assistant: choose a mentee, see who could mentor them and why, pair them.

Proposed mentors come from ``matching.suggest_mentors_for`` (DOMAIN.md,
"Matching"): never the mentee, never someone in either's management chain,
only people who can mentor and have a place left; ranked by shared skills and
interests, another department preferred. The excluded candidates are listed
too, each with why not, so the coordinator sees the whole picture.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.matching import Suggestion
from mentordesk.domain.vocabularies import MentorshipModel, PairStatus
from mentordesk.errors import FieldProblem
from mentordesk.services.matching import suggest_mentors_for
from mentordesk.services.roster import create_pair
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.pair_dialog import NEW_STATUSES, mentee_choices, program_choices
from mentordesk.ui.errors import show_error
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.person_picker import PersonPicker

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class MatchAssistant(FormDialog):
    """Proposes mentors for a mentee; accept creates the pair with the chosen one.

    After accept, ``pair_id`` is the new pair and ``description`` names it.
    """

    field_aliases: ClassVar[dict[str, str]] = {"mentor_id": "mentor", "mentee_id": "mentee"}

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, mentee_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pair_id: int | None = None
        self.description = ""
        #: The arguments ``create_pair`` was given, once the pair is saved.
        self.creation: dict[str, Any] = {}
        self.suggestions: list[Suggestion] = []
        self.setWindowTitle("Find a mentor")
        with context.transaction() as session:
            self.programs = program_choices(session)
            mentees = mentee_choices(session)

        self.program_box = self.add_field("program", QComboBox())
        for program in self.programs:
            self.program_box.addItem(program.name, program.id)
        index = self.program_box.findData(context.program_id)
        self.program_box.setCurrentIndex(max(index, 0))
        self.mentee = self.add_field("mentee", PersonPicker(placeholder="Type the mentee's name…"))
        self.mentee.set_people(mentees)

        self.proposed = QTreeWidget()
        self.proposed.setObjectName("proposedMentors")
        # The department tells two people of the same name apart.
        self.proposed.setHeaderLabels(["Match", "Mentor", "Department", "Why"])
        self.proposed.setRootIsDecorated(False)
        self.proposed.setAlternatingRowColors(True)
        self.proposed.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.proposed.setWordWrap(True)
        self.proposed.setUniformRowHeights(False)
        self.add_field("mentor", self.proposed)
        self.excluded = QTreeWidget()
        self.excluded.setObjectName("excludedMentors")
        self.excluded.setHeaderLabels(["Match", "Candidate", "Department", "Why not"])
        self.excluded.setRootIsDecorated(False)
        self.excluded.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.excluded.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.excluded.setWordWrap(True)
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        self._muted = QBrush(muted)
        for tree in (self.proposed, self.excluded):
            header = tree.header()
            header.setStretchLastSection(True)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            header.resizeSection(1, 170)
            header.resizeSection(2, 130)
        self.proposed_title = QLabel("<b>Proposed mentors</b>")
        self.why = QLabel()
        self.why.setObjectName("matchWhy")
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.excluded_title = QLabel("<b>Not possible</b>")

        self.start = self.add_field("start_date", DateField())
        self.start.setMinimumDate(self.start.date().addYears(-30))
        self.model_box = self.add_field("model", QComboBox())
        for model in MentorshipModel:
            self.model_box.addItem(model.label, model)
        self.status_box = self.add_field("status", QComboBox())
        for status in NEW_STATUSES:
            self.status_box.addItem(status.label, status)
        self.status_box.setToolTip("Proposed: a suggestion still to be confirmed with both")

        chooser = QFormLayout()
        chooser.addRow("&Program:", self.program_box)
        chooser.addRow("&Mentee:", self.mentee)
        lists = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.proposed_title)
        top_layout.addWidget(self.proposed)
        top_layout.addWidget(self.why)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.excluded_title)
        bottom_layout.addWidget(self.excluded)
        lists.addWidget(top)
        lists.addWidget(bottom)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        pair_form = QHBoxLayout()
        for text, widget in (
            ("S&tart:", self.start),
            ("M&odel:", self.model_box),
            ("&Status:", self.status_box),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            pair_form.addWidget(label)
            pair_form.addWidget(widget)
        pair_form.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.create_button.setText("Create pair")
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose a mentee to see who could mentor them: the best matches first, with why; "
            "below, the candidates who cannot, with why not."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.problem_label)
        layout.addLayout(chooser)
        layout.addWidget(lists, 1)
        layout.addLayout(pair_form)
        layout.addWidget(buttons)

        self.mentee.person_chosen.connect(self._mentee_chosen)
        self.program_box.currentIndexChanged.connect(self._program_changed)
        self.proposed.currentItemChanged.connect(self._update_button)
        self.proposed.itemDoubleClicked.connect(lambda *_: self.accept())
        self._program_changed()
        if mentee_id is not None:
            self.mentee.set_person(mentee_id)
        self._update_button()
        self.resize(820, 640)
        self.remember_values()
        self.mentee.setFocus()

    # -- values ---------------------------------------------------------------------------------

    @property
    def program_id(self) -> int | None:
        return self.program_box.currentData()

    @property
    def mentee_id(self) -> int | None:
        return self.mentee.person_id

    @property
    def mentor_id(self) -> int | None:
        item = self.proposed.currentItem()
        return int(item.data(0, PERSON_ROLE)) if item is not None else None

    @property
    def start_date(self) -> date:
        return self.start.value

    # -- behaviour --------------------------------------------------------------------------------

    def _program_changed(self) -> None:
        program = next((p for p in self.programs if p.id == self.program_id), None)
        if program is not None:
            self.model_box.setCurrentIndex(list(MentorshipModel).index(program.default_model))
        self._mentee_chosen(self.mentee_id)

    def _mentee_chosen(self, mentee_id: int | None) -> None:
        self.proposed.clear()
        self.excluded.clear()
        self.suggestions = []
        if mentee_id is None or self.program_id is None:
            self.proposed_title.setText("<b>Proposed mentors</b> — choose a mentee first")
            self.excluded_title.setText("<b>Not possible</b>")
            self._update_button()
            return
        try:
            self.suggestions = self.context.call(suggest_mentors_for, mentee_id, self.program_id)
        except Exception as error:  # a database problem: say so, keep the dialog open
            show_error(self, error)
            return
        eligible = [s for s in self.suggestions if s.eligible]
        excluded = [s for s in self.suggestions if not s.eligible]
        for suggestion in eligible:
            item = QTreeWidgetItem(
                [
                    f"{suggestion.score:.2f}",
                    suggestion.name,
                    suggestion.department or "—",
                    " ".join(suggestion.reasons) or "—",
                ]
            )
            item.setData(0, PERSON_ROLE, suggestion.person_id)
            item.setToolTip(3, "\n".join(suggestion.reasons))
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.proposed.addTopLevelItem(item)
        for suggestion in excluded:
            item = QTreeWidgetItem(
                [
                    f"{suggestion.score:.2f}",
                    suggestion.name,
                    suggestion.department or "—",
                    suggestion.excluded or "",
                ]
            )
            item.setToolTip(3, suggestion.excluded or "")
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column in range(4):
                item.setForeground(column, self._muted)
            self.excluded.addTopLevelItem(item)
        self.proposed_title.setText(
            f"<b>Proposed mentors</b> — {len(eligible)}, best match first"
            if eligible
            else "<b>Proposed mentors</b> — nobody can mentor this person now; see below why"
        )
        self.excluded_title.setText(f"<b>Not possible</b> — {len(excluded)}")
        if eligible:
            self.proposed.setCurrentItem(self.proposed.topLevelItem(0))
        self._update_button()

    def _update_button(self, *_args: object) -> None:
        item = self.proposed.currentItem()
        if item is None:
            self.create_button.setText("Create pair")
            self.create_button.setEnabled(False)
            self.why.clear()
            return
        chosen = next(
            (s for s in self.suggestions if s.person_id == item.data(0, PERSON_ROLE)), None
        )
        if chosen is not None:
            reasons = "".join(f"<li>{reason}</li>" for reason in chosen.reasons)
            self.why.setText(
                f"Why <b>{chosen.name}</b>"
                f"{f' ({chosen.department})' if chosen.department else ''}"
                f" (match {chosen.score:.2f}):"
                f"<ul style='margin:0'>{reasons}</ul>"
            )
        self.create_button.setEnabled(True)
        self.create_button.setText(f"Pair with {item.text(1)}")

    def save(self) -> None:
        if self.program_id is None:
            raise FieldProblem("program", "Create a program first (File → New program).")
        if self.mentee_id is None:
            raise FieldProblem("mentee", "Choose the mentee from the list (type part of a name).")
        if self.mentor_id is None:
            raise FieldProblem("mentor", "Choose one of the proposed mentors.")
        status = PairStatus(self.status_box.currentData())
        # Kept, so that Redo after an Undo can create the same pair again.
        self.creation = {
            "program_id": self.program_id,
            "mentor_id": self.mentor_id,
            "mentee_id": self.mentee_id,
            "start_date": self.start_date,
            "model": MentorshipModel(self.model_box.currentData()),
            "status": status,
        }
        with self.context.transaction() as session:
            saved = create_pair(session, **self.creation)
        self.pair_id = saved.id
        self.description = f"{saved.mentor.name} – {saved.mentee.name}"
