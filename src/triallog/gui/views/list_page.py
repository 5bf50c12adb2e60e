"""The base of the list pages (trials, calls, cases, documents) and the empty page they show when
there is nothing yet (heading, sentence, one button)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget

from triallog.gui.changes import Changes
from triallog.gui.read_only import is_read_only
from triallog.gui.views.record_page import RecordPage
from triallog.gui.widgets.labels import scaled_font

if TYPE_CHECKING:
    from triallog.domain.records import Person
    from triallog.services.workspace import Database

#: how many rows a column's width is fitted to: about a screenful, so a list of thousands fits as fast as ten
FIT_ROWS = 25


class EmptyPage(QWidget):
    """`title` and `text` are filled by the view (they depend on who is chosen); `button` starts the list."""

    def __init__(self, button_text: str, on_click: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _plain()
        self.title.setFont(scaled_font(self, 1.3))
        self.text = _plain()
        self.button = QPushButton(button_text)
        self.button.clicked.connect(on_click)
        box = QWidget()
        box.setMaximumWidth(600)
        column = QVBoxLayout(box)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addSpacing(12)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(2)
        layout = QHBoxLayout(self)
        # The text takes most of a narrow window and at most a readable line's width of a wide one.
        layout.addStretch(1)
        layout.addWidget(box, 4)
        layout.addStretch(1)


class ListPage(RecordPage):
    """One person's list: a table page over an empty page that says what the list is for.

    A page builds its table page and hands it to `set_pages`; it fills its model in `fill(person)`
    (None: nobody chosen), says which row holds a key in `index_of(key)` and which key is chosen in
    `selected_key()`, and words its empty page in `empty_words(person)`. The base keeps the chosen
    row chosen across refreshes, chooses the row just saved, and opens one dialog at a time.
    """

    #: the empty page's sentence when nobody is chosen
    NO_PERSON: ClassVar[str] = "Choose a person first."
    #: choose the first row when nothing was chosen (the cases page shows the chosen case beside the list)
    CHOOSE_FIRST: ClassVar[bool] = False
    #: the widest a column is fitted to its content, in pixels (None: the page fits its own)
    WIDEST_COLUMN: ClassVar[int | None] = None
    #: the page's table, built by the page
    table: QTableView

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.person: Person | None = None
        self.dialog: QWidget | None = None
        self._select_key: str | None = None
        self._fitted: str | None = None  # whose list the columns were fitted to

    def set_pages(self, table_page: QWidget, first_button: str, on_first: Callable[[], object]) -> None:
        empty = EmptyPage(first_button, on_first)
        self.empty_title, self.empty_text, self.first_button = empty.title, empty.text, empty.button
        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- what each page says ------------------------------------------------------------

    def fill(self, person: Person | None) -> None:
        raise NotImplementedError

    def is_empty(self) -> bool:
        raise NotImplementedError

    def empty_words(self, person: Person) -> tuple[str, str]:
        raise NotImplementedError

    def index_of(self, key: str) -> QModelIndex | None:
        raise NotImplementedError

    def selected_key(self) -> str | None:
        raise NotImplementedError

    def page_shown(self) -> None:
        """After the list or its empty page is shown: a page updates its buttons and counts here."""

    # -- the refresh, the same for every list ---------------------------------------------

    def refresh(self) -> None:
        """Show the person's list again, keeping the chosen row chosen where it still exists."""
        self._select_key = self._select_key or self.selected_key()
        self.person = self.read_person()
        self.fill(self.person)
        if self.WIDEST_COLUMN is not None and (self._fitted != self.person_key or self.is_empty()):
            # Fitted when another person is shown, not after each save: widths a person set stay.
            self.fit_columns(self.WIDEST_COLUMN)
            self._fitted = None if self.is_empty() else self.person_key
        self.show_page()
        self.reselect()

    def show_page(self) -> None:
        empty = self.person is None or self.is_empty()
        self.pages.setCurrentIndex(1 if empty else 0)
        if self.person is None:
            self.empty_title.setText("No one chosen")
            self.empty_text.setText(self.NO_PERSON)
            self.first_button.hide()
        elif empty:
            title, text = self.empty_words(self.person)
            self.empty_title.setText(title)
            self.empty_text.setText(text)
            self.first_button.setVisible(not is_read_only(self.db))
        self.page_shown()

    def choose(self, key: str) -> None:
        """Choose the row of `key`: now, or when the page next shows its list (behind another tab)."""
        self._select_key = key
        if not self.stale and self.person is not None and self.person.key == self.person_key:
            self.reselect()

    def reselect(self) -> None:
        key, self._select_key = self._select_key, None
        index = self.index_of(key) if key else None
        table = self.table
        model = table.model()
        if index is None and self.CHOOSE_FIRST and model.rowCount() > 0:
            index = model.index(0, 0)
        if index is None:
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        table.selectionModel().setCurrentIndex(index, flags)
        table.scrollTo(index)

    def fit_columns(self, widest: int) -> None:
        """Each column as wide as its content, with room to breathe, at most `widest` pixels. The
        content is read from the first rows only, so that a list of thousands fits as fast as ten."""
        table = self.table
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        table.resizeColumnsToContents()
        for column in range(table.model().columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column) + 12, widest))

    # -- dialogs ---------------------------------------------------------------------------

    def can_open_dialog(self) -> bool:
        return self.person is not None and self.person_key is not None and self.dialog is None

    def remember_saved(self, key: str) -> None:
        """The row just saved is chosen when the list shows it."""
        self._select_key = key

    def forget_dialog(self) -> None:
        self.dialog = None
        self.table.setFocus()


def _plain() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and drugs are shown as typed, never as markup
    label.setWordWrap(True)
    return label
