"""The roster file itself, as the dialog needs it before and around the import: the
sheets of a workbook (for the sheet list) and a fingerprint of its bytes (so what
is imported is what was checked)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from mentordesk.errors import MentorDeskError
from mentordesk.importing.reading import check_workbook_archive

ROSTER_FILTER = "Roster files (*.csv *.xlsx *.xlsm *.txt *.tsv);;All files (*)"


def workbook_sheets(path: Path) -> list[str]:
    """The sheet names of an XLSX workbook, first to last; [] for anything else.

    The ZIP directory is checked first (as the importer does), so a ZIP bomb
    is never unpacked just to fill the list.
    """
    try:
        if not path.is_file() or not zipfile.is_zipfile(path):
            return []
        check_workbook_archive(path)
        import openpyxl

        with path.open("rb") as stream:
            workbook = openpyxl.load_workbook(stream, read_only=True)
            try:
                return list(workbook.sheetnames)
            finally:
                workbook.close()
    except (MentorDeskError, OSError, zipfile.BadZipFile, KeyError, ValueError):
        # The check step reports what is wrong with the file in words.
        return []
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        return []


def file_fingerprint(path: Path) -> str:
    """A digest of the file's bytes: the same file, unchanged, gives the same text."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1024 * 1024), b""):
                digest.update(block)
    except OSError as error:
        raise MentorDeskError(f"{path} cannot be read: {error.strerror or error}.") from None
    return digest.hexdigest()


def fingerprint_if_readable(path: Path) -> str | None:
    try:
        return file_fingerprint(path)
    except MentorDeskError:
        return None
