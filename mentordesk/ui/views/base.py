"""The contract every view of the main window follows."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from mentordesk.ui.context import AppContext


class View(QWidget):
    """One page of the window, chosen in the navigation list.

    ``name`` is the stable identifier (settings, ``mentordesk screenshot --view``),
    ``title`` the label in the navigation list, ``icon`` the SVG name in resources.
    ``refresh()`` reloads from the database; the window calls it when the view is
    shown after ``context.data_changed``, after F5, and when the program or the
    "as of" day changes. State worth keeping (column widths, splitters, filters)
    goes through ``save_state``/``restore_state`` under the view's own group.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    icon: ClassVar[str]

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def refresh(self) -> None:
        raise NotImplementedError

    def save_state(self, settings: QSettings) -> None:
        """Remember layout in ``settings`` (already inside this view's group)."""

    def restore_state(self, settings: QSettings) -> None:
        """Restore what ``save_state`` kept."""
