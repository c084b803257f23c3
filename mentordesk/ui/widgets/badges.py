"""Coloured badges: a trust level or a health verdict as a small rounded pill.

The colour carries the meaning at a glance, the word carries it for everyone
(colour-blind readers, printed screenshots), so a badge always shows both.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from mentordesk.domain.vocabularies import Health, TrustLevel
from mentordesk.ui.icons import HEALTH_COLOURS, LEVEL_COLOURS

_Index = QModelIndex | QPersistentModelIndex
PILL_PADDING = 7
PILL_GAP = 8


def as_badge_value(value: object) -> TrustLevel | Health | None:
    """A level or health back from a model role (Qt hands enums of str back as plain str)."""
    if isinstance(value, TrustLevel | Health) or value is None:
        return value
    if isinstance(value, str):
        for vocabulary in (TrustLevel, Health):
            try:
                return vocabulary(value)
            except ValueError:
                continue
    return None


def badge_colour(value: TrustLevel | Health | None) -> QColor | None:
    if isinstance(value, TrustLevel):
        return QColor(LEVEL_COLOURS[value])
    if isinstance(value, Health):
        return QColor(HEALTH_COLOURS[value])
    return None


def paint_pill(painter: QPainter, rect: QRect, text: str, colour: QColor) -> int:
    """Draw a filled pill with white text, left-aligned in ``rect``; returns its width."""
    metrics = QFontMetrics(painter.font())
    width = metrics.horizontalAdvance(text) + 2 * PILL_PADDING
    height = min(rect.height() - 4, metrics.height() + 4)
    top = rect.top() + (rect.height() - height) // 2
    pill = QRectF(rect.left(), top, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(QColor("white"))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return width


class LevelBadgeDelegate(QStyledItemDelegate):
    """Paints a cell's text followed by a coloured pill of the level in ``level_role``."""

    def __init__(self, level_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level_role = level_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        level = as_badge_value(index.data(self.level_role))
        colour = badge_colour(level)
        if colour is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(6, 0, -4, 0)
        painter.save()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        metrics = QFontMetrics(opt.font)
        score_width = metrics.horizontalAdvance("0.00")
        painter.setFont(opt.font)
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        painter.restore()
        pill_rect = QRect(
            rect.left() + score_width + PILL_GAP, rect.top(), rect.width(), rect.height()
        )
        painter.save()
        painter.setFont(opt.font)
        paint_pill(painter, pill_rect, level.label, colour)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        level = as_badge_value(index.data(self.level_role))
        if level is None:
            return hint
        metrics = QFontMetrics(option.font)
        width = (
            12
            + metrics.horizontalAdvance("0.00")
            + PILL_GAP
            + metrics.horizontalAdvance("Medium")
            + 2 * PILL_PADDING
        )
        return QSize(max(hint.width(), width), max(hint.height(), metrics.height() + 8))


class Badge(QWidget):
    """A standalone pill for a level or health (or a neutral word when ``value`` is None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._colour: QColor | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_value(self, value: TrustLevel | Health | None, text: str | None = None) -> None:
        self._colour = badge_colour(value)
        self._text = text if text is not None else (value.label if value is not None else "")
        self.setAccessibleName(self._text)
        self.updateGeometry()
        self.update()

    @property
    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(
            metrics.horizontalAdvance(self._text) + 2 * PILL_PADDING + 2, metrics.height() + 6
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        colour = self._colour or self.palette().color(self.palette().ColorRole.Mid)
        paint_pill(painter, self.rect(), self._text, colour)
        painter.end()
