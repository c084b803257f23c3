"""The roster as a Qt table model that searches, filters and sorts itself.

The model holds plain rows fetched once (``roster.roster_rows`` joined with the
risk verdicts of ``risk.assess_program``) and answers from memory: no query per
row. It keeps every row, the order they sort in and which of them are shown;
the table sits on the model itself, with no proxy in between.

Why no ``QSortFilterProxyModel``: on every keystroke a proxy asks Python whether
each of ten thousand rows passes (one ``filterAcceptsRow`` call per row) and
rebuilds its row mapping. Here a keystroke that extends the search looks only at
the rows the shorter text matched, a backspace goes back to rows remembered for
the shorter text, and the table hears one reset, or nothing at all when the rows
shown stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QIcon

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus
from mentordesk.services.roster import RosterRow
from mentordesk.ui.formatting import days_in, short_date
from mentordesk.ui.icons import health_icon

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
    # After the first nine, so a header saved before they came still restores its widths;
    # the Pairs view shows each next to its name.
    MENTOR_DEPARTMENT = 9
    MENTEE_DEPARTMENT = 10


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
    Column.MENTOR_DEPARTMENT: "Mentor dept.",
    Column.MENTEE_DEPARTMENT: "Mentee dept.",
}

HEADER_TIPS: dict[Column, str] = {
    Column.LAST_HELD: "The latest activity that was held (workshops both attended included)",
    Column.TRUST: "Overall score of the latest mentee assessment, with its level",
    Column.HEALTH: "Risk flags as of the chosen day; hover for the reasons",
    Column.MENTOR_DEPARTMENT: "The mentor's department (tells two people of one name apart)",
    Column.MENTEE_DEPARTMENT: "The mentee's department (tells two people of one name apart)",
}


class Role(IntEnum):
    """Custom data roles of the roster model."""

    PAIR_ID = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    ENTRY = Qt.ItemDataRole.UserRole + 3
    LEVEL = Qt.ItemDataRole.UserRole + 4
    SCORE = Qt.ItemDataRole.UserRole + 5
    HEALTH = Qt.ItemDataRole.UserRole + 6


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One roster line: the pair's row and, for an active pair, its risk verdict."""

    row: RosterRow
    health: Health | None = None
    reasons: tuple[str, ...] = ()
    flag_labels: tuple[str, ...] = ()
    #: False while the risk verdicts are still being worked out (health not known yet).
    judged: bool = True

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


JUDGING = "…"


def health_tooltip(entry: RosterEntry) -> str:
    if not entry.judged:
        return "Working out the risk flags…"
    if entry.health is None:
        return "Health is judged for active pairs only."
    if not entry.reasons:
        return "Healthy: no risk flag."
    lines = [
        f"{label}: {reason}" for label, reason in zip(entry.flag_labels, entry.reasons, strict=True)
    ]
    return f"{entry.health.label}\n" + "\n".join(f"• {line}" for line in lines)


# Qt's roles and the cell constants as plain ints: ``data`` runs for every painted cell
# several times (once per role a delegate asks), so it compares ints, never enum members.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_PAIR_ID, _SORT, _ENTRY = int(Role.PAIR_ID), int(Role.SORT), int(Role.ENTRY)
_LEVEL, _SCORE, _HEALTH = int(Role.LEVEL), int(Role.SCORE), int(Role.HEALTH)
#: The roles answered besides the text; a delegate's questions about fonts, colours
#: and check boxes get None at once.
_ANSWERED_ROLES = frozenset(
    (_DECORATION, _TOOLTIP, _ALIGNMENT, _PAIR_ID, _SORT, _ENTRY, _LEVEL, _SCORE, _HEALTH)
)
_COLUMNS = tuple(Column)
_COLUMN_COUNT = len(_COLUMNS)
_HEALTH_COLUMN, _TRUST_COLUMN = int(Column.HEALTH), int(Column.TRUST)
_TRUST_ALIGNMENT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
_ROOT = QModelIndex()

_MODEL_RANK = {model: rank for rank, model in enumerate(MentorshipModel)}
_STATUS_RANK = {status: rank for rank, status in enumerate(PairStatus)}
_HEALTH_RANK = {health: rank for rank, health in enumerate(Health)}

#: Icon sides drawn ahead for the health column: a view's small icons at 1× to 3× scale.
ICON_SIDES = (16, 20, 24, 32, 40, 48)

#: Searches remembered for backspace (each a list of row numbers; the oldest goes first).
SEARCH_MEMORY = 64


def _texts_of(entry: RosterEntry) -> tuple[str, ...]:
    """Every cell text of one line, in column order (made once per line, when first shown)."""
    row = entry.row
    return (
        row.mentor_name,
        row.mentee_name,
        row.program_name,
        row.model.label,
        row.status.label,
        _day(row.start_date),
        _day(row.last_held),
        "not assessed" if row.trust_score is None else f"{row.trust_score:.2f}",
        _health_text(entry),
        row.mentor_department or "—",
        row.mentee_department or "—",
    )


def _health_text(entry: RosterEntry) -> str:
    if not entry.judged:
        return JUDGING
    return entry.health.label if entry.health else "—"


def drawn_icon(source: QIcon) -> QIcon:
    """``source`` drawn once, ahead, at the sizes a table asks for, in every mode.

    The set's SVG icon engine is Python: painted as it is, every health cell on
    screen would call back into Python at each repaint. Pixmaps Qt paints alone.
    """
    drawn = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Selected, QIcon.Mode.Disabled):
        for side in ICON_SIDES:
            drawn.addPixmap(source.pixmap(QSize(side, side), 1.0, mode), mode)
    return drawn


def narrows(before: Sequence[str], after: Sequence[str]) -> bool:
    """True if every line the words ``after`` match is also matched by ``before``.

    A line matches when it contains every word; it surely contains a word of
    ``before`` if that word is part of one of ``after`` ("ana" of "anab").
    """
    return all(any(word in longer for longer in after) for word in before)


class RosterModel(QAbstractTableModel):
    """The pairs of the roster, read-only, fed by :meth:`set_rows`, shown as filtered.

    Every row is kept (``_all``, in the order they came) with its search text
    and, once shown, its cell texts. ``_order`` lists the rows in sort order and
    ``_shown`` those of them that pass the filters and the search: the table's
    row ``r`` is ``_all[_shown[r]]``. The model/status/health filters are sets of
    allowed values, None meaning "any"; every word searched for must appear in
    the names, departments or emails of the pair.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[RosterEntry] = []
        self._search: list[str] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._number_of: dict[int, int] = {}
        self._order: list[int] = []
        self._shown: list[int] = []
        #: (words, the rows they match) from no words up to the current search: each
        #: entry's rows include those of the entries after it. Backspace pops.
        self._searches: list[tuple[tuple[str, ...], list[int]]] = [((), [])]
        self._words: tuple[str, ...] = ()
        self._models: frozenset[MentorshipModel] | None = None
        self._statuses: frozenset[PairStatus] | None = None
        self._health: frozenset[Health] | None = None
        #: Only these pairs (a dashboard figure's pairs), None: every pair.
        self._only: frozenset[int] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._health_icons: dict[Health, QIcon] = {}

    # -- feeding ------------------------------------------------------------------------------

    def set_rows(self, entries: Iterable[RosterEntry]) -> None:
        """Replace every row: one reset, with the current sort, filters and search applied."""
        self.beginResetModel()
        self._all = list(entries)
        self._search = [entry.search_text for entry in self._all]
        self._texts = [None] * len(self._all)
        self._number_of = {entry.row.pair_id: n for n, entry in enumerate(self._all)}
        self._order = self._sorted(range(len(self._all)))
        self._shown = self._filtered()
        self.endResetModel()

    def set_verdicts(self, entries_by_pair: dict[int, RosterEntry]) -> None:
        """Fill in the risk verdicts once they are known.

        The rows stay where they are unless the roster is filtered by health
        (the rows shown change: a reset) or sorted by it (they move, as a sort).
        """
        self._all = [
            entries_by_pair.get(entry.row.pair_id, replace(entry, judged=True))
            for entry in self._all
        ]
        self._texts = [None] * len(self._all)
        if self._health is not None:
            self.beginResetModel()
            if self._sort_column == _HEALTH_COLUMN:
                self._order = self._sorted(self._order)
            self._shown = self._filtered()
            self.endResetModel()
        elif self._sort_column == _HEALTH_COLUMN:
            self.sort(self._sort_column, self._sort_order)
        elif self._shown:
            self.dataChanged.emit(
                self.index(0, _HEALTH_COLUMN), self.index(len(self._shown) - 1, _HEALTH_COLUMN)
            )

    # -- search and filters -------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        """Show the rows whose names, departments or emails hold every word of ``text``.

        A search that narrows the one before (a letter typed) looks only at the
        rows shown; one that widens it (backspace) takes the rows remembered
        for the shorter text.
        """
        words = tuple(text.casefold().split())
        if words == self._words:
            return
        searches = self._searches
        while len(searches) > 1 and not narrows(searches[-1][0], words):
            searches.pop()
        known_words, rows = searches[-1]
        if known_words != words:
            # Only the words the remembered search does not already imply are looked for.
            rows = self._searched(
                rows, [word for word in words if not any(word in k for k in known_words)]
            )
            searches.append((words, rows))
            if len(searches) > SEARCH_MEMORY:
                del searches[1]
        self._words = words
        self._show(rows)

    def set_filters(
        self,
        models: Iterable[MentorshipModel] | None,
        statuses: Iterable[PairStatus] | None,
        health: Iterable[Health] | None,
    ) -> None:
        """Set the model, status and health filters at once (None: any), refiltering once."""
        new = (
            frozenset(models) if models is not None else None,
            frozenset(statuses) if statuses is not None else None,
            frozenset(health) if health is not None else None,
        )
        if new == (self._models, self._statuses, self._health):
            return
        self._models, self._statuses, self._health = new
        self._show(self._filtered())

    def set_only(self, pair_ids: Iterable[int] | None) -> None:
        """Show these pairs only (the pairs behind a dashboard figure); None: every pair."""
        only = frozenset(pair_ids) if pair_ids is not None else None
        if only == self._only:
            return
        self._only = only
        self._show(self._filtered())

    @property
    def only(self) -> frozenset[int] | None:
        return self._only

    def set_models(self, models: Iterable[MentorshipModel] | None) -> None:
        """Show pairs of these mentorship models only (None: any)."""
        self.set_filters(models, self._statuses, self._health)

    def set_statuses(self, statuses: Iterable[PairStatus] | None) -> None:
        """Show pairs of these statuses only (None: any)."""
        self.set_filters(self._models, statuses, self._health)

    def set_health(self, health: Iterable[Health] | None) -> None:
        """Show pairs judged to be in one of these health states only (None: any)."""
        self.set_filters(self._models, self._statuses, health)

    def _filtered(self) -> list[int]:
        """The rows passing the filters and the search, in sort order; the search memory
        starts again from them."""
        entries = self._all
        models, statuses, health = self._models, self._statuses, self._health
        only = self._only
        if models is None and statuses is None and health is None and only is None:
            base = list(self._order)
        else:
            base = [
                n
                for n in self._order
                if (models is None or entries[n].row.model in models)
                and (statuses is None or entries[n].row.status in statuses)
                and (health is None or entries[n].health in health)
                and (only is None or entries[n].row.pair_id in only)
            ]
        self._searches = [((), base)]
        if not self._words:
            return base
        rows = self._searched(base, self._words)
        self._searches.append((self._words, rows))
        return rows

    def _searched(self, rows: list[int], words: Iterable[str]) -> list[int]:
        texts = self._search
        for word in words:
            rows = [n for n in rows if word in texts[n]]
        return rows

    def _show(self, rows: list[int]) -> None:
        # One reset for the table, none when the same rows stay (a letter that
        # changes nothing): no repaint, the selection untouched.
        if rows == self._shown:
            return
        self.beginResetModel()
        self._shown = rows
        self.endResetModel()

    # -- sorting ------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` in Python, with one key per row.

        The sort is stable and starts from the current order; ties keep
        mentor-then-mentee order. Selected rows follow (persistent indexes).
        """
        self._sort_column, self._sort_order = column, order
        if not 0 <= column < _COLUMN_COUNT or not self._all:
            return
        self.layoutAboutToBeChanged.emit()
        old_shown = self._shown
        self._order = self._sorted(self._order)
        self._shown = self._filtered()
        new_row_of = {number: row for row, number in enumerate(self._shown)}
        old_persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            old_persistent,
            [
                self.index(new_row_of[old_shown[index.row()]], index.column())
                if 0 <= index.row() < len(old_shown)
                else QModelIndex()
                for index in old_persistent
            ],
        )
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        """The column the rows are sorted by (-1: as they came)."""
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sorted(self, numbers: Iterable[int]) -> list[int]:
        column = self._sort_column
        if not 0 <= column < _COLUMN_COUNT:
            return list(numbers)
        entries, key_column = self._all, _COLUMNS[column]
        sort_key = self.sort_key

        def key(number: int) -> tuple[object, str, str]:
            entry = entries[number]
            # Ties keep mentor-then-mentee order (the roster's natural order).
            return (
                sort_key(entry, key_column),
                entry.row.mentor_name.casefold(),
                entry.row.mentee_name.casefold(),
            )

        return sorted(numbers, key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    @staticmethod
    def sort_key(entry: RosterEntry, column: Column) -> object:
        """What ``entry`` sorts by in ``column``."""
        row = entry.row
        match column:
            case Column.MENTOR:
                return row.mentor_name.casefold()
            case Column.MENTEE:
                return row.mentee_name.casefold()
            case Column.PROGRAM:
                return row.program_name.casefold()
            case Column.MODEL:
                return _MODEL_RANK[row.model]
            case Column.STATUS:
                return _STATUS_RANK[row.status]
            case Column.START:
                return row.start_date.toordinal()
            case Column.LAST_HELD:
                return row.last_held.toordinal() if row.last_held else 0
            case Column.TRUST:
                return row.trust_score if row.trust_score is not None else -1.0
            case Column.HEALTH:
                # Worst first when sorted descending: at risk > watch > healthy > not judged.
                return _HEALTH_RANK[entry.health] if entry.health else -1
            case Column.MENTOR_DEPARTMENT:
                return (row.mentor_department or "").casefold()
            case Column.MENTEE_DEPARTMENT:
                return (row.mentee_department or "").casefold()
        return None

    # -- looking rows up ----------------------------------------------------------------------

    def entry(self, row: int) -> RosterEntry:
        """The entry shown on table row ``row``."""
        return self._all[self._shown[row]]

    def pair_id(self, row: int) -> int | None:
        """The pair shown on table row ``row`` (None past the end)."""
        if not 0 <= row < len(self._shown):
            return None
        return self._all[self._shown[row]].row.pair_id

    def row_of(self, pair_id: int) -> int | None:
        """The table row showing ``pair_id``, or None (not in the roster, or filtered out)."""
        number = self._number_of.get(pair_id)
        if number is None:
            return None
        try:
            return self._shown.index(number)
        except ValueError:
            return None

    def shown_entries(self) -> list[RosterEntry]:
        """The entries shown, in table order."""
        entries = self._all
        return [entries[n] for n in self._shown]

    def total_count(self) -> int:
        """Every pair of the roster, shown or not."""
        return len(self._all)

    # -- Qt's model interface -------------------------------------------------------------------
    # ``flags`` is not overridden: Qt's own (enabled, selectable) is answered without Python.

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < _COLUMN_COUNT:
            return None
        if role == _DISPLAY:
            return HEADERS[_COLUMNS[section]]
        if role == _TOOLTIP:
            return HEADER_TIPS.get(_COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        # Asked several times for every painted cell (once per role a delegate wants):
        # the text first, and the roles nothing is shown for (fonts, colours, check
        # boxes) answered after one set lookup, without touching the index.
        if role == _DISPLAY:
            row = index.row()
            if row < 0:  # an invalid index
                return None
            try:
                number = self._shown[row]
                texts = self._texts[number]
                if texts is None:
                    texts = self._texts[number] = _texts_of(self._all[number])
                return texts[index.column()]
            except IndexError:
                return None
        if role not in _ANSWERED_ROLES:
            return None
        column = index.column()
        # Alignment and icons are asked of every cell, but only one column has each.
        if role == _ALIGNMENT:
            return _TRUST_ALIGNMENT if column == _TRUST_COLUMN else None
        if role == _DECORATION and column != _HEALTH_COLUMN:
            return None
        row = index.row()
        if not (0 <= row < len(self._shown) and 0 <= column < _COLUMN_COUNT):
            return None
        if role == _DECORATION:
            return self._health_icon(self._all[self._shown[row]].health)
        entry = self._all[self._shown[row]]
        if role == _LEVEL:
            return entry.row.trust_level
        if role == _PAIR_ID:
            return entry.row.pair_id
        if role == _ENTRY:
            return entry
        if role == _SORT:
            return self.sort_key(entry, _COLUMNS[column])
        if role == _SCORE:
            return entry.row.trust_score
        if role == _HEALTH:
            return entry.health
        return self._tooltip(entry, _COLUMNS[column])

    def _health_icon(self, health: Health | None) -> QIcon | None:
        if health is None:
            return None
        if health not in self._health_icons:
            self._health_icons[health] = drawn_icon(health_icon(health))
        return self._health_icons[health]

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


def combine(rows: Iterable[RosterRow], risks: Iterable[object] | None) -> list[RosterEntry]:
    """Join roster rows with risk rows (``risk.PairRiskRow``) by pair id.

    ``risks`` None means the verdicts are not known yet: the entries say so.
    """
    if risks is None:
        return [RosterEntry(row, judged=False) for row in rows]
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
                reasons=tuple(days_in(reason) for reason in risk.reasons),
                flag_labels=tuple(flag.label for flag in risk.flags),
            )
        )
    return entries
