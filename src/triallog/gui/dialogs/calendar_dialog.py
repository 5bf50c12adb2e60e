"""Add dates to a calendar: whose, what the file will hold, and where to save it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.dialogs.pdf_maker import file_safe
from triallog.gui.text_size import fit_height
from triallog.gui.widgets.labels import make_quiet, text_label
from triallog.services.calendar_file import (
    REMIND_DAYS_BEFORE,
    CalendarItem,
    calendar_bytes,
    items_counted,
    open_items,
)
from triallog.services.transfer import write_atomically
from triallog.services.workspace import Database

EVERYONE = "Everyone"
HOW = (
    f"Each date becomes an all-day event with a reminder {REMIND_DAYS_BEFORE} days before and one on the day. "
    "Open the saved file with your calendar program (Calendar, Outlook, Thunderbird, or Google Calendar's "
    "Import). Saving a newer file later and opening it again updates these events instead of adding copies."
)
PRIVATE = (
    "The file holds names, case references and what is due. Once a calendar holds them, anyone who can see "
    "that calendar can read them."
)
NOTHING = "Nothing open is due from today on."


def calendar_file_name(person: str | None, day: date) -> str:
    """`Dana Rivera dates 2026-11-23.ics`, or `TrialLog dates 2026-11-23.ics` for everyone."""
    return f"{file_safe(person or 'TrialLog')[:120]} dates {day.isoformat()}.ics"


class CalendarDialog(QDialog):
    """Whose dates (everyone or one person), the dates the file will hold, then Save.

    `people` are (key, name) pairs; `chosen` the key shown first (None: everyone). `today` fixes the day
    (tests); else each person's own today. `save_to(path)` writes the file; the Save button asks where."""

    def __init__(
        self,
        db: Database,
        people: Sequence[tuple[str, str]],
        chosen: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.today = db, today
        self.items: list[CalendarItem] = []
        self.saved_to: Path | None = None
        self.setWindowTitle("Add dates to a calendar")
        self.setMinimumWidth(560)
        self.whose = QComboBox()
        self.whose.addItem(EVERYONE, None)
        for key, name in people:
            self.whose.addItem(name, key)
        self.whose.setCurrentIndex(max(self.whose.findData(chosen), 0) if chosen is not None else 0)
        self.whose.setAccessibleName("Whose dates")
        self.list = QListWidget()
        self.list.setAccessibleName("The dates the file will hold")
        self.list.setMinimumHeight(150)
        self.count = QLabel()
        self.how = text_label(HOW, selectable=False)
        self.private = make_quiet(QLabel(PRIVATE))
        self.saved_note = text_label()
        self.saved_note.setAccessibleName("Where the file was saved")
        self.saved_note.hide()
        self.save_button = QPushButton("&Save calendar file…")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.choose_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Whose dates:", self.whose)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.count)
        column.addWidget(self.list, 1)
        for part in (self.how, self.private, self.saved_note, self.buttons):
            column.addWidget(part)
        self.whose.currentIndexChanged.connect(self.refresh)
        self.refresh()
        self.whose.setFocus()

    def person_key(self) -> str | None:
        key = self.whose.currentData()
        return key if isinstance(key, str) else None

    def refresh(self) -> None:
        """Read the open dates again for whoever is chosen."""
        self.items = open_items(self.db, self.today, self.person_key())
        self.list.clear()
        for item in self.items:
            self.list.addItem(f"{item.by[:1].upper()}{item.by[1:]} — {item.title}")
        self.list.setVisible(bool(self.items))
        self.count.setText(f"{items_counted(len(self.items))} from today on:" if self.items else NOTHING)
        self.save_button.setEnabled(bool(self.items))

    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        person = self.whose.currentText() if self.person_key() is not None else None
        suggested = Path(folder) / calendar_file_name(person, self.today or date.today())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the calendar file", str(suggested), "Calendar files (*.ics)"
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, target: Path) -> bool:
        """Write the chosen dates to `target` (`.ics` added when missing); say where, or why not."""
        if target.suffix.lower() != ".ics":
            target = target.with_name(target.name + ".ics")
        try:
            write_atomically(target, calendar_bytes(self.items))
        except OSError as error:
            QMessageBox.warning(
                self,
                "The calendar file was not saved",
                f"The calendar file could not be saved as {target}:\n{error.strerror or error}.\n\n"
                "Nothing was lost. Try another folder, such as Documents.",
            )
            return False
        self.saved_to = target
        self.saved_note.setText(
            f"Saved {items_counted(len(self.items))} in {target}.\n"
            "Now open that file with your calendar program to add them."
        )
        self.saved_note.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)  # its notes wrap onto more lines in larger text
