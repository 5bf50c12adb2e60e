"""The person's profile dialog and the rename dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.enums import AuthorityKind
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.zones import computer_zone_name
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.widgets.zone_box import ZoneBox
from triallog.services import people
from triallog.services.workspace import Database


class PersonDialog(RecordDialog):
    """Add a person, or change a person's profile (their lists are edited elsewhere)."""

    noun = "person"

    def __init__(self, db: Database, person_key: str | None = None, parent: QWidget | None = None) -> None:
        self.db = db
        self.person_key = person_key
        person = people.load_person(db, person_key) if person_key else r.Person(name="")
        self.person = person
        super().__init__("Edit profile" if person_key else "Add a person", parent)
        rep = person.representative or r.Representative(name="")
        about = self.section("The person")
        self.add_field(about, "&Name:", "name", QLineEdit(person.name), "Required, e.g. Dana Rivera")
        self.date_field(about, "Date of &birth:", "date_of_birth", person.date_of_birth)
        self.add_field(about, "&Phone:", "phone", QLineEdit(person.phone))
        self.add_field(about, "&Address:", "address", QPlainTextEdit(person.address))
        # A new person starts in this computer's zone, by name, so the record keeps it when it moves.
        self.zone = ZoneBox(person.time_zone if person_key else computer_zone_name())
        self.add_field(about, "&Time zone:", "time_zone", self.zone)
        self.add_field(about, "N&otes:", "notes", QPlainTextEdit(person.notes), "Anything worth keeping in mind")
        acting = self.section("Someone who acts for them (optional)")
        self.add_field(acting, "Na&me:", "representative.name", QLineEdit(rep.name), "e.g. the caregiver's name")
        self.add_field(acting, "&Relationship:", "representative.relationship", QLineEdit(rep.relationship))
        self.add_field(acting, "P&hone:", "representative.phone", QLineEdit(rep.phone))
        kinds = QComboBox()
        kinds.addItem("Not recorded", None)
        for kind in AuthorityKind:
            kinds.addItem(kind.label, kind.value)
        kinds.setCurrentIndex(max(0, kinds.findData(rep.authority_kind.value)) if rep.authority_kind else 0)
        self.add_field(acting, "&Kind of authority:", "representative.authority_kind", kinds)
        self.add_field(
            acting,
            "A&uthority:",
            "representative.authority",
            QLineEdit(rep.authority),
            "In words, e.g. CMS-1696 signed 2024-02-21",
        )
        self.date_field(
            acting,
            "&Signed on:",
            "representative.authority_signed",
            rep.authority_signed,
            "When the document was signed (a CMS-1696 lasts one year)",
        )
        self.finish()

    def save(self) -> str:
        (birth, signed), problems = self.dates("date_of_birth", "representative.authority_signed")
        rep_fields = [self.text(f"representative.{f}") for f in ("name", "relationship", "phone", "authority")]
        rep_name, relationship, rep_phone, authority = rep_fields
        kinds = self.inputs["representative.authority_kind"]
        assert isinstance(kinds, QComboBox)
        kind = AuthorityKind(kinds.currentData()) if kinds.currentData() else None
        zone = ""
        try:
            zone = self.zone.zone_name()
        except ValidationError as error:
            problems += error.problems
        raise_if(problems)
        person = r.Person(
            name=self.text("name"),
            date_of_birth=birth,
            address=self.text("address"),
            phone=self.text("phone"),
            notes=self.text("notes"),
            time_zone=zone,
            # An untouched representative section means there is none, not one without a name.
            representative=r.Representative(rep_name, relationship, rep_phone, authority, kind, signed)
            if any(rep_fields) or kind is not None or signed is not None
            else None,
        )
        if self.person_key is None:
            self.made = people.add_person(self.db, person)
            added = self.made.created
            assert added is not None
            return added
        self.made = people.update_profile(self.db, self.person_key, person)
        return self.person_key


class RenameDialog(RecordDialog):
    """Change only the name; a clash with someone already here shows beside the name."""

    noun = "name"

    def __init__(self, db: Database, person_key: str, parent: QWidget | None = None) -> None:
        self.db = db
        self.person_key = person_key
        current = people.load_person(db, person_key).name
        super().__init__(f"Rename {current}", parent)
        self.setMinimumWidth(420)
        form = self.section()
        edit = self.add_field(form, "New &name:", "name", QLineEdit(current))
        assert isinstance(edit, QLineEdit)
        edit.selectAll()
        self.finish()

    def save(self) -> str:
        self.made = people.rename_person(self.db, self.person_key, self.text("name"))
        return self.person_key
