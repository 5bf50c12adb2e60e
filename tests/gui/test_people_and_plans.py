"""People, plans and prescribers as a caregiver manages them: add, change, remove, and mistakes forgiven."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from tests.gui.conftest import Modals, button, press, settle
from triallog.domain.dates import PartialDate
from triallog.domain.enums import PlanType
from triallog.domain.records import Coverage, Person, Prescriber, Representative
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.dialogs.coverage_dialog import CoverageDialog
from triallog.gui.dialogs.person_dialog import PersonDialog
from triallog.gui.dialogs.prescriber_dialog import PrescriberDialog
from triallog.gui.main_window import MainWindow
from triallog.gui.models.record_table import coverage_model
from triallog.services import people, plans, transfer


def open_window(qtbot, db) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def type_into(dialog: QWidget, field: str, text: str) -> None:
    assert isinstance(dialog, RecordDialog)
    widget = dialog.inputs[field]
    widget.setText(text)  # type: ignore[union-attr]


def error_beside(dialog: QWidget, field: str) -> str:
    label = dialog.findChild(QLabel, f"error:{field}")
    assert label is not None, f"no error label for {field}"
    return label.text() if label.isVisibleTo(dialog) else ""


def with_dana(qtbot, db, dana_json: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    transfer.import_path(db, dana_json)
    return open_window(qtbot, db)


def test_removing_a_person_names_what_goes_and_keeps_them_by_default(  # type: ignore[no-untyped-def]
    qtbot, db, dana_json: Path, modals: Modals
) -> None:
    window = with_dana(qtbot, db, dana_json)
    asked: list[str] = []

    def keep(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(f"{box.text()} {box.informativeText()}")
        assert box.defaultButton().text() == "Keep"
        assert box.escapeButton() is box.defaultButton()
        button(box, "Keep").click()

    modals.then(keep)
    button(window.switcher, "Remove…").click()
    assert asked == [
        "Remove Dana Rivera and everything recorded for them: 4 trials, 1 case, 3 calls, 7 measurements? "
        "This cannot be undone. To keep a copy first, choose Keep and use File ▸ Export…"
    ]
    assert [p.name for p in people.list_people(db)] == ["Dana Rivera"]

    modals.then(press("Remove Dana Rivera"))
    button(window.switcher, "Remove…").click()
    assert people.list_people(db) == []
    assert window.stack.currentWidget() is window.welcome  # nobody left: back to the welcome page


def test_removing_one_of_two_people_shows_the_other(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    people.add_person(db, Person(name="Ana Lima"))
    bo = people.add_person(db, Person(name="Bo Chen")).new_key
    window = open_window(qtbot, db)

    modals.then(press("Remove Ana Lima"))
    window.switcher.remove()
    settle(qtbot, window)

    assert window.switcher.current_key() == bo
    assert window.today.heading.text() == "Today for Bo Chen"  # each person's first tab
    window.tabs.setCurrentWidget(window.overview)
    assert window.overview.name.text() == "Bo Chen"


def test_a_plan_ending_before_it_starts_is_shown_beside_end_and_nothing_typed_is_lost(  # type: ignore[no-untyped-def]
    qtbot, db, modals: Modals
) -> None:
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    window = open_window(qtbot, db)
    window.tabs.setCurrentWidget(window.plans)
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CoverageDialog)
        type_into(dialog, "carrier", "Aetna")
        type_into(dialog, "member_id", "W123")
        type_into(dialog, "start", "2021-03")
        type_into(dialog, "end", "2020")
        button(dialog, "Save").click()
        assert dialog.isVisible()  # still open
        seen["end"] = error_beside(dialog, "end")
        seen["carrier"] = error_beside(dialog, "carrier")
        seen["typed"] = f"{dialog.text('carrier')} {dialog.text('member_id')} {dialog.text('end')}"
        dialog.grab().save("/tmp/gui-shots/coverage-dialog-error.png")
        type_into(dialog, "end", "2022-06")
        button(dialog, "Save").click()

    modals.then(fill)
    button(window.plans, "Add plan…").click()
    settle(qtbot, window)

    assert seen == {"end": "Before the start, Mar 2021", "carrier": "", "typed": "Aetna W123 2020"}
    saved = people.load_person(db, key).coverages
    assert [(c.carrier, c.member_id, c.start, c.end) for c in saved] == [
        ("Aetna", "W123", PartialDate(2021, 3), PartialDate(2022, 6))
    ]
    assert window.plans.coverages.model.rows[0].carrier == "Aetna"


def test_a_date_that_is_not_a_date_and_a_missing_carrier_are_shown_together(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    dialog = CoverageDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog, "start", "last spring")

    dialog.accept()

    assert dialog.isVisible()
    assert error_beside(dialog, "carrier") == "Required"
    assert error_beside(dialog, "start").startswith("Must be a date such as 2021")
    assert dialog.text("start") == "last spring"
    assert people.load_person(db, key).coverages == []


def test_cancelling_a_dialog_with_changes_asks_first(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    dialog = PrescriberDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog, "name", "Dr. Okafor")
    questions: list[str] = []

    def keep(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        questions.append(box.text())
        assert box.defaultButton().text() == "Keep editing"
        button(box, "Keep editing").click()

    modals.then(keep)
    dialog.reject()
    assert dialog.isVisible() and dialog.text("name") == "Dr. Okafor"
    assert questions == ["Discard what you typed for this prescriber?"]

    modals.then(press("Discard changes"))
    dialog.reject()
    assert not dialog.isVisible()


def test_cancelling_an_untouched_dialog_just_closes(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    dialog = CoverageDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert not dialog.isVisible()


def test_a_wrong_npi_is_shown_beside_npi(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    dialog = PrescriberDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog, "name", "Priya Nair, MD")
    type_into(dialog, "npi", "1234567890")

    dialog.accept()
    assert "check digit" in error_beside(dialog, "npi")
    type_into(dialog, "npi", "1234567893")
    dialog.accept()

    assert not dialog.isVisible()
    assert [p.npi for p in people.load_person(db, key).prescribers] == ["1234567893"]


def test_changing_a_plan_keeps_its_key_and_updates_the_overview(qtbot, db, dana_json: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = with_dana(qtbot, db, dana_json)
    window.tabs.setCurrentWidget(window.plans)
    cigna = window.plans.coverages.model.rows[0]
    assert cigna.carrier == "Cigna"  # the plan in force comes first, already selected

    def change(dialog: QWidget) -> None:
        assert dialog.text("carrier") == "Cigna"  # type: ignore[attr-defined]
        type_into(dialog, "member_id", "U0000000001")
        button(dialog, "Save").click()

    modals.then(change)
    button(window.plans, "Change…").click()
    settle(qtbot, window)
    window.tabs.setCurrentWidget(window.overview)

    assert "Member ID U0000000001" in window.overview.plan_details.text()
    assert [c.key for c in people.load_person(db, window.switcher.current_key() or "").coverages].count(cigna.key) == 1


def test_removing_a_plan_used_by_trials_says_how_many_lose_the_link(qtbot, db, dana_json: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = with_dana(qtbot, db, dana_json)
    window.tabs.setCurrentWidget(window.plans)
    aetna = next(c for c in window.plans.coverages.model.rows if c.carrier == "Aetna")
    said: list[str] = []

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.informativeText())
        button(box, "Remove plan").click()

    modals.then(answer)
    window.plans.remove_coverage(aetna)

    assert said[0].startswith("4 trials or cases name this plan.")
    remaining = people.load_person(db, window.switcher.current_key() or "")
    assert [c.carrier for c in remaining.coverages] == ["Cigna"]
    assert len(remaining.trials) == 4  # the trials stay; only their link to the plan is gone
    assert all(t.coverage is None for t in remaining.trials)


def test_editing_a_profile_with_someone_acting_for_them(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    window = open_window(qtbot, db)
    window.tabs.setCurrentWidget(window.overview)

    def fill(dialog: QWidget) -> None:
        type_into(dialog, "date_of_birth", "1950-04")
        type_into(dialog, "representative.name", "Rita Lima")
        type_into(dialog, "representative.relationship", "daughter")
        button(dialog, "Save").click()

    modals.then(fill)
    window.overview.edit_profile_requested.emit()
    settle(qtbot, window)

    person = people.load_person(db, key)
    assert person.date_of_birth == PartialDate(1950, 4)
    assert person.representative == Representative(name="Rita Lima", relationship="daughter")
    assert "Born Apr 1950" in window.overview.details.text()
    assert "Rita Lima (daughter)" in window.overview.representative.text()


def test_renaming_to_a_name_already_here_is_refused_beside_the_name(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    people.add_person(db, Person(name="Ana Lima"))
    bo = people.add_person(db, Person(name="Bo Chen")).new_key
    window = open_window(qtbot, db)
    window.switcher.select(bo)
    said: dict[str, str] = {}

    def rename(dialog: QWidget) -> None:
        dialog.grab().save("/tmp/gui-shots/rename-dialog.png")
        type_into(dialog, "name", "ana lima")
        button(dialog, "Save").click()
        said["clash"] = error_beside(dialog, "name")
        type_into(dialog, "name", "Bo Chen-Lima")
        button(dialog, "Save").click()

    modals.then(rename)
    button(window.switcher, "Rename…").click()

    assert "already here" in said["clash"]
    assert window.switcher.current_name() == "Bo Chen-Lima"
    assert window.windowTitle() == "Bo Chen-Lima — TrialLog"


def test_a_new_person_dialog_needs_only_a_name(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert error_beside(dialog, "name") == "Required"
    type_into(dialog, "name", "  Ana   Lima ")
    dialog.accept()
    assert dialog.saved_key is not None
    assert people.load_person(db, dialog.saved_key).representative is None


def test_the_plan_table_model_shows_words_not_codes() -> None:
    model = coverage_model()
    model.set_rows(
        [Coverage(carrier="Cigna", plan_type=PlanType.SELF_FUNDED_EMPLOYER, start=PartialDate(2023, 1), key="1")]
    )
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["Cigna", "", "Self-funded employer (ERISA)", "", "", "Jan 2023", "in force"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Carrier"


def test_removing_a_prescriber_nobody_names(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    plans.save_prescriber(db, key, Prescriber(name="Dr. Okafor"))
    window = open_window(qtbot, db)
    said: list[str] = []

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.informativeText())
        button(box, "Remove prescriber").click()

    modals.then(answer)
    window.tabs.setCurrentWidget(window.plans)
    button(window.plans.prescribers, "Remove…").click()
    settle(qtbot, window)

    assert said[0].startswith("No trial or case names this prescriber.")
    assert people.load_person(db, key).prescribers == []
    assert window.plans.prescribers.hint.isVisibleTo(window)


def test_someone_acting_for_them_needs_a_name(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ana Lima")).new_key
    dialog = PersonDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog, "representative.relationship", "daughter")

    dialog.accept()

    assert dialog.isVisible()
    assert error_beside(dialog, "representative.name") == "Required"
    assert people.load_person(db, key).representative is None


def test_import_from_the_welcome_page_shows_the_person(qtbot, db, dana_json: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from triallog.gui import main_window

    class Chooser:
        @staticmethod
        def getOpenFileName(*args: object) -> tuple[str, str]:
            return str(dana_json), ""

    monkeypatch.setattr(main_window, "QFileDialog", Chooser)
    window = open_window(qtbot, db)

    button(window.welcome, "Import a record…").click()
    qtbot.waitUntil(lambda: not window.jobs.busy and window.switcher.current_key() is not None, timeout=10000)

    assert window.switcher.current_name() == "Dana Rivera"
    assert window.stack.currentWidget() is not window.welcome
