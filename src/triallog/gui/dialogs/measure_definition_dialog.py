"""Define (or change) a custom measure: its name, unit, range and which direction is better."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QWidget

from triallog.domain.errors import Problem, raise_if
from triallog.domain.records import MeasureDefinition
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.widgets.labels import make_quiet
from triallog.services.measures import save_definition
from triallog.services.workspace import Database

DIRECTION_HINT = "Leave unticked when a higher number means worse, as with pain or migraine days."
GOAL_HINT = "Optional: the value the prescriber aims for, such as an HbA1c of 7.0."


def read_number(text: str, field: str, problems: list[Problem], required: bool = False) -> float | None:
    """A typed number (a decimal comma is read as a point); None when blank, a problem when not a number."""
    raw = text.strip().replace(",", ".")
    if not raw:
        if required:
            problems.append(Problem(field, "required: type a number, such as 4 or 4.5", text))
        return None
    try:
        value = float(raw)
    except ValueError:
        problems.append(Problem(field, "must be a number, such as 4 or 4.5", text))
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems.append(Problem(field, "must be a number, such as 4 or 4.5", text))
        return None
    return int(value) if value.is_integer() else value


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class MeasureDefinitionDialog(RecordDialog):
    """`saved_name` holds the measure's name after a successful save."""

    noun = "custom measure"

    def __init__(
        self,
        db: Database,
        changes: Changes,
        person_key: str,
        definition: MeasureDefinition | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.db, self.changes, self.person_key = db, changes, person_key
        self.definition = definition
        self.saved_name = ""
        d = definition or MeasureDefinition(name="")
        super().__init__(f"Change “{d.name}”" if definition else "New custom measure", parent)
        form = self.section()
        self.add_field(form, "&Name:", "name", QLineEdit(d.name), "Required, e.g. migraine days per month")
        self.add_field(form, "&Unit:", "unit", QLineEdit(d.unit), "e.g. days, minutes, points (optional)")
        self.add_field(form, "M&inimum:", "min", QLineEdit(_shown(d.min)), "the lowest possible, e.g. 0 (optional)")
        self.add_field(form, "Ma&ximum:", "max", QLineEdit(_shown(d.max)), "the highest possible, e.g. 31 (optional)")
        self.higher_is_better = QCheckBox("&Higher is better")
        self.higher_is_better.setChecked(d.higher_is_better)
        form.addRow("", self.higher_is_better)
        form.addRow("", make_quiet(QLabel(DIRECTION_HINT)))
        self.add_field(
            form, "&Goal:", "goal", QLineEdit(_shown(d.goal)), "at or better than this it is at goal, e.g. 7.0"
        )
        form.addRow("", make_quiet(QLabel(GOAL_HINT)))
        self.finish()

    def snapshot(self) -> tuple[object, ...]:
        return (*super().snapshot(), self.higher_is_better.isChecked())

    def save(self) -> str:
        problems: list[Problem] = []
        low = read_number(self.text("min"), "min", problems)
        high = read_number(self.text("max"), "max", problems)
        goal = read_number(self.text("goal"), "goal", problems)
        raise_if(problems)
        definition = MeasureDefinition(
            name=self.text("name"),
            unit=self.text("unit"),
            min=low,
            max=high,
            higher_is_better=self.higher_is_better.isChecked(),
            goal=goal,
        )
        former = self.definition.name if self.definition else ""
        self.made = save_definition(self.db, self.person_key, definition, former)
        self.saved_name = definition.name
        return definition.name

    def accept(self) -> None:
        super().accept()
        if self.result() == QDialog.DialogCode.Accepted and self.made is not None:
            self.changes.announce(self.made)
