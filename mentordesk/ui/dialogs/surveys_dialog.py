"""Survey rounds in the window: plan a round, make its forms, collect them back, follow up.

The Surveys window lists the rounds with their response rates and, for the chosen
round, who has answered; a second tab lists the pairs whose next survey is due.
Returned forms are collected by choosing files or a folder, or by dropping them
on the window: every file is read and checked, shown as a row (who, pair, round,
complete or which statements are missing, problem), then imported all or nothing,
or the valid rows alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import MentorshipModel, SurveyKind, SurveyRespondents
from mentordesk.errors import MentorDeskError
from mentordesk.services import surveys
from mentordesk.services.programs import get_program, list_programs
from mentordesk.services.surveys import FormSpec, Review, RoundSummary
from mentordesk.surveys.reading import CollectProblem, gather, read_form
from mentordesk.surveys.sending import write_round_folder
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.proposed_rounds_dialog import ProposedRoundsDialog
from mentordesk.ui.formatting import short_date
from mentordesk.ui.settings import report_paper
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR, FormDialog

REMINDER_SUBJECT = "Reminder — {round}: your mentoring survey, by {due}"
REMINDER_BODY = (
    "Dear {name},\n\n"
    "A gentle reminder: your answers about your mentoring with {other} are due by {due}. "
    "The form is attached again: open it in any PDF reader, tick one answer per statement, "
    "save it and send it back to me. On paper works too (its code is {code}).\n\n"
    "Thank you!\n"
)


def _rate(summary: RoundSummary) -> str:
    rate = summary.response_rate
    return "—" if rate is None else f"{rate * 100:.0f} %"


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """The local files and folders carried by a drag."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class PlanRoundDialog(FormDialog):
    """Plan a round: program, name, kind, dates, who answers and which pairs."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        pair_ids: Sequence[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pair_ids = list(pair_ids) if pair_ids else None
        self.summary: RoundSummary | None = None
        self.setWindowTitle("Plan a survey round")
        programs = context.call(list_programs)
        self.program = self.add_field("program", QComboBox())
        for program in programs:
            self.program.addItem(program.name, program.id)
        if context.program_id is not None:
            self.program.setCurrentIndex(max(0, self.program.findData(context.program_id)))
        self.name = self.add_field("name", QLineEdit())
        self.name.setPlaceholderText("e.g. March check-up")
        self.kind = self.add_field("kind", QComboBox())
        for kind in SurveyKind:
            self.kind.addItem(kind.label, kind.value)
        self.opens = self.add_field("opens_on", DateField(date.today()))
        self.due = self.add_field("due_on", DateField(date.today() + timedelta(days=14)))
        self.respondents = self.add_field("respondents", QComboBox())
        for who in SurveyRespondents:
            self.respondents.addItem(who.label, who.value)
        self.pairs = self.add_field("pairs", QComboBox())
        if self.pair_ids:
            self.pairs.addItem(f"The {len(self.pair_ids)} pairs chosen", "chosen")
        self.pairs.addItem("All active pairs", None)
        for model in MentorshipModel:
            self.pairs.addItem(f"Active {model.label.lower()} pairs", model.value)
        form = QFormLayout()
        form.addRow("&Program:", self.program)
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Opens on:", self.opens)
        form.addRow("&Due on:", self.due)
        form.addRow("&Who answers:", self.respondents)
        form.addRow("P&airs:", self.pairs)
        note = QLabel(
            "A closing round also asks, per goal of the pair, achieved / partly / not, how "
            "likely they are to recommend the program (0–10), and what to keep and change."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Plan round")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        self.remember_values()

    def save(self) -> None:
        if self.program.currentData() is None:
            raise MentorDeskError("Create a program first: a round belongs to a program.")
        choice = self.pairs.currentData()
        with self.context.transaction() as session:
            self.summary = surveys.plan_round(
                session,
                int(self.program.currentData()),
                name=self.name.text(),
                kind=str(self.kind.currentData()),
                opens_on=self.opens.value,
                due_on=self.due.value,
                respondents=str(self.respondents.currentData()),
                model=choice if choice not in (None, "chosen") else None,
                pair_ids=self.pair_ids if choice == "chosen" else None,
            )


class SendDialog(QDialog):
    """Make a round's forms (or reminders) into a folder, with e-mail drafts if wished."""

    def __init__(
        self,
        context: AppContext,
        summary: RoundSummary,
        parent: QWidget | None = None,
        *,
        reminders: bool = False,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = summary
        self.reminders = reminders
        self.result_text = ""
        what = "reminders" if reminders else "forms"
        self.setWindowTitle(f"Make the {what} of {summary.name}")
        self.folder = QLineEdit(str(Path.home() / "MentorDesk surveys" / summary.name))
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.drafts = QCheckBox("Also write one e-mail draft (.eml, the form attached) per person")
        self.drafts.setChecked(True)
        self.subject = QLineEdit(REMINDER_SUBJECT if reminders else summary.mail_subject)
        self.body = QPlainTextEdit(REMINDER_BODY if reminders else summary.mail_body)
        self.body.setTabChangesFocus(True)
        hint = QLabel(
            "{name}, {other}, {round}, {due}, {program} and {code} are filled in per person. "
            "MentorDesk sends nothing: open the drafts in your mail program to send them."
        )
        hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Folder:", folder_row)
        form.addRow("", self.drafts)
        form.addRow("&Subject:", self.subject)
        form.addRow("&Message:", self.body)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"&Make {what}")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the forms", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            if not self.folder.text().strip():
                raise MentorDeskError("Choose a folder for the forms.")
            if folder.exists() and not folder.is_dir():
                raise MentorDeskError(f"{folder} is a file; choose a folder.")
            with self.context.transaction() as session:
                if not self.reminders:
                    surveys.set_mail_template(
                        session, self.summary.id, self.subject.text(), self.body.toPlainText()
                    )
                specs: list[FormSpec] = surveys.form_specs(session, self.summary.id)
            if self.reminders:
                specs = [spec for spec in specs if spec.state.value == "pending"]
                if not specs:
                    raise MentorDeskError("Everyone asked has answered or refused: no reminder.")
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                sent = write_round_folder(
                    specs, folder, drafts=self.drafts.isChecked(),
                    subject=self.subject.text(), body=self.body.toPlainText(),
                    paper=report_paper(self.context.settings),
                )
            finally:
                QGuiApplication.restoreOverrideCursor()
        except (MentorDeskError, OSError) as error:
            text = str(error) if isinstance(error, MentorDeskError) else (
                f"The forms cannot be written to {folder}: {error.strerror or error}."
            )
            self.problem.setText(text)
            self.problem.show()
            return
        drafts = f" and {len(sent.drafts)} e-mail drafts" if self.drafts.isChecked() else ""
        self.result_text = f"{len(sent.forms)} forms{drafts} written to {folder}."
        super().accept()


class CollectDialog(QDialog):
    """Returned forms read and checked, one row each; then import all, or the valid ones."""

    COLUMNS = ("File", "Status", "Who", "Pair", "Round", "Answers")
    #: Refused files first (what needs the coordinator), then those to import.
    ORDER: ClassVar[dict[str, int]] = {
        "refused": 0, "new": 1, "replaces": 1, "older": 2, "same": 3, "empty": 4,
    }

    def __init__(
        self, context: AppContext, paths: Sequence[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.paths = list(paths)
        self.reviews: list[Review] = []
        self.imported = 0
        self.setWindowTitle("Collect returned forms")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = _table(self.COLUMNS)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 230)
        header.resizeSection(1, 400)
        header.resizeSection(3, 230)
        self.keep = QComboBox()
        self.keep.addItem("keep the later answer", "later")
        self.keep.addItem("keep the answer in these files", "new")
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("When a person's answer was collected before:"))
        keep_row.addWidget(self.keep)
        keep_row.addStretch(1)
        self.import_all = QPushButton("Import &all")
        self.import_valid = QPushButton("Import &valid rows only")
        close = QPushButton("&Close")
        self.import_all.clicked.connect(lambda: self.do_import(valid_only=False))
        self.import_valid.clicked.connect(lambda: self.do_import(valid_only=True))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_all)
        buttons.addWidget(self.import_valid)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(keep_row)
        layout.addLayout(buttons)
        self.resize(1000, 560)
        self.read()

    def read(self) -> None:
        """Read and check every file (nothing is written)."""
        try:
            files = gather(self.paths).files
        except CollectProblem as problem:
            self._show([], str(problem))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            forms = []
            for index, path in enumerate(files):
                forms.append(read_form(path))
                if index % 25 == 0:
                    self.summary.setText(f"Reading {index + 1} of {len(files)} files…")
                    QApplication.processEvents()
            with self.context.transaction() as session:
                reviews = surveys.check_returns(session, forms)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show(reviews, "" if files else "There are no PDF files there.")

    def _show(self, reviews: list[Review], problem: str) -> None:
        reviews = sorted(reviews, key=lambda r: self.ORDER[r.status])
        self.reviews = reviews
        _fill(
            self.table,
            [
                (r.source, r.message, r.person_name, r.pair_label, r.round_name, r.completeness)
                for r in reviews
            ],
        )
        for row, review in enumerate(reviews):
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                item.setToolTip(item.text())
            if review.status == "refused":
                self.table.item(row, 1).setForeground(QColor(PROBLEM_COLOUR))
        refused = sum(1 for r in reviews if r.status == "refused")
        ready = sum(1 for r in reviews if r.importable or r.status == "older")
        if problem:
            text = problem
        else:
            text = (
                f"{len(reviews)} files read: {ready} to import, {refused} refused, "
                f"{len(reviews) - ready - refused} changing nothing."
            )
            if refused:
                text += " Refused files are imported by nobody: fix them, or import the rest."
        self.summary.setText(text)
        self.import_all.setEnabled(ready > 0 and refused == 0)
        self.import_all.setToolTip(
            "Some files are refused: import the valid rows only, or fix them first"
            if refused else ""
        )
        self.import_valid.setEnabled(ready > 0)

    def do_import(self, *, valid_only: bool) -> None:
        if not valid_only and any(r.status == "refused" for r in self.reviews):
            return
        keep = str(self.keep.currentData())
        chosen = [
            r for r in self.reviews if r.importable or (keep == "new" and r.status == "older")
        ]
        with self.context.transaction() as session:
            result = surveys.import_returns(session, chosen, keep=keep)  # type: ignore[arg-type]
        self.imported = result.imported
        self.context.notify_changed()
        replaced = f" ({result.replaced} replacing an earlier answer)" if result.replaced else ""
        self.summary.setText(f"Imported {result.imported} forms{replaced}.")
        self.import_all.setEnabled(False)
        self.import_valid.setEnabled(False)


class SurveysDialog(QDialog):
    """The survey rounds: their response rates and people, surveys due, and every action."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rounds: list[RoundSummary] = []
        self.people: list[FormSpec] = []
        self.due_rows: list[surveys.DueRow] = []
        self.setWindowTitle("Survey rounds")
        self.setAcceptDrops(True)
        intro = QLabel(
            "Each person asked gets a fillable PDF to answer in any PDF reader or on paper. "
            "Drop returned forms (files or a folder) anywhere on this window to collect them."
        )
        intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.rounds_table = _table(("Round", "Program", "Kind", "Due", "Answered", "Rate"))
        self.rounds_table.itemSelectionChanged.connect(self._round_chosen)
        self.people_table = _table(("Code", "Name", "Answers as", "About", "State", "Answered on"))
        self.plan_button = QPushButton("&Plan a round…")
        self.forms_button = QPushButton("&Make forms…")
        self.collect_button = QPushButton("&Collect returned forms…")
        self.remind_button = QPushButton("&Reminder drafts…")
        self.refuse_button = QPushButton("Mark as re&fused")
        self.plan_button.clicked.connect(lambda: self.plan_round())
        self.forms_button.clicked.connect(lambda: self.make_forms())
        self.collect_button.clicked.connect(self.choose_and_collect)
        self.remind_button.clicked.connect(lambda: self.make_forms(reminders=True))
        self.refuse_button.clicked.connect(self.toggle_refused)
        actions = QHBoxLayout()
        for button in (self.plan_button, self.forms_button, self.collect_button,
                       self.remind_button, self.refuse_button):
            actions.addWidget(button)
        actions.addStretch(1)
        rounds_tab = QWidget()
        rounds_layout = QVBoxLayout(rounds_tab)
        rounds_layout.addWidget(self.rounds_table, 2)
        rounds_layout.addLayout(actions)
        self.people_title = QLabel()
        rounds_layout.addWidget(self.people_title)
        rounds_layout.addWidget(self.people_table, 3)

        self.due_table = _table(
            ("Mentee", "Mentor", "Program", "Next survey", "Scheduled", "Status")
        )
        self.due_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        plan_due = QPushButton("Plan a round &for the selected pairs…")
        plan_due.clicked.connect(self.plan_for_due)
        self.propose_button = QPushButton("Propose rounds from &schedule…")
        self.propose_button.setToolTip(
            "Rounds covering the pairs whose next scheduled survey is late or comes soon; "
            "tick the ones to plan"
        )
        self.propose_button.clicked.connect(lambda: self.propose_rounds())
        due_tab = QWidget()
        due_layout = QVBoxLayout(due_tab)
        self.due_note = QLabel()
        self.due_note.setWordWrap(True)
        due_layout.addWidget(self.due_note)
        due_layout.addWidget(self.due_table, 1)
        due_buttons = QHBoxLayout()
        due_buttons.addWidget(self.propose_button)
        due_buttons.addWidget(plan_due)
        due_buttons.addStretch(1)
        due_layout.addLayout(due_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(rounds_tab, "&Rounds")
        self.tabs.addTab(due_tab, "Surveys &due")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(1000, 680)
        self.refresh()

    # -- data --------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        current = self.current_round()
        keep = select_id or (current.id if current else None)
        program_id = self.context.program_id
        with self.context.transaction() as session:
            self.rounds = surveys.list_rounds(session, program_id)
            self.due_rows = surveys.surveys_due(session, self.context.as_of, program_id)
            schedule = (
                get_program(session, program_id).survey_schedule.describe()
                if program_id is not None
                else "each program's survey schedule (Program settings)"
            )
        self.due_note.setText(
            f"Active pairs whose next survey is due or overdue: {schedule}."
        )
        _fill(
            self.rounds_table,
            [
                (r.name, r.program_name, r.kind.label, short_date(r.due_on),
                 f"{r.answered} of {r.asked}" + (f" · {r.refused} refused" if r.refused else ""),
                 _rate(r))
                for r in self.rounds
            ],
        )
        _fill(
            self.due_table,
            [
                (d.mentee_name, d.mentor_name, d.program_name, d.kind.label,
                 short_date(d.scheduled_on),
                 f"overdue by {d.days_late} days" if d.overdue else "due")
                for d in self.due_rows
            ],
        )
        self.tabs.setTabText(1, f"Surveys &due ({len(self.due_rows)})")
        row = next((i for i, r in enumerate(self.rounds) if r.id == keep), 0)
        if self.rounds:
            self.rounds_table.selectRow(row)
        self._round_chosen()

    def current_round(self) -> RoundSummary | None:
        rows = self.rounds_table.selectionModel().selectedRows() if self.rounds else []
        if not rows or rows[0].row() >= len(self.rounds):
            return None
        return self.rounds[rows[0].row()]

    def _round_chosen(self) -> None:
        summary = self.current_round()
        for button in (self.forms_button, self.remind_button, self.refuse_button):
            button.setEnabled(summary is not None)
        if summary is None:
            self.people = []
            self.people_title.setText(
                "No survey round yet: plan one, then make its forms." if not self.rounds else ""
            )
            _fill(self.people_table, [])
            return
        self.people = self.context.call(surveys.form_specs, summary.id)
        self.people_title.setText(
            f"<b>{summary.name}</b>: {summary.answered} answered, {summary.pending} not yet, "
            f"{summary.refused} refused — response rate {_rate(summary)}"
        )
        _fill(
            self.people_table,
            [
                (p.paper_code, p.person_name, p.respondent.label.lower(), p.other_name,
                 p.state.label + (f" ({p.note})" if p.note else ""),
                 short_date(p.answered_on) if p.answered_on else "")
                for p in self.people
            ],
        )

    # -- actions -----------------------------------------------------------------------

    def plan_round(self, pair_ids: Sequence[int] | None = None) -> RoundSummary | None:
        dialog = PlanRoundDialog(self.context, self, pair_ids=pair_ids)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.summary is None:
            return None
        self.context.notify_changed()
        self.refresh(dialog.summary.id)
        self.tabs.setCurrentIndex(0)
        self.status.setText(
            f"Round '{dialog.summary.name}' planned: {dialog.summary.asked} people to ask."
        )
        return dialog.summary

    def propose_rounds(self) -> ProposedRoundsDialog:
        dialog = ProposedRoundsDialog(self.context, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created:
            self.context.notify_changed()
            self.refresh(dialog.created[0].id)
            self.tabs.setCurrentIndex(0)
            self.status.setText(
                f"{len(dialog.created)} rounds planned from the schedule: "
                + ", ".join(f"'{r.name}' ({r.asked} to ask)" for r in dialog.created)
                + ". Make their forms next."
            )
        return dialog

    def plan_for_due(self) -> None:
        rows = sorted({index.row() for index in self.due_table.selectionModel().selectedRows()})
        pair_ids = [self.due_rows[row].pair_id for row in rows] or [
            row.pair_id for row in self.due_rows
        ]
        if pair_ids:
            self.plan_round(pair_ids)

    def make_forms(self, *, reminders: bool = False) -> None:
        summary = self.current_round()
        if summary is None:
            return
        dialog = SendDialog(self.context, summary, self, reminders=reminders)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status.setText(dialog.result_text)
            self.refresh(summary.id)

    def choose_and_collect(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Returned survey forms", str(Path.home()), "PDF forms (*.pdf)"
        )
        if files:
            self.collect([Path(name) for name in files])

    def collect(self, paths: Sequence[Path]) -> CollectDialog:
        dialog = CollectDialog(self.context, paths, self)
        dialog.exec()
        if dialog.imported:
            self.status.setText(f"{dialog.imported} returned forms imported.")
        self.refresh()
        return dialog

    def toggle_refused(self) -> None:
        summary = self.current_round()
        rows = self.people_table.selectionModel().selectedRows()
        if summary is None or not rows:
            self.status.setText("Choose a person in the round first.")
            return
        person = self.people[rows[0].row()]
        note = "" if person.state.value == "refused" else "Declined to answer"
        try:
            self.context.call(
                surveys.set_refused, summary.id, person.pair_id, person.respondent.value, note
            )
        except MentorDeskError as error:
            self.status.setText(str(error))
            return
        self.context.notify_changed()
        self.refresh(summary.id)

    # -- dropping forms ----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.collect(paths)
