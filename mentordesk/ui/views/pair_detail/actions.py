"""The nine things a coordinator does on the pair page, each undoable (Ctrl+Z).

Each opens its dialog for the shown pair (or a pair chosen elsewhere), and records
an undo command that can do the change again and take it back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QTreeWidgetItem

from mentordesk.domain.vocabularies import EthicsGuideline
from mentordesk.errors import MentorDeskError
from mentordesk.services.activities import (
    delete_activity,
    get_activity,
    log_activity,
    update_activity,
)
from mentordesk.services.conflicts import delete_conflict, open_conflict
from mentordesk.services.ethics import delete_ethics_review, record_ethics_review
from mentordesk.services.reviews import add_pair_review, delete_pair_review
from mentordesk.services.roster import (
    GoalRow,
    PairDetails,
    add_goal,
    delete_goal,
    pair_details,
    sign_agreement,
    update_goal,
)
from mentordesk.services.trust import delete_assessment, record_assessment
from mentordesk.ui.errors import show_error
from mentordesk.ui.icons import icon
from mentordesk.ui.undo import EditCommand, push, record_create, record_edit
from mentordesk.ui.views.pair_detail.sections import GOAL_ROLE
from mentordesk.ui.views.pair_detail.text import day_text
from mentordesk.ui.widgets.form_layout import exec_dialog


class PairActions:
    """The undoable pair actions; mixed into PairDetailView (its context and page)."""

    def _details(self) -> PairDetails | None:
        return self.page.details if self.page is not None else None

    def _run_dialog(
        self, make: Callable[[PairDetails], Any], pair_id: int | None = None
    ) -> Any | None:
        """Open a dialog for the shown pair (or ``pair_id``); the dialog if it was accepted."""
        try:
            details = self.context.call(pair_details, pair_id) if pair_id else self._details()
            if details is None:
                return None
            dialog = make(details)
        except MentorDeskError as error:
            show_error(self, error)
            return None
        return dialog if exec_dialog(dialog) else None

    def log_activity(self, pair_id: int | None = None) -> None:
        """Ctrl+L: the activity form for the shown pair (or ``pair_id``); Enter logs a held
        check-in today."""
        from mentordesk.ui.dialogs.activity_dialog import ActivityDialog

        dialog = self._run_dialog(
            lambda d: ActivityDialog(self.context, d, parent=self.window()), pair_id
        )
        if dialog is None or dialog.saved is None:
            return
        fields, pair_id = dialog.fields, dialog.saved.pair_id
        record_create(
            self.context,
            f"log {dialog.description}",
            dialog.saved.id,
            lambda s: (
                log_activity(
                    s,
                    pair_id,
                    day=fields.day,
                    kind=fields.kind,
                    outcome=fields.outcome,
                    minutes=fields.minutes,
                    notes=fields.notes,
                    confidential=fields.confidential,
                ).id
            ),
            delete_activity,
        )

    def edit_activity(self, activity_id: int) -> None:
        from mentordesk.ui.dialogs.activity_dialog import ActivityDialog

        try:
            before = self.context.call(get_activity, activity_id)
        except MentorDeskError as error:
            show_error(self, error)
            return
        dialog = self._run_dialog(
            lambda d: ActivityDialog(self.context, d, activity=before, parent=self)
        )
        if dialog is None or dialog.saved is None:
            return
        after = dialog.saved.fields()
        record_edit(
            self.context,
            f"edit {dialog.description}",
            lambda s: update_activity(s, activity_id, after),
            lambda s: update_activity(s, activity_id, before.fields()),
        )

    def remove_activity(self, activity_id: int) -> None:
        """Delete an activity logged by mistake (undo logs it again)."""
        try:
            row = self.context.call(get_activity, activity_id)
        except MentorDeskError as error:
            show_error(self, error)
            return
        fields = row.fields()
        # Undo logs it again under a new id, which a later redo must delete.
        state = {"id": activity_id}

        def remove(session: Any) -> None:
            delete_activity(session, state["id"])

        def restore(session: Any) -> None:
            state["id"] = log_activity(
                session,
                row.pair_id,
                day=fields.day,
                kind=fields.kind,
                outcome=fields.outcome,
                minutes=fields.minutes,
                notes=fields.notes,
                confidential=fields.confidential,
            ).id

        push(
            EditCommand(
                self.context,
                f"delete {fields.kind.label.lower()} on {day_text(fields.day)}",
                remove,
                restore,
            )
        )

    def record_assessment(self, pair_id: int | None = None) -> None:
        """Ctrl+T: the twelve-statement questionnaire for the shown pair (or ``pair_id``)."""
        from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog

        dialog = self._run_dialog(
            lambda d: AssessmentDialog(self.context, d, parent=self.window()), pair_id
        )
        if dialog is None or dialog.summary is None:
            return
        saved = dialog.summary
        record_create(
            self.context,
            f"assessment of {day_text(saved.day)}",
            saved.id,
            lambda s: (
                record_assessment(
                    s,
                    saved.pair_id,
                    day=saved.day,
                    respondent=saved.respondent,
                    answers=dict(saved.answers),
                    comment=saved.comment,
                ).id
            ),
            delete_assessment,
        )

    def add_goal(self) -> None:
        from mentordesk.ui.dialogs.goal_dialog import GoalDialog

        dialog = self._run_dialog(lambda d: GoalDialog(self.context, d, parent=self))
        if dialog is None or dialog.saved is None:
            return
        saved = dialog.saved
        record_create(
            self.context,
            "add goal",
            saved.id,
            lambda s: add_goal(s, saved.pair_id, saved.text, saved.target).id,
            delete_goal,
        )

    def edit_goal(self, item: QTreeWidgetItem | None) -> None:
        from mentordesk.ui.dialogs.goal_dialog import GoalDialog

        goal: GoalRow | None = item.data(0, GOAL_ROLE) if item is not None else None
        if goal is None:
            return
        dialog = self._run_dialog(lambda d: GoalDialog(self.context, d, goal, parent=self))
        if dialog is None or dialog.saved is None:
            return
        after = dialog.saved
        record_edit(
            self.context,
            "edit goal",
            lambda s: update_goal(
                s, goal.id, text=after.text, target=after.target, status=after.status
            ),
            lambda s: update_goal(
                s, goal.id, text=goal.text, target=goal.target, status=goal.status
            ),
        )

    def _goal_menu(self, point: QPoint) -> None:
        item = self.goals.itemAt(point)
        if item is None or item.data(0, GOAL_ROLE) is None:
            return
        menu = QMenu(self)
        menu.addAction(icon("edit"), "Edit goal…", lambda: self.edit_goal(item))
        menu.exec(self.goals.viewport().mapToGlobal(point))

    def open_conflict(self) -> None:
        from mentordesk.ui.dialogs.open_conflict_dialog import OpenConflictDialog

        dialog = self._run_dialog(lambda d: OpenConflictDialog(self.context, d, parent=self))
        if dialog is None or dialog.detail is None:
            return
        details = self._details()
        assert details is not None
        description = dialog.description.toPlainText().strip()
        kind, severity, opened, confidential = (
            dialog.kind,
            dialog.severity,
            dialog.opened,
            dialog.confidential,
        )
        record_create(
            self.context,
            f"open conflict ({kind.label.lower()})",
            dialog.detail.conflict.id,
            lambda s: (
                open_conflict(
                    s,
                    details.program_id,
                    details.id,
                    opened,
                    kind,
                    severity,
                    description,
                    confidential=confidential,
                ).conflict.id
            ),
            delete_conflict,
        )

    def review_ethics(self, focus: EthicsGuideline | None = None) -> None:
        from mentordesk.ui.dialogs.ethics_review_dialog import EthicsReviewDialog

        if self.page is None:
            return
        cells = self.page.ethics
        dialog = self._run_dialog(
            lambda d: EthicsReviewDialog(self.context, d, cells, parent=self, focus=focus)
        )
        if dialog is None or not dialog.review_ids:
            return
        pair_id = self.page.details.id
        changes, day, reviewer = dialog.changes, dialog.review_day, dialog.reviewer_name

        def again(session: Any) -> list[int]:
            return [
                record_ethics_review(
                    session, pair_id, c.guideline, c.after, day, reviewer, c.note
                ).id
                for c in changes
            ]

        def remove(session: Any, ids: list[int]) -> None:
            for review_id in ids:
                delete_ethics_review(session, review_id)

        record_create(
            self.context,
            f"ethics review ({len(changes)} guidelines)",
            list(dialog.review_ids),
            again,
            remove,
        )

    def write_review(self) -> None:
        from mentordesk.ui.dialogs.review_dialog import ReviewDialog

        dialog = self._run_dialog(lambda d: ReviewDialog(self.context, d, parent=self))
        if dialog is None or dialog.saved is None:
            return
        saved = dialog.saved
        record_create(
            self.context,
            f"pair review of {day_text(saved.day)}",
            saved.id,
            lambda s: (
                add_pair_review(
                    s,
                    saved.pair_id,
                    day=saved.day,
                    reflections=dict(saved.reflections),
                    summary=saved.summary,
                ).id
            ),
            delete_pair_review,
        )

    def edit_agreement(self) -> None:
        from mentordesk.ui.dialogs.agreement_dialog import AgreementDialog

        dialog = self._run_dialog(lambda d: AgreementDialog(self.context, d, parent=self))
        if dialog is None:
            return
        details = self._details()
        assert details is not None
        before, after, pair_id = details.agreement_signed, dialog.signed_on, details.id
        record_edit(
            self.context,
            "agreement",
            lambda s: sign_agreement(s, pair_id, after),
            lambda s: sign_agreement(s, pair_id, before),
        )

    def edit_pair(self) -> None:
        from mentordesk.services.roster import restore_pair
        from mentordesk.ui.dialogs.pair_dialog import PairDialog

        details = self._details()
        if details is None:
            return
        dialog = PairDialog(self.context, pair_id=details.id, parent=self)
        if not exec_dialog(dialog) or dialog.details is None:
            return
        after = dialog.details
        record_edit(
            self.context,
            f"edit pair {dialog.description}",
            lambda s: restore_pair(s, after),
            lambda s: restore_pair(s, details),
        )

    def end_pair(self) -> None:
        from mentordesk.services.roster import end_pair, restore_pair
        from mentordesk.ui.dialogs.end_pair_dialog import EndPairDialog

        dialog = self._run_dialog(lambda d: EndPairDialog(self.context, d, parent=self))
        if dialog is None:
            return
        details = self._details()
        assert details is not None
        status, reason, day = dialog.status, dialog.reason, dialog.end_date
        record_edit(
            self.context,
            f"end pair {details.mentor.name} – {details.mentee.name}",
            lambda s: end_pair(s, details.id, status=status, reason=reason, end_date=day),
            lambda s: restore_pair(s, details),
        )
