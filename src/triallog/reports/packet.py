"""The evidence packet for one case: what is asked, on which ground, with which proof, and by when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from triallog.domain import records as r
from triallog.domain.clocks import Clock, case_clocks, request_rule
from triallog.domain.deadlines import DeadlineRule
from triallog.domain.enums import CaseKind, Ground, Outcome, PlanType
from triallog.domain.grounds import ClaimProof, claim_proof, continuing_since, continuing_trials
from triallog.domain.zones import format_when, zone_of
from triallog.reports.base import (
    BLANK,
    FONT,
    RULE,
    PdfRenderer,
    data_table,
    field_table,
    markup,
    text,
)
from triallog.reports.history import medication_table, side_effects_text, strength_and_dose, trials_by_start

TITLES = {
    CaseKind.STEP_THERAPY: "Request for a step therapy exception",
    CaseKind.PRIOR_AUTHORIZATION: "Request for prior authorization",
    CaseKind.NON_FORMULARY: "Request for a formulary exception",
    CaseKind.QUANTITY_LIMIT: "Request for a quantity limit exception",
    CaseKind.OTHER: "Request for a coverage exception",
}
MEDICARE = (PlanType.MEDICARE_PART_D, PlanType.MEDICARE_ADVANTAGE)
#: the parts printed on landscape pages
WIDE = ("timeline", "history")
CMS_1696 = "CMS-1696 (Appointment of Representative)"
DATES_NOTE = (
    "Due dates are computed by TrialLog from the rules cited, in the patient's time zone; the plan's own "
    "letters and the law govern. A date marked \u201cnot yet checked\u201d comes from a rule whose current text "
    "TrialLog has not read."
)


def _within(rule: DeadlineRule) -> str:
    """`Under SOURCE, the plan must decide within 72 hours of receiving the request.`: the law, not the app's advice."""
    unit = {"hours": "hours", "days": "calendar days", "business_days": "business days", "months": "months"}
    return f"Under {rule.source}, the plan must decide within {rule.amount} {unit[rule.unit.value]} of receiving it."


def _event_note(event: r.CaseEvent) -> str:
    """The event's note, then the plan's letter's date and arrival for a decision."""
    letter = []
    if event.notice_date is not None:
        letter.append(f"Letter dated {event.notice_date.human()}")
    if event.received is not None:
        letter.append(f"received {event.received.human()}")
    return " ".join(x for x in (event.note.strip(), ", ".join(letter) + "." if letter else "") if x)


def _due_text(item: Clock, zone: tzinfo) -> str:
    return format_when(item.due, zone) if item.due is not None else "no date: see the rule"


def _source_text(item: Clock) -> str:
    return f"{item.source} (not yet checked)" if item.source and not item.verified else item.source


def _and_list(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    words = [w.strip() for w in words if w.strip()]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + (f" and {words[-1]}" if words else "")


class EvidencePacket(PdfRenderer):
    """The packet for one case, its parts in the order issue 6 gives; each part may be left out."""

    def __init__(
        self,
        person: r.Person,
        case_key: str,
        sections: tuple[str, ...],
        today: date,
        paper: str = "letter",
    ) -> None:
        super().__init__(person.name, today, paper)
        self.person = person
        self.case = next(c for c in person.cases if c.key == case_key)
        self.sections = sections
        self.today = today
        self.zone = zone_of(person.time_zone)
        self.coverage = next((c for c in person.coverages if c.key == self.case.coverage), None)
        self.prescriber = next((p for p in person.prescribers if p.key == self.case.prescriber), None)
        # only the claims whose proof shows their ground are argued, each with that proof alone
        proofs = [claim_proof(c, self.case, person.trials, person.coverages, today) for c in self.case.claims]
        self.claims: list[ClaimProof] = [p for p in proofs if p.printable]
        self.due = case_clocks(self.case, self.coverage, self.zone, today)
        self.title = TITLES.get(self.case.kind or CaseKind.STEP_THERAPY, TITLES[CaseKind.STEP_THERAPY])

    def footer_text(self) -> str:
        reference = f" · denial {self.case.denial_reference}" if self.case.denial_reference.strip() else ""
        return f"Evidence packet: {self.case.requested_drug}{reference}"

    # -- the whole ----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        parts: dict[str, Callable[[], list[Flowable]]] = {
            "cover": self.cover,
            "timeline": self.timeline,
            "history": self.history,
            "measures": self.measures,
            "case": self.case_history,
            "calls": self.calls,
            "documents": self.documents,
            "letter": self.letter,
            "statement": self.statement,
        }
        story: list[Flowable] = []
        previous = None
        for name in self.sections:
            # the timeline and the history table read best across the page: they share landscape pages
            if name in WIDE and previous not in WIDE:
                if story:
                    story += self.turn_wide()
                else:
                    self.starts_wide = True
            elif name not in WIDE and previous in WIDE:
                story += self.turn_upright()
            elif story:
                # the cover, the letter and the statement each start a page; the rest flow on
                story.append(PageBreak() if name in ("letter", "statement") else CondPageBreak(180))
            story += parts[name]()
            previous = name
        return story

    def heading(self, words: str) -> Flowable:
        return text(words, self.styles.h1)

    # -- 1. cover -----------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        s = self.styles
        case = self.case
        half = (self.width - 12) / 2
        story: list[Flowable] = [
            text(self.title, s.title),
            markup(
                f"for <b>{escape(case.requested_drug)}</b>"
                + (f" · denial reference <b>{escape(case.denial_reference)}</b>" if case.denial_reference else "")
                + (" · <b>EXPEDITED</b>" if case.urgency and case.urgency.value == "expedited" else ""),
                s.body,
            ),
            Spacer(1, 4),
        ]
        story.append(self._side_by_side(self._person_box(half), self._plan_box(half)))
        story.append(text("The request", s.h2))
        story.append(field_table(self._request_pairs(), self.width, label_width=0.24))
        story.append(self._side_by_side(self._prescriber_box(half), self._representative_box(half)))
        story.append(text("Grounds for the exception", s.h2))
        story += self._grounds_list()
        return story

    def _side_by_side(self, left: list[Flowable], right: list[Flowable]) -> Table:
        table = Table([[left, right]], colWidths=[(self.width - 12) / 2 + 12, (self.width - 12) / 2])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), 12),
                    ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ]
            )
        )
        return table

    def _person_box(self, width: float) -> list[Flowable]:
        p = self.person
        return [
            text("Patient", self.styles.h2),
            field_table(
                [
                    ("Name", p.name),
                    ("Date of birth", p.date_of_birth.human() if p.date_of_birth else ""),
                    ("Address", p.address),
                    ("Phone", p.phone),
                ],
                width,
                label_width=0.34,
            ),
        ]

    def _plan_box(self, width: float) -> list[Flowable]:
        c = self.coverage or r.Coverage(carrier="")
        return [
            text("Plan", self.styles.h2),
            field_table(
                [
                    ("Carrier and plan", c.title),
                    ("Plan type", c.plan_type.label if c.plan_type else ""),
                    ("Member ID", c.member_id),
                    ("Group number", c.group_number),
                    ("Rx BIN / PCN", " / ".join(v for v in (c.rx_bin, c.rx_pcn) if v)),
                    ("Rx group", c.rx_group),
                ],
                width,
                label_width=0.34,
            ),
        ]

    def _request_pairs(self) -> list[tuple[str, str]]:
        case = self.case
        since = continuing_since(case, self.person.trials, self.today)
        therapy = f"Continuation: taking it since {since.human()}" if since else "New therapy"
        denial = case.denial_date.human() if case.denial_date else ""
        return [
            ("Requested drug", case.requested_drug),
            ("Strength", case.requested_strength),
            ("Dose", case.requested_dose),
            ("Quantity", case.quantity),
            ("Days' supply", str(case.days_supply) if case.days_supply else ""),
            ("New or continuing", therapy),
            ("Diagnosis", case.diagnosis),
            ("ICD-10-CM code", case.diagnosis_code),
            ("Plan requires first", ", ".join(case.required_drugs)),
            ("Denial date", denial),
            ("Denial reference", case.denial_reference),
            ("Urgency", case.urgency.label if case.urgency else ""),
        ]

    def _prescriber_box(self, width: float) -> list[Flowable]:
        p = self.prescriber or r.Prescriber(name="")
        return [
            text("Prescriber", self.styles.h2),
            field_table(
                [
                    ("Name", p.name),
                    ("Specialty", p.specialty),
                    ("Practice", p.practice),
                    ("Address", p.address),
                    ("NPI", p.npi),
                    ("Phone", p.phone),
                    ("Fax", p.fax),
                ],
                width,
                label_width=0.34,
            ),
        ]

    def _representative_box(self, width: float) -> list[Flowable]:
        rep = self.person.representative
        s = self.styles
        if rep is None:
            return [text("Representative", s.h2), text("None: the patient acts on their own behalf.", s.muted)]
        authority = rep.authority
        if self._medicare and CMS_1696 not in authority and "1696" not in authority:
            authority = (authority + "\n" if authority else "") + f"Medicare requires form {CMS_1696}."
        return [
            text("Representative", s.h2),
            field_table(
                [
                    ("Name", rep.name),
                    ("Relationship", rep.relationship),
                    ("Phone", rep.phone),
                    ("Authority", authority),
                ],
                width,
                label_width=0.34,
            ),
        ]

    @property
    def _medicare(self) -> bool:
        return self.coverage is not None and self.coverage.plan_type in MEDICARE

    def _grounds_list(self) -> list[Flowable]:
        """One paragraph a claim: its heading, then the proof in full sentences."""
        s = self.styles
        story: list[Flowable] = []
        if not self.claims:
            story.append(text(BLANK * 3, s.body))  # nothing claimed yet: lines to write the grounds on
        for number, proof in enumerate(self.claims, 1):
            story.append(markup(f"<b>{number}. {escape(proof.heading)}.</b> {escape(proof.sentences)}", s.small))
        return story

    # -- 2 to 4: the trials and measures ---------------------------------------------------

    def timeline(self) -> list[Flowable]:
        from triallog.reports.charts import timeline_charts

        story: list[Flowable] = [self.heading("Timeline of medication trials")]
        if not self.person.trials:
            return [*story, text("No trials are recorded.", self.styles.muted)]
        wide_height = self.pagesize[0] - self.height_margin
        return story + list(timeline_charts(self.person, self.wide_width, self.today, max_height=wide_height - 40))

    def history(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("Medication history")]
        if not self.person.trials:
            return [*story, text("No trials are recorded.", self.styles.muted)]
        return [*story, medication_table(self.person, self.wide_width, self.today)]

    def measures(self) -> list[Flowable]:
        from triallog.reports.charts import measures_section

        proof = {id(t) for claim in self.claims for t in claim.trials}
        requested = continuing_trials(self.case, self.person.trials, self.today)
        proof |= {id(t) for t in requested}
        note = text(
            "The charts show every score; the measured response is listed for the trials this case rests on "
            "(the proof of each ground claimed, and the requested drug).",
            self.styles.muted,
        )
        return [
            self.heading("Measures"),
            note,
            *measures_section(self.person, self.width, self.today, only=lambda t: id(t) in proof),
        ]

    # -- 5 to 7: the case's own record -------------------------------------------------------

    def case_history(self) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [self.heading("Case history")]
        events = self.case.events
        if events:
            rows = [[format_when(e.when, self.zone), e.status.label, _event_note(e)] for e in events]
            story.append(data_table(["Date", "Status", "Note"], rows, [1.4, 1.1, 4.3], self.width))
        else:
            story.append(text("No status recorded yet.", s.muted))
        story.append(text("Due dates", s.h2))
        if self.due:
            rows = []
            for item in self.due:
                rule = f"{item.meaning} {item.start_text[:1].upper()}{item.start_text[1:]}."
                if item.late and item.late_text():
                    rule += f" {item.late_text()}"
                rows.append(
                    [item.what.capitalize(), _due_text(item, self.zone), item.state_text(self.zone),
                     _source_text(item), rule]
                )  # fmt: skip
            story.append(
                data_table(["What", "Due", "State", "Source", "Rule"], rows, [1.0, 1.3, 1.0, 1.2, 2.9], self.width)
            )
            story.append(text(DATES_NOTE, s.muted))
        else:
            story.append(text("No clock is running: no request or denial is recorded yet.", s.muted))
        return story

    def calls(self) -> list[Flowable]:
        from triallog.reports.call_log import calls_table

        calls = [c for c in self.person.calls if c.case == self.case.key]
        story: list[Flowable] = [self.heading("Call log for this case")]
        if not calls:
            return [*story, text("No calls are logged for this case.", self.styles.muted)]
        return [*story, calls_table(calls, self.person, self.width, show_case=False)]

    def documents(self) -> list[Flowable]:
        """The case's documents and those not tied to another case (chart notes, pharmacy records)."""
        story: list[Flowable] = [self.heading("Documents index")]
        chosen = [d for d in self.person.documents if d.case in (None, self.case.key)]
        if not chosen:
            return [*story, text("No documents are recorded.", self.styles.muted)]
        chosen.sort(key=lambda d: (d.date.sort_key() if d.date else (date.max, 0), d.title.casefold()))
        rows = [
            [d.title, d.kind.label if d.kind else "", d.date.human() if d.date else "", d.sha256 or "not recorded"]
            for d in chosen
        ]
        return [*story, data_table(["Title", "Kind", "Date", "SHA-256"], rows, [2.2, 1.1, 0.9, 2.6], self.width)]

    # -- 8. the request letter -------------------------------------------------------------

    def _decision_item(self) -> Clock | None:
        """The open clock of the plan's decision on this request, if one is running."""
        return next((i for i in self.due if i.open and i.due is not None and i.party == "plan"), None)

    def letter(self) -> list[Flowable]:
        s = self.styles
        case, person = self.case, self.person
        rep = person.representative
        carrier = self.coverage.carrier if self.coverage else "the plan"
        member = f"Member ID {self.coverage.member_id}" if self.coverage and self.coverage.member_id else ""
        story: list[Flowable] = [
            text(f"{self.prepared:%B} {self.prepared.day}, {self.prepared.year}", s.body),
            text(
                f"To: {carrier}"
                + (f", {self.coverage.plan_name}" if self.coverage and self.coverage.plan_name else ""),
                s.body,
            ),
            Spacer(1, 6),
            markup(
                f"<b>Re: {escape(self.title)} for {escape(case.requested_drug)}</b><br/>"
                + escape(" · ".join(x for x in (f"Patient: {person.name}", self._dob(), member) if x))
                + (f"<br/>Denial reference {escape(case.denial_reference)}" if case.denial_reference else "")
                + (f" of {escape(case.denial_date.human())}" if case.denial_date else ""),
                s.body,
            ),
            Spacer(1, 6),
            text("To whom it may concern,", s.body),
        ]
        writer = f"I am writing as the authorized representative of {person.name}" if rep else "I am writing"
        drug = case.requested_drug + (f" {case.requested_strength}" if case.requested_strength else "")
        what = [drug, case.requested_dose.strip()]
        if self.prescriber:
            what.append(f"prescribed by {self.prescriber.name}")
        if case.diagnosis:
            what.append(f"for {case.diagnosis}" + (f" ({case.diagnosis_code})" if case.diagnosis_code else ""))
        details = ", ".join(x for x in what if x)
        opening = f"{writer} to ask {carrier} for an exception to its {self._kind_words()} for {details}."
        story.append(text(opening, s.body))
        if case.denial_date or case.required_drugs:
            required = _and_list(case.required_drugs)
            denial = (
                f"On {case.denial_date.human()} the plan denied coverage"
                if case.denial_date
                else "The plan denied coverage"
            )
            reference = f" (reference {case.denial_reference})" if case.denial_reference else ""
            because = f" because it requires {required} to be tried first" if required else ""
            story.append(text(f"{denial}{reference}{because}.", s.body))
        if self.claims:
            story.append(text("The exception should be granted because:", s.body))
            for proof in self.claims:
                story.append(markup(f"• <b>{escape(proof.heading)}.</b> {escape(proof.sentences)}", s.body))
        story.append(text(self._answer_sentence(), s.body))
        if case.urgency and case.urgency.value == "expedited":
            story.append(
                text(
                    "This request is urgent: waiting for a standard decision could seriously jeopardize the "
                    "patient's health. Please decide it on the expedited timeline.",
                    s.body,
                )
            )
        story.append(
            text(
                "The enclosed pages give the medication history, the measures, the calls and the prescriber's "
                "statement. Please call me with any question, and send the decision in writing.",
                s.body,
            )
        )
        story += [Spacer(1, 10), text("Sincerely,", s.body), Spacer(1, 26), text(BLANK * 2, s.body)]
        if rep:
            story.append(text(f"{rep.name}, authorized representative of {person.name}", s.body))
            if rep.relationship:
                story.append(text(f"Relationship: {rep.relationship}", s.small))
            if rep.phone:
                story.append(text(f"Phone: {rep.phone}", s.small))
            if self._medicare:
                story.append(text(f"A signed {CMS_1696} is enclosed.", s.small))
            elif rep.authority:
                story.append(text(f"Authority: {rep.authority}", s.small))
        else:
            story.append(text(person.name, s.body))
            if person.phone:
                story.append(text(f"Phone: {person.phone}", s.small))
        return story

    def _kind_words(self) -> str:
        return {
            CaseKind.PRIOR_AUTHORIZATION: "prior authorization requirement",
            CaseKind.NON_FORMULARY: "formulary",
            CaseKind.QUANTITY_LIMIT: "quantity limit",
        }.get(self.case.kind or CaseKind.STEP_THERAPY, "step therapy requirement")

    def _dob(self) -> str:
        dob = self.person.date_of_birth
        return f"Date of birth {dob.human()}" if dob else ""

    def _answer_sentence(self) -> str:
        """When the decision is due, citing the law only where its current text was read; a request not yet
        sent has no due time (the plan's clock starts when it receives the request)."""
        ask = "Please tell me in writing by when the plan will decide this request."
        item = self._decision_item()
        if item is None:
            rule = self._request_rule()
            if rule is None or not rule.verified:
                return ask
            return _within(rule)
        if not item.verified or item.rule is None:
            if item.overdue:
                sent = format_when(item.event.when, self.zone)
                return f"I sent this request on {sent} and have not yet received a decision. {ask}"
            return ask
        when = format_when(item.due, self.zone) if item.due is not None else ""
        rule = _within(item.rule)
        if item.overdue:
            return f"{rule} The decision was due by {when}, and I have not received it."
        return f"{rule} I therefore expect the plan's decision by {when}."

    def _request_rule(self) -> DeadlineRule | None:
        """The rule that will time the plan's answer to this request once it is received."""
        return request_rule(self.case, self.coverage, self.today)

    # -- 9. the prescriber statement --------------------------------------------------------

    def statement(self) -> list[Flowable]:
        s = self.styles
        case, person = self.case, self.person
        p = self.prescriber or r.Prescriber(name="")
        story: list[Flowable] = [
            text("Prescriber statement of medical necessity", s.title),
            text(f"Supporting the {self.title.lower()} for {case.requested_drug}", s.body),
            field_table(
                [
                    ("Patient", person.name),
                    ("Date of birth", person.date_of_birth.human() if person.date_of_birth else ""),
                    ("Member ID", self.coverage.member_id if self.coverage else ""),
                    (
                        "Requested drug",
                        strength_and_dose(case.requested_drug, case.requested_strength, case.requested_dose),
                    ),
                    (
                        "Diagnosis (ICD-10-CM)",
                        " ".join(
                            x for x in (case.diagnosis, f"({case.diagnosis_code})" if case.diagnosis_code else "") if x
                        ),
                    ),
                    ("Denial reference", case.denial_reference),
                ],
                self.width,
                label_width=0.24,
            ),
            text("Drugs tried", s.h2),
        ]
        tried = trials_by_start([t for t in person.trials if t.outcome is not Outcome.CONTRAINDICATED])
        if tried:
            rows = [
                [
                    t.drug_label,
                    strength_and_dose(t.strength, t.dose),
                    t.start.human(),
                    t.end.human() if t.end else "still taking",
                    t.outcome.label,
                    "; ".join(x.strip().rstrip(".") for x in (t.reason_stopped, side_effects_text(t)) if x.strip()),
                ]
                for t in tried
            ]
            story.append(
                data_table(
                    ["Drug", "Strength and dose", "Start", "End", "Outcome", "Reason and side effects"],
                    rows,
                    [1.3, 1.3, 0.8, 0.8, 0.9, 2.6],
                    self.width,
                )
            )
        else:
            story.append(text("None recorded.", s.muted))
        contraindicated = [t for t in person.trials if t.outcome is Outcome.CONTRAINDICATED]
        story.append(text("Contraindications", s.h2))
        if contraindicated:
            for t in contraindicated:
                reason = t.reason_stopped or t.notes or "reason not recorded"
                story.append(text(f"• {t.drug_label}: {reason}", s.small))
        else:
            story.append(text("None recorded.", s.muted))
        story.append(text("Current stability", s.h2))
        stable = [x for x in self.claims if x.claim.ground is Ground.STABLE_ON_CURRENT and x.sentences]
        since = continuing_since(case, person.trials, self.today)
        if stable:
            story += [text(x.sentences, s.small) for x in stable]
        elif since:
            story.append(text(f"Taking {case.requested_drug} since {since.human()}.", s.small))
        else:
            story.append(text(f"{case.requested_drug} is a new therapy for this patient.", s.small))
        story.append(text("Clinical rationale (prescriber)", s.h2))
        story += [self._line() for _ in range(6)]
        story.append(Spacer(1, 8))
        story.append(text("I certify that the information above is accurate to the best of my knowledge.", s.small))
        sign = field_table(
            [
                ("Prescriber signature", ""),
                ("Printed name", p.name),
                ("NPI", p.npi),
                ("Phone / fax", " / ".join(x for x in (p.phone, p.fax) if x)),
                ("Date", ""),
            ],
            self.width,
            label_width=0.24,
        )
        story.append(KeepTogether([sign]))
        return story

    def _line(self) -> Flowable:
        line = Table([[""]], colWidths=[self.width], rowHeights=[20])
        line.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
        return line
