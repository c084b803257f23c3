"""The behaviour every MentorDesk form shares: point at the wrong field, keep typed text.

A form registers its fields by name. ``accept()`` runs the subclass's
``save()``; a :class:`~mentordesk.errors.FieldProblem` it raises is shown in
the banner at the top and the named field is marked and focused, so the
coordinator sees at once what to fix. Any other ``MentorDeskError`` is shown
in the banner too. Closing a form whose fields changed asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from mentordesk.errors import FieldProblem, MentorDeskError
from mentordesk.ui.widgets.tag_editor import TagEditor

PROBLEM_COLOUR = "#c62828"
"""Red that reads on light and dark backgrounds; always paired with a sentence."""

_BANNER_STYLE = (
    f"QLabel#formProblem {{ border: 1px solid {PROBLEM_COLOUR}; border-radius: 4px;"
    f" padding: 6px 8px; }}"
)
_FIELD_STYLE = f"border: 2px solid {PROBLEM_COLOUR}; border-radius: 3px;"


def field_value(widget: QWidget) -> object:
    """What a field holds, comparable between two moments (for "did anything change?")."""
    if isinstance(widget, TagEditor):
        return tuple(widget.tags)
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QListWidget):
        return tuple(widget.item(row).checkState().value for row in range(widget.count()))
    return None


def qdate(day: object) -> QDate:
    """A QDate from a ``datetime.date``."""
    return QDate(day.year, day.month, day.day)  # type: ignore[attr-defined]


class FormDialog(QDialog):
    """A dialog with named fields, a problem banner and a guard against lost typing."""

    #: Other names a service may use for a field (``manager_id`` for ``manager``).
    field_aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields: dict[str, QWidget] = {}
        self._marked: QWidget | None = None
        self._marked_style = ""
        self._saved_values: dict[str, object] = {}
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("formProblem")
        self.problem_label.setStyleSheet(_BANNER_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setAccessibleName("Problem")
        self.problem_label.hide()
        #: How the form asks before discarding typed text (tests replace it).
        self.confirm_discard: Callable[[], bool] = self._ask_discard

    # -- fields ------------------------------------------------------------
    def add_field(self, name: str, widget: QWidget) -> QWidget:
        """Register ``widget`` as the field called ``name``; returns the widget."""
        self._fields[name] = widget
        return widget

    def field(self, name: str) -> QWidget:
        """The widget registered as ``name``."""
        return self._fields[name]

    def remember_values(self) -> None:
        """Take the current values as the unchanged state (call once the form is filled)."""
        self._saved_values = {name: field_value(w) for name, w in self._fields.items()}

    def has_changes(self) -> bool:
        """Whether any field differs from what ``remember_values`` took."""
        return any(
            field_value(widget) != self._saved_values.get(name)
            for name, widget in self._fields.items()
        )

    # -- problems ----------------------------------------------------------
    def point_at(self, field: str | None, message: str) -> None:
        """Show ``message`` and, when ``field`` is one of ours, mark and focus that field."""
        self.clear_problem()
        self.problem_label.setText(message)
        self.problem_label.show()
        self.fit_height()
        name = self.field_aliases.get(field or "", field or "")
        widget = self._fields.get(name)
        if widget is None:
            return
        self._marked_style = widget.styleSheet()
        # Scoped to the widget's own class so the mark does not spill into children.
        widget.setStyleSheet(f"{self._marked_style}\n{type(widget).__name__} {{ {_FIELD_STYLE} }}")
        widget.setToolTip(message)
        widget.setAccessibleDescription(message)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self._marked = widget

    def clear_problem(self) -> None:
        """Hide the banner and unmark the field it pointed at."""
        self.problem_label.hide()
        self.problem_label.clear()
        if self._marked is not None:
            self._marked.setStyleSheet(self._marked_style)
            self._marked.setToolTip("")
            self._marked.setAccessibleDescription("")
            self._marked = None

    @property
    def marked_field(self) -> str | None:
        """The name of the field the banner points at, if any."""
        for name, widget in self._fields.items():
            if widget is self._marked:
                return name
        return None

    # -- size ------------------------------------------------------------------------
    def fit_height(self) -> None:
        """Grow to the height the contents need at the current width.

        A window's minimum size ignores height-for-width (wrapped labels), so a
        form with a wrapped sentence or a banner could otherwise squeeze its rows.
        """
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        self.fit_height()
        super().showEvent(event)

    # -- saving and closing ----------------------------------------------------
    def save(self) -> None:
        """Check the fields and store them; raise FieldProblem / MentorDeskError to refuse."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.save()
        except FieldProblem as problem:
            self.point_at(problem.field, str(problem))
            return
        except MentorDeskError as error:
            self.point_at(None, str(error))
            return
        self._saved_values = {name: field_value(w) for name, w in self._fields.items()}
        super().accept()

    def reject(self) -> None:
        if self.has_changes() and not self.confirm_discard():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() == QDialog.DialogCode.Accepted or not self.isVisible():
            event.accept()
            return
        if self.has_changes() and not self.confirm_discard():
            event.ignore()
            return
        self.setResult(QDialog.DialogCode.Rejected)
        event.accept()

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.windowTitle() or "Discard changes",
            "Discard what you typed in this form?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
