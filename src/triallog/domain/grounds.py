"""Step-therapy exception grounds: what the trials prove, one required drug at a time, and nothing more.

A plan reviewer who finds one false sentence stops trusting the rest, so every rule here errs
on the side of claiming less. The rules, for each required drug of a case:

- prior_failure: a trial of the required drug itself (any brand, biosimilar, salt or release
  form of the same active moiety) that was stopped, as ineffective, partly effective (the weaker
  proof) or for an adverse reaction; never a trial still being taken. A drug of the same class
  (same mechanism, same use) counts only where the plan's jurisdiction says so, and the sentence
  then says what was tried ("glyburide, a sulfonylurea like glipizide"), never that the required
  drug was.
- contraindicated: a recorded contraindication of the required drug or of its own active moiety
  (an isomer, prodrug or metabolite of it); never carried to another member of its class. Where
  the law puts "a documented adverse event with a previous use" under this ground (South Dakota,
  Nebraska), a trial of the drug stopped for an adverse reaction proves it there.
- expected_ineffective_or_harmful: the same active moiety in another form (dexmethylphenidate
  after methylphenidate, escitalopram after citalopram) failed or harmed. Not class membership
  alone: that is the same evidence as prior failure's same-class form. Not proposed for a drug
  that already has a prior failure.
- stable_on_current: the requested drug, taken now, effective or partly effective (weaker), for
  at least the jurisdiction's minimum (90 days by default); never an `ongoing` trial.
- not_in_best_interest is never proposed: the person adds it, with their reasons, where the
  plan's jurisdiction recognises it.

Which grounds count, and which prior trials prove a failure, is the jurisdiction's
(`jurisdictions.py`). Sentences for the letter (`reason`) hold only facts of the record; words
meant for the person (a drug TrialLog does not know, a caution of the law) are in `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache

from triallog.domain.dates import PartialDate, span_length
from triallog.domain.drugs import (
    Drug,
    DrugClass,
    Relation,
    canonical_name,
    drug_groups,
    drug_table,
    find_drug,
    form_words,
    normalize_drug_name,
    product_key,
)
from triallog.domain.enums import Ground, Outcome
from triallog.domain.jurisdictions import Jurisdiction, jurisdiction_for
from triallog.domain.records import Case, Claim, Coverage, Trial
from triallog.domain.wording import FOR_PLAN, SHORT

NAME_ONLY = "is not in TrialLog's drug table, so only trials under that very name count as the same drug"

FAILED = (Outcome.INEFFECTIVE, Outcome.ADVERSE_REACTION)
STABLE = (Outcome.EFFECTIVE, Outcome.PARTIAL_RESPONSE)


class Link(StrEnum):
    """How a trial's drug stands to the drug a ground is about."""

    SAME = "same"  # the same active moiety: a brand, biosimilar, salt or release form
    RELATED = "related"  # the same moiety in another form: an isomer, prodrug or metabolite
    CLASS = "class"  # another drug of the same class (same mechanism, same use)
    NONE = "none"


@dataclass(frozen=True)
class Tie:
    link: Link
    relation: Relation | None = None
    drug_class: DrugClass | None = None


@dataclass(frozen=True)
class Suggestion:
    """One proposed ground: the required drug it answers (None for the requested drug's grounds) and its proof."""

    ground: Ground
    required_drug: str | None
    trials: list[Trial]
    #: the proof in sentences a plan's reviewer may read: facts of the record only
    reason: str
    weaker: bool = False
    #: the law that makes the ground count for this plan, where one is on file ("" under the default)
    law: str = ""
    #: words for the person, never printed in a letter
    notes: tuple[str, ...] = ()
    #: how each proof trial stands to the drug (parallel to `trials`)
    ties: tuple[Tie, ...] = ()


@dataclass(frozen=True)
class Named:
    """A drug as a case or a trial names it: its words, its canonical names and the table's drugs."""

    label: str
    names: frozenset[str]
    drugs: tuple[Drug, ...] = field(default=())

    @property
    def in_table(self) -> bool:
        return bool(self.drugs)

    @property
    def classes(self) -> tuple[DrugClass, ...]:
        table = drug_table()
        found: list[DrugClass] = []
        for drug in self.drugs:
            found += [c for c in table.classes_by_drug.get(drug.name, ()) if c not in found]
        return tuple(found)


def named(label: str, names: list[str]) -> Named:
    drugs: list[Drug] = []
    for name in names:
        drug = find_drug(name)
        if drug is not None and drug not in drugs:
            drugs.append(drug)
    return Named(label, frozenset(canonical_name(n) for n in names), tuple(drugs))


def trial_named(trial: Trial) -> Named:
    """A trial is of one product: "amlodipine and benazepril" taken together is that combination, never
    one of its parts."""
    return _product_named(trial.drug, trial.brand, trial.drug_label)


@lru_cache(maxsize=4096)
def _product_named(drug: str, brand: str, label: str) -> Named:
    """`trial_named` worked out once per product as written: a case's page asks it of every trial for
    every required drug, each time it is drawn."""
    names: list[str] = []
    for text in (drug, brand):
        groups = drug_groups(text)
        if len(groups) > 1:
            whole = normalize_drug_name(text)
            names += [whole] if whole else []
        else:
            names += [n for _, group in groups for n in group]
    return named(label, names)


def required_drugs(case: Case) -> list[Named]:
    """Each drug the plan wants tried first; one entry may list several ("topiramate, propranolol")."""
    return [named(label, names) for entry in case.required_drugs for label, names in drug_groups(entry)]


def requested(case: Case) -> Named:
    names = [n for _, group in drug_groups(case.requested_drug) for n in group]
    return named(case.requested_drug.strip(), names)


@cache
def _relations() -> dict[frozenset[str], Relation]:
    """Each relation of the table by the names of its two drugs (the first one listed, if ever two)."""
    found: dict[frozenset[str], Relation] = {}
    for x in drug_table().relations:
        found.setdefault(frozenset((x.drug.name, x.of.name)), x)
    return found


def tie(drug: Named, trial: Named) -> Tie:
    """How a trial's drug stands to `drug`: the same moiety, the same moiety in another form, its class, or none."""
    if drug.names & trial.names:
        return Tie(Link.SAME)
    for mine in drug.drugs:
        for theirs in trial.drugs:
            relation = _relations().get(frozenset((mine.name, theirs.name)))
            if relation is not None:
                return Tie(Link.RELATED, relation=relation)
    shared = next((c for c in drug.classes if c in trial.classes), None)
    return Tie(Link.CLASS, drug_class=shared) if shared else Tie(Link.NONE)


def unclassified_drugs(case: Case) -> list[str]:
    """The requested and required drugs, as written, that TrialLog's drug table does not know."""
    found = [requested(case), *required_drugs(case)]
    return [n.label for n in found if n.names and not n.in_table]


@dataclass(frozen=True)
class Context:
    plans: dict[str, Coverage]
    case_plan: Coverage | None
    today: date
    jurisdiction: Jurisdiction


def context_for(case: Case, coverages: list[Coverage], today: date) -> Context:
    plans = {c.key: c for c in coverages if c.key}
    plan = plans.get(case.coverage or "")
    return Context(plans, plan, today, jurisdiction_for(plan))


def suggest_grounds(case: Case, trials: list[Trial], coverages: list[Coverage], today: date) -> list[Suggestion]:
    """Every ground the trials support under the plan's jurisdiction, by ground, then by required drug."""
    context = context_for(case, coverages, today)
    law = context.jurisdiction
    seen = [(trial, trial_named(trial)) for trial in trials]
    wanted = required_drugs(case)
    failures = {r.label: s for r in wanted if (s := _prior_failure(r, seen, context))}
    suggestions: list[Suggestion] = []
    if law.recognises(Ground.PRIOR_FAILURE):
        suggestions += [failures[r.label] for r in wanted if r.label in failures]
    if law.recognises(Ground.CONTRAINDICATED):
        suggestions += [s for r in wanted if (s := _contraindicated(r, seen, context))]
    if law.recognises(Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL):
        suggestions += [
            s
            for r in wanted
            if not (law.recognises(Ground.PRIOR_FAILURE) and r.label in failures)
            and (s := _expected_ineffective(r, seen, context))
        ]
    if law.recognises(Ground.STABLE_ON_CURRENT):
        stable = _stable_on_current(requested(case), seen, context)
        if stable is not None:
            suggestions.append(stable)
    return suggestions


# -- the four rules ------------------------------------------------------------------------


def _by_start(trials: list[Trial]) -> list[Trial]:
    return sorted(trials, key=lambda t: t.start.sort_key())


def _stopped(trial: Trial, today: date) -> bool:
    """Started, and ended by today (a trial with an end still ahead is being taken)."""
    return trial.outcome is not Outcome.CONTRAINDICATED and trial.end is not None and trial.end.first_day <= today


def taking_now(trial: Trial, today: date) -> bool:
    """Being taken today: started, and with no end, or an end still ahead."""
    return (
        trial.outcome is not Outcome.CONTRAINDICATED
        and trial.start.first_day <= today
        and (trial.end is None or trial.end.first_day > today)
    )


def stable_since(trial: Trial) -> date:
    """The latest day the trial can have started: a month-only start counts from the month's last day."""
    return trial.start.last_day


def failure_outcomes(law: Jurisdiction) -> set[Outcome]:
    """The outcomes of a stopped trial that prove a prior failure under this law."""
    counted = set(law.prior_trial.outcomes)
    if law.prior_trial.adverse_event_ground is not Ground.PRIOR_FAILURE:
        counted.discard(Outcome.ADVERSE_REACTION)
    return counted


def why_not(ground: Ground, drug: Named, trial: Trial, x: Tie, context: Context) -> str:
    """Why a trial does not prove `ground` for `drug` under the plan's law, in words for the person;
    "" when it does. Suggestions and claims are both judged here, so that nothing is printed as proof
    that the rules would not propose."""
    law, today = context.jurisdiction, context.today
    if ground is Ground.NOT_IN_BEST_INTEREST:
        return ""  # the person's reasons carry this ground; their trials are facts beside them
    if ground is Ground.STABLE_ON_CURRENT:
        return _why_not_stable(drug, trial, x, context)
    if x.link is Link.NONE:
        return f"not {drug.label}, a form of it or a drug of its class in TrialLog's table"
    if ground is Ground.CONTRAINDICATED:
        if x.link is Link.CLASS:
            return f"another drug of its class: a contraindication of one drug is not one of {drug.label}"
        if trial.outcome is Outcome.CONTRAINDICATED:
            return ""
        if trial.outcome is not Outcome.ADVERSE_REACTION:
            return "no contraindication is recorded for it"
        if law.prior_trial.adverse_event_ground is not Ground.CONTRAINDICATED:
            return "an adverse reaction is a prior failure under these rules, not a contraindication: claim it as one"
        if x.link is not Link.SAME:
            return f"an adverse reaction to another form, not to {drug.label} itself"
        return "" if _stopped(trial, today) else "still being taken"
    if trial.outcome is Outcome.CONTRAINDICATED:
        return "never started (a contraindication is a ground of its own)"
    if ground is Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL:
        if x.link is Link.CLASS:
            return "a drug of its class alone does not show this; claim a prior failure where the law counts the class"
        if trial.outcome not in FAILED:
            return "it did not fail or cause harm"
        return "" if _stopped(trial, today) else "still being taken, so it has not failed"
    # prior failure
    if not _stopped(trial, today):
        return "still being taken, so it has not failed"
    if trial.outcome not in failure_outcomes(law):
        where = "" if law.is_default else f" under {law.name}'s law"
        return f"its outcome ({trial.outcome.label.lower()}) is not a failure that counts{where}"
    if x.link is not Link.SAME and not law.prior_trial.same_class:
        rules = "TrialLog's default rules count" if law.is_default else f"{law.name}'s law counts"
        return f"another drug: {rules} only {drug.label} itself"
    if law.prior_trial.same_product and x.link is Link.SAME and not same_product(drug.label, trial):
        return f"another form of {drug.label}, which may not be an AB-rated equivalent"
    return ""


def _why_not_stable(drug: Named, trial: Trial, x: Tie, context: Context) -> str:
    if x.link is not Link.SAME:
        return f"not the requested drug, {drug.label}"
    if not taking_now(trial, context.today):
        return "not being taken now"
    if trial.outcome not in STABLE:
        return f"its outcome ({trial.outcome.label.lower()}) does not show that it works"
    days = (context.today - stable_since(trial)).days
    minimum = context.jurisdiction.stable_min_days
    if days < minimum:
        return f"taken for {max(days, 0)} days as far as its start date shows; stability needs {minimum}"
    return ""


def same_product(label: str, trial: Trial) -> bool:
    """Where only the same product counts (Ohio Medicaid: the drug or an AB-rated equivalent), which names
    alone cannot tell (Concerta is methylphenidate ER, Ritalin is not): a requirement of the bare generic
    ("metoprolol") is met by any form of it; a brand or a named form only by a trial of that very product."""
    drug = find_drug(label)
    if drug is not None and normalize_drug_name(label) == normalize_drug_name(drug.name) and not form_words(label):
        return True
    wanted = product_key(label)
    return bool(wanted) and wanted in {product_key(trial.drug), product_key(trial.brand)}


def _proof(
    ground: Ground, drug: Named, seen: list[tuple[Trial, Named]], context: Context, links: set[Link]
) -> list[tuple[Trial, Tie]]:
    """The trials that prove `ground` for `drug`, linked as `links` allows: the drug itself first, then by start."""
    chosen = [(t, x) for t, n in seen if (x := tie(drug, n)).link in links and not why_not(ground, drug, t, x, context)]
    chosen.sort(key=lambda p: (p[1].link is not Link.SAME, p[0].start.sort_key()))
    return chosen


def _taken_now(drug: Named, seen: list[tuple[Trial, Named]], today: date) -> bool:
    return any(tie(drug, n).link is Link.SAME and taking_now(t, today) for t, n in seen)


def _suggestion(
    ground: Ground, drug: Named, chosen: list[tuple[Trial, Tie]], context: Context, **kw: object
) -> Suggestion:
    # "expected ineffective" is proposed only for a drug never tried, which its sentences say
    untried = ground is Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL
    return Suggestion(
        ground,
        None if ground.about_requested_drug else drug.label,
        [t for t, _ in chosen],
        proof_sentences(ground, drug, chosen, context, untried),
        law=context.jurisdiction.cite(ground),
        ties=tuple(x for _, x in chosen),
        **kw,  # type: ignore[arg-type]
    )


def _prior_failure(required: Named, seen: list[tuple[Trial, Named]], context: Context) -> Suggestion | None:
    if _taken_now(required, seen, context.today):
        return None  # a drug being taken now has not failed
    proof = _proof(Ground.PRIOR_FAILURE, required, seen, context, {Link.SAME, Link.RELATED, Link.CLASS})
    strong = [(t, x) for t, x in proof if t.outcome is not Outcome.PARTIAL_RESPONSE]
    chosen, weaker = (strong, False) if strong else (proof, True)
    if not chosen:
        return None
    suggestion = _suggestion(
        Ground.PRIOR_FAILURE, required, chosen, context, weaker=weaker, notes=_notes(required, context, caution=True)
    )
    if weaker:
        reason = suggestion.reason + " It helped only in part, which is weaker proof than a failure."
        suggestion = Suggestion(**{**suggestion.__dict__, "reason": reason})
    return suggestion


def _contraindicated(required: Named, seen: list[tuple[Trial, Named]], context: Context) -> Suggestion | None:
    # proposed from an adverse reaction only where the law files a documented adverse event here;
    # elsewhere that trial is a prior failure, and one piece of evidence is not offered twice
    adverse_counts = context.jurisdiction.prior_trial.adverse_event_ground is Ground.CONTRAINDICATED
    chosen = [
        (t, x)
        for t, x in _proof(Ground.CONTRAINDICATED, required, seen, context, {Link.SAME, Link.RELATED})
        if t.outcome is Outcome.CONTRAINDICATED or (adverse_counts and x.link is Link.SAME)
    ]
    if not chosen:
        return None
    return _suggestion(
        Ground.CONTRAINDICATED, required, chosen, context, notes=_notes(required, context, caution=adverse_counts)
    )


def _expected_ineffective(required: Named, seen: list[tuple[Trial, Named]], context: Context) -> Suggestion | None:
    # Only for a drug never tried (a contraindicated trial was never started), from its own moiety in another form.
    tried = any(tie(required, n).link is Link.SAME and t.outcome is not Outcome.CONTRAINDICATED for t, n in seen)
    if tried:
        return None
    chosen = _proof(Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL, required, seen, context, {Link.RELATED})
    if not chosen:
        return None
    relations = [x.relation for _, x in chosen if x.relation]
    return _suggestion(
        Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL,
        required,
        chosen,
        context,
        notes=_notes(required, context, sources=relations),
    )


def _stable_on_current(drug: Named, seen: list[tuple[Trial, Named]], context: Context) -> Suggestion | None:
    chosen = _proof(Ground.STABLE_ON_CURRENT, drug, seen, context, {Link.SAME})
    if not chosen:
        return None
    weaker = all(t.outcome is Outcome.PARTIAL_RESPONSE for t, _ in chosen)
    source = context.jurisdiction.stable_source
    return _suggestion(
        Ground.STABLE_ON_CURRENT,
        drug,
        chosen,
        context,
        weaker=weaker,
        notes=(*([source] if source else []), *_notes(drug, context)),
    )


def _notes(
    drug: Named, context: Context, caution: bool = False, sources: list[Relation] | None = None
) -> tuple[str, ...]:
    notes = []
    if drug.names and not drug.in_table:
        notes.append(f"{drug.label} {NAME_ONLY}.")
    for relation in sources or []:
        notes.append(f"{relation.drug.name.capitalize()} is {relation.words} ({relation.source}).")
    if caution and context.jurisdiction.prior_trial.caution:
        notes.append(context.jurisdiction.prior_trial.caution)
    return tuple(dict.fromkeys(notes))


# -- what a claim says ----------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimProof:
    """A claim as the packet prints it: a heading, the proof in sentences (only trials that prove it), and
    words for the person: what was left out and why. `printable` is False while it proves nothing yet."""

    claim: Claim
    heading: str
    sentences: str
    trials: list[Trial]
    ties: tuple[Tie, ...] = ()
    notes: tuple[str, ...] = ()
    printable: bool = True


def claim_proof(claim: Claim, case: Case, trials: list[Trial], coverages: list[Coverage], today: date) -> ClaimProof:
    """What a claim says: only the trials that prove its ground for its drug under the plan's law are
    printed, each named for what it is; the others are listed for the person with the reason."""
    context = context_for(case, coverages, today)
    law = context.jurisdiction
    by_key = {t.key: t for t in trials}
    proof = _by_start([by_key[k] for k in claim.trials if k in by_key])
    label = claim.required_drug.strip()
    groups = drug_groups(label) if label else []
    if claim.ground.about_requested_drug:
        drug = requested(case)
    else:
        drug = named(label, [n for _, names in groups for n in names])
    explanation = claim.explanation.strip()
    if explanation and explanation[-1] not in ".!?":
        explanation += "."
    notes: list[str] = []

    def unprintable(reason: str) -> ClaimProof:
        return ClaimProof(claim, "", "", [], (), (*notes, reason), printable=False)

    if claim.needs_drug_and_proof:
        needs = "its proof" if claim.ground.about_requested_drug else "its required drug and its proof"
        return unprintable(f"Not printed until it has {needs}.")
    if len(groups) > 1:
        return unprintable(f"“{label}” names several drugs: choose one of them (Edit). Not printed until then.")
    if not law.recognises(claim.ground):
        who = "TrialLog's default rules do" if law.is_default else f"{law.name}'s law does"
        return unprintable(f"{who} not list this ground for this plan, so the packet does not argue it.")
    seen = [(t, trial_named(t)) for t in trials]
    if claim.ground is Ground.PRIOR_FAILURE and _taken_now(drug, seen, today):
        return unprintable(f"{drug.label} is being taken now, so it has not failed: not printed.")
    relevant = [requested(case), *required_drugs(case)]
    chosen: list[tuple[Trial, Tie]] = []
    for trial in proof:
        x = tie(drug, trial_named(trial))
        reason = why_not(claim.ground, drug, trial, x, context)
        if claim.ground is Ground.NOT_IN_BEST_INTEREST and all(
            tie(r, trial_named(trial)).link is not Link.SAME for r in relevant
        ):
            reason = "neither a required drug nor the requested drug"
        if reason:
            notes.append(f"Left out of the packet: {trial.drug_label}, {trial.start.human()}: {reason}.")
        else:
            chosen.append((trial, x))
    chosen.sort(key=lambda p: p[1].link is not Link.SAME)
    needs_trial = claim.ground in (Ground.PRIOR_FAILURE, Ground.STABLE_ON_CURRENT)
    if not chosen and (needs_trial or not explanation):
        return unprintable("No trial chosen proves it yet: not printed.")
    if drug.names and not drug.in_table and not claim.ground.about_requested_drug:
        notes.append(f"{drug.label} {NAME_ONLY}.")
    untried = not any(tie(drug, n).link is Link.SAME and t.outcome is not Outcome.CONTRAINDICATED for t, n in seen)
    sentences = proof_sentences(claim.ground, drug, chosen, context, untried) if chosen else ""
    sentences = " ".join(x for x in (sentences, explanation) if x)
    return ClaimProof(
        claim, claim_heading(claim, chosen), sentences, [t for t, _ in chosen], tuple(x for _, x in chosen),
        tuple(notes),
    )  # fmt: skip


def claim_heading(claim: Claim, chosen: list[tuple[Trial, Tie]]) -> str:
    """The packet's heading for a claim, from the proof it prints: it says the required drug itself was
    tried only when a trial of it is printed."""
    drug = claim.required_drug.strip() or "The required drug"
    if claim.ground is Ground.PRIOR_FAILURE and chosen:
        # a partial response is "helped only in part", never "failed"
        outcome = (
            "failed" if any(t.outcome is not Outcome.PARTIAL_RESPONSE for t, _ in chosen) else "helped only in part"
        )
        if all(x.link is not Link.SAME for _, x in chosen):
            if any(x.link is Link.CLASS for _, x in chosen):
                return f"A drug of the same class as {drug} was already tried and {outcome}"
            return f"A related form of {drug} (the same active moiety) was already tried and {outcome}"
        return _capital(f"{drug} was already tried and {outcome}")
    if claim.ground is Ground.NOT_IN_BEST_INTEREST:
        return FOR_PLAN[claim.ground]
    return _capital(FOR_PLAN[claim.ground].format(drug=drug))


# -- sentences a plan's reviewer reads ------------------------------------------------------


def proof_sentences(
    ground: Ground, drug: Named, chosen: list[tuple[Trial, Tie]], context: Context, untried: bool = False
) -> str:
    """The proof of one ground for one drug: one sentence per trial, each naming what the trial's drug is.
    `untried`: the record holds no trial of the drug itself, which the sentences then say."""
    sentences: list[str] = []
    said: set[Relation] = set()
    if ground is Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL and chosen and untried:
        sentences.append(f"{drug.label} has not been tried.")
    for trial, x in chosen:
        if x.relation is not None and x.relation not in said:
            said.add(x.relation)
            sentences.append(f"{_capital(x.relation.drug.name)} is {x.relation.words}.")
        if ground is Ground.STABLE_ON_CURRENT:
            sentences.append(_stable_sentence(trial, context))
        else:
            sentences.append(_trial_sentence(trial, context, drug.label, x))
    return " ".join(_capital(x) for x in sentences)


def tie_label(trial: Trial, x: Tie, drug: str) -> str:
    """A proof trial named for what it is beside `drug`: `glyburide (a sulfonylurea like glipizide)`,
    `Ritalin (dexmethylphenidate is the d-threo enantiomer of methylphenidate)`, or just its name."""
    if x.link is Link.CLASS and x.drug_class is not None:
        return f"{trial.drug_label} ({x.drug_class.one} like {drug})"
    if x.link is Link.RELATED and x.relation is not None:
        return f"{trial.drug_label} ({x.relation.drug.name} is {x.relation.words})"
    return trial.drug_label


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _trial_sentence(trial: Trial, context: Context, drug_label: str, x: Tie) -> str:
    subject = trial.drug_label
    if x.link is Link.CLASS and x.drug_class is not None:
        subject += f", {x.drug_class.one} like {drug_label} ({x.drug_class.atc_label}),"
    if trial.outcome is Outcome.CONTRAINDICATED:
        text = f"{subject} was not started: it was judged contraindicated {_when(trial)}."
    else:
        ongoing = not _stopped(trial, context.today)
        text = (
            f"{subject} {'has been taken' if ongoing else 'was tried'} {_span(trial, ongoing)} "
            f"{_outcome(trial, ongoing)}."
        )
    plan = _plan_phrase(trial, context, verb="Decided" if trial.outcome is Outcome.CONTRAINDICATED else "Tried")
    if plan:
        text += " " + plan
    if trial.reason_stopped.strip():
        text += f' Reason recorded: "{trial.reason_stopped.strip()}"'
    return text


def _stable_sentence(trial: Trial, context: Context) -> str:
    today = context.today
    states = {
        Outcome.EFFECTIVE: "is working (outcome: effective)",
        Outcome.PARTIAL_RESPONSE: "helps in part (outcome: partial response)",
    }
    state = states.get(trial.outcome, f"has outcome {trial.outcome.label.lower()}")
    text = (
        f"{trial.drug_label} has been taken since {trial.start.human()} and {state}: "
        f"{span_length(trial.start, PartialDate.of(today), today)} as of {_day(today)}."
    )
    plan = _plan_phrase(trial, context, verb="Started")
    return f"{text} {plan}" if plan else text


def _outcome(trial: Trial, ongoing: bool) -> str:
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


def _span(trial: Trial, ongoing: bool | None = None) -> str:
    if trial.end is None or ongoing:
        return f"since {trial.start.human()}"
    if trial.end == trial.start:
        return _when(trial)
    return f"{trial.start.human()} – {trial.end.human()}"


def _when(trial: Trial) -> str:
    return ("on " if trial.start.day is not None else "in ") + trial.start.human()


def _day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def _plan_phrase(trial: Trial, context: Context, verb: str) -> str:
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


# -- where each required drug stands ---------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """One required drug of a case: the claims made for it, the trials of it on file, and a sentence."""

    required_drug: str
    claims: list[Claim]
    tried: list[Trial]
    text: str


def standings(case: Case, trials: list[Trial], coverages: list[Coverage], today: date) -> list[Standing]:
    """Where each required drug stands: claimed (on which ground, with which proof), or why there is no claim."""
    seen = [(t, trial_named(t)) for t in trials]
    proposed = {s.required_drug for s in suggest_grounds(case, trials, coverages, today) if s.required_drug}
    law = context_for(case, coverages, today).jurisdiction
    found = []
    for drug in required_drugs(case):
        mine = [
            c
            for c in case.claims
            if not c.ground.about_requested_drug and c.required_drug.strip().casefold() == drug.label.casefold()
        ]
        tried = _by_start([t for t, n in seen if tie(drug, n).link is Link.SAME])
        if mine:
            parts = []
            for claim in mine:
                words = SHORT[claim.ground]
                proof = claim_proof(claim, case, trials, coverages, today)
                if not proof.printable:
                    parts.append(f"{words} (not printed yet: see the claim)")
                    continue
                listed = ", ".join(f"{t.drug_label}, {t.start.human()}" for t in proof.trials)
                parts.append(words + (f" (proof: {listed})" if listed else " (proof: the explanation)"))
            text = "claimed: " + "; ".join(parts)
        elif drug.label in proposed:
            text = "no claim yet: a ground is suggested"
        else:
            text = "no claim: " + _why_no_claim(tried, law, today)
        found.append(Standing(drug.label, mine, tried, text))
    return found


def _why_no_claim(tried: list[Trial], law: Jurisdiction, today: date) -> str:
    if not tried:
        return "never tried and no recorded reason"
    listed = "; ".join(f"{t.drug_label}, {_span(t)}, {t.outcome.label.lower()}" for t in tried)
    if any(taking_now(t, today) for t in tried):
        return f"being taken now, so it has not failed: {listed}"
    if law.prior_trial.caution and any(t.outcome in (*FAILED, Outcome.PARTIAL_RESPONSE) for t in tried):
        return f"tried: {listed}. {law.prior_trial.caution}"
    return f"tried, with no failure or reason against it recorded: {listed}"


def continuing_trials(case: Case, trials: list[Trial], today: date) -> list[Trial]:
    """The trials of the requested drug the person is still taking."""
    drug = requested(case)
    return [t for t in trials if taking_now(t, today) and tie(drug, trial_named(t)).link is Link.SAME]


def continuing_since(case: Case, trials: list[Trial], today: date) -> PartialDate | None:
    """When the person started the requested drug, if they are taking it now (a continuation
    rather than a new therapy); None for a new therapy."""
    current = continuing_trials(case, trials, today)
    return min((t.start for t in current), key=lambda d: d.sort_key(), default=None)
