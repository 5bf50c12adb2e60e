"""Add or change one of a person's prescribers: name, specialty, practice, contact numbers and NPI."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from triallog.domain import records as r
from triallog.gui.dialogs.base import RecordDialog
from triallog.services import plans
from triallog.services.workspace import Database


class PrescriberDialog(RecordDialog):
    noun = "prescriber"

    def __init__(
        self, db: Database, person_key: str, prescriber: r.Prescriber | None = None, parent: QWidget | None = None
    ) -> None:
        self.db = db
        self.person_key = person_key
        self.prescriber = prescriber or r.Prescriber(name="")
        p = self.prescriber
        super().__init__("Change prescriber" if p.key else "Add a prescriber", parent)
        form = self.section()
        self.add_field(form, "&Name:", "name", QLineEdit(p.name), "Required, e.g. Priya Nair, MD")
        self.add_field(form, "Spe&cialty:", "specialty", QLineEdit(p.specialty), "e.g. Neurology")
        self.add_field(form, "&Practice:", "practice", QLineEdit(p.practice), "Clinic or hospital")
        self.add_field(form, "&Address:", "address", QPlainTextEdit(p.address))
        self.add_field(form, "P&hone:", "phone", QLineEdit(p.phone))
        self.add_field(form, "&Fax:", "fax", QLineEdit(p.fax), "Where requests and letters are faxed")
        self.add_field(form, "NP&I:", "npi", QLineEdit(p.npi), "10 digits, optional (National Provider Identifier)")
        self.finish()

    def save(self) -> str:
        prescriber = r.Prescriber(
            key=self.prescriber.key,
            name=self.text("name"),
            specialty=self.text("specialty"),
            practice=self.text("practice"),
            address=self.text("address"),
            phone=self.text("phone"),
            fax=self.text("fax"),
            npi=self.text("npi"),
        )
        return self.keep(plans.save_prescriber(self.db, self.person_key, prescriber), prescriber.key)
