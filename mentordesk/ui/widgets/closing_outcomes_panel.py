"""The dashboard's closing-survey panel: would-recommend as a promoter score, goals
achieved / partly / not, and the latest round's response rate.

It loads its figures itself, in the worker (``services.closing_outcomes``), so the
dashboard only places it and tells it the program and the day.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from mentordesk.services.closing_outcomes import (
    MIN_GROUP_ANSWERS,
    PASSIVE_FROM,
    PROMOTER_FROM,
    ClosingOutcomes,
    closing_outcomes,
)
from mentordesk.ui.formatting import counted, number, percent
from mentordesk.ui.worker import Job, Progress, run_in_worker

if TYPE_CHECKING:
    from mentordesk.store.database import Database

HOW_COMPUTED = (
    f"“How likely are you to recommend this program to a colleague?” (0–10), asked in "
    f"closing rounds. Promoter score = % promoters ({PROMOTER_FROM}–10) − % detractors "
    f"(0–{PASSIVE_FROM - 1}); {PASSIVE_FROM}–{PROMOTER_FROM - 1} is passive. From −100 to "
    f"+100; every answer counts, the mentee's and the mentor's. The program report breaks "
    f"it down by model and department where a group has {MIN_GROUP_ANSWERS} answers or more."
)


def signed(score: int) -> str:
    return f"+{score}" if score > 0 else str(score).replace("-", "−")


class ClosingOutcomesPanel(QFrame):
    """What the closing surveys say, for the program and day the dashboard shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closingOutcomes")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(220)
        self.setMaximumWidth(320)
        self.setToolTip(HOW_COMPUTED)
        self._job: Job[ClosingOutcomes] | None = None
        self.outcomes: ClosingOutcomes | None = None
        title = QLabel("Closing surveys")
        bold = QFont(self.font())
        bold.setBold(True)
        title.setFont(bold)
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        self.caption = QLabel("Would recommend the program")
        self.caption.setStyleSheet(f"color: {muted.name()};")
        self.score = QLabel("—")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.7)
        big.setBold(True)
        self.score.setFont(big)
        self.recommend = QLabel()
        self.goals = QLabel()
        self.rate = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(title)
        layout.addWidget(self.caption)
        layout.addWidget(self.score)
        for label in (self.recommend, self.goals, self.rate):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch(1)

    def refresh(self, database: Database, program_id: int | None, as_of: date) -> None:
        """Reload in the worker; an older load still running is dropped."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()

        def work(progress: Progress) -> ClosingOutcomes:
            with database.transaction() as session:
                return closing_outcomes(session, program_id, as_of)

        self._job = run_in_worker(
            self, work, self.show_outcomes, title="Reading the closing surveys",
            show_progress=False,
        )

    def show_outcomes(self, outcomes: ClosingOutcomes) -> None:
        self.outcomes = outcomes
        total = outcomes.total
        if total.promoter_score is None:
            self.score.setText("—")
            self.recommend.setText(
                "No closing answer yet." if not total.answers else "No one gave a score."
            )
        else:
            self.score.setText(f"{signed(total.promoter_score)}")
            mean = total.recommend_mean or 0.0
            self.recommend.setText(
                f"promoter score · mean {number(mean, 1)} of 10 from "
                f"{counted(total.rated, 'answer')}: {counted(total.promoters, 'promoter')}, "
                f"{number(total.passives)} passive, {counted(total.detractors, 'detractor')}"
            )
        self.goals.setText(
            f"Goals: {number(total.goals_achieved)} achieved · {number(total.goals_partly)} "
            f"partly · {number(total.goals_not)} not"
            if total.goals_rated
            else "Goals: none rated yet"
        )
        latest = outcomes.rounds[-1] if outcomes.rounds else None
        if latest is None:
            self.rate.setText("No survey round yet.")
        else:
            self.rate.setText(
                f"Latest round, {latest.name}: {number(latest.answered)} of "
                f"{number(latest.asked)} answered ({percent(latest.response_rate)})"
            )
