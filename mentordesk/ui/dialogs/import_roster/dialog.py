"""The Import roster dialog: the two pages (choose, preview), the file dropped or
browsed for, the sample file, and the check and the import run in the worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QSettings, QSize
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QStackedWidget, QVBoxLayout, QWidget

from mentordesk.errors import MentorDeskError
from mentordesk.importing import ImportReport, import_pairs, import_people
from mentordesk.resources import resource_path
from mentordesk.store.database import Database
from mentordesk.ui.context import AppContext
from mentordesk.ui.dialogs.import_roster.choose_page import KEY_DATE_FORMAT, ChooseFilePage
from mentordesk.ui.dialogs.import_roster.files import (
    ROSTER_FILTER,
    file_fingerprint,
    fingerprint_if_readable,
)
from mentordesk.ui.dialogs.import_roster.preview_page import PreviewPage
from mentordesk.ui.dialogs.import_roster.rows import PAIRS, PEOPLE
from mentordesk.ui.errors import show_error
from mentordesk.ui.worker import Job, Progress, run_in_worker

KEY_IMPORT_FOLDER = "import/folder"
# Fictional employees in an HR system's spelling (resources/samples, build_scripts/make_samples.py).
SAMPLE_HR_EXPORT = "hr-export.csv"

CHOOSE_SIZE = QSize(760, 380)
PREVIEW_SIZE = QSize(900, 620)


class ImportRosterDialog(QDialog):
    """Choose a roster file, see every row checked, then import all or the valid rows.

    After ``exec()``, ``imported`` says whether anything was saved and ``report``
    is the last report (of the check, or of the import).
    """

    CHOOSE_PAGE = 0
    PREVIEW_PAGE = 1

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.database: Database = context.database
        self.settings = settings or context.settings
        self.report: ImportReport | None = None
        self.imported = False
        self._checked: tuple[Path, str, str, dict[str, object]] | None = None
        self._job: Job | None = None
        self.setWindowTitle("Import roster")
        self.setObjectName("importRosterDialog")
        self.setAcceptDrops(True)

        self.choose_page = ChooseFilePage(context, self.settings)
        self.preview_page = PreviewPage()
        self._name_widgets()
        self._connect()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.choose_page)
        self.pages.addWidget(self.preview_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(CHOOSE_SIZE)
        self.choose_page.kind_changed()
        self._path_changed()

    def _name_widgets(self) -> None:
        """The pages' widgets by the names the window, the guidance and the tests use."""
        choose, preview = self.choose_page, self.preview_page
        self.problem_label = choose.problem_label
        self.path_edit = choose.path_edit
        self.browse_button = choose.browse_button
        self.people_radio = choose.people_radio
        self.pairs_radio = choose.pairs_radio
        self.sheet_combo = choose.sheet_combo
        self.date_combo = choose.date_combo
        self.program_combo = choose.program_combo
        self.columns_label = choose.columns_label
        self.check_button = choose.check_button
        self.sample_button = choose.sample_button
        self.heading_label = preview.heading_label
        self.explanation_label = preview.explanation_label
        self.ignored_label = preview.ignored_label
        self.warnings_label = preview.warnings_label
        self.refused_only_check = preview.refused_only_check
        self.count_label = preview.count_label
        self.model = preview.model
        self.proxy = preview.proxy
        self.table = preview.table
        self.row_label = preview.row_label
        self.held_panel = preview.held_panel
        self.back_button = preview.back_button
        self.recheck_button = preview.recheck_button
        self.cancel_button = preview.cancel_button
        self.import_valid_button = preview.import_valid_button
        self.import_button = preview.import_button
        self.close_button = preview.close_button

    def _connect(self) -> None:
        choose, preview = self.choose_page, self.preview_page
        choose.path_edit.editingFinished.connect(self._update_choose_buttons)
        choose.path_edit.textChanged.connect(self._update_choose_buttons)
        choose.browse_button.clicked.connect(self.browse)
        choose.sample_button.clicked.connect(self.try_sample)
        choose.check_button.clicked.connect(self.check)
        choose.cancel_button.clicked.connect(self.reject)
        preview.back_button.clicked.connect(self.go_back)
        preview.recheck_button.clicked.connect(self.check)
        preview.cancel_button.clicked.connect(self.reject)
        preview.import_valid_button.clicked.connect(lambda: self.run_import(skip_invalid=True))
        preview.import_button.clicked.connect(lambda: self.run_import(skip_invalid=False))
        preview.close_button.clicked.connect(self.accept)
        preview.held_panel.confirmed_changed.connect(lambda _: self._update_preview_buttons())

    # -- choices --------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.choose_page.path

    @property
    def kind(self) -> str:
        return self.choose_page.kind

    @property
    def sheet(self) -> str | None:
        return self.choose_page.sheet

    @property
    def date_format(self) -> str | None:
        return self.choose_page.date_format

    @property
    def program_name(self) -> str | None:
        return self.choose_page.program_name

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_path(event.mimeData()) is not None and self._job is None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A file dropped on the dialog is chosen, and the first page shown again."""
        path = self._dropped_path(event.mimeData())
        if path is None or self._job is not None:
            return
        event.acceptProposedAction()
        self.go_back()
        self.set_path(path)

    @staticmethod
    def _dropped_path(data: QMimeData) -> str | None:
        urls = [url for url in data.urls() if url.isLocalFile()]
        return urls[0].toLocalFile() if len(urls) == 1 else None

    def set_path(self, path: str | Path) -> None:
        """Choose ``path`` as if typed (tests, and a file dropped on the window)."""
        self.path_edit.setText(str(path))
        self._path_changed()

    def choose_file(self) -> str | None:
        """Ask for the roster file; None when cancelled (tests replace this)."""
        folder = str(self.settings.value(KEY_IMPORT_FOLDER, "") or "") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose a roster file", folder, ROSTER_FILTER)
        return path or None

    def browse(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.settings.setValue(KEY_IMPORT_FOLDER, str(Path(chosen).parent))
            self.set_path(chosen)

    def try_sample(self) -> None:
        """Check the shipped sample HR export, exactly as if the coordinator had chosen it."""
        self.people_radio.setChecked(True)
        self.set_path(resource_path("samples", SAMPLE_HR_EXPORT))
        self.check()

    def _path_changed(self) -> None:
        self.choose_page.path_changed()
        self._update_choose_buttons()

    def _update_choose_buttons(self) -> None:
        self.check_button.setEnabled(self.path is not None and self._job is None)

    def _importer(self, kind: str) -> Callable[..., ImportReport]:
        return import_pairs if kind == PAIRS else import_people

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> None:
        """Check the file in the worker (a dry run: nothing is saved), then show every row."""
        path = self.path
        if path is None or self._job is not None:
            return
        self.choose_page.show_problem("")
        kind, options = self.kind, self.choose_page.options()
        if self.date_format is not None:
            self.settings.setValue(KEY_DATE_FORMAT, self.date_format)
        importer = self._importer(kind)
        database = self.database

        def work(progress: Progress) -> tuple[str, ImportReport]:
            progress.report(0, 0, f"Checking {path.name}…")
            before = fingerprint_if_readable(path)
            with database.transaction() as session:
                # The importer says in words what is wrong with a missing or unreadable file.
                report = importer(session, path, dry_run=True, **options)  # type: ignore[arg-type]
            fingerprint = file_fingerprint(path)
            if fingerprint != before:
                raise MentorDeskError(
                    f"{path.name} changed while it was being checked (is it still being "
                    "saved?). Check it again once it is complete."
                )
            return fingerprint, report

        def done(result: tuple[str, ImportReport]) -> None:
            fingerprint, report = result
            self._checked = (path, kind, fingerprint, options)
            self.show_report(report)

        self._start(work, done, self._check_failed, "Checking the roster file")

    def _start(
        self,
        work: Callable[[Progress], object],
        done: Callable[..., None],
        failed: Callable[[BaseException], None],
        title: str,
    ) -> None:
        self._set_busy(True)
        self._job = run_in_worker(self, work, done, on_error=failed, title=title)
        self._job.done.connect(lambda: self._set_busy(False))

    def _set_busy(self, busy: bool) -> None:
        if not busy:
            self._job = None
        for widget in (self.check_button, self.browse_button, self.recheck_button):
            widget.setEnabled(not busy)
        if busy:
            self.import_button.setEnabled(False)
            self.import_valid_button.setEnabled(False)
            self.back_button.setEnabled(False)
        else:
            self._update_choose_buttons()
            self._update_preview_buttons()

    def _check_failed(self, error: BaseException) -> None:
        if not isinstance(error, MentorDeskError):
            show_error(self, error)
            return
        # A problem with the file as a whole: back on the first page, said at the top.
        self._show_page(self.CHOOSE_PAGE)
        self.choose_page.show_problem(str(error))

    def _import_failed(self, error: BaseException) -> None:
        # Nothing was saved (the transaction rolled back); the rows stay on show.
        show_error(self, error)

    # -- the report ----------------------------------------------------------------------------

    def show_report(self, report: ImportReport) -> None:
        """Show ``report`` on the preview page (after a check or an import)."""
        self.report = report
        self.preview_page.show_report(report)
        self._show_page(self.PREVIEW_PAGE)
        self._update_preview_buttons()
        self.preview_page.choose_first_row()

    def _update_preview_buttons(self) -> None:
        self.preview_page.update_buttons(busy=self._job is not None)

    def go_back(self) -> None:
        self._show_page(self.CHOOSE_PAGE)
        self.check_button.setDefault(True)

    def _show_page(self, page: int) -> None:
        """Show ``page``; the rows need room, the choices do not."""
        self.pages.setCurrentIndex(page)
        if page == self.PREVIEW_PAGE:
            self.resize(
                max(self.width(), PREVIEW_SIZE.width()), max(self.height(), PREVIEW_SIZE.height())
            )

    # -- importing -----------------------------------------------------------------------------

    def run_import(self, *, skip_invalid: bool) -> None:
        """Import the file as checked, in one transaction: every (valid) row, or none."""
        if self._checked is None or self._job is not None or self.report is None:
            return
        if self.report.refused and not skip_invalid:
            # Importing everything is only offered when the check refused no row.
            return
        if not self.report.created + self.report.updated:
            return  # nothing would be saved
        if self.held_panel.waiting:
            return  # changed employee ids wait for the coordinator's confirmation
        path, kind, fingerprint, options = self._checked
        if kind == PEOPLE and self.held_panel.confirmed:
            options = {**options, "accept_changed_ids": True}
        importer = self._importer(kind)
        database = self.database

        def work(progress: Progress) -> ImportReport:
            progress.report(0, 0, f"Importing {path.name}…")
            if file_fingerprint(path) != fingerprint:
                raise MentorDeskError(
                    f"{path.name} changed after it was checked, so nothing was imported. "
                    "Check it again to see what its rows hold now."
                )
            with database.transaction() as session:
                report = importer(session, path, skip_invalid=skip_invalid, **options)  # type: ignore[arg-type]
                # A cancel here leaves the block with an error: the whole import rolls back.
                progress.check()
            return report

        def done(report: ImportReport) -> None:
            if report.written:
                self.imported = True
                self._checked = None
            self.show_report(report)

        self._start(work, done, self._import_failed, f"Importing {kind}")

    def reject(self) -> None:
        if self._job is not None:
            # The work cannot be abandoned half-way; it can be cancelled from its progress window.
            return
        super().reject()
