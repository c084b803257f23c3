"""Printing a PDF the program made, from the program (this PySide6 has no QtPdf).

:func:`print_pdf` asks where and what to print with the system's QPrintDialog,
then prints the chosen pages as pictures: each page is rendered by PDFium
(``pypdfium2``) at the printer's resolution (at most :data:`MAX_DPI`) in the
worker, and painted onto the printer with QPainter on the GUI thread, one page
after another. Only :data:`RENDER_AHEAD` pages wait in memory at any time, so a
roster of hundreds of pages prints in constant memory (an A4 page at 300 dpi
is about 35 MB). Cancelling in the progress dialog stops the rendering and
aborts the print run.

PDFium is not thread-safe, so every call into it holds :data:`_PDFIUM_LOCK`.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, QRectF, QSizeF, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget
from shiboken6 import isValid

from mentordesk.errors import MentorDeskError
from mentordesk.ui.errors import show_error
from mentordesk.ui.worker import Job, Progress, run_in_worker

log = logging.getLogger("mentordesk.ui.printing")

#: Pages are rendered at the printer's resolution, but never finer than this:
#: finer gains nothing on paper and costs memory and spooling time.
MAX_DPI = 300
#: Never coarser than this either (a printer reporting 72 dpi would print blurry text).
MIN_DPI = 150
#: How many rendered pages may wait for the painter.
RENDER_AHEAD = 2
#: A PDF point is 1/72 inch.
POINTS_PER_INCH = 72.0

_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class PageSize:
    """A PDF page's size in points."""

    width: float
    height: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def pdf_page_sizes(path: Path) -> list[PageSize]:
    """The size of every page of the PDF at ``path``; a readable error if it is no PDF."""
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as error:
            raise MentorDeskError(
                f"{path.name} cannot be read as a PDF ({error}); make it again."
            ) from error
        try:
            return [PageSize(*document.get_page_size(index)) for index in range(len(document))]
        finally:
            document.close()


def chosen_pages(printer: QPrinter, page_count: int) -> list[int]:
    """The page numbers (1-based) to send, in order: the range chosen in the print
    dialog (all pages when none), last page first if asked, and repeated for copies
    when the print system does not make the copies itself."""
    ranges = printer.pageRanges()
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        pages = [number for number in range(1, page_count + 1) if ranges.contains(number)]
    else:
        pages = list(range(1, page_count + 1))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [number for number in pages for _copy in range(copies)]


def render_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at for ``printer``."""
    return max(MIN_DPI, min(MAX_DPI, printer.resolution()))


def render_page(
    document: pdfium.PdfDocument,
    number: int,
    dpi: int,
    rotate: bool = False,
    grayscale: bool = False,
) -> QImage:
    """Page ``number`` (1-based) as an image at ``dpi``, turned a quarter if ``rotate``,
    in shades of grey if ``grayscale`` (a printer set to black and white)."""
    if grayscale:
        options: dict[str, object] = {"grayscale": True}
        image_format = QImage.Format.Format_Grayscale8
    elif sys.byteorder == "little":
        # BGRx bytes are QImage's RGB32, which the print engines take without converting.
        options = {"prefer_bgrx": True}
        image_format = QImage.Format.Format_RGB32
    else:
        options = {"prefer_bgrx": True, "rev_byteorder": True}
        image_format = QImage.Format.Format_RGBX8888
    with _PDFIUM_LOCK:
        page = document[number - 1]
        try:
            bitmap = page.render(
                scale=dpi / POINTS_PER_INCH,
                rotation=90 if rotate else 0,
                optimize_mode="print",
                **options,
            )
            try:
                image = QImage(
                    bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, image_format
                )
                # The QImage only points at PDFium's buffer: copy before it is freed.
                return image.copy()
            finally:
                bitmap.close()
        finally:
            page.close()


class _PageQueue(QObject):
    """Carries rendered pages from the worker to the GUI thread."""

    page_ready = Signal()


class PrintRun(QObject):
    """One print run in flight: the worker renders, this object paints on the GUI thread.

    ``finished`` fires once with the number of pages painted, whatever the outcome
    (``completed`` says whether every page went to the printer).
    """

    finished = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        printer: QPrinter,
        pages: Sequence[int],
        sizes: Sequence[PageSize],
    ) -> None:
        super().__init__()
        self.parent_widget = parent
        self.path = path
        self.printer = printer
        self.pages = list(pages)
        self.sizes = list(sizes)
        self.dpi = render_dpi(printer)
        self.painted = 0
        self.completed = False
        self.ended = False
        self.job: Job[int] | None = None
        self._images: queue.Queue[QImage] = queue.Queue()
        self._room = threading.Semaphore(RENDER_AHEAD)
        self._carrier = _PageQueue()
        # Emitted on the worker thread, delivered here on the GUI thread.
        self._carrier.page_ready.connect(self._paint_next, Qt.ConnectionType.QueuedConnection)
        self._painter = QPainter()
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        self._paper_landscape = paper.width() > paper.height()
        self._grayscale = printer.colorMode() == QPrinter.ColorMode.GrayScale

    @property
    def destination(self) -> str:
        """Where the pages go, in words: the printer's name, or the file printed to."""
        if self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return self.printer.outputFileName() or "a PDF file"
        return self.printer.printerName() or "the printer"

    def start(self) -> None:
        """Start the print run (the printer is already set up by the dialog)."""
        # Full page: the painter's origin is the paper's corner, and the PDF's own
        # margins are kept (the reports leave room for any printer's edge).
        self.printer.setFullPage(True)
        if not self._painter.begin(self.printer):
            raise MentorDeskError(
                "The printer could not be started; check that it is switched on and try again."
            )
        count = len(self.pages)
        self.job = run_in_worker(
            self.parent_widget,
            self._render_all,
            on_error=self._failed,
            title=f"Printing {self.path.name}",
        )
        self.job.progress.report(0, count)
        self.job.done.connect(self._end)

    # -- worker thread -----------------------------------------------------------------------

    def _render_all(self, progress: Progress) -> int:
        with _PDFIUM_LOCK:
            try:
                document = pdfium.PdfDocument(str(self.path))
            except (pdfium.PdfiumError, OSError) as error:
                # Moved or deleted since the print dialog opened.
                raise MentorDeskError(
                    f"{self.path.name} can no longer be read ({error}); make it again."
                ) from error
        try:
            for number in self.pages:
                # Wait for the painter to take a page before rendering the next one.
                while not self._room.acquire(timeout=0.05):
                    progress.check()
                progress.check()
                size = self.sizes[number - 1]
                rotate = size.landscape != self._paper_landscape
                self._images.put(render_page(document, number, self.dpi, rotate, self._grayscale))
                self._carrier.page_ready.emit()
        finally:
            with _PDFIUM_LOCK:
                document.close()
        return len(self.pages)

    # -- GUI thread --------------------------------------------------------------------------

    @Slot()
    def _paint_next(self) -> None:
        try:
            image = self._images.get_nowait()
        except queue.Empty:
            return
        try:
            if self.job is None or self.job.progress.cancelled:
                return
            if not self._painter.isActive():
                return
            if self.painted:
                self.printer.newPage()
            self._paint(image)
            self.painted += 1
            # The bar counts pages on paper, not pages rendered. The sentence is set
            # here rather than through the report (QProgressDialog.setValue may run
            # the event loop, and a job ending there leaves no dialog to label).
            self.job.progress.report(self.painted, len(self.pages))
            self._say(f"Printed page {self.painted} of {len(self.pages)}…")
        finally:
            self._room.release()

    def _say(self, text: str) -> None:
        dialog = self.job.dialog if self.job is not None else None
        if dialog is not None and isValid(dialog):
            dialog.setLabelText(text)

    def _paint(self, image: QImage) -> None:
        """Fit the page onto the paper, centred, keeping its proportions."""
        paper = self.printer.paperRect(QPrinter.Unit.DevicePixel)
        scale = min(paper.width() / image.width(), paper.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        target = QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)
        self._painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._painter.drawImage(target, image)

    def _failed(self, error: BaseException) -> None:
        self._abort()
        show_error(self.parent_widget, error)

    def _abort(self) -> None:
        if self._painter.isActive():
            self.printer.abort()
        if self._painter.isActive():
            self._painter.end()

    @Slot()
    def _end(self) -> None:
        job = self.job
        assert job is not None
        # Pages still queued were rendered before the end was known: paint them too.
        while not self._images.empty() and not job.progress.cancelled and job.error is None:
            self._paint_next()
        if job.progress.cancelled or job.error is not None:
            self._abort()
        elif self._painter.isActive():
            self.completed = self._painter.end() and self.painted == len(self.pages)
        log.info("Printed %d of %d pages of %s", self.painted, len(self.pages), self.path)
        self.ended = True
        _runs.discard(self)
        self.finished.emit(self.painted)


# Runs are kept alive here until they end, whatever the caller keeps.
_runs: set[PrintRun] = set()


def make_printer(sizes: Sequence[PageSize], document_name: str) -> QPrinter:
    """A printer set up for the document: its paper size and orientation, its name."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setCreator("MentorDesk")
    if sizes:
        first = sizes[0]
        portrait = QPageSize(
            QSizeF(min(first.width, first.height), max(first.width, first.height)),
            QPageSize.Unit.Point,
        )
        printer.setPageSize(portrait)
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape
            if first.landscape
            else QPageLayout.Orientation.Portrait
        )
    return printer


def print_pdf(
    parent: QWidget | None, path: Path, printer: QPrinter | None = None
) -> PrintRun | None:
    """Ask how to print ``path`` (QPrintDialog), then print it; None if not printed.

    ``printer`` is the printer to offer (a fresh one set to the PDF's paper if
    None). The run goes on after this returns; keep the result to wait for it.
    """
    path = Path(path)
    sizes = pdf_page_sizes(path)
    if not sizes:
        raise MentorDeskError(f"{path.name} has no pages to print.")
    printer = printer or make_printer(sizes, path.stem)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {path.name}")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    dialog.setMinMax(1, len(sizes))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not accepted:
        return None
    pages = chosen_pages(printer, len(sizes))
    if not pages:
        raise MentorDeskError(
            f"The pages chosen are not in {path.name}, which has {len(sizes)} pages."
        )
    run = PrintRun(parent, path, printer, pages, sizes)
    _runs.add(run)
    try:
        run.start()
    except BaseException:
        _runs.discard(run)
        raise
    return run
