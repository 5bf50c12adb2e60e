"""A database written by an earlier TrialLog is copied aside, then upgraded, and keeps every word."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event

from triallog.services.people import list_people
from triallog.services.transfer import export_path, import_path
from triallog.storage import db as storage_db
from triallog.storage.db import SCHEMA_REVISION, Database


def make_old_database(folder: Path, revision: str) -> Path:
    """A data folder as an older TrialLog left it: the schema only up to `revision`."""
    folder.mkdir(mode=0o700)
    path = folder / "triallog.db"
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", storage_db._pragmas)
    storage_db.migrate(engine, revision)
    engine.dispose()
    return path


def test_a_first_version_database_with_a_record_upgrades_and_keeps_it(tmp_path: Path, dana_json: Path) -> None:
    folder = tmp_path / "old"
    path = make_old_database(folder, "0001")
    with sqlite3.connect(path) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(call)")]
        assert "follow_up_done_at" not in columns
        con.execute(
            "INSERT INTO person (name, name_folded, address, phone, notes, rep_relationship, rep_phone,"
            " rep_authority, created_at, updated_at) VALUES ('Ana Lima', 'ana lima', '', '', 'typed in 2025',"
            " '', '', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    con.close()

    database = Database(folder)
    try:
        assert database.backup is not None
        assert database.backup.name.startswith("triallog.before-upgrade-from-0001-")
        assert database.backup.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(database.backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert old.execute("SELECT notes FROM person").fetchone() == ("typed in 2025",)
        old.close()
        with sqlite3.connect(path) as new:
            assert new.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_REVISION,)
            assert "follow_up_done_at" in [row[1] for row in new.execute("PRAGMA table_info(call)")]
        new.close()
        assert [p.name for p in list_people(database)] == ["Ana Lima"]
        import_path(database, dana_json)  # the upgraded schema takes a whole record
        export_path(database, tmp_path / "after.json")
        assert "Dana Rivera" in (tmp_path / "after.json").read_text(encoding="utf-8")
    finally:
        database.close()


def test_a_current_database_is_not_copied_again(data_dir: Path) -> None:
    Database(data_dir).close()
    again = Database(data_dir)
    again.close()
    assert again.backup is None
    assert sorted(p.name for p in data_dir.iterdir() if p.name.endswith(".db")) == ["triallog.db"]


def test_the_migrations_build_exactly_the_tables_the_program_uses(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from triallog.storage import orm

    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), orm.Base.metadata) == []
