"""From the command line: a caregiver sends Dana's record to her new clinic encrypted, and the clinic imports it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Terminal
from tests.command_line import Triallog
from tests.storage.protection_helpers import cheap_scrypt, private_words
from triallog import cli
from triallog.exchange import encrypted

EXPORT_PASSPHRASE = "for the clinic only, 2024"


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_scrypt(monkeypatch)
    monkeypatch.setitem(encrypted.SCRYPT, "log2_n", 10)
    monkeypatch.delenv(cli.EXPORT_PASSPHRASE_VAR, raising=False)


def test_export_encrypt_asks_twice_and_import_asks_once_at_a_terminal(
    with_dana: Path, triallog: Triallog, terminal: Terminal, tmp_path: Path, dana_json: Path
) -> None:
    target = tmp_path / "dana.triallog"
    terminal.answers = [EXPORT_PASSPHRASE, EXPORT_PASSPHRASE]
    done = triallog("export", str(target), "--encrypt", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    assert "encrypted with its passphrase" in done.stdout
    assert all("for this export" in p for p in terminal.prompts[:1])
    assert not any(w in target.read_bytes() for w in private_words(dana_json))
    assert EXPORT_PASSPHRASE not in done.stdout + done.stderr

    clinic = tmp_path / "clinic"
    terminal.answers = ["not the passphrase"]
    wrong = triallog("import", str(target), data_dir=clinic)
    assert wrong.returncode == 2
    assert "does not open this export" in wrong.stderr and "nothing was changed" in wrong.stderr
    assert triallog("people", data_dir=clinic).stdout.startswith("No people yet")

    terminal.answers = [EXPORT_PASSPHRASE]
    right = triallog("import", str(target), data_dir=clinic)
    assert right.returncode == 0, right.stderr
    assert "imported Dana Rivera" in right.stdout


def test_a_script_gives_the_export_passphrase_in_its_variable_and_none_at_all_exits_2(
    with_dana: Path, triallog: Triallog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "dana.triallog"
    monkeypatch.setenv(cli.EXPORT_PASSPHRASE_VAR, EXPORT_PASSPHRASE)
    assert triallog("export", str(target), "--encrypt", data_dir=with_dana).returncode == 0
    monkeypatch.delenv(cli.EXPORT_PASSPHRASE_VAR)
    missing = triallog("import", str(target), data_dir=tmp_path / "clinic")
    assert missing.returncode == 2
    assert cli.EXPORT_PASSPHRASE_VAR in missing.stderr
    monkeypatch.setenv(cli.EXPORT_PASSPHRASE_VAR, EXPORT_PASSPHRASE)
    assert triallog("import", str(target), data_dir=tmp_path / "clinic").returncode == 0
    short = triallog("export", str(tmp_path / "x.json"), "--encrypt", data_dir=with_dana)
    assert short.returncode == 2 and "must end in .triallog to be encrypted" in short.stderr


def test_a_plain_export_of_protected_records_says_what_it_would_hold_until_plain_is_given(
    unlocked: Path, triallog: Triallog, tmp_path: Path
) -> None:
    folder, target = unlocked, tmp_path / "dana.json"
    refused = triallog("export", str(target), data_dir=folder)
    assert refused.returncode == 2
    assert "Dana Rivera" in refused.stderr and "insurance member ids" in refused.stderr
    assert "--encrypt" in refused.stderr and "--plain" in refused.stderr
    assert not target.exists()

    done = triallog("export", str(target), "--plain", data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert b"Dana Rivera" in target.read_bytes()
    both = triallog("export", str(tmp_path / "d.triallog"), "--plain", "--encrypt", data_dir=folder)
    assert both.returncode == 2
