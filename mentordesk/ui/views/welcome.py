"""The first page of an empty database: create a program, or open the demo program; and
where the sample files are, to try an import with before using your own data."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk import APP_NAME
from mentordesk.demo import DEFAULT_PAIRS, DEFAULT_SEED, load_demo
from mentordesk.paths import DEMO_DATABASE_FILE_NAME, is_demo_database
from mentordesk.program_file import FILE_SUFFIX, ImportSummary
from mentordesk.resources import resource_path
from mentordesk.ui.icons import app_icon, icon
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.form_layout import exec_dialog
from mentordesk.ui.worker import Job, Progress, run_in_worker

MAX_DEMO_PAIRS = 5000


def samples_text() -> str:
    """Where the sample files are and how to try an import with them (rich text)."""
    folder = html.escape(str(resource_path("samples")))
    return (
        "<b>Try an import first.</b> MentorDesk comes with sample files of fictional "
        "people. <i>Try a sample file</i> in <i>File → Import roster…</i> checks the HR "
        "export of a made-up company, as an HR system writes it (hr-export.csv; "
        "hr-export.xlsx is the same as a workbook). <i>File → Import program file…</i> "
        f"reads a sample program with a year of history (sample-program{FILE_SUFFIX}). "
        f"The files are in {folder}"
    )


class WelcomeView(View):
    name = "welcome"
    title = "Welcome"
    icon = "welcome"

    #: The coordinator wants to open another database file (the window does it).
    open_database_requested = Signal()
    #: A program was created or loaded: its id.
    program_created = Signal(int)
    #: The coordinator wants the demo program, of this many pairs: the window opens the
    #: demo database (its own file, never this one) and fills it when it is empty.
    demo_requested = Signal(int)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.job: Job[ImportSummary] | None = None
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(72, 72)))
        title = QLabel(f"Welcome to {APP_NAME}")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "MentorDesk keeps your mentoring pairs, their trust and their risks in one place. "
            "This database has no program yet. Start your own, or look around in a demo "
            "program first: a made-up company with a year of history."
        )
        intro.setWordWrap(True)
        self.database_label = QLabel(f"Database: {context.database.display_name}")
        self.database_label.setEnabled(False)
        self.database_label.setWordWrap(True)

        self.create_button = QCommandLinkButton(
            "Create a program…", "Name it, choose its dates, default model and check-in cadence."
        )
        self.create_button.setObjectName("createProgram")
        self.create_button.setIcon(icon("program"))
        self.create_button.clicked.connect(self.create_program)
        self.demo_button = QCommandLinkButton(
            "Open the demo program",
            f"A made-up company with pairs of every model, health and risk, in a database of "
            f"its own ('{DEMO_DATABASE_FILE_NAME}'): your own data stays apart.",
        )
        self.demo_button.setObjectName("loadDemo")
        self.demo_button.setIcon(icon("demo"))
        self.demo_button.clicked.connect(self._demo_clicked)
        self.demo_pairs = QSpinBox()
        self.demo_pairs.setRange(1, MAX_DEMO_PAIRS)
        self.demo_pairs.setValue(DEFAULT_PAIRS)
        self.demo_pairs.setSuffix(" pairs")
        self.demo_pairs.setToolTip("How many pairs the demo program has")
        demo_size = QHBoxLayout()
        size_label = QLabel("Demo &size:")
        size_label.setBuddy(self.demo_pairs)
        demo_size.addSpacing(40)
        demo_size.addWidget(size_label)
        demo_size.addWidget(self.demo_pairs)
        demo_size.addStretch(1)
        self.open_button = QCommandLinkButton(
            "Open another database…", "A MentorDesk file a colleague gave you, or a backup."
        )
        self.open_button.setIcon(icon("open"))
        self.open_button.clicked.connect(self.open_database_requested)
        self.samples_label = QLabel(samples_text())
        self.samples_label.setObjectName("sampleFiles")
        self.samples_label.setWordWrap(True)
        self.samples_label.setTextFormat(Qt.TextFormat.RichText)
        self.samples_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        column = QVBoxLayout()
        column.setSpacing(10)
        heading = QHBoxLayout()
        heading.addWidget(logo)
        heading.addWidget(title, 1)
        column.addLayout(heading)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(self.create_button)
        column.addWidget(self.demo_button)
        column.addLayout(demo_size)
        column.addWidget(self.open_button)
        column.addSpacing(6)
        column.addWidget(self.samples_label)
        column.addSpacing(12)
        column.addWidget(self.database_label)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(620)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def refresh(self) -> None:
        self.database_label.setText(f"Database: {self.context.database.display_name}")

    def create_program(self) -> None:
        from mentordesk.ui.dialogs.program_dialog import ProgramDialog

        dialog = ProgramDialog(self.context, None, self)
        if exec_dialog(dialog) and dialog.program_id is not None:
            self.context.notify_changed()
            self.program_created.emit(dialog.program_id)

    def _demo_clicked(self) -> None:
        if is_demo_database(self.context.database.display_name):
            self.load_demo()  # the demo database itself, still empty: fill it
        else:
            self.demo_requested.emit(self.demo_pairs.value())

    def load_demo(self, pairs: int | None = None) -> None:
        """Build and import the demo program into this page's database, in the worker, with a
        progress dialog. The window calls it on the demo database's own page only."""
        pairs = pairs or self.demo_pairs.value()
        database = self.context.database
        today = date.today()

        def work(progress: Progress) -> ImportSummary:
            progress.report(0, 0, f"Making up a demo company with {pairs} pairs…")
            with database.transaction() as session:
                summary = load_demo(session, pairs, DEFAULT_SEED, today)
                # Leaving the block commits; a cancel before that leaves nothing behind.
                progress.check()
            return summary

        self.demo_button.setEnabled(False)
        self.job = run_in_worker(
            self,
            work,
            self._demo_loaded,
            on_error=self._demo_failed,
            title="Loading the demo program",
        )

    def _demo_loaded(self, summary: ImportSummary) -> None:
        self.demo_button.setEnabled(True)
        self.context.notify_changed()
        self.program_created.emit(summary.program_id)

    def _demo_failed(self, error: BaseException) -> None:
        from mentordesk.ui.errors import show_error

        self.demo_button.setEnabled(True)
        show_error(self, error)
