"""By keyboard alone: in every dialog, each underlined letter (Alt+letter) reaches its field, and Alt+S saves
where no field has taken the S."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from tests.gui.every_dialog import OPENERS
from tests.gui.test_dialog_sizes import opened_on_a_long_name
from triallog.gui.changes import Changes
from triallog.gui.dialogs.call_dialog import CallDialog
from triallog.gui.dialogs.call_log_dialog import CallLogDialog
from triallog.services import people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database


def mnemonic(text: str) -> str:
    """`S` for "&Save", "" for a text with no underlined letter ("&&" is a plain ampersand)."""
    return QKeySequence.mnemonic(text).toString().removeprefix("Alt+")


def opened(qtbot, db: Database, dana_json, name: str) -> QDialog:  # type: ignore[no-untyped-def]
    dialog = opened_on_a_long_name(db, dana_json, name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def takes(widget: QWidget) -> QWidget:
    """Where focus lands when `widget` is focused: the end of its chain of focus proxies."""
    proxy = widget.focusProxy()
    return widget if proxy is None else takes(proxy)


def alt(letter: str, fallback: QWidget | None = None) -> None:
    """Press Alt+`letter` where the keyboard focus is (else on `fallback`)."""
    target = QApplication.focusWidget() or fallback
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_each_underlined_letter_reaches_its_field(qtbot, db, dana_json, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, db, dana_json, name)
    labels = [label for label in dialog.findChildren(QLabel) if label.isVisible() and label.buddy() is not None]
    buttons = [button for button in dialog.findChildren(QAbstractButton) if button.isVisible()]
    texts = [label.text() for label in labels] + [button.text() for button in buttons]
    letters = Counter(mnemonic(text) for text in texts if mnemonic(text))
    twice = sorted(letter for letter, count in letters.items() if count > 1)
    assert not twice, f"{name}: Alt+{twice} is underlined on more than one control"
    for label in labels:
        letter = mnemonic(label.text())
        buddy = label.buddy()
        if not letter or buddy is None or not buddy.isEnabled():
            continue
        alt(letter, dialog)
        assert QApplication.focusWidget() is takes(buddy), f"{name}: Alt+{letter} ({label.text()!r}) missed its field"


def test_in_the_call_dialog_alt_f_reaches_the_follow_up_and_alt_s_saves(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    key = people.list_people(db)[0].key
    before = len(people.load_person(db, key).calls)
    dialog = CallDialog(db, Changes(), key)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    follow_up = (date.today() + timedelta(days=10)).isoformat()
    try:
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).text() == "&Save"
        organization = dialog.organization.lineEdit()
        assert organization is not None  # an editable box
        QTest.keyClicks(organization, "Express Scripts")
        alt("f")
        assert QApplication.focusWidget() is dialog.follow_up.edit
        QTest.keyClicks(dialog.follow_up.edit, follow_up)
        with qtbot.waitSignal(dialog.accepted):
            alt("s")
    finally:
        dialog.mark_unchanged()  # a failure above must not leave a "Discard?" question blocking the run
    saved = people.load_person(db, key).calls
    assert len(saved) == before + 1
    assert any(c.organization == "Express Scripts" and str(c.follow_up) == follow_up for c in saved)


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_enter_never_means_cancel(qtbot, db, dana_json, name: str) -> None:  # type: ignore[no-untyped-def]
    """Enter in a field goes to the dialog's default button: it may save, make or close, never throw away."""
    dialog = opened(qtbot, db, dana_json, name)
    fields = [w for w in dialog.findChildren(QLineEdit) if w.isVisible() and w.isEnabled() and not w.isReadOnly()]
    if fields:
        fields[0].setFocus()
    default = [b for b in dialog.findChildren(QPushButton) if b.isVisible() and b.isDefault()]
    for box in dialog.findChildren(QDialogButtonBox):
        for button in default:
            if box.buttonRole(button) != QDialogButtonBox.ButtonRole.InvalidRole:
                assert box.buttonRole(button) != QDialogButtonBox.ButtonRole.RejectRole or button.text() in (
                    "Close",
                    "&Close",
                ), f"{name}: Enter presses {button.text()!r}"


def test_enter_in_the_call_log_export_saves_the_csv(qtbot, db, dana_json, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    person = people.load_person(db, people.list_people(db)[0].key)
    target = tmp_path / "calls.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    dialog = CallLogDialog(db, person, today=date(2023, 2, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.csv_button.setFocus()
    QTest.keyClick(dialog.csv_button, Qt.Key.Key_Space)  # CSV chosen by keyboard
    dialog.since_edit.setFocus()
    QTest.keyClicks(dialog.since_edit.edit, "2023-01-01")
    QTest.keyClick(dialog.since_edit.edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved_to == target
    assert target.read_text(encoding="utf-8-sig").count("\n") >= 2  # a header and the calls
