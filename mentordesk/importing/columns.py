"""Which column of a roster file holds what: headings matched to fields.

Headings are compared without regard to case, spacing or underscores, and
with the synonyms HR exports use ("E-mail", "Work email", "Staff ID", "Dept",
"Line manager", ...). The first synonym of each field is the heading MentorDesk
writes when it exports, so an exported file reads back in unchanged.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from mentordesk.errors import MentorDeskError
from mentordesk.importing.reading import Cell


@dataclass(frozen=True)
class Column:
    """A field of an import and the headings that name it.

    ``headings[0]`` is the heading an export writes. ``several`` lets more than
    one column feed the field (a "Skills" and an "Interests" column both give
    tags); any other field named twice is refused as ambiguous.
    """

    field: str
    headings: tuple[str, ...]
    several: bool = False

    @property
    def heading(self) -> str:
        """The heading an export writes for this field."""
        return self.headings[0]


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("name", ("name", "full name", "employee name", "display name")),
    Column("first_name", ("first name", "given name", "forename", "firstname")),
    Column("last_name", ("last name", "surname", "family name", "lastname")),
    Column(
        "email",
        ("email", "e-mail", "email address", "e-mail address", "work email", "work e-mail"),
    ),
    Column(
        "employee_id",
        (
            "employee id",
            "employee number",
            "employee no",
            "employee no.",
            "staff id",
            "staff number",
            "emp id",
            "personnel number",
        ),
    ),
    Column("department", ("department", "dept", "dept.", "team")),
    Column("title", ("title", "job title", "position")),
    Column(
        "manager",
        (
            "manager",
            "manager email",
            "manager e-mail",
            "line manager",
            "manager id",
            "manager employee id",
            "reports to",
        ),
    ),
    Column("location", ("location", "office", "site")),
    Column(
        "skills",
        ("skills", "interests", "skills and interests", "skills & interests", "skills/interests"),
        several=True,
    ),
    Column("can_mentor", ("can mentor", "mentor", "is mentor", "is a mentor")),
    Column("capacity", ("capacity", "mentee capacity", "max mentees")),
    Column("active", ("active", "is active")),
)

PAIR_COLUMNS: tuple[Column, ...] = (
    Column("program", ("program", "programme", "program name")),
    Column(
        "mentor",
        ("mentor", "mentor email", "mentor e-mail", "mentor id", "mentor employee id"),
    ),
    Column(
        "mentee",
        ("mentee", "mentee email", "mentee e-mail", "mentee id", "mentee employee id"),
    ),
    Column("model", ("model", "mentorship model")),
    Column("status", ("status", "pair status")),
    Column("start", ("start", "start date", "started", "starts on")),
    Column("planned_end", ("planned end", "planned end date", "end", "end date", "ends on")),
    Column("agreement_signed", ("agreement signed", "agreement signed on", "agreement date")),
    Column("cadence_days", ("cadence days", "cadence", "check-in cadence")),
    Column("expectations", ("expectations",)),
    Column("end_reason", ("end reason", "reason ended")),
    Column("disclosure", ("disclosure", "conflict of interest disclosure", "coi disclosure")),
)

PAIR_INFORMATION_HEADINGS: tuple[str, ...] = ("mentor name", "mentee name")
"""Headings an export of pairs writes for the reader's sake; an import skips them."""


def normalize_heading(text: object) -> str:
    """A heading as compared: lower case, underscores as spaces, blanks collapsed."""
    words = str(text).replace("_", " ").replace("\ufeff", "").casefold().split()
    return " ".join(words).strip(" :")


_NORMALIZED_SPACE = re.compile(r"\s*([&/-])\s*")


def _key(text: object) -> str:
    # "E - mail" and "skills / interests" match "e-mail" and "skills/interests".
    return _NORMALIZED_SPACE.sub(r"\1", normalize_heading(text))


@dataclass(frozen=True)
class ColumnMap:
    """Where each field's values are in a row, and the headings not understood."""

    positions: dict[str, tuple[int, ...]]
    headings: dict[str, str]
    ignored: tuple[str, ...]
    width: int
    #: Ignored headings that look like a known one ("Mentors" for "mentor"), in words.
    warnings: tuple[str, ...] = ()

    @cached_property
    def _first(self) -> dict[str, int]:
        return {field: found[0] for field, found in self.positions.items() if found}

    def has(self, field: str) -> bool:
        """Whether the file has a column for ``field``."""
        return field in self.positions

    def value(self, cells: Sequence[Cell], field: str) -> Cell:
        """The field's cell in a row (None when the column is absent or the row is short)."""
        position = self._first.get(field)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def values(self, cells: Sequence[Cell], field: str) -> list[Cell]:
        """Every cell of the field's columns in a row (for fields fed by several columns)."""
        return [
            cells[position] for position in self.positions.get(field, ()) if position < len(cells)
        ]

    def extra_cells(self, cells: Sequence[Cell]) -> int:
        """How many non-empty cells a row has past the last heading (a ragged row)."""
        if len(cells) <= self.width:
            return 0
        return sum(1 for cell in cells[self.width :] if cell is not None and str(cell).strip())


def match_columns(
    header: Sequence[str],
    columns: Sequence[Column],
    *,
    information: Sequence[str] = (),
    file_name: str = "The file",
) -> ColumnMap:
    """Match a file's headings to fields.

    A field named by two columns (say "Email" and "Work email") is refused
    with a MentorDeskError, since either could be the right one; headings that
    name no field are returned in ``ignored`` so the report can list them.
    """
    by_heading = {_key(heading): column for column in columns for heading in column.headings}
    skipped = {_key(heading) for heading in information}
    positions: dict[str, list[int]] = {}
    headings: dict[str, str] = {}
    ignored: list[str] = []
    for position, heading in enumerate(header):
        key = _key(heading)
        if not key:
            continue
        column = by_heading.get(key)
        if column is None:
            if key not in skipped:
                ignored.append(str(heading).strip())
            continue
        if column.field in positions and not column.several:
            first = headings[column.field]
            raise MentorDeskError(
                f"{file_name} has two columns for the {column.heading}: '{first}' and "
                f"'{str(heading).strip()}'. Remove or rename one of them."
            )
        positions.setdefault(column.field, []).append(position)
        headings.setdefault(column.field, str(heading).strip())
    notes: list[str] = []
    for heading in ignored:
        near = _looks_like(heading, by_heading)
        if near is None or near[1].field in positions:
            continue  # nothing like a heading we read, or the field is in another column
        known, column = near
        advice = (
            f"'{heading}' looks like '{known}' ({column.field.replace('_', ' ')}) but is not "
            f"a heading MentorDesk reads"
        )
        if _bare(heading) == _bare(known):
            # Only punctuation apart ("Mentor?"): reading the file without it would
            # quietly give every row the default; refuse, naming it.
            raise MentorDeskError(
                f"{file_name}: {advice}, so the {column.field.replace('_', ' ')} of every "
                f"row would be left at its default. Rename the column to '{column.heading}' "
                "(or remove it) and import again."
            )
        notes.append(
            f"{file_name}: {advice}; the column was not used. If it holds the "
            f"{column.field.replace('_', ' ')}, rename it to '{column.heading}'."
        )
    return ColumnMap(
        positions={field: tuple(found) for field, found in positions.items()},
        headings=headings,
        ignored=tuple(ignored),
        width=len(header),
        warnings=tuple(notes),
    )


def _bare(text: str) -> str:
    """A heading's letters and digits alone: "Mentor?" and "mentor" are the same."""
    return "".join(character for character in normalize_heading(text) if character.isalnum())


def _looks_like(heading: str, by_heading: dict[str, Column]) -> tuple[str, Column] | None:
    """The known heading ``heading`` nearly is (punctuation apart, or a letter or two
    off: "Mentor?", "Mentors", "E-mial"), or None."""
    bare = _bare(heading)
    if len(bare) < 4:
        return None
    candidates = {_bare(known): (known, column) for known, column in by_heading.items()}
    if bare in candidates:
        return candidates[bare]
    close = difflib.get_close_matches(bare, list(candidates), n=1, cutoff=0.86)
    return candidates[close[0]] if close else None


def headings_of(columns: Sequence[Column], fields: Sequence[str]) -> list[str]:
    """The export headings of ``fields``, in that order."""
    by_field = {column.field: column for column in columns}
    return [by_field[field].heading for field in fields]


def synonyms_text(columns: Sequence[Column], field: str) -> str:
    """The headings accepted for ``field``, for a message: "'email', 'e-mail' or ..."."""
    column = next(column for column in columns if column.field == field)
    quoted = [f"'{heading}'" for heading in column.headings[:4]]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]
