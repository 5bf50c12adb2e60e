"""On a small laptop (1024×700), every dialog opens whole: its title bar, its fields and its buttons on screen.

Each dialog is opened as a caregiver would meet it, over a full record (Dana's, with a long name and
long notes), and its size, the size it asks for and the size it cannot go below are held against the
screen. A dialog class with no entry below fails the test, so a new one is measured too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog

import triallog.gui.dialogs as dialogs_package
from tests.gui.test_pdf_preview import sample_pdf
from triallog.domain import records as r
from triallog.gui import screen_room
from triallog.gui.changes import Changes
from triallog.services import people
from triallog.services.packet_archive import KeptPacket
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")
#: a 1024×700 screen, less a title bar of up to 40 pixels above the dialog
SCREEN = QSize(1024, 700 - 40)
TODAY = date(2023, 2, 1)
LONG_NAME = "Maria-Theresa Okonkwo-Villanueva de la Cruz-Hernández"

Opener = Callable[[Database, str, r.Person], QDialog]


def _packet(db: Database, key: str, person: r.Person) -> QDialog:
    from triallog.gui.dialogs.mark_sent_dialog import MarkSentDialog

    case = person.cases[0]
    kept = KeptPacket(
        1, case.key, datetime(2023, 2, 1, 15, tzinfo=UTC), ("cover",), False, "letter", 9, "ab" * 32,
        db.data_dir / "packets" / "1.pdf", None, None, "",
    )  # fmt: skip
    return MarkSentDialog(db, key, case, kept, TODAY)


def _openers() -> dict[str, Opener]:
    from triallog.gui.dialogs.backups_dialog import BackupsDialog
    from triallog.gui.dialogs.call_dialog import CallDialog
    from triallog.gui.dialogs.call_log_dialog import CallLogDialog
    from triallog.gui.dialogs.case_dialog import CaseDialog, LetterDatesDialog, StatusDialog
    from triallog.gui.dialogs.claim_dialog import ClaimDialog
    from triallog.gui.dialogs.coverage_dialog import CoverageDialog
    from triallog.gui.dialogs.document_dialog import DocumentDialog
    from triallog.gui.dialogs.export_dialog import ExportDialog
    from triallog.gui.dialogs.measure_definition_dialog import MeasureDefinitionDialog
    from triallog.gui.dialogs.packet_dialog import PacketDialog
    from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
    from triallog.gui.dialogs.person_dialog import PersonDialog, RenameDialog
    from triallog.gui.dialogs.phone_script_dialog import PhoneScriptDialog
    from triallog.gui.dialogs.prescriber_dialog import PrescriberDialog
    from triallog.gui.dialogs.questionnaire_dialog import QuestionnaireDialog
    from triallog.gui.dialogs.score_dialog import ScoreDialog
    from triallog.gui.dialogs.trial_dialog import SideEffectDialog, TrialDialog
    from triallog.gui.dialogs.visit_summary_dialog import VisitSummaryDialog
    from triallog.services.phone_script import build_phone_script

    def case(p: r.Person) -> r.Case:
        return p.cases[0]

    return {
        "BackupsDialog": lambda db, key, p: BackupsDialog(db, lambda _backup: False),
        "CallDialog": lambda db, key, p: CallDialog(db, Changes(), key, case(p).key, p.calls[0]),
        "CallLogDialog": lambda db, key, p: CallLogDialog(db, p, today=TODAY),
        "CaseDialog": lambda db, key, p: CaseDialog(db, key, p, case(p), Changes()),
        "StatusDialog": lambda db, key, p: StatusDialog(db, key, case(p), TODAY, Changes()),
        "LetterDatesDialog": lambda db, key, p: LetterDatesDialog(db, key, case(p), 0, Changes()),
        "ClaimDialog": lambda db, key, p: ClaimDialog(db, key, p, case(p), None, Changes(), today=TODAY),
        "CoverageDialog": lambda db, key, p: CoverageDialog(db, key, p.coverages[0]),
        "DocumentDialog": lambda db, key, p: DocumentDialog(db, key, p, None, case(p).key, Changes()),
        "ExportDialog": lambda db, key, p: ExportDialog([p.name, "Sam Okafor"], p.name),
        "MarkSentDialog": _packet,
        "MeasureDefinitionDialog": lambda db, key, p: MeasureDefinitionDialog(db, Changes(), key),
        "PacketDialog": lambda db, key, p: PacketDialog(db, p, case(p), today=TODAY),
        "PdfPreviewDialog": lambda db, key, p: PdfPreviewDialog(sample_pdf(3), "Evidence packet", "packet.pdf"),
        "PersonDialog": lambda db, key, p: PersonDialog(db, key),
        "RenameDialog": lambda db, key, p: RenameDialog(db, key),
        "PhoneScriptDialog": lambda db, key, p: PhoneScriptDialog(build_phone_script(p, case(p), TODAY)),
        "PrescriberDialog": lambda db, key, p: PrescriberDialog(db, key, p.prescribers[0]),
        "QuestionnaireDialog": lambda db, key, p: QuestionnaireDialog(db, Changes(), key, "PHQ-9", today=TODAY),
        "ScoreDialog": lambda db, key, p: ScoreDialog(db, Changes(), key, today=TODAY),
        "SideEffectDialog": lambda db, key, p: SideEffectDialog(
            p.trials[0].side_effects[0] if p.trials[0].side_effects else None
        ),
        "TrialDialog": lambda db, key, p: TrialDialog(
            db, key, Changes(), p.coverages, p.prescribers, p.trials[0], person_name=p.name
        ),
        "VisitSummaryDialog": lambda db, key, p: VisitSummaryDialog(db, p, today=TODAY),
    }


def dialog_classes() -> list[str]:
    """Every dialog a user can meet: each QDialog subclass defined in gui/dialogs (not the bases)."""
    found = set()
    for info in pkgutil.iter_modules(dialogs_package.__path__):
        module = importlib.import_module(f"{dialogs_package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, QDialog) and value.__module__ == module.__name__:
                found.add(name)
    return sorted(found - {"FormDialog", "RecordDialog", "PdfMakerDialog"})


def test_every_dialog_is_measured() -> None:
    missing = sorted(set(dialog_classes()) - set(_openers()))
    assert not missing, f"add these dialogs to test_dialog_sizes: {missing}"


def fits(size: QSize) -> bool:
    return size.width() <= SCREEN.width() and size.height() <= SCREEN.height()


@pytest.fixture
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs that size themselves by the screen see one of 1024×700 (the tests' own screen is another)."""
    monkeypatch.setattr(screen_room, "available", lambda _widget: QRect(0, 0, 1024, 700))


@pytest.mark.parametrize("name", sorted(_openers()))
def test_each_dialog_fits_a_1024_by_700_screen(qtbot, db, dana_json, laptop_screen, name: str) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    key = people.list_people(db)[0].key
    people.rename_person(db, key, LONG_NAME)
    person = people.load_person(db, key)
    dialog = _openers()[name](db, key, person)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"dialog-{name}.png"))
    for what, size in (
        ("opens at", dialog.size()),
        ("asks for", dialog.sizeHint()),
        ("cannot shrink below", dialog.minimumSizeHint().expandedTo(dialog.minimumSize())),
    ):
        assert fits(size), f"{name} {what} {size.width()}×{size.height()}, more than {SCREEN.width()}×{SCREEN.height()}"
    dialog.close()
