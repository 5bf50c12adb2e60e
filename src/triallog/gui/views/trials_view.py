"""One person's medication trials: a sortable, filterable table with add, change and delete."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.drug_names import drug_names_to_offer
from triallog.domain.measures import responses, trial_responses
from triallog.domain.records import Person, Trial
from triallog.gui.changes import Changes
from triallog.gui.dialogs.trial_dialog import TrialDialog
from triallog.gui.forms import open_dialog
from triallog.gui.models.base import KEY_ROLE, RowFilterModel
from triallog.gui.models.trial_table import Column, TrialTableModel
from triallog.gui.read_only import hide_when_read_only
from triallog.gui.views.list_page import ListPage
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.gui.widgets.row_table import RowTable
from triallog.gui.widgets.search_box import search_box
from triallog.services.trials import delete_trial
from triallog.services.workspace import Database

NO_PERSON = "Choose a person to see the medicines they have tried."


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and drugs are shown as typed, never as markup
    label.setWordWrap(True)
    return label


class TrialsView(ListPage):
    """The trials page. The window calls `set_person(key or None)`; the view refreshes itself on `changes`."""

    PARTS = ("profile", "plans", "trials", "measures")
    dialog: TrialDialog | None  # the one dialog open, if any
    NO_PERSON = NO_PERSON
    WIDEST_COLUMN = 180

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)

        self.model = TrialTableModel(parent=self)
        self.proxy = RowFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()

        self.add_button = QPushButton("&Add trial…")
        self.edit_button = QPushButton("Ed&it…")
        self.delete_button = QPushButton("De&lete…")
        self.add_button.clicked.connect(self.add_trial)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        hide_when_read_only(db, self.add_button, self.edit_button, self.delete_button)
        # Esc in the filter box empties it, so every trial shows again.
        self.filter_box = search_box(
            self,
            "Filter by drug, date, outcome, plan…  (Ctrl+F)",
            "Filter trials",
            320,
            self._filter,
            self.focus_filter,
        )

        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.filter_box)
        self.no_match = make_quiet(_plain())
        self.no_match.hide()
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(bar)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.no_match)

        # no mnemonic on the first button: Alt+F belongs to the File menu
        self.set_pages(table_page, "Add the first trial…", self.add_trial)

        self.set_person(None)

    def _build_table(self) -> RowTable:
        table = RowTable()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.START, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(200)  # fitting columns reads at most 200 rows, so long lists stay fast
        table.setAccessibleName("Medication trials")
        table.open_requested.connect(self.edit_selected)
        table.delete_requested.connect(self.delete_selected)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    # -- what the window calls ---------------------------------------------------

    def set_person(self, person_key: str | None) -> None:
        """Show this person's trials (None: nobody chosen). The filter starts empty for each person."""
        if person_key != self.person_key:
            self.filter_box.clear()
        super().set_person(person_key)

    def fill(self, person: Person | None) -> None:
        if person is None:
            self.model.set_trials([])
        else:
            self.model.set_trials(
                person.trials,
                {c.key: c.title or c.carrier for c in person.coverages},
                {p.key: p.name for p in person.prescribers},
                trial_responses(person.trials, person.measurements, person.measure_definitions),
            )

    def is_empty(self) -> bool:
        return self.model.rowCount() == 0

    def index_of(self, key: str) -> QModelIndex | None:
        hits = self.proxy.match(self.proxy.index(0, 0), KEY_ROLE, key, 1, Qt.MatchFlag.MatchExactly)
        return hits[0] if hits else None

    def focus_filter(self) -> None:
        if self.pages.currentIndex() == 0:
            self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.filter_box.selectAll()

    def selected_trial(self) -> Trial | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.trial_at(self.proxy.mapToSource(rows[0]).row())

    def selected_key(self) -> str | None:
        trial = self.selected_trial()
        return trial.key if trial else None

    # -- actions -------------------------------------------------------------------

    def add_trial(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        trial = self.selected_trial()
        if trial is not None:
            self._open_dialog(replace(trial, side_effects=[replace(e) for e in trial.side_effects]))

    def delete_selected(self) -> None:
        trial = self.selected_trial()
        if trial is None or self.person_key is None:
            return
        if trial.end is not None:
            span = f"{trial.start.human()} to {trial.end.human()}"
        else:
            span = f"started {trial.start.human()}, {'still taking' if trial.still_taking else 'never started'}"
        question = f"Delete the trial of {trial.drug_label} ({span})?"
        detail = "Its side effects are deleted with it. This cannot be undone."
        if not ask(self, "Delete this trial?", question, "Delete trial", "Keep it", detail):
            return
        self.changes.announce(delete_trial(self.db, self.person_key, trial.key))

    def _open_dialog(self, trial: Trial | None) -> None:
        if not self.can_open_dialog() or self.person is None or self.person_key is None:
            return
        dialog = TrialDialog(
            self.db,
            self.person_key,
            self.changes,
            self.person.coverages,
            self.person.prescribers,
            trial,
            self,
            person_name=self.person.name,
            responses=responses(trial, self.person.measurements, self.person.measure_definitions) if trial else (),
            drug_names=drug_names_to_offer(self.person),
        )
        self.dialog = dialog
        dialog.saved.connect(self.remember_saved)
        open_dialog(dialog, self.forget_dialog)

    # -- reacting ---------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._show_no_match()
        self._update_buttons()

    def empty_words(self, person: Person) -> tuple[str, str]:
        first = person.name.split()[0] if person.name.split() else person.name
        return (
            f"No medication trials for {person.name} yet",
            f"Record each medicine {first} has tried: when it started and stopped, the dose, and what "
            "happened. A dated list like this is what a step-therapy exception request needs.",
        )

    def page_shown(self) -> None:
        self._show_no_match()
        self._update_buttons()

    def _show_no_match(self) -> None:
        hidden = self.model.rowCount() > 0 and self.proxy.rowCount() == 0
        self.no_match.setText(f"No trial matches “{self.filter_box.text().strip()}”. Press Esc to show all.")
        self.no_match.setVisible(hidden)

    def _update_buttons(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        self.add_button.setEnabled(self.person is not None)
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
