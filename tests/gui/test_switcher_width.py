"""The person switcher shows a long name whole, and the buttons beside it stay on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

from tests.factories import make_person
from tests.gui.test_data_flow import open_window
from triallog.services import people

LONG = "Maria-Theresa Okonkwo-Villanueva de la Cruz-Hernández"


def text_room(combo: QComboBox) -> int:
    """How wide the name shown in the closed box may be, beside its arrow and inside its frame."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def test_the_switcher_widens_for_a_long_name_and_keeps_the_buttons_in_sight(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    people.add_person(db, make_person("Ana Lima"))
    window = open_window(qtbot, db)
    combo = window.switcher.combo
    short_width = combo.width()
    key = people.add_person(db, make_person(LONG)).new_key or ""
    window.switcher.reload(select=key)
    qtbot.waitUntil(lambda: combo.currentText() == LONG)
    qtbot.waitUntil(lambda: combo.width() > short_width)
    window.grab().save("/tmp/gui-shots/switcher-long-name.png")
    # the whole name fits in the box (beside its arrow), and every button of the row is inside the window
    assert text_room(combo) >= combo.fontMetrics().horizontalAdvance(LONG)
    for button in (window.switcher.remove_button, window.log_call_button):
        right = button.mapTo(window, button.rect().topRight()).x()
        assert right <= window.width(), f"{button.text()!r} off the window"
    # the open list shows every name whole
    assert combo.view().minimumWidth() >= combo.view().sizeHintForColumn(0)


def test_a_name_longer_than_any_sensible_box_leaves_the_window_its_size(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    people.add_person(db, make_person(" ".join([LONG] * 3)))
    window = open_window(qtbot, db)
    assert window.minimumSizeHint().width() <= 1024
