"""QtCharts made to fit the window: palette-aware colours, titled, with labelled axes.

Each chart is a :class:`ChartView` whose content is replaced with ``set_*``
methods, so a view builds its charts once and refreshes them with new figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from mentordesk.ui import formatting

#: Series colours that read on light and dark backgrounds.
SERIES_COLOURS = ("#3b7dd8", "#e08a2c", "#8e5bc7", "#2e9d8f")
THRESHOLD_HIGH_COLOUR = "#2e9d5b"
THRESHOLD_MEDIUM_COLOUR = "#d08a12"


@dataclass(frozen=True)
class BarSet:
    """One series of bars: its name in the legend, a value per category, its colour."""

    name: str
    values: Sequence[float | None]
    colour: str


class ChartView(QChartView):
    """A chart with a title, the palette's colours and no background of its own."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)
        self._title = title
        self._new_chart()

    def _new_chart(self) -> QChart:
        old = self.chart()
        chart = QChart()
        chart.setTitle(self._title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        # Axis numbers as the rest of the window writes them ("12,345").
        chart.setLocale(formatting.app_locale())
        chart.setLocalizeNumbers(True)
        chart.layout().setContentsMargins(0, 0, 0, 0)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setTitleBrush(QBrush(text))
        chart.legend().setLabelColor(text)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart

    def set_waiting(self, note: str) -> None:
        """No bars: the figures are not known yet; the title says why (``note``)."""
        note_line = f"<span style='font-weight:normal'>{note}</span>"
        self._new_chart().setTitle(f"{self._title}<br>{note_line}")

    @property
    def title(self) -> str:
        return self._title

    def _style_axis(self, axis: QValueAxis | QBarCategoryAxis | QDateTimeAxis, title: str) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        axis.setLabelsColor(text)
        axis.setTitleText(title)
        axis.setTitleBrush(QBrush(text))
        axis.setGridLineColor(grid)
        axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        axis.setLabelsFont(font)
        axis.setTitleFont(font)

    def _value_axis(
        self, title: str, low: float, high: float, ticks: int, fmt: str, interval: float = 0
    ) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(low, high)
        axis.setTickCount(ticks)
        if interval:
            # Ticks every ``interval`` from ``low``: room above the last one stays unlabelled.
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(low)
            axis.setTickInterval(interval)
        axis.setLabelFormat(fmt)
        self._style_axis(axis, title)
        return axis

    def set_bars(
        self,
        categories: Sequence[str],
        sets: Sequence[BarSet],
        *,
        x_title: str,
        y_title: str,
        y_range: tuple[float, float] | None = None,
        y_ticks: int = 5,
        label_format: str = "@value",
        y_format: str = "%.0f",
        horizontal: bool = False,
        y_interval: float = 0,
    ) -> None:
        """Grouped bars: one group per category, one bar per set.

        ``y_interval`` puts a tick every so much from the bottom of ``y_range``, so the
        range may run past the last tick (room for the labels over the tallest bars).

        ``horizontal`` lays the bars sideways, so long category names stay readable
        (the category axis is then on the left and the value axis at the bottom).
        """
        chart = self._new_chart()
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        for bar_set in sets:
            qset = QBarSet(bar_set.name)
            qset.setColor(QColor(bar_set.colour))
            qset.setBorderColor(QColor(bar_set.colour))
            qset.setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))
            values = list(bar_set.values)
            if horizontal:
                values.reverse()
            qset.append([float(v) if v is not None else 0.0 for v in values])
            series.append(qset)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat(label_format)
        series.setLabelsPrecision(3)
        series.setBarWidth(0.6)
        chart.addSeries(series)
        values = [v for s in sets for v in s.values if v is not None]
        if y_range is None:
            high, y_ticks = _nice_axis(max(values, default=0.0))
            low = 0.0
        else:
            low, high = y_range
        x_axis = QBarCategoryAxis()
        # Top to bottom in the given order when the bars lie sideways.
        x_axis.append(list(reversed(categories)) if horizontal else list(categories))
        self._style_axis(x_axis, x_title)
        y_axis = self._value_axis(y_title, low, high, y_ticks, y_format, y_interval)
        category_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(x_axis, category_side)
        chart.addAxis(y_axis, value_side)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        chart.legend().setVisible(len(sets) > 1)

    def set_coloured_bars(
        self,
        categories: Sequence[str],
        values: Sequence[int | float],
        colours: Sequence[str],
        *,
        x_title: str,
        y_title: str,
        horizontal: bool = False,
    ) -> None:
        """One bar per category, each in its own colour (levels, health), its value written
        after its name.

        ``horizontal`` lays the bars sideways, first category at the top.
        """
        chart = self._new_chart()
        order = list(range(len(categories)))
        if horizontal:
            order.reverse()
        # A stacked series with one set per category, empty elsewhere, colours each bar.
        series = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
        for number in order:
            qset = QBarSet(categories[number])
            qset.setColor(QColor(colours[number]))
            qset.setBorderColor(QColor(colours[number]))
            qset.setLabelColor(QColor("white"))
            qset.append([float(values[number]) if i == number else 0.0 for i in order])
            series.append(qset)
        # Sideways, each value is written beside its category's name, not inside the bar:
        # inside a thin bar (1 pair of 40) the label would be cut to a sliver. Standing
        # bars (scores from 1 to 5) are wide enough to hold theirs.
        series.setLabelsVisible(not horizontal)
        series.setLabelsPosition(QStackedBarSeries.LabelsPosition.LabelsCenter)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(3)
        series.setBarWidth(0.6)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        if horizontal:
            x_axis.append([f"{categories[n]}: {value_text(values[n])}" for n in order])
        else:
            x_axis.append([categories[n] for n in order])
        self._style_axis(x_axis, x_title)
        highest = max(values, default=0)
        # Lying sideways, the value axis runs along a narrow chart: thousands get three
        # labels (0, half, top), not six that run into each other.
        top, ticks = _nice_axis(highest, most_steps=2 if horizontal and highest >= 1000 else 5)
        y_axis = self._value_axis(y_title, 0, top, ticks, "%.0f")
        category_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(x_axis, category_side)
        chart.addAxis(y_axis, value_side)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        chart.legend().setVisible(False)

    def series_names(self) -> list[str]:
        """The names of the chart's series (tests read them)."""
        names: list[str] = []
        for series in self.chart().series():
            if isinstance(
                series,
                QBarSeries | QStackedBarSeries | QHorizontalBarSeries | QHorizontalStackedBarSeries,
            ):
                names.extend(s.label() for s in series.barSets())
            else:
                names.append(series.name())
        return names


def value_text(value: float) -> str:
    """A bar's value as the window writes numbers: a count whole, a score to two places."""
    return formatting.number(value) if float(value).is_integer() else formatting.number(value, 2)


def _nice_axis(value: float, most_steps: int = 5) -> tuple[float, int]:
    """A round axis maximum a little above ``value``, and its tick count (2 to
    ``most_steps`` + 1)."""
    target = max(float(value) * 1.12, 1.0)
    for power in range(0, 9):
        for multiple in (1, 2, 2.5, 5):
            step = multiple * 10**power
            if step * most_steps >= target and (step >= 1 and float(step).is_integer()):
                steps = math.ceil(target / step)
                return float(steps * step), steps + 1
    return target, 5
