"""A person who cannot see the screen well: every control is named to a screen reader, a table reads the row
reached, and the text can be made larger (and stays larger) without anything lying over anything else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from tests.gui.accessibility import controls, unnamed
from tests.gui.conftest import settle
from tests.gui.conftest import shown_window as open_window
from tests.gui.every_dialog import OPENERS, Record, dana_record, dialog_classes
from triallog.gui import tones
from triallog.gui.models.due_table import Column
from triallog.gui.text_size import NORMAL, apply_text_size
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")


@pytest.fixture(autouse=True)
def normal_text_afterwards() -> Iterator[None]:
    """The text size belongs to the application: the next test starts at the desktop's own size."""
    yield
    apply_text_size(NORMAL)


@pytest.fixture
def dana(db: Database, dana_json: Path) -> Record:
    return dana_record(db, dana_json)


def show_dialog(qtbot, name: str, dana: Record) -> QDialog:  # type: ignore[no-untyped-def]
    dialog = OPENERS[name](dana)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # A window manager keeps a window at least as large as its layout's minimum; the test platform does not.
    dialog.resize(dialog.size().expandedTo(dialog.minimumSizeHint()))
    return dialog


# -- named controls --------------------------------------------------------------------


def test_every_dialog_class_has_an_opener() -> None:
    missing = dialog_classes() - set(OPENERS)
    assert not missing, f"tell tests/gui/every_dialog.py how to open {sorted(missing)}, so that it is checked too"


def test_every_page_of_the_window_names_every_control(qtbot, db: Database, dana: Record) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    problems = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(qtbot, window)
        problems[window.tabs.tabText(index)] = unnamed(window)
    window.tabs.setCurrentWidget(window.cases)  # with the case's page shown in full
    window.cases.table.selectRow(0)
    problems["Cases, a case chosen"] = unnamed(window)

    assert all(not found for found in problems.values()), problems
    found = controls(window)
    assert {"Cases", "Person shown", "Log a call…"} <= {c.name for c in found}


def test_the_welcome_page_names_every_control(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)

    assert window.stack.currentWidget() is window.welcome
    assert unnamed(window) == []


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_every_dialog_names_every_control(qtbot, dana: Record, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = show_dialog(qtbot, name, dana)

    assert unnamed(dialog) == []
    assert controls(dialog), "the walk found nothing at all: the dialog is not in the accessibility tree"
    dialog.done(0)


def test_a_field_is_named_after_its_label_even_where_qt_would_not(qtbot, dana: Record) -> None:  # type: ignore[no-untyped-def]
    """A date field is a line edit inside a box, and an editable combo box types into a line of its own:
    each is said with its label, and a date says how it reads."""
    dialog = show_dialog(qtbot, "TrialDialog", dana)
    by_name = {(c.role, c.name): c for c in controls(dialog)}

    start = by_name[("EditableText", "Start")]
    assert start.description == "February 2020 (month only)"
    assert ("ComboBox", "Route") in by_name and ("EditableText", "Route") in by_name
    assert ("EditableText", "Code (ICD-10-CM)") in by_name
    dialog.done(0)


# -- tables -----------------------------------------------------------------------------


def test_a_table_reads_the_whole_row_it_moves_to(qtbot, db: Database, dana: Record) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    window.tabs.setCurrentWidget(window.trials)
    settle(qtbot, window)
    table = window.trials.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Down)

    cell = QAccessible.queryAccessibleInterface(table).focusChild()
    assert cell is not None
    assert cell.tableCellInterface().rowIndex() == 1
    shown = [table.model().index(1, column).data() for column in range(table.model().columnCount())]
    said = cell.text(QAccessible.Text.Description)
    assert all(text in said for text in shown if text), (said, shown)
    assert said.startswith("Drug: ")  # each value named by its column
    assert cell.text(QAccessible.Text.Name).split(":")[0] in window.trials.model.headers


# -- larger text ------------------------------------------------------------------------


def test_larger_text_from_the_view_menu_scales_every_font_and_is_remembered(  # type: ignore[no-untyped-def]
    qtbot, db: Database, dana: Record
) -> None:
    window = open_window(qtbot, db)
    text = QApplication.font().pointSizeF()
    heading = window.overview.name.font().pointSizeF()  # a heading made larger on purpose
    assert window.text_size_actions[NORMAL].isChecked()

    window.text_size_actions[150].trigger()

    assert QApplication.font().pointSizeF() == pytest.approx(text * 1.5)
    assert window.overview.name.font().pointSizeF() == pytest.approx(heading * 1.5)
    plain = next(label for label in window.overview.findChildren(QLabel) if not label.testAttribute(
        Qt.WidgetAttribute.WA_SetFont))  # fmt: skip
    qtbot.waitUntil(lambda: plain.font().pointSizeF() == pytest.approx(text * 1.5))  # the font follows at once
    assert window.text_size_actions[150].isChecked()
    window.close()

    apply_text_size(NORMAL)  # as a new start would find it
    again = open_window(qtbot, db)
    assert QApplication.font().pointSizeF() == pytest.approx(text * 1.5)
    assert again.overview.name.font().pointSizeF() == pytest.approx(heading * 1.5)
    assert again.text_size_actions[150].isChecked()


def test_larger_text_reaches_the_notices_drawn_under_a_style_sheet(qtbot, db: Database, dana: Record) -> None:  # type: ignore[no-untyped-def]
    """The start notice (a style sheet of its own) grows with the rest, not only the plain pages."""
    window = open_window(qtbot, db)
    assert window.due_notice.isVisible()  # Dana's case is long overdue
    before = window.due_notice.details.fontInfo().pointSizeF()

    window.text_size_actions[150].trigger()

    qtbot.waitUntil(lambda: window.due_notice.details.fontInfo().pointSizeF() == pytest.approx(before * 1.5, rel=0.1))


def test_ctrl_plus_and_ctrl_minus_step_the_text_size(qtbot, db: Database, dana: Record) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    text = QApplication.font().pointSizeF()

    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(text * 1.25)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # + without Shift
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # no larger than the largest
    assert QApplication.font().pointSizeF() == pytest.approx(text * 1.5)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(text * 1.25)
    assert window.statusBar().currentMessage() == "Text size: 125 %."


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_the_window_at_150_percent_shows_every_page(qtbot, db: Database, dana: Record, size) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db, size)
    window.set_text_size(150)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(qtbot, window)
        window.grab().save(str(SHOTS / f"text-150-{size[0]}x{size[1]}-tab{index}.png"))
        page = window.tabs.currentWidget()
        assert page.minimumSizeHint().width() <= window.tabs.width(), window.tabs.tabText(index)
    assert window.minimumSizeHint().height() <= size[1]


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_every_dialog_at_150_percent_has_room_for_its_lines(qtbot, dana: Record, name: str) -> None:  # type: ignore[no-untyped-def]
    """Wrapped lines take more rows in larger text: the dialog grows (or its middle scrolls) rather than
    laying one row over another."""
    apply_text_size(150)
    dialog = show_dialog(qtbot, name, dana)
    layout = dialog.layout()
    assert layout is not None

    needed = layout.minimumHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else 0
    assert needed <= dialog.height(), f"{name} is {dialog.height()} px tall but its lines need {needed}"
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"text-150-{name}.png"))
    dialog.done(0)


# -- never by colour alone ----------------------------------------------------------------


def test_what_a_row_s_colour_means_is_also_said_in_words(qtbot, db: Database, dana: Record) -> None:  # type: ignore[no-untyped-def]
    """An overdue row is a calm red and a row due soon a pale yellow; each also says so in words, which a
    screen reader reads with the row and a person who cannot tell the colours apart reads on screen."""
    window = open_window(qtbot, db)
    window.due.fixed_today = date(2023, 2, 1)  # the follow-up of Jan 30 is late; the decision of Feb 9 is near
    window.due.refresh()
    model = window.due.model
    said = {}
    for row in range(model.rowCount()):
        index = model.index(row, Column.WHEN)
        colour = index.data(Qt.ItemDataRole.BackgroundRole).color().name()
        said[colour] = (index.data(), index.data(Qt.ItemDataRole.AccessibleDescriptionRole))

    assert {colour: text for colour, (text, _) in said.items()} == {
        tones.OVERDUE_PAPER: "Overdue by 2 days",
        tones.SOON_PAPER: "In 8 days",
    }
    assert all(f"Status: {text}" in description for text, description in said.values())
