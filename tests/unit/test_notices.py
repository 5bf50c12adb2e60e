"""The About dialog's list names every part TrialLog is built from, with its licence and source."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement

from triallog import __version__
from triallog.notices import bundled, licence_texts, read_text


def key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions() -> set[str]:
    """Every distribution `pip install triallog` brings, through what each needs in turn (no test extras)."""
    found: set[str] = set()
    todo = ["triallog"]
    while todo:
        name = todo.pop()
        if key(name) in found:
            continue
        found.add(key(name))
        for line in metadata.distribution(name).requires or []:
            requirement = Requirement(line)
            extra = "accel" if key(name) == "reportlab" else ""  # TrialLog asks for reportlab[accel]
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                todo.append(requirement.name)
    return found


def test_every_distribution_needed_at_run_time_is_named_with_its_licence() -> None:
    notices = bundled("6.11.3")
    named = {key(d) for notice in notices for d in notice.distributions} | {"triallog"}

    assert runtime_distributions() - named == set()
    assert all(notice.licence for notice in notices)


def test_qt_is_under_the_lgpl_with_where_its_source_is() -> None:
    qt = next(notice for notice in bundled("6.11.3") if notice.name == "Qt")

    assert qt.licence == "LGPL-3.0-only" and qt.version == "6.11.3"
    assert qt.source == "https://download.qt.io/archive/qt/6.11/6.11.3/"
    assert read_text(qt.text).startswith("                   GNU LESSER GENERAL PUBLIC LICENSE")


def test_triallog_reportlab_and_the_fonts_are_listed() -> None:
    by_name = {notice.name: notice for notice in bundled()}

    assert by_name["TrialLog"].version == __version__
    assert by_name["ReportLab"].version == metadata.version("reportlab")
    assert by_name["DejaVu Sans fonts"].licence.startswith("Bitstream-Vera")
    assert by_name["Droid Sans Fallback font"].licence == "Apache-2.0"


def test_every_licence_text_offered_is_shipped() -> None:
    for path in licence_texts().values():
        assert len(read_text(path)) > 1000
