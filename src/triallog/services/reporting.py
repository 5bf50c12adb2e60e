"""Read-only views of a record for the command line's --json output."""

from __future__ import annotations

from typing import Any

from triallog.domain import records as r
from triallog.exchange.writer import person_document


def trials_json(person: r.Person) -> list[dict[str, Any]]:
    """A person's trials, oldest start first, each with the exchange format's trial keys plus
    `plan` (carrier and plan name) and `prescriber_name`, so a reader needs no id lookup."""
    document = person_document(person)
    plans = {c["id"]: f"{c['carrier']} {c['plan_name']}".strip() for c in document["coverages"]}
    prescribers = {p["id"]: p["name"] for p in document["prescribers"]}
    rows = []
    for trial, row in sorted(zip(person.trials, document["trials"], strict=True), key=lambda x: x[0].start.sort_key()):
        row = dict(row)
        row["plan"] = plans.get(row["coverage"])
        row["prescriber_name"] = prescribers.get(row["prescriber"])
        rows.append(row)
    return rows
