"""The people directory as a Qt table model, and the proxy that searches and filters it.

The model holds the plain rows of ``people.directory`` fetched once and answers
from memory, so search-as-you-type over a few thousand people needs no query
per key press. ``set_rows`` replaces them.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from mentordesk.services.people import PersonRow
from mentordesk.ui.models.base import RowFilterProxy, RowTableModel

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The directory's columns, in display order."""

    NAME = 0
    DEPARTMENT = 1
    TITLE = 2
    EMAIL = 3
    MANAGER = 4
    MENTORING = 5
    SKILLS = 6


HEADERS: dict[Column, str] = {
    Column.NAME: "Name",
    Column.DEPARTMENT: "Department",
    Column.TITLE: "Job title",
    Column.EMAIL: "Email",
    Column.MANAGER: "Manager",
    Column.MENTORING: "Mentoring",
    Column.SKILLS: "Skills",
}

HEADER_TIPS: dict[Column, str] = {
    Column.MENTORING: "Whether they can mentor, and their active mentees against their capacity",
    Column.NAME: "People who left the company are marked (left) and dimmed",
    Column.SKILLS: "Skills and interests, as tags",
}


class Role(IntEnum):
    """Custom data roles of the people model."""

    PERSON_ID = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    ROW = Qt.ItemDataRole.UserRole + 3


def mentoring_text(row: PersonRow) -> str:
    """ "2 of 3 mentees" for a mentor, "—" for someone who does not mentor."""
    if not row.can_mentor:
        return "—"
    noun = "mentee" if row.capacity == 1 else "mentees"
    return f"{row.active_mentees} of {row.capacity} {noun}"


def search_text(row: PersonRow) -> str:
    """What search-as-you-type looks in: name, email, department, title, skills."""
    parts = (row.name, row.email, row.department, row.title, row.location, *row.skills)
    return "\n".join(part for part in parts if part).casefold()


class PeopleModel(RowTableModel[PersonRow]):
    """The people of the directory; read-only, fed by :meth:`set_rows`."""

    columns = Column
    headers = HEADERS
    header_tips = HEADER_TIPS
    sort_role = Role.SORT
    id_role = Role.PERSON_ID
    row_role = Role.ROW

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search: list[str] = []
        #: Counts row changes (reset or sort), so a filter knows its answers are stale.
        self.generation = 0
        self._italic = QFont()
        self._italic.setItalic(True)

    def _after_rows_changed(self) -> None:
        self._search = [search_text(row) for row in self._rows]
        self.generation += 1

    def matches(self, words: Sequence[str], mentors_only: bool, show_left: bool) -> list[bool]:
        """For each row, whether it has every word and passes the two switches."""
        return [
            (row.can_mentor or not mentors_only)
            and (row.active or show_left)
            and all(word in key for word in words)
            for row, key in zip(self._rows, self._search, strict=True)
        ]

    def person_row(self, row: int) -> PersonRow:
        return self.row_at(row)

    def search_key(self, row: int) -> str:
        return self._search[row]

    # -- cells ---------------------------------------------------------------------------
    def _other_data(self, row: PersonRow, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            # Dimmed, and the Status column says "Left" in words as well.
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.FontRole and not row.active and column == Column.NAME:
            return self._italic
        return None

    @staticmethod
    def _display(row: PersonRow, column: Column) -> str:
        if column == Column.NAME:
            return row.name if row.active else f"{row.name} (left)"
        if column == Column.DEPARTMENT:
            return row.department or ""
        if column == Column.TITLE:
            return row.title or ""
        if column == Column.EMAIL:
            return row.email or ""
        if column == Column.MANAGER:
            return row.manager_name or ""
        if column == Column.SKILLS:
            return ", ".join(row.skills)
        return mentoring_text(row)

    @staticmethod
    def sort_key(row: PersonRow, column: int) -> object:
        if column == Column.MENTORING:
            # Mentors with room first when sorted ascending by free places.
            return (0, row.active_mentees - row.capacity) if row.can_mentor else (1, 0)
        if column == Column.NAME:
            return row.name.casefold()
        return PeopleModel._display(row, column).casefold()

    @staticmethod
    def _tooltip(row: PersonRow, column: Column) -> str | None:
        if column == Column.SKILLS and row.skills:
            return "\n".join(row.skills)
        if column == Column.MENTORING and row.can_mentor:
            free = max(0, row.capacity - row.active_mentees)
            return f"Can mentor; room for {free} more" if free else "Can mentor; at capacity"
        if column == Column.NAME and not row.active:
            return f"{row.name} has left the company"
        return None


class PeopleFilter(RowFilterProxy):
    """Search words (all must match) plus two switches: mentors only, and people who left."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._mentors_only = False
        self._show_left = True
        self._accepted: list[bool] = []
        self._accepted_for: tuple[object, ...] | None = None

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_mentors_only(self, value: bool) -> None:
        if value != self._mentors_only:
            self.beginFilterChange()
            self._mentors_only = value
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_left(self, value: bool) -> None:
        if value != self._show_left:
            self.beginFilterChange()
            self._show_left = value
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PeopleModel):
            return True
        # Qt asks row by row; the answers for every row are worked out in one pass.
        key = (model.generation, tuple(self._words), self._mentors_only, self._show_left)
        if key != self._accepted_for:
            self._accepted = model.matches(self._words, self._mentors_only, self._show_left)
            self._accepted_for = key
        return self._accepted[source_row]
