"""`triallog calendar`: Dana's open dates written as a calendar file, read back as a calendar program reads it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.command_line import Triallog
from triallog.services import transfer


def _days(path: Path) -> list[date]:
    return [event.decoded("dtstart") for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]


def _written(triallog: Triallog, folder: Path, out: Path, *args: str) -> str:
    """What `triallog calendar --out OUT ARGS...` said, once it has written the file."""
    done = triallog("calendar", "--out", str(out), *args, data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    return done.stdout


def test_calendar_writes_each_open_date_from_the_day_on_on_the_day_due_lists_it(
    with_dana: Path, triallog: Triallog, tmp_path: Path
) -> None:
    out = tmp_path / "dana.ics"
    assert _written(triallog, with_dana, out, "--today", "2023-02-01") == (
        f"wrote {out}: 1 date due on or after 2023-02-01, each with reminders 3 days before and on the day\n"
    )
    due = json.loads(triallog("due", "--today", "2023-02-01", "--json", data_dir=with_dana).stdout)
    # The follow-up of Jan 30 is overdue on Feb 1: only the plan's decision, Feb 9, is still ahead.
    assert [row["due"] for row in due if not row["overdue"]] == ["2023-02-09"]
    assert _days(out) == [date(2023, 2, 9)]
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Dana Rivera: decision due (CG-2023-0045871)"
    assert "Call Cigna at 800-555-0190" in str(event["description"])
    assert oct(out.stat().st_mode & 0o777) == "0o600"  # health data: the person's own file

    # Run again: the same event, by the same UID, for a calendar to update rather than add.
    again = tmp_path / "again.ics"
    _written(triallog, with_dana, again, "--today", "2023-02-01", "--person", "DANA rivera")
    [same] = Calendar.from_ical(again.read_bytes()).walk("VEVENT")
    assert str(same["uid"]) == str(event["uid"])


def test_calendar_with_nothing_ahead_writes_an_empty_calendar_and_says_so(
    with_dana: Path, triallog: Triallog, tmp_path: Path
) -> None:
    out = tmp_path / "later.ics"
    said = _written(triallog, with_dana, out, "--today", "2024-01-01")
    assert said == f"wrote {out}: nothing open is due on or after 2024-01-01, so it holds no events\n"
    assert _days(out) == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--today", "2023-02-30"], "--today"),
        (["--today", "02/01/2023"], "--today"),
        (["--person", "Nobody"], "--person"),
        (["--out", "{tmp}/dana.txt"], "--out"),
        (["--out", "{tmp}/no-such-folder/dana.ics"], "--out"),
        (["--out", "{tmp}"], "--out"),
    ],
)
def test_calendar_refuses_bad_input_with_exit_2_naming_the_field_and_writes_nothing(
    with_dana: Path, triallog: Triallog, tmp_path: Path, args: list[str], field: str
) -> None:
    given = [a.format(tmp=tmp_path) for a in args]
    out = [] if "--out" in given else ["--out", str(tmp_path / "dana.ics")]
    done = triallog("calendar", *out, *given, data_dir=with_dana)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"triallog: {field}: ")
    assert done.stdout == ""
    assert not list(tmp_path.glob("*.ics"))


def test_calendar_into_a_folder_that_cannot_be_written_exits_2(
    with_dana: Path, triallog: Triallog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(transfer, "write_atomically", refused)  # as root, no folder refuses
    done = triallog("calendar", "--out", str(tmp_path / "dana.ics"), data_dir=with_dana)
    assert done.returncode == 2
    assert done.stderr == "triallog: --out: cannot be written: Permission denied\n"


def test_calendar_for_an_unknown_person_lists_who_is_there(with_dana: Path, triallog: Triallog, tmp_path: Path) -> None:
    done = triallog("calendar", "--out", str(tmp_path / "x.ics"), "--person", "Nobody", data_dir=with_dana)
    assert done.returncode == 2
    assert "Dana Rivera" in done.stderr
