"""The main window: the person switcher over a person's tabs, the welcome page, and the menus.

The window paints before the database opens: SQLAlchemy and the record load only once the
first frame is on screen, so TrialLog appears about as fast as a bare Qt window, then fills in.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from triallog.gui import tones
from triallog.gui.changes import Changes
from triallog.gui.outside_changes import OutsideChanges
from triallog.gui.settings import WindowMemory
from triallog.gui.text_size import SIZE_NAMES, TEXT_SIZES, apply_text_size, current_size, nearest_size
from triallog.gui.workers import JobRunner
from triallog.paths import ensure_private_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from triallog.gui.protection_controls import ProtectionControls
    from triallog.services.backups import Backup
    from triallog.services.changes import Changes as Changed
    from triallog.services.protection import Key
    from triallog.services.transfer import ImportResult
    from triallog.services.workspace import Database
    from triallog.storage.lock import FolderLock

OPEN_FILTER = "TrialLog records (*.triallog *.json);;All files (*)"
SHOWN_PROBLEMS = 12
READ_ONLY_BANNER = (
    "Read-only: your records are open for changes in another TrialLog window. "
    "This window shows them, and catches up when that window saves."
)
BANNER_STYLE = (
    f"background: {tones.BANNER_PAPER}; color: {tones.BANNER_INK}; padding: 6px 12px;"
    f" border-bottom: 1px solid {tones.BANNER_EDGE};"
)
OUTSIDE_NOTE = "Updated with changes made outside this window."
# QMessageBox sizes itself narrowly; a list of problems reads better on wider lines.
WIDE_MESSAGE = "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 460px; }"
ITEM_WORDS = {
    "people": "person",
    "coverages": "plan",
    "prescribers": "prescriber",
    "trials": "trial",
    "side_effects": "side effect",
    "measurements": "measurement",
    "measure_definitions": "measure",
    "cases": "case",
    "events": "status",
    "calls": "call",
    "documents": "document",
}


class MainWindow(QMainWindow):
    """The window over one data folder.

    Give it an open `db`, or a `data_dir` and an `open_db` callable that it calls once the
    window is on screen. `painted` fires after the first frame (`gui --exit-after-show`),
    `ready` after the first frame that shows the records (`gui --exit-after-load`);
    `failed(message)` when the database is too new to open, `open_problem(error)` when opening it
    failed otherwise (a `StorageProblem`, or a bug). `read_only`: another window holds the folder, so
    this one only shows the records. `lock`: the window's hold on the folder, let go during a restore.
    """

    painted = Signal()
    ready = Signal()
    failed = Signal(str)
    open_problem = Signal(object)

    def __init__(
        self,
        db: Database | None = None,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
        open_db: Callable[[], Database] | None = None,
        read_only: bool = False,
        lock: FolderLock | None = None,
    ) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.changes = Changes(self)
        folder = db.data_dir if db is not None else data_dir
        if folder is None:
            raise ValueError("MainWindow needs a database or the data folder it will open")
        self.data_dir = Path(folder)
        self.read_only = read_only
        self.lock = lock
        #: the key of protected records, once the passphrase was given (`protection_controls`)
        self.key: Key | None = None
        self.protection: ProtectionControls | None = None
        self._open_db = open_db
        self.memory = WindowMemory(ensure_private_dir(Path(folder)))
        apply_text_size(nearest_size(self.memory.text_size()))  # before anything is built or painted
        self.jobs = JobRunner(self)
        self.backup_jobs = JobRunner(self)  # the daily backup never keeps an import waiting
        #: reads the shown person's record once per change, off the window's thread
        self.snapshot_jobs = JobRunner(self)
        self._shown: str | None = None
        self._wanted: str | None = None
        self._asked = 0  # how many reads were asked for: a read overtaken by a newer ask is read again
        self._after_read: list[Callable[[], None]] = []
        #: what changed since the shown person was last read (None: read them whole)
        self._pending: Changed | None = None
        self.outside = OutsideChanges(self, lambda: self.db, lambda: self.jobs.busy)
        self.outside.noticed.connect(self.reload_from_outside)
        self._painted = False
        self._ready = False
        self._menus: list[QMenu] = []
        #: the tray icon that carried the start notice, where the desktop has a tray (hidden at close)
        self.tray: QSystemTrayIcon | None = None
        #: the local server a second TrialLog on this folder asks to show this window (see `one_window`)
        self.window_server: QObject | None = None
        self.setWindowTitle("TrialLog — read-only" if read_only else "TrialLog")
        self.memory.restore_geometry(self)
        self.opening = QLabel("Opening your records…")
        # A style sheet rather than Qt.AlignmentFlag: the first use of `Qt` builds every Qt enum
        # (about 15 ms), and this label is all there is before the first paint.
        self.opening.setStyleSheet("color: palette(mid); qproperty-alignment: AlignCenter;")
        self.setCentralWidget(self.opening)
        if db is not None:
            self.attach(db)
        elif open_db is not None:
            self.painted.connect(lambda: QTimer.singleShot(0, lambda: self._open(open_db)))

    def _open(self, open_db: Callable[[], Database]) -> None:
        # Whatever fails here is said (`failed`, `open_problem`): never an endless "Opening your records…",
        # even when a part of TrialLog itself is missing (a module, a data file a view reads).
        try:
            if not self.controls().unlock_at_start():  # protected records: the passphrase first
                self.close()  # Cancel: TrialLog ends, nothing opened
                return
            db = open_db()
        except Exception as error:
            self._not_opened(error)
            return
        try:
            self.attach(db)
        except Exception as error:
            self.db = None
            db.close()
            self._not_opened(error)
            return
        if not self.read_only:
            self._daily_backup()

    def _not_opened(self, error: Exception) -> None:
        workspace = sys.modules.get("triallog.services.workspace")  # (not imported: the error is not its own)
        if workspace is not None and isinstance(error, workspace.DatabaseTooNew):
            self.failed.emit(str(error))
            return
        with contextlib.suppress(RuntimeError):  # (gone if the views were half built)
            self.opening.setText("Your records could not be opened.")
        self.open_problem.emit(error)  # a storage problem, or a bug: `open_problem` decides what is said

    def open_again(self) -> None:
        """Open the records once more (after a backup was restored in their place)."""
        from triallog.services.workspace import open_workspace

        self._open(self._open_db or (lambda: open_workspace(self.data_dir, read_only=self.read_only, key=self.key)))

    def controls(self) -> ProtectionControls:
        """The passphrase's entries and idle lock (made after the first paint: they cost start-up time)."""
        if self.protection is None:
            from triallog.gui.protection_controls import ProtectionControls

            self.protection = ProtectionControls(self)
        return self.protection

    def forget_views(self) -> None:
        """The records were closed by a lock: nothing may still reach their pages; `attach` builds them anew."""
        self.changes.deleteLater()
        self.changes = Changes(self)
        self._after_read.clear()
        self._shown = None

    def _daily_backup(self) -> None:
        from triallog.services.backups import daily_backup

        db = self.current_db
        self.backup_jobs.start(
            lambda: daily_backup(db),
            lambda _made: None,
            lambda error: _show_failure(self, db, error, "Today's backup was not made"),
        )

    def attach(self, db: Database) -> None:
        """Build the record's views over `db` and show the last person (or the welcome page)."""
        from triallog.gui.views.calendar_offer import CalendarOffer
        from triallog.gui.views.calls_view import CallsView
        from triallog.gui.views.cases_view import CasesView
        from triallog.gui.views.documents_view import DocumentsView
        from triallog.gui.views.due_notice import DueNotice
        from triallog.gui.views.due_view import DueView
        from triallog.gui.views.empty_state import EmptyState
        from triallog.gui.views.measures_view import MeasuresView
        from triallog.gui.views.overview_view import OverviewView
        from triallog.gui.views.people_switcher import PeopleSwitcher
        from triallog.gui.views.plans_view import PlansView
        from triallog.gui.views.today_view import TodayView
        from triallog.gui.views.trials_view import TrialsView

        if self.db is not None:  # attached again (after a restore): the old views must not hear anything
            self.changes.deleteLater()
            self.changes = Changes(self)
            self._after_read.clear()
        self.changes.loader = self._catch_up
        self.db = db
        self.switcher = PeopleSwitcher(db, self.changes)
        self.today = TodayView(db, self.changes)
        self.due_notice = DueNotice()
        self.due_notice.show_requested.connect(self._show_due)
        self.overview = OverviewView(db, self.changes)
        self.plans = PlansView(db, self.changes)
        self.trials = TrialsView(db, self.changes)
        self.measures = MeasuresView(db, self.changes)
        self.cases = CasesView(db, self.changes)
        self.calls = CallsView(db, self.changes)
        self.due = DueView(db, self.changes)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.today, "Today")
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self.plans, "Plans && prescribers")
        self.tabs.addTab(self.trials, "Trials")
        self.tabs.addTab(self.measures, "Measures")
        self.tabs.addTab(self.cases, "Cases")
        self.tabs.addTab(self.calls, "Calls")
        self.documents = DocumentsView(db, self.changes, follow=self.cases)
        self.tabs.addTab(self.documents, "Documents")
        self.tabs.addTab(self.due, "Due — everyone")
        record = self.record_area = QWidget()
        column = QVBoxLayout(record)
        column.setContentsMargins(12, 10, 12, 6)
        column.addWidget(self.due_notice)  # at start, what is pressing is said first
        column.addWidget(self.switcher)
        # From anywhere: a call is logged in a few keystrokes (Ctrl+L) or with this button.
        self.log_call_button = QPushButton("Log a &call…")
        self.log_call_button.clicked.connect(self.log_call)
        self.log_call_button.setVisible(not self.read_only)
        self.switcher.row.addWidget(self.log_call_button)
        self.calendar_offer = CalendarOffer(db, self.changes, today=lambda: self.due.fixed_today)
        self.calendar_offer.requested.connect(self.add_to_calendar)
        column.addWidget(self.calendar_offer)
        column.addWidget(self.tabs, 1)
        self.welcome = EmptyState(read_only=self.read_only)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(record)
        self.setCentralWidget(self._with_banner(self.stack) if self.read_only else self.stack)
        if not self._menus:
            self._build_menus()
            self.jobs.busy_changed.connect(self._busy)
        self._fill_view_menu()

        self.switcher.chosen.connect(self.show_person)
        self.welcome.add_requested.connect(self.switcher.add_person)
        self.welcome.import_requested.connect(self.import_record)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.protect_requested.connect(lambda: self.controls().protect())
        self.overview.edit_profile_requested.connect(self.switcher.edit_profile)
        self.overview.plans_requested.connect(lambda: self.tabs.setCurrentWidget(self.plans))
        self.overview.trials_requested.connect(lambda: self.tabs.setCurrentWidget(self.trials))
        self.due.open_requested.connect(self._open_due)
        self.due.calendar_requested.connect(lambda: self.add_to_calendar(None))
        self.today.open_requested.connect(self._open_from_today)
        self.changes.people.connect(self._update_title)  # after the switcher refilled: a rename shows at once

        self.switcher.reload(select=self.memory.last_person())
        if self.switcher.current_key() is None:
            self.show_person("")
        self._show_due_when_pressing()
        self._say_what_is_pressing()
        self.changes.refreshed.connect(self._recheck_pressing)
        self.outside.start()
        self.controls().refresh()  # the passphrase's entries, the welcome page's offer, the idle lock
        self.update()  # the next frame shows the records: `ready` fires from it

    def _with_banner(self, body: QWidget) -> QWidget:
        """The read-only window says so above everything, in words, not only in its title."""
        self.banner = QLabel(READ_ONLY_BANNER)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAccessibleName("Read-only window")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(body, 1)
        self.statusBar().addPermanentWidget(QLabel("Read-only"))
        return page

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.import_action = self._action(file, "&Import a record…", self.import_record, QKeySequence.StandardKey.Open)
        self.export_action = self._action(file, "&Export…", self.export_records, "Ctrl+E")
        self.sample_action = self._action(file, "Open the &sample record", self.open_sample)
        file.addSeparator()
        self.calendar_action = self._action(file, "Add dates to a ca&lendar…", lambda: self.add_to_calendar(None))
        self.backups_action = self._action(file, "&Backups…", self.show_backups)
        file.addSeparator()
        quit_action = self._action(file, "&Quit", self.close, "Ctrl+Q")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.controls().add_to(file, quit_action)
        person = bar.addMenu("&Person")
        add_person = self._action(person, "&Add person…", lambda: self.switcher.add_person(), "Ctrl+Shift+N")
        self.person_actions = [
            self._action(person, "&Edit profile…", lambda: self.switcher.edit_profile()),
            self._action(person, "&Rename…", lambda: self.switcher.rename()),
            self._action(person, "Re&move…", lambda: self.switcher.remove()),
        ]
        self.person_actions.append(self._action(person, "Add &trial…", self._add_trial, QKeySequence.StandardKey.New))
        self.person_actions.append(self._action(person, "&Log a call…", self.log_call, "Ctrl+L"))
        #: what changes the records: never offered in a read-only window
        self.write_actions = [self.import_action, self.sample_action, add_person, *self.person_actions]
        if self.read_only:
            for action in self.write_actions:
                action.setEnabled(False)
        view = bar.addMenu("&View")
        #: one entry per tab, filled from the tabs themselves (`_fill_view_menu`), above the text sizes
        self.view_menu = view
        self.view_actions: list[QAction] = []
        self.view_separator = view.addSeparator()
        self.text_size_actions = self._text_size_menu(view)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About TrialLog", self.about).setMenuRole(QAction.MenuRole.AboutRole)
        self._menus = [file, person, view, help_menu]

    def _text_size_menu(self, view: QMenu) -> dict[int, QAction]:
        """Larger and smaller text by a step (Ctrl++ and Ctrl+-, as in every program that zooms), or a size chosen."""
        larger = self._action(view, "&Larger text", lambda: self.step_text_size(1), QKeySequence.StandardKey.ZoomIn)
        larger.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])  # + without Shift
        self._action(view, "&Smaller text", lambda: self.step_text_size(-1), QKeySequence.StandardKey.ZoomOut)
        sizes = view.addMenu("Text si&ze")
        group = QActionGroup(self)
        actions: dict[int, QAction] = {}
        for percent in TEXT_SIZES:
            action = self._action(sizes, SIZE_NAMES[percent], lambda _=False, p=percent: self.set_text_size(p))
            action.setCheckable(True)
            group.addAction(action)
            actions[percent] = action
        actions[current_size()].setChecked(True)
        return actions

    def set_text_size(self, percent: int) -> None:
        """Every font at `percent` of the desktop's own text size, now and at every start from this folder."""
        apply_text_size(percent)
        self.memory.set_text_size(percent)
        if self.db is not None:  # every page lays itself out again: column widths and charts follow the text
            from triallog.services.changes import Changes as Changed

            self.changes.announce(Changed.everything())
        self.text_size_actions[percent].setChecked(True)
        self.statusBar().showMessage(f"Text size: {percent} %.", 5000)

    def step_text_size(self, steps: int) -> None:
        at = TEXT_SIZES.index(current_size())
        self.set_text_size(TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, at + steps))])

    def _fill_view_menu(self) -> None:
        """One entry per tab, in the tabs' order and named as they are, so that Ctrl+N opens the Nth tab
        and the menu says which. Filled again whenever the tabs are built (a restore builds them anew)."""
        for action in self.view_actions:
            self.view_menu.removeAction(action)
            self.person_actions.remove(action)
            action.deleteLater()
        self.view_actions = []
        used: set[str] = set()
        for i in range(self.tabs.count()):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else ""
            text = with_mnemonic(self.tabs.tabText(i), used)
            action = self._action(self.view_menu, text, lambda _=False, n=i: self.tabs.setCurrentIndex(n), shortcut)
            self.view_menu.insertAction(self.view_separator, action)  # moved above the text sizes
            action.setEnabled(self.switcher.current_key() is not None)
            self.view_actions.append(action)
        self.person_actions.extend(self.view_actions)

    def _action(
        self, menu: QMenu, text: str, slot: Callable[..., object], shortcut: str | QKeySequence.StandardKey = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- who is shown --------------------------------------------------------------------

    def show_person(self, key: str) -> None:
        """Show that person's record, or the welcome page when `key` is empty (nobody here)."""
        shown = key or None
        self.stack.setCurrentWidget(self.welcome if shown is None else self.record_area)
        self._update_title()
        for action in self.person_actions:
            action.setEnabled(shown is not None and not (self.read_only and action in self.write_actions))
        self.export_action.setEnabled(shown is not None)
        self._shown = shown
        self.memory.set_last_person(shown)
        if shown is None:
            self._hand_over(None)
            self.welcome.setFocus()
        elif self.changes.cached(shown):
            self._hand_over(shown)
        else:
            self._pending = None
            self._read(shown, lambda: self._hand_over(shown))

    def _hand_over(self, key: str | None) -> None:
        """Every page shows `key` from the one snapshot; a page behind another tab catches up when shown."""
        if key != self._shown:  # another person was chosen while this one was read
            return
        for view in (self.today, self.overview, self.plans, self.trials, self.measures, self.cases, self.calls):
            view.set_person(key)
        self.calendar_offer.watch(key)

    def is_current(self) -> bool:
        """Whether the window shows the records as they are (no read of them is still under way)."""
        return not self.snapshot_jobs.busy and not self._after_read

    # -- one read per change ---------------------------------------------------------------

    def _catch_up(self, changes: Changed) -> None:
        """The hub's loader: after a change to the shown person, read them once, then let the pages refresh."""
        if self._shown is None or changes.person not in (None, self._shown):
            self.changes.settle(changes)  # someone else's record: only the Due list cares, and reads its own
            return
        if self._pending is not None and self._pending.person == changes.person == self._shown:
            self._pending = self._pending | changes  # only these parts are read again
        else:
            self._pending = None
        self._read(self._shown, lambda: self.changes.settle(changes))

    def _read(self, key: str, then: Callable[[], None]) -> None:
        """Read `key`'s whole record in the background, then call `then` (reads asked meanwhile are joined)."""
        self._wanted = key
        self._asked += 1
        self._after_read.append(then)
        if not self.snapshot_jobs.busy:
            self._start_read()

    def _start_read(self) -> None:
        from triallog.services.people import load_person, reload_person

        db, key, asked = self.db, self._wanted, self._asked
        if db is None or key is None:
            self._after_read.clear()
            return
        old, pending = self.changes.superseded(key), self._pending
        if old is not None and pending is not None and pending.person == key:
            read = lambda: reload_person(db, key, old, pending)  # noqa: E731 - one of two reads
        else:
            read = lambda: load_person(db, key)  # noqa: E731
        self.snapshot_jobs.start(
            read,
            lambda person: self._have_read(key, asked, person),
            lambda error: self._read_failed(asked, error),
        )

    def _have_read(self, key: str, asked: int, person: object) -> None:
        if asked != self._asked:  # something changed, or someone else was chosen, while this read ran
            self._start_read()
            return
        from triallog.services.changes import Changes

        if key == self._shown:  # else someone already in the snapshot was chosen back meanwhile: it stays
            self.changes.keep(key, person)  # type: ignore[arg-type]
            self._pending = Changes(person=key)  # nothing changed since this read
        waiting, self._after_read = self._after_read, []
        for then in waiting:
            then()
        self.update()  # the first frame that shows the record announces `ready`

    def _read_failed(self, asked: int, error: Exception) -> None:
        from triallog.domain.errors import ValidationError

        if asked != self._asked:  # someone else was chosen, or something changed, meanwhile: read that
            self._start_read()
            return
        self._after_read.clear()
        self._pending = None  # the next read reads the whole record
        if isinstance(error, ValidationError):  # removed meanwhile (by another window): show who is left
            self.switcher.reload()
            return
        _show_failure(self, self.db, error, "Your records could not be read")

    def log_call(self) -> None:
        if self.switcher.current_key() is None or self.read_only:
            return
        # from a case's page, the call is about that case
        case_key = self.cases.selected_key() if self.tabs.currentWidget() is self.cases else None
        self.tabs.setCurrentWidget(self.calls)
        self._when_current(lambda: self.calls.log_call_about(case_key))

    def _when_current(self, action: Callable[[], None]) -> None:
        """Do `action` now, or, while the shown person is still being read, as soon as they are shown;
        not at all if someone else is chosen meanwhile (a call logged for one person must not open on another)."""
        if self.is_current():
            action()
            return
        key = self._shown
        self._after_read.append(lambda: action() if self._shown == key else None)

    def _open_due(self, entry: object) -> None:
        """Jump from a due item to that person's case (or, for a follow-up, their calls)."""
        self.switcher.select(entry.person_key)  # type: ignore[attr-defined]
        self.tabs.setCurrentWidget(self.calls if entry.is_follow_up else self.cases)  # type: ignore[attr-defined]

    def add_to_calendar(self, person_key: str | None = None) -> None:
        """Every open date (everyone's, or one person's) as a calendar file, with reminders."""
        from triallog.gui.dialogs.calendar_dialog import CalendarDialog
        from triallog.services import people

        if self.db is None:
            return
        everyone = [(p.key, p.name) for p in people.list_people(self.db)]
        dialog = CalendarDialog(self.db, everyone, person_key, self.due.fixed_today, self)
        dialog.exec()
        dialog.deleteLater()

    def _open_from_today(self, link: object) -> None:
        """Open the page where a Today line is handled, with its case, call, trial or score chosen."""
        from triallog.services.today import Place

        place, key = link.place, link.key  # type: ignore[attr-defined]
        page = getattr(self, str(place))
        if place is Place.MEASURES:
            page.choose(link.instrument, key)  # type: ignore[attr-defined]
        elif key is not None:
            page.choose(key)
        self.tabs.setCurrentWidget(page)
        # The keyboard lands on the list with the row chosen, ready for Enter.
        table = getattr(page, "score_table", None) or getattr(page, "table", None)
        (table if table is not None and table.isVisible() else page).setFocus()

    def _show_due_when_pressing(self) -> None:
        """The first thing a caregiver sees when something is overdue or due within 14 days."""
        from triallog.services.cases import due_section

        today = self.due.today()
        if any(due_section(entry, today) in ("overdue", "soon") for entry in self.due.entries):
            self.tabs.setCurrentWidget(self.due)

    def _say_what_is_pressing(self) -> None:
        """At start, when something is overdue or due within 3 days: the notice above the record, the
        keyboard on its button, and the desktop's notification where it has a tray."""
        from triallog.gui.views.due_notice import notify_desktop
        from triallog.services.today import start_notice

        notice = start_notice(self.due.entries, self.due.today())
        self.due_notice.say(notice)
        if notice is not None:
            self.due_notice.show_button.setFocus()
            first = self.tray is None
            self.tray = notify_desktop(self, notice, self.tray)
            if first and self.tray is not None:  # a click on the notification or the icon shows the Due page
                self.tray.messageClicked.connect(self._show_due)
                self.tray.activated.connect(lambda _reason: self._show_due())

    def _recheck_pressing(self, _changes: object) -> None:
        """While the notice is shown, it says what is still pressing (a follow-up marked done leaves it)."""
        from triallog.services.cases import due_all
        from triallog.services.today import start_notice

        if self.due_notice.isVisible() and self.db is not None:
            self.due_notice.say(start_notice(due_all(self.db, self.due.fixed_today), self.due.today()))

    def _show_due(self) -> None:
        self.come_to_front()
        self.tabs.setCurrentWidget(self.due)
        self.due.table.setFocus()

    def _add_trial(self) -> None:
        self.tabs.setCurrentWidget(self.trials)
        self._when_current(self.trials.add_trial)

    def _update_title(self) -> None:
        name = self.switcher.current_name()
        title = "TrialLog — read-only" if self.read_only else "TrialLog"
        self.setWindowTitle(f"{name} — {title}" if name else title)

    # -- changes made elsewhere, and backups ----------------------------------------------

    def reload_from_outside(self) -> None:
        """Another program saved changes: show the records as they are now, and say why they moved."""
        from triallog.services.changes import Changes as Changed

        # The list refills (a person gone or added is followed), then every page catches up.
        self.changes.announce(Changed.everything())
        self.statusBar().showMessage(OUTSIDE_NOTE, 10000)

    def come_to_front(self) -> None:
        """A second TrialLog asked for this window: show it, in front, ready for typing."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    @property
    def current_db(self) -> Database:
        """The open records, for what is offered only while they are open (menus come with `attach`)."""
        assert self.db is not None, "the records are closed"
        return self.db

    def show_backups(self) -> None:
        from triallog.gui.dialogs.backups_dialog import BackupsDialog

        if self.db is None:
            return
        dialog = BackupsDialog(self.db, self.restore_backup, self, read_only=self.read_only)
        dialog.exec()
        dialog.deleteLater()

    def restore_backup(self, backup: Backup) -> bool:
        """Close the records, put the backup in their place (they are kept aside), and open it."""
        from triallog.gui.models.backup_table import taken_text
        from triallog.gui.opening import restore_holding

        if self.read_only or self.db is None:
            return False
        self.wait_for_work()
        old, self.db = self.db, None
        self.outside.stop()
        old.close()
        try:
            restore_holding(self.data_dir, backup.path, self.lock)
        except Exception as error:
            _show_failure(self, self.data_dir, error, "The backup was not restored")
            self.open_again()
            return False
        self.open_again()
        if self.db is None:
            return False
        self.statusBar().showMessage(
            f"Restored the backup of {taken_text(backup.taken)}. What was recorded before is kept in the backups "
            "folder.",
            30000,
        )
        return True

    def wait_for_work(self) -> None:
        """Let background work that reads or writes the records finish before they close."""
        from triallog.gui.pdf_jobs import PdfJob

        self.jobs.wait()
        self.backup_jobs.wait()
        self.snapshot_jobs.wait()
        for job in self.findChildren(PdfJob):
            job.wait()

    def _show_by_name(self, name: str) -> None:
        from triallog.domain.errors import ValidationError
        from triallog.services import people
        from triallog.services.changes import Changes as Changed

        self.changes.forget()  # a record imported over one shown keeps nothing of the old snapshot
        with contextlib.suppress(ValidationError):  # not there after all: the list below still refreshes
            self.switcher.select(people.find_person(self.current_db, name).key)
        self.changes.announce(Changed.everything())

    # -- import and the sample record ----------------------------------------------------

    def import_record(self) -> None:
        from triallog.gui.file_places import remember, start_folder

        path, _ = QFileDialog.getOpenFileName(self, "Import a record", str(start_folder()), OPEN_FILTER)
        if path:
            remember(path)
            self._import(path, replace=False)

    def _import(self, path: str, replace: bool, passphrase: str | None = None) -> None:
        from triallog.services import transfer

        if passphrase is None and transfer.is_encrypted_export(path):
            passphrase = self._ask_export_passphrase(path)
            if passphrase is None:
                return
        self.statusBar().showMessage(f"Importing {Path(path).name}…")
        self.jobs.start(
            lambda: transfer.import_path(self.current_db, path, replace=replace, passphrase=passphrase),
            self._imported,
            lambda error: self._import_failed(path, error, passphrase),
        )

    def _ask_export_passphrase(self, path: str, wrong: bool = False) -> str | None:
        """The passphrase of an encrypted export, asked at a hidden field; None if the person cancels."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        said = "That passphrase does not open this file. Try again: " if wrong else ""
        text, ok = QInputDialog.getText(
            self,
            "Encrypted file",
            f"{said}{Path(path).name} is encrypted. Type the passphrase it was exported with\n"
            "(the one its sender told you, not your own records' passphrase):",
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def _imported(self, result: ImportResult) -> None:
        from triallog.gui.views.people_switcher import counted

        done = "Replaced the record of" if result.replaced else "Imported"
        self.statusBar().showMessage(f"{done} {', '.join(result.names)}: {counted(result.trials, 'trial')}.", 15000)
        if result.names:
            self._show_by_name(result.names[0])

    def _import_failed(self, path: str, error: Exception, passphrase: str | None = None) -> None:
        from triallog.services.transfer import WrongExportPassphrase

        self.statusBar().clearMessage()
        taken = _already_here(error)
        if isinstance(error, WrongExportPassphrase):  # said plainly, and asked again: no lock-out
            again = self._ask_export_passphrase(path, wrong=True)
            if again is not None:
                self._import(path, replace=False, passphrase=again)
        elif taken and self._ask_replace(taken):
            self._import(path, replace=True, passphrase=passphrase)
        elif taken:
            self.statusBar().showMessage("Nothing was imported.", 10000)
        else:
            self._show_failure(f"{Path(path).name} could not be imported.", error, "Nothing was imported")

    def _ask_replace(self, names: list[str]) -> bool:
        from triallog.gui.views.people_switcher import recorded
        from triallog.services import people

        who = " and ".join(names)
        folded = {name.casefold() for name in names}
        here = [p for p in people.list_people(self.current_db, with_counts=True) if p.name.casefold() in folded]
        what = "; ".join(f"{p.name}: {recorded(p)}" for p in here)
        from triallog.gui.widgets.questions import ask  # after the first paint: not on the start path

        return ask(
            self,
            "Replace record?",
            f"{who} {'is' if len(names) == 1 else 'are'} already in TrialLog.",
            "Replace record",
            "Cancel",
            f"Replace the whole record of {who} with the one in this file? What is recorded now "
            f"({what}) will be removed. This cannot be undone.",
            style=WIDE_MESSAGE,
        )

    def open_sample(self) -> None:
        from triallog.services import samples

        self.jobs.start(lambda: samples.open_sample(self.current_db), self._imported, self._sample_failed)

    def _sample_failed(self, error: Exception) -> None:
        taken = _already_here(error)
        if taken:  # the sample was opened before: show it again rather than complain
            self._show_by_name(taken[0])
        else:
            self._show_failure("The sample record could not be opened.", error, "The sample was not opened")

    # -- export --------------------------------------------------------------------------

    def export_records(self) -> None:
        from triallog.services import people, transfer

        summaries = people.list_people(self.current_db)
        if not summaries:
            return
        from triallog.gui.dialogs.export_dialog import ExportDialog

        protected = self.current_db.key is not None
        choice = ExportDialog([p.name for p in summaries], self.switcher.current_name(), self, protected)
        if choice.exec() != QDialog.DialogCode.Accepted:
            return
        name, suffix, passphrase = choice.person_name(), choice.suffix(), choice.passphrase()
        if protected and passphrase is None and not self._plain_export_agreed(name):
            return
        from datetime import date

        from triallog.gui.file_places import suggested_path

        suggested = suggested_path(transfer.export_file_name(name, date.today(), suffix))
        kind = "TrialLog archive (*.triallog)" if suffix == ".triallog" else "JSON file (*.json)"
        path, _ = QFileDialog.getSaveFileName(self, "Export", suggested, kind)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        self.statusBar().showMessage(f"Exporting to {Path(path).name}…")
        self.jobs.start(
            lambda: transfer.export_path(self.current_db, path, person_name=name, passphrase=passphrase, plain=True),
            lambda n: self._exported(path, n),
            lambda error: self._show_failure("The export could not be written.", error, "Nothing was exported"),
        )

    def _plain_export_agreed(self, name: str | None) -> bool:
        """Protected records going out plain: say what the file would hold, and let the person choose."""
        from triallog.services import transfer

        contents = transfer.plain_export_contents(transfer.export_people(self.current_db, name))
        from triallog.gui.widgets.questions import ask  # after the first paint: not on the start path

        return ask(
            self,
            "Export without encryption?",
            "Your records are protected with a passphrase, and this file would not be.",
            "Export without encryption",
            "Cancel",
            f"It would hold {contents}.\n\nTo protect it, go back and tick “Encrypt with a passphrase”.",
            icon=QMessageBox.Icon.Warning,
            style=WIDE_MESSAGE,
        )

    def _exported(self, path: str, count: int) -> None:
        from triallog.gui.dialogs.export_dialog import people_count
        from triallog.gui.file_places import remember

        remember(path)
        self.statusBar().showMessage(f"Exported {people_count(count)}.", 15000)
        QMessageBox.information(self, "Export finished", f"Saved to {path}")

    # -- messages, busy state, about -------------------------------------------------------

    def _show_failure(self, headline: str, error: Exception, title: str) -> None:
        """A file's own problems are listed; a storage problem is said plainly; a bug is logged."""
        from triallog.domain.errors import ValidationError

        self.statusBar().clearMessage()
        if not isinstance(error, ValidationError):
            _show_failure(self, self.db or self.data_dir, error, title, first=headline)
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Nothing was changed")
        box.setText(headline)
        box.setStyleSheet(WIDE_MESSAGE)
        lines = [f"• {_readable(p.field)}: {p.rule}" for p in error.problems[:SHOWN_PROBLEMS]]
        if len(error.problems) > SHOWN_PROBLEMS:
            lines.append(f"… and {len(error.problems) - SHOWN_PROBLEMS} more problems.")
        box.setInformativeText("Nothing was changed. What needs fixing in the file:\n" + "\n".join(lines))
        box.setDetailedText(str(error))  # the exact paths, for whoever repairs the file
        box.exec()

    def _busy(self, busy: bool) -> None:
        # One import or export at a time; the window stays usable meanwhile.
        self.import_action.setEnabled(not busy and not self.read_only)
        self.sample_action.setEnabled(not busy and not self.read_only)
        self.export_action.setEnabled(not busy and self.switcher.current_key() is not None)
        self.welcome.setEnabled(not busy)
        if busy:
            from PySide6.QtCore import Qt

            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def about(self) -> None:
        from triallog.gui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.data_dir, self).exec()

    # -- Qt events ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # Announced once this paint has finished, so that a listener may quit at once.
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.painted.emit)
        if self.db is not None and not self._ready and self.is_current():  # the records themselves are shown
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        # An import half-way must finish (or roll back) before the database closes, and a PDF being
        # made in a dialog still reads it.
        self.wait_for_work()
        self.outside.stop()
        if self.db is not None:
            self.memory.set_last_person(self.switcher.current_key())
        self.memory.save_geometry(self)  # writes the person shown too
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)


def with_mnemonic(text: str, used: set[str]) -> str:
    """A menu's text for `text` (a tab's, "&&" for "&"), its first letter not yet in `used` underlined
    (and added to `used`): "Plans && prescribers" -> "&Plans && prescribers"."""
    for i, char in enumerate(text):
        if char.isalpha() and char.casefold() not in used and (i == 0 or text[i - 1] != "&"):
            used.add(char.casefold())
            return f"{text[:i]}&{text[i:]}"
    return text


def _readable(field: str) -> str:
    """`people[0].trials[2].end` as `Person 1, trial 3, end`: the same place, in words."""

    def item(match: re.Match[str]) -> str:
        return f"{ITEM_WORDS.get(match.group(1), match.group(1))} {int(match.group(2)) + 1}"

    text = re.sub(r"(\w+)\[(\d+)\]", item, field).replace(".", ", ").replace("_", " ")
    return text[:1].upper() + text[1:] if text else "The file"


def _already_here(error: Exception) -> list[str]:
    """The names an import refused only because those people are already here (else [])."""
    from triallog.services.transfer import PersonAlreadyHere

    return list(error.names) if isinstance(error, PersonAlreadyHere) else []


def _show_failure(*args: Any, **kwargs: Any) -> None:
    """`errors.show_failure`, imported at the first failure rather than before the window's first paint."""
    from triallog.gui.errors import show_failure

    show_failure(*args, **kwargs)
