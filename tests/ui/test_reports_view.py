"""Reports view: the three PDFs made through the window, cancelling, opening and printing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QPoint, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QWidget,
)

from mentordesk.reports import style
from mentordesk.store.database import Database
from mentordesk.ui import printing
from mentordesk.ui.dialogs.report_options import ReportKind, safe_file_stem
from mentordesk.ui.views.reports import KEY_LAST_FOLDER, ReportsView
from tests.factories import add_conflict, make_pair, make_person
from tests.ui.conftest import wait_for_workers
from tests.ui.pairs_setup import Scene, days_ago, one_pair

SECRET = "Mentor repeated the mentee's salary figure to the team"


@pytest.fixture(autouse=True)
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every emoji in a font's Unicode map; not our concern here."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@dataclass
class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: answers ``answer``, records the asks."""

    answer: Path | None
    asked: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, _parent: object, caption: str, start: str, _filter: str) -> tuple[str, str]:
        self.asked.append((caption, start))
        return (str(self.answer) if self.answer else "", "")


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SaveDialog:
    dialog = SaveDialog(tmp_path / "out" / "report.pdf")
    dialog.answer.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return dialog


@pytest.fixture
def scene(ui_database: Database) -> Scene:
    """One pair (Ben Okafor mentored by Ana Ruiz) with a confidential conflict, and a
    second pair whose mentee has no email."""
    scene = one_pair(ui_database)
    with ui_database.transaction() as session:
        from mentordesk.store.models import Pair, Program

        pair = session.get(Pair, scene.pair_id)
        add_conflict(
            session,
            pair,
            days_ago(10),
            kind="confidentiality_breach",
            severity="high",
            confidential=True,
            description=SECRET,
        )
        program = session.get(Program, scene.program_id)
        mentor = make_person(session, name="Chen Wei", can_mentor=True, capacity=2)
        mentee = make_person(session, name="Dana Ilić", email=None)
        make_pair(session, program, mentor, mentee, model="peer", start_date=days_ago(40))
    return scene


@pytest.fixture
def view(scene: Scene, make_window: Callable[..., Any], qtbot) -> ReportsView:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_for_workers(qtbot)
    shown = window.current_view()
    assert isinstance(shown, ReportsView), "Ctrl+P shows the Reports view"
    return shown


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; QTest only knows ASCII keys, so other letters are sent
    as the key events a keyboard layout with them would send."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def make(qtbot, view: ReportsView) -> None:
    qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)


def squashed(text: str) -> str:
    """Without whitespace: a sentence wrapped over lines in a table cell still matches."""
    return "".join(text.split())


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


# --- making -------------------------------------------------------------------------------


def test_program_report_made_through_the_view(
    view: ReportsView, save_dialog: SaveDialog, qtbot, messages
) -> None:
    options = view.program_options
    assert view.kind is ReportKind.PROGRAM
    assert options.program_box.currentText() == "Spring mentoring"
    options.prepared_for.clear()
    qtbot.keyClicks(options.prepared_for, "Quarterly review with the HR board")
    options.limit_period.setChecked(True)
    options.period_start.set_value(days_ago(90))

    make(qtbot, view)

    out = save_dialog.answer
    assert out is not None and out.is_file()
    assert messages.shown == []
    reader = PdfReader(str(out))
    assert reader.metadata.title == "Program report — Spring mentoring"
    text = text_of(out)
    assert "Quarterly review with the HR board" in text
    assert "Pairs needing attention" in text
    assert "CONFIDENTIAL" not in text and squashed(SECRET) not in squashed(text)
    # The suggested name, in the folder chosen last (nothing yet: Documents or home).
    caption, start = save_dialog.asked[0]
    assert caption == "Save the program report as"
    assert Path(start).name == f"Program report - Spring mentoring - {date.today()}.pdf"
    # What the view says it made is what is on disk.
    assert view.made is not None and view.made.path == out
    assert view.made.pages == len(reader.pages)
    assert f"({len(reader.pages)} pages)" in view.result_label.text()
    assert view.result.isVisible()
    assert view.window().focusWidget() is view.open_button, "Enter or Space opens it"
    assert not list(out.parent.glob(".*.part"))


def test_appendix_and_attention_list_chosen_in_the_view(
    view: ReportsView, save_dialog: SaveDialog, qtbot, messages
) -> None:
    options = view.program_options
    assert options.appendix.currentData() == "attention"
    assert options.attention_rows.value() == 25
    options.appendix.setFocus()
    qtbot.keyClick(options.appendix, Qt.Key.Key_Home)
    assert options.appendix.currentData() == "none"
    options.attention_rows.selectAll()
    qtbot.keyClicks(options.attention_rows, "5")

    make(qtbot, view)

    out = save_dialog.answer
    assert out is not None and out.is_file()
    assert messages.shown == []
    text = squashed(text_of(out))
    assert "Appendix" not in text.split("Contents")[-1]
    assert "Pairsneedingattention" in text
    assert "The25mostserious" not in text


def test_confidential_report_says_so_on_every_page(
    view: ReportsView, save_dialog: SaveDialog, qtbot
) -> None:
    confidential = view.program_options.confidential
    assert "Left out" in confidential.note.text()
    qtbot.mouseClick(
        confidential.box, Qt.MouseButton.LeftButton, pos=confidential.box.rect().center()
    )
    assert confidential.included
    assert "Every page will say CONFIDENTIAL" in confidential.note.text()

    make(qtbot, view)

    out = save_dialog.answer
    assert out is not None
    pages = [page.extract_text() or "" for page in PdfReader(str(out)).pages]
    assert all("CONFIDENTIAL" in page for page in pages)
    assert squashed(SECRET) in squashed("\n".join(pages))
    assert "CONFIDENTIAL" in Path(save_dialog.asked[0][1]).name


def test_the_folder_used_last_is_offered_next(
    view: ReportsView, save_dialog: SaveDialog, qtbot, tmp_path: Path
) -> None:
    make(qtbot, view)
    assert view.context.settings.value(KEY_LAST_FOLDER) == str(tmp_path / "out")
    view.set_kind(ReportKind.FORMS)
    save_dialog.answer = tmp_path / "out" / "pack"  # typed without .pdf
    make(qtbot, view)
    assert Path(save_dialog.asked[1][1]).parent == tmp_path / "out"
    assert Path(save_dialog.asked[1][1]).name == "Workshop pack - blank forms.pdf"
    assert (tmp_path / "out" / "pack.pdf").is_file()


def test_cancelling_stops_the_maker_and_leaves_no_file(
    view: ReportsView, save_dialog: SaveDialog, qtbot, monkeypatch: pytest.MonkeyPatch, messages
) -> None:
    """Cancel pressed in the progress dialog while ReportLab lays out the pages."""
    laying_out = threading.Event()
    go_on = threading.Event()
    original = style.ReportDocument._on_layout_progress

    def held(document: style.ReportDocument, kind: str, value: int) -> None:
        if kind == "PAGE" and not laying_out.is_set():
            laying_out.set()
            go_on.wait(10)
        original(document, kind, value)

    monkeypatch.setattr(style.ReportDocument, "_on_layout_progress", held)
    try:
        qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(laying_out.is_set, timeout=10_000)
        job = view.job
        assert job is not None and job.dialog is not None
        dialog: QProgressDialog = job.dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        go_on.set()
    wait_for_workers(qtbot)

    out = save_dialog.answer
    assert out is not None
    assert list(out.parent.iterdir()) == [], "no PDF and no half-written part file"
    assert view.status.text() == "Cancelled: no PDF was written."
    assert view.made is None and not view.result.isVisible()
    assert messages.shown == []
    assert view.make_button.isEnabled()


def test_pair_report_for_the_pair_opened_last(
    scene: Scene, make_window: Callable[..., Any], save_dialog: SaveDialog, qtbot
) -> None:
    window = make_window()
    # As the roster does when a pair is opened (Enter or a double click on its row).
    window.context.open_pair_requested.emit(scene.pair_id)
    wait_for_workers(qtbot)
    assert window.current_view().name == "pair"
    window.show_reports()
    wait_for_workers(qtbot)
    view = window.current_view()
    assert isinstance(view, ReportsView)
    qtbot.keyClick(view.kind_buttons[ReportKind.PAIR], Qt.Key.Key_Space)
    assert view.kind is ReportKind.PAIR
    assert view.pair_options.picker.pair is not None
    assert view.pair_options.picker.pair.pair_id == scene.pair_id

    make(qtbot, view)

    out = save_dialog.answer
    assert out is not None
    assert PdfReader(str(out)).metadata.title == "Pair report — Ben Okafor with Ana Ruiz"
    assert squashed(SECRET) not in squashed(text_of(out))
    assert Path(save_dialog.asked[0][1]).name.startswith("Pair report - Ben Okafor with Ana Ruiz")


def test_a_pair_report_needs_a_pair(view: ReportsView, save_dialog: SaveDialog, qtbot) -> None:
    view.set_kind(ReportKind.PAIR)
    picker = view.pair_options.picker
    picker.set_pair(None)
    qtbot.keyClicks(picker.lineEdit(), "Nobody")
    make(qtbot, view)
    assert save_dialog.asked == [], "nothing is asked before the options are complete"
    assert view.problem.isVisible()
    assert "No pair's mentee matches 'Nobody'" in view.problem.text()
    assert picker.hasFocus()
    # Typing a mentee's name in full chooses the pair; the problem goes away.
    picker.lineEdit().clear()
    type_text(qtbot, picker.lineEdit(), "Dana Ilić")
    assert picker.pair is not None and picker.pair.mentee_name == "Dana Ilić"
    assert not view.problem.isVisible()


def test_workshop_pack_filled_in_for_a_mentee_without_email(
    view: ReportsView, save_dialog: SaveDialog, qtbot
) -> None:
    view.set_kind(ReportKind.FORMS)
    forms = view.forms_options
    assert not forms.picker.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # "&mentee"
    qtbot.waitUntil(forms.filled.isChecked)  # a mnemonic clicks after a short animation
    assert forms.picker.isEnabled() and forms.picker.hasFocus()
    type_text(qtbot, forms.picker.lineEdit(), "Dana Ilić")
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_workers(qtbot)

    out = save_dialog.answer
    assert out is not None
    text = text_of(out)
    assert "Dana Ilić" in text and "Chen Wei" in text
    assert "Trust questionnaire" in text


def test_a_makers_problem_is_shown_as_a_message(
    view: ReportsView, save_dialog: SaveDialog, qtbot, tmp_path: Path, messages
) -> None:
    save_dialog.answer = tmp_path / "gone" / "report.pdf"  # the folder does not exist
    make(qtbot, view)
    assert len(messages.shown) == 1
    kind, _title, text = messages.shown[0]
    assert kind == "warning"
    assert "could not be written" in text and "report.pdf" in text
    assert view.status.text() == "No PDF was made."
    assert view.made is None


def test_open_hands_the_file_to_the_system_viewer(
    view: ReportsView, save_dialog: SaveDialog, qtbot, monkeypatch: pytest.MonkeyPatch, messages
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
    )
    view.set_kind(ReportKind.FORMS)
    make(qtbot, view)
    qtbot.keyClick(view.open_button, Qt.Key.Key_Space)
    assert opened == [QUrl.fromLocalFile(str(save_dialog.answer))]
    # No viewer: the coordinator is told where the file is.
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    view.open_made()
    assert messages.shown[-1][1] == "No PDF viewer"
    assert str(save_dialog.answer) in messages.shown[-1][2]


# --- printing -----------------------------------------------------------------------------


def pdf_printer(path: Path) -> QPrinter:
    # Screen resolution keeps the test quick; pages are still rendered at MIN_DPI.
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def accept_print_dialog(
    monkeypatch: pytest.MonkeyPatch, pages: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    """QPrintDialog.exec accepts (choosing ``pages`` first); records the offered range."""
    offered: list[tuple[int, int]] = []

    def exec_(dialog: QPrintDialog) -> int:
        offered.append((dialog.minPage(), dialog.maxPage()))
        if pages is not None:
            dialog.printer().setPrintRange(QPrinter.PrintRange.PageRange)
            dialog.printer().setFromTo(*pages)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return offered


def wait_printed(qtbot, view: ReportsView) -> printing.PrintRun:
    run = view.print_run
    assert run is not None
    qtbot.waitUntil(lambda: run.ended, timeout=60_000)
    wait_for_workers(qtbot)
    return run


def ink(path: Path, page: int) -> float:
    """Share of non-white pixels of one page of the PDF at ``path`` (at 36 dpi)."""
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[page].render(scale=0.5, grayscale=True).to_numpy()
    finally:
        document.close()
    return float((image < 200).mean())


def test_printing_sends_every_page(
    view: ReportsView, save_dialog: SaveDialog, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    view.set_kind(ReportKind.FORMS)
    make(qtbot, view)
    assert view.made is not None
    offered = accept_print_dialog(monkeypatch)
    printed = tmp_path / "printed.pdf"
    view.print_made(pdf_printer(printed))
    run = wait_printed(qtbot, view)

    assert offered == [(1, view.made.pages)]
    assert run.completed
    assert len(PdfReader(str(printed)).pages) == view.made.pages
    # The pages carry the forms, not blank paper, and the paper is the PDF's (A4).
    assert ink(printed, 1) > 0.01
    assert abs(ink(printed, 1) - ink(view.made.path, 1)) < 0.05
    width, height = PdfReader(str(printed)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)
    assert view.status.text() == f"Sent {view.made.pages} pages to {printed}."
    assert view.print_button.isEnabled()


def test_printing_honours_the_chosen_pages(
    view: ReportsView, save_dialog: SaveDialog, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    make(qtbot, view)
    assert view.made is not None and view.made.pages >= 4
    accept_print_dialog(monkeypatch, pages=(2, 4))
    printed = tmp_path / "printed.pdf"
    view.print_made(pdf_printer(printed))
    run = wait_printed(qtbot, view)
    assert run.completed and run.pages == [2, 3, 4]
    assert len(PdfReader(str(printed)).pages) == 3


def colours(path: Path, page: int) -> int:
    """How many pixels of one page (at 36 dpi) are not a shade of grey."""
    document = pdfium.PdfDocument(str(path))
    try:
        pixels = document[page].render(scale=0.5).to_numpy().astype(int)
    finally:
        document.close()
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return int((spread > 24).sum())


def test_a_black_and_white_printer_gets_grey_pages(
    view: ReportsView, save_dialog: SaveDialog, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    make(qtbot, view)
    assert view.made is not None
    trust_page = 2  # the trust charts, in colour (0-based: the third page)
    assert colours(view.made.path, trust_page) > 100
    accept_print_dialog(monkeypatch, pages=(3, 3))
    printer = pdf_printer(tmp_path / "printed.pdf")
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    view.print_made(printer)
    assert wait_printed(qtbot, view).completed
    assert ink(tmp_path / "printed.pdf", 0) > 0.01
    assert colours(tmp_path / "printed.pdf", 0) == 0


def test_a_closed_print_dialog_prints_nothing(
    view: ReportsView, save_dialog: SaveDialog, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    view.set_kind(ReportKind.FORMS)
    make(qtbot, view)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    printed = tmp_path / "printed.pdf"
    view.print_made(pdf_printer(printed))
    assert view.print_run is None and not printed.exists()


def test_chosen_pages_follow_range_order_and_copies(qapp) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert printing.chosen_pages(printer, 3) == [1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 5)
    assert printing.chosen_pages(printer, 3) == [2, 3]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert printing.chosen_pages(printer, 3) == [3, 2]
    # PDF output makes no copies itself: the pages are sent again.
    printer.setCopyCount(2)
    assert not printer.supportsMultipleCopies()
    printer.setCollateCopies(True)
    assert printing.chosen_pages(printer, 3) == [3, 2, 3, 2]
    printer.setCollateCopies(False)
    assert printing.chosen_pages(printer, 3) == [3, 3, 2, 2]


def test_render_dpi_is_the_printers_within_limits(qapp) -> None:
    assert printing.render_dpi(QPrinter(QPrinter.PrinterMode.HighResolution)) == printing.MAX_DPI
    assert printing.render_dpi(QPrinter(QPrinter.PrinterMode.ScreenResolution)) == printing.MIN_DPI


def test_a_file_that_is_no_pdf_is_a_readable_error(tmp_path: Path) -> None:
    from mentordesk.errors import MentorDeskError

    bad = tmp_path / "bad.pdf"
    bad.write_text("not a PDF")
    with pytest.raises(MentorDeskError, match="cannot be read as a PDF"):
        printing.pdf_page_sizes(bad)


# --- names and layout ---------------------------------------------------------------------


def test_suggested_file_names_are_safe() -> None:
    assert safe_file_stem('Q3: "Sales" / Ops?') == "Q3 Sales Ops"
    assert safe_file_stem("דוד כהן 👍 Zoë") == "דוד כהן 👍 Zoë"
    assert len(safe_file_stem("x" * 500)) == 120
    assert safe_file_stem(" ... ") == "report"


@pytest.mark.parametrize("size", [QSize(1280, 720), QSize(1024, 700)])
def test_the_options_fit_without_sideways_scrolling(
    scene: Scene, make_window: Callable[..., Any], qtbot, size: QSize
) -> None:
    window = make_window()
    window.resize(size)
    window.show_reports()
    wait_for_workers(qtbot)
    view = window.current_view()
    assert isinstance(view, ReportsView)
    scroll = view.findChild(QScrollArea)
    for kind in ReportKind:
        view.set_kind(kind)
        qtbot.waitUntil(lambda: view.pages.currentWidget().isVisible())
        QApplication.processEvents()
        assert scroll.horizontalScrollBar().maximum() == 0, kind
        if size.height() >= 720:
            # The button that makes the PDF is on screen without scrolling.
            bottom = view.make_button.mapTo(scroll.viewport(), QPoint(0, 0)).y()
            assert bottom + view.make_button.height() <= scroll.viewport().height(), kind


def test_the_paper_chosen_in_settings_is_the_reports_paper(
    view: ReportsView, save_dialog: SaveDialog, qtbot
) -> None:
    from mentordesk.ui.settings import KEY_PAPER

    view.context.settings.setValue(KEY_PAPER, "letter")
    make(qtbot, view)
    out = save_dialog.answer
    assert out is not None
    box = PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
