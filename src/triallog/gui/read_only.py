"""A read-only window (another window holds the records) offers nothing that would change them.

What changes the records is not shown at all; a form that would, opened some other way (a double click,
a shortcut), says why not before anything is typed; and the database itself refuses any write, which
`errors.show_failure` then explains in the same words.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

READ_ONLY_TITLE = "This window is read-only"
READ_ONLY_TEXT = (
    "Your records are open in another TrialLog window, so this one only shows them. "
    "Nothing was changed. Make changes in the other window."
)


def is_read_only(db: object) -> bool:
    return bool(getattr(db, "read_only", False))


def hide_when_read_only(db: object, *widgets: QWidget) -> None:
    """Buttons that change the records are not offered in a read-only window."""
    if is_read_only(db):
        for widget in widgets:
            widget.hide()


def refuse_read_only(parent: QWidget | None) -> None:
    """A read-only window was asked to change the records: say why not."""
    QMessageBox.information(parent, READ_ONLY_TITLE, READ_ONLY_TEXT)


def refused(dialog: QDialog, db: object) -> bool:
    """A form that would change the records, about to open in a read-only window: say why not instead,
    and close it unseen. `FormDialog` calls it from `exec` and `open`; True when it was refused."""
    if not is_read_only(db):
        return False
    refuse_read_only(dialog.parentWidget())
    dialog.done(QDialog.DialogCode.Rejected)
    return True


def close_if_read_only(dialog: QDialog, db: object) -> bool:
    """The same for a form shown some other way (`show()`): say why not, before anything is typed, and
    close it. `FormDialog` calls it from `showEvent`; True when it is being closed."""
    if not is_read_only(db):
        return False

    def refuse() -> None:
        refuse_read_only(dialog.parentWidget() or dialog)
        dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, dialog, refuse)
    return True
