"""At start, what is overdue or due within a few days is said first, calmly, above the record: what and
for whom, with a way to the Due page. Where the desktop has a tray, a notification says it too."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.tones import BANNER_EDGE, BANNER_INK, BANNER_PAPER, PRESSING_MARK
from triallog.gui.widgets.labels import heading_label, text_label
from triallog.services.today import StartNotice

# A soft yellow with dark text (as the read-only banner): noticed, never alarming.
NOTICE_STYLE = (
    f"QFrame#due-notice {{ background: {BANNER_PAPER}; border: 1px solid {BANNER_EDGE};"
    f" border-left: 5px solid {PRESSING_MARK}; border-radius: 4px; }}"
    f" QFrame#due-notice QLabel {{ color: {BANNER_INK}; background: transparent; }}"
)
#: how long the desktop shows its notification, in milliseconds
NOTIFICATION_MS = 15000


class DueNotice(QFrame):
    """`say(notice)` shows what is pressing (None hides it); `show_requested` asks for the Due page."""

    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due-notice")
        self.setStyleSheet(NOTICE_STYLE)
        self.headline = heading_label("")
        self.details = text_label()
        self.show_button = QPushButton("Show &what is due")
        self.show_button.clicked.connect(self.show_requested)
        self.dismiss_button = QPushButton("Hide this notice")
        self.dismiss_button.clicked.connect(self.hide)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.headline)
        words.addWidget(self.details)
        buttons = QVBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.addLayout(words, 1)
        row.addLayout(buttons)
        self.notice: StartNotice | None = None
        self.hide()

    def say(self, notice: StartNotice | None) -> None:
        self.notice = notice
        if notice is None:
            self.hide()
            return
        self.headline.setText(notice.headline)
        self.details.setText("\n".join(notice.lines))
        self.setAccessibleName(notice.headline)
        # What a screen reader reads with the button that has the keyboard at start.
        self.show_button.setAccessibleDescription(notice.text)
        self.show()


def notify_desktop(window: QWidget, notice: StartNotice, tray: QSystemTrayIcon | None) -> QSystemTrayIcon | None:
    """Say the notice on the desktop too, where it has a tray: the headline and for whom, not what (a
    desktop keeps its notifications where others may read them). The tray icon stays while the window
    is open; it is returned, to hide when the window closes. None where there is no tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    if tray is None:
        icon = window.windowIcon()
        if icon.isNull():
            icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        tray = QSystemTrayIcon(icon, window)
        tray.setToolTip("TrialLog")
    tray.show()
    whom = f"For {_joined(list(notice.people))}. " if notice.people else ""
    tray.showMessage(
        f"TrialLog: {notice.headline}",
        f"{whom}Open TrialLog to see what to do.",
        QSystemTrayIcon.MessageIcon.Information,
        NOTIFICATION_MS,
    )
    return tray


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
