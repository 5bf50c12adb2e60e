"""Validation rules for every record: one place, called by import, the services and the GUI.

Each `check_*` returns a list of problems whose fields start with `path` (for example
`people[0].trials[2].` from an import, or `""` from a dialog), so one rule gives the
same message wherever the data came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from triallog.domain.dates import PartialDate, Precision, is_before
from triallog.domain.enums import Outcome
from triallog.domain.errors import Problem
from triallog.domain.records import (
    Call,
    Case,
    Coverage,
    Document,
    MeasureDefinition,
    Measurement,
    Person,
    Prescriber,
    SideEffect,
    Trial,
)

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
ICD10_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
SHA256_SHAPE = re.compile(r"^[0-9a-f]{64}$")


class Instrument:
    """The scored questionnaires and scales TrialLog knows."""

    PHQ9 = "PHQ-9"
    GAD7 = "GAD-7"
    PAIN = "NRS-pain"
    CUSTOM_PREFIX = "custom:"

    #: instrument -> (maximum score, item count; 0 when the instrument has no items)
    SCALES: dict[str, tuple[int, int]] = {PHQ9: (27, 9), GAD7: (21, 7), PAIN: (10, 0)}
    ITEM_MAX = 3


def npi_is_valid(npi: str) -> bool:
    """A 10-digit NPI whose last digit is the Luhn check over `80840` + the first nine."""
    if not re.fullmatch(r"[0-9]{10}", npi):
        return False
    digits = [int(c) for c in "80840" + npi[:9]]
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


def icd10_is_valid(code: str) -> bool:
    return bool(ICD10_SHAPE.fullmatch(code))


def required_text(value: str, field: str) -> list[Problem]:
    if not isinstance(value, str) or not value.strip():
        return [Problem(field, "required", value)]
    return []


def not_before(
    later: PartialDate | None, earlier: PartialDate | None, field: str, what: str = "start"
) -> list[Problem]:
    if later is not None and earlier is not None and is_before(later, earlier):
        return [Problem(field, f"before {what} {earlier.iso()}", later.iso())]
    return []


def _reference(value: str | None, known: Iterable[str], field: str, what: str) -> list[Problem]:
    if value is not None and value not in set(known):
        return [Problem(field, f"no {what} with id {value!r} in this person's record", value)]
    return []


def check_coverage(coverage: Coverage, path: str = "") -> list[Problem]:
    problems = required_text(coverage.carrier, f"{path}carrier")
    if coverage.state and coverage.state not in US_STATES:
        problems.append(Problem(f"{path}state", "must be an upper-case USPS code such as IL, DC or PR", coverage.state))
    problems += not_before(coverage.end, coverage.start, f"{path}end")
    return problems


def check_prescriber(prescriber: Prescriber, path: str = "") -> list[Problem]:
    problems = required_text(prescriber.name, f"{path}name")
    if prescriber.npi and not npi_is_valid(prescriber.npi):
        problems.append(
            Problem(f"{path}npi", "must be 10 digits with a valid check digit (NPI standard)", prescriber.npi)
        )
    return problems


def check_side_effect(effect: SideEffect, path: str = "") -> list[Problem]:
    problems = required_text(effect.description, f"{path}description")
    problems += not_before(effect.resolved, effect.onset, f"{path}resolved", "onset")
    return problems


def check_trial(
    trial: Trial,
    path: str = "",
    coverage_keys: Iterable[str] = (),
    prescriber_keys: Iterable[str] = (),
) -> list[Problem]:
    problems = required_text(trial.drug, f"{path}drug")
    problems += not_before(trial.end, trial.start, f"{path}end")
    if trial.outcome is Outcome.CONTRAINDICATED and trial.end is not None and trial.end != trial.start:
        problems.append(
            Problem(
                f"{path}end",
                "a contraindicated drug was never started: end must equal start or be empty",
                trial.end.iso(),
            )
        )
    if trial.indication_code and not icd10_is_valid(trial.indication_code):
        problems.append(
            Problem(f"{path}indication_code", "must be an ICD-10-CM code such as G43.709", trial.indication_code)
        )
    problems += _reference(trial.coverage, coverage_keys, f"{path}coverage", "plan")
    problems += _reference(trial.prescriber, prescriber_keys, f"{path}prescriber", "prescriber")
    for i, effect in enumerate(trial.side_effects):
        problems += check_side_effect(effect, f"{path}side_effects[{i}].")
    return problems


def check_measure_definition(definition: MeasureDefinition, path: str = "") -> list[Problem]:
    problems = required_text(definition.name, f"{path}name")
    if definition.min is not None and definition.max is not None and definition.min >= definition.max:
        problems.append(Problem(f"{path}max", f"must be greater than min {definition.min:g}", definition.max))
    return problems


def check_measurement(
    measurement: Measurement,
    path: str = "",
    definitions: Iterable[MeasureDefinition] = (),
) -> list[Problem]:
    problems: list[Problem] = []
    instrument, score, items = measurement.instrument, measurement.score, measurement.items
    if measurement.taken.precision < Precision.MONTH:
        problems.append(Problem(f"{path}taken", "needs at least a month, such as 2021-03", measurement.taken.iso()))
    if instrument in Instrument.SCALES:
        top, count = Instrument.SCALES[instrument]
        if not isinstance(score, int) or isinstance(score, bool):
            problems.append(Problem(f"{path}score", f"must be a whole number for {instrument}", score))
        elif not 0 <= score <= top:
            problems.append(Problem(f"{path}score", f"must be 0 to {top} for {instrument}", score))
        if count == 0 and items:
            problems.append(Problem(f"{path}items", f"{instrument} has no items: leave empty", items))
        elif items:
            if len(items) != count:
                problems.append(Problem(f"{path}items", f"{instrument} has {count} items, not {len(items)}", items))
            bad = [i for i, v in enumerate(items) if not 0 <= v <= Instrument.ITEM_MAX]
            for i in bad:
                problems.append(Problem(f"{path}items[{i}]", "each answer must be 0 to 3", items[i]))
            if not bad and len(items) == count and isinstance(score, int) and sum(items) != score:
                problems.append(Problem(f"{path}score", f"items add up to {sum(items)}, not {score}", score))
    elif instrument.startswith(Instrument.CUSTOM_PREFIX) and instrument[len(Instrument.CUSTOM_PREFIX) :].strip():
        name = instrument[len(Instrument.CUSTOM_PREFIX) :]
        if items:
            problems.append(Problem(f"{path}items", "only PHQ-9 and GAD-7 have items: leave empty", items))
        for definition in definitions:
            if definition.name == name:
                low, high = definition.min, definition.max
                if (low is not None and score < low) or (high is not None and score > high):
                    shown = f"{'' if low is None else f'{low:g}'} to {'' if high is None else f'{high:g}'}"
                    problems.append(Problem(f"{path}score", f"must be within {shown.strip()} for {name}", score))
                break
    else:
        problems.append(Problem(f"{path}instrument", "must be PHQ-9, GAD-7, NRS-pain or custom:NAME", instrument))
    return problems


def check_case(
    case: Case,
    path: str = "",
    coverage_keys: Iterable[str] = (),
    prescriber_keys: Iterable[str] = (),
) -> list[Problem]:
    problems = required_text(case.requested_drug, f"{path}requested_drug")
    if case.diagnosis_code and not icd10_is_valid(case.diagnosis_code):
        problems.append(
            Problem(f"{path}diagnosis_code", "must be an ICD-10-CM code such as G43.709", case.diagnosis_code)
        )
    if case.days_supply is not None and case.days_supply <= 0:
        problems.append(Problem(f"{path}days_supply", "must be a positive number of days", case.days_supply))
    for i, drug in enumerate(case.required_drugs):
        problems += required_text(drug, f"{path}required_drugs[{i}]")
    problems += _reference(case.coverage, coverage_keys, f"{path}coverage", "plan")
    problems += _reference(case.prescriber, prescriber_keys, f"{path}prescriber", "prescriber")
    return problems


def check_call(call: Call, path: str = "", case_keys: Iterable[str] = ()) -> list[Problem]:
    problems = _reference(call.case, case_keys, f"{path}case", "case")
    if call.duration_minutes is not None and call.duration_minutes < 0:
        problems.append(Problem(f"{path}duration_minutes", "must not be negative", call.duration_minutes))
    if call.follow_up is not None:
        day = PartialDate.of(call.when.date())
        problems += not_before(call.follow_up, day, f"{path}follow_up", "the call's day")
    return problems


def check_document(
    document: Document, path: str = "", trial_keys: Iterable[str] = (), case_keys: Iterable[str] = ()
) -> list[Problem]:
    problems = required_text(document.title, f"{path}title")
    if document.sha256 and not SHA256_SHAPE.match(document.sha256):
        problems.append(Problem(f"{path}sha256", "must be 64 lower-case hex digits or empty", document.sha256))
    problems += _reference(document.trial, trial_keys, f"{path}trial", "trial")
    problems += _reference(document.case, case_keys, f"{path}case", "case")
    return problems


def check_profile(person: Person, path: str = "") -> list[Problem]:
    """The person's own fields: a name, and a name for whoever acts for them."""
    problems = required_text(person.name, f"{path}name")
    if person.representative is not None:
        problems += required_text(person.representative.name, f"{path}representative.name")
    return problems


def check_person(person: Person, path: str = "") -> list[Problem]:
    """Every rule over a person's whole record."""
    problems = check_profile(person, path)
    coverage_keys = {c.key for c in person.coverages}
    prescriber_keys = {p.key for p in person.prescribers}
    trial_keys = {t.key for t in person.trials}
    case_keys = {c.key for c in person.cases}
    for i, coverage in enumerate(person.coverages):
        problems += check_coverage(coverage, f"{path}coverages[{i}].")
    for i, prescriber in enumerate(person.prescribers):
        problems += check_prescriber(prescriber, f"{path}prescribers[{i}].")
    for i, trial in enumerate(person.trials):
        problems += check_trial(trial, f"{path}trials[{i}].", coverage_keys, prescriber_keys)
    seen: set[str] = set()
    for i, definition in enumerate(person.measure_definitions):
        problems += check_measure_definition(definition, f"{path}measure_definitions[{i}].")
        if definition.name in seen:
            problems.append(
                Problem(
                    f"{path}measure_definitions[{i}].name",
                    "a custom measure of this name already exists",
                    definition.name,
                )
            )
        seen.add(definition.name)
    for i, measurement in enumerate(person.measurements):
        problems += check_measurement(measurement, f"{path}measurements[{i}].", person.measure_definitions)
    for i, case in enumerate(person.cases):
        problems += check_case(case, f"{path}cases[{i}].", coverage_keys, prescriber_keys)
    for i, call in enumerate(person.calls):
        problems += check_call(call, f"{path}calls[{i}].", case_keys)
    for i, document in enumerate(person.documents):
        problems += check_document(document, f"{path}documents[{i}].", trial_keys, case_keys)
    return problems
