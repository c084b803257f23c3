"""The roster as a Qt table model that reads a window of rows at a time.

A program may hold 100,000 pairs; the model holds none of them as Python rows.
It keeps the ids of the pairs shown, in order, in a compact array (8 bytes a
pair) and reads the rows the table paints a page at a time, keeping a few
pages. The database does the rest (:mod:`mentordesk.services.roster_order`):
the order of a column with the filters applied, and the pairs a search matches
(a trigram index of names, emails and departments). A search then keeps, of the
ids in order, those it matched; a letter typed narrows the ids shown, and a
backspace goes back to ids remembered for the shorter text.

On a roster of up to :data:`SYNC_LIMIT` pairs every question is asked at once,
on the GUI thread. On a larger one the model asks through a runner (the view's
worker) and the table keeps showing what it had until the answer comes: an
order or a search is installed when it arrives, pages fill in when read.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon

from mentordesk.domain.vocabularies import Health, MentorshipModel, PairStatus
from mentordesk.services import roster_order
from mentordesk.services.risk import assess_program
from mentordesk.services.roster import RosterRow, roster_rows
from mentordesk.services.roster_order import RosterChoice, search_words
from mentordesk.ui.formatting import days_in, short_date
from mentordesk.ui.icons import health_icon

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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

#: Icon sides drawn ahead for the health column: a view's small icons at 1× to 3× scale.
ICON_SIDES = (16, 20, 24, 32, 40, 48)

#: Searches remembered for backspace (each an array of pair ids; the oldest goes first).
SEARCH_MEMORY = 16

#: Rows read from the database at a time, and the pages of them kept (about 3,000 rows).
PAGE = 128
KEPT_PAGES = 24

#: Up to this many pairs the roster is ordered and searched on the GUI thread: each
#: query then takes a few milliseconds. Beyond, in the worker, the table showing the
#: rows it had until the answer comes.
SYNC_LIMIT = 5_000

#: A search narrowed from one that found up to this many pairs checks those pairs alone.
NARROW_LIMIT = 1_000

#: What a cell shows while its page is being read.
READING = "…"

#: The sort of each column, in the words of :data:`roster_order.SORTS`.
SORT_OF = {
    Column.MENTOR: "mentor",
    Column.MENTEE: "mentee",
    Column.PROGRAM: "program",
    Column.MODEL: "model",
    Column.STATUS: "status",
    Column.START: "start",
    Column.LAST_HELD: "last_held",
    Column.TRUST: "trust",
    Column.HEALTH: "health",
    Column.MENTOR_DEPARTMENT: "mentor_department",
    Column.MENTEE_DEPARTMENT: "mentee_department",
}


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


T = TypeVar("T")

#: Runs ``work`` off the GUI thread and hands its result to ``done`` on it, or its
#: error to ``failed`` (after showing it).
Runner = Callable[
    [Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None
]


@dataclass(frozen=True)
class RosterSource:
    """Where the roster is read from: the database (a transaction per question), the
    program (None: every program) and the day health is judged for. ``run``, when
    given, asks slow questions off the GUI thread."""

    transaction: Callable[[], AbstractContextManager[Session]]
    program_id: int | None
    as_of: date
    run: Runner | None = None


@dataclass(frozen=True)
class _Loaded:
    """The answer to a load: how many pairs, the ids in order, those the search keeps."""

    total: int
    base: array[int]
    shown: array[int]
    first_page: list[RosterEntry]


def read_entries(session: Session, pair_ids: Sequence[int], as_of: date) -> list[RosterEntry]:
    """The roster lines of ``pair_ids``, in that order, with the verdicts of the active
    pairs (those kept where they hold, the others judged and kept)."""
    if not pair_ids:
        return []
    rows = {row.pair_id: row for row in roster_rows(session, None, pair_ids=pair_ids)}
    judged = [
        pair_id
        for pair_id, row in rows.items()
        if row.status is PairStatus.ACTIVE and row.start_date <= as_of
    ]
    risks = assess_program(session, as_of, None, pair_ids=judged) if judged else []
    entries = {entry.row.pair_id: entry for entry in combine(rows.values(), risks)}
    return [entries[pair_id] for pair_id in pair_ids if pair_id in entries]


def keep_verdicts(session: Session, as_of: date, program_id: int | None) -> None:
    """Judge and keep the verdict of every active pair that has none holding for
    ``as_of``, a chunk at a time, keeping none of them in memory."""
    choice = RosterChoice(program_id, statuses=frozenset((PairStatus.ACTIVE,)))
    active = roster_order.roster_order(session, choice)
    for start in range(0, len(active), VERDICT_CHUNK):
        assess_program(session, as_of, program_id, pair_ids=active[start : start + VERDICT_CHUNK])


#: Pairs judged at a time when health is sorted or filtered on.
VERDICT_CHUNK = 2_000


def _kept(ids: array[int], matched: set[int]) -> array[int]:
    return array("q", [pair_id for pair_id in ids if pair_id in matched])


class RosterModel(QAbstractTableModel):
    """The pairs of the roster, read-only, a page of rows at a time.

    ``_base`` holds the ids of the pairs passing the filters, in sort order;
    ``_ids`` those of them the search keeps: table row ``r`` shows pair
    ``_ids[r]``. The model/status/health filters are sets of allowed values,
    None meaning "any"; every word searched for must appear in the names,
    departments or emails of the pair.
    """

    #: The rows shown or their count changed (a load, a search, a filter, a sort), or a
    #: question to the database was asked or answered (see :attr:`loading`).
    changed = Signal()
    #: A load is in: the roster as read, with the sort, the filters and the search.
    loaded = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: RosterSource | None = None
        self._total = 0
        self._base: array[int] = array("q")
        self._ids: array[int] = array("q")
        #: (words, the ids they match) from no words up to the current search: each
        #: entry's ids include those of the entries after it. Backspace pops.
        self._searches: list[tuple[tuple[str, ...], array[int]]] = [((), self._base)]
        self._words: tuple[str, ...] = ()
        self._models: frozenset[MentorshipModel] | None = None
        self._statuses: frozenset[PairStatus] | None = None
        self._health: frozenset[Health] | None = None
        #: Only these pairs (a dashboard figure's pairs), None: every pair.
        self._only: frozenset[int] | None = None
        self._sort_column = int(Column.MENTOR)
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._pages: OrderedDict[int, list[RosterEntry | None]] = OrderedDict()
        self._reading: set[int] = set()
        #: Bumped by every question of a kind asked ("order", "search"): an answer to an
        #: older one is dropped.
        self._asked: dict[str, int] = {"order": 0, "search": 0}
        self._pending = 0
        self._texts: dict[int, tuple[str, ...]] = {}
        self._health_icons: dict[Health, QIcon] = {}

    # -- where the rows come from -----------------------------------------------------------

    def set_source(self, source: RosterSource | None) -> None:
        """Read from ``source`` from now on (call :meth:`load` to read the roster)."""
        self._source = source

    @property
    def loading(self) -> bool:
        """Whether a question to the database is still unanswered (the rows shown may
        be the ones before it)."""
        return self._pending > 0

    def _choice(self) -> RosterChoice:
        source = self._source
        assert source is not None
        return RosterChoice(
            source.program_id,
            statuses=self._statuses,
            models=self._models,
            health=self._health,
            only=self._only,
            sort=SORT_OF.get(Column(self._sort_column), "mentor")
            if 0 <= self._sort_column < _COLUMN_COUNT
            else "mentor",
            descending=self._sort_order == Qt.SortOrder.DescendingOrder,
            as_of=source.as_of,
        )

    def _ask(
        self,
        kind: str,
        work: Callable[[Session], T],
        done: Callable[[T], None],
        *,
        slow: bool,
    ) -> None:
        """Ask ``work`` of the database: at once, or through the runner when ``slow``
        and there is one. Of the questions of a ``kind``, only the answer to the latest
        is installed."""
        source = self._source
        if source is None:
            return
        self._asked[kind] += 1
        asked = self._asked[kind]

        def answer() -> T:
            with source.transaction() as session:
                return work(session)

        def install(result: T) -> None:
            self._pending -= 1
            if asked == self._asked[kind]:
                done(result)
            else:
                self.changed.emit()

        def failed(_error: BaseException) -> None:
            self._pending -= 1
            self.changed.emit()

        self._pending += 1
        if slow and source.run is not None:
            self.changed.emit()
            source.run(answer, install, failed)
            return
        try:
            result = answer()
        except BaseException:
            self._pending -= 1
            raise
        install(result)

    def _large(self) -> bool:
        return self._total > SYNC_LIMIT

    def load(self) -> None:
        """Read the roster again (count, order, search, first page), keeping the sort,
        the filters and the search; one reset when it is in."""
        if self._source is None:
            return
        choice, words = self._choice(), self._words
        program_id, as_of = choice.program_id, choice.as_of or date.today()

        def work(session: Session) -> _Loaded:
            if choice.needs_verdicts:
                keep_verdicts(session, as_of, program_id)
            base = roster_order.roster_order(session, choice)
            # Unfiltered, the order holds every pair: no query to count them.
            total = len(base)
            if not choice.every_pair:
                total = roster_order.roster_count(session, program_id)
            shown = base
            if words:
                shown = _kept(base, roster_order.roster_matches(session, program_id, words))
            return _Loaded(total, base, shown, read_entries(session, shown[:PAGE], as_of))

        def done(loaded: _Loaded) -> None:
            self._loaded(loaded, words)

        # A load goes to the worker whatever the size: the size is what it finds out.
        self._ask("order", work, done, slow=True)

    def _loaded(self, loaded: _Loaded, words: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._total = loaded.total
        self._install_base(loaded.base, words, loaded.shown)
        self._ids = self._searches[-1][1]
        self._forget_pages()
        if loaded.first_page and self._ids is loaded.shown:
            self._keep_page(0, loaded.shown[:PAGE], loaded.first_page)
        self.endResetModel()
        self.changed.emit()
        if self._words != words:  # typed on while the roster was read
            self._search_again()
        self.loaded.emit()

    def _install_base(self, base: array[int], words: tuple[str, ...], shown: array[int]) -> None:
        """A new order: the search memory starts again from it."""
        self._base = base
        self._searches = [((), base)]
        if words and words == self._words:
            self._searches.append((words, shown))

    def _search_again(self) -> None:
        words, self._words = self._words, ()
        self._searches = [((), self._base)]
        self.set_search(" ".join(words))

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._reading.clear()
        self._texts.clear()

    # -- search and filters -------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        """Show the pairs whose names, departments or emails hold every word of ``text``.

        A search that narrows the one before (a letter typed) keeps, of the pairs
        shown, those the database matched; one that widens it (backspace) takes
        the pairs remembered for the shorter text.
        """
        words = search_words(text)
        if words == self._words:
            return
        self._words = words
        searches = self._searches
        while len(searches) > 1 and not narrows(searches[-1][0], words):
            searches.pop()
        known_words, ids = searches[-1]
        if known_words == words:
            self._asked["search"] += 1  # an answer still coming is for another text
            self._show(ids)
            return
        if self._source is None:
            return
        program_id = self._source.program_id
        # A letter typed on a search that found few pairs: those few are read again by
        # number and matched at once. Otherwise the database searches the whole roster,
        # which on a large roster may take a while (a short word reads every person, a
        # common one finds thousands of pairs): in the worker.
        among = known_words and len(ids) <= NARROW_LIMIT
        slow = self._large() and not among

        def work(session: Session) -> set[int]:
            if among:
                return roster_order.matches_among(session, ids, words)
            return roster_order.roster_matches(session, program_id, words)

        def done(matched: set[int]) -> None:
            if searches is not self._searches:  # a new order came in: it searched again
                return
            found = _kept(ids, matched)
            searches.append((words, found))
            if len(searches) > SEARCH_MEMORY:
                del searches[1]
            self._show(found)

        self._ask("search", work, done, slow=slow)

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
        self._reorder(keep_rows=False)

    def set_only(self, pair_ids: Iterable[int] | None) -> None:
        """Show these pairs only (the pairs behind a dashboard figure); None: every pair."""
        only = frozenset(pair_ids) if pair_ids is not None else None
        if only == self._only:
            return
        self._only = only
        self._reorder(keep_rows=False)

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

    def _reorder(self, *, keep_rows: bool) -> None:
        """Ask the order again (filters or sort changed); the search applies to it.
        ``keep_rows``: the same pairs come back, moved (a sort: a layout change)."""
        if self._source is None:
            return
        choice, words = self._choice(), self._words
        program_id, as_of = choice.program_id, choice.as_of or date.today()
        slow = self._large() or choice.needs_verdicts

        def work(session: Session) -> tuple[array[int], array[int]]:
            if choice.needs_verdicts:
                keep_verdicts(session, as_of, program_id)
            base = roster_order.roster_order(session, choice)
            if not words:
                return base, base
            return base, _kept(base, roster_order.roster_matches(session, program_id, words))

        def done(found: tuple[array[int], array[int]]) -> None:
            base, shown = found
            self._install_base(base, words, shown)
            if self._words != words:  # typed on while the order was read
                self._search_again()
                return
            if keep_rows and len(shown) == len(self._ids):
                self._move(shown)
            else:
                self._show(shown)

        self._ask("order", work, done, slow=slow)

    def _show(self, ids: array[int]) -> None:
        # One reset for the table, none when the same pairs stay (a letter that
        # changes nothing): no repaint, the selection untouched.
        if ids == self._ids:
            self.changed.emit()
            return
        self.beginResetModel()
        self._ids = ids
        self._forget_pages()
        self.endResetModel()
        self.changed.emit()

    def _move(self, ids: array[int]) -> None:
        """The same pairs in a new order: persistent indexes (the selection) follow."""
        self.layoutAboutToBeChanged.emit()
        old = self._ids
        persistent = self.persistentIndexList()
        pair_of = [old[index.row()] if 0 <= index.row() < len(old) else None
                   for index in persistent]  # fmt: skip
        self._ids = ids
        self._forget_pages()
        row_of = {pair_id: self._row(pair_id) for pair_id in set(pair_of) if pair_id is not None}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(row, index.column())
                if pair_id is not None and (row := row_of[pair_id]) is not None
                else QModelIndex()
                for index, pair_id in zip(persistent, pair_of, strict=True)
            ],
        )
        self.layoutChanged.emit()
        self.changed.emit()

    # -- sorting ------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the pairs by ``column`` (the database sorts; ties by mentor, then mentee).
        Selected rows follow (persistent indexes)."""
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        # Even with no row shown: the search remembered for a backspace is reordered too.
        self._reorder(keep_rows=True)

    def sort_column(self) -> int:
        """The column the rows are sorted by."""
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    # -- reading rows -------------------------------------------------------------------------

    def _page(self, number: int, *, wait: bool) -> list[RosterEntry | None] | None:
        """Page ``number`` of the rows shown: kept, read now (``wait`` or a small
        roster), or asked of the worker (None until it comes)."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        source = self._source
        if source is None:
            return None
        ids = self._ids[number * PAGE : (number + 1) * PAGE]
        if wait or not self._large() or source.run is None:
            with source.transaction() as session:
                entries = read_entries(session, ids, source.as_of)
            return self._keep_page(number, ids, entries)
        if number not in self._reading:
            self._reading.add(number)
            shown = self._ids

            def work() -> list[RosterEntry]:
                with source.transaction() as session:
                    return read_entries(session, ids, source.as_of)

            def done(entries: list[RosterEntry]) -> None:
                self._reading.discard(number)
                if self._ids is not shown:  # another order or search since
                    return
                self._keep_page(number, ids, entries)
                first = number * PAGE
                last = min(first + PAGE, len(self._ids)) - 1
                self.dataChanged.emit(self.index(first, 0), self.index(last, _COLUMN_COUNT - 1))

            def failed(_error: BaseException) -> None:
                self._reading.discard(number)

            source.run(work, done, failed)
        return None

    def _keep_page(
        self, number: int, ids: Sequence[int], entries: list[RosterEntry]
    ) -> list[RosterEntry | None]:
        by_pair = {entry.row.pair_id: entry for entry in entries}
        # A pair deleted since the order was read shows as an empty line until the next load.
        page = [by_pair.get(pair_id) for pair_id in ids]
        self._pages[number] = page
        self._pages.move_to_end(number)
        while len(self._pages) > KEPT_PAGES:
            dropped, _ = self._pages.popitem(last=False)
            for row in range(dropped * PAGE, (dropped + 1) * PAGE):
                self._texts.pop(row, None)
        return page

    def _entry_at(self, row: int, *, wait: bool = False) -> RosterEntry | None:
        page = self._page(row // PAGE, wait=wait)
        if page is None:
            return None
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    # -- looking rows up ----------------------------------------------------------------------

    def entry(self, row: int) -> RosterEntry:
        """The entry shown on table row ``row`` (read now if its page is not kept)."""
        if not 0 <= row < len(self._ids):
            raise IndexError(row)
        entry = self._entry_at(row, wait=True)
        if entry is None:
            raise IndexError(row)
        return entry

    def pair_id(self, row: int) -> int | None:
        """The pair shown on table row ``row`` (None past the end)."""
        if not 0 <= row < len(self._ids):
            return None
        return self._ids[row]

    def _row(self, pair_id: int) -> int | None:
        try:
            return self._ids.index(pair_id)
        except ValueError:
            return None

    def row_of(self, pair_id: int) -> int | None:
        """The table row showing ``pair_id``, or None (not in the roster, or filtered out)."""
        return self._row(pair_id)

    def shown_ids(self) -> array[int]:
        """The pairs shown, in table order."""
        return self._ids

    def total_count(self) -> int:
        """Every pair of the roster, shown or not."""
        return self._total

    # -- Qt's model interface -------------------------------------------------------------------
    # ``flags`` is not overridden: Qt's own (enabled, selectable) is answered without Python.

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

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
        # boxes) answered after one set lookup.
        if role == _DISPLAY:
            row, column = index.row(), index.column()
            if not (0 <= row < len(self._ids) and 0 <= column < _COLUMN_COUNT):
                return None
            texts = self._texts.get(row)
            if texts is None:
                entry = self._entry_at(row)
                if entry is None:
                    return READING if column == 0 else ""
                texts = self._texts[row] = _texts_of(entry)
            return texts[column]
        if role not in _ANSWERED_ROLES:
            return None
        column = index.column()
        # Alignment and icons are asked of every cell, but only one column has each.
        if role == _ALIGNMENT:
            return _TRUST_ALIGNMENT if column == _TRUST_COLUMN else None
        if role == _DECORATION and column != _HEALTH_COLUMN:
            return None
        row = index.row()
        if not (0 <= row < len(self._ids) and 0 <= column < _COLUMN_COUNT):
            return None
        if role == _PAIR_ID:
            return self._ids[row]
        entry = self._entry_at(row)
        if entry is None:
            return None
        if role == _DECORATION:
            return self._health_icon(entry.health)
        if role == _LEVEL:
            return entry.row.trust_level
        if role == _ENTRY:
            return entry
        if role == _SORT:
            return None  # the database sorts
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
