"""A caregiver opens Dana's Cigna denial, sees when the answer is due, weighs the grounds and keeps the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox, QWidget

from tests.gui.conftest import button
from triallog.domain.deadlines import DISCLAIMER
from triallog.domain.enums import CaseStatus, Ground
from triallog.domain.records import Claim
from triallog.gui.changes import Changes
from triallog.gui.dialogs.case_dialog import CaseDialog, StatusDialog
from triallog.gui.dialogs.phone_script_dialog import PhoneScriptDialog
from triallog.gui.models.case_table import CaseTableModel, Column
from triallog.gui.views.cases_view import CasesView
from triallog.services import cases, people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

TODAY = date(2023, 2, 1)
SHOTS = Path("/tmp/gui-shots")


def import_dana(db: Database, dana_json: Path) -> str:
    import_path(db, dana_json)
    return people.list_people(db)[0].key


def open_view(qtbot, db: Database, person_key: str | None) -> CasesView:  # type: ignore[no-untyped-def]
    view = CasesView(db, Changes(), today=TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 820)
    view.show()
    view.set_person(person_key)
    return view


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / f"cases-{name}.png"))


def texts(widget: QWidget | None) -> str:
    """The text of every label shown in `widget` (a scroll area's page: None when it has none)."""
    assert widget is not None
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def test_the_cigna_case_shows_its_status_and_the_decision_due(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, db, import_dana(db, dana_json))
    model = view.model
    assert model.rowCount() == 1
    row = {c: model.index(0, c).data() for c in Column}
    assert row[Column.DRUG] == "erenumab (Aimovig)"
    assert row[Column.PLAN] == "Cigna Open Access Plus"
    assert "CG-2023-0045871" in row[Column.DENIAL]
    assert row[Column.STATUS] == "Pending"
    assert row[Column.NEXT_DUE] == "Thu 9 Feb 2023 (decision due; not yet checked)"
    shown = texts(view.detail.widget())
    assert (
        "Next step: Wait for Cigna's decision on the request; if none has come by then, call — by Feb 9, 2023 "
        "(not yet checked against the law's text)" in shown
    )
    assert "Call Cigna at 800-555-0190 and log the call with its reference number." in shown
    assert "Decision due: Feb 9, 2023 (not yet checked against the law's text)" in shown
    assert "Counted from the end of Jan 25, 2023, the day of the request (its time was not recorded)." in shown
    assert "Appeal deadline: Jul 23, 2023 (not yet checked against the law's text)" in shown
    assert "Met by the request of Jan 25, 2023." in shown
    assert "Counted from the notice dated Jan 20, 2023, received Jan 24, 2023." in shown
    assert "If the plan misses it: A plan that does not keep to the claims and appeals rules" in shown
    assert "29 CFR 2560.503-1" in shown
    assert "Jan 20, 2023  ·  Denied  ·  letter dated Jan 20, 2023  ·  arrived Jan 24, 2023" in shown
    assert shown.count(DISCLAIMER) == 1
    assert "Carrier confirmed receipt." in shown  # the status history
    assert "Exception request faxed by Dr. Nair's office." in shown
    # The calls about the case, with their reference numbers, and the denial letter filed with it.
    assert "reference CALL-78340" in shown and "Call Jan 23, 2023, 10:05 AM CST" in shown
    assert "Lakeshore Neurology  ·  no reference number" in shown
    assert "Document: Cigna denial letter  ·  Denial letter  ·  Jan 20, 2023" in shown
    shot(view, "view")


def test_a_proposed_ground_can_be_accepted_or_dismissed(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    case = people.load_person(db, key).cases[0]
    cases.save_case(db, key, replace(case, claims=[]))  # nothing accepted yet
    view = open_view(qtbot, db, key)
    proposed = {s.required_drug: (s, accept, dismiss) for s, accept, dismiss in view.ground_buttons}
    assert set(proposed) == {"topiramate", "propranolol", None}
    suggestion, accept, _dismiss = proposed["topiramate"]
    assert "Topiramate was tried Feb 2020" in suggestion.reason
    assert "Proof: topiramate — Feb 2020 – Jul 2020, adverse reaction" in texts(view.detail.widget())
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    saved = people.load_person(db, key)
    topiramate = next(t.key for t in saved.trials if t.drug == "topiramate")
    # That card's ground is claimed for topiramate alone, with the trial that proves it; nothing else.
    assert saved.cases[0].claims == [Claim(Ground.PRIOR_FAILURE, "topiramate", [topiramate])]
    assert {s.required_drug for s, _, _ in view.ground_buttons} == {"propranolol", None}  # the card moved up
    shown = texts(view.detail.widget())
    assert "• topiramate: claimed: already tried and failed (proof: topiramate, Feb 2020)" in shown
    assert "• propranolol: no claim yet: a ground is suggested" in shown
    _s, _a, dismiss = {s.required_drug: (s, a, d) for s, a, d in view.ground_buttons}["propranolol"]
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert "propranolol" not in {s.required_drug for s, _, _ in view.ground_buttons}
    assert [c.ground for c in people.load_person(db, key).cases[0].claims] == [Ground.PRIOR_FAILURE]  # nothing saved


def test_a_status_dated_before_the_last_one_asks_first(qtbot, db, dana_json, modals) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    view = open_view(qtbot, db, key)
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, StatusDialog)
    status = dialog.inputs["status"]
    status.setCurrentIndex(status.findData(CaseStatus.SUBMITTED.value))  # type: ignore[union-attr]
    dialog.inputs["date"].setText("2023-01-26")  # type: ignore[union-attr]
    dialog.inputs["note"].setPlainText("Prescriber sent chart notes.")  # type: ignore[union-attr]
    shot(dialog, "status-dialog")
    asked: list[str] = []

    def answer(text: str):  # type: ignore[no-untyped-def]
        def handle(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            button(box, text).click()

        return handle

    modals.then(answer("Change the date"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked[0] == "This date is before the last status (Pending, Jan 27, 2023). Record it anyway?"
    assert dialog.isVisible()
    assert dialog.inputs["date"].text() == "2023-01-26"  # type: ignore[union-attr]
    assert dialog.errors.text_of("date")
    assert len(people.load_person(db, key).cases[0].events) == 3

    modals.then(answer("Record it anyway"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    events = people.load_person(db, key).cases[0].events
    assert [e.note for e in events][2] == "Prescriber sent chart notes."
    assert events[-1].status is CaseStatus.PENDING  # the history stays in date order
    assert "Prescriber sent chart notes." in texts(view.detail.widget())


def test_a_new_case_without_a_requested_drug_is_refused_beside_the_field(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    view = open_view(qtbot, db, key)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    qtbot.keyClicks(dialog.inputs["denial_reference"], "CG-2024-1")
    dialog.inputs["required_drugs"].setPlainText("sumatriptan\nrizatriptan")  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Required" in dialog.errors.text_of("requested_drug") or dialog.errors.text_of("requested_drug")
    assert dialog.inputs["denial_reference"].text() == "CG-2024-1"  # type: ignore[union-attr]
    assert dialog.inputs["required_drugs"].toPlainText() == "sumatriptan\nrizatriptan"  # type: ignore[union-attr]
    shot(dialog, "case-dialog-error")

    qtbot.keyClicks(dialog.inputs["requested_drug"], "ubrogepant (Ubrelvy)")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    saved = people.load_person(db, key).cases
    assert [c.requested_drug for c in saved] == ["erenumab (Aimovig)", "ubrogepant (Ubrelvy)"]
    assert saved[1].required_drugs == ["sumatriptan", "rizatriptan"]
    assert view.selected_case() is not None and view.selected_case().requested_drug == "ubrogepant (Ubrelvy)"  # type: ignore[union-attr]


def test_editing_keeps_the_history_and_cancel_asks_before_discarding(qtbot, db, dana_json, modals) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    view = open_view(qtbot, db, key)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    assert dialog.inputs["requested_drug"].text() == "erenumab (Aimovig)"  # type: ignore[union-attr]
    assert dialog.inputs["coverage"].currentText() == "Cigna Open Access Plus"  # type: ignore[union-attr]
    assert dialog.inputs["prescriber"].currentText() == "Priya Nair, MD"  # type: ignore[union-attr]
    shot(dialog, "case-dialog")
    qtbot.keyClicks(dialog.inputs["notes"], "Called twice.")
    modals.then(lambda box: button(box, "Keep editing").click())
    dialog.reject()
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    case = people.load_person(db, key).cases[0]
    assert case.notes == "Called twice."
    assert len(case.events) == 3 and case.status is CaseStatus.PENDING


def test_deleting_names_the_drug_and_reference(qtbot, db, dana_json, modals) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    view = open_view(qtbot, db, key)
    asked: list[str] = []

    def keep(box: QWidget) -> None:
        asked.append(box.text())  # type: ignore[attr-defined]
        button(box, "Keep it").click()

    modals.then(keep)
    view.delete_selected()
    assert asked == ["Delete the case for erenumab (Aimovig) (reference CG-2023-0045871)?"]
    assert len(people.load_person(db, key).cases) == 1
    modals.then(lambda box: button(box, "Delete case").click())
    view.delete_selected()
    assert people.load_person(db, key).cases == []
    assert view.pages.currentIndex() == 1  # the empty state, with guidance
    assert "No cases for Dana Rivera yet" in view.empty_title.text()
    shot(view, "empty")


def test_the_phone_script_opens_copies_and_prints_without_a_dialog_in_tests(qtbot, db, dana_json, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    view = open_view(qtbot, db, key)
    qtbot.mouseClick(view.script_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PhoneScriptDialog)
    text = dialog.text.toPlainText()
    assert "step therapy exception" in text and "Feb 9, 2023" in text
    assert dialog.text.isReadOnly()
    shot(dialog, "phone-script")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text
    # Printing goes through the print dialog and QTextDocument.print_; neither opens in a test.
    printed: list[str] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QTextDocument, "print_", lambda document, _printer: printed.append(document.toPlainText()))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert len(printed) == 1 and "What is the reference number for this call?" in printed[0]
    dialog.close()


def test_nobody_chosen_and_the_table_model_alone(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, db, None)
    assert view.pages.currentIndex() == 1 and not view.first_button.isVisibleTo(view)
    model = CaseTableModel()
    assert model.rowCount() == 0 and model.headerData(0, Qt.Orientation.Horizontal) == "Requested drug"


def test_editing_a_case_without_kind_or_urgency_leaves_them_unrecorded(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_case, make_person
    from triallog.services.cases import save_case

    key = people.add_person(db, make_person("Ana Torres")).new_key
    case = make_case("rimegepant", key="")
    case.kind = case.urgency = None
    save_case(db, key, case)
    view = open_view(qtbot, db, key)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    assert dialog.inputs["kind"].currentText() == "Not recorded"  # type: ignore[union-attr]
    assert dialog.inputs["urgency"].currentText() == "Not recorded"  # type: ignore[union-attr]

    qtbot.keyClicks(dialog.inputs["notes"], "Asked the pharmacy.")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)

    saved = people.load_person(db, key).cases[0]
    assert saved.notes == "Asked the pharmacy." and saved.kind is None and saved.urgency is None
