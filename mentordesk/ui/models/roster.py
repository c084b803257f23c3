"""The roster as a Qt table model, and the proxy that searches and filters it.

The model holds plain rows fetched once (``roster.roster_rows`` joined with the
risk verdicts of ``risk.assess_program``) and answers from memory: no query per
row, so ten thousand pairs sort and filter at once. ``set_rows`` replaces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus
from mentordesk.roster import RosterRow
from mentordesk.ui.icons import health_icon
from mentordesk.ui.widgets.dates import short_date

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The roster's columns, in display order."""

    MENTOR = 0
    MENTEE = 1
    PROGRAM = 2
    MODEL = 3
    STATUS = 4
    START = 5
    LAST_HELD = 6
    TRUST = 7
    HEALTH = 8


HEADERS: dict[Column, str] = {
    Column.MENTOR: "Mentor",
    Column.MENTEE: "Mentee",
    Column.PROGRAM: "Program",
    Column.MODEL: "Model",
    Column.STATUS: "Status",
    Column.START: "Start",
    Column.LAST_HELD: "Last held",
    Column.TRUST: "Trust",
    Column.HEALTH: "Health",
}

HEADER_TIPS: dict[Column, str] = {
    Column.LAST_HELD: "The latest activity that was held (workshops both attended included)",
    Column.TRUST: "Overall score of the latest mentee assessment, with its level",
    Column.HEALTH: "Risk flags as of the chosen day; hover for the reasons",
}


class Role(IntEnum):
    """Custom data roles of the roster model."""

    PAIR_ID = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    ENTRY = Qt.ItemDataRole.UserRole + 3
    LEVEL = Qt.ItemDataRole.UserRole + 4
    SCORE = Qt.ItemDataRole.UserRole + 5
    HEALTH = Qt.ItemDataRole.UserRole + 6


@dataclass(frozen=True)
class RosterEntry:
    """One roster line: the pair's row and, for an active pair, its risk verdict."""

    row: RosterRow
    health: Health | None = None
    reasons: tuple[str, ...] = ()
    flag_labels: tuple[str, ...] = ()

    @property
    def search_text(self) -> str:
        """What search-as-you-type looks in: names, departments and emails of both."""
        row = self.row
        parts = (
            row.mentor_name,
            row.mentor_email,
            row.mentor_department,
            row.mentee_name,
            row.mentee_email,
            row.mentee_department,
        )
        return "\n".join(part for part in parts if part).casefold()


def _day(value: date | None) -> str:
    return short_date(value) if value else "—"


def health_tooltip(entry: RosterEntry) -> str:
    if entry.health is None:
        return "Health is judged for active pairs only."
    if not entry.reasons:
        return "Healthy: no risk flag."
    lines = [
        f"{label}: {reason}" for label, reason in zip(entry.flag_labels, entry.reasons, strict=True)
    ]
    return f"{entry.health.label}\n" + "\n".join(f"• {line}" for line in lines)


class RosterModel(QAbstractTableModel):
    """The pairs of the roster; read-only, fed by :meth:`set_rows`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[RosterEntry] = []
        self._search: list[str] = []
        self._health_icons: dict[Health, QIcon] = {}

    def set_rows(self, entries: Sequence[RosterEntry]) -> None:
        """Replace every row (one reset: views keep their columns and sort)."""
        self.beginResetModel()
        self._entries = list(entries)
        self._search = [entry.search_text for entry in self._entries]
        self.endResetModel()

    def entry(self, row: int) -> RosterEntry:
        return self._entries[row]

    def entries(self) -> list[RosterEntry]:
        return list(self._entries)

    def search_text(self, row: int) -> str:
        return self._search[row]

    def row_of(self, pair_id: int) -> int | None:
        for number, entry in enumerate(self._entries):
            if entry.row.pair_id == pair_id:
                return number
        return None

    # -- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(column)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        if not 0 <= index.column() < len(Column):
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Role.SORT:
            return self._sort_key(entry, column)
        if role == Role.PAIR_ID:
            return entry.row.pair_id
        if role == Role.ENTRY:
            return entry
        if role == Role.LEVEL:
            return entry.row.trust_level
        if role == Role.SCORE:
            return entry.row.trust_score
        if role == Role.HEALTH:
            return entry.health
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.HEALTH:
            return self._health_icon(entry.health)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.TRUST:
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        return None

    def _health_icon(self, health: Health | None) -> QIcon | None:
        if health is None:
            return None
        if health not in self._health_icons:
            self._health_icons[health] = health_icon(health)
        return self._health_icons[health]

    @staticmethod
    def _display(entry: RosterEntry, column: Column) -> str:
        row = entry.row
        match column:
            case Column.MENTOR:
                return row.mentor_name
            case Column.MENTEE:
                return row.mentee_name
            case Column.PROGRAM:
                return row.program_name
            case Column.MODEL:
                return row.model.label
            case Column.STATUS:
                return row.status.label
            case Column.START:
                return _day(row.start_date)
            case Column.LAST_HELD:
                return _day(row.last_held)
            case Column.TRUST:
                if row.trust_score is None:
                    return "not assessed"
                return f"{row.trust_score:.2f}"
            case Column.HEALTH:
                return entry.health.label if entry.health else "—"

    @staticmethod
    def _sort_key(entry: RosterEntry, column: Column) -> object:
        row = entry.row
        match column:
            case Column.MENTOR:
                return row.mentor_name.casefold()
            case Column.MENTEE:
                return row.mentee_name.casefold()
            case Column.PROGRAM:
                return row.program_name.casefold()
            case Column.MODEL:
                return list(MentorshipModel).index(row.model)
            case Column.STATUS:
                return list(PairStatus).index(row.status)
            case Column.START:
                return row.start_date.toordinal()
            case Column.LAST_HELD:
                return row.last_held.toordinal() if row.last_held else 0
            case Column.TRUST:
                return row.trust_score if row.trust_score is not None else -1.0
            case Column.HEALTH:
                # Worst first when sorted descending: at risk > watch > healthy > not judged.
                return list(Health).index(entry.health) if entry.health else -1

    @staticmethod
    def _tooltip(entry: RosterEntry, column: Column) -> str | None:
        row = entry.row
        match column:
            case Column.MENTOR:
                return "\n".join(p for p in (row.mentor_department, row.mentor_email) if p) or None
            case Column.MENTEE:
                return "\n".join(p for p in (row.mentee_department, row.mentee_email) if p) or None
            case Column.TRUST:
                if row.trust_level is None:
                    return "No mentee assessment yet"
                return f"{row.trust_level.label} trust: {row.trust_level.direct_effects}"
            case Column.HEALTH:
                return health_tooltip(entry)
            case Column.LAST_HELD if row.last_held is None:
                return "No activity held yet"
        return None


def combine(rows: Iterable[RosterRow], risks: Iterable[object]) -> list[RosterEntry]:
    """Join roster rows with risk rows (``risk.PairRiskRow``) by pair id."""
    by_pair = {risk.pair_id: risk for risk in risks}  # type: ignore[attr-defined]
    entries = []
    for row in rows:
        risk = by_pair.get(row.pair_id)
        if risk is None:
            entries.append(RosterEntry(row))
            continue
        entries.append(
            RosterEntry(
                row,
                health=risk.health,
                reasons=tuple(risk.reasons),
                flag_labels=tuple(flag.label for flag in risk.flags),
            )
        )
    return entries


class RosterFilter(QSortFilterProxyModel):
    """Search-as-you-type over names, departments and emails; model, status, health filters.

    Every word typed must appear (in any field); the filters are sets of
    allowed values, None meaning "any".
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._models: frozenset[MentorshipModel] | None = None
        self._statuses: frozenset[PairStatus] | None = None
        self._health: frozenset[Health] | None = None
        self.setSortRole(Role.SORT)
        self.setDynamicSortFilter(False)

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self._words = words
            self._refilter()

    def set_models(self, models: Iterable[MentorshipModel] | None) -> None:
        self._models = frozenset(models) if models is not None else None
        self._refilter()

    def set_statuses(self, statuses: Iterable[PairStatus] | None) -> None:
        self._statuses = frozenset(statuses) if statuses is not None else None
        self._refilter()

    def set_health(self, health: Iterable[Health] | None) -> None:
        self._health = frozenset(health) if health is not None else None
        self._refilter()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RosterModel):
            return True
        entry = model.entry(source_row)
        row = entry.row
        if self._models is not None and row.model not in self._models:
            return False
        if self._statuses is not None and row.status not in self._statuses:
            return False
        if self._health is not None and entry.health not in self._health:
            return False
        if self._words:
            text = model.search_text(source_row)
            return all(word in text for word in self._words)
        return True

    def pair_id(self, proxy_row: int) -> int | None:
        index = self.index(proxy_row, 0)
        value = self.data(index, Role.PAIR_ID)
        return int(value) if value is not None else None
