"""Program files imported record by record from disk: any layout reads, bad text is refused
with the same sentence as a whole-document read, and the database is left unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mentordesk.demo import demo_program
from mentordesk.errors import MentorDeskError
from mentordesk.program_file import (
    dump_program,
    export_program,
    import_program,
    import_program_file,
    read_program_file,
    records,
)
from tests.services.test_program_file import minimal_document, row_counts

TODAY = date(2027, 6, 1)


def file_import(database: Any, path: Path) -> Any:
    with database.transaction() as session:
        return import_program_file(session, path)


def exported(database: Any, program_id: int) -> str:
    with database.transaction() as session:
        return dump_program(export_program(session, program_id, include_confidential=True))


def whole_import_error(database: Any, path: Path) -> str:
    """The sentence refusing ``path`` when it is read whole, then imported."""
    with pytest.raises(MentorDeskError) as raised, database.transaction() as session:
        import_program(session, read_program_file(path))
    return str(raised.value)


@pytest.fixture
def demo_text() -> str:
    return dump_program(demo_program(30, 5, TODAY))


def test_an_exported_file_imports_record_by_record_and_exports_the_same(
    database: Any, tmp_path: Path, demo_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A buffer of a few characters: every record and most values are cut by its end.
    monkeypatch.setattr(records, "CHUNK_CHARS", 7)
    path = tmp_path / "demo.mentordesk.json"
    path.write_text(demo_text, encoding="utf-8")
    summary = file_import(database, path)
    assert summary.pairs == 30
    assert exported(database, summary.program_id) == demo_text


@pytest.mark.parametrize("layout", ["indented", "pairs-first", "byte-order-mark", "one-line"])
def test_any_layout_of_the_same_document_imports_the_same(
    database: Any, tmp_path: Path, demo_text: str, layout: str
) -> None:
    document = json.loads(demo_text)
    if layout == "indented":
        text = json.dumps(document, indent=2, ensure_ascii=False)
    elif layout == "pairs-first":
        order = ["workshops", "pairs", "program_conflicts", "people", "program", "version"]
        text = json.dumps({name: document[name] for name in order} | document)
    elif layout == "byte-order-mark":
        text = "\ufeff" + demo_text
    else:
        text = json.dumps(document)
    path = tmp_path / "demo.mentordesk.json"
    path.write_text(text, encoding="utf-8")
    summary = file_import(database, path)
    assert exported(database, summary.program_id) == demo_text


def cut(text: str, after: str) -> str:
    return text[: text.index(after) + len(after)]


BAD_TEXTS = {
    "empty": "",
    "cut in a pair": lambda text: cut(text, '"pairs": [\n{"key": "x1", "mentor"'),
    "cut after a pair": lambda text: cut(text, '"pairs": [\n{'),
    "no comma between pairs": lambda text: text.replace("]},\n{", "]}\n{", 1),
    "trailing comma": lambda text: text.replace("\n],\n", ",\n],\n", 1),
    "nan": lambda text: text.replace('"minutes": 45', '"minutes": NaN', 1),
    "digits": lambda text: text.replace('"minutes": 45', '"minutes": ' + "9" * 5000, 1),
    "extra data": lambda text: text + "{}",
    "a list": "[1, 2, 3]",
    "control character": lambda text: text.replace('"notes": "', '"notes": "\x01', 1),
}


@pytest.mark.parametrize("kind", list(BAD_TEXTS))
def test_bad_text_is_refused_as_a_whole_read_refuses_it_and_nothing_is_written(
    database: Any,
    tmp_path: Path,
    demo_text: str,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = BAD_TEXTS[kind]
    text = bad if isinstance(bad, str) else bad(demo_text)
    assert text != demo_text
    path = tmp_path / "bad.mentordesk.json"
    path.write_text(text, encoding="utf-8")
    expected = whole_import_error(database, path)
    before = row_counts(database)
    for chunk in (records.CHUNK_CHARS, 50):
        monkeypatch.setattr(records, "CHUNK_CHARS", chunk)
        with pytest.raises(MentorDeskError) as raised:
            file_import(database, path)
        assert str(raised.value) == expected
        assert row_counts(database) == before


def test_bytes_that_are_not_utf8_are_refused_with_their_place(
    database: Any, tmp_path: Path, demo_text: str
) -> None:
    data = demo_text.encode("utf-8")
    where = data.index(b'"pairs"') + 40
    path = tmp_path / "bad.mentordesk.json"
    path.write_bytes(data[:where] + b"\xff" + data[where:])
    before = row_counts(database)
    with pytest.raises(MentorDeskError, match=f"not UTF-8 text \\(byte {where:,} cannot be read"):
        file_import(database, path)
    assert row_counts(database) == before


@pytest.mark.parametrize("kind", ["repeated member", "unknown member", "late problem"])
def test_problems_of_the_document_are_the_whole_reads_problems(
    database: Any, tmp_path: Path, kind: str
) -> None:
    text = dump_program(minimal_document())
    if kind == "repeated member":
        text = text.replace('"workshops": [', '"workshops": [], "workshops": [', 1)
    elif kind == "unknown member":
        text = text.replace('"pairs": [', '"pears": 1, "pairs": [', 1)
    else:
        text = text.replace('"attendees": ["ana"', '"attendees": ["nobody", "ana"', 1)
    path = tmp_path / "doc.mentordesk.json"
    path.write_text(text, encoding="utf-8")
    expected = whole_import_error(database, path)
    before = row_counts(database)
    with pytest.raises(MentorDeskError) as raised:
        file_import(database, path)
    assert str(raised.value) == expected
    assert row_counts(database) == before


def test_missing_files_and_folders_are_one_sentence(database: Any, tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError, match="There is no file"):
        file_import(database, tmp_path / "nope.json")
    with pytest.raises(MentorDeskError, match="is a folder"):
        file_import(database, tmp_path)


def test_the_reader_holds_a_record_and_a_buffer_not_the_file(
    tmp_path: Path, demo_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "CHUNK_CHARS", 4096)
    longest = max(len(line) for line in demo_text.splitlines())
    path = tmp_path / "demo.mentordesk.json"
    path.write_text(demo_text * 1, encoding="utf-8")
    held = 0
    with path.open("rb") as stream:
        reader = records.RecordReader(stream)
        for _name, value in reader.members():
            for _record in value if not isinstance(value, dict | str | int) else ():
                held = max(held, len(reader._buffer))
    assert len(demo_text) > 10 * (4096 + longest)
    assert held <= 3 * (4096 + longest)
