"""A person's insurance plans and prescribers: two tables, each with Add, Change and Remove."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.gui.changes import Changes
from triallog.gui.dialogs.coverage_dialog import CoverageDialog
from triallog.gui.dialogs.prescriber_dialog import PrescriberDialog
from triallog.gui.models.record_table import RecordTableModel, coverage_model, prescriber_model
from triallog.gui.read_only import hide_when_read_only, is_read_only
from triallog.gui.views.record_page import RecordPage
from triallog.gui.widgets.labels import hint_label, scaled_font
from triallog.services import plans
from triallog.services.workspace import Database


class RecordTable(QWidget):
    """A titled table with its empty-state hint and Add / Change / Remove buttons."""

    def __init__(self, title: str, hint: str, model: RecordTableModel[Any], noun: str) -> None:
        super().__init__()
        self.model = model
        #: False in a read-only window: Add, Change and Remove are not offered
        self.writable = True
        heading = QLabel(title)
        heading.setFont(scaled_font(self, 1.15))
        self.hint = hint_label(hint)
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setAccessibleName(title)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.add_button = QPushButton(f"Add {noun}…")
        self.change_button = QPushButton("Change…")
        self.remove_button = QPushButton("Remove…")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(self.hint)
        column.addWidget(self.view, 1)
        column.addLayout(buttons)
        model.modelReset.connect(self._reset)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _reset(self) -> None:
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # room to breathe between columns
            self.view.setColumnWidth(column, self.view.columnWidth(column) + 16)
        # A row is always chosen, so Change and Remove are never greyed out for no visible reason.
        if self.model.rows:
            self.view.selectRow(0)
        self._update()

    def _update(self) -> None:
        empty = not self.model.rows
        self.hint.setVisible(empty)
        self.view.setVisible(not empty)
        chosen = self.selected() is not None
        for button in (self.change_button, self.remove_button):
            button.setVisible(not empty and self.writable)  # nothing to change yet: only Add is offered
            button.setEnabled(chosen)


class PlansView(RecordPage):
    PARTS = ("plans",)

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.coverages = RecordTable(
            "Insurance plans",
            "No plans yet. Add each plan this person has had, with the dates it started and ended: "
            "a step-therapy exception often rests on drugs tried under an earlier plan.",
            coverage_model(self),
            "plan",
        )
        self.prescribers = RecordTable(
            "Prescribers",
            "No prescribers yet. Add the clinicians who prescribe, so trials and requests can name them.",
            prescriber_model(self),
            "prescriber",
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(20)
        column.addWidget(self.coverages)
        column.addWidget(self.prescribers)
        column.addStretch(0)
        self.column = column
        self._wire(self.coverages, self.edit_coverage, self.remove_coverage)
        self._wire(self.prescribers, self.edit_prescriber, self.remove_prescriber)

    def _wire(self, table: RecordTable, edit: Callable[[Any], None], remove: Callable[[Any], None]) -> None:
        table.writable = not is_read_only(self.db)
        hide_when_read_only(self.db, table.add_button)
        table._update()
        table.add_button.clicked.connect(lambda: edit(None))
        table.change_button.clicked.connect(lambda: edit(table.selected()))
        table.remove_button.clicked.connect(lambda: remove(table.selected()))
        # Enter or a double click changes the row; Delete asks to remove it, like a file manager.
        table.view.activated.connect(lambda index: edit(table.model.rows[index.row()]))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: remove(table.selected()))  # no row chosen: remove does nothing

    def refresh(self) -> None:
        person = self.read_person()
        if person is None:
            self.coverages.model.set_rows([])
            self.prescribers.model.set_rows([])
            return
        # The newest plan first: the one in force is what people look for.
        newest = sorted(person.coverages, key=lambda c: c.start.sort_key() if c.start else (date.min, 0))
        self.coverages.model.set_rows(list(reversed(newest)))
        self.prescribers.model.set_rows(sorted(person.prescribers, key=lambda p: p.name.casefold()))
        self._share_space()

    def _share_space(self) -> None:
        """Tables with rows share the height; an empty section stays compact, its hint by its Add button."""
        plans_rows, prescriber_rows = bool(self.coverages.model.rows), bool(self.prescribers.model.rows)
        self.column.setStretch(0, 3 if plans_rows else 0)
        self.column.setStretch(1, 2 if prescriber_rows else 0)
        self.column.setStretch(2, 0 if plans_rows or prescriber_rows else 1)

    # -- plans -------------------------------------------------------------------------

    def edit_coverage(self, coverage: r.Coverage | None) -> None:
        if self.person_key is None:
            return
        dialog = CoverageDialog(self.db, self.person_key, coverage, parent=self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.made is not None:
            self.changes.announce(dialog.made)
            self._select(self.coverages, dialog.saved_key)

    def remove_coverage(self, coverage: r.Coverage | None) -> None:
        if self.person_key is None or coverage is None:
            return
        uses = plans.uses_of_coverage(self.db, coverage.key)
        if uses:
            effect = (
                f"{_records(uses)} this plan. They keep everything else, but will no longer say which plan "
                "they were under."
            )
        else:
            effect = "No trial or case names this plan."
        if ask_removal(self, f"Remove the plan {coverage.title}?", effect, "Remove plan"):
            self.changes.announce(plans.remove_coverage(self.db, self.person_key, coverage.key))

    # -- prescribers -------------------------------------------------------------------

    def edit_prescriber(self, prescriber: r.Prescriber | None) -> None:
        if self.person_key is None:
            return
        dialog = PrescriberDialog(self.db, self.person_key, prescriber, parent=self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.made is not None:
            self.changes.announce(dialog.made)
            self._select(self.prescribers, dialog.saved_key)

    def remove_prescriber(self, prescriber: r.Prescriber | None) -> None:
        if self.person_key is None or prescriber is None:
            return
        uses = plans.uses_of_prescriber(self.db, prescriber.key)
        if uses:
            effect = (
                f"{_records(uses)} this prescriber. They keep everything else, but will no longer say who prescribed."
            )
        else:
            effect = "No trial or case names this prescriber."
        if ask_removal(self, f"Remove {prescriber.name} from the prescribers?", effect, "Remove prescriber"):
            self.changes.announce(plans.remove_prescriber(self.db, self.person_key, prescriber.key))

    def _select(self, table: RecordTable, key: str | None) -> None:
        """Keep the row just saved selected and in view, so the user sees where it went."""
        for row, record in enumerate(table.model.rows):
            if record.key == key:
                table.view.selectRow(row)
                table.view.setFocus()
                return


def _records(uses: int) -> str:
    return "1 trial or case names" if uses == 1 else f"{uses} trials or cases name"


def ask_removal(parent: QWidget, question: str, effect: str, action: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(action)
    box.setText(question)
    box.setInformativeText(f"{effect} This cannot be undone.")
    remove = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is remove
