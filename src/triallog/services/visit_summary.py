"""Make a person's visit summary PDF from the database."""

from __future__ import annotations

from datetime import date

from triallog.services.people import load_person
from triallog.storage.db import Database


def make_visit_summary(db: Database, person_key: str, today: date, paper: str = "letter") -> tuple[bytes, int]:
    """The visit summary's PDF bytes and its page count; times are shown in the person's own zone."""
    from triallog.reports.visit_summary import VisitSummary  # reportlab loads when a PDF is asked for

    renderer = VisitSummary(load_person(db, person_key), today, paper=paper)
    pdf = renderer.render()
    return pdf, renderer.pages
