"""The files kept beside the records (attached documents in files/, packets in packets/), sealed when they are.

While the records are protected, every kept file is a sealed file (storage.sealed) under the records' key;
while they are plain, every kept file is plain. Each file's own first bytes say which it is, so a reader
never guesses: `read` gives back the plain bytes either way. A file's SHA-256 (shown, and cited by a
packet) is always of its plain bytes.

Turning protection on or off changes every kept file in place, one at a time, each written whole under a
temporary name and renamed over the old one. The marker `kept-files-changing` is written first and removed
last: killed in between, the next opening under the key finds it and seals what is still plain (the
records file's header decides, as for the vault).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from triallog.storage.sealed import is_sealed, open_sealed, seal
from triallog.storage.vault import Key, PassphraseNeeded, sync_folder, write_file

#: the folders of the data folder whose files are sealed with the records
KEPT_DIRS = ("files", "packets")
MARKER = "kept-files-changing"


def read(path: Path, key: Key | None) -> bytes:
    """The plain bytes of a kept file, opened in memory if it is sealed (never written anywhere plain)."""
    data = path.read_bytes()
    if not is_sealed(data):
        return data
    if key is None:
        raise PassphraseNeeded("This file is protected with the records; open them with the passphrase first.")
    return open_sealed(key, data)


def for_keeping(data: bytes, key: Key | None) -> bytes:
    """The bytes to write for a new kept file: sealed under `key` while the records are protected."""
    return seal(key, data) if key is not None else data


def plain_size(path: Path) -> int:
    """The size of the file a person attached, whether or not it is kept sealed."""
    from triallog.storage.sealed import HEADER_BYTES, TAG_BYTES

    size = path.stat().st_size
    with path.open("rb") as f:
        return size - HEADER_BYTES - TAG_BYTES if is_sealed(f.read(HEADER_BYTES)) else size


def kept_files(data_dir: Path) -> Iterator[Path]:
    """Every kept file (temporary files of a write under way, named with a leading dot, left out)."""
    for name in KEPT_DIRS:
        folder = data_dir / name
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def begin_change(data_dir: Path) -> None:
    """Note that the kept files are about to change, before anything else does."""
    write_file(data_dir / MARKER, b"")


def end_change(data_dir: Path) -> None:
    (data_dir / MARKER).unlink(missing_ok=True)
    sync_folder(data_dir)


def seal_all(data_dir: Path, key: Key) -> int:
    """Seal every kept file that is still plain, each whole before the next; how many were sealed."""
    count = 0
    for path in kept_files(data_dir):
        data = path.read_bytes()
        if not is_sealed(data):
            write_file(path, seal(key, data))
            count += 1
    return count


def open_all(data_dir: Path, key: Key) -> int:
    """Make every sealed kept file plain again, each whole before the next; how many were opened."""
    count = 0
    for path in kept_files(data_dir):
        data = path.read_bytes()
        if is_sealed(data):
            write_file(path, open_sealed(key, data))
            count += 1
    return count


def finish(data_dir: Path, key: Key) -> None:
    """At an opening under the key: a change of protection that was stopped leaves plain files beside
    protected records; they are sealed now, and the marker goes."""
    if (data_dir / MARKER).exists():
        seal_all(data_dir, key)
        end_change(data_dir)
