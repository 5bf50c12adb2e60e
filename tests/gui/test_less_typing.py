"""A tired caregiver types less: drug names complete, dates are typed the US way, the only prescriber and the
case on screen are chosen already, and a side effect dated before its trial is pointed out, not refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialogButtonBox, QLineEdit

from tests.factories import make_prescriber, make_side_effect, make_trial
from tests.gui.test_trials import add_dana, choose, click_save, new_dialog, open_view
from triallog.domain.dates import PartialDate
from triallog.domain.drug_names import drug_names_to_offer
from triallog.domain.enums import Outcome
from triallog.gui.dialogs.case_dialog import CaseDialog
from triallog.gui.dialogs.trial_dialog import SideEffectDialog, TrialDialog
from triallog.gui.main_window import MainWindow
from triallog.services import people, plans, trials
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")


def popup_of(edit: QLineEdit) -> QAbstractItemView:
    completer = edit.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    return popup


def offered(edit: QLineEdit) -> list[str]:
    """What the drop-down of suggestions under `edit` lists now, as a person reads it."""
    completer = edit.completer()
    assert completer is not None and popup_of(edit).isVisible(), "no suggestions are showing"
    model = completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def type_and_pick(qtbot, edit: QLineEdit, typed: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Type a few letters, then choose `shown` from the suggestions with the arrow keys and Enter."""
    edit.setFocus()
    qtbot.keyClicks(edit, typed)
    popup = popup_of(edit)
    qtbot.waitUntil(popup.isVisible)
    names = offered(edit)
    assert shown in names, f"{shown!r} is not among {names}"
    for _ in range(names.index(shown) + 1):  # the first Down enters the list
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


# -- drug names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "shown", "drug"),
    [
        ("drug", "zolo", "Zoloft (brand of sertraline)", "sertraline"),  # the brand moves beside its generic
        ("brand", "aimo", "Aimovig (brand of erenumab)", "erenumab"),  # an empty drug field is filled in
    ],
)
def test_choosing_a_brand_from_the_suggestions_fills_the_generic_and_the_brand(  # type: ignore[no-untyped-def]
    qtbot, db: Database, field: str, typed: str, shown: str, drug: str
) -> None:
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    type_and_pick(qtbot, getattr(dialog, field), typed, shown)
    qtbot.waitUntil(lambda: dialog.drug.text() == drug)
    assert dialog.brand.text() == shown.split(" (")[0]


def test_a_generic_completes_from_a_few_letters_anywhere_in_its_name(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    dialog.drug.setFocus()
    qtbot.keyClicks(dialog.drug, "glarg")
    qtbot.waitUntil(lambda: popup_of(dialog.drug).isVisible())
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "trial-drug-suggestions.png"))
    popup_of(dialog.drug).grab().save(str(SHOTS / "trial-drug-suggestions-list.png"))
    assert "insulin glargine" in offered(dialog.drug)
    type_and_pick(qtbot, dialog.drug, "ine", "insulin glargine")
    assert (dialog.drug.text(), dialog.brand.text()) == ("insulin glargine", "")  # a generic leaves the brand alone


def test_drugs_already_in_the_record_are_offered_with_the_brand_they_were_given(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    trials.save_trial(db, dana, make_trial("zuranolone", "2023-05", Outcome.ONGOING, key="", brand="Zurzuvae"))
    dialog = TrialDialog(db, dana, None, drug_names=drug_names_to_offer(people.load_person(db, dana)))
    qtbot.addWidget(dialog)
    dialog.show()
    type_and_pick(qtbot, dialog.drug, "zurz", "Zurzuvae (brand of zuranolone)")
    qtbot.waitUntil(lambda: dialog.drug.text() == "zuranolone")
    assert dialog.brand.text() == "Zurzuvae"


def test_the_trials_page_offers_the_persons_own_drugs(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    trials.save_trial(db, dana, make_trial("zuranolone", "2023-05", Outcome.ONGOING, key=""))
    view = open_view(qtbot, db, dana)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.add_trial()
    dialog = view.dialog
    assert isinstance(dialog, TrialDialog)
    dialog.drug.setFocus()
    qtbot.keyClicks(dialog.drug, "zuran")
    qtbot.waitUntil(lambda: popup_of(dialog.drug).isVisible())
    assert offered(dialog.drug) == ["zuranolone"]
    dialog.done(0)


def test_a_case_names_a_chosen_brand_with_its_generic(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = CaseDialog(db, dana, people.load_person(db, dana))
    qtbot.addWidget(dialog)
    dialog.show()
    requested = dialog.inputs["requested_drug"]
    assert isinstance(requested, QLineEdit)
    type_and_pick(qtbot, requested, "nurt", "Nurtec (brand of rimegepant)")
    qtbot.waitUntil(lambda: requested.text() == "rimegepant (Nurtec)")


# -- dates ------------------------------------------------------------------------------------------------


def test_dates_typed_the_us_way_are_read_month_first_and_saved(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.drug, "sertraline")
    qtbot.keyClicks(dialog.start.edit, "3/5/2021")
    assert dialog.start.hint.text() == "Friday, March 5, 2021"  # the hint says how it was read
    qtbot.keyClicks(dialog.end.edit, "09/2021")
    assert dialog.end.hint.text() == "September 2021 (month only)"
    choose(dialog.outcome, "Ineffective")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = people.load_person(db, dana).trials[0]
    assert (saved.start, saved.end) == (PartialDate(2021, 3, 5), PartialDate(2021, 9))


def test_the_hint_and_the_error_say_which_forms_a_date_field_reads(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    assert dialog.start.edit.placeholderText() == "Such as 2019, 03/2021 or 3/5/2021 (month/day/year)"
    qtbot.keyClicks(dialog.drug, "sertraline")
    qtbot.keyClicks(dialog.start.edit, "last spring")
    assert dialog.start.hint.text() == (
        "Not a date yet. Try 2021, 03/2021, Mar 2021, 3/5/2021 (month/day/year) or 2021-03-05."
    )
    choose(dialog.outcome, "Ineffective")
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors.text_of("start") == (
        "Must be a date such as 2021, 03/2021, Mar 2021, 3/5/2021 (month/day/year) or 2021-03-05"
    )
    assert dialog.start.text() == "last spring"  # nothing typed is lost


def test_a_saved_trial_opens_with_its_dates_as_people_read_them(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    trial = make_trial("sertraline", "2021-03-05", Outcome.INEFFECTIVE, key="", end="2021-09")
    key = trials.save_trial(db, dana, trial).new_key
    saved = next(t for t in people.load_person(db, dana).trials if t.key == key)
    dialog = new_dialog(qtbot, db, dana, trial=saved)
    assert (dialog.start.text(), dialog.end.text()) == ("Mar 5, 2021", "Sep 2021")
    assert not dialog.is_changed()


def test_a_status_date_is_read_the_us_way_with_or_without_a_time(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime

    from triallog.domain.zones import zone_of
    from triallog.gui.dialogs.case_dialog import read_event_when

    zone = zone_of("America/Chicago")
    assert read_event_when("1/25/2023", zone) == date(2023, 1, 25)
    assert read_event_when("Jan 25, 2023 9:30", zone) == datetime(2023, 1, 25, 9, 30, tzinfo=zone)
    assert read_event_when("2023-01-25 14:30", zone) == datetime(2023, 1, 25, 14, 30, tzinfo=zone)
    assert read_event_when("2023-01-25T14:30:00-06:00", zone).isoformat() == "2023-01-25T14:30:00-06:00"


# -- what is chosen already ---------------------------------------------------------------------------------


def test_a_person_with_one_prescriber_has_them_chosen_in_a_new_trial_and_case(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    nair = plans.save_prescriber(db, dana, make_prescriber("Priya Nair, MD", key="")).new_key
    dialog = new_dialog(qtbot, db, dana)
    assert (dialog.prescriber.currentText(), dialog.prescriber.currentData()) == ("Priya Nair, MD", nair)
    assert not dialog.is_changed()  # chosen for them, not typed by them: Cancel closes without asking
    case_dialog = CaseDialog(db, dana, people.load_person(db, dana))
    qtbot.addWidget(case_dialog)
    prescriber = case_dialog.inputs["prescriber"]
    assert isinstance(prescriber, QComboBox) and prescriber.currentData() == nair


def test_with_two_prescribers_or_a_saved_record_nothing_is_chosen_for_the_person(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    plans.save_prescriber(db, dana, make_prescriber("Priya Nair, MD", key=""))
    trials.save_trial(db, dana, make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key=""))
    saved = people.load_person(db, dana).trials[0]
    assert new_dialog(qtbot, db, dana, trial=saved).prescriber.currentText() == "None"  # kept as recorded
    plans.save_prescriber(db, dana, make_prescriber("Sam Okafor, NP", key=""))
    assert new_dialog(qtbot, db, dana).prescriber.currentText() == "None"


def test_ctrl_l_on_a_case_page_logs_a_call_about_that_case(qtbot, db: Database, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = MainWindow(db)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.tabs.setCurrentWidget(window.cases)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1)
    window.cases.table.selectRow(0)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.calls.dialog is not None and window.calls.dialog.isVisible())
    dialog = window.calls.dialog
    assert dialog is not None
    assert dialog.case.currentText() == "CG-2023-0045871"  # the case's reference, as the list names it
    assert dialog.case.currentData() == window.cases.selected_key()
    dialog.done(0)

    window.tabs.setCurrentWidget(window.trials)  # from any other page the call is about no case in particular
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.calls.dialog is not None and window.calls.dialog.isVisible())
    other = window.calls.dialog
    assert other is not None and other.case.currentText() == "No particular case"
    other.done(0)


# -- a side effect before its trial ----------------------------------------------------------------------------


def test_a_side_effect_before_the_trials_start_is_warned_of_and_still_saved(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.drug, "topiramate")
    qtbot.keyClicks(dialog.start.edit, "3/1/2021")
    choose(dialog.outcome, "Adverse reaction")
    qtbot.mouseClick(dialog.add_effect_button, Qt.MouseButton.LeftButton)
    effect = dialog.effect_dialog
    assert isinstance(effect, SideEffectDialog)
    qtbot.keyClicks(effect.description, "tingling")
    qtbot.keyClicks(effect.onset.edit, "02/2021")
    assert effect.onset_warning.isVisibleTo(effect)
    assert effect.onset_warning.text() == (
        "Check: this side effect began Feb 2021, before the trial's start, Mar 1, 2021. It is kept as typed."
    )
    qtbot.waitUntil(lambda: effect.onset.edit.height() >= effect.onset.edit.sizeHint().height())  # not squashed
    SHOTS.mkdir(exist_ok=True)
    effect.grab().save(str(SHOTS / "side-effect-before-start.png"))
    qtbot.mouseClick(effect.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.effect_dialog is None)  # a warning, not a refusal
    assert dialog.effects_warning.text() == (
        "Check: side effect 1 (tingling) began Feb 2021, before the trial's start, Mar 1, 2021."
    )
    dialog.grab().save(str(SHOTS / "trial-side-effect-warning.png"))

    dialog.start.setText("1/15/2021")  # the start was wrong: the warning goes as the dates agree
    assert not dialog.effects_warning.isVisibleTo(dialog)
    dialog.start.setText("3/1/2021")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = people.load_person(db, dana).trials[0]
    assert saved.side_effects[0].onset == PartialDate(2021, 2)


def test_an_onset_in_the_month_the_trial_started_is_no_cause_for_warning(qtbot) -> None:  # type: ignore[no-untyped-def]
    effect = SideEffectDialog(make_side_effect("rash", onset="2021-03"), start=PartialDate(2021, 3, 15))
    qtbot.addWidget(effect)
    assert not effect.onset_warning.isVisibleTo(effect)
    effect.onset.setText("3/10/2021")
    assert effect.onset_warning.isVisibleTo(effect)
