"""The evidence packet for one case, laid out: every sentence comes from `domain.packet_text`.

The cover, the letter, the prescriber statement, the fax cover and the documents checklist are
composed there, as plain paragraphs and labelled values; here they only become pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from triallog.domain import records as r
from triallog.domain.clocks import Clock, case_clocks
from triallog.domain.deadlines import Level
from triallog.domain.enums import Outcome
from triallog.domain.grounds import Link, continuing_trials, requested, required_drugs, tie, trial_named
from triallog.domain.packet_text import DrugBlock, Field, PacketText, compose_packet
from triallog.domain.zones import format_when, zone_of
from triallog.reports.base import (
    BLANK,
    FONT,
    RULE,
    PdfRenderer,
    Whole,
    data_table,
    field_table,
    keep_whole,
    markup,
    text,
)
from triallog.reports.history import medication_table, side_effects_text, strength_and_dose, trials_by_start

#: the most characters the footer's left part takes beside "Page N of M"
FOOTER_CHARS = 88
#: the parts printed on landscape pages
WIDE = ("timeline", "history")
DATES_NOTE = (
    "Due dates are computed by TrialLog from the rules cited, in the patient's time zone; the plan's own "
    "letters and the law govern. A date marked \u201cnot yet checked\u201d comes from a rule whose current text "
    "TrialLog has not read."
)


def _source_text(item: Clock) -> str:
    return f"{item.source} (not yet checked)" if item.source and not item.verified else item.source


def _event_note(event: r.CaseEvent) -> str:
    """The event's note, then the plan's letter's date and arrival for a decision."""
    letter = []
    if event.notice_date is not None:
        letter.append(f"Letter dated {event.notice_date.human()}")
    if event.received is not None:
        letter.append(f"received {event.received.human()}")
    return " ".join(x for x in (event.note.strip(), ", ".join(letter) + "." if letter else "") if x)


def _pairs(fields: Sequence[Field]) -> list[tuple[str, str]]:
    """Labelled values for `field_table`; identifiers are marked to print on one line."""
    return [(f.label, Whole(f.value) if f.whole and f.value else f.value) for f in fields]


def bears_on(trial: r.Trial, case: r.Case) -> bool:
    """A trial of one of the case's required drugs or of the requested drug, of the same moiety in another
    form, or of their class: what the case is about (an antidepressant is not, in a psoriasis request)."""
    named = trial_named(trial)
    return any(tie(d, named).link is not Link.NONE for d in (requested(case), *required_drugs(case)))


def relevant_instruments(person: r.Person, case: r.Case, today: date) -> list[str]:
    """The measures that bear on the case: an instrument scored during a trial that bears on it (a PHQ-9
    stays out of a psoriasis request)."""
    spans = []
    for trial in person.trials:
        if trial.outcome is Outcome.CONTRAINDICATED:
            continue
        if bears_on(trial, case):
            end = trial.end.last_day if trial.end is not None else today
            spans.append((trial.start.first_day, end))
    found = []
    for m in person.measurements:
        day = m.taken.first_day
        if m.instrument not in found and any(start <= day <= end for start, end in spans):
            found.append(m.instrument)
    return sorted(found)


class EvidencePacket(PdfRenderer):
    """The packet for one case, its parts in the order of `domain.packet_sections`; each may be left out.

    `instruments`: the measures to print (None: those that bear on the case); `fax_pages`: the page count the
    fax cover states (the packet is rendered once to count them)."""

    def __init__(
        self,
        person: r.Person,
        case_key: str,
        sections: tuple[str, ...],
        today: date,
        paper: str = "letter",
        *,
        redacted: bool = False,
        instruments: tuple[str, ...] | None = None,
        fax_pages: int | None = None,
        attached: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(person.name, today, paper, redacted=redacted)
        self.person = person
        self.case = next(c for c in person.cases if c.key == case_key)
        self.sections = sections
        self.today = today
        self.zone = zone_of(person.time_zone)
        self.coverage = next((c for c in person.coverages if c.key == self.case.coverage), None)
        self.instruments = instruments
        # the letter names as enclosed only the parts that hold something, and the files appended after them
        present = tuple(name for name in sections if not self._empty(name))
        self.words: PacketText = compose_packet(person, self.case, today, present, attached, redacted)
        self.title = self.words.title
        self.due = case_clocks(self.case, self.coverage, self.zone, today)
        self.fax_pages = fax_pages

    def _empty(self, name: str) -> bool:
        """A part that would say only that there is nothing to show."""
        if name in ("timeline", "history"):
            return not self.person.trials
        if name == "measures":
            return not self.chosen_instruments()
        if name == "calls":
            return not any(c.case == self.case.key for c in self.person.calls)
        return False

    def metadata_title(self) -> str:
        return "Evidence packet"

    def footer_text(self) -> str:
        """The paper and its reference, short enough to leave room for "Page N of M" on one line."""
        reference = f" · denial {self.case.denial_reference.strip()}" if self.case.denial_reference.strip() else ""
        drug = self.case.requested_drug.strip()
        room = FOOTER_CHARS - len(self.title) - len(reference) - 2
        if len(drug) > room:
            drug = drug[: max(room - 1, 0)].rstrip() + "…" if room > 12 else ""
        return f"{self.title}: {drug}{reference}" if drug else f"{self.title}{reference}"

    def whole(self, words: str) -> str:
        """`words` with the denial reference kept on one line wherever it appears."""
        reference = self.case.denial_reference.strip()
        return words.replace(reference, keep_whole(reference)) if reference and " " in reference else words

    # -- the whole ----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        parts: dict[str, Callable[[], list[Flowable]]] = {
            "fax": self.fax_cover,
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
                # the fax cover, the cover, the letter and the statement each start a page; the rest flow on
                story.append(PageBreak() if name in ("cover", "letter", "statement") else CondPageBreak(180))
            story += parts[name]()
            previous = name
        return story

    def heading(self, words: str) -> Flowable:
        return text(words, self.styles.h1)

    # -- the fax cover ------------------------------------------------------------------------

    def fax_cover(self) -> list[Flowable]:
        """Large, plain lines that survive a fax machine; the page count is the whole packet's."""
        s = self.styles
        fax = self.words.fax
        pages = f"{self.fax_pages}, this page included" if self.fax_pages else ""
        large = ParagraphStyle("fax", parent=s.body, fontSize=13, leading=19)
        story: list[Flowable] = [text("Fax", s.title), Spacer(1, 6)]
        for f in fax.fields:
            value = pages if f.value == "{pages}" else f.value
            shown = keep_whole(value) if f.whole else value
            story.append(markup(f"<b>{escape(f.label)}:</b> {escape(shown) or BLANK}", large))
        return [*story, Spacer(1, 12), text(fax.note, s.small)]

    # -- 1. cover -----------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        s = self.styles
        w = self.words
        case = self.case
        half = (self.width - 12) / 2
        story: list[Flowable] = [
            text(w.title, s.title),
            markup(
                f"for <b>{escape(case.requested_drug)}</b>"
                + (
                    f" · denial reference <b>{escape(keep_whole(case.denial_reference))}</b>"
                    if case.denial_reference
                    else ""
                )
                + (" · <b>EXPEDITED</b>" if case.urgency and case.urgency.value == "expedited" else ""),
                s.body,
            ),
            Spacer(1, 4),
        ]
        plan_box = [
            text("Plan", s.h2),
            field_table(_pairs(w.plan), half, label_width=0.34),
            text("Send to" if w.stage.send_to != "elsewhere" else "Plan contact", s.h2),
            field_table(_pairs(w.contact), half, label_width=0.34),
        ]
        person_box = [text("Patient", s.h2), field_table(_pairs(w.person), half, label_width=0.34)]
        story.append(self._side_by_side(person_box, plan_box))
        story.append(text("The request", s.h2))
        story.append(field_table(_pairs(w.request), self.width, label_width=0.24))
        prescriber_box = [text("Prescriber", s.h2), field_table(_pairs(w.prescriber), half, label_width=0.34)]
        if w.representative:
            rep_box = [text("Representative", s.h2), field_table(_pairs(w.representative), half, label_width=0.34)]
        else:
            rep_box = [text("Representative", s.h2), text(w.representative_none, s.muted)]
        story.append(self._side_by_side(prescriber_box, rep_box))
        heading = (
            "Grounds for the exception" if w.stage.level is Level.REQUEST else "Why the decision should be reversed"
        )
        story.append(text(heading, s.h2))
        if not w.grounds:
            story.append(text(BLANK * 3, s.body))  # nothing claimed yet: lines to write the grounds on
        for number, (title, sentences) in enumerate(w.grounds, 1):
            story.append(markup(f"<b>{number}. {escape(title)}.</b> {escape(sentences)}", s.small))
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

    def chosen_instruments(self) -> list[str]:
        if self.instruments is not None:
            return list(self.instruments)
        return relevant_instruments(self.person, self.case, self.today)

    def measures(self) -> list[Flowable]:
        from triallog.reports.charts import measures_section

        chosen = set(self.chosen_instruments())
        story: list[Flowable] = [self.heading("Measures")]
        if not chosen:
            return [*story, text("No measure bears on this case.", self.styles.muted)]
        proof = {id(t) for claim in self.words.claims for t in claim.trials}
        proof |= {id(t) for t in continuing_trials(self.case, self.person.trials, self.today)}
        shown = replace(self.person, measurements=[m for m in self.person.measurements if m.instrument in chosen])
        note = text(
            "Only the measures that bear on this request are printed. The charts show every score of them; the "
            "measured response is listed for the trials this case rests on (the proof of each ground claimed, and "
            "the requested drug).",
            self.styles.muted,
        )
        return [*story, note, *measures_section(shown, self.width, self.today, only=lambda t: id(t) in proof)]

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
                due = format_when(item.due, self.zone) if item.due is not None else "no date: see the rule"
                rows.append([item.what.capitalize(), due, item.state_text(self.zone), _source_text(item), rule])
            story.append(
                data_table(
                    ["What", "Due", "State", "Source", "Rule"], rows, [1.0, 1.3, 1.0, 1.2, 2.9], self.width, whole={1}
                )
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
        """The reviewer's checklist (enclosed or missing), then the index of the documents on file."""
        s = self.styles
        story: list[Flowable] = [self.heading("Documents checklist")]
        if self.words.checklist:
            rows = [
                [item.what[:1].upper() + item.what[1:], "Enclosed" if item.enclosed else "Missing", item.detail]
                for item in self.words.checklist
            ]
            story.append(data_table(["Document", "Status", "Which, or what is known"], rows, [2.2, 0.8, 3.8],
                                    self.width))  # fmt: skip
        else:
            story.append(text("Nothing was asked for on the calls, and no denial letter is recorded.", s.muted))
        story.append(text("Documents index", s.h2))
        chosen = [d for d in self.person.documents if d.case in (None, self.case.key)]
        if not chosen:
            return [*story, text("No documents are recorded.", s.muted)]
        chosen.sort(key=lambda d: (d.date.sort_key() if d.date else (date.max, 0), d.title.casefold()))
        rows = [
            [d.title, d.kind.label if d.kind else "", d.date.human() if d.date else "", d.sha256 or "not recorded"]
            for d in chosen
        ]
        return [*story, data_table(["Title", "Kind", "Date", "SHA-256"], rows, [2.2, 1.1, 0.9, 2.6], self.width)]

    # -- 8. the letter -------------------------------------------------------------------------

    def letter(self) -> list[Flowable]:
        s = self.styles
        w = self.words.letter
        story: list[Flowable] = [text(w.date, s.body)]
        story.append(markup("<br/>".join(escape(line).replace("\n", "<br/>") for line in w.to), s.body))
        story.append(Spacer(1, 4))
        story.append(markup("<br/>".join(f"<b>{escape(x)}</b>" if i == 0 else escape(self.whole(x))
                                         for i, x in enumerate(w.subject)), s.body))  # fmt: skip
        story += [Spacer(1, 6), text("To whom it may concern,", s.body)]
        if w.late:
            story.append(markup(f"<b>{escape(w.late)}</b>", s.body))
        story.append(text(w.opening, s.body))
        if w.decision:
            story.append(text(self.whole(w.decision), s.body))
        if w.quoted_reason:
            story.append(markup(f"<i>{escape(w.quoted_reason)}</i>", s.body))
        if w.reply:
            story.append(text(w.reply, s.body))
        for block in w.blocks:
            story += self._block(block)
        for title, sentences in w.requested:
            story.append(markup(f"• <b>{escape(title)}.</b> {escape(sentences)}", s.body))
        if w.urgent:
            story.append(text(w.urgent, s.body))
        # the closing paragraphs and the signature stay together: a page never holds "Sincerely" alone
        ending: list[Flowable] = [text(w.answer_by, s.body), text(w.enclosed, s.body)]
        ending += [Spacer(1, 10), text(w.closing, s.body), Spacer(1, 26), text(BLANK * 2, s.body)]
        ending += [text(line, s.body) for line in w.signature]
        ending += [text(line, s.small) for line in w.signature_small]
        return [*story, KeepTogether(ending)]

    def _block(self, block: DrugBlock) -> list[Flowable]:
        """One required drug: its claim's heading, the link and explanation, then its proof rows."""
        s = self.styles
        flow: list[Flowable] = [markup(f"• <b>{escape(block.heading)}.</b> {escape(block.text)}", s.body)]
        if block.lines:
            rows = [[x.drug, x.dates + (f"; under {x.plan}" if x.plan else ""), x.dose, x.outcome, x.effects]
                    for x in block.lines]  # fmt: skip
            flow.append(
                data_table(["Drug", "Dates and plan", "Dose", "Outcome", "Side effects (severity; what was done)"],
                           rows, [1.1, 1.5, 1.1, 1.5, 1.7], self.width - 12)
            )  # fmt: skip
            flow.append(Spacer(1, 4))
        return [KeepTogether(flow)]

    # -- 9. the prescriber statement --------------------------------------------------------

    def statement(self) -> list[Flowable]:
        s = self.styles
        st = self.words.statement
        case, person = self.case, self.person
        story: list[Flowable] = [
            text("Prescriber statement of medical necessity", s.title),
            text(f"Supporting the {self.title[:1].lower()}{self.title[1:]} for {case.requested_drug}", s.body),
            field_table(_pairs(st.fields), self.width, label_width=0.24),
            text("Drugs tried", s.h2),
        ]
        # the drugs that bear on this request: other medicines are the person's own business here
        shown = [t for t in person.trials if bears_on(t, case)]
        tried = trials_by_start([t for t in shown if t.outcome is not Outcome.CONTRAINDICATED])
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
                    whole={2, 3},
                )
            )
        else:
            story.append(text("None recorded.", s.muted))
        if len(shown) < len(person.trials):
            story.append(text("Only the drugs that bear on this request are listed.", s.muted))
        story.append(text("Contraindications", s.h2))
        if st.contraindications:
            story += [text(f"• {line}", s.small) for line in st.contraindications]
        else:
            story.append(text("None recorded.", s.muted))
        story.append(text("Current stability", s.h2))
        story += [text(line, s.small) for line in st.stability]
        if st.attestation:
            story.append(text("Urgency", s.h2))
            story.append(text(st.attestation, s.small))
            story.append(text("Reason it cannot wait:", s.small))
            story += [self._line() for _ in range(2)]
        story.append(text("Clinical rationale (prescriber)", s.h2))
        story += [self._line() for _ in range(6)]
        story.append(Spacer(1, 8))
        certify = text("I certify that the information above is accurate to the best of my knowledge.", s.small)
        # the certification and the signature stay on one page
        story.append(KeepTogether([certify, field_table(_pairs(st.signature), self.width, label_width=0.24)]))
        return story

    def _line(self) -> Flowable:
        line = Table([[""]], colWidths=[self.width], rowHeights=[20])
        line.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
        return line
