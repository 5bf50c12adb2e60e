"""An export's file name keeps the person's name readable, whatever letters it is written in."""

from __future__ import annotations

from datetime import date

import pytest

from triallog.services.transfer import export_file_name, readable_stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Mei-Ling O'Brien Ångström", "mei-ling-obrien-angstrom"),
        ("Dana Rivera", "dana-rivera"),
        ("Zoë D’Arcy", "zoe-darcy"),
        ("Søren Kierkegaard-Straße", "soren-kierkegaard-strasse"),
        ("José Núñez  (Jr.)", "jose-nunez-jr"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Ægir Œhlenschläger", "aegir-oehlenschlager"),
        ("王芳", "王芳"),  # another script stays as written: still readable, and every file system takes it
        ("Иван Петров", "иван-петров"),
        ('a/b\\c:d*e?"f<g>h|i', "a-b-c-d-e-f-g-h-i"),  # nothing a file system forbids
    ],
)
def test_a_name_becomes_a_readable_file_name(name: str, stem: str) -> None:
    assert readable_stem(name) == stem


def test_the_file_name_says_whose_record_and_when() -> None:
    day = date(2026, 11, 23)
    assert (
        export_file_name("Mei-Ling O'Brien Ångström", day, ".triallog")
        == "mei-ling-obrien-angstrom-2026-11-23.triallog"
    )
    assert export_file_name(None, day, ".json") == "triallog-everyone-2026-11-23.json"
    assert export_file_name("'' …", day, ".json") == "triallog-record-2026-11-23.json"  # never an empty name
