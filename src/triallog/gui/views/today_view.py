"""The Today page, each person's first tab: what to do now, every line a link to where it is handled."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from triallog.domain.zones import format_day
from triallog.gui.changes import Changes
from triallog.gui.dialogs.questionnaire_dialog import NOTICE_STYLE
from triallog.gui.models.due_table import TONES, Band
from triallog.gui.views.record_page import RecordPage
from triallog.gui.widgets.labels import heading_label, hint_label, make_quiet, scaled_font, text_label
from triallog.gui.widgets.link_line import LinkLine
from triallog.services.today import SAMPLE_NOTE, Place, TodayLine, TodayPage, build_today
from triallog.services.workspace import Database

#: each section's heading, and what it says when it has nothing
SECTIONS = {
    "steps": ("Next steps", "No case is open: nothing to send or to wait for."),
    "follow_ups": ("Calls to return", "No follow-up call is due."),
    "missing": ("Documents still asked for", "Nothing asked for on a call is missing."),
    "scores": ("Latest PHQ-9 and GAD-7", "No PHQ-9 or GAD-7 recorded yet: record one under Measures."),
    "medicines": ("Medicines taken now", "Nothing is recorded as being taken now: record each medicine under Trials."),
}
#: where a line leads, as its tooltip and accessible description say it
WHERE = {
    Place.CASES: "Opens the case on the Cases page",
    Place.CALLS: "Opens the call on the Calls page",
    Place.DOCUMENTS: "Opens the Documents page, to attach it",
    Place.MEASURES: "Opens the score on the Measures page",
    Place.TRIALS: "Opens the trial on the Trials page",
}
ITEM9_LINK = "See this PHQ-9 on the Measures page"
BANDS = {"overdue": Band.OVERDUE, "soon": Band.SOON}


class TodayView(RecordPage):
    """`open_requested(Link)` fires when a line is opened (a click, Enter or Space), for the window to
    show that page with the row chosen. `today` fixes the day (tests); else it is the person's own day."""

    open_requested = Signal(object)

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None, today: date | None = None):
        super().__init__(db, changes, parent)
        self.fixed_today = today
        self.current: TodayPage | None = None
        #: every line shown, in the page's order (the keyboard's order too)
        self.lines: list[LinkLine] = []

        self.heading = heading_label("Today")  # a long name wraps
        self.heading.setFont(scaled_font(self, 1.6))
        self.day = make_quiet(QLabel())
        self.sample_note = hint_label()
        self.item9 = QFrame()
        self.item9.setObjectName("item9-notice")
        self.item9.setStyleSheet(NOTICE_STYLE)
        self.item9_layout = QVBoxLayout(self.item9)
        self.item9_layout.setContentsMargins(8, 6, 8, 6)
        self.item9.hide()

        page = QWidget()
        page.setMaximumWidth(860)  # long lines are hard to read on a wide screen
        column = QVBoxLayout(page)
        column.setSpacing(4)
        column.setContentsMargins(24, 16, 24, 24)
        column.addWidget(self.heading)
        column.addWidget(self.day)
        column.addWidget(self.sample_note)
        column.addSpacing(6)
        column.addWidget(self.item9)
        self.sections: dict[str, tuple[QVBoxLayout, QLabel]] = {}
        for name, (title, empty) in SECTIONS.items():
            column.addSpacing(12)
            heading = QLabel(title)
            heading.setFont(scaled_font(self, 1.15))
            column.addWidget(heading)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            column.addLayout(holder)
            nothing = make_quiet(text_label(empty, selectable=False))
            column.addWidget(nothing)
            self.sections[name] = (holder, nothing)
        column.addStretch(1)
        self.show_scrolling(page)

    def refresh(self) -> None:
        focused = next((i for i, line in enumerate(self.lines) if line.hasFocus()), None)
        record = self.read_person()
        self.current = None if record is None else build_today(record, self.fixed_today)
        self._clear()
        today = self.current
        if today is None:
            self.heading.setText("Today")
            self.day.setText("Choose a person to see what to do today.")
            self.sample_note.hide()
            for _holder, nothing in self.sections.values():
                nothing.hide()
            return
        self.heading.setText(f"Today for {today.person}")
        self.day.setText(f"{today.day:%A}, {format_day(today.day)}")
        self.sample_note.setText(SAMPLE_NOTE)
        self.sample_note.setVisible(today.sample)
        self.item9.setVisible(today.item9 is not None)
        if today.item9 is not None:  # said plainly, as the questionnaire says it, then where to see the score
            notice = text_label(today.item9.text)
            notice.setObjectName("item9-notice-text")
            self.item9.setAccessibleName(today.item9.text)
            self.item9_layout.addWidget(notice)
            self.item9_layout.addWidget(self._line(replace(today.item9, text=ITEM9_LINK)))
        for name, (holder, nothing) in self.sections.items():
            found: tuple[TodayLine, ...] = getattr(today, name)
            for line in found:
                holder.addWidget(self._row(line))
            nothing.setVisible(not found)
        if focused is not None and self.lines:  # the keyboard stays where it was after a change
            self.lines[min(focused, len(self.lines) - 1)].setFocus()

    # -- inside ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self.lines = []
        for layout in (self.item9_layout, *(holder for holder, _nothing in self.sections.values())):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()

    def _line(self, line: TodayLine) -> LinkLine:
        said = f"{line.when}: {line.text}" if line.when else line.text  # a screen reader hears how near it is
        link = LinkLine(line.text, WHERE[line.link.place])
        link.setAccessibleName(said)
        link.clicked.connect(lambda _checked=False, to=line.link: self.open_requested.emit(to))
        self.lines.append(link)
        return link

    def _row(self, line: TodayLine) -> QWidget:
        """The line, after how near it is in words ("Overdue by 3 days"), toned as on the Due page."""
        link = self._line(line)
        if not line.when:
            return link
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        chip = QLabel(line.when)
        chip.setObjectName("when")
        tone = TONES.get(BANDS.get(line.section, Band.LATER))
        look = "border-radius: 4px; padding: 2px 6px;"
        chip.setStyleSheet(f"background: {tone[0]}; color: {tone[1]}; {look}" if tone else look)
        chip.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(link, 1)
        return row
