"""Write domain records as an exchange document: every key of every object, fresh ids."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from triallog.domain import records as r
from triallog.domain.dates import PartialDate, format_datetime
from triallog.domain.enums import Vocabulary
from triallog.domain.errors import Problem, raise_if
from triallog.exchange import FORMAT, VERSION


def _d(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def _w(value: Vocabulary | None) -> str | None:
    return None if value is None else value.value


def _number(value: float | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Ids:
    """Fresh ids, unique within the file, for the records other records may refer to."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.by_key: dict[tuple[str, str], str] = {}

    def new(self, prefix: str, key: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        ident = f"{prefix}{self.counts[prefix]}"
        self.by_key[(prefix, key)] = ident
        return ident

    def ref(self, prefix: str, key: str | None) -> str | None:
        return None if key is None else self.by_key.get((prefix, key))


def person_document(person: r.Person, ids: _Ids | None = None, files: dict[str, str] | None = None) -> dict[str, Any]:
    """One person as an exchange object; `files` maps a document's key to its path in an archive."""
    ids = ids or _Ids()
    pid = ids.new("p", person.key)
    coverages = [
        {
            "id": ids.new("c", c.key),
            "carrier": c.carrier,
            "plan_name": c.plan_name,
            "plan_type": _w(c.plan_type),
            "member_id": c.member_id,
            "group_number": c.group_number,
            "rx_bin": c.rx_bin,
            "rx_pcn": c.rx_pcn,
            "rx_group": c.rx_group,
            "state": c.state,
            "start": _d(c.start),
            "end": _d(c.end),
            "contact_phone": c.contact_phone,
            "contact_fax": c.contact_fax,
            "appeals_address": c.appeals_address,
            "appeals_fax": c.appeals_fax,
        }
        for c in person.coverages
    ]
    prescribers = [
        {
            "id": ids.new("pr", p.key),
            "name": p.name,
            "specialty": p.specialty,
            "practice": p.practice,
            "address": p.address,
            "phone": p.phone,
            "fax": p.fax,
            "npi": p.npi,
        }
        for p in person.prescribers
    ]
    trial_ids = [ids.new("t", t.key) for t in person.trials]
    # A claim's proof names trials by the ids just given; a stale key (a trial since removed) is dropped.
    trial_id = dict(zip((t.key for t in person.trials), trial_ids, strict=True))
    case_ids = [ids.new("x", c.key) for c in person.cases]
    trials = [
        {
            "id": tid,
            "drug": t.drug,
            "brand": t.brand,
            "strength": t.strength,
            "dose": t.dose,
            "route": t.route,
            "start": _d(t.start),
            "end": _d(t.end),
            "indication": t.indication,
            "indication_code": t.indication_code,
            "prescriber": ids.ref("pr", t.prescriber),
            "coverage": ids.ref("c", t.coverage),
            "outcome": t.outcome.value,
            "reason_stopped": t.reason_stopped,
            "notes": t.notes,
            "side_effects": [
                {
                    "description": s.description,
                    "severity": _w(s.severity),
                    "onset": _d(s.onset),
                    "resolved": _d(s.resolved),
                    "action": s.action,
                    "notes": s.notes,
                }
                for s in t.side_effects
            ],
        }
        for tid, t in zip(trial_ids, person.trials, strict=True)
    ]
    cases = [
        {
            "id": xid,
            "coverage": ids.ref("c", c.coverage),
            "kind": _w(c.kind),
            "requested_drug": c.requested_drug,
            "requested_strength": c.requested_strength,
            "requested_dose": c.requested_dose,
            "quantity": c.quantity,
            "days_supply": c.days_supply,
            "diagnosis": c.diagnosis,
            "diagnosis_code": c.diagnosis_code,
            "prescriber": ids.ref("pr", c.prescriber),
            "required_drugs": list(c.required_drugs),
            "denial_date": _d(c.denial_date),
            "denial_reference": c.denial_reference,
            "denial_text": c.denial_text,
            "claims": [
                {
                    "ground": claim.ground.value,
                    "required_drug": claim.required_drug,
                    "trials": [trial_id[k] for k in claim.trials if k in trial_id],
                    "explanation": claim.explanation,
                }
                for claim in c.claims
            ],
            "urgency": _w(c.urgency),
            "status": _w(c.status),
            "events": [
                {
                    "date": _when(e.when),
                    "status": e.status.value,
                    "note": e.note,
                    "notice_date": _d(e.notice_date),
                    "received": _d(e.received),
                }
                for e in c.events
            ],
            "notes": c.notes,
        }
        for xid, c in zip(case_ids, person.cases, strict=True)
    ]
    calls = [
        {
            "when": format_datetime(c.when),
            "case": ids.ref("x", c.case),
            "direction": _w(c.direction),
            "party": _w(c.party),
            "organization": c.organization,
            "phone": c.phone,
            "representative": c.representative,
            "reference_number": c.reference_number,
            "duration_minutes": c.duration_minutes,
            "summary": c.summary,
            "requested_documents": list(c.requested_documents),
            "follow_up": _d(c.follow_up),
        }
        for c in person.calls
    ]
    documents = [
        {
            "id": ids.new("d", d.key),
            "title": d.title,
            "kind": _w(d.kind),
            "date": _d(d.date),
            "trial": ids.ref("t", d.trial),
            "case": ids.ref("x", d.case),
            "file": (files or {}).get(d.key),
            "sha256": d.sha256,
        }
        for d in person.documents
    ]
    rep = person.representative
    return {
        "id": pid,
        "name": person.name,
        "date_of_birth": _d(person.date_of_birth),
        "address": person.address,
        "phone": person.phone,
        "representative": None
        if rep is None
        else {
            "name": rep.name,
            "relationship": rep.relationship,
            "phone": rep.phone,
            "authority": rep.authority,
            "authority_kind": rep.authority_kind.value if rep.authority_kind else "",
            "authority_signed": _d(rep.authority_signed),
        },
        "notes": person.notes,
        "time_zone": person.time_zone,
        "coverages": coverages,
        "prescribers": prescribers,
        "trials": trials,
        "measurements": [
            {
                "instrument": m.instrument,
                "taken": m.taken.iso(),
                "score": _number(m.score),
                "items": list(m.items),
                "notes": m.notes,
                "difficulty": m.difficulty,
            }
            for m in person.measurements
        ],
        "measure_definitions": [
            {
                "name": d.name,
                "unit": d.unit,
                "min": _number(d.min),
                "max": _number(d.max),
                "higher_is_better": d.higher_is_better,
                "goal": _number(d.goal),
            }
            for d in person.measure_definitions
        ],
        "cases": cases,
        "calls": calls,
        "documents": documents,
    }


def _when(value: date | datetime) -> str:
    return format_datetime(value) if isinstance(value, datetime) else value.isoformat()


def exchange_document(
    people: list[r.Person], exported_at: datetime, files: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """The whole document; `files` maps a person's key to {document key: path in the archive}."""
    ids = _Ids()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_datetime(exported_at),
        "people": [person_document(p, ids, (files or {}).get(p.key)) for p in people],
    }


def _non_finite(value: Any, path: str) -> Iterator[Problem]:
    """Every NaN or infinity in a document (one stored before TrialLog refused them), with its place."""
    if isinstance(value, float) and not math.isfinite(value):
        rule = f"is {json.dumps(value)}, which an exchange file cannot hold: correct it, then export again"
        yield Problem(path, rule, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, f"{path}[{i}]")


def dumps(document: dict[str, Any]) -> bytes:
    """Strict JSON: never NaN or Infinity, which other readers refuse (and TrialLog's own reader too)."""
    raise_if(list(_non_finite(document, "")))
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
