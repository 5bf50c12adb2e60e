"""A power cut at any step of turning protection on, off, or changing the passphrase: the next start opens the
records whole, with the passphrase that was in force before or after, and no plain copy is left behind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.factories import make_document
from tests.storage.protection_helpers import files_holding, private_words, temporary_files
from tests.storage.test_crash_safety import kill
from triallog.services import protection
from triallog.services.documents import attach_document
from triallog.services.packets import PacketOptions, make_packet
from triallog.services.people import list_people
from triallog.services.transfer import import_path
from triallog.storage import kept_files
from triallog.storage.db import Database
from triallog.storage.sealed import is_sealed

# the harness's passphrases (benchmarks/crash_harness.py)
PASSPHRASE, NEW_PASSPHRASE = "crash test passphrase", "crash test passphrase, new"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding Dana's record, a backup of it, a chart note attached and a packet kept."""
    base = tmp_path_factory.mktemp("protection-crash")
    folder = base / "template"
    note = base / "chart note.txt"
    note.write_bytes(b"Chart note: " + b", ".join(private_words(EXAMPLES / "dana-rivera.v2.json")))
    db = Database(folder)
    import_path(db, EXAMPLES / "dana-rivera.v2.json")
    db.back_up("manual")
    person = list_people(db)[0].key
    attach_document(db, person, note, make_document("Chart note", key=""))
    make_packet(db, person, "1", PacketOptions(), date(2024, 3, 10))
    db.close()
    return folder


def next_start(folder: Path) -> tuple[bool, list[str]]:
    """(protected, people) of the folder opened as the next start would, with whichever passphrase opens it."""
    key = None
    if protection.status(folder).protected:
        for secret in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                key = protection.unlock(folder, secret)
                break
            except protection.WrongPassphrase:
                continue
        assert key is not None, "neither passphrase opens the records"
    db = Database(folder, key=key)
    try:
        return key is not None, [p.name for p in list_people(db)]
    finally:
        db.close()


def kill_at_every_step(base: Path, make: Callable[[Path], None], what: str) -> dict[int, tuple[bool, list[str]]]:
    make(base / "0")
    total = kill(base, [0], Path(what))[0]
    assert isinstance(total, int) and total >= 5
    for n in range(1, total + 1):
        make(base / str(n))
    results = kill(base, range(1, total + 1), Path(what))
    assert all(outcome == "killed" for outcome in results.values()), results
    return {n: next_start(base / str(n)) for n in range(1, total + 1)}


def test_turning_protection_on_killed_at_any_step(tmp_path: Path, template: Path, dana_json: Path) -> None:
    words = private_words(dana_json)

    def copy(folder: Path) -> None:
        shutil.copytree(template, folder)

    results = kill_at_every_step(tmp_path, copy, "protect")

    assert all(people == ["Dana Rivera"] for _, people in results.values())
    assert {protected for protected, _ in results.values()} == {False, True}  # killed before and after the switch
    for n, (protected, _) in results.items():
        folder = tmp_path / str(n)
        assert temporary_files(folder) == [], n
        plain_files = set(files_holding(folder, words))
        if protected:
            assert plain_files == set(), n
        else:  # the records were plain all along; only they, the backup taken plain and the kept files may be
            kept = [*folder.glob("backups/*.db"), *kept_files.kept_files(folder)]
            assert plain_files <= {"triallog.db", *(str(p.relative_to(folder)) for p in kept)}
            assert not (folder / "vault.json").exists(), n
    assert next_start(tmp_path / "0") == (True, ["Dana Rivera"])


@pytest.mark.parametrize("what", ["unprotect", "change"])
def test_turning_protection_off_or_changing_the_passphrase_killed_at_any_step(
    tmp_path: Path, template: Path, dana_json: Path, what: str
) -> None:
    protected_template = tmp_path / "protected-template"
    shutil.copytree(template, protected_template)
    protection.protect(protected_template, PASSPHRASE)

    def copy(folder: Path) -> None:
        shutil.copytree(protected_template, folder)

    results = kill_at_every_step(tmp_path / "runs", copy, what)

    assert all(people == ["Dana Rivera"] for _, people in results.values())
    for n, (protected, _) in results.items():
        folder = tmp_path / "runs" / str(n)
        assert temporary_files(folder) == [], n
        if protected:  # still protected: not one plain byte, not even of the copy being decrypted when killed
            assert files_holding(folder, private_words(dana_json)) == {}, n
        else:  # plain records: every document and packet plain too, for any program to open
            assert not any(is_sealed(p.read_bytes()) for p in kept_files.kept_files(folder)), n
    if what == "unprotect":
        assert {protected for protected, _ in results.values()} == {False, True}
    assert next_start(tmp_path / "runs" / "0") == (what == "change", ["Dana Rivera"])
