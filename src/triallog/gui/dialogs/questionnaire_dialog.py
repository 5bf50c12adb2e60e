"""Fill in a PHQ-9 or GAD-7 item by item, by mouse or keyboard, with the total and severity shown live."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.dates import PartialDate
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.measures import band
from triallog.domain.records import Measurement
from triallog.domain.rules import Instrument
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import FormDialog
from triallog.gui.screen_room import room_for
from triallog.gui.widgets.labels import make_quiet, scaled_font
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.services.measures import questionnaire, save_measurement
from triallog.services.workspace import Database

ITEM9_NOTICE = (
    "You answered that you have had thoughts that you would be better off dead or of hurting yourself. "
    "Please contact your prescriber now. In the US you can call or text 988 (Suicide & Crisis Lifeline) "
    "any time; if you are in danger, call 911."
)
KEYS_HINT = "Tab moves to the next question. Keys 0 to 3 (or ← and →) choose an answer."
ANSWER_WIDTH = 104
ROW_STYLE = (
    "QFrame#answer-row { border: 2px solid transparent; border-radius: 6px; }"
    "QFrame#answer-row[shaded=true] { background: palette(alternate-base); }"
    "QFrame#answer-row:focus { border-color: palette(highlight); }"
)
NOTICE_STYLE = (
    "QFrame#item9-notice { background: #eef3fa; border: 1px solid #9db5d6; border-left: 5px solid #4a7bb7;"
    " border-radius: 4px; } QFrame#item9-notice QLabel { color: #1c2b40; background: transparent; }"
)


class AnswerRow(QFrame):
    """One question and its four answers; the row (not each button) takes the keyboard focus."""

    changed = Signal()

    def __init__(self, number: int, text: str, answers: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answer-row")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("shaded", number % 2 == 0)  # every other row shaded, so the eye follows a row across
        self.setStyleSheet(ROW_STYLE)
        self.number, self.text = number, text
        self.answers = answers
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        label = QLabel(f"{number}. {text}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label, 1)
        for value, answer in enumerate(answers):
            button = QRadioButton(str(value))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the row answers the keys; Tab skips to the next row
            button.setAccessibleName(answer)
            button.setToolTip(answer)
            cell = QHBoxLayout()
            cell.setContentsMargins(0, 0, 0, 0)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.addWidget(button)
            holder = QWidget()
            holder.setFixedWidth(ANSWER_WIDTH)
            holder.setLayout(cell)
            layout.addWidget(holder)
            self.group.addButton(button, value)
        self.group.idClicked.connect(self._clicked)
        self._describe()

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int | None) -> None:
        if value is None:
            return
        self.group.button(value).setChecked(True)
        self._describe()
        self.changed.emit()

    def _clicked(self, _value: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._describe()
        self.changed.emit()

    def _describe(self) -> None:
        value = self.value()
        chosen = "not answered yet" if value is None else f"answered {value}, {self.answers[value]}"
        self.setAccessibleName(f"Question {self.number}: {self.text}")
        self.setAccessibleDescription(chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text and text in "0123" and len(text) == 1 and int(text) < len(self.answers):
            self.set_value(int(text))
            self.focusNextChild()  # answered: on to the next question
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            current = self.value()
            start = (0 if step > 0 else len(self.answers) - 1) if current is None else current + step
            self.set_value(max(0, min(len(self.answers) - 1, start)))
        elif key == Qt.Key.Key_Down:
            self.focusNextChild()
        elif key == Qt.Key.Key_Up:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        scroller = self.parentWidget()
        while scroller is not None and not isinstance(scroller, QScrollArea):
            scroller = scroller.parentWidget()
        if scroller is not None:
            scroller.ensureWidgetVisible(self, 0, 8)


class QuestionnaireDialog(FormDialog):
    """New (`measurement=None`) or changed PHQ-9/GAD-7; saves through the measures service and says so."""

    noun = "questionnaire"
    kept = "Your answers are still here."
    db: Database

    def __init__(
        self,
        db: Database,
        changes: Changes,
        person_key: str,
        instrument: str,
        measurement: Measurement | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.changes, self.person_key = db, changes, person_key
        self.instrument = instrument
        self.measurement = measurement
        form = questionnaire(instrument)
        when = f" of {measurement.taken.human()}" if measurement is not None else ""
        self.setWindowTitle(f"{'Change' if measurement else 'Fill in'} {instrument}{when}")
        self.setMinimumWidth(820)
        body = QVBoxLayout(self)
        body.setSpacing(8)

        title = QLabel(form.title)
        title.setFont(scaled_font(self, 1.3))
        body.addWidget(title)
        question = QLabel(form.question)
        question.setWordWrap(True)
        question.setFont(scaled_font(self, 1.05))
        body.addWidget(question)
        body.addWidget(make_quiet(QLabel(KEYS_HINT)))

        items = QWidget()
        column = QVBoxLayout(items)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        header = self._header(form.answers)
        body.addWidget(header)
        self.rows: list[AnswerRow] = []
        for number, text in enumerate(form.items, start=1):
            row = AnswerRow(number, text, form.answers)
            row.changed.connect(self._update)
            column.addWidget(row)
            self.rows.append(row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(items)
        self.scroll_area = scroll
        body.addWidget(scroll, 1)
        bar = scroll.verticalScrollBar()
        captions = header.layout()
        assert captions is not None  # _header lays the captions out in a row
        # Keep the answer captions over their columns whether or not the scroll bar shows.
        bar.rangeChanged.connect(
            lambda _low, high: captions.setContentsMargins(8, 0, 8 + (bar.sizeHint().width() if high else 0), 0)
        )
        body.addWidget(self.errors.label_for("items", self.rows[0]))

        self.notice = QFrame()
        self.notice.setObjectName("item9-notice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        notice_text = QLabel(ITEM9_NOTICE)
        notice_text.setObjectName("item9-notice-text")
        notice_text.setWordWrap(True)
        notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice_layout = QVBoxLayout(self.notice)
        notice_layout.setContentsMargins(12, 8, 12, 8)
        notice_layout.addWidget(notice_text)
        self.notice.setAccessibleName(ITEM9_NOTICE)
        self.notice.hide()
        body.addWidget(self.notice)

        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setFont(scaled_font(self, 1.15))
        body.addWidget(self.total)

        # The forms' closing question: not part of the score, but it tells how much the symptoms weigh.
        difficulty_row = QHBoxLayout()
        asked = QLabel(form.difficulty_question)
        asked.setWordWrap(True)
        self.difficulty = QComboBox()
        self.difficulty.addItem("Not answered", None)
        for value, answer in enumerate(form.difficulty_answers):
            self.difficulty.addItem(f"{answer} ({value})", value)
        current = measurement.difficulty if measurement is not None else None
        self.difficulty.setCurrentIndex(max(0, self.difficulty.findData(current)) if current is not None else 0)
        self.difficulty.setAccessibleName("How difficult these problems made daily life")
        asked.setBuddy(self.difficulty)
        difficulty_row.addWidget(asked, 1)
        difficulty_row.addWidget(self.difficulty)
        body.addLayout(difficulty_row)

        fields = QHBoxLayout()  # side by side: the questions need the height
        fields.setSpacing(16)
        self.taken = PartialDateEdit("taken", allow_empty=False)
        self.taken.setValue(measurement.taken if measurement else PartialDate.of(today or date.today()))
        self.notes = QPlainTextEdit(measurement.notes if measurement else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Anything worth remembering about these two weeks (optional)")
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 2 + 16)
        for caption, widget, field, stretch in (
            ("&Date taken:", self.taken, "taken", 2),
            ("N&otes:", self.notes, "notes", 3),
        ):
            cell = QVBoxLayout()
            cell.setSpacing(2)
            label = QLabel(caption)
            label.setBuddy(widget)
            cell.addWidget(label)
            cell.addWidget(widget)
            cell.addWidget(self.errors.label_for(field, widget))
            cell.addStretch(1)
            fields.addLayout(cell, stretch)
        body.addLayout(fields)
        body.addWidget(self.errors.label_for("score", self.rows[0]))
        body.addWidget(self.errors.general)

        source = make_quiet(QLabel(form.source))
        source.setFont(scaled_font(self, 0.85, bold=False))
        body.addWidget(source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body.addWidget(buttons)

        if measurement is not None and len(measurement.items) == len(self.rows):
            for row, value in zip(self.rows, measurement.items, strict=True):
                row.set_value(value)
        self.mark_unchanged()
        self._update()
        self.rows[0].setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # As tall as the questions need, leaving room for the rest on small screens; it scrolls beyond that.
        items = self.scroll_area.widget()
        assert items is not None  # the questions, set in __init__
        items.ensurePolished()
        room = room_for(self)
        self.scroll_area.setMinimumHeight(max(220, min(items.sizeHint().height() + 4, room.height() - 410)))
        # Tall enough for every line below the questions at this width, never taller than the screen.
        layout = self.layout()
        assert layout is not None
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else self.height()
        self.resize(self.width(), min(max(self.height(), wanted), room.height()))
        super().showEvent(event)

    def _header(self, answers: tuple[str, ...]) -> QWidget:
        header = QWidget()
        layout = QHBoxLayout(header)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addStretch(1)
        header.setAccessibleName("Answers: " + ", ".join(f"{v} {a}" for v, a in enumerate(answers)))
        for value, answer in enumerate(answers):
            label = QLabel(f"{answer}\n({value})")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFixedWidth(ANSWER_WIDTH)
            label.setFont(scaled_font(self, 0.95))
            layout.addWidget(label)
        return header

    # -- reading -------------------------------------------------------------------

    def answers(self) -> list[int | None]:
        return [row.value() for row in self.rows]

    def total_text(self) -> str:
        values = self.answers()
        score = sum(v for v in values if v is not None)
        missing = values.count(None)
        if missing:
            left = "1 question" if missing == 1 else f"{missing} questions"
            return f"Total so far {score} — {left} still to answer"
        severity = band(self.instrument, score)
        return f"Total {score} — {severity}" if severity else f"Total {score}"

    def _update(self) -> None:
        self.total.setText(self.total_text())
        values = self.answers()
        self.notice.setVisible(self.instrument == Instrument.PHQ9 and (values[8] or 0) > 0)
        if None not in values:
            self.errors.labels["items"].hide()

    def snapshot(self) -> tuple[object, ...]:
        return (tuple(self.answers()), self.taken.text(), self.notes.toPlainText(), self.difficulty.currentIndex())

    # -- saving and leaving --------------------------------------------------------------

    def save(self) -> str:
        values = self.answers()
        problems: list[Problem] = []
        missing = [str(i) for i, v in enumerate(values, start=1) if v is None]
        if missing:
            which = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
            verb = "question {} is" if len(missing) == 1 else "questions {} are"
            rule = f"please answer every question before saving: {verb.format(which)} not answered yet."
            problems.append(Problem("items", rule))
        taken: PartialDate | None = None
        try:
            taken = self.taken.value()
        except ValidationError as error:
            problems += error.problems
        raise_if(problems)
        assert taken is not None
        items = [int(v) for v in values if v is not None]
        key = self.measurement.key if self.measurement else ""
        record = Measurement(
            self.instrument,
            taken,
            sum(items),
            items,
            self.notes.toPlainText().strip(),
            key,
            difficulty=self.difficulty.currentData(),
        )
        made = save_measurement(self.db, self.person_key, record)
        key = self.keep(made, record.key)
        self.changes.announce(made)
        return key

    def show_problems(self, error: ValidationError) -> None:
        super().show_problems(error)
        if error.field == "items":
            first = next((row for row in self.rows if row.value() is None), self.rows[0])
            first.setFocus()
