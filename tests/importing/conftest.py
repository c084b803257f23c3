"""Helpers for the import and export tests: roster files written the way HR systems do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mentordesk.store.models import AuditEntry, Pair, Person, Program

Writer = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> Writer:
    """Write rows as a CSV file: ``write_csv(rows, name=..., encoding=..., delimiter=...)``."""

    def write(
        rows: Sequence[Sequence[Any]],
        name: str = "roster.csv",
        encoding: str = "utf-8",
        delimiter: str = ",",
        newline: str = "\r\n",
    ) -> Path:
        lines = []
        for row in rows:
            cells = []
            for value in row:
                text = "" if value is None else str(value)
                if any(mark in text for mark in (delimiter, '"', "\n", "\r")):
                    text = '"' + text.replace('"', '""') + '"'
                cells.append(text)
            lines.append(delimiter.join(cells))
        path = tmp_path / name
        path.write_bytes((newline.join(lines) + newline).encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Writer:
    """Write rows to a workbook: ``write_xlsx(rows, name=..., sheet=..., other_sheets=...)``."""

    def write(
        rows: Sequence[Sequence[Any]],
        name: str = "roster.xlsx",
        sheet: str = "Roster",
        before: dict[str, Sequence[Sequence[Any]]] | None = None,
    ) -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        default = workbook.active
        for title, other_rows in (before or {}).items():
            other = workbook.create_sheet(title)
            for row in other_rows:
                other.append(list(row))
        worksheet = workbook.create_sheet(sheet)
        for row in rows:
            worksheet.append(list(row))
        workbook.remove(default)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


def people_count(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def pair_count(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(Pair)) or 0)


def audit_count(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def person(session: Any, email: str) -> Person:
    found = session.scalar(select(Person).where(Person.email == email))
    assert found is not None, email
    return found


def add_program(session: Any, name: str = "Spring 2027", model: str = "formal") -> Program:
    program = Program(name=name, start_date=date(2027, 1, 4), default_model=model)
    session.add(program)
    session.flush()
    return program
