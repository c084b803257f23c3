"""A figure at a glance: a caption, a large number, and a line that explains it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget


class FigureTile(QFrame):
    """One number of the dashboard, with an optional accent colour on its left edge.

    A tile made clickable (:meth:`set_clickable`) says ``activated`` on a click, or on
    Enter or Space when it has the focus (Tab reaches it): it opens what it counts.
    """

    activated = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(96)
        self.caption = QLabel(caption)
        self.value = QLabel("—")
        self.detail = QLabel("")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        self.caption.setStyleSheet(f"color: {muted.name()};")
        self.detail.setStyleSheet(f"color: {muted.name()};")
        self.detail.setWordWrap(False)
        for label in (self.caption, self.value, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self._accent: str | None = None
        self._clickable = False
        self._apply_style()

    def set_clickable(self, clickable: bool) -> None:
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)
        for label in (self.caption, self.value, self.detail):
            # Selectable text would take the click for itself.
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.NoTextInteraction
                if clickable
                else Qt.TextInteractionFlag.TextSelectableByMouse
            )
        self._clickable = clickable

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._clickable and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Space,
        ):
            self.activated.emit()
            return
        super().keyPressEvent(event)

    def set_figure(self, value: str, detail: str = "", accent: str | None = None) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleName(f"{self.caption.text()}: {value}")
        if accent != self._accent:
            self._accent = accent
            self._apply_style()

    def _apply_style(self) -> None:
        edge = (
            QColor(self._accent) if self._accent else self.palette().color(QPalette.ColorRole.Mid)
        )
        self.setStyleSheet(
            "QFrame#figureTile { border: 1px solid palette(mid); border-radius: 6px;"
            f" border-left: 5px solid {edge.name()}; background: palette(base); }}"
            "QFrame#figureTile:focus { border-color: palette(highlight); }"
        )
