"""Vector charts for the reports (reportlab.graphics), readable in black and white.

Every chart has a title, named axes and, when it shows more than one series, a
legend. Series differ by tone *and* by pattern (bars) or by dash and marker
(lines), and bars carry their values, so a greyscale print loses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentordesk.reports.chart_drawing import Chart
from mentordesk.reports.fonts import SANS, SANS_BOLD, plain, register_fonts
from mentordesk.reports.style import CONTENT_WIDTH, INK, MUTED, RULE, SERIES_FILLS, SHADE

TITLE_SIZE = 10
LABEL_SIZE = 7.5
AXIS_TITLE_SIZE = 7.5
VALUE_SIZE = 7

# Pattern per series index: drawn over the fill so that series differ in grey too.
PATTERNS = ("solid", "diagonal", "dots", "horizontal", "cross", "vertical", "backdiagonal")
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (5, 2.5), (1.5, 2), (7, 2, 1.5, 2))
MARKERS = ("circle", "square", "triangle", "diamond")
_MOVE_TO, _LINE_TO, _CLOSE = 0, 1, 3


@dataclass(frozen=True)
class Series:
    """One named series of values (None: no value for that category)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Threshold:
    """A reference line across a chart (for instance the trust level boundaries)."""

    label: str
    value: float


def _fmt_default(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.2f}"


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw:
            break
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _text_lines(text: str, width: float, size: float, max_lines: int = 2) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` (the last one cut)."""
    words = plain(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, SANS, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    last = lines[-1] if lines else ""
    while last and stringWidth(last, SANS, size) > width:
        last = last[:-2] + "…" if len(last) > 2 else last[:1]
        if last.endswith("……"):
            last = last[:-1]
    if lines:
        lines[-1] = last
    return lines


def _pattern(kind: str, x: float, y: float, width: float, height: float, gap: float = 4.0) -> Path:
    """Pattern lines (or dots) clipped to the rectangle, in a darker ink: one path
    per bar (a shape per line or dot made the charts the slowest part of a report)."""
    ink = colors.Color(0, 0, 0, alpha=0.55)
    points: list[float] = []
    operators: list[int] = []
    if width <= 0.5 or height <= 0.5 or kind == "solid":
        return Path(points, operators, strokeColor=None, fillColor=None)

    def line(x1: float, y1: float, x2: float, y2: float) -> None:
        points.extend((x1, y1, x2, y2))
        operators.extend((_MOVE_TO, _LINE_TO))

    if kind in ("diagonal", "cross"):
        c = -height
        while c < width:
            t0, t1 = max(0.0, -c), min(height, width - c)
            if t1 > t0:
                line(x + c + t0, y + t0, x + c + t1, y + t1)
            c += gap
    if kind in ("backdiagonal", "cross"):
        c = 0.0
        while c < width + height:
            # Points (x + c - t, y + t), kept inside the rectangle.
            t0, t1 = max(0.0, c - width), min(height, c)
            if t1 > t0:
                line(x + c - t0, y + t0, x + c - t1, y + t1)
            c += gap
    if kind == "horizontal":
        offset = gap / 2
        while offset < height:
            line(x, y + offset, x + width, y + offset)
            offset += gap
    if kind == "vertical":
        offset = gap / 2
        while offset < width:
            line(x + offset, y, x + offset, y + height)
            offset += gap
    if kind == "dots":
        # Small filled squares: at print size they read as dots, and a square is
        # four points where a circle is four curves.
        half = 0.6
        row = 0
        cy = gap / 2
        while cy < height:
            cx = gap / 2 + (gap / 2 if row % 2 else 0)
            while cx < width:
                left, low = x + cx - half, y + cy - half
                points.extend(
                    (left, low, left + 2 * half, low, left + 2 * half, low + 2 * half,
                     left, low + 2 * half)
                )  # fmt: skip
                operators.extend((_MOVE_TO, _LINE_TO, _LINE_TO, _LINE_TO, _CLOSE))
                cx += gap
            cy += gap
            row += 1
        return Path(points, operators, fillColor=ink, strokeColor=None, autoclose=None)
    return Path(points, operators, strokeColor=ink, strokeWidth=0.6, fillColor=None)


def _swatch(index: int, x: float, y: float, size: float = 8) -> Group:
    group = Group()
    group.add(Rect(x, y, size, size, fillColor=_fill(index), strokeColor=INK, strokeWidth=0.4))
    group.add(_pattern(PATTERNS[index % len(PATTERNS)], x, y, size, size, gap=3))
    return group


def _fill(index: int) -> colors.Color:
    return SERIES_FILLS[index % len(SERIES_FILLS)]


def _marker(kind: str, x: float, y: float, color: colors.Color, size: float = 2.6) -> object:
    if kind == "square":
        return Rect(x - size, y - size, 2 * size, 2 * size, fillColor=color, strokeColor=None)
    if kind == "triangle":
        return Polygon(
            [x - size, y - size, x + size, y - size, x, y + size * 1.2],
            fillColor=color,
            strokeColor=None,
        )
    if kind == "diamond":
        return Polygon(
            [x, y - size * 1.2, x + size, y, x, y + size * 1.2, x - size, y],
            fillColor=color,
            strokeColor=None,
        )
    return Circle(x, y, size, fillColor=color, strokeColor=None)


class _Frame:
    """Title, legend and the plot rectangle of one chart drawing."""

    def __init__(
        self,
        title: str,
        legend: Sequence[tuple[str, Callable[[float, float], Group]]],
        width: float,
        height: float,
    ) -> None:
        register_fonts()
        self.drawing: Drawing = Chart(width, height)
        self.width = width
        self.height = height
        self.drawing.add(
            String(
                0,
                height - TITLE_SIZE,
                plain(title),
                fontName=SANS_BOLD,
                fontSize=TITLE_SIZE,
                fillColor=INK,
            )
        )
        top = height - TITLE_SIZE - 6
        if legend:
            x = 0.0
            y = top - 9
            for label, draw_key in legend:
                text = plain(label)
                item_width = 14 + stringWidth(text, SANS, LABEL_SIZE) + 14
                if x + item_width > width and x > 0:
                    x = 0.0
                    y -= 12
                self.drawing.add(draw_key(x, y))
                self.drawing.add(
                    String(x + 12, y + 1, text, fontName=SANS, fontSize=LABEL_SIZE, fillColor=INK)
                )
                x += item_width
            top = y - 8
        self.top = top

    def add(self, shape: object) -> None:
        self.drawing.add(shape)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = LABEL_SIZE,
        anchor: str = "start",
        color: colors.Color = INK,
        bold: bool = False,
    ) -> None:
        self.drawing.add(
            String(
                x,
                y,
                text,
                fontName=SANS_BOLD if bold else SANS,
                fontSize=size,
                fillColor=color,
                textAnchor=anchor,
            )
        )

    def vertical_text(self, x: float, y: float, text: str) -> None:
        group = Group(
            String(
                0,
                0,
                plain(text),
                fontName=SANS,
                fontSize=AXIS_TITLE_SIZE,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        group.translate(x, y)
        group.rotate(90)
        self.drawing.add(group)


def empty_chart(title: str, message: str, width: float = CONTENT_WIDTH) -> Drawing:
    """A titled box that says why there is nothing to plot."""
    frame = _Frame(title, (), width, 60)
    frame.add(Rect(0, 0, width, frame.top - 4, fillColor=SHADE, strokeColor=None))
    frame.text(width / 2, (frame.top - 4) / 2 - 3, plain(message), anchor="middle", color=MUTED)
    return frame.drawing


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_axis: str,
    category_axis: str,
    horizontal: bool = False,
    stacked: bool = False,
    value_max: float | None = None,
    value_format: Callable[[float], str] = _fmt_default,
    tick_format: Callable[[float], str] | None = None,
    width: float = CONTENT_WIDTH,
    height: float | None = None,
    empty_message: str = "No data for this period.",
) -> Drawing:
    """Grouped (or stacked) bars with values printed on them.

    ``value_axis`` and ``category_axis`` are the axis titles. Bars of the
    ``i``-th series share a tone and a pattern, shown in the legend when there
    are two series or more.
    """
    values = [v for s in series for v in s.values if v is not None]
    if not categories or not series or not any(values):
        return empty_chart(title, empty_message, width)
    if stacked:
        totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
        top = max(totals)
    else:
        top = max(values)
    top = value_max if value_max is not None else top
    ticks = nice_ticks(top if top > 0 else 1)
    if value_max is not None:
        ticks = [t for t in nice_ticks(value_max) if t <= value_max + 1e-9]
        if ticks[-1] < value_max:
            ticks.append(value_max)
    high = ticks[-1]
    legend = (
        [(s.name, lambda x, y, i=i: _swatch(i, x, y)) for i, s in enumerate(series)]
        if len(series) > 1
        else []
    )
    if height is None:
        height = (
            60 + len(categories) * (14 if stacked else 8 + 11 * len(series)) if horizontal else 190
        )
    frame = _Frame(title, legend, width, height)
    draw = _horizontal_bars if horizontal else _vertical_bars
    draw(
        frame,
        categories,
        series,
        ticks,
        high,
        stacked,
        value_format,
        value_axis,
        category_axis,
        tick_format or value_format,
    )
    return frame.drawing


def _vertical_bars(
    frame: _Frame,
    categories: Sequence[str],
    series: Sequence[Series],
    ticks: list[float],
    high: float,
    stacked: bool,
    value_format: Callable[[float], str],
    value_axis: str,
    category_axis: str,
    tick_format: Callable[[float], str],
) -> None:
    tick_width = max(stringWidth(tick_format(t), SANS, LABEL_SIZE) for t in ticks)
    left = 14 + tick_width + 4
    bottom = 2 * (LABEL_SIZE + 2) + 16
    plot_width = frame.width - left - 4
    plot_height = frame.top - bottom - 10
    slot = plot_width / len(categories)

    def y_of(value: float) -> float:
        return bottom + plot_height * (value / high if high else 0)

    for tick in ticks:
        y = y_of(tick)
        frame.add(Line(left, y, left + plot_width, y, strokeColor=RULE, strokeWidth=0.3))
        frame.text(left - 3, y - 2.5, tick_format(tick), anchor="end", color=MUTED)
    frame.vertical_text(6, bottom + plot_height / 2, value_axis)
    frame.text(
        left + plot_width / 2,
        2,
        plain(category_axis),
        anchor="middle",
        size=AXIS_TITLE_SIZE,
        color=MUTED,
    )
    bars = 1 if stacked else len(series)
    bar_width = min(42.0, slot * 0.8 / bars)
    for index, category in enumerate(categories):
        x0 = left + slot * index + (slot - bar_width * bars) / 2
        base = 0.0
        for number, one in enumerate(series):
            value = one.values[index] if index < len(one.values) else None
            if value is None:
                continue
            x = x0 if stacked else x0 + number * bar_width
            y_low = y_of(base if stacked else 0)
            y_high = y_of((base if stacked else 0) + value)
            _bar(frame, number, x, y_low, bar_width, y_high - y_low)
            label = value_format(value)
            if stacked:
                if y_high - y_low >= LABEL_SIZE + 2 and value:
                    _inner_label(
                        frame, x + bar_width / 2, (y_low + y_high) / 2 - 2.5, label, bar_width
                    )
                base += value
            else:
                frame.text(x + bar_width / 2, y_high + 2, label, anchor="middle", size=VALUE_SIZE)
        if stacked:
            frame.text(
                x0 + bar_width / 2,
                y_of(base) + 2,
                value_format(base),
                anchor="middle",
                size=VALUE_SIZE,
                bold=True,
            )
        for line_number, text in enumerate(_text_lines(category, slot - 4, LABEL_SIZE)):
            frame.text(
                left + slot * index + slot / 2,
                bottom - 10 - line_number * (LABEL_SIZE + 2),
                text,
                anchor="middle",
            )
    frame.add(Line(left, bottom, left + plot_width, bottom, strokeColor=INK, strokeWidth=0.6))


def _horizontal_bars(
    frame: _Frame,
    categories: Sequence[str],
    series: Sequence[Series],
    ticks: list[float],
    high: float,
    stacked: bool,
    value_format: Callable[[float], str],
    value_axis: str,
    category_axis: str,
    tick_format: Callable[[float], str],
) -> None:
    label_width = min(
        frame.width * 0.32,
        max(stringWidth(plain(c), SANS, LABEL_SIZE) for c in categories) + 6,
    )
    left = 12 + label_width
    bottom = LABEL_SIZE + 18
    right_room = 28
    plot_width = frame.width - left - right_room
    plot_height = frame.top - bottom - 4
    slot = plot_height / len(categories)

    def x_of(value: float) -> float:
        return left + plot_width * (value / high if high else 0)

    for tick in ticks:
        x = x_of(tick)
        frame.add(Line(x, bottom, x, bottom + plot_height, strokeColor=RULE, strokeWidth=0.3))
        frame.text(x, bottom - LABEL_SIZE - 3, tick_format(tick), anchor="middle", color=MUTED)
    frame.text(
        left + plot_width / 2,
        2,
        plain(value_axis),
        anchor="middle",
        size=AXIS_TITLE_SIZE,
        color=MUTED,
    )
    frame.vertical_text(5, bottom + plot_height / 2, category_axis)
    bars = 1 if stacked else len(series)
    bar_height = min(16.0, slot * 0.78 / bars)
    for index, category in enumerate(categories):
        top_of_slot = bottom + plot_height - slot * index
        y0 = top_of_slot - (slot - bar_height * bars) / 2
        base = 0.0
        for number, one in enumerate(series):
            value = one.values[index] if index < len(one.values) else None
            if value is None:
                continue
            y = y0 - bar_height if stacked else y0 - (number + 1) * bar_height
            x_low = x_of(base if stacked else 0)
            x_high = x_of((base if stacked else 0) + value)
            _bar(frame, number, x_low, y, x_high - x_low, bar_height)
            label = value_format(value)
            if stacked:
                # Labelled inside only when the tag takes at most half the segment: a
                # tag as wide as its segment would hide the bar it names.
                if value and x_high - x_low >= 2 * (stringWidth(label, SANS, VALUE_SIZE) + 3):
                    _inner_label(
                        frame, (x_low + x_high) / 2, y + bar_height / 2 - 2.5, label, x_high - x_low
                    )
                base += value
            else:
                frame.text(x_high + 3, y + bar_height / 2 - 2.5, label, size=VALUE_SIZE)
        if stacked:
            frame.text(
                x_of(base) + 3,
                y0 - bar_height / 2 - 2.5,
                value_format(base),
                size=VALUE_SIZE,
                bold=True,
            )
        lines = _text_lines(category, label_width - 4, LABEL_SIZE)
        middle = top_of_slot - slot / 2
        for line_number, text in enumerate(lines):
            offset = (len(lines) - 1) * (LABEL_SIZE + 1) / 2 - line_number * (LABEL_SIZE + 1)
            frame.text(left - 4, middle + offset - 2.5, text, anchor="end")
    frame.add(Line(left, bottom, left, bottom + plot_height, strokeColor=INK, strokeWidth=0.6))


def _bar(frame: _Frame, index: int, x: float, y: float, width: float, height: float) -> None:
    if width <= 0 or height <= 0:
        return
    frame.add(Rect(x, y, width, height, fillColor=_fill(index), strokeColor=INK, strokeWidth=0.4))
    frame.add(_pattern(PATTERNS[index % len(PATTERNS)], x, y, width, height))


def _inner_label(frame: _Frame, x: float, y: float, text: str, room: float) -> None:
    """A value inside a bar segment, on a white tag so it reads over any fill or pattern."""
    text_width = stringWidth(text, SANS, VALUE_SIZE)
    if text_width + 4 > room:
        return
    frame.add(
        Rect(
            x - text_width / 2 - 1.5,
            y - 1.5,
            text_width + 3,
            VALUE_SIZE + 2,
            fillColor=colors.white,
            strokeColor=None,
        )
    )
    frame.text(x, y, text, anchor="middle", size=VALUE_SIZE)


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    value_axis: str,
    x_axis: str,
    value_range: tuple[float, float],
    thresholds: Sequence[Threshold] = (),
    value_format: Callable[[float], str] = _fmt_default,
    width: float = CONTENT_WIDTH,
    height: float = 190,
    empty_message: str = "No data for this period.",
) -> Drawing:
    """Lines over ordered points (months, assessment dates) with reference lines.

    A missing value breaks the line; a lone point still shows as its marker.
    Series differ by tone, dash pattern and marker shape.
    """
    if not x_labels or not any(v is not None for s in series for v in s.values):
        return empty_chart(title, empty_message, width)
    legend = [(s.name, lambda x, y, i=i: _line_key(i, x, y)) for i, s in enumerate(series)]
    frame = _Frame(title, legend, width, height)
    low, high = value_range
    step = 1.0 if high - low <= 5 else (high - low) / 5
    ticks = []
    tick = low
    while tick <= high + 1e-9:
        ticks.append(tick)
        tick += step
    tick_width = max(stringWidth(value_format(t), SANS, LABEL_SIZE) for t in ticks)
    left = 14 + tick_width + 4
    bottom = 2 * (LABEL_SIZE + 2) + 16
    right = (
        max(stringWidth(f"{t.label} {value_format(t.value)}", SANS, 6.5) for t in thresholds) + 6
        if thresholds
        else 8
    )
    plot_width = frame.width - left - right
    plot_height = frame.top - bottom - 8

    def y_of(value: float) -> float:
        clamped = min(max(value, low), high)
        return bottom + plot_height * (clamped - low) / (high - low)

    count = len(x_labels)
    slot = plot_width / count

    def x_of(index: int) -> float:
        return left + slot * index + slot / 2

    for tick in ticks:
        y = y_of(tick)
        frame.add(Line(left, y, left + plot_width, y, strokeColor=RULE, strokeWidth=0.3))
        frame.text(left - 3, y - 2.5, value_format(tick), anchor="end", color=MUTED)
    for threshold in thresholds:
        y = y_of(threshold.value)
        frame.add(
            Line(
                left,
                y,
                left + plot_width,
                y,
                strokeColor=MUTED,
                strokeWidth=0.8,
                strokeDashArray=(3, 2),
            )
        )
        frame.text(
            left + plot_width + 3,
            y - 2.5,
            f"{threshold.label} {value_format(threshold.value)}",
            size=6.5,
            color=MUTED,
        )
    frame.vertical_text(6, bottom + plot_height / 2, value_axis)
    frame.text(
        left + plot_width / 2, 2, plain(x_axis), anchor="middle", size=AXIS_TITLE_SIZE, color=MUTED
    )
    # Label every point when they fit, else every n-th.
    widest = max(stringWidth(plain(label), SANS, LABEL_SIZE) for label in x_labels)
    every = max(1, math.ceil((widest + 6) / slot))
    for index, label in enumerate(x_labels):
        if index % every == 0:
            frame.text(x_of(index), bottom - 10, plain(label), anchor="middle")
            frame.add(
                Line(x_of(index), bottom, x_of(index), bottom - 3, strokeColor=INK, strokeWidth=0.5)
            )
    for number, one in enumerate(series):
        color = _fill(number) if number != 1 else colors.HexColor("#B5651D")
        dash = DASHES[number % len(DASHES)]
        run: list[float] = []
        points: list[tuple[float, float]] = []
        for index, value in enumerate(one.values[:count]):
            if value is None:
                if len(run) >= 4:
                    frame.add(
                        PolyLine(run, strokeColor=color, strokeWidth=1.6, strokeDashArray=dash)
                    )
                run = []
                continue
            point = (x_of(index), y_of(value))
            run += list(point)
            points.append(point)
        if len(run) >= 4:
            frame.add(PolyLine(run, strokeColor=color, strokeWidth=1.6, strokeDashArray=dash))
        marker = MARKERS[number % len(MARKERS)]
        for x, y in points:
            frame.add(_marker(marker, x, y, color))
    frame.add(Line(left, bottom, left + plot_width, bottom, strokeColor=INK, strokeWidth=0.6))
    return frame.drawing


def _line_key(index: int, x: float, y: float) -> Group:
    color = _fill(index) if index != 1 else colors.HexColor("#B5651D")
    group = Group()
    group.add(
        Line(
            x - 2,
            y + 3,
            x + 10,
            y + 3,
            strokeColor=color,
            strokeWidth=1.6,
            strokeDashArray=DASHES[index % len(DASHES)],
        )
    )
    group.add(_marker(MARKERS[index % len(MARKERS)], x + 4, y + 3, color, size=2.2))
    return group
