"""A list of thousands shows its first rows at once and the rest as the person scrolls; sorting,
filtering and finding a row still see every row."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

from tests.factories import make_call, make_trial
from triallog.domain.dates import PartialDate
from triallog.domain.records import Trial
from triallog.gui.models.base import BATCH, KEY_ROLE, RowFilterModel
from triallog.gui.models.call_table import CallTableModel
from triallog.gui.models.call_table import Column as CallColumn
from triallog.gui.models.trial_table import Column, TrialTableModel

MANY = 3000


def trials(count: int = MANY) -> list[Trial]:
    """Trials numbered 0 .. count-1, each starting a day after the one before."""
    first = date(2000, 1, 1)
    return [make_trial(f"drug{n:04d}", PartialDate.of(first + timedelta(days=n)), key=f"t{n}") for n in range(count)]


def table_of(qtbot, model) -> QTableView:  # type: ignore[no-untyped-def]
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(900, 500)
    table.show()
    qtbot.waitExposed(table)
    return table


def scroll_to_the_end(table: QTableView) -> None:
    """As a person dragging the scroll bar down until it stops: the view asks for more each time."""
    source = table.model()
    for _ in range(MANY):
        table.scrollToBottom()
        QApplication.processEvents()
        if not source.canFetchMore(QModelIndex()):
            break
    table.scrollToBottom()  # the last batch came in below the view
    QApplication.processEvents()


def test_thousands_of_calls_show_the_first_rows_at_once_and_the_rest_on_scrolling(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls = [make_call("2020-01-01T09:00:00-06:00", key=f"c{n}", reference_number=f"R{n}") for n in range(MANY)]
    model = CallTableModel(calls)
    table = table_of(qtbot, model)

    assert model.rowCount() == BATCH and model.total_rows() == MANY  # not every row built at once
    assert table.rowAt(0) == 0 and model.index(0, CallColumn.REFERENCE).data() == "R0"

    scroll_to_the_end(table)
    assert model.rowCount() == MANY
    assert table.rowAt(table.viewport().height() - 1) == MANY - 1  # the very last call is in sight
    assert model.index(MANY - 1, CallColumn.REFERENCE).data() == f"R{MANY - 1}"


def test_a_filter_finds_a_row_past_the_first_batch(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = TrialTableModel(trials())
    proxy = RowFilterModel()
    proxy.setSourceModel(model)
    table_of(qtbot, proxy)
    assert proxy.rowCount() == BATCH

    proxy.set_filter_text("DRUG2999")
    assert [proxy.index(r, Column.DRUG).data() for r in range(proxy.rowCount())] == ["drug2999"]

    # New rows while the filter is typed (a refresh after a save) are all searched again.
    model.set_trials(trials(MANY + 1))
    proxy.set_filter_text("drug3000")
    assert [proxy.index(r, Column.DRUG).data() for r in range(proxy.rowCount())] == ["drug3000"]
    model.set_trials(trials(MANY + 2))
    assert proxy.rowCount() == 1  # the same filter, over every new row

    proxy.set_filter_text("")
    assert proxy.rowCount() == MANY + 2  # emptying the filter keeps what was fetched


def test_sorting_sees_every_row_and_keeps_the_chosen_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = TrialTableModel(trials())
    proxy = RowFilterModel()
    proxy.setSourceModel(model)
    table = table_of(qtbot, proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(Column.START, Qt.SortOrder.AscendingOrder)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().setCurrentIndex(proxy.index(5, 0), flags)  # drug0005, near the top

    table.sortByColumn(Column.START, Qt.SortOrder.DescendingOrder)

    # The newest trial of all three thousand comes first, not the newest of the first batch.
    assert proxy.index(0, Column.DRUG).data() == "drug2999"
    chosen = table.selectionModel().selectedRows()
    assert [proxy.index(i.row(), Column.DRUG).data() for i in chosen] == ["drug0005"]  # now far down, still chosen
    assert model.rowCount() < MANY  # only as far as the chosen row, not everything


def test_finding_a_row_by_its_key_reaches_past_the_first_batch(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = TrialTableModel(trials())
    proxy = RowFilterModel()
    proxy.setSourceModel(model)
    table_of(qtbot, proxy)

    assert model.row_of("t2500") == 2500 and model.rowCount() > 2500  # a saved row is selected again
    model.set_trials(trials())
    hits = proxy.match(proxy.index(0, 0), KEY_ROLE, "t2800", 1, Qt.MatchFlag.MatchExactly)
    assert [proxy.index(h.row(), Column.DRUG).data() for h in hits] == ["drug2800"]
