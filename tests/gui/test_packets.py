"""A caregiver makes Dana's evidence packet from her case, looks it over, faxes it and marks it sent."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QLabel, QMessageBox

from tests.factories import make_case, make_event, make_person
from tests.gui.conftest import press
from tests.gui.test_pdf_preview import sample_pdf
from triallog.domain.enums import CaseStatus, SentVia
from triallog.domain.errors import ValidationError
from triallog.gui.changes import Changes
from triallog.gui.dialogs.mark_sent_dialog import MarkSentDialog
from triallog.gui.dialogs.packet_dialog import PacketDialog, packet_file_name
from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
from triallog.gui.views.packets_panel import PacketsPanel
from triallog.services import packets
from triallog.services.cases import list_cases, save_case
from triallog.services.packet_archive import list_packets
from triallog.services.people import add_person, load_person

TODAY = date(2024, 3, 10)


@pytest.fixture
def renders(monkeypatch):  # type: ignore[no-untyped-def]
    """The packet renderer stood in for by a real 3-page PDF; records the options it was given."""
    seen: list[packets.PacketOptions] = []

    def render(person, case_key, options, today, tz=None):  # type: ignore[no-untyped-def]
        seen.append(options)
        return sample_pdf(3, options.paper), 3

    monkeypatch.setattr(packets, "render_packet", render)
    return seen


@pytest.fixture
def dana(db):  # type: ignore[no-untyped-def]
    key = add_person(db, make_person("Dana Rivera")).new_key
    case = make_case(key="", denial_reference="CG-2023-0045871", status=CaseStatus.DRAFT)
    case.events = [make_event("2024-03-01", "denied", "letter received")]
    save_case(db, key, case)
    return load_person(db, key)


@pytest.fixture
def panel(qtbot, db, dana):  # type: ignore[no-untyped-def]
    widget = PacketsPanel(Changes(), today=TODAY)
    qtbot.addWidget(widget)
    widget.show_case(db, dana, dana.cases[0])
    widget.resize(560, widget.sizeHint().height())
    widget.show()
    return widget


def _make(panel, qtbot) -> PacketDialog:  # type: ignore[no-untyped-def]
    panel.make_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, PacketDialog)
    return dialog


def _open_mark_sent(panel, db, dana):  # type: ignore[no-untyped-def]
    """Make a packet, and open "Mark as sent" for it from the panel."""
    packets.make_packet(db, dana.key, dana.cases[0].key, packets.PacketOptions(), TODAY)
    panel.refresh()
    [kept] = list_packets(db, dana.key)
    panel.sent_buttons[kept.id].click()
    dialog = panel.dialog
    assert isinstance(dialog, MarkSentDialog)
    return kept, dialog


def test_making_a_packet_previews_it_and_keeps_it(panel, qtbot, db, dana, renders) -> None:  # type: ignore[no-untyped-def]
    panel.grab().save("/tmp/h4-panel-empty.png")
    dialog = _make(panel, qtbot)
    ticked = [name for name, box in dialog.section_boxes.items() if box.isChecked()]
    assert ticked == [name for name in dialog.section_boxes if name != "fax"]  # a fax cover only when faxing
    assert dialog.date_edit.text() == "Mar 10, 2024"
    dialog.grab().save("/tmp/h4-packet-dialog.png")

    dialog.clear_button.click()
    dialog.make_button.click()
    assert dialog.errors.text_of("sections") == "Choose at least one section to put in the packet"
    assert dialog.isVisible() and not renders

    dialog.select_all_button.click()
    dialog.section_boxes["fax"].setChecked(False)
    dialog.section_boxes["statement"].setChecked(False)
    dialog.redact_box.setChecked(True)
    dialog.a4_button.setChecked(True)
    with qtbot.waitSignal(dialog.made, timeout=10000) as made, qtbot.waitSignal(panel.changed, timeout=10000):
        dialog.make_button.click()
    assert renders[0].sections[-1] == "letter" and renders[0].redact and renders[0].paper == "a4"

    preview = dialog.preview
    assert isinstance(preview, PdfPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count == 3)
    assert preview.page_text() == "Page 1 of 3"
    assert preview.pdf == made.args[0].pdf
    assert preview.suggested_name == packet_file_name(dana, dana.cases[0], TODAY)
    assert preview.suggested_name == "Evidence packet - Dana Rivera - CG-2023-0045871 - 2024-03-10.pdf"
    qtbot.wait(500)  # QPdfView draws its pages in the background
    preview.grab().save("/tmp/h4-packet-preview.png")
    preview.close_button.click()

    [kept] = list_packets(db, dana.key, dana.cases[0].key)
    assert kept.path.read_bytes() == preview.pdf and kept.redacted and kept.paper == "a4"
    assert kept.id in panel.open_buttons and kept.id in panel.sent_buttons
    texts = [label.text() for label in panel.list_holder.findChildren(type(preview.page_label))]
    assert any("3 pages" in t and "A4" in t and "account numbers hidden" in t for t in texts)
    assert any(kept.sha256[:12] in t for t in texts)
    assert "Not sent yet" in texts
    panel.resize(560, panel.sizeHint().height())
    panel.grab().save("/tmp/h4-panel.png")


def test_open_previews_the_kept_copy(panel, qtbot, db, dana, renders) -> None:  # type: ignore[no-untyped-def]
    packets.make_packet(db, dana.key, dana.cases[0].key, packets.PacketOptions(), TODAY)
    panel.refresh()
    [kept] = list_packets(db, dana.key)
    panel.open_buttons[kept.id].click()
    preview = panel.dialog
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.pdf == kept.path.read_bytes()
    qtbot.waitUntil(lambda: preview.page_count == 3)
    preview.close_button.click()
    assert panel.dialog is None


def test_a_packet_whose_file_went_missing_is_said_plainly(panel, db, dana, renders, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    packets.make_packet(db, dana.key, dana.cases[0].key, packets.PacketOptions(), TODAY)
    panel.refresh()
    [kept] = list_packets(db, dana.key)
    kept.path.unlink()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    panel.open_buttons[kept.id].click()
    assert told == ["Is missing from the data folder; make the packet again."]
    assert panel.dialog is None


def test_marking_it_sent_by_fax_adds_the_appeal_to_the_case(panel, qtbot, db, dana, renders) -> None:  # type: ignore[no-untyped-def]
    kept, dialog = _open_mark_sent(panel, db, dana)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "Choose how it was sent" in dialog.errors.text_of("via")

    via = dialog.inputs["via"]
    via.setCurrentIndex(via.findData(SentVia.FAX.value))
    dialog.inputs["note"].setPlainText("to 1-800-555-0100, confirmation kept")
    dialog.grab().save("/tmp/h4-mark-sent.png")
    with qtbot.waitSignal(panel.changed, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    [case] = list_cases(db, dana.key)
    assert case.status == CaseStatus.APPEALED
    last = case.events[-1]
    assert last.when == TODAY
    assert last.note == (
        f"Evidence packet sent by fax (3 pages, SHA-256 {kept.sha256[:12]}…): to 1-800-555-0100, confirmation kept"
    )
    assert kept.id not in panel.sent_buttons
    texts = [label.text() for label in panel.list_holder.findChildren(type(dialog.captions[0]))]
    assert "Sent by fax on Mar 10, 2024 — to 1-800-555-0100, confirmation kept" in texts
    panel.resize(560, panel.sizeHint().height())
    panel.grab().save("/tmp/h4-panel-sent.png")


def test_an_earlier_date_is_asked_about_first(panel, qtbot, db, dana, renders, modals) -> None:  # type: ignore[no-untyped-def]
    packets.make_packet(db, dana.key, dana.cases[0].key, packets.PacketOptions(), TODAY)
    panel.refresh()
    [kept] = list_packets(db, dana.key)
    panel.sent_buttons[kept.id].click()
    dialog = panel.dialog
    via = dialog.inputs["via"]
    via.setCurrentIndex(via.findData(SentVia.MAIL.value))
    dialog.inputs["date"].setText("2024-02-20")

    modals.then(press("Change the date"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "before the last status" in dialog.errors.text_of("date")
    assert len(list_cases(db, dana.key)[0].events) == 1

    modals.then(press("Record it anyway"))
    with qtbot.waitSignal(panel.changed, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    [case] = list_cases(db, dana.key)
    assert [e.when for e in case.events] == [date(2024, 2, 20), date(2024, 3, 1)]
    assert case.status == CaseStatus.DENIED, "an earlier step does not become the current status"


def test_a_failed_render_is_said_and_the_choices_stay(qtbot, db, dana, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(options):  # type: ignore[no-untyped-def]
        raise ValidationError("case", "no such case for this person")

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    dialog = PacketDialog(db, dana, dana.cases[0], render=broken, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.section_boxes["calls"].setChecked(False)
    with qtbot.waitSignal(dialog.job.failed, timeout=5000):
        dialog.make_button.click()
    assert warned and "could not be made: case: no such case for this person" in warned[0]
    assert dialog.isVisible() and dialog.make_button.isEnabled()
    assert not dialog.section_boxes["calls"].isChecked() and dialog.section_boxes["cover"].isChecked()
    assert list_packets(db, dana.key) == []


def test_the_window_keeps_answering_while_a_packet_is_made(qtbot, db, dana) -> None:  # type: ignore[no-untyped-def]
    import threading

    release = threading.Event()

    def slow(options):  # type: ignore[no-untyped-def]
        release.wait(5)
        return packets.MadePacket(sample_pdf(1), 1, None)

    dialog = PacketDialog(db, dana, dana.cases[0], render=slow, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    dialog.make_button.click()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=3000)  # the event loop runs while the packet is made
    timer.stop()
    assert dialog.busy_label.isVisible() and dialog.busy_label.text() == "Making the evidence packet…"
    assert not dialog.make_button.isEnabled()
    dialog.reject()
    assert dialog.isVisible(), "closing while it is made would lose the packet"
    with qtbot.waitSignal(dialog.made, timeout=5000):
        release.set()
    assert not dialog.busy_label.isVisible() and dialog.preview is not None
    dialog.preview.close()


def test_the_case_views_packet_button_opens_the_packet_for_the_chosen_case(qtbot, db, dana, renders) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_cases import open_view

    view = open_view(qtbot, db, dana.key)
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.packet_button.isEnabled())

    view.packet_button.click()

    dialog = view.packets_panel.dialog
    assert isinstance(dialog, PacketDialog) and dialog.isVisible()
    assert "CG-2023-0045871" in dialog.windowTitle() + " ".join(label.text() for label in dialog.findChildren(QLabel))
    dialog.reject()


def test_before_marking_it_sent_one_screen_shows_each_statement_and_every_warning(  # type: ignore[no-untyped-def]
    panel, qtbot, db, dana, renders
) -> None:
    _kept, dialog = _open_mark_sent(panel, db, dana)

    shown = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert "Check before sending" in [box.title() for box in dialog.findChildren(QGroupBox)]
    # nothing is claimed in this record, and the denial letter is not attached: both are said
    assert "The letter argues no ground: nothing is claimed with its proof." in shown
    assert "⚠ Missing: the plan's denial letter (not attached)." in shown
    assert "⚠ No ground is claimed with its proof: the packet argues none." in shown
    assert "Sending is your choice: you may mark it as sent whatever this says." in shown
    dialog.grab().save("/tmp/gui-shots/packet-check-before-sending.png")


def test_the_prepared_date_and_the_measures_are_chosen_in_the_dialog(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = add_person(db, make_person("Lee Park")).new_key
    from tests.factories import make_measurement, make_trial
    from triallog.services.measures import save_measurement
    from triallog.services.trials import save_trial

    save_trial(db, key, make_trial("adalimumab", "2022-01", "ineffective", key="", end="2022-09", brand="Humira"))
    save_trial(db, key, make_trial("sertraline", "2019-01", "effective", key="", end="2019-09"))
    save_measurement(db, key, make_measurement("PHQ-9", "2019-02-01", 14, items=[2, 2, 2, 2, 2, 1, 1, 1, 1]))
    save_measurement(db, key, make_measurement("NRS-pain", "2022-03-01", 7))
    save_case(db, key, make_case("ustekinumab (Stelara)", key="", required_drugs=["Humira"]))
    person = load_person(db, key)
    seen: list[packets.PacketOptions] = []

    def render(options: packets.PacketOptions) -> packets.MadePacket:
        seen.append(options)
        raise AssertionError("this test makes no packet")

    dialog = PacketDialog(db, person, person.cases[0], render=render, today=TODAY)
    qtbot.addWidget(dialog)

    assert dialog.measure_boxes["NRS-pain"].isChecked()  # scored while Humira, a required drug, was taken
    assert not dialog.measure_boxes["PHQ-9"].isChecked()  # a depression score stays out unless chosen
    dialog.date_edit.setText("2024-03")
    dialog.make_button.click()
    assert dialog.errors.text_of("prepared") == "Must be a whole date, such as 3/5/2021 (month/day/year)"
    assert dialog.date_edit.text() == "2024-03" and not seen

    dialog.date_edit.setText("2024-02-29")
    dialog.measure_boxes["PHQ-9"].setChecked(True)
    options = dialog.options()
    assert options.prepared == date(2024, 2, 29)
    assert options.instruments == ("NRS-pain", "PHQ-9")
