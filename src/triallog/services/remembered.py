"""A passphrase remembered by the operating system's keyring, only when the person asked for it.

The keyring is the computer's own store of secrets (GNOME Keyring or KWallet, the macOS Keychain, the
Windows Credential Manager): local, unlocked when the person logs in. A remembered passphrase opens the
records at start without asking; anyone who can log in as this person can then open them too, which is
what the window says before the box is ticked. One entry per data folder, under the application id.
Nothing here prints or logs the passphrase; a keyring that is missing or refuses is treated as empty.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from triallog import APP_ID

#: what the keyring's own window (Passwords and Keys, Keychain Access) calls the entries
SERVICE = APP_ID


def _account(folder: Path) -> str:
    """The data folder, as the entry's user name: each folder remembers its own."""
    return str(Path(folder).expanduser().resolve())


def _keyring():  # type: ignore[no-untyped-def]
    """The `keyring` module, or None where it is not installed."""
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def available() -> bool:
    """Whether this computer has a keyring to remember a passphrase in (offered only then)."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: not offered, never a failure to start
        return False
    return float(getattr(backend, "priority", 0)) > 0


def recall(folder: Path) -> str | None:
    """The passphrase remembered for `folder`, or None (none remembered, or no keyring)."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, _account(folder)) or None
    except Exception:  # locked, refused or broken: ask the person instead
        return None


def remember(folder: Path, passphrase: str) -> bool:
    """Keep `passphrase` for `folder` in the keyring; False when the keyring refused (nothing kept)."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, _account(folder), passphrase)
    except Exception:
        return False
    return True


def forget(folder: Path) -> None:
    """No passphrase remembered for `folder` any more (nothing to do when none was)."""
    keyring = _keyring()
    if keyring is None:
        return
    with contextlib.suppress(Exception):  # none there, or no keyring: forgotten either way
        keyring.delete_password(SERVICE, _account(folder))


def is_remembered(folder: Path) -> bool:
    return recall(folder) is not None
