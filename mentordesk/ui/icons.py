"""The icon set: line-drawn SVGs in resources/icons, drawn in the palette's text colour.

Each SVG strokes with ``currentColor``. The icon engine substitutes the colour
of the current palette when it paints (window text normally, highlighted text
when selected, the disabled text colour when disabled), so the same files read
on a light and a dark theme. Status icons (health, levels) pass a fixed colour.

``mentordesk.resources.resource_path`` is the one way to find a bundled file: it works from the
source tree and inside the PyInstaller bundle alike (the package data travels
with the package).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from mentordesk.domain.vocabularies import ConflictStatus, Health, TrustLevel
from mentordesk.resources import resource_path

#: Colours that carry meaning, chosen to read on light and dark backgrounds.
HEALTH_COLOURS: dict[Health, str] = {
    Health.HEALTHY: "#2e9d5b",
    Health.WATCH: "#d08a12",
    Health.AT_RISK: "#d0412f",
}
LEVEL_COLOURS: dict[TrustLevel, str] = {
    TrustLevel.HIGH: "#2e9d5b",
    TrustLevel.MEDIUM: "#d08a12",
    TrustLevel.LOW: "#d0412f",
}
HEALTH_ICONS: dict[Health, str] = {
    Health.HEALTHY: "healthy",
    Health.WATCH: "watch",
    Health.AT_RISK: "at-risk",
}
#: A conflict's status at a glance: a tick only for resolved; escalated is handed on,
#: not settled, so it has its own arrow.
CONFLICT_STATUS_ICONS: dict[ConflictStatus, str] = {
    ConflictStatus.OPEN: "conflict-open",
    ConflictStatus.IN_DIALOGUE: "conflict-open",
    ConflictStatus.MEDIATION: "conflict-open",
    ConflictStatus.RESOLVED: "check",
    ConflictStatus.CLOSED_UNRESOLVED: "close",
    ConflictStatus.ESCALATED: "escalated",
}


@cache
def _svg_source(name: str) -> str:
    path = resource_path("icons", f"{name}.svg")
    if not path.is_file():
        raise KeyError(f"No icon named {name!r} in {path.parent}")
    return path.read_text(encoding="utf-8")


def icon_names() -> list[str]:
    """Every icon of the set, by name."""
    return sorted(path.stem for path in resource_path("icons").glob("*.svg"))


def _palette_colour(mode: QIcon.Mode) -> QColor:
    palette = QGuiApplication.palette()
    if mode is QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode is QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


def render_svg(source: str, size: QSize, colour: QColor) -> QPixmap:
    """Draw an SVG with ``currentColor`` replaced by ``colour`` at ``size`` pixels."""
    # The SVG gets the opaque colour; transparency is applied by the painter,
    # which every SVG renderer version honours.
    data = source.replace("currentColor", colour.name(QColor.NameFormat.HexRgb))
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setOpacity(colour.alphaF())
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return pixmap


class SvgIconEngine(QIconEngine):
    """Paints one icon of the set in the palette's colour for the requested mode."""

    def __init__(self, name: str, colour: str | None = None) -> None:
        super().__init__()
        self.name = name
        self.colour = colour
        self._cache: dict[tuple[int, int, str], QPixmap] = {}

    def _colour_for(self, mode: QIcon.Mode) -> QColor:
        if self.colour is None:
            return _palette_colour(mode)
        colour = QColor(self.colour)
        if mode is QIcon.Mode.Disabled:
            colour.setAlphaF(0.4)
        return colour

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        colour = self._colour_for(mode)
        key = (size.width(), size.height(), colour.name(QColor.NameFormat.HexArgb))
        cached = self._cache.get(key)
        if cached is None:
            cached = render_svg(_svg_source(self.name), size, colour)
            self._cache[key] = cached
        return cached

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        physical = QSize(round(size.width() * scale), round(size.height() * scale))
        pixmap = QPixmap(self.pixmap(physical, mode, state))
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        physical = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        pixmap = QPixmap(self.pixmap(physical, mode, state))
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap(QPoint(rect.x(), rect.y()), pixmap)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self.name, self.colour)

    def key(self) -> str:
        return "mentordesk-svg"

    def iconName(self) -> str:
        return self.name


# One QIcon per name and colour: QIcon is shared implicitly, and one engine per
# icon keeps its rendered pixmaps for every list row that shows it.
_icons: dict[tuple[str, str | None], QIcon] = {}


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon ``name`` of the set; in the palette's colour unless ``colour`` is given."""
    found = _icons.get((name, colour))
    if found is None:
        _svg_source(name)  # fail early and clearly on a misspelt name
        found = _icons[(name, colour)] = QIcon(SvgIconEngine(name, colour))
    return found


def health_icon(health: Health) -> QIcon:
    """The coloured icon of a health verdict."""
    return icon(HEALTH_ICONS[health], HEALTH_COLOURS[health])


def app_icon() -> QIcon:
    """The program's own icon, drawn from resources/app-icon.svg."""
    result = QIcon()
    renderer = QSvgRenderer(str(resource_path("app-icon.svg")))
    for side in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, side, side))
        painter.end()
        result.addPixmap(pixmap)
    return result
