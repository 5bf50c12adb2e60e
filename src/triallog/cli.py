"""The command line: the same services as the window, for scripts, tests and backups."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from triallog import __version__

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_BUG, EXIT_USER, EXIT_STORAGE = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE = 130, 141  # as a shell reports a program stopped by Ctrl-C, or by a closed pipe

#: commands that only read the records: they open the database read-only
READING = frozenset(
    {"export", "people", "trials", "measures", "cases", "due", "calendar", "calls", "summary", "backup"}
)
#: commands given the data folder, not an open database: they work on the folder even when its file is damaged,
#: or (`people`) read the file their own quick way
ON_FOLDER = frozenset({"restore", "salvage", "backups", "people", "passphrase"})
#: where a script may give the passphrase (read by every command that opens protected records), and the new one
PASSPHRASE_VAR, NEW_PASSPHRASE_VAR = "TRIALLOG_PASSPHRASE", "TRIALLOG_NEW_PASSPHRASE"
#: the passphrase of an encrypted export (its own, not the records'), for scripts
EXPORT_PASSPHRASE_VAR = "TRIALLOG_EXPORT_PASSPHRASE"


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="triallog",
        description="TrialLog keeps a dated record of every medication tried, for step-therapy exceptions. "
        "With no command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"TrialLog {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="the data folder (default: $TRIALLOG_DATA_DIR, else the user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the window")
    gui.add_argument("--exit-after-show", action="store_true", help="exit 0 once the main window has been painted")
    gui.add_argument(
        "--exit-after-load", action="store_true", help="exit 0 once the window has been painted with the records"
    )

    imp = sub.add_parser("import", help="import a record (.json or .triallog), all or nothing")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--replace", action="store_true", help="replace the whole record of a person already here")

    exp = sub.add_parser("export", help="export records to FILE (.json or .triallog, by extension)")
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--person", metavar="NAME", help="only this person (default: everyone)")
    exp.add_argument(
        "--encrypt",
        action="store_true",
        help=f"encrypt the .triallog with a passphrase of its own (asked, or ${EXPORT_PASSPHRASE_VAR})",
    )
    exp.add_argument("--plain", action="store_true", help="export protected records unencrypted all the same")

    people = sub.add_parser("people", help="list the people in the data folder")
    people.add_argument("--json", action="store_true", help="print a JSON array (see README)")

    trials = sub.add_parser("trials", help="list a person's medication trials")
    trials.add_argument("--person", metavar="NAME", required=True)
    trials.add_argument("--json", action="store_true", help="print a JSON array (see README)")

    measures = sub.add_parser("measures", help="list a person's symptom scores, oldest first")
    measures.add_argument("--person", metavar="NAME", required=True)
    measures.add_argument("--instrument", metavar="NAME", help="only this one: PHQ-9, GAD-7, NRS-pain or custom:NAME")
    measures.add_argument("--json", action="store_true", help="print a JSON array (see README)")

    cases = sub.add_parser("cases", help="list a person's cases with suggested grounds and what is due")
    cases.add_argument("--person", metavar="NAME", required=True)
    cases.add_argument("--json", action="store_true", help="print a JSON array (see README)")

    due = sub.add_parser("due", help="every open answer due, appeal deadline and call follow-up, for everyone")
    due.add_argument("--today", metavar="YYYY-MM-DD", help="count from this day instead of today")
    due.add_argument("--json", action="store_true", help="print a JSON array (see README)")

    calendar = sub.add_parser(
        "calendar", help="write every open deadline and follow-up as a calendar file (.ics), with reminders"
    )
    calendar.add_argument(
        "--out", metavar="FILE.ics", required=True, help="the file to write; open it with any calendar program"
    )
    calendar.add_argument("--person", metavar="NAME", help="only this person (default: everyone)")
    calendar.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="what is due on or after this day (default: today, where each person lives)",
    )

    packet = sub.add_parser("packet", help="write a case's evidence packet (PDF) and keep a copy in the data folder")
    packet.add_argument("--person", metavar="NAME", required=True)
    packet.add_argument("--case", metavar="REF", required=True, help="the denial reference, or part of the drug's name")
    packet.add_argument("--out", metavar="FILE.pdf", required=True)
    packet.add_argument("--redact", action="store_true", help="account and phone numbers: last 4 only; birth year only")
    packet.add_argument("--sections", metavar="LIST", help="comma-separated, in any order: " + ",".join(_sections()))
    packet.add_argument("--paper", choices=("letter", "a4"), default="letter")
    packet.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the prepared date: every age, duration and clock is as of it (default: today)",
    )
    packet.add_argument(
        "--measures", metavar="LIST", help="comma-separated instruments to print (default: those that bear on the case)"
    )

    calls = sub.add_parser("calls", help="write a person's call log as a PDF or a CSV (by the file's extension)")
    calls.add_argument("--person", metavar="NAME", required=True)
    calls.add_argument("--out", metavar="FILE.pdf|FILE.csv", required=True)
    calls.add_argument("--case", metavar="REF", help="only this case's calls: the denial reference or the drug's name")
    calls.add_argument("--since", metavar="YYYY-MM-DD", help="only calls on or after this day")
    calls.add_argument("--until", metavar="YYYY-MM-DD", help="only calls on or before this day")
    calls.add_argument("--paper", choices=("letter", "a4"), default="letter")

    summary = sub.add_parser("summary", help="write a visit summary for the prescriber (PDF)")
    summary.add_argument("--person", metavar="NAME", required=True)
    summary.add_argument("--out", metavar="FILE.pdf", required=True)
    summary.add_argument("--paper", choices=("letter", "a4"), default="letter")

    backup = sub.add_parser("backup", help="back up the records now (into the backups folder, or to FILE.db)")
    backup.add_argument("file", metavar="FILE.db", nargs="?")
    backups = sub.add_parser("backups", help="list the backups, newest first, with what each holds")
    backups.add_argument("--json", action="store_true", help="print a JSON array (see README)")
    restore = sub.add_parser(
        "restore", help="replace the records with a backup, checked first; the current records are kept aside"
    )
    restore.add_argument("file", metavar="FILE.db")
    restore.add_argument(
        "--recovery-key", action="store_true", help="a protected backup: open it with its recovery key (asked for)"
    )
    passphrase = sub.add_parser(
        "passphrase",
        help="protect the records with a passphrase (set), change it, or remove it; see README",
        description="set: encrypt the records and their backups, and print a recovery key once. change: a new "
        "passphrase. remove: the records plain again. Passphrases are asked for at a prompt, or read from "
        f"${PASSPHRASE_VAR} (and ${NEW_PASSPHRASE_VAR} for change), never from an argument.",
    )
    passphrase.add_argument("action", choices=("set", "change", "remove"))
    passphrase.add_argument(
        "--recovery-key",
        action="store_true",
        help="change or remove: the passphrase is forgotten; type the recovery key at the prompt instead",
    )
    salvage = sub.add_parser(
        "salvage", help="from a damaged database, export everyone whose record can still be read to FILE.json"
    )
    salvage.add_argument("file", metavar="FILE.json")
    return parser


def _sections() -> tuple[str, ...]:
    from triallog.domain.packet_sections import SECTION_NAMES

    return SECTION_NAMES


def window_args(argv: Sequence[str]) -> dict[str, Any] | None:
    """What `run` needs when the arguments only open the window (`[--data-dir DIR] [gui [--exit-after-show]
    [--exit-after-load]]`), read without argparse: importing it and building every command's parser cost
    about 10 ms before the window's first paint. Anything else (None) goes through argparse."""
    rest = list(argv)
    data_dir: str | None = None
    if rest[:1] == ["--data-dir"] and len(rest) >= 2 and not rest[1].startswith("-"):
        data_dir, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--data-dir="):
        data_dir, rest = rest[0].removeprefix("--data-dir="), rest[1:]
    if not rest:
        return {"data_dir": data_dir, "exit_after_show": False, "exit_after_load": False}
    flags = rest[1:]
    if rest[0] != "gui" or any(flag not in ("--exit-after-show", "--exit-after-load") for flag in flags):
        return None
    return {
        "data_dir": data_dir,
        "exit_after_show": "--exit-after-show" in flags,
        "exit_after_load": "--exit-after-load" in flags,
    }


def main(argv: Sequence[str] | None = None) -> int:
    window = window_args(sys.argv[1:] if argv is None else argv)
    if window is not None:
        from triallog.gui.app import run

        return run(**window)
    args = build_parser().parse_args(argv)
    if args.command in (None, "gui"):
        from triallog.gui.app import run

        return run(
            args.data_dir,
            exit_after_show=getattr(args, "exit_after_show", False),
            exit_after_load=getattr(args, "exit_after_load", False),
        )
    try:
        code = _run(args)
        sys.stdout.flush()  # here, not at exit: a reader that has gone is met below, quietly
        return code
    except KeyboardInterrupt:
        _say("stopped; nothing was half-written.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output has gone (`triallog people --json | head -1`): nothing to say, and
        # nothing more to flush into the closed pipe when Python exits.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE


def _run(args: argparse.Namespace) -> int:
    from triallog.domain.errors import ValidationError
    from triallog.paths import data_dir
    from triallog.services.protection import ProtectionError, VaultDamaged
    from triallog.services.workspace import DatabaseTooNew, open_workspace
    from triallog.storage.problems import StorageProblem, explain

    folder = data_dir(args.data_dir)
    try:
        args.key = None if args.command == "passphrase" else _records_key(folder)
        if args.command in ON_FOLDER:
            return COMMANDS[args.command](folder, args)
        db = open_workspace(args.data_dir, read_only=args.command in READING, key=args.key)
        try:
            return COMMANDS[args.command](db, args)
        finally:
            db.close()
    except ValidationError as error:
        where = f"{args.file}: " if getattr(args, "file", None) and args.command == "import" else ""
        for line in str(error).splitlines():
            _say(f"{where}{line}")
        if args.command == "import":
            from triallog.services.transfer import PersonAlreadyHere

            if isinstance(error, PersonAlreadyHere):
                _say("to replace their whole record, import again with --replace")
        return EXIT_USER
    except DatabaseTooNew as error:
        _say(str(error))
        return EXIT_USER
    except VaultDamaged as error:
        _say(str(error))
        return EXIT_STORAGE
    except ProtectionError as error:
        _say(_protection_words(error))
        return EXIT_USER
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as error:
        problem = error if isinstance(error, StorageProblem) else explain(error, folder)
        if problem is not None:
            _say(problem.message)
            return EXIT_STORAGE
        from triallog.bug_log import missing_part, write_bug_report

        log = write_bug_report(folder if folder.is_dir() else None, error, f"triallog {args.command}")
        report = f" A report for the developers was written to {log}." if log else ""
        part = missing_part(error)
        if part is not None:
            _say(f"this copy of TrialLog is incomplete: {part} is missing; install it again. Nothing was changed.")
            return EXIT_BUG
        _say(f"something went wrong inside TrialLog (a bug); nothing was half-written.{report}")
        return EXIT_BUG


def _say(line: str) -> None:
    print(f"triallog: {line}", file=sys.stderr)


def _records_key(folder: Any) -> Any:
    """The master key of protected records (from the passphrase), or None for plain ones."""
    from triallog.services import protection

    if not protection.status(folder).protected:
        return None
    return protection.unlock(folder, _secret("Passphrase for your TrialLog records: ", PASSPHRASE_VAR))


def _secret(prompt: str, variable: str | None = None) -> str:
    """A passphrase from `variable` in the environment, else typed at a prompt that does not show it (only
    when a person is at a terminal); never from an argument, where other users could see it."""
    import os

    from triallog.services.protection import PassphraseNeeded

    if variable is not None and os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        where = f", or set {variable} (see the README)" if variable else ""
        raise PassphraseNeeded(f"{TERMINAL_WORDS}{where}.")
    import getpass

    return getpass.getpass(prompt)


TERMINAL_WORDS = "type it at the prompt when this runs in a terminal"


def _protection_words(error: Exception) -> str:
    """One line for a missing or wrong passphrase: what happened, what to do; never the passphrase."""
    from triallog.services.backups import BackupKeyNeeded
    from triallog.services.protection import PassphraseNeeded, WrongPassphrase

    if isinstance(error, BackupKeyNeeded):
        return f"{error} Give its passphrase at the prompt or in ${PASSPHRASE_VAR}, or use --recovery-key."
    if isinstance(error, WrongPassphrase):
        return (
            "that passphrase does not open these records; nothing was changed. Forgotten? "
            "triallog passphrase change --recovery-key"
        )
    if isinstance(error, PassphraseNeeded) and str(error).startswith(TERMINAL_WORDS):
        return f"a passphrase is needed: {error}"
    return str(error)


def _import(db: Any, args: argparse.Namespace) -> int:
    from triallog.services.transfer import import_path, is_encrypted_export

    _mention_window(db)
    passphrase = None
    if is_encrypted_export(args.file):
        passphrase = _secret("Passphrase of this encrypted export: ", EXPORT_PASSPHRASE_VAR)
    result = import_path(db, args.file, replace=args.replace, passphrase=passphrase)
    for name in result.names:
        verb = "replaced" if name in result.replaced else "imported"
        print(f"{verb} {name}")
    print(f"{len(result.names)} people, {result.trials} trials, {result.files} files")
    return EXIT_OK


def _mention_window(db: Any) -> None:
    """A write while the window is open: fine (one writer at a time, SQLite sees to it), and the window shows
    the change when it is next looked at. Say so, so that nobody wonders which copy is right."""
    from triallog.storage.lock import FolderLock

    if FolderLock(db.data_dir).holder() is not None:
        _say("the TrialLog window is open on these records; it will show this change when you return to it.")


def _export(db: Any, args: argparse.Namespace) -> int:
    from triallog.domain.errors import ValidationError
    from triallog.services.transfer import PlainExportOfProtected, export_path

    if args.encrypt and args.plain:
        raise ValidationError("--plain", "and --encrypt cannot both be given")
    passphrase = _new_passphrase(EXPORT_PASSPHRASE_VAR, "this export") if args.encrypt else None
    try:
        count = export_path(db, args.file, args.person, passphrase=passphrase, plain=args.plain)
    except PlainExportOfProtected as refused:
        _say(f"your records are protected, and {args.file} would not be: it would hold {refused.contents}.")
        _say("nothing was written. Encrypt it with --encrypt, or write it plain all the same with --plain.")
        return EXIT_USER
    how = ", encrypted with its passphrase" if passphrase is not None else ""
    print(f"exported {count} {'person' if count == 1 else 'people'} to {args.file}{how}")
    return EXIT_OK


def _people(folder: Any, args: argparse.Namespace) -> int:
    from triallog.services.roster import people_here

    people = people_here(folder, args.key)
    if args.json:
        _print_json(
            [
                {
                    "name": p.name,
                    "date_of_birth": p.date_of_birth.iso() if p.date_of_birth else None,
                    "trials": p.trials,
                    "measurements": p.measurements,
                    "cases": p.cases,
                    "calls": p.calls,
                }
                for p in people
            ]
        )
    elif not people:
        print("No people yet. Import a record with: triallog import FILE")
    else:
        for p in people:
            print(f"{p.name}: {p.trials} trials, {p.cases} cases, {p.calls} calls")
    return EXIT_OK


def _trials(db: Any, args: argparse.Namespace) -> int:
    from triallog.services.people import find_person, load_person
    from triallog.services.reporting import trials_json

    person = load_person(db, find_person(db, args.person).key)
    rows = trials_json(person)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print(f"{person.name} has no trials recorded yet.")
    for t in person_trials_text(person):
        print(t)
    return EXIT_OK


def person_trials_text(person: Any) -> list[str]:
    trials = sorted(person.trials, key=lambda t: t.start.sort_key())
    lines = []
    for t in trials:
        end = t.end.human() if t.end else ("never started" if t.outcome.value == "contraindicated" else "now")
        lines.append(f"{t.start.human():>13} – {end:<13} {t.drug_label:<32} {t.outcome.label}")
    return lines


def _print_json(value: Any) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=2))


def _measures(db: Any, args: argparse.Namespace) -> int:
    from triallog.services.measures import measures_json
    from triallog.services.people import find_person, load_person

    person = load_person(db, find_person(db, args.person).key)
    rows = measures_json(person, args.instrument)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print(f"No scores recorded for {person.name}" + (f" on {args.instrument}." if args.instrument else "."))
    for row in rows:
        band = f" ({row['band']})" if row["band"] else ""
        alert = "  ! item 9 answered: contact the prescriber; call or text 988" if row["item9_positive"] else ""
        print(f"{row['taken']:<10}  {row['instrument']:<28} {row['score']:>6g}{band}{alert}")
    return EXIT_OK


def _cases(db: Any, args: argparse.Namespace) -> int:
    from triallog.domain.deadlines import DISCLAIMER
    from triallog.domain.zones import format_when
    from triallog.services.cases import cases_json, coverage_of, due_for, next_step_for, notices_for, zone
    from triallog.services.people import find_person, load_person

    person = load_person(db, find_person(db, args.person).key)
    rows = cases_json(person)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print(f"{person.name} has no cases recorded yet.")
        return EXIT_OK
    here = zone(person)
    for case, row in zip(person.cases, rows, strict=True):
        plan = coverage_of(person, case)
        print(f"{row['reference'] or '(no reference)'}: {row['requested_drug']}, {row['status'] or 'no status'}")
        if plan is not None:
            print(f"  plan: {plan.title}")
        if row["required_drugs"]:
            print(f"  plan wants tried first: {', '.join(row['required_drugs'])}")
        clocks = due_for(person, case)
        step = next_step_for(person, case, clocks=clocks)
        if step is not None:
            print(f"  next step: {step.what}{step.due_words(here)}")
            if step.how:
                print(f"    {step.how}")
        claims = [
            c["ground"] + (f" ({c['required_drug']})" if c["required_drug"] else "")
            + (" [needs its drug and proof]" if c["needs_drug_and_proof"] else "")
            for c in row["claims"]
        ]  # fmt: skip
        print(f"  claims: {', '.join(claims) or 'none yet'}")
        for s in row["suggested_grounds"]:
            print(f"  suggested {s['ground']}" + (f" ({s['required_drug']})" if s["required_drug"] else "") + ":")
            print(f"    {s['reason']}")
        for clock in clocks:
            when = format_when(clock.due, here) if clock.due is not None else "no date"
            print(f"  {clock.what}: {when}{clock.unverified_mark} [{clock.state_text(here)}]")
            print(f"    {clock.start_text}. {clock.meaning}" + (f" [{clock.source}]" if clock.source else ""))
            if clock.assumed:
                print(f"    {clock.assumed}")
            if clock.late_text():
                print(f"    {clock.late_text()}")
            if clock.note:
                print(f"    {clock.note}")
        for notice in notices_for(person, case):
            print(f"  note: {notice}")
    print(DISCLAIMER)
    return EXIT_OK


def _due(db: Any, args: argparse.Namespace) -> int:
    from datetime import date

    from triallog.domain.dates import PartialDate, Precision
    from triallog.domain.deadlines import DISCLAIMER
    from triallog.domain.errors import ValidationError
    from triallog.domain.zones import format_when
    from triallog.services.cases import SECTIONS, due_all, due_json, due_section

    today = None
    if args.today is not None:
        rule = "must be a day written YYYY-MM-DD, such as 2023-02-01"
        try:
            given = PartialDate.parse_iso(args.today, "--today")
        except ValidationError as error:
            detail = f" ({error.rule})" if error.rule.startswith("no such date") else ""
            raise ValidationError("--today", rule + detail, args.today) from None
        if given.precision is not Precision.DAY:
            raise ValidationError("--today", rule, args.today)
        today = given.first_day
    entries = due_all(db, today)
    rows = due_json(entries)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print("Nothing open is due.")
    heading = ""
    for entry, row in zip(entries, rows, strict=True):
        day = today if today is not None else date.today()
        section = SECTIONS[due_section(entry, day)]
        if section != heading:
            print(f"{section}:")
            heading = section
        case = f" ({row['case']})" if row["case"] else ""
        source = f" [{row['source']}]" if row["source"] else ""
        if entry.follow_up is not None:
            when = entry.follow_up.human()
        elif entry.due is not None and entry.zone is not None:
            when = format_when(entry.due, entry.zone)
        else:
            when = "no date"
        unchecked = (
            " (not yet checked against the law's text)"
            if entry.due is not None and not entry.follow_up and not entry.verified
            else ""
        )
        print(f"  {when:<30} {row['person']}{case}: {row['what']}{unchecked}{source}")
    print(DISCLAIMER)
    return EXIT_OK


def _calendar(db: Any, args: argparse.Namespace) -> int:
    from triallog.services.calendar_file import REMIND_DAYS_BEFORE, calendar_bytes, items_counted, open_items
    from triallog.services.call_log import parse_day
    from triallog.services.people import find_person

    out = _out_path(args.out, (".ics",))
    today = parse_day(args.today, "--today") if args.today is not None else None
    person_key = find_person(db, args.person).key if args.person is not None else None
    items = open_items(db, today, person_key)
    _write_out(out, calendar_bytes(items), db)
    since = f"on or after {today.isoformat()}" if today is not None else "from today on"
    if items:
        reminders = f"each with reminders {REMIND_DAYS_BEFORE} days before and on the day"
        print(f"wrote {out}: {items_counted(len(items))} due {since}, {reminders}")
    else:
        print(f"wrote {out}: nothing open is due {since}, so it holds no events")
    return EXIT_OK


def _out_path(text: str, suffixes: tuple[str, ...]) -> Any:
    """Check `--out` before any work: the right extension and a folder that exists and may be written."""
    import os
    from pathlib import Path

    from triallog.domain.errors import ValidationError

    out = Path(text).expanduser()
    if out.suffix.lower() not in suffixes:
        raise ValidationError("--out", f"must end in {' or '.join(suffixes)}", text)
    if not out.parent.is_dir():
        raise ValidationError("--out", f"no such folder: {out.parent}", text)
    if out.is_dir():
        raise ValidationError("--out", "is a folder; give a file name", text)
    if not os.access(out.parent, os.W_OK):
        raise ValidationError("--out", f"cannot be written: this folder is not writable ({out.parent})", text)
    return out


def _write_out(out: Any, data: bytes, db: Any) -> None:
    """Write `--out` whole, or say plainly why it could not be written (exit 2: a place the person chose)."""
    from triallog.domain.errors import ValidationError
    from triallog.services.transfer import write_atomically

    try:
        write_atomically(out, data, None if db.read_only else db.data_dir)
    except OSError as error:
        raise ValidationError("--out", f"cannot be written: {error.strerror or error}", str(out)) from None


def _packet(db: Any, args: argparse.Namespace) -> int:
    from datetime import date

    from triallog.domain.packet_sections import DEFAULT_SECTIONS
    from triallog.services.call_log import parse_day
    from triallog.services.packets import PacketOptions, find_case, make_packet, parse_measures, parse_sections
    from triallog.services.people import find_person, load_person

    out = _out_path(args.out, (".pdf",))
    prepared = parse_day(args.date, "--date") if args.date else date.today()
    person = load_person(db, find_person(db, args.person).key)
    case = find_case(person, args.case)
    sections = parse_sections(args.sections, "--sections") if args.sections is not None else DEFAULT_SECTIONS
    measures = parse_measures(person, args.measures, "--measures") if args.measures is not None else None
    options = PacketOptions(sections=sections, redact=args.redact, paper=args.paper, instruments=measures)
    made = make_packet(db, person.key, case.key, options, prepared)
    _write_out(out, made.pdf, db)
    print(f"wrote {out} ({made.pages} pages; a copy is kept in the data folder)")
    return EXIT_OK


def _calls(db: Any, args: argparse.Namespace) -> int:
    from datetime import date

    from triallog.services.call_log import make_call_log, output_format, parse_day
    from triallog.services.packets import find_case
    from triallog.services.people import find_person, load_person

    fmt = output_format(args.out)
    out = _out_path(args.out, (f".{fmt}",))
    since = parse_day(args.since, "--since") if args.since else None
    until = parse_day(args.until, "--until") if args.until else None
    person = load_person(db, find_person(db, args.person).key)
    case_key = find_case(person, args.case).key if args.case else None
    data = make_call_log(
        db, person.key, fmt, date.today(), case_key=case_key, since=since, until=until, paper=args.paper
    )
    _write_out(out, data, db)
    print(f"wrote {out}")
    return EXIT_OK


def _summary(db: Any, args: argparse.Namespace) -> int:
    from datetime import date

    from triallog.services.people import find_person
    from triallog.services.visit_summary import make_visit_summary

    out = _out_path(args.out, (".pdf",))
    pdf, pages = make_visit_summary(db, find_person(db, args.person).key, date.today(), paper=args.paper)
    _write_out(out, pdf, db)
    print(f"wrote {out} ({pages} pages)")
    return EXIT_OK


def _backup(db: Any, args: argparse.Namespace) -> int:
    from triallog.services.backups import back_up_now

    made = back_up_now(db, args.file)
    print(f"backed up {_holding(made)} to {made.path}")
    if made.protected:
        print(
            f"it is protected like the records; what opens it is beside it: {made.path}.vault.json "
            "(keep the two together)"
        )
    return EXIT_OK


def _holding(backup: Any) -> str:
    if backup.locked:
        return "protected (its passphrase opens it)"
    if not backup.good:
        return f"nothing readable ({backup.problem})"
    return f"{backup.people} {'person' if backup.people == 1 else 'people'}, {backup.trials} trials"


def _backups(folder: Any, args: argparse.Namespace) -> int:
    from triallog.services.backups import list_backups

    found = list_backups(folder, args.key)
    if args.json:
        _print_json(
            [
                {
                    "file": str(b.path),
                    "taken": b.taken.isoformat(timespec="seconds"),
                    "reason": b.reason,
                    "good": b.good,
                    "problem": b.problem or None,
                    "people": b.people,
                    "trials": b.trials,
                    "protected": b.protected,
                }
                for b in found
            ]
        )
    elif not found:
        print("No backups yet. TrialLog makes one before every import and upgrade, and daily in the window.")
    for b in [] if args.json else found:
        print(f"{b.taken:%Y-%m-%d %H:%M}  {b.reason_text:<24} {_holding(b):<28} {b.path}")
    return EXIT_OK


def _restore(folder: Any, args: argparse.Namespace) -> int:
    from triallog.services.backups import BackupKeyNeeded, restore
    from triallog.services.protection import unlock_backup

    backup_key = None
    if args.recovery_key:
        backup_key = unlock_backup(args.file, _secret("Recovery key of that backup: "), recovery=True)
    try:
        kept = restore(folder, args.file, args.key, backup_key)
    except BackupKeyNeeded:
        if backup_key is not None:
            raise
        backup_key = unlock_backup(args.file, _secret("Passphrase of that backup: ", PASSPHRASE_VAR))
        kept = restore(folder, args.file, args.key, backup_key)
    if kept is not None:
        print(f"the records as they were are kept in {kept}")
    print(f"restored {args.file}")
    return EXIT_OK


def _salvage(folder: Any, args: argparse.Namespace) -> int:
    from triallog.services.backups import salvage_to

    found = salvage_to(folder, args.file, key=args.key)
    print(f"saved {len(found.people)} {'person' if len(found.people) == 1 else 'people'} to {args.file}")
    for lost in found.lost:
        print(f"could not read {lost}")
    return EXIT_OK if not found.lost else EXIT_STORAGE


def _passphrase(folder: Any, args: argparse.Namespace) -> int:
    from triallog.domain.errors import ValidationError
    from triallog.services import protection

    protected = protection.status(folder).protected
    if args.action == "set":
        if protected:
            raise ValidationError("passphrase", "these records are protected already; change it with: "
                                  "triallog passphrase change")  # fmt: skip
        if args.recovery_key:
            raise ValidationError("--recovery-key", "is for change and remove; set makes a new recovery key")
        made = protection.protect(folder, _new_passphrase(PASSPHRASE_VAR))
        print(RECOVERY_WORDS.format(folder=folder, key=made.recovery_key))
        for path in made.left_plain:
            print(f"Not protected: {path} (damaged; SQLite cannot read it). Delete it if you do not need it.")
        return EXIT_OK
    if not protected:
        raise ValidationError("passphrase", "these records are not protected by a passphrase; protect them with: "
                              "triallog passphrase set")  # fmt: skip
    if args.recovery_key:
        key = protection.recover(folder, _secret("Recovery key: "))
    else:
        key = protection.unlock(folder, _secret("Current passphrase: ", PASSPHRASE_VAR))
    if args.action == "change":
        protection.change(folder, key, _new_passphrase(NEW_PASSPHRASE_VAR))
        print("The passphrase is changed. Your recovery key is the same as before; keep it safe.")
        return EXIT_OK
    protection.unprotect(folder, key)
    print(
        f"Your records in {folder} are no longer protected: anyone who can use this computer account can read "
        "them. Backups taken while they were protected stay protected, and open with the passphrase of their day."
    )
    return EXIT_OK


RECOVERY_WORDS = """Your records in {folder} are now protected by your passphrase.

Your recovery key (shown only this once):

    {key}

Write it down or print it, and keep it somewhere safe, away from this computer.
A forgotten passphrase cannot be recovered. Without the passphrase or this recovery key,
nobody (not TrialLog, not its authors) can open these records or their backups again."""


def _new_passphrase(variable: str, what: str = "") -> str:
    """A new passphrase (for `what`, if not the records): from `variable`, else typed twice at a prompt."""
    import os

    from triallog.domain.errors import ValidationError
    from triallog.services.protection import check_passphrase

    if os.environ.get(variable):
        chosen = os.environ[variable]
    else:
        chosen = _secret(f"New passphrase{' for ' + what if what else ''} (at least 8 characters): ", variable)
        if problem := check_passphrase(chosen):
            raise ValidationError("passphrase", problem)
        if _secret("The same passphrase again: ") != chosen:
            raise ValidationError("passphrase", "the two did not match; nothing was changed")
    return chosen


COMMANDS = {
    "import": _import,
    "export": _export,
    "people": _people,
    "trials": _trials,
    "measures": _measures,
    "cases": _cases,
    "due": _due,
    "calendar": _calendar,
    "packet": _packet,
    "calls": _calls,
    "summary": _summary,
    "backup": _backup,
    "backups": _backups,
    "restore": _restore,
    "salvage": _salvage,
    "passphrase": _passphrase,
}


if __name__ == "__main__":
    raise SystemExit(main())
