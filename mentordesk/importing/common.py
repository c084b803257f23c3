"""What the people and pairs importers share: reading the file and its columns,
row-level problems, and bulk writing without one audit entry per row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk.errors import MentorDeskError
from mentordesk.importing.cells import CellProblem, DateFormat
from mentordesk.importing.columns import Column, ColumnMap, match_columns
from mentordesk.importing.reading import Cell, Table, read_table
from mentordesk.store import audit


class RowProblem(CellProblem):
    """A row that cannot be imported; ``str()`` is the reason in plain words."""


def reason(error: Exception) -> str:
    """A service's sentence ("The tag 'x' is too long.") as a report reason
    ("the tag 'x' is too long")."""
    text = str(error).strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def parse_date_format(value: DateFormat | str | None) -> DateFormat | None:
    """The date order a file uses, from "dmy", "mdy" or None."""
    if value is None or isinstance(value, DateFormat):
        return value
    try:
        return DateFormat(str(value).strip().lower())
    except ValueError:
        raise MentorDeskError(
            f"'{value}' is not a date format: use dmy (day/month/year) or mdy (month/day/year)."
        ) from None


@dataclass(frozen=True)
class OpenedFile:
    """A roster file read, with its columns matched."""

    table: Table
    columns: ColumnMap

    @property
    def warnings(self) -> tuple[str, ...]:
        """The headings' and the file's warnings, for the report."""
        return (*self.columns.warnings, *self.table.warnings)


def open_roster_file(
    path: str | Path,
    columns: Sequence[Column],
    *,
    sheet: str | None,
    information: Sequence[str] = (),
    what: str = "rows",
) -> OpenedFile:
    """Read ``path`` and match its headings to ``columns``; a file with headings and no
    ``what`` (people, pairs) under them is refused."""
    table = read_table(path, sheet=sheet)
    mapping = match_columns(table.header, columns, information=information, file_name=table.name)
    if not table.rows:
        raise MentorDeskError(
            f"{table.name} has a header row and no {what}: there is nothing to import. "
            "Check that the right file (or sheet) was chosen."
        )
    return OpenedFile(table=table, columns=mapping)


def check_ragged(columns: ColumnMap, cells: Sequence[Cell]) -> None:
    """Refuse a row with values past the last heading: its values have likely
    shifted (an unquoted delimiter inside a value), so none can be trusted."""
    extra = columns.extra_cells(cells)
    if extra:
        raise RowProblem(
            f"the row has {extra} value{'s' if extra > 1 else ''} beyond the last column "
            f"heading ({columns.width} columns); a value may contain the delimiter "
            "without quotes around it"
        )


@contextmanager
def one_audit_entry(
    session: Session, action: str, record_type: str, summary: str, fields: list[str]
) -> Iterator[None]:
    """Write the rows without an audit entry each, then one entry that sums the
    import up, so a 20,000-row import leaves one readable line in the log."""
    previous = session.info.get(audit.AUDIT_KEY, True)
    session.info[audit.AUDIT_KEY] = False
    try:
        yield
        session.flush()
        audit.record(session, action, record_type, None, summary, fields)
        session.flush()
    except IntegrityError:
        # Every row was checked against the database as it was when the import
        # started; only someone else saving at the same moment can break a rule
        # now. The caller's transaction rolls the whole import back.
        raise MentorDeskError(
            "Someone else changed the same records while the file was being imported, "
            "so nothing was imported. Import the file again."
        ) from None
    finally:
        session.info[audit.AUDIT_KEY] = previous
