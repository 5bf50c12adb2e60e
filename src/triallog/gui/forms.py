"""Show a ValidationError beside the field it names, and keep everything the user typed.

Also: open a dialog without a nested event loop, and let it go when it closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from triallog.domain.errors import ValidationError
from triallog.gui.tones import ERROR_INK, WARNING_INK

ERROR_STYLE = f"color: {ERROR_INK};"
#: a warning that does not stop a save: dark red-brown, always with words that say it is a warning
WARNING_STYLE = f"color: {WARNING_INK};"


class FieldErrors:
    """Maps field paths (`end`, `side_effects[0].onset`) to error labels placed beside their widgets.

    A problem goes to the label of the longest registered path that is a prefix of its
    field; problems no label claims go to the `general` label.
    """

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        _style(general)

    def label_for(self, field: str, widget: QWidget | None = None) -> QLabel:
        """A (hidden) error label for `field`; put it in the layout right by the field."""
        label = QLabel()
        _style(label)
        label.setObjectName(f"error:{field}")
        self.labels[field] = label
        if widget is not None:
            self.widgets[field] = widget
        return label

    def clear(self) -> None:
        for label in [*self.labels.values(), self.general]:
            label.clear()
            label.hide()

    def show(self, error: ValidationError) -> None:
        """Put every problem beside its field and move the focus to the first one."""
        self.clear()
        first: QWidget | None = None
        unclaimed: list[str] = []
        for problem in error.problems:
            field = self._claimant(problem.field)
            if field is None:
                unclaimed.append(f"{problem.field}: {problem.in_words}" if problem.field else problem.in_words)
                continue
            label = self.labels[field]
            # a date in the rule is quoted as the date fields show it, not as a file holds it
            rule = problem.in_words if problem.field == field else f"{problem.field}: {problem.in_words}"
            label.setText("\n".join(filter(None, [label.text(), _sentence(rule)])))
            label.show()
            first = first or self.widgets.get(field)
        if unclaimed:
            self.general.setText("\n".join(_sentence(u) for u in unclaimed))
            self.general.show()
        if first is not None:
            first.setFocus()

    def text_of(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def _claimant(self, field: str) -> str | None:
        claimants = [
            known
            for known in self.labels
            if field == known or field.startswith(known + ".") or field.startswith(known + "[")
        ]
        return max(claimants, key=len, default=None)


def open_dialog(dialog: QDialog, forget: Callable[[], None], linger_ms: int = 0) -> None:
    """Open `dialog` window-modal without a nested event loop; when it closes, `forget()` it and delete it
    (`linger_ms` later, for a dialog whose background work may still be winding down).

    The caller keeps the open dialog (so a second click does not open another); `forget` lets it go.
    """

    def closed(_result: int) -> None:
        forget()
        if linger_ms:
            QTimer.singleShot(linger_ms, dialog, dialog.deleteLater)
        else:
            dialog.deleteLater()

    dialog.finished.connect(closed)
    dialog.open()


def _style(label: QLabel) -> None:
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()


def _sentence(rule: str) -> str:
    return rule[:1].upper() + rule[1:] if rule else rule
