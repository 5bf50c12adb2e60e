"""The bundled sample record, for a new user to look around before typing their own."""

from __future__ import annotations

from importlib.resources import files

from triallog.services.transfer import ImportResult, import_bytes
from triallog.storage.db import Database

SAMPLE_FILE = "sample-record.json"


def sample_bytes() -> bytes:
    return (files("triallog.resources") / "sample" / SAMPLE_FILE).read_bytes()


def open_sample(db: Database) -> ImportResult:
    """Import the sample record (its person is clearly named as a sample). Refused if already here."""
    return import_bytes(db, sample_bytes())
