"""Name the system libraries Qt needs that this Linux machine lacks, with the apt-get line that installs them.

Run by `make run` and `make test` before anything else (with the system's Python: nothing is installed yet),
so that a missing library is named in one plain sentence instead of Qt's "could not load the Qt platform
plugin xcb" after minutes of installing. Each library is looked for as the program would: the dynamic
loader opens it by its name (`dlopen`), so the check holds on any distribution; the package names are
Debian's and Ubuntu's (`apt-get` resolves the renamed `t64` packages of newer releases by their old name).

    python3 installers/linux/system_libraries.py             # exit 0 when complete, else 1 with the apt-get line
    python3 installers/linux/system_libraries.py --packages  # every Debian package below, for CI to install
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple


class Library(NamedTuple):
    """A shared library (`soname`), the Debian package that ships it, and what needs it."""

    soname: str
    package: str
    needed_by: str


OFFSCREEN = "Qt itself (every window, and the tests' offscreen one)"
XCB = "the X11 window plugin (xcb)"
WAYLAND = "the Wayland window plugin"
PROGRAM = "the Qt modules TrialLog uses"

# What the Qt of PySide6 needs beyond glibc, libstdc++, zlib and zstd (which every Debian has), read with
# `readelf -d` from its platform plugins and the Qt libraries they and TrialLog load;
# tests/installers/test_system_libraries.py checks this list against the PySide6 installed.
LIBRARIES = (
    Library("libGL.so.1", "libgl1", OFFSCREEN),
    Library("libEGL.so.1", "libegl1", OFFSCREEN),
    Library("libX11.so.6", "libx11-6", OFFSCREEN),
    Library("libdbus-1.so.3", "libdbus-1-3", OFFSCREEN),
    Library("libfontconfig.so.1", "libfontconfig1", OFFSCREEN),
    Library("libfreetype.so.6", "libfreetype6", OFFSCREEN),
    Library("libglib-2.0.so.0", "libglib2.0-0", OFFSCREEN),
    Library("libgthread-2.0.so.0", "libglib2.0-0", OFFSCREEN),
    Library("libxkbcommon.so.0", "libxkbcommon0", OFFSCREEN),
    Library("libgssapi_krb5.so.2", "libgssapi-krb5-2", PROGRAM),  # QtNetwork (one window per folder), QtPdf
    Library("libbrotlidec.so.1", "libbrotli1", PROGRAM),  # QtNetwork
    Library("libbrotlicommon.so.1", "libbrotli1", PROGRAM),
    Library("libxcb.so.1", "libxcb1", XCB),
    Library("libX11-xcb.so.1", "libx11-xcb1", XCB),
    Library("libxcb-cursor.so.0", "libxcb-cursor0", XCB),
    Library("libxcb-icccm.so.4", "libxcb-icccm4", XCB),
    Library("libxcb-image.so.0", "libxcb-image0", XCB),
    Library("libxcb-keysyms.so.1", "libxcb-keysyms1", XCB),
    Library("libxcb-randr.so.0", "libxcb-randr0", XCB),
    Library("libxcb-render-util.so.0", "libxcb-render-util0", XCB),
    Library("libxcb-render.so.0", "libxcb-render0", XCB),
    Library("libxcb-shape.so.0", "libxcb-shape0", XCB),
    Library("libxcb-shm.so.0", "libxcb-shm0", XCB),
    Library("libxcb-sync.so.1", "libxcb-sync1", XCB),
    Library("libxcb-util.so.1", "libxcb-util1", XCB),
    Library("libxcb-xfixes.so.0", "libxcb-xfixes0", XCB),
    Library("libxcb-xkb.so.1", "libxcb-xkb1", XCB),
    Library("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", XCB),
    Library("libxcb-glx.so.0", "libxcb-glx0", XCB),
    Library("libwayland-client.so.0", "libwayland-client0", WAYLAND),
    Library("libwayland-cursor.so.0", "libwayland-cursor0", WAYLAND),
    Library("libwayland-egl.so.1", "libwayland-egl1", WAYLAND),
)
#: fontconfig reads its settings from here; without them Qt finds no font and says so at every start
FONTCONFIG_SETTINGS = Library("/etc/fonts/fonts.conf", "fontconfig-config", OFFSCREEN)


def wayland_session(environ: os._Environ[str] | dict[str, str]) -> bool:
    """A Wayland desktop: Qt then tries its Wayland plugin first (X11 otherwise, or with no desktop)."""
    return bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"


def loads(soname: str) -> bool:
    """Whether the dynamic loader finds `soname` (and what it needs in turn), as it would for Qt."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing(
    wayland: bool, load: Callable[[str], bool] = loads, exists: Callable[[str], bool] = os.path.exists
) -> list[Library]:
    """The libraries (and settings) this machine lacks; the Wayland ones only on a Wayland desktop."""
    wanted = [library for library in LIBRARIES if wayland or library.needed_by != WAYLAND]
    lacking = [library for library in wanted if not load(library.soname)]
    if not exists(FONTCONFIG_SETTINGS.soname):
        lacking.append(FONTCONFIG_SETTINGS)
    return lacking


def packages(libraries: Iterable[Library]) -> list[str]:
    """The Debian packages, each once, in the list's order."""
    return list(dict.fromkeys(library.package for library in libraries))


def install_line(libraries: Iterable[Library], root: bool) -> str:
    return ("" if root else "sudo ") + "apt-get install " + " ".join(packages(libraries))


def report(lacking: list[Library], root: bool, has_apt: bool) -> str:
    """What to tell the person: what is missing, who needs it, and the one line that installs it."""
    lines = ["TrialLog cannot start yet: Qt, the toolkit its window is made with, needs these system libraries:", ""]
    lines += [f"  {library.soname:<26} for {library.needed_by}" for library in lacking]
    lines.append("")
    if has_apt:
        lines += ["Install them with:", "", f"  {install_line(lacking, root)}", ""]
    else:
        lines += [
            "Install the packages of your system that provide these files. On Debian and Ubuntu they are:",
            "",
            f"  {install_line(lacking, root)}",
            "",
        ]
    lines.append("then run the same make command again.")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--packages" in argv:
        print(" ".join(packages([*LIBRARIES, FONTCONFIG_SETTINGS])))
        return 0
    if not sys.platform.startswith("linux"):
        return 0  # Qt's Windows and macOS plugins need nothing from the system
    lacking = missing(wayland_session(os.environ))
    if not lacking:
        return 0
    has_apt = shutil.which("apt-get") is not None and Path("/etc/debian_version").exists()
    print(report(lacking, root=os.geteuid() == 0, has_apt=has_apt), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
