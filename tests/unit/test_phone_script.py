"""A caregiver about to call the plan reads a phone script built from the case: no Qt involved."""

from __future__ import annotations

from datetime import date

from tests.factories import make_coverage, make_person
from triallog.domain import records as r
from triallog.domain.dates import PartialDate
from triallog.domain.deadlines import DISCLAIMER
from triallog.domain.enums import CaseStatus, Ground, Outcome, PlanType, Urgency
from triallog.services import people
from triallog.services.phone_script import build_phone_script
from triallog.services.transfer import import_path

TODAY = date(2023, 2, 1)


def dana_case(db, dana_json):  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    person = people.load_person(db, people.list_people(db)[0].key)
    return person, person.cases[0]


def test_script_asks_for_the_exception_by_name_and_for_the_reference(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    person, case = dana_case(db, dana_json)
    script = build_phone_script(person, case, TODAY)
    assert "step therapy exception" in script
    assert "What is the reference number for this call?" in script
    assert "May I have your name?" in script
    assert "fax number or portal" in script
    assert "write down" in script


def test_script_names_the_member_the_drug_and_the_denial(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    person, case = dana_case(db, dana_json)
    script = build_phone_script(person, case, TODAY)
    for words in ("Dana Rivera", "Sep 14, 1986", "U7731904512", "erenumab (Aimovig)", "CG-2023-0045871"):
        assert words in script


def test_script_states_the_grounds_with_the_trials_that_prove_them(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    person, case = dana_case(db, dana_json)
    script = build_phone_script(person, case, TODAY)
    assert "topiramate: Feb 2020 to Jul 2020; outcome: adverse reaction" in script
    assert "propranolol: on Aug 3, 2020; outcome: contraindicated" in script
    assert "erenumab (Aimovig): since Feb 1, 2021, still taking; outcome: effective" in script


def test_script_says_when_the_answer_is_due_and_by_which_rule(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    person, case = dana_case(db, dana_json)
    script = build_phone_script(person, case, TODAY)
    lines = script.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- Decision due"))
    assert "Thursday, Feb 9, 2023 (not yet checked against the law's text)" in lines[at]
    assert "Source: 29 CFR 2560.503-1(f)(2)(iii)(A)" in lines[at]
    assert (
        lines[at + 1] == "  Counted from the end of Jan 25, 2023, the day of the request (its time was not recorded)."
    )
    assert script.count(DISCLAIMER) == 1


def test_without_accepted_grounds_the_suggested_ones_are_offered() -> None:
    plan = make_coverage("Aetna", key="c1", plan_type=PlanType.MARKETPLACE)
    trial = r.Trial(
        drug="topiramate",
        start=PartialDate.parse("2022-01"),
        end=PartialDate.parse("2022-04"),
        outcome=Outcome.INEFFECTIVE,
        key="t1",
    )
    case = r.Case(
        requested_drug="Aimovig",
        key="k1",
        coverage="c1",
        required_drugs=["topiramate"],
        urgency=Urgency.STANDARD,
        events=[r.CaseEvent(date(2023, 1, 5), CaseStatus.SUBMITTED)],
    )
    person = make_person("Ana Diaz", coverages=[plan], trials=[trial], cases=[case])
    script = build_phone_script(person, case, date(2023, 1, 5))
    assert "Nothing is claimed yet" in script
    assert "- Already tried and failed — topiramate:" in script
    assert "topiramate: Jan 2022 to Apr 2022; outcome: ineffective" in script


def test_a_claim_speaks_for_its_own_drug_only() -> None:
    trial = r.Trial(drug="sertraline", start=PartialDate.parse("2021-01"), end=PartialDate.parse("2021-04"),
                    outcome=Outcome.INEFFECTIVE, key="t1")  # fmt: skip
    case = r.Case(
        requested_drug="Trintellix",
        key="k1",
        required_drugs=["sertraline", "escitalopram"],
        claims=[r.Claim(Ground.PRIOR_FAILURE, "sertraline", ["t1"])],
    )
    person = make_person("Ana Diaz", coverages=[], trials=[trial], cases=[case])
    script = build_phone_script(person, case, TODAY)
    assert "- Sertraline was already tried and failed:" in script
    assert "escitalopram was already tried" not in script.casefold()


def test_a_suggestion_from_a_drug_of_the_same_class_names_it_for_what_it_is() -> None:
    plan = make_coverage("Blue Cross", key="c1", state="TX", plan_type=PlanType.COMMERCIAL)
    trial = r.Trial(drug="glyburide", start=PartialDate.parse("2019-03"), end=PartialDate.parse("2019-09"),
                    outcome=Outcome.INEFFECTIVE, key="t1")  # fmt: skip
    case = r.Case(requested_drug="Rybelsus", key="k1", coverage="c1", required_drugs=["glipizide"])
    person = make_person("Ana Diaz", coverages=[plan], trials=[trial], cases=[case])
    script = build_phone_script(person, case, TODAY)
    assert "- Already tried and failed — glipizide:" in script
    assert "    glyburide (a sulfonylurea like glipizide): Mar 2019 to Sep 2019; outcome: ineffective" in script


def test_a_case_with_no_plan_or_grounds_still_gives_a_usable_script() -> None:
    case = r.Case(requested_drug="Vyvanse", key="k1", claims=[r.Claim(Ground.STABLE_ON_CURRENT)])
    person = make_person("Ana Diaz", coverages=[], trials=[], cases=[case])
    script = build_phone_script(person, case, TODAY)
    assert "have the insurance card ready" in script
    assert "Not ready to say: stable on the requested drug still needs its proof." in script
    assert "No answer is due right now" in script
