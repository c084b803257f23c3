"""The confirmation a roster import waits for when it would change employee ids, or
values a spreadsheet seems to have converted (``0042`` saved as ``42``): the rows
and changes in words, and a box to tick when the file is right. Unticked, nothing
is imported (issue 19, item 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from mentordesk.importing import ImportReport
from mentordesk.ui.dialogs.import_roster.rows import HELD_COLOUR

SHOWN_CHANGES = 4
"""Changes listed in the panel; the rest are in the table (a "Check" row each)."""

_FRAME_STYLE = (
    f"QFrame#importHeldChanges {{ border: 1px solid {HELD_COLOUR}; border-radius: 4px; }}"
)


class HeldChangesPanel(QFrame):
    """Says which rows change an employee id or a converted value and asks to confirm;
    ``confirmed`` tells the import to apply them. Hidden when no row holds one."""

    confirmed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importHeldChanges")
        self.setStyleSheet(_FRAME_STYLE)
        self.text_label = QLabel()
        self.text_label.setObjectName("importHeldText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_check = QCheckBox()
        self.confirm_check.setObjectName("importConfirmChanges")
        self.confirm_check.toggled.connect(self.confirmed_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text_label)
        layout.addWidget(self.confirm_check)
        self.hide()

    @property
    def confirmed(self) -> bool:
        return not self.isHidden() and self.confirm_check.isChecked()

    @property
    def waiting(self) -> bool:
        """Whether rows hold changes that are not confirmed yet."""
        return not self.isHidden() and not self.confirm_check.isChecked()

    def set_report(self, report: ImportReport) -> None:
        """Show the held changes of a check; after an import, hide."""
        rows = report.held_rows if report.dry_run else ()
        self.setVisible(bool(rows))
        # A new check asks again: a confirmation is for the rows it was given for.
        self.confirm_check.setChecked(False)
        if not rows:
            return
        count = len(rows)
        changes = [(row.line, change) for row in rows for change in row.held]
        listed = "\n".join(
            f"• {report.line_word.capitalize()} {line}: {change.describe()}"
            for line, change in changes[:SHOWN_CHANGES]
        )
        more = len(changes) - SHOWN_CHANGES
        if more > 0:
            listed += f"\n• and {more:,} more, marked Check in the table"
        self.text_label.setText(
            f"{count:,} {'rows' if count > 1 else 'row'} would change an employee id or a "
            "value that looks like a spreadsheet's conversion of the stored one (a file "
            "opened and saved in Excel or Calc turns 0042 into 42):\n"
            f"{listed}\n"
            "Nothing is imported unless you confirm these changes; otherwise correct the "
            "file (or export it again from the HR system) and check it again."
        )
        self.confirm_check.setText(
            f"The file is right: a&pply {'these changes' if count > 1 else 'this change'}"
        )
        self.confirm_check.setAccessibleName("Apply the changed employee ids and values")
