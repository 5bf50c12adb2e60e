"""Time the evidence packet for the ten-year record against raw reportlab drawing the same table rows.

Both run in this process on the same person and case, after one warm-up each (fonts registered,
modules imported), so the ratio is what the packet's styling, charts and letter cost over the
bare rows. Target (issue 6): ratio at most 1.5 and the packet under one second.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from make_record import write_record

from triallog.domain import records as r
from triallog.services.packets import PacketOptions, render_packet
from triallog.services.people import list_people, load_person
from triallog.services.transfer import import_path
from triallog.services.workspace import open_workspace


def busiest_case(db) -> tuple[r.Person, r.Case]:  # type: ignore[no-untyped-def]
    """The person with the most trials, and their case with the most calls: the largest packet."""
    people = [load_person(db, p.key) for p in list_people(db)]
    person = max(people, key=lambda p: (len(p.trials), len(p.calls)))
    case = max(person.cases, key=lambda c: sum(1 for call in person.calls if call.case == c.key))
    return person, case


def same_rows(person: r.Person, case: r.Case, today: date) -> list[list[list[str]]]:
    """Every table row the packet prints, as plain strings: the history, the statement's drugs tried,
    the measured responses of the trials the case rests on, case events, due dates, calls, documents."""
    from triallog.domain.clocks import case_clocks
    from triallog.domain.grounds import continuing_trials, suggest_grounds
    from triallog.domain.measures import trial_responses
    from triallog.domain.zones import zone_of

    def trial_row(t: r.Trial) -> list[str]:
        return [t.drug_label, t.strength, t.dose, t.start.iso(), t.end.iso() if t.end else "", t.outcome.value,
                t.reason_stopped, "; ".join(e.description for e in t.side_effects)]  # fmt: skip

    trials = [trial_row(t) for t in person.trials]
    tried = [trial_row(t) for t in person.trials if t.outcome.value != "contraindicated"]
    proof = [t for s in suggest_grounds(case, person.trials, person.coverages, today) for t in s.trials]
    proof += continuing_trials(case, person.trials, today)
    keyed = [replace(t, key=str(i)) for i, t in enumerate(proof)]
    found = trial_responses(keyed, person.measurements, person.measure_definitions, today)
    responses = [[k.drug_label, x.instrument, str(x.baseline), str(x.last), x.verdict.value]
                 for k in keyed for x in found.get(k.key, [])]  # fmt: skip
    coverage = next((c for c in person.coverages if c.key == case.coverage), None)
    clocks = case_clocks(case, coverage, zone_of(person.time_zone), today)
    due = [[d.what, str(d.due), d.source, d.meaning] for d in clocks]
    events = [[str(e.when), e.status.value, e.note] for e in case.events]
    calls = [
        [c.when.isoformat(), c.organization, c.representative, c.reference_number, str(c.duration_minutes or ""),
         c.summary, "; ".join(c.requested_documents)]
        for c in person.calls
        if c.case == case.key
    ]  # fmt: skip
    documents = [[d.title, d.kind.value if d.kind else "", d.date.iso() if d.date else "", d.sha256]
                 for d in person.documents]  # fmt: skip
    return [rows for rows in (trials, tried, responses, events, due, calls, documents) if rows]


def raw_reportlab(tables: list[list[list[str]]]) -> bytes:
    """The floor: reportlab's defaults, each table's rows as plain wrapped paragraphs, no styling."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    out = io.BytesIO()
    story = [Table([[Paragraph(escape(cell), style) for cell in row] for row in rows], repeatRows=1) for rows in tables]
    SimpleDocTemplate(out, pagesize=LETTER).build(story)
    return out.getvalue()


def timed(work, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    work()  # warm-up: imports, font registration
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        results.append(time.perf_counter() - start)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5; the median is reported)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scale", type=float, default=1.0, help="record size factor (default 1)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="triallog-bench-") as tmp:
        record = Path(tmp) / "family.json"
        write_record(record, args.seed, args.scale)
        db = open_workspace(Path(tmp) / "data")
        import_path(db, record)
        person, case = busiest_case(db)
        db.close()
    today = date(2025, 1, 2)
    tables = same_rows(person, case, today)
    pages: list[int] = []

    def packet() -> None:
        pages.append(render_packet(person, case.key, PacketOptions(), today)[1])

    packet_runs = timed(packet, args.runs)
    raw_runs = timed(lambda: raw_reportlab(tables), args.runs)
    rows = sum(len(t) for t in tables)
    calls = sum(1 for c in person.calls if c.case == case.key)
    print(f"person: {person.name}: {len(person.trials)} trials, {len(person.measurements)} scores")
    print(f"case: {case.requested_drug}: {calls} calls; {rows} table rows in all")

    def show(label: str, runs: list[float]) -> float:
        median = statistics.median(runs)
        listed = ", ".join(f"{x * 1000:.0f}" for x in runs)
        print(f"{label:<44} median {median * 1000:6.0f} ms   (runs: {listed} ms)")
        return median

    ours = show(f"evidence packet, all 9 parts ({pages[-1]} pages)", packet_runs)
    floor = show("raw reportlab, same rows, no styling", raw_runs)
    print(f"ratio packet / raw: {ours / floor:.2f}  (target at most 1.5; packet target under 1000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
