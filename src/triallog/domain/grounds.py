"""Step-therapy exception grounds proposed from a person's trials, each with the trials that prove it.

The four grounds and their rules:

- prior_failure: a required drug, or a drug of its class, was tried (under this plan or any
  other) and was ineffective or caused an adverse reaction; a partial response is flagged weaker;
- contraindicated: a required drug has a trial with outcome contraindicated;
- expected_ineffective_or_harmful: a required drug was never tried, but a drug of its class
  was ineffective or caused an adverse reaction;
- stable_on_current: the requested drug is being taken now, effective or ongoing, under any plan.

Names match as `drugs.py` compares them; a required drug in no class of the table is matched by
name only, and the reason says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from triallog.domain.dates import PartialDate
from triallog.domain.drugs import DrugClass, canonical_name, class_of, drug_groups
from triallog.domain.enums import Ground, Outcome
from triallog.domain.records import Case, Coverage, Trial

NAME_ONLY = "not in TrialLog's drug-class table: matched by name only"

FAILED = (Outcome.INEFFECTIVE, Outcome.ADVERSE_REACTION)
WEAKER = (Outcome.PARTIAL_RESPONSE,)
STABLE = (Outcome.EFFECTIVE, Outcome.ONGOING)


@dataclass(frozen=True)
class Suggestion:
    """One proposed ground: the required drug it answers (None for stable_on_current) and its proof."""

    ground: Ground
    required_drug: str | None
    trials: list[Trial]
    reason: str
    weaker: bool = False


@dataclass(frozen=True)
class _Named:
    """A drug as a case or a trial names it: its words, its canonical names and its classes."""

    label: str
    names: frozenset[str]
    classes: tuple[DrugClass, ...]

    @property
    def in_table(self) -> bool:
        return bool(self.classes)


def _named(label: str, names: list[str]) -> _Named:
    classes: list[DrugClass] = []
    for name in names:
        found = class_of(name)
        if found is not None and found not in classes:
            classes.append(found)
    return _Named(label, frozenset(canonical_name(n) for n in names), tuple(classes))


def _trial_named(trial: Trial) -> _Named:
    names = [n for text in (trial.drug, trial.brand) for _, group in drug_groups(text) for n in group]
    return _named(trial.drug_label, names)


def _required_drugs(case: Case) -> list[_Named]:
    """Each drug the plan wants tried first; one entry may list several ("topiramate, propranolol")."""
    return [_named(label, names) for entry in case.required_drugs for label, names in drug_groups(entry)]


def _requested(case: Case) -> _Named:
    names = [n for _, group in drug_groups(case.requested_drug) for n in group]
    return _named(case.requested_drug.strip(), names)


def unclassified_drugs(case: Case) -> list[str]:
    """The requested and required drugs, as written, that are in no class of the table (matched by name only)."""
    named = [_requested(case), *_required_drugs(case)]
    return [n.label for n in named if n.names and not n.in_table]


def suggest_grounds(case: Case, trials: list[Trial], coverages: list[Coverage], today: date) -> list[Suggestion]:
    """Every ground the trials support, in the order of the four grounds, then of the required drugs."""
    plans = {c.key: c for c in coverages if c.key}
    context = _Context(plans, plans.get(case.coverage or ""), today)
    seen = [(trial, _trial_named(trial)) for trial in trials]
    required = _required_drugs(case)
    suggestions: list[Suggestion] = []
    suggestions += [s for r in required if (s := _prior_failure(r, seen, context))]
    suggestions += [s for r in required if (s := _contraindicated(r, seen, context))]
    suggestions += [s for r in required if (s := _expected_ineffective(r, seen, context))]
    stable = _stable_on_current(_requested(case), seen, context)
    if stable is not None:
        suggestions.append(stable)
    return suggestions


@dataclass(frozen=True)
class _Context:
    plans: dict[str, Coverage]
    case_plan: Coverage | None
    today: date


def _exact(drug: _Named, trial: _Named) -> bool:
    return bool(drug.names & trial.names)


def _shared_class(drug: _Named, trial: _Named) -> DrugClass | None:
    return next((c for c in drug.classes if c in trial.classes), None)


def _by_start(trials: list[Trial]) -> list[Trial]:
    return sorted(trials, key=lambda t: t.start.sort_key())


def _prior_failure(required: _Named, seen: list[tuple[Trial, _Named]], context: _Context) -> Suggestion | None:
    exact = [(t, None) for t, n in seen if _exact(required, n)]
    related = [(t, c) for t, n in seen if not _exact(required, n) and (c := _shared_class(required, n))]
    candidates = sorted(exact, key=lambda p: p[0].start.sort_key()) + sorted(
        related, key=lambda p: p[0].start.sort_key()
    )
    strong = [(t, c) for t, c in candidates if t.outcome in FAILED]
    partial = [(t, c) for t, c in candidates if t.outcome in WEAKER]
    proof, weaker = (strong, False) if strong else (partial, True)
    if not proof:
        return None
    sentences = [_trial_sentence(t, context, same_class_as=(required.label, c) if c else None) for t, c in proof]
    if weaker:
        sentences.append("A partial response is weaker evidence than a failure.")
    if not required.in_table:
        sentences.append(f"{required.label} is {NAME_ONLY}.")
    return Suggestion(Ground.PRIOR_FAILURE, required.label, [t for t, _ in proof], " ".join(sentences), weaker)


def _contraindicated(required: _Named, seen: list[tuple[Trial, _Named]], context: _Context) -> Suggestion | None:
    proof = _by_start([t for t, n in seen if _exact(required, n) and t.outcome is Outcome.CONTRAINDICATED])
    if not proof:
        return None
    reason = " ".join(_trial_sentence(t, context) for t in proof)
    return Suggestion(Ground.CONTRAINDICATED, required.label, proof, reason)


def _expected_ineffective(required: _Named, seen: list[tuple[Trial, _Named]], context: _Context) -> Suggestion | None:
    # A contraindicated trial was never started, so it does not count as having tried the drug.
    tried = any(_exact(required, n) and t.outcome is not Outcome.CONTRAINDICATED for t, n in seen)
    if tried or not required.in_table:
        return None
    related = [(t, c) for t, n in seen if t.outcome in FAILED and (c := _shared_class(required, n))]
    if not related:
        return None
    related.sort(key=lambda p: p[0].start.sort_key())
    drug_class = related[0][1]
    opening = (
        f"{required.label} has not been tried, but another drug of its class "
        f"({drug_class.name}, {drug_class.atc_label}) did not work or caused an adverse reaction:"
    )
    sentences = [opening, *(_trial_sentence(t, context) for t, _ in related)]
    return Suggestion(
        Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL, required.label, [t for t, _ in related], " ".join(sentences)
    )


def _stable_on_current(requested: _Named, seen: list[tuple[Trial, _Named]], context: _Context) -> Suggestion | None:
    today = context.today
    current = _by_start(
        [
            t
            for t, n in seen
            if _exact(requested, n)
            and t.outcome in STABLE
            and t.start.first_day <= today
            and (t.end is None or t.end.last_day >= today)
        ]
    )
    if not current:
        return None
    first = current[0]
    how_long = _duration(first, today)
    state = "is working (outcome: effective)" if first.outcome is Outcome.EFFECTIVE else "continues (outcome: ongoing)"
    since = f"{first.drug_label} has been taken since {first.start.human()}"
    sentences = [f"{since} and {state}: {how_long} as of {_day(today)}."]
    plan = _plan_phrase(first, context, verb="Started")
    if plan:
        sentences.append(plan)
    return Suggestion(Ground.STABLE_ON_CURRENT, None, current, " ".join(sentences))


# -- sentences a carrier reviewer reads ------------------------------------------------------


def _trial_sentence(trial: Trial, context: _Context, same_class_as: tuple[str, DrugClass] | None = None) -> str:
    subject = trial.drug_label
    if same_class_as is not None:
        label, drug_class = same_class_as
        subject += f", in the same class as {label} ({drug_class.name}, {drug_class.atc_label}),"
    if trial.outcome is Outcome.CONTRAINDICATED:
        text = f"{subject} was not started: it was judged contraindicated {_when(trial)}."
    else:
        ongoing = trial.end is None
        text = f"{subject} {'has been taken' if ongoing else 'was tried'} {_span(trial)} {_outcome(trial)}."
    plan = _plan_phrase(trial, context, verb="Decided" if trial.outcome is Outcome.CONTRAINDICATED else "Tried")
    if plan:
        text += " " + plan
    if trial.reason_stopped.strip():
        text += f' Reason recorded: "{trial.reason_stopped.strip()}"'
    return text


def _outcome(trial: Trial) -> str:
    ongoing = trial.end is None
    effects = _effects(trial)
    if trial.outcome is Outcome.ADVERSE_REACTION:
        head = "and caused an adverse reaction" if ongoing else "and stopped for an adverse reaction"
        return f"{head}: {effects}" if effects else head
    if trial.outcome is Outcome.INEFFECTIVE:
        head = "and is not working" if ongoing else "and stopped because it did not work"
    elif trial.outcome is Outcome.PARTIAL_RESPONSE:
        head = "and gave only a partial response"
    else:
        head = f"with outcome {trial.outcome.label.lower()}"
    return f"{head}; side effects: {effects}" if effects else head


def _effects(trial: Trial) -> str:
    return ", ".join(
        f"{e.description} ({e.severity.label.lower()})" if e.severity else e.description for e in trial.side_effects
    )


def _span(trial: Trial) -> str:
    if trial.end is None:
        return f"since {trial.start.human()}"
    if trial.end == trial.start:
        return _when(trial)
    return f"{trial.start.human()} – {trial.end.human()}"


def _when(trial: Trial) -> str:
    return ("on " if trial.start.day is not None else "in ") + trial.start.human()


def _day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def _plan_phrase(trial: Trial, context: _Context, verb: str) -> str:
    plan = context.plans.get(trial.coverage or "")
    if plan is None:
        return ""
    if context.case_plan is not None and plan.key == context.case_plan.key:
        return f"{verb} under this plan."
    earlier = (
        context.case_plan is not None
        and context.case_plan.start is not None
        and plan.start is not None
        and plan.start < context.case_plan.start
    )
    return f"{verb} under {'an earlier' if earlier else 'another'} plan ({plan.title})."


def _duration(trial: Trial, today: date) -> str:
    """How long since the trial started, as honestly as its start date allows."""
    start = trial.start.first_day
    months = (today.year - start.year) * 12 + today.month - start.month
    if trial.start.day is not None and today.day < start.day:
        months -= 1
    if trial.start.month is None:
        years = today.year - start.year
        if years < 1:
            return "less than a year"
        return f"about {years} year{'s' if years != 1 else ''}"
    prefix = "" if trial.start.day is not None else "about "
    years, rest = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    if not parts:
        return "less than a month" if trial.start.day is not None else "about a month or less"
    return prefix + " and ".join(parts)


def continuing_trials(case: Case, trials: list[Trial], today: date) -> list[Trial]:
    """The trials of the requested drug the person is still taking."""
    requested = _requested(case)
    return [t for t in trials if t.still_taking and t.start.first_day <= today and _exact(requested, _trial_named(t))]


def continuing_since(case: Case, trials: list[Trial], today: date) -> PartialDate | None:
    """When the person started the requested drug, if they are taking it now (a continuation
    rather than a new therapy); None for a new therapy."""
    current = continuing_trials(case, trials, today)
    return min((t.start for t in current), key=lambda d: d.sort_key(), default=None)
