"""The fast reads give exactly what the whole ORM record gave: a person switch, the people list and the Due list.

The window reads a person's whole record once per change, and the Due list after every change; both
now read with plain selects. A rich record (the benchmark's family, the shared examples, and what only
the database keeps: ticked-off follow-ups, answered requests, custom measures, deleted links) is read
both ways here and must be equal, field for field and in the same order.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy.orm import selectinload

from tests.conftest import EXAMPLES
from tests.factories import make_call, make_document, make_measurement
from triallog.domain import records as r
from triallog.domain.enums import CaseStatus
from triallog.services import calls, cases, documents, measures, people, plans, trials
from triallog.services.transfer import import_bytes
from triallog.storage import orm, rows
from triallog.storage.db import Database
from triallog.storage.rows import plain

MAKE_RECORD = Path(__file__).resolve().parents[2] / "benchmarks" / "make_record.py"

WHOLE_PERSON = (
    selectinload(orm.PersonRow.coverages),
    selectinload(orm.PersonRow.prescribers),
    selectinload(orm.PersonRow.trials).selectinload(orm.TrialRow.side_effects),
    selectinload(orm.PersonRow.measurements),
    selectinload(orm.PersonRow.measure_definitions),
    selectinload(orm.PersonRow.cases).selectinload(orm.CaseRow.required_drugs),
    selectinload(orm.PersonRow.cases).selectinload(orm.CaseRow.claims).selectinload(orm.CaseClaimRow.proof),
    selectinload(orm.PersonRow.cases).selectinload(orm.CaseRow.events),
    selectinload(orm.PersonRow.calls).selectinload(orm.CallRow.requested_documents),
    selectinload(orm.PersonRow.documents),
)


def orm_person(db: Database, key: str) -> r.Person:
    """A person's whole record as TrialLog read it before: ORM rows through their relationships."""
    with db.reading() as session:
        row = session.get(orm.PersonRow, int(key), options=WHOLE_PERSON)
        assert row is not None
        person = rows.person_record(plain(row, rows.PERSON))
        person.coverages = [rows.coverage_record(plain(c, rows.COVERAGE)) for c in row.coverages]
        person.prescribers = [rows.prescriber_record(plain(p, rows.PRESCRIBER)) for p in row.prescribers]
        person.trials = [
            rows.trial_record(
                plain(t, rows.TRIAL), [rows.side_effect_record(plain(s, rows.SIDE_EFFECT)) for s in t.side_effects]
            )
            for t in row.trials
        ]
        person.measurements = [rows.measurement_record(plain(m, rows.MEASUREMENT)) for m in row.measurements]
        person.measure_definitions = [
            rows.measure_definition_record(plain(d, rows.MEASURE_DEFINITION)) for d in row.measure_definitions
        ]
        person.cases = [
            rows.case_record(
                plain(c, rows.CASE),
                [d.drug for d in c.required_drugs],
                [rows.claim_record(plain(x, rows.CASE_CLAIM), [p.trial_id for p in x.proof]) for x in c.claims],
                [rows.event_record(plain(e, rows.CASE_EVENT)) for e in c.events],
            )
            for c in row.cases
        ]
        person.calls = [
            rows.call_record(plain(c, rows.CALL), [plain(d, rows.REQUESTED_DOCUMENT) for d in c.requested_documents])
            for c in row.calls
        ]
        person.documents = [rows.document_record(plain(d, rows.DOCUMENT)) for d in row.documents]
        return person


def _make_record_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_record", MAKE_RECORD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def rich(db: Database, tmp_path: Path) -> Database:
    """The benchmark's family (a tenth of ten years), Dana from the shared example, and what only the
    database keeps."""
    family = _make_record_module().make_record(seed=11, scale=0.1)
    import_bytes(db, json.dumps(family, ensure_ascii=False).encode("utf-8"))
    import_bytes(db, (EXAMPLES / "dana-rivera.v2.json").read_bytes())
    dana = people.find_person(db, "Dana Rivera").key
    record = people.load_person(db, dana)
    # a follow-up ticked off, a request answered by an attached file, a custom measure with a score
    asked = calls.save_call(
        db, dana, make_call("2024-03-02T09:00:00-06:00", organization="Cigna", requested_documents=["chart notes"])
    ).new_key
    calls.mark_follow_up_done(db, dana, record.calls[0].key)
    scan = tmp_path / "notes.pdf"
    scan.write_bytes(b"%PDF-1.4 chart notes")
    documents.attach_document(db, dana, scan, make_document("Chart notes", key="", case=None), answers=[(asked, 0)])
    measures.save_definition(db, dana, r.MeasureDefinition("pain", unit="0-10", min=0, max=10, goal=3))
    measures.save_measurement(db, dana, make_measurement("custom:pain", "2024-03-03", 6.5, key=""))
    # a deleted plan and trial leave links behind as nothing (NULL), which a read must carry too
    family_person = people.list_people(db)[0].key
    whole = people.load_person(db, family_person)
    plans.remove_coverage(db, family_person, whole.coverages[0].key)
    trials.delete_trial(db, family_person, whole.trials[0].key)
    return db


def test_every_person_reads_the_same_through_the_fast_path_as_through_the_orm(rich: Database) -> None:
    everyone = people.list_people(rich)
    assert len(everyone) == 6

    for summary in everyone:
        fast = people.load_person(rich, summary.key)
        assert fast == orm_person(rich, summary.key), summary.name

    dana = people.load_person(rich, people.find_person(rich, "Dana Rivera").key)
    assert any(c.follow_up_done for c in dana.calls)
    assert any(c.answered_by for c in dana.calls)
    assert any(m.instrument == "custom:pain" and m.score == 6.5 for m in dana.measurements)
    assert any(t.side_effects for p in everyone for t in people.load_person(rich, p.key).trials)


def test_the_people_list_counts_what_each_whole_record_holds(rich: Database) -> None:
    for summary in people.list_people(rich, with_counts=True):
        whole = people.load_person(rich, summary.key)
        assert (summary.trials, summary.cases, summary.calls, summary.measurements) == (
            len(whole.trials),
            len(whole.cases),
            len(whole.calls),
            len(whole.measurements),
        ), summary.name


def test_a_person_with_nothing_recorded_counts_nothing(db: Database) -> None:
    key = people.add_person(db, r.Person("Sam Ortiz")).new_key

    assert people.list_people(db, with_counts=True)[0] == people.PersonSummary(key, "Sam Ortiz")


@pytest.mark.parametrize("today", [date(2019, 6, 1), date(2024, 3, 15), date(2031, 1, 1)])
def test_the_due_list_from_sql_is_the_due_list_of_everyone_s_whole_record(rich: Database, today: date) -> None:
    expected: list[cases.DueEntry] = []
    for summary in people.list_people(rich):
        whole = orm_person(rich, summary.key)
        expected += cases.due_for_person(whole, calls.open_follow_ups(whole.calls), today)
    expected.sort(key=cases._due_order)

    due = cases.due_all(rich, today)

    assert due == expected
    assert [cases.due_json([e]) for e in due] == [cases.due_json([e]) for e in expected]
    assert any(e.is_follow_up for e in due) and any(not e.is_follow_up for e in due)


def test_a_follow_up_stays_open_until_a_later_call_in_its_thread_even_across_offsets(db: Database) -> None:
    key = people.add_person(db, r.Person("Dana Rivera")).new_key
    first = calls.save_call(
        db, key, make_call("2024-03-01T10:00:00-06:00", organization="Cigna", follow_up="2024-03-05")
    ).new_key
    # the same moment written in another offset is not later; one minute on is
    calls.save_call(db, key, make_call("2024-03-01T11:00:00-05:00", organization=" cigna "))
    assert [e.call_key for e in cases.due_all(db, date(2024, 3, 2))] == [first]

    calls.save_call(db, key, make_call("2024-03-01T11:01:00-05:00", organization="CIGNA"))
    assert cases.due_all(db, date(2024, 3, 2)) == []


def test_a_case_s_clock_is_counted_under_its_own_plan(db: Database) -> None:
    from tests.factories import make_case, make_coverage, make_event

    key = people.add_person(db, r.Person("Dana Rivera", time_zone="America/Chicago")).new_key
    plan = plans.save_coverage(db, key, make_coverage("Cigna", key="", start="2023-01-01")).new_key
    cases.save_case(
        db,
        key,
        make_case(key="", coverage=plan, events=[make_event("2024-03-01", CaseStatus.DENIED.value)]),
    )
    whole = people.load_person(db, key)

    due = cases.due_all(db, date(2024, 3, 2))

    assert due == cases.due_for_person(whole, [], date(2024, 3, 2))
    assert due and all(e.zone == cases.zone(whole) for e in due)
    assert isinstance(due[0].due, date | datetime)
