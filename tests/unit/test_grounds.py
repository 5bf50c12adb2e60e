"""A caregiver records the trials; TrialLog proposes the exception grounds they prove, in words a reviewer reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.factories import make_case, make_coverage, make_side_effect, make_trial
from triallog.domain.enums import Ground, Outcome
from triallog.domain.grounds import NAME_ONLY, Suggestion, suggest_grounds, unclassified_drugs
from triallog.exchange.reader import read_exchange

TODAY = date(2023, 1, 25)
OLD = make_coverage("Aetna", key="c-old", start="2019-01-01", end="2022-12-31")
NOW = make_coverage("Cigna", key="c-now", plan_name="Open Access Plus", start="2023-01-01")
PLANS = [OLD, NOW]


def grounds(suggestions: list[Suggestion]) -> list[tuple[Ground, str | None]]:
    return [(s.ground, s.required_drug) for s in suggestions]


def only(suggestions: list[Suggestion], ground: Ground) -> Suggestion:
    (found,) = [s for s in suggestions if s.ground is ground]
    return found


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
    assert "topiramate was tried Feb 2020 – Jul 2020 and stopped for an adverse reaction: " in failure.reason
    assert "word-finding difficulty (severe)" in failure.reason
    assert "under an earlier plan (Aetna Open Access PPO)" in failure.reason
    assert not failure.weaker
    assert "propranolol was not started: it was judged contraindicated on Aug 3, 2020." in contraindicated.reason
    assert "asthma" in contraindicated.reason
    assert [t.drug for t in stable.trials] == ["erenumab"]
    assert "erenumab (Aimovig) has been taken since Feb 1, 2021" in stable.reason
    assert "1 year and 11 months as of Jan 25, 2023" in stable.reason


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
        "topiramate was tried Feb 2020 – Jul 2020 and stopped for an adverse reaction: "
        "word-finding difficulty (severe)."
    )


def test_an_ineffective_drug_of_the_same_class_proves_prior_failure_and_expected_ineffectiveness() -> None:
    case = make_case("Nurtec ODT", required_drugs=["rizatriptan"])
    sumatriptan = make_trial("sumatriptan", "2019-03", Outcome.INEFFECTIVE, end="2019-05", brand="Imitrex")

    suggestions = suggest_grounds(case, [sumatriptan], PLANS, TODAY)

    assert grounds(suggestions) == [
        (Ground.PRIOR_FAILURE, "rizatriptan"),
        (Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL, "rizatriptan"),
    ]
    failure, expected = suggestions
    assert failure.trials == [sumatriptan] and expected.trials == [sumatriptan]
    assert "sumatriptan (Imitrex), in the same class as rizatriptan (triptans, ATC N02CC)," in failure.reason
    assert "stopped because it did not work" in failure.reason
    assert expected.reason.startswith("rizatriptan has not been tried, but another drug of its class (triptans")
    assert "sumatriptan (Imitrex) was tried Mar 2019 – May 2019" in expected.reason  # says which


def test_the_required_drug_itself_comes_before_drugs_of_its_class() -> None:
    case = make_case("Vraylar", required_drugs=["aripiprazole"])
    other = make_trial("quetiapine", "2018-01", Outcome.INEFFECTIVE, key="t1", end="2018-06")
    itself = make_trial("Abilify", "2021-01", Outcome.ADVERSE_REACTION, key="t2", end="2021-03")

    (failure,) = suggest_grounds(case, [other, itself], PLANS, TODAY)

    assert failure.trials == [itself, other]


def test_a_partial_response_is_a_weaker_prior_failure() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline"])
    partial = make_trial("sertraline", "2021-01", Outcome.PARTIAL_RESPONSE, end="2021-06")

    (suggestion,) = suggest_grounds(case, [partial], PLANS, TODAY)

    assert suggestion.ground is Ground.PRIOR_FAILURE
    assert suggestion.weaker
    assert "gave only a partial response" in suggestion.reason
    assert "weaker evidence" in suggestion.reason


def test_a_real_failure_outweighs_a_partial_response() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline"])
    partial = make_trial("sertraline", "2019-01", Outcome.PARTIAL_RESPONSE, key="t1", end="2019-06")
    failed = make_trial("Zoloft", "2021-01", Outcome.INEFFECTIVE, key="t2", end="2021-06")

    (suggestion,) = suggest_grounds(case, [partial, failed], PLANS, TODAY)

    assert not suggestion.weaker
    assert suggestion.trials == [failed]


def test_a_partial_response_of_the_same_class_does_not_prove_expected_ineffectiveness() -> None:
    case = make_case("Trintellix", required_drugs=["sertraline"])
    partial = make_trial("escitalopram", "2021-01", Outcome.PARTIAL_RESPONSE, end="2021-06")

    assert grounds(suggest_grounds(case, [partial], PLANS, TODAY)) == [(Ground.PRIOR_FAILURE, "sertraline")]


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


def test_contraindicated_needs_the_required_drug_itself() -> None:
    case = make_case("erenumab (Aimovig)", required_drugs=["Inderal LA", "nadolol"])
    propranolol = make_trial(
        "propranolol", "2020-08-03", Outcome.CONTRAINDICATED, end="2020-08-03", reason_stopped="Asthma."
    )

    suggestions = suggest_grounds(case, [propranolol], PLANS, TODAY)

    # The same class is not enough: a contraindication is about one drug, and neither failed.
    assert grounds(suggestions) == [(Ground.CONTRAINDICATED, "Inderal LA")]
    assert suggestions[0].trials == [propranolol]
    assert 'Reason recorded: "Asthma."' in suggestions[0].reason


def test_expected_ineffective_only_when_the_required_drug_was_never_tried() -> None:
    case = make_case("Emgality", required_drugs=["rizatriptan"])
    failed = make_trial("sumatriptan", "2019-03", Outcome.INEFFECTIVE, key="t1", end="2019-05")
    tried = make_trial("rizatriptan", "2022-01", Outcome.STOPPED_OTHER, key="t2", end="2022-02")

    suggestions = suggest_grounds(case, [failed, tried], PLANS, TODAY)

    assert Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL not in [s.ground for s in suggestions]


def test_a_contraindicated_drug_was_never_tried_so_its_class_can_still_speak() -> None:
    case = make_case("Emgality", required_drugs=["rizatriptan"])
    never_started = make_trial("rizatriptan", "2022-01-05", Outcome.CONTRAINDICATED, key="t1", end="2022-01-05")
    reaction = make_trial("zolmitriptan", "2019-03", Outcome.ADVERSE_REACTION, key="t2", end="2019-04")

    suggestions = suggest_grounds(case, [never_started, reaction], PLANS, TODAY)

    assert grounds(suggestions) == [
        (Ground.PRIOR_FAILURE, "rizatriptan"),
        (Ground.CONTRAINDICATED, "rizatriptan"),
        (Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL, "rizatriptan"),
    ]


def test_a_drug_not_in_the_table_is_matched_by_name_only_and_says_so() -> None:
    case = make_case("Qelbree (viloxazine)", required_drugs=["guanfacine"])
    guanfacine = make_trial("guanfacine", "2021-01", Outcome.INEFFECTIVE, key="t1", end="2021-05")
    clonidine = make_trial("clonidine", "2020-01", Outcome.INEFFECTIVE, key="t2", end="2020-05")

    suggestions = suggest_grounds(case, [guanfacine, clonidine], PLANS, TODAY)

    assert grounds(suggestions) == [(Ground.PRIOR_FAILURE, "guanfacine")]
    assert suggestions[0].trials == [guanfacine]
    assert f"guanfacine is {NAME_ONLY}." in suggestions[0].reason
    assert unclassified_drugs(case) == ["Qelbree (viloxazine)", "guanfacine"]


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
        "erenumab has been taken since Feb 2021 and is working (outcome: effective): "
        "about 2 years and 1 month as of Mar 10, 2023. Started under an earlier plan (Aetna Open Access PPO)."
    )


def test_an_ongoing_trial_is_stable_but_a_finished_or_failing_one_is_not() -> None:
    case = make_case("Cosentyx")
    ongoing = make_trial("secukinumab", "2022-11-15", Outcome.ONGOING, key="t1")
    assert (
        "and continues (outcome: ongoing): 2 months as of Jan 25, 2023"
        in suggest_grounds(case, [ongoing], [], TODAY)[0].reason
    )

    finished = make_trial("secukinumab", "2021-01", Outcome.EFFECTIVE, key="t2", end="2022-06")
    failing = make_trial("secukinumab", "2022-01", Outcome.INEFFECTIVE, key="t3")
    assert suggest_grounds(case, [finished, failing], [], TODAY) == []


def test_nothing_is_suggested_without_matching_trials() -> None:
    case = make_case("Aimovig", required_drugs=["topiramate"])
    unrelated = make_trial("sertraline", "2020-01", Outcome.INEFFECTIVE, end="2020-05")

    assert suggest_grounds(case, [unrelated], PLANS, TODAY) == []
