"""Reading roster files: encodings, delimiters, workbooks, and files that must be refused."""

from __future__ import annotations

import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from mentordesk.errors import MentorDeskError
from mentordesk.importing import reading
from mentordesk.importing.reading import detect_delimiter, read_table

ROWS = [
    ["Name", "Email", "Department"],
    ["Zoë Ångström", "zoe@example.org", "Façade & Ops"],
    ["Nuño Peña", "nuno@example.org", "Finance; Legal"],
]


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 with byte order mark"),
        ("utf-16", "UTF-16"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-32", "UTF-32"),
        ("cp1252", "Windows-1252"),
    ],
)
def test_every_encoding_reads_the_same_rows(write_csv, encoding, label):
    # utf-16, utf-32 and utf-8-sig write a byte order mark; utf-16-be/-le write none.
    path = write_csv(ROWS, encoding=encoding)
    table = read_table(path)
    assert label in table.description
    assert table.header == ("Name", "Email", "Department")
    assert [row.cells for row in table.rows] == [tuple(row) for row in ROWS[1:]]


def test_utf16_with_big_endian_mark(tmp_path):
    path = tmp_path / "be.csv"
    text = "\r\n".join(",".join(row) for row in ROWS) + "\r\n"
    path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    table = read_table(path)
    assert table.description.startswith("CSV, UTF-16")
    assert table.rows[0].cells[0] == "Zoë Ångström"


def test_windows_1252_keeps_the_euro_sign_and_smart_quotes(write_csv):
    path = write_csv([["Name", "Email"], ["“Bea” 5€", "bea@example.org"]], encoding="cp1252")
    table = read_table(path)
    assert table.rows[0].cells[0] == "“Bea” 5€"
    assert "Windows-1252" in table.description


@pytest.mark.parametrize(("delimiter", "word"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_every_delimiter_is_detected(write_csv, delimiter, word):
    table = read_table(write_csv(ROWS, delimiter=delimiter))
    assert f"{word}-separated" in table.description
    assert table.rows[1].cells == ("Nuño Peña", "nuno@example.org", "Finance; Legal")


def test_semicolon_file_with_commas_inside_values():
    text = "name;email;skills\nAna;ana@x.org;python, sql, r\nBo;bo@x.org;excel, sql\n"
    assert detect_delimiter(text) == ";"


def test_comma_file_with_semicolons_inside_quoted_values():
    text = 'name,email,skills\nAna,ana@x.org,"python; sql; r"\nBo,bo@x.org,"excel; sql"\n'
    assert detect_delimiter(text) == ","


def test_a_single_column_file_reads_as_one_column(write_csv):
    table = read_table(write_csv([["email"], ["a@example.org"], ["b@example.org"]]))
    assert table.header == ("email",)
    assert len(table.rows) == 2


def test_line_numbers_count_physical_lines_and_skip_blank_rows(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text('name,notes\n\nAna,"two\nlines"\n,\nBo,one\n', encoding="utf-8", newline="")
    table = read_table(path)
    assert [row.line for row in table.rows] == [3, 6]
    assert table.rows[0].cells == ("Ana", "two\nlines")


def test_header_after_blank_lines(tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("\n\n , \nname,email\nAna,a@x.org\n", encoding="utf-8")
    table = read_table(path)
    assert table.header_line == 4
    assert table.rows[0].line == 5


def test_mixed_line_endings(tmp_path):
    path = tmp_path / "endings.csv"
    path.write_bytes(b"name,email\rAna,a@x.org\r\nBo,b@x.org\nCy,c@x.org")
    table = read_table(path)
    assert [row.cells[0] for row in table.rows] == ["Ana", "Bo", "Cy"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n\r\n", "only blank lines"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00junk" * 50, "not a CSV text file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style Excel"),
        (b"name,email\n\x81\x8d\x8f\x90\x9d,x\n", "not a CSV text file"),
        (b"\xef\xbb\xbfname\xff\xfe\n", "not valid UTF-8"),
    ],
)
def test_files_that_are_not_rosters_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(MentorDeskError, match=message):
        read_table(path)


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(MentorDeskError, match="There is no file"):
        read_table(tmp_path / "nothing.csv")
    with pytest.raises(MentorDeskError, match="is a folder"):
        read_table(tmp_path)


def test_a_sheet_name_for_a_csv_file_is_refused(write_csv):
    with pytest.raises(MentorDeskError, match="a sheet can only be chosen in a workbook"):
        read_table(write_csv(ROWS), sheet="People")


def test_too_many_columns(write_csv):
    wide = [[f"c{n}" for n in range(reading.MAX_COLUMNS + 1)]]
    with pytest.raises(MentorDeskError, match="more than 200 columns"):
        read_table(write_csv(wide))


def test_too_many_rows(write_csv, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [["name"], *([f"P{n}"] for n in range(4))]
    with pytest.raises(MentorDeskError, match="more than 3 rows"):
        read_table(write_csv(rows))


def test_a_huge_cell_is_refused(write_csv):
    with pytest.raises(MentorDeskError, match="line 2, column 2"):
        read_table(write_csv([["name", "notes"], ["Ana", "x" * (reading.MAX_CELL_CHARS + 1)]]))


def test_an_unclosed_quote_is_a_clear_error_not_a_hang(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('name,email\n"Ana,a@x.org\n' + "Bo,b@x.org\n" * 20000, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(MentorDeskError, match="quote"):
        read_table(path)
    assert time.monotonic() - started < 10


def test_too_large_a_csv_file(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_text("name\n" + "Ana\n" * 50, encoding="utf-8")
    with pytest.raises(MentorDeskError, match="too large"):
        read_table(path)


def test_sniffing_pathological_text_is_quick():
    text = ('"' + ',"' * 4000 + "\n") * 3
    started = time.monotonic()
    detect_delimiter(text)
    assert time.monotonic() - started < 5


# --------------------------------------------------------------------------- XLSX


def test_first_sheet_with_typed_cells(write_xlsx):
    path = write_xlsx(
        [
            ["Name", "Employee number", "Start", "Can mentor"],
            ["Ana", 1042, datetime(2027, 3, 1), True],
            [None, None, None, None],
            ["Bo", 7, None, False],
        ]
    )
    table = read_table(path)
    assert table.description == "XLSX, sheet 'Roster'"
    assert table.line_word == "row"
    assert [row.line for row in table.rows] == [2, 4]
    assert table.rows[0].cells == ("Ana", 1042, datetime(2027, 3, 1), True)


def test_a_named_sheet_in_any_case(write_xlsx):
    path = write_xlsx([["Name"], ["Bo"]], sheet="People", before={"Notes": [["hello"]]})
    assert read_table(path).header == ("hello",)
    table = read_table(path, sheet="people")
    assert table.header == ("Name",)
    assert table.rows[0].cells == ("Bo",)


def test_a_missing_sheet_lists_the_sheets(write_xlsx):
    path = write_xlsx([["Name"]], sheet="People", before={"Notes": [["x"]]})
    with pytest.raises(
        MentorDeskError, match="no sheet called 'Staff'; its sheets are 'Notes', 'People'"
    ):
        read_table(path, sheet="Staff")


def test_an_empty_sheet(write_xlsx):
    with pytest.raises(MentorDeskError, match="sheet is empty"):
        read_table(write_xlsx([]))


def test_a_workbook_named_csv_is_read_as_a_workbook(write_xlsx):
    path = write_xlsx([["Name"], ["Ana"]], name="renamed.csv")
    assert read_table(path).rows[0].cells == ("Ana",)


def test_an_xlsx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("name,email\nAna,a@x.org\n", encoding="utf-8")
    with pytest.raises(MentorDeskError, match="not an XLSX workbook"):
        read_table(path)


def test_a_truncated_workbook(write_xlsx):
    path = write_xlsx([["Name"], *([f"P{n}"] for n in range(200))])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(MentorDeskError, match="damaged"):
        read_table(path)


def test_a_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(MentorDeskError, match="cannot be read as an XLSX workbook"):
        read_table(path)


def _zip_bomb(path: Path, megabytes: int) -> None:
    """A workbook-shaped archive whose sheet unpacks to ``megabytes`` of zeros."""
    chunk = b"0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(megabytes):
                member.write(chunk)


def test_a_zip_bomb_is_refused_without_being_unpacked(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    _zip_bomb(path, 64)
    assert path.stat().st_size < 1024 * 1024
    opened: list[object] = []
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    started = time.monotonic()
    with pytest.raises(MentorDeskError, match="ZIP bomb"):
        read_table(path)
    assert time.monotonic() - started < 5
    assert opened == []


def test_a_workbook_declaring_too_much_in_total_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_WORKBOOK_UNPACKED_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "large.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for number in range(3):
            archive.writestr(f"xl/part{number}.xml", b"x" * 1024 * 1024)
    with pytest.raises(MentorDeskError, match="would unpack to 3 MB"):
        read_table(path)


def test_a_workbook_with_too_many_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_WORKBOOK_MEMBERS", 10)
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(11):
            archive.writestr(f"xl/part{number}.xml", "x")
    with pytest.raises(MentorDeskError, match="11 parts"):
        read_table(path)


def test_a_sheet_wider_than_the_cap(write_xlsx):
    row = ["x"] * (reading.MAX_COLUMNS + 1)
    with pytest.raises(MentorDeskError, match="more than 200 columns"):
        read_table(write_xlsx([["Name"], row]))


def test_a_hostile_dimension_does_not_pad_rows(write_xlsx):
    from openpyxl import load_workbook

    path = write_xlsx([["Name", "Email"], ["Ana", "a@x.org"]])
    workbook = load_workbook(path)
    workbook.active["XFD1048576"] = None
    workbook.save(path)
    # Rewrite the declared dimension to the whole sheet, as a hostile file would.
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet_name = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    xml = parts[sheet_name].decode("utf-8")
    import re

    xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml)
    parts[sheet_name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    started = time.monotonic()
    table = read_table(path)
    assert time.monotonic() - started < 10
    assert table.header == ("Name", "Email")
    assert table.rows[0].cells == ("Ana", "a@x.org")


def test_excel_separator_line(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbfsep=;\r\nName;Email\r\nAna, the first;a@x.org\r\n")
    table = read_table(path)
    assert "semicolon-separated" in table.description
    assert table.header == ("Name", "Email")
    assert (table.header_line, table.rows[0].line) == (2, 3)
    assert table.rows[0].cells == ("Ana, the first", "a@x.org")


def test_control_characters_leave_headings(tmp_path):
    path = tmp_path / "escape.csv"
    path.write_text("Na\x1b[2Jme,Email\x07\nAna,a@x.org\n", encoding="utf-8")
    assert read_table(path).header == ("Na[2Jme", "Email")
