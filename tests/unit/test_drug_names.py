"""The drug names offered while typing: every name the offline table knows, and every drug the record names."""

from __future__ import annotations

from tests.factories import make_case, make_person, make_prescriber, make_trial
from triallog.domain.drug_names import DrugName, drug_names_to_offer, recorded_drug_names, table_drug_names
from triallog.domain.drugs import drug_table
from triallog.domain.plans import suggest_prescriber


def test_every_generic_brand_and_biosimilar_of_the_table_is_offered() -> None:
    offered = {name.text: name for name in drug_names_to_offer()}
    for drug in drug_table().drugs:
        assert offered[drug.name].generic == ""
        for brand in drug.brands:
            assert offered[brand] == DrugName(brand, drug.name)
    assert offered["Zoloft"].shown == "Zoloft (brand of sertraline)"
    assert offered["sertraline"].shown == "sertraline"


def test_biosimilars_are_offered_by_their_own_names() -> None:
    biosimilars = [name for name in table_drug_names() if "-" in name.text and name.text.startswith("adalimumab")]
    assert biosimilars, "the table lists adalimumab's biosimilars by their suffixed names"


def test_the_drugs_a_record_names_are_offered_with_the_brand_they_were_given() -> None:
    person = make_person(
        trials=[
            make_trial("zuranolone", brand="Zurzuvae"),
            make_trial("Lexapro", brand="lexapro"),  # a brand typed as the drug: not its own brand
        ],
        cases=[make_case("galcanezumab (Emgality)", required_drugs=["an old tricyclic"])],
    )
    assert recorded_drug_names(person) == [
        DrugName("zuranolone"),
        DrugName("Zurzuvae", "zuranolone"),
        DrugName("Lexapro"),
        DrugName("galcanezumab (Emgality)"),
        DrugName("an old tricyclic"),
    ]
    offered = [name.text for name in drug_names_to_offer(person)]
    assert {"zuranolone", "Zurzuvae", "galcanezumab (Emgality)", "an old tricyclic"} <= set(offered)


def test_each_name_is_offered_once_in_the_tables_wording_in_reading_order() -> None:
    person = make_person(trials=[make_trial("SERTRALINE"), make_trial("  zoloft ")])
    offered = drug_names_to_offer(person)
    texts = [name.text for name in offered]
    assert texts.count("sertraline") == 1 and "SERTRALINE" not in texts and "zoloft" not in texts
    assert texts == sorted(texts, key=lambda text: (text.casefold(), text))
    assert recorded_drug_names(None) == []


def test_only_a_persons_one_prescriber_is_chosen_for_them() -> None:
    nair = make_prescriber("Priya Nair, MD", key="pr1")
    assert suggest_prescriber([]) is None
    assert suggest_prescriber([nair]) == "pr1"
    assert suggest_prescriber([nair, make_prescriber("Sam Okafor, NP", key="pr2")]) is None
