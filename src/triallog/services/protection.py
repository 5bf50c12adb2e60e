"""Protecting the records with a passphrase: the one API of the window and the command line.

    status(folder)                      is it protected, and what is there
    unlock(folder, passphrase) -> Key   the master key, for `open_workspace(..., key=key)`
    recover(folder, recovery_key) -> Key
    protect(folder, passphrase) -> Protected (key, recovery key shown once)
    change(folder, key, new_passphrase) rewraps the passphrase slot of vault.json; the records are untouched
    unprotect(folder, key)              the records plain again; vault.json removed
    seal(key, data) / open_sealed(key, blob)   a file's bytes, for documents and packets

Every change holds the folder's lock (the window's): a window must close its `Database` and pass the lock
it holds (`lock=`); the command line is refused while a window is open. How each step survives a power
cut is in `storage.encryption` and docs/protection.md; in short, the records file's header decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from triallog.domain.errors import ValidationError
from triallog.paths import DATABASE_NAME
from triallog.storage import backups, cipher, kept_files, leftovers, vault
from triallog.storage.folder import prepare_folder
from triallog.storage.lock import FolderLock
from triallog.storage.problems import Kind, StorageProblem
from triallog.storage.sealed import NotSealed, SealBroken, open_sealed, seal
from triallog.storage.vault import (
    Key,
    PassphraseNeeded,
    ProtectionError,
    VaultDamaged,
    WrongPassphrase,
    check_passphrase,
)

__all__ = [
    "Key",
    "NotSealed",
    "PassphraseNeeded",
    "Protected",
    "ProtectionError",
    "SealBroken",
    "Status",
    "VaultDamaged",
    "WrongPassphrase",
    "change",
    "check_passphrase",
    "open_sealed",
    "protect",
    "recover",
    "seal",
    "status",
    "unlock",
    "unlock_backup",
    "unprotect",
]


@dataclass(frozen=True)
class Status:
    #: the records file is protected (its header says so: the one thing that decides)
    protected: bool
    #: a recovery key was made (it opens the records when the passphrase is forgotten)
    has_recovery_key: bool = False


@dataclass(frozen=True)
class Protected:
    """What `protect` gives back: the key, to open the records at once, and the recovery key to show once."""

    key: Key
    recovery_key: str = field(repr=False)
    #: backups that could not be protected (damaged files SQLite cannot read), left as they were
    left_plain: tuple[Path, ...] = ()


def status(folder: Path) -> Status:
    """Whether the records of `folder` are protected. Reads 16 bytes and vault.json: no key derivation."""
    folder = Path(folder)
    if not cipher.records_protected(folder):
        return Status(False)
    try:
        found = vault.read(vault.path_in(folder))
    except VaultDamaged:
        return Status(True)
    return Status(True, found.has("recovery"))


def unlock(folder: Path, passphrase: str) -> Key:
    """The master key of `folder`'s records; WrongPassphrase, or VaultDamaged when vault.json is gone."""
    return vault.read(vault.path_in(Path(folder))).unlock(passphrase)


def recover(folder: Path, recovery_key: str) -> Key:
    """The master key, from the recovery key written down when protection was turned on."""
    return vault.read(vault.path_in(Path(folder))).unlock(recovery_key, "recovery")


def unlock_backup(backup: Path, secret: str, recovery: bool = False) -> Key:
    """The key of a protected backup, from the vault kept beside it with the passphrase of its day (or the
    recovery key of its day)."""
    found = vault.read(backups.vault_beside(Path(backup)))
    return found.unlock(secret, "recovery" if recovery else "passphrase")


def protect(folder: Path, passphrase: str, lock: FolderLock | None = None) -> Protected:
    """Encrypt the records of `folder`, and its backups, under a new master key kept in a new vault.json.

    In this order, each step whole before the next: vault.json written (with a passphrase slot and a
    recovery slot); every plain backup protected, with a copy of the vault beside it; the records file
    copied under the key, checked and renamed into place; then every attached document and kept packet
    sealed. Stopped before the rename, the records are as they were (plain); the backups already protected
    stay so and open with this passphrase. Stopped after it, the next opening seals the files left plain."""
    if problem := vault.check_passphrase(passphrase):
        raise ValidationError("passphrase", problem)
    folder = _records_folder(folder)
    with _held(folder, lock):
        if cipher.records_protected(folder):
            raise ValidationError("passphrase", "these records are protected already; change the passphrase instead")
        key, recovery_key = Key.new(), vault.new_recovery_key()
        kept_files.begin_change(folder)
        vault.write(vault.path_in(folder), vault.create(key, passphrase, recovery_key))
        left_plain = backups.protect_all(folder, key)
        _convert(folder, None, key)
        kept_files.seal_all(folder, key)
        kept_files.end_change(folder)
    return Protected(key, recovery_key, tuple(left_plain))


def change(folder: Path, key: Key, new_passphrase: str, lock: FolderLock | None = None) -> None:
    """A new passphrase for the records of `folder` (opened with `key`, from `unlock` or `recover`): one
    slot of vault.json rewrapped and written whole. The records, the key and the recovery key stay; the
    backups under the same key get the new vault beside them, so that the old passphrase opens nothing."""
    if problem := vault.check_passphrase(new_passphrase):
        raise ValidationError("passphrase", problem)
    folder = Path(folder)
    with _held(folder, lock):
        _must_be_protected(folder)
        place = vault.path_in(folder)
        found = vault.read(place)
        _must_fit(folder, key)
        vault.write(place, found.rewrapped(key, new_passphrase))
        backups.follow_vault(folder, key)


def unprotect(folder: Path, key: Key, lock: FolderLock | None = None) -> None:
    """Open every sealed document and packet back to plain; decrypt the records of `folder` (opened with
    `key`) into a plain file, checked and renamed into place; then remove vault.json. Backups taken while
    protected stay protected, each with its vault beside it."""
    folder = Path(folder)
    with _held(folder, lock):
        _must_be_protected(folder)
        _must_fit(folder, key)
        # the kept files first, while the key is still kept: stopped here, the next opening seals them again
        kept_files.begin_change(folder)
        kept_files.open_all(folder, key)
        _convert(folder, key, None)
        kept_files.end_change(folder)
        vault.path_in(folder).unlink(missing_ok=True)
        vault.sync_folder(folder)


def _records_folder(folder: Path) -> Path:
    """The data folder, with its records file built first if this is a first start."""
    folder = prepare_folder(Path(folder))
    if not (folder / DATABASE_NAME).exists():
        from triallog.storage.db import Database

        Database(folder).close()
    return folder


def _must_be_protected(folder: Path) -> None:
    if not cipher.records_protected(folder):
        raise ValidationError("passphrase", "these records are not protected by a passphrase")


def _must_fit(folder: Path, key: Key) -> None:
    """The key opens the records file (a key from another vault is refused before anything changes)."""
    problem = backups.check_file(folder / DATABASE_NAME, quick=True, key=key)
    if problem:
        raise WrongPassphrase(f"The key does not open these records ({problem}). Nothing was changed.")


def _convert(folder: Path, from_key: Key | None, to_key: Key | None) -> None:
    from triallog.storage.encryption import convert

    convert(folder, from_key, to_key)


@contextmanager
def _held(folder: Path, lock: FolderLock | None) -> Iterator[None]:
    """The folder's lock for the whole change (the caller's, if it holds it), and leftovers of a change that
    was stopped removed first."""
    own = lock is None or not lock.held
    held = FolderLock(folder) if lock is None else lock
    if own and not held.acquire():
        raise StorageProblem(
            Kind.LOCKED,
            "Your records are open in a TrialLog window. Close it, then try again (nothing was changed).",
            folder,
        )
    try:
        leftovers.clean(folder)
        leftovers.stale_vault(folder)
        yield
    finally:
        if own:
            held.release()
