"""Choosing a person by typing part of their name, department or email.

An editable combo box over plain person rows: typing filters the list (any
part of the text matches), Enter or a click picks. ``person_id`` is the chosen
person, or None while the text matches nobody exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class PersonChoice:
    """One person offered: id, name and a line that tells namesakes apart."""

    id: int
    name: str
    detail: str = ""

    @property
    def text(self) -> str:
        return f"{self.name} — {self.detail}" if self.detail else self.name


class PersonPicker(QComboBox):
    """An editable combo box of people; ``person_chosen`` fires with the id (or None)."""

    person_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None, placeholder: str = "Type a name…") -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(28)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.lineEdit().setPlaceholderText(placeholder)
        self.lineEdit().setClearButtonEnabled(True)
        completer = QCompleter(self)
        completer.setModel(self._model)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated[str].connect(self._completed)
        self.currentIndexChanged.connect(lambda _i: self.person_chosen.emit(self.person_id))
        self.lineEdit().textEdited.connect(lambda _t: self.person_chosen.emit(self.person_id))
        self.lineEdit().editingFinished.connect(self._settle)
        self.setCurrentIndex(-1)

    def set_people(self, people: Iterable[PersonChoice], keep: bool = True) -> None:
        """Offer ``people``; keeps the current choice when it is still offered."""
        current = self.person_id if keep else None
        self.blockSignals(True)
        self._model.clear()
        for person in people:
            item = QStandardItem(person.text)
            item.setData(person.id, PERSON_ID_ROLE)
            item.setData(person.name, NAME_ROLE)
            item.setToolTip(person.text)
            self._model.appendRow(item)
        self.setCurrentIndex(-1)
        self.lineEdit().clear()
        self.blockSignals(False)
        if current is not None:
            self.set_person(current)

    def set_person(self, person_id: int | None) -> None:
        """Choose the person with ``person_id`` (None clears the box)."""
        if person_id is None:
            self.setCurrentIndex(-1)
            self.lineEdit().clear()
            return
        for row in range(self._model.rowCount()):
            if self._model.item(row).data(PERSON_ID_ROLE) == person_id:
                self.setCurrentIndex(row)
                return

    @property
    def person_id(self) -> int | None:
        """The chosen person: the current item whose text is exactly what the box shows."""
        text = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == text:
            value = self.itemData(index, PERSON_ID_ROLE)
            return int(value) if value is not None else None
        found = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if found >= 0:
            value = self.itemData(found, PERSON_ID_ROLE)
            return int(value) if value is not None else None
        # A name typed in full (without the detail) counts when only one person has it.
        wanted = text.casefold()
        matches = [
            row
            for row in range(self._model.rowCount())
            if self._model.item(row).data(NAME_ROLE).casefold() == wanted
        ]
        if len(matches) == 1:
            value = self._model.item(matches[0]).data(PERSON_ID_ROLE)
            return int(value) if value is not None else None
        return None

    def _settle(self) -> None:
        """When typing stops on a recognisable person, show them as the list spells them."""
        person_id = self.person_id
        if person_id is not None and self.currentText() != self.itemText(self.currentIndex()):
            self.set_person(person_id)

    def _completed(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.setCurrentIndex(index)
