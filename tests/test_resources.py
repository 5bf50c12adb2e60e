"""The runtime files (sample record, migrations) are found editable, in a built wheel and from that wheel."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from triallog import APP_ID

if TYPE_CHECKING:
    from triallog.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "triallog/resources/sample/sample-record.json"
MIGRATIONS = ("triallog/storage/migrations/versions/0001_initial.py", "triallog/storage/migrations/script.py.mako")
REFERENCE = (
    "triallog/resources/instruments/questionnaires.json",
    "triallog/resources/reference/drug_classes.json",
    "triallog/resources/reference/deadline_rules.json",
    "triallog/resources/reference/exception_grounds.json",
    "triallog/resources/fonts/DejaVuSans.ttf",
    "triallog/resources/fonts/DejaVuSans-Bold.ttf",
    "triallog/resources/fonts/DroidSansFallbackFull.ttf",
    "triallog/resources/fonts/LICENSE.txt",
    "triallog/resources/fonts/LICENSE-DroidSansFallback.txt",
    f"triallog/resources/icons/{APP_ID}.svg",
)
# What never belongs in a build: the venv, caches, earlier builds (a stale build/ would hide a missing file).
NOT_BUILT = ("build", "dist", "*.egg-info", "__pycache__", ".*", "tmp")


def test_the_sample_record_is_found_and_opens_as_a_clearly_named_sample(db: Database) -> None:
    from triallog.services.people import list_people
    from triallog.services.samples import open_sample

    sample = files("triallog.resources") / "sample" / "sample-record.json"
    assert sample.is_file()

    result = open_sample(db)

    assert len(result.names) == 1
    assert "sample" in result.names[0].lower()
    people = list_people(db, with_counts=True)
    assert [p.name for p in people] == result.names
    assert people[0].trials == result.trials >= 6
    # The sample shows what format version 2 holds: a time zone, claims with their proof, the letter's dates.
    from triallog.services.people import load_person

    person = load_person(db, people[0].key)
    assert person.time_zone == "America/Los_Angeles"
    assert person.cases[0].claims and not any(c.needs_drug_and_proof for c in person.cases[0].claims)
    assert person.cases[0].events[0].notice_date is not None


def _wheel_can_be_built() -> bool:
    """setuptools builds wheels itself from 70.1; before that it needs the `wheel` package."""
    major, minor = (int(part) for part in importlib.metadata.version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the project, built offline from a clean copy of the tree (the working tree stays untouched)."""
    if not _wheel_can_be_built():
        pytest.fail(
            "cannot build a wheel without build isolation: the venv's setuptools is older than 70.1 and the "
            "`wheel` package is missing; add `wheel` to the test extras in pyproject.toml"
        )
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_BUILT))
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    command += ["--disable-pip-version-check", "--quiet", "-w", str(tmp / "out"), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (built,) = (tmp / "out").glob("triallog-*.whl")
    return built


def test_a_built_wheel_carries_the_resources_and_the_migrations(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert SAMPLE in names
    for name in (*MIGRATIONS, *REFERENCE):
        assert name in names


def test_the_program_unpacked_from_the_wheel_reads_its_sample_and_migrates_a_new_database(
    wheel: Path, tmp_path: Path
) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    # -S skips site, so the editable install's .pth finder never runs; the venv's site-packages stays on the
    # path after the unpacked wheel only for the libraries (SQLAlchemy, Alembic, platformdirs).
    site_packages = sysconfig.get_paths()["purelib"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(unpacked), site_packages])
    script = """if True:
        import json, sys
        from importlib.resources import files
        import triallog
        from triallog.services.samples import open_sample
        from triallog.services.workspace import open_workspace

        raw = (files("triallog.resources") / "sample" / "sample-record.json").read_bytes()
        db = open_workspace(sys.argv[1])
        try:
            result = open_sample(db)
        finally:
            db.close()
        print(json.dumps({"file": triallog.__file__, "name": json.loads(raw)["people"][0]["name"],
                          "imported": result.names}))
    """
    done = subprocess.run(
        [sys.executable, "-S", "-c", script, str(tmp_path / "data")],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(seen["file"]).is_relative_to(unpacked)
    assert "sample" in seen["name"].lower()
    assert seen["imported"] == [seen["name"]]
