"""The bar at the top of a person's record: choose who is shown; add, rename or remove people."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from triallog.gui.changes import Changes
from triallog.gui.dialogs.person_dialog import PersonDialog, RenameDialog
from triallog.gui.read_only import hide_when_read_only
from triallog.services import people
from triallog.services.workspace import Database


def counted(n: int, word: str) -> str:
    """`1 trial`, `4 trials`: every count a person reads is spelled out in words."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


#: the switcher's width, in letters: never narrower, and never wider (a longer name shows whole in the list)
NARROWEST, WIDEST = 24, 40


class PeopleSwitcher(QWidget):
    """`chosen(key)` fires when another person is to be shown; the key is "" when nobody is left."""

    chosen = Signal(str)

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changes = changes
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(NARROWEST)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setAccessibleName("Person shown")
        caption = QLabel("Perso&n:")
        caption.setBuddy(self.combo)
        self.add_button = QPushButton("Add person…")
        self.rename_button = QPushButton("Rename…")
        self.remove_button = QPushButton("Remove…")
        row = self.row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.combo)
        row.addStretch(1)
        for button in (self.add_button, self.rename_button, self.remove_button):
            row.addWidget(button)
        self.combo.currentIndexChanged.connect(lambda _i: self.chosen.emit(self.current_key() or ""))
        self.add_button.clicked.connect(self.add_person)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        hide_when_read_only(db, self.add_button, self.rename_button, self.remove_button)
        changes.people.connect(self.reload)

    def current_key(self) -> str | None:
        key = self.combo.currentData()
        return str(key) if key else None

    def current_name(self) -> str:
        return self.combo.currentText() if self.current_key() else ""

    def reload(self, select: str | None = None) -> None:
        """Refill the list; keep the person shown (or show `select`); announce the choice if it changed."""
        before = self.current_key()
        wanted = select or before
        self.combo.blockSignals(True)  # one `chosen` after the refill, not one per row
        self.combo.clear()
        for summary in people.list_people(self.db):
            self.combo.addItem(summary.name, summary.key)
        found = self.combo.findData(wanted) if wanted else -1
        self.combo.setCurrentIndex(found if found >= 0 else 0 if self.combo.count() else -1)
        self.combo.blockSignals(False)
        for button in (self.rename_button, self.remove_button):
            button.setEnabled(self.combo.count() > 0)
        self._fit_names()
        after = self.current_key()
        if after != before or select is not None:
            self.chosen.emit(after or "")

    def _fit_names(self) -> None:
        """Wide enough for the longest name (up to a limit, so the buttons beside it stay in sight); the
        open list always shows every name whole."""
        metrics = self.combo.fontMetrics()
        longest = max((metrics.horizontalAdvance(self.combo.itemText(i)) for i in range(self.combo.count())), default=0)
        letters = -(-longest // max(metrics.horizontalAdvance("X"), 1))  # Qt counts in widths of X: rounded up
        self.combo.setMinimumContentsLength(min(max(letters, NARROWEST), WIDEST))
        view = self.combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width())

    def select(self, key: str) -> None:
        self.reload(select=key)

    # -- what the buttons do ---------------------------------------------------------

    def add_person(self) -> str | None:
        dialog = PersonDialog(self.db, parent=self.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved_key is None:
            return None
        self.select(dialog.saved_key)
        self.changes.people.emit()  # after select: the list keeps the new person when it refills
        return dialog.saved_key

    def edit_profile(self) -> None:
        key = self.current_key()
        if key is None:
            return
        dialog = PersonDialog(self.db, key, parent=self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.made is not None:
            self.changes.announce(dialog.made)  # the name may have changed: the list refills too

    def rename(self) -> None:
        key = self.current_key()
        if key is None:
            return
        dialog = RenameDialog(self.db, key, parent=self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.made is not None:
            self.changes.announce(dialog.made)

    def remove(self) -> None:
        key = self.current_key()
        if key is None:
            return
        summary = next((p for p in people.list_people(self.db, with_counts=True) if p.key == key), None)
        if summary is None:
            self.changes.people.emit()
            return
        if not confirm_removal(self.window(), summary):
            return
        people.remove_person(self.db, key)
        self.changes.people.emit()


def recorded(summary: people.PersonSummary) -> str:
    """`4 trials, 1 case, 3 calls, 7 measurements`: what goes when a record is removed or replaced."""
    return ", ".join(
        [
            counted(summary.trials, "trial"),
            counted(summary.cases, "case"),
            counted(summary.calls, "call"),
            counted(summary.measurements, "measurement"),
        ]
    )


def confirm_removal(parent: QWidget, summary: people.PersonSummary) -> bool:
    """Name the person and what goes with them; keeping them is the default answer."""
    if any((summary.trials, summary.cases, summary.calls, summary.measurements)):
        question = f"Remove {summary.name} and everything recorded for them: {recorded(summary)}?"
    else:
        question = f"Remove {summary.name} and their profile, plans and prescribers?"
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"Remove {summary.name}?")
    box.setText(question)
    box.setInformativeText("This cannot be undone. To keep a copy first, choose Keep and use File ▸ Export…")
    remove = box.addButton(f"Remove {summary.name}", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is remove
