"""Validation rules for every record: one place, called by import, the services and the GUI.

Each `check_*` returns a list of problems whose fields start with `path` (for example
`people[0].trials[2].` from an import, or `""` from a dialog), so one rule gives the
same message wherever the data came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from triallog.domain.dates import PartialDate, Precision, is_before
from triallog.domain.drugs import drug_groups
from triallog.domain.enums import CaseStatus, Ground, Outcome
from triallog.domain.errors import Problem
from triallog.domain.records import (
    Call,
    Case,
    CaseEvent,
    Claim,
    Coverage,
    Document,
    MeasureDefinition,
    Measurement,
    Person,
    Prescriber,
    SideEffect,
    Trial,
    events_in_order,
    first_denial,
)
from triallog.domain.zones import check_zone

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


# -- text and numbers: the limits every field keeps, wherever its value came from ---------------------
#
# A name (a person's, a representative's, a prescriber's or practice's, a carrier's or plan's, a drug's,
# a measure's, a document's title) prints on one line of a letter, a list and the command line: at most
# NAME_LENGTH characters, no line breaks or other control characters, and no direction controls, which
# would make a name show and print in another order than it was typed. A short field (a code, a phone
# number, a dose, a unit) holds at most SHORT_LENGTH characters; a long text (notes, an address, a call's
# summary, a denial's words, an explanation) at most LONG_LENGTH. Any text may hold line breaks and tabs,
# but no other control character (a NUL makes a name impossible to type) and no unpaired surrogate
# (which cannot be stored as UTF-8).

NAME_LENGTH = 200
SHORT_LENGTH = 500
LONG_LENGTH = 20_000
#: the largest size of any number either side of zero (a custom measure's score, range and goal):
#: floats hold whole numbers exactly up to 2**53, and no measure a person keeps comes near it
NUMBER_LIMIT = 10**15
#: the longest call, in minutes (about a week)
DURATION_LIMIT = 10_000
#: the most days one fill may last (about 27 years)
DAYS_SUPPLY_LIMIT = 10_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # and the line and paragraph separators
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_DIRECTION = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _text(value: object, field: str, limit: int, name: bool = False) -> list[Problem]:
    if not isinstance(value, str) or not value:
        return []
    if len(value) > limit:
        return [Problem(field, f"longer than {limit:,} characters (it has {len(value):,})", value[:limit])]
    problems = []
    if found := (_NAME_CONTROL if name else _CONTROL).search(value):
        where = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
        rule = (
            f"holds a line break or control character ({where}): a name is one line of plain text"
            if name
            else f"holds a control character ({where}): text may hold line breaks and tabs, no other control"
        )
        problems.append(Problem(field, rule, value))
    if found := _SURROGATE.search(value):
        where = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
        problems.append(Problem(field, f"holds half of a character ({where}), which cannot be stored", value))
    if name and (found := _DIRECTION.search(value)):
        where = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
        problems.append(
            Problem(field, f"holds a direction control ({where}), which would show and print the name reordered", value)
        )
    return problems


def name_text(value: object, field: str) -> list[Problem]:
    """A name or title: one line of at most NAME_LENGTH characters, no control or direction characters."""
    return _text(value, field, NAME_LENGTH, name=True)


def short_text(value: object, field: str) -> list[Problem]:
    """A code, number or phrase: at most SHORT_LENGTH characters, no control characters but line breaks and tabs."""
    return _text(value, field, SHORT_LENGTH)


def long_text(value: object, field: str) -> list[Problem]:
    """Notes, an address, a summary: at most LONG_LENGTH characters, no control characters but line breaks and tabs."""
    return _text(value, field, LONG_LENGTH)


def _texts(
    record: object,
    path: str,
    names: tuple[str, ...] = (),
    short: tuple[str, ...] = (),
    long: tuple[str, ...] = (),
) -> list[Problem]:
    """Every text field of one record, each checked by its kind."""
    problems: list[Problem] = []
    for check, keys in ((name_text, names), (short_text, short), (long_text, long)):
        for key in keys:
            problems += check(getattr(record, key), f"{path}{key}")
    return problems


def finite_number(value: object, field: str, limit: float = NUMBER_LIMIT) -> list[Problem]:
    """A number that is finite (not NaN or infinity) and at most `limit` either side of zero."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return []
    if isinstance(value, float) and not math.isfinite(value):
        shown = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        return [Problem(field, f"must be a finite number, not {shown}", value)]
    if abs(value) > limit:
        return [Problem(field, f"must be between -{limit:,} and {limit:,}", value)]
    return []


def whole_number_in(value: int | None, field: str, low: int, high: int, unit: str) -> list[Problem]:
    """An optional whole number within `low`..`high` (a call's minutes, a fill's days)."""
    if value is None or not isinstance(value, int) or isinstance(value, bool):
        return []
    if value < low:
        rule = "must not be negative" if low == 0 else f"must be a positive number of {unit}"
        return [Problem(field, rule, value)]
    if value > high:
        return [Problem(field, f"must be at most {high:,} {unit}", value)]
    return []


def not_before(
    later: PartialDate | None, earlier: PartialDate | None, field: str, what: str = "start"
) -> list[Problem]:
    if later is not None and earlier is not None and is_before(later, earlier):
        the = what if what.startswith("the ") else f"the {what}"
        return [Problem(field, f"before {what} {earlier.iso()}", later.iso(), f"before {the}, {earlier.human()}")]
    return []


def _reference(value: str | None, known: Iterable[str], field: str, what: str) -> list[Problem]:
    if value is not None and value not in set(known):
        return [Problem(field, f"no {what} with id {value!r} in this person's record", value)]
    return []


def check_coverage(coverage: Coverage, path: str = "") -> list[Problem]:
    problems = required_text(coverage.carrier, f"{path}carrier")
    problems += _texts(
        coverage,
        path,
        names=("carrier", "plan_name"),
        short=(
            "member_id",
            "group_number",
            "rx_bin",
            "rx_pcn",
            "rx_group",
            "state",
            "contact_phone",
            "contact_fax",
            "appeals_fax",
        ),
        long=("appeals_address",),
    )
    if coverage.state and coverage.state not in US_STATES:
        problems.append(Problem(f"{path}state", "must be an upper-case USPS code such as IL, DC or PR", coverage.state))
    problems += not_before(coverage.end, coverage.start, f"{path}end")
    return problems


def check_prescriber(prescriber: Prescriber, path: str = "") -> list[Problem]:
    problems = required_text(prescriber.name, f"{path}name")
    problems += _texts(
        prescriber, path, names=("name", "practice"), short=("specialty", "phone", "fax", "npi"), long=("address",)
    )
    if prescriber.npi and not npi_is_valid(prescriber.npi):
        problems.append(
            Problem(f"{path}npi", "must be 10 digits with a valid check digit (NPI standard)", prescriber.npi)
        )
    return problems


def check_side_effect(effect: SideEffect, path: str = "") -> list[Problem]:
    problems = required_text(effect.description, f"{path}description")
    problems += _texts(effect, path, short=("description",), long=("action", "notes"))
    problems += not_before(effect.resolved, effect.onset, f"{path}resolved", "onset")
    return problems


def onset_before_start(effect: SideEffect, start: PartialDate | None) -> str:
    """A warning, never a refusal: a side effect that began before its drug was started may be misdated, or
    may come from something else, and a reviewer will ask. "" when the dates agree or one is unknown;
    dates are judged at the coarser precision, so an onset in the month the trial started is fine."""
    if effect.onset is None or start is None or not is_before(effect.onset, start):
        return ""
    return f"began {effect.onset.human()}, before the trial's start, {start.human()}"


def check_trial(
    trial: Trial,
    path: str = "",
    coverage_keys: Iterable[str] = (),
    prescriber_keys: Iterable[str] = (),
) -> list[Problem]:
    problems = required_text(trial.drug, f"{path}drug")
    problems += _texts(
        trial,
        path,
        names=("drug", "brand"),
        short=("strength", "dose", "route", "indication", "indication_code"),
        long=("reason_stopped", "notes"),
    )
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
    problems += _texts(definition, path, names=("name",), short=("unit",))
    numbers = [p for key in ("min", "max", "goal") for p in finite_number(getattr(definition, key), f"{path}{key}")]
    if numbers:
        return problems + numbers
    low, high, goal = definition.min, definition.max, definition.goal
    if low is not None and high is not None and low >= high:
        problems.append(Problem(f"{path}max", f"must be greater than min {low:g}", high))
    elif goal is not None and ((low is not None and goal < low) or (high is not None and goal > high)):
        shown = f"{'' if low is None else f'{low:g}'} to {'' if high is None else f'{high:g}'}".strip()
        problems.append(Problem(f"{path}goal", f"must be within the measure's range {shown}", goal))
    return problems


def check_measurement(
    measurement: Measurement,
    path: str = "",
    definitions: Iterable[MeasureDefinition] = (),
) -> list[Problem]:
    instrument, score, items = measurement.instrument, measurement.score, measurement.items
    # the instrument holds a custom measure's name after its prefix
    problems = _text(instrument, f"{path}instrument", NAME_LENGTH + len(Instrument.CUSTOM_PREFIX), name=True)
    problems += long_text(measurement.notes, f"{path}notes")
    if number_problems := finite_number(score, f"{path}score"):
        return problems + number_problems
    if measurement.taken.precision < Precision.MONTH:
        problems.append(
            Problem(
                f"{path}taken",
                "needs at least a month, such as 2021-03",
                measurement.taken.iso(),
                "needs at least a month, such as 03/2021 or Mar 2021",
            )
        )
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
    difficulty = measurement.difficulty
    if difficulty is not None:
        if instrument not in (Instrument.PHQ9, Instrument.GAD7):
            problems.append(
                Problem(f"{path}difficulty", "only PHQ-9 and GAD-7 ask how difficult: leave empty", difficulty)
            )
        elif not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 0 <= difficulty <= 3:
            problems.append(
                Problem(f"{path}difficulty", "must be 0 (not difficult at all) to 3 (extremely)", difficulty)
            )
    return problems


#: the statuses whose event is a plan's letter, with the date printed on it and the day it arrived
DECISIONS = (CaseStatus.APPROVED, CaseStatus.DENIED)


def check_event(event: CaseEvent, path: str = "") -> list[Problem]:
    """A notice date and arrival day belong to a decision only; the letter cannot arrive before its date."""
    problems = long_text(event.note, f"{path}note")
    if event.status not in DECISIONS:
        for name in ("notice_date", "received"):
            if getattr(event, name) is not None:
                problems.append(
                    Problem(f"{path}{name}", "only an approved or denied event has a plan's letter: leave empty")
                )
        return problems
    problems += not_before(event.received, event.notice_date, f"{path}received", "the date on the notice")
    return problems


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def required_drug_names(case: Case) -> set[str]:
    """The ways a claim may name one of the case's required drugs: an entry as written, or one drug of an
    entry that lists several ("topiramate, propranolol"), compared without case or extra spaces."""
    names = {_folded(entry) for entry in case.required_drugs}
    names |= {_folded(label) for entry in case.required_drugs for label, _ in drug_groups(entry)}
    return names


def check_claim(claim: Claim, case: Case, path: str = "", trial_keys: Iterable[str] = ()) -> list[Problem]:
    """A claim names one of the case's required drugs (or none, for the grounds about the requested drug)."""
    problems = _texts(claim, path, names=("required_drug",), long=("explanation",))
    drug = claim.required_drug.strip()
    if claim.ground.about_requested_drug:
        if drug:
            problems.append(
                Problem(f"{path}required_drug", f"{claim.ground.value} is about the requested drug: leave empty", drug)
            )
    elif drug and _folded(drug) not in required_drug_names(case):
        problems.append(Problem(f"{path}required_drug", "must be one of the case's required drugs", drug))
    if claim.ground is Ground.NOT_IN_BEST_INTEREST and not claim.explanation.strip():
        problems.append(
            Problem(f"{path}explanation", "required: say why the required drugs are not in the person's best interest")
        )
    known = set(trial_keys)
    for i, key in enumerate(claim.trials):
        if key not in known:
            problems.append(Problem(f"{path}trials[{i}]", f"no trial with id {key!r} in this person's record", key))
    return problems


def check_case(
    case: Case,
    path: str = "",
    coverage_keys: Iterable[str] = (),
    prescriber_keys: Iterable[str] = (),
    trial_keys: Iterable[str] = (),
) -> list[Problem]:
    problems = required_text(case.requested_drug, f"{path}requested_drug")
    problems += _texts(
        case,
        path,
        names=("requested_drug",),
        short=("requested_strength", "requested_dose", "quantity", "diagnosis", "diagnosis_code", "denial_reference"),
        long=("denial_text", "notes"),
    )
    if case.diagnosis_code and not icd10_is_valid(case.diagnosis_code):
        problems.append(
            Problem(f"{path}diagnosis_code", "must be an ICD-10-CM code such as G43.709", case.diagnosis_code)
        )
    problems += whole_number_in(case.days_supply, f"{path}days_supply", 1, DAYS_SUPPLY_LIMIT, "days")
    for i, drug in enumerate(case.required_drugs):
        problems += required_text(drug, f"{path}required_drugs[{i}]") or name_text(drug, f"{path}required_drugs[{i}]")
    problems += _reference(case.coverage, coverage_keys, f"{path}coverage", "plan")
    problems += _reference(case.prescriber, prescriber_keys, f"{path}prescriber", "prescriber")
    trial_keys = set(trial_keys)
    seen: dict[tuple[Ground, str], int] = {}
    for i, claim in enumerate(case.claims):
        problems += check_claim(claim, case, f"{path}claims[{i}].", trial_keys)
        pair = (claim.ground, _folded(claim.required_drug))
        if pair in seen:
            about = f" for {claim.required_drug.strip()}" if claim.required_drug.strip() else ""
            problems.append(
                Problem(
                    f"{path}claims[{i}].ground",
                    f"{claim.ground.value}{about} is already claimed (claims[{seen[pair]}])",
                )
            )
        seen.setdefault(pair, i)
    for i, event in enumerate(case.events):
        problems += check_event(event, f"{path}events[{i}].")
    index = first_denial(case.events)
    if index is not None and case.denial_date is not None:
        letter = events_in_order(case.events)[index].notice_date
        if letter is not None and letter != case.denial_date:
            problems.append(
                Problem(
                    f"{path}denial_date",
                    f"must be the date on the first denial's letter, {letter.iso()}",
                    case.denial_date.iso(),
                    f"must be the date on the first denial's letter, {letter.human()}",
                )
            )
    return problems


def check_call(call: Call, path: str = "", case_keys: Iterable[str] = ()) -> list[Problem]:
    problems = _reference(call.case, case_keys, f"{path}case", "case")
    problems += _texts(
        call, path, names=("organization", "representative"), short=("phone", "reference_number"), long=("summary",)
    )
    for i, wanted in enumerate(call.requested_documents):
        problems += short_text(wanted, f"{path}requested_documents[{i}]")
    problems += whole_number_in(call.duration_minutes, f"{path}duration_minutes", 0, DURATION_LIMIT, "minutes")
    if call.follow_up is not None:
        day = PartialDate.of(call.when.date())
        problems += not_before(call.follow_up, day, f"{path}follow_up", "the call's day")
    return problems


def check_document(
    document: Document, path: str = "", trial_keys: Iterable[str] = (), case_keys: Iterable[str] = ()
) -> list[Problem]:
    problems = required_text(document.title, f"{path}title")
    problems += _texts(document, path, names=("title",), short=("sha256",))
    if document.sha256 and not SHA256_SHAPE.match(document.sha256):
        problems.append(Problem(f"{path}sha256", "must be 64 lower-case hex digits or empty", document.sha256))
    problems += _reference(document.trial, trial_keys, f"{path}trial", "trial")
    problems += _reference(document.case, case_keys, f"{path}case", "case")
    return problems


def check_profile(person: Person, path: str = "") -> list[Problem]:
    """The person's own fields: a name, and a name for whoever acts for them."""
    problems = required_text(person.name, f"{path}name")
    problems += _texts(person, path, names=("name",), short=("phone",), long=("address", "notes"))
    problems += check_zone(person.time_zone, f"{path}time_zone")  # a known zone's name, or ""
    if person.representative is not None:
        problems += required_text(person.representative.name, f"{path}representative.name")
        problems += _texts(
            person.representative,
            f"{path}representative.",
            names=("name",),
            short=("relationship", "phone", "authority"),
        )
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
        problems += check_case(case, f"{path}cases[{i}].", coverage_keys, prescriber_keys, trial_keys)
    for i, call in enumerate(person.calls):
        problems += check_call(call, f"{path}calls[{i}].", case_keys)
    for i, document in enumerate(person.documents):
        problems += check_document(document, f"{path}documents[{i}].", trial_keys, case_keys)
    return problems
