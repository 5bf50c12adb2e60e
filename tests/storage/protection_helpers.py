"""What the protection tests share: a record's private words to look for in every file, and a cheaper scrypt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triallog.storage import vault

#: scrypt at its lowest sensible cost, so that each test does not spend 0.2 s per passphrase
CHEAP_SCRYPT = {"n": 2**10, "r": 8, "p": 1}
PASSPHRASE = "correct horse battery staple"
TEMPORARY_MARKS = (".new-", ".part", ".restoring", "-journal")


def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vault, "SCRYPT", CHEAP_SCRYPT)


def private_words(record: Path) -> list[bytes]:
    """The names, member ids, phone numbers and diagnoses of the people in an exchange file, as bytes."""
    data = json.loads(record.read_text(encoding="utf-8"))
    words: set[str] = set()
    for person in data["people"]:
        words.add(person["name"])
        words.update(person["name"].split())
        words.add(person.get("phone") or "")
        words.update(c.get("member_id") or "" for c in person.get("coverages", []))
        for trial in person.get("trials", []):
            words.add(trial.get("indication") or "")
            words.add(trial.get("indication_code") or "")
        for case in person.get("cases", []):
            words.add(case.get("diagnosis") or "")
            words.add(case.get("diagnosis_code") or "")
    return sorted(w.encode("utf-8") for w in words if len(w) >= 5)


def files_holding(folder: Path, words: list[bytes]) -> dict[str, list[bytes]]:
    """Every file under `folder` that holds any of `words` in plain bytes, with the words it holds."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            held = [w for w in words if w in data]
            if held:
                found[str(path.relative_to(folder))] = held
    return found


def temporary_files(folder: Path) -> list[str]:
    """Files an unfinished write leaves behind."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if any(m in p.name for m in TEMPORARY_MARKS))


def folder_with_record(data_dir: Path, record: Path) -> Path:
    """`data_dir` with the people of the exchange file `record` in its (plain) records."""
    from triallog.services.transfer import import_path
    from triallog.services.workspace import open_workspace

    db = open_workspace(data_dir)
    try:
        import_path(db, record)
    finally:
        db.close()
    return data_dir
