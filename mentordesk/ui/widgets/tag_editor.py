"""Skills and interests as tags: chips that wrap, and a box to type the next one.

Typing a tag and pressing Enter (or a comma) adds it; Backspace in the empty box
removes the last one; a chip is removed by clicking it or, with the keyboard,
by tabbing to it and pressing Space, Delete or Backspace. Text still in the box
when the form is saved counts as a tag, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QFrame, QLineEdit, QSizePolicy, QToolButton, QWidget

from mentordesk.ui.widgets.flow_layout import FlowLayout

MAX_TAG_LENGTH = 60
"""Longer than any skill name; keeps a pasted paragraph from becoming one tag."""

_CHIP_STYLE = """
QToolButton#tagChip {
    border: 1px solid palette(mid);
    border-radius: 9px;
    padding: 1px 8px;
    background: palette(alternate-base);
    color: palette(text);
}
QToolButton#tagChip:hover { border-color: palette(dark); }
QToolButton#tagChip:focus { border: 2px solid palette(highlight); padding: 0px 7px; }
"""


def normalise_tag(text: str) -> str:
    """A tag as stored: inner whitespace collapsed, trimmed, at most ``MAX_TAG_LENGTH`` long."""
    return " ".join(text.split())[:MAX_TAG_LENGTH]


class _Chip(QToolButton):
    """One tag; activating it removes it."""

    def __init__(self, tag: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("tagChip")
        self.setText(f"{tag}  ✕")
        self.setToolTip(f"Remove “{tag}”")
        self.setAccessibleName(f"Tag {tag}")
        self.setAccessibleDescription("Press Space or Delete to remove")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.click()
            return
        super().keyPressEvent(event)


class TagEditor(QFrame):
    """An editable list of short tags, shown as chips."""

    tags_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None, placeholder: str = "Add a tag…") -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setStyleSheet(_CHIP_STYLE)
        self._tags: list[str] = []
        self._chips: list[_Chip] = []
        self._layout = FlowLayout(self, spacing=4)
        self._layout.setContentsMargins(4, 3, 4, 3)

        self._edit = QLineEdit(self)
        self._edit.setFrame(False)
        self._edit.setPlaceholderText(placeholder)
        self._edit.setMinimumWidth(180)
        self._edit.setAccessibleName("New tag")
        self._edit.installEventFilter(self)
        self._edit.textEdited.connect(self._on_text_edited)
        self._suggestions = QStringListModel(self)
        completer = QCompleter(self._suggestions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._edit.setCompleter(completer)
        # Enter in the popup is taken here: QCompleter would put the completion back
        # in the box after our slot had emptied it (and with no row chosen it would
        # only close the popup), so the next tag was glued on: "negotiationCRM".
        completer.popup().installEventFilter(self)
        # A click on a completion: QCompleter fills the box first, then it becomes a tag.
        completer.activated.connect(
            lambda text: QTimer.singleShot(0, self, lambda: self._on_completion(text))
        )
        self._layout.addWidget(self._edit)
        self.setFocusProxy(self._edit)

    # -- the value ---------------------------------------------------------
    @property
    def tags(self) -> list[str]:
        """The tags, including what is still typed in the box."""
        pending = normalise_tag(self._edit.text())
        if pending and not self._contains(pending):
            return [*self._tags, pending]
        return list(self._tags)

    def set_tags(self, tags: Iterable[str]) -> None:
        """Replace every tag (duplicates and blanks dropped)."""
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips.clear()
        self._tags.clear()
        self._edit.clear()
        for tag in tags:
            self._append(tag)
        self.tags_changed.emit(self.tags)

    def set_suggestions(self, suggestions: Iterable[str]) -> None:
        """Tags offered while typing (e.g. every skill already used in the directory)."""
        self._suggestions.setStringList(sorted(set(suggestions), key=str.casefold))

    def line_edit(self) -> QLineEdit:
        """The box where the next tag is typed (for tests and focus handling)."""
        return self._edit

    def add_tag(self, text: str) -> bool:
        """Add one tag; False when it is blank or already there."""
        added = self._append(text)
        if added:
            self.tags_changed.emit(self.tags)
        return added

    def remove_tag(self, tag: str) -> None:
        """Remove ``tag`` (compared without regard to case)."""
        for index, existing in enumerate(self._tags):
            if existing.casefold() == tag.casefold():
                chip = self._chips.pop(index)
                self._tags.pop(index)
                self._layout.removeWidget(chip)
                chip.deleteLater()
                self.updateGeometry()
                self.tags_changed.emit(self.tags)
                return

    # -- internals -----------------------------------------------------------
    def _contains(self, tag: str) -> bool:
        folded = tag.casefold()
        return any(existing.casefold() == folded for existing in self._tags)

    def _append(self, text: str) -> bool:
        tag = normalise_tag(text)
        if not tag or self._contains(tag):
            return False
        chip = _Chip(tag, self)
        chip.clicked.connect(lambda _checked=False, t=tag: self._remove_from_chip(t))
        # Chips go before the box, which always stays last.
        self._layout.insertWidget(len(self._chips), chip)
        chip.show()
        self._chips.append(chip)
        self._tags.append(tag)
        self.updateGeometry()
        return True

    def _remove_from_chip(self, tag: str) -> None:
        self.remove_tag(tag)
        self._edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _commit_text(self) -> bool:
        text = self._edit.text()
        if not normalise_tag(text):
            return False
        self._edit.clear()
        self.add_tag(text)
        return True

    def _on_text_edited(self, text: str) -> None:
        if text[:1].isspace():
            # A blank after a comma or at the start is not part of the next tag.
            self._edit.setText(text.lstrip())
            text = self._edit.text()
        # A comma ends a tag, so a pasted "python, sql" becomes two tags.
        if "," in text:
            *complete, rest = text.split(",")
            self._edit.setText(rest.lstrip())
            changed = False
            for part in complete:
                changed = self._append(part) or changed
            if changed:
                self.tags_changed.emit(self.tags)

    def _on_completion(self, text: str) -> None:
        if self._edit.text() == text:
            self._edit.clear()
            self.add_tag(text)

    def _take_completion(self) -> None:
        """Enter with the popup open: the chosen completion, or else what is typed."""
        completer = self._edit.completer()
        popup = completer.popup()
        current = popup.currentIndex()
        chosen = str(current.data()) if current.isValid() and popup.isVisible() else ""
        popup.hide()
        text = chosen or self._edit.text()
        self._edit.clear()
        if normalise_tag(text):
            self.add_tag(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._edit.completer().popup()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._take_completion()
            return True
        if watched is self._edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            popup = self._edit.completer().popup()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not popup.isVisible():
                # Enter with text adds the tag; only an empty box lets the
                # dialog's default button have the key.
                return self._commit_text()
            if key == Qt.Key.Key_Backspace and not self._edit.text() and self._tags:
                self.remove_tag(self._tags[-1])
                return True
        return super().eventFilter(watched, event)
