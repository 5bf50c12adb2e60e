"""make dist: the bundle as a tar.gz with a per-user install.sh, and as a .deb (dpkg-deb), in dist/.

Run by the bundle's build environment: `python installers/linux/make_packages.py dist/triallog build/icons dist`.
The icons are the SVG shipped in the package (resources/icons/APP_ID.svg) and the PNGs that
installers/linux/render_icons.py rendered from it into build/icons/hicolor/NxN/apps/APP_ID.png.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

from triallog import APP_ID, __version__

HERE = Path(__file__).resolve().parent
ARCH = {"x86_64": "amd64", "aarch64": "arm64"}
#: Debian packages the bundle expects of the system beyond the libraries it carries: fontconfig's settings (the
#: bundled libfontconfig reads /etc/fonts) and a font for anything the shipped ones lack
DEPENDS_ALSO = ("fontconfig-config", "fonts-dejavu-core")
#: libraries only the Wayland platform plugin loads: without them Qt falls back to X11 (XWayland)
RECOMMENDED = re.compile(r"^libwayland-")


def elf_files(folder: Path) -> list[Path]:
    """The programs and shared libraries in a folder."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def glibc_needed(files: list[Path]) -> str:
    """The newest glibc symbol version any of these programs and libraries asks for."""
    versions = set()
    for path in files:
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
        versions.update(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", symbols))
    return max(versions, key=lambda v: tuple(int(n) for n in v.split(".")))


def system_libraries(bundle: Path, files: list[Path]) -> dict[str, Path]:
    """The libraries the bundle loads from the system (what it does not carry), by name, as found here."""
    carried = {path.name for path in bundle.rglob("*.so*")}
    found: dict[str, Path] = {}
    for path in files:
        for line in subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout.splitlines():
            match = re.match(r"\s*(\S+) => (/\S+)", line)
            if match and match.group(1) not in carried:
                found[match.group(1)] = Path(match.group(2))
    return found


def debian_package(library: Path) -> str:
    """The Debian package that holds a library (asked of dpkg, under its /usr path too: merged /usr)."""
    for candidate in (library, library.resolve(), Path("/usr") / library.relative_to("/")):
        answer = subprocess.run(["dpkg-query", "-S", str(candidate)], capture_output=True, text=True)
        if answer.returncode == 0:
            return answer.stdout.split(":")[0].strip()
    sys.exit(f"make_packages: no Debian package holds {library}")


def relations(bundle: Path) -> tuple[list[str], list[str]]:
    """The .deb's Depends and Recommends, read off the bundle's programs and libraries."""
    files = elf_files(bundle)
    depends, recommends = {f"libc6 (>= {glibc_needed(files)})", *DEPENDS_ALSO}, set()
    for name, path in system_libraries(bundle, files).items():
        package = debian_package(path)
        if package != "libc6":
            (recommends if RECOMMENDED.match(name) else depends).add(package)
    return sorted(depends), sorted(recommends - depends)


def desktop_files(share: Path, icons: Path, bundle: Path) -> None:
    """The desktop entry, the AppStream metadata and the icons, under a share/ folder."""
    (share / "applications").mkdir(parents=True)
    shutil.copy(HERE / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir()
    shutil.copy(HERE / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copytree(icons / "hicolor", share / "icons/hicolor")
    scalable = share / "icons/hicolor/scalable/apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundle / f"_internal/triallog/resources/icons/{APP_ID}.svg", scalable)


def from_template(name: str, into: Path) -> None:
    """install.sh or uninstall.sh with the version and application id written in."""
    text = (HERE / f"{name}.in").read_text(encoding="utf-8")
    (into / name).write_text(text.replace("@VERSION@", __version__).replace("@APP_ID@", APP_ID), encoding="utf-8")
    (into / name).chmod(0o755)


def tarball(bundle: Path, icons: Path, staging: Path, dist: Path, machine: str) -> Path:
    """dist/triallog-VERSION-linux-MACHINE.tar.gz: the bundle, its desktop files, install.sh and uninstall.sh."""
    top = f"triallog-{__version__}-linux-{machine}"
    root = staging / top
    shutil.copytree(bundle, root / "triallog", symlinks=True)
    desktop_files(root / "share", icons, bundle)
    for script in ("install.sh", "uninstall.sh"):
        from_template(script, root)
    out = dist / f"{top}.tar.gz"
    with tarfile.open(out, "w:gz") as archive:
        archive.add(root, arcname=top, filter=owned_by_root)
    return out


def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """A member as any user's unpacking expects it: no build machine's user, nobody else may write."""
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mode &= ~(stat.S_IWGRP | stat.S_IWOTH)
    return info


def deb(bundle: Path, icons: Path, staging: Path, dist: Path, machine: str) -> Path:
    """dist/triallog_VERSION_ARCH.deb: /opt/triallog, /usr/bin/triallog, the desktop entry and icons."""
    root = staging / "deb"
    shutil.copytree(bundle, root / "opt/triallog", symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin/triallog").symlink_to("../../opt/triallog/triallog")  # relative: it works in a dpkg -x root too
    desktop_files(root / "usr/share", icons, bundle)
    doc = root / "usr/share/doc/triallog"
    doc.mkdir(parents=True)
    shutil.copy(HERE / "copyright", doc / "copyright")
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & stat.S_IXUSR else 0o644)
    depends, recommends = relations(bundle)
    size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = root / "DEBIAN/control"
    control.parent.mkdir()
    control.write_text(
        f"Package: triallog\nVersion: {__version__}\nArchitecture: {ARCH[machine]}\n"
        "Maintainer: TrialLog maintainers <maintainers@triallog.org>\n"
        f"Installed-Size: {size_kib}\nDepends: {', '.join(depends)}\nRecommends: {', '.join(recommends)}\n"
        "Section: misc\nPriority: optional\n"
        "Description: dated record of medication trials for step-therapy exceptions\n"
        " TrialLog keeps a dated record of every medication a person has tried (dates, doses,\n"
        ' outcome, side effects, the insurance plan) so that when a plan says "try our drug\n'
        ' first", the answer is on paper: denials with their deadlines, calls, documents and\n'
        " an evidence packet as PDF. It never connects to the internet.\n",
        encoding="utf-8",
    )
    out = dist / f"triallog_{__version__}_{ARCH[machine]}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(out)], check=True)
    return out


def main(argv: list[str]) -> int:
    bundle, icons, dist = (Path(arg) for arg in argv[1:4])
    machine = subprocess.run(["uname", "-m"], capture_output=True, text=True, check=True).stdout.strip()
    staging = Path("build/packages")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for made in (tarball(bundle, icons, staging, dist, machine), deb(bundle, icons, staging, dist, machine)):
        print(f"{made}: {made.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
