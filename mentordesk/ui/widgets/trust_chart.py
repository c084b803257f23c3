"""The pair page's "Trust over time" chart, built once and refilled for each pair.

Making a new chart with new axes and series for every pair opened, as
:class:`ChartView`'s bar charts do, cost the pair page more than drawing it (the
chart's items, its layout, its first showing in the scene). Here the axes, the
two threshold lines and the two respondents' lines are made once; showing a pair
only moves points, ranges and names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCharts import QDateTimeAxis, QLineSeries
from PySide6.QtCore import QDateTime, QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from mentordesk.domain.questionnaire import RATING_MAX, RATING_MIN
from mentordesk.ui.widgets.charts import (
    THRESHOLD_HIGH_COLOUR,
    THRESHOLD_MEDIUM_COLOUR,
    ChartView,
)


def _msecs(day: date) -> float:
    """Noon of ``day`` on the date axis (milliseconds since the epoch)."""
    return float(QDateTime(datetime.combine(day, time(12))).toMSecsSinceEpoch())


#: The respondents' lines: how many the chart holds (the mentee's and the mentor's).
LINES = 2


class TrustChartView(ChartView):
    """Trust scores over time, one line per respondent, with the level thresholds drawn."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        chart = self.chart()
        self._x_axis = QDateTimeAxis()
        self._style_axis(self._x_axis, "Assessment date")
        self._y_axis = self._value_axis("Trust score", RATING_MIN, RATING_MAX, 5, "%.1f")
        chart.addAxis(self._x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self._y_axis, Qt.AlignmentFlag.AlignLeft)
        self._thresholds: list[QLineSeries] = []
        for colour in (THRESHOLD_HIGH_COLOUR, THRESHOLD_MEDIUM_COLOUR):
            threshold = QLineSeries()
            pen = QPen(QColor(colour))
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.2)
            threshold.setPen(pen)
            self._attach(threshold)
            self._thresholds.append(threshold)
        self._lines: list[QLineSeries] = []
        for _ in range(LINES):
            line = QLineSeries()
            line.setPointsVisible(True)
            line.setMarkerSize(7.0)
            line.setVisible(False)
            self._attach(line)
            self._lines.append(line)
        chart.legend().setVisible(True)

    def _attach(self, series: QLineSeries) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self._x_axis)
        series.attachAxis(self._y_axis)

    def set_trust_lines(
        self,
        lines: Sequence[tuple[str, Sequence[tuple[date, float]], str]],
        *,
        high: float,
        medium: float,
        start: date,
        end: date,
    ) -> None:
        """Trust scores over time, one line per respondent (at most :data:`LINES`), with
        the level thresholds drawn; a respondent without points has no line."""
        if len(lines) > LINES:
            raise ValueError(f"The trust chart draws at most {LINES} lines, not {len(lines)}.")
        if end <= start:
            end = date.fromordinal(start.toordinal() + 30)
        first, last = _msecs(start), _msecs(end)
        self._x_axis.setFormat("MMM yyyy" if (end - start).days > 120 else "d MMM")
        self._x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first)), QDateTime.fromMSecsSinceEpoch(int(last))
        )
        self._x_axis.setTickCount(min(7, max(3, (end - start).days // 30 + 1)))
        for threshold, name, value in (
            (self._thresholds[0], f"High from {high:.2f}", high),
            (self._thresholds[1], f"Medium from {medium:.2f}", medium),
        ):
            _rename(threshold, name)
            threshold.replace([QPointF(first, value), QPointF(last, value)])
        for index, line in enumerate(self._lines):
            name, points, colour = lines[index] if index < len(lines) else ("", (), "")
            if points:
                _rename(line, name)
                if line.color() != QColor(colour):
                    pen = QPen(QColor(colour))
                    pen.setWidthF(2.4)
                    line.setPen(pen)
                line.replace([QPointF(_msecs(day), score) for day, score in points])
            else:
                line.clear()
            if line.isVisible() != bool(points):
                line.setVisible(bool(points))

    def series_names(self) -> list[str]:
        """The names of the lines drawn (tests read them)."""
        return [series.name() for series in self.chart().series() if series.isVisible()]


def _rename(series: QLineSeries, name: str) -> None:
    # Renaming re-lays out the legend: only when the name really changes.
    if series.name() != name:
        series.setName(name)
