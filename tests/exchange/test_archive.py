"""A .triallog archive carries a record with its letters; a dangerous or inconsistent archive changes nothing."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import io
import json
import stat
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.folders import FreshFolder
from triallog.domain.errors import ValidationError
from triallog.exchange import archive
from triallog.services.people import find_person, list_people, load_person
from triallog.services.transfer import export_path, import_path
from triallog.storage import record_import
from triallog.storage.db import Database

LETTER_PATH = "files/denial-2023-01-20.pdf"
LETTER = b"%PDF-1.4\n% Cigna denial letter CG-2023-0045871\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def load_normalize() -> ModuleType:
    spec = importlib.util.spec_from_file_location("normalize", SHARED / "tools" / "normalize.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


normalize = load_normalize()


def sha256(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def record_with_letter(dana_json: Path, name: str = "Dana Rivera") -> dict[str, Any]:
    doc = json.loads(dana_json.read_text(encoding="utf-8"))
    doc["people"][0]["name"] = name
    doc["people"][0]["documents"][0].update(file=LETTER_PATH, sha256=sha256(LETTER))
    return doc


def zip_bytes(entries: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, blob in entries:
            zf.writestr(name, blob)
    return buffer.getvalue()


def good_entries(record: dict[str, Any]) -> list[tuple[str | zipfile.ZipInfo, bytes]]:
    return [("record.json", json.dumps(record).encode()), (LETTER_PATH, LETTER)]


def patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite one field of `name`'s central directory record (what a reader trusts before unpacking)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into(fmt, out, at + offset, value)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the archive")


def declare_size(data: bytes, name: str, size: int) -> bytes:
    return patch_central(data, name, 24, "<I", size)


def damage(data: bytes, marker: bytes) -> bytes:
    """Flip a byte in the middle of the stored bytes that start with `marker`."""
    out = bytearray(data)
    at = out.find(marker)
    assert at != -1
    out[at + 20] ^= 0xFF
    return bytes(out)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


# -- a good archive -------------------------------------------------------------------


def test_a_caregiver_imports_an_archive_and_the_letter_is_kept_privately_in_the_data_folder(
    db: Database, tmp_path: Path, dana_json: Path
) -> None:
    source = tmp_path / "dana.triallog"
    source.write_bytes(zip_bytes(good_entries(record_with_letter(dana_json))))

    result = import_path(db, source)

    assert (result.names, result.files) == (["Dana Rivera"], 1)
    stored = [p for p in (db.data_dir / "files").iterdir()]
    assert len(stored) == 1
    assert stored[0].read_bytes() == LETTER
    assert stat.S_IMODE(stored[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((db.data_dir / "files").stat().st_mode) == 0o700
    document = load_person(db, find_person(db, "Dana Rivera").key).documents[0]
    assert document.title == "Cigna denial letter"
    assert document.sha256 == sha256(LETTER)
    assert db.data_dir / document.file == stored[0]  # type: ignore[operator]


def test_a_letter_whose_checksum_is_unknown_is_accepted(db: Database, tmp_path: Path, dana_json: Path) -> None:
    record = record_with_letter(dana_json)
    record["people"][0]["documents"][0]["sha256"] = ""
    source = tmp_path / "dana.triallog"
    source.write_bytes(zip_bytes(good_entries(record)))
    assert import_path(db, source).files == 1


def test_an_archive_exported_and_imported_on_another_laptop_keeps_the_record_and_the_letter(
    db: Database, tmp_path: Path, dana_json: Path, fresh_folder: FreshFolder
) -> None:
    original = record_with_letter(dana_json)
    source = tmp_path / "dana.triallog"
    source.write_bytes(zip_bytes(good_entries(original)))
    import_path(db, source)

    moved = tmp_path / "moved.triallog"
    export_path(db, moved)
    with zipfile.ZipFile(moved) as zf:
        names = zf.namelist()
        first = json.loads(zf.read("record.json"))
        carried = {n: zf.read(n) for n in names if n != "record.json"}
    assert names[0] == "record.json"
    assert list(carried.values()) == [LETTER]
    letter_name = first["people"][0]["documents"][0]["file"]
    assert letter_name in carried and letter_name.startswith("files/")
    assert first["people"][0]["documents"][0]["sha256"] == sha256(LETTER)

    laptop = Database(fresh_folder(tmp_path / "laptop"))
    try:
        assert import_path(laptop, moved).files == 1
        again = tmp_path / "again.triallog"
        export_path(laptop, again)
        plain = tmp_path / "again.json"
        export_path(laptop, plain)
    finally:
        laptop.close()
    with zipfile.ZipFile(again) as zf:
        second = json.loads(zf.read("record.json"))
        assert [zf.read(n) for n in zf.namelist() if n != "record.json"] == [LETTER]

    assert normalize.diff(normalize.normalize(first), normalize.normalize(second)) == []
    without_files = copy.deepcopy(original)
    del without_files["people"][0]["documents"][0]["file"]
    assert normalize.diff(normalize.normalize(without_files), normalize.normalize(json.loads(plain.read_text()))) == []
    first["people"][0]["documents"][0]["file"] = LETTER_PATH
    assert normalize.diff(normalize.normalize(original), normalize.normalize(first)) == []


def test_two_letters_with_the_same_file_name_both_travel_and_keep_their_names_on_the_way_back(
    db: Database, tmp_path: Path, dana_json: Path, fresh_folder: FreshFolder
) -> None:
    record = record_with_letter(dana_json)
    other = b"%PDF-1.4 chart note"
    record["people"][0]["documents"].append(
        {
            "title": "Chart note",
            "kind": "chart_note",
            "file": "files/0002-denial-2023-01-20.pdf",
            "sha256": sha256(other),
        }
    )
    source = tmp_path / "dana.triallog"
    source.write_bytes(zip_bytes([*good_entries(record), ("files/0002-denial-2023-01-20.pdf", other)]))
    import_path(db, source)
    first, second = tmp_path / "1.triallog", tmp_path / "2.triallog"
    export_path(db, first)
    laptop = Database(fresh_folder(tmp_path / "laptop"))
    try:
        import_path(laptop, first)
        export_path(laptop, second)
    finally:
        laptop.close()
    contents = []
    for path in (first, second):
        with zipfile.ZipFile(path) as zf:
            record_json = json.loads(zf.read("record.json"))
            letters = {d["title"]: zf.read(d["file"]) for d in record_json["people"][0]["documents"]}
            contents.append((normalize.normalize(record_json), letters))
    assert contents[0] == contents[1]
    assert contents[0][1] == {"Cigna denial letter": LETTER, "Chart note": other}


# -- refusals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BadArchive:
    story: str
    place: str
    word: str
    build: Callable[[dict[str, Any]], bytes]


def _symlink_entries(record: dict[str, Any]) -> bytes:
    link = zipfile.ZipInfo(LETTER_PATH)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return zip_bytes([("record.json", json.dumps(record).encode()), (link, b"/etc/passwd")])


def _with_record(
    change: Callable[[dict[str, Any]], None], extra: list[tuple[str, bytes]] | None = None, letter: bool = True
) -> Callable[[dict[str, Any]], bytes]:
    def build(record: dict[str, Any]) -> bytes:
        record = copy.deepcopy(record)
        change(record)
        entries: list[tuple[str | zipfile.ZipInfo, bytes]] = [("record.json", json.dumps(record).encode())]
        if letter:
            entries.append((LETTER_PATH, LETTER))
        entries.extend(extra or [])
        return zip_bytes(entries)

    return build


def _doc(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda record: record["people"][0]["documents"][0].update(fields)


def _nothing(record: dict[str, Any]) -> None:
    return None


BOMB = bytes(4 << 20)  # 4 MiB of zeros: deflates about a thousandfold

BAD_ARCHIVES = [
    BadArchive(
        "an absolute path", "archive: /tmp/evil.pdf", "absolute", _with_record(_nothing, [("/tmp/evil.pdf", b"x")])
    ),
    BadArchive(
        "a ../ path",
        "archive: files/../../evil.pdf",
        "leaves the archive",
        _with_record(_nothing, [("files/../../evil.pdf", b"x")]),
    ),
    BadArchive(
        "a ../ path at the top",
        "archive: ../evil.pdf",
        "leaves the archive",
        _with_record(_nothing, [("../evil.pdf", b"x")]),
    ),
    BadArchive(
        "a backslash path",
        "archive: files\\..\\evil.pdf",
        "leaves the archive",
        _with_record(_nothing, [("files\\..\\evil.pdf", b"x")]),
    ),
    BadArchive("a symbolic link", f"archive: {LETTER_PATH}", "link", _symlink_entries),
    BadArchive(
        "a checksum that does not match",
        "people[0].documents[0].sha256",
        "does not match",
        _with_record(_doc(sha256=sha256(b"another letter"))),
    ),
    BadArchive("a missing file", "people[0].documents[0].file", "no such file", _with_record(_nothing, letter=False)),
    BadArchive(
        "a second document naming a missing file",
        "people[0].documents[1].file",
        "no such file",
        _with_record(lambda r: r["people"][0]["documents"].append({"title": "chart", "file": "files/x.pdf"})),
    ),
    BadArchive(
        "an extra file no document names",
        "archive: files/extra.pdf",
        "no document names",
        _with_record(_nothing, [("files/extra.pdf", b"x")]),
    ),
    BadArchive(
        "a document kept outside files/",
        "people[0].documents[0].file",
        "under files/",
        _with_record(_doc(file="letters/denial.pdf"), [("letters/denial.pdf", LETTER)], letter=False),
    ),
    BadArchive("no record.json", "archive", "no record.json", lambda record: zip_bytes([(LETTER_PATH, LETTER)])),
    BadArchive(
        "a record.json that is not JSON",
        "file",
        "not valid json",
        lambda record: zip_bytes([("record.json", b"{not json"), (LETTER_PATH, LETTER)]),
    ),
    BadArchive(
        "a record with a mistake",
        "people[0].trials[0].outcome",
        "must be one of",
        _with_record(lambda r: r["people"][0]["trials"][0].update(outcome="failed")),
    ),
    BadArchive("not a zip at all", "file", "not a zip", lambda record: json.dumps(record).encode()),
    BadArchive(
        "a zip bomb",
        "archive: files/zeros.pdf",
        "zip bomb",
        _with_record(_doc(file="files/zeros.pdf", sha256=sha256(BOMB)), [("files/zeros.pdf", BOMB)], letter=False),
    ),
    BadArchive(
        "a member that declares a huge size",
        "archive",
        "would unpack",
        lambda record: declare_size(zip_bytes(good_entries(record)), LETTER_PATH, 0xFFFF_FFF0),
    ),
    BadArchive(
        "a damaged letter",
        f"archive: {LETTER_PATH}",
        "damaged",
        lambda record: damage(zip_bytes(good_entries(record), zipfile.ZIP_STORED), b"%PDF-1.4"),
    ),
    BadArchive(
        "a letter packed with a method TrialLog cannot unpack",
        f"archive: {LETTER_PATH}",
        "cannot be unpacked",
        lambda record: patch_central(zip_bytes(good_entries(record)), LETTER_PATH, 10, "<H", 9),
    ),
    BadArchive(
        "a password-protected letter",
        f"archive: {LETTER_PATH}",
        "cannot be unpacked",
        lambda record: patch_central(zip_bytes(good_entries(record)), LETTER_PATH, 8, "<H", 0x1),
    ),
    BadArchive(
        "a damaged record.json",
        "archive: record.json",
        "damaged",
        lambda record: damage(zip_bytes(good_entries(record), zipfile.ZIP_STORED), b'{"format"'),
    ),
]


@pytest.fixture
def dana_only(db: Database, dana_json: Path) -> list[str]:
    import_path(db, dana_json)
    return [p.name for p in list_people(db)]


@pytest.mark.parametrize("bad", BAD_ARCHIVES, ids=[b.story for b in BAD_ARCHIVES])
def test_an_archive_that_could_harm_or_mislead_is_refused_and_writes_nothing(
    db: Database, tmp_path: Path, dana_json: Path, dana_only: list[str], bad: BadArchive
) -> None:
    record = record_with_letter(dana_json, name="Sam Rivera")
    source = tmp_path / "sam.triallog"
    source.write_bytes(bad.build(record))
    export_before = tmp_path / "before.json"
    export_path(db, export_before)
    before = files_under(tmp_path)

    with pytest.raises(ValidationError) as caught:
        import_path(db, source)

    at_place = [p for p in caught.value.problems if p.field == bad.place]
    assert at_place, f"no problem at {bad.place}: {caught.value}"
    assert any(bad.word in p.rule.lower() for p in at_place), str(caught.value)
    assert [p.name for p in list_people(db)] == dana_only
    assert files_under(tmp_path) == before
    export_after = tmp_path / "after.json"
    export_path(db, export_after)
    first, second = json.loads(export_before.read_text()), json.loads(export_after.read_text())
    assert first["people"] == second["people"]


def test_an_archive_with_too_many_entries_is_refused_before_anything_is_read(
    db: Database, tmp_path: Path, dana_json: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    entries = good_entries(record_with_letter(dana_json)) + [(f"files/page-{i}.png", b"x") for i in range(3)]
    source = tmp_path / "many.triallog"
    source.write_bytes(zip_bytes(entries))
    with pytest.raises(ValidationError) as caught:
        import_path(db, source)
    assert caught.value.field == "archive"
    assert "5 entries" in caught.value.rule
    assert list_people(db) == []
    assert not (db.data_dir / "files").exists() or files_under(db.data_dir / "files") == []


def test_a_refused_archive_leaves_no_letter_behind_even_when_the_refusal_comes_late(
    db: Database, tmp_path: Path, dana_json: Path, dana_only: list[str]
) -> None:
    """The name clash is found only after the letter was written: the letter must be taken away again."""
    source = tmp_path / "dana-again.triallog"
    source.write_bytes(zip_bytes(good_entries(record_with_letter(dana_json))))
    with pytest.raises(ValidationError) as caught:
        import_path(db, source)
    assert "already here" in caught.value.rule
    assert files_under(db.data_dir / "files") == []
    assert [p.name for p in list_people(db)] == dana_only


def test_replacing_a_record_takes_its_old_letter_away_only_once_the_new_record_is_in(
    db: Database, tmp_path: Path, dana_json: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "dana.triallog"
    source.write_bytes(zip_bytes(good_entries(record_with_letter(dana_json))))
    import_path(db, source)
    [letter] = (db.data_dir / "files").iterdir()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(record_import, "insert_people", disk_full)
        with pytest.raises(OSError):
            import_path(db, dana_json, replace=True)
    assert letter.read_bytes() == LETTER
    assert load_person(db, find_person(db, "Dana Rivera").key).documents[0].file is not None

    import_path(db, dana_json, replace=True)
    assert not letter.exists()
    assert files_under(db.data_dir / "files") == []
    assert load_person(db, find_person(db, "Dana Rivera").key).documents[0].file is None
