"""Read an exchange document into domain records, collecting every problem with its place.

Types and keys are checked here (the shape of the file); the meaning of the values (end
before start, NPI check digits, score ranges) is checked by `domain.rules`, the same
rules the window and the services use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from itertools import accumulate
from typing import Any, TypeVar

from triallog.domain import records as r
from triallog.domain.dates import PartialDate, Precision, parse_datetime
from triallog.domain.enums import (
    AuthorityKind,
    CaseKind,
    CaseStatus,
    Direction,
    DocumentKind,
    Ground,
    Outcome,
    Party,
    PlanType,
    Severity,
    Urgency,
    Vocabulary,
)
from triallog.domain.errors import MAX_REPORTED, Problem, ValidationError, raise_if
from triallog.domain.rules import check_person
from triallog.exchange import FORMAT, READABLE

E = TypeVar("E", bound=Vocabulary)
_MISSING = object()

# Limits on a file as a whole, checked before or while it is parsed, so that a hostile file is refused
# quickly and plainly instead of exhausting memory, the stack or the patience of the person importing it.
#: the largest record read (a JSON file, or record.json in an archive); a real record is a few hundred KB
MAX_RECORD_BYTES = 50_000_000
#: how deeply arrays and objects may sit inside one another; a TrialLog record goes 7 levels deep
MAX_DEPTH = 64
#: the most arrays and objects in a record; a year of daily scores needs a few thousand
MAX_CONTAINERS = 1_000_000
#: the most digits of a JSON integer; no value TrialLog keeps needs more than a handful
MAX_DIGITS = 20


@dataclass(frozen=True)
class _LongNumber:
    """A JSON integer with too many digits, kept unread so that its place can be named."""

    digits: int

    def __str__(self) -> str:
        return f"a number of {self.digits:,} digits"


@dataclass
class Exchange:
    """What a file holds: its people, and when it says it was written."""

    exported_at: datetime
    people: list[r.Person]


class _TooMany(Exception):
    pass


class _Reader:
    """Walks one document; every problem is recorded with its path and reading goes on."""

    def __init__(self, archive: bool, version: int = READABLE[-1]) -> None:
        self.archive = archive
        self.version = version
        self.problems: list[Problem] = []
        self.ids: dict[str, str] = {}
        self._anonymous = 0

    def fail(self, path: str, rule: str, value: Any = None) -> None:
        self.problems.append(Problem(path, rule, value))
        if len(self.problems) >= MAX_REPORTED * 4:
            raise _TooMany

    # -- shapes ----------------------------------------------------------------

    def obj(self, value: Any, path: str, allowed: frozenset[str], required: tuple[str, ...] = ()) -> dict[str, Any]:
        if self.version == 1:
            allowed = V1_KEYS.get(allowed, allowed)
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, not {_kind(value)}", value)
            return {}
        for key in value:
            if key not in allowed:
                self.fail(_at(path, key), "unknown key", value[key])
        for key in required:
            if value.get(key) is None:
                self.fail(_at(path, key), "required")
        return value

    def key(self, o: dict[str, Any], path: str) -> str:
        """The object's id (checked unique within the file), or a key nothing can refer to."""
        value = o.get("id")
        if value is None:
            self._anonymous += 1
            return f"\0{self._anonymous}"
        if not isinstance(value, str) or not value:
            self.fail(f"{path}.id", "must be a non-empty string", value)
            self._anonymous += 1
            return f"\0{self._anonymous}"
        if value in self.ids:
            self.fail(f"{path}.id", f"duplicate id {value!r}, already used at {self.ids[value]}", value)
        else:
            self.ids[value] = path
        return value

    def text(self, o: dict[str, Any], key: str, path: str, required: bool = False) -> str:
        value = o.get(key)
        if value is None:
            return ""  # a missing required key was reported by obj()
        if not isinstance(value, str):
            self.fail(_at(path, key), f"must be a string, not {_kind(value)}", value)
            return ""
        if required and not value.strip():
            self.fail(_at(path, key), "required: must not be blank", value)
        return value

    def ref(self, o: dict[str, Any], key: str, path: str) -> str | None:
        value = o.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(_at(path, key), f"must be the id of a record (a string), not {_kind(value)}", value)
            return None
        return value

    def date(self, o: dict[str, Any], key: str, path: str, required: bool = False) -> PartialDate | None:
        value = o.get(key)
        if value is None:
            return None
        if value == "":
            self.fail(_at(path, key), 'an empty date must be null, not ""', value)
            return None
        try:
            return PartialDate.parse_iso(value, _at(path, key))
        except ValidationError as error:
            self.problems.extend(error.problems)
            return None

    def moment(self, o: dict[str, Any], key: str, path: str) -> datetime | None:
        value = o.get(key)
        if value is None:
            return None
        try:
            return parse_datetime(value, _at(path, key))
        except ValidationError as error:
            self.problems.extend(error.problems)
            return None

    def integer(self, o: dict[str, Any], key: str, path: str) -> int | None:
        value = o.get(key)
        if value is None or self.unreadable(value, _at(path, key)):
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(_at(path, key), f"must be a whole number such as 30 (not {_shown(value)})", value)
            return None
        return value

    def number(self, value: Any, path: str) -> float | None:
        """A number; NaN, infinities and their size are the domain's rule (`finite_number`), checked later."""
        if value is None or self.unreadable(value, path):
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.fail(path, f"must be a number, not {_kind(value)}", value)
            return None
        return value

    def unreadable(self, value: Any, path: str) -> bool:
        """An integer of more digits than any field holds, reported here at its place."""
        if isinstance(value, _LongNumber):
            self.fail(path, f"is {value}: a number here has at most {MAX_DIGITS} digits", str(value))
            return True
        return False

    def boolean(self, o: dict[str, Any], key: str, path: str) -> bool:
        value = o.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(_at(path, key), "must be true or false", value)
            return False
        return value

    def enum(self, kind: type[E], value: Any, path: str) -> E | None:
        if value is None:
            return None
        if not isinstance(value, str) or value not in _words(kind):
            self.fail(path, f"must be one of: {', '.join(kind.words())}", value)
            return None
        return kind(value)

    def array(self, o: dict[str, Any], key: str, path: str) -> list[Any]:
        value = o.get(key, _MISSING)
        if value is _MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.fail(_at(path, key), f"must be an array, not {_kind(value)}", value)
            return []
        return value

    def strings(self, o: dict[str, Any], key: str, path: str) -> list[str]:
        out = []
        for i, value in enumerate(self.array(o, key, path)):
            if isinstance(value, str):
                out.append(value)
            else:
                self.fail(f"{path}.{key}[{i}]", f"must be a string, not {_kind(value)}", value)
        return out

    def each(self, o: dict[str, Any], key: str, path: str, read: Callable[[Any, str], Any]) -> list[Any]:
        out = []
        for i, value in enumerate(self.array(o, key, path)):
            item = read(value, f"{path}.{key}[{i}]")
            if item is not None:
                out.append(item)
        return out

    # -- objects ----------------------------------------------------------------

    def person(self, value: Any, path: str) -> r.Person | None:
        o = self.obj(value, path, PERSON_KEYS, ("name",))
        if not o:
            return None
        rep = None
        if o.get("representative") is not None:
            rp = f"{path}.representative"
            ro = self.obj(o["representative"], rp, REPRESENTATIVE_KEYS, ("name",))
            if ro:
                kind = ro.get("authority_kind")
                rep = r.Representative(
                    name=self.text(ro, "name", rp, True),
                    relationship=self.text(ro, "relationship", rp),
                    phone=self.text(ro, "phone", rp),
                    authority=self.text(ro, "authority", rp),
                    authority_kind=None if kind == "" else self.enum(AuthorityKind, kind, f"{rp}.authority_kind"),
                    authority_signed=self.date(ro, "authority_signed", rp),
                )
        return r.Person(
            key=self.key(o, path),
            name=self.text(o, "name", path, True),
            date_of_birth=self.date(o, "date_of_birth", path),
            address=self.text(o, "address", path),
            phone=self.text(o, "phone", path),
            representative=rep,
            notes=self.text(o, "notes", path),
            time_zone=self.text(o, "time_zone", path),
            coverages=self.each(o, "coverages", path, self.coverage),
            prescribers=self.each(o, "prescribers", path, self.prescriber),
            trials=self.each(o, "trials", path, self.trial),
            measurements=self.each(o, "measurements", path, self.measurement),
            measure_definitions=self.each(o, "measure_definitions", path, self.measure_definition),
            cases=self.each(o, "cases", path, self.case),
            calls=self.each(o, "calls", path, self.call),
            documents=self.each(o, "documents", path, self.document),
        )

    def coverage(self, value: Any, path: str) -> r.Coverage | None:
        o = self.obj(value, path, COVERAGE_KEYS, ("carrier",))
        if not o:
            return None
        t = lambda k: self.text(o, k, path)  # noqa: E731
        return r.Coverage(
            key=self.key(o, path),
            carrier=self.text(o, "carrier", path, True),
            plan_name=t("plan_name"),
            plan_type=self.enum(PlanType, o.get("plan_type"), f"{path}.plan_type"),
            member_id=t("member_id"),
            group_number=t("group_number"),
            rx_bin=t("rx_bin"),
            rx_pcn=t("rx_pcn"),
            rx_group=t("rx_group"),
            state=t("state"),
            start=self.date(o, "start", path),
            end=self.date(o, "end", path),
            contact_phone=t("contact_phone"),
            contact_fax=t("contact_fax"),
            appeals_address=t("appeals_address"),
            appeals_fax=t("appeals_fax"),
        )

    def prescriber(self, value: Any, path: str) -> r.Prescriber | None:
        o = self.obj(value, path, PRESCRIBER_KEYS, ("name",))
        if not o:
            return None
        t = lambda k: self.text(o, k, path)  # noqa: E731
        return r.Prescriber(
            key=self.key(o, path),
            name=self.text(o, "name", path, True),
            specialty=t("specialty"),
            practice=t("practice"),
            address=t("address"),
            phone=t("phone"),
            fax=t("fax"),
            npi=t("npi"),
        )

    def trial(self, value: Any, path: str) -> r.Trial | None:
        o = self.obj(value, path, TRIAL_KEYS, ("drug", "start", "outcome"))
        if not o:
            return None
        t = lambda k: self.text(o, k, path)  # noqa: E731
        key = self.key(o, path)
        start = self.date(o, "start", path)
        outcome = self.enum(Outcome, o.get("outcome"), f"{path}.outcome")
        trial = r.Trial(
            key=key,
            drug=self.text(o, "drug", path, True),
            brand=t("brand"),
            strength=t("strength"),
            dose=t("dose"),
            route=t("route"),
            start=start or PartialDate(1),
            end=self.date(o, "end", path),
            indication=t("indication"),
            indication_code=t("indication_code"),
            prescriber=self.ref(o, "prescriber", path),
            coverage=self.ref(o, "coverage", path),
            outcome=outcome or Outcome.ONGOING,
            reason_stopped=t("reason_stopped"),
            notes=t("notes"),
            side_effects=self.each(o, "side_effects", path, self.side_effect),
        )
        if start is None:
            trial.end = None  # nothing to compare against: the start's own problem is reported
        return trial

    def side_effect(self, value: Any, path: str) -> r.SideEffect | None:
        o = self.obj(value, path, SIDE_EFFECT_KEYS, ("description",))
        if not o:
            return None
        self.key(o, path)
        return r.SideEffect(
            description=self.text(o, "description", path, True),
            severity=self.enum(Severity, o.get("severity"), f"{path}.severity"),
            onset=self.date(o, "onset", path),
            resolved=self.date(o, "resolved", path),
            action=self.text(o, "action", path),
            notes=self.text(o, "notes", path),
        )

    def measurement(self, value: Any, path: str) -> r.Measurement | None:
        o = self.obj(value, path, MEASUREMENT_KEYS, ("instrument", "taken", "score"))
        if not o:
            return None
        key = self.key(o, path)
        instrument = self.text(o, "instrument", path, True)
        taken = self.date(o, "taken", path)
        score = self.number(o.get("score"), f"{path}.score")
        items = []
        for i, item in enumerate(self.array(o, "items", path)):
            if self.unreadable(item, f"{path}.items[{i}]"):
                continue
            if isinstance(item, int) and not isinstance(item, bool):
                items.append(item)
            else:
                self.fail(f"{path}.items[{i}]", f"must be a whole number 0 to 3, not {_shown(item)}", item)
        if not instrument or taken is None or score is None:
            return None
        return r.Measurement(
            key=key,
            instrument=instrument,
            taken=taken,
            score=score,
            items=items,
            notes=self.text(o, "notes", path),
            difficulty=self.integer(o, "difficulty", path),
        )

    def measure_definition(self, value: Any, path: str) -> r.MeasureDefinition | None:
        o = self.obj(value, path, MEASURE_DEFINITION_KEYS, ("name",))
        if not o:
            return None
        self.key(o, path)
        return r.MeasureDefinition(
            name=self.text(o, "name", path, True),
            unit=self.text(o, "unit", path),
            min=self.number(o.get("min"), f"{path}.min"),
            max=self.number(o.get("max"), f"{path}.max"),
            higher_is_better=self.boolean(o, "higher_is_better", path),
            goal=self.number(o.get("goal"), f"{path}.goal"),
        )

    def case(self, value: Any, path: str) -> r.Case | None:
        o = self.obj(value, path, CASE_KEYS, ("requested_drug",))
        if not o:
            return None
        t = lambda k: self.text(o, k, path)  # noqa: E731
        if self.version == 1:
            # Version 1 named grounds only: each becomes a claim that still needs its drug and proof.
            claims = [
                r.Claim(g)
                for i, w in enumerate(self.array(o, "grounds", path))
                if (g := self.enum(Ground, w, f"{path}.grounds[{i}]")) is not None
            ]
        else:
            claims = self.each(o, "claims", path, self.claim)
        events = self.each(o, "events", path, self.event)
        denial_date = self.date(o, "denial_date", path)
        if self.version == 1:
            _date_first_denial(events, denial_date)
        return r.Case(
            key=self.key(o, path),
            coverage=self.ref(o, "coverage", path),
            kind=self.enum(CaseKind, o.get("kind"), f"{path}.kind"),
            requested_drug=self.text(o, "requested_drug", path, True),
            requested_strength=t("requested_strength"),
            requested_dose=t("requested_dose"),
            quantity=t("quantity"),
            days_supply=self.integer(o, "days_supply", path),
            diagnosis=t("diagnosis"),
            diagnosis_code=t("diagnosis_code"),
            prescriber=self.ref(o, "prescriber", path),
            required_drugs=self.strings(o, "required_drugs", path),
            denial_date=denial_date,
            denial_reference=t("denial_reference"),
            denial_text=t("denial_text"),
            claims=claims,
            urgency=self.enum(Urgency, o.get("urgency"), f"{path}.urgency"),
            status=self.enum(CaseStatus, o.get("status"), f"{path}.status"),
            events=events,
            notes=t("notes"),
        )

    def claim(self, value: Any, path: str) -> r.Claim | None:
        o = self.obj(value, path, CLAIM_KEYS, ("ground",))
        if not o:
            return None
        self.key(o, path)
        ground = self.enum(Ground, o.get("ground"), f"{path}.ground")
        trials = self.strings(o, "trials", path)
        if ground is None:
            return None
        return r.Claim(
            ground=ground,
            required_drug=self.text(o, "required_drug", path),
            trials=trials,
            explanation=self.text(o, "explanation", path),
        )

    def event(self, value: Any, path: str) -> r.CaseEvent | None:
        o = self.obj(value, path, EVENT_KEYS, ("date", "status"))
        if not o:
            return None
        self.key(o, path)
        when: date | datetime | None = None
        raw = o.get("date")
        if isinstance(raw, str) and "T" in raw:
            when = self.moment(o, "date", path)
        elif raw is not None:
            day = self.date(o, "date", path)
            if day is not None and day.precision is not Precision.DAY:
                self.fail(f"{path}.date", "must be a full date (YYYY-MM-DD) or a date and time", raw)
            elif day is not None:
                when = day.first_day
        status = self.enum(CaseStatus, o.get("status"), f"{path}.status")
        notice_date = self.date(o, "notice_date", path)
        received = self.date(o, "received", path)
        if when is None or status is None:
            return None
        return r.CaseEvent(
            when=when, status=status, note=self.text(o, "note", path), notice_date=notice_date, received=received
        )

    def call(self, value: Any, path: str) -> r.Call | None:
        o = self.obj(value, path, CALL_KEYS, ("when",))
        if not o:
            return None
        t = lambda k: self.text(o, k, path)  # noqa: E731
        key = self.key(o, path)
        when = self.moment(o, "when", path)
        call = r.Call(
            key=key,
            when=when or datetime(1, 1, 1, tzinfo=UTC),
            case=self.ref(o, "case", path),
            direction=self.enum(Direction, o.get("direction"), f"{path}.direction"),
            party=self.enum(Party, o.get("party"), f"{path}.party"),
            organization=t("organization"),
            phone=t("phone"),
            representative=t("representative"),
            reference_number=t("reference_number"),
            duration_minutes=self.integer(o, "duration_minutes", path),
            summary=t("summary"),
            requested_documents=self.strings(o, "requested_documents", path),
            follow_up=self.date(o, "follow_up", path),
        )
        return call if when is not None else None

    def document(self, value: Any, path: str) -> r.Document | None:
        o = self.obj(value, path, DOCUMENT_KEYS, ("title",))
        if not o:
            return None
        file = o.get("file")
        if file is not None and not isinstance(file, str):
            self.fail(f"{path}.file", f"must be a path inside the archive, not {_kind(file)}", file)
            file = None
        elif file is not None and not self.archive:
            self.fail(f"{path}.file", "a plain JSON file carries no files: import the .triallog archive instead", file)
        elif file is not None and not file.startswith("files/"):
            self.fail(f"{path}.file", "must be a path under files/ inside the archive", file)
        return r.Document(
            key=self.key(o, path),
            title=self.text(o, "title", path, True),
            kind=self.enum(DocumentKind, o.get("kind"), f"{path}.kind"),
            date=self.date(o, "date", path),
            trial=self.ref(o, "trial", path),
            case=self.ref(o, "case", path),
            file=file,
            sha256=self.text(o, "sha256", path),
        )


def _date_first_denial(events: list[r.CaseEvent], denial_date: PartialDate | None) -> None:
    """Version 1: the case's first denial carries the case's denial date as the date on its notice."""
    if denial_date is None:
        return
    index = r.first_denial(events)
    first = r.events_in_order(events)[index] if index is not None else None
    if first is not None and first.notice_date is None:
        first.notice_date = denial_date


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
        _LongNumber: "a number",
    }.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    """A value as JSON would spell it, short enough for a message (never a whole long string or number)."""
    if isinstance(value, _LongNumber):
        return str(value)
    if isinstance(value, str) and len(value) > 40:
        return json.dumps(value[:40] + "…", ensure_ascii=False)
    if isinstance(value, list | dict):
        return _kind(value)
    return json.dumps(value, ensure_ascii=False)


TOP_KEYS = frozenset({"format", "version", "exported_at", "people"})
PERSON_KEYS = frozenset(
    {
        "id",
        "name",
        "date_of_birth",
        "address",
        "phone",
        "representative",
        "notes",
        "coverages",
        "prescribers",
        "trials",
        "measurements",
        "measure_definitions",
        "cases",
        "calls",
        "documents",
        "time_zone",
    }
)
REPRESENTATIVE_KEYS = frozenset(
    {"id", "name", "relationship", "phone", "authority", "authority_kind", "authority_signed"}
)
COVERAGE_KEYS = frozenset(
    {
        "id",
        "carrier",
        "plan_name",
        "plan_type",
        "member_id",
        "group_number",
        "rx_bin",
        "rx_pcn",
        "rx_group",
        "state",
        "start",
        "end",
        "contact_phone",
        "contact_fax",
        "appeals_address",
        "appeals_fax",
    }
)
PRESCRIBER_KEYS = frozenset({"id", "name", "specialty", "practice", "address", "phone", "fax", "npi"})
TRIAL_KEYS = frozenset(
    {
        "id",
        "drug",
        "brand",
        "strength",
        "dose",
        "route",
        "start",
        "end",
        "indication",
        "indication_code",
        "prescriber",
        "coverage",
        "outcome",
        "reason_stopped",
        "notes",
        "side_effects",
    }
)
SIDE_EFFECT_KEYS = frozenset({"id", "description", "severity", "onset", "resolved", "action", "notes"})
MEASUREMENT_KEYS = frozenset({"id", "instrument", "taken", "score", "items", "notes", "difficulty"})
MEASURE_DEFINITION_KEYS = frozenset({"id", "name", "unit", "min", "max", "higher_is_better", "goal"})
CASE_KEYS = frozenset(
    {
        "id",
        "coverage",
        "kind",
        "requested_drug",
        "requested_strength",
        "requested_dose",
        "quantity",
        "days_supply",
        "diagnosis",
        "diagnosis_code",
        "prescriber",
        "required_drugs",
        "denial_date",
        "denial_reference",
        "denial_text",
        "claims",
        "urgency",
        "status",
        "events",
        "notes",
    }
)
CLAIM_KEYS = frozenset({"id", "ground", "required_drug", "trials", "explanation"})
EVENT_KEYS = frozenset({"id", "date", "status", "note", "notice_date", "received"})
CALL_KEYS = frozenset(
    {
        "id",
        "when",
        "case",
        "direction",
        "party",
        "organization",
        "phone",
        "representative",
        "reference_number",
        "duration_minutes",
        "summary",
        "requested_documents",
        "follow_up",
    }
)
DOCUMENT_KEYS = frozenset({"id", "title", "kind", "date", "trial", "case", "file", "sha256"})
#: version 1's keys, where they differ from version 2's (looked up by the version 2 set)
V1_KEYS: dict[frozenset[str], frozenset[str]] = {
    PERSON_KEYS: PERSON_KEYS - {"time_zone"},
    REPRESENTATIVE_KEYS: REPRESENTATIVE_KEYS - {"authority_kind", "authority_signed"},
    COVERAGE_KEYS: COVERAGE_KEYS - {"contact_phone", "contact_fax", "appeals_address", "appeals_fax"},
    MEASUREMENT_KEYS: MEASUREMENT_KEYS - {"difficulty"},
    MEASURE_DEFINITION_KEYS: MEASURE_DEFINITION_KEYS - {"goal"},
    CASE_KEYS: (CASE_KEYS - {"claims"}) | {"grounds"},
    EVENT_KEYS: EVENT_KEYS - {"notice_date", "received"},
}


def check_size(size: int, limit: int, field: str = "file", name: str = "") -> None:
    """Refuse more than `limit` bytes: callers ask with a file's size before reading it, and again after."""
    if size > limit:
        what = f"{name} is" if name else "is"
        raise ValidationError(field, f"{what} {_amount(size)}: TrialLog reads at most {_amount(limit)}", size)


@cache
def _words(kind: type[Vocabulary]) -> frozenset[str]:
    """A vocabulary's words, made once: a record checks thousands of values against them."""
    return frozenset(kind.words())


def _amount(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else f"{size:,} bytes"


# a string, or an unterminated one to the end of the file (matched at once: no retry at each later quote,
# which made a file of escaped quotes take minutes)
_JSON_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = tuple(1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256))


def _check_nesting(data: bytes) -> None:
    """Refuse arrays and objects nested deeper than MAX_DEPTH, or more of them than MAX_CONTAINERS.

    Python's parser recurses once per level, so a file of a million `[` would exhaust the stack, and
    each empty array costs memory many times its two bytes: both are measured on the bytes first,
    counting brackets outside strings, without recursion and at C speed."""
    if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
        return
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKET)
    opened = brackets.count(b"[") + brackets.count(b"{")
    if opened > MAX_CONTAINERS:
        rule = f"holds more than {MAX_CONTAINERS:,} arrays and objects: a TrialLog record never does"
        raise ValidationError("file", rule)
    if any(map(MAX_DEPTH.__lt__, accumulate(map(_DEPTH_STEP.__getitem__, brackets)))):
        raise ValidationError("file", f"is nested deeper than {MAX_DEPTH} levels: a TrialLog record never is")


def _integer(text: str) -> int | _LongNumber:
    """A JSON integer, unless it has more digits than any field holds (Python would take seconds, or
    refuse beyond 4,300 digits, to convert it)."""
    digits = len(text) - text.startswith("-")
    return int(text) if digits <= MAX_DIGITS else _LongNumber(digits)


def decode(data: bytes) -> Any:
    """Bytes to JSON values, or a ValidationError saying plainly what is wrong with the file.

    A file too large or nested too deeply is refused before it is parsed. NaN, Infinity and integers
    of too many digits are parsed into values no field accepts, so that the reader names their place."""
    check_size(len(data), MAX_RECORD_BYTES)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "file", f"is not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start})"
        ) from None
    _check_nesting(data)
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise ValidationError(
            "file", f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None


def read_exchange(data: bytes, archive: bool = False) -> Exchange:
    """Parse and check a whole exchange document; raise one ValidationError listing every problem."""
    doc = decode(data)
    if not isinstance(doc, dict):
        raise ValidationError("file", "must hold a JSON object with format, version, exported_at and people")
    if doc.get("format") != FORMAT:
        raise ValidationError("format", f"must be {FORMAT!r}: this is not a TrialLog exchange file", doc.get("format"))
    version = doc.get("version")
    if type(version) is not int or version not in READABLE:  # 1.0, true and "1" are not the integer 1
        readable = " and ".join(str(v) for v in READABLE)
        raise ValidationError(
            "version", f"{_shown(version)} is not a version this TrialLog reads (it reads {readable})", version
        )
    reader = _Reader(archive, version)
    people: list[r.Person] = []
    try:
        top = reader.obj(doc, "", TOP_KEYS, ("exported_at", "people"))
        exported_at = reader.moment(top, "exported_at", "")
        raw_people = top.get("people")
        if raw_people is not None and not isinstance(raw_people, list):
            reader.fail("people", f"must be an array, not {_kind(raw_people)}", raw_people)
            raw_people = []
        names: dict[str, int] = {}
        for i, raw in enumerate(raw_people or []):
            path = f"people[{i}]"
            shape_problems = len(reader.problems)
            person = reader.person(raw, path)
            if person is None:
                continue
            people.append(person)
            folded = " ".join(person.name.split()).casefold()
            if folded and folded in names:
                reader.fail(f"{path}.name", f"a second person named {person.name!r} (also people[{names[folded]}])")
            names.setdefault(folded, i)
            taken = {p.field for p in reader.problems[shape_problems:]}
            for problem in check_person(person, f"{path}."):
                if problem.field not in taken and not _under_taken(problem.field, taken):
                    reader.problems.append(problem)
    except _TooMany:
        pass
    raise_if(reader.problems)
    assert exported_at is not None
    return Exchange(exported_at=exported_at, people=people)


def _under_taken(field: str, taken: set[str]) -> bool:
    """A meaning problem at a path whose shape was already reported says nothing new."""
    return any(field.startswith(t + ".") or field.startswith(t + "[") for t in taken)
