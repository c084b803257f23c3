"""Importing rosters: people and pairs from the CSV and XLSX files HR systems export.

``import_people`` and ``import_pairs`` read a file, check every row, and return
an :class:`ImportReport` saying per row what was (or, on a dry run, would be)
created, updated or refused and why.
"""

from mentordesk.importing.cells import DateFormat
from mentordesk.importing.pairs import import_pairs
from mentordesk.importing.people import import_people
from mentordesk.importing.report import ImportReport, RowAction, RowOutcome

__all__ = ["DateFormat", "ImportReport", "RowAction", "RowOutcome", "import_pairs", "import_people"]
