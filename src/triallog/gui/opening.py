"""When the records cannot be opened at start: say why, and offer what can be done (restore, save, quit).

A damaged, empty or unreadable file is never replaced without the person's word: they may restore the
newest good backup (the file is kept aside, not deleted), save what can still be read to an exchange
file, or quit. Any other storage problem (busy, full, read-only, not allowed, shared folder) is said
plainly, and TrialLog quits with status 3, as the command line does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from triallog.gui.errors import describe, show_failure
from triallog.gui.models.backup_table import people_text, taken_text, trials_text
from triallog.services.backups import Backup, newest_good_backup, restore, salvage_to
from triallog.storage.lock import FolderLock
from triallog.storage.problems import Kind, StorageProblem

#: problems that a backup (or saving what is left) can get the person past
RECOVERABLE = (Kind.DAMAGED, Kind.EMPTY, Kind.UNREADABLE)
CANNOT_OPEN = "TrialLog cannot open your records"
STORAGE_EXIT, BUG_EXIT = 3, 1
#: QMessageBox sizes itself narrowly; a path and what to do read better on wider lines
WIDE = "QLabel#qt_msgbox_informativelabel { min-width: 460px; }"


def backup_summary(backup: Backup) -> str:
    """`Sat 5 Dec 2026, 9:15 AM, 2 people, 9 trials`."""
    return f"{taken_text(backup.taken)}, {people_text(backup.people)}, {trials_text(backup.trials)}"


def what_happened(problem: StorageProblem) -> str:
    """The problem's message without its advice for the command line (the window offers buttons instead)."""
    return problem.what


def ask_restore(parent: QWidget | None, backup: Backup, current: str) -> bool:
    """Confirm a restore in plain words: what comes back, what is kept aside, what is not in the backup."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore this backup?")
    box.setText(f"Restore the backup of {taken_text(backup.taken)}?")
    box.setInformativeText(
        f"It holds {people_text(backup.people)} and {trials_text(backup.trials)}. {current} "
        "is kept aside in the backups folder, not deleted. Anything entered after the backup was taken "
        "is not in it."
    )
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is restore


@dataclass(frozen=True)
class Saved:
    path: Path | None
    names: list[str]
    lost: list[str]


def save_what_can_be_read(folder: Path, target: Path) -> Saved:
    """Everyone who can still be read from the damaged file, written to `target` as an exchange file."""
    found = salvage_to(folder, target, replace=True, write_empty=False)  # the file dialog asked about replacing
    if not found.people:
        return Saved(None, [], found.lost)
    return Saved(target, [person.name for person in found.people], found.lost)


def offer_salvage(parent: QWidget | None, folder: Path) -> None:
    """Ask where to save, save, and say who was saved and what could not be read."""
    suggested = Path.home() / f"triallog-saved-{date.today().isoformat()}.json"
    path, _ = QFileDialog.getSaveFileName(parent, "Save what can be read", str(suggested), "JSON file (*.json)")
    if not path:
        return
    target = Path(path if path.lower().endswith(".json") else path + ".json")
    try:
        saved = save_what_can_be_read(folder, target)
    except Exception as error:  # a damaged file fails in many ways: each is said, none is a traceback
        failure = describe(folder, error, "Nothing could be saved")
        QMessageBox.warning(parent, "Nothing could be saved", failure.text)
        return
    lost = f" Could not be read: {'; '.join(saved.lost)}." if saved.lost else ""
    if saved.path is None:
        QMessageBox.warning(
            parent, "Nothing could be read", f"Nothing could be read from the damaged file, so nothing was saved.{lost}"
        )
        return
    QMessageBox.information(
        parent,
        "Saved what could be read",
        f"Saved {people_text(len(saved.names))} ({', '.join(saved.names)}) to {saved.path}.{lost} "
        "Keep this file: it can be imported into TrialLog later (File ▸ Import a record…).",
    )


def ask_about_damage(parent: QWidget | None, problem: StorageProblem, good: Backup | None) -> str:
    """ "restore", "salvage" or "quit": what to do about a file that cannot be used."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(CANNOT_OPEN)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Your records could not be opened.")
    readable = problem.kind is not Kind.EMPTY  # an empty file holds nothing to save
    if good is not None:
        advice = "The newest good backup can be restored in its place; this file is then kept aside, not deleted."
        advice += " You can also first save what can still be read from it." if readable else ""
    elif readable:
        advice = "No good backup was found. You can save what can still be read from it, to import later."
    else:
        advice = (
            "No good backup was found, and the file holds nothing to save. To start again with no records, "
            f"move the file {problem.path} out of its folder, then open TrialLog again."
        )
    box.setInformativeText(f"{what_happened(problem)}\n\n{advice}")
    box.setStyleSheet(WIDE)
    restore = None
    if good is not None:
        restore = box.addButton(
            f"Restore the newest good backup ({backup_summary(good)})", QMessageBox.ButtonRole.AcceptRole
        )
    salvage_button = box.addButton("Save what can be read…", QMessageBox.ButtonRole.ActionRole) if readable else None
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or salvage_button or quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    if salvage_button is not None and clicked is salvage_button:
        return "salvage"
    return "quit"


def say_cannot_open(parent: QWidget | None, folder: Path, error: BaseException) -> int:
    """A problem no button can solve: say it, and give the exit status (3: storage, 1: a bug)."""
    failure = describe(folder, error, CANNOT_OPEN)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(CANNOT_OPEN if failure.problem is not None else failure.title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Your records could not be opened.")
    box.setInformativeText(failure.text)
    box.setStyleSheet(WIDE)
    box.addButton("Quit", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return STORAGE_EXIT if failure.problem is not None else BUG_EXIT


def restore_holding(folder: Path, backup: Path, lock: FolderLock | None) -> Path | None:
    """`services.backups.restore`, with this window's own hold on the folder let go meanwhile (a restore
    takes the folder itself, and an OS lock is not shared even within one program). Returns where the
    records it replaced were kept."""
    if lock is not None:
        lock.release()
    try:
        return restore(folder, backup)
    finally:
        if lock is not None and not lock.acquire():
            raise StorageProblem(
                Kind.LOCKED,
                "Another TrialLog window opened your records while the backup was being restored. "
                "Close this window and use that one.",
                folder,
            )


def settle_open_failure(
    parent: QWidget | None, folder: Path, error: BaseException, lock: FolderLock | None, reopen: Callable[[], None]
) -> int | None:
    """The records could not be opened: offer what can be done. None when a backup was restored and
    `reopen()` was called; else the exit status."""
    if not (isinstance(error, StorageProblem) and error.kind in RECOVERABLE):
        return say_cannot_open(parent, folder, error)
    while True:
        good = newest_good_backup(folder)
        choice = ask_about_damage(parent, error, good)
        if choice == "quit":
            return STORAGE_EXIT
        if choice == "salvage":
            offer_salvage(parent, folder)
            continue
        assert good is not None
        if not ask_restore(parent, good, "The file that could not be opened"):
            continue
        try:
            restore_holding(folder, good.path, lock)
        except Exception as failed:
            show_failure(parent, folder, failed, "The backup was not restored")
            continue
        reopen()
        return None
