"""What a passphrase costs: start-up to records read, and import, protected (SQLCipher) against plain SQLite.

    .venv/bin/python benchmarks/protection.py [--scale S] [--runs N]

- the key derivation (scrypt, once per start: `services.protection.unlock`), printed on its own;
- `triallog people --json` (the quick read) and `triallog trials --person NAME --json` (the ORM), each a
  whole process as a person runs it, over the same records plain and protected; the ratio takes the key
  derivation out of the protected time (goal: within 1.2x, plus the key derivation);
- the window: from a fresh process's start to its first frame showing the records, plain and protected
  (the key derived before the window opens, as the passphrase prompt does, and taken out of the ratio);
- import of the ten-year record into an empty database, in this process, plain and protected.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from figures import ms, spread
from make_record import benchmark_options, copy_data_folder, prepared, triallog_command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from triallog.services import protection
from triallog.services.roster import people_here
from triallog.services.transfer import import_path
from triallog.services.workspace import open_workspace

GOAL = 1.2
PASSPHRASE = "benchmark passphrase"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def key_derivation(folder: Path, runs: int) -> list[float]:
    times = []
    for _ in range(max(3, runs)):
        start = time.perf_counter()
        protection.unlock(folder, PASSPHRASE)
        times.append(time.perf_counter() - start)
    return times


def commands(plain: Path, protected: Path, args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Seconds of the command over the plain folder and over the protected one, alternating."""
    env = {**os.environ, "TRIALLOG_PASSPHRASE": PASSPHRASE}
    env.pop("TRIALLOG_DATA_DIR", None)
    base = triallog_command()
    on_plain = [*base, "--data-dir", str(plain), *args]
    on_protected = [*base, "--data-dir", str(protected), *args]
    timed(on_plain, env), timed(on_protected, env)  # the warm-up
    pairs = [(timed(on_plain, env), timed(on_protected, env)) for _ in range(max(1, runs))]
    return [p for p, _ in pairs], [q for _, q in pairs]


def window_child(folder: Path, protected: bool) -> None:
    """In a fresh process: seconds from its start to the window's first frame showing the records, and of
    the key derivation within them (printed as JSON)."""
    start = time.perf_counter()
    from window_driver import OpenWindow, application

    derived = time.perf_counter()
    key = protection.unlock(folder, PASSPHRASE) if protected else None
    kdf = time.perf_counter() - derived
    app = application()
    opened = OpenWindow(app, folder, key=key)
    print(json.dumps({"shown": opened.marks["ready"] - start, "kdf": kdf}))
    opened.close()


def windows(root: Path, plain: Path, protected: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Start to records shown, plain and protected, alternating in fresh processes; and the key derivations."""
    from window_driver import quiet_environment

    quiet_environment(root)
    results: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    for run in range(max(1, runs) + 1):  # the first is the warm-up
        for is_protected, folder in ((False, plain), (True, protected)):
            done = subprocess.run(
                [sys.executable, __file__, "--window-child", str(folder), "1" if is_protected else ""],
                capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(f"the window run failed ({done.returncode}):\n{done.stderr[-3000:]}")
            if run:
                results[is_protected].append(json.loads(done.stdout.strip().splitlines()[-1]))
    shown = {kind: [r["shown"] for r in rows] for kind, rows in results.items()}
    return shown[False], shown[True], [r["kdf"] for r in results[True]]


def imports(record: Path, root: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of importing the record into an empty database, plain and protected (key derived beforehand)."""
    plain_template = root / "empty-plain"
    open_workspace(plain_template).close()
    protected_template = root / "empty-protected"
    shutil.copytree(plain_template, protected_template)
    protection.protect(protected_template, PASSPHRASE)
    key = protection.unlock(protected_template, PASSPHRASE)
    results: dict[str, list[float]] = {"plain": [], "protected": []}
    for run in range(max(1, runs) + 1):  # the first is the warm-up
        for kind, template, with_key in (("plain", plain_template, None), ("protected", protected_template, key)):
            folder = root / f"import-{kind}-{run}"
            shutil.copytree(template, folder)
            db = open_workspace(folder, key=with_key)
            start = time.perf_counter()
            import_path(db, record)
            elapsed = time.perf_counter() - start
            db.close()
            if run:
                results[kind].append(elapsed)
    return results["plain"], results["protected"]


def line(label: str, plain: list[float], protected: list[float], kdf: float) -> bool:
    mine = statistics.median(protected) - kdf
    ratio = mine / statistics.median(plain)
    print(f"  {label:<32} plain {spread(plain)}; protected {spread(protected)}")
    if kdf:
        print(f"  {'':<32} protected less the key derivation {ms(mine)} ms: {ratio:.2f}x plain (goal <= {GOAL}x)")
    else:
        print(f"  {'':<32} {ratio:.2f}x plain (goal <= {GOAL}x)")
    return ratio <= GOAL


def main(argv: list[str] | None = None) -> int:
    args = benchmark_options(__doc__, argv, runs=5)
    with prepared(args, "triallog-protection-") as (root, record, data):
        plain = copy_data_folder(data, root / "plain")
        protected = copy_data_folder(data, root / "protected")
        protection.protect(protected, PASSPHRASE)
        name = people_here(plain)[0].name
        print(f"protection at scale {args.scale:g} (median of {args.runs}):", flush=True)
        kdf = key_derivation(protected, args.runs)
        print(f"  key derivation (scrypt, once per start)  {spread(kdf)}")
        kdf_median = statistics.median(kdf)
        met = [
            line(
                "people --json (start to read)",
                *commands(plain, protected, ["people", "--json"], args.runs),
                kdf_median,
            ),
            line(
                "trials --json (start, ORM read)",
                *commands(plain, protected, ["trials", "--person", name, "--json"], args.runs),
                kdf_median,
            ),
            line("window: start to records shown", *window_figures(root, plain, protected, args.runs), 0.0),
            line("import (in this process)", *imports(record, root, args.runs), 0.0),
        ]
        print("  all within the goal" if all(met) else "  NOT ALL within the goal")
    return 0


def window_figures(root: Path, plain: Path, protected: Path, runs: int) -> tuple[list[float], list[float]]:
    """The window's figures, with each protected run's own key derivation taken out (printed on its own)."""
    on_plain, on_protected, kdfs = windows(root, plain, protected, runs)
    print(f"  {'window: key derivation':<32} {spread(kdfs)} (in the same runs, taken out below)")
    return on_plain, [shown - kdf for shown, kdf in zip(on_protected, kdfs, strict=True)]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--window-child":
        window_child(Path(sys.argv[2]), bool(sys.argv[3]))
        sys.exit(0)
    sys.exit(main())
