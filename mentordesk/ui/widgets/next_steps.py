"""Next steps for a program that is still empty: what to do first, in order, one click each.

A new program has nobody in it and leads nowhere by itself; this panel says
what comes next (import the roster from HR, or add people; then pairs), ticks
what is done and offers a button for what is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mentordesk.ui.icons import icon


@dataclass(frozen=True)
class Step:
    """One step: its key (what the button asks for), what to do, why, and whether done."""

    key: str
    title: str
    explanation: str
    button: str
    done: bool = False
    #: False while an earlier step is still to do (pairs need people first).
    available: bool = True


def empty_program_steps(people: int, mentors: int, pairs: int) -> list[Step]:
    """The steps of a new program, given how many people, mentors and pairs it has."""
    nobody = people == 0
    return [
        Step(
            "import_roster",
            "Import the roster from HR",
            "A CSV or Excel export of the people taking part, checked row by row before "
            "anything is saved (File → Import roster).",
            "Import the roster…",
            done=not nobody,
        ),
        Step(
            "add_person",
            "Or add people one by one",
            "Name, department, manager, skills; tick “can mentor” for the mentors.",
            "Add a person…",
            done=not nobody,
        ),
        Step(
            "find_mentor",
            "Pair mentors with mentees",
            "Find a mentor proposes mentors for a mentee, with why; New pair pairs two you "
            "choose."
            + (
                " First tick “can mentor” for at least one person."
                if people and not mentors
                else ""
            ),
            "Find a mentor…",
            done=pairs > 0,
            available=mentors > 0,
        ),
    ]


class NextSteps(QFrame):
    """The steps as a numbered list; ``step_chosen`` says the key of the button pressed."""

    step_chosen = Signal(str)

    def __init__(self, heading: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nextSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(heading)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        self.buttons: dict[str, QPushButton] = {}

    def set_steps(self, steps: list[Step], heading: str | None = None) -> None:
        if heading is not None:
            self.heading.setText(heading)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        first_open = next((step.key for step in steps if not step.done), None)
        for row, step in enumerate(steps):
            mark = QLabel()
            if step.done:
                mark.setPixmap(icon("check").pixmap(18, 18))
                mark.setToolTip("Done")
            else:
                mark.setText(f"<b>{row + 1}.</b>")
            mark.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            text = QLabel(f"<b>{step.title}</b><br>{step.explanation}")
            text.setWordWrap(True)
            text.setEnabled(not step.done)
            button = QPushButton(step.button)
            button.setObjectName(f"step-{step.key}")
            button.clicked.connect(lambda _checked=False, key=step.key: self.step_chosen.emit(key))
            button.setDefault(step.key == first_open)
            button.setEnabled(step.available)
            if not step.available:
                button.setToolTip("Someone who can mentor is needed first")
            self.buttons[step.key] = button
            self.grid.addWidget(mark, row, 0)
            self.grid.addWidget(text, row, 1)
            self.grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
