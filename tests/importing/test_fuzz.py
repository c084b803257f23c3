"""Fuzzing the readers and importers: whatever the file, a clear MentorDeskError or a
clean report, never another exception, never a hang."""

from __future__ import annotations

import contextlib
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentordesk.errors import MentorDeskError
from mentordesk.importing import ImportReport, RowAction, import_pairs, import_people
from mentordesk.importing.columns import PAIR_COLUMNS, PEOPLE_COLUMNS
from mentordesk.importing.reading import read_table
from tests.factories import make_person
from tests.importing.conftest import add_program

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SECONDS_PER_EXAMPLE = 10

# Cells made of what breaks CSV readers: delimiters, quotes, line breaks, formula
# starts, control characters, letters from far-apart scripts, emails and dates.
_PIECES = st.sampled_from(
    [
        ",",
        ";",
        "\t",
        '"',
        "'",
        "\n",
        "\r\n",
        "\r",
        "=",
        "+",
        "-",
        "@",
        " ",
        "\x1b",
        "\ufeff",
        "é",
        "€",
        "営業",
        "😀",
        "ana@example.org",
        "bo@example.org",
        "E1",
        "e1",
        "yes",
        "no",
        "2027-01-11",
        "11/01/2027",
        "3",
        "60",
        "x" * 70,
    ]
)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_VALUES = st.sampled_from(
    [
        "ana@example.org",
        "bo@example.org",
        "cy@example.org",
        "E1",
        "e2",
        "Ana",
        "Spring 2027",
        "yes",
        "no",
        "2027-01-11",
        "11/01/2027",
        "active",
        "peer",
        "2",
    ]
)
_CELL = st.one_of(_TEXT, _VALUES, st.lists(_PIECES, max_size=4).map("".join))
_HEADINGS = [heading for column in PEOPLE_COLUMNS + PAIR_COLUMNS for heading in column.headings]
# Mostly headings a roster has, so that most files get as far as their rows.
_HEADER = st.tuples(
    st.sampled_from(
        [
            ["name", "email"],
            ["first name", "last name", "work email", "line manager"],
            ["full name", "employee id", "manager", "can mentor", "capacity"],
            ["mentor", "mentee", "start"],
            ["program", "mentor", "mentee", "status", "start date", "end date"],
            [],
        ]
    ),
    st.lists(st.one_of(st.sampled_from(_HEADINGS), _CELL), max_size=4),
).map(lambda parts: parts[0] + parts[1] or ["name"])
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "utf-32"])


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    def quoted(cell: str) -> str:
        if any(mark in cell for mark in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\r\n".join(delimiter.join(quoted(cell) for cell in row) for row in [header, *rows])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(_HEADER)
    rows = draw(st.lists(st.lists(_CELL, max_size=10), max_size=12))
    text = _csv_text(header, rows, draw(st.sampled_from([",", ";", "\t"])))
    if draw(st.booleans()):
        # Sometimes break the quoting on purpose.
        text = text.replace('""', '"', draw(st.integers(0, 3)))
    return text.encode(draw(_ENCODINGS), errors="replace")


def _check(report: ImportReport, rows_in_file: int | None = None) -> None:
    for row in report.rows:
        assert row.line >= 1
        if row.action is RowAction.REFUSED:
            assert row.reason and "\n" not in report.describe(row).split(": ", 1)[0]
    if rows_in_file is not None:
        assert len(report.rows) <= rows_in_file


def _timed(action) -> None:
    started = time.monotonic()
    with contextlib.suppress(MentorDeskError):
        action()
    assert time.monotonic() - started < SECONDS_PER_EXAMPLE


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_the_reader_on_arbitrary_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        _timed(lambda: read_table(path))


@pytest.mark.sqlite_only
@FUZZ
@given(content=csv_files(), skip_invalid=st.booleans(), dry_run=st.booleans())
def test_the_people_importer_on_generated_csv(database, content, skip_invalid, dry_run):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes(content)

        def run() -> None:
            with database.transaction() as session:
                report = import_people(session, path, dry_run=dry_run, skip_invalid=skip_invalid)
            _check(report)

        _timed(run)


@pytest.fixture
def pair_ready(database):
    with database.transaction() as session:
        add_program(session, "Spring 2027")
        make_person(session, name="Ana", email="ana@example.org", can_mentor=True, capacity=3)
        make_person(session, name="Bo", email="bo@example.org", employee_id="E1")
    return database


@pytest.mark.sqlite_only
@FUZZ
@given(content=csv_files(), date_format=st.sampled_from([None, "dmy", "mdy"]))
def test_the_pairs_importer_on_generated_csv(pair_ready, content, date_format):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pairs.csv"
        path.write_bytes(content)

        def run() -> None:
            with pair_ready.transaction() as session:
                report = import_pairs(session, path, skip_invalid=True, date_format=date_format)
            _check(report)

        _timed(run)


_XLSX_CELL = st.one_of(
    st.none(),
    _CELL.map(lambda text: "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
)


@pytest.mark.sqlite_only
@settings(FUZZ, max_examples=40)
@given(
    header=st.lists(st.sampled_from(_HEADINGS), min_size=1, max_size=8),
    rows=st.lists(st.lists(_XLSX_CELL, max_size=9), max_size=8),
)
def test_the_importers_on_generated_workbooks(pair_ready, header, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        # Text starting with "=" would be saved as a formula; a workbook from HR holds
        # such text as a string cell, which is what the quote prefix gives.
        sheet.append(
            [f"'{cell}" if isinstance(cell, str) and cell.startswith("=") else cell for cell in row]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        workbook.save(path)
        for importer in (import_people, import_pairs):

            def run(importer=importer) -> None:
                with pair_ready.transaction() as session:
                    _check(importer(session, path, skip_invalid=True))

            _timed(run)
