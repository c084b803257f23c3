"""Cells of an exported workbook: text stays text, with nothing added in front.

A CSV file has no types, so a CSV export puts an apostrophe before text a
spreadsheet would run as a formula (:func:`mentordesk.importing.cells.escape_formula`).
A workbook does have types: a cell written as a string (``t="inlineStr"``) is shown
as it is and never evaluated, whatever it starts with, so an exported ``=1+1`` or
``-Dash Name`` needs no apostrophe there. openpyxl would take text starting with
``=`` for a formula and ``#N/A`` for an error value; these cells are marked as
strings explicitly. Text that starts like a formula also gets Excel's "quote prefix"
style, the mark Excel itself sets when someone types ``'=1+1``: editing the cell
later keeps it text, and the apostrophe is not part of the value.

Kept below the exporter because the cohort plan (in this package) writes
workbooks too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mentordesk.importing.cells import FORMULA_STARTS


def text_cells(worksheet: Any, values: Iterable[Any], *, font: Any = None) -> list[Any]:
    """``values`` as cells of ``worksheet`` to append: text as string cells (never
    a formula, an error value or a number), other values as openpyxl types them.
    ``font`` styles every cell (a heading row)."""
    # openpyxl is imported here: it is only needed when a workbook is written.
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    for value in values:
        if isinstance(value, str):
            # XML cannot hold most control characters; they carry no meaning here.
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(worksheet, value=text)
            cell.data_type = "s"
            if text.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
        else:
            cell = WriteOnlyCell(worksheet, value=value)
        if font is not None:
            cell.font = font
        cells.append(cell)
    return cells
