"""Read-only views of a record for the command line's --json output."""

from __future__ import annotations

from datetime import date
from typing import Any

from triallog.domain import records as r
from triallog.domain.measures import trial_responses
from triallog.exchange.writer import person_document
from triallog.services.measures import response_json


def trials_json(person: r.Person, today: date | None = None) -> list[dict[str, Any]]:
    """A person's trials, oldest start first, each with the exchange format's trial keys plus
    `plan` (carrier and plan name) and `prescriber_name`, so a reader needs no id lookup, and
    `response`: the measured response per instrument measured around the trial."""
    document = person_document(person)
    plans = {c["id"]: f"{c['carrier']} {c['plan_name']}".strip() for c in document["coverages"]}
    prescribers = {p["id"]: p["name"] for p in document["prescribers"]}
    pairs = sorted(zip(person.trials, document["trials"], strict=True), key=lambda pair: pair[0].start.sort_key())
    found = trial_responses(person.trials, person.measurements, person.measure_definitions, today)
    return [
        {
            **row,
            "plan": plans.get(row["coverage"]),
            "prescriber_name": prescribers.get(row["prescriber"]),
            "response": response_json(found[trial.key]),
        }
        for trial, row in pairs
    ]
