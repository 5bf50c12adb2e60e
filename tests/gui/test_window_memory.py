"""The window opens as it was left, unless the screen changed: then whole on this screen, centred."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QSize
from PySide6.QtWidgets import QMainWindow

from triallog.gui.screen_room import TITLE_BAR, available
from triallog.gui.settings import DEFAULT_SIZE, WindowMemory


def closed_at(qtbot, folder: Path, size: tuple[int, int], place: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """A window of `size` at `place` was closed last time (on whatever screen that was)."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.move(*place)
    window.show()
    qtbot.waitExposed(window)
    WindowMemory(folder).save_geometry(window)
    window.close()


def reopened(qtbot, folder: Path) -> QMainWindow:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    WindowMemory(folder).restore_geometry(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def whole_on_screen(window: QMainWindow) -> bool:
    """Every edge on screen, and room above for the title bar to be grabbed."""
    return available(window).contains(window.geometry().adjusted(0, -TITLE_BAR, 0, 0))


def test_a_window_that_still_fits_opens_where_it_was_left(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    closed_at(qtbot, tmp_path, (600, 420), (120, 140))
    window = reopened(qtbot, tmp_path)
    assert window.size() == QSize(600, 420)
    assert abs(window.geometry().x() - 120) < 20 and abs(window.geometry().y() - 140) < 40  # the frame aside


def test_a_window_left_larger_than_this_screen_opens_whole_and_centred(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Closed at 1800×1000 on a large monitor, opened again on a laptop: every edge and the title bar
    on screen, at a comfortable share of it, in the middle, not pinned to a corner."""
    closed_at(qtbot, tmp_path, (1800, 1000), (40, 30))
    window = reopened(qtbot, tmp_path)
    room = available(window)
    assert whole_on_screen(window), f"{window.geometry()} outside {room}"
    assert window.width() >= room.width() * 0.8 and window.height() >= room.height() * 0.75
    assert window.width() <= room.width() * 0.9 and window.height() <= room.height() * 0.9  # not edge to edge
    middle = window.geometry().center() - room.center()
    assert abs(middle.x()) < 20 and abs(middle.y()) < 40


def test_a_window_left_on_a_screen_no_longer_there_comes_back_onto_this_one(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    closed_at(qtbot, tmp_path, (500, 400), (2600, 300))  # on a second monitor to the right, since unplugged
    window = reopened(qtbot, tmp_path)
    assert whole_on_screen(window)


def test_the_first_time_the_window_is_comfortable_and_centred(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = reopened(qtbot, tmp_path)
    room = available(window)
    assert window.width() == min(DEFAULT_SIZE[0], int(room.width() * 0.9))
    assert whole_on_screen(window)


def test_a_damaged_settings_file_falls_back_to_the_default(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    memory = WindowMemory(tmp_path)
    memory.settings.setValue("window/geometry", QByteArray(b"not a geometry"))
    memory.settings.sync()
    window = reopened(qtbot, tmp_path)
    assert whole_on_screen(window) and window.pos() != QPoint(0, 0)
