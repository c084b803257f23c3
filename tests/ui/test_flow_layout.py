"""The flow layout wraps its items, and its remembered heights follow changes to them."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from mentordesk.ui.widgets.flow_layout import FlowLayout


def test_heights_wrap_and_follow_added_items_and_longer_texts(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host)
    chips = [QPushButton(f"Chip {number}") for number in range(4)]
    for chip in chips:
        layout.addWidget(chip)
    one_line = layout.heightForWidth(2000)
    assert layout.heightForWidth(chips[0].sizeHint().width() + 10) > one_line
    assert layout.heightForWidth(2000) == one_line

    # A much longer text (Qt invalidates the layout) or another chip changes the answer.
    width = sum(chip.sizeHint().width() + 4 for chip in chips) + 20
    assert layout.heightForWidth(width) == one_line
    chips[0].setText("A chip with a much longer label than the others " * 2)
    assert layout.heightForWidth(width) > one_line
    chips[0].setText("Chip 0")
    assert layout.heightForWidth(width) == one_line
    layout.addWidget(QPushButton("Another chip that wraps"))
    assert layout.heightForWidth(width) > one_line
    layout.takeAt(layout.count() - 1).widget().deleteLater()
    assert layout.heightForWidth(width) == one_line
