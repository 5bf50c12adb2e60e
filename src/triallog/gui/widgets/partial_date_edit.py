"""A date entry for honest dates: a year, a month or a day, with a live hint of how it reads."""

from __future__ import annotations

import calendar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from triallog.domain.dates import DAY_EXAMPLE, TYPED_FORMS, PartialDate, Precision
from triallog.domain.errors import ValidationError
from triallog.gui.widgets.labels import make_quiet

PLACEHOLDER = f"Such as 2019, 03/2021 or {DAY_EXAMPLE} (month/day/year)"
NOT_YET = f"Not a date yet. Try {TYPED_FORMS}."


def describe(value: PartialDate) -> str:
    """How a date reads to a person, saying how precise it is (`March 2021 (month only)`)."""
    if value.precision == Precision.YEAR:
        return f"{value.year} (year only)"
    month = calendar.month_name[value.month or 1]
    if value.precision == Precision.MONTH:
        return f"{month} {value.year} (month only)"
    weekday = calendar.day_name[value.first_day.weekday()]
    return f"{weekday}, {month} {value.day}, {value.year}"


class PartialDateEdit(QWidget):
    """A line edit plus a quiet hint beneath it.

    `text()` is exactly what was typed, so nothing is lost when the text is not a date yet;
    `value()` reads it (None when empty) and raises ValidationError naming `field` otherwise.
    """

    textChanged = Signal(str)
    #: the date as it now reads, or None while the text is empty or not a date
    dateChanged = Signal(object)

    def __init__(
        self,
        field: str = "date",
        allow_empty: bool = True,
        empty_hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.allow_empty = allow_empty
        self.empty_hint = empty_hint
        self._last: PartialDate | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setObjectName(f"date:{field}")
        self.hint = make_quiet(QLabel())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        # Labels' mnemonics and FieldErrors focus this widget; the typing happens in the line edit.
        self.setFocusProxy(self.edit)
        # A label's Alt key moves focus only to a widget that takes focus (Tab still stops at the edit alone).
        self.setFocusPolicy(self.edit.focusPolicy())
        self.edit.textChanged.connect(self._changed)
        self._changed(self.edit.text())

    # -- reading and writing ---------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def value(self) -> PartialDate | None:
        """The date typed, or None when empty; ValidationError (naming the field) otherwise."""
        raw = self.edit.text().strip()
        if not raw:
            if self.allow_empty:
                return None
            raise ValidationError(self.field, "required: a year is enough, such as 2019", "")
        return PartialDate.parse(raw, self.field)

    def setValue(self, value: PartialDate | None) -> None:
        """Show a date as people read it (`Mar 2021`, `Mar 5, 2021`): the form messages quote it in."""
        self.edit.setText(value.human() if value is not None else "")

    def set_empty_hint(self, hint: str) -> None:
        """What the hint says while the field is empty (for example what an empty end date means)."""
        self.empty_hint = hint
        if not self.edit.text().strip():
            self.hint.setText(hint)
            self.hint.setVisible(bool(hint))

    def is_valid(self) -> bool:
        try:
            self.value()
        except ValidationError:
            return False
        return True

    # -- live hint ---------------------------------------------------------------

    def _changed(self, text: str) -> None:
        current: PartialDate | None = None
        raw = text.strip()
        if not raw:
            hint = self.empty_hint
        else:
            try:
                current = PartialDate.parse(raw, self.field)
                hint = describe(current)
            except ValidationError as error:
                # A calm nudge while typing; the red message comes only when saving.
                hint = "There is no such day on the calendar." if "no such date" in error.rule else NOT_YET
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.edit.setAccessibleDescription(hint)
        self.textChanged.emit(text)
        if current != self._last:
            self._last = current
            self.dateChanged.emit(current)
