"""A time zone chooser that finds a zone by any part of its name: typing "phoenix" offers America/Phoenix."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from triallog.domain.errors import ValidationError
from triallog.domain.zones import (
    ZONE_RULE,
    abbreviation,
    city_of,
    computer_zone_name,
    is_zone_name,
    zone_names,
    zone_of,
)


def zone_label(name: str, now: datetime) -> str:
    """`Phoenix — America/Phoenix (MST)`: the city first, as people look for it."""
    return f"{city_of(name)} — {name} ({abbreviation(now, zone_of(name))})"


class ZoneBox(QComboBox):
    """Every zone, searchable by city or region; the first choice is "this computer's zone" (stored as "")."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        now = datetime.now(UTC)
        here = computer_zone_name()
        self.addItem(f"This computer's zone ({zone_label(here, now)})", "")
        for name in zone_names():
            self.addItem(zone_label(name, now), name)
        if current and self.findData(current) < 0:  # a zone this list does not hold stays visible
            self.addItem(current, current)
        self.setCurrentIndex(max(0, self.findData(current)))
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # the box is editable, so it has its line
        line.setPlaceholderText("Type a city, such as Phoenix or Chicago")
        self.setAccessibleName("Time zone")

    def zone_name(self) -> str:
        """The chosen zone's name ("" for this computer's zone); a ValidationError naming `time_zone` when
        what was typed is no zone."""
        typed = self.currentText().strip()
        found = self.findText(typed, Qt.MatchFlag.MatchFixedString)
        if found >= 0:
            return str(self.itemData(found))
        if is_zone_name(typed):
            return typed
        matches = [
            str(self.itemData(i))
            for i in range(1, self.count())
            if typed
            and typed.casefold() in (str(self.itemData(i)).casefold(), city_of(str(self.itemData(i))).casefold())
        ]
        if len(matches) == 1:
            return matches[0]
        raise ValidationError("time_zone", ZONE_RULE, typed)
