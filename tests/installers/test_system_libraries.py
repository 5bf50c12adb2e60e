"""`make run` on a Linux machine without Qt's system libraries names them, with the apt-get line to type."""

from __future__ import annotations

import importlib.util
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import PySide6

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installers" / "linux" / "system_libraries.py"
QT = Path(PySide6.__file__).parent / "Qt"
#: what every Debian system has (glibc, the C++ runtime, zlib, zstd): never worth naming
BASE = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libresolv.so.2", "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libzstd.so.1",
}  # fmt: skip
#: the platform plugins (offscreen, X11, Wayland and what they load) and the Qt modules TrialLog imports;
#: printsupport's CUPS plugin is left out: without libcups2 the print dialog still prints to a PDF
LOADED = [
    "plugins/platforms/libqoffscreen.so",
    "plugins/platforms/libqxcb.so",
    "plugins/platforms/libqwayland.so",
    "plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "plugins/xcbglintegrations/libqxcb-egl-integration.so",
    "plugins/wayland-shell-integration/libxdg-shell.so",
    "plugins/wayland-decoration-client/libbradient.so",
    "plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
    "plugins/imageformats/libqsvg.so",
    "plugins/iconengines/libqsvgicon.so",
    "lib/libQt6PdfWidgets.so.6",
    "lib/libQt6Charts.so.6",
    "lib/libQt6PrintSupport.so.6",
    "lib/libQt6Network.so.6",
]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("system_libraries", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["system_libraries"] = module  # (its NamedTuple looks itself up there)
    spec.loader.exec_module(module)
    return module


def needed(path: Path) -> list[str]:
    """The libraries an ELF64 little-endian file names as DT_NEEDED (what `readelf -d` prints)."""
    data = path.read_bytes()
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, *_ in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings = sections[link][4]
        names = []
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 1:  # DT_NEEDED
                names.append(data[strings + value : data.index(b"\0", strings + value)].decode())
        return names
    return []


def outside_qt(start: Path) -> set[str]:
    """Every library `start` needs that Qt does not ship, through the Qt libraries it loads in turn."""
    found: set[str] = set()
    seen: set[str] = set()
    todo = [start]
    while todo:
        for name in needed(todo.pop()):
            shipped = QT / "lib" / name
            if shipped.exists():
                if name not in seen:
                    seen.add(name)
                    todo.append(shipped)
            else:
                found.add(name)
    return found


def test_the_list_names_every_library_that_qt_needs_from_the_system() -> None:
    script = load_script()
    listed = {library.soname for library in script.LIBRARIES}

    needs = set().union(*(outside_qt(QT / path) for path in LOADED))

    assert needs - BASE - listed == set()
    assert {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"} <= needs  # what a plain desktop lacks


def test_a_plain_debian_desktop_is_told_the_exact_apt_get_line() -> None:
    script = load_script()
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}

    lacking = script.missing(wayland=False, load=lambda soname: soname not in absent, exists=lambda path: True)
    said = script.report(lacking, root=False, has_apt=True)

    assert [library.package for library in lacking] == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert "\n  sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in said
    assert "libxcb-cursor.so.0" in said and "X11" in said
    assert "could not load the Qt platform plugin" not in said


def test_one_package_is_named_once_and_root_needs_no_sudo() -> None:
    script = load_script()

    lacking = script.missing(wayland=False, load=lambda soname: "glib" not in soname, exists=lambda path: True)

    assert script.install_line(lacking, root=True) == "apt-get install libglib2.0-0"


def test_wayland_libraries_are_asked_for_only_on_a_wayland_desktop() -> None:
    script = load_script()

    def nothing(soname: str) -> bool:
        return False

    on_x11 = script.missing(wayland=False, load=nothing, exists=lambda path: True)
    on_wayland = script.missing(wayland=True, load=nothing, exists=lambda path: True)

    assert "libwayland-client0" not in script.packages(on_x11)
    assert "libwayland-client0" in script.packages(on_wayland)
    assert script.wayland_session({"WAYLAND_DISPLAY": "wayland-0"})
    assert not script.wayland_session({"DISPLAY": ":0"})


def test_fontconfig_without_its_settings_is_named() -> None:
    script = load_script()

    lacking = script.missing(wayland=False, load=lambda soname: True, exists=lambda path: False)

    assert script.packages(lacking) == ["fontconfig-config"]


def test_on_this_machine_nothing_is_missing_and_nothing_is_said() -> None:
    """CI installs every package `--packages` names (`.ci/run`): the check then passes quietly."""
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_ci_installs_every_package_named() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--packages"], capture_output=True, text=True, timeout=60)
    script = load_script()

    named = done.stdout.split()
    assert set(named) == {library.package for library in script.LIBRARIES} | {"fontconfig-config"}
    assert "system_libraries.py --packages" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_lists_every_package_in_its_apt_get_line() -> None:
    script = load_script()
    readme = (ROOT / "README.md").read_text()
    line = readme.split("```sh\nsudo apt-get install ", 1)[1].split("```", 1)[0]

    assert sorted(line.replace("\\", " ").split()) == sorted(
        script.packages([*script.LIBRARIES, script.FONTCONFIG_SETTINGS])
    )
