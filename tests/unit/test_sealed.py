"""Sealed files and the vault's slots: what the next lane (documents, packets, encrypted exports) builds on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.protection_helpers import cheap_scrypt
from triallog.services.protection import Key, NotSealed, SealBroken, WrongPassphrase, open_sealed, seal
from triallog.storage import sealed, vault

LETTER = b"%PDF-1.7 denial letter for Dana Rivera, member W184466021"


def test_a_sealed_file_opens_whole_with_its_key_and_holds_nothing_plain() -> None:
    key = Key.new()

    blob = seal(key, LETTER)

    assert open_sealed(key, blob) == LETTER
    assert b"Rivera" not in blob and b"W184466021" not in blob
    assert seal(key, LETTER) != blob  # a new nonce each time
    assert len(blob) == sealed.HEADER_BYTES + len(LETTER) + sealed.TAG_BYTES


def test_the_header_is_as_documented() -> None:
    blob = seal(Key.new(), b"")

    assert blob[:8] == b"TLSEALED" and blob[8] == 1
    assert sealed.HEADER_BYTES == 8 + 1 + 12


@pytest.mark.parametrize("where", [0, 8, 9, 21, -1])
def test_a_changed_byte_anywhere_is_refused(where: int) -> None:
    key = Key.new()
    blob = bytearray(seal(key, LETTER))
    blob[where] ^= 0x01

    with pytest.raises((NotSealed, SealBroken)):
        open_sealed(key, bytes(blob))


def test_another_key_or_plain_bytes_are_refused_in_plain_words() -> None:
    blob = seal(Key.new(), LETTER)

    with pytest.raises(SealBroken, match="another key"):
        open_sealed(Key.new(), blob)
    with pytest.raises(NotSealed, match="not a file sealed by TrialLog"):
        open_sealed(Key.new(), LETTER)


def test_the_sealing_key_is_not_the_database_key() -> None:
    key = Key(bytes(range(32)))

    assert key.derive(sealed.PURPOSE) != key.material
    assert key.derive(sealed.PURPOSE) == Key(bytes(range(32))).derive(sealed.PURPOSE)


def test_recovery_keys_are_easy_to_copy_and_forgive_how_they_are_typed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cheap_scrypt(monkeypatch)
    recovery = vault.new_recovery_key()
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    key = Key.new()
    vault.write(tmp_path / "vault.json", vault.create(key, "a passphrase", recovery))
    kept = vault.read(tmp_path / "vault.json")

    typed = recovery.lower().replace("-", "  ").replace("O", "0").replace("o", "0")
    assert kept.unlock(typed, "recovery") == key
    assert kept.unlock("a passphrase") == key
    with pytest.raises(WrongPassphrase):
        kept.unlock(recovery)  # a recovery key is not a passphrase: each opens its own slot


def test_a_passphrase_typed_on_another_system_is_the_same_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_scrypt(monkeypatch)
    key = Key.new()
    kept = vault.create(key, "Jos\u00e9 Ca\u00f1ada 1984", vault.new_recovery_key())

    assert kept.unlock("Jose\u0301 Can\u0303ada 1984") == key  # macOS spells accents as two code points
