"""File ▸ Backups…: every backup, newest first, with what it holds; back up now, or restore one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.errors import show_failure
from triallog.gui.models.backup_table import BackupTableModel, Column, holds_text
from triallog.gui.opening import ask_restore
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.workers import JobRunner
from triallog.services.backups import Backup, back_up_now, list_backups
from triallog.services.workspace import Database

INTRO = (
    "TrialLog keeps copies of your records by itself: one each day it is opened, one before every import "
    "and one before an upgrade. The most recent ones are kept, and any you make here are never removed."
)


class BackupsDialog(QDialog):
    """`restore(backup)` is the window's: it closes the records, restores, and reopens; True when done."""

    def __init__(
        self, db: Database, restore: Callable[[Backup], bool], parent: QWidget | None = None, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.restore_with = restore
        self.read_only = read_only
        self.setWindowTitle("Backups")
        self.setMinimumSize(640, 420)
        self.jobs = JobRunner(self)
        self.jobs.busy_changed.connect(lambda _busy: self._update_buttons())

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        where = make_quiet(QLabel(f"They are kept in {db.data_dir / 'backups'}"))
        where.setWordWrap(True)
        self.model = BackupTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Backups, newest first")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _index: self.restore())
        self.status = QLabel("Looking at the backups…")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.back_up_button = self.buttons.addButton("&Back up now", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = self.buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.back_up_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        if read_only:
            self.restore_button.setToolTip("Restore from the window that has your records open for changes.")

        column = QVBoxLayout(self)
        for widget in (intro, where, self.table, self.status, self.buttons):
            column.addWidget(widget)
        self._update_buttons()
        self.reload()

    # -- the list -----------------------------------------------------------------------

    def reload(self, then: Callable[[], None] | None = None) -> None:
        folder = self.db.data_dir

        def listed(backups: list[Backup]) -> None:
            self.model.set_backups(backups)
            self.table.resizeColumnsToContents()
            for column in (Column.TAKEN, Column.WHY):  # room to breathe between columns
                self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
            if backups:
                self.table.selectRow(0)
            self.status.setText(self._summary(backups))
            self._update_buttons()
            if then is not None:
                then()

        self.jobs.start(lambda: list_backups(folder), listed, self._failed("The backups could not be listed"))

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _summary(self, backups: list[Backup]) -> str:
        if not backups:
            return "There are no backups yet. “Back up now” makes one."
        damaged = sum(1 for b in backups if not b.good)
        text = f"{len(backups)} backup{'s' if len(backups) != 1 else ''}, newest first."
        if damaged:
            text += f" {damaged} cannot be restored (damaged)."
        if self.read_only:
            text += " This window is read-only: restore from the window that has your records open for changes."
        return text

    def _update_buttons(self) -> None:
        busy = self.jobs.busy
        chosen = self.selected()
        self.back_up_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and not self.read_only and chosen is not None and chosen.good)

    # -- acting -------------------------------------------------------------------------

    def back_up(self) -> None:
        db = self.db
        self.status.setText("Backing up…")

        def made(backup: Backup) -> None:
            self.reload(lambda: self.status.setText(f"Backed up now: {holds_text(backup)}."))

        self.jobs.start(lambda: back_up_now(db), made, self._failed("The backup was not made"))

    def restore(self) -> None:
        backup = self.selected()
        if backup is None or not backup.good or self.read_only or self.jobs.busy:
            return
        if not ask_restore(self, backup, "What is recorded now"):
            return
        if self.restore_with(backup):
            self.accept()

    def _failed(self, title: str) -> Callable[[Exception], None]:
        def failed(error: Exception) -> None:
            self.status.setText("")
            show_failure(self, self.db, error, title)

        return failed

    def done(self, result: int) -> None:
        self.jobs.wait()  # a backup half-made finishes before the dialog (and its job) goes
        super().done(result)
