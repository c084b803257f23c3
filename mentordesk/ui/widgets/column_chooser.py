"""Right-click a table's header to show or hide its columns.

What is hidden is part of the header's saved state, so a view that keeps
``header.saveState()`` in its settings remembers the choice too.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu


def install_column_chooser(header: QHeaderView, *, always_shown: tuple[int, ...] = (0,)) -> None:
    """Give ``header`` a context menu with a tick per column (``always_shown`` cannot go)."""
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(position: QPoint) -> None:
        model = header.model()
        if model is None:
            return
        menu = QMenu(header)
        menu.setTitle("Columns")
        for section in range(header.count()):
            title = model.headerData(section, header.orientation())
            action = QAction(str(title), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(section))
            action.setEnabled(section not in always_shown)
            action.toggled.connect(
                lambda checked, s=section: header.setSectionHidden(s, not checked)
            )
            menu.addAction(action)
        menu.popup(header.mapToGlobal(position))

    header.customContextMenuRequested.connect(show_menu)
