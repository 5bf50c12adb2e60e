"""The tables: SQLAlchemy 2 typed ORM, one class per entity of the exchange format.

Partial dates are stored as their ISO text (`2021`, `2021-03`, `2021-03-05`): lossless, and
ISO prefixes sort as their first day. Datetimes keep the offset they were given in a text
column, with a UTC column beside it for sorting.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from triallog.domain.dates import PartialDate

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class PartialDateType(TypeDecorator[PartialDate]):
    """A PartialDate kept as its ISO text, so its precision survives and it sorts by first day."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | None, dialect: object) -> str | None:
        return None if value is None else value.iso()

    def process_result_value(self, value: str | None, dialect: object) -> PartialDate | None:
        return None if value is None else _partial_date(value)


@lru_cache(maxsize=8192)
def _partial_date(text: str) -> PartialDate:
    # A PartialDate is immutable, so one read of each date text serves every row that holds it: a
    # ten-year record has a few thousand distinct days and tens of thousands of dated rows.
    return PartialDate.parse_iso(text)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Stamped:
    """When a row was entered and last changed (UTC), besides the date of the event itself."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class PersonRow(Stamped, Base):
    __tablename__ = "person"
    # Never reuse a removed person's id: a remembered id (the last person shown) must not
    # silently point at someone else later.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), unique=True)
    date_of_birth: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    rep_name: Mapped[str | None] = mapped_column(String(200))
    rep_relationship: Mapped[str] = mapped_column(String(100), default="")
    rep_phone: Mapped[str] = mapped_column(String(60), default="")
    rep_authority: Mapped[str] = mapped_column(Text, default="")
    rep_authority_kind: Mapped[str | None] = mapped_column(String(30))
    rep_authority_signed: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    #: IANA zone name; "" = the computer's zone
    time_zone: Mapped[str] = mapped_column(String(64), default="")

    coverages: Mapped[list[CoverageRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="CoverageRow.id"
    )
    prescribers: Mapped[list[PrescriberRow]] = relationship(cascade="all, delete-orphan", order_by="PrescriberRow.id")
    trials: Mapped[list[TrialRow]] = relationship(cascade="all, delete-orphan", order_by="TrialRow.id")
    measurements: Mapped[list[MeasurementRow]] = relationship(
        cascade="all, delete-orphan", order_by="MeasurementRow.id"
    )
    measure_definitions: Mapped[list[MeasureDefinitionRow]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureDefinitionRow.id"
    )
    cases: Mapped[list[CaseRow]] = relationship(cascade="all, delete-orphan", order_by="CaseRow.id")
    calls: Mapped[list[CallRow]] = relationship(cascade="all, delete-orphan", order_by="CallRow.id")
    documents: Mapped[list[DocumentRow]] = relationship(cascade="all, delete-orphan", order_by="DocumentRow.id")


class CoverageRow(Stamped, Base):
    __tablename__ = "coverage"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    carrier: Mapped[str] = mapped_column(String(200))
    plan_name: Mapped[str] = mapped_column(String(200), default="")
    plan_type: Mapped[str | None] = mapped_column(String(30))
    member_id: Mapped[str] = mapped_column(String(100), default="")
    group_number: Mapped[str] = mapped_column(String(100), default="")
    rx_bin: Mapped[str] = mapped_column(String(30), default="")
    rx_pcn: Mapped[str] = mapped_column(String(30), default="")
    rx_group: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    start: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    end: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    contact_phone: Mapped[str] = mapped_column(String(60), default="")
    contact_fax: Mapped[str] = mapped_column(String(60), default="")
    appeals_address: Mapped[str] = mapped_column(Text, default="")
    appeals_fax: Mapped[str] = mapped_column(String(60), default="")

    person: Mapped[PersonRow] = relationship(back_populates="coverages")


class PrescriberRow(Stamped, Base):
    __tablename__ = "prescriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    name: Mapped[str] = mapped_column(String(200))
    specialty: Mapped[str] = mapped_column(String(200), default="")
    practice: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    fax: Mapped[str] = mapped_column(String(60), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")


class TrialRow(Stamped, Base):
    __tablename__ = "trial"
    __table_args__ = (Index("ix_trial_person_start", "person_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    drug: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(200), default="")
    strength: Mapped[str] = mapped_column(String(100), default="")
    dose: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[str] = mapped_column(String(100), default="")
    start: Mapped[PartialDate] = mapped_column(PartialDateType)
    end: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    indication: Mapped[str] = mapped_column(Text, default="")
    indication_code: Mapped[str] = mapped_column(String(10), default="")
    prescriber_id: Mapped[int | None] = mapped_column(ForeignKey("prescriber.id", ondelete="SET NULL"), index=True)
    coverage_id: Mapped[int | None] = mapped_column(ForeignKey("coverage.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str] = mapped_column(String(30))
    reason_stopped: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    side_effects: Mapped[list[SideEffectRow]] = relationship(cascade="all, delete-orphan", order_by="SideEffectRow.id")
    coverage: Mapped[CoverageRow | None] = relationship()
    prescriber: Mapped[PrescriberRow | None] = relationship()


class SideEffectRow(Stamped, Base):
    __tablename__ = "side_effect"

    id: Mapped[int] = mapped_column(primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trial.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str | None] = mapped_column(String(30))
    onset: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    resolved: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    action: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class MeasureDefinitionRow(Stamped, Base):
    __tablename__ = "measure_definition"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60), default="")
    min: Mapped[float | None] = mapped_column(Float)
    max: Mapped[float | None] = mapped_column(Float)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=False)
    goal: Mapped[float | None] = mapped_column(Float)


class MeasurementRow(Stamped, Base):
    __tablename__ = "measurement"
    __table_args__ = (Index("ix_measurement_person_instrument_taken", "person_id", "instrument", "taken"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(200))
    taken: Mapped[PartialDate] = mapped_column(PartialDateType)
    score: Mapped[float] = mapped_column(Float)
    score_is_integer: Mapped[bool] = mapped_column(Boolean, default=True)
    items: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    difficulty: Mapped[int | None] = mapped_column(Integer)


class CaseRow(Stamped, Base):
    __tablename__ = "case_"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    coverage_id: Mapped[int | None] = mapped_column(ForeignKey("coverage.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))
    requested_drug: Mapped[str] = mapped_column(String(200))
    requested_strength: Mapped[str] = mapped_column(String(100), default="")
    requested_dose: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[str] = mapped_column(String(100), default="")
    days_supply: Mapped[int | None] = mapped_column(Integer)
    diagnosis: Mapped[str] = mapped_column(Text, default="")
    diagnosis_code: Mapped[str] = mapped_column(String(10), default="")
    prescriber_id: Mapped[int | None] = mapped_column(ForeignKey("prescriber.id", ondelete="SET NULL"), index=True)
    denial_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    denial_reference: Mapped[str] = mapped_column(String(200), default="")
    denial_text: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str] = mapped_column(Text, default="")

    required_drugs: Mapped[list[CaseRequiredDrugRow]] = relationship(
        cascade="all, delete-orphan", order_by="CaseRequiredDrugRow.id"
    )
    claims: Mapped[list[CaseClaimRow]] = relationship(cascade="all, delete-orphan", order_by="CaseClaimRow.id")
    events: Mapped[list[CaseEventRow]] = relationship(cascade="all, delete-orphan", order_by="CaseEventRow.id")
    coverage: Mapped[CoverageRow | None] = relationship()
    prescriber: Mapped[PrescriberRow | None] = relationship()


class CaseRequiredDrugRow(Stamped, Base):
    __tablename__ = "case_required_drug"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"), index=True)
    drug: Mapped[str] = mapped_column(String(200))


class CaseClaimRow(Stamped, Base):
    """One exception ground a case argues, for one required drug ("" for the requested drug or unknown)."""

    __tablename__ = "case_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"), index=True)
    ground: Mapped[str] = mapped_column(String(40))
    required_drug: Mapped[str] = mapped_column(String(200), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")

    proof: Mapped[list[CaseClaimTrialRow]] = relationship(cascade="all, delete-orphan", order_by="CaseClaimTrialRow.id")


class CaseClaimTrialRow(Stamped, Base):
    """A trial that proves a claim; removing the trial removes it from the proof, not the claim."""

    __tablename__ = "case_claim_trial"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("case_claim.id", ondelete="CASCADE"), index=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trial.id", ondelete="CASCADE"), index=True)

    trial: Mapped[TrialRow] = relationship()


class CaseEventRow(Stamped, Base):
    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"), index=True)
    when: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    #: approved and denied: the date printed on the plan's letter, and the day it arrived
    notice_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    received: Mapped[PartialDate | None] = mapped_column(PartialDateType)


class CallRow(Stamped, Base):
    __tablename__ = "call"
    __table_args__ = (Index("ix_call_person_when_utc", "person_id", "when_utc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_.id", ondelete="SET NULL"), index=True)
    when: Mapped[str] = mapped_column(String(40))
    when_utc: Mapped[datetime] = mapped_column(DateTime)
    direction: Mapped[str | None] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(String(20))
    organization: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    representative: Mapped[str] = mapped_column(String(200), default="")
    reference_number: Mapped[str] = mapped_column(String(200), default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    # When the person ticked the follow-up off (UTC); not part of the exchange format.
    follow_up_done_at: Mapped[datetime | None] = mapped_column(DateTime)

    requested_documents: Mapped[list[CallRequestedDocumentRow]] = relationship(
        cascade="all, delete-orphan", order_by="CallRequestedDocumentRow.id"
    )
    case: Mapped[CaseRow | None] = relationship()


class CallRequestedDocumentRow(Stamped, Base):
    __tablename__ = "call_requested_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    #: the attached document that answers this request (the database only: the format has no such key)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"), index=True)


class DocumentRow(Stamped, Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(30))
    date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    trial_id: Mapped[int | None] = mapped_column(ForeignKey("trial.id", ondelete="SET NULL"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_.id", ondelete="SET NULL"), index=True)
    stored_file: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), default="")

    trial: Mapped[TrialRow | None] = relationship()
    case: Mapped[CaseRow | None] = relationship()


class PacketRow(Stamped, Base):
    """An evidence packet as made: its file in the data folder, what it holds, and when it was sent."""

    __tablename__ = "packet"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_.id", ondelete="SET NULL"), index=True)
    made_at: Mapped[datetime] = mapped_column(DateTime)
    #: the section names, comma-separated, in the packet's order
    sections: Mapped[str] = mapped_column(Text)
    redacted: Mapped[bool] = mapped_column(Boolean)
    paper: Mapped[str] = mapped_column(String(10))
    pages: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_file: Mapped[str] = mapped_column(String(300))
    sent_on: Mapped[str | None] = mapped_column(String(40))
    sent_via: Mapped[str | None] = mapped_column(String(20))
    sent_note: Mapped[str] = mapped_column(Text, default="")
