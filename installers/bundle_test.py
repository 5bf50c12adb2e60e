"""make bundle-test: the frozen TrialLog run as a user runs it, from a read-only copy, with a fresh data folder.

Run by the bundle's build environment (build/bundle-venv: PySide6, pypdf and Pillow are there) as
`python installers/bundle_test.py dist`. Every check prints one line; the run fails (exit 1) when any check fails.
It guards the four traps found while making the first bundle (issue 15), each silent at build time:

1. a bundle frozen from an editable install has no Qt: the Qt files are checked and the window is started;
2. a bundle without the spec's `datas` cannot create its database, and its window waits forever: every file the
   installed package ships is checked, and every window run is under a timeout;
3. a bundle without Pillow makes no PDF (reportlab imports it): Pillow is checked and both PDFs are made and read;
4. on a machine without system fonts a window that registers no font draws boxes: the window is grabbed under Xvfb
   with no system fonts, once as built and once with the shipped fonts emptied, and the two must differ.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from triallog import APP_ID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installers" / "linux"))
import make_packages  # noqa: E402 (installers/linux is no package)
from render_icons import SIZES as ICON_SIZES  # noqa: E402

EXAMPLE = ROOT.parent / "shared" / "examples" / "dana-rivera.v2.json"
VENV_TRIALLOG = Path(sys.prefix) / "bin" / "triallog"
SIZE_LIMIT_MB = 200
START_RATIO_LIMIT = 1.5
WINDOW_TIMEOUT_S = 60
COMMAND_TIMEOUT_S = 120
#: the Qt files TrialLog needs: the platforms (xcb for X11, wayland, offscreen for CI), SVG icons, printing, the PDF
#: preview and the charts; a bundle frozen from an editable install has none of them
QT_NEEDED = (
    "plugins/platforms/libqxcb.so",
    "plugins/platforms/libqwayland.so",
    "plugins/platforms/libqoffscreen.so",
    "plugins/imageformats/libqsvg.so",
    "plugins/iconengines/libqsvgicon.so",
    "plugins/printsupport/libcupsprintersupport.so",
    "lib/libQt6Pdf.so.6",
    "lib/libQt6PdfWidgets.so.6",
    "lib/libQt6Charts.so.6",
    "lib/libQt6PrintSupport.so.6",
    "lib/libQt6XcbQpa.so.6",
    "lib/libQt6WaylandClient.so.6",
)
#: what the spec leaves out; one of these back means the size goal is at risk
QT_LEFT_OUT = ("lib/libQt6Quick.so.6", "lib/libQt6Qml.so.6", "lib/libQt6WebEngineCore.so.6", "translations")
#: the share of a screen's pixels that may change between two grabs of a window at rest (a text cursor blinks)
AT_REST = 0.001
#: the share that must differ between the window drawn with its fonts and without (its labels)
TEXT_DRAWN = 0.002

failures: list[str] = []


def check(ok: bool, what: str, detail: str = "") -> bool:
    """Print one check's outcome; remember a failure."""
    print(f"{'ok  ' if ok else 'FAIL'}  {what}" + (f": {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(what)
    return ok


def shipped_files() -> list[str]:
    """The files the installed triallog package reads at run time, relative to site-packages."""
    found = []
    for file in importlib.metadata.files("triallog") or []:
        name = file.as_posix()
        if not name.startswith("triallog/") or "__pycache__" in name or name.endswith(".pyc"):
            continue
        if not name.endswith(".py") or name.startswith("triallog/storage/migrations/"):
            found.append(name)
    return found


def check_tree(bundle: Path) -> None:
    """What the folder holds: every data file, the Qt it needs, Pillow; its size, file count and glibc."""
    internal = bundle / "_internal"
    missing = [name for name in shipped_files() if not (internal / name).is_file()]
    check(not missing, "every data file of the package is in the bundle", ", ".join(missing[:5]))
    fonts = sorted(p.name for p in (internal / "triallog/resources/fonts").glob("*.ttf"))
    check(len(fonts) >= 4, "the shipped fonts are in the bundle", ", ".join(fonts))
    qt = internal / "PySide6" / "Qt"
    missing = [name for name in QT_NEEDED if not (qt / name).exists()]
    check(not missing, "the Qt plugins and modules TrialLog uses are in the bundle", ", ".join(missing))
    present = [name for name in QT_LEFT_OUT if (qt / name).exists()]
    check(not present, "QtQuick, QML, WebEngine and Qt's translations are left out", ", ".join(present))
    check(any((internal / "PIL").glob("_imaging*.so")), "Pillow is in the bundle (reportlab needs it for every PDF)")
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    check(megabytes < SIZE_LIMIT_MB, f"under {SIZE_LIMIT_MB} MB unpacked", f"{megabytes:.0f} MB in {len(files)} files")
    check(True, "the bundle needs glibc", make_packages.glibc_needed(make_packages.elf_files(bundle)))


def read_only_copy(bundle: Path, into: Path) -> Path:
    """The bundle copied where it may not be written, as /opt/triallog is for a user."""
    copy = into / "triallog"
    shutil.copytree(bundle, copy, symlinks=True)
    for path in [copy, *copy.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return copy


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every path in the folder with its size, mode and modification time: a write shows as a difference."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mode, p.lstat().st_mtime_ns)
        for p in [folder, *folder.rglob("*")]
    }


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment like a fresh user's: its own home, no Python settings of the developer's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "QT_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    env.update(XDG_DATA_HOME=str(home / ".local/share"), LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def run(program: Path, args: Sequence[str], env: dict[str, str], timeout: float = COMMAND_TIMEOUT_S) -> tuple:
    """(exit status, stdout, stderr, seconds) of one run; exit status None when it did not end in time."""
    started = time.perf_counter()
    try:
        done = subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", f"still running after {timeout:.0f} s", timeout
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def check_commands(program: Path, data: Path, work: Path, env: dict[str, str]) -> None:
    """--version, import, people, packet and summary, as the README shows them."""
    from pypdf import PdfReader

    from triallog import __version__

    code, out, err, _ = run(program, ["--version"], env)
    check(code == 0 and out.strip() == f"TrialLog {__version__}", "--version", (out + err).strip())
    record = json.loads(EXAMPLE.read_text(encoding="utf-8"))["people"][0]
    name, case = record["name"], record["cases"][0]["denial_reference"]
    code, out, err, _ = run(program, ["--data-dir", str(data), "import", str(EXAMPLE)], env)
    check(code == 0, f"import {EXAMPLE.name}", (out + err).strip().replace("\n", "; "))
    code, out, err, _ = run(program, ["--data-dir", str(data), "people", "--json"], env)
    people = json.loads(out) if code == 0 else []
    trials = len(record["trials"])
    ok = [(p["name"], p["trials"]) for p in people] == [(name, trials)]
    check(ok, "people --json", f"{people}" if not ok else f"{name}, {trials} trials")
    for command, extra in (("packet", ["--case", case]), ("summary", [])):
        pdf = work / f"{command}.pdf"
        code, out, err, _ = run(
            program, ["--data-dir", str(data), command, "--person", name, *extra, "--out", str(pdf)], env
        )
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages) if code == 0 and pdf.exists() else ""
        detail = f"{len(PdfReader(pdf).pages)} pages" if text else (out + err).strip()[-300:]
        check(name in text and record["trials"][0]["drug"] in text, f"{command}: a PDF naming {name}", detail)


def check_protection(program: Path, data: Path, env: dict[str, str]) -> None:
    """Passphrase protection works frozen (sqlcipher3 and cryptography are imported only when it is used):
    set on a copy of the records, then read back with the passphrase and refused without it."""
    protected = data.parent / "protected"
    shutil.copytree(data, protected)
    secret = {"TRIALLOG_PASSPHRASE": "correct horse battery staple"}
    code, out, err, _ = run(program, ["--data-dir", str(protected), "passphrase", "set"], {**env, **secret})
    # its output (a recovery key) is shown only when it failed: no key belongs in a log, not even a test's
    check(code == 0, "passphrase set (SQLCipher in the bundle)", "" if code == 0 else (out + err).strip()[-300:])
    code, out, err, _ = run(program, ["--data-dir", str(protected), "people", "--json"], {**env, **secret})
    read = code == 0 and bool(json.loads(out or "[]"))
    check(read, "people --json with the passphrase", "" if read else (out + err).strip()[-300:])
    code, out, err, _ = run(program, ["--data-dir", str(protected), "people", "--json"], env)
    check(code == 2, "people --json without the passphrase: refused (exit 2)", f"exit {code}: {err.strip()[-200:]}")


def check_windows(program: Path, data: Path, env: dict[str, str], display: str) -> None:
    """The window opens with the records and closes by itself, offscreen and on an X server, never waiting forever."""
    for platform, extra in (("offscreen", {}), ("xcb", {"DISPLAY": display})):
        code, _, err, seconds = run(
            program,
            ["--data-dir", str(data), "gui", "--exit-after-load"],
            {**env, **extra, "QT_QPA_PLATFORM": platform},
            timeout=WINDOW_TIMEOUT_S,
        )
        check(code == 0, f"gui --exit-after-load ({platform})", f"{seconds:.2f} s" if code == 0 else err.strip()[-300:])


@contextmanager
def x_server(work: Path) -> Iterator[str]:
    """An Xvfb display of its own for the window checks."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=(work / "xvfb.log").open("w"),
    )
    os.close(write)
    with os.fdopen(read) as answer:
        display = ":" + answer.readline().strip()
    try:
        yield display
    finally:
        server.terminate()
        server.wait(10)


def grab_window_at_rest(program: Path, data: Path, env: dict[str, str], display: str, png: Path) -> object:
    """Start the window on the X server, grab the screen once it stops changing, close the window; the grab."""
    from PIL import Image, ImageChops
    from PySide6.QtGui import QGuiApplication

    window = subprocess.Popen(
        [str(program), "--data-dir", str(data), "gui"],
        env={**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    screen = QGuiApplication.primaryScreen()
    before, deadline = None, time.monotonic() + WINDOW_TIMEOUT_S
    try:
        while time.monotonic() < deadline and window.poll() is None:
            time.sleep(1.0)
            grab = screen.grabWindow(0).toImage()
            image = Image.frombytes("RGBA", (grab.width(), grab.height()), bytes(grab.constBits())).convert("RGB")
            if image.getextrema() == ((0, 0), (0, 0), (0, 0)):
                continue  # nothing on the screen yet
            if before is not None and changed(ImageChops.difference(before, image)) < AT_REST:
                image.save(png)
                return image
            before = image
        return None
    finally:
        window.send_signal(signal.SIGTERM)
        try:
            window.wait(10)
        except subprocess.TimeoutExpired:
            window.kill()
            window.wait()


def changed(difference: object) -> float:
    """The share of pixels that differ in a difference image."""
    histogram = difference.convert("L").histogram()  # type: ignore[attr-defined]
    return 1 - histogram[0] / sum(histogram)


def check_fonts(program: Path, data: Path, env: dict[str, str], display: str, work: Path) -> None:
    """On a machine without system fonts the labels are drawn with the shipped fonts, not as boxes."""
    from PIL import ImageChops
    from PySide6.QtGui import QGuiApplication

    os.environ["DISPLAY"] = display
    app = QGuiApplication(["bundle-test", "-platform", "xcb"])  # noqa: F841 (grabs need it alive)
    config = work / "no-fonts.conf"
    config.write_text(f"<fontconfig><cachedir>{work / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    no_system_fonts = {**env, "FONTCONFIG_FILE": str(config)}
    without = work / "without-fonts"
    shutil.copytree(program.parent, without / "triallog", symlinks=True)
    for font in (without / "triallog/_internal/triallog/resources/fonts").glob("*.ttf"):
        font.chmod(0o644)
        font.write_bytes(b"")  # there but unreadable as a font: a window that reads it must still open
    drawn = grab_window_at_rest(program, data, no_system_fonts, display, work / "window-shipped-fonts.png")
    boxes = grab_window_at_rest(
        without / "triallog/triallog", data, no_system_fonts, display, work / "window-no-fonts.png"
    )
    if not check(drawn is not None and boxes is not None, "the window comes to rest on Xvfb (grabbed)"):
        return
    share = changed(ImageChops.difference(drawn, boxes))
    check(
        share > TEXT_DRAWN,
        "with no system fonts, the labels are drawn with the shipped fonts",
        f"{share:.1%} of the screen differs from the window with the fonts emptied (build/bundle-test/window-*.png)",
    )


def check_start_ratio(program: Path, data: Path, env: dict[str, str], runs: int = 7) -> None:
    """The frozen program starts no more than 1.5x slower than the same commands from the virtual environment."""
    commands = (["--version"], ["people", "--json"], ["gui", "--exit-after-load"])
    timings: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs + 1):  # the first round warms the disk cache and is not counted
        for args in commands:
            for side, executable in (("frozen", program), ("venv", VENV_TRIALLOG)):
                code, _, err, seconds = run(executable, ["--data-dir", str(data), *args], env, WINDOW_TIMEOUT_S)
                if code != 0:
                    check(False, f"{side} {' '.join(args)} for the timing", err.strip()[-300:])
                    return
                timings.setdefault((side, " ".join(args)), []).append(seconds)
    for args in commands:
        line = " ".join(args)
        # the fastest of the runs: what the start costs when nothing else on the machine gets in the way
        frozen, venv = (min(timings[side, line][1:]) for side in ("frozen", "venv"))
        check(
            frozen / venv <= START_RATIO_LIMIT,
            f"{line}: starts at most {START_RATIO_LIMIT}x the virtual environment's time",
            f"frozen {frozen * 1000:.0f} ms, venv {venv * 1000:.0f} ms, ratio {frozen / venv:.2f}",
        )


def check_desktop_files() -> None:
    """The desktop entry and the AppStream metadata pass their validators."""
    linux = ROOT / "installers" / "linux"
    for command in (["desktop-file-validate"], ["appstreamcli", "validate", "--no-net"]):
        suffix = ".desktop" if command[0] == "desktop-file-validate" else ".metainfo.xml"
        done = subprocess.run([*command, str(linux / f"{APP_ID}{suffix}")], capture_output=True, text=True)
        check(done.returncode == 0, f"{command[0]} {APP_ID}{suffix}", (done.stdout + done.stderr).strip()[-300:])


def check_deb(deb: Path, bundle: Path, work: Path, env: dict[str, str]) -> None:
    """The .deb names its version and needs, holds the program, command, entry and icons, and runs unpacked."""
    from triallog import __version__

    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True).stdout
    glibc = make_packages.glibc_needed(make_packages.elf_files(bundle))
    fields = dict(re.findall(r"^ (\w[\w-]*): (.*)$", info, re.MULTILINE))
    check(fields.get("Version") == __version__, f"{deb.name}: version {__version__}", fields.get("Version", ""))
    check(
        f"libc6 (>= {glibc})" in fields.get("Depends", ""),
        f"{deb.name}: depends on glibc {glibc}",
        fields.get("Depends", ""),
    )
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True).stdout
    wanted = [
        "./opt/triallog/triallog",
        "./usr/bin/triallog -> ../../opt/triallog/triallog",
        f"./usr/share/applications/{APP_ID}.desktop",
        f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"./usr/share/icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES),
    ]
    missing = [path for path in wanted if path not in contents]
    check(not missing, f"{deb.name}: program, command, desktop entry, metainfo and icons", ", ".join(missing))
    root = work / "deb-root"
    subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
    code, out, err, _ = run(root / "usr/bin/triallog", ["--version"], env)
    check(
        code == 0 and __version__ in out,
        f"{deb.name}: unpacked (dpkg -x), usr/bin/triallog --version",
        (out + err).strip(),
    )


def check_tarball(tarball: Path, work: Path, env: dict[str, str]) -> None:
    """install.sh installs for one user under ~/.local; uninstall.sh takes it all away and keeps the records."""
    from triallog import __version__

    shutil.unpack_archive(tarball, work / "unpacked")
    (top,) = (work / "unpacked").iterdir()
    home = work / "user"
    home.mkdir()
    user = {**env, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", str(top / "install.sh")], env=user, capture_output=True, text=True)
    check(done.returncode == 0, f"{tarball.name}: install.sh", (done.stdout + done.stderr).strip().replace("\n", " "))
    share = home / ".local/share"
    code, out, err, _ = run(home / ".local/bin/triallog", ["--version"], user)
    check(code == 0 and __version__ in out, "installed per user: ~/.local/bin/triallog --version", (out + err).strip())
    entry = share / f"applications/{APP_ID}.desktop"
    exec_line = (
        next((line for line in entry.read_text().splitlines() if line.startswith("Exec=")), "")
        if entry.exists()
        else ""
    )
    check(
        str(home / ".local/opt/triallog/triallog") in exec_line,
        "the desktop entry starts the installed program",
        exec_line,
    )
    icons = sorted(p.relative_to(share).as_posix() for p in (share / "icons").rglob(f"{APP_ID}.*"))
    check(
        len(icons) == len(ICON_SIZES) + 1,  # each size rendered, and the SVG
        "the icon, at every size and as SVG, under ~/.local/share/icons",
        f"{len(icons)} files: {', '.join(icons)}",
    )
    records = share / "TrialLog"
    records.mkdir()
    (records / "keep-me").write_text("a record\n")
    done = subprocess.run(
        ["sh", str(home / ".local/opt/triallog/uninstall.sh")], env=user, capture_output=True, text=True
    )
    # the records, and the menu's own cache of every program's file types, stay
    left = [
        p.relative_to(home).as_posix()
        for p in home.rglob("*")
        if p.is_file() and "TrialLog" not in p.parts and p.name != "mimeinfo.cache"
    ]
    check(
        done.returncode == 0 and not left,
        f"{tarball.name}: uninstall.sh leaves nothing of the program",
        ", ".join(left[:5]),
    )
    check((records / "keep-me").exists(), "uninstall.sh keeps the records")


def main(argv: Sequence[str]) -> int:
    dist = Path(argv[1] if len(argv) > 1 else "dist")
    bundle = dist / "triallog"
    if not (bundle / "triallog").is_file():
        print(f"bundle-test: no bundle in {bundle}; run `make bundle` first", file=sys.stderr)
        return 2
    check_tree(bundle)
    with tempfile.TemporaryDirectory(prefix="triallog-bundle-test-") as scratch:
        work = Path(scratch)
        program = read_only_copy(bundle, work / "opt") / "triallog"
        before = snapshot(program.parent)
        data, home = work / "data", work / "home"
        home.mkdir()
        env = clean_env(home)
        check_commands(program, data, work, env)
        check_protection(program, data, env)
        with x_server(work) as display:
            check_windows(program, data, env, display)
            check_fonts(program, data, env, display, work)
        check_start_ratio(program, data, env)
        check_desktop_files()
        from triallog import __version__

        (deb,) = dist.glob(f"triallog_{__version__}_*.deb")
        check_deb(deb, bundle, work, env)
        (tarball,) = dist.glob(f"triallog-{__version__}-linux-*.tar.gz")
        check_tarball(tarball, work, env)
        after = snapshot(program.parent)
        written = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
        check(not written, "the bundle wrote nothing inside itself", ", ".join(written[:5]))
        grabs = ROOT / "build" / "bundle-test"
        grabs.mkdir(parents=True, exist_ok=True)
        for png in work.glob("window-*.png"):
            shutil.copy(png, grabs / png.name)
        for path in [work, *work.rglob("*")]:  # read-only copies: let the temporary folder be removed
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
    print(
        f"\nbundle-test: {len(failures)} check(s) failed: {', '.join(failures)}"
        if failures
        else "\nbundle-test: all passed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
