"""The packet's words, composed without drawing: the paper the case's stage needs, the denial answered drug by
drug, the plan's contact block, and a documents checklist that never says "enclosed" of what is not."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import (
    make_call,
    make_case,
    make_claim,
    make_coverage,
    make_document,
    make_event,
    make_person,
    make_representative,
    make_trial,
)
from triallog.domain.dates import PartialDate
from triallog.domain.deadlines import Level
from triallog.domain.enums import AuthorityKind, Outcome
from triallog.domain.packet_text import age_on, compose_packet

TODAY = date(2024, 6, 3)


def person_with(case, plan_type: str = "commercial", state: str = "IL", **fields):  # type: ignore[no-untyped-def]
    coverage = make_coverage(
        "Humana" if plan_type.startswith("medicare") else "Aetna",
        key="c1",
        plan_type=plan_type,
        state=state,
        contact_phone="800-555-0100",
        contact_fax="800-555-0101",
        appeals_address="Appeals Unit\nPO Box 1\nLouisville, KY 40201",
        appeals_fax="800-555-0102",
    )
    fields.setdefault("time_zone", "America/Chicago")
    fields.setdefault("date_of_birth", "1986-09-14")
    trials = fields.pop(
        "trials", [make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, key="t1", end="2020-07")]
    )
    return make_person("Dana Rivera", coverages=[coverage], trials=trials, cases=[case], **fields)


def denied_case(**fields):  # type: ignore[no-untyped-def]
    fields.setdefault("required_drugs", ["topiramate", "propranolol"])
    fields.setdefault("claims", [make_claim("prior_failure", "topiramate", ["t1"])])
    fields.setdefault("denial_text", "Step therapy: try topiramate and propranolol first.")
    fields.setdefault("events", [make_event("2024-05-01", "denied", notice_date="2024-05-01")])
    return make_case(
        "erenumab (Aimovig)", coverage="c1", denial_reference="D-24-0305-11827 / 4", denial_date="2024-05-01", **fields
    )


@pytest.mark.parametrize(
    ("plan_type", "title", "send_to"),
    [
        ("medicare_part_d", "Request for redetermination", "appeals"),
        ("medicare_advantage", "Request for reconsideration", "appeals"),
        ("medicaid", "Appeal to the plan", "appeals"),
        ("commercial", "Request for an internal appeal", "appeals"),
        ("self_funded_employer", "Request for an internal appeal", "appeals"),
    ],
)
def test_after_a_denial_the_paper_is_the_plan_types_appeal_not_a_second_request(
    plan_type: str, title: str, send_to: str
) -> None:
    case = denied_case()
    text = compose_packet(person_with(case, plan_type), case, TODAY)

    assert text.stage.level is Level.INTERNAL_APPEAL and text.title == title
    letter = text.letter
    assert letter.subject[0] == f"Re: {title} for erenumab (Aimovig)"
    assert "ask for an exception" not in letter.opening
    assert "reverse its decision" in letter.opening
    # it names the decision it answers and quotes the plan's reason
    assert letter.decision == (
        "In its letter dated May 1, 2024 the plan denied coverage (reference D-24-0305-11827 / 4) because it "
        "requires topiramate and propranolol to be tried first."
    )
    assert letter.quoted_reason == "The plan's stated reason: “Step therapy: try topiramate and propranolol first.”"
    # sent to the appeals address, which heads the letter
    assert text.stage.send_to == send_to
    assert "Appeals fax: 800-555-0102" in letter.to


def test_before_any_denial_the_paper_is_the_exception_request_to_the_plans_request_line() -> None:
    case = make_case("erenumab (Aimovig)", coverage="c1", required_drugs=["topiramate"], events=[])
    text = compose_packet(person_with(case), case, TODAY)

    assert text.stage.level is Level.REQUEST and text.title == "Request for a step therapy exception"
    assert text.letter.opening.startswith("I am writing to ask Aetna for an exception to its step therapy requirement")
    assert [(f.label, f.value) for f in text.contact] == [
        ("Requests phone", "800-555-0100"),
        ("Requests fax", "800-555-0101"),
    ]


def test_after_the_appeal_is_denied_the_paper_goes_to_the_second_level_and_the_right_place() -> None:
    case = denied_case(
        events=[
            make_event("2024-05-01", "denied", notice_date="2024-05-01"),
            make_event("2024-05-06", "appealed"),
            make_event("2024-05-20", "denied", note="Upheld: no new information.", notice_date="2024-05-20"),
        ]
    )
    part_d = compose_packet(person_with(case, "medicare_part_d"), case, TODAY)
    assert part_d.title == "Request for reconsideration by the independent review entity"
    assert part_d.letter.decision.startswith("In its letter dated May 20, 2024 the plan upheld its denial")
    assert part_d.letter.quoted_reason == ""  # the person's note is never quoted as the plan's words
    assert part_d.letter.to == ("To: the independent reviewer named in the plan's decision letter",)
    assert part_d.letter.opening.startswith(
        "I am writing to ask for a reconsideration by the independent review entity (IRE): I ask that"
    )
    assert part_d.letter.answer_by == "Please tell me in writing by when a decision will be made."
    assert dict((f.label, f.value) for f in part_d.fax.fields)["Fax number"] == ""  # not the plan's fax
    advantage = compose_packet(person_with(case, "medicare_advantage"), case, TODAY)
    assert "The plan must send the case to the independent review entity itself" in advantage.letter.opening
    assert any(w.startswith("Nothing to file: the plan must send the case") for w in advantage.warnings)
    medicaid = compose_packet(person_with(case, "medicaid"), case, TODAY)
    assert medicaid.title == "Request for a State fair hearing"
    commercial = compose_packet(person_with(case, "commercial"), case, TODAY)
    assert commercial.title == "Request for an external review"


def test_each_required_drug_gets_its_block_and_one_without_a_claim_is_named_honestly() -> None:
    case = denied_case()
    text = compose_packet(person_with(case), case, TODAY)

    topiramate, propranolol = text.letter.blocks
    assert topiramate.heading == "Topiramate was already tried and failed" and topiramate.claimed
    (line,) = topiramate.lines
    assert (line.drug, line.dates, line.outcome) == (
        "topiramate",
        "Feb 2020 – Jul 2020 (about 5 months)",
        "Adverse reaction",
    )
    assert propranolol.heading == "Propranolol: no claim is made" and not propranolol.claimed
    assert propranolol.text == "It has not been tried."
    assert "propranolol was" not in " ".join(b.text for b in text.letter.blocks).casefold()


def test_a_class_members_proof_row_names_the_link() -> None:
    case = denied_case(required_drugs=["glipizide"], claims=[make_claim("prior_failure", "glipizide", ["t1"])])
    trials = [make_trial("glyburide", "2019-03", Outcome.INEFFECTIVE, key="t1", end="2019-09", dose="5 mg daily")]
    text = compose_packet(person_with(case, state="TX", trials=trials), case, TODAY)

    (block,) = text.letter.blocks
    assert block.heading == "A drug of the same class as glipizide was already tried and failed"
    assert block.text == "Glyburide is a sulfonylurea like glipizide (ATC A10BB)."  # the link, spelled out
    assert (block.lines[0].drug, block.lines[0].dose) == ("glyburide", "5 mg daily")


def test_a_late_decision_under_a_read_law_is_said_first_with_its_citation() -> None:
    case = make_case(
        "erenumab (Aimovig)",
        coverage="c1",
        required_drugs=["topiramate"],
        claims=[make_claim("prior_failure", "topiramate", ["t1"])],
        events=[
            make_event("2024-05-01T09:00:00-07:00", "submitted"),
            make_event("2024-05-09", "denied", notice_date="2024-05-09"),
        ],
    )
    text = compose_packet(person_with(case, state="CA", time_zone="America/Los_Angeles"), case, TODAY)

    assert text.letter.late.startswith(
        "The plan's decision was due by May 4, 2024, 9:00 AM PDT under California Insurance Code 10123.191"
    )
    assert "deemed granted" in text.letter.late
    assert "(Cal. Ins. Code 10123.191(b)(1); Health and Safety Code 1367.241(b))" in text.letter.late


def test_an_expedited_request_carries_the_prescribers_attestation() -> None:
    case = denied_case(urgency="expedited")
    text = compose_packet(person_with(case), case, TODAY)
    assert "could seriously jeopardize the patient's life, health or ability to regain maximum function" in (
        text.statement.attestation
    )
    assert "prescriber's attestation is in the enclosed statement" in text.letter.urgent
    plain = denied_case()
    assert compose_packet(person_with(plain), plain, TODAY).statement.attestation == ""


def test_the_checklist_marks_what_is_enclosed_and_what_is_missing_and_the_letter_says_enclosed_only_of_those() -> None:
    case = denied_case()
    calls = [make_call("2024-05-02T10:05:00-05:00", key="k1", case="x1", organization="Aetna",
                       requested_documents=["growth chart", "letter of medical necessity"])]  # fmt: skip
    denial = make_document("Aetna denial letter", key="d1", case="x1", date="2024-05-01", file="files/denial.pdf")
    person = person_with(case, calls=calls, documents=[denial])

    text = compose_packet(person, case, TODAY)

    assert next((c.what, c.enclosed) for c in text.checklist) == ("the plan's denial letter", False)  # no file goes
    text = compose_packet(person, case, TODAY, attached=frozenset({"d1"}))
    statuses = [(c.what, c.enclosed) for c in text.checklist]
    assert statuses == [
        ("the plan's denial letter", True),
        ("growth chart", False),
        ("letter of medical necessity", True),  # the packet's own prescriber statement
    ]
    assert "growth chart" not in text.letter.enclosed
    assert "the plan's denial letter" in text.letter.enclosed
    assert "Missing: growth chart (not attached; asked for on the call of May 2, 2024, 10:05 AM CDT with Aetna)." in (
        text.warnings
    )
    assert text.letter.enclosed.startswith("Enclosed: a timeline of the medication trials, the medication history")
    without = compose_packet(person, case, TODAY, sections=("cover", "letter"), attached=frozenset({"d1"}))
    assert without.letter.enclosed.startswith("Enclosed: the plan's denial letter. Please call me")
    redacted = compose_packet(person, case, TODAY, redacted=True)
    assert "not put in a redacted copy" in redacted.checklist[0].detail
    assert ("letter of medical necessity", False) in [(c.what, c.enclosed) for c in without.checklist]


def test_a_medicare_representative_needs_a_cms_1696_signed_within_the_year() -> None:
    case = denied_case()
    old = make_representative(authority_kind=AuthorityKind.CMS_1696, authority_signed=PartialDate.parse("2023-04-02"))
    form = make_document("CMS-1696 signed", key="d2", kind="authorization", date="2023-04-02")
    person = person_with(case, "medicare_part_d", representative=old, documents=[form])

    text = compose_packet(person, case, TODAY, attached=frozenset({"d2"}))

    (authority,) = [c for c in text.checklist if c.what.startswith("authority")]
    assert authority.enclosed and authority.flag.startswith("the CMS-1696 signed Apr 2, 2023 expired Apr 2, 2024")
    assert not any("is enclosed" in line for line in text.letter.signature_small)  # an expired form is not claimed
    assert "CMS-1696" not in text.letter.enclosed
    cover = dict((f.label, f.value) for f in text.representative)["Authority"]
    assert cover.endswith("enclosed, but the CMS-1696 signed Apr 2, 2023 expired Apr 2, 2024")
    fresh = make_representative(authority_kind=AuthorityKind.CMS_1696, authority_signed=PartialDate.parse("2024-01-10"))
    fresh_person = person_with(case, "medicare_part_d", representative=fresh, documents=[form])
    current = compose_packet(fresh_person, case, TODAY, attached=frozenset({"d2"}))
    assert "The representative's CMS-1696 (Appointment of Representative) is enclosed." in (
        current.letter.signature_small
    )
    # a month-only signing date counts from its first day; a HIPAA release is no appointment
    month = make_representative(authority_kind=AuthorityKind.CMS_1696, authority_signed=PartialDate.parse("2023-06"))
    lapsed = compose_packet(person_with(case, "medicare_part_d", representative=month), case, date(2024, 6, 15))
    assert next(c.flag for c in lapsed.checklist if c.what.startswith("authority")).startswith("the CMS-1696 signed")
    release = make_document("HIPAA release", key="d3", kind="authorization", date="2024-01-10")
    other = compose_packet(person_with(case, "medicare_part_d", representative=fresh, documents=[release]), case,
                           TODAY, attached=frozenset({"d3"}))  # fmt: skip
    assert not next(c for c in other.checklist if c.what.startswith("authority")).enclosed
    missing = compose_packet(person_with(case, "medicare_part_d", representative=fresh), case, TODAY)
    assert not any("enclosed" in line for line in missing.letter.signature_small)
    assert any(w.startswith("Missing: authority of the representative") for w in missing.warnings)


def test_the_persons_age_is_as_of_the_prepared_date() -> None:
    assert age_on(PartialDate.parse("1986-09-14"), date(2024, 9, 13)) == "37"
    assert age_on(PartialDate.parse("1986-09-14"), date(2024, 9, 14)) == "38"
    assert age_on(PartialDate.parse("1986"), date(2024, 6, 3)) == "37 or 38"
    case = denied_case()
    fields = {f.label: f.value for f in compose_packet(person_with(case), case, date(2024, 9, 14)).person}
    assert fields["Date of birth"] == "Sep 14, 1986 (age 38)"


def test_no_word_meant_for_the_person_reaches_the_plans_pages() -> None:
    case = denied_case(
        required_drugs=["zorbitide"],
        claims=[make_claim("prior_failure", "zorbitide", ["t1", "t2"])],
    )
    trials = [
        make_trial("zorbitide", "2020-02", Outcome.INEFFECTIVE, key="t1", end="2020-07"),
        make_trial("sertraline", "2019-01", Outcome.INEFFECTIVE, key="t2", end="2019-04"),
    ]
    text = compose_packet(person_with(case, trials=trials), case, TODAY)
    printed = " ".join(
        [*text.letter.subject, text.letter.opening, text.letter.decision, *(b.text for b in text.letter.blocks),
         *(s for _, s in text.grounds)]
    )  # fmt: skip
    assert "TrialLog" not in printed and "table" not in printed and "ertraline" not in printed


def test_a_first_request_never_says_the_plan_denied_it_and_an_approved_case_warns() -> None:
    case = make_case("erenumab (Aimovig)", coverage="c1", required_drugs=["topiramate, propranolol"], events=[],
                     status="draft")  # fmt: skip
    text = compose_packet(person_with(case), case, TODAY)
    assert text.letter.decision == "The plan requires topiramate and propranolol to be tried first."
    assert "denied" not in text.letter.decision
    history = [
        make_event("2024-05-01", "denied", notice_date="2024-05-01"),
        make_event("2024-05-10", "appealed"),
        make_event("2024-05-20", "approved"),
    ]
    settled = denied_case(events=history)
    warned = compose_packet(person_with(settled), settled, TODAY)
    assert (
        warned.warnings[0]
        == "The case is approved: this request for an internal appeal asks for what is already settled."
    )


def test_a_denial_known_only_by_its_date_is_answered_by_an_appeal_not_a_second_request() -> None:
    case = make_case("erenumab (Aimovig)", coverage="c1", required_drugs=["topiramate"], denial_date="2024-05-01",
                     events=[], status="pending")  # fmt: skip
    text = compose_packet(person_with(case), case, TODAY)
    assert text.stage.level is Level.INTERNAL_APPEAL
    assert text.letter.decision.startswith("In its letter dated May 1, 2024 the plan denied coverage")


def test_without_a_plan_on_file_the_paper_still_reads_well() -> None:
    case = make_case("erenumab (Aimovig)", coverage=None, required_drugs=["topiramate"], denial_date="2024-05-01",
                     events=[make_event("2024-05-01", "denied", notice_date="2024-05-01")])  # fmt: skip
    person = person_with(case)
    person.coverages = []
    text = compose_packet(person, case, TODAY)
    assert text.letter.opening.startswith("I am writing to ask for an internal appeal: I ask the plan to reverse")
    assert dict((f.label, f.value) for f in text.fax.fields)["To"] == "the plan (appeals)"


def test_prior_authorization_asks_for_approval_and_best_interest_covers_unclaimed_drugs() -> None:
    case = make_case("erenumab (Aimovig)", coverage="c1", kind="prior_authorization", required_drugs=["topiramate"],
                     events=[], status="draft", claims=[make_claim("prior_failure", "topiramate", ["t1"])])  # fmt: skip
    text = compose_packet(person_with(case), case, TODAY)
    assert "to approve erenumab (Aimovig)" in text.letter.opening and "exception" not in text.letter.opening
    assert text.letter.reply == "The request should be approved because:"
    reasons = make_claim("not_in_best_interest", explanation="Her asthma rules out beta blockers.")
    best = denied_case(required_drugs=["propranolol"], claims=[reasons])
    words = compose_packet(person_with(best, state="TX"), best, TODAY)
    (block,) = words.letter.blocks
    assert block.text == "It has not been tried. The best-interest ground below is about it too."


def test_a_checked_law_is_cited_first_while_the_plans_overdue_answer_has_not_come() -> None:
    case = make_case("erenumab (Aimovig)", coverage="c1", required_drugs=["topiramate"],
                     events=[make_event("2024-05-01T09:00:00-07:00", "submitted")])  # fmt: skip
    text = compose_packet(person_with(case, state="CA", time_zone="America/Los_Angeles"), case, TODAY)
    assert text.letter.late.startswith("The plan's decision was due by May 4, 2024, 9:00 AM PDT under")
    assert "and has not come." in text.letter.late and "deemed granted" in text.letter.late
