"""Records to column values: the one place where each field's stored form is decided.

The ORM rows a service edits (`rows.apply_*_fields`) and the rows an import writes in bulk
(`record_import`) both take their values from here, so that a record is stored the same way by either.
References between rows (a trial's coverage, a call's case) are left to the caller, who knows the ids.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from triallog.domain import records as r
from triallog.domain.dates import format_datetime
from triallog.domain.enums import Vocabulary

Values = dict[str, Any]


def fold(name: str) -> str:
    """The form in which two people's names are compared: trimmed, case-folded."""
    return " ".join(name.split()).casefold()


def _word(value: Vocabulary | None) -> str | None:
    return None if value is None else value.value


def event_text(when: date | datetime) -> str:
    """A status event's moment as stored: a day, or a time with the offset it was given."""
    return format_datetime(when) if isinstance(when, datetime) else when.isoformat()


def person_values(person: r.Person) -> Values:
    rep = person.representative
    return {
        "name": " ".join(person.name.split()),
        "name_folded": fold(person.name),
        "date_of_birth": person.date_of_birth,
        "address": person.address,
        "phone": person.phone,
        "notes": person.notes,
        "rep_name": rep.name if rep else None,
        "rep_relationship": rep.relationship if rep else "",
        "rep_phone": rep.phone if rep else "",
        "rep_authority": rep.authority if rep else "",
        "rep_authority_kind": _word(rep.authority_kind) if rep else None,
        "rep_authority_signed": rep.authority_signed if rep else None,
        "time_zone": person.time_zone,
    }


def coverage_values(c: r.Coverage) -> Values:
    return {
        "carrier": c.carrier.strip(),
        "plan_name": c.plan_name,
        "plan_type": _word(c.plan_type),
        "member_id": c.member_id,
        "group_number": c.group_number,
        "rx_bin": c.rx_bin,
        "rx_pcn": c.rx_pcn,
        "rx_group": c.rx_group,
        "state": c.state,
        "start": c.start,
        "end": c.end,
        "contact_phone": c.contact_phone,
        "contact_fax": c.contact_fax,
        "appeals_address": c.appeals_address,
        "appeals_fax": c.appeals_fax,
    }


def prescriber_values(p: r.Prescriber) -> Values:
    return {
        "name": p.name.strip(),
        "specialty": p.specialty,
        "practice": p.practice,
        "address": p.address,
        "phone": p.phone,
        "fax": p.fax,
        "npi": p.npi,
    }


def trial_values(t: r.Trial) -> Values:
    """Every plain field; the side effects are rows of their own (`side_effect_values`)."""
    return {
        "drug": t.drug.strip(),
        "brand": t.brand,
        "strength": t.strength,
        "dose": t.dose,
        "route": t.route,
        "start": t.start,
        "end": t.end,
        "indication": t.indication,
        "indication_code": t.indication_code,
        "outcome": t.outcome.value,
        "reason_stopped": t.reason_stopped,
        "notes": t.notes,
    }


def side_effect_values(s: r.SideEffect) -> Values:
    return {
        "description": s.description.strip(),
        "severity": _word(s.severity),
        "onset": s.onset,
        "resolved": s.resolved,
        "action": s.action,
        "notes": s.notes,
    }


def measure_definition_values(d: r.MeasureDefinition) -> Values:
    return {
        "name": d.name,
        "unit": d.unit,
        "min": d.min,
        "max": d.max,
        "higher_is_better": d.higher_is_better,
        "goal": d.goal,
    }


def measurement_values(m: r.Measurement) -> Values:
    is_integer = isinstance(m.score, int) and not isinstance(m.score, bool)
    return {
        "instrument": m.instrument,
        "taken": m.taken,
        "score": float(m.score),
        "score_is_integer": is_integer,
        "items": ",".join(str(i) for i in m.items),
        "notes": m.notes,
        "difficulty": m.difficulty,
    }


def case_values(c: r.Case) -> Values:
    """Every plain field; required drugs, claims and events are rows of their own."""
    return {
        "kind": _word(c.kind),
        "requested_drug": c.requested_drug.strip(),
        "requested_strength": c.requested_strength,
        "requested_dose": c.requested_dose,
        "quantity": c.quantity,
        "days_supply": c.days_supply,
        "diagnosis": c.diagnosis,
        "diagnosis_code": c.diagnosis_code,
        "denial_date": c.denial_date,
        "denial_reference": c.denial_reference,
        "denial_text": c.denial_text,
        "urgency": _word(c.urgency),
        "status": _word(c.status),
        "notes": c.notes,
    }


def claim_values(claim: r.Claim) -> Values:
    """The claim's own fields; the trials that prove it are rows of their own, each trial once
    (`proof_keys`)."""
    return {
        "ground": claim.ground.value,
        "required_drug": claim.required_drug.strip(),
        "explanation": claim.explanation,
    }


def proof_keys(claim: r.Claim) -> list[str]:
    """The keys of the trials that prove a claim, in the order given, each once."""
    return list(dict.fromkeys(claim.trials))


def event_values(e: r.CaseEvent) -> Values:
    return {
        "when": event_text(e.when),
        "status": e.status.value,
        "note": e.note,
        "notice_date": e.notice_date,
        "received": e.received,
    }


def call_values(c: r.Call) -> Values:
    """Every plain field; the documents asked for are rows of their own."""
    return {
        "when": format_datetime(c.when),
        "when_utc": c.when.astimezone(UTC).replace(tzinfo=None),
        "direction": _word(c.direction),
        "party": _word(c.party),
        "organization": c.organization,
        "phone": c.phone,
        "representative": c.representative,
        "reference_number": c.reference_number,
        "duration_minutes": c.duration_minutes,
        "summary": c.summary,
        "follow_up": c.follow_up,
    }


def document_values(d: r.Document) -> Values:
    """The title, kind, date and checksum; the stored file and references are the caller's."""
    return {"title": d.title.strip(), "kind": _word(d.kind), "date": d.date, "sha256": d.sha256}
