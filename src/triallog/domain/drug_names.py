"""The drug names offered while a drug is typed: the drug-class table's, then every one already in the record.

Offline: the table ships with TrialLog (`resources/reference/drug_classes.json`). A brand (biosimilars are
brands there) carries its generic, so that choosing it can fill the generic in as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triallog.domain.drugs import drug_table
from triallog.domain.records import Person


@dataclass(frozen=True)
class DrugName:
    """One name to offer: `text` as it is put in the field; for a brand, `generic` is its generic name."""

    text: str
    generic: str = ""

    @property
    def shown(self) -> str:
        """How the list of suggestions shows it: `Zoloft (brand of sertraline)`."""
        return f"{self.text} (brand of {self.generic})" if self.generic else self.text


def table_drug_names() -> list[DrugName]:
    """Every name the table knows: generic names, other generic names and forms, and brands with their generic."""
    names: list[DrugName] = []
    for drug in drug_table().drugs:
        names += [DrugName(name) for name in (drug.name, *drug.aliases, *drug.forms)]
        names += [DrugName(brand, drug.name) for brand in drug.brands]
    return names


def recorded_drug_names(person: Person | None) -> list[DrugName]:
    """The drugs a person's record already names: each trial's drug (its brand with it), each case's
    requested and required drugs, as they were typed."""
    if person is None:
        return []
    names: list[DrugName] = []
    for trial in person.trials:
        names.append(DrugName(trial.drug))
        if trial.brand.strip() and trial.brand.strip().casefold() != trial.drug.strip().casefold():
            names.append(DrugName(trial.brand, trial.drug))
    for case in person.cases:
        names += [DrugName(name) for name in (case.requested_drug, *case.required_drugs)]
    return names


def drug_names_to_offer(person: Person | None = None) -> list[DrugName]:
    """The table's names and the record's, each once (whatever its capitals; the table's wording first),
    sorted as a person reads a list: case-blind."""
    return _unique([*table_drug_names(), *recorded_drug_names(person)])


def _unique(names: Iterable[DrugName]) -> list[DrugName]:
    seen: dict[str, DrugName] = {}
    for name in names:
        text = " ".join(name.text.split())
        if text and text.casefold() not in seen:
            seen[text.casefold()] = DrugName(text, " ".join(name.generic.split()))
    return sorted(seen.values(), key=lambda name: (name.text.casefold(), name.text))
