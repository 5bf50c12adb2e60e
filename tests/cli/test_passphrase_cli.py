"""From the command line: a caregiver protects the records, uses them with the passphrase, forgets it, recovers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import RECOVERY, Terminal
from tests.command_line import Triallog, run_process
from tests.storage.protection_helpers import PASSPHRASE, cheap_scrypt, files_holding, private_words
from triallog import bug_log, cli


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_scrypt(monkeypatch)


def test_set_prints_the_recovery_key_once_with_plain_words_and_asks_twice(
    with_dana: Path, triallog: Triallog, terminal: Terminal, dana_json: Path
) -> None:
    terminal.answers = [PASSPHRASE, PASSPHRASE]

    done = triallog("passphrase", "set", data_dir=with_dana)

    assert done.returncode == 0, done.stderr
    assert terminal.prompts == ["New passphrase (at least 8 characters): ", "The same passphrase again: "]
    assert RECOVERY.search(done.stdout)
    assert "A forgotten passphrase cannot be recovered" in done.stdout
    assert "shown only this once" in done.stdout
    assert PASSPHRASE not in done.stdout + done.stderr
    assert files_holding(with_dana, private_words(dana_json)) == {}


def test_two_different_answers_or_a_short_passphrase_change_nothing(
    with_dana: Path, triallog: Triallog, terminal: Terminal
) -> None:
    terminal.answers = [PASSPHRASE, PASSPHRASE + "!"]
    mismatch = triallog("passphrase", "set", data_dir=with_dana)
    terminal.answers = ["short"]
    short = triallog("passphrase", "set", data_dir=with_dana)

    assert (mismatch.returncode, mismatch.stderr) == (
        2,
        "triallog: passphrase: the two did not match; nothing was changed\n",
    )
    assert (short.returncode, short.stderr) == (2, "triallog: passphrase: must be at least 8 characters long\n")
    assert not (with_dana / "vault.json").exists()


def test_every_command_reads_protected_records_with_the_passphrase_from_the_environment_or_a_prompt(
    protected: tuple[Path, str], triallog: Triallog, terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = protected
    terminal.answers = [PASSPHRASE, PASSPHRASE]
    assert triallog("people", data_dir=folder).stdout == "Dana Rivera: 4 trials, 1 cases, 3 calls\n"
    assert triallog("trials", "--person", "dana rivera", "--json", data_dir=folder).returncode == 0
    assert terminal.prompts == ["Passphrase for your TrialLog records: "] * 2

    monkeypatch.setenv(cli.PASSPHRASE_VAR, PASSPHRASE)
    backed_up = triallog("backup", data_dir=folder)
    listed = triallog("backups", data_dir=folder)
    assert backed_up.returncode == 0 and "1 person, 4 trials" in backed_up.stdout
    assert "vault.json (keep the two together)" in backed_up.stdout
    assert listed.returncode == 0 and "protected" not in listed.stdout and "1 person, 4 trials" in listed.stdout


def test_a_wrong_or_missing_passphrase_exits_2_with_one_plain_line(
    protected: tuple[Path, str], triallog: Triallog, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = protected
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    missing = triallog("people", data_dir=folder)
    monkeypatch.setenv(cli.PASSPHRASE_VAR, "not the passphrase")
    wrong = triallog("cases", "--person", "Dana Rivera", data_dir=folder)

    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == (
        "triallog: a passphrase is needed: type it at the prompt when this runs in a terminal, "
        "or set TRIALLOG_PASSPHRASE (see the README).\n"
    )
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr == (
        "triallog: that passphrase does not open these records; nothing was changed. "
        "Forgotten? triallog passphrase change --recovery-key\n"
    )
    assert not (folder / bug_log.LOG_NAME).exists()


def test_a_forgotten_passphrase_is_replaced_with_the_recovery_key(
    protected: tuple[Path, str], triallog: Triallog, terminal: Terminal
) -> None:
    folder, recovery_key = protected
    terminal.answers = [recovery_key.lower(), "a new passphrase", "a new passphrase"]

    done = triallog("passphrase", "change", "--recovery-key", data_dir=folder)

    assert done.returncode == 0, done.stderr
    assert terminal.prompts[0] == "Recovery key: "
    terminal.answers = ["a new passphrase"]
    assert triallog("people", data_dir=folder).returncode == 0
    terminal.answers = [PASSPHRASE]
    assert triallog("people", data_dir=folder).returncode == 2


def test_remove_makes_the_records_plain_and_says_what_that_means(
    protected: tuple[Path, str], triallog: Triallog, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = protected
    monkeypatch.setenv(cli.PASSPHRASE_VAR, PASSPHRASE)

    done = triallog("passphrase", "remove", data_dir=folder)

    assert done.returncode == 0, done.stderr
    assert "no longer protected" in done.stdout
    monkeypatch.delenv(cli.PASSPHRASE_VAR)
    assert triallog("people", data_dir=folder).stdout == "Dana Rivera: 4 trials, 1 cases, 3 calls\n"
    again = triallog("passphrase", "remove", data_dir=folder)
    assert again.returncode == 2 and "not protected" in again.stderr


def test_a_protected_backup_is_restored_with_the_passphrase_of_its_day(
    protected: tuple[Path, str], triallog: Triallog, terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = protected
    monkeypatch.setenv(cli.PASSPHRASE_VAR, PASSPHRASE)
    backup = triallog("backup", data_dir=folder).stdout.split(" to ", 1)[1].split("\n")[0]
    assert triallog("passphrase", "remove", data_dir=folder).returncode == 0
    monkeypatch.delenv(cli.PASSPHRASE_VAR)
    terminal.answers = ["not the passphrase"]
    refused = triallog("restore", backup, data_dir=folder)
    terminal.answers = [PASSPHRASE]

    done = triallog("restore", backup, data_dir=folder)

    assert refused.returncode == 2
    assert done.returncode == 0, done.stderr
    assert terminal.prompts[-1] == "Passphrase of that backup: "
    assert triallog("people", data_dir=folder).stdout == "Dana Rivera: 4 trials, 1 cases, 3 calls\n"


def test_no_passphrase_reaches_the_output_or_a_bug_report(
    protected: tuple[Path, str], triallog: Triallog, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = protected
    monkeypatch.setenv(cli.PASSPHRASE_VAR, PASSPHRASE)

    def broken(*_args: object) -> int:
        raise RuntimeError(f"a bug whose message holds {PASSPHRASE} and x'{'ab' * 32}'")

    monkeypatch.setitem(cli.COMMANDS, "people", broken)
    done = triallog("people", data_dir=folder)

    assert done.returncode == 1
    report = (folder / bug_log.LOG_NAME).read_text(encoding="utf-8")
    assert "a bug whose message holds [passphrase] and [key]" in report
    assert PASSPHRASE not in report + done.stdout + done.stderr
    assert bug_log.SECRET_VARIABLES == (cli.PASSPHRASE_VAR, cli.NEW_PASSPHRASE_VAR)


def test_the_real_program_exits_2_on_a_wrong_passphrase_without_a_traceback(protected: tuple[Path, str]) -> None:
    folder, _ = protected
    os.environ[cli.PASSPHRASE_VAR] = "not the passphrase"
    try:
        done = run_process("people", "--json", data_dir=folder)
    finally:
        del os.environ[cli.PASSPHRASE_VAR]

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and "ERROR" not in done.stderr
