"""How much of the screen a window may take: dialogs and the main window are sized within it.

A caregiver's laptop may be 1024×700, or the window may be reopened on a smaller screen than the
one it was closed on: whatever a window asks for is held to the room the screen has, frame included.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: what the window manager adds around a window: borders, and a title bar above it
FRAME = QSize(8, 40)
#: the least room a title bar needs above a window, for it to be moved with the mouse
TITLE_BAR = 24
#: the share of the screen a window opens at when what it asked for, or had, does not fit
COMFORTABLE = 0.9


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen (else the main one) that windows may use: no panel, no dock.

    A window not yet shown is on the screen its restored place is on, if that screen is still there."""
    screen = QGuiApplication.screenAt(widget.geometry().center()) if widget.isWindow() else None
    screen = screen or widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def room_for(widget: QWidget) -> QSize:
    """The largest size the widget's contents may take and still be seen whole, frame and title bar included."""
    room = available(widget).size()
    return QSize(max(room.width() - FRAME.width(), 0), max(room.height() - FRAME.height(), 0))


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width×height, or less where the screen is smaller; never below what the widget needs."""
    wanted = QSize(width, height).expandedTo(widget.minimumSizeHint()).boundedTo(room_for(widget))
    widget.resize(wanted)


def fits_on_screen(window: QWidget) -> bool:
    """Whether the window lies inside its screen's available room, with room above it for a title bar."""
    return available(window).contains(window.geometry().adjusted(0, -TITLE_BAR, 0, 0))


def centre_comfortably(window: QWidget, width: int, height: int) -> None:
    """width×height, at most a comfortable share of the screen, centred on it."""
    room = available(window)
    window.resize(
        min(width, int(room.width() * COMFORTABLE)),
        min(height, int(room.height() * COMFORTABLE)),
    )
    frame = window.frameGeometry()
    frame.moveCenter(room.center())
    window.move(frame.topLeft())
