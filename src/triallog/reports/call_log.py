"""The call log: a table of calls with their reference numbers, as a PDF of its own or a packet section, and as CSV."""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from triallog.domain import records as r
from triallog.domain.enums import Direction
from triallog.domain.zones import format_day, format_moment, zone_of
from triallog.reports.base import (
    FONT,
    FONT_BOLD,
    MUTED,
    Cell,
    PdfRenderer,
    data_table,
    keep_whole,
    markup,
    styles,
    text,
)

#: what a reference number cell says when none was written down
NO_REFERENCE = "—"
CSV_COLUMNS = (
    "date",
    "time",
    "utc_offset",
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
    "case",
)
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_PAD = 6  # a data_table cell's left and right padding together
_CELL_SIZE = 8.5
_REFERENCE_SHARE = 0.2  # at most this much of the width; a longer number wraps rather than starve the summary
_WEIGHTS = {"party": 1.6, "summary": 2.6, "documents": 1.3, "case": 1.1}
_MUTED = "#" + MUTED.hexval()[2:]  # as <font color> wants it


def calls_oldest_first(calls: Sequence[r.Call]) -> list[r.Call]:
    """Oldest first, by the moment the call happened: read top to bottom, the log tells the story."""
    return sorted(calls, key=lambda c: c.when)


def offset_text(when: datetime) -> str:
    """`-06:00`: the offset from UTC the call was recorded with (empty when it has none)."""
    raw = when.strftime("%z")  # -0600
    return f"{raw[:3]}:{raw[3:5]}" if raw else ""


def calls_table(calls: Sequence[r.Call], person: r.Person, width: float, show_case: bool = True) -> Table:
    """One row per call, oldest first; the reference number in bold and, when it fits, on one line.

    Direction, phone and representative share a cell with the party ("To Cigna (carrier)") and the duration
    one with the time, so the summary keeps room. The follow-up date has a column; the case (with
    `show_case`) is named by its denial reference, else by its requested drug. Also the evidence packet's
    "Call log" section (with `show_case=False`: the packet is about one case)."""
    ordered = calls_oldest_first(calls)
    cases = {c.key: c for c in person.cases}
    header = ["Date and time", "Call to or from", "Reference number", "Summary", "Documents asked for", "Follow up by"]
    rows: list[list[Cell]] = []
    zone = zone_of(person.time_zone)
    for call in ordered:
        row: list[Cell] = [
            _when_cell(call, zone),
            _party_cell(call),
            _reference_cell(call.reference_number),
            call.summary,
            _documents_cell(call.requested_documents),
            _follow_up_cell(call),
        ]
        if show_case:
            row.append(_case_cell(cases.get(call.case or "")))
        rows.append(row)
    if show_case:
        header.append("Case")
    return data_table(header, rows, _widths(ordered, width, show_case), width)


def case_name(case: r.Case | None) -> str:
    """How a call log names a case: by its denial reference, else by the drug it asks for."""
    if case is None:
        return ""
    return case.denial_reference.strip() or case.requested_drug.strip()


def _fit(value: str, font: str = FONT) -> float:
    return stringWidth(value, font, _CELL_SIZE) + _PAD + 2


def _widths(calls: Sequence[r.Call], width: float, show_case: bool) -> list[float]:
    """Preferred widths in points: the dates as wide as the widest date, the reference column as its
    longest number (up to a limit), and the columns of prose share the rest by weight. `data_table`
    then widens any column too narrow for its longest word, so no word is cut in two."""
    styles()  # registers the fonts measured here
    longest = max((_fit(keep_whole(c.reference_number), FONT_BOLD) for c in calls), default=0.0)
    reference = min(max(longest, _fit("Reference", FONT_BOLD)), width * _REFERENCE_SHARE)
    days = [_fit(f"{month} 28, 2000") for month in calendar.month_abbr[1:]]
    day = max([*days, _fit("12:59 PM AKDT")])
    follow_up = max([*days, _fit("Follow up", FONT_BOLD)])
    prose = ["party", "summary", "documents", *(["case"] if show_case else [])]
    unit = (width - day - reference - follow_up) / sum(_WEIGHTS[name] for name in prose)
    share = {name: _WEIGHTS[name] * unit for name in prose}
    widths = [day, share["party"], reference, share["summary"], share["documents"], follow_up]
    return [*widths, share["case"]] if show_case else widths


def _when_cell(call: r.Call, zone: tzinfo) -> Paragraph:
    """`Jan 23, 2023`, `10:05 AM CST` and the minutes: the time in the person's own zone."""
    when = call.when.astimezone(zone)
    clock = format_moment(when, zone).split(", ")[-1]
    lines = [escape(keep_whole(format_day(when.date()))), escape(keep_whole(clock))]
    if call.duration_minutes is not None:
        lines.append(f'<font color="{_MUTED}">{call.duration_minutes}&nbsp;min</font>')
    return markup("<br/>".join(lines), styles().cell)


def _party_cell(call: r.Call) -> Paragraph:
    """`To <b>Cigna</b> (carrier)`, the phone and who answered: who, and which way the call went."""
    organization = " ".join(call.organization.split())
    label = call.party.label if call.party else ""
    if organization:
        kind = label if label.isupper() else label.lower()  # "(PBM)", "(carrier)"
        who = f"<b>{escape(organization)}</b>" + (f" ({escape(kind)})" if kind else "")
    else:
        who = f"<b>{escape(label)}</b>" if label else ""
    if call.direction is not None:
        who = f"{'To' if call.direction is Direction.OUTGOING else 'From'} {who}" if who else call.direction.label
    lines = [who] if who else []
    if call.phone.strip():
        lines.append(escape(keep_whole(call.phone)))
    if call.representative.strip():
        lines.append(f'<font color="{_MUTED}">Spoke with</font> {escape(" ".join(call.representative.split()))}')
    return markup("<br/>".join(lines), styles().cell)


def _reference_cell(reference: str) -> Paragraph:
    s = styles()
    if not reference.strip():
        return text(NO_REFERENCE, s.muted)
    return text(keep_whole(reference), s.cell_bold)


def _follow_up_cell(call: r.Call) -> Paragraph:
    """`Jan 26, 2023`, and `done` below it once ticked off."""
    if call.follow_up is None:
        return text("", styles().cell)
    day = escape(keep_whole(call.follow_up.human()))
    return markup(day + (f'<br/><font color="{_MUTED}">done</font>' if call.follow_up_done else ""), styles().cell)


def _case_cell(case: r.Case | None) -> Paragraph:
    reference = case.denial_reference.strip() if case else ""
    return text(keep_whole(reference) if reference else case_name(case), styles().cell)


def _documents_cell(documents: Sequence[str]) -> Paragraph:
    items = [escape(" ".join(d.split())) for d in documents if d.strip()]
    return markup("<br/>".join(f"•&nbsp;{item}" for item in items), styles().cell)


class CallLogPdf(PdfRenderer):
    """A person's calls (all, one case's, or a date range's) as one table, oldest first."""

    title = "Call log"

    def __init__(
        self,
        person: r.Person,
        calls: Sequence[r.Call],
        prepared: date,
        case: r.Case | None = None,
        since: date | None = None,
        until: date | None = None,
        paper: str = "letter",
    ) -> None:
        super().__init__(person.name, prepared, paper)
        self.person = person
        self.calls = calls_oldest_first(calls)
        self.case = case
        self.since = since
        self.until = until

    def covers(self, keep_period_whole: bool = False) -> str:
        """`All calls`, or `Calls about the … case (…)`; then the date range, if any (`keep_period_whole`
        joins its words with no-break spaces, so a heading never ends on a lone "on")."""
        what = "All calls"
        if self.case:
            reference = self.case.denial_reference.strip()
            what = f"Calls about the {self.case.requested_drug.strip()} case" + (f" ({reference})" if reference else "")
        period = period_text(self.since, self.until)
        if keep_period_whole:
            period = period.replace(" ", "\u00a0")
        if not period:
            return what
        return f"{what}, {period}" if self.case else f"{what} {period}"

    def story(self) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [text(self.title, s.title), text(self.covers(keep_period_whole=True), s.h2)]
        if not self.calls:
            # indented by the notice's padding, so its box stays inside the margins
            notice = ParagraphStyle("call_log_notice", parent=s.notice, leftIndent=6, rightIndent=6)
            story.append(text(self._empty_sentence(), notice))
            return story
        zone = zone_of(self.person.time_zone)
        first, last = (self.calls[i].when.astimezone(zone).date() for i in (0, -1))
        count = "1 call" if len(self.calls) == 1 else f"{len(self.calls)} calls"
        span = f"on {format_day(first)}" if first == last else f"from {format_day(first)} to {format_day(last)}"
        with_reference = sum(1 for c in self.calls if c.reference_number.strip())
        story.append(
            text(
                f"{count} {span}; {with_reference} with a reference number. Oldest first; "
                f"times are {self.person.name}'s local time.",
                s.muted,
            )
        )
        story.append(Spacer(0, 4))
        # seven columns (six for one case): on landscape pages the summaries keep room to be read
        self.starts_wide = True
        story.append(calls_table(self.calls, self.person, self.wide_width, show_case=self.case is None))
        return story

    def _empty_sentence(self) -> str:
        where = "about this case" if self.case else f"for {self.person.name}"
        period = period_text(self.since, self.until)
        return f"No call is recorded {where}{' ' + period if period else ''}."


def period_text(since: date | None, until: date | None) -> str:
    """`from 2023-01-01 to 2023-03-31`, `from 2023-01-01 on`, `up to 2023-03-31`, or empty."""
    if since and until:
        return f"from {since.isoformat()} to {until.isoformat()}"
    if since:
        return f"from {since.isoformat()} on"
    if until:
        return f"up to {until.isoformat()}"
    return ""


def call_log_csv(calls: Sequence[r.Call], person: r.Person) -> bytes:
    """UTF-8 (no byte-order mark), a header row, one call a row, oldest first; safe to open in a spreadsheet."""
    cases = {c.key: case_name(c) for c in person.cases}
    out = io.StringIO()
    writer = csv.writer(out)  # quotes commas, quotes and line breaks; rows end in CRLF as RFC 4180 has it
    writer.writerow(CSV_COLUMNS)
    for call in calls_oldest_first(calls):
        writer.writerow(
            [
                call.when.date().isoformat(),
                f"{call.when:%H:%M}",
                offset_text(call.when),
                call.direction.value if call.direction else "",
                call.party.value if call.party else "",
                safe_cell(call.organization),
                safe_cell(call.phone),
                safe_cell(call.representative),
                safe_cell(call.reference_number),
                "" if call.duration_minutes is None else str(call.duration_minutes),
                safe_cell(call.summary),
                safe_cell("; ".join(d.strip() for d in call.requested_documents if d.strip())),
                call.follow_up.iso() if call.follow_up else "",
                safe_cell(cases.get(call.case or "", "")),
            ]
        )
    return out.getvalue().encode("utf-8")


def safe_cell(value: str) -> str:
    """The user's words as a spreadsheet shows them: one that would start a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
