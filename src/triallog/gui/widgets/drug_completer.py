"""Drug names that complete as they are typed, from the offline list; choosing a brand can fill its generic."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from triallog.domain.drug_names import DrugName

#: the name put in the field (the list shows `DrugName.shown`, which names a brand's generic too)
TEXT_ROLE = Qt.ItemDataRole.UserRole


class DrugCompleter(QCompleter):
    """A list of drug names under a line edit, opening as a few letters are typed (anywhere in a name,
    whatever the capitals: "glarg" finds insulin glargine). `chosen(DrugName)` follows a choice, once the
    field holds the chosen name, so that a slot may change it (a brand chosen in the drug field)."""

    chosen = Signal(object)

    def __init__(self, edit: QLineEdit, names: Sequence[DrugName]) -> None:
        model = QStandardItemModel(edit)
        self._by_text: dict[str, DrugName] = {}
        for name in names:
            item = QStandardItem(name.shown)
            item.setData(name.text, TEXT_ROLE)
            item.setEditable(False)
            model.appendRow(item)
            self._by_text[name.text] = name
        super().__init__(model, edit)
        self.setCompletionRole(TEXT_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setMaxVisibleItems(10)
        edit.setCompleter(self)
        self.edit = edit
        # activated is overloaded (text, index): the text one, which PySide's stubs cannot index
        self.activated[str].connect(self._activated)  # type: ignore[index]

    def _activated(self, text: str) -> None:
        self.edit.setText(text)
        name = self._by_text.get(text)
        if name is not None:
            # once the field has finished taking the completion (it sets its text after this signal)
            QTimer.singleShot(0, self, lambda: self.chosen.emit(name))
