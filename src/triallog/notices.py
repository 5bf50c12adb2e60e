"""What TrialLog is built from, under which licence, and where each part's source is: the About dialog's list.

An installed TrialLog (a bundle, a package) carries all of these; the LGPL asks that a person can get Qt's
and PySide6's source and replace those libraries, so their entries say where the source of each version is.
Versions are read from the installed distributions; a bundle that left their metadata out shows none.
`tests/unit/test_notices.py` checks that every distribution TrialLog needs at run time is named here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True)
class Notice:
    """One part: its name, version (None when unknown), licence (SPDX where there is one), where its source
    is, the licence text shipped in `triallog.resources` (a path inside it, or ""), and the distributions
    (as pip names them) it stands for."""

    name: str
    version: str | None
    licence: str
    source: str
    text: str = ""
    distributions: tuple[str, ...] = ()


QT_SOURCE = "https://download.qt.io/archive/qt/"
PYSIDE_SOURCE = "https://download.qt.io/official_releases/QtForPython/"
LGPL = "LGPL-3.0-only"

#: name, distributions, licence, where the source is, licence text shipped (after the Qt parts, in this order)
_PARTS = (
    ("SQLAlchemy", ("SQLAlchemy",), "MIT", "https://pypi.org/project/SQLAlchemy/#files"),
    ("Alembic", ("alembic",), "MIT", "https://pypi.org/project/alembic/#files"),
    ("Mako (for Alembic)", ("Mako",), "MIT", "https://pypi.org/project/Mako/#files"),
    ("MarkupSafe (for Mako)", ("MarkupSafe",), "BSD-3-Clause", "https://pypi.org/project/MarkupSafe/#files"),
    ("ReportLab", ("reportlab", "rl_accel"), "BSD-3-Clause", "https://pypi.org/project/reportlab/#files"),
    ("Pillow (for ReportLab)", ("pillow",), "MIT-CMU", "https://pypi.org/project/pillow/#files"),
    ("charset-normalizer (for ReportLab)", ("charset-normalizer",), "MIT", "https://pypi.org/project/charset-normalizer/"),
    ("pypdf", ("pypdf",), "BSD-3-Clause", "https://pypi.org/project/pypdf/#files"),
    ("sqlcipher3 (SQLCipher and SQLite built in)", ("sqlcipher3",), "Zlib AND BSD-3-Clause", "https://pypi.org/project/sqlcipher3/#files"),
    ("cryptography", ("cryptography",), "Apache-2.0 OR BSD-3-Clause", "https://pypi.org/project/cryptography/#files"),
    ("cffi (for cryptography)", ("cffi",), "MIT-0", "https://pypi.org/project/cffi/#files"),
    ("pycparser (for cffi)", ("pycparser",), "BSD-3-Clause", "https://pypi.org/project/pycparser/#files"),
    ("platformdirs", ("platformdirs",), "MIT", "https://pypi.org/project/platformdirs/#files"),
    ("tzdata", ("tzdata",), "Apache-2.0", "https://pypi.org/project/tzdata/#files"),
    ("tzlocal", ("tzlocal",), "MIT", "https://pypi.org/project/tzlocal/#files"),
    ("holidays", ("holidays",), "MIT", "https://pypi.org/project/holidays/#files"),
    ("icalendar", ("icalendar",), "BSD-2-Clause", "https://pypi.org/project/icalendar/#files"),
    ("python-dateutil (for holidays)", ("python-dateutil",), "BSD-3-Clause OR Apache-2.0", "https://pypi.org/project/python-dateutil/"),
    ("six (for python-dateutil)", ("six",), "MIT", "https://pypi.org/project/six/#files"),
    ("keyring", ("keyring",), "MIT", "https://pypi.org/project/keyring/#files"),
    ("jaraco.classes (for keyring)", ("jaraco.classes",), "MIT", "https://pypi.org/project/jaraco.classes/#files"),
    ("jaraco.context (for keyring)", ("jaraco.context",), "MIT", "https://pypi.org/project/jaraco.context/#files"),
    ("jaraco.functools (for keyring)", ("jaraco.functools",), "MIT", "https://pypi.org/project/jaraco.functools/#files"),
    ("more-itertools (for keyring)", ("more-itertools",), "MIT", "https://pypi.org/project/more-itertools/#files"),
    ("backports.tarfile (for keyring)", ("backports.tarfile",), "MIT", "https://pypi.org/project/backports.tarfile/#files"),
    ("importlib_metadata, zipp and lazy-importer (for keyring)", ("importlib_metadata", "zipp", "lazy-importer"),
     "Apache-2.0 AND MIT", "https://pypi.org/project/importlib-metadata/#files"),
    ("SecretStorage and jeepney (for keyring, on Linux)", ("SecretStorage", "jeepney"), "BSD-3-Clause AND MIT", "https://pypi.org/project/SecretStorage/#files"),
    ("typing_extensions", ("typing_extensions",), "PSF-2.0", "https://pypi.org/project/typing-extensions/#files"),
)  # fmt: skip


def version_of(*distributions: str) -> str | None:
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def bundled(qt_version: str | None = None) -> list[Notice]:
    """Every part, TrialLog first; `qt_version` is the Qt in use (the window knows it; PySide6's own
    version is the Qt version it was built with, which stands in otherwise)."""
    from triallog import __version__

    pyside = version_of("PySide6-Essentials", "PySide6")
    return [
        Notice("TrialLog", __version__, "GPL-3.0-or-later", "", "licences/GPL-3.0.txt"),
        Notice("Qt", qt_version or pyside, LGPL, QT_SOURCE + _minor(qt_version or pyside), "licences/LGPL-3.0.txt"),
        Notice(
            "PySide6 and Shiboken6 (Qt for Python)",
            pyside,
            LGPL,
            PYSIDE_SOURCE,
            "licences/LGPL-3.0.txt",
            ("PySide6-Essentials", "PySide6-Addons", "shiboken6"),
        ),
        Notice("Python", sys.version.split()[0], "PSF-2.0", "https://www.python.org/downloads/source/"),
        *(
            Notice(name, version_of(*distributions), licence, source, "", distributions)
            for name, distributions, licence, source in _PARTS
        ),
        Notice(
            "DejaVu Sans fonts",
            "2.37",
            "Bitstream-Vera (DejaVu's changes: public domain)",
            "https://dejavu-fonts.github.io/",
            "fonts/LICENSE.txt",
        ),
        Notice(
            "Droid Sans Fallback font",
            "6.0.1r16",
            "Apache-2.0",
            "https://sources.debian.org/src/fonts-android/",
            "fonts/LICENSE-DroidSansFallback.txt",
        ),
    ]


def licence_texts() -> dict[str, str]:
    """Each licence text shipped, by a title, in the order the About dialog offers them."""
    return {
        "GNU Lesser General Public License 3 (Qt, PySide6)": "licences/LGPL-3.0.txt",
        "GNU General Public License 3 (TrialLog)": "licences/GPL-3.0.txt",
        "DejaVu fonts licence": "fonts/LICENSE.txt",
        "Apache License 2.0 (Droid Sans Fallback)": "fonts/LICENSE-DroidSansFallback.txt",
    }


def read_text(path: str) -> str:
    """A licence text shipped in `triallog.resources` (as `licence_texts` names it)."""
    from importlib.resources import files

    return files("triallog.resources").joinpath(path).read_text(encoding="utf-8")


def _minor(version: str | None) -> str:
    """The archive's folder of a Qt version: `6.11/6.11.3/` (its source is in `single/` there)."""
    if not version:
        return ""
    major_minor = ".".join(version.split(".")[:2])
    return f"{major_minor}/{version}/"
