"""The .triallog archive: a zip of record.json plus the files its documents name, read defensively."""

from __future__ import annotations

import hashlib
import io
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.exchange.reader import MAX_RECORD_BYTES, Exchange, check_size, read_exchange

RECORD = "record.json"
MAX_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 1 << 30  # 1 GiB: far more than a family's scanned letters
MAX_RATIO = 200  # a bigger compression ratio on a large member is a zip bomb, not a letter


@dataclass
class ArchiveContents:
    exchange: Exchange
    #: (person index, document key) -> the file's bytes, checked against its sha256
    files: dict[tuple[int, str], bytes] = field(default_factory=dict)


def _unsafe(name: str) -> str | None:
    path = PurePosixPath(name)
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path refused"
    if ".." in path.parts or "\\" in name:
        return "path leaves the archive (..) refused"
    return None


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int | None = None) -> bytes:
    """A member's bytes (at most `limit`); a damaged, encrypted or oddly compressed member is bad input, not a crash."""
    try:
        if limit is None:
            return zf.read(info)
        with zf.open(info) as member:
            return member.read(limit + 1)  # one byte more than allowed shows a size the directory hid
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise ValidationError(
            f"archive: {info.filename}", f"is damaged or cannot be unpacked ({error})", info.filename
        ) from None


def read_archive(data: bytes) -> ArchiveContents:
    """Check the zip's entries, read record.json, match every document to its file."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationError("file", "is not a .triallog archive (not a zip file)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ValidationError("archive", f"holds {len(infos)} entries; at most {MAX_ENTRIES} are accepted")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES:
            raise ValidationError("archive", f"would unpack to {total} bytes; at most {MAX_UNPACKED_BYTES} accepted")
        problems: list[Problem] = []
        entries: dict[str, zipfile.ZipInfo] = {}
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if name in seen:
                # zipfile would read the last copy and common unzip tools the first: neither is safe to trust
                problems.append(Problem(f"archive: {name}", f"the archive holds {name} twice", name))
                continue
            seen.add(name)
            reason = _unsafe(name)
            if reason:
                problems.append(Problem(f"archive: {name}", reason, name))
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                problems.append(Problem(f"archive: {name}", "links are refused", name))
                continue
            if info.compress_size and info.file_size > (1 << 20) and info.file_size / info.compress_size > MAX_RATIO:
                problems.append(Problem(f"archive: {name}", "compression ratio is absurd (zip bomb) refused", name))
                continue
            if not info.is_dir():
                entries[name] = info
        raise_if(problems)
        if RECORD not in entries:
            raise ValidationError("archive", f"has no {RECORD}")
        # the size its directory declares, then the bytes it really unpacks to
        check_size(entries[RECORD].file_size, MAX_RECORD_BYTES, f"archive: {RECORD}")
        record = _read(zf, entries[RECORD], MAX_RECORD_BYTES)
        check_size(len(record), MAX_RECORD_BYTES, f"archive: {RECORD}")
        exchange = read_exchange(record, archive=True)
        contents = ArchiveContents(exchange)
        named: set[str] = set()
        for pi, person in enumerate(exchange.people):
            for di, document in enumerate(person.documents):
                if document.file is None:
                    continue
                path = f"people[{pi}].documents[{di}].file"
                named.add(document.file)
                if document.file not in entries:
                    problems.append(Problem(path, "the archive has no such file", document.file))
                    continue
                blob = _read(zf, entries[document.file])
                digest = hashlib.sha256(blob).hexdigest()
                if document.sha256 and digest != document.sha256:
                    problems.append(
                        Problem(f"people[{pi}].documents[{di}].sha256", f"does not match the file (it is {digest})")
                    )
                contents.files[(pi, document.key)] = blob
        for name in entries:
            if name != RECORD and name not in named:
                problems.append(Problem(f"archive: {name}", "a file no document names", name))
        raise_if(problems)
        return contents


def write_archive(record: bytes, files: dict[str, bytes]) -> bytes:
    """The archive's bytes: record.json first, then each file at its path under files/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(RECORD, record)
        for name, blob in files.items():
            zf.writestr(name, blob)
    return buffer.getvalue()
