"""The common shape of a small form: a sentence, the problem banner, the fields, the buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.ui.widgets.form_dialog import FormDialog


def build_form(
    dialog: FormDialog,
    intro: str,
    rows: Sequence[tuple[str, QWidget]],
    save_text: str = "Save",
) -> QPushButton:
    """Lay ``dialog`` out: ``intro``, the banner, one row per (label, field), Save/Cancel.

    Labels take an ``&`` for their keyboard shortcut; each label's buddy is its
    field. Returns the save button (the default button: Enter saves).
    """
    layout = QVBoxLayout(dialog)
    if intro:
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
    layout.addWidget(dialog.problem_label)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for text, field in rows:
        if text:
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        else:
            form.addRow(field)
    layout.addLayout(form)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text)
    save.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return save


def exec_dialog(dialog: QDialog) -> bool:
    """Run ``dialog`` modally; True if accepted.

    The dialog is deleted on the GUI thread once control returns to the event
    loop, after the caller has read its values. Left to Python's collector it
    could be deleted on whichever thread happens to collect, which Qt does not
    survive.
    """
    accepted = bool(dialog.exec())
    dialog.deleteLater()
    return accepted


def in_row(*items: QWidget | int, grow: QWidget | None = None) -> QWidget:
    """Widgets side by side in one form row (an int is a stretch; ``grow`` takes the room).

    A form row takes a widget, not a bare layout: PySide does not hand a layout
    given to ``QFormLayout.addRow`` over to the form, so the garbage collector
    could delete it under the dialog.
    """
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, int):
            layout.addStretch(item)
        else:
            layout.addWidget(item, 1 if item is grow else 0)
    return row
