"""Reviewing the plan: the chosen line's other mentors, swapping one in, keeping a pair."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QTreeWidgetItem

from mentordesk.domain.cohort import CohortPlan, CohortProblem
from mentordesk.errors import MentorDeskError
from mentordesk.ui.errors import show_error
from mentordesk.ui.models.cohort_model import ID_ROLE, PlanColumn, plan_lines

CANDIDATE_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanReview:
    """The plan table and the other mentors beside it; mixed into CohortMatchingDialog."""

    def _show_plan(self, plan: CohortPlan, keep_row: int | None = None) -> None:
        self.plan = plan
        current = keep_row if keep_row is not None else self._current_mentee()
        self.model.set_rows(plan_lines(plan))
        total = len(plan.pairs) + len(plan.unmatched)
        locked = sum(1 for p in plan.pairs if p.locked)
        self.totals.setText(
            f"<b>{plan.matched:,}</b> of {total:,} matched · {len(plan.unmatched):,} "
            f"unmatched · total score <b>{plan.total_score:,.1f}</b> · {locked:,} kept"
        )
        if current is not None:
            self.select_mentee(current)
        self._update_buttons()

    def select_mentee(self, mentee_id: int) -> None:
        """Choose ``mentee_id``'s line of the plan (and list their other mentors)."""
        row = self.model.row_of(mentee_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, PlanColumn.MENTEE))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _current_mentee(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return int(index.data(ID_ROLE))

    def _line_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.candidates.clear()
        if not current.isValid() or self.cohort is None or self.plan is None:
            self._update_buttons()
            return
        mentee_id = int(current.data(ID_ROLE))
        line = self.model.row_at(self.proxy.mapToSource(current).row())
        # Those with a place left first (they can be swapped in), each part best score first.
        choices = sorted(
            self.cohort.choices(mentee_id, self.plan),
            key=lambda c: c.places_left <= 0 and c.mentor_id != line.mentor_id,
        )
        for choice in choices:
            item = QTreeWidgetItem(
                [
                    f"{choice.score:g}",
                    choice.name,
                    str(choice.places_left),
                    " ".join(choice.reasons),
                ]
            )
            item.setData(0, CANDIDATE_ROLE, choice.mentor_id)
            item.setToolTip(3, "\n".join(choice.reasons))
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if choice.mentor_id == line.mentor_id:
                item.setText(1, f"{choice.name} (proposed)")
            if choice.places_left <= 0 and choice.mentor_id != line.mentor_id:
                item.setDisabled(True)
                item.setToolTip(1, "No place left in this plan")
            self.candidates.addTopLevelItem(item)
        self.candidates_title.setText(
            f"<b>Mentors for {line.mentee}</b> — {len(choices)} may, best score first"
            if choices
            else f"<b>Mentors for {line.mentee}</b> — nobody may: {line.why}"
        )
        self._update_buttons()

    # -- changing by hand -------------------------------------------------------------------

    def swap_mentor(self, mentor_id: int | None = None) -> None:
        """Give the chosen mentee the chosen candidate (kept when run again)."""
        mentee_id = self._current_mentee()
        if mentor_id is None:
            item = self.candidates.currentItem()
            mentor_id = None if item is None else int(item.data(0, CANDIDATE_ROLE))
        if mentee_id is None or mentor_id is None or self.cohort is None or self.plan is None:
            return
        try:
            plan = self.cohort.with_mentor(self.plan, mentee_id, mentor_id)
        except CohortProblem as problem:
            show_error(self, MentorDeskError(str(problem)))
            return
        self.locks[mentee_id] = mentor_id
        self._show_plan(plan, keep_row=mentee_id)

    def set_lock(self, mentee_id: int, locked: bool) -> None:
        """Keep (or release) the mentee's proposed pair when the plan is run again."""
        if self.cohort is None or self.plan is None:
            return
        mentor_id = self.plan.mentor_of(mentee_id)
        if mentor_id is None:
            return
        if locked:
            self.locks[mentee_id] = mentor_id
        else:
            self.locks.pop(mentee_id, None)
        self._show_plan(self.cohort.with_locks(self.plan, [mentee_id], locked), mentee_id)

    def _lock_current(self, locked: bool) -> None:
        mentee_id = self._current_mentee()
        if mentee_id is not None:
            self.set_lock(mentee_id, locked)

    def _update_buttons(self) -> None:
        has_plan = self.plan is not None and self.cohort is not None
        running = self.job is not None and not self.job.finished
        self.run_button.setEnabled(not running)
        self.rerun_button.setEnabled(has_plan and not running)
        current = self._current_mentee() if has_plan else None
        line = None
        if current is not None and (row := self.model.row_of(current)) is not None:
            line = self.model.row_at(row)
        self.lock_button.setEnabled(line is not None and line.mentor_id is not None)
        self.unlock_button.setEnabled(line is not None and line.locked)
        item = self.candidates.currentItem()
        self.swap_button.setEnabled(
            item is not None
            and not item.isDisabled()
            and line is not None
            and int(item.data(0, CANDIDATE_ROLE)) != line.mentor_id
        )
        matched = self.plan.matched if self.plan is not None else 0
        self.publish_button.setEnabled(has_plan and matched > 0)
        self.publish_button.setText(f"Publish {matched:,} pairs" if matched else "Publish")
        self.export_button.setEnabled(has_plan)
