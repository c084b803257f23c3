"""Writing a pair review: one reflection per lesson, and a summary."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from mentordesk.domain.vocabularies import Lesson
from mentordesk.services.reviews import PairReviewDetails, add_pair_review
from mentordesk.services.roster import PairDetails
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.form_layout import build_form


class ReviewDialog(FormDialog):
    """A new pair review; ``saved`` is the review after accept."""

    def __init__(self, context: AppContext, pair: PairDetails, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.saved: PairReviewDetails | None = None
        self.setWindowTitle("Write a pair review")
        self.day = self.add_field("day", DateField())
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.reflections: dict[Lesson, QPlainTextEdit] = {}
        rows: list[tuple[str, QWidget]] = [("&Date:", self.day)]
        for lesson in Lesson:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(lesson.lesson)
            edit.setToolTip(lesson.lesson)
            edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
            self.add_field(lesson.value, edit)
            self.reflections[lesson] = edit
            rows.append((f"{lesson.label}:", edit))
        self.summary = self.add_field("summary", QPlainTextEdit())
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText("How the pair is doing overall, and what comes next")
        self.summary.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        rows.append(("&Summary:", self.summary))
        self.save_button = build_form(
            self,
            f"A look back at <b>{pair.mentor.name}</b> and <b>{pair.mentee.name}</b>: what each "
            "of the five lessons looks like in this pair. Leave a lesson empty if it did not "
            "come up.",
            rows,
            save_text="Save review",
        )
        self.resize(640, 0)
        self.remember_values()
        self.reflections[Lesson.SHARED_GOALS].setFocus()

    @property
    def review_day(self) -> date:
        return self.day.value

    @property
    def texts(self) -> dict[Lesson, str]:
        return {lesson: edit.toPlainText().strip() for lesson, edit in self.reflections.items()}

    @property
    def summary_text(self) -> str:
        return self.summary.toPlainText().strip()

    def save(self) -> None:
        with self.context.transaction() as session:
            self.saved = add_pair_review(
                session,
                self.pair.id,
                day=self.review_day,
                reflections=self.texts,
                summary=self.summary_text,
            )
