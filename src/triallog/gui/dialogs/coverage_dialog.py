"""Add or change one insurance plan of a person: carrier, plan, card numbers, state and dates."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from triallog.domain import records as r
from triallog.domain.enums import PlanType
from triallog.domain.errors import raise_if
from triallog.domain.rules import US_STATES, check_coverage
from triallog.gui.dialogs.base import RecordDialog
from triallog.services import plans
from triallog.services.workspace import Database


class CoverageDialog(RecordDialog):
    noun = "plan"

    def __init__(
        self, db: Database, person_key: str, coverage: r.Coverage | None = None, parent: QWidget | None = None
    ) -> None:
        self.db = db
        self.person_key = person_key
        self.coverage = coverage or r.Coverage(carrier="")
        c = self.coverage
        super().__init__("Change plan" if c.key else "Add a plan", parent)

        # Two columns, so the whole form fits a small screen (1024×700) without scrolling.
        left, right = QVBoxLayout(), QVBoxLayout()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(8)
        columns.addLayout(right, 1)
        self.body.addLayout(columns)
        plan = self.section("Plan", left)
        self.add_field(plan, "&Carrier:", "carrier", QLineEdit(c.carrier), "Required, e.g. Cigna or Aetna")
        self.add_field(plan, "Plan &name:", "plan_name", QLineEdit(c.plan_name), "As printed on the card")
        self.add_field(plan, "Plan &type:", "plan_type", self._plan_types(c.plan_type))
        self.add_field(plan, "Stat&e:", "state", self._states(c.state))
        self.date_field(plan, "St&arted:", "start", c.start)
        self.date_field(plan, "En&ded:", "end", c.end, "Leave empty while the plan is in force.")

        card = self.section("From the member card", left)
        self.add_field(card, "&Member ID:", "member_id", QLineEdit(c.member_id))
        self.add_field(card, "&Group number:", "group_number", QLineEdit(c.group_number))
        self.add_field(card, "Rx &BIN:", "rx_bin", QLineEdit(c.rx_bin), "Pharmacy numbers, often on the back")
        self.add_field(card, "Rx &PCN:", "rx_pcn", QLineEdit(c.rx_pcn))
        self.add_field(card, "Rx gr&oup:", "rx_group", QLineEdit(c.rx_group))

        contact = self.section("Where requests and appeals go", right)
        self.add_field(
            contact,
            "Request p&hone:",
            "contact_phone",
            QLineEdit(c.contact_phone),
            "For exceptions and prior authorization",
        )
        self.add_field(contact, "Request &fax:", "contact_fax", QLineEdit(c.contact_fax))
        self.add_field(
            contact,
            "Appeals addre&ss:",
            "appeals_address",
            QPlainTextEdit(c.appeals_address),
            "As printed on the denial letter",
        )
        self.add_field(contact, "Appeals fa&x:", "appeals_fax", QLineEdit(c.appeals_fax))
        right.addStretch(1)
        self.setMinimumWidth(860)
        self.finish()

    @staticmethod
    def _plan_types(current: PlanType | None) -> QComboBox:
        combo = QComboBox()
        combo.addItem("Not sure", None)
        for kind in PlanType:
            combo.addItem(kind.label, kind.value)  # the word: Qt hands a str-based enum back as a plain str
        combo.setCurrentIndex(max(0, combo.findData(current.value)) if current else 0)
        return combo

    @staticmethod
    def _states(current: str) -> QComboBox:
        # A list rather than free text: typing "IL" jumps there, and a wrong code cannot be entered.
        combo = QComboBox()
        combo.addItem("Not set", "")
        for code in sorted(US_STATES):
            combo.addItem(code, code)
        found = combo.findData(current)
        if current and found < 0:  # a code this list does not know stays visible rather than vanishing
            combo.addItem(current, current)
            found = combo.count() - 1
        combo.setCurrentIndex(max(0, found))
        return combo

    def save(self) -> str:
        (start, end), problems = self.dates("start", "end")
        plan_type = self.inputs["plan_type"]
        state = self.inputs["state"]
        assert isinstance(plan_type, QComboBox) and isinstance(state, QComboBox)
        coverage = r.Coverage(
            key=self.coverage.key,
            carrier=self.text("carrier"),
            plan_name=self.text("plan_name"),
            plan_type=PlanType(plan_type.currentData()) if plan_type.currentData() else None,
            member_id=self.text("member_id"),
            group_number=self.text("group_number"),
            rx_bin=self.text("rx_bin"),
            rx_pcn=self.text("rx_pcn"),
            rx_group=self.text("rx_group"),
            state=state.currentData() or "",
            start=start,
            end=end,
            contact_phone=self.text("contact_phone"),
            contact_fax=self.text("contact_fax"),
            appeals_address=self.text("appeals_address"),
            appeals_fax=self.text("appeals_fax"),
        )
        if problems:
            # Show every problem at once, not the date first and the missing carrier on the next try.
            raise_if(problems + check_coverage(coverage))
        return self.keep(plans.save_coverage(self.db, self.person_key, coverage), coverage.key)
