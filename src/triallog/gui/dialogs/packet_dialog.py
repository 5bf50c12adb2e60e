"""Choose what goes into a case's evidence packet, make it in the background, then preview it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.dates import DAY_EXAMPLE, PartialDate
from triallog.domain.errors import ValidationError
from triallog.domain.packet_sections import DEFAULT_SECTIONS, SECTIONS
from triallog.gui.accessible import set_name
from triallog.gui.dialogs.pdf_maker import PdfMakerDialog, file_safe
from triallog.gui.forms import FieldErrors
from triallog.gui.read_only import is_read_only
from triallog.gui.screen_room import resize_within_screen
from triallog.gui.text_size import fit_scroll
from triallog.gui.widgets.labels import heading_label, make_quiet
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.services import packets
from triallog.services.cases import case_label
from triallog.services.packets import MadePacket, PacketOptions
from triallog.services.workspace import Database

REDACT_TEXT = (
    "Member and group numbers, Rx BIN/PCN/group and phone numbers show only their last 4 characters, "
    "and the date of birth only its year. Names and reference numbers stay, so the plan can find the case."
)

#: what makes the packet: (options) → MadePacket; the window's default renders and keeps it
Render = Callable[[PacketOptions], MadePacket]


def packet_title(person: r.Person, case: r.Case) -> str:
    return f"Evidence packet — {case_label(case) or case.requested_drug} — {person.name}"


def packet_file_name(person: r.Person, case: r.Case, day: date) -> str:
    """`Evidence packet - Dana Rivera - CG-2023-0045871 - 2024-03-10.pdf`: safe on every computer."""
    parts = ["Evidence packet", person.name, case_label(case) or case.requested_drug, day.isoformat()]
    name = " - ".join(file_safe(p) for p in parts if p.strip())
    return f"{name[:150]}.pdf"


#: wide enough that the explanations wrap onto few lines: the whole form fits a 700-pixel-high screen
WIDTH = 700


class PacketDialog(PdfMakerDialog):
    """Sections (all ticked), redaction, paper; "Make packet" renders off the window's thread.

    When the packet is made it emits `made(MadePacket)`, closes, and opens its preview
    (`self.preview`). If making fails, it says so and stays open with the choices as they were.
    """

    def __init__(
        self,
        db: Database,
        person: r.Person,
        case: r.Case,
        parent: QWidget | None = None,
        render: Render | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(db, person, parent, today, "the evidence packet", "&Make packet")
        self.case = case
        # a plain function of data, never a method of the dialog: it runs on a worker thread, and a
        # bound method kept on the dialog would also tie the dialog into a reference cycle
        self.renderer = render or partial(_make_and_keep, db, person.key, case.key, self.today)
        self.setWindowTitle(f"Make an evidence packet — {person.name}")
        self.setMinimumWidth(WIDTH)

        reference = f" — reference {case.denial_reference.strip()}" if case.denial_reference.strip() else ""
        heading = heading_label(f"Case: {case.requested_drug}{reference}")
        about = make_quiet(
            QLabel(
                "One dated PDF for the plan's reviewer and the prescriber. A copy is kept in TrialLog, "
                "so you can show later exactly what was sent."
            )
        )
        about.setWordWrap(True)

        self.errors = FieldErrors(QLabel())
        sections_box = QGroupBox("What goes in")
        grid = QGridLayout(sections_box)
        self.section_boxes: dict[str, QCheckBox] = {}
        half = (len(SECTIONS) + 1) // 2
        for i, (name, label) in enumerate(SECTIONS):
            check = QCheckBox(label)
            check.setChecked(name in DEFAULT_SECTIONS)
            check.setObjectName(f"section:{name}")
            check.toggled.connect(self._sections_changed)
            grid.addWidget(check, i % half, i // half)
            self.section_boxes[name] = check
        self.select_all_button = QPushButton("Select &all")
        self.clear_button = QPushButton("Cl&ear")
        for button in (self.select_all_button, self.clear_button):
            button.setAutoDefault(False)
        self.select_all_button.clicked.connect(lambda: self._tick_all(True))
        self.clear_button.clicked.connect(lambda: self._tick_all(False))
        row = QHBoxLayout()
        row.addWidget(self.select_all_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        grid.addLayout(row, half, 0, 1, 2)
        grid.addWidget(self.errors.label_for("sections", next(iter(self.section_boxes.values()))), half + 1, 0, 1, 2)

        measures_box = QGroupBox("Measures printed")
        measures_column = QVBoxLayout(measures_box)
        relevant = set(packets.relevant_measures(person, case.key, self.today))
        self.measure_boxes: dict[str, QCheckBox] = {}
        for instrument in sorted({m.instrument for m in person.measurements}):
            check = QCheckBox(instrument.removeprefix("custom:"))
            check.setChecked(instrument in relevant)
            check.setObjectName(f"measure:{instrument}")
            measures_column.addWidget(check)
            self.measure_boxes[instrument] = check
        why = make_quiet(
            QLabel(
                "Ticked: the measures scored while the case's drugs were taken. Others stay out unless you "
                "tick them: a plan needs no mental-health scores to decide a request for another condition."
            )
        )
        why.setWordWrap(True)
        measures_column.addWidget(why)
        measures_box.setVisible(bool(self.measure_boxes))

        dated_box = QGroupBox("Prepared date")
        dated = QVBoxLayout(dated_box)
        self.date_edit = PartialDateEdit("prepared", allow_empty=False)
        self.date_edit.setValue(PartialDate.of(self.today))
        set_name(self.date_edit, "Prepared date")
        dated.addWidget(self.date_edit)
        dated.addWidget(self.errors.label_for("prepared", self.date_edit))
        dated_why = make_quiet(QLabel("Every age, duration and due date in the packet is as of this day."))
        dated_why.setWordWrap(True)
        dated.addWidget(dated_why)

        privacy_box = QGroupBox("Privacy")
        privacy = QVBoxLayout(privacy_box)
        self.redact_box = QCheckBox("&Hide account numbers (redact)")
        explanation = make_quiet(QLabel(REDACT_TEXT))
        explanation.setWordWrap(True)
        explanation.setContentsMargins(24, 0, 0, 0)
        privacy.addWidget(self.redact_box)
        privacy.addWidget(explanation)

        # The choices scroll where the screen is too short for them (a small screen, or larger text).
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(sections_box)
        column.addWidget(measures_box)
        # The date and the paper share a column beside the privacy choice, so the form is not too tall to fit.
        left = QVBoxLayout()
        left.addWidget(dated_box, 1)
        left.addWidget(self.paper_box())
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addWidget(privacy_box, 1)
        column.addLayout(row)
        self.choices_area = QScrollArea()
        self.choices_area.setWidget(choices)
        self.choices_area.setWidgetResizable(True)
        self.choices_area.setFrameShape(QFrame.Shape.NoFrame)
        self.choices_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from choice to choice
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(self.choices_area, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)
        # As tall as the explanations need at this width (Qt would squeeze the boxes on a small screen)
        resize_within_screen(self, WIDTH, layout.totalHeightForWidth(WIDTH))
        self.make_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        fit_scroll(self, self.choices_area)
        super().showEvent(event)

    # -- reading ------------------------------------------------------------------------

    def options(self) -> PacketOptions:
        """The choices as made; ValidationError (`sections`) when no section is ticked."""
        chosen = tuple(name for name, box in self.section_boxes.items() if box.isChecked())
        if not chosen:
            raise ValidationError("sections", "choose at least one section to put in the packet")
        prepared = self.date_edit.value()
        if prepared is None or prepared.day is None:
            raise ValidationError(
                "prepared", f"must be a whole date, such as {DAY_EXAMPLE} (month/day/year)", self.date_edit.text()
            )
        measures = tuple(name for name, box in self.measure_boxes.items() if box.isChecked())
        return PacketOptions(
            sections=chosen,
            redact=self.redact_box.isChecked(),
            paper=self.paper,
            prepared=prepared.first_day,
            instruments=measures,
        )

    # -- acting -------------------------------------------------------------------------

    def make(self) -> None:
        if self.job.busy:
            return
        try:
            options = self.options()
        except ValidationError as error:
            self.errors.show(error)
            return
        self.errors.clear()
        render = self.renderer
        self._start(lambda: render(options), packet_title(self.person, self.case))

    def _document(self, result: object) -> tuple[bytes, str, str]:
        assert isinstance(result, MadePacket)
        try:
            day = self.options().prepared or self.today
        except ValidationError:
            day = self.today
        return (
            result.pdf,
            packet_title(self.person, self.case),
            packet_file_name(self.person, self.case, day),
        )

    def _choices(self) -> Iterable[QWidget]:
        return (
            *self.section_boxes.values(),
            *self.measure_boxes.values(),
            self.date_edit,
            self.select_all_button,
            self.clear_button,
            self.redact_box,
            self.letter_button,
            self.a4_button,
        )

    def _tick_all(self, ticked: bool) -> None:
        for box in self.section_boxes.values():
            box.setChecked(ticked)

    def _sections_changed(self) -> None:
        if any(box.isChecked() for box in self.section_boxes.values()):
            self.errors.clear()


def _make_and_keep(db: Database, person_key: str, case_key: str, today: date, options: PacketOptions) -> MadePacket:
    # Looked up at call time, so tests can stand in for the renderer. A read-only window keeps no copy.
    return packets.make_packet(db, person_key, case_key, options, today, keep=not is_read_only(db))
