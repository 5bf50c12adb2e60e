"""The first thing a new user sees: what TrialLog is for, and three ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from triallog.gui.widgets.centred import centre_card
from triallog.gui.widgets.labels import scaled_font


class EmptyState(QWidget):
    add_requested = Signal()
    import_requested = Signal()
    sample_requested = Signal()
    protect_requested = Signal()

    def __init__(self, parent: QWidget | None = None, read_only: bool = False) -> None:
        super().__init__(parent)
        heading = QLabel("Welcome to TrialLog")
        heading.setFont(scaled_font(self, 2.0))
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        about = QLabel(
            "TrialLog keeps a dated record of the medicines someone has tried: when, at what dose, "
            "what happened and under which insurance plan. When a plan asks you to try other drugs first, "
            "that record is the proof you need to ask for an exception."
        )
        private = QLabel("Everything stays on this computer unless you export it.")
        for label in (about, private):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.add_button = QPushButton("Add a person")
        self.add_button.setDefault(True)
        self.add_button.setAutoDefault(True)
        self.import_button = QPushButton("Import a record…")
        self.sample_button = QPushButton("Open the sample record")
        self.sample_button.setToolTip("A made-up person with example trials, plans and calls. Remove it any time.")
        sample_note = QLabel("The sample is a made-up person to look around with; remove it any time.")
        sample_note.setWordWrap(True)
        sample_note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for button in (self.add_button, self.import_button, self.sample_button):
            button.setMinimumHeight(button.sizeHint().height() + 10)  # large, easy targets
            button.setAutoDefault(True)  # Enter presses whichever button has the keyboard focus
        self.add_button.clicked.connect(self.add_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.clicked.connect(self.sample_requested)

        card = QWidget()
        # A fixed width lets the wrapped paragraphs compute their height (no clipped last line).
        card.setFixedWidth(540)
        column = QVBoxLayout(card)
        column.setSpacing(10)
        column.addWidget(heading)
        column.addSpacing(6)
        column.addWidget(about)
        column.addWidget(private)
        column.addSpacing(18)
        for button in (self.add_button, self.import_button, self.sample_button):
            button.setFixedWidth(320)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(sample_note)
        # A shared family computer: offered here, before anything private is typed (hidden once protected).
        self.protect_button = QPushButton("Protect with a passphrase…")
        self.protect_button.setAutoDefault(True)
        self.protect_button.setFixedWidth(320)
        self.protect_button.setMinimumHeight(self.protect_button.sizeHint().height() + 10)
        self.protect_button.clicked.connect(self.protect_requested)
        self.protect_note = QLabel("Sharing this computer? A passphrase keeps your records private.")
        self.protect_note.setWordWrap(True)
        self.protect_note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(12)
        column.addWidget(self.protect_note)
        column.addWidget(self.protect_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.offer_protection(not read_only)
        if read_only:  # nothing can be added here: the other window, which can, is named in the banner
            for widget in (self.add_button, self.import_button, self.sample_button, sample_note):
                widget.hide()
            empty = QLabel("No one has been added yet. Add people in the other TrialLog window.")
            empty.setWordWrap(True)
            empty.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(empty)

        centre_card(self, card)
        self.setFocusProxy(self.add_button)

    def offer_protection(self, offered: bool) -> None:
        """Show the offer to protect the records with a passphrase (not once they are, nor read-only)."""
        self.protect_button.setVisible(offered)
        self.protect_note.setVisible(offered)
