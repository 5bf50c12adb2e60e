"""The bundled sample record, for a new user to look around before typing their own."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triallog.services.transfer import ImportResult
    from triallog.storage.db import Database

SAMPLE_FILE = "sample-record.json"
#: how the sample's person is named, so that nobody takes it for a real one (a test checks the file)
SAMPLE_MARK = "(sample record)"


def is_sample(name: str) -> bool:
    """Whether a person is the made-up sample, known by the mark in its name.

    The sample's story has dates years back: it stays out of the Due list and never raises an alarm.
    A person renamed without the mark is counted like anyone else.
    """
    return name.rstrip().casefold().endswith(SAMPLE_MARK)


def sample_bytes() -> bytes:
    return (files("triallog.resources") / "sample" / SAMPLE_FILE).read_bytes()


def open_sample(db: Database) -> ImportResult:
    """Import the sample record (its person is clearly named as a sample). Refused if already here."""
    from triallog.services.transfer import import_bytes  # the exchange reader, only when it is needed

    return import_bytes(db, sample_bytes())
