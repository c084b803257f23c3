"""One pair: who, how trust developed, what happened, what is checked, what is flagged.

Every action here is one a coordinator takes after a meeting with the pair:
log an activity, record an assessment, add a goal, open a conflict, review
ethics, write a review, record the agreement. Each is undoable (Ctrl+Z); they
live in actions.py, the sections they fill in sections.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import Health, PairStatus, TrustDimension, TrustType
from mentordesk.errors import NotFound
from mentordesk.services.activities import TimelineEntry, TimelineSource
from mentordesk.services.common import ENDED_STATUSES
from mentordesk.services.pair_page import PairPage, load_page
from mentordesk.services.pair_search import PairMatch, find_pairs
from mentordesk.ui.icons import HEALTH_COLOURS, icon
from mentordesk.ui.views.base import View
from mentordesk.ui.views.pair_detail.actions import PairActions
from mentordesk.ui.views.pair_detail.layout import flush_layout_requests
from mentordesk.ui.views.pair_detail.sections import GUIDELINE_ROLE, PairSections
from mentordesk.ui.views.pair_detail.text import day_text, heading
from mentordesk.ui.widgets.badges import Badge
from mentordesk.ui.widgets.header_stretch import header_state, stretch_columns
from mentordesk.ui.widgets.pair_chooser import PairChooser
from mentordesk.ui.widgets.timeline import TimelineWidget
from mentordesk.ui.widgets.trust_chart import TrustChartView
from mentordesk.ui.worker import Job, Progress, run_in_worker


class PairDetailView(PairActions, PairSections, View):
    name = "pair"
    title = "Pair"
    icon = "pair"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.pair_id: int | None = None
        self.page: PairPage | None = None
        self._job: Job[PairPage | None] | None = None
        self._generation = 0

        # -- header ------------------------------------------------------------------------
        # Asks the database as the coordinator types: no list of every pair is held.
        self.chooser = PairChooser(self._pair_search)
        self.chooser.setObjectName("pairChooser")
        self.chooser.pair_chosen.connect(self._chosen)
        self.names = QLabel()
        self.names.setObjectName("pairNames")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.names.setFont(font)
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expectations = QLabel()
        self.expectations.setWordWrap(True)
        self.trust_badge = Badge()
        self.health_badge = Badge()
        badges = QHBoxLayout()
        badges.addWidget(QLabel("Trust:"))
        badges.addWidget(self.trust_badge)
        badges.addSpacing(12)
        badges.addWidget(QLabel("Health:"))
        badges.addWidget(self.health_badge)

        # -- actions -----------------------------------------------------------------------
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.actions_by_name: dict[str, QAction] = {}
        for key, icon_name, text, shortcut, slot in (
            ("activity", "activity", "Log activity…", "Ctrl+L", self.log_activity),
            ("assessment", "assessment", "Record assessment…", "Ctrl+T", self.record_assessment),
            ("goal", "goal", "Add goal…", None, self.add_goal),
            ("conflict", "conflict-open", "Open conflict…", None, self.open_conflict),
            ("ethics", "ethics-review", "Review ethics…", None, self.review_ethics),
            ("review", "review", "Write review…", None, self.write_review),
            ("agreement", "agreement", "Mentoring agreement…", None, self.edit_agreement),
            ("edit", "edit", "Edit pair…", None, self.edit_pair),
            ("end", "end-pair", "End pair…", None, self.end_pair),
        ):
            action = QAction(icon(icon_name), text, self)
            if shortcut:
                # The window's Pairs menu holds the shortcut (one owner, or neither fires).
                action.setToolTip(f"{text.rstrip('…')} ({shortcut})")
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.actions_by_name[key] = action
        for key in ("activity", "assessment", None, "goal", "conflict", "ethics", "review"):
            if key is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(self.actions_by_name[key])
        self.toolbar.addSeparator()
        # The pair's own settings, used less often, share one button.
        pair_menu = QMenu(self)
        for key in ("agreement", "edit", "end"):
            pair_menu.addAction(self.actions_by_name[key])
        self.pair_button = QToolButton()
        self.pair_button.setText("Pair")
        self.pair_button.setIcon(icon("pair"))
        self.pair_button.setToolTip("Agreement, edit or end the pair")
        self.pair_button.setMenu(pair_menu)
        self.pair_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pair_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addWidget(self.pair_button)

        # -- trust -------------------------------------------------------------------------
        self.trust_chart = TrustChartView("Trust over time")
        self.trust_chart.setMinimumHeight(250)
        self.comparison = QTableWidget(1 + len(TrustDimension) + len(TrustType), 3)
        self.comparison.setObjectName("trustComparison")
        self.comparison.setHorizontalHeaderLabels(["Mentee", "Mentor's view", "Gap"])
        self.comparison.setVerticalHeaderLabels(
            ["Overall"]
            + [f"{d.label}" for d in TrustDimension]
            + [f"{t.label} trust" for t in TrustType]
        )
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comparison.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.comparison.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.comparison.setFixedHeight(
            (self.fontMetrics().height() + 8) * self.comparison.rowCount()
            + self.comparison.horizontalHeader().sizeHint().height()
            + 4
        )
        self.comparison.setToolTip(
            "The latest assessment by each; the gap is the mentor's view minus the mentee's"
        )
        self.comparison_title = heading("Latest assessment")

        self.rated = QProgressBar()
        self.held = QProgressBar()
        self.adherence = QProgressBar()
        for bar in (self.rated, self.held, self.adherence):
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setMaximumHeight(self.fontMetrics().height() + 6)
        self.consistency_note = QLabel()
        self.consistency_note.setWordWrap(True)
        self.consistency_note.setEnabled(False)
        consistency = QGridLayout()
        consistency.addWidget(QLabel("Rated (behavioral trust)"), 0, 0)
        consistency.addWidget(self.rated, 0, 1)
        consistency.addWidget(QLabel("Observed: activities held"), 1, 0)
        consistency.addWidget(self.held, 1, 1)
        consistency.addWidget(QLabel("Observed: check-in adherence"), 2, 0)
        consistency.addWidget(self.adherence, 2, 1)
        consistency.addWidget(self.consistency_note, 3, 0, 1, 2)
        consistency.setColumnStretch(1, 1)

        # -- flags, goals, ethics -------------------------------------------------------------
        self.flags = QTreeWidget()
        self.flags.setObjectName("pairFlags")
        self.flags.setHeaderHidden(True)
        self.flags.setRootIsDecorated(False)
        self.flags.setWordWrap(True)
        self.flags.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.flags.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.flags_title = heading("Flags")

        self.goals = QTreeWidget()
        self.goals.setObjectName("pairGoals")
        self.goals.setHeaderLabels(["Goal", "Target", "Status"])
        self.goals.setRootIsDecorated(False)
        self.goals.header().setStretchLastSection(False)
        self.goals.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.goals.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.goals.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.goals.itemActivated.connect(lambda item, _c: self.edit_goal(item))
        self.goals.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.goals.customContextMenuRequested.connect(self._goal_menu)

        self.ethics = QTreeWidget()
        self.ethics.setObjectName("pairEthics")
        self.ethics.setHeaderLabels(["Guideline", "State", "Reviewed", "By"])
        self.ethics.setRootIsDecorated(False)
        self.ethics.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.ethics.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.ethics.itemActivated.connect(
            lambda item, _c: self.review_ethics(item.data(0, GUIDELINE_ROLE))
        )

        # -- timeline -----------------------------------------------------------------------
        self.timeline = TimelineWidget()
        self.timeline.entry_activated.connect(self._entry_activated)
        self.timeline.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline.tree.customContextMenuRequested.connect(self._timeline_menu)
        self._trees = (self.flags, self.comparison, self.goals, self.ethics, self.timeline.tree)

        # -- layout -------------------------------------------------------------------------
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.flags_title)
        left_layout.addWidget(self.flags)
        left_layout.addWidget(self.trust_chart)
        left_layout.addWidget(self.comparison_title)
        left_layout.addWidget(self.comparison)
        left_layout.addWidget(heading("Consistency: rated beside observed"))
        left_layout.addLayout(consistency)
        goals_row = QHBoxLayout()
        goals_row.addWidget(heading("Goals"))
        goals_row.addStretch(1)
        add_goal_button = QPushButton(icon("add"), "Add goal…")
        add_goal_button.clicked.connect(self.add_goal)
        goals_row.addWidget(add_goal_button)
        left_layout.addLayout(goals_row)
        left_layout.addWidget(self.goals)
        ethics_row = QHBoxLayout()
        ethics_row.addWidget(heading("Ethics checklist"))
        ethics_row.addStretch(1)
        review_button = QPushButton(icon("ethics-review"), "Review ethics…")
        review_button.clicked.connect(lambda: self.review_ethics())
        ethics_row.addWidget(review_button)
        left_layout.addLayout(ethics_row)
        left_layout.addWidget(self.ethics)
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left_scroll.setWidget(left)

        right = QGroupBox("Timeline")
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.timeline)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("pairSplitter")
        self.splitter.addWidget(left_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 520])

        header = QGridLayout()
        header.addWidget(self.names, 0, 0)
        header.addLayout(badges, 0, 1, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.facts, 1, 0, 1, 2)
        header.addWidget(self.expectations, 2, 0, 1, 2)
        header.setColumnStretch(0, 1)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(header)
        page_layout.addWidget(self.toolbar)
        page_layout.addWidget(self.splitter, 1)

        self.empty = QLabel(
            "Choose a pair above (type a name), or open one from the Pairs or the Dashboard view."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(page)

        chooser_row = QHBoxLayout()
        go_label = QLabel("&Pair:")
        go_label.setBuddy(self.chooser)
        chooser_row.addWidget(go_label)
        chooser_row.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addLayout(chooser_row)
        layout.addWidget(self.pages, 1)
        self._update_actions()
        self._scroll_areas = page.findChildren(QAbstractScrollArea)

    # -- choosing and loading ---------------------------------------------------------------------

    def show_pair(self, pair_id: int) -> None:
        """Show ``pair_id`` (the window calls this for ``open_pair_requested``)."""
        self.pair_id = pair_id
        self.refresh()

    def select_pair(self, pair_id: int) -> None:
        """Choose the pair to show at the next refresh (the window refreshes when it shows us)."""
        self.pair_id = pair_id

    def _chosen(self, pair_id: int) -> None:
        if pair_id != self.pair_id:
            self.show_pair(pair_id)

    def _pair_search(self, words: str) -> Callable[[Progress], list[PairMatch]]:
        """The chooser's search: the first pairs of the chosen program named by ``words``."""
        database, program_id = self.context.database, self.context.program_id

        def work(_progress: Progress) -> list[PairMatch]:
            with database.transaction() as session:
                return find_pairs(session, program_id, words)

        return work

    def focus_search(self) -> None:
        """Ctrl+F: go to another pair by name."""
        self.chooser.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.chooser.selectAll()

    def refresh(self) -> None:
        """Read the pair's page in the worker, then show it."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        pair_id, as_of = self.pair_id, self.context.as_of
        database = self.context.database

        def work(_progress: Progress) -> PairPage | None:
            if pair_id is None:
                return None
            with database.transaction() as session:
                try:
                    return load_page(session, pair_id, as_of)
                except NotFound:
                    return None

        self._job = run_in_worker(
            self,
            work,
            lambda page: self._show(generation, page),
            title="Loading the pair",
            show_progress=False,
        )

    def _show(self, generation: int, page: PairPage | None) -> None:
        if generation != self._generation:
            return
        if page is None:
            self.pair_id = None
        self.chooser.show_pair(_as_match(page))
        previous = self.page.details.id if self.page is not None else None
        self.page = page
        # One repaint for the whole page instead of one per section filled.
        self.setUpdatesEnabled(False)
        try:
            if page is None:
                self.pages.setCurrentWidget(self.empty)
            else:
                self._fill(page, same_pair=previous == page.details.id)
                self.pages.setCurrentIndex(1)
            self._update_actions()
            self._lay_out_now()
        finally:
            self.setUpdatesEnabled(True)

    def _lay_out_now(self) -> None:
        """Settle the filled page's geometry before it paints.

        Filling posts layout requests that would otherwise run after the first paint,
        each moving something and asking for another paint of the page, and each
        relaying out the whole window (every view in its stack is asked how tall it
        would be). Run here, while updates are off, they happen in one pass and the
        page paints once, in place.
        """
        # The lists lay out their rows on a zero timer, after the first paint, and a
        # scroll bar whose range changed is shown or hidden by a queued call that asks
        # for more layout: do both now, then lay out the page, then settle the scroll
        # bars of any list the layout resized.
        for tree in self._trees:
            tree.doItemsLayout()
        for _pass in range(2):
            for area in self._scroll_areas:
                QCoreApplication.sendPostedEvents(area, QEvent.Type.MetaCall)
            flush_layout_requests()

    def _update_actions(self) -> None:
        page = self.page
        for action in self.actions_by_name.values():
            action.setEnabled(page is not None)
        if page is not None:
            self.actions_by_name["end"].setEnabled(page.details.status not in ENDED_STATUSES)

    # -- filling -----------------------------------------------------------------------------

    def _fill(self, page: PairPage, same_pair: bool) -> None:
        d, risk = page.details, page.risk
        self.names.setText(f"{d.mentor.name}  →  {d.mentee.name}")
        people = []
        for role, person in (("Mentor", d.mentor), ("Mentee", d.mentee)):
            parts = [p for p in (person.title, person.department) if p]
            left = "" if person.active else " (has left)"
            people.append(
                f"{role}: {person.name}{left}" + (f", {', '.join(parts)}" if parts else "")
            )
        if d.agreement_signed:
            agreement = f"agreement signed {day_text(d.agreement_signed)}"
        elif d.agreement_expected:
            agreement = (
                f"<span style='color:{HEALTH_COLOURS[Health.WATCH]}'>no signed agreement yet</span>"
            )
        else:
            agreement = "no agreement recorded"
        span = f"since {day_text(d.start_date)}"
        if d.planned_end:
            span += f", until {day_text(d.planned_end)}"
        cadence = f"check-in every {d.effective_cadence_days} days"
        status = d.status.label
        if d.end_reason:
            status += f" ({d.end_reason})"
        self.facts.setText(
            f"{' · '.join(people)}<br>"
            f"<b>{d.model.label}</b> · {status} · {span} · {cadence} · {agreement} · "
            f"{d.program_name}"
        )
        self.expectations.setText(
            f"<i>Expectations:</i> {d.expectations}" if d.expectations else ""
        )
        self.expectations.setVisible(bool(d.expectations))
        self.trust_badge.set_value(
            risk.trust_level,
            f"{risk.trust_score:.2f} {risk.trust_level.label}"
            if risk.trust_score is not None and risk.trust_level is not None
            else "not assessed",
        )
        active = d.status is PairStatus.ACTIVE
        self.health_badge.set_value(
            risk.health if active else None, risk.health.label if active else d.status.label
        )
        self._fill_flags(page)
        self._fill_trust(page)
        self._fill_goals(d.goals)
        self._fill_ethics(page.ethics)
        self.timeline.set_entries(page.timeline, keep_revealed=same_pair)

    # -- the timeline ---------------------------------------------------------------------------

    def _entry_activated(self, entry: TimelineEntry) -> None:
        if entry.source is TimelineSource.ACTIVITY:
            self.edit_activity(entry.record_id)
        elif entry.source in (TimelineSource.CONFLICT_OPENED, TimelineSource.CONFLICT_STEP):
            self.context.show_view_requested.emit("conflicts")
        elif entry.source is TimelineSource.ETHICS_REVIEW:
            self.review_ethics()
        elif entry.source is TimelineSource.AGREEMENT:
            self.edit_agreement()

    def _timeline_menu(self, point: QPoint) -> None:
        item = self.timeline.tree.itemAt(point)
        entry = self.timeline.current_entry() if item is not None else None
        if entry is None:
            return
        menu = QMenu(self)
        if entry.source is TimelineSource.ACTIVITY:
            menu.addAction(
                icon("edit"), "Edit activity…", lambda: self.edit_activity(entry.record_id)
            )
            menu.addAction(
                icon("delete"), "Delete activity", lambda: self.remove_activity(entry.record_id)
            )
        if self.timeline.is_hidden(entry):
            menu.addAction(icon("unlock"), "Show confidential note", self.timeline.reveal_current)
        if not menu.isEmpty():
            menu.exec(self.timeline.tree.viewport().mapToGlobal(point))

    # -- remembered layout ------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("timeline_splitter", self.timeline.splitter.saveState())
        settings.setValue("timeline_columns", header_state(self.timeline.tree))
        if self.pair_id is not None:
            settings.setValue("pair", self.pair_id)

    def restore_state(self, settings: QSettings) -> None:
        for key, target in (
            ("splitter", self.splitter),
            ("timeline_splitter", self.timeline.splitter),
            ("timeline_columns", self.timeline.tree.header()),
        ):
            value = settings.value(key)
            if value is not None:
                target.restoreState(value)
        stretch_columns(self.timeline.tree)  # the saved header's old stretch undone
        pair = settings.value("pair")
        try:
            self.pair_id = int(pair) if pair not in (None, "") else None
        except (TypeError, ValueError):
            self.pair_id = None


def _as_match(page: PairPage | None) -> PairMatch | None:
    """The page's pair as the chooser shows it."""
    if page is None:
        return None
    details = page.details
    return PairMatch(
        details.id, details.mentor.name, details.mentee.name, details.status, details.start_date
    )
