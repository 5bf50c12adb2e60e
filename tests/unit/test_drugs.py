"""Drug names and classes: a brand, an international name or an "XR" never hides that two drugs are one."""

from __future__ import annotations

import re

import pytest

from triallog.domain.drugs import (
    build_table,
    canonical_name,
    class_of,
    drug_names_in,
    drug_table,
    normalize_drug_name,
    same_class,
    same_drug,
)

ATC_GROUP = re.compile(r"^[A-Z][0-9]{2}[A-Z]{2}$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sertraline", "sertraline"),
        ("  SERTRALINE  ", "sertraline"),
        ("Adderall XR", "adderall"),
        ("Effexor XR", "effexor"),
        ("Wellbutrin SR", "wellbutrin"),
        ("Nurtec ODT", "nurtec"),
        ("Toprol-XL", "toprol"),
        ("Paxil CR", "paxil"),
        ("Depakote DR", "depakote"),
        ("Inderal LA", "inderal"),
        ("Seroquel XR", "seroquel"),
        ("Adzenys XR-ODT", "adzenys"),
        ("Maxalt-MLT", "maxalt"),
        ("metoprolol succinate ER 50 mg tablets", "metoprolol"),
        ("venlafaxine extended-release", "venlafaxine"),
        ("adalimumab-atto", "adalimumab"),
        ("Salmeterol/Fluticasone propionate HFA", "fluticasone/salmeterol"),
        ("budesonide and formoterol fumarate dihydrate", "budesonide/formoterol"),
        ("LA", "la"),  # a suffix alone is a name, not nothing
        ("70 mg", ""),
        ("", ""),
    ],
)
def test_names_are_compared_without_case_punctuation_salts_or_release_suffixes(text: str, expected: str) -> None:
    assert normalize_drug_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vyvanse (lisdexamfetamine)", ["vyvanse", "lisdexamfetamine"]),
        ("erenumab (Aimovig)", ["erenumab", "aimovig"]),
        ("topiramate, propranolol", ["topiramate", "propranolol"]),
        ("topiramate or propranolol", ["topiramate", "propranolol"]),
        ("Vyvanse/Adderall", ["adderall/vyvanse", "adderall", "vyvanse"]),
        ("Advair (fluticasone/salmeterol)", ["advair", "fluticasone/salmeterol"]),
        ("Hadlima (adalimumab-bwwd)", ["hadlima", "adalimumab"]),
        ("Aimovig 70 mg/mL", ["aimovig"]),
        ("", []),
    ],
)
def test_every_drug_name_is_found_inside_and_outside_brackets(text: str, expected: list[str]) -> None:
    assert drug_names_in(text) == expected


def test_a_brand_and_an_international_name_are_the_same_drug() -> None:
    assert same_drug("Aimovig", "erenumab")
    assert same_drug("glibenclamide", "glyburide")
    assert same_drug("paracetamol", "acetaminophen")
    assert same_drug("salbutamol", "Ventolin")
    assert same_drug("Adderall XR", "amphetamine")
    assert canonical_name("Lexapro") == "escitalopram"
    assert not same_drug("sertraline", "escitalopram")
    assert canonical_name("viloxazine") == "viloxazine"  # not in the table: itself


def test_a_class_comes_with_its_atc_code() -> None:
    sulfonylureas = class_of("glibenclamide")
    assert sulfonylureas is not None
    assert sulfonylureas.atc == ("A10BB",)
    assert class_of("Glucotrol XL") == sulfonylureas
    cgrp = class_of("Aimovig")
    assert cgrp is not None and cgrp.atc == ("N02CD",)
    assert class_of("Nurtec ODT") == cgrp  # monoclonal antibodies and gepants share N02CD
    assert class_of("paracetamol") is None  # an alias only, in no class
    assert class_of("viloxazine") is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Imitrex", "rizatriptan", True),
        ("glyburide", "glipizide", True),
        ("Vyvanse", "methylphenidate", True),
        ("Humira", "Enbrel", True),
        ("propranolol", "metoprolol", True),
        ("sertraline", "duloxetine", False),  # an SSRI and an SNRI
        ("Humira", "Stelara", False),  # TNF and interleukin inhibitors
        ("Cosentyx", "Stelara", False),  # interleukin-17 and interleukin-12/23
        ("viloxazine", "viloxazine", False),  # not in the table: no class to share
    ],
)
def test_same_class(a: str, b: str, expected: bool) -> None:
    assert same_class(a, b) is expected


EXPECTED_ATC = {
    "stimulants": {"N06BA"},
    "ssri": {"N06AB"},
    "snri": {"N06AX"},
    "atypical_antipsychotics": {"N05AE", "N05AH", "N05AX"},
    "triptans": {"N02CC"},
    "cgrp_antagonists": {"N02CD"},
    "tnf_inhibitors": {"L04AB"},
    "il17_inhibitors": {"L04AC"},
    "il23_inhibitors": {"L04AC"},
    "il6_inhibitors": {"L04AC"},
    "statins": {"C10AA"},
    "ppi": {"A02BC"},
    "biguanides": {"A10BA"},
    "sulfonylureas": {"A10BB"},
    "dpp4_inhibitors": {"A10BH"},
    "sglt2_inhibitors": {"A10BK"},
    "glp1_agonists": {"A10BJ", "A10BX"},
    "basal_insulins": {"A10AE", "A10AC"},
    "ics_combinations": {"R03AK", "R03AL"},
    "antiepileptics_migraine": {"N03AX", "N03AG"},
    "beta_blockers": {"C07AA", "C07AB", "C07AG"},
    "ace_inhibitors": {"C09AA"},
    "arbs": {"C09CA"},
}


def test_the_table_has_every_class_the_issue_lists_with_its_atc_groups() -> None:
    table = drug_table()
    assert {c.key: set(c.atc) for c in table.classes} == EXPECTED_ATC
    for drug_class in table.classes:
        assert all(ATC_GROUP.match(code) for code in drug_class.atc), drug_class.key
        assert drug_class.members, drug_class.key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("fluoxetine", "ssri"),
        ("venlafaxine", "snri"),
        ("desvenlafaxine", "snri"),
        ("duloxetine", "snri"),
        ("levomilnacipran", "snri"),
        ("aripiprazole", "atypical_antipsychotics"),
        ("sumatriptan", "triptans"),
        ("atogepant", "cgrp_antagonists"),
        ("adalimumab", "tnf_inhibitors"),
        ("atorvastatin", "statins"),
        ("omeprazole", "ppi"),
        ("metformin", "biguanides"),
        ("sitagliptin", "dpp4_inhibitors"),
        ("empagliflozin", "sglt2_inhibitors"),
        ("semaglutide", "glp1_agonists"),
        ("Lantus", "basal_insulins"),
        ("Symbicort", "ics_combinations"),
        ("topiramate", "antiepileptics_migraine"),
        ("lisinopril", "ace_inhibitors"),
        ("losartan", "arbs"),
    ],
)
def test_well_known_members_are_in_their_class(name: str, key: str) -> None:
    found = class_of(name)
    assert found is not None and found.key == key


def test_a_name_that_means_two_drugs_is_refused() -> None:
    raw = {
        "classes": [
            {"key": "a", "name": "a", "atc": ["N06AB"], "members": [{"name": "one", "brands": ["Same"]}]},
            {"key": "b", "name": "b", "atc": ["N06AX"], "members": [{"name": "two", "brands": ["same XR"]}]},
        ]
    }
    with pytest.raises(ValueError, match="names both"):
        build_table(raw)
