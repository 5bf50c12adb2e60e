"""A person protects their records with a passphrase: encrypted at rest, backups too, and nothing lost on the way."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.factories import make_document
from tests.storage.protection_helpers import (
    PASSPHRASE,
    cheap_scrypt,
    files_holding,
    folder_with_record,
    private_words,
    temporary_files,
)
from tests.storage.test_migrations import add_first_version_person, make_old_database
from triallog.domain.errors import ValidationError
from triallog.exchange import encrypted
from triallog.services import protection
from triallog.services.backups import BackupKeyNeeded, back_up_now, daily_backup, list_backups, restore
from triallog.services.documents import attach_document
from triallog.services.packets import PacketOptions, make_packet
from triallog.services.people import list_people
from triallog.services.roster import people_here
from triallog.services.transfer import export_path, import_path
from triallog.services.workspace import open_workspace
from triallog.storage import backups, cipher, kept_files, vault
from triallog.storage.db import SCHEMA_REVISION, Database
from triallog.storage.lock import FolderLock
from triallog.storage.problems import Kind, StorageProblem
from triallog.storage.sealed import is_sealed

#: the cost the program ships with, read before the tests lower it
SHIPPED_SCRYPT = dict(vault.SCRYPT)


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_scrypt(monkeypatch)


@pytest.fixture
def dana_folder(data_dir: Path, dana_json: Path) -> Path:
    return folder_with_record(data_dir, dana_json)


def names(db: Database) -> list[str]:
    return [p.name for p in list_people(db)]


def test_protected_records_open_only_with_the_passphrase_or_the_recovery_key(dana_folder: Path) -> None:
    made = protection.protect(dana_folder, PASSPHRASE)

    assert protection.status(dana_folder) == protection.Status(protected=True, has_recovery_key=True)
    assert cipher.header(dana_folder / "triallog.db") != cipher.PLAIN_HEADER
    with pytest.raises(protection.PassphraseNeeded):
        open_workspace(dana_folder)
    with pytest.raises(protection.WrongPassphrase):
        protection.unlock(dana_folder, "not the passphrase")
    key = protection.unlock(dana_folder, PASSPHRASE)
    assert key == made.key
    # the recovery key as a person types it back from paper: small letters, spaces for dashes
    assert protection.recover(dana_folder, made.recovery_key.lower().replace("-", " ")) == key
    db = open_workspace(dana_folder, key=key)
    try:
        assert names(db) == ["Dana Rivera"]
    finally:
        db.close()
    assert [p.name for p in people_here(dana_folder, key)] == ["Dana Rivera"]  # the quick read, keyed too
    assert repr(key) == "Key(…)" and key.material.hex() not in repr(made)


def test_nothing_of_the_record_is_left_in_plain_bytes_anywhere_in_the_data_folder(
    dana_folder: Path, dana_json: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(encrypted.SCRYPT, "log2_n", 10)
    words = private_words(dana_json)
    assert b"Dana Rivera" in words and b"773-555-0164" in words and b"G43.709" in words
    note = tmp_path / "chart note.txt"
    note.write_bytes(b"Chart note: " + b", ".join(words))
    before = open_workspace(dana_folder)
    back_up_now(before)  # a plain backup holding the record, to be protected with the rest
    person = list_people(before)[0].key
    attach_document(before, person, note, make_document("Chart note", key=""))  # a document, sealed on protect
    make_packet(before, person, "1", PacketOptions(), date(2024, 3, 10))  # and a packet kept
    before.close()
    assert any(f.startswith("files/") for f in files_holding(dana_folder, words))  # seen when it is there

    key = protection.protect(dana_folder, PASSPHRASE).key
    db = open_workspace(dana_folder, key=key)
    try:
        daily_backup(db)
        back_up_now(db)
        import_path(db, dana_json, replace=True)  # the whole record again, in the -wal log while open
        assert (dana_folder / "triallog.db-wal").exists()
        person = list_people(db)[0].key
        attach_document(db, person, note, make_document("Chart note", key=""))
        make_packet(db, person, "1", PacketOptions(), date(2024, 3, 10))
        assert files_holding(dana_folder, words) == {}
        # the packets too (their text is drawn in compressed streams, so look at what the files are)
        assert [p.parent.name for p in kept_files.kept_files(dana_folder) if not is_sealed(p.read_bytes())] == []
        export_path(db, tmp_path / "sent" / "dana.triallog", passphrase="for the clinic only")  # encrypted
        assert (tmp_path / "sent" / "dana.triallog").exists() and files_holding(tmp_path / "sent", words) == {}
    finally:
        db.close()
    assert files_holding(dana_folder, words) == {}
    assert temporary_files(dana_folder) == []
    assert all(b.good and b.protected and b.people in (0, 1) for b in list_backups(dana_folder, key))
    assert all(backups.vault_beside(b.path).exists() for b in list_backups(dana_folder, key))


def test_a_new_passphrase_opens_the_records_and_their_backups_and_the_old_one_opens_nothing(
    dana_folder: Path,
) -> None:
    key = protection.protect(dana_folder, PASSPHRASE).key
    with pytest.raises(ValidationError, match="at least 8"):
        protection.change(dana_folder, key, "short")

    protection.change(dana_folder, key, "a brand new passphrase")

    with pytest.raises(protection.WrongPassphrase):
        protection.unlock(dana_folder, PASSPHRASE)
    assert protection.unlock(dana_folder, "a brand new passphrase") == key
    backup = list_backups(dana_folder)[0].path
    with pytest.raises(protection.WrongPassphrase):
        protection.unlock_backup(backup, PASSPHRASE)
    assert protection.unlock_backup(backup, "a brand new passphrase") == key


def test_turned_off_the_records_are_plain_and_the_backups_of_that_time_still_open(dana_folder: Path) -> None:
    key = protection.protect(dana_folder, PASSPHRASE).key

    protection.unprotect(dana_folder, key)

    assert protection.status(dana_folder) == protection.Status(protected=False)
    assert not (dana_folder / "vault.json").exists()
    db = open_workspace(dana_folder)
    try:
        assert names(db) == ["Dana Rivera"]
    finally:
        db.close()
    backup = list_backups(dana_folder)[0]
    assert backup.protected and backup.locked
    # restored into the plain records with the passphrase of its day: the records stay plain
    with pytest.raises(BackupKeyNeeded):
        restore(dana_folder, backup.path)
    restore(dana_folder, backup.path, backup_key=protection.unlock_backup(backup.path, PASSPHRASE))
    assert not cipher.encrypted(dana_folder / "triallog.db")


def test_a_plain_backup_restored_into_protected_records_comes_in_protected(
    dana_folder: Path, tmp_path: Path, dana_json: Path
) -> None:
    db = open_workspace(dana_folder)
    outside = back_up_now(db, tmp_path / "kept-elsewhere.db").path
    db.close()
    key = protection.protect(dana_folder, PASSPHRASE).key
    with pytest.raises(protection.PassphraseNeeded):
        restore(dana_folder, outside)

    kept = restore(dana_folder, outside, key=key)

    assert kept is not None and cipher.encrypted(kept) and backups.vault_beside(kept).exists()
    assert cipher.encrypted(dana_folder / "triallog.db")
    db = open_workspace(dana_folder, key=key)
    try:
        assert names(db) == ["Dana Rivera"]
    finally:
        db.close()
    assert files_holding(dana_folder, private_words(dana_json)) == {}


def test_an_old_schema_protected_is_upgraded_in_place_under_its_key(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    add_first_version_person(make_old_database(folder, "0001"))
    key = protection.protect(folder, PASSPHRASE).key

    db = Database(folder, key=key)  # Alembic runs its migrations on the encrypted file
    try:
        assert names(db) == ["Ana Lima"]
        assert db.backup is not None and cipher.encrypted(db.backup)
    finally:
        db.close()
    assert cipher.encrypted(folder / "triallog.db")
    assert backups.inspect(folder / "triallog.db", key=key).revision == SCHEMA_REVISION
    assert files_holding(folder, [b"Ana Lima", b"typed in 2025"]) == {}


def test_protection_waits_for_the_window_and_for_another_program_using_the_records(dana_folder: Path) -> None:
    window = FolderLock(dana_folder)
    assert window.acquire()
    try:
        with pytest.raises(StorageProblem) as refused:
            protection.protect(dana_folder, PASSPHRASE)
        assert refused.value.kind is Kind.LOCKED
    finally:
        window.release()
    # a window passes the lock it holds
    window.acquire()
    made = protection.protect(dana_folder, PASSPHRASE, lock=window)
    assert window.held
    window.release()

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(dana_folder / "triallog.db"), made.key.material.hex()],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        import triallog.storage.problems as problems

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(problems, "LOCK_WAIT", 0.2)
            with pytest.raises(StorageProblem) as busy:
                protection.unprotect(dana_folder, made.key)
        assert busy.value.kind is Kind.LOCKED
    finally:
        holder.kill()
        holder.wait()
    assert protection.status(dana_folder).protected  # nothing changed
    assert temporary_files(dana_folder) == []


#: another program with the records open (a reading connection, idle)
HOLD_OPEN = """
import sys, time
from sqlcipher3 import dbapi2
con = dbapi2.connect(sys.argv[1])
con.execute("PRAGMA key = \\"x'" + sys.argv[2] + "'\\"")
con.execute("SELECT count(*) FROM person").fetchall()
print("open", flush=True)
time.sleep(60)
"""


def test_the_vault_file_says_how_the_key_is_kept_and_never_holds_it(dana_folder: Path) -> None:
    import json

    key = protection.protect(dana_folder, PASSPHRASE).key
    text = (dana_folder / "vault.json").read_text(encoding="utf-8")
    stored = json.loads(text)

    assert stored["format"] == "triallog-vault" and stored["version"] == 1
    assert stored["kdf"] == {"name": "scrypt", **vault.SCRYPT, "length": 32}
    assert stored["cipher"] == "AES-256-GCM"
    assert [slot["kind"] for slot in stored["slots"]] == ["passphrase", "recovery"]
    assert key.material.hex() not in text and PASSPHRASE not in text
    assert (dana_folder / "vault.json").stat().st_mode & 0o777 == 0o600


def test_the_shipped_scrypt_cost_is_a_real_one() -> None:
    assert SHIPPED_SCRYPT["n"] >= 2**15 and SHIPPED_SCRYPT["r"] == 8  # about 0.1-0.3 s on a laptop (docs/protection.md)


def test_a_vault_left_beside_plain_records_by_a_stopped_change_is_removed_at_the_next_start(
    dana_folder: Path,
) -> None:
    (dana_folder / "vault.json").write_bytes(b"{}")  # protect was stopped after writing it

    Database(dana_folder).close()

    assert not (dana_folder / "vault.json").exists()
    assert protection.status(dana_folder) == protection.Status(protected=False)


def test_protecting_twice_or_unprotecting_plain_records_is_refused_plainly(dana_folder: Path) -> None:
    with pytest.raises(ValidationError, match="not protected"):
        protection.unprotect(dana_folder, vault.Key.new())
    key = protection.protect(dana_folder, PASSPHRASE).key
    with pytest.raises(ValidationError, match="protected already"):
        protection.protect(dana_folder, PASSPHRASE)
    with pytest.raises(protection.WrongPassphrase):
        protection.unprotect(dana_folder, vault.Key.new())  # a key of other records changes nothing
    assert protection.unlock(dana_folder, PASSPHRASE) == key
