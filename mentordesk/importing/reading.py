"""Reading a roster file into rows: a CSV file as HR systems write them, or a
sheet of an XLSX workbook.

Everything here treats the file as untrusted. A CSV file may be UTF-8 (with or
without a byte order mark), UTF-16 or UTF-32 with a byte order mark, or, failing
UTF-8, Windows-1252 (what Excel on Windows writes as "CSV"); its delimiter, a
comma, semicolon or tab, is detected. A workbook's ZIP directory is checked
before openpyxl opens it, so a ZIP bomb is refused without being unpacked, and
the number of rows, columns and the length of a cell are capped, so no file can
make MentorDesk hang or run out of memory. Every problem with the file as a
whole is a MentorDeskError that names the file; problems with single rows are
for the importers to report.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

from mentordesk.errors import MentorDeskError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest CSV file read (64 MB holds several hundred thousand roster rows)."""

MAX_ROWS = 200_000
"""The most data rows (blank rows not counted) a roster file may hold."""

MAX_COLUMNS = 200
"""The most columns a roster file may have; HR exports rarely reach a hundred."""

MAX_CELL_CHARS = 32_767
"""The longest cell, in characters: Excel's own limit for a cell."""

# A workbook is a ZIP of XML parts. A real roster's parts unpack to a few tens of
# megabytes and compress about ten to twenty times; a ZIP bomb claims gigabytes
# or ratios in the thousands. zipfile never unpacks more than a member declares,
# so checking the declared sizes is enough.
MAX_WORKBOOK_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_WORKBOOK_MEMBERS = 2_000
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECKED_FROM_BYTES = 1024 * 1024

EXCEL_MAX_ROWS = 1_048_576

DELIMITERS = ",;\t"
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# How much of a CSV file the delimiter detection looks at: enough lines to see
# the pattern, and small enough that csv.Sniffer's regular expressions (which
# can be slow on pathological input) finish at once.
_SNIFF_CHARS = 8 * 1024
_SNIFF_LINES = 40

# More control characters than this share (tab and line breaks aside) means
# the file is not text at all but binary data that happens to decode: random
# bytes are one eighth controls, a roster almost none (a stray escape sequence
# pasted into a name is cleaned away later, not a reason to refuse the file).
_MAX_CONTROL_SHARE = 0.05
_MIN_CONTROLS = 16
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_CONTROLS = frozenset(chr(code) for code in range(32)) - _ALLOWED_CONTROLS | {"\x7f"}

_SEPARATOR_LINE = re.compile(r"sep=([,;\t])[ ]*(\r\n|\n|\r)")
_HEADING_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})

Cell = str | int | float | bool | date | datetime | time | timedelta | None
"""A cell as read: always text from a CSV file; typed values from a workbook."""


class SheetRow(NamedTuple):
    """One data row and where it is in the file (line of a CSV file, row of a sheet)."""

    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A roster file read: its headings and its non-blank data rows.

    ``line_word`` is how the file's own viewer counts ("line" in a text editor,
    "row" in Excel), so a report can point at the place the coordinator sees.
    """

    name: str
    description: str
    line_word: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[SheetRow, ...]
    #: What was read but may not be what the file means (formulas without a saved result).
    warnings: tuple[str, ...] = ()


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read a roster file (CSV or XLSX) into its headings and rows.

    The format is taken from the file's content (a workbook is a ZIP archive),
    falling back to its name. ``sheet`` picks a workbook's sheet by name (the
    first sheet otherwise). Raises MentorDeskError for a file that is missing,
    empty, not a roster file, damaged, too large or a ZIP bomb.
    """
    path = Path(path)
    name = path.name
    try:
        if path.is_dir():
            raise MentorDeskError(f"{path} is a folder, not a CSV or XLSX file.")
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise MentorDeskError(f"There is no file {path}.") from None
    except OSError as error:
        raise MentorDeskError(f"{path} cannot be read: {error.strerror or error}.") from None
    if size == 0:
        raise MentorDeskError(f"{name} is empty.")
    if head.startswith(_OLE2_MAGIC):
        raise MentorDeskError(
            f"{name} is an old-style Excel workbook (.xls); open it in Excel or "
            "LibreOffice and save it as .xlsx or CSV first."
        )
    if head.startswith(_ZIP_MAGIC):
        return _read_workbook(path, sheet)
    if path.suffix.lower() in _WORKBOOK_SUFFIXES:
        raise MentorDeskError(
            f"{name} is not an XLSX workbook: it may be damaged, or another kind of file "
            "that was renamed."
        )
    if sheet is not None:
        raise MentorDeskError(f"{name} is a CSV file; a sheet can only be chosen in a workbook.")
    if size > MAX_FILE_BYTES:
        raise MentorDeskError(
            f"{name} is too large ({size / 1024 / 1024:,.0f} MB; at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB). Split it into smaller files."
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MentorDeskError(f"{path} cannot be read: {error.strerror or error}.") from None
    return read_csv_bytes(data, name)


# --------------------------------------------------------------------------- CSV


def read_csv_bytes(data: bytes, name: str) -> Table:
    """Read the bytes of a CSV file called ``name`` (the name is used in messages)."""
    if not data:
        raise MentorDeskError(f"{name} is empty.")
    text, encoding = decode_text(data, name)
    declared = _SEPARATOR_LINE.match(text)
    if declared is not None:
        # Excel's "sep=;" first line names the delimiter; it is not a row. A blank
        # line in its place keeps the line numbers those of the file.
        delimiter = declared.group(1)
        text = text[declared.end() - len(declared.group(2)) :]
    else:
        delimiter = detect_delimiter(text)
    description = f"CSV, {encoding}, {_DELIMITER_NAMES[delimiter]}-separated"
    header, header_line, rows = _parse_csv(text, delimiter, name)
    return Table(
        name=name,
        description=description,
        line_word="line",
        header=header,
        header_line=header_line,
        rows=rows,
    )


_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with byte order mark"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding.

    A byte order mark decides; without one, UTF-16 is recognised by its zero
    bytes, then UTF-8 is tried, then Windows-1252. Binary data is refused.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                raise MentorDeskError(
                    f"{name} starts like a {label} text file, but byte {error.start + 1:,} "
                    f"is not valid {label}. Save it again as CSV (UTF-8)."
                ) from None
            return _checked_text(text, name), label
    if b"\x00" in data:
        text_label = _utf16_without_bom(data)
        if text_label is None:
            raise _not_text(name)
        return _checked_text(text_label[0], name), text_label[1]
    try:
        return _checked_text(data.decode("utf-8"), name), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return _checked_text(data.decode("cp1252"), name), "Windows-1252"
    except UnicodeDecodeError:
        raise _not_text(name) from None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text that is UTF-16 without a byte order mark (mostly ASCII, so every
    other byte is zero), or None."""
    if len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        codec, label = "utf-16-le", "UTF-16 (little-endian)"
    elif even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        codec, label = "utf-16-be", "UTF-16 (big-endian)"
    else:
        return None
    try:
        return data.decode(codec), label
    except UnicodeDecodeError:
        return None


def _not_text(name: str) -> MentorDeskError:
    return MentorDeskError(
        f"{name} is not a CSV text file (nor an XLSX workbook). Export the roster from the "
        "HR system as CSV or XLSX."
    )


def _checked_text(text: str, name: str) -> str:
    sample = text[:65536]
    controls = sum(1 for character in sample if character in _CONTROLS)
    if "\x00" in text or controls > max(_MIN_CONTROLS, _MAX_CONTROL_SHARE * len(sample)):
        raise _not_text(name)
    return text


def detect_delimiter(text: str) -> str:
    """The delimiter of a CSV text: comma, semicolon or tab.

    csv.Sniffer (limited to those three) proposes one; its guess is kept when it
    splits the heading into columns at least as consistently as counting does,
    else the delimiter that splits the first lines most consistently wins.
    """
    sample = _sample(text)
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    scores = {delimiter: _split_score(sample, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: scores[delimiter])
    if sniffed in scores and scores[sniffed] >= scores[best]:
        return sniffed
    return best


def _sample(text: str) -> str:
    lines = text[:_SNIFF_CHARS].splitlines(keepends=True)
    if len(text) > _SNIFF_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last one may be cut short
    return "".join(lines[:_SNIFF_LINES])


def _split_score(sample: str, delimiter: str) -> tuple[int, float, int]:
    """(heading has several columns, share of rows as wide as the heading, heading width)."""
    try:
        # A line of bare delimiters counts: it shows the delimiter even if it holds nothing.
        records = [
            record
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if len(record) > 1 or (record and record[0].strip())
        ]
    except csv.Error:
        return (0, 0.0, 0)
    if not records:
        return (0, 0.0, 0)
    width = len(records[0])
    rest = records[1:]
    consistent = sum(1 for record in rest if len(record) == width) / len(rest) if rest else 1.0
    return (int(width > 1), consistent if width > 1 else 0.0, width)


def _parse_csv(
    text: str, delimiter: str, name: str
) -> tuple[tuple[str, ...], int, tuple[SheetRow, ...]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[SheetRow] = []
    start = 1
    # The csv module's own limit (128 KiB a field) would call a huge cell "an unclosed
    # quote"; lift it so _check_cells says what is wrong with the cell.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            joined = "".join(record)
            if not joined or joined.isspace():
                continue
            _check_width(len(record), name, "line", line)
            if len(joined) > MAX_CELL_CHARS:
                _check_cells(record, name, "line", line)
            if header is None:
                header, header_line = tuple(_heading(cell) for cell in record), line
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(name)
            rows.append(SheetRow(line, tuple(record)))
    except csv.Error as error:
        raise MentorDeskError(
            f"{name} cannot be read as CSV near line {start:,}: {error}. Check for a quote "
            'character (") that is opened and never closed.'
        ) from None
    finally:
        csv.field_size_limit(limit)
    if header is None:
        raise MentorDeskError(f"{name} holds no rows, only blank lines.")
    return header, header_line, tuple(rows)


def _heading(cell: Cell) -> str:
    """A column heading as text, without control characters (it may be shown in a message)."""
    return "" if cell is None else _HEADING_CONTROLS.sub("", str(cell)).strip()


def _check_width(width: int, name: str, line_word: str, line: int) -> None:
    if width > MAX_COLUMNS:
        raise MentorDeskError(
            f"{name} has more than {MAX_COLUMNS} columns ({line_word} {line:,}); "
            "keep the roster's columns and remove the rest."
        )


def _check_cells(cells: Sequence[Cell], name: str, line_word: str, line: int) -> None:
    for position, cell in enumerate(cells, start=1):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            # A quote never closed swallows the lines after it; one long line is just long.
            why = (
                'a quote character (") may be opened and never closed'
                if "\n" in cell or "\r" in cell
                else "shorten it or leave it out of the roster"
            )
            raise MentorDeskError(
                f"{name}, {line_word} {line:,}, column {position}: a cell holds "
                f"{len(cell):,} characters, more than a cell can ({MAX_CELL_CHARS:,}); {why}."
            )


def _too_many_rows(name: str) -> MentorDeskError:
    return MentorDeskError(f"{name} has more than {MAX_ROWS:,} rows; split it into smaller files.")


# --------------------------------------------------------------------------- XLSX


def check_workbook_archive(path: Path) -> None:
    """Refuse a workbook whose ZIP directory declares too much to unpack (a ZIP bomb),
    too many parts, or is no ZIP archive at all; nothing is unpacked here."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise MentorDeskError(
            f"{name} is not a readable XLSX workbook: the archive is damaged."
        ) from None
    if len(members) > MAX_WORKBOOK_MEMBERS:
        raise _bomb(name, f"it holds {len(members):,} parts")
    total = 0
    for member in members:
        total += member.file_size
        if (
            member.file_size > _RATIO_CHECKED_FROM_BYTES
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            ratio = member.file_size / max(member.compress_size, 1)
            raise _bomb(name, f"one part would grow {ratio:,.0f} times when unpacked")
    if total > MAX_WORKBOOK_UNPACKED_BYTES:
        raise _bomb(name, f"it would unpack to {total / 1024 / 1024:,.0f} MB")


def _bomb(name: str, why: str) -> MentorDeskError:
    return MentorDeskError(
        f"{name} was not opened: {why}, far more than any roster needs. It may be a "
        "ZIP bomb; if it is a real workbook, save its roster sheet on its own."
    )


def _read_workbook(path: Path, sheet: str | None) -> Table:
    check_workbook_archive(path)
    name = path.name
    # openpyxl is imported here so the command line starts quickly.
    import openpyxl

    # An open file rather than the path: openpyxl would refuse a workbook whose
    # name does not end in .xlsx, but the content is what counts.
    with path.open("rb") as stream:
        try:
            # Warnings about features openpyxl does not keep (data validation,
            # conditional formats) do not matter for reading values.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a damaged workbook
            raise _damaged(name, error) from None
        try:
            worksheet = _choose_sheet(workbook, sheet, name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                header, header_line, rows = _sheet_rows(worksheet, name)
            title = worksheet.title  # type: ignore[attr-defined]
        except MentorDeskError:
            raise
        except Exception as error:  # a damaged sheet surfaces only while it is read
            raise _damaged(name, error) from None
        finally:
            workbook.close()
    notes: tuple[str, ...] = ()
    if _has_formulas(path):
        notes = _formulas_without_results(path, title, header, rows, name)
    return Table(
        name=name,
        description=f"XLSX, sheet '{title}'",
        line_word="row",
        header=header,
        header_line=header_line,
        rows=rows,
        warnings=notes,
    )


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formulas(path: Path) -> bool:
    """Whether any sheet of the workbook holds a formula (a cheap look at its XML)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if not member.filename.startswith("xl/worksheets/"):
                    continue
                with archive.open(member) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if _FORMULA_ELEMENT.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return False


def _formulas_without_results(
    path: Path,
    title: str,
    header: tuple[str, ...],
    rows: tuple[SheetRow, ...],
    name: str,
) -> tuple[str, ...]:
    """A warning naming the cells that hold a formula but no saved result: openpyxl
    reads them as empty (a workbook written by a program that does not calculate)."""
    import openpyxl

    read = {row.line: row.cells for row in rows}
    missing: list[tuple[int, int]] = []
    try:
        with path.open("rb") as stream, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
            try:
                worksheet = workbook[title]
                worksheet.reset_dimensions()
                formulas = worksheet.iter_rows(max_col=len(header), values_only=True)
                for line, cells in enumerate(formulas, start=1):
                    if line > EXCEL_MAX_ROWS:
                        break
                    values = read.get(line)
                    if values is None:
                        continue
                    for position, cell in enumerate(cells):
                        if not (isinstance(cell, str) and cell.startswith("=")):
                            continue
                        if position >= len(values) or values[position] is None:
                            missing.append((line, position))
            finally:
                workbook.close()
    except Exception:  # the values were read already; this is only a second look
        return ()
    if not missing:
        return ()
    shown = ", ".join(
        f"row {line:,} ('{header[position] or f'column {position + 1}'}')"
        for line, position in missing[:3]
    )
    more = f" and {len(missing) - 3:,} more" if len(missing) > 3 else ""
    count = len(missing)
    return (
        f"{name}: {count:,} cell{'s' if count > 1 else ''} hold{'' if count > 1 else 's'} a "
        f"formula without a saved result ({shown}{more}) and {'were' if count > 1 else 'was'} "
        "read as empty. Open the workbook in Excel or LibreOffice and save it again so the "
        "results are stored, or type the values in.",
    )


def _damaged(name: str, error: Exception) -> MentorDeskError:
    return MentorDeskError(
        f"{name} cannot be read as an XLSX workbook ({type(error).__name__}); it may be "
        "damaged. Open it in Excel or LibreOffice and save it again, or export it as CSV."
    )


def _choose_sheet(workbook: object, sheet: str | None, name: str) -> object:
    worksheets = list(workbook.worksheets)  # type: ignore[attr-defined]
    if not worksheets:
        raise MentorDeskError(f"{name} has no sheet with cells.")
    if sheet is None:
        return worksheets[0]
    for candidate in worksheets:
        if candidate.title == sheet:
            return candidate
    folded = sheet.strip().casefold()
    for candidate in worksheets:
        if candidate.title.strip().casefold() == folded:
            return candidate
    titles = ", ".join(f"'{candidate.title}'" for candidate in worksheets)
    raise MentorDeskError(f"{name} has no sheet called '{sheet}'; its sheets are {titles}.")


def _sheet_rows(worksheet: object, name: str) -> tuple[tuple[str, ...], int, tuple[SheetRow, ...]]:
    # The dimension a workbook declares may be wrong (or hostile: A1:XFD1048576);
    # forget it, and never let a row be wider than the cap plus one column, the
    # one that tells a too-wide sheet apart.
    worksheet.reset_dimensions()  # type: ignore[attr-defined]
    rows_iter: Iterator[tuple[Cell, ...]] = worksheet.iter_rows(  # type: ignore[attr-defined]
        max_col=MAX_COLUMNS + 1, values_only=True
    )
    header: tuple[str, ...] | None = None
    header_line = 0
    width = MAX_COLUMNS
    rows: list[SheetRow] = []
    # openpyxl fills a gap between rows with one shared blank tuple: knowing it
    # by identity keeps a sheet with a cell in its last row (a million rows
    # apart) from costing a scan of every blank row.
    blank: object = None
    for line, cells in enumerate(rows_iter, start=1):
        if line > EXCEL_MAX_ROWS:
            break
        if cells is blank or not any(cells):
            blank = cells
            continue
        if header is None:
            cells = _trimmed(cells)
            _check_width(len(cells), name, "row", line)
            _check_cells(cells, name, "row", line)
            header = tuple(_heading(cell) for cell in cells)
            header_line = line
            width = len(header)
            continue
        # Cells past the heading are usually empty; a quick look in C avoids
        # trimming every padded row one cell at a time.
        if any(cell is not None for cell in cells[width:]):
            cells = _trimmed(cells)
            _check_width(len(cells), name, "row", line)
        else:
            cells = tuple(cells[:width])
        _check_cells(cells, name, "row", line)
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(name)
        rows.append(SheetRow(line, cells))
    if header is None:
        raise MentorDeskError(f"{name} has no rows: its sheet is empty.")
    return header, header_line, tuple(rows)


def _trimmed(cells: Sequence[Cell]) -> tuple[Cell, ...]:
    end = len(cells)
    while end and (cells[end - 1] is None or cells[end - 1] == ""):
        end -= 1
    return tuple(cells[:end])
