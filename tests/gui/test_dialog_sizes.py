"""On a small laptop (1024×700), every dialog opens whole: its title bar, its fields and its buttons on screen.

Each dialog is opened as a caregiver would meet it, over a full record (Dana's, with a long name and
long notes), and its size, the size it asks for and the size it cannot go below are held against the
screen. Every dialog of `every_dialog.OPENERS` is measured, so a new one is measured too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog

from tests.gui.every_dialog import OPENERS, Record
from triallog.gui import screen_room
from triallog.services import people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")
#: a 1024×700 screen, less a title bar of up to 40 pixels above the dialog
SCREEN = QSize(1024, 700 - 40)
LONG_NAME = "Maria-Theresa Okonkwo-Villanueva de la Cruz-Hernández"


def opened_on_a_long_name(db: Database, dana_json: Path, name: str) -> QDialog:
    """Dialog `name` as `every_dialog` opens it, on Dana's record with a long name."""
    import_path(db, dana_json)
    key = people.list_people(db)[0].key
    people.rename_person(db, key, LONG_NAME)
    return OPENERS[name](Record(db, people.load_person(db, key)))


def fits(size: QSize) -> bool:
    return size.width() <= SCREEN.width() and size.height() <= SCREEN.height()


@pytest.fixture
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs that size themselves by the screen see one of 1024×700 (the tests' own screen is another)."""
    monkeypatch.setattr(screen_room, "available", lambda _widget: QRect(0, 0, 1024, 700))


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_each_dialog_fits_a_1024_by_700_screen(qtbot, db, dana_json, laptop_screen, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = opened_on_a_long_name(db, dana_json, name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"dialog-{name}.png"))
    for what, size in (
        ("opens at", dialog.size()),
        ("asks for", dialog.sizeHint()),
        ("cannot shrink below", dialog.minimumSizeHint().expandedTo(dialog.minimumSize())),
    ):
        assert fits(size), f"{name} {what} {size.width()}×{size.height()}, more than {SCREEN.width()}×{SCREEN.height()}"
    dialog.close()
