"""Make a person's visit summary PDF from the database."""

from __future__ import annotations

from datetime import date, tzinfo

from triallog.services.people import load_person
from triallog.storage.db import Database


def make_visit_summary(
    db: Database, person_key: str, today: date, paper: str = "letter", tz: tzinfo | None = None
) -> tuple[bytes, int]:
    """The visit summary's PDF bytes and its page count; `tz` is the person's time zone for due times."""
    from triallog.reports.visit_summary import VisitSummary  # reportlab loads when a PDF is asked for

    renderer = VisitSummary(load_person(db, person_key), today, paper=paper, tz=tz)
    pdf = renderer.render()
    return pdf, renderer.pages
