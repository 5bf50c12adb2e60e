"""The floors: the same work done with nothing but sqlite3 (and bare PySide6), measured beside each figure.

Nothing here imports TrialLog: a floor is what the machine needs for the job, not what TrialLog makes of it.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

# Tables the migrations fill themselves: not part of what an import writes.
SCHEMA_TABLES = {"alembic_version", "sqlite_sequence"}


def connect(db_path: Path, read_only: bool = True) -> sqlite3.Connection:
    """Read-only; or for writing as TrialLog writes (foreign keys checked, WAL, synchronous=FULL), each
    transaction begun and committed by the caller."""
    if read_only:
        return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    con = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
        con.execute(f"PRAGMA {pragma}")
    return con


def _tables(con: sqlite3.Connection) -> list[str]:
    names = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in names if name not in SCHEMA_TABLES]


def _parents(con: sqlite3.Connection, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) for each foreign key of `table`."""
    return [(row[3], row[2], row[4] or "id") for row in con.execute(f'PRAGMA foreign_key_list("{table}")')]


def person_queries(con: sqlite3.Connection) -> dict[str, str]:
    """For each table holding part of a person's record, a SELECT of that person's rows (parameter: the
    person's id), found by following the ON DELETE CASCADE foreign keys up to `person`."""
    cascades: dict[str, tuple[str, str]] = {}
    for table in _tables(con):
        for row in con.execute(f'PRAGMA foreign_key_list("{table}")'):
            if row[6].upper() == "CASCADE":
                cascades[table] = (row[3], row[2])  # this table's column, the owning table

    def owned(table: str, depth: int = 0) -> str | None:
        """A condition on `table`'s rows that keeps one person's (None: not a person's)."""
        if table == "person":
            return "id = ?"
        if table not in cascades or depth > 4:
            return None
        column, owner = cascades[table]
        if owner == "person":
            return f'"{column}" = ?'
        inner = owned(owner, depth + 1)
        return f'"{column}" IN (SELECT id FROM "{owner}" WHERE {inner})' if inner else None

    queries = {}
    for table in _tables(con):
        condition = owned(table)
        if condition is not None:
            queries[table] = f'SELECT * FROM "{table}" WHERE {condition}'
    return queries


def read_whole_record(con: sqlite3.Connection, queries: dict[str, str], person_id: int) -> int:
    """Every row of one person's record, fetched; returns how many."""
    return sum(len(con.execute(sql, (person_id,)).fetchall()) for sql in queries.values())


def people_in_order(db_path: Path) -> list[tuple[int, str, int]]:
    """(id, name, rows in their record) for everyone, in the record's order: the same people at every
    scale (make_record.py shares each count evenly), so each action is timed on the same person's record."""
    con = connect(db_path)
    queries = person_queries(con)
    people = con.execute("SELECT id, name FROM person").fetchall()
    sized = [(pid, name, read_whole_record(con, queries, pid)) for pid, name in people]
    con.close()
    return sorted(sized)


def rows_in_table_view(db_path: Path, person_id: int, count: int = 50) -> tuple[float, int]:
    """Seconds from opening the database to a shown `QTableView` painted with the person's first `count`
    trials, and the rows it holds. Needs a QApplication."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    class Table(QTableView):
        painted = False

        def paintEvent(self, event: Any) -> None:
            super().paintEvent(event)
            self.painted = True

    app = QApplication.instance()
    start = time.perf_counter()
    con = connect(db_path)
    rows = con.execute(
        'SELECT drug, brand, strength, dose, start, "end", outcome, reason_stopped, notes FROM trial '
        "WHERE person_id = ? ORDER BY start DESC LIMIT ?",
        (person_id, count),
    ).fetchall()
    model = QStandardItemModel(len(rows), 9)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem("" if value is None else str(value)))
    view = Table()
    view.setModel(model)
    view.resize(1100, 720)
    view.show()
    while not view.painted:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
    elapsed = time.perf_counter() - start
    shown = model.rowCount()
    con.close()
    view.close()
    view.deleteLater()
    app.processEvents()
    return elapsed, shown


def copy_rows_with_executemany(source_db: Path, empty_db: Path) -> tuple[float, int]:
    """Seconds to insert every row of `source_db` into `empty_db` (freshly migrated, same schema) with one
    `executemany` per table in one transaction, and the rows inserted. The rows are read beforehand (untimed)."""
    source = connect(source_db)
    tables = _tables(source)
    order: list[str] = []  # parents before children, so every foreign key holds as it is inserted

    def place(table: str) -> None:
        if table in order:
            return
        for _, parent, _ in _parents(source, table):
            if parent != table and parent in tables:
                place(parent)
        order.append(table)

    for table in tables:
        place(table)
    data = {}
    for table in order:
        cursor = source.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cursor.description]
        data[table] = (columns, cursor.fetchall())
    source.close()

    target = connect(empty_db, read_only=False)
    start = time.perf_counter()
    target.execute("BEGIN")
    for table, (columns, rows) in data.items():
        if rows:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            target.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    target.execute("COMMIT")
    elapsed = time.perf_counter() - start
    target.close()
    return elapsed, sum(len(rows) for _, rows in data.values())
