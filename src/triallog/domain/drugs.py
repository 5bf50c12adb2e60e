"""Drug names, active moieties and drug classes: which names mean the same drug, which drugs are one
moiety in another form, and which share a mechanism and a use.

The table lives in `resources/reference/drug_classes.json`. Names are compared after
`normalize_drug_name`: case, punctuation, salts, strengths, dosage forms and release
suffixes (ER, XR, SR, ODT, ...) are ignored, and a combination is its parts in a fixed
order, so "Fluticasone propionate/Salmeterol" and "salmeterol / fluticasone" are one drug.
Every name (generic, alias, form or brand) means one active moiety; `relations` says where
one moiety is another's isomer, prodrug or active metabolite; a class is "same mechanism,
same use", and a drug may be in several (rimegepant treats and prevents migraine).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
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
    """One active moiety: its US generic name, its WHO ATC code, other generic names, its salts and
    release forms as people write them, and its brands (biosimilars included), with where they were read."""

    name: str
    atc: str = ""
    aliases: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.forms, *self.brands)


@dataclass(frozen=True)
class DrugClass:
    """Drugs of one mechanism used for one purpose, so that a failure of one says something of another."""

    key: str
    name: str
    #: one member, as a sentence names it: "a sulfonylurea", "an SSRI"
    one: str
    mechanism: str
    use: str
    atc: tuple[str, ...]
    atc_name: str
    members: tuple[Drug, ...]
    note: str = ""
    source: str = ""

    @property
    def atc_label(self) -> str:
        """`ATC N02CC` or `ATC C07AA, C07AB, C07AG`, for sentences a reviewer reads."""
        return "ATC " + ", ".join(self.atc)


class RelationKind(StrEnum):
    ISOMER = "isomer"
    PRODRUG = "prodrug"
    METABOLITE = "metabolite"


@dataclass(frozen=True)
class Relation:
    """One moiety made from or of another: `drug` is the `kind` of `of` ("escitalopram is an isomer of citalopram")."""

    drug: Drug
    kind: RelationKind
    of: Drug
    #: the relation in a reviewer's words, completing "escitalopram is ...": "the S-enantiomer of citalopram"
    words: str
    source: str


@dataclass(frozen=True)
class DrugTable:
    drugs: tuple[Drug, ...]
    classes: tuple[DrugClass, ...]
    relations: tuple[Relation, ...]
    #: every normalized name (generic, alias, form or brand) -> the drug
    index: dict[str, Drug]
    #: a drug's name -> the classes it belongs to (a drug may be in several: rimegepant treats and prevents)
    classes_by_drug: dict[str, tuple[DrugClass, ...]]


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


#: words that name a form of a moiety a pharmacist would not swap unasked (a salt, a release form)
_FORM_WORDS = SALTS | RELEASE_SUFFIXES | frozenset(["extended", "delayed", "sustained", "controlled", "modified"])


def form_words(text: str) -> frozenset[str]:
    """The salts and release forms a name spells out: "Toprol-XL" gives {"xl"}, "metoprolol tartrate" {"tartrate"}."""
    return frozenset(t for t in _PUNCTUATION.sub(" ", text.casefold()).split() if t in _FORM_WORDS)


def product_key(text: str) -> str:
    """A product as written, for telling products of one moiety apart: case, punctuation, strengths and
    dosage forms are ignored, salts and release forms kept ("Toprol-XL" and "toprol xl 50 mg" are one)."""
    kept = _FORM_WORDS | {"release", "immediate"}
    tokens = _PUNCTUATION.sub(" ", text.casefold()).split()
    return " ".join(t for t in tokens if (t not in FORMS or t in kept) and not _NUMBERISH.match(t))


def drug_groups(text: str) -> list[tuple[str, list[str]]]:
    """The drugs a text names, one group per listed drug: `(the words as written, its normalized names)`.

    "Vyvanse (lisdexamfetamine)" is one drug named twice; "topiramate, propranolol",
    "topiramate or propranolol" and "topiramate and propranolol" are two. A combination is one
    drug: "budesonide and formoterol" is one because the table knows it, "amlodipine/benazepril"
    is one because "/" joins it; and a combination is never one of its parts, nor a part the whole.
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
        for piece in _split_or_outside_brackets(chunk):
            result += _split_and_outside_brackets(piece)
    return [chunk for chunk in result if chunk.strip()]


def _split_and_outside_brackets(chunk: str) -> list[str]:
    """ "metformin and glipizide" lists two drugs; "budesonide and formoterol", a combination the table
    knows, is one."""
    masked = _BRACKETS.sub(lambda m: "#" * len(m.group(0)), chunk)
    matches = list(re.finditer(r"\b(?:and|with)\b", masked, flags=re.IGNORECASE))
    if not matches or normalize_drug_name(_BRACKETS.sub(" ", chunk)) in drug_table().index:
        return [chunk]
    pieces: list[str] = []
    start = 0
    for match in matches:
        pieces.append(chunk[start : match.start()])
        start = match.end()
    pieces.append(chunk[start:])
    return pieces


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
    return [whole] if whole else []


def canonical_name(name: str) -> str:
    """The table's US generic name for any of a drug's names (normalized); otherwise the name normalized."""
    key = normalize_drug_name(name)
    drug = drug_table().index.get(key)
    return normalize_drug_name(drug.name) if drug else key


def find_drug(name: str) -> Drug | None:
    return drug_table().index.get(normalize_drug_name(name))


def classes_of(name: str) -> tuple[DrugClass, ...]:
    """The classes of a drug named by its generic, international or brand name; () when it is in none."""
    drug = find_drug(name)
    return drug_table().classes_by_drug.get(drug.name, ()) if drug else ()


def same_drug(a: str, b: str) -> bool:
    key = canonical_name(a)
    return bool(key) and key == canonical_name(b)


def shared_class(a: str, b: str) -> DrugClass | None:
    """The first class both drugs belong to (a drug shares every class of its own), else None."""
    theirs = classes_of(b)
    return next((c for c in classes_of(a) if c in theirs), None)


def same_class(a: str, b: str) -> bool:
    """True when both drugs are in the table and share a class."""
    return shared_class(a, b) is not None


def relation_between(a: str, b: str) -> Relation | None:
    """How two different drugs are one active moiety in another form, in either direction:
    `relation_between("escitalopram", "citalopram")` is "escitalopram is an isomer of citalopram"."""
    first, second = find_drug(a), find_drug(b)
    if first is None or second is None or first == second:
        return None
    return next(
        (x for x in drug_table().relations if {x.drug, x.of} == {first, second}),
        None,
    )


@cache
def drug_table() -> DrugTable:
    """The table, read once from the package's reference data."""
    raw = json.loads((files("triallog.resources") / "reference" / "drug_classes.json").read_text("utf-8"))
    return build_table(raw)


def build_table(raw: dict) -> DrugTable:
    """Build and check a table from its JSON form: a name that means two drugs, a class member or
    relation that names no drug, and a class without its mechanism are errors in the data."""
    drugs = tuple(_drug(item) for item in raw["drugs"])
    index: dict[str, Drug] = {}
    by_name: dict[str, Drug] = {}
    for drug in drugs:
        if drug.name in by_name:
            raise ValueError(f"drug table: {drug.name} is listed twice")
        by_name[drug.name] = drug
        for name in drug.names:
            key = normalize_drug_name(name)
            if not key:
                raise ValueError(f"drug table: {name!r} normalizes to nothing")
            known = index.get(key)
            if known is not None and known != drug:
                raise ValueError(f"drug table: {name!r} names both {known.name} and {drug.name}")
            index[key] = drug

    def member(name: str, where: str) -> Drug:
        if name not in by_name:
            raise ValueError(f"drug table: {where} names {name!r}, which is not among the drugs")
        return by_name[name]

    classes = []
    for item in raw["classes"]:
        for needed in ("mechanism", "use", "one"):
            if not item.get(needed, "").strip():
                raise ValueError(f"drug table: class {item['key']} has no {needed}")
        classes.append(
            DrugClass(
                key=item["key"],
                name=item["name"],
                one=item["one"],
                mechanism=item["mechanism"],
                use=item["use"],
                atc=tuple(item["atc"]),
                atc_name=item.get("atc_name", ""),
                members=tuple(member(m, f"class {item['key']}") for m in item["members"]),
                note=item.get("note", ""),
                source=item.get("source", ""),
            )
        )
    relations = tuple(
        Relation(
            drug=member(item["drug"], "a relation"),
            kind=RelationKind(item["kind"]),
            of=member(item["of"], "a relation"),
            words=item["words"],
            source=item["source"],
        )
        for item in raw.get("relations", ())
    )
    classes_by_drug: dict[str, tuple[DrugClass, ...]] = {}
    for drug_class in classes:
        for drug in drug_class.members:
            classes_by_drug[drug.name] = (*classes_by_drug.get(drug.name, ()), drug_class)
    return DrugTable(drugs, tuple(classes), relations, index, classes_by_drug)


def _drug(raw: dict) -> Drug:
    return Drug(
        name=raw["name"],
        atc=raw.get("atc", ""),
        aliases=tuple(raw.get("aliases", ())),
        forms=tuple(raw.get("forms", ())),
        brands=tuple(raw.get("brands", ())),
        source=raw.get("source", ""),
    )
