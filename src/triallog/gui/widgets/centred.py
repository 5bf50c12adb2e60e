"""A page's card of wrapped text and buttons, centred in whatever room the page has."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


def centre_card(page: QWidget, card: QWidget) -> None:
    """Lay `card` (of a fixed width) out in the middle of `page`, a little above half-way.

    Centred by stretches, not by alignment: an aligned widget gets its plain size hint, which ignores how
    tall its wrapped paragraphs need to be, and their last line is cut off."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(2)
    outer.addLayout(row)
    outer.addStretch(3)
