"""The base of every table model: read-only rows of one kind of record, handed to the view in batches.

A list of thousands shows its first rows at once: the model tells the view about `batch` rows, and
more each time the view scrolls near the end (Qt's `canFetchMore`/`fetchMore`). Whatever must see
every row does so: the model sorts all its rows itself (`sort`), a filter (`RowFilterModel`) first
fetches them all, and finding a row by its key (`row_of`, or the filter's `match` on KEY_ROLE)
fetches as far as it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

#: the raw value a column sorts by: numbers for dates and durations, folded text otherwise
SORT_ROLE = Qt.ItemDataRole.UserRole
#: the record's key, for finding its row again after a refresh
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: how many rows a long list shows at first, and how many more each time the view nears the end
BATCH = 200


class Columns(IntEnum):
    """A table's columns, numbered from 0 in the order written, each with its header: `DRUG = "Drug"`."""

    header: str

    if not TYPE_CHECKING:  # mypy would read `Column(3)`, a lookup by number, as a call to this

        def __new__(cls, header: str) -> Self:
            number = len(cls.__members__)
            column = int.__new__(cls, number)
            column._value_ = number
            column.header = header
            return column

    @classmethod
    def headers(cls) -> tuple[str, ...]:
        return tuple(column.header for column in cls)


class RowTableModel(QAbstractTableModel, Generic[T]):
    """One record per row. Subclasses name their columns (`headers`) and say what a cell holds (`cell`);
    `sort_value` lets the model sort itself, over all its rows, when the view asks.

    `set_rows` replaces the rows (a reset); `row_at` gives a row's record, `row_of` finds a key's row.
    `total_rows` counts every row, `rowCount` only those the view has been given so far.
    """

    headers: Sequence[str] = ()
    #: rows given to the view at a time; None gives them all at once (a short list the view adds widgets to)
    batch: int | None = BATCH

    def __init__(self, rows: Iterable[T] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = list(rows)
        self._shown = self._first_batch()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- the rows ------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[T]) -> None:
        """New rows, in the order the view last sorted by (else as given); the view starts at the top."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows = [self._rows[i] for i in self._sorted_order(*self._sort)]
        self._shown = self._first_batch()
        self.endResetModel()

    @property
    def rows(self) -> list[T]:
        """Every row, shown to the view yet or not (do not change the list)."""
        return self._rows

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def total_rows(self) -> int:
        return len(self._rows)

    def key_of(self, record: T) -> object:
        """What KEY_ROLE gives and `row_of` looks for: the record's `key`."""
        return getattr(record, "key", None)

    def row_of(self, key: object) -> int:
        """The row of the record with this key (shown to the view from now on), or -1."""
        row = next((i for i, record in enumerate(self._rows) if self.key_of(record) == key), -1)
        if row >= self._shown:
            self._show_up_to(row + 1)
        return row

    # -- what subclasses give --------------------------------------------------------------

    def cell(self, record: T, column: int, role: int) -> Any:
        """What the cell of `record` in `column` holds for `role` (None for nothing)."""
        raise NotImplementedError

    def sort_value(self, record: T, column: int) -> Any:
        """What `column` sorts `record` by; a model whose view sorts gives it."""
        raise NotImplementedError

    # -- Qt's model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        if role == KEY_ROLE:
            return self.key_of(record)
        if role == SORT_ROLE:
            return self.sort_value(record, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:  # a screen reader names the column with the cell
            return _said(self.headers[index.column()], self.cell(record, index.column(), Qt.ItemDataRole.DisplayRole))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:  # and reads the whole row the cell is in
            return self.row_words(record)
        return self.cell(record, index.column(), role)

    def row_words(self, record: T) -> str:
        """The row as a screen reader reads it when the row is reached: each filled column, named."""
        cells = (
            (header, self.cell(record, column, Qt.ItemDataRole.DisplayRole))
            for column, header in enumerate(self.headers)
        )
        return "; ".join(_said(header, text) for header, text in cells if text)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._show_up_to(self._shown + (self.batch or len(self._rows)))

    def fetch_all(self) -> None:
        """Give the view every row (before anything that must see them all, such as a filter)."""
        self._show_up_to(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every row, not only those shown, by `sort_value`; the chosen row stays chosen.

        A sorting proxy would ask Python for each key many times over, and see only the rows shown."""
        self._sort = (column, order)
        new_order = self._sorted_order(column, order)
        moved_to = {old: new for new, old in enumerate(new_order)}
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()  # the view's chosen rows, also through a proxy, saved just now
        self._rows = [self._rows[i] for i in new_order]
        # A chosen row may land beyond the rows shown: show as far as it, so it stays chosen.
        self._shown = max([self._shown, *(moved_to[i.row()] + 1 for i in before if i.isValid())])
        self.changePersistentIndexList(before, [self.index(moved_to[i.row()], i.column()) for i in before])
        self.layoutChanged.emit()

    # -- inside ----------------------------------------------------------------------------

    def _first_batch(self) -> int:
        return len(self._rows) if self.batch is None else min(self.batch, len(self._rows))

    def _show_up_to(self, count: int) -> None:
        count = min(count, len(self._rows))
        if count > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, count - 1)
            self._shown = count
            self.endInsertRows()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        keys = [self.sort_value(record, column) for record in self._rows]  # each key made once
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)


class RowFilterModel(QSortFilterProxyModel):
    """Keeps the rows where every word typed appears in some column (in any case); sorting is done by the
    source model, over all its rows. While words are typed the source gives the view every row, so the
    filter never misses one not yet shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._fetch_all_while_filtering)  # after the proxy has taken the reset

    def set_filter_text(self, text: str) -> None:
        self._words = text.casefold().split()
        self._fetch_all_while_filtering()
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        cells = " ".join(
            str(model.index(source_row, column, source_parent).data() or "")
            for column in range(model.columnCount(source_parent))
        ).casefold()
        return all(word in cells for word in self._words)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def match(
        self,
        start: Index,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
    ) -> list[QModelIndex]:
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            if role == KEY_ROLE:
                source.row_of(value)  # a row not yet shown would be missed
            else:
                source.fetch_all()
        return super().match(start, role, value, hits, flags)

    def _fetch_all_while_filtering(self) -> None:
        source = self.sourceModel()
        if self._words and isinstance(source, RowTableModel):
            source.fetch_all()


def _said(header: str, text: object) -> str:
    """`Drug: topiramate`; a column without a header (one holding a button) is only its text."""
    shown = str(text) if text else "empty"
    return f"{header}: {shown}" if header else shown
