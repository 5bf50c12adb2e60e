"""A caregiver makes Dana's evidence packet, keeps the exact copy, faxes it and marks it sent."""

from __future__ import annotations

import hashlib
import io
import stat
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tests.factories import make_case, make_event, make_person
from triallog.domain.enums import CaseStatus, SentVia
from triallog.domain.errors import ValidationError
from triallog.services.cases import EarlierThanPrevious, list_cases, save_case
from triallog.services.packet_archive import (
    delete_packet,
    get_packet,
    keep_packet,
    list_packets,
    mark_sent,
    packet_files,
    read_packet,
    status_after_sending,
)
from triallog.services.packets import PacketOptions
from triallog.services.people import add_person, remove_person

TODAY = date(2024, 3, 10)


def tiny_pdf(pages: int = 2, text: str = "Evidence packet") -> bytes:
    """A real PDF of `pages` pages (reportlab, only here: the program imports it only to make one)."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    for n in range(pages):
        canvas.drawString(72, 720, f"{text} — page {n + 1} of {pages}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.fixture
def dana(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    person = add_person(db, make_person("Dana Rivera")).new_key
    case = save_case(db, person, make_case(key="", status=CaseStatus.DRAFT, denial_reference="CG-1")).new_key
    return {"person": person, "case": case}


def _keep(db, dana, pdf: bytes | None = None, **options) -> int:  # type: ignore[no-untyped-def]
    pdf = pdf if pdf is not None else tiny_pdf()
    made = datetime(2024, 3, 9, 15, 30, tzinfo=UTC)
    return int(keep_packet(db, dana["person"], dana["case"], pdf, PacketOptions(**options), 2, made_at=made).new_key)


def test_the_packet_is_kept_owner_only_with_its_sha256(db, dana) -> None:  # type: ignore[no-untyped-def]
    pdf = tiny_pdf()
    packet_id = _keep(db, dana, pdf, redact=True, paper="a4", sections=("cover", "history"))

    [packet] = list_packets(db, dana["person"], dana["case"])
    assert packet.id == packet_id
    assert packet.path.read_bytes() == pdf
    assert packet.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stat.S_IMODE(packet.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(packet.path.parent.stat().st_mode) == 0o700
    assert packet.path.parent == db.data_dir / "packets"
    assert packet.path.name.startswith("2024-03-09-case") and packet.sha256[:8] in packet.path.name
    assert (packet.sections, packet.redacted, packet.paper, packet.pages) == (("cover", "history"), True, "a4", 2)
    assert packet.made_at == datetime(2024, 3, 9, 15, 30, tzinfo=UTC)
    assert (packet.sent_via, packet.sent_on, packet.sent_note) == (None, None, "")
    assert read_packet(db, dana["person"], packet_id) == pdf
    assert not list((db.data_dir / "packets").glob(".*")), "no temporary file is left behind"


def test_the_same_packet_made_twice_never_overwrites_the_first(db, dana) -> None:  # type: ignore[no-untyped-def]
    pdf = tiny_pdf()
    first, second = _keep(db, dana, pdf), _keep(db, dana, pdf)
    paths = {p.id: p.path for p in list_packets(db, dana["person"])}
    assert paths[first] != paths[second]
    assert paths[first].read_bytes() == paths[second].read_bytes() == pdf
    assert list(paths) == [second, first], "newest first"


def test_marking_a_draft_case_sent_submits_it_with_a_dated_note(db, dana) -> None:  # type: ignore[no-untyped-def]
    packet_id = _keep(db, dana)
    mark_sent(db, dana["person"], packet_id, SentVia.FAX, date(2024, 3, 10), "to 1-800-555-0100", today=TODAY)
    kept = get_packet(db, dana["person"], packet_id)

    assert (kept.sent_via, kept.sent_on, kept.sent_note) == (SentVia.FAX, date(2024, 3, 10), "to 1-800-555-0100")
    [case] = list_cases(db, dana["person"])
    event = case.events[-1]
    assert (event.when, event.status) == (date(2024, 3, 10), CaseStatus.SUBMITTED)
    assert event.note == f"Evidence packet sent by fax (2 pages, SHA-256 {kept.sha256[:12]}…): to 1-800-555-0100"
    assert case.status == CaseStatus.SUBMITTED
    assert list_packets(db, dana["person"])[0].sent_via == SentVia.FAX


def test_sending_after_a_denial_appeals_and_otherwise_the_status_stays(db, dana) -> None:  # type: ignore[no-untyped-def]
    [case] = list_cases(db, dana["person"])
    case.events = [make_event("2024-01-05", "submitted"), make_event("2024-02-01", "denied")]
    save_case(db, dana["person"], case)
    packet_id = _keep(db, dana)
    mark_sent(
        db,
        dana["person"],
        packet_id,
        "portal",
        datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-6))),
        "",
        today=TODAY,
    )
    [case] = list_cases(db, dana["person"])
    assert case.status == CaseStatus.APPEALED
    assert case.events[-1].note.startswith("Evidence packet sent through the plan's portal (2 pages, SHA-256 ")
    assert case.events[-1].note.endswith("…)")
    assert status_after_sending(case) == CaseStatus.APPEALED  # appealed stays appealed


def test_a_date_before_the_last_status_asks_first_and_changes_nothing(db, dana) -> None:  # type: ignore[no-untyped-def]
    [case] = list_cases(db, dana["person"])
    case.events = [make_event("2024-03-01", "pending")]
    save_case(db, dana["person"], case)
    packet_id = _keep(db, dana)

    with pytest.raises(EarlierThanPrevious):
        mark_sent(db, dana["person"], packet_id, SentVia.MAIL, date(2024, 2, 20), "", today=TODAY)
    assert list_packets(db, dana["person"])[0].sent_via is None
    assert len(list_cases(db, dana["person"])[0].events) == 1

    mark_sent(db, dana["person"], packet_id, SentVia.MAIL, date(2024, 2, 20), "", confirm_earlier=True, today=TODAY)
    [case] = list_cases(db, dana["person"])
    assert [e.status for e in case.events] == [CaseStatus.PENDING, CaseStatus.PENDING]
    assert case.events[0].note.startswith("Evidence packet sent by mail")


@pytest.mark.parametrize(
    ("via", "on", "note", "field"),
    [
        (None, date(2024, 3, 10), "", "via"),
        ("", date(2024, 3, 10), "", "via"),
        ("pigeon", date(2024, 3, 10), "", "via"),
        (SentVia.FAX, date(2024, 3, 11), "", "date"),
        (SentVia.FAX, datetime(2024, 3, 10, 9, 0), "", "date"),
        (SentVia.FAX, "2024-03-10", "", "date"),
        (SentVia.FAX, date(2024, 3, 10), None, "note"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_changes(db, dana, via, on, note, field) -> None:  # type: ignore[no-untyped-def]
    packet_id = _keep(db, dana)
    with pytest.raises(ValidationError) as caught:
        mark_sent(db, dana["person"], packet_id, via, on, note, today=TODAY)
    assert caught.value.field == field
    assert list_packets(db, dana["person"])[0].sent_via is None
    assert list_cases(db, dana["person"])[0].events == []


def test_a_packet_is_marked_sent_once(db, dana) -> None:  # type: ignore[no-untyped-def]
    packet_id = _keep(db, dana)
    mark_sent(db, dana["person"], packet_id, SentVia.FAX, date(2024, 3, 10), "", today=TODAY)
    with pytest.raises(ValidationError) as caught:
        mark_sent(db, dana["person"], packet_id, SentVia.FAX, date(2024, 3, 10), "", today=TODAY)
    assert caught.value.field == "packet"
    assert len(list_cases(db, dana["person"])[0].events) == 1


def test_what_is_not_a_packet_is_not_kept(db, dana) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        keep_packet(db, dana["person"], dana["case"], b"hello", PacketOptions(sections=()), 0)
    assert {p.field for p in caught.value.problems} == {"pdf", "sections", "pages"}
    with pytest.raises(ValidationError) as caught:
        keep_packet(db, dana["person"], "999", tiny_pdf(), PacketOptions(), 2)
    assert caught.value.field == "case"
    assert list_packets(db, dana["person"]) == []
    assert not (db.data_dir / "packets").exists() or not any((db.data_dir / "packets").iterdir())


def test_a_changed_or_missing_file_is_said_plainly(db, dana) -> None:  # type: ignore[no-untyped-def]
    packet_id = _keep(db, dana)
    [packet] = list_packets(db, dana["person"])
    packet.path.write_bytes(packet.path.read_bytes() + b"\n")
    with pytest.raises(ValidationError, match="has changed since it was made"):
        read_packet(db, dana["person"], packet_id)
    packet.path.unlink()
    with pytest.raises(ValidationError, match="missing"):
        read_packet(db, dana["person"], packet_id)


def test_deleting_a_packet_removes_its_file_and_keeps_the_history(db, dana) -> None:  # type: ignore[no-untyped-def]
    packet_id = _keep(db, dana)
    mark_sent(db, dana["person"], packet_id, SentVia.FAX, date(2024, 3, 10), "", today=TODAY)
    [packet] = list_packets(db, dana["person"])
    delete_packet(db, dana["person"], packet_id)
    assert list_packets(db, dana["person"]) == []
    assert not packet.path.exists()
    assert len(list_cases(db, dana["person"])[0].events) == 1


def test_removing_a_person_deletes_their_packet_rows_and_files(db, dana) -> None:  # type: ignore[no-untyped-def]
    _keep(db, dana)
    files = packet_files(db, dana["person"])
    assert len(files) == 1 and files[0].exists()

    remove_person(db, dana["person"])

    assert list_packets(db, dana["person"]) == [], "the rows go with the person"
    assert not any((db.data_dir / "packets").iterdir())


def test_replacing_a_person_by_import_deletes_their_old_packet_files(db, dana) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import exchange_bytes
    from triallog.services.people import load_person
    from triallog.services.transfer import import_bytes

    _keep(db, dana)
    [old] = packet_files(db, dana["person"])

    import_bytes(db, exchange_bytes(load_person(db, dana["person"])), replace=True)

    assert not old.exists()
    assert not any((db.data_dir / "packets").iterdir())


def test_marking_sent_saves_the_event_and_the_sent_fields_together_or_not_at_all(db, dana, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from triallog.services import packet_archive

    packet_id = _keep(db, dana)
    before = list_cases(db, dana["person"])[0].events

    def broken(*_args):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(packet_archive, "_packet_row", broken)
    with pytest.raises(OSError):
        mark_sent(db, dana["person"], packet_id, SentVia.FAX, date(2024, 3, 10), "", today=TODAY)

    assert list_cases(db, dana["person"])[0].events == before


def test_a_packet_made_from_the_record_encloses_the_attached_denial_letter(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from tests.factories import make_document
    from triallog.services.cases import save_case
    from triallog.services.documents import attach_document
    from triallog.services.packets import PacketOptions, make_packet
    from triallog.services.people import add_person, load_person

    key = add_person(db, make_person("Dana Rivera")).new_key
    denial = make_event("2024-03-01", "denied", notice_date="2024-03-01")
    case_key = save_case(db, key, make_case(key="", denial_date="2024-03-01", events=[denial])).new_key
    scan = tmp_path / "denial.pdf"
    canvas = Canvas(str(scan))
    canvas.drawString(72, 720, "THE PLAN'S OWN DENIAL NOTICE")
    canvas.save()
    attach_document(db, key, scan, make_document("Denial letter", key="", case=case_key, date="2024-03-01"))

    made = make_packet(db, key, case_key, PacketOptions(sections=("letter",)), date(2024, 3, 10))

    reader = PdfReader(io.BytesIO(made.pdf))
    assert made.pages == len(reader.pages)
    assert "THE PLAN'S OWN DENIAL NOTICE" in reader.pages[-1].extract_text()
    assert "Enclosed: the plan's denial letter." in "".join(p.extract_text() for p in reader.pages[:-1])
    assert load_person(db, key).documents[0].title == "Denial letter"
