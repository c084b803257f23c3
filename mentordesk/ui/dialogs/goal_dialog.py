"""Adding or editing one goal of a pair: what, by when, and how it stands."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from mentordesk.domain.vocabularies import GoalStatus
from mentordesk.services.roster import GoalRow, PairDetails, add_goal, update_goal
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import OptionalDateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form


class GoalDialog(FormDialog):
    """A new goal (``goal`` None) or an edit; ``saved`` is the goal after accept."""

    def __init__(
        self,
        context: AppContext,
        pair: PairDetails,
        goal: GoalRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.goal = goal
        self.saved: GoalRow | None = None
        self.setWindowTitle("Edit goal" if goal else "Add a goal")
        self.text = self.add_field("text", QPlainTextEdit(goal.text if goal else ""))
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What the mentee wants to reach, in a sentence")
        self.text.setFixedHeight(self.fontMetrics().height() * 4)
        self.target = self.add_field(
            "target", OptionalDateField(goal.target if goal else None, unset_text="no target date")
        )
        self.status_box = self.add_field("status", QComboBox())
        for status in GoalStatus:
            self.status_box.addItem(status.label, status)
        if goal is not None:
            self.status_box.setCurrentIndex(list(GoalStatus).index(goal.status))
        rows = [("&Goal:", self.text), ("&Target date:", self.target)]
        if goal is not None:
            rows.append(("&Status:", self.status_box))
        else:
            self.status_box.hide()
        self.save_button = build_form(
            self,
            f"A goal of <b>{pair.mentee.name}</b>, mentored by <b>{pair.mentor.name}</b>.",
            rows,
            save_text="Save goal" if goal else "Add goal",
        )
        self.resize(460, 0)
        self.remember_values()

    @property
    def goal_text(self) -> str:
        return self.text.toPlainText().strip()

    @property
    def target_day(self) -> date | None:
        return self.target.value

    @property
    def status(self) -> GoalStatus:
        return GoalStatus(self.status_box.currentData())

    def save(self) -> None:
        with self.context.transaction() as session:
            if self.goal is None:
                self.saved = add_goal(session, self.pair.id, self.goal_text, self.target_day)
            else:
                self.saved = update_goal(
                    session,
                    self.goal.id,
                    text=self.goal_text,
                    target=self.target_day,
                    status=self.status,
                    expected_version=self.goal.version,
                )
