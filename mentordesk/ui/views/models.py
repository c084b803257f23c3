"""Models: formal, informal and peer-to-peer mentoring side by side.

Each column says how trust is built in that model, the role it plays and how
it differs (from ``domain.vocabularies.MentorshipModel``), then this program's
figures for the model's active pairs on the "as of" day (``figures``): pairs,
average trust, the share at each trust level, conflicts per pair and check-in
adherence. Two charts below compare the models. The figures are computed off
the GUI thread, as judging thousands of pairs takes longer than a frame.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain.vocabularies import MentorshipModel, TrustLevel
from mentordesk.services.figures import ModelFigures, ProgramFigures, program_figures
from mentordesk.ui.context import AppContext
from mentordesk.ui.formatting import counted, long_date, number, percent
from mentordesk.ui.icons import LEVEL_COLOURS
from mentordesk.ui.views.base import View
from mentordesk.ui.widgets.charts import SERIES_COLOURS, BarSet, ChartView
from mentordesk.ui.worker import Job, Progress, run_in_worker

MODELS: tuple[MentorshipModel, ...] = tuple(MentorshipModel)
MODEL_COLOURS: dict[MentorshipModel, str] = dict(zip(MODELS, SERIES_COLOURS, strict=False))

FIGURE_ROWS: tuple[tuple[str, str], ...] = (
    ("pairs", "Active pairs:"),
    ("average", "Average trust:"),
    ("levels", "Trust levels:"),
    ("conflicts", "Conflicts per pair:"),
    ("adherence", "Check-in adherence:"),
)

FIGURE_TIPS: dict[str, str] = {
    "average": "Mean overall score of each pair's latest mentee assessment (1–5)",
    "levels": "Share of the assessed pairs at each trust level",
    "conflicts": "Every conflict the model's active pairs have had up to the day, per pair",
    "adherence": "Held check-ins against the expected cadence over the last 90 days (or "
    "since the pair's start); pairs started less than one cadence ago are too new to count",
}


def share_text(share: float | None) -> str:
    return percent(share)


def adherence_text(adherence: float | None, too_new: int) -> str:
    """The mean adherence, saying how many pairs are too new to have one (started less
    than one cadence ago): never 0 % for them."""
    if too_new == 0:
        return share_text(adherence)
    if adherence is None:
        return f"too new ({counted(too_new, 'pair')} started less than a cadence ago)"
    return f"{share_text(adherence)} ({number(too_new)} too new to count)"


def level_shares_html(figures: ModelFigures) -> str:
    """High / medium / low shares, each with a coloured square and its word."""
    if not figures.assessed:
        return "No pair assessed yet"
    parts = []
    for level, share in (
        (TrustLevel.HIGH, figures.share_high),
        (TrustLevel.MEDIUM, figures.share_medium),
        (TrustLevel.LOW, figures.share_low),
    ):
        parts.append(
            f"<span style='color:{LEVEL_COLOURS[level]}'>■</span>&nbsp;{level.label}"
            f"&nbsp;{share_text(share)}"
        )
    return " &nbsp; ".join(parts)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _described(heading: str, text: str) -> QLabel:
    """ "**Heading:** text." on one wrapped label, to keep the three columns short."""
    label = QLabel(f"<b>{html.escape(heading)}:</b> {html.escape(text, quote=False)}.")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class ModelColumn(QFrame):
    """One model: what trust means in it, then this program's figures."""

    def __init__(self, model: MentorshipModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName(f"model-{model.value}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        colour = MODEL_COLOURS[model]
        self.setStyleSheet(
            f"QFrame#model-{model.value} {{ border: 1px solid palette(mid); border-radius: 6px;"
            f" border-top: 5px solid {colour}; background: palette(base); }}"
        )
        title = QLabel(model.label)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        agreement = QLabel(
            "A signed mentoring agreement is expected."
            if model.expects_agreement
            else "No signed agreement expected."
        )
        agreement.setEnabled(False)
        agreement.setWordWrap(True)

        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, caption in FIGURE_ROWS:
            value = QLabel("—")
            value.setObjectName(f"{model.value}-{key}")
            value.setWordWrap(True)
            value.setTextFormat(
                Qt.TextFormat.RichText if key == "levels" else Qt.TextFormat.PlainText
            )
            value.setToolTip(FIGURE_TIPS.get(key, ""))
            self.figures[key] = value
            caption_label = QLabel(caption)
            caption_label.setToolTip(FIGURE_TIPS.get(key, ""))
            form.addRow(caption_label, value)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(agreement)
        layout.addSpacing(2)
        for heading, text in (
            ("How trust is built", model.how_trust_is_built),
            ("Role of trust", model.role_of_trust),
            ("How it differs", model.how_trust_differs),
        ):
            layout.addWidget(_described(heading, text))
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(rule)
        layout.addWidget(_heading("In this program"))
        layout.addLayout(form)
        layout.addStretch(1)

    def show_figures(self, figures: ModelFigures | None) -> None:
        """Fill the figures (None: still computing or failed)."""
        if figures is None:
            for label in self.figures.values():
                label.setText("—")
            return
        assessed = (
            f" ({number(figures.assessed)} assessed)" if figures.assessed != figures.pairs else ""
        )
        self.figures["pairs"].setText(f"{number(figures.pairs)}{assessed}")
        self.figures["average"].setText(
            "—" if figures.average_trust is None else f"{number(figures.average_trust, 2)} of 5"
        )
        self.figures["levels"].setText(level_shares_html(figures))
        if figures.conflicts_per_pair is None:
            self.figures["conflicts"].setText("—")
        else:
            conflicts = counted(figures.conflicts, "conflict")
            per_pair = number(figures.conflicts_per_pair, 2)
            self.figures["conflicts"].setText(f"{per_pair} ({conflicts})")
        self.figures["adherence"].setText(adherence_text(figures.adherence, figures.too_new))


class ModelsView(View):
    """The three mentorship models compared, with this program's figures."""

    name = "models"
    title = "Models"
    icon = "models"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.figures: ProgramFigures | None = None
        self._job: Job[ProgramFigures] | None = None
        self._generation = 0

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.status = QLabel()
        self.status.setEnabled(False)

        self.columns = {model: ModelColumn(model) for model in MODELS}
        row = QHBoxLayout()
        row.setSpacing(10)
        for column in self.columns.values():
            row.addWidget(column, 1)

        self.levels_chart = ChartView("Trust level by model (share of assessed pairs)")
        self.levels_chart.setObjectName("levelsByModel")
        self.compare_chart = ChartView("Average trust by model")
        self.compare_chart.setObjectName("trustByModel")
        for chart in (self.levels_chart, self.compare_chart):
            # Tall enough to read, short enough that the cards and charts fit one screen.
            chart.setMinimumHeight(300)
            chart.setMaximumHeight(440)
        charts = QGridLayout()
        charts.addWidget(self.levels_chart, 0, 0)
        charts.addWidget(self.compare_chart, 0, 1)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.heading)
        body_layout.addWidget(self.status)
        body_layout.addLayout(row)
        body_layout.addSpacing(6)
        body_layout.addLayout(charts, 1)
        # Room the charts cannot take stays below them, not inside the cards.
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the per-model figures in the worker; an older computation is dropped."""
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        as_of = self.context.as_of
        program_id = self.context.program_id
        database = self.context.database
        self.heading.setText(f"The three models, and this program on {long_date(as_of)}")
        self.status.setText("Computing the figures…")

        def work(progress: Progress) -> ProgramFigures:
            with database.transaction() as session:
                progress.check()
                return program_figures(session, as_of, program_id)

        self._job = run_in_worker(
            self,
            work,
            lambda figures: self._show(generation, figures),
            on_error=lambda error: self._failed(generation, error),
            title="Computing the figures per model",
            show_progress=False,
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        from mentordesk.ui.errors import show_error

        if generation == self._generation:
            self.status.setText("The figures could not be computed.")
            show_error(self, error)

    def _show(self, generation: int, figures: ProgramFigures) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.figures = figures
        scope = "the chosen program" if figures.program_id is not None else "every program"
        self.status.setText(
            f"Figures of {scope}'s {counted(figures.active_pairs, 'active pair')}; "
            "hover over a figure for how it is counted."
        )
        for model, column in self.columns.items():
            column.show_figures(figures.for_model(model))
        self._fill_charts([figures.for_model(model) for model in MODELS])

    def _fill_charts(self, per_model: Sequence[ModelFigures]) -> None:
        labels = [figures.model.label for figures in per_model]

        def percent(values: Sequence[float | None]) -> list[float | None]:
            return [None if v is None else round(v * 100, 1) for v in values]

        self.levels_chart.set_bars(
            labels,
            [
                BarSet(
                    level.label,
                    percent([getattr(f, f"share_{level.value}") for f in per_model]),
                    LEVEL_COLOURS[level],
                )
                for level in (TrustLevel.HIGH, TrustLevel.MEDIUM, TrustLevel.LOW)
            ],
            x_title="Model",
            y_title="Share of pairs (%)",
            # A share runs to 100 %: ticks stop there, the room above is for the labels.
            y_range=(0, 112),
            y_interval=20,
            label_format="@value %",
        )
        # One bar per model, in the model's colour (as on its card above).
        self.compare_chart.set_coloured_bars(
            labels,
            [f.average_trust or 0.0 for f in per_model],
            [MODEL_COLOURS[f.model] for f in per_model],
            x_title="Model",
            y_title="Average trust score (1–5)",
        )
