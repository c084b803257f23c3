"""Rounds proposed from the programs' survey schedules: the coordinator ticks the ones
to plan. Each proposal covers the pairs of one program whose next scheduled survey
of one kind falls in the same month (late ones in this month)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.services import surveys
from mentordesk.services.surveys import ProposedRound, RoundSummary
from mentordesk.ui.context import AppContext
from mentordesk.ui.formatting import short_date
from mentordesk.ui.widgets.form_dialog import PROBLEM_COLOUR

HEADERS = ("Round", "Program", "Kind", "Who answers", "Pairs", "Opens", "Due")


class ProposedRoundsDialog(QDialog):
    """The proposed rounds with a tick each; "Plan the ticked rounds" creates them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.created: list[RoundSummary] = []
        self.setWindowTitle("Rounds proposed from the survey schedule")
        with context.transaction() as session:
            self.proposals: list[ProposedRound] = surveys.propose_rounds(
                session, context.as_of, context.program_id
            )
        intro = QLabel(
            f"Rounds covering every active pair whose next scheduled survey falls in the "
            f"next {surveys.PROPOSE_AHEAD_DAYS} days or is late, following each program's "
            "survey schedule (Program settings). Tick the rounds to plan."
        )
        intro.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {PROBLEM_COLOUR}")
        self.problem.hide()
        self.table = QTableWidget(len(self.proposals), len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, proposal in enumerate(self.proposals):
            values = (
                proposal.name,
                proposal.program_name,
                proposal.kind.label,
                proposal.respondents.label,
                proposal.describe(),
                short_date(proposal.opens_on),
                short_date(proposal.due_on),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked)
                self.table.setItem(row, column, item)
        self.empty = QLabel("Nothing to propose: every active pair's next survey is covered.")
        self.empty.setVisible(not self.proposals)
        self.table.setVisible(bool(self.proposals))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.plan_button = QPushButton("&Plan the ticked rounds")
        self.plan_button.setDefault(True)
        self.plan_button.setEnabled(bool(self.proposals))
        buttons.addButton(self.plan_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.plan_ticked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(860, 360)

    def ticked(self) -> list[ProposedRound]:
        return [
            proposal
            for row, proposal in enumerate(self.proposals)
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def set_ticked(self, names: Sequence[str]) -> None:
        """Tick exactly the proposals called ``names`` (for keyboard-free tests too)."""
        for row, proposal in enumerate(self.proposals):
            state = Qt.CheckState.Checked if proposal.name in names else Qt.CheckState.Unchecked
            self.table.item(row, 0).setCheckState(state)

    def plan_ticked(self) -> None:
        chosen = self.ticked()
        if not chosen:
            self.problem.setText("Tick at least one round to plan, or cancel.")
            self.problem.show()
            return
        try:
            with self.context.transaction() as session:
                self.created = surveys.create_proposed(session, chosen)
        except MentorDeskError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        self.accept()
