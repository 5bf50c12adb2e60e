"""Add or change one claim of a case: a ground, the required drug it answers, its proof and its explanation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.enums import Ground
from triallog.domain.wording import FOR_PERSON
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.widgets.labels import make_quiet
from triallog.services.cases import (
    claim_preview,
    grounds_to_add,
    jurisdiction,
    required_drug_choices,
    save_claim,
)
from triallog.services.workspace import Database

GROUND_TEXT = FOR_PERSON  # the grounds in the person's words
CHOOSE = "Choose the required drug"
EXPLANATION_HINTS = {
    Ground.PRIOR_FAILURE: "Optional: anything the trials do not say, e.g. the dose reached",
    Ground.CONTRAINDICATED: "Why it is unsafe, if no trial records it, e.g. an allergy or another condition",
    Ground.EXPECTED_INEFFECTIVE_OR_HARMFUL: "Why it is expected not to work or to harm, if no trial shows it",
    Ground.STABLE_ON_CURRENT: "Optional: how the requested drug helps",
    Ground.NOT_IN_BEST_INTEREST: "Required: why the required drugs are not in the person's best interest",
}


def trial_line(trial: r.Trial, label: str = "") -> str:
    """`topiramate — Feb 2020 – Jul 2020, adverse reaction`, for choosing a trial as proof (`label`: how to name
    the drug, when it is proof of another drug: `glyburide (a sulfonylurea like glipizide)`)."""
    if trial.end is None:
        span = f"{trial.start.human()} – now"
    elif trial.end == trial.start:
        span = trial.start.human()
    else:
        span = f"{trial.start.human()} – {trial.end.human()}"
    return f"{label or trial.drug_label} — {span}, {trial.outcome.label.lower()}"


class ClaimDialog(RecordDialog):
    """Add a claim (`index` None) or change the claim at `index`. What the packet will say is shown as it is typed."""

    noun = "ground"
    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        person_key: str,
        person: r.Person,
        case: r.Case,
        index: int | None = None,
        changes: Changes | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self.db, self.person_key, self.person, self.case, self.index = db, person_key, person, case, index
        self.changes, self.today = changes, today or date.today()
        claim = case.claims[index] if index is not None else r.Claim(Ground.PRIOR_FAILURE)
        title = "Change a ground" if index is not None else "Add a ground"
        super().__init__(f"{title} — {case.requested_drug}", parent)
        self.setMinimumWidth(640)
        law = jurisdiction(person, case)
        form = self.section()
        rule = make_quiet(QLabel(law.summary()))
        rule.setWordWrap(True)
        form.addRow(rule)

        self.ground = QComboBox()
        offered = grounds_to_add(person, case)
        for ground in offered:
            self.ground.addItem(GROUND_TEXT[ground], ground.value)
        if claim.ground not in offered:  # a claim from a file or from another plan's rules keeps its ground
            self.ground.addItem(f"{GROUND_TEXT[claim.ground]} (not a ground for this plan)", claim.ground.value)
        self.ground.setCurrentIndex(max(self.ground.findData(claim.ground.value), 0))
        self.add_field(form, "&Ground:", "ground", self.ground)

        self.drug = QComboBox()
        choices = required_drug_choices(case)
        self.drug.addItem(CHOOSE, "")  # also says "none needed" for the grounds about the requested drug
        self._chosen = 0
        for label in choices:
            self.drug.addItem(label, label)
        # the claim's drug as the case lists it (a claim read from a file may differ in capitals)
        same = next((c for c in choices if c.casefold() == claim.required_drug.strip().casefold()), None)
        if claim.required_drug.strip() and same is None:
            self.drug.addItem(f"{claim.required_drug} (not one of the case's required drugs)", claim.required_drug)
        self.drug.setCurrentIndex(max(self.drug.findData(same or claim.required_drug), 0))
        self.add_field(form, "Required &drug:", "required_drug", self.drug)

        self.proof = QListWidget()
        self.proof.setAccessibleName("Trials that prove it")
        for trial in sorted(person.trials, key=lambda t: t.start.sort_key()):
            item = QListWidgetItem(trial_line(trial))
            item.setData(Qt.ItemDataRole.UserRole, trial.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if trial.key in claim.trials else Qt.CheckState.Unchecked)
            self.proof.addItem(item)
        rows = min(max(self.proof.count(), 3), 8)
        self.proof.setFixedHeight(self.proof.sizeHintForRow(0) * rows + 8 if self.proof.count() else 60)
        self._proof_row(form)

        self.explanation = QPlainTextEdit(claim.explanation)
        self.add_field(form, "&Explanation:", "explanation", self.explanation)

        self.law = make_quiet(QLabel())
        self.law.setWordWrap(True)
        form.addRow(self.law)
        caption = QLabel("<b>In the packet</b>")
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = make_quiet(QLabel())
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.body.addWidget(caption)
        self.body.addWidget(self.preview)
        self.body.addWidget(self.notes)

        self.ground.currentIndexChanged.connect(self._update)
        self.drug.currentIndexChanged.connect(self._update)
        self.proof.itemChanged.connect(self._update)
        self.explanation.textChanged.connect(self._update)
        self._update()
        self.finish()  # after the first update, so that opening and closing untouched asks nothing

    def _proof_row(self, form: QFormLayout) -> None:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.proof)
        if not self.proof.count():
            column.addWidget(make_quiet(QLabel("No trials are recorded yet: add them on the Trials page.")))
        column.addWidget(self.errors.label_for("trials", self.proof))
        caption = QLabel("&Proof (trials):")
        caption.setBuddy(self.proof)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.captions.append(caption)
        form.addRow(caption, column)

    # -- reading ---------------------------------------------------------------------

    def claim_from_form(self) -> r.Claim:
        ground = Ground(self.ground.currentData())
        drug = "" if ground.about_requested_drug else str(self.drug.currentData() or "")
        trials = [
            str(self.proof.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.proof.count())
            if self.proof.item(i).checkState() == Qt.CheckState.Checked
        ]
        return r.Claim(ground, drug, trials, self.explanation.toPlainText().strip())

    def snapshot(self) -> tuple[object, ...]:
        checked = tuple(self.proof.item(i).checkState() == Qt.CheckState.Checked for i in range(self.proof.count()))
        return (*super().snapshot(), checked)

    def _update(self) -> None:
        claim = self.claim_from_form()
        ground = claim.ground
        about = ground.about_requested_drug
        if about and self.drug.isEnabled():
            self._chosen = self.drug.currentIndex()
            self.drug.setItemText(0, f"None: this ground is about the requested drug, {self.case.requested_drug}")
            self.drug.setCurrentIndex(0)
        elif not about and not self.drug.isEnabled():
            self.drug.setItemText(0, CHOOSE)
            self.drug.setCurrentIndex(self._chosen)
        self.drug.setEnabled(not about)
        self.explanation.setPlaceholderText(EXPLANATION_HINTS[ground])
        cite = jurisdiction(self.person, self.case).cite(ground)
        self.law.setText(f"Counts under {cite}." if cite else "")
        self.law.setVisible(bool(cite))
        proof = claim_preview(self.person, self.case, claim, self.today)
        if not proof.printable:  # the last note says why; the others, what was left out
            self.preview.setText(proof.notes[-1])
            self.notes.setText("\n".join(proof.notes[:-1]))
            return
        self.preview.setText(f"{proof.heading}. {proof.sentences}".strip())
        self.notes.setText("\n".join(proof.notes))

    # -- saving ----------------------------------------------------------------------

    def save(self) -> str:
        self.made = save_claim(self.db, self.person_key, self.case.key, self.index, self.claim_from_form())
        self.saved.emit(self.case.key)
        if self.changes is not None:
            self.changes.announce(self.made)
        return self.case.key
