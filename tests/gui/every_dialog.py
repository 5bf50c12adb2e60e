"""Every dialog TrialLog has, opened on Dana's record: for tests that must hold for each one (named
controls, larger text).

`dialog_classes()` finds every QDialog subclass under `triallog.gui`; `OPENERS` says how to open each on
a real record. A dialog added without an opener fails `test_every_dialog_class_has_an_opener`, so a new
dialog is checked as soon as it exists.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog

import triallog.gui
from triallog.domain import records as r
from triallog.gui.changes import Changes
from triallog.services import people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

TODAY = date(2023, 3, 1)
#: dialogs that are only ever the base of others, never opened themselves
BASES = {"FormDialog", "RecordDialog", "PdfMakerDialog", "PassphraseForm"}
#: what a recovery key looks like (the protect dialog's second page shows one)
RECOVERY_KEY = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"


@dataclass
class Record:
    """Dana's record in an open database, as the dialogs are given it."""

    db: Database
    person: r.Person

    @property
    def key(self) -> str:
        return self.person.key

    @property
    def case(self) -> r.Case:
        return self.person.cases[0]


def dana_record(db: Database, dana_json: Path) -> Record:
    import_path(db, dana_json)
    return Record(db, people.load_person(db, people.find_person(db, "Dana Rivera").key))


def _kept_packet(rec: Record):  # type: ignore[no-untyped-def]
    from triallog.services import packet_archive
    from triallog.services.packets import PacketOptions

    made = packet_archive.keep_packet(rec.db, rec.key, rec.case.key, _tiny_pdf(), PacketOptions(), 1)
    return packet_archive.get_packet(rec.db, rec.key, int(made.created or 0))


def _tiny_pdf() -> bytes:
    """A real one-page PDF, made the way the reports make theirs."""
    from reportlab.platypus import Flowable

    from triallog.reports.base import PdfRenderer, text

    class Page(PdfRenderer):
        title = "Evidence packet"

        def story(self) -> list[Flowable]:
            return [text("Request for a step therapy exception. " * 20)]

    return Page("Dana Rivera", TODAY).render()


def _showing_recovery_key(dialog):  # type: ignore[no-untyped-def]
    """The protect dialog once the records are protected: its second page, with the key to keep."""
    dialog.recovery_key = RECOVERY_KEY
    dialog.done_acting()
    return dialog


def _opener_table() -> dict[str, Callable[[Record], QDialog]]:
    from triallog.gui.dialogs.about_dialog import AboutDialog
    from triallog.gui.dialogs.backups_dialog import BackupsDialog
    from triallog.gui.dialogs.calendar_dialog import CalendarDialog
    from triallog.gui.dialogs.call_dialog import CallDialog
    from triallog.gui.dialogs.call_log_dialog import CallLogDialog
    from triallog.gui.dialogs.case_dialog import CaseDialog, LetterDatesDialog, StatusDialog
    from triallog.gui.dialogs.claim_dialog import ClaimDialog
    from triallog.gui.dialogs.coverage_dialog import CoverageDialog
    from triallog.gui.dialogs.document_dialog import DocumentDialog
    from triallog.gui.dialogs.export_dialog import ExportDialog
    from triallog.gui.dialogs.mark_sent_dialog import MarkSentDialog
    from triallog.gui.dialogs.measure_definition_dialog import MeasureDefinitionDialog
    from triallog.gui.dialogs.packet_dialog import PacketDialog
    from triallog.gui.dialogs.passphrase_dialogs import ChangePassphraseDialog, ProtectDialog, RemovePassphraseDialog
    from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
    from triallog.gui.dialogs.person_dialog import PersonDialog, RenameDialog
    from triallog.gui.dialogs.phone_script_dialog import PhoneScriptDialog
    from triallog.gui.dialogs.prescriber_dialog import PrescriberDialog
    from triallog.gui.dialogs.questionnaire_dialog import QuestionnaireDialog
    from triallog.gui.dialogs.score_dialog import ScoreDialog
    from triallog.gui.dialogs.trial_dialog import SideEffectDialog, TrialDialog
    from triallog.gui.dialogs.unlock_dialog import UnlockDialog
    from triallog.gui.dialogs.visit_summary_dialog import VisitSummaryDialog

    return {
        "AboutDialog": lambda x: AboutDialog(x.db.data_dir),
        "BackupsDialog": lambda x: BackupsDialog(x.db, lambda _backup: False),
        "CalendarDialog": lambda x: CalendarDialog(x.db, [(x.key, x.person.name)], x.key, today=TODAY),
        "CallDialog": lambda x: CallDialog(x.db, Changes(), x.key, x.case.key),
        "CallLogDialog": lambda x: CallLogDialog(x.db, x.person, today=TODAY),
        "ChangePassphraseDialog": lambda x: ChangePassphraseDialog(x.db.data_dir, lambda _key, _new: None),
        "CaseDialog": lambda x: CaseDialog(x.db, x.key, x.person, x.case),
        "StatusDialog": lambda x: StatusDialog(x.db, x.key, x.case, TODAY),
        "LetterDatesDialog": lambda x: LetterDatesDialog(x.db, x.key, x.case, 0),
        "ClaimDialog": lambda x: ClaimDialog(x.db, x.key, x.person, x.case, today=TODAY),
        "CoverageDialog": lambda x: CoverageDialog(x.db, x.key, x.person.coverages[0]),
        "DocumentDialog": lambda x: DocumentDialog(x.db, x.key, x.person, x.person.documents[0]),
        "ExportDialog": lambda x: ExportDialog([x.person.name, "Ana Lima"], x.person.name),
        "ExportDialog, protected records": lambda x: ExportDialog([x.person.name], x.person.name, None, True),
        "MarkSentDialog": lambda x: MarkSentDialog(x.db, x.key, x.case, _kept_packet(x), TODAY),
        "MeasureDefinitionDialog": lambda x: MeasureDefinitionDialog(x.db, Changes(), x.key),
        "PacketDialog": lambda x: PacketDialog(x.db, x.person, x.case, today=TODAY),
        "PdfPreviewDialog": lambda x: PdfPreviewDialog(_tiny_pdf(), "Evidence packet", "packet.pdf"),
        "ProtectDialog": lambda x: ProtectDialog(x.db.data_dir, lambda _passphrase: RECOVERY_KEY),
        "ProtectDialog, its recovery key": lambda x: _showing_recovery_key(ProtectDialog(x.db.data_dir, str)),
        "RemovePassphraseDialog": lambda x: RemovePassphraseDialog(x.db.data_dir, lambda _key: None),
        "PersonDialog": lambda x: PersonDialog(x.db, x.key),
        "RenameDialog": lambda x: RenameDialog(x.db, x.key),
        "PhoneScriptDialog": lambda x: PhoneScriptDialog("Hello, I am calling about a denial for Dana Rivera."),
        "PrescriberDialog": lambda x: PrescriberDialog(x.db, x.key, x.person.prescribers[0]),
        "QuestionnaireDialog": lambda x: QuestionnaireDialog(x.db, Changes(), x.key, "PHQ-9", today=TODAY),
        "ScoreDialog": lambda x: ScoreDialog(x.db, Changes(), x.key, today=TODAY),
        "SideEffectDialog": lambda x: SideEffectDialog(x.person.trials[0].side_effects[0]),
        "TrialDialog": lambda x: TrialDialog(
            x.db, x.key, None, x.person.coverages, x.person.prescribers, x.person.trials[0], person_name=x.person.name
        ),
        "UnlockDialog": lambda x: UnlockDialog(x.db.data_dir),
        "VisitSummaryDialog": lambda x: VisitSummaryDialog(x.db, x.person, today=TODAY),
    }


OPENERS = _opener_table()


def dialog_classes() -> set[str]:
    """The name of every dialog class defined under `triallog.gui` (bases left out)."""
    found: set[str] = set()
    for module_info in pkgutil.walk_packages(triallog.gui.__path__, "triallog.gui."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, QDialog) and value.__module__ == module.__name__:
                found.add(name)
    return found - BASES
