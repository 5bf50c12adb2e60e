"""A caregiver claims grounds one required drug at a time: accepts one card, corrects a claim's proof, completes
the claims an old file left without their drug, and argues "best interest" only where the plan's law allows it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from tests.factories import exchange_bytes, make_case, make_coverage, make_person, make_trial
from tests.gui.conftest import button
from tests.gui.test_cases import open_view, texts
from tests.gui.test_cases import shot as cases_shot
from triallog.domain.enums import Ground, Outcome
from triallog.domain.records import Claim
from triallog.gui.dialogs.case_dialog import CaseDialog
from triallog.gui.dialogs.claim_dialog import ClaimDialog
from triallog.services import people
from triallog.services.transfer import import_bytes, import_path
from triallog.services.workspace import Database


def shot(widget: QWidget, name: str) -> None:
    cases_shot(widget, f"claims-{name}")


def save(dialog: ClaimDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def check(dialog: ClaimDialog, drug: str, checked: bool = True) -> None:
    """Tick (or untick) the proof trial whose line starts with `drug`."""
    items = [dialog.proof.item(i) for i in range(dialog.proof.count())]
    (item,) = [i for i in items if i.text().startswith(drug)]
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def antidepressant_record(db: Database, state: str = "IL", name: str = "Maria-Theresa Okonkwo-Villanueva") -> str:
    """Three required drugs, two of them tried; a Texas plan recognises more grounds than an Illinois one."""
    person = make_person(
        name,
        coverages=[make_coverage("Blue Cross", key="c1", state=state, plan_type="commercial")],
        trials=[
            make_trial("sertraline", "2021-01", Outcome.INEFFECTIVE, key="t1", end="2021-04", brand="Zoloft"),
            make_trial("bupropion", "2021-05", Outcome.ADVERSE_REACTION, key="t2", end="2021-06",
                       brand="Wellbutrin XL"),
            make_trial("sertraline", "2019-02", Outcome.PARTIAL_RESPONSE, key="t3", end="2019-08"),
        ],
        cases=[make_case("vortioxetine (Trintellix)", coverage="c1",
                         required_drugs=["sertraline", "bupropion", "escitalopram"])],
    )  # fmt: skip
    import_bytes(db, exchange_bytes(person))
    return people.find_person(db, name).key


def test_accepting_one_card_claims_that_ground_for_that_drug_only(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = antidepressant_record(db)
    view = open_view(qtbot, db, key)
    cards = {s.required_drug: accept for s, accept, _ in view.ground_buttons}
    assert set(cards) == {"sertraline", "bupropion"}  # escitalopram was never tried: no card
    shown = texts(view.detail.widget())
    assert "• escitalopram: no claim: never tried and no recorded reason" in shown
    shot(view, "three-required-drugs")

    qtbot.mouseClick(cards["bupropion"], Qt.MouseButton.LeftButton)

    (claim,) = people.load_person(db, key).cases[0].claims
    assert claim == Claim(Ground.PRIOR_FAILURE, "bupropion", [next(t.key for t in people.load_person(db, key).trials
                                                                       if t.drug == "bupropion")])  # fmt: skip
    shown = texts(view.detail.widget())
    assert "Bupropion was already tried and failed" in shown  # the packet's heading, then its sentence
    assert "Bupropion (Wellbutrin XL) was tried May 2021 – Jun 2021 and stopped for an adverse reaction." in shown
    assert "• sertraline: no claim yet: a ground is suggested" in shown
    assert "• escitalopram: no claim: never tried and no recorded reason" in shown
    assert {s.required_drug for s, _, _ in view.ground_buttons} == {"sertraline"}
    shot(view, "one-accepted")


def test_a_claims_proof_can_be_edited_and_the_packet_wording_follows(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = antidepressant_record(db)
    view = open_view(qtbot, db, key)
    accept = {s.required_drug: a for s, a, _ in view.ground_buttons}["sertraline"]
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    trials = {t.key: t for t in people.load_person(db, key).trials}
    ((claim, edit, _remove),) = view.claim_buttons
    assert [trials[k].start.iso() for k in claim.trials] == ["2021-01"]

    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ClaimDialog)
    assert dialog.ground.currentData() == Ground.PRIOR_FAILURE.value
    assert dialog.drug.currentText() == "sertraline"
    items = [dialog.proof.item(i) for i in range(dialog.proof.count())]
    older = next(i for i in items if i.text() == "sertraline — Feb 2019 – Aug 2019, partial response")
    older.setCheckState(Qt.CheckState.Checked)
    check(dialog, "bupropion")  # a drug that is not sertraline: named as tried, nothing more
    qtbot.keyClicks(dialog.explanation, "Reached 200 mg daily.")
    preview = dialog.preview.text()
    assert preview.startswith("Sertraline was already tried and failed.")
    assert "Sertraline was tried Feb 2019 – Aug 2019 and gave only a partial response." in preview
    assert preview.endswith("Reached 200 mg daily.")
    assert "upropion" not in preview  # another drug is never printed as sertraline's proof
    assert dialog.notes.text() == (
        "Left out of the packet: bupropion (Wellbutrin XL), May 2021: not sertraline, a form of it or a drug of its "
        "class in TrialLog's table."
    )
    shot(dialog, "edit-proof")
    check(dialog, "bupropion", checked=False)
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: view.dialog is None)

    (saved,) = people.load_person(db, key).cases[0].claims
    assert sorted(trials[k].start.iso() for k in saved.trials) == ["2019-02", "2021-01"]
    assert saved.explanation == "Reached 200 mg daily."
    assert "Reached 200 mg daily." in texts(view.detail.widget())


def test_a_version_1_case_shows_its_claims_as_needing_proof_until_completed(qtbot, db, dana_v1_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_v1_json)
    key = people.list_people(db)[0].key
    view = open_view(qtbot, db, key)
    shown = texts(view.detail.widget())
    assert "Already tried: it did not work or caused harm: needs its drug and proof" in shown
    assert "Contraindicated: unsafe for this person: needs its drug and proof" in shown
    assert "Stable on the requested drug: needs its proof" in shown
    assert shown.count("Not printed in the packet until it is completed: choose Edit.") == 3
    shot(view, "version-1")

    edit = next(e for c, e, _ in view.claim_buttons if c.ground is Ground.PRIOR_FAILURE)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ClaimDialog)
    assert dialog.drug.currentText() == "Choose the required drug"
    save(dialog, qtbot)  # nothing chosen: said beside the field, and nothing lost
    assert dialog.isVisible()
    assert dialog.errors.text_of("required_drug") == "Choose the required drug this ground is about"
    assert dialog.preview.text() == "Not printed until it has its required drug and its proof."
    dialog.drug.setCurrentIndex(dialog.drug.findData("topiramate"))
    check(dialog, "topiramate")
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: view.dialog is None)

    claims = people.load_person(db, key).cases[0].claims
    done = next(c for c in claims if c.ground is Ground.PRIOR_FAILURE)
    assert done.required_drug == "topiramate" and len(done.trials) == 1 and not done.needs_drug_and_proof
    shown = texts(view.detail.widget())
    assert "Topiramate was already tried and failed" in shown
    assert "Topiramate was tried Feb 2020 – Jul 2020 and stopped for an adverse reaction" in shown
    assert shown.count("Not printed in the packet until it is completed: choose Edit.") == 2


def test_best_interest_is_offered_only_where_the_plans_law_recognises_it(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    illinois = open_view(qtbot, db, antidepressant_record(db, "IL"))
    qtbot.mouseClick(illinois.add_claim_button, Qt.MouseButton.LeftButton)
    dialog = illinois.dialog
    assert isinstance(dialog, ClaimDialog)
    assert not dialog.is_changed()  # opened and untouched: closing it asks nothing
    offered = [dialog.ground.itemData(i) for i in range(dialog.ground.count())]
    assert Ground.NOT_IN_BEST_INTEREST.value not in offered
    dialog.done(0)
    qtbot.waitUntil(lambda: illinois.dialog is None)

    key = antidepressant_record(db, "TX", "Ana Diaz")
    view = open_view(qtbot, db, key)
    assert "Rules for this plan: Texas, Tex. Ins. Code § 1369.0546" in texts(view.detail.widget())
    qtbot.mouseClick(view.add_claim_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ClaimDialog)
    dialog.ground.setCurrentIndex(dialog.ground.findData(Ground.NOT_IN_BEST_INTEREST.value))
    assert not dialog.drug.isEnabled()  # it is about the requested drug
    assert "Counts under Tex. Ins. Code § 1369.0546(c)(3)" in dialog.law.text()
    save(dialog, qtbot)
    assert dialog.isVisible()
    assert "Required" in dialog.errors.text_of("explanation")
    reasons = "Sertraline worsened her bipolar symptoms; her psychiatrist advises against SSRIs."
    qtbot.keyClicks(dialog.explanation, reasons)
    shot(dialog, "best-interest")
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: view.dialog is None)

    (claim,) = people.load_person(db, key).cases[0].claims
    assert claim.ground is Ground.NOT_IN_BEST_INTEREST and claim.required_drug == ""
    assert claim.explanation.startswith("Sertraline worsened")


def test_removing_a_claim_asks_first_and_keeps_the_trials(qtbot, db, modals) -> None:  # type: ignore[no-untyped-def]
    key = antidepressant_record(db)
    view = open_view(qtbot, db, key)
    accept = {s.required_drug: a for s, a, _ in view.ground_buttons}["sertraline"]
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    ((_claim, _edit, remove),) = view.claim_buttons

    modals.then(lambda box: button(box, "Keep it").click())
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert len(people.load_person(db, key).cases[0].claims) == 1

    ((_claim, _edit, remove),) = view.claim_buttons
    modals.then(lambda box: button(box, "Remove").click())
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    person = people.load_person(db, key)
    assert person.cases[0].claims == [] and len(person.trials) == 3
    assert "sertraline" in {s.required_drug for s, _, _ in view.ground_buttons}  # the suggestion is back


def test_removing_a_claimed_drug_from_the_case_is_refused_beside_the_required_drugs(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = antidepressant_record(db)
    view = open_view(qtbot, db, key)
    accept = {s.required_drug: a for s, a, _ in view.ground_buttons}["sertraline"]
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    dialog.inputs["required_drugs"].setPlainText("bupropion\nescitalopram")  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.errors.text_of("required_drugs") == (
        "Sertraline is still claimed (already tried and failed): change or remove that claim on the case page first"
    )
    assert dialog.inputs["required_drugs"].toPlainText() == "bupropion\nescitalopram"  # type: ignore[union-attr]
    assert people.load_person(db, key).cases[0].required_drugs == ["sertraline", "bupropion", "escitalopram"]
