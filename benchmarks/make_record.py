"""Write a deterministic ten-year family record in the exchange format, for benchmarks and tests."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2024, 12, 31)
EXPORTED_AT = "2025-01-02T09:00:00+00:00"

#: Totals for the whole family at --scale 1.
TRIALS, CALLS, MEASUREMENTS, CASES = 300, 2_000, 5_000, 20

# name, date of birth, (standard, daylight) UTC offsets in hours, state, profile, representative
PEOPLE: list[tuple[str, str, tuple[int, int], str, str, dict[str, str] | None]] = [
    (
        "Léo Park-Nguyễn",
        "2011-03-09",
        (-5, -4),
        "NY",
        "adhd",
        {
            "name": "Minh Park-Nguyễn",
            "relationship": "mother",
            "phone": "212-555-0131",
            "authority": "parent of a minor",
        },
    ),
    ("Ayşe Yılmaz-Øvergaard", "1979-11-23", (-6, -5), "IL", "migraine", None),
    (
        "Ελένη Παπαδοπούλου",
        "1948-06-02",
        (-7, -7),
        "AZ",
        "rheumatoid",
        {
            "name": "Νίκος Παπαδόπουλος",
            "relationship": "son",
            "phone": "602-555-0177",
            "authority": "CMS-1696 signed 2021-04-12",
        },
    ),
    ("Kwame Mensah", "1985-01-30", (-8, -7), "CA", "depression", None),
    ("佐藤 花子 (Hanako Satō)", "1962-08-17", (-10, -10), "HI", "diabetes", None),
]

# indication, ICD-10-CM code, drugs (generic, brand, strength, dose, route), custom measure (name, unit, min, max,
# higher is better, typical range) and the instrument mix as weights
PROFILES: dict[str, dict[str, Any]] = {
    "adhd": {
        "indication": "ADHD, combined type",
        "code": "F90.2",
        "drugs": [
            ("methylphenidate", "Concerta", "18 mg ER", "18 mg every morning", "oral"),
            ("dexmethylphenidate", "Focalin XR", "10 mg ER", "10 mg every morning", "oral"),
            ("lisdexamfetamine", "Vyvanse", "30 mg", "30 mg every morning", "oral"),
            ("amphetamine mixed salts", "", "10 mg ER", "10 mg every morning", "oral"),
            ("atomoxetine", "", "40 mg", "40 mg daily", "oral"),
            ("guanfacine", "Intuniv", "1 mg ER", "1 mg at bedtime", "oral"),
            ("clonidine", "", "0.1 mg ER", "0.1 mg at bedtime", "oral"),
            ("viloxazine", "Qelbree", "100 mg", "100 mg daily", "oral"),
        ],
        "custom": ("focus at school (teacher rating)", "points", 0, 10, True, (2, 9)),
        "mix": {"GAD-7": 3, "NRS-pain": 1, "custom": 6},
    },
    "migraine": {
        "indication": "chronic migraine without aura",
        "code": "G43.709",
        "drugs": [
            ("topiramate", "", "25 mg", "25 mg nightly, raised to 50 mg twice daily", "oral"),
            ("propranolol", "", "40 mg", "40 mg twice daily", "oral"),
            ("amitriptyline", "", "10 mg", "10 mg nightly", "oral"),
            ("nortriptyline", "", "25 mg", "25 mg nightly", "oral"),
            ("divalproex", "Depakote ER", "500 mg", "500 mg daily", "oral"),
            ("candesartan", "", "16 mg", "16 mg daily", "oral"),
            ("erenumab", "Aimovig", "70 mg/mL", "70 mg once monthly", "subcutaneous"),
            ("fremanezumab", "Ajovy", "225 mg/1.5 mL", "225 mg once monthly", "subcutaneous"),
            ("galcanezumab", "Emgality", "120 mg/mL", "120 mg once monthly", "subcutaneous"),
            ("rimegepant", "Nurtec ODT", "75 mg", "75 mg every other day", "oral"),
        ],
        "custom": ("migraine days per month", "days", 0, 31, False, (2, 20)),
        "mix": {"PHQ-9": 2, "GAD-7": 1, "NRS-pain": 4, "custom": 3},
    },
    "rheumatoid": {
        "indication": "rheumatoid arthritis",
        "code": "M06.9",
        "drugs": [
            ("methotrexate", "", "2.5 mg", "15 mg once weekly", "oral"),
            ("hydroxychloroquine", "", "200 mg", "200 mg twice daily", "oral"),
            ("sulfasalazine", "", "500 mg", "1 g twice daily", "oral"),
            ("leflunomide", "", "20 mg", "20 mg daily", "oral"),
            ("adalimumab", "Humira", "40 mg/0.4 mL", "40 mg every other week", "subcutaneous"),
            ("etanercept", "Enbrel", "50 mg/mL", "50 mg once weekly", "subcutaneous"),
            ("certolizumab pegol", "Cimzia", "200 mg/mL", "200 mg every other week", "subcutaneous"),
            ("tofacitinib", "Xeljanz", "5 mg", "5 mg twice daily", "oral"),
            ("upadacitinib", "Rinvoq", "15 mg", "15 mg daily", "oral"),
            ("abatacept", "Orencia", "125 mg/mL", "125 mg once weekly", "subcutaneous"),
        ],
        "custom": ("morning stiffness", "minutes", 0, 600, False, (10, 180)),
        "mix": {"PHQ-9": 1, "NRS-pain": 6, "custom": 3},
    },
    "depression": {
        "indication": "major depressive disorder, recurrent",
        "code": "F33.1",
        "drugs": [
            ("sertraline", "", "50 mg", "50 mg daily", "oral"),
            ("escitalopram", "", "10 mg", "10 mg daily", "oral"),
            ("fluoxetine", "", "20 mg", "20 mg daily", "oral"),
            ("citalopram", "", "20 mg", "20 mg daily", "oral"),
            ("venlafaxine", "", "75 mg ER", "75 mg daily", "oral"),
            ("duloxetine", "", "30 mg", "60 mg daily", "oral"),
            ("desvenlafaxine", "Pristiq", "50 mg", "50 mg daily", "oral"),
            ("bupropion", "Wellbutrin XL", "150 mg", "150 mg every morning", "oral"),
            ("mirtazapine", "", "15 mg", "15 mg at bedtime", "oral"),
            ("vortioxetine", "Trintellix", "10 mg", "10 mg daily", "oral"),
            ("aripiprazole", "", "2 mg", "2 mg daily (add-on)", "oral"),
        ],
        "custom": ("sleep hours per night", "hours", 0, 24, True, (4, 8.5)),
        "mix": {"PHQ-9": 5, "GAD-7": 3, "custom": 2},
    },
    "diabetes": {
        "indication": "type 2 diabetes mellitus",
        "code": "E11.9",
        "drugs": [
            ("metformin", "", "500 mg", "500 mg twice daily", "oral"),
            ("glipizide", "", "5 mg", "5 mg daily", "oral"),
            ("sitagliptin", "Januvia", "100 mg", "100 mg daily", "oral"),
            ("empagliflozin", "Jardiance", "10 mg", "10 mg daily", "oral"),
            ("dapagliflozin", "Farxiga", "10 mg", "10 mg daily", "oral"),
            ("pioglitazone", "", "15 mg", "15 mg daily", "oral"),
            ("liraglutide", "Victoza", "18 mg/3 mL", "1.2 mg daily", "subcutaneous"),
            ("dulaglutide", "Trulicity", "1.5 mg/0.5 mL", "1.5 mg once weekly", "subcutaneous"),
            ("semaglutide", "Ozempic", "2 mg/3 mL", "0.5 mg once weekly", "subcutaneous"),
            ("insulin glargine", "Lantus", "100 units/mL", "20 units at bedtime", "subcutaneous"),
        ],
        "custom": ("HbA1c", "%", 3, 20, False, (5.6, 10.5)),
        "mix": {"PHQ-9": 1, "NRS-pain": 2, "custom": 4},
    },
}

CARRIERS = [
    ("Aetna", "Open Access PPO", "commercial"),
    ("Cigna", "Open Access Plus", "self_funded_employer"),
    ("UnitedHealthcare", "Choice Plus", "commercial"),
    ("Humana", "Gold Plus HMO", "medicare_advantage"),
    ("WellCare", "Value Script PDP", "medicare_part_d"),
    ("Ambetter", "Balanced Care 12", "marketplace"),
    ("Molina Healthcare", "Medicaid Managed Care", "medicaid"),
    ("Kaiser Permanente", "Gold 80 HMO", "marketplace"),
    ("Blue Cross Blue Shield", "Blue Choice PPO", "self_funded_employer"),
    ("Tricare", "Select", "other"),
]
PBMS = ["Express Scripts", "CVS Caremark", "OptumRx", "Prime Therapeutics", "MedImpact"]
PHARMACIES = ["Walgreens #4411", "CVS Pharmacy #2087", "Costco Pharmacy", "Rite Aid #6120", "Kroger Pharmacy"]
PRESCRIBER_NAMES = [
    "Priya Nair, MD",
    "Tomás Herrera, MD",
    "Ji-woo Kim, DO",
    "Fatima Al-Sayed, MD",
    "Oluwaseun Adeyemi, NP",
    "Ingrid Johansson, PA-C",
    "Rahul Mehta, MD",
    "Chloé Dubois, MD",
    "Kenji Watanabe, MD",
    "Agnieszka Nowak, MD",
    "Mateus Oliveira, NP",
    "Siobhán Ó Briain, MD",
    "Hyun-ah Cho, MD",
    "Emeka Eze, MD",
    "Noor Haddad, PharmD",
]
REPS = ["Marcus", "Dee", "Alicia", "Sung-min", "Rosa", "Tyrone", "Bao", "Lakshmi", "Yusuf", "Kateryna", "Jorge"]
DOC_NEEDS = [
    "prescriber statement",
    "chart notes",
    "pharmacy fill history",
    "lab results",
    "letter of medical necessity",
    "appointment of representative form",
    "list of prior trials with dates",
]
SIDE_EFFECTS = [
    ("nausea", "took with food"),
    ("headache", "none"),
    ("dizziness", "dose lowered"),
    ("insomnia", "dose moved"),
    ("fatigue", "none"),
    ("weight gain", "diet advice"),
    ("rash", "stopped"),
    ("raised blood pressure", "stopped"),
    ("word-finding difficulty", "stopped"),
    ("injection-site reaction", "cold pack"),
    ("diarrhea", "none"),
    ("loss of appetite", "dose lowered"),
    ("anxiety", "ER visit"),
    ("hair thinning", "folic acid"),
]
SEVERITIES = ["mild", "moderate", "severe", "life_threatening"]
OUTCOMES = {
    "ineffective": 25,
    "adverse_reaction": 22,
    "partial_response": 15,
    "stopped_other": 10,
    "contraindicated": 6,
    "effective": 14,
    "ongoing": 8,
}
STATUS_FLOWS = [
    ["denied", "submitted", "pending", "approved"],
    ["denied", "submitted", "pending", "denied", "appealed", "pending", "approved"],
    ["denied", "submitted", "denied", "appealed", "external_review", "approved", "closed"],
    ["denied", "draft", "submitted", "pending"],
    ["denied", "submitted", "pending", "denied", "closed"],
    ["draft"],
]
GROUNDS = ["prior_failure", "contraindicated", "expected_ineffective_or_harmful", "stable_on_current"]
KINDS = ["step_therapy"] * 5 + ["prior_authorization", "non_formulary", "quantity_limit", "other"]


def npi(rng: random.Random) -> str:
    """A random NPI with a valid check digit (Luhn over 80840 + the first nine digits)."""
    nine = str(rng.choice("12")) + "".join(str(rng.randrange(10)) for _ in range(8))
    total = 0
    for i, ch in enumerate(reversed("80840" + nine)):
        digit = int(ch) * (2 if i % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return nine + str((10 - total % 10) % 10)


def partial(day: date, rng: random.Random, year: float = 0.1, month: float = 0.3) -> str:
    """The day, written at a random precision: a year, a month or the day (truncation keeps order)."""
    roll = rng.random()
    if roll < year:
        return f"{day.year:04d}"
    if roll < year + month:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def random_day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def split(total: int, parts: int) -> list[int]:
    """Share `total` as evenly as possible among `parts`, the first ones taking the remainder."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def coverages(rng: random.Random, pi: int, state: str) -> list[dict[str, Any]]:
    changes = sorted(rng.sample(range(1, 9), 3))
    starts = [date(2013 + rng.randrange(2), 1, 1)] + [date(2015 + c, 1 + rng.randrange(12), 1) for c in changes]
    out = []
    for i, start in enumerate(starts):
        carrier, plan, kind = CARRIERS[(pi * 3 + i) % len(CARRIERS)]
        end = starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else None
        out.append(
            {
                "id": f"p{pi}-c{i}",
                "carrier": carrier,
                "plan_name": plan,
                "plan_type": kind,
                "member_id": f"{carrier[:1]}{rng.randrange(10**9, 10**10)}",
                "group_number": str(rng.randrange(10**6, 10**7)),
                "rx_bin": f"{rng.randrange(10**6):06d}",
                "rx_pcn": rng.choice(["RXPCN", "ADV", "MEDDPRIME", "9999"]),
                "rx_group": f"RX{rng.randrange(1000, 9999)}",
                "state": state,
                "start": start.isoformat() if i else f"{start.year}",
                "end": end.isoformat() if end else None,
            }
        )
    return out


def coverage_at(covs: list[dict[str, Any]], day: date) -> dict[str, Any]:
    current = covs[0]
    for c in covs:
        if c["start"] <= day.isoformat():
            current = c
    return current


def prescribers(rng: random.Random, pi: int, profile: dict[str, Any]) -> list[dict[str, Any]]:
    names = rng.sample(PRESCRIBER_NAMES, 4)
    specialties = [
        "Primary care",
        profile["indication"].split(",")[0].capitalize() + " clinic",
        "Psychiatry",
        "Internal medicine",
    ]
    return [
        {
            "id": f"p{pi}-dr{i}",
            "name": name,
            "specialty": specialties[i],
            "practice": f"{name.split(',')[0]} Practice",
            "address": f"{rng.randrange(10, 9999)} Main St, Suite {rng.randrange(100, 999)}",
            "phone": f"555-01{i}{pi}",
            "fax": f"555-02{i}{pi}",
            "npi": npi(rng),
        }
        for i, name in enumerate(names)
    ]


def trials(
    rng: random.Random,
    pi: int,
    count: int,
    profile: dict[str, Any],
    covs: list[dict[str, Any]],
    doctors: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    out = []
    starts = sorted(random_day(rng, FIRST_DAY, LAST_DAY - timedelta(days=60)) for _ in range(count))
    for i, start in enumerate(starts):
        drug, brand, strength, dose, route = profile["drugs"][i % len(profile["drugs"])]
        outcome = rng.choices(list(OUTCOMES), weights=list(OUTCOMES.values()))[0]
        start_text = partial(start, rng)
        if outcome == "contraindicated":
            end_text = start_text if rng.random() < 0.7 else None
        elif outcome == "ongoing" or (outcome == "effective" and i >= count - 3):
            end_text = None
        else:
            end = min(LAST_DAY, start + timedelta(days=rng.randrange(7, 400)))
            end_text = partial(end, rng)
        effects = []
        if outcome in ("adverse_reaction", "partial_response", "ineffective", "effective") and rng.random() < 0.7:
            for description, action in rng.sample(SIDE_EFFECTS, rng.randrange(1, 4)):
                onset = min(LAST_DAY, start + timedelta(days=rng.randrange(0, 40)))
                resolved = min(LAST_DAY, onset + timedelta(days=rng.randrange(1, 120))) if rng.random() < 0.8 else None
                effects.append(
                    {
                        "description": description,
                        "severity": rng.choices(SEVERITIES, weights=[8, 6, 3, 1])[0],
                        "onset": partial(onset, rng),
                        "resolved": partial(resolved, rng) if resolved else None,
                        "action": action,
                        "notes": "",
                    }
                )
        out.append(
            {
                "id": f"p{pi}-t{i}",
                "drug": drug,
                "brand": brand if rng.random() < 0.4 else "",
                "strength": strength,
                "dose": dose,
                "route": route,
                "start": start_text,
                "end": end_text,
                "indication": profile["indication"],
                "indication_code": profile["code"],
                "prescriber": rng.choice(doctors)["id"],
                "coverage": coverage_at(covs, start)["id"],
                "outcome": outcome,
                "reason_stopped": {
                    "ineffective": "No change after a full course at the target dose.",
                    "adverse_reaction": "Side effects too strong to continue.",
                    "partial_response": "Some benefit, not enough.",
                    "stopped_other": "Plan stopped covering it; could not afford cash price.",
                    "contraindicated": "Not started: unsafe with another condition.",
                }.get(outcome, "" if end_text is None else "Worked; stopped when the course was complete."),
                "notes": "",
                "side_effects": effects,
            }
        )
    return out


def measurements(rng: random.Random, count: int, profile: dict[str, Any]) -> list[dict[str, Any]]:
    mix = profile["mix"]
    name, *_, (low, high) = profile["custom"]
    days = sorted(random_day(rng) for _ in range(count))
    out = []
    for day in days:
        kind = rng.choices(list(mix), weights=list(mix.values()))[0]
        taken = partial(day, rng, year=0, month=0.2)
        severity = 0.3 + 0.6 * rng.random()
        if kind in ("PHQ-9", "GAD-7"):
            items = [
                min(3, max(0, round(severity * 3 + rng.uniform(-1, 1)))) for _ in range(9 if kind == "PHQ-9" else 7)
            ]
            score = sum(items)
            if rng.random() < 0.1:
                items = []  # a score reported without its answers
            out.append({"instrument": kind, "taken": taken, "score": score, "items": items, "notes": ""})
        elif kind == "NRS-pain":
            out.append({"instrument": kind, "taken": taken, "score": rng.randint(0, 10), "items": [], "notes": ""})
        else:
            value = round(low + (high - low) * severity * rng.random(), 1)
            out.append({"instrument": f"custom:{name}", "taken": taken, "score": value, "items": [], "notes": ""})
    return out


def cases(
    rng: random.Random,
    pi: int,
    count: int,
    profile: dict[str, Any],
    covs: list[dict[str, Any]],
    doctors: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        denial = random_day(rng, date(2016, 1, 1), date(2024, 9, 30))
        drugs = profile["drugs"]
        wanted = drugs[-1 - i % 3]
        flow = STATUS_FLOWS[(pi + i) % len(STATUS_FLOWS)]
        events, day = [], denial
        for j, status in enumerate(flow):
            when: str = day.isoformat()
            if j % 2:
                when = f"{day.isoformat()}T{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00+00:00"
            events.append({"date": when, "status": status, "note": f"{status.replace('_', ' ')} ({j + 1})"})
            day += timedelta(days=rng.randrange(1, 20))
        out.append(
            {
                "id": f"p{pi}-x{i}",
                "coverage": coverage_at(covs, denial)["id"],
                "kind": KINDS[i % len(KINDS)],
                "requested_drug": f"{wanted[0]} ({wanted[1]})" if wanted[1] else wanted[0],
                "requested_strength": wanted[2],
                "requested_dose": wanted[3],
                "quantity": "1 month supply",
                "days_supply": 30,
                "diagnosis": profile["indication"],
                "diagnosis_code": profile["code"],
                "prescriber": rng.choice(doctors)["id"],
                "required_drugs": [d[0] for d in drugs[:2]],
                "denial_date": denial.isoformat(),
                "denial_reference": f"DN-{denial.year}-{rng.randrange(10**6):06d}",
                "denial_text": f"Coverage for {wanted[0]} is denied: try the preferred drugs {drugs[0][0]} and "
                f"{drugs[1][0]} first.",
                "grounds": rng.sample(GROUNDS, rng.randrange(1, 4)),
                "urgency": rng.choice(["standard", "expedited"]),
                "status": flow[-1],
                "events": events,
                "notes": "",
            }
        )
    return out


def calls(
    rng: random.Random,
    count: int,
    offsets: tuple[int, int],
    covs: list[dict[str, Any]],
    the_cases: list[dict[str, Any]],
    doctors: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    out = []
    for day in sorted(random_day(rng) for _ in range(count)):
        offset = offsets[1] if 4 <= day.month <= 10 else offsets[0]
        zone = timezone(timedelta(hours=offset))
        when = datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(60), tzinfo=zone)
        case = None
        for c in the_cases:
            if date.fromisoformat(c["denial_date"]) <= day <= date.fromisoformat(c["denial_date"]) + timedelta(90):
                case = c["id"]
        party = rng.choices(["carrier", "pbm", "pharmacy", "prescriber", "regulator", "other"], [5, 3, 3, 3, 1, 1])[0]
        organization = {
            "carrier": coverage_at(covs, day)["carrier"],
            "pbm": rng.choice(PBMS),
            "pharmacy": rng.choice(PHARMACIES),
            "prescriber": rng.choice(doctors)["practice"],
            "regulator": "State Department of Insurance",
            "other": "Patient assistance program",
        }[party]
        follow = None
        if rng.random() < 0.7:
            follow = partial(day + timedelta(days=rng.randrange(0, 30)), rng, year=0, month=0.1)
        out.append(
            {
                "when": when.isoformat(),
                "case": case,
                "direction": "outgoing" if rng.random() < 0.8 else "incoming",
                "party": party,
                "organization": organization,
                "phone": f"800-555-{rng.randrange(10000):04d}",
                "representative": f"{rng.choice(REPS)} (ID {rng.randrange(1000, 9999)})",
                "reference_number": f"REF-{day:%y%m%d}-{rng.randrange(10**5):05d}" if rng.random() < 0.8 else "",
                "duration_minutes": rng.randrange(2, 75),
                "summary": "Asked about the status and what is still needed; wrote down the reference number.",
                "requested_documents": rng.sample(DOC_NEEDS, rng.choice([0, 0, 1, 2])),
                "follow_up": follow,
            }
        )
    return out


def documents(
    rng: random.Random, pi: int, the_trials: list[dict[str, Any]], the_cases: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for c in the_cases:
        out.append(
            {
                "id": f"{c['id']}-letter",
                "title": f"Denial letter {c['denial_reference']}",
                "kind": "denial_letter",
                "date": c["denial_date"],
                "trial": None,
                "case": c["id"],
                "sha256": "",
            }
        )
    for t in the_trials[:: max(1, len(the_trials) // 6)]:
        out.append(
            {
                "id": f"{t['id']}-note",
                "title": f"Chart note: {t['drug']} started",
                "kind": "chart_note",
                "date": t["start"],
                "trial": t["id"],
                "case": None,
                "sha256": "".join(rng.choice("0123456789abcdef") for _ in range(64)),
            }
        )
    return out


def make_record(seed: int = 2024, scale: float = 1.0) -> dict[str, Any]:
    """The whole family as an exchange document; the same seed and scale always give the same document."""
    rng = random.Random(seed)
    n = len(PEOPLE)
    shares = {
        what: split(max(n, round(total * scale)), n)
        for what, total in (("trials", TRIALS), ("calls", CALLS), ("measurements", MEASUREMENTS))
    }
    shares["cases"] = split(max(1, round(CASES * scale)), n)
    people = []
    for pi, (name, born, offsets, state, kind, rep) in enumerate(PEOPLE):
        profile = PROFILES[kind]
        covs = coverages(rng, pi, state)
        doctors = prescribers(rng, pi, profile)
        the_trials = trials(rng, pi, shares["trials"][pi], profile, covs, doctors)
        the_cases = cases(rng, pi, shares["cases"][pi], profile, covs, doctors)
        custom = profile["custom"]
        people.append(
            {
                "id": f"p{pi}",
                "name": name,
                "date_of_birth": born,
                "address": f"{100 + pi} Example Ave\n{state}",
                "phone": f"555-010{pi}",
                "representative": rep,
                "notes": f"Benchmark record ({kind}); generated.",
                "coverages": covs,
                "prescribers": doctors,
                "trials": the_trials,
                "measurements": measurements(rng, shares["measurements"][pi], profile),
                "measure_definitions": [
                    {
                        "name": custom[0],
                        "unit": custom[1],
                        "min": custom[2],
                        "max": custom[3],
                        "higher_is_better": custom[4],
                    }
                ],
                "cases": the_cases,
                "calls": calls(rng, shares["calls"][pi], offsets, covs, the_cases, doctors),
                "documents": documents(rng, pi, the_trials, the_cases),
            }
        )
    return {"format": "triallog-exchange", "version": 1, "exported_at": EXPORTED_AT, "people": people}


def write_record(path: Path, seed: int = 2024, scale: float = 1.0) -> dict[str, Any]:
    doc = make_record(seed, scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return doc


def triallog_command() -> list[str]:
    """The installed `triallog` script beside this Python (what a user runs), else `python -m triallog`."""
    beside = Path(sys.executable).with_name("triallog")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("triallog")
    return [found] if found else [sys.executable, "-m", "triallog"]


def build_data_folder(folder: Path, record: Path, seed: int = 2024, scale: float = 1.0) -> None:
    """Write the record to `record` and import it with `triallog import` into the data folder `folder`."""
    write_record(record, seed, scale)
    done = subprocess.run(
        [*triallog_command(), "--data-dir", str(folder), "import", str(record)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"triallog import failed ({done.returncode}):\n{done.stderr}")


def copy_data_folder(source: Path, target: Path) -> Path:
    """A private copy of the data folder's database, made with SQLite's backup (the source is only read)."""
    import sqlite3

    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    original = sqlite3.connect(f"file:{source / 'triallog.db'}?mode=ro", uri=True)
    copy = sqlite3.connect(target / "triallog.db")
    with copy:
        original.backup(copy)
    original.close()
    copy.close()
    return target


def benchmark_options(description: str | None, argv: list[str] | None, runs: int) -> argparse.Namespace:
    """The options every benchmark takes: the record's size and seed, the runs, and where to leave figures."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=runs, help=f"timed runs, after one warm-up (default {runs})")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scale", type=float, default=1.0, help="record size factor (default 1)")
    parser.add_argument("--record", type=Path, help="a record already written by make_record.py (with --data)")
    parser.add_argument("--data", type=Path, help="a data folder that record was imported into (read, never written)")
    parser.add_argument("--json", type=Path, help="also write the figures here, for all.py")
    parser.add_argument("--no-breakdown", action="store_true", help="startup.py: skip the import-time breakdown")
    options = parser.parse_args(argv)
    compile_sources()
    return options


def compile_sources() -> None:
    """Byte-compile TrialLog's own modules before anything is timed, as they are wherever TrialLog runs:
    pip compiles an installed wheel, and any run leaves them compiled, unless PYTHONDONTWRITEBYTECODE is
    set (as it is on some build machines). A start that compiled every module from source would time
    the compiler: about 60 ms of the window's first paint here. (`__pycache__` is ignored by git.)"""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "src" / "triallog"), quiet=1)


@contextmanager
def prepared(args: argparse.Namespace, prefix: str) -> Iterator[tuple[Path, Path, Path]]:
    """A temporary folder, the record and a data folder holding it: those given (`--record`, `--data`),
    else made in the temporary folder, which goes at the end."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        root = Path(tmp)
        if args.record is not None and args.data is not None:
            yield root, args.record, args.data
            return
        record, data = root / "family.json", root / "data"
        build_data_folder(data, record, args.seed, args.scale)
        yield root, record, data


def write_figures(path: Path | None, figures: dict[str, Any]) -> None:
    if path is not None:
        path.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path, help="where to write the exchange JSON")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024); same seed, same file")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (default 1: 300 trials, 2,000 calls)")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    doc = write_record(args.output, args.seed, args.scale)
    people = doc["people"]
    counts = {k: sum(len(p[k]) for p in people) for k in ("trials", "calls", "measurements", "cases", "documents")}
    print(f"wrote {args.output}: {len(people)} people, " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
