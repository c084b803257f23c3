"""Publishing the plan as one undo step, exporting it for sign-off, publishing a signed-off file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from mentordesk.errors import MentorDeskError
from mentordesk.services import matching
from mentordesk.ui.errors import show_error
from mentordesk.ui.undo import push_create

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class PlanPublishing:
    """Publish, export and publish signed off; mixed into CohortMatchingDialog."""

    # -- publishing -------------------------------------------------------------------------

    def publish(self) -> None:
        """Create the plan's pairs as proposed, all or nothing, as one undo step."""
        if self.plan is None or self.intake is None or not self.plan.pairs:
            return
        pairs = [(p.mentee_id, p.mentor_id) for p in self.plan.pairs]
        self._publish(pairs, f"Publish cohort plan ({len(pairs)} pairs)")

    def _publish(self, pairs: list[tuple[int, int]], text: str) -> None:
        program_id, start = self.program_id, self.start.value
        if program_id is None:
            return

        def create(session: Session) -> list[int]:
            return matching.publish_plan(session, program_id, pairs, start_date=start)

        created = push_create(self.context, text, create, matching.take_back_plan)
        if created is None:
            return
        self.published = list(created)
        self.status.setText(
            f"Published {len(created):,} proposed pairs in {self.program_box.currentText()}. "
            "Edit → Undo takes them back."
        )
        self._forget_plan()

    def export_plan(self, path: str | Path | None = None) -> Path | None:
        """Write the plan for sign-off: CSV, XLSX or JSON by the file's name."""
        from mentordesk.importing.cohort_files import write_plan

        if self.plan is None or self.intake is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Export the plan",
                "cohort-plan.xlsx",
                "Excel workbook (*.xlsx);;CSV (*.csv);;JSON (*.json)",
            )
            if not chosen:
                return None
            path = chosen
        plan, weights, intake = self.plan, self.weights, self.intake
        try:
            rows = self.context.call(matching.plan_rows, plan)
            summary = {
                "program": intake.program_name,
                "weights": weights.__dict__,
                "other_department_only": self.other_department_only.isChecked(),
                "matched": plan.matched,
                "unmatched_count": len(plan.unmatched),
                "total_score": round(plan.total_score, 2),
                "set_aside": list(intake.set_aside),
            }
            written = write_plan(path, rows, summary)
        except MentorDeskError as error:
            show_error(self, error)
            return None
        self.status.setText(f"Plan written to {written}.")
        return written

    def publish_signed_off(self, path: str | Path | None = None) -> None:
        """Publish the pairs of a signed-off plan file, all or nothing, as one undo step."""
        from mentordesk.importing.cohort_files import read_plan

        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "A signed-off plan", "", "Plans (*.xlsx *.csv *.json);;All files (*)"
            )
            if not chosen:
                return
            path = chosen
        try:
            rows = read_plan(path)
            pairs = self.context.call(matching.resolve_plan, rows)
        except MentorDeskError as error:
            show_error(self, error)
            return
        self._publish(pairs, f"Publish signed-off plan {Path(path).name} ({len(pairs)} pairs)")
