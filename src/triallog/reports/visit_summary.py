"""The visit summary: what a prescriber needs at a visit, on as few pages as it takes."""

from __future__ import annotations

from datetime import date, tzinfo
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from triallog.domain import measures
from triallog.domain import records as r
from triallog.domain.clocks import Clock, case_clocks
from triallog.domain.dates import span_length
from triallog.domain.deadlines import UNVERIFIED, add_months
from triallog.domain.enums import CaseStatus, Outcome
from triallog.domain.plans import plan_in_force
from triallog.domain.zones import format_when, zone_of
from triallog.reports.base import (
    FONT,
    RULE,
    PdfRenderer,
    data_table,
    field_table,
    keep_whole,
    markup,
    text,
)
from triallog.reports.charts import human_day, measures_section
from triallog.reports.history import medication_table, strength_and_dose

#: a case still needs work unless it ended one of these ways
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.APPROVED)
FAILED = (Outcome.INEFFECTIVE, Outcome.ADVERSE_REACTION, Outcome.PARTIAL_RESPONSE)
RECENT_MONTHS = 12
WRITING_LINES = 4
SECTION_ROOM = 90  # points: a heading and the first rows of what follows it


def item9_notice(person: r.Person, style: ParagraphStyle) -> Paragraph | None:
    """The calm notice for the latest PHQ-9's item 9, or None when it does not apply."""
    found = measures.latest_item9_positive(person.measurements)
    if found is None:
        return None
    return markup(
        f"<b>Item 9 (thoughts of self-harm) was answered above 0 on {escape(found.taken.human())}: "
        "please ask about it.</b> In a crisis, call or text 988 (the Suicide and Crisis Lifeline, US) "
        "or call 911.",
        style,
    )


def due_words(item: Clock, zone: tzinfo) -> str:
    if item.due is None:
        return "no date: " + item.meaning
    return format_when(item.due, zone) + (" (overdue)" if item.overdue else "")


class VisitSummary(PdfRenderer):
    """One person's visit summary: who they are and their plans, current medications, open cases with what
    is due, questions to ask, the last twelve months of measures, and the trial history."""

    title = "Visit summary"

    def __init__(self, person: r.Person, today: date, paper: str = "letter") -> None:
        super().__init__(person.name, today, paper)
        self.person = person
        self.today = today
        self.zone = zone_of(person.time_zone)
        self.since = add_months(today, -RECENT_MONTHS)
        self.heading = ParagraphStyle("visit_h1", parent=self.styles.h1, keepWithNext=1)
        self.plans = {c.key: c for c in person.coverages}
        self.prescribers = {p.key: p for p in person.prescribers}

    def story(self) -> list[Flowable]:
        return [
            *self.identity(),
            *self.notice(),
            *self.current_medications(),
            *self.open_cases(),
            *self.questions(),
            *self.recent_measures(),
            *self.trial_history(),
        ]

    # -- the parts, in page order ---------------------------------------------------------------

    def identity(self) -> list[Flowable]:
        p, s = self.person, self.styles
        in_force = [c for c in p.coverages if c.in_force_on(self.today)]
        plans = "\n".join(self.plan_line(c) for c in in_force) or f"none recorded in force on {human_day(self.today)}"
        born = p.date_of_birth.human() if p.date_of_birth else ""
        if p.date_of_birth is not None:
            age = self.today.year - p.date_of_birth.year
            if (self.today.month, self.today.day) < (p.date_of_birth.month or 1, p.date_of_birth.day or 1):
                age -= 1
            born += f" (age {age})"
        prescribers = "\n".join(self.prescriber_line(x) for x in p.prescribers)
        pairs: list[tuple[str, str | Flowable | None]] = [
            ("Name", p.name),
            ("Date of birth", born),
            ("Plans in force", plans),
            ("Prescribers", prescribers),
        ]
        if p.representative is not None:
            rep = p.representative
            phone = keep_whole(rep.phone)
            pairs.append(("Representative", ", ".join(x for x in (rep.name, rep.relationship, phone) if x)))
        return [
            text(self.title, s.title),
            text(f"For a prescriber visit. Prepared {human_day(self.today)} from the TrialLog record.", s.muted),
            field_table(pairs, self.width, label_width=0.22),
            Spacer(1, 4),
        ]

    def notice(self) -> list[Flowable]:
        found = item9_notice(self.person, self.styles.notice)
        return [found] if found is not None else []

    def current_medications(self) -> list[Flowable]:
        taking = sorted((t for t in self.person.trials if t.still_taking), key=lambda t: t.start.sort_key())
        head = self.section("Current medications")
        if not taking:
            return [*head, text("No medication is recorded as still taking.", self.styles.muted)]
        rows = [
            [
                t.drug_label,
                strength_and_dose(t.strength, t.dose, t.route),
                f"{t.start.human()} ({span_length(t.start, None, self.today)})",
                self.prescribers[t.prescriber].name if t.prescriber in self.prescribers else "",
                t.indication,
            ]
            for t in taking
        ]
        header = ("Drug", "Strength and dose", "Since", "Prescriber", "For")
        return [*head, data_table(header, rows, (1.3, 1.7, 1.3, 1.1, 1.2), self.width)]

    def open_cases(self) -> list[Flowable]:
        cases = [c for c in self.person.cases if c.status not in CLOSED_STATUSES]
        head = self.section("Open cases and what is due")
        if not cases:
            return [*head, text("No insurance case is open.", self.styles.muted)]
        flow: list[Flowable] = [*head]
        for case in cases:
            flow.append(KeepTogether(self.case_block(case)))
        return flow

    def case_block(self, case: r.Case) -> list[Flowable]:
        s = self.styles
        coverage = self.plans.get(case.coverage or "")
        status = case.status.label if case.status else "no status"
        kind = f"{case.kind.label.lower()} " if case.kind else ""
        title = f"<b>{escape(case.requested_drug)}</b>: {escape(kind)}request, {escape(status.lower())}"
        denied = ""
        if case.denial_date is not None:
            denied = case.denial_date.human()
            if case.denial_reference:
                denied += f" ({keep_whole(f'reference {case.denial_reference}')})"
        pairs: list[tuple[str, str | Flowable | None]] = [
            ("Plan", coverage.title if coverage else ""),
            ("Denied", denied or "not denied"),
        ]
        if case.required_drugs:
            pairs.append(("Plan wants tried first", ", ".join(case.required_drugs)))
        flow: list[Flowable] = [markup(title, s.h2), field_table(pairs, self.width, label_width=0.22)]
        due = [item for item in case_clocks(case, coverage, self.zone, self.today) if item.open]
        if due:
            rows = [[item.what, due_words(item, self.zone), self.source_words(item)] for item in due]
            flow += [Spacer(1, 3), data_table(("What is due", "When", "Source"), rows, (1.3, 1.6, 2.6), self.width)]
        else:
            flow.append(text("Nothing is waiting on a deadline for this case.", s.muted))
        flow.append(Spacer(1, 6))
        return flow

    def questions(self) -> list[Flowable]:
        s = self.styles
        asked = self.question_list()
        flow: list[Flowable] = [*self.section("Questions to ask")]
        if not asked:
            flow.append(text("No questions came from the record: write your own below.", s.muted))
        for number, question in enumerate(asked, start=1):
            flow.append(text(f"{number}. {question}", s.body))
        lines = Table([[""] for _ in range(WRITING_LINES)], colWidths=[self.width], rowHeights=20, hAlign="LEFT")
        lines.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
        flow.append(lines)
        return flow

    def recent_measures(self) -> list[Flowable]:
        # kept with the first chart by keepWithNext (a long table after a kept heading would force a new page)
        head = Paragraph(f"Measures in the last {RECENT_MONTHS} months", self.heading)
        return [head, *measures_section(self.person, self.width, self.today, since=self.since)]

    def trial_history(self) -> list[Flowable]:
        if not self.person.trials:
            head = self.section("Trial history")
            return [*head, text("No medication trials are recorded yet.", self.styles.muted)]
        # ten columns: on a landscape page of its own no word breaks
        title = Paragraph("Trial history", self.styles.h1)
        return [*self.turn_wide(), title, medication_table(self.person, self.wide_width, self.today)]

    def section(self, title: str) -> list[Flowable]:
        """A part's heading, on a new page when less than a few rows' room is left below it."""
        return [CondPageBreak(SECTION_ROOM), Paragraph(escape(title), self.styles.h1)]

    # -- what the parts say -------------------------------------------------------------------------

    def question_list(self) -> list[str]:
        """Questions from the record: open cases, recent failures, side effects still going on, missing scores."""
        found: list[str] = []
        for case in self.person.cases:
            if case.status in CLOSED_STATUSES:
                continue
            coverage = self.plans.get(case.coverage or "") or plan_in_force(self.person.coverages, self.today)
            carrier = coverage.carrier if coverage else "the plan"
            if case.denial_date is not None:
                found.append(
                    f"Can you write the prescriber statement for the {case.requested_drug} exception "
                    f"({carrier} denied it on {case.denial_date.human()})?"
                )
            else:
                found.append(f"Can you send {carrier} the request for {case.requested_drug}, with a statement?")
            for item in case_clocks(case, coverage, self.zone, self.today):
                if item.open and item.overdue:
                    when = due_words(item, self.zone).removesuffix(" (overdue)")
                    found.append(f"The {item.what} for {case.requested_drug} passed on {when}: what is the next step?")
        for trial in self.recent_trials():
            if trial.outcome in FAILED and trial.end is not None:
                found.append(
                    f"{trial.drug_label} ended {trial.end.human()} ({trial.outcome.label.lower()}): "
                    "is a same-class alternative worth trying?"
                )
        for trial in self.recent_trials():
            ongoing = [e for e in trial.side_effects if e.resolved is None]
            if ongoing:
                names = ", ".join(
                    f"{e.description} ({e.severity.label.lower()})" if e.severity else e.description for e in ongoing
                )
                found.append(f"Side effects of {trial.drug_label}: {names}. What should I do about them?")
        if not any(m.taken.first_day >= self.since for m in self.person.measurements):
            found.append("Which symptom scores (PHQ-9, GAD-7, pain 0–10) should I record before the next visit?")
        return found

    def recent_trials(self) -> list[r.Trial]:
        """Trials still taken, or ended in the last twelve months, oldest first."""
        recent = [
            t for t in self.person.trials if t.still_taking or (t.end is not None and t.end.last_day >= self.since)
        ]
        return sorted(recent, key=lambda t: t.start.sort_key())

    def plan_line(self, coverage: r.Coverage) -> str:
        parts = [coverage.title]
        if coverage.plan_type is not None:
            parts.append(coverage.plan_type.label)
        if coverage.member_id:
            parts.append(keep_whole(f"member ID {coverage.member_id}"))
        if coverage.start is not None:
            parts.append(f"since {coverage.start.human()}")
        return ", ".join(parts)

    def prescriber_line(self, prescriber: r.Prescriber) -> str:
        parts = [prescriber.name, prescriber.specialty, prescriber.practice]
        if prescriber.phone:
            parts.append(keep_whole(f"phone {prescriber.phone}"))
        if prescriber.fax:
            parts.append(keep_whole(f"fax {prescriber.fax}"))
        return ", ".join(x for x in parts if x)

    def source_words(self, item: Clock) -> str:
        if not item.source:
            return item.note or ""
        return item.source + ("" if item.verified else f" ({UNVERIFIED})")
