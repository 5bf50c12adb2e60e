"""A caregiver attaches the chart notes Cigna asked for; the request ticks off; nothing half-done is kept."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from tests.factories import make_call, make_case, make_document, make_person
from triallog.domain.dates import PartialDate
from triallog.domain.enums import DocumentKind
from triallog.domain.errors import ValidationError
from triallog.domain.requests import requests_of
from triallog.services import documents as docs
from triallog.services.calls import save_call
from triallog.services.cases import save_case
from triallog.services.people import add_person, list_people, load_person
from triallog.services.transfer import export_path, import_path

CHART = b"%PDF-1.4 chart note of the topiramate trial\n"


@pytest.fixture
def dana(db, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Dana, her Cigna case, and a call on which Cigna asked for two documents."""
    person = add_person(db, make_person("Dana Rivera")).new_key
    case = save_case(db, person, make_case(key="")).new_key
    call = save_call(
        db,
        person,
        make_call(
            case=case,
            organization="Cigna",
            requested_documents=["Chart notes from Dr Lee", "Letter of medical necessity"],
        ),
    ).new_key
    return {"person": person, "case": case, "call": call}


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    path = tmp_path / "Chart note 2024-03.pdf"
    path.write_bytes(CHART)
    return path


def stored_files(db) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = db.data_dir / "files"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_attaching_copies_the_file_privately_with_its_checksum_and_ticks_the_request(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    document = make_document("Chart note 2024-03", key="", kind=DocumentKind.CHART_NOTE, date="2024-03")
    key = docs.attach_document(
        db, dana["person"], chart, replace(document, case=dana["case"]), [(dana["call"], 0)]
    ).new_key

    person = load_person(db, dana["person"])
    [stored] = person.documents
    assert stored.key == key and stored.title == "Chart note 2024-03" and stored.case == dana["case"]
    assert stored.date == PartialDate(2024, 3) and stored.kind is DocumentKind.CHART_NOTE
    assert stored.sha256 == hashlib.sha256(CHART).hexdigest()
    path = docs.stored_path(db, stored)
    assert path is not None and path.read_bytes() == CHART
    assert path.name.endswith("-Chart_note_2024-03.pdf") and path.parent == db.data_dir / "files"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert chart.read_bytes() == CHART  # the original stays where it was

    [call] = person.calls
    assert call.answered_by == {0: key}
    requests = requests_of(person, dana["case"])
    assert [(q.description, q.answered) for q in requests] == [
        ("Chart notes from Dr Lee", True),
        ("Letter of medical necessity", False),
    ]
    assert requests[0].document == stored
    assert [q.description for q in docs.open_requests(person)] == ["Letter of medical necessity"]
    assert [q.description for q in docs.answered_requests(person, dana["case"])] == ["Chart notes from Dr Lee"]


def test_the_same_file_twice_is_kept_twice_never_overwritten(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    first = docs.attach_document(db, dana["person"], chart, make_document("Chart note", key="")).new_key
    second = docs.attach_document(db, dana["person"], chart, make_document("Chart note again", key="")).new_key
    assert first != second
    files = stored_files(db)
    assert len(files) == 2 and all(f.read_bytes() == CHART for f in files)


@pytest.mark.parametrize(
    ("title", "rule"),
    [("", "required: what the document is"), ("   ", "is only spaces: type what the document is")],
)
def test_a_title_is_required(db, dana, chart, title: str, rule: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], chart, make_document(title, key=""))
    assert (caught.value.field, caught.value.rule) == ("title", rule)
    assert load_person(db, dana["person"]).documents == [] and stored_files(db) == []


def test_a_missing_file_a_folder_and_a_huge_file_are_refused(db, dana, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    title = make_document("Chart note", key="")
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], tmp_path / "gone.pdf", title)
    assert caught.value.field == "file" and "is missing" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], tmp_path, title)
    assert caught.value.field == "file" and "is not a file" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], "", title)
    assert caught.value.rule.startswith("required")

    big = tmp_path / "scan.pdf"
    with big.open("wb") as out:
        out.truncate(docs.MAX_FILE_BYTES + 1)  # sparse: no 50 MB written
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], big, title)
    assert caught.value.field == "file"
    assert caught.value.rule.startswith("is too large: 50.0 MB; TrialLog keeps files up to 50.0 MB")
    assert load_person(db, dana["person"]).documents == [] and stored_files(db) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_refused(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    chart.chmod(0)
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], chart, make_document("Chart note", key=""))
    assert caught.value.field == "file" and caught.value.rule.startswith("cannot be read")


def test_every_problem_is_named_at_once_and_a_date_must_be_a_date(db, dana, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = replace(make_document("", key=""), date="March-ish")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], tmp_path / "gone.pdf", bad)
    assert [p.field for p in caught.value.problems] == ["title", "date", "file"]


def test_a_bad_link_or_request_changes_nothing_and_leaves_no_file(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], chart, make_document("Chart note", key="", case="999"))
    assert caught.value.field == "case"
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], chart, make_document("Chart note", key=""), [(dana["call"], 7)])
    assert (caught.value.field, caught.value.rule) == ("answers", "names a request that no longer exists")
    assert load_person(db, dana["person"]).documents == [] and stored_files(db) == []


def test_a_request_answered_by_one_document_is_not_taken_by_another(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    docs.attach_document(db, dana["person"], chart, make_document("Chart note", key=""), [(dana["call"], 0)])
    with pytest.raises(ValidationError) as caught:
        docs.attach_document(db, dana["person"], chart, make_document("Other", key=""), [(dana["call"], 0)])
    assert "already answered by another document" in caught.value.rule
    assert len(load_person(db, dana["person"]).documents) == 1 and len(stored_files(db)) == 1


def test_editing_changes_the_fields_and_the_requests_answered_but_keeps_the_file(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    key = docs.attach_document(
        db, dana["person"], chart, make_document("Chart nte", key=""), [(dana["call"], 0)]
    ).new_key
    [before] = load_person(db, dana["person"]).documents
    changed = replace(before, title="Letter of medical necessity, Dr Lee", kind=DocumentKind.LETTER)
    docs.update_document(db, dana["person"], changed, [(dana["call"], 1)])
    person = load_person(db, dana["person"])
    [after] = person.documents
    assert after.title == "Letter of medical necessity, Dr Lee" and after.kind is DocumentKind.LETTER
    assert (after.file, after.sha256) == (before.file, before.sha256)
    assert person.calls[0].answered_by == {1: key}
    with pytest.raises(ValidationError) as caught:
        docs.update_document(db, dana["person"], replace(after, title=" "))
    assert caught.value.field == "title"
    assert load_person(db, dana["person"]).documents == [after]


def test_removing_opens_the_request_again_and_deletes_the_file(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    key = docs.attach_document(
        db, dana["person"], chart, make_document("Chart note", key=""), [(dana["call"], 0)]
    ).new_key
    [path] = stored_files(db)
    docs.remove_document(db, dana["person"], key)
    person = load_person(db, dana["person"])
    assert person.documents == [] and not path.exists()
    assert person.calls[0].answered_by == {}
    assert [q.description for q in docs.open_requests(person)] == [
        "Chart notes from Dr Lee",
        "Letter of medical necessity",
    ]
    with pytest.raises(ValidationError):
        docs.remove_document(db, dana["person"], key)


def test_changing_the_call_keeps_the_ticks_of_the_requests_it_keeps(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    key = docs.attach_document(db, dana["person"], chart, make_document("Letter", key=""), [(dana["call"], 1)]).new_key
    [call] = load_person(db, dana["person"]).calls
    # The chart notes came by fax and are dropped from the list, a new request is added: the letter
    # still answers its request, now the first.
    changed = replace(
        call,
        requested_documents=["Letter of medical necessity", "Pharmacy claims"],
        answered_by={0: key},
        summary="They now have the chart notes by fax.",
    )
    save_call(db, dana["person"], changed)
    [after] = load_person(db, dana["person"]).calls
    assert after.requested_documents == ["Letter of medical necessity", "Pharmacy claims"]
    assert after.answered_by == {0: key}


def test_a_link_to_a_document_removed_meanwhile_is_dropped_not_an_error(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    key = docs.attach_document(
        db, dana["person"], chart, make_document("Chart note", key=""), [(dana["call"], 0)]
    ).new_key
    [call] = load_person(db, dana["person"]).calls
    docs.remove_document(db, dana["person"], key)
    save_call(db, dana["person"], replace(call, summary="Changed while the document went."))
    assert load_person(db, dana["person"]).calls[0].answered_by == {}


def test_titles_suggest_the_requests_they_answer(db, dana) -> None:  # type: ignore[no-untyped-def]
    requests = requests_of(load_person(db, dana["person"]))
    suggested = docs.suggested_answers("Chart note 2024-03", requests)
    assert [q.description for q in suggested] == ["Chart notes from Dr Lee"]
    assert [q.description for q in docs.suggested_answers("Medical necessity, Dr Lee", requests)] == [
        "Chart notes from Dr Lee",
        "Letter of medical necessity",
    ]
    assert docs.suggested_answers("Letter", requests) == []


def test_the_answered_state_stays_out_of_the_exchange_file(db, dana, chart, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docs.attach_document(db, dana["person"], chart, make_document("Chart note", key=""), [(dana["call"], 0)])
    exported = tmp_path / "dana.json"
    export_path(db, exported)
    text = exported.read_text()
    assert "answered" not in text and "document_id" not in text
    call = json.loads(text)["people"][0]["calls"][0]
    assert call["requested_documents"] == ["Chart notes from Dr Lee", "Letter of medical necessity"]
    archive = tmp_path / "dana.triallog"
    export_path(db, archive)
    import_path(db, archive, replace=True)
    [person] = [load_person(db, p.key) for p in list_people(db)]
    # The file comes back with its checksum; which request it answered was never in the file.
    [document] = person.documents
    assert docs.stored_path(db, document) is not None and document.sha256 == hashlib.sha256(CHART).hexdigest()
    assert person.calls[0].answered_by == {}


def test_file_sizes_read_as_a_person_says_them() -> None:
    assert docs.file_size_text(1) == "1 byte"
    assert docs.file_size_text(812) == "812 bytes"
    assert docs.file_size_text(14 * 1024) == "14 KB"
    assert docs.file_size_text(int(3.2 * 1024 * 1024)) == "3.2 MB"


def test_a_document_title_keeps_the_rule_of_every_name(db, dana, chart) -> None:  # type: ignore[no-untyped-def]
    """A title the window accepts must export and import again: one line, at most 200 characters."""
    for title, rule in (("x" * 201, "longer than 200 characters"), ("Letter\u202eevil", "direction control")):
        with pytest.raises(ValidationError) as caught:
            docs.attach_document(db, dana["person"], chart, make_document(title, key=""), [])
        assert caught.value.field == "title" and rule in caught.value.rule
    assert stored_files(db) == []
