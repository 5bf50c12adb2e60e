"""A caregiver records the trials; TrialLog proposes only the grounds they prove, for each required drug, under
the plan's own law, in words a reviewer can check against the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories import make_case, make_claim, make_coverage, make_side_effect, make_trial
from triallog.domain.enums import Ground, Outcome
from triallog.domain.grounds import NAME_ONLY, Suggestion, claim_proof, standings, suggest_grounds, unclassified_drugs
from triallog.domain.jurisdictions import jurisdiction_for
from triallog.exchange.reader import read_exchange

TODAY = date(2023, 1, 25)
OLD = make_coverage("Aetna", key="c-old", start="2019-01-01", end="2022-12-31")
NOW = make_coverage("Cigna", key="c-now", plan_name="Open Access Plus", start="2023-01-01")
PLANS = [OLD, NOW]
TEXAS = make_coverage("Blue Cross Blue Shield of Texas", key="tx", state="TX", start="2020-01-01")
DELAWARE = make_coverage("Highmark", key="de", state="DE", start="2020-01-01")
SOUTH_DAKOTA = make_coverage("Wellmark", key="sd", state="SD", start="2020-01-01")
COLORADO_MEDICAID = make_coverage("Health First Colorado", key="co", state="CO", plan_type="medicaid")
OHIO_MEDICAID = make_coverage("Ohio Medicaid", key="oh", state="OH", plan_type="medicaid")
STATE_PLANS = [TEXAS, DELAWARE, SOUTH_DAKOTA, COLORADO_MEDICAID, OHIO_MEDICAID]


def cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def grounds(suggestions: list[Suggestion]) -> list[tuple[Ground, str | None]]:
    return [(s.ground, s.required_drug) for s in suggestions]


def test_dana_riveras_record_proves_three_grounds(dana_json: Path) -> None:
    person = read_exchange(dana_json.read_bytes()).people[0]
    case = person.cases[0]

    suggestions = suggest_grounds(case, person.trials, person.coverages, TODAY)

    assert grounds(suggestions) == [
        (Ground.PRIOR_FAILURE, "topiramate"),
        (Ground.CONTRAINDICATED, "propranolol"),
        (Ground.STABLE_ON_CURRENT, None),
    ]
    failure, contraindicated, stable = suggestions
    assert "Topiramate was tried Feb 2020 – Jul 2020 and stopped for an adverse reaction: " in failure.reason
    assert "word-finding difficulty (severe)" in failure.reason
    assert "under an earlier plan (Aetna Open Access PPO)" in failure.reason
    assert not failure.weaker
    assert "Propranolol was not started: it was judged contraindicated on Aug 3, 2020." in contraindicated.reason
    assert "asthma" in contraindicated.reason
    assert [t.drug for t in stable.trials] == ["erenumab"]
    assert "Erenumab (Aimovig) has been taken since Feb 1, 2021" in stable.reason
    assert ": 23 months as of Jan 25, 2023." in stable.reason  # whole months only, never rounded up
    assert all(not s.law for s in suggestions)  # an Illinois employer plan: TrialLog's default, no law to cite


def test_prior_failure_counts_a_trial_under_any_plan_and_lists_its_side_effects() -> None:
    case = make_case("erenumab (Aimovig)", coverage="c-now", required_drugs=["topiramate"])
    trial = make_trial(
        "topiramate",
        "2020-02",
        Outcome.ADVERSE_REACTION,
        end="2020-07",
        coverage="c-old",
        side_effects=[make_side_effect("word-finding difficulty", severity="severe")],
    )

    (suggestion,) = suggest_grounds(case, [trial], PLANS, TODAY)

    assert suggestion.ground is Ground.PRIOR_FAILURE
    assert suggestion.trials == [trial]
    assert suggestion.reason.startswith(
        "Topiramate was tried Feb 2020 – Jul 2020 and stopped for an adverse reaction: "
        "word-finding difficulty (severe)."
    )


def test_three_required_drugs_with_two_tried_give_no_claim_for_the_third() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline", "bupropion", "escitalopram"])
    trials = [
        make_trial("sertraline", "2021-01", Outcome.INEFFECTIVE, key="t1", end="2021-04", brand="Zoloft"),
        make_trial("Wellbutrin XL", "2021-05", Outcome.ADVERSE_REACTION, key="t2", end="2021-06"),
    ]

    suggestions = suggest_grounds(case, trials, PLANS, TODAY)

    assert grounds(suggestions) == [(Ground.PRIOR_FAILURE, "sertraline"), (Ground.PRIOR_FAILURE, "bupropion")]
    assert all("escitalopram" not in s.reason for s in suggestions)
    third = standings(case, trials, PLANS, TODAY)[2]
    assert third.required_drug == "escitalopram"
    assert third.text == "no claim: never tried and no recorded reason"


def test_by_default_a_drug_of_the_same_class_proves_nothing_not_even_expected_ineffectiveness() -> None:
    case = make_case("Nurtec ODT", required_drugs=["rizatriptan"])
    sumatriptan = make_trial("sumatriptan", "2019-03", Outcome.INEFFECTIVE, end="2019-05", brand="Imitrex")

    assert suggest_grounds(case, [sumatriptan], PLANS, TODAY) == []


def test_where_the_law_allows_it_a_same_class_failure_is_prior_failure_and_the_sentence_says_what_was_tried() -> None:
    case = make_case("Rybelsus", coverage="tx", required_drugs=["glipizide"])
    glyburide = make_trial("glyburide", "2019-03", Outcome.INEFFECTIVE, end="2019-09")

    (failure,) = suggest_grounds(case, [glyburide], STATE_PLANS, TODAY)

    assert failure.ground is Ground.PRIOR_FAILURE and failure.required_drug == "glipizide"
    assert failure.reason.startswith("Glyburide, a sulfonylurea like glipizide (ATC A10BB), was tried Mar 2019")
    assert "glipizide was tried" not in failure.reason
    assert failure.law.startswith("Tex. Ins. Code § 1369.0546(c)(2)")
    # the same evidence is not offered twice as "expected to be ineffective"
    assert Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL not in [
        s.ground for s in suggest_grounds(case, [glyburide], STATE_PLANS, TODAY)
    ]


def test_the_required_drug_itself_comes_before_drugs_of_its_class() -> None:
    case = make_case("Vraylar", coverage="de", required_drugs=["aripiprazole"])
    other = make_trial("brexpiprazole", "2018-01", Outcome.INEFFECTIVE, key="t1", end="2018-06")
    itself = make_trial("Abilify", "2021-01", Outcome.ADVERSE_REACTION, key="t2", end="2021-03")

    (failure,) = suggest_grounds(case, [other, itself], STATE_PLANS, TODAY)

    assert failure.trials == [itself, other]
    assert failure.law.startswith("18 Del. C. § 3591(a)(3)")


def test_an_acute_gepant_never_proves_a_preventive_cgrp_antibodys_class() -> None:
    ubrogepant = make_trial("ubrogepant", "2021-01", Outcome.INEFFECTIVE, end="2021-04", brand="Ubrelvy")
    for coverage in ("c-now", "tx"):
        case = make_case("Vyepti", coverage=coverage, required_drugs=["Aimovig"])
        assert suggest_grounds(case, [ubrogepant], PLANS + STATE_PLANS, TODAY) == []


def test_a_propranolol_contraindication_gives_no_ground_for_metoprolol() -> None:
    case = make_case("Aimovig", coverage="tx", required_drugs=["metoprolol"])
    propranolol = make_trial("propranolol", "2020-08-03", Outcome.CONTRAINDICATED, end="2020-08-03",
                             reason_stopped="Asthma.")  # fmt: skip
    reaction = make_trial("propranolol", "2019-01", Outcome.ADVERSE_REACTION, key="t2", end="2019-02")

    assert suggest_grounds(case, [propranolol, reaction], STATE_PLANS, TODAY) == []


def test_contraindicated_needs_the_required_drug_or_its_own_moiety() -> None:
    case = make_case("erenumab (Aimovig)", required_drugs=["Inderal LA", "nadolol"])
    propranolol = make_trial(
        "propranolol", "2020-08-03", Outcome.CONTRAINDICATED, end="2020-08-03", reason_stopped="Asthma."
    )

    suggestions = suggest_grounds(case, [propranolol], PLANS, TODAY)

    assert grounds(suggestions) == [(Ground.CONTRAINDICATED, "Inderal LA")]  # not nadolol, of its class
    assert 'Reason recorded: "Asthma."' in suggestions[0].reason

    prodrug = make_case("Adderall", required_drugs=["dextroamphetamine"])
    vyvanse = make_trial("Vyvanse", "2021-03-01", Outcome.CONTRAINDICATED, end="2021-03-01", reason_stopped="Glaucoma.")
    (moiety,) = suggest_grounds(prodrug, [vyvanse], PLANS, TODAY)
    assert moiety.ground is Ground.CONTRAINDICATED
    assert moiety.reason.startswith("Lisdexamfetamine is a prodrug of dextroamphetamine. Vyvanse was not started")


@pytest.mark.parametrize(
    ("required", "failed", "words"),
    [
        ("dexmethylphenidate", "methylphenidate", "Dexmethylphenidate is the d-threo enantiomer of methylphenidate."),
        ("Lexapro", "citalopram", "Escitalopram is the S-enantiomer of citalopram."),
        ("lisdexamfetamine", "Dexedrine", "Lisdexamfetamine is a prodrug of dextroamphetamine."),
        ("Pristiq", "venlafaxine", "Desvenlafaxine is the major active metabolite of venlafaxine."),
    ],
)
def test_the_same_moiety_in_another_form_that_failed_makes_the_required_drug_expected_to_fail(
    required: str, failed: str, words: str
) -> None:
    case = make_case("Qelbree", required_drugs=[required])
    trial = make_trial(failed, "2020-01", Outcome.INEFFECTIVE, end="2020-04")

    (expected,) = suggest_grounds(case, [trial], PLANS, TODAY)

    assert expected.ground is Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL and expected.required_drug == required
    assert expected.reason.startswith(f"{cap(required)} has not been tried. {words} {cap(failed)} was tried Jan 2020")
    # the person sees where the relation was read; the letter states it plainly
    assert any(n.startswith(words[:-1]) and "label" in n.casefold() for n in expected.notes)


def test_where_the_same_mechanism_counts_a_related_moiety_is_prior_failure_not_a_second_ground() -> None:
    case = make_case("Qelbree", coverage="tx", required_drugs=["Focalin"])
    trial = make_trial("Ritalin", "2020-01", Outcome.INEFFECTIVE, end="2020-04")

    (failure,) = suggest_grounds(case, [trial], STATE_PLANS, TODAY)

    assert failure.ground is Ground.PRIOR_FAILURE
    assert failure.reason.startswith("Dexmethylphenidate is the d-threo enantiomer of methylphenidate. Ritalin")


def test_a_trial_still_being_taken_has_not_failed() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline"])
    still = make_trial("sertraline", "2022-06", Outcome.INEFFECTIVE)

    assert suggest_grounds(case, [still], PLANS, TODAY) == []
    (standing,) = standings(case, [still], PLANS, TODAY)
    assert standing.text == "no claim: being taken now, so it has not failed: sertraline, since Jun 2022, ineffective"


def test_a_partial_response_is_a_weaker_prior_failure() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline"])
    partial = make_trial("sertraline", "2021-01", Outcome.PARTIAL_RESPONSE, end="2021-06")

    (suggestion,) = suggest_grounds(case, [partial], PLANS, TODAY)

    assert suggestion.ground is Ground.PRIOR_FAILURE
    assert suggestion.weaker
    assert "gave only a partial response" in suggestion.reason


def test_a_real_failure_outweighs_a_partial_response() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline"])
    partial = make_trial("sertraline", "2019-01", Outcome.PARTIAL_RESPONSE, key="t1", end="2019-06")
    failed = make_trial("Zoloft", "2021-01", Outcome.INEFFECTIVE, key="t2", end="2021-06")

    (suggestion,) = suggest_grounds(case, [partial, failed], PLANS, TODAY)

    assert not suggestion.weaker
    assert suggestion.trials == [failed]


def test_release_suffixes_brands_and_international_names_match() -> None:
    case = make_case("Vyvanse (lisdexamfetamine)", required_drugs=["Adderall XR", "glibenclamide", "Seroquel XR"])
    trials = [
        make_trial("amphetamine", "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-04", brand="Adderall"),
        make_trial("glyburide", "2020-01", Outcome.INEFFECTIVE, key="t2", end="2020-04"),
        make_trial("quetiapine", "2020-01", Outcome.ADVERSE_REACTION, key="t3", end="2020-04", brand="Seroquel"),
    ]

    suggestions = suggest_grounds(case, trials, PLANS, TODAY)

    assert grounds(suggestions) == [
        (Ground.PRIOR_FAILURE, "Adderall XR"),
        (Ground.PRIOR_FAILURE, "glibenclamide"),
        (Ground.PRIOR_FAILURE, "Seroquel XR"),
    ]
    assert [s.trials for s in suggestions] == [[trials[0]], [trials[1]], [trials[2]]]


def test_where_the_law_puts_an_adverse_event_under_contraindication_it_is_proposed_there() -> None:
    case = make_case("Aimovig", coverage="sd", required_drugs=["topiramate", "propranolol"])
    trials = [
        make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, key="t1", end="2020-07"),
        make_trial("propranolol", "2020-08", Outcome.INEFFECTIVE, key="t2", end="2020-12"),
    ]

    suggestions = suggest_grounds(case, trials, STATE_PLANS, TODAY)

    assert grounds(suggestions) == [(Ground.PRIOR_FAILURE, "propranolol"), (Ground.CONTRAINDICATED, "topiramate")]
    assert suggestions[1].law.startswith("SDCL 58-17H-55(1)")


def test_colorado_medicaid_counts_a_past_trial_only_for_intolerance_and_says_why_not() -> None:
    case = make_case("Aimovig", coverage="co", required_drugs=["topiramate", "propranolol"])
    trials = [
        make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, key="t1", end="2020-07"),
        make_trial("propranolol", "2020-08", Outcome.INEFFECTIVE, key="t2", end="2020-12"),
    ]

    suggestions = suggest_grounds(case, trials, STATE_PLANS, TODAY)

    assert grounds(suggestions) == [(Ground.PRIOR_FAILURE, "topiramate")]
    assert suggestions[0].law.startswith("C.R.S. § 25.5-4-428(2)(a)(III)")
    propranolol = standings(case, trials, STATE_PLANS, TODAY)[1]
    assert "Colorado Medicaid counts a past trial only when it was stopped for intolerable side effects" in (
        propranolol.text
    )


def test_ohio_medicaid_has_no_expected_ineffective_ground_and_counts_only_the_drug_itself() -> None:
    case = make_case("Qelbree", coverage="oh", required_drugs=["Lexapro", "glipizide"])
    trials = [
        make_trial("citalopram", "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-04"),
        make_trial("glyburide", "2020-01", Outcome.INEFFECTIVE, key="t2", end="2020-04"),
    ]

    assert suggest_grounds(case, trials, STATE_PLANS, TODAY) == []
    law = jurisdiction_for(OHIO_MEDICAID)
    assert not law.recognises(Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL)
    assert "AB-rated" in law.prior_trial.caution


def test_best_interest_is_never_proposed_and_recognised_only_where_the_law_says_so() -> None:
    assert jurisdiction_for(TEXAS).recognises(Ground.NOT_IN_BEST_INTEREST)
    assert jurisdiction_for(DELAWARE).recognises(Ground.NOT_IN_BEST_INTEREST)
    assert not jurisdiction_for(NOW).recognises(Ground.NOT_IN_BEST_INTEREST)
    assert not jurisdiction_for(make_coverage(key="tx-employer", state="TX", plan_type="self_funded_employer")
                                ).recognises(Ground.NOT_IN_BEST_INTEREST)  # fmt: skip
    case = make_case("Aimovig", coverage="tx", required_drugs=["topiramate"])
    trial = make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, end="2020-07")
    assert Ground.NOT_IN_BEST_INTEREST not in [s.ground for s in suggest_grounds(case, [trial], STATE_PLANS, TODAY)]


def test_a_drug_not_in_the_table_is_matched_by_name_only_and_the_words_stay_out_of_the_letter() -> None:
    case = make_case("Madeupra", required_drugs=["zorbitide"])
    itself = make_trial("zorbitide", "2021-01", Outcome.INEFFECTIVE, key="t1", end="2021-05")
    other = make_trial("glorbitide", "2020-01", Outcome.INEFFECTIVE, key="t2", end="2020-05")

    (failure,) = suggest_grounds(case, [itself, other], PLANS, TODAY)

    assert failure.trials == [itself]
    assert "TrialLog" not in failure.reason
    assert failure.notes == (f"zorbitide {NAME_ONLY}.",)
    assert unclassified_drugs(case) == ["Madeupra", "zorbitide"]


def test_one_entry_may_list_several_required_drugs() -> None:
    case = make_case("Aimovig", required_drugs=["topiramate, propranolol"])
    trials = [
        make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key="t1", end="2020-07"),
        make_trial("propranolol", "2020-08", Outcome.INEFFECTIVE, key="t2", end="2020-12"),
    ]

    suggestions = suggest_grounds(case, trials, PLANS, TODAY)

    assert grounds(suggestions) == [(Ground.PRIOR_FAILURE, "topiramate"), (Ground.PRIOR_FAILURE, "propranolol")]


def test_stable_on_current_by_brand_under_any_plan_says_for_how_long() -> None:
    case = make_case("Aimovig", coverage="c-now")
    current = make_trial("erenumab", "2021-02", Outcome.EFFECTIVE, coverage="c-old")

    (stable,) = suggest_grounds(case, [current], PLANS, date(2023, 3, 10))

    assert stable.ground is Ground.STABLE_ON_CURRENT
    assert stable.required_drug is None
    assert stable.reason == (
        "Erenumab has been taken since Feb 2021 and is working (outcome: effective): "
        "about 2 years as of Mar 10, 2023. Started under an earlier plan (Aetna Open Access PPO)."
    )


def test_a_three_week_ongoing_trial_is_not_stable_nor_is_any_trial_under_ninety_days() -> None:
    case = make_case("Cosentyx")
    three_weeks = make_trial("secukinumab", "2023-01-04", Outcome.ONGOING, key="t1")
    assert suggest_grounds(case, [three_weeks], [], TODAY) == []
    long_ongoing = make_trial("secukinumab", "2021-01-04", Outcome.ONGOING, key="t1")
    assert suggest_grounds(case, [long_ongoing], [], TODAY) == []  # "ongoing" says nothing of how it works
    eighty_nine_days = make_trial("secukinumab", "2022-10-28", Outcome.EFFECTIVE, key="t1")
    assert suggest_grounds(case, [eighty_nine_days], [], TODAY) == []
    ninety_days = make_trial("secukinumab", "2022-10-27", Outcome.EFFECTIVE, key="t1")
    assert grounds(suggest_grounds(case, [ninety_days], [], TODAY)) == [(Ground.STABLE_ON_CURRENT, None)]
    # a month-only start counts from the month's last day: October 2022 may have begun on the 31st
    month_only = make_trial("secukinumab", "2022-10", Outcome.EFFECTIVE, key="t1")
    assert suggest_grounds(case, [month_only], [], TODAY) == []


def test_a_partial_response_taken_now_is_weaker_stability_and_a_finished_trial_is_none() -> None:
    case = make_case("Cosentyx")
    partial = make_trial("secukinumab", "2022-01", Outcome.PARTIAL_RESPONSE, key="t1")
    (stable,) = suggest_grounds(case, [partial], [], TODAY)
    assert stable.weaker and "helps in part (outcome: partial response)" in stable.reason

    finished = make_trial("secukinumab", "2021-01", Outcome.EFFECTIVE, key="t2", end="2022-06")
    failing = make_trial("secukinumab", "2022-01", Outcome.INEFFECTIVE, key="t3")
    assert suggest_grounds(case, [finished, failing], [], TODAY) == []


def test_nothing_is_suggested_without_matching_trials() -> None:
    case = make_case("Aimovig", required_drugs=["topiramate"])
    unrelated = make_trial("sertraline", "2020-01", Outcome.INEFFECTIVE, end="2020-05")

    assert suggest_grounds(case, [unrelated], PLANS, TODAY) == []


def test_a_claim_reads_as_what_its_proof_is_and_the_heading_never_says_more() -> None:
    glyburide = make_trial("glyburide", "2019-03", Outcome.INEFFECTIVE, key="t1", end="2019-09")
    sertraline = make_trial("sertraline", "2018-01", Outcome.INEFFECTIVE, key="t2", end="2018-04")
    case = make_case(
        "Rybelsus",
        coverage="tx",
        required_drugs=["glipizide"],
        claims=[make_claim("prior_failure", "glipizide", ["t1", "t2"], explanation="Her A1c rose on it.")],
    )

    proof = claim_proof(case.claims[0], case, [glyburide, sertraline], STATE_PLANS, TODAY)

    assert proof.heading == "A drug of the same class as glipizide was already tried and failed"
    assert "Glyburide, a sulfonylurea like glipizide (ATC A10BB), was tried" in proof.sentences
    assert "ertraline" not in proof.sentences  # another drug is never printed as proof of glipizide's failure
    assert proof.sentences.endswith("Her A1c rose on it.")
    assert proof.notes == (
        "Left out of the packet: sertraline, Jan 2018: not glipizide, a form of it or a drug of its class in "
        "TrialLog's table.",
    )
    itself = make_trial("Glucotrol XL", "2020-01", Outcome.INEFFECTIVE, key="t3", end="2020-05")
    own = make_case("Rybelsus", required_drugs=["glipizide"], claims=[make_claim("prior_failure", "glipizide", ["t3"])])
    assert claim_proof(own.claims[0], own, [itself], PLANS, TODAY).heading == "Glipizide was already tried and failed"


def test_a_claim_proven_by_the_same_moiety_in_another_form_says_so_in_its_heading() -> None:
    ritalin = make_trial("Ritalin", "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-04")
    claim = make_claim("prior_failure", "Focalin", ["t1"])
    texas = make_case("Qelbree", coverage="tx", required_drugs=["Focalin"], claims=[claim])

    proof = claim_proof(claim, texas, [ritalin], STATE_PLANS, TODAY)

    assert proof.printable
    assert proof.heading == "A related form of Focalin (the same active moiety) was already tried and failed"
    assert proof.sentences.startswith("Dexmethylphenidate is the d-threo enantiomer of methylphenidate. Ritalin was")
    # Under the default rules only Focalin itself proves its failure: the claim is not printed, and says why.
    default = claim_proof(
        claim, make_case("Qelbree", required_drugs=["Focalin"], claims=[claim]), [ritalin], PLANS, TODAY
    )
    assert not default.printable
    assert default.notes == (
        "Left out of the packet: Ritalin, Jan 2020: another drug: TrialLog's default rules count only Focalin itself.",
        "No trial chosen proves it yet: not printed.",
    )


def test_a_claim_prints_only_proof_that_shows_its_ground() -> None:
    today = TODAY
    still = make_trial("topiramate", "2020-02", Outcome.EFFECTIVE, key="t1")
    failed_stable = make_trial("erenumab", "2021-01", Outcome.INEFFECTIVE, key="t2", end="2021-06")
    five_weeks = make_trial("erenumab", "2022-12-20", Outcome.ONGOING, key="t3")
    case = make_case(
        "Aimovig",
        required_drugs=["topiramate"],
        claims=[make_claim("prior_failure", "topiramate", ["t1"]), make_claim("stable_on_current", "", ["t2", "t3"])],
    )
    trials = [still, failed_stable, five_weeks]

    taking, stable = (claim_proof(c, case, trials, PLANS, today) for c in case.claims)

    assert not taking.printable
    assert taking.notes[-1] == "topiramate is being taken now, so it has not failed: not printed."
    assert not stable.printable
    assert stable.notes == (
        "Left out of the packet: erenumab, Jan 2021: not being taken now.",
        "Left out of the packet: erenumab, Dec 20, 2022: its outcome (ongoing) does not show that it works.",
        "No trial chosen proves it yet: not printed.",
    )


def test_a_claim_the_plans_law_does_not_recognise_or_naming_several_drugs_is_not_printed() -> None:
    trial = make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key="t1", end="2020-07")
    best = make_claim("not_in_best_interest", explanation="It would worsen her kidney disease.")
    both = make_claim("prior_failure", "topiramate, propranolol", ["t1"])
    case = make_case("Aimovig", coverage="c-now", required_drugs=["topiramate, propranolol"], claims=[best, both])

    default_best, several = (claim_proof(c, case, [trial], PLANS, TODAY) for c in case.claims)

    assert not default_best.printable
    assert default_best.notes == (
        "TrialLog's default rules do not list this ground for this plan, so the packet does not argue it.",
    )
    assert not several.printable and "names several drugs" in several.notes[0]
    texas = make_case("Aimovig", coverage="tx", required_drugs=["topiramate"], claims=[best])
    assert claim_proof(best, texas, [trial], STATE_PLANS, TODAY).printable
    expected = make_claim("expected_ineffective_or_harmful", "Lexapro", explanation="Known to fail.")
    ohio = make_case("Qelbree", coverage="oh", required_drugs=["Lexapro"], claims=[expected])
    assert not claim_proof(ohio.claims[0], ohio, [], STATE_PLANS, TODAY).printable


def test_a_trial_with_its_end_still_ahead_is_being_taken_and_a_restarted_drug_has_not_failed() -> None:
    case = make_case("Aimovig", required_drugs=["topiramate"])
    ends_later = make_trial("topiramate", "2022-06", Outcome.INEFFECTIVE, key="t1", end="2023-06")
    assert suggest_grounds(case, [ends_later], PLANS, TODAY) == []
    stopped = make_trial("topiramate", "2019-01", Outcome.INEFFECTIVE, key="t2", end="2019-05")
    restarted = make_trial("topiramate", "2022-09", Outcome.ONGOING, key="t3")
    assert suggest_grounds(case, [stopped, restarted], PLANS, TODAY) == []
    assert grounds(suggest_grounds(case, [stopped], PLANS, TODAY)) == [(Ground.PRIOR_FAILURE, "topiramate")]


def test_drugs_joined_by_and_are_two_and_a_combination_is_never_one_of_its_parts() -> None:
    glipizide = make_trial("glipizide", "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-05")
    listed = make_case("Rybelsus", required_drugs=["metformin and glipizide"])
    (failure,) = suggest_grounds(listed, [glipizide], PLANS, TODAY)
    assert failure.required_drug == "glipizide"
    assert [s.required_drug for s in standings(listed, [glipizide], PLANS, TODAY)] == ["metformin", "glipizide"]

    metformin = make_trial("metformin", "2020-01", Outcome.INEFFECTIVE, key="t2", end="2020-05")
    combination = make_case("Rybelsus", required_drugs=["sitagliptin/metformin"])
    assert suggest_grounds(combination, [metformin], PLANS, TODAY) == []
    lotrel = make_trial("amlodipine/benazepril", "2020-01", Outcome.INEFFECTIVE, key="t3", end="2020-05")
    assert suggest_grounds(make_case("Entresto", required_drugs=["benazepril"]), [lotrel], PLANS, TODAY) == []


def test_ohio_medicaid_counts_a_trial_only_of_the_product_the_plan_names() -> None:
    lopressor = make_trial("metoprolol tartrate", "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-05",
                           brand="Lopressor")  # fmt: skip
    toprol = make_case("Bystolic", coverage="oh", required_drugs=["Toprol XL"])
    assert suggest_grounds(toprol, [lopressor], STATE_PLANS, TODAY) == []
    any_metoprolol = make_case("Bystolic", coverage="oh", required_drugs=["metoprolol"])
    (failure,) = suggest_grounds(any_metoprolol, [lopressor], STATE_PLANS, TODAY)
    assert failure.law.startswith("Ohio Rev. Code § 5164.7514(A)(5)(a)(ii)")


def test_a_claim_never_says_a_drug_was_not_tried_when_it_was_nor_counts_what_is_still_taken() -> None:
    topiramate = make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key="t1", end="2020-07")
    expected = make_claim("expected_ineffective_or_harmful", "topiramate", ["t1"])
    case = make_case("Aimovig", required_drugs=["topiramate"], claims=[expected])
    proof = claim_proof(expected, case, [topiramate], PLANS, TODAY)
    assert "has not been tried" not in proof.sentences
    assert proof.sentences.startswith("Topiramate was tried Feb 2020 – Jul 2020")

    # a trial whose end is still ahead is being taken: neither "stopped" nor proof of an expected failure
    ritalin = make_trial("methylphenidate", "2022-09", Outcome.INEFFECTIVE, key="t2", end="2023-06")
    focalin = make_case("Qelbree", required_drugs=["dexmethylphenidate"])
    assert suggest_grounds(focalin, [ritalin], PLANS, TODAY) == []
    # a drug taken again now has not failed, whatever older trial a claim names
    restarted = make_trial("topiramate", "2022-06", Outcome.ONGOING, key="t3")
    failure = make_claim("prior_failure", "topiramate", ["t1"])
    again = make_case("Aimovig", required_drugs=["topiramate"], claims=[failure])
    assert not claim_proof(failure, again, [topiramate, restarted], PLANS, TODAY).printable


def test_an_adverse_reaction_is_a_contraindication_only_where_the_law_says_so_and_only_of_the_drug_itself() -> None:
    reaction = make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, key="t1", end="2020-07")
    claim = make_claim("contraindicated", "topiramate", ["t1"])
    default = make_case("Aimovig", required_drugs=["topiramate"], claims=[claim])
    assert not claim_proof(claim, default, [reaction], PLANS, TODAY).printable
    dakota = make_case("Aimovig", coverage="sd", required_drugs=["topiramate"], claims=[claim])
    assert claim_proof(claim, dakota, [reaction], STATE_PLANS, TODAY).heading == "Topiramate is contraindicated"
    citalopram = make_trial("citalopram", "2020-02", Outcome.ADVERSE_REACTION, key="t2", end="2020-07")
    isomer = make_claim("contraindicated", "escitalopram", ["t2"])
    other = make_case("Qelbree", coverage="sd", required_drugs=["escitalopram"], claims=[isomer])
    assert not claim_proof(isomer, other, [citalopram], STATE_PLANS, TODAY).printable


def test_a_partial_response_claim_says_it_helped_in_part_not_that_it_failed() -> None:
    partial = make_trial("sertraline", "2021-01", Outcome.PARTIAL_RESPONSE, key="t1", end="2021-06")
    claim = make_claim("prior_failure", "sertraline", ["t1"])
    case = make_case("Trintellix", required_drugs=["sertraline"], claims=[claim])
    assert claim_proof(claim, case, [partial], PLANS, TODAY).heading == (
        "Sertraline was already tried and helped only in part"
    )


def test_a_combination_trial_written_with_and_is_never_one_of_its_parts() -> None:
    lotrel = make_trial("amlodipine and benazepril", "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-05")
    assert suggest_grounds(make_case("Entresto", required_drugs=["benazepril"]), [lotrel], PLANS, TODAY) == []


@pytest.mark.parametrize(
    ("required", "tried", "brand", "counts"),
    [
        ("Concerta", "methylphenidate", "Ritalin", False),  # brand-implied release forms differ
        ("Concerta", "methylphenidate ER", "Concerta", True),
        ("Adderall", "amphetamine", "Adderall XR", False),
        ("Glumetza", "metformin", "", False),
        ("metformin", "metformin ER", "Glumetza", True),  # the bare generic: any form of it
    ],
)
def test_ohio_medicaid_counts_only_the_very_product_a_brand_or_form_names(
    required: str, tried: str, brand: str, counts: bool
) -> None:
    trial = make_trial(tried, "2020-01", Outcome.INEFFECTIVE, key="t1", end="2020-05", brand=brand)
    case = make_case("Qelbree", coverage="oh", required_drugs=[required])
    assert bool(suggest_grounds(case, [trial], STATE_PLANS, TODAY)) is counts


def test_best_interest_prints_only_trials_of_a_required_or_the_requested_drug() -> None:
    topiramate = make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key="t1", end="2020-07")
    sertraline = make_trial("sertraline", "2018-01", Outcome.INEFFECTIVE, key="t2", end="2018-04")
    claim = make_claim("not_in_best_interest", "", ["t1", "t2"], explanation="It clouds her thinking at work.")
    case = make_case("Aimovig", coverage="tx", required_drugs=["topiramate"], claims=[claim])
    proof = claim_proof(claim, case, [topiramate, sertraline], STATE_PLANS, TODAY)
    assert "Topiramate was tried" in proof.sentences and "ertraline" not in proof.sentences
    assert proof.notes == (
        "Left out of the packet: sertraline, Jan 2018: neither a required drug nor the requested drug.",
    )
