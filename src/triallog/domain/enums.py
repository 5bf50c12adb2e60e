"""The fixed vocabularies of the exchange format, with the words people see."""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """An enum whose value is the exchange word and which knows its label for people."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def words(cls) -> list[str]:
        return [member.value for member in cls]


class PlanType(Vocabulary):
    COMMERCIAL = "commercial"
    SELF_FUNDED_EMPLOYER = "self_funded_employer"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICARE_PART_D = "medicare_part_d"
    MEDICAID = "medicaid"
    MARKETPLACE = "marketplace"
    OTHER = "other"


class Outcome(Vocabulary):
    ONGOING = "ongoing"
    EFFECTIVE = "effective"
    PARTIAL_RESPONSE = "partial_response"
    INEFFECTIVE = "ineffective"
    ADVERSE_REACTION = "adverse_reaction"
    CONTRAINDICATED = "contraindicated"
    STOPPED_OTHER = "stopped_other"


class Severity(Vocabulary):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    LIFE_THREATENING = "life_threatening"


class CaseKind(Vocabulary):
    STEP_THERAPY = "step_therapy"
    PRIOR_AUTHORIZATION = "prior_authorization"
    NON_FORMULARY = "non_formulary"
    QUANTITY_LIMIT = "quantity_limit"
    OTHER = "other"


class Ground(Vocabulary):
    PRIOR_FAILURE = "prior_failure"
    CONTRAINDICATED = "contraindicated"
    EXPECTED_INEFFECTIVE_OR_HARMFUL = "expected_ineffective_or_harmful"
    STABLE_ON_CURRENT = "stable_on_current"
    NOT_IN_BEST_INTEREST = "not_in_best_interest"

    @property
    def about_requested_drug(self) -> bool:
        """True for the grounds about the drug asked for, not about one of the plan's required drugs."""
        return self in (Ground.STABLE_ON_CURRENT, Ground.NOT_IN_BEST_INTEREST)


class Urgency(Vocabulary):
    STANDARD = "standard"
    EXPEDITED = "expedited"


class CaseStatus(Vocabulary):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"
    APPEALED = "appealed"
    EXTERNAL_REVIEW = "external_review"
    CLOSED = "closed"


class Direction(Vocabulary):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


class Party(Vocabulary):
    CARRIER = "carrier"
    PBM = "pbm"
    PHARMACY = "pharmacy"
    PRESCRIBER = "prescriber"
    REGULATOR = "regulator"
    OTHER = "other"


class DocumentKind(Vocabulary):
    DENIAL_LETTER = "denial_letter"
    CHART_NOTE = "chart_note"
    PHARMACY_RECORD = "pharmacy_record"
    LAB_RESULT = "lab_result"
    LETTER = "letter"
    AUTHORIZATION = "authorization"
    OTHER = "other"


class AuthorityKind(Vocabulary):
    """The document that lets a representative act for the person."""

    CMS_1696 = "cms_1696"
    POWER_OF_ATTORNEY = "power_of_attorney"
    PARENT_OF_MINOR = "parent_of_minor"
    GUARDIAN = "guardian"
    OTHER = "other"


_LABELS: dict[Vocabulary, str] = {
    PlanType.SELF_FUNDED_EMPLOYER: "Self-funded employer (ERISA)",
    PlanType.MEDICARE_ADVANTAGE: "Medicare Advantage",
    PlanType.MEDICARE_PART_D: "Medicare Part D",
    PlanType.MARKETPLACE: "Marketplace (ACA)",
    Outcome.ONGOING: "Ongoing",
    Outcome.PARTIAL_RESPONSE: "Partial response",
    Outcome.ADVERSE_REACTION: "Adverse reaction",
    Outcome.STOPPED_OTHER: "Stopped (other reason)",
    Severity.LIFE_THREATENING: "Life-threatening",
    CaseKind.STEP_THERAPY: "Step therapy",
    Party.PBM: "PBM",
    CaseStatus.EXTERNAL_REVIEW: "External review",
    Ground.NOT_IN_BEST_INTEREST: "Not in the person's best interest",
    DocumentKind.AUTHORIZATION: "Authorization (CMS-1696, power of attorney, guardianship)",
    AuthorityKind.CMS_1696: "Appointment of representative (CMS-1696)",
    AuthorityKind.POWER_OF_ATTORNEY: "Power of attorney",
    AuthorityKind.PARENT_OF_MINOR: "Parent of a minor",
    AuthorityKind.GUARDIAN: "Guardian",
}


class SentVia(Vocabulary):
    """How an evidence packet went to the plan."""

    FAX = "fax"
    PORTAL = "portal"
    MAIL = "mail"
    IN_PERSON = "in_person"


_LABELS.update(
    {
        SentVia.FAX: "Fax",
        SentVia.PORTAL: "Online portal",
        SentVia.MAIL: "Mail",
        SentVia.IN_PERSON: "In person",
    }
)
