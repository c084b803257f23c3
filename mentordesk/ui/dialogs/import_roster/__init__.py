"""File → Import roster: people or pairs from an HR system's CSV or XLSX file.

Two steps. First the coordinator chooses the file, what it holds, the sheet of a
workbook and how its dates are written (``choose_page``). Then the file is checked
(a dry run in the worker, nothing saved) and every row is listed with its line and
what would happen to it: new, update, unchanged, or refused with the reason in
words (``preview_page``, ``rows``). "Import" writes every row and is only offered
when no row is refused; "Import the valid rows" writes the others and leaves the
refused ones out. Either way the import is one transaction: the database gets all
of those rows or none of them.

Rows that would change an employee id, or a value a spreadsheet seems to have
converted (``0042`` saved as ``42``), are marked Check and nothing is imported
until the coordinator confirms them (``held_changes``).

The file is fingerprinted when it is checked; if it changes before the import,
the import is refused and the coordinator checks it again, so what is saved is
always what was shown (``files``). ``dialog`` ties the pages to the worker.
"""

from mentordesk.ui.dialogs.import_roster.choose_page import KEY_DATE_FORMAT
from mentordesk.ui.dialogs.import_roster.dialog import (
    KEY_IMPORT_FOLDER,
    SAMPLE_HR_EXPORT,
    ImportRosterDialog,
)
from mentordesk.ui.dialogs.import_roster.files import (
    ROSTER_FILTER,
    file_fingerprint,
    workbook_sheets,
)
from mentordesk.ui.dialogs.import_roster.rows import (
    PAIRS,
    PEOPLE,
    Column,
    ImportRowsModel,
    RefusedFilter,
    Role,
    result_word,
    row_details,
)

__all__ = [
    "KEY_DATE_FORMAT",
    "KEY_IMPORT_FOLDER",
    "PAIRS",
    "PEOPLE",
    "ROSTER_FILTER",
    "SAMPLE_HR_EXPORT",
    "Column",
    "ImportRosterDialog",
    "ImportRowsModel",
    "RefusedFilter",
    "Role",
    "file_fingerprint",
    "result_word",
    "row_details",
    "workbook_sheets",
]
