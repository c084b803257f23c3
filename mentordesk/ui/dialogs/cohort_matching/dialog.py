"""Cohort matching: pair a whole intake, review the plan, publish it as one undo step.

The coordinator chooses the intake (the people waiting for a mentor, people
ticked in a list, or a CSV/XLSX list of emails or employee ids), sets what
matters (the weights, another department only, pairs kept apart), and runs the
plan off the GUI thread: an optimal one, most mentees matched first, then the
highest total score (``domain.cohort``). The table shows each mentee's proposed
mentor and why, or why none. Choosing a line lists the mentors who may take
that mentee, with their scores and places left, to swap one in by hand; a
ticked line is kept when the plan is run again. Publish creates the pairs as
proposed, all or nothing, as one step that Edit → Undo takes back; the plan can
also be exported for sign-off and a signed-off file published.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.cohort import Cohort, CohortPlan
from mentordesk.domain.matching import MAX_WEIGHT, Weights
from mentordesk.errors import MentorDeskError
from mentordesk.services import matching
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.choose_people import ChoosePeopleDialog
from mentordesk.ui.dialogs.cohort_matching.planning import (
    CHOSEN,
    FROM_FILE,
    WAITING,
    Planned,
    plan_cohort,
)
from mentordesk.ui.dialogs.cohort_matching.publishing import PlanPublishing
from mentordesk.ui.dialogs.cohort_matching.review import PlanReview
from mentordesk.ui.dialogs.pair_dialog import mentee_choices, program_choices
from mentordesk.ui.errors import show_error
from mentordesk.ui.icons import icon
from mentordesk.ui.models.base import RowFilterProxy
from mentordesk.ui.models.cohort_model import (
    CohortPlanModel,
    PlanColumn,
)
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.worker import Job, run_in_worker


class CohortMatchingDialog(PlanReview, PlanPublishing, QDialog):
    """The cohort matching window (modeless: Edit → Undo in the main window still works)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("cohortMatching")
        self.setWindowTitle("Match a cohort")
        self.cohort: Cohort | None = None
        self.plan: CohortPlan | None = None
        self.intake: matching.Intake | None = None
        self.locks: dict[int, int] = {}
        self.chosen_ids: list[int] = []
        self.file_references: list[str] = []
        self.keep_apart_references: list[tuple[str, str]] = []
        #: The pair ids of the latest publication (tests and the status line read them).
        self.published: list[int] = []
        self.job: Job[Planned] | None = None
        with context.transaction() as session:
            self.programs = program_choices(session)

        # -- intake -----------------------------------------------------------------------
        self.program_box = QComboBox()
        for program in self.programs:
            self.program_box.addItem(program.name, program.id)
        self.program_box.setCurrentIndex(max(self.program_box.findData(context.program_id), 0))
        self.intake_box = QComboBox()
        self.intake_box.setObjectName("intakeBox")
        self.intake_box.addItem("People waiting for a mentor", WAITING)
        self.intake_box.addItem("People chosen from a list", CHOSEN)
        self.intake_box.addItem("A file of emails or employee ids (CSV, XLSX)", FROM_FILE)
        self.intake_box.setToolTip(
            "Waiting: with the company, not a mentor, never paired in this program"
        )
        self.choose_button = QPushButton("Choose…")
        self.choose_button.clicked.connect(self.choose_intake)
        self.intake_label = QLabel()
        self.intake_label.setObjectName("intakeSummary")
        self.intake_label.setWordWrap(True)

        # -- what matters -----------------------------------------------------------------
        self.weight_boxes: dict[str, QDoubleSpinBox] = {}
        defaults = Weights()
        weights_row = QHBoxLayout()
        for name, text, tip in (
            ("skills", "Shared skills && interests", "Points per shared skill or interest"),
            ("department", "Another department", "Points when the mentor's department differs"),
            ("location", "Same location", "Points when both work in the same place"),
            (
                "model",
                "Suits the model",
                "Peer-to-peer: same level; formal: a more senior mentor; informal: a "
                "shared interest",
            ),
        ):
            box = QDoubleSpinBox()
            box.setObjectName(f"weight_{name}")
            box.setRange(0.0, MAX_WEIGHT)
            box.setSingleStep(0.5)
            box.setDecimals(1)
            box.setValue(getattr(defaults, name))
            box.setToolTip(tip)
            label = QLabel(text)
            label.setBuddy(box)
            weights_row.addWidget(label)
            weights_row.addWidget(box)
            weights_row.addSpacing(12)
            self.weight_boxes[name] = box
        weights_row.addStretch(1)
        self.other_department_only = QCheckBox("Another department only")
        self.keep_apart_button = QPushButton("Pairs to keep apart…")
        self.keep_apart_button.clicked.connect(self.choose_keep_apart)
        self.keep_apart_label = QLabel("none")
        self.run_button = QPushButton(icon("match"), "Plan the pairs")
        self.run_button.setObjectName("runPlan")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_plan)
        rules_row = QHBoxLayout()
        rules_row.addWidget(self.other_department_only)
        rules_row.addSpacing(16)
        rules_row.addWidget(self.keep_apart_button)
        rules_row.addWidget(self.keep_apart_label)
        rules_row.addStretch(1)
        rules_row.addWidget(self.run_button)
        matters = QGroupBox("What matters")
        matters_layout = QVBoxLayout(matters)
        matters_layout.addLayout(weights_row)
        matters_layout.addLayout(rules_row)
        hard = QLabel(
            "Always: never the mentee, never in either's management chain, never above a "
            "mentor's places (proposed and active pairs use them)."
        )
        hard.setWordWrap(True)
        hard.setEnabled(False)
        matters_layout.addWidget(hard)

        # -- review -----------------------------------------------------------------------
        self.model = CohortPlanModel(self)
        self.model.lock_changed.connect(self.set_lock)
        self.proxy: QSortFilterProxyModel = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("cohortPlan")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PlanColumn.LOCK, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(PlanColumn.MENTEE, 170)
        header.resizeSection(PlanColumn.MENTOR, 170)
        header.setSectionResizeMode(PlanColumn.SCORE, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._line_chosen)

        self.candidates_title = QLabel("<b>Other mentors</b> — choose a mentee in the plan")
        self.candidates_title.setWordWrap(True)
        self.candidates = QTreeWidget()
        self.candidates.setObjectName("swapCandidates")
        self.candidates.setHeaderLabels(["Score", "Mentor", "Places left", "Why"])
        self.candidates.setRootIsDecorated(False)
        self.candidates.setAlternatingRowColors(True)
        self.candidates.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.candidates.header().resizeSection(1, 200)
        self.candidates.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.candidates.itemDoubleClicked.connect(lambda *_: self.swap_mentor())
        self.candidates.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.swap_button = QPushButton("Use this mentor")
        self.swap_button.setObjectName("swapMentor")
        self.swap_button.clicked.connect(lambda: self.swap_mentor())
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.candidates_title)
        side_layout.addWidget(self.candidates, 1)
        side_layout.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        self.totals = QLabel("Choose the intake and what matters, then plan the pairs.")
        self.totals.setObjectName("cohortTotals")
        self.lock_button = QPushButton(icon("lock"), "Keep chosen")
        self.lock_button.setToolTip("Keep the chosen pair when the plan is run again")
        self.lock_button.clicked.connect(lambda: self._lock_current(True))
        self.unlock_button = QPushButton(icon("unlock"), "Release")
        self.unlock_button.clicked.connect(lambda: self._lock_current(False))
        self.rerun_button = QPushButton(icon("refresh"), "Run again around kept pairs")
        self.rerun_button.setObjectName("rerunPlan")
        self.rerun_button.clicked.connect(self.run_plan)
        review_row = QHBoxLayout()
        review_row.addWidget(self.totals, 1)
        for button in (self.lock_button, self.unlock_button, self.rerun_button):
            review_row.addWidget(button)

        # -- publish ----------------------------------------------------------------------
        self.start = DateField()
        self.start.set_value(date.today())
        self.export_button = QPushButton(icon("export"), "Export plan…")
        self.export_button.clicked.connect(lambda: self.export_plan())
        self.import_button = QPushButton(icon("import"), "Publish a signed-off plan…")
        self.import_button.clicked.connect(lambda: self.publish_signed_off())
        self.publish_button = QPushButton(icon("check"), "Publish")
        self.publish_button.setObjectName("publishPlan")
        self.publish_button.setToolTip(
            "Create the pairs as proposed, all or nothing (Edit → Undo takes them back)"
        )
        self.publish_button.clicked.connect(self.publish)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        self.status = QLabel()
        self.status.setObjectName("cohortStatus")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        start_label = QLabel("Pairs &start on:")
        start_label.setBuddy(self.start)
        bottom.addWidget(start_label)
        bottom.addWidget(self.start)
        bottom.addStretch(1)
        for button in (self.export_button, self.import_button, self.publish_button, close):
            bottom.addWidget(button)

        intake_form = QFormLayout()
        intake_row = QHBoxLayout()
        intake_row.addWidget(self.intake_box, 1)
        intake_row.addWidget(self.choose_button)
        intake_form.addRow("&Program:", self.program_box)
        mentees_label = QLabel("&Mentees:")
        mentees_label.setBuddy(self.intake_box)
        intake_form.addRow(mentees_label, intake_row)
        intake_form.addRow("", self.intake_label)
        layout = QVBoxLayout(self)
        layout.addLayout(intake_form)
        layout.addWidget(matters)
        layout.addWidget(split, 1)
        layout.addLayout(review_row)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

        self.intake_box.currentIndexChanged.connect(self._intake_changed)
        self.program_box.currentIndexChanged.connect(self._forget_plan)
        self._intake_changed()
        self.resize(1180, 760)

    # -- values -----------------------------------------------------------------------------

    @property
    def program_id(self) -> int | None:
        program_id = self.program_box.currentData()
        return None if program_id is None else int(program_id)

    @property
    def weights(self) -> Weights:
        return Weights(**{name: box.value() for name, box in self.weight_boxes.items()})

    # -- intake -----------------------------------------------------------------------------

    def _intake_changed(self) -> None:
        mode = self.intake_box.currentData()
        self.choose_button.setVisible(mode != WAITING)
        if mode == WAITING:
            self.intake_label.setText("Everyone waiting for a mentor in the program.")
        elif mode == CHOSEN:
            self.intake_label.setText(
                f"{len(self.chosen_ids)} people chosen." if self.chosen_ids else "Choose them…"
            )
        else:
            self.intake_label.setText(
                f"{len(self.file_references)} emails or employee ids read."
                if self.file_references
                else "Choose the file…"
            )
        self._forget_plan()

    def set_chosen(self, person_ids: list[int]) -> None:
        """Use these people as the intake (the list chooser, and tests)."""
        self.chosen_ids = list(person_ids)
        self.intake_box.setCurrentIndex(self.intake_box.findData(CHOSEN))
        self._intake_changed()

    def set_file(self, path: str | Path) -> None:
        """Read the intake from a CSV or XLSX list of emails or employee ids."""
        from mentordesk.importing.cohort_files import read_people_list

        try:
            self.file_references = read_people_list(path)
        except MentorDeskError as error:
            show_error(self, error)
            return
        self.intake_box.setCurrentIndex(self.intake_box.findData(FROM_FILE))
        self._intake_changed()
        self.intake_label.setText(
            f"{len(self.file_references)} emails or employee ids read from {Path(path).name}."
        )

    def choose_intake(self) -> None:
        if self.intake_box.currentData() == CHOSEN:
            with self.context.transaction() as session:
                people = mentee_choices(session)
            chooser = ChoosePeopleDialog(people, set(self.chosen_ids), self)
            if chooser.exec():
                self.set_chosen(chooser.chosen_ids)
            chooser.deleteLater()
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "The mentees to pair", "", "Lists (*.csv *.xlsx);;All files (*)"
        )
        if path:
            self.set_file(path)

    def choose_keep_apart(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Pairs to keep apart", "", "Lists (*.csv *.xlsx);;All files (*)"
        )
        if path:
            self.set_keep_apart(path)

    def set_keep_apart(self, path: str | Path) -> None:
        """Read pairs never to propose (mentee, mentor) from a CSV or XLSX file."""
        from mentordesk.importing.cohort_files import read_keep_apart

        try:
            self.keep_apart_references = read_keep_apart(path)
        except MentorDeskError as error:
            show_error(self, error)
            return
        count = len(self.keep_apart_references)
        self.keep_apart_label.setText(f"{count} pair{'s' if count != 1 else ''}")
        self._forget_plan()

    # -- planning ---------------------------------------------------------------------------

    def run_plan(self) -> None:
        """Plan (again, around the kept pairs) off the GUI thread."""
        program_id = self.program_id
        if program_id is None:
            show_error(self, MentorDeskError("Create a program first (File → New program)."))
            return
        mode = self.intake_box.currentData()
        chosen, references = list(self.chosen_ids), list(self.file_references)
        apart = list(self.keep_apart_references)
        weights, locks = self.weights, dict(self.locks)
        other_only = self.other_department_only.isChecked()
        if mode == CHOSEN and not chosen:
            show_error(self, MentorDeskError("Choose the mentees first (Choose…)."))
            return
        if mode == FROM_FILE and not references:
            show_error(self, MentorDeskError("Choose the file of mentees first (Choose…)."))
            return
        context = self.context

        def work(_progress: object) -> Planned:
            return plan_cohort(
                context,
                program_id,
                mode,
                chosen=chosen,
                references=references,
                apart=apart,
                weights=weights,
                other_only=other_only,
                locks=locks,
            )

        self.run_button.setEnabled(False)
        self.rerun_button.setEnabled(False)
        self.job = run_in_worker(
            self,
            work,
            on_done=self._planned,
            on_error=self._plan_failed,
            title="Planning the pairs",
        )

    def _plan_failed(self, error: BaseException) -> None:
        self._update_buttons()
        show_error(self, error)

    def _planned(self, result: Planned) -> None:
        self.cohort, self.intake = result.cohort, result.intake
        self.locks = {p.mentee_id: p.mentor_id for p in result.plan.pairs if p.locked}
        aside = result.intake.set_aside
        summary = (
            f"{len(result.intake.mentee_ids)} mentees to pair · {result.mentors} mentors "
            f"with {result.places} places left"
        )
        if aside:
            summary += f" · {len(aside)} set aside"
            self.intake_label.setToolTip("\n".join(aside))
        self.intake_label.setText(summary + ".")
        self.status.clear()
        self._show_plan(result.plan)

    def _forget_plan(self) -> None:
        self.cohort = None
        self.plan = None
        self.locks = {}
        self.model.set_rows([])
        self.candidates.clear()
        self.totals.setText("Choose the intake and what matters, then plan the pairs.")
        self._update_buttons()


def open_cohort_matching(context: AppContext, parent: QWidget | None) -> CohortMatchingDialog:
    """Show the cohort matching window (modeless) and return it."""
    dialog = CohortMatchingDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
