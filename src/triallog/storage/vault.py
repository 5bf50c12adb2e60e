"""The vault: the one master key of a protected data folder, kept only wrapped, in `vault.json`.

A random 32-byte master key encrypts the records (SQLCipher) and, through a key derived from it, any file
sealed with `storage.sealed`. The key itself is never written down: each *slot* of the vault holds it
wrapped with AES-256-GCM under a key that scrypt derives from a secret, the passphrase or the recovery
key. Changing the passphrase rewraps one slot; the records are not touched. See docs/protection.md.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

VAULT_NAME = "vault.json"
FORMAT = "triallog-vault"
VERSION = 1
#: scrypt's cost: about 0.17 s and 64 MiB on a 2024 laptop core (see docs/protection.md)
SCRYPT = {"n": 2**16, "r": 8, "p": 1}
KEY_BYTES = 32
#: the shortest passphrase accepted
MIN_PASSPHRASE = 8
#: a recovery key: 20 random bytes in base32, 32 letters and digits in eight groups of four
RECOVERY_BYTES = 20

SlotKind = Literal["passphrase", "recovery"]


class ProtectionError(Exception):
    """A problem with a passphrase or a vault; `str()` is one plain sentence that holds no secret."""


class PassphraseNeeded(ProtectionError):
    """The records are protected and no passphrase (or key) was given."""


class WrongPassphrase(ProtectionError):
    """The passphrase (or recovery key) does not open this vault."""


class VaultDamaged(ProtectionError):
    """vault.json cannot be read: without it the protected records cannot be opened."""


@dataclass(frozen=True)
class Key:
    """The master key of a vault. Its bytes never appear in a repr, a log or a traceback's locals."""

    material: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.material) != KEY_BYTES:
            raise ValueError("a master key is 32 bytes")

    def __repr__(self) -> str:
        return "Key(…)"

    def sqlcipher_pragma(self) -> str:
        """The value of `PRAGMA key` that keys SQLCipher with these raw bytes (no per-connection KDF)."""
        return f"\"x'{self.material.hex()}'\""

    def derive(self, purpose: str) -> bytes:
        """A 32-byte subkey for one purpose (HKDF-SHA256), so that one key never serves two ciphers."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=purpose.encode()).derive(self.material)

    @classmethod
    def new(cls) -> Key:
        return cls(secrets.token_bytes(KEY_BYTES))


@dataclass(frozen=True)
class Slot:
    kind: SlotKind
    salt: bytes
    nonce: bytes
    wrapped: bytes


@dataclass(frozen=True)
class Vault:
    kdf: dict[str, int]
    slots: tuple[Slot, ...]

    def unlock(self, secret: str, kind: SlotKind = "passphrase") -> Key:
        """The master key, unwrapped with `secret` from the slot of `kind`; WrongPassphrase if it does not fit."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        secret = normal_recovery_key(secret) if kind == "recovery" else secret
        for slot in self.slots:
            if slot.kind != kind:
                continue
            try:
                material = AESGCM(_derive(secret, slot.salt, self.kdf)).decrypt(slot.nonce, slot.wrapped, _aad(kind))
            except InvalidTag:
                continue
            return Key(material)
        what = "recovery key" if kind == "recovery" else "passphrase"
        raise WrongPassphrase(f"That {what} does not open these records. Nothing was changed.")

    def rewrapped(self, key: Key, secret: str, kind: SlotKind = "passphrase") -> Vault:
        """This vault with the slot of `kind` replaced by one wrapping `key` under `secret`."""
        secret = normal_recovery_key(secret) if kind == "recovery" else secret
        kept = tuple(slot for slot in self.slots if slot.kind != kind)
        return Vault(self.kdf, (*kept, _wrap(key, secret, kind, self.kdf)))

    def has(self, kind: SlotKind) -> bool:
        return any(slot.kind == kind for slot in self.slots)


def create(key: Key, passphrase: str, recovery_key: str) -> Vault:
    """A new vault holding `key` in a passphrase slot and a recovery slot."""
    kdf = dict(SCRYPT)
    slots = (_wrap(key, passphrase, "passphrase", kdf), _wrap(key, normal_recovery_key(recovery_key), "recovery", kdf))
    return Vault(kdf, slots)


def new_recovery_key() -> str:
    """A recovery key to print or write down: `ABCD-EFGH-…`, eight groups of four (160 random bits)."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normal_recovery_key(text: str) -> str:
    """A recovery key as typed (any case, spaces or dashes, 0 for O, 1 for I, 8 for B) in its one spelling."""
    kept = "".join(ch for ch in text.upper() if ch.isalnum())
    return kept.translate(str.maketrans("018", "OIB"))


def check_passphrase(passphrase: str) -> str:
    """ "" when `passphrase` may be set, else why not, in a few words (never repeating it)."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"must be at least {MIN_PASSPHRASE} characters long"
    if passphrase != passphrase.strip():
        return "must not begin or end with a space (it would be easy to mistype)"
    return ""


def path_in(folder: Path) -> Path:
    return Path(folder) / VAULT_NAME


def read(path: Path) -> Vault:
    """The vault in `path`; VaultDamaged if it is missing or cannot be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("not a TrialLog vault of a version this TrialLog knows")
        kdf = data["kdf"]
        if kdf.get("name") != "scrypt":
            raise ValueError("an unknown key derivation")
        params = {name: int(kdf[name]) for name in ("n", "r", "p")}
        slots = tuple(
            Slot(slot["kind"], _b64(slot["salt"]), _b64(slot["nonce"]), _b64(slot["wrapped"]))
            for slot in data["slots"]
            if slot["kind"] in ("passphrase", "recovery")
        )
    except FileNotFoundError:
        raise VaultDamaged(
            f"The records are protected, but their key file {path} is missing, so they cannot be opened. "
            "Put the vault.json back from where you keep a copy (a backup has one beside it)."
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise VaultDamaged(
            f"The records are protected, but their key file {path} is damaged, so they cannot be opened. "
            "Put the vault.json back from where you keep a copy (a backup has one beside it)."
        ) from None
    return Vault(params, slots)


def dumps(vault: Vault) -> bytes:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", **vault.kdf, "length": KEY_BYTES},
        "cipher": "AES-256-GCM",
        "slots": [
            {"kind": s.kind, "salt": _text(s.salt), "nonce": _text(s.nonce), "wrapped": _text(s.wrapped)}
            for s in vault.slots
        ],
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def write(path: Path, vault: Vault) -> None:
    """Write `vault` to `path` whole (0600): a temporary file, synced, renamed into place, the folder synced."""
    write_file(Path(path), dumps(vault))


def write_file(path: Path, data: bytes) -> None:
    """`data` into `path` (0600) all at once: never a half-written file, even at a power cut."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")  # (leftovers.part_name: not imported here)
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` last through a power cut (where the system allows syncing a folder)."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open a folder; its renames are journaled
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _wrap(key: Key, secret: str, kind: SlotKind, kdf: dict[str, int]) -> Slot:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_derive(secret, salt, kdf)).encrypt(nonce, key.material, _aad(kind))
    return Slot(kind, salt, nonce, wrapped)


def _derive(secret: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # NFC: the same passphrase typed on a Mac and on Windows is the same bytes
    data = unicodedata.normalize("NFC", secret).encode("utf-8")
    return Scrypt(salt=salt, length=KEY_BYTES, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(data)


def _aad(kind: str) -> bytes:
    # binds each wrapped key to its format and slot kind: a slot moved to another kind does not open
    return f"{FORMAT} {VERSION} {kind}".encode()


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
