"""What one service call changed, so a window refreshes only that part (Anki's `OpChanges`)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

PARTS = ("profile", "plans", "trials", "measures", "cases", "calls", "documents", "packets")


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
        if self.person is not None and other.person is not None and self.person != other.person:
            raise ValueError("changes of two different people cannot be merged")
        merged = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        return Changes(**merged)

    @classmethod
    def everything(cls, person: str | None = None) -> Changes:
        return cls(person, people=True, **dict.fromkeys(PARTS, True))

    def any(self) -> bool:
        return self.people or any(getattr(self, part) for part in PARTS)

    def touches(self, *parts: str) -> bool:
        """Whether any of these parts (names from `PARTS`, or "people") changed."""
        return any(getattr(self, part) for part in parts)

    def for_person(self, key: str) -> Changes:
        return replace(self, person=key)
