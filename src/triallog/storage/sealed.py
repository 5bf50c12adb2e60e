"""Sealed files: a file's bytes encrypted with the folder's master key, with a small documented header.

    magic   8 bytes  b"TLSEALED"
    version 1 byte   1
    nonce  12 bytes  random, never reused
    body             AES-256-GCM ciphertext of the data, then its 16-byte tag

The AES key is HKDF-SHA256 of the master key with info "triallog sealed file 1", never the master key
itself (which keys SQLCipher). The 21 header bytes are the associated data: a changed header, like a
changed byte anywhere, is refused. See docs/protection.md.
"""

from __future__ import annotations

import secrets

from triallog.storage.vault import Key, ProtectionError

MAGIC = b"TLSEALED"
VERSION = 1
NONCE_BYTES = 12
HEADER_BYTES = len(MAGIC) + 1 + NONCE_BYTES
TAG_BYTES = 16
PURPOSE = "triallog sealed file 1"


class NotSealed(ProtectionError):
    """The bytes are not a sealed file of a version this TrialLog knows."""


class SealBroken(ProtectionError):
    """The sealed file was changed or damaged, or belongs to another key."""


def seal(key: Key, data: bytes) -> bytes:
    """`data` encrypted and authenticated under `key`: header, ciphertext, tag."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = MAGIC + bytes([VERSION]) + secrets.token_bytes(NONCE_BYTES)
    return header + AESGCM(key.derive(PURPOSE)).encrypt(header[-NONCE_BYTES:], data, header)


def is_sealed(blob: bytes) -> bool:
    return blob[: len(MAGIC)] == MAGIC


def open_sealed(key: Key, blob: bytes) -> bytes:
    """The data sealed in `blob`; NotSealed or SealBroken when it cannot be given back whole."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(blob) or len(blob) < HEADER_BYTES + TAG_BYTES:
        raise NotSealed("This is not a file sealed by TrialLog.")
    if blob[len(MAGIC)] != VERSION:
        raise NotSealed("This file was sealed by a newer TrialLog; install it to open the file.")
    header = blob[:HEADER_BYTES]
    try:
        return AESGCM(key.derive(PURPOSE)).decrypt(header[-NONCE_BYTES:], blob[HEADER_BYTES:], header)
    except InvalidTag:
        raise SealBroken("This sealed file was changed or damaged, or was sealed with another key.") from None
