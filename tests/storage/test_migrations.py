"""A database written by an earlier TrialLog is copied aside, then upgraded, and keeps every word."""

from __future__ import annotations

import json
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


def add_first_version_person(path: Path) -> None:
    """Ana Lima, as the first version stored a person."""
    with sqlite3.connect(path) as con:
        con.execute(
            "INSERT INTO person (name, name_folded, address, phone, notes, rep_relationship, rep_phone,"
            " rep_authority, created_at, updated_at) VALUES ('Ana Lima', 'ana lima', '', '', 'typed in 2025',"
            " '', '', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    con.close()


def test_a_first_version_database_with_a_record_upgrades_and_keeps_it(tmp_path: Path, dana_json: Path) -> None:
    folder = tmp_path / "old"
    path = make_old_database(folder, "0001")
    with sqlite3.connect(path) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(call)")]
        assert "follow_up_done_at" not in columns
    con.close()
    add_first_version_person(path)

    database = Database(folder)
    try:
        assert database.backup is not None
        assert database.backup.name.endswith("-before-upgrade.db")
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


def test_a_version_3_database_keeps_its_grounds_as_claims_and_dates_its_first_denial(
    tmp_path: Path, dana_v1_json: Path
) -> None:
    """The upgrade to format version 2 reads an old case the way import reads a version 1 file: the same
    record, upgraded in place or exported from the old program and imported, comes out the same."""
    folder = tmp_path / "old"
    path = make_old_database(folder, "0003")
    with sqlite3.connect(path) as con:
        con.execute(
            "INSERT INTO person (id, name, name_folded, address, phone, notes, rep_relationship, rep_phone,"
            " rep_authority, created_at, updated_at) VALUES (1, 'Ruth Adeyemi', 'ruth adeyemi', '', '', '', '',"
            " '', 'CMS-1696 signed 2024-02-21', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        con.execute(
            "INSERT INTO case_ (id, person_id, requested_drug, requested_strength, requested_dose, quantity,"
            " diagnosis, diagnosis_code, denial_date, denial_reference, denial_text, notes, created_at, updated_at)"
            " VALUES (1, 1, 'Trulicity', '', '', '', '', '', '2024-03-04', 'HUM-1', '', '',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        for ground in ("stable_on_current", "prior_failure"):
            con.execute(
                "INSERT INTO case_ground (case_id, ground, created_at, updated_at)"
                f" VALUES (1, '{ground}', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        for when, status in (("2024-03-06", "denied"), ("2024-03-20", "appealed"), ("2024-04-02", "denied")):
            con.execute(
                'INSERT INTO case_event (case_id, "when", status, note, created_at, updated_at)'
                f" VALUES (1, '{when}', '{status}', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
    con.close()

    database = Database(folder)
    try:
        assert database.backup is not None and database.backup.name.endswith("-before-upgrade.db")
        export_path(database, tmp_path / "after.json")
    finally:
        database.close()
    person = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))["people"][0]
    assert person["time_zone"] == "" and person["representative"] is None
    case = person["cases"][0]
    assert case["claims"] == [
        {"ground": "stable_on_current", "required_drug": "", "trials": [], "explanation": ""},
        {"ground": "prior_failure", "required_drug": "", "trials": [], "explanation": ""},
    ]
    assert [(e["date"], e["notice_date"], e["received"]) for e in case["events"]] == [
        ("2024-03-06", "2024-03-04", None),
        ("2024-03-20", None, None),
        ("2024-04-02", None, None),
    ]
    with sqlite3.connect(path) as con:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert "case_ground" not in tables and {"case_claim", "case_claim_trial"} <= tables


def downgrade(database: Database, revision: str) -> None:
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("triallog.storage") / "migrations"))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_the_format_2_migration_can_be_undone_and_done_again(tmp_path: Path, dana_json: Path) -> None:
    folder = tmp_path / "data"
    Database(folder).close()
    database = Database(folder)
    try:
        import_path(database, dana_json)
        export_path(database, tmp_path / "before.json")
        downgrade(database, "0003")
        storage_db.migrate(database.engine, "head")
        export_path(database, tmp_path / "after.json")
    finally:
        database.close()
    before = json.loads((tmp_path / "before.json").read_text(encoding="utf-8"))
    after = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
    # Down to version 1's layout and back loses only what version 1 could not hold: a claim's drug and proof.
    for document in (before, after):
        document.pop("exported_at")
    case_before, case_after = before["people"][0]["cases"][0], after["people"][0]["cases"][0]
    assert [c["ground"] for c in case_after["claims"]] == [c["ground"] for c in case_before["claims"]]
    assert all(c["required_drug"] == "" and c["trials"] == [] for c in case_after["claims"])
    for document in (before, after):
        document["people"][0]["cases"][0].pop("claims")
        for step in document["people"][0]["cases"][0]["events"]:
            step.pop("notice_date"), step.pop("received")
        document["people"][0]["time_zone"] = ""
        for coverage in document["people"][0]["coverages"]:
            for key in ("contact_phone", "contact_fax", "appeals_address", "appeals_fax"):
                coverage[key] = ""
    assert after == before
