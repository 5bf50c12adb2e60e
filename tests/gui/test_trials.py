"""A caregiver records, changes, finds and deletes medication trials in the trials page and its dialog."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from tests.factories import make_coverage, make_person, make_side_effect, make_trial
from triallog.domain.dates import PartialDate
from triallog.domain.enums import Outcome, Severity
from triallog.gui.changes import Changes
from triallog.gui.dialogs.trial_dialog import SideEffectDialog, TrialDialog
from triallog.gui.models.base import SORT_ROLE, RowFilterModel
from triallog.gui.models.trial_table import (
    Column,
    SideEffectTableModel,
    TrialTableModel,
    duration_text,
)
from triallog.gui.views.trials_view import TrialsView
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.services import people, plans, trials
from triallog.services.changes import Changes as Changed
from triallog.services.workspace import Database

D = PartialDate.parse


# -- small helpers that read like what a person does ------------------------------------


def add_dana(db: Database) -> tuple[str, str, str]:
    """Dana and her two plans: Aetna until the end of 2021, then Cigna."""
    key = people.add_person(db, make_person("Dana Rivera")).new_key
    aetna = plans.save_coverage(db, key, make_coverage("Aetna", key="", start="2019-01", end="2021-12")).new_key
    cigna = plans.save_coverage(
        db, key, make_coverage("Cigna", key="", plan_name="Open Access Plus", start="2022-01")
    ).new_key
    return key, aetna, cigna


def open_view(qtbot, db: Database, person_key: str, changes: Changes | None = None) -> TrialsView:  # type: ignore[no-untyped-def]
    view = TrialsView(db, changes or Changes())
    qtbot.addWidget(view)
    view.resize(1100, 500)
    with qtbot.waitActive(view):  # shortcuts such as Ctrl+F need the window to be the active one
        view.show()
        view.activateWindow()
    view.set_person(person_key)
    return view


def new_dialog(qtbot, db: Database, person_key: str, **kwargs) -> TrialDialog:  # type: ignore[no-untyped-def]
    person = people.load_person(db, person_key)
    dialog = TrialDialog(db, person_key, None, person.coverages, person.prescribers, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(combo, text: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # as a person's choice, not the program's


def click_save(qtbot, dialog: TrialDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def add_side_effect(qtbot, dialog: TrialDialog, description: str, severity: str, onset: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.add_effect_button, Qt.MouseButton.LeftButton)
    effect = dialog.effect_dialog
    assert isinstance(effect, SideEffectDialog) and effect.isVisible()
    qtbot.keyClicks(effect.description, description)
    choose(effect.severity, severity)
    qtbot.keyClicks(effect.onset.edit, onset)
    qtbot.keyClick(effect.onset.edit, Qt.Key.Key_Return)  # Enter accepts the small form
    qtbot.waitUntil(lambda: dialog.effect_dialog is None)


def shown(view: TrialsView, column: Column) -> list[str]:
    return [view.proxy.index(row, column).data() for row in range(view.proxy.rowCount())]


# -- the stories ------------------------------------------------------------------------


def test_a_caregiver_records_a_trial_with_two_side_effects(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, aetna, _cigna = add_dana(db)
    view = open_view(qtbot, db, dana)
    assert view.pages.currentIndex() == 1 and "Dana Rivera" in view.empty_title.text()

    qtbot.mouseClick(view.first_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Add a medication trial — Dana Rivera"  # whose record, for a caregiver
    qtbot.waitUntil(dialog.drug.hasFocus)  # ready to type the drug at once
    qtbot.keyClicks(dialog.drug, "topiramate")
    qtbot.keyClicks(dialog.brand, "Topamax")
    qtbot.keyClicks(dialog.start.edit, "2021-03")
    assert dialog.start.hint.text() == "March 2021 (month only)"
    assert dialog.plan.currentData() == aetna  # the plan in force in March 2021, offered unasked
    choose(dialog.outcome, "Adverse reaction")
    add_side_effect(qtbot, dialog, "word-finding difficulty", "Moderate", "2021-04")
    add_side_effect(qtbot, dialog, "tingling in hands", "Mild", "Apr 2021")
    assert dialog.effects_model.rowCount() == 2
    click_save(qtbot, dialog)

    qtbot.waitUntil(lambda: view.dialog is None)
    (saved,) = trials.list_trials(db, dana)
    assert (saved.drug, saved.brand, saved.outcome, saved.coverage) == (
        "topiramate",
        "Topamax",
        Outcome.ADVERSE_REACTION,
        aetna,
    )
    assert saved.start.iso() == "2021-03" and saved.end is None
    assert [(e.description, e.severity, e.onset) for e in saved.side_effects] == [
        ("word-finding difficulty", Severity.MODERATE, D("2021-04")),
        ("tingling in hands", Severity.MILD, D("2021-04")),
    ]
    assert view.pages.currentIndex() == 0
    assert shown(view, Column.DRUG) == ["topiramate (Topamax)"]
    assert shown(view, Column.START) == ["Mar 2021"]
    assert view.selected_key() == saved.key  # the new row is chosen, ready to look at


def test_changing_a_trial_from_the_table_changes_the_record(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, aetna, _ = add_dana(db)
    key = trials.save_trial(
        db, dana, make_trial("sertraline", "2020-02", Outcome.ONGOING, key="", coverage=aetna)
    ).new_key
    view = open_view(qtbot, db, dana)
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter opens the chosen trial
    dialog = view.dialog
    assert dialog is not None and dialog.drug.text() == "sertraline" and dialog.start.text() == "Feb 2020"

    qtbot.keyClicks(dialog.dose, "50 mg daily")
    qtbot.keyClicks(dialog.end.edit, "2020-09")
    choose(dialog.outcome, "Ineffective")
    click_save(qtbot, dialog)

    qtbot.waitUntil(lambda: view.dialog is None)
    (changed,) = trials.list_trials(db, dana)
    assert (changed.key, changed.dose, changed.end, changed.outcome) == (
        key,
        "50 mg daily",
        D("2020-09"),
        Outcome.INEFFECTIVE,
    )
    assert changed.coverage == aetna  # a plan chosen before is kept
    assert shown(view, Column.END) == ["Sep 2020"]


def test_a_date_that_is_not_on_the_calendar_is_explained_and_kept(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.drug, "sumatriptan")
    qtbot.keyClicks(dialog.start.edit, "2023-02-30")
    assert "no such day" in dialog.start.hint.text()  # a gentle word while typing
    choose(dialog.outcome, "Effective")

    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved_key is None
    assert "no such date" in dialog.errors.text_of("start").lower()
    assert dialog.start.text() == "2023-02-30" and dialog.drug.text() == "sumatriptan"
    assert dialog.isVisible() and dialog.saved_key is None
    assert trials.list_trials(db, dana) == []


def test_an_end_before_the_start_is_explained_beside_the_end(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.drug, "propranolol")
    qtbot.keyClicks(dialog.start.edit, "2021-03")
    qtbot.keyClicks(dialog.end.edit, "2020-11")
    choose(dialog.outcome, "Ineffective")
    click_save(qtbot, dialog)

    assert dialog.errors.text_of("end") == "Before the start, Mar 2021"  # as the field shows it, not as stored
    dialog.grab().save("/tmp/gui-shots/trial-end-before-start-in-words.png")
    assert dialog.errors.text_of("start") == "" and dialog.errors.text_of("drug") == ""
    assert dialog.end.text() == "2020-11" and dialog.isVisible()
    assert trials.list_trials(db, dana) == []

    qtbot.keyClick(dialog.end.edit, Qt.Key.Key_Backspace)  # touching the field again clears its old message
    assert dialog.errors.text_of("end") == ""


def test_a_missing_drug_start_and_outcome_are_each_named(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved_key is None
    assert dialog.errors.text_of("start") and dialog.errors.text_of("outcome")
    qtbot.keyClicks(dialog.start.edit, "2019")
    choose(dialog.outcome, "Ongoing")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved_key is None
    assert dialog.errors.text_of("drug") == "Required"
    assert trials.list_trials(db, dana) == []


def test_side_effect_problems_show_beside_the_table_naming_the_row(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    # As an imported record might hold it: the second side effect ends before it began.
    trial = make_trial("topiramate", "2021-03", Outcome.ADVERSE_REACTION, key="")
    trial.side_effects = [make_side_effect("nausea"), make_side_effect("rash", onset="2021-05", resolved="2021-04")]
    dialog = new_dialog(qtbot, db, dana, trial=trial)
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved_key is None
    message = dialog.errors.text_of("side_effects")
    assert message.startswith("Side effect 2 (rash): resolved date before the onset, May 2021")
    assert dialog.effects_table.selectionModel().selectedRows()[0].row() == 1
    assert trials.list_trials(db, dana) == []


def test_the_side_effect_form_needs_a_description(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = SideEffectDialog()
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.onset.edit, "2021-04")
    form.accept()
    assert form.errors.text_of("description") == "Required"
    assert form.isVisible() and form.result_effect is None


def test_cancel_asks_before_throwing_typing_away(qtbot, db, modals) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.drug, "amitriptyline")

    modals.then(lambda box: press_and_check(box, "Keep editing"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.drug.text() == "amitriptyline"

    modals.then(lambda box: press_and_check(box, "Discard changes"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert trials.list_trials(db, dana) == []


def press_and_check(box, answer: str) -> None:  # type: ignore[no-untyped-def]
    assert box.text() == "Discard what you typed for this trial?"
    for button in box.buttons():
        if button.text() == answer:
            button.click()
            return
    raise AssertionError(f"no {answer!r} button")


def test_cancel_with_nothing_changed_just_closes(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    key = trials.save_trial(db, dana, make_trial("sertraline", "2020-02", Outcome.ONGOING, key="")).new_key
    (trial,) = trials.list_trials(db, dana)
    dialog = new_dialog(qtbot, db, dana, trial=trial)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("asked with nothing to lose"))
    dialog.close()
    assert not dialog.isVisible() and trials.list_trials(db, dana)[0].key == key


def test_the_plan_follows_the_start_date_until_chosen_by_hand(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, aetna, cigna = add_dana(db)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.start.edit, "2022-05")
    assert dialog.plan.currentData() == cigna and dialog.plan_hint.isVisible()
    dialog.start.edit.clear()
    qtbot.keyClicks(dialog.start.edit, "2020")
    assert dialog.plan.currentData() == aetna
    qtbot.keyClicks(dialog.start.edit, "-13")  # not a date for a moment: the plan stays put
    assert dialog.plan.currentData() == aetna

    choose(dialog.plan, "None")
    dialog.start.edit.clear()
    qtbot.keyClicks(dialog.start.edit, "2023-01")
    assert dialog.plan.currentData() is None and not dialog.plan_hint.isVisible()


def test_opening_a_trial_without_a_plan_does_not_give_it_one(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    trials.save_trial(db, dana, make_trial("sertraline", "2020-02", Outcome.ONGOING, key=""))
    (trial,) = trials.list_trials(db, dana)
    dialog = new_dialog(qtbot, db, dana, trial=trial)
    assert dialog.plan.currentData() is None and not dialog.is_changed()


def test_the_filter_box_narrows_the_rows(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, aetna, cigna = add_dana(db)
    for drug, start, outcome, plan in [
        ("topiramate", "2020-02", Outcome.ADVERSE_REACTION, aetna),
        ("propranolol", "2019", Outcome.INEFFECTIVE, aetna),
        ("erenumab", "2022-03", Outcome.ONGOING, cigna),
    ]:
        trials.save_trial(db, dana, make_trial(drug, start, outcome, key="", coverage=plan))
    view = open_view(qtbot, db, dana)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.filter_box.hasFocus()

    qtbot.keyClicks(view.filter_box, "CIGNA")
    assert shown(view, Column.DRUG) == ["erenumab"]
    view.filter_box.clear()
    qtbot.keyClicks(view.filter_box, "aetna 2020")  # every word must match somewhere in the row
    assert shown(view, Column.DRUG) == ["topiramate"]
    view.filter_box.clear()
    qtbot.keyClicks(view.filter_box, "warfarin")
    assert shown(view, Column.DRUG) == [] and view.no_match.isVisible()
    qtbot.keyClick(view.filter_box, Qt.Key.Key_Escape)
    assert len(shown(view, Column.DRUG)) == 3


def test_sorting_by_start_orders_by_date_not_by_text(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    for drug, start in [("b-drug", "2021-01"), ("a-drug", "2020-02"), ("c-drug", "2019"), ("d-drug", "2020-02-14")]:
        trials.save_trial(db, dana, make_trial(drug, start, Outcome.INEFFECTIVE, key=""))
    view = open_view(qtbot, db, dana)
    assert shown(view, Column.START) == ["2019", "Feb 2020", "Feb 14, 2020", "Jan 2021"]  # by start, at first

    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.START) + header.sectionSize(Column.START) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert shown(view, Column.START) == ["Jan 2021", "Feb 14, 2020", "Feb 2020", "2019"]


def test_deleting_names_the_trial_and_asks_first(qtbot, db, modals) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    trials.save_trial(db, dana, make_trial("topiramate", "2020-02", Outcome.INEFFECTIVE, key="", end="2020-07"))
    view = open_view(qtbot, db, dana)
    view.table.selectRow(0)
    questions: list[str] = []

    def answer(reply: str):  # type: ignore[no-untyped-def]
        def handle(box) -> None:  # type: ignore[no-untyped-def]
            questions.append(box.text())
            next(b for b in box.buttons() if b.text() == reply).click()

        return handle

    modals.then(answer("Keep it"))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert questions == ["Delete the trial of topiramate (Feb 2020 to Jul 2020)?"]
    assert len(trials.list_trials(db, dana)) == 1

    modals.then(answer("Delete trial"))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert trials.list_trials(db, dana) == []
    assert view.pages.currentIndex() == 1  # back to the friendly empty page


def test_the_page_refreshes_when_the_record_changes_elsewhere(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dana, _, _ = add_dana(db)
    changes = Changes()
    view = open_view(qtbot, db, dana, changes)
    trials.save_trial(db, dana, make_trial("lamotrigine", "2018", Outcome.EFFECTIVE, key=""))
    changes.announce(Changed("some-one-else", trials=True))
    assert view.model.rowCount() == 0
    changes.announce(Changed(dana, trials=True))
    assert shown(view, Column.DRUG) == ["lamotrigine"]
    view.set_person(None)
    assert view.pages.currentIndex() == 1 and not view.add_button.isEnabled()


# -- the pieces, without a window ----------------------------------------------------------


def test_durations_say_about_when_a_date_is_partial() -> None:
    assert duration_text(D("2021-03-05"), D("2021-03-05")) == "1 day"
    assert duration_text(D("2021-03-05"), D("2021-03-14")) == "10 days"
    assert duration_text(D("2021-03-05"), D("2021-04-20")) == "7 wk"
    assert duration_text(D("2021-03-05"), D("2021-08-05")) == "5 mo"
    assert duration_text(D("2021-03"), D("2021-08")) == "about 5 mo"
    assert duration_text(D("2021-03"), D("2021-03-20")) == "under 1 mo"
    assert duration_text(D("2019"), D("2021-06")) == "about 2 yr"
    assert duration_text(D("2018-01-10"), D("2020-04-10")) == "2 yr 3 mo"


def test_the_table_model_shows_what_a_reader_needs() -> None:
    rows = [
        make_trial(
            "topiramate",
            "2020-02",
            Outcome.ADVERSE_REACTION,
            key="1",
            brand="Topamax",
            end="2020-07",
            strength="50 mg",
            dose="twice daily",
            coverage="c1",
            side_effects=[make_side_effect("nausea"), make_side_effect("rash"), make_side_effect("fatigue")],
        ),
        make_trial("erenumab", "2022-03", Outcome.ONGOING, key="2"),
        make_trial("valproate", "2021-08", Outcome.CONTRAINDICATED, key="3", end="2021-08"),
    ]
    model = TrialTableModel(rows, plans={"c1": "Aetna Open Access PPO"}, today=date(2022, 8, 15))

    def cell(row: int, column: Column) -> str:
        return model.index(row, column).data()

    assert [cell(0, c) for c in Column] == [
        "topiramate (Topamax)",
        "50 mg · twice daily",
        "Feb 2020",
        "Jul 2020",
        "about 5 mo",
        "Adverse reaction",
        "",  # no scores recorded around it: no measured response to show
        "Aetna Open Access PPO",
        "nausea, rash and 1 more",
    ]
    assert (cell(1, Column.END), cell(1, Column.DURATION)) == ("still taking", "about 5 mo so far")
    assert (cell(2, Column.END), cell(2, Column.DURATION)) == ("not started", "")
    assert model.row_of("2") == 1 and model.row_of("missing") == -1
    assert model.index(0, Column.START).data(SORT_ROLE) < model.index(2, Column.START).data(SORT_ROLE)


def test_the_filter_model_sorts_by_date_and_matches_any_column_in_any_case() -> None:
    rows = [make_trial(drug, start, key=drug) for drug, start in [("x", "Jan 2021"), ("y", "Feb 2020"), ("z", "2020")]]
    proxy = RowFilterModel()
    proxy.setSourceModel(TrialTableModel(rows))
    proxy.sort(Column.START, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, Column.START).data() for r in range(3)] == ["2020", "Feb 2020", "Jan 2021"]
    proxy.set_filter_text("FEB")
    assert [proxy.index(r, Column.DRUG).data() for r in range(proxy.rowCount())] == ["y"]


def test_the_side_effect_model_adds_changes_and_removes() -> None:
    model = SideEffectTableModel([make_side_effect("nausea", onset="2021-04")])
    model.add(make_side_effect("rash", severity="mild"))
    model.replace(0, make_side_effect("nausea", onset="2021-05"))
    assert [model.index(r, 0).data() for r in range(2)] == ["nausea", "rash"]
    assert (model.index(0, 2).data(), model.index(1, 1).data()) == ("May 2021", "Mild")
    model.remove(0)
    assert [e.description for e in model.effects()] == ["rash"]


def test_the_date_field_keeps_the_text_and_reads_its_precision(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = PartialDateEdit("end", empty_hint="Leave empty while still taking it.")
    qtbot.addWidget(field)
    assert field.value() is None and field.hint.text().startswith("Leave empty")
    qtbot.keyClicks(field.edit, "March 5, 2021")
    assert field.text() == "March 5, 2021" and field.value() == D("2021-03-05")
    assert field.hint.text() == "Friday, March 5, 2021"
    field.setValue(D("2019"))
    assert field.text() == "2019" and field.hint.text() == "2019 (year only)"
    field.setText("soon")
    assert "Not a date yet" in field.hint.text()
    with pytest.raises(Exception) as raised:
        field.value()
    assert raised.value.field == "end"  # type: ignore[attr-defined]
    required = PartialDateEdit("start", allow_empty=False)
    qtbot.addWidget(required)
    with pytest.raises(Exception, match="required"):
        required.value()
