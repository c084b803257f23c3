"""Reports: the program report, a pair's report and the workshop pack, as PDFs (Ctrl+P).

The same choices as ``mentordesk report program|pair`` and ``mentordesk forms``
(the options are in :mod:`mentordesk.ui.dialogs.report_options`): on the left
what to make, on the right its options. "Make PDF…" asks where to save,
starting in the folder used last, then the ReportLab maker runs in the worker
with a progress bar. Cancel stops it and leaves no file: the makers write to a
hidden part file and rename it only when the PDF is complete. A made PDF can be
opened in the system's viewer, or printed from here (:mod:`mentordesk.ui.printing`).

The pair is chosen by its mentee in a searchable list; the pair opened last in
the window (``context.open_pair_requested``) is chosen already.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import FieldProblem, MentorDeskError
from mentordesk.reports.progress import ReportCancelled
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.report_options import (
    Choices,
    FormsOptions,
    PairOptions,
    ProgramOptions,
    ReportKind,
    ReportPlan,
    load_choices,
    muted,
    safe_file_stem,
)
from mentordesk.ui.errors import show_error
from mentordesk.ui.icons import icon
from mentordesk.ui.settings import report_paper
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR

if TYPE_CHECKING:
    # PDFium loads when a report is printed or counted, not when the window starts.
    from mentordesk.ui.printing import PrintRun
from mentordesk.ui.worker import Cancelled, Job, Progress, run_in_worker

#: The folder of the last saved PDF, in the window's settings file.
KEY_LAST_FOLDER = "views/reports/last_folder"
#: Under the view's own settings group.
KEY_KIND = "kind"
KEY_PREPARED_FOR = "prepared_for"
PDF_FILTER = "PDF files (*.pdf)"

KIND_TEXTS: dict[ReportKind, tuple[str, str]] = {
    ReportKind.PROGRAM: (
        "Pro&gram report",
        "For a program review with leadership: summary, trust, pairs needing attention, "
        "conflicts, ethics, activities, the three models and the roster.",
    ),
    ReportKind.PAIR: (
        "Pai&r report",
        "For a pair's mid-point or closing review: both people, the agreement, goals, "
        "trust over time, activities, conflicts, ethics, reviews and flags.",
    ),
    ReportKind.FORMS: (
        "&Workshop pack",
        "Paper forms to fill in by hand at a workshop: agreement, trust questionnaire, "
        "ethics checklist, conflict record and check-in log.",
    ),
}
KINDS: tuple[ReportKind, ...] = tuple(ReportKind)


@dataclass(frozen=True)
class MadeReport:
    """A PDF the view made."""

    kind: ReportKind
    path: Path
    pages: int


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReportsView(View):
    """Make the program report, a pair report or the workshop pack; open or print it."""

    name = "reports"
    title = "Reports"
    icon = "reports"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.made: MadeReport | None = None
        self.job: Job[MadeReport] | None = None
        self.print_run: PrintRun | None = None
        self._load_job: Job[Choices] | None = None
        self._generation = 0
        self._opened_pair: int | None = None

        heading = QLabel("Reports and forms to print")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        intro = muted(
            "Make a PDF to hand out or print. You choose where it is saved; then open it in "
            "your PDF viewer or print it from here."
        )

        body = QWidget()
        body.setMaximumWidth(1000)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 12, 16, 12)
        body_layout.setSpacing(10)
        body_layout.addWidget(heading)
        body_layout.addWidget(intro)
        body_layout.addLayout(self._build_choices())
        # The problem goes below the button, so the button stays where the pointer is.
        body_layout.addLayout(self._build_make_row())
        body_layout.addWidget(self._build_problem())
        body_layout.addWidget(self._build_result())
        body_layout.addStretch(1)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(body, 1)
        holder_layout.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.kind_group.idToggled.connect(self._kind_toggled)
        self.set_kind(ReportKind.PROGRAM)
        self._as_of_changed(context.as_of)
        context.as_of_changed.connect(self._as_of_changed)
        context.program_changed.connect(self._program_changed)
        context.open_pair_requested.connect(self._pair_opened)
        # A problem shown under the options goes away as soon as the options change.
        for page in self.options.values():
            for button in page.findChildren(QAbstractButton):
                button.toggled.connect(self._clear_problem)
        for picker in (self.pair_options.picker, self.forms_options.picker):
            picker.person_chosen.connect(self._clear_problem)

    # -- building ----------------------------------------------------------------------------

    def _build_choices(self) -> QHBoxLayout:
        kinds_box = QGroupBox("What to make")
        kinds_layout = QVBoxLayout(kinds_box)
        kinds_layout.setSpacing(2)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[ReportKind, QRadioButton] = {}
        for index, kind in enumerate(KINDS):
            text, description = KIND_TEXTS[kind]
            button = QRadioButton(text)
            button.setObjectName(f"kind-{kind.value}")
            bold = button.font()
            bold.setBold(True)
            button.setFont(bold)
            self.kind_group.addButton(button, index)
            self.kind_buttons[kind] = button
            note = muted(description)
            note.setContentsMargins(22, 0, 0, 10)
            kinds_layout.addWidget(button)
            kinds_layout.addWidget(note)
        kinds_layout.addStretch(1)
        kinds_box.setMinimumWidth(250)
        kinds_box.setMaximumWidth(320)

        self.program_options = ProgramOptions()
        self.pair_options = PairOptions()
        self.forms_options = FormsOptions()
        self.options: dict[ReportKind, ProgramOptions | PairOptions | FormsOptions] = {
            ReportKind.PROGRAM: self.program_options,
            ReportKind.PAIR: self.pair_options,
            ReportKind.FORMS: self.forms_options,
        }
        self.pages = QStackedWidget()
        for kind in KINDS:
            self.pages.addWidget(self.options[kind])
        self.options_box = QGroupBox()
        options_layout = QVBoxLayout(self.options_box)
        options_layout.addWidget(self.pages)

        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(kinds_box)
        row.addWidget(self.options_box, 1)
        return row

    def _build_problem(self) -> QLabel:
        self.problem = QLabel()
        self.problem.setObjectName("reportProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            f"QLabel#reportProblem {{ border: 1px solid {PROBLEM_COLOUR}; border-radius: 4px;"
            " padding: 6px 8px; }"
        )
        self.problem.hide()
        return self.problem

    def _build_make_row(self) -> QHBoxLayout:
        self.make_button = QPushButton(icon("export"), "Ma&ke PDF…")
        self.make_button.setObjectName("makePdf")
        self.make_button.setToolTip("Choose where to save the PDF, then make it (Ctrl+Enter)")
        self.make_button.clicked.connect(self.make_pdf)
        self.make_button.setMinimumHeight(32)
        self.status = muted()
        self.status.setObjectName("reportStatus")
        make_action = QAction(self)
        make_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        make_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        make_action.triggered.connect(self.make_pdf)
        self.addAction(make_action)
        row = QHBoxLayout()
        row.addWidget(self.make_button)
        row.addSpacing(8)
        row.addWidget(self.status, 1)
        return row

    def _build_result(self) -> QFrame:
        self.result = QFrame()
        self.result.setObjectName("reportResult")
        self.result.setFrameShape(QFrame.Shape.StyledPanel)
        tick = QLabel()
        tick.setPixmap(icon("check").pixmap(QSize(20, 20)))
        self.result_label = QLabel()
        self.result_label.setObjectName("resultText")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(icon("reports"), "&Open")
        self.open_button.setObjectName("openPdf")
        self.open_button.setToolTip("Open the PDF in this computer's PDF viewer")
        self.open_button.clicked.connect(self.open_made)
        self.print_button = QPushButton(icon("print"), "Pri&nt…")
        self.print_button.setObjectName("printPdf")
        self.print_button.setToolTip("Choose a printer and the pages, then print the PDF")
        self.print_button.clicked.connect(lambda: self.print_made())
        self.folder_button = QPushButton(icon("open"), "&Show in folder")
        self.folder_button.setObjectName("showFolder")
        self.folder_button.setToolTip("Open the folder the PDF was saved in")
        self.folder_button.clicked.connect(self.show_folder)
        text_row = QHBoxLayout()
        text_row.addWidget(tick, 0, Qt.AlignmentFlag.AlignTop)
        text_row.addWidget(self.result_label, 1)
        buttons = QHBoxLayout()
        buttons.addSpacing(26)
        for button in (self.open_button, self.print_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.result)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addLayout(text_row)
        layout.addLayout(buttons)
        self.result.hide()
        return self.result

    # -- choosing ----------------------------------------------------------------------------

    @property
    def kind(self) -> ReportKind:
        return KINDS[max(0, self.kind_group.checkedId())]

    def set_kind(self, kind: ReportKind) -> None:
        self.kind_buttons[kind].setChecked(True)

    def _kind_toggled(self, index: int, checked: bool) -> None:
        if not checked:
            return
        self.pages.setCurrentIndex(index)
        self.options_box.setTitle(f"Options of the {KINDS[index].noun}")
        self._clear_problem()

    def _as_of_changed(self, day: date) -> None:
        self.program_options.set_as_of(day)
        self.pair_options.as_of.set_value(day)

    def _program_changed(self, program_id: int | None) -> None:
        if program_id is not None and self.program_options.programs:
            self.program_options.set_programs(self.program_options.programs, program_id)
            self.program_options.set_as_of(self.context.as_of)

    def _pair_opened(self, pair_id: int) -> None:
        """The pair opened last in the window is the one a pair report is likely about."""
        self._opened_pair = pair_id
        for picker in (self.pair_options.picker, self.forms_options.picker):
            picker.set_pair(pair_id)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the programs and the pairs to choose from (in the worker)."""
        if self._load_job is not None and not self._load_job.finished:
            self._load_job.cancel()
        self._generation += 1
        generation = self._generation
        database = self.context.database
        program_id = self.context.program_id

        def work(progress: Progress) -> Choices:
            with database.transaction() as session:
                progress.check()
                return load_choices(session, program_id)

        self._load_job = run_in_worker(
            self,
            work,
            lambda choices: self._show_choices(generation, choices),
            title="Reading the programs and pairs",
            show_progress=False,
        )

    def _show_choices(self, generation: int, choices: Choices) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.program_options.set_programs(choices.programs, self.context.program_id)
        self.program_options.set_as_of(self.context.as_of)
        for picker in (self.pair_options.picker, self.forms_options.picker):
            picker.set_pairs(choices.pairs)
            if picker.pair is None and self._opened_pair is not None:
                picker.set_pair(self._opened_pair)

    # -- making ------------------------------------------------------------------------------

    def _clear_problem(self, *_args: object) -> None:
        self.problem.hide()

    def _show_problem(self, problem: MentorDeskError, field: QWidget | None = None) -> None:
        self.problem.setText(str(problem))
        self.problem.show()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field_of(self, problem: FieldProblem) -> QWidget:
        if self.kind is ReportKind.PROGRAM:
            return self.program_options.field(problem.field)
        if self.kind is ReportKind.PAIR:
            return self.pair_options.picker
        return self.forms_options.picker

    def last_folder(self) -> Path:
        """The folder the last PDF was saved in (else Documents, else home)."""
        saved = self.context.settings.value(KEY_LAST_FOLDER)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def ask_path(self, plan: ReportPlan) -> Path | None:
        """Ask where to save (QFileDialog), starting in the last folder used."""
        start = self.last_folder() / f"{safe_file_stem(plan.suggested_name)}.pdf"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, f"Save the {plan.kind.noun} as", os.fspath(start), PDF_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        self.context.settings.setValue(KEY_LAST_FOLDER, os.fspath(path.parent))
        self.context.settings.sync()
        return path

    def make_pdf(self) -> None:
        """Check the options, ask where to save, and make the PDF in the worker."""
        if self.job is not None and not self.job.finished:
            return
        self._clear_problem()
        try:
            plan = self.options[self.kind].plan()
        except FieldProblem as problem:
            self._show_problem(problem, self._field_of(problem))
            return
        path = self.ask_path(plan)
        if path is None:
            return
        if path.is_dir():
            self._show_problem(MentorDeskError(f"{path} is a folder; give the PDF a file name."))
            return
        database = self.context.database
        paper = report_paper(self.context.settings)

        def work(progress: Progress) -> MadeReport:
            def report(done: int, total: int) -> bool:
                # No sentence: the dialog keeps its title (see printing.PrintRun._say).
                progress.report(done, total)
                return not progress.cancelled

            try:
                with database.transaction() as session:
                    made = plan.make(session, path, report, paper)
            except ReportCancelled:
                raise Cancelled from None
            from mentordesk.ui.printing import pdf_page_sizes

            return MadeReport(plan.kind, made, len(pdf_page_sizes(made)))

        self.make_button.setEnabled(False)
        self.status.setText(f"Making the {plan.kind.noun}…")
        self.job = run_in_worker(
            self, work, self._made, on_error=self._not_made, title=f"Making the {plan.kind.noun}"
        )
        self.job.done.connect(self._job_ended)

    def _job_ended(self) -> None:
        job = self.job
        self.make_button.setEnabled(True)
        if job is not None and job.progress.cancelled and job.result is None:
            self.status.setText("Cancelled: no PDF was written.")

    def _made(self, made: MadeReport) -> None:
        self.made = made
        self.status.setText("")
        pages = f"{made.pages} page" + ("" if made.pages == 1 else "s")
        self.result_label.setText(
            f"<b>Saved the {made.kind.noun}</b> ({pages}) as <b>{_html(made.path.name)}</b>"
            f"<br>in {_html(os.fspath(made.path.parent))}"
        )
        self.result.show()
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _not_made(self, error: BaseException) -> None:
        self.status.setText("No PDF was made.")
        show_error(self, error)

    # -- after making ------------------------------------------------------------------------

    def _made_path(self) -> Path | None:
        if self.made is None:
            return None
        if not self.made.path.is_file():
            show_error(
                self,
                MentorDeskError(
                    f"{self.made.path} is no longer there (moved or deleted); make it again."
                ),
            )
            return None
        return self.made.path

    def open_made(self) -> None:
        """Open the made PDF in the system's viewer."""
        path = self._made_path()
        if path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(os.fspath(path))):
            QMessageBox.information(
                self,
                "No PDF viewer",
                f"No program to show PDF files is set up on this computer. The file is "
                f"{path}; you can still print it with Print….",
            )

    def show_folder(self) -> None:
        """Open the folder the PDF is in, in the file manager."""
        path = self._made_path()
        if path is not None and not QDesktopServices.openUrl(
            QUrl.fromLocalFile(os.fspath(path.parent))
        ):
            QMessageBox.information(self, "Cannot open the folder", f"The PDF is in {path.parent}.")

    def print_made(self, printer: QPrinter | None = None) -> None:
        """Print the made PDF; the print dialog says where and which pages."""
        if self.print_run is not None and not self.print_run.ended:
            return
        path = self._made_path()
        if path is None:
            return
        from mentordesk.ui.printing import print_pdf

        try:
            run = print_pdf(self, path, printer)
        except MentorDeskError as error:
            show_error(self, error)
            return
        if run is None:
            return
        self.print_run = run
        self.print_button.setEnabled(False)
        self.status.setText(f"Printing {path.name}…")
        run.finished.connect(self._printed)

    def _printed(self, pages: int) -> None:
        run = self.print_run
        self.print_button.setEnabled(True)
        if run is not None and run.completed:
            plural = "" if pages == 1 else "s"
            self.status.setText(f"Sent {pages} page{plural} to {run.destination}.")
        else:
            self.status.setText("Printing stopped; nothing more was sent to the printer.")

    # -- remembered --------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(KEY_KIND, self.kind.value)
        settings.setValue(KEY_PREPARED_FOR, self.program_options.prepared_for.text())

    def restore_state(self, settings: QSettings) -> None:
        kind = settings.value(KEY_KIND)
        if kind in {member.value for member in KINDS}:
            self.set_kind(ReportKind(str(kind)))
        prepared_for = settings.value(KEY_PREPARED_FOR)
        if isinstance(prepared_for, str) and prepared_for.strip():
            self.program_options.prepared_for.setText(prepared_for)
