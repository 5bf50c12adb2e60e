"""Drug names and classes: a brand, an international name or an "XR" never hides that two drugs are one."""

from __future__ import annotations

import re

import pytest

from triallog.domain.drugs import (
    RelationKind,
    build_table,
    canonical_name,
    classes_of,
    drug_names_in,
    drug_table,
    find_drug,
    normalize_drug_name,
    relation_between,
    same_class,
    same_drug,
)

ATC_GROUP = re.compile(r"^[A-Z][0-9]{2}[A-Z]{2}$")
ATC_SUBSTANCE = re.compile(r"^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$")


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
        ("Vyvanse/Adderall", ["adderall/vyvanse"]),  # a combination is never one of its parts
        ("metformin and glipizide", ["metformin", "glipizide"]),  # "and" between drugs lists them
        ("budesonide and formoterol", ["budesonide/formoterol"]),  # a combination the table knows
        ("amlodipine/benazepril", ["amlodipine/benazepril"]),
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
    assert same_drug("Depakote ER", "valproic acid")  # divalproex is one valproate moiety
    assert same_drug("Invega Sustenna", "paliperidone")  # a long-acting ester of the same moiety
    assert canonical_name("Lexapro") == "escitalopram"
    assert not same_drug("sertraline", "escitalopram")
    assert not same_drug("escitalopram", "citalopram")  # an isomer is related, not the same drug
    assert canonical_name("viloxazine") == "viloxazine"


@pytest.mark.parametrize(
    ("brand", "moiety"),
    [
        ("Abrilada", "adalimumab"),
        ("Yesintek", "ustekinumab"),
        ("Otulfi", "ustekinumab"),
        ("Imuldosa", "ustekinumab"),
        ("Steqeyma", "ustekinumab"),
        ("ustekinumab-kfce", "ustekinumab"),
        ("Bimzelx", "bimekizumab"),
        ("Omvoh", "mirikizumab"),
        ("Trintellix", "vortioxetine"),
        ("Viibryd", "vilazodone"),
        ("Wellbutrin XL", "bupropion"),
        ("Caplyta", "lumateperone"),
        ("Lybalvi", "olanzapine/samidorphan"),
        ("Strattera", "atomoxetine"),
        ("Qelbree", "viloxazine"),
        ("Intuniv", "guanfacine"),
        ("Xeljanz XR", "tofacitinib"),
        ("Rinvoq", "upadacitinib"),
        ("Olumiant", "baricitinib"),
    ],
)
def test_the_brands_and_biosimilars_plans_name_are_known(brand: str, moiety: str) -> None:
    drug = find_drug(brand)
    assert drug is not None and drug.name == moiety


def test_every_name_maps_to_one_moiety_and_every_drug_names_its_atc_code_and_source() -> None:
    table = drug_table()
    for drug in table.drugs:
        for name in drug.names:
            assert table.index[normalize_drug_name(name)] is drug, name
        assert drug.source.strip(), drug.name
        # a drug without a WHO code of its own says why (levalbuterol has none)
        assert ATC_SUBSTANCE.match(drug.atc) or "No WHO ATC" in table_note(drug.name), drug.name


def table_note(name: str) -> str:
    import json
    from importlib.resources import files

    raw = json.loads((files("triallog.resources") / "reference" / "drug_classes.json").read_text("utf-8"))
    return next(d.get("note", "") for d in raw["drugs"] if d["name"] == name)


def test_every_class_has_a_mechanism_a_use_its_atc_groups_and_a_source() -> None:
    table = drug_table()
    assert len(table.classes) >= 40
    for drug_class in table.classes:
        assert drug_class.mechanism.strip() and drug_class.use.strip() and drug_class.source.strip(), drug_class.key
        assert drug_class.one.split()[0] in ("a", "an") or len(drug_class.members) == 1, drug_class.key
        assert all(ATC_GROUP.match(code) for code in drug_class.atc), drug_class.key
        for drug in drug_class.members:
            # each member's own code lies in one of the class's groups
            assert not drug.atc or drug.atc[:5] in drug_class.atc, (drug_class.key, drug.name, drug.atc)


def test_a_class_means_same_mechanism_and_same_use() -> None:
    assert not same_class("Aimovig", "ubrogepant")  # preventive antibody, acute gepant
    assert not same_class("Aimovig", "Qulipta")  # antibody and small molecule
    assert same_class("Nurtec ODT", "Ubrelvy")  # acute gepants
    assert same_class("Nurtec ODT", "Qulipta")  # rimegepant also prevents migraine
    assert {c.key for c in classes_of("rimegepant")} == {"gepants_acute", "gepants_preventive"}
    assert not same_class("Vyvanse", "methylphenidate")  # amphetamine and methylphenidate stimulants
    assert same_class("Focalin", "Concerta")
    assert not same_class("propranolol", "metoprolol")  # non-selective and beta-1 selective
    assert same_class("propranolol", "nadolol")
    assert not same_class("topiramate", "Depakote")
    assert not same_class("olanzapine", "aripiprazole")  # D2 antagonist and D2 partial agonist
    assert not same_class("semaglutide", "Mounjaro")  # GLP-1 alone and dual GIP/GLP-1
    assert same_class("Xeljanz", "Rinvoq")
    assert not same_class("Xeljanz", "Humira")
    assert not same_class("bupropion", "sertraline")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Imitrex", "rizatriptan", True),
        ("glyburide", "glipizide", True),
        ("Humira", "Enbrel", True),
        ("sertraline", "duloxetine", False),  # an SSRI and an SNRI
        ("Humira", "Stelara", False),  # TNF and interleukin inhibitors
        ("Cosentyx", "Stelara", False),  # interleukin-17 and interleukin-12/23
        ("viloxazine", "viloxazine", True),
        ("madeupzine", "madeupzine", False),  # not in the table: no class to share
    ],
)
def test_same_class(a: str, b: str, expected: bool) -> None:
    assert same_class(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "kind", "words"),
    [
        ("Focalin", "Ritalin", RelationKind.ISOMER, "the d-threo enantiomer of methylphenidate"),
        ("escitalopram", "Celexa", RelationKind.ISOMER, "the S-enantiomer of citalopram"),
        ("Vyvanse", "dextroamphetamine", RelationKind.PRODRUG, "a prodrug of dextroamphetamine"),
        ("venlafaxine", "Pristiq", RelationKind.METABOLITE, "the major active metabolite of venlafaxine"),
        ("Nexium", "omeprazole", RelationKind.ISOMER, "the S-isomer of omeprazole"),
        ("Fetzima", "Savella", RelationKind.ISOMER, "the 1S,2R-enantiomer of milnacipran"),
        ("Risperdal", "Invega", RelationKind.METABOLITE, "a metabolite of risperidone"),
    ],
)
def test_relations_of_one_active_moiety_are_known_in_either_direction(
    a: str, b: str, kind: RelationKind, words: str
) -> None:
    relation = relation_between(a, b)
    assert relation is not None and relation.kind is kind and relation.words == words
    assert relation.source.strip()
    assert relation_between(b, a) == relation
    assert relation_between("sertraline", "fluoxetine") is None


def test_a_name_that_means_two_drugs_is_refused() -> None:
    raw = {
        "drugs": [{"name": "one", "brands": ["Same"]}, {"name": "two", "brands": ["same XR"]}],
        "classes": [],
    }
    with pytest.raises(ValueError, match="names both"):
        build_table(raw)


def test_a_class_without_its_mechanism_or_naming_an_unknown_drug_is_refused() -> None:
    drugs = [{"name": "one"}]
    bare = {"key": "k", "name": "k", "one": "a k", "use": "u", "atc": ["N06AB"], "members": ["one"]}
    with pytest.raises(ValueError, match="no mechanism"):
        build_table({"drugs": drugs, "classes": [bare]})
    with pytest.raises(ValueError, match="not among the drugs"):
        build_table({"drugs": drugs, "classes": [{**bare, "mechanism": "m", "members": ["two"]}]})
