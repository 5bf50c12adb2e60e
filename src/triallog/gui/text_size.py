"""Larger text: one setting scales every font of the window and its dialogs, at once and from the next start.

The sizes are steps of the computer's own text size (100 % is what the desktop chose). Fonts that follow
the application's font follow by themselves; a heading made larger on purpose keeps its proportion, and
so does a kind of widget the desktop gives a font of its own (a menu, a tooltip, the status bar).
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from triallog.gui.screen_room import available, room_for

#: the sizes offered, in percent of the desktop's own text size
TEXT_SIZES = (100, 125, 150)
NORMAL = 100
SIZE_NAMES = {100: "&Normal", 125: "&Larger (125 %)", 150: "L&argest (150 %)"}
#: the kinds of widget a desktop may give a font of their own (Qt's platform theme fonts)
OWN_FONT_CLASSES = (
    "QMenu",
    "QMenuBar",
    "QMessageBoxLabel",
    "QLabel",
    "QTipLabel",
    "QStatusBar",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QToolButton",
    "QAbstractItemView",
    "QListView",
    "QHeaderView",
    "QComboMenuItem",
    "QComboLineEdit",
    "QGroupBox",
    "QTabBar",
    "QPlainTextEdit",
    "QTextEdit",
    "QLineEdit",
)
#: the title bar and a desktop's panel, beside a dialog whose middle scrolls
FRAME_ROOM = 100
#: how much wider a dialog too tall for the screen tries at a time
WIDER = 40
QWIDGETSIZE_MAX = (1 << 24) - 1
_SIZE_SET = 0x0002  # QFont::SizeResolved: the font's size was chosen, not inherited


class _Fonts:
    """The desktop's fonts as they were before TrialLog changed any, and the size shown now.

    (Not a dataclass, and no `Qt` at import: this module loads before the first paint, and each costs time.)"""

    def __init__(self, default: QFont, own: dict[str, QFont]) -> None:
        self.default, self.own = default, own
        self.percent = NORMAL


_desktop: _Fonts | None = None


def nearest_size(percent: object) -> int:
    """A size read back from the settings, as one of TEXT_SIZES (anything unreadable is 100 %)."""
    try:
        wanted = int(str(percent))
    except ValueError:
        return NORMAL
    return min(TEXT_SIZES, key=lambda size: abs(size - wanted))


def current_size() -> int:
    return _desktop.percent if _desktop is not None else NORMAL


def apply_text_size(percent: int) -> None:
    """Show every font at `percent` of the desktop's own size, in every window open now and opened later."""
    global _desktop
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _desktop is None:
        if percent == NORMAL:
            return  # nothing to change, and nothing to remember yet
        default = app.font()
        # PySide6 takes a class's name as str; its stubs say bytes, which it refuses
        own = {name: QFont(app.font(name)) for name in OWN_FONT_CLASSES}  # type: ignore[call-overload]
        _desktop = _Fonts(QFont(default), {name: font for name, font in own.items() if font != default})
    if percent == _desktop.percent:
        return
    from PySide6.QtCore import Qt  # only once someone chose another size: the first `Qt` costs start-up time

    ratio = percent / _desktop.percent
    QApplication.setFont(_scaled(_desktop.default, percent / NORMAL))
    for name, font in _desktop.own.items():
        QApplication.setFont(_scaled(font, percent / NORMAL), name)  # type: ignore[arg-type]
    # A font set on a widget with a size of its own (a heading) does not follow the application's.
    # A widget under a style sheet (a banner, a notice) took its font when the sheet was applied: the sheet
    # is applied again, so that it and what it holds take the new size too.
    for widget in QApplication.allWidgets():
        if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and widget.font().resolveMask() & _SIZE_SET:
            widget.setFont(_scaled(widget.font(), ratio))
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
    _desktop.percent = percent


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    else:  # a font given in pixels
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return scaled


def fit_height(dialog: QWidget) -> None:
    """Never shorter than its wrapped lines need at its width (they take more lines in larger text), so that
    no row lies over another; wider, up to the screen's width, where the screen is not tall enough."""
    layout = dialog.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    width = dialog.width()
    needed = layout.minimumHeightForWidth(width)
    room = room_for(dialog)
    tall = room.height()
    while needed > tall and width + WIDER <= room.width():
        width += WIDER
        needed = layout.minimumHeightForWidth(width)
    needed = min(needed, tall)
    if needed > dialog.minimumHeight():
        dialog.setMinimumHeight(needed)
    if needed > dialog.height() or width > dialog.width():
        dialog.resize(width, max(needed, dialog.height()))


def fit_scroll(dialog: QWidget, scroll: QScrollArea, least: int = 220) -> None:
    """The part of `dialog` that scrolls as tall as what it holds, as far as the screen has room for it
    beside the rest of the dialog (measured: larger text leaves it less). Call before the dialog shows."""
    content, layout = scroll.widget(), dialog.layout()
    if content is None or layout is None:
        return
    content.ensurePolished()
    scroll.setMinimumHeight(0)
    width = max(dialog.width(), dialog.minimumWidth())
    rest = layout.minimumHeightForWidth(width) - scroll.minimumSizeHint().height()
    room = available(dialog).height() - rest - FRAME_ROOM
    scroll.setMinimumHeight(max(least, min(content.sizeHint().height() + 4, room)))
    tall = room_for(dialog).height()
    # The rest's lines wrap differently once laid out: measure again, and give back what overflows the screen.
    over = max(layout.minimumHeightForWidth(width), dialog.minimumSizeHint().height()) - tall
    if over > 0:
        scroll.setMinimumHeight(max(least, scroll.minimumHeight() - over))
    # a size given before (or Qt's own guess) never takes it past the screen
    if dialog.height() > tall:
        dialog.resize(dialog.width(), tall)
