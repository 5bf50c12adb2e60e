"""An encrypted .triallog: the whole archive sealed under a key that scrypt derives from an export passphrase.

    magic   8 bytes  b"TLEXPORT"
    version 1 byte   1
    log2 n  1 byte   scrypt's cost n = 2 ** this (17 when written by this TrialLog)
    r       1 byte   scrypt's block size (8)
    p       1 byte   scrypt's parallelism (1)
    salt   16 bytes  random
    nonce  12 bytes  random
    body             AES-256-GCM ciphertext of the whole .triallog (zip) file, then its 16-byte tag

key = scrypt(passphrase in Unicode NFC as UTF-8, salt, n, r, p, 32 bytes); the 40 header bytes are the
associated data. The passphrase is the export's own, not the records': the person receiving it has no
vault. docs/encrypted-export.md says the same for another program to read it.
"""

from __future__ import annotations

import secrets
import unicodedata

from triallog.domain.errors import ValidationError

MAGIC = b"TLEXPORT"
VERSION = 1
SALT_BYTES, NONCE_BYTES, TAG_BYTES = 16, 12, 16
HEADER_BYTES = len(MAGIC) + 4 + SALT_BYTES + NONCE_BYTES
#: scrypt's cost for new exports: 128 MiB and about 0.6 s, once; a guesser pays it for every guess
SCRYPT = {"log2_n": 17, "r": 8, "p": 1}
#: the most an export may ask of the computer opening it (a crafted header must not exhaust its memory)
MAX_LOG2_N, MAX_R, MAX_P = 20, 16, 4


class ExportPassphraseNeeded(ValidationError):
    """The file is an encrypted export: its passphrase is needed to read it."""

    def __init__(self) -> None:
        super().__init__("passphrase", "this export is encrypted: its passphrase is needed to read it")


class WrongExportPassphrase(ValidationError):
    """The passphrase does not open this export (or the file was changed)."""

    def __init__(self) -> None:
        super().__init__(
            "passphrase",
            "does not open this export (or the file was changed since it was written); nothing was changed",
        )


def is_encrypted(data: bytes) -> bool:
    return data[: len(MAGIC)] == MAGIC


def encrypt(archive: bytes, passphrase: str) -> bytes:
    """The whole archive encrypted under `passphrase`: header, ciphertext, tag."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    cost = bytes([SCRYPT["log2_n"], SCRYPT["r"], SCRYPT["p"]])
    header = MAGIC + bytes([VERSION]) + cost + secrets.token_bytes(SALT_BYTES) + secrets.token_bytes(NONCE_BYTES)
    key = _key(passphrase, header)
    return header + AESGCM(key).encrypt(header[-NONCE_BYTES:], archive, header)


def decrypt(data: bytes, passphrase: str) -> bytes:
    """The archive inside an encrypted export; WrongExportPassphrase when it does not open whole."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_encrypted(data) or len(data) < HEADER_BYTES + TAG_BYTES:
        raise ValidationError("file", "is not an encrypted TrialLog export")
    if data[len(MAGIC)] != VERSION:
        raise ValidationError("file", "was encrypted by a newer TrialLog; install it to read this export")
    header = data[:HEADER_BYTES]
    try:
        return AESGCM(_key(passphrase, header)).decrypt(header[-NONCE_BYTES:], data[HEADER_BYTES:], header)
    except InvalidTag:
        raise WrongExportPassphrase() from None


def _key(passphrase: str, header: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    log2_n, r, p = header[len(MAGIC) + 1 : len(MAGIC) + 4]
    if not (1 <= log2_n <= MAX_LOG2_N and 1 <= r <= MAX_R and 1 <= p <= MAX_P):
        raise ValidationError("file", "asks for a key derivation this TrialLog does not do (a damaged file?)")
    salt = header[len(MAGIC) + 4 : len(MAGIC) + 4 + SALT_BYTES]
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(secret)
