"""Drug names and drug classes: which names mean the same drug, and which drugs share a class.

The table lives in `resources/reference/drug_classes.json`. Names are compared after
`normalize_drug_name`: case, punctuation, salts, strengths, dosage forms and release
suffixes (ER, XR, SR, ODT, ...) are ignored, and a combination is its parts in a fixed
order, so "Fluticasone propionate/Salmeterol" and "salmeterol / fluticasone" are one drug.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Release and device suffixes written after a name: "Adderall XR", "Maxalt-MLT", "Advair Diskus".
RELEASE_SUFFIXES = _words(
    "er xr sr odt xl cr dr la ir ec cd mlt zmt solutab hfa diskus ellipta inhub respiclick aerosphere "
    "respimat sprinkle sprinkles statdose symtouch xsail kwikpen flexpen flextouch solostar"
)
#: Salt and ester words: "metoprolol succinate" is metoprolol, "fluticasone propionate" is fluticasone.
SALTS = _words(
    "hydrochloride hcl hydrobromide hbr sodium potassium calcium magnesium succinate tartrate maleate "
    "besylate mesylate dimesylate fumarate sulfate sulphate acetate citrate phosphate propionate "
    "dipropionate furoate xinafoate bromide dihydrate monohydrate trihydrate cilexetil medoxomil erbumine "
    "arginine"
)
#: Dosage forms and units, so "sertraline 50 mg tablets" is sertraline.
FORMS = _words(
    "tablet tablets tab tabs capsule capsules cap caps injection injectable solution suspension oral nasal "
    "spray powder autoinjector pen pens prefilled syringe inhaler inhalation aerosol patch transdermal "
    "chewable liquid vial kit extended delayed sustained controlled immediate modified release orally "
    "disintegrating hr hour mg mcg g ml unit units iu u"
)
_NUMBERISH = re.compile(r"^[0-9]+[a-z]*$")
# US biosimilar names carry a four-letter suffix (adalimumab-atto, insulin glargine-yfgn); the drug is the same.
_BIOSIMILAR_SUFFIX = re.compile(r"(?<=[a-z]{4})-[a-z]{4}\b(?!-)")
_COMBINATION = re.compile(r"\s*(?:/|\+|\band\b|\bwith\b)\s*")
_PUNCTUATION = re.compile(r"[^a-z0-9]+")
_LIST_SEPARATORS = re.compile(r"[,;\n]|\bor\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_LEADING_NOISE = frozenset(["generic", "brand"])


@dataclass(frozen=True)
class Drug:
    """One drug of the table: its US generic name, other generic names and brand names."""

    name: str
    aliases: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.brands)


@dataclass(frozen=True)
class DrugClass:
    """A class of drugs that plans step through, with its WHO ATC group code(s)."""

    key: str
    name: str
    atc: tuple[str, ...]
    atc_name: str
    members: tuple[Drug, ...]
    note: str = ""

    @property
    def atc_label(self) -> str:
        """`ATC N02CC` or `ATC C07AA, C07AB, C07AG`, for sentences a reviewer reads."""
        return "ATC " + ", ".join(self.atc)


@dataclass(frozen=True)
class DrugTable:
    classes: tuple[DrugClass, ...]
    unclassified: tuple[Drug, ...]
    #: every normalized name (generic, alias or brand) -> (the drug, its class or None)
    index: dict[str, tuple[Drug, DrugClass | None]]


def normalize_drug_name(text: str) -> str:
    """One drug name as TrialLog compares it: lower case, no punctuation, salts, strengths or release suffixes.

    A combination keeps its parts, sorted and joined with "/": "Salmeterol/Fluticasone HFA" becomes
    "fluticasone/salmeterol". An empty or noise-only text gives "".
    """
    lowered = _BIOSIMILAR_SUFFIX.sub("", text.casefold())
    parts = [_normalize_single(part) for part in _COMBINATION.split(lowered)]
    parts = sorted({part for part in parts if part})
    return "/".join(parts)


def _normalize_single(text: str) -> str:
    tokens = _PUNCTUATION.sub(" ", text).split()
    while len(tokens) > 1 and tokens[0] in _LEADING_NOISE:
        tokens.pop(0)
    # Only trailing words are dropped, and never the last one left: "LA" or "Pen" alone stays a name.
    while len(tokens) > 1 and _is_trailing_noise(tokens[-1]):
        tokens.pop()
    if len(tokens) == 1 and (_NUMBERISH.match(tokens[0]) or tokens[0] in FORMS):
        return ""
    return " ".join(tokens)


def _is_trailing_noise(token: str) -> bool:
    return token in RELEASE_SUFFIXES or token in SALTS or token in FORMS or bool(_NUMBERISH.match(token))


def drug_groups(text: str) -> list[tuple[str, list[str]]]:
    """The drugs a text names, one group per listed drug: `(the words as written, its normalized names)`.

    "Vyvanse (lisdexamfetamine)" is one drug named twice; "topiramate, propranolol" and
    "topiramate or propranolol" are two. A combination nobody listed in the table
    ("amlodipine/benazepril") also names each of its parts.
    """
    groups: list[tuple[str, list[str]]] = []
    for chunk in _split_top_level(text):
        names: list[str] = []
        outside = _BRACKETS.sub(" ", chunk)
        inside = [a or b for a, b in _BRACKETS.findall(chunk)]
        for piece in [outside, *inside]:
            for item in _LIST_SEPARATORS.split(piece):
                for name in _names_of_one(item):
                    if name not in names:
                        names.append(name)
        if names:
            groups.append((chunk.strip(), names))
    return groups


def drug_names_in(text: str) -> list[str]:
    """Every drug name in a text, normalized, in order and without repeats.

    `drug_names_in("Vyvanse (lisdexamfetamine)")` is `["vyvanse", "lisdexamfetamine"]`.
    """
    found: list[str] = []
    for _, names in drug_groups(text):
        found += [name for name in names if name not in found]
    return found


def _split_top_level(text: str) -> list[str]:
    """Split at commas, semicolons, "or" and line breaks that are not inside brackets."""
    chunks: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and char in ",;\n":
            chunks.append(text[start:i])
            start = i + 1
    chunks.append(text[start:])
    result: list[str] = []
    for chunk in chunks:
        result += _split_or_outside_brackets(chunk)
    return [chunk for chunk in result if chunk.strip()]


def _split_or_outside_brackets(chunk: str) -> list[str]:
    masked = _BRACKETS.sub(lambda m: "#" * len(m.group(0)), chunk)
    pieces: list[str] = []
    start = 0
    for match in re.finditer(r"\bor\b", masked, flags=re.IGNORECASE):
        pieces.append(chunk[start : match.start()])
        start = match.end()
    pieces.append(chunk[start:])
    return pieces


def _names_of_one(text: str) -> list[str]:
    whole = normalize_drug_name(text)
    if not whole:
        return []
    if "/" not in whole or whole in drug_table().index:
        return [whole]
    return [whole, *whole.split("/")]


def canonical_name(name: str) -> str:
    """The table's US generic name for any of a drug's names (normalized); otherwise the name normalized."""
    key = normalize_drug_name(name)
    entry = drug_table().index.get(key)
    return normalize_drug_name(entry[0].name) if entry else key


def find_drug(name: str) -> Drug | None:
    entry = drug_table().index.get(normalize_drug_name(name))
    return entry[0] if entry else None


def class_of(name: str) -> DrugClass | None:
    """The class of a drug named by its generic, international or brand name; None when it is in no class."""
    entry = drug_table().index.get(normalize_drug_name(name))
    return entry[1] if entry else None


def same_drug(a: str, b: str) -> bool:
    key = canonical_name(a)
    return bool(key) and key == canonical_name(b)


def same_class(a: str, b: str) -> bool:
    """True when both drugs are in the table and in the same class (a drug is in its own class)."""
    first = class_of(a)
    return first is not None and first == class_of(b)


@cache
def drug_table() -> DrugTable:
    """The table, read once from the package's reference data."""
    raw = json.loads((files("triallog.resources") / "reference" / "drug_classes.json").read_text("utf-8"))
    return build_table(raw)


def build_table(raw: dict) -> DrugTable:
    """Build and check a table from its JSON form; a name that means two drugs is an error in the data."""
    index: dict[str, tuple[Drug, DrugClass | None]] = {}

    def add(drug: Drug, drug_class: DrugClass | None) -> None:
        for name in drug.names:
            key = normalize_drug_name(name)
            if not key:
                raise ValueError(f"drug table: {name!r} normalizes to nothing")
            known = index.get(key)
            if known is not None and known[0] != drug:
                raise ValueError(f"drug table: {name!r} names both {known[0].name} and {drug.name}")
            index[key] = (drug, drug_class)

    classes = []
    for item in raw["classes"]:
        members = tuple(_drug(member) for member in item["members"])
        drug_class = DrugClass(
            key=item["key"],
            name=item["name"],
            atc=tuple(item["atc"]),
            atc_name=item.get("atc_name", ""),
            members=members,
            note=item.get("note", ""),
        )
        classes.append(drug_class)
        for member in members:
            add(member, drug_class)
    unclassified = tuple(_drug(member) for member in raw.get("unclassified", []))
    for drug in unclassified:
        add(drug, None)
    return DrugTable(classes=tuple(classes), unclassified=unclassified, index=index)


def _drug(raw: dict) -> Drug:
    return Drug(name=raw["name"], aliases=tuple(raw.get("aliases", ())), brands=tuple(raw.get("brands", ())))
