"""Small factories for domain records, so a test spells out only what matters to its story."""

from __future__ import annotations

import importlib.util
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from triallog.domain import records as r
from triallog.domain.dates import PartialDate, now_utc, parse_datetime
from triallog.domain.enums import (
    CaseKind,
    CaseStatus,
    Direction,
    DocumentKind,
    Ground,
    Outcome,
    Party,
    PlanType,
    Severity,
    Urgency,
)
from triallog.exchange.writer import dumps, exchange_document


def day(text: str | PartialDate | None) -> PartialDate | None:
    """`"2021-03"` → PartialDate(2021, 3); None and PartialDate pass through."""
    if text is None or isinstance(text, PartialDate):
        return text
    return PartialDate.parse(text)


def moment(text: str | datetime) -> datetime:
    return text if isinstance(text, datetime) else parse_datetime(text)


def _dates(fields: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        if name in fields:
            fields[name] = day(fields[name])
    return fields


def make_representative(name: str = "Luis Rivera", **fields: Any) -> r.Representative:
    fields.setdefault("relationship", "brother")
    fields.setdefault("phone", "773-555-0199")
    fields.setdefault("authority", "health care power of attorney")
    return r.Representative(name=name, **fields)


def make_coverage(carrier: str = "Aetna", key: str = "c1", **fields: Any) -> r.Coverage:
    fields.setdefault("plan_name", "Open Access PPO")
    fields.setdefault("plan_type", PlanType.COMMERCIAL)
    fields.setdefault("member_id", "W184466021")
    fields.setdefault("state", "IL")
    fields.setdefault("start", "2019-01-01")
    if isinstance(fields["plan_type"], str):
        fields["plan_type"] = PlanType(fields["plan_type"])
    return r.Coverage(carrier=carrier, key=key, **_dates(fields, "start", "end"))


def make_prescriber(name: str = "Priya Nair, MD", key: str = "pr1", **fields: Any) -> r.Prescriber:
    fields.setdefault("specialty", "Neurology")
    fields.setdefault("npi", "1234567893")
    return r.Prescriber(name=name, key=key, **fields)


def make_side_effect(description: str = "word-finding difficulty", **fields: Any) -> r.SideEffect:
    fields.setdefault("severity", Severity.MODERATE)
    if isinstance(fields["severity"], str):
        fields["severity"] = Severity(fields["severity"])
    return r.SideEffect(description=description, **_dates(fields, "onset", "resolved"))


def make_trial(
    drug: str = "topiramate",
    start: str | PartialDate = "2020-02",
    outcome: Outcome | str = Outcome.INEFFECTIVE,
    key: str = "t1",
    **fields: Any,
) -> r.Trial:
    fields = _dates(fields, "end")
    return r.Trial(drug=drug, start=day(start), outcome=Outcome(outcome), key=key, **fields)  # type: ignore[arg-type]


def make_measurement(
    instrument: str = "NRS-pain", taken: str | PartialDate = "2021-03-05", score: float = 6, **fields: Any
) -> r.Measurement:
    return r.Measurement(instrument=instrument, taken=day(taken), score=score, **fields)  # type: ignore[arg-type]


def make_definition(name: str = "migraine days per month", **fields: Any) -> r.MeasureDefinition:
    return r.MeasureDefinition(name=name, **fields)


def make_event(
    when: str,
    status: CaseStatus | str = CaseStatus.SUBMITTED,
    note: str = "",
    notice_date: str | None = None,
    received: str | None = None,
) -> r.CaseEvent:
    value: date | datetime = parse_datetime(when) if "T" in when else date.fromisoformat(when)
    return r.CaseEvent(
        when=value, status=CaseStatus(status), note=note, notice_date=day(notice_date), received=day(received)
    )


def make_claim(
    ground: Ground | str, required_drug: str = "", trials: list[str] | None = None, **fields: Any
) -> r.Claim:
    return r.Claim(ground=Ground(ground), required_drug=required_drug, trials=list(trials or []), **fields)


def make_case(requested_drug: str = "erenumab (Aimovig)", key: str = "x1", **fields: Any) -> r.Case:
    fields.setdefault("kind", CaseKind.STEP_THERAPY)
    fields.setdefault("status", CaseStatus.PENDING)
    fields.setdefault("urgency", Urgency.STANDARD)
    for name, kind in (("kind", CaseKind), ("status", CaseStatus), ("urgency", Urgency)):
        if isinstance(fields[name], str):
            fields[name] = kind(fields[name])
    # `grounds=[...]` is shorthand for claims that still need their drug and proof (as version 1 had them)
    grounds = fields.pop("grounds", [])
    fields["claims"] = [*(make_claim(g) for g in grounds), *fields.get("claims", [])]
    return r.Case(requested_drug=requested_drug, key=key, **_dates(fields, "denial_date"))


def make_call(when: str | datetime = "2023-01-23T10:05:00-06:00", key: str = "", **fields: Any) -> r.Call:
    fields.setdefault("direction", Direction.OUTGOING)
    fields.setdefault("party", Party.CARRIER)
    for name, kind in (("direction", Direction), ("party", Party)):
        if isinstance(fields[name], str):
            fields[name] = kind(fields[name])
    return r.Call(when=moment(when), key=key, **_dates(fields, "follow_up"))


def make_document(title: str = "Cigna denial letter", key: str = "d1", **fields: Any) -> r.Document:
    fields.setdefault("kind", DocumentKind.DENIAL_LETTER)
    if isinstance(fields["kind"], str):
        fields["kind"] = DocumentKind(fields["kind"])
    return r.Document(title=title, key=key, **_dates(fields, "date"))


def make_person(name: str = "Dana Rivera", **fields: Any) -> r.Person:
    return r.Person(name=name, **_dates(fields, "date_of_birth"))


def exchange_bytes(*people: r.Person, exported_at: datetime | None = None) -> bytes:
    """The people as an exchange file's bytes, the way `triallog export` writes them."""
    return dumps(exchange_document(list(people), exported_at or now_utc()))


def family_record(scale: float, seed: int = 2024) -> bytes:
    """The benchmarks' ten-year family record (`benchmarks/make_record.py`) at `scale`, as exchange bytes:
    every kind of record, many of each."""
    spec = importlib.util.spec_from_file_location(
        "make_record", Path(__file__).resolve().parents[1] / "benchmarks" / "make_record.py"
    )
    assert spec is not None and spec.loader is not None
    make_record = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_record)
    return json.dumps(make_record.make_record(seed, scale), ensure_ascii=False).encode("utf-8")
