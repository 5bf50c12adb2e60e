"""Every save says what it changed, so the window reads again only that part: a plan removed takes its
trials' and cases' link with it, a document answering a request changes the call log too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories import (
    exchange_bytes,
    make_call,
    make_case,
    make_coverage,
    make_definition,
    make_document,
    make_event,
    make_measurement,
    make_person,
    make_prescriber,
    make_trial,
)
from triallog.domain.enums import CaseStatus, Outcome, SentVia
from triallog.services import calls, cases, documents, measures, packet_archive, people, plans, trials
from triallog.services.changes import Changes
from triallog.services.packets import PacketOptions
from triallog.services.transfer import import_bytes
from triallog.storage.db import Database


@pytest.fixture
def dana(db: Database) -> str:
    return people.add_person(db, make_person("Dana Rivera")).created  # type: ignore[return-value]


def test_changes_merge_and_say_whether_anything_changed() -> None:
    merged = Changes(person="1", calls=True) | Changes(person="1", cases=True, created="7")

    assert merged == Changes(person="1", calls=True, cases=True, created="7")
    assert merged.any() and not Changes().any() and not Changes(person="1").any()
    assert Changes(calls=True) | Changes(person="2") == Changes(person="2", calls=True)
    with pytest.raises(ValueError):
        Changes(person="1") | Changes(person="2")
    everything = Changes.everything("3")
    assert everything.person == "3" and everything.people and everything.packets and everything.profile


def test_people_added_renamed_edited_and_removed(db: Database) -> None:
    added = people.add_person(db, make_person("Dana Rivera"))
    key = added.created
    assert key is not None
    assert added == Changes(person=key, people=True, profile=True, created=key)

    assert people.rename_person(db, key, "Dana R. Rivera") == Changes(person=key, people=True, profile=True)
    notes_only = make_person("Dana R. Rivera", notes="prefers mornings")
    assert people.update_profile(db, key, notes_only) == Changes(person=key, profile=True)

    assert people.remove_person(db, key) == Changes.everything(key)
    assert people.remove_person(db, key) == Changes()  # gone already: nothing changed


def test_a_plan_or_prescriber_removed_unlinks_the_trials_and_cases_that_named_it(db: Database, dana: str) -> None:
    plan = plans.save_coverage(db, dana, make_coverage("Cigna", key=""))
    assert plan == Changes(person=dana, plans=True, created=plan.created)
    doctor = plans.save_prescriber(db, dana, make_prescriber(key="")).created
    assert plans.save_coverage(db, dana, make_coverage("Cigna", key=plan.created or "")) == Changes(
        person=dana, plans=True
    )
    trials.save_trial(db, dana, make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key="", coverage=plan.created))
    cases.save_case(db, dana, make_case(key="", prescriber=doctor))

    assert plans.remove_coverage(db, dana, plan.created or "") == Changes(person=dana, plans=True, trials=True)
    assert plans.remove_prescriber(db, dana, doctor or "") == Changes(person=dana, plans=True, cases=True)
    unused = plans.save_prescriber(db, dana, make_prescriber("Jo Park, MD", key="")).created
    assert plans.remove_prescriber(db, dana, unused or "") == Changes(person=dana, plans=True)


def test_a_trial_deleted_changes_the_claims_it_proved_and_the_documents_filed_under_it(
    db: Database, dana: str, tmp_path: Path
) -> None:
    saved = trials.save_trial(db, dana, make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key=""))
    trial = saved.created
    assert saved == Changes(person=dana, trials=True, created=trial)
    alone = trials.save_trial(db, dana, make_trial("propranolol", "2020-08", Outcome.INEFFECTIVE, key="")).created
    scan = tmp_path / "note.pdf"
    scan.write_bytes(b"%PDF-1.4 note")
    documents.attach_document(db, dana, scan, make_document("Chart note", key="", trial=trial))

    assert trials.delete_trial(db, dana, alone or "") == Changes(person=dana, trials=True)
    assert trials.delete_trial(db, dana, trial or "") == Changes(person=dana, trials=True, documents=True)
    assert trials.delete_trial(db, dana, trial or "") == Changes()


def test_scores_and_custom_measures_change_the_measures(db: Database, dana: str) -> None:
    assert measures.save_definition(db, dana, make_definition("pain", min=0, max=10)) == Changes(
        person=dana, measures=True
    )
    saved = measures.save_measurement(db, dana, make_measurement("custom:pain", "2024-03-01", 4, key=""))
    assert saved == Changes(person=dana, measures=True, created=saved.created)
    assert measures.delete_measurement(db, dana, saved.created or "") == Changes(person=dana, measures=True)


def test_a_case_deleted_changes_the_calls_documents_and_packets_filed_under_it(db: Database, dana: str) -> None:
    saved = cases.save_case(db, dana, make_case(key="", status=CaseStatus.DRAFT))
    case = saved.created or ""
    assert saved == Changes(person=dana, cases=True, created=case)
    assert cases.add_event(db, dana, case, make_event("2024-03-01", "submitted")) == Changes(person=dana, cases=True)
    logged = calls.save_call(db, dana, make_call(case=case))
    assert logged == Changes(person=dana, calls=True, created=logged.created)

    assert cases.delete_case(db, dana, case) == Changes(person=dana, cases=True, calls=True)
    other = cases.save_case(db, dana, make_case(key="")).created or ""
    assert cases.delete_case(db, dana, other) == Changes(person=dana, cases=True)


def test_follow_ups_and_documents_that_answer_requests_change_the_call_log(
    db: Database, dana: str, tmp_path: Path
) -> None:
    call = calls.save_call(db, dana, make_call(requested_documents=["chart notes"])).created or ""
    assert calls.mark_follow_up_done(db, dana, call) == Changes(person=dana, calls=True)
    scan = tmp_path / "notes.pdf"
    scan.write_bytes(b"%PDF-1.4 notes")

    plain = documents.attach_document(db, dana, scan, make_document("Insurance card", key=""))
    assert plain == Changes(person=dana, documents=True, created=plain.created)
    answering = documents.attach_document(db, dana, scan, make_document("Chart notes", key=""), [(call, 0)])
    assert answering == Changes(person=dana, documents=True, calls=True, created=answering.created)
    renamed = make_document("Chart notes, March", key=answering.created or "")
    assert documents.update_document(db, dana, renamed) == Changes(person=dana, documents=True)
    assert documents.remove_document(db, dana, answering.created or "") == Changes(
        person=dana, documents=True, calls=True
    )
    assert calls.delete_call(db, dana, call) == Changes(person=dana, calls=True)


def test_a_packet_kept_and_sent_changes_the_packets_and_its_case(db: Database, dana: str) -> None:
    case = cases.save_case(db, dana, make_case(key="", status=CaseStatus.DRAFT)).created or ""
    kept = packet_archive.keep_packet(db, dana, case, b"%PDF-1.4 packet", PacketOptions(), 1)
    assert kept == Changes(person=dana, packets=True, created=kept.created)
    packet = int(kept.created or 0)

    sent = packet_archive.mark_sent(db, dana, packet, SentVia.FAX, date(2024, 3, 10), "", today=date(2024, 3, 10))
    assert sent == Changes(person=dana, packets=True, cases=True)
    assert packet_archive.delete_packet(db, dana, packet) == Changes(person=dana, packets=True)


def test_an_import_changes_everything(db: Database) -> None:
    result = import_bytes(db, exchange_bytes(make_person("Sam Okafor")))

    assert result.changes == Changes.everything()
