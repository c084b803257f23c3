"""How the pair page writes scores, gaps, days and section headings."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from mentordesk.ui.formatting import short_date


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def gap_text(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def day_text(value: date | None) -> str:
    return "—" if value is None else short_date(value)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
