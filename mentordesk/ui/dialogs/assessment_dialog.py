"""Recording a trust assessment: the twelve statements as a form, fast from the keyboard.

Each statement is a row with its item code and five radio buttons (1 strongly
disagree … 5 strongly agree). With a row focused, typing a digit from 1 to 5
answers it and moves to the next row; 0 or Delete clears the answer; arrows
move between rows (up/down) and ratings (left/right). The scores are shown as
the form is filled, computed by the same rules the program stores them with.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.questionnaire import (
    ITEMS,
    RATING_LABELS,
    RATING_MAX,
    RATING_MIN,
    QuestionnaireItem,
)
from mentordesk.domain.scoring import AnswerError, TrustThresholds, score_answers, trust_level
from mentordesk.domain.vocabularies import Respondent, TrustDimension, TrustType
from mentordesk.errors import FieldProblem, MentorDeskError
from mentordesk.services.roster import PairDetails, pair_details
from mentordesk.services.surveys import find_paper_code, record_paper_answers
from mentordesk.services.trust import AssessmentSummary, get_assessment, record_assessment
from mentordesk.ui.context import AppContext
from mentordesk.ui.widgets.dates import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog

RATINGS = range(RATING_MIN, RATING_MAX + 1)
RATING_COLUMN_WIDTH = 70


class RatingRow(QWidget):
    """One statement: its code, its text and five radio buttons; keyboard-first."""

    answered = Signal(str)
    #: Asks the form to move focus: +1 next row, -1 previous row.
    move = Signal(int)

    def __init__(self, item: QuestionnaireItem, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName(f"rating-{item.code}")
        self.setAccessibleDescription("Type 1 to 5 to answer; 0 clears")
        # A styled background, so the form can outline the row a problem points at.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so an answer can be cleared again
        self.number = number
        # The statement alone: the item code is a key for files, not for the reader.
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.statement.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.set_wording(Respondent.MENTEE)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.statement)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(text, 1)
        self.buttons: dict[int, QRadioButton] = {}
        for rating in RATINGS:
            button = QRadioButton()
            button.setToolTip(f"{rating}: {RATING_LABELS[rating]}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the row takes the keys
            button.setAccessibleName(f"{rating}: {RATING_LABELS[rating]}")
            self.group.addButton(button, rating)
            self.buttons[rating] = button
            # Centred in a fixed-width cell, under the column heading of its rating.
            cell = QWidget()
            cell.setFixedWidth(RATING_COLUMN_WIDTH)
            cell_layout = QHBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(cell)
        self.group.idClicked.connect(self._clicked)

    def set_wording(self, respondent: Respondent) -> None:
        """Show the statement as ``respondent`` answers it (the mentor's is mirrored)."""
        wording = f"{self.number}. {self.item.statement_for(respondent.value)}"
        self.statement.setText(wording)
        self.setAccessibleName(wording)

    @property
    def rating(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked in RATINGS else None

    def set_rating(self, rating: int | None) -> None:
        for value, button in self.buttons.items():
            button.setChecked(value == rating)
        self.answered.emit(self.item.code)

    def _clicked(self, rating: int) -> None:
        # Exclusive by hand: a click on the checked button clears the answer.
        self.set_rating(rating if self.buttons[rating].isChecked() else None)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if text.isdigit() and int(text) in RATINGS:
            self.set_rating(int(text))
            self.move.emit(+1)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_rating(None)
        elif key == Qt.Key.Key_Down:
            self.move.emit(+1)
        elif key == Qt.Key.Key_Up:
            self.move.emit(-1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            current = self.rating or (RATING_MIN - 1 if step > 0 else RATING_MAX + 1)
            self.set_rating(min(RATING_MAX, max(RATING_MIN, current + step)))
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.hasFocus():
            painter = QPainter(self)
            colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            colour.setAlpha(45)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.setBrush(colour)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
            painter.end()
        super().paintEvent(event)


class PaperCodeField(QLineEdit):
    """The paper form's code: Enter opens the form it names and does not save the dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


def describe_scores(answers: Mapping[str, int], thresholds: TrustThresholds) -> str:
    """The live score line under the form."""
    try:
        scores = score_answers(answers)
    except AnswerError as error:
        return error.message
    parts = []
    if scores.overall is not None:
        level = trust_level(scores.overall, thresholds)
        parts.append(
            f"<b>Overall {scores.overall:.2f}</b> ({level.label.lower()})" if level else ""
        )
    else:
        parts.append("<b>Overall</b> needs at least two answers in every dimension")
    for dimension in TrustDimension:
        value = scores.dimensions[dimension]
        parts.append(
            f"{dimension.label} {value:.2f}" if value is not None else f"{dimension.label} —"
        )
    types = " · ".join(
        f"{t.label} {scores.types[t]:.2f}" if scores.types[t] is not None else f"{t.label} —"
        for t in TrustType
    )
    return " · ".join(parts) + f"<br>{types}"


class AssessmentDialog(FormDialog):
    """The questionnaire for one pair; ``summary`` is the saved assessment after accept."""

    field_aliases: ClassVar[dict[str, str]] = {
        d.value: next(i.code for i in ITEMS if i.dimension is d) for d in TrustDimension
    }

    def __init__(self, context: AppContext, pair: PairDetails, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.summary: AssessmentSummary | None = None
        #: The survey round of the paper form whose code was typed, if any.
        self.survey_round_id: int | None = None
        self.setWindowTitle("Record a trust assessment")
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(840, min(760, screen.height() - 60) if screen else 700)

        intro = QLabel()
        intro.setWordWrap(True)
        self.intro = intro
        self.day = self.add_field("day", DateField())
        self.day.setMinimumDate(self.day.date().addYears(-30))
        self.respondent = self.add_field("respondent", QComboBox())
        self.respondent.addItem(f"The mentee ({pair.mentee.name})", Respondent.MENTEE)
        self.respondent.addItem(f"The mentor's view ({pair.mentor.name})", Respondent.MENTOR)
        self.respondent.setToolTip(
            "The mentor may answer the mirrored statements about the mentee; it is shown "
            "beside the mentee's and never sets the level or the flags."
        )
        self.respondent.currentIndexChanged.connect(self._respondent_changed)
        self.paper_code = self.add_field("paper_code", PaperCodeField())
        self.paper_code.setPlaceholderText("e.g. R3-0147-M, then Enter")
        self.paper_code.setToolTip(
            "The code printed large on a paper survey form: typing it opens that form's pair, "
            "round and respondent"
        )
        self.paper_code.returnPressed.connect(lambda: self.apply_paper_code(self.paper_code.text()))
        self.round_label = QLabel()
        self.round_label.setWordWrap(True)
        top = QFormLayout()
        top.addRow("Paper form &code:", self.paper_code)
        top.addRow("", self.round_label)
        top.addRow("&Date:", self.day)
        top.addRow("&Answered by:", self.respondent)

        header = QGridLayout()
        # Line the headings up with the rows inside the scroll area (frame, scroll bar).
        frame = self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        header.setContentsMargins(8 + frame, 0, 8 + frame + bar, 0)
        header.addWidget(QLabel(""), 0, 0)
        header.setColumnStretch(0, 1)
        for column, rating in enumerate(RATINGS, start=1):
            words = RATING_LABELS[rating] if rating != 3 else "Neither"
            label = QLabel(f"<b>{rating}</b><br>{words}")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom)
            label.setToolTip(RATING_LABELS[rating])
            label.setFixedWidth(RATING_COLUMN_WIDTH)
            label.setMinimumHeight(self.fontMetrics().height() * 3 + 4)
            header.addWidget(label, 0, column)

        self.rows: list[RatingRow] = []
        rows_box = QWidget()
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setSpacing(2)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        current_dimension: TrustDimension | None = None
        for number, item in enumerate(ITEMS, start=1):
            if item.dimension is not current_dimension:
                current_dimension = item.dimension
                title = QLabel(f"<b>{item.dimension.label}</b> — {item.dimension.builds_trust}")
                title.setWordWrap(True)
                title.setContentsMargins(8, 8, 8, 0)
                rows_layout.addWidget(title)
            row = RatingRow(item, number)
            row.answered.connect(self._update_scores)
            row.move.connect(lambda step, r=row: self._move_from(r, step))
            self.add_field(item.code, row)
            self.rows.append(row)
            rows_layout.addWidget(row)
        rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows_box)
        self.scroll = scroll

        self.scores = QLabel()
        self.scores.setObjectName("liveScores")
        self.scores.setWordWrap(True)
        self.comment = self.add_field("comment", QPlainTextEdit())
        self.comment.setPlaceholderText("A comment, if any")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().height() * 3 + 14)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem_label)
        layout.addLayout(top)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.scores)
        layout.addWidget(self.comment)
        layout.addWidget(buttons)
        self._respondent_changed()
        self._update_scores()
        self.remember_values()
        self.rows[0].setFocus()

    # -- values ------------------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, int]:
        """The answered statements: item code → rating."""
        return {row.item.code: row.rating for row in self.rows if row.rating is not None}

    @property
    def respondent_value(self) -> Respondent:
        return Respondent(self.respondent.currentData())

    @property
    def day_value(self) -> date:
        return self.day.value

    def remember_values(self) -> None:
        super().remember_values()
        self._remembered_answers = self.answers

    def has_changes(self) -> bool:
        return super().has_changes() or self.answers != self._remembered_answers

    def set_answers(self, answers: Mapping[str, int]) -> None:
        for row in self.rows:
            row.set_rating(answers.get(row.item.code))

    # -- behaviour -------------------------------------------------------------------------------

    def _respondent_changed(self) -> None:
        who = self.respondent_value
        mentor = who is Respondent.MENTOR
        self.setWindowTitle("Record the mentor's view" if mentor else "Record a trust assessment")
        about = (
            f"<b>{self.pair.mentor.name}</b> (the mentor) about their mentee "
            f"<b>{self.pair.mentee.name}</b>"
            if mentor
            else f"<b>{self.pair.mentee.name}</b> about their mentor <b>{self.pair.mentor.name}</b>"
        )
        self.intro.setText(
            f"{about}. Click a rating, or type 1–5 on a statement to answer it and move to "
            "the next (0 clears). At least two statements of each dimension must be answered."
        )
        for row in self.rows:
            row.set_wording(who)

    def apply_paper_code(self, code: str) -> bool:
        """Open the pair, round and respondent of a paper form's code (R3-0147-M)."""
        try:
            with self.context.transaction() as session:
                spec = find_paper_code(session, code)
                pair = pair_details(session, spec.pair_id) if spec.pair_id != self.pair.id else None
        except FieldProblem as problem:
            self.point_at("paper_code", str(problem))
            return False
        except MentorDeskError as error:
            self.point_at("paper_code", str(error))
            return False
        self.clear_problem()
        if pair is not None:
            self.pair = pair
            self.respondent.setItemText(0, f"The mentee ({pair.mentee.name})")
            self.respondent.setItemText(1, f"The mentor's view ({pair.mentor.name})")
        self.survey_round_id = spec.round_id
        self.respondent.setCurrentIndex(self.respondent.findData(spec.respondent))
        self.respondent.setEnabled(False)
        state = spec.state.label.lower()
        self.round_label.setText(
            f"Paper form of round <b>{spec.round_name}</b> (due {spec.due_on.isoformat()}), "
            f"{spec.person_name} — {state}."
        )
        self._respondent_changed()
        self._update_scores()
        self.rows[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _move_from(self, row: RatingRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            target = self.rows[index]
            target.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll.ensureWidgetVisible(target, 0, 40)
        elif index >= len(self.rows):
            self.comment.setFocus(Qt.FocusReason.TabFocusReason)

    def _update_scores(self, *_args: object) -> None:
        self.scores.setText(describe_scores(self.answers, self.pair.thresholds))

    def save(self) -> None:
        answers: dict[str, int | None] = {item.code: None for item in ITEMS}
        answers.update(self.answers)
        if self.survey_round_id is not None:
            with self.context.transaction() as session:
                result = record_paper_answers(
                    session,
                    self.survey_round_id,
                    self.pair.id,
                    self.respondent_value,
                    ratings=self.answers,
                    comment=self.comment.toPlainText(),
                    day=self.day.value,
                )
                if not result.assessment_ids:
                    raise MentorDeskError("These answers were already recorded for this form.")
                self.summary = get_assessment(session, result.assessment_ids[0])
            return
        with self.context.transaction() as session:
            self.summary = record_assessment(
                session,
                self.pair.id,
                day=self.day.value,
                respondent=self.respondent_value,
                answers=answers,
                comment=self.comment.toPlainText(),
            )
