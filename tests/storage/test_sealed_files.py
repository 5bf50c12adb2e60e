"""Dana's denial letter and her kept packet are sealed with her protected records, and open only in memory."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.exchange.test_round_trip import normalize
from tests.factories import make_document
from tests.storage.protection_helpers import PASSPHRASE, cheap_scrypt, files_holding, private_words, temporary_files
from tests.unit.test_packet_archive import tiny_pdf
from triallog.exchange import encrypted
from triallog.services import protection
from triallog.services.documents import attach_document, kept_file, list_documents, read_document
from triallog.services.packet_archive import list_packets, read_packet
from triallog.services.packets import PacketOptions, enclosure_files, make_packet
from triallog.services.people import list_people, load_person
from triallog.services.transfer import (
    ExportPassphraseNeeded,
    PlainExportOfProtected,
    WrongExportPassphrase,
    export_path,
    import_path,
)
from triallog.services.workspace import open_workspace
from triallog.storage import kept_files
from triallog.storage.db import Database
from triallog.storage.sealed import is_sealed

TODAY = date(2024, 3, 10)
EXPORT_PASSPHRASE = "for the clinic only, 2024"


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_scrypt(monkeypatch)
    monkeypatch.setitem(encrypted.SCRYPT, "log2_n", 10)


def letter_bytes(words: list[bytes]) -> bytes:
    """The denial letter as scanned: a PDF that names Dana, her member id and her diagnosis."""
    return tiny_pdf(1, " ".join(w.decode() for w in words[:6])) + b"\n%" + b" ".join(words)


@pytest.fixture
def dana_folder(data_dir: Path, dana_json: Path, tmp_path: Path) -> Path:
    """Dana's record, her denial letter attached and a packet kept, all while the records are plain."""
    words = private_words(dana_json)
    letter = tmp_path / "outside" / "denial letter.pdf"
    letter.parent.mkdir()
    letter.write_bytes(letter_bytes(words))
    db = open_workspace(data_dir)
    try:
        import_path(db, dana_json)
        person = list_people(db)[0].key
        attach_document(db, person, letter, make_document("Cigna denial letter, scanned", key="", case="1"))
        make_packet(db, person, "1", PacketOptions(), TODAY)
    finally:
        db.close()
    return data_dir


def opened(folder: Path, key: protection.Key | None = None) -> Database:
    return open_workspace(folder, key=key)


def test_protecting_seals_every_document_and_packet_and_they_still_read_the_same(
    dana_folder: Path, dana_json: Path
) -> None:
    words = private_words(dana_json)
    before = opened(dana_folder)
    person = list_people(before)[0].key
    [letter] = [d for d in list_documents(before, person) if d.file]
    plain_letter = read_document(before, letter)
    [packet] = list_packets(before, person)
    plain_packet = read_packet(before, person, packet.id)
    before.close()
    assert set(files_holding(dana_folder, words)) >= {letter.file}  # the test sees the words when they are there

    key = protection.protect(dana_folder, PASSPHRASE).key

    assert all(is_sealed(p.read_bytes()) for p in kept_files.kept_files(dana_folder))
    assert len(list(kept_files.kept_files(dana_folder))) == 2
    assert files_holding(dana_folder, words) == {}
    assert temporary_files(dana_folder) == [] and not (dana_folder / kept_files.MARKER).exists()
    db = opened(dana_folder, key)
    try:
        # the SHA-256 shown (and cited by the packet) is the plain file's, as it was attached
        assert read_document(db, letter) == plain_letter
        assert letter.sha256 == hashlib.sha256(plain_letter).hexdigest()
        assert kept_file(db, letter) is not None and kept_file(db, letter).size() == len(plain_letter)  # type: ignore[union-attr]
        assert read_packet(db, person, packet.id) == plain_packet
        # a packet made now encloses the sealed letter, opened in memory, and is kept sealed
        assert set(enclosure_files(db, load_person(db, person))) == {letter.key}
        made = make_packet(db, person, "1", PacketOptions(), TODAY)
        assert made.pages == packet.pages  # the letter's page enclosed, as when the records were plain
        assert read_packet(db, person, int(made.packet_id or 0)) == made.pdf
        assert files_holding(dana_folder, words) == {}
    finally:
        db.close()


@pytest.fixture
def protected_db(dana_folder: Path) -> Iterator[Database]:
    """Dana's folder protected, and opened with its key."""
    db = opened(dana_folder, protection.protect(dana_folder, PASSPHRASE).key)
    yield db
    db.close()


def test_a_document_attached_or_imported_while_protected_is_sealed_before_it_reaches_the_disk(
    protected_db: Database, dana_json: Path, tmp_path: Path
) -> None:
    words, db = private_words(dana_json), protected_db
    person = list_people(db)[0].key
    note = tmp_path / "chart note.txt"
    note.write_bytes(b"Chart note: " + b" ".join(words))
    made = attach_document(db, person, note, make_document("Chart note", key=""))
    [document] = [d for d in list_documents(db, person) if d.key == made.created]
    assert read_document(db, document) == note.read_bytes()
    export_path(db, tmp_path / "dana.triallog", passphrase=EXPORT_PASSPHRASE)
    import_path(db, tmp_path / "dana.triallog", replace=True, passphrase=EXPORT_PASSPHRASE)
    assert files_holding(db.data_dir, words) == {}
    assert all(is_sealed(p.read_bytes()) for p in kept_files.kept_files(db.data_dir))


def test_unprotecting_opens_every_file_back_to_plain(dana_folder: Path) -> None:
    plain = {p.name: p.read_bytes() for p in kept_files.kept_files(dana_folder)}
    key = protection.protect(dana_folder, PASSPHRASE).key
    protection.unprotect(dana_folder, key)

    assert {p.name: p.read_bytes() for p in kept_files.kept_files(dana_folder)} == plain
    assert temporary_files(dana_folder) == [] and not (dana_folder / kept_files.MARKER).exists()


def test_a_protection_change_stopped_half_way_is_finished_at_the_next_opening(dana_folder: Path) -> None:
    """Killed between the records and the last file: the next opening under the key seals what is plain."""
    plain = {p.name: p.read_bytes() for p in kept_files.kept_files(dana_folder)}
    key = protection.protect(dana_folder, PASSPHRASE).key
    # as a kill leaves it: the marker, and one file opened back (as unprotect does before the records)
    kept_files.begin_change(dana_folder)
    first = next(kept_files.kept_files(dana_folder))
    first.write_bytes(plain[first.name])

    db = opened(dana_folder, key)
    db.close()

    assert all(is_sealed(p.read_bytes()) for p in kept_files.kept_files(dana_folder))
    assert not (dana_folder / kept_files.MARKER).exists()
    db = opened(dana_folder, key)
    try:
        person = list_people(db)[0].key
        [letter] = [d for d in list_documents(db, person) if d.file]
        assert read_document(db, letter) == plain[Path(letter.file or "").name]
        assert [read_packet(db, person, p.id)[:5] for p in list_packets(db, person)] == [b"%PDF-"]
    finally:
        db.close()


def test_a_plain_export_of_protected_records_is_refused_until_agreed_naming_what_it_holds(
    protected_db: Database, tmp_path: Path
) -> None:
    with pytest.raises(PlainExportOfProtected) as refused:
        export_path(protected_db, tmp_path / "dana.triallog")
    assert "Dana Rivera" in refused.value.contents and "1 attached document" in refused.value.contents
    assert not (tmp_path / "dana.triallog").exists()
    assert export_path(protected_db, tmp_path / "dana.triallog", plain=True) == 1
    with zipfile.ZipFile(tmp_path / "dana.triallog") as archive:
        letters = [n for n in archive.namelist() if n.startswith("files/")]
        assert letters and archive.read(letters[0]).startswith(b"%PDF-")  # the plain letter, opened


def test_an_encrypted_export_holds_no_plain_byte_and_comes_back_the_same(
    dana_folder: Path, dana_json: Path, tmp_path: Path
) -> None:
    words = private_words(dana_json)
    source = opened(dana_folder)
    try:
        export_path(source, tmp_path / "plain.triallog")
        export_path(source, tmp_path / "dana.triallog", passphrase=EXPORT_PASSPHRASE)
    finally:
        source.close()
    sealed = (tmp_path / "dana.triallog").read_bytes()
    assert sealed.startswith(b"TLEXPORT\x01") and not any(w in sealed for w in words)

    elsewhere = tmp_path / "elsewhere"
    db = open_workspace(elsewhere)
    try:
        with pytest.raises(ExportPassphraseNeeded):
            import_path(db, tmp_path / "dana.triallog")
        with pytest.raises(WrongExportPassphrase):
            import_path(db, tmp_path / "dana.triallog", passphrase="not the passphrase")
        assert list_people(db) == []
        import_path(db, tmp_path / "dana.triallog", passphrase=EXPORT_PASSPHRASE)
        export_path(db, tmp_path / "again.triallog")
    finally:
        db.close()
    original, again = (_record(tmp_path / name) for name in ("plain.triallog", "again.triallog"))
    assert normalize.diff(normalize.normalize(original), normalize.normalize(again)) == []


def test_the_documented_header_is_enough_to_read_an_encrypted_export(tmp_path: Path, dana_folder: Path) -> None:
    """What docs/encrypted-export.md says, done with the cryptography package alone."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    db = opened(dana_folder)
    try:
        export_path(db, tmp_path / "dana.triallog", passphrase=EXPORT_PASSPHRASE)
    finally:
        db.close()
    data = (tmp_path / "dana.triallog").read_bytes()
    magic, version, log2_n, r, p = data[:8], data[8], data[9], data[10], data[11]
    salt, nonce, body = data[12:28], data[28:40], data[40:]
    assert (magic, version, r, p) == (b"TLEXPORT", 1, 8, 1)
    key = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(EXPORT_PASSPHRASE.encode("utf-8"))
    archive = AESGCM(key).decrypt(nonce, body, data[:40])
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert json.loads(z.read("record.json"))["people"][0]["name"] == "Dana Rivera"


def _record(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        record: dict[str, object] = json.loads(archive.read("record.json"))
        return record
