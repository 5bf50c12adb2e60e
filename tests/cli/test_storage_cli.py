"""A storage problem is one plain sentence and exit 3, never a traceback or a person's data; bad luck at the
terminal (Ctrl-C, a closed pipe, an unwritable --out) is met calmly; backups and restore work from here."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.command_line import Triallog
from tests.folders import FreshFolder
from triallog import cli
from triallog.services import transfer
from triallog.storage import problems
from triallog.storage.lock import FolderLock

PERSONAL = ("Dana Rivera", "1987", "Springfield", "555")  # her name, birth year, town and phone prefix


def triallog_process(*args: str, stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    # as from a terminal or a script: output buffered (PYTHONUNBUFFERED would hide a flush at exit)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-m", "triallog", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env=env,
    )


@pytest.fixture
def dana_here(data_dir: Path, dana_json: Path, fresh_folder: FreshFolder) -> Path:
    assert cli.main(["--data-dir", str(fresh_folder(data_dir)), "import", str(dana_json)]) == 0
    return data_dir


def only_sentence(err: str) -> str:
    """stderr holds one message line, no traceback and none of the person's data."""
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for data in PERSONAL:
        assert data not in err
    return lines[0]


# -- a lock held by another program ---------------------------------------------------------


@pytest.fixture
def held(dana_here: Path) -> Iterator[sqlite3.Connection]:
    other = sqlite3.connect(dana_here / "triallog.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # as a backup tool or another program saving would
    yield other
    other.rollback()
    other.close()


def test_a_write_waits_for_a_lock_then_says_so_plainly_with_exit_3(
    dana_here: Path,
    dana_json: Path,
    held: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(problems, "LOCK_WAIT", 1)
    capsys.readouterr()

    code = cli.main(["--data-dir", str(dana_here), "import", "--replace", str(dana_json)])

    assert code == cli.EXIT_STORAGE == 3
    line = only_sentence(capsys.readouterr().err)
    assert line.startswith(f"triallog: Your records in {dana_here} are busy")
    assert "more than 1 seconds" in line and "Nothing was changed" in line and "try again" in line
    held.rollback()
    assert cli.main(["--data-dir", str(dana_here), "people", "--json"]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Dana Rivera"]


def test_reading_goes_on_while_another_program_writes(
    dana_here: Path, held: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli.main(["--data-dir", str(dana_here), "people"]) == 0
    assert "Dana Rivera: 4 trials" in capsys.readouterr().out


def test_no_sql_parameter_ever_reaches_a_message() -> None:
    """SQLAlchemy would print the values of a failed statement (a name, an address) in its message."""
    from sqlalchemy import text

    from triallog.storage.db import Database

    db = Database(Path(os.environ["TRIALLOG_DATA_DIR"]))
    try:
        with pytest.raises(Exception) as caught, db.transaction() as session:
            session.execute(text("INSERT INTO person (name) VALUES (:name)"), {"name": "Dana Rivera 555-0100"})
    finally:
        db.close()
    assert "NOT NULL" in str(caught.value)
    assert "Dana Rivera" not in str(caught.value)
    assert "parameters hidden" in str(caught.value)


# -- a full disk --------------------------------------------------------------------------------


def mount_tmpfs(mount: Path, options: str) -> str:
    """Mount a tmpfs at `mount`; "" when done, else why not (not root, no mount command, not permitted)."""
    if shutil.which("mount") is None:
        return "no mount command"
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True)
    return "" if done.returncode == 0 else (done.stderr.decode().strip() or "not permitted")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    why = mount_tmpfs(mount, "size=1m,mode=0700")
    if why:
        pytest.skip(f"cannot mount a small tmpfs here to fill: {why}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_says_so_with_exit_3_and_keeps_the_records(
    small_disk: Path, dana_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = small_disk / "data"
    assert cli.main(["--data-dir", str(folder), "people"]) == 0
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):  # fill what is left of the disk
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    capsys.readouterr()

    code = cli.main(["--data-dir", str(folder), "import", str(dana_json)])

    assert code == 3
    line = only_sentence(capsys.readouterr().err)
    assert "is full" in line and "Free some space" in line
    filler.unlink()
    assert cli.main(["--data-dir", str(folder), "people", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli.main(["--data-dir", str(folder), "import", str(dana_json)]) == 0


# -- the terminal --------------------------------------------------------------------------------


def test_an_out_file_in_a_folder_that_cannot_be_written_is_exit_2(
    dana_here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(transfer, "write_atomically", refused)
    capsys.readouterr()
    code = cli.main(
        ["--data-dir", str(dana_here), "summary", "--person", "Dana Rivera", "--out", str(tmp_path / "s.pdf")]
    )
    assert code == 2
    assert only_sentence(capsys.readouterr().err) == "triallog: --out: cannot be written: Permission denied"


@pytest.fixture
def read_only_copy(dana_here: Path, tmp_path: Path) -> Iterator[Path]:
    """Dana's data folder where nothing may be written: a read-only file system as root (who may write any
    file), or a 0400 file in a 0500 folder for anyone else."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        shutil.copytree(dana_here, folder)
        os.chmod(folder / "triallog.db", 0o400)
        os.chmod(folder, 0o500)
        yield folder
        os.chmod(folder, 0o700)
        return
    mount = tmp_path / "ro"
    mount.mkdir()
    why = mount_tmpfs(mount, "size=8m")
    if why:
        pytest.skip(f"cannot mount a read-only file system here: {why}")
    try:
        shutil.copytree(dana_here, mount / "data")
        os.chmod(mount / "data" / "triallog.db", 0o400)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "data"
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_an_out_folder_that_cannot_be_written_is_refused_before_any_work(
    read_only_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = read_only_copy / "summary.pdf"
    capsys.readouterr()
    code = cli.main(["--data-dir", str(tmp_path / "elsewhere"), "people"])
    assert code == 0
    capsys.readouterr()

    code = cli.main(["--data-dir", str(read_only_copy), "summary", "--person", "Dana Rivera", "--out", str(out)])

    assert code == 2
    line = only_sentence(capsys.readouterr().err)
    assert line.startswith("triallog: --out: cannot be written: this folder is not writable")
    assert not out.exists()


def test_a_read_only_database_can_still_be_listed_and_exported_but_not_changed(
    read_only_copy: Path, tmp_path: Path, dana_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli.main(["--data-dir", str(read_only_copy), "people"]) == 0
    assert "Dana Rivera: 4 trials" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(read_only_copy), "export", str(tmp_path / "out.json")]) == 0
    assert json.loads((tmp_path / "out.json").read_text())["people"][0]["name"] == "Dana Rivera"
    assert cli.main(["--data-dir", str(read_only_copy), "backup", str(tmp_path / "copy.db")]) == 0
    capsys.readouterr()

    assert cli.main(["--data-dir", str(read_only_copy), "import", "--replace", str(dana_json)]) == 3

    assert "can be read but not changed" in only_sentence(capsys.readouterr().err)


def test_ctrl_c_stops_with_a_sentence_and_exit_130(
    dana_here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "people", interrupted)
    capsys.readouterr()
    assert cli.main(["--data-dir", str(dana_here), "people"]) == 130
    assert only_sentence(capsys.readouterr().err) == "triallog: stopped; nothing was half-written."


def test_ctrl_c_in_a_real_import_leaves_nothing_half_done(dana_here: Path, dana_json: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "triallog", "--data-dir", str(dana_here), "import", "--replace", str(dana_json)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode in (0, 130, -signal.SIGINT), err
    assert "Traceback" not in err
    done = triallog_process("--data-dir", str(dana_here), "people", "--json")
    assert [p["name"] for p in json.loads(done.stdout)] == ["Dana Rivera"]


def test_a_closed_pipe_is_quiet(dana_here: Path) -> None:
    """`triallog people --json | head -c 1`: the reader has gone; no "bug", no traceback."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    done = triallog_process("--data-dir", str(dana_here), "people", "--json", stdout=write)
    os.close(write)
    assert done.returncode == cli.EXIT_PIPE == 141
    assert done.stderr == ""


# -- damaged, empty, read-only and shared --------------------------------------------------------


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_database_cut_in_half_is_refused_with_the_newest_good_backup_named(
    dana_here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(dana_here), "backup"]) == 0
    cut_in_half(dana_here / "triallog.db")
    capsys.readouterr()

    for command in (["people"], ["export", str(dana_here.parent / "out.json")], ["import", "x.json"]):
        assert cli.main(["--data-dir", str(dana_here), *command]) == 3
        line = only_sentence(capsys.readouterr().err)
        assert "cannot be used: it is damaged" in line and "Nothing was changed or replaced" in line
        assert "(1 person, 4 trials)" in line and "triallog restore" in line
    assert not (dana_here.parent / "out.json").exists()


def test_an_empty_database_is_never_silently_replaced(dana_here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(dana_here), "backup"]) == 0
    (dana_here / "triallog.db").write_bytes(b"")
    for side in dana_here.glob("triallog.db-*"):
        side.unlink()
    capsys.readouterr()

    assert cli.main(["--data-dir", str(dana_here), "people"]) == 3

    line = only_sentence(capsys.readouterr().err)
    assert "the file is empty (0 bytes)" in line and "(1 person, 4 trials)" in line
    assert (dana_here / "triallog.db").stat().st_size == 0


def test_the_backups_can_be_listed_beside_a_damaged_database(
    dana_here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(dana_here), "backup"]) == 0
    cut_in_half(dana_here / "triallog.db")
    capsys.readouterr()

    assert cli.main(["--data-dir", str(dana_here), "backups", "--json"]) == 0

    found = json.loads(capsys.readouterr().out)
    assert (found[0]["reason"], found[0]["good"], found[0]["people"]) == ("manual", True, 1)


def test_an_export_to_a_full_disk_elsewhere_blames_the_file_not_the_records(
    dana_here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(transfer, "write_atomically", full)
    capsys.readouterr()
    assert cli.main(["--data-dir", str(dana_here), "export", str(tmp_path / "usb" / "out.json")]) == 2
    assert only_sentence(capsys.readouterr().err) == "triallog: file: cannot be written: No space left on device"


def test_a_restore_brings_the_records_back_and_keeps_the_damaged_file_aside(
    dana_here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(dana_here), "backup"]) == 0
    backup = Path(capsys.readouterr().out.split(" to ", 1)[1].strip())
    cut_in_half(dana_here / "triallog.db")
    damaged = (dana_here / "triallog.db").read_bytes()

    assert cli.main(["--data-dir", str(dana_here), "restore", str(backup)]) == 0

    out = capsys.readouterr().out
    kept = Path(out.split("kept in ", 1)[1].splitlines()[0])
    assert kept.read_bytes() == damaged
    assert cli.main(["--data-dir", str(dana_here), "people", "--json"]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Dana Rivera"]


def test_a_damaged_backup_is_refused_before_anything_changes(
    dana_here: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.db"
    shutil.copy(dana_here / "triallog.db", bad)
    cut_in_half(bad)
    before = (dana_here / "triallog.db").read_bytes()
    capsys.readouterr()

    assert cli.main(["--data-dir", str(dana_here), "restore", str(bad)]) == 2

    assert "is not a backup that can be restored" in only_sentence(capsys.readouterr().err)
    assert (dana_here / "triallog.db").read_bytes() == before


def test_a_restore_is_refused_while_a_window_holds_the_records(
    dana_here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(dana_here), "backup"]) == 0
    backup = capsys.readouterr().out.split(" to ", 1)[1].strip()
    window = subprocess.Popen(
        [sys.executable, "-c", f"from triallog.storage.lock import FolderLock; import time; "
         f"assert FolderLock({str(dana_here)!r}).acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert window.stdout is not None and window.stdout.readline() == "held\n"
        assert cli.main(["--data-dir", str(dana_here), "restore", backup]) == 3
        assert "open in a TrialLog window" in only_sentence(capsys.readouterr().err)
    finally:
        window.kill()
        window.wait()
    assert cli.main(["--data-dir", str(dana_here), "restore", backup]) == 0  # the lock died with its window


def test_salvage_saves_everyone_still_readable(
    dana_here: Path, tmp_path: Path, dana_json: Path, triallog: Triallog
) -> None:
    out = tmp_path / "saved.json"
    done = triallog("--data-dir", str(dana_here), "salvage", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("saved 1 person to")
    saved = json.loads(out.read_text())
    assert [p["name"] for p in saved["people"]] == ["Dana Rivera"]
    assert len(saved["people"][0]["trials"]) == len(json.loads(dana_json.read_text())["people"][0]["trials"])


def test_a_folder_shared_with_everyone_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)

    assert cli.main(["--data-dir", str(shared), "people"]) == 3

    assert "shared with every user" in only_sentence(capsys.readouterr().err)
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert list(shared.iterdir()) == []


def test_an_import_while_the_window_is_open_says_the_window_will_show_it(
    data_dir: Path, dana_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(data_dir), "people"]) == 0
    window = FolderLock(data_dir)
    assert window.acquire()
    try:
        capsys.readouterr()
        assert cli.main(["--data-dir", str(data_dir), "import", str(dana_json)]) == 0
        assert "the TrialLog window is open on these records" in capsys.readouterr().err
    finally:
        window.release()
