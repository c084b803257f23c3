"""The program at a glance for the chosen day: figures, charts, and the pairs at risk.

The figures are computed in the worker, in SQL from the risk verdicts kept in the
database (``figures.kept_program_figures``): quick whatever the program's size. When
some pairs' verdicts do not hold for the day (their records changed, the day moved,
a demo was just built), the figures are shown at once all the same, the status line
saying how many pairs are being brought up to date, and those pairs are judged in the
background a chunk at a time, each chunk committed, so that memory stays bounded and
the window responsive; the figures are shown again when the last chunk is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import Health, TrustDimension, TrustLevel, TrustType
from mentordesk.services.conflicts import list_conflicts
from mentordesk.services.figures import (
    ProgramFigures,
    ethics_completion,
    kept_program_figures,
    overdue_goals,
    pair_count,
    program_figures,
)
from mentordesk.services.people import directory
from mentordesk.services.risk import PairRiskRow, assess_program
from mentordesk.services.risk_cache import (
    CHUNK,
    active_pair_ids,
    attention_verdicts,
    judge_stale_chunk,
)
from mentordesk.ui.context import PairSelection
from mentordesk.ui.formatting import counted, days_in, long_date, number, percent
from mentordesk.ui.icons import HEALTH_COLOURS, LEVEL_COLOURS
from mentordesk.ui.models.attention import PAIR_ID_ROLE, AttentionModel, needing_attention
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.charts import SERIES_COLOURS, BarSet, ChartView
from mentordesk.ui.widgets.closing_outcomes_panel import ClosingOutcomesPanel
from mentordesk.ui.widgets.figure_tile import FigureTile
from mentordesk.ui.widgets.next_steps import NextSteps, Step, empty_program_steps
from mentordesk.ui.worker import Job, Progress, run_in_worker, running_jobs

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

NOT_ASSESSED_COLOUR = "#8a8f98"

#: Pairs judged per background job when the verdicts are brought up to date.
FLAG_CHUNK = CHUNK

#: Before its first chunk the background judging waits up to this long (seconds) for
#: the other jobs of the moment (the roster's first page, say) to end.
YIELD_SECONDS = 2.0


@dataclass(frozen=True)
class DashboardData:
    figures: ProgramFigures
    attention: list[PairRiskRow]
    #: The pairs behind each tile (by tile key), shown in Pairs when the tile is clicked.
    pairs: dict[str, PairSelection] = field(default_factory=dict)
    #: With no active pair: the next steps (people, mentors and pairs there are so far).
    start: list[Step] | None = None
    #: Pairs whose verdict is not among these figures yet (being judged).
    stale: int = 0
    #: Of those, the pairs never judged: left out of health, trust levels and adherence.
    unjudged: int = 0


#: What a click on each tile shows in Pairs.
TILE_PAIRS = {
    "active": "the active pairs",
    "healthy": "the healthy pairs",
    "watch": "the pairs on watch",
    "at_risk": "the pairs at risk",
    "trust": "the assessed active pairs",
    "adherence": "the active pairs with a check-in adherence",
    "conflicts": "the pairs with a conflict still being handled",
    "ethics": "the active pairs",
    "goals": "the pairs with an overdue goal",
}
_TILE_HEALTH = {"healthy": Health.HEALTHY, "watch": Health.WATCH, "at_risk": Health.AT_RISK}


def pairs_behind(rows: list[PairRiskRow], conflict_pairs: set[int]) -> dict[str, PairSelection]:
    """The pairs each figure counts, from the judged rows: what a click on its tile shows."""

    def chosen(key: str, keep: Callable[[PairRiskRow], bool]) -> PairSelection:
        return PairSelection(TILE_PAIRS[key], frozenset(row.pair_id for row in rows if keep(row)))

    active = frozenset(row.pair_id for row in rows)  # one set behind both tiles
    return {
        "active": PairSelection(TILE_PAIRS["active"], active),
        "healthy": chosen("healthy", lambda row: row.health is Health.HEALTHY),
        "watch": chosen("watch", lambda row: row.health is Health.WATCH),
        "at_risk": chosen("at_risk", lambda row: row.health is Health.AT_RISK),
        "trust": chosen("trust", lambda row: row.trust_score is not None),
        "adherence": chosen("adherence", lambda row: row.adherence is not None),
        "conflicts": PairSelection(TILE_PAIRS["conflicts"], frozenset(conflict_pairs)),
        "ethics": PairSelection(TILE_PAIRS["ethics"], active),
    }


def pairs_of_tile(session: Session, as_of: date, program_id: int | None, key: str) -> PairSelection:
    """The pairs behind one tile's figure, read from the kept verdicts when it is clicked:
    at 100,000 pairs holding every tile's pairs would cost tens of megabytes."""
    if key == "conflicts":
        handled = list_conflicts(session, program_id, as_of=as_of, include_ended=False)
        ids = frozenset(c.pair_id for c in handled if c.pair_id is not None)
    elif key == "goals":
        ids = frozenset(overdue_goals(session, as_of, program_id))
    else:
        ids = active_pair_ids(
            session,
            as_of,
            program_id,
            health=_TILE_HEALTH.get(key),
            assessed=key == "trust",
            with_adherence=key == "adherence",
        )
    return PairSelection(TILE_PAIRS[key], ids)


def _percent(share: float | None) -> str:
    return percent(share)


def _score(value: float | None) -> str:
    return "—" if value is None else number(value, 2)


class AttentionTable(QTableView):
    """The pairs needing attention; Enter opens the current one, like a double-click."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class DashboardView(View):
    name = "dashboard"
    title = "Dashboard"
    icon = "dashboard"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._job: Job[object] | None = None
        self._flags_job: Job[object] | None = None
        self._generation = 0
        self.data: DashboardData | None = None

        self.heading = QLabel()
        heading_font = QFont(self.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        self.goals_line = QLabel()
        self.goals_line.setObjectName("overdueGoals")
        self.goals_line.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.goals_line.linkActivated.connect(self.show_pairs_of)
        self.goals_line.setToolTip(
            "Goals of the active pairs whose target date has passed while they are still open; "
            "each pair's page lists them"
        )

        self.tiles = {
            "active": FigureTile("Active pairs"),
            "healthy": FigureTile(Health.HEALTHY.label),
            "watch": FigureTile(Health.WATCH.label),
            "at_risk": FigureTile(Health.AT_RISK.label),
            "trust": FigureTile("Average trust"),
            "adherence": FigureTile("Check-in adherence"),
            "conflicts": FigureTile("Open conflicts"),
            "ethics": FigureTile("Ethics reviewed"),
        }
        tips = {
            "active": "Pairs whose status is active and that started by the chosen day",
            "healthy": "Active pairs with no risk flag",
            "watch": "Active pairs with one or two minor flags",
            "at_risk": "Active pairs with a major flag, or three or more minor ones",
            "trust": "Mean trust score of the active pairs' latest mentee assessments",
            "adherence": "Held check-ins against the expected cadence over the last 90 days "
            "(or since the pair's start), averaged over the active pairs; a pair started "
            "less than one cadence ago is too new to count",
            "conflicts": "Conflicts not yet resolved or closed on the chosen day "
            "(escalated ones included)",
            "ethics": "Share of the five guidelines × active pairs reviewed (confirmed or concern)",
        }
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for column, (key, tile) in enumerate(self.tiles.items()):
            tile.setToolTip(f"{tips[key]}.\nClick, or Enter, to see these pairs in Pairs.")
            tile.set_clickable(True)
            tile.activated.connect(lambda k=key: self.show_pairs_of(k))
            tiles.addWidget(tile, 0, column)

        self.levels_chart = ChartView("Trust levels of the active pairs")
        self.dimensions_chart = ChartView("Average trust by dimension")
        self.types_chart = ChartView("Average trust by type")
        charts = QHBoxLayout()
        charts.setSpacing(8)
        for chart in (self.levels_chart, self.dimensions_chart, self.types_chart):
            charts.addWidget(chart, 1)
        self.closing_panel = ClosingOutcomesPanel()
        charts.addWidget(self.closing_panel)
        self.dimensions_chart.setToolTip(
            "The mean of each active pair's latest mentee assessment, by dimension"
        )
        self.types_chart.setToolTip(
            "The mean of each active pair's latest mentee assessment, by type of trust"
        )
        charts_box = QWidget()
        charts_box.setLayout(charts)

        self.attention_model = AttentionModel(self)
        self.attention = AttentionTable()
        self.attention.setObjectName("attentionTable")
        self.attention.setModel(self.attention_model)
        self.attention.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attention.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.attention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attention.setAlternatingRowColors(True)
        self.attention.verticalHeader().hide()
        self.attention.setWordWrap(False)
        self.attention.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.attention.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((100, 160, 160, 110)):
            header.resizeSection(column, width)
        self.attention.activated.connect(self._open_pair)
        self.attention.doubleClicked.connect(self._open_pair)
        self.attention.selectionModel().currentRowChanged.connect(self._show_reasons)
        self.attention_title = QLabel()
        title_font = QFont(self.font())
        title_font.setBold(True)
        self.attention_title.setFont(title_font)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        attention_box = QWidget()
        attention_layout = QVBoxLayout(attention_box)
        attention_layout.setContentsMargins(0, 0, 0, 0)
        attention_layout.addWidget(self.attention_title)
        attention_layout.addWidget(self.attention, 1)
        attention_layout.addWidget(self.reasons)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("dashboardSplitter")
        self.splitter.addWidget(charts_box)
        self.splitter.addWidget(attention_box)
        self.splitter.setChildrenCollapsible(False)
        charts_box.setMinimumHeight(240)
        attention_box.setMinimumHeight(200)
        self.splitter.setSizes([330, 300])

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.goals_line)
        top.addSpacing(16)
        top.addWidget(self.status)
        layout.addLayout(top)
        layout.addLayout(tiles)
        self.next_steps = NextSteps("This program has no pairs yet. Next steps:")
        self.next_steps.step_chosen.connect(self.context.next_step_requested.emit)
        # In the charts' place while there is nothing to chart; at the top of that place.
        self.next_steps_box = QWidget()
        steps_layout = QVBoxLayout(self.next_steps_box)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.addWidget(self.next_steps)
        steps_layout.addStretch(1)
        self.next_steps_box.hide()
        layout.addWidget(self.next_steps_box, 1)
        layout.addWidget(self.splitter, 1)
        # Small windows scroll instead of squeezing the charts unreadable.
        content.setMinimumHeight(560)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._show_reasons(QModelIndex())

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures in the worker; an older computation still running is dropped."""
        for job in (self._job, self._flags_job):
            if job is not None and not job.finished:
                job.cancel()
        self._generation += 1
        generation = self._generation
        as_of = self.context.as_of
        program_id = self.context.program_id
        database = self.context.database
        self.heading.setText(f"At a glance on {long_date(as_of)}")
        self.status.setText("Computing the figures…")
        self.closing_panel.refresh(database, program_id, as_of)

        def start_steps(figures: ProgramFigures) -> list[Step] | None:
            if figures.active_pairs:
                return None
            # An empty program leads nowhere by itself: say what comes next.
            with database.transaction() as session:
                people = directory(session, include_left=False)
                pairs = pair_count(session, program_id)
            mentors = sum(1 for person in people if person.can_mentor)
            return empty_program_steps(len(people), mentors, pairs)

        def read(question: Callable[[Session, date, int | None], T]) -> T:
            with database.transaction() as session:
                return question(session, as_of, program_id)

        def kept(progress: Progress) -> DashboardData:
            """The figures from the kept verdicts, all in SQL: no verdict is judged. The
            pairs behind a tile are read when it is clicked (:func:`pairs_of_tile`)."""
            # Three independent reads, each on a connection of its own: the database
            # answers them side by side without holding the interpreter, so the figures
            # come in the time of the longest (at 100,000 pairs about half the time of
            # the three in a row).
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="figures") as pool:
                ethics = pool.submit(read, ethics_completion)
                attention_read = pool.submit(read, attention_verdicts)
                found = read(partial(kept_program_figures, ethics=False))
                progress.check()
                attention = attention_read.result()
                figures = replace(found.figures, ethics_completion=ethics.result())
            stale = found.stale + found.unjudged
            start = start_steps(figures) if not stale else None
            return DashboardData(figures, attention, {}, start, stale, found.unjudged)

        def judged(progress: Progress) -> DashboardData:
            """Every verdict judged in one go and the figures counted from them: where
            verdicts cannot be kept (a read-only file), the chunks never end."""
            with database.transaction() as session:
                rows = assess_program(session, as_of, program_id)
                progress.check()
                figures = program_figures(session, as_of, program_id, rows)
                handled = list_conflicts(session, program_id, as_of=as_of, include_ended=False)
            behind = pairs_behind(rows, {c.pair_id for c in handled if c.pair_id is not None})
            behind["goals"] = PairSelection(TILE_PAIRS["goals"], figures.overdue_goal_pairs)
            return DashboardData(figures, needing_attention(rows), behind, start_steps(figures))

        def chunk(progress: Progress) -> list[int]:
            if not judged_so_far:
                # The other views' first reads go first: judging competes with them
                # for the interpreter, and the coordinator waits for those.
                waited = 0.0
                while running_jobs() > 1 and waited < YIELD_SECONDS:
                    progress.check()
                    time.sleep(0.05)
                    waited += 0.05
            with database.transaction() as session:
                return judge_stale_chunk(session, as_of, program_id, FLAG_CHUNK)

        def run(
            work: Callable[[Progress], object],
            done: Callable[..., None],
            background: bool = False,
        ) -> Job[object]:
            return run_in_worker(
                self,
                work,
                done,
                on_error=lambda error: self._failed(generation, error),
                title="Computing the program's figures",
                show_progress=False,
                background=background,
            )

        previous: list[int] = []
        judged_so_far = 0

        def bring_up_to_date(data: DashboardData) -> None:
            if generation != self._generation:
                return
            self._show(generation, data)
            if data.stale:
                self._set_updating(data, judged_so_far)
                self._flags_job = run(chunk, chunk_done, background=True)

        def chunk_done(ids: list[int]) -> None:
            nonlocal previous, judged_so_far
            if generation != self._generation or self.data is None:
                return
            if not ids:  # every verdict holds: the figures again, complete
                judged_so_far = 0  # (unless someone changed a pair meanwhile: again)
                self._job = run(kept, bring_up_to_date)
            elif ids == previous:  # not kept (read-only): judge all at once instead
                self._job = run(judged, lambda data: self._show(generation, data))
            else:
                previous = ids
                judged_so_far += len(ids)
                self._set_updating(self.data, judged_so_far)
                self._flags_job = run(chunk, chunk_done, background=True)

        self._job = run(kept, bring_up_to_date)

    def _set_updating(self, data: DashboardData, judged: int) -> None:
        """Say that the figures shown leave pairs out, or count them by a past verdict."""
        left = max(data.stale - judged, 0)
        if not left:
            text = "Risk flags worked out; counting the figures again…"
        elif data.unjudged:
            counted_pairs = data.figures.active_pairs - data.unjudged
            text = f"Working out the risk flags of {counted(left, 'pair')}… " + (
                f"Health and trust levels count the {number(counted_pairs)} judged before."
                if counted_pairs
                else "Health and trust levels follow."
            )
        else:
            # Their records changed, or the day did: their last verdicts are shown.
            text = (
                f"Bringing the risk flags of {counted(left, 'pair')} up to date "
                "(shown by their last verdict meanwhile)…"
            )
        self.status.setText(text)

    def _failed(self, generation: int, error: BaseException) -> None:
        from mentordesk.ui.errors import show_error

        if generation == self._generation:
            self.status.setText("The figures could not be computed.")
            show_error(self, error)

    def _show(self, generation: int, data: DashboardData) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.data = data
        self.status.setText("")
        figures = data.figures
        if data.start is not None and not all(step.done for step in data.start):
            self.next_steps.set_steps(data.start)
            self.next_steps_box.show()
            self.splitter.hide()
        else:
            self.next_steps_box.hide()
            self.splitter.show()
        self._fill_tiles(figures, data.unjudged)
        self._fill_charts(figures, data.unjudged)
        self.attention_model.set_rows(data.attention)
        at_risk = figures.health[Health.AT_RISK]
        watch = figures.health[Health.WATCH]
        title = f"Pairs needing attention: {number(at_risk)} at risk, {number(watch)} on watch"
        if len(data.attention) < at_risk + watch:
            title += (
                f"; the {number(len(data.attention))} most pressing listed "
                "(click a tile above for all)"
            )
        if not data.attention:
            title = (
                "Working out which pairs need attention…"
                if data.unjudged
                else "No pair needs attention on this day."
            )
        self.attention_title.setText(title)
        if data.attention:
            self.attention.selectRow(0)
        else:
            self._show_reasons(QModelIndex())

    def _fill_tiles(self, figures: ProgramFigures, unjudged: int = 0) -> None:
        active = figures.active_pairs
        # Pairs never judged yet are in no health: the figures that come from the
        # verdicts are of those judged, and say so; with none judged they wait.
        judged = active - unjudged
        waiting = "being worked out"
        self.tiles["active"].set_figure(
            number(active),
            f"{number(unjudged)} being judged"
            if unjudged
            else f"{number(figures.unassessed)} not assessed"
            if active
            else "none active",
        )
        for key, health in (
            ("healthy", Health.HEALTHY),
            ("watch", Health.WATCH),
            ("at_risk", Health.AT_RISK),
        ):
            count = figures.health[health]
            if unjudged and not judged:
                self.tiles[key].set_figure("…", waiting)
                continue
            of = "of judged" if unjudged else "of active"
            share = f"{percent(count / judged)} {of}" if judged else ""
            self.tiles[key].set_figure(number(count), share, HEALTH_COLOURS[health])
        level = None
        if unjudged:
            level_text = f"levels {waiting}"
        elif figures.average_trust is not None:
            high = figures.trust_levels[TrustLevel.HIGH]
            level_text = f"{number(high)} at high trust"
            level = max(figures.trust_levels, key=lambda lv: figures.trust_levels[lv])
        else:
            level_text = "no assessment yet"
        self.tiles["trust"].set_figure(
            _score(figures.average_trust),
            level_text,
            LEVEL_COLOURS[level] if level is not None else None,
        )
        if unjudged and not judged:
            self.tiles["adherence"].set_figure("…", waiting)
        else:
            self._fill_adherence(figures)
        self.tiles["conflicts"].set_figure(
            number(figures.open_conflicts),
            "still being handled",
            HEALTH_COLOURS[Health.AT_RISK] if figures.open_conflicts else None,
        )
        self.tiles["ethics"].set_figure(_percent(figures.ethics_completion), "of all checks")
        self._fill_goals_line(figures)

    def _fill_goals_line(self, figures: ProgramFigures) -> None:
        overdue = figures.overdue_goals
        pairs = len(figures.overdue_goal_pairs)
        if not overdue:
            self.goals_line.setText("No overdue goal")
            return
        # A link: a click (or Tab and Enter) shows those pairs in Pairs, as a tile does.
        colour = HEALTH_COLOURS[Health.WATCH]
        self.goals_line.setText(
            f"<a href='goals' style='color:{colour}; font-weight:bold'>"
            f"{counted(overdue, 'overdue goal')} in {counted(pairs, 'pair')}</a>"
        )

    def _fill_adherence(self, figures: ProgramFigures) -> None:
        """The mean adherence of the pairs that have one; pairs started less than one cadence
        ago are too new (no adherence yet, never 0 %)."""
        too_new = figures.too_new
        if figures.adherence is None and too_new:
            self.tiles["adherence"].set_figure("too new", "no pair a cadence old yet")
            return
        note = f"{number(too_new)} too new to count" if too_new else "last 90 days"
        self.tiles["adherence"].set_figure(_percent(figures.adherence), note)

    def _fill_charts(self, figures: ProgramFigures, unjudged: int = 0) -> None:
        levels = [*TrustLevel]
        if unjudged == figures.active_pairs and unjudged:
            # Levels come from the verdicts: none yet, so no bars of zero either.
            self.levels_chart.set_waiting("being worked out…")
        else:
            self.levels_chart.set_coloured_bars(
                [level.label for level in levels] + ["Not assessed"],
                [figures.trust_levels[level] for level in levels] + [figures.unassessed],
                [LEVEL_COLOURS[level] for level in levels] + [NOT_ASSESSED_COLOUR],
                x_title="",
                y_title="Active pairs judged so far" if unjudged else "Active pairs",
                horizontal=True,
            )
        self.dimensions_chart.set_bars(
            [dimension.label for dimension in TrustDimension],
            [
                BarSet(
                    "Average score",
                    [figures.trust_by_dimension[d] for d in TrustDimension],
                    SERIES_COLOURS[0],
                )
            ],
            x_title="",
            y_title="Average score (1–5)",
            y_range=(0, 5),
            y_ticks=6,
            horizontal=True,
        )
        self.types_chart.set_bars(
            [trust_type.label for trust_type in TrustType],
            [
                BarSet(
                    "Average score",
                    [figures.trust_by_type[t] for t in TrustType],
                    SERIES_COLOURS[2],
                )
            ],
            x_title="",
            y_title="Average score (1–5)",
            y_range=(0, 5),
            y_ticks=6,
            horizontal=True,
        )

    # -- reacting ------------------------------------------------------------------------------

    def _show_reasons(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            self.reasons.setText(
                "Select a pair to read why it is flagged; double-click it or press Enter "
                "to open it."
            )
            return
        row = self.attention_model.pair_row(current.row())
        bullets = "".join(
            f"<li><b>{finding.flag.label}</b>: {days_in(finding.reason)}</li>"
            for finding in row.findings
        )
        self.reasons.setText(
            f"<b>{row.mentor_name}</b> mentoring <b>{row.mentee_name}</b> "
            f"({row.model.label.lower()}):<ul style='margin:0'>{bullets}</ul>"
        )

    def show_pairs_of(self, key: str) -> None:
        """A tile was clicked: the pairs behind its figure, in Pairs."""
        if self.data is None or key not in TILE_PAIRS:
            return
        selection = self.data.pairs.get(key)
        if selection is None:  # figures from the kept verdicts: read their pairs now
            figures = self.data.figures
            with self.context.database.transaction() as session:
                selection = pairs_of_tile(session, figures.as_of, figures.program_id, key)
        self.context.show_pairs_requested.emit(selection)

    def _open_pair(self, index: QModelIndex) -> None:
        pair_id = index.data(PAIR_ID_ROLE)
        if pair_id is not None:
            self.context.open_pair_requested.emit(int(pair_id))

    def current_pair_id(self) -> int | None:
        """The pair selected in the attention list (Ctrl+L and Ctrl+T act on it)."""
        pair_id = self.attention.currentIndex().data(PAIR_ID_ROLE)
        return None if pair_id is None else int(pair_id)

    # -- remembered layout ----------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("columns", self.attention.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        columns = settings.value("columns")
        if columns is not None:
            self.attention.horizontalHeader().restoreState(columns)
