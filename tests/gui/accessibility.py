"""What a screen reader is told: walk a window's accessibility tree as Orca or NVDA would, and list every
control it could not name."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

Role = QAccessible.Role
Text = QAccessible.Text

#: what a person operates: each must have a name a screen reader says
CONTROLS = {
    Role.PushButton,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.SpinBox,
    Role.Slider,
    Role.Dial,
    Role.Table,
    Role.List,
    Role.Tree,
    Role.PageTab,
    Role.Link,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.Graphic,
    Role.Chart,
}
#: views whose items the walk does not enter (their cells are named by the model: see `cell_text`)
ITEM_VIEWS = {Role.Table, Role.List, Role.Tree}


@dataclass(frozen=True)
class Control:
    role: str
    name: str
    description: str
    widget: str

    def __str__(self) -> str:
        return f"{self.role} {self.widget} (name {self.name!r})"


def spoken_name(iface: QAccessibleInterface) -> str:
    """The control's name as a screen reader hears it.

    Qt on Linux gives a combo box's shown value as its name and its label through a relation, so a
    combo box is named only by its own accessible name or by a label whose buddy it is."""
    if iface.role() == Role.ComboBox:
        widget = iface.object()
        own = widget.accessibleName() if isinstance(widget, QWidget) else ""
        labels = [other.text(Text.Name) for other, _ in iface.relations(QAccessible.RelationFlag.Label)]
        return own or " ".join(labels).strip()
    return iface.text(Text.Name).strip()


def controls(root: QWidget) -> list[Control]:
    """Every control shown in `root` (its dialogs and pages included), as the accessibility tree has them."""
    found: list[Control] = []

    def walk(iface: QAccessibleInterface | None) -> None:
        if iface is None or not iface.isValid() or iface.state().invisible:
            return
        role = iface.role()
        if role in CONTROLS:
            widget = iface.object()
            found.append(
                Control(
                    role.name,
                    spoken_name(iface),
                    iface.text(Text.Description),
                    type(widget).__name__ + (f"#{widget.objectName()}" if widget and widget.objectName() else ""),
                )
            )
        if role in ITEM_VIEWS:
            return
        for i in range(iface.childCount()):
            walk(iface.child(i))

    walk(QAccessible.queryAccessibleInterface(root))
    return found


def unnamed(root: QWidget) -> list[str]:
    """The controls in `root` a screen reader would announce only by their kind ("button", "edit")."""
    return [str(control) for control in controls(root) if not control.name]
