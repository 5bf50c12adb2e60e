"""Whose rules judge an exception request: which grounds count, and which prior trials prove a failure.

The table lives in `resources/reference/exception_grounds.json`. A state's step-therapy law
applies to the plans it regulates (state-regulated commercial and marketplace plans; a state's
Medicaid law to its Medicaid plans); everywhere else TrialLog's default applies: the four
grounds of the seed data, a prior failure proven only by the required drug itself, and 90
days on the requested drug to be called stable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from triallog.domain.enums import Ground, Outcome, PlanType
from triallog.domain.records import Coverage


@dataclass(frozen=True)
class GroundLaw:
    """How a jurisdiction words one ground: the paragraph that names it and its words ("" where not read)."""

    ground: Ground
    cite: str = ""
    words: str = ""


@dataclass(frozen=True)
class PriorTrialRule:
    """Which past trials prove that a required drug failed."""

    #: a drug of the required drug's class (same mechanism, same use) counts, not only the drug itself
    same_class: bool
    #: the outcomes that count as a failure (a partial response always counts as the weaker proof)
    outcomes: tuple[Outcome, ...]
    #: the ground a trial stopped for an adverse reaction supports: prior_failure, or contraindicated
    #: where the law puts "a documented adverse event with a previous use" under contraindication
    adverse_event_ground: Ground
    #: what the person should check before relying on it, shown in the window
    caution: str = ""
    #: only the same product counts (the drug or an AB-rated equivalent): a trial must name every salt and
    #: release form the required drug names
    same_product: bool = False


@dataclass(frozen=True)
class Jurisdiction:
    key: str
    name: str
    states: tuple[str, ...]
    plan_types: tuple[PlanType, ...]
    law: str
    grounds: tuple[GroundLaw, ...]
    prior_trial: PriorTrialRule
    stable_min_days: int
    stable_source: str
    verified: bool
    checked_against: str

    @property
    def is_default(self) -> bool:
        return self.key == "default"

    def recognises(self, ground: Ground) -> bool:
        return any(g.ground is ground for g in self.grounds)

    def law_for(self, ground: Ground) -> GroundLaw | None:
        return next((g for g in self.grounds if g.ground is ground), None)

    def cite(self, ground: Ground) -> str:
        """The paragraph that makes the ground count here, with a word when its current text is unconfirmed."""
        law = self.law_for(ground)
        if law is None or not law.cite:
            return ""
        return law.cite if self.verified else f"{law.cite}, text read in a copy not confirmed current"

    def summary(self) -> str:
        """Whose rules these are, in a sentence for the person."""
        if self.is_default:
            return (
                "No state step-therapy law is on file for this plan, so TrialLog's default rules apply: a past "
                f"trial counts only for the required drug itself, and stability after {self.stable_min_days} days."
            )
        checked = "" if self.verified else " (its text read in a copy not confirmed current)"
        same = "a drug of the same class counts" if self.prior_trial.same_class else "only the drug itself counts"
        return f"Rules for this plan: {self.name}, {self.law}{checked}; for a past trial, {same}."

    def applies(self, plan_type: PlanType | None, state: str) -> bool:
        return plan_type in self.plan_types and state in self.states


@dataclass(frozen=True)
class GroundsBook:
    default: Jurisdiction
    jurisdictions: tuple[Jurisdiction, ...]


def jurisdiction_for(coverage: Coverage | None) -> Jurisdiction:
    """The rules that judge a request to this plan: a state's law where one is on file for it, else the default."""
    book = grounds_book()
    if coverage is None:
        return book.default
    state = coverage.state.strip().upper()
    return next((j for j in book.jurisdictions if j.applies(coverage.plan_type, state)), book.default)


@cache
def grounds_book() -> GroundsBook:
    raw = json.loads((files("triallog.resources") / "reference" / "exception_grounds.json").read_text("utf-8"))
    return build_book(raw)


def build_book(raw: dict) -> GroundsBook:
    """Build and check the table from its JSON form."""
    default = _jurisdiction(raw["default"], default=True)
    jurisdictions = tuple(_jurisdiction(item) for item in raw["jurisdictions"])
    keys = [j.key for j in jurisdictions]
    if len(set(keys)) != len(keys) or "default" in keys:
        raise ValueError("exception grounds: jurisdiction keys must be unique and not 'default'")
    if default.recognises(Ground.NOT_IN_BEST_INTEREST):
        raise ValueError("exception grounds: the default cannot recognise not_in_best_interest: no law on file")
    return GroundsBook(default, jurisdictions)


def _jurisdiction(item: dict, default: bool = False) -> Jurisdiction:
    grounds = tuple(GroundLaw(Ground(g["ground"]), g.get("cite", ""), g.get("words", "")) for g in item["grounds"])
    trial = item["prior_trial"]
    outcomes = tuple(Outcome(o) for o in trial["outcomes"])
    allowed = {Outcome.INEFFECTIVE, Outcome.PARTIAL_RESPONSE, Outcome.ADVERSE_REACTION}
    if not outcomes or not set(outcomes) <= allowed:
        raise ValueError(f"exception grounds {item['key']}: prior-trial outcomes must be among {sorted(allowed)}")
    adverse = Ground(trial["adverse_event_ground"])
    if adverse not in (Ground.PRIOR_FAILURE, Ground.CONTRAINDICATED):
        raise ValueError(
            f"exception grounds {item['key']}: adverse_event_ground must be a prior failure or contraindication"
        )
    key = item["key"]
    states = () if default else tuple(item["states"])
    plan_types = () if default else tuple(PlanType(p) for p in item["plan_types"])
    if not default and not (states and plan_types and item.get("law")):
        raise ValueError(f"exception grounds {key}: a jurisdiction needs its states, plan types and law")
    if not default and any(not g.cite and g.ground is not Ground.STABLE_ON_CURRENT for g in grounds):
        raise ValueError(f"exception grounds {key}: every ground but stability needs the paragraph that names it")
    return Jurisdiction(
        key=key,
        name=item["name"],
        states=states,
        plan_types=plan_types,
        law=item.get("law", ""),
        grounds=grounds,
        prior_trial=PriorTrialRule(
            same_class=bool(trial["same_class"]),
            outcomes=outcomes,
            adverse_event_ground=adverse,
            caution=trial.get("caution", ""),
            same_product=bool(trial.get("same_product", False)),
        ),
        stable_min_days=int(item["stable_min_days"]),
        stable_source=item.get("stable_source", ""),
        verified=bool(item["verified"]),
        checked_against=item.get("checked_against", ""),
    )
