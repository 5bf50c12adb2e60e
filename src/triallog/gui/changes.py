"""One signal hub: a service call that changed data says so once, and every view refreshes itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Changes(QObject):
    """`people` fires when people were added, renamed or removed; `person(key)` when one record changed."""

    people = Signal()
    person = Signal(str)
