"""Charts drawn straight on the canvas.

ReportLab's renderer draws a drawing node by node, each in a saved graphics
state, working out every node's inherited style through a state tracker: for
the few hundred rectangles, lines and labels of a report's charts that was a
fifth of the whole report's time. :class:`Chart` draws the same shapes with
the same canvas calls (a fill, a stroke, a dash, a font set only when it
changes), so the page looks the same. A drawing holding any other kind of
node is drawn by ReportLab's renderer, as before.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import (
    STATE_DEFAULTS,
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
    _renderPath,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

_SHAPES = (Rect, Line, Circle, PolyLine, Polygon, Path, String)
_UNSET = object()


def _drawable(node: Any) -> bool:
    if isinstance(node, Group):
        return all(_drawable(child) for child in node.contents)
    return type(node) in _SHAPES and not getattr(node, "rx", 0) and not getattr(node, "ry", 0)


class _Pen:
    """The canvas's graphics state as set so far, so each value is set once."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.stroke: Any = _UNSET
        self.fill: Any = _UNSET
        self.width: Any = _UNSET
        self.cap: Any = _UNSET
        self.join: Any = _UNSET
        self.dash: Any = _UNSET
        self.font: Any = _UNSET

    def strokes(self, shape: Any) -> bool:
        """Set the canvas to stroke like ``shape``; False when it has no stroke."""
        color = getattr(shape, "strokeColor", None)
        if color is None:
            return False
        canvas = self.canvas
        if color is not self.stroke:
            canvas.setStrokeColor(color)
            self.stroke = color
        width = shape.strokeWidth
        if width != self.width:
            canvas.setLineWidth(width)
            self.width = width
        cap = getattr(shape, "strokeLineCap", STATE_DEFAULTS["strokeLineCap"])
        if cap != self.cap:
            canvas.setLineCap(cap)
            self.cap = cap
        join = getattr(shape, "strokeLineJoin", STATE_DEFAULTS["strokeLineJoin"])
        if join != self.join:
            canvas.setLineJoin(join)
            self.join = join
        dash = getattr(shape, "strokeDashArray", None) or None
        if dash != self.dash:
            if dash is None:
                canvas.setDash()
            elif len(dash) == 2 and isinstance(dash[1], (tuple, list)):
                canvas.setDash(dash[1], dash[0])  # (phase, pattern)
            else:
                canvas.setDash(dash, 0)
            self.dash = dash
        return True

    def fills(self, shape: Any) -> bool:
        """Set the canvas to fill like ``shape``; False when it has no fill."""
        color = getattr(shape, "fillColor", None)
        if color is None:
            return False
        if color is not self.fill:
            self.canvas.setFillColor(color)
            self.fill = color
        return True


def _draw(node: Any, pen: _Pen) -> None:
    canvas = pen.canvas
    kind = type(node)
    if isinstance(node, Group):
        transform = tuple(node.transform)
        moved = transform != (1, 0, 0, 1, 0, 0)
        if moved:
            canvas.saveState()
            canvas.transform(*transform)
            saved = vars(pen).copy()
        for child in node.contents:
            _draw(child, pen)
        if moved:
            canvas.restoreState()
            vars(pen).update(saved)
        return
    if kind is String:
        if not pen.fills(node):
            return
        font = (node.fontName, node.fontSize)
        if font != pen.font:
            canvas.setFont(*font)
            pen.font = font
        x = node.x
        anchor = node.textAnchor
        if anchor not in ("start", "inherited"):
            length = stringWidth(node.text, node.fontName, node.fontSize, node.encoding)
            x -= length if anchor == "end" else length * 0.5
        canvas.drawString(x, node.y, node.text)
        return
    stroke = pen.strokes(node)
    if kind is Line:
        if stroke:
            canvas.line(node.x1, node.y1, node.x2, node.y2)
        return
    if kind is PolyLine:
        if stroke:
            canvas.drawPath(_points_path(canvas, node.points, close=False), stroke=1, fill=0)
        return
    fill = pen.fills(node)
    if kind is Rect:
        canvas.rect(node.x, node.y, node.width, node.height, stroke=int(stroke), fill=int(fill))
    elif kind is Circle:
        canvas.circle(node.cx, node.cy, node.r, fill=int(fill), stroke=int(stroke))
    elif kind is Polygon:
        path = _points_path(canvas, node.points, close=True)
        canvas.drawPath(path, stroke=int(stroke), fill=int(fill))
    else:  # Path, as ReportLab's renderer draws it
        path = canvas.beginPath()
        autoclose = getattr(node, "autoclose", "")
        closed = _renderPath(
            node,
            (path.moveTo, path.lineTo, path.curveTo, path.close),
            forceClose=fill and autoclose == "pdf",
        )
        mode = getattr(node, "fillMode", None)
        if autoclose == "svg" and fill and stroke and not closed:
            canvas.drawPath(path, fill=1, stroke=0)
            canvas.drawPath(path, stroke=1, fill=0, fillMode=mode)
        else:
            if autoclose not in ("svg", "pdf") and not closed:
                fill = False
            canvas.drawPath(path, fill=int(fill), stroke=int(stroke), fillMode=mode)


def _points_path(canvas: Any, points: Any, *, close: bool) -> Any:
    path = canvas.beginPath()
    path.moveTo(points[0], points[1])
    for index in range(2, len(points), 2):
        path.lineTo(points[index], points[index + 1])
    if close:
        path.close()
    return path


class Chart(Drawing):
    """A chart drawing that draws its shapes straight on the canvas."""

    def draw(self, showBoundary: Any = None) -> None:
        canvas = self.canv
        plain = self.renderScale == 1.0 and tuple(self.transform) == (1, 0, 0, 1, 0, 0)
        if not plain or not all(_drawable(node) for node in self.contents):
            renderPDF.draw(self, canvas, 0, 0)
            return
        canvas.saveState()
        fill_mode = canvas._fillMode
        canvas._fillMode = STATE_DEFAULTS["fillMode"]  # as ReportLab's renderer sets it
        try:
            pen = _Pen(canvas)
            for node in self.contents:
                _draw(node, pen)
        finally:
            canvas._fillMode = fill_mode
            canvas.restoreState()
