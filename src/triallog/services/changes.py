"""What a service call changed, so a window refreshes only the part that did (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

#: the parts of a record a call can change, each a flag of `Changes`
PARTS = ("people", "profile", "plans", "trials", "measures", "cases", "calls", "documents", "packets")


@dataclass(frozen=True)
class Changes:
    """What one call changed, so a window refreshes only that part (Anki's OpChanges)."""

    person: str | None = None  # key of the person whose record changed; None when no one person's did
    people: bool = False  # the list of people: someone added, renamed or removed
    profile: bool = False  # name, birth date, notes ... of `person`
    plans: bool = False  # coverages and prescribers
    trials: bool = False  # trials and their side effects
    measures: bool = False  # measurements, scores, measure definitions
    cases: bool = False  # cases, their events, claims, letters
    calls: bool = False
    documents: bool = False
    packets: bool = False
    created: str | None = None  # key of the record the call created, if it created one

    def __or__(self, other: Changes) -> Changes:
        """Both calls' changes: every part either changed. They must be about the same person (or one
        about nobody in particular); the later `created` wins."""
        if self.person is not None and other.person is not None and self.person != other.person:
            raise ValueError(f"changes of two people cannot be merged: {self.person} and {other.person}")
        merged = {part: getattr(self, part) or getattr(other, part) for part in PARTS}
        created = other.created if other.created is not None else self.created
        return Changes(person=self.person if self.person is not None else other.person, created=created, **merged)

    @classmethod
    def everything(cls, person: str | None = None) -> Changes:
        """Every part changed (an import, a restore, a person removed)."""
        every_part: dict[str, Any] = dict.fromkeys(PARTS, True)  # mypy cannot match ** keys to the fields
        return cls(person=person, **every_part)

    def any(self) -> bool:
        """Whether anything changed at all."""
        return self.touches(*PARTS)

    @property
    def new_key(self) -> str:
        """The key of the record the call created; asking when it created none is a mistake of ours."""
        if self.created is None:
            raise ValueError("this call created no record")
        return self.created

    def touches(self, *parts: str) -> bool:
        """Whether any of these parts (names from `PARTS`) changed."""
        return any(getattr(self, part) for part in parts)


assert tuple(f.name for f in fields(Changes) if f.type == "bool") == PARTS
