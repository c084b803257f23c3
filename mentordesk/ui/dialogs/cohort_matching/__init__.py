"""Cohort matching: pair a whole intake, review the plan, publish it as one undo step.

- ``dialog.py`` is the window: the intake, what matters, running the plan;
- ``planning.py`` plans off the GUI thread (``plan_cohort``);
- ``review.py`` shows the plan and the other mentors, swaps and keeps pairs;
- ``publishing.py`` publishes, exports for sign-off, publishes a signed-off file.
The plan table's model is ``ui/models/cohort_model.py``.
"""

from mentordesk.ui.dialogs.cohort_matching.dialog import CohortMatchingDialog, open_cohort_matching

__all__ = ["CohortMatchingDialog", "open_cohort_matching"]
