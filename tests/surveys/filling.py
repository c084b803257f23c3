"""Filling survey forms with PDF software that is not ReportLab, as a respondent would:
pypdf's form filling, PDFium (the engine of Chrome's viewer) clicking the circles and
typing, and PyMuPDF."""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from pathlib import Path

TEXT_FIELDS = ("comment", "answered_on", "keep", "change")


def fill_with_pypdf(source: Path, target: Path, values: Mapping[str, str]) -> Path:
    """Radio groups take the export value ("4"), text fields the text."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    fields = {
        name: (value if name in TEXT_FIELDS else f"/{value}") for name, value in values.items()
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, fields, auto_regenerate=True)
    writer.write(target)
    return target


def fill_with_pdfium(source: Path, target: Path, values: Mapping[str, str]) -> Path:
    """Click each wanted circle and type into each text field, then save: what a person
    does in a viewer built on PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(source)
    pdf.init_forms()
    handle = pdf.formenv.raw

    def text_of(getter: object, annot: object) -> str:
        size = getter(handle, annot, None, 0)
        buffer = ctypes.create_string_buffer(size)
        getter(handle, annot, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
        return buffer.raw[: max(0, size - 2)].decode("utf-16-le")

    for index in range(len(pdf)):
        page = pdf[index]
        for number in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, number)
            name = text_of(raw.FPDFAnnot_GetFormFieldName, annot)
            if name in values:
                export = text_of(raw.FPDFAnnot_GetFormFieldExportValue, annot)
                if name in TEXT_FIELDS or export == values[name]:
                    rect = raw.FS_RECTF()
                    raw.FPDFAnnot_GetRect(annot, rect)
                    x, y = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
                    raw.FORM_OnMouseMove(handle, page.raw, 0, x, y)
                    raw.FORM_OnLButtonDown(handle, page.raw, 0, x, y)
                    raw.FORM_OnLButtonUp(handle, page.raw, 0, x, y)
                    if name in TEXT_FIELDS:
                        typed = (values[name] + "\x00").encode("utf-16-le")
                        text = ctypes.create_string_buffer(typed)
                        raw.FORM_ReplaceSelection(
                            handle, page.raw, ctypes.cast(text, raw.FPDF_WIDESTRING)
                        )
            raw.FPDFPage_CloseAnnot(annot)
        raw.FORM_ForceToKillFocus(handle)
        page.close()
    pdf.save(target)
    pdf.close()
    return target


def fill_with_pymupdf(source: Path, target: Path, values: Mapping[str, str]) -> Path:
    import pymupdf

    document = pymupdf.open(source)
    for page in document:
        for widget in page.widgets():
            name = widget.field_name
            if name not in values:
                continue
            if name in TEXT_FIELDS:
                widget.field_value = values[name]
                widget.update()
            elif widget.on_state() == values[name]:
                widget.field_value = widget.on_state()
                widget.update()
    document.save(target)
    document.close()
    return target


FILLERS = {
    "pypdf": fill_with_pypdf,
    "pdfium": fill_with_pdfium,
    "pymupdf": fill_with_pymupdf,
}
