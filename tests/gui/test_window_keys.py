"""The window by keyboard: Ctrl+1… open the tabs the View menu names, and Ctrl+F finds the shown page's filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.test_data_flow import open_window
from triallog.gui.main_window import with_mnemonic
from triallog.services.transfer import import_path


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def test_the_view_menu_names_every_tab_in_order_and_ctrl_n_opens_it(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = open_window(qtbot, db)
    entries = [action for action in window.view_menu.actions() if not action.isSeparator()]
    tabs = [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())]
    assert [
        action.text().replace("&&", "\0").replace("&", "").replace("\0", "&") for action in entries[: len(tabs)]
    ] == tabs
    letters = [QKeySequence.mnemonic(action.text()).toString() for action in entries]
    assert all(letters) and len(set(letters)) == len(letters), f"each entry its own Alt letter: {letters}"
    for i in reversed(range(min(window.tabs.count(), 9))):
        assert entries[i].shortcut() == QKeySequence(f"Ctrl+{i + 1}")
        QTest.keyClick(
            QApplication.focusWidget() or window, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier
        )
        assert window.tabs.currentIndex() == i, (
            f"Ctrl+{i + 1} opened {window.tabs.tabText(window.tabs.currentIndex())!r}"
        )
        assert entries[i].isEnabled()


def test_menu_letters_go_to_the_first_free_letter() -> None:
    used: set[str] = set()
    assert [with_mnemonic(text, used) for text in ("Today", "Overview", "Plans && prescribers", "Trials", "Due")] == [
        "&Today",
        "&Overview",
        "&Plans && prescribers",
        "T&rials",
        "&Due",
    ]


def test_ctrl_f_finds_the_shown_pages_filter_without_a_click_first(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = open_window(qtbot, db)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for page, box in ((window.trials, window.trials.filter_box), (window.calls, window.calls.search_box)):
        window.tabs.setCurrentWidget(page)
        window.tabs.tabBar().setFocus()  # as after choosing the tab: the tab bar has the focus, not the page
        QTest.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is box, f"Ctrl+F on {page.__class__.__name__}"
    # on a page with no filter, nothing moves
    window.tabs.setCurrentWidget(window.overview)
    window.tabs.tabBar().setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.tabs.tabBar()
