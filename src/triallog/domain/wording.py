"""The grounds in words, one table per audience, so that each reads the same wherever it appears.

- `FOR_PERSON`: the window, where the person chooses and reads their grounds;
- `SHORT`: a ground inside a sentence or a list (the case page's drug list, the phone script);
- `FOR_PLAN`: the heading the plan's reviewer reads in the packet, naming the required drug.
"""

from __future__ import annotations

from triallog.domain.enums import Ground

FOR_PERSON = {
    Ground.PRIOR_FAILURE: "Already tried: it did not work or caused harm",
    Ground.CONTRAINDICATED: "Contraindicated: unsafe for this person",
    Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL: "Expected not to work or to cause harm",
    Ground.STABLE_ON_CURRENT: "Stable on the requested drug",
    Ground.NOT_IN_BEST_INTEREST: "Not in the person's best interest",
}

SHORT = {
    Ground.PRIOR_FAILURE: "already tried and failed",
    Ground.CONTRAINDICATED: "contraindicated",
    Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL: "expected to be ineffective or harmful",
    Ground.STABLE_ON_CURRENT: "stable on the requested drug",
    Ground.NOT_IN_BEST_INTEREST: "not in the person's best interest",
}

#: `{drug}` is the required drug as the case names it
FOR_PLAN = {
    Ground.PRIOR_FAILURE: "{drug} was already tried and failed",
    Ground.CONTRAINDICATED: "{drug} is contraindicated",
    Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL: "{drug} is expected to be ineffective or harmful",
    Ground.STABLE_ON_CURRENT: "The patient is stable on the requested drug",
    Ground.NOT_IN_BEST_INTEREST: "The required drug is not in the patient's best interest",
}
