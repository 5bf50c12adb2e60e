"""What a screen reader is told about a control: its name, and where a word helps, a description.

Qt names a field after the label whose buddy it is only when the two are siblings, and never names the
typing part of a composite field (a date's line edit, an editable combo box's line). `name_by_labels`
closes that gap for every labelled field in a window; `set_name` names a control and its typing part.
"""

from __future__ import annotations

import re

from PySide6.QtGui import Qt, QTextDocumentFragment  # QtGui's Qt holds mightBeRichText
from PySide6.QtWidgets import QComboBox, QLabel, QWidget


def spoken(label_text: str) -> str:
    """A caption as it is said: `Follow &up by:` reads `Follow up by`, markup gone, `&&` kept as `&`."""
    text = QTextDocumentFragment.fromHtml(label_text).toPlainText() if Qt.mightBeRichText(label_text) else label_text
    text = re.sub(r"&(.)", r"\1", text)
    return " ".join(text.split()).rstrip(":").strip()


def typing_parts(widget: QWidget) -> list[QWidget]:
    """`widget` and the parts it hands its focus to, down to the one that takes the typing (a date's line
    edit, an editable combo box's line)."""
    parts = [widget]
    while True:
        last = parts[-1]
        inner = last.lineEdit() if isinstance(last, QComboBox) else last.focusProxy()
        if inner is None or inner in parts:
            return parts
        parts.append(inner)


def set_name(widget: QWidget, name: str, description: str | None = None) -> None:
    """Name `widget` and the parts of it that take the typing."""
    for part in typing_parts(widget):
        part.setAccessibleName(name)
        if description is not None:
            part.setAccessibleDescription(description)


def name_by_labels(root: QWidget) -> None:
    """Every field in `root` that a label is the buddy of takes the label's words as its name, unless it
    has a name of its own already; its typing parts take the same name."""
    for label in root.findChildren(QLabel):
        field = label.buddy()
        if field is None:
            continue
        name = field.accessibleName() or spoken(label.text())
        for part in typing_parts(field):
            if name and not part.accessibleName():
                part.setAccessibleName(name)
