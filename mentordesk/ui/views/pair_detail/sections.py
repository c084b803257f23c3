"""The pair page's sections filled from a PairPage: flags, trust, goals, ethics checklist."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QTableWidgetItem, QTreeWidgetItem

from mentordesk.domain.goals import is_overdue
from mentordesk.domain.vocabularies import (
    EthicsGuideline,
    EthicsState,
    FlagWeight,
    Health,
    PairStatus,
    Respondent,
    TrustDimension,
    TrustType,
)
from mentordesk.services.ethics import EthicsCell
from mentordesk.services.pair_page import PairPage
from mentordesk.services.roster import GoalRow
from mentordesk.ui.formatting import days_in
from mentordesk.ui.icons import HEALTH_COLOURS, icon
from mentordesk.ui.views.pair_detail.text import day_text, gap_text, score_text
from mentordesk.ui.widgets.charts import SERIES_COLOURS
from mentordesk.ui.widgets.timeline import list_icon

ETHICS_COLOURS = {
    EthicsState.CONFIRMED: HEALTH_COLOURS[Health.HEALTHY],
    EthicsState.CONCERN: HEALTH_COLOURS[Health.AT_RISK],
}
GOAL_ROLE = Qt.ItemDataRole.UserRole + 1
GUIDELINE_ROLE = Qt.ItemDataRole.UserRole + 2


class PairSections:
    """Fills the page's sections; mixed into PairDetailView, which builds their widgets."""

    def _fill_flags(self, page: PairPage) -> None:
        self.flags.clear()
        risk, status = page.risk, page.details.status
        as_of = day_text(self.context.as_of)
        if status is not PairStatus.ACTIVE:
            self.flags_title.setText(
                f"Flags — computed for active pairs only ({status.label.lower()})"
            )
            self.flags.hide()
            return
        if not risk.findings:
            self.flags_title.setText(f"Flags — none on {as_of}: this pair is healthy")
            self.flags.hide()
            return
        self.flags_title.setText(f"Flags on {as_of} — {risk.health.label.lower()}")
        for finding in risk.findings:
            major = finding.flag.weight is FlagWeight.MAJOR
            item = QTreeWidgetItem(
                [
                    f"{finding.flag.label} ({finding.flag.weight.label.lower()}): "
                    f"{days_in(finding.reason)}"
                ]
            )
            item.setIcon(
                0,
                list_icon(
                    self.flags,
                    "at-risk" if major else "watch",
                    HEALTH_COLOURS[Health.AT_RISK if major else Health.WATCH],
                ),
            )
            item.setToolTip(0, days_in(finding.reason))
            self.flags.addTopLevelItem(item)
        self.flags.show()
        rows = len(risk.findings)
        self.flags.setFixedHeight(min(rows, 5) * (self.fontMetrics().height() * 2 + 6) + 6)

    def _fill_trust(self, page: PairPage) -> None:
        d = page.details
        mentee = [
            (a.day, a.overall)
            for a in page.history
            if a.respondent is Respondent.MENTEE and a.overall is not None
        ]
        mentor = [
            (a.day, a.overall)
            for a in page.history
            if a.respondent is Respondent.MENTOR and a.overall is not None
        ]
        days = [day for day, _ in mentee + mentor]
        end = max([self.context.as_of, *days])
        self.trust_chart.set_trust_lines(
            [
                ("Mentee's assessment", mentee, SERIES_COLOURS[0]),
                ("Mentor's view", mentor, SERIES_COLOURS[1]),
            ],
            high=d.thresholds.high,
            medium=d.thresholds.medium,
            start=min([d.start_date, *days]),
            end=end,
        )
        comparison = page.comparison
        mentee_latest, mentor_latest = comparison.mentee, comparison.mentor
        self.comparison.setHorizontalHeaderLabels(
            [
                f"Mentee, {day_text(mentee_latest.day)}" if mentee_latest else "Mentee",
                f"Mentor's view, {day_text(mentor_latest.day)}"
                if mentor_latest
                else "Mentor's view",
                "Gap",
            ]
        )
        rows: list[tuple[float | None, float | None, float | None]] = [
            (
                mentee_latest.overall if mentee_latest else None,
                mentor_latest.overall if mentor_latest else None,
                comparison.overall_gap,
            )
        ]
        for dimension in TrustDimension:
            rows.append(
                (
                    mentee_latest.dimensions[dimension] if mentee_latest else None,
                    mentor_latest.dimensions[dimension] if mentor_latest else None,
                    comparison.dimension_gaps[dimension],
                )
            )
        for trust_type in TrustType:
            rows.append(
                (
                    mentee_latest.types[trust_type] if mentee_latest else None,
                    mentor_latest.types[trust_type] if mentor_latest else None,
                    comparison.type_gaps[trust_type],
                )
            )
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                text = gap_text(value) if column == 2 else score_text(value)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if row == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.comparison.setItem(row, column, item)
        if mentee_latest is None:
            self.comparison_title.setText("Latest assessment — none yet (Ctrl+T records one)")
        else:
            level = mentee_latest.level.label.lower() if mentee_latest.level else "not scored"
            self.comparison_title.setText(f"Latest assessment — {level} trust")

        risk = page.risk
        rated = mentee_latest.types[TrustType.BEHAVIORAL] if mentee_latest else None
        self.rated.setValue(round((rated or 0) / 5 * 100))
        self.rated.setFormat(f"{rated:.2f} of 5" if rated is not None else "not rated")
        self.held.setValue(round((risk.consistency or 0) * 100))
        self.held.setFormat(
            f"{risk.consistency * 100:.0f} %" if risk.consistency is not None else "no activity"
        )
        self.adherence.setValue(round((risk.adherence or 0) * 100))
        self.adherence.setFormat(
            "too new: started less than one cadence ago"
            if risk.too_new
            else f"{risk.adherence * 100:.0f} %"
            if risk.adherence is not None
            else "—"
        )
        self.consistency_note.setText(
            f"Observed over the 90 days to {day_text(self.context.as_of)} (or since the start, "
            f"when shorter), against a check-in every {d.effective_cadence_days} days. Rated: the "
            "mentee's latest answers on reliability."
        )

    def _fill_goals(self, goals: tuple[GoalRow, ...]) -> None:
        self.goals.clear()
        for goal in goals:
            overdue = is_overdue(goal.status, goal.target, self.context.as_of)
            status = "Overdue" if overdue else goal.status.label
            item = QTreeWidgetItem([goal.text, day_text(goal.target), status])
            item.setData(0, GOAL_ROLE, goal)
            item.setToolTip(0, goal.text)
            if overdue:  # the target date has passed and the goal is still open
                item.setIcon(2, icon("watch"))
                item.setForeground(2, QBrush(QColor(HEALTH_COLOURS[Health.WATCH])))
                item.setToolTip(2, f"Still open after its target date, {day_text(goal.target)}")
            self.goals.addTopLevelItem(item)
        if not goals:
            item = QTreeWidgetItem(["No goals yet — add what the mentee wants to reach.", "", ""])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.goals.addTopLevelItem(item)
        self.goals.setFixedHeight((max(len(goals), 1) + 1) * (self.fontMetrics().height() + 10) + 8)

    def _fill_ethics(self, cells: dict[EthicsGuideline, EthicsCell]) -> None:
        self.ethics.clear()
        for guideline in EthicsGuideline:
            cell = cells[guideline]
            item = QTreeWidgetItem(
                [guideline.label, cell.state.label, day_text(cell.day), cell.reviewer or ""]
            )
            item.setData(0, GUIDELINE_ROLE, guideline)
            item.setToolTip(0, guideline.what_is_confirmed)
            if cell.note:
                item.setToolTip(1, cell.note)
            colour = ETHICS_COLOURS.get(cell.state)
            if colour:
                item.setForeground(1, QBrush(QColor(colour)))
            else:
                muted = self.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
                )
                item.setForeground(1, QBrush(muted))
            self.ethics.addTopLevelItem(item)
        self.ethics.setFixedHeight(
            (len(EthicsGuideline) + 1) * (self.fontMetrics().height() + 10) + 8
        )
