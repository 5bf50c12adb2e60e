"""The database keeps a family's record privately and safely, and never harms a file it cannot read."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import time
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from tests.factories import (
    exchange_bytes,
    make_call,
    make_case,
    make_claim,
    make_coverage,
    make_definition,
    make_document,
    make_event,
    make_measurement,
    make_person,
    make_prescriber,
    make_side_effect,
    make_trial,
)
from triallog.domain.dates import PartialDate
from triallog.domain.records import Person
from triallog.services.people import find_person, remove_person
from triallog.services.transfer import import_bytes
from triallog.storage import db as storage_db
from triallog.storage import orm
from triallog.storage.db import SCHEMA_REVISION, Database, DatabaseTooNew

TABLES_BELOW_PERSON = [
    orm.CoverageRow,
    orm.PrescriberRow,
    orm.TrialRow,
    orm.SideEffectRow,
    orm.MeasureDefinitionRow,
    orm.MeasurementRow,
    orm.CaseRow,
    orm.CaseRequiredDrugRow,
    orm.CaseClaimRow,
    orm.CaseClaimTrialRow,
    orm.CaseEventRow,
    orm.CallRow,
    orm.CallRequestedDocumentRow,
    orm.DocumentRow,
]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def full_person(name: str) -> Person:
    return make_person(
        name,
        coverages=[make_coverage(key="c1")],
        prescribers=[make_prescriber(key="pr1")],
        trials=[make_trial(key="t1", coverage="c1", prescriber="pr1", side_effects=[make_side_effect()])],
        measure_definitions=[make_definition("pain days")],
        measurements=[make_measurement("custom:pain days", score=3)],
        cases=[
            make_case(
                key="x1",
                required_drugs=["topiramate"],
                claims=[make_claim("prior_failure", "topiramate", ["t1"])],
                events=[make_event("2023-01-20", "denied")],
            )
        ],
        calls=[make_call(case="x1", requested_documents=["chart notes"])],
        documents=[make_document(case="x1", trial="t1")],
    )


def set_revision(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()


# -- a private folder --------------------------------------------------------------------


def test_a_new_data_folder_is_private_to_its_owner(data_dir: Path) -> None:
    assert not data_dir.exists()
    database = Database(data_dir)
    try:
        with database.transaction() as session:
            session.add(orm.PersonRow(name="Dana Rivera", name_folded="dana rivera"))
        assert mode(data_dir) == 0o700
        assert mode(database.path) == 0o600
        sides = [database.path.with_name(database.path.name + s) for s in ("-wal", "-shm")]
        assert all(side.exists() for side in sides)  # WAL mode, with a connection open
        assert all(mode(side) == 0o600 for side in sides)
    finally:
        database.close()


def test_an_existing_folder_that_others_could_read_is_made_private(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, mode=0o755)
    data_dir.chmod(0o755)
    Database(data_dir).close()
    assert mode(data_dir) == 0o700


def test_every_connection_enforces_foreign_keys_and_writes_through_to_disk(db: Database) -> None:
    with db.transaction() as session:
        pragmas = [
            session.execute(text(f"PRAGMA {p}")).scalar() for p in ("foreign_keys", "journal_mode", "synchronous")
        ]
    assert pragmas == [1, "wal", 2]  # 2 is FULL


# -- what is stored and how ----------------------------------------------------------------


def test_a_row_remembers_when_it_was_entered_and_when_it_last_changed(db: Database) -> None:
    with db.transaction() as session:
        row = orm.PersonRow(name="Dana Rivera", name_folded="dana rivera")
        session.add(row)
        session.flush()
        key = row.id
    with db.reading() as session:
        entered = session.get(orm.PersonRow, key)
        assert entered is not None
        created, updated = entered.created_at, entered.updated_at
    assert created is not None and updated is not None
    assert abs((updated - created).total_seconds()) < 1
    time.sleep(0.01)
    with db.transaction() as session:
        changing = session.get(orm.PersonRow, key)
        assert changing is not None
        changing.notes = "Chronic migraine since 2015."
    with db.reading() as session:
        changed = session.get(orm.PersonRow, key)
        assert changed is not None
        assert changed.created_at == created
        assert changed.updated_at > updated


def test_partial_dates_are_stored_as_iso_text_and_the_database_sorts_them_by_first_day(db: Database) -> None:
    starts = ["2021-03-05", "2020", "2021", "2020-07-15", "2020-07", "2019-12-31", "2021-02"]
    trials = [make_trial(f"drug {i}", start, key=f"t{i}") for i, start in enumerate(starts)]
    import_bytes(db, exchange_bytes(make_person(trials=trials)))
    with db.reading() as session:
        stored = [row[0] for row in session.execute(text("SELECT start FROM trial ORDER BY start"))]
        typed = list(session.scalars(select(orm.TrialRow.start).order_by(orm.TrialRow.start)))
    assert stored == ["2019-12-31", "2020", "2020-07", "2020-07-15", "2021", "2021-02", "2021-03-05"]
    assert stored == [d.iso() for d in sorted(PartialDate.parse(s) for s in starts)]
    assert typed == [PartialDate.parse(s) for s in stored]
    assert [d.precision for d in typed][:3] == [3, 1, 2]


def test_a_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(orm.PersonRow(name="Dana Rivera", name_folded="dana rivera"))
        session.flush()
        raise RuntimeError("the laptop's battery ran out")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(orm.PersonRow)) == 0


def test_two_people_whose_names_differ_only_in_case_cannot_both_be_stored(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with db.transaction() as session:
        session.add(orm.PersonRow(name="Dana Rivera", name_folded="dana rivera"))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(orm.PersonRow(name="DANA RIVERA", name_folded="dana rivera"))


def counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES_BELOW_PERSON}


def test_removing_a_person_removes_every_row_of_their_record_and_nobody_elses(db: Database) -> None:
    import_bytes(db, exchange_bytes(full_person("Dana Rivera"), full_person("Sam Okafor")))
    before = counts(db)
    assert all(n == 2 for n in before.values()), before

    remove_person(db, find_person(db, "Dana Rivera").key)

    assert counts(db) == {table: 1 for table in before}


def test_the_database_itself_cascades_when_a_person_row_is_deleted(db: Database) -> None:
    """Even a delete that bypasses the ORM (a repair by hand) leaves no orphan rows."""
    import_bytes(db, exchange_bytes(full_person("Dana Rivera"), full_person("Sam Okafor")))
    with db.transaction() as session:
        session.execute(text("DELETE FROM person WHERE name = 'Dana Rivera'"))
    assert counts(db) == {t.__tablename__: 1 for t in TABLES_BELOW_PERSON}


# -- schema versions -------------------------------------------------------------------------


def test_a_database_from_a_newer_triallog_is_refused_and_left_byte_for_byte_alone(data_dir: Path) -> None:
    Database(data_dir).close()
    path = data_dir / "triallog.db"
    set_revision(path, "9999")
    before = fingerprint(path)
    time.sleep(0.01)

    with pytest.raises(DatabaseTooNew, match="9999"):
        Database(data_dir)

    assert fingerprint(path) == before
    assert list(data_dir.glob("backups/*")) == []
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    con.close()


def test_an_older_database_is_copied_aside_before_it_is_migrated(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Database(data_dir)
    with first.transaction() as session:
        session.add(orm.PersonRow(name="Dana Rivera", name_folded="dana rivera"))
    first.close()
    path = data_dir / "triallog.db"
    set_revision(path, "0000")
    migrated: list[Engine] = []
    monkeypatch.setattr(storage_db, "KNOWN_REVISIONS", ("0000", SCHEMA_REVISION))
    monkeypatch.setattr(storage_db, "migrate", migrated.append)

    database = Database(data_dir)
    database.close()

    assert [engine.url for engine in migrated] == [database.engine.url]
    backup = database.backup
    assert backup is not None and backup.parent == data_dir / "backups"
    assert backup.name.startswith(f"triallog-{date.today().isoformat()}T")
    assert backup.name.endswith("-before-upgrade.db")
    assert list(data_dir.glob("backups/*")) == [backup]
    assert mode(backup) == 0o600
    copy = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0000",)
        assert copy.execute("SELECT name FROM person").fetchall() == [("Dana Rivera",)]
    finally:
        copy.close()


def test_a_current_database_is_opened_without_a_copy_or_a_migration(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Database(data_dir).close()
    migrated: list[Engine] = []
    monkeypatch.setattr(storage_db, "migrate", migrated.append)
    database = Database(data_dir)
    database.close()
    assert migrated == [] and database.backup is None
    assert list(data_dir.glob("*.before-upgrade-*")) == []


def test_the_program_knows_the_newest_migration_as_its_schema() -> None:
    scripts = ScriptDirectory(str(files("triallog.storage") / "migrations"))
    assert scripts.get_current_head() == SCHEMA_REVISION
    assert [s.revision for s in scripts.walk_revisions()][::-1] == list(storage_db.KNOWN_REVISIONS)


def test_the_migrated_schema_is_exactly_what_the_tables_in_code_describe(db: Database) -> None:
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), orm.Base.metadata) == []
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
