"""The phone script for a case: what to say and ask when calling the plan, as plain text."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from triallog.domain import records as r
from triallog.domain.deadlines import DISCLAIMER
from triallog.domain.grounds import Tie, tie_label
from triallog.domain.wording import SHORT
from triallog.domain.zones import format_when
from triallog.services.cases import case_label, claim_proofs, coverage_of, due_for, suggestions, zone


def build_phone_script(person: r.Person, case: r.Case, today: date) -> str:
    """Plain text to read from during a call about `case`, built from the person's record."""
    plan = coverage_of(person, case)
    plan_name = (plan.title or plan.carrier) if plan else "the plan"
    drug = case.requested_drug.strip() or "the requested drug"
    lines: list[str] = [f"Phone script: {drug} ({case_label(case)})", ""]

    lines += ["1. Say why you are calling", ""]
    lines.append(
        f'"I am calling to request a step therapy exception for {drug}. '
        'Please record this as a step therapy exception request."'
    )
    if case.denial_reference.strip():
        denied = f" dated {case.denial_date.human()}" if case.denial_date else ""
        lines.append(f'"It is about the denial{denied}, reference {case.denial_reference.strip()}."')
    lines.append("")

    lines += ["2. Who the member is", ""]
    lines.append(f"Member: {person.name}")
    if person.date_of_birth is not None:
        lines.append(f"Date of birth: {person.date_of_birth.human()}")
    if plan is not None:
        lines.append(f"Plan: {plan_name}")
        lines.append(f"Member ID: {plan.member_id.strip() or 'not on file: have the card ready'}")
        if plan.group_number.strip():
            lines.append(f"Group number: {plan.group_number.strip()}")
    else:
        lines.append("Member ID: no plan chosen for this case: have the insurance card ready")
    rep = person.representative
    if rep is not None and rep.name.strip():
        acting = f"Calling for them: {rep.name.strip()}"
        if rep.relationship.strip():
            acting += f" ({rep.relationship.strip()})"
        if rep.authority.strip():
            acting += f", with {rep.authority.strip()}"
        lines.append(acting)
    lines.append("")

    lines += ["3. The drug requested", ""]
    details = [
        case.requested_strength.strip(),
        case.requested_dose.strip(),
        case.quantity.strip(),
        f"{case.days_supply} days' supply" if case.days_supply else "",
    ]
    lines.append(f"Requested drug: {drug}" + "".join(f", {d}" for d in details if d))
    if case.diagnosis.strip() or case.diagnosis_code.strip():
        code = f" ({case.diagnosis_code.strip()})" if case.diagnosis_code.strip() else ""
        lines.append(f"Diagnosis: {case.diagnosis.strip() or 'see code'}{code}")
    prescriber = next((p for p in person.prescribers if case.prescriber and p.key == case.prescriber), None)
    if prescriber is not None:
        fax = f"fax {prescriber.fax.strip()}" if prescriber.fax.strip() else ""
        contact = ", ".join(x for x in (prescriber.phone.strip(), fax) if x)
        lines.append(f"Prescriber: {prescriber.name}" + (f" ({contact})" if contact else ""))
    if case.required_drugs:
        lines.append("The plan wants tried first: " + ", ".join(case.required_drugs))
    lines.append("")

    lines += ["4. Why the exception should be granted", ""]
    lines += _grounds_lines(person, case, today)
    lines.append("")

    lines += ["5. Ask, and write down each answer", ""]
    lines.append('- "What is the reference number for this call?"  Reference number: ______________')
    lines.append('- "May I have your name?"  Representative: ______________')
    lines.append('- "What fax number or portal should the documents go to?"  ______________')
    lines.append('- "What documents do you need from us and from the prescriber?"')
    lines.append("  Usually: the prescriber's supporting statement (letter of medical necessity),")
    lines.append("  chart notes or pharmacy records showing each trial above, and the denial letter.")
    lines.append('- "When will the decision be made, and how will we be told?"')
    lines.append("")

    lines += ["6. When the answer is due", ""]
    lines += _due_lines(person, case, today)
    lines.append(DISCLAIMER)
    lines.append("")

    lines.append(
        "Before you hang up: write down the date, the time, the representative's name and the reference "
        "number, and what they said. Keep it in TrialLog's call log."
    )
    return "\n".join(lines) + "\n"


def _grounds_lines(person: r.Person, case: r.Case, today: date) -> list[str]:
    """The claims the packet argues, each for its own drug with its proof; suggestions only while nothing is
    claimed. Each trial is named for what it is: the drug itself, or "a sulfonylurea like glipizide"."""
    proofs = claim_proofs(person, case, today)
    waiting = [c for c in case.claims if c.needs_drug_and_proof]
    lines: list[str] = []
    if proofs:
        lines.append("The grounds for this request:")
        for proof in proofs:
            lines.append(f"- {proof.heading}:")
            lines += _trial_lines(proof.trials, proof.ties, proof.claim.required_drug)
            if proof.claim.explanation.strip():
                lines.append(f"    {proof.claim.explanation.strip()}")
    else:
        proposed = suggestions(person, case, today)
        if proposed:
            lines.append("Nothing is claimed yet. Grounds the trials on file support (accept them on the case page):")
        for suggestion in proposed:
            about = f" — {suggestion.required_drug}" if suggestion.required_drug else ""
            weaker = " [weaker evidence]" if suggestion.weaker else ""
            lines.append(f"- {SHORT[suggestion.ground].capitalize()}{about}{weaker}:")
            lines += _trial_lines(suggestion.trials, suggestion.ties, suggestion.required_drug or "")
    for claim in waiting:
        about = f" — {claim.required_drug.strip()}" if claim.required_drug.strip() else ""
        needs = "its proof" if claim.ground.about_requested_drug else "its drug and proof"
        lines.append(f"- Not ready to say: {SHORT[claim.ground]}{about} still needs {needs}.")
    if not lines:
        return ["No grounds recorded or found in the trials yet: ask what the plan needs to grant an exception."]
    return lines


def _trial_lines(trials: list[r.Trial], ties: tuple[Tie, ...], drug: str) -> list[str]:
    lines = []
    for trial, x in zip(trials, ties, strict=True):
        if trial.end is None:
            span = f"since {trial.start.human()}" + (", still taking" if trial.still_taking else "")
        elif trial.end == trial.start:
            span = f"on {trial.start.human()}"
        else:
            span = f"{trial.start.human()} to {trial.end.human()}"
        lines.append(f"    {tie_label(trial, x, drug)}: {span}; outcome: {trial.outcome.label.lower()}")
    return lines


def _due_lines(person: r.Person, case: r.Case, today: date) -> list[str]:
    items = [item for item in due_for(person, case, today) if item.open]
    if not items:
        return ["No answer is due right now (no open request on file): ask when they will decide."]
    here = zone(person)
    lines = []
    for item in items:
        when = _when(item.due, here) + item.unverified_mark
        source = f" Source: {item.source}" if item.source else ""
        lines.append(f"- {item.what[:1].upper() + item.what[1:]}: {when} ({item.meaning}{source})")
        lines.append(f"  {item.start_text[:1].upper() + item.start_text[1:]}.")
        if item.note:
            lines.append(f"  {item.note}")
    return lines


def _when(value: date | datetime | None, here: tzinfo) -> str:
    if value is None:
        return "no rule on file: ask the plan for its deadline"
    weekday = value.astimezone(here).strftime("%A") if isinstance(value, datetime) else value.strftime("%A")
    return f"{weekday}, {format_when(value, here)}"
