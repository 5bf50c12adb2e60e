"""Symptom measures as a user meets them: questionnaires by keyboard, scores, custom measures, the chart."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMessageBox, QWidget

from tests.factories import make_definition, make_measurement, make_person, make_trial
from tests.gui.conftest import Modals, button, press
from triallog.domain.dates import PartialDate
from triallog.domain.measures import ITEM9_NOTICE, item9_positive
from triallog.domain.records import Measurement, Trial
from triallog.gui.changes import Changes
from triallog.gui.dialogs.measure_definition_dialog import MeasureDefinitionDialog
from triallog.gui.dialogs.questionnaire_dialog import QuestionnaireDialog
from triallog.gui.dialogs.score_dialog import ScoreDialog
from triallog.gui.models.base import SORT_ROLE
from triallog.gui.models.measurement_table import (
    MeasurementColumn,
    MeasurementTableModel,
    ResponseColumn,
)
from triallog.gui.views.measure_chart import MeasureChart, date_ticks
from triallog.gui.views.measures_view import MeasuresView
from triallog.services.measures import list_measurements, save_definition, save_measurement
from triallog.services.people import add_person, load_person
from triallog.services.trials import save_trial

TODAY = date(2024, 3, 5)
SHOTS = Path("/tmp/gui-shots")


@pytest.fixture
def person(db) -> str:  # type: ignore[no-untyped-def]
    return add_person(db, make_person("Dana Rivera")).new_key


def shown(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    # A dialog with changes asks before closing; at the end of a test it just goes (done() skips the question).
    qtbot.addWidget(widget, before_close_func=lambda w: w.done(0) if isinstance(w, QDialog) else None)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def type_keys(qtbot, keys: str) -> None:  # type: ignore[no-untyped-def]
    """Each key goes where the keyboard focus is now, as it would for a person typing."""
    for key in keys:
        qtbot.keyClick(QApplication.focusWidget(), key)


def questionnaire(qtbot, db, person: str, instrument: str = "PHQ-9") -> QuestionnaireDialog:  # type: ignore[no-untyped-def]
    dialog = QuestionnaireDialog(db, Changes(), person, instrument, today=TODAY)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rows[0].hasFocus())
    return dialog


# -- questionnaires ---------------------------------------------------------------------


def test_a_patient_fills_in_a_phq9_by_keyboard_and_saves_it(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    dialog = questionnaire(qtbot, db, person)
    assert dialog.total.text() == "Total so far 0 — 9 questions still to answer"

    type_keys(qtbot, "2101")  # each digit answers the focused question and moves to the next
    assert dialog.total.text() == "Total so far 4 — 5 questions still to answer"
    assert dialog.rows[4].hasFocus()
    type_keys(qtbot, "3212")
    qtbot.keyClick(dialog.rows[8], Qt.Key.Key_Right)  # an arrow key chooses too: first "Not at all"
    assert dialog.answers() == [2, 1, 0, 1, 3, 2, 1, 2, 0]
    assert dialog.total.text() == "Total 12 — moderate"
    assert not dialog.notice.isVisible()

    changed = Changes()
    dialog.changes = changed
    with qtbot.waitSignal(changed.refreshed, timeout=2000) as signal:
        button(dialog, "Save").click()
    told = signal.args[0]
    assert (told.person, told.measures, told.trials, told.created is not None) == (person, True, False, True)
    assert dialog.result() == dialog.DialogCode.Accepted
    [saved] = list_measurements(db, person)
    assert (saved.instrument, saved.score, saved.items) == ("PHQ-9", 12, [2, 1, 0, 1, 3, 2, 1, 2, 0])
    assert saved.taken == PartialDate(2024, 3, 5)


def test_answering_item_9_above_0_shows_a_calm_notice_and_the_record_still_saves(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    dialog = questionnaire(qtbot, db, person)
    type_keys(qtbot, "00000000")
    assert not dialog.notice.isVisible()
    type_keys(qtbot, "1")
    assert dialog.notice.isVisible()  # at once, inside the dialog: no box to dismiss
    assert QApplication.activeModalWidget() is None  # no box popped up to be dismissed
    text = dialog.notice.findChild(QWidget, "item9-notice-text").text()  # type: ignore[union-attr]
    assert text == ITEM9_NOTICE and "988" in text and "911" in text and "prescriber" in text
    assert dialog.total.text() == "Total 1 — minimal"

    button(dialog, "Save").click()
    [saved] = list_measurements(db, person)
    assert saved.items[8] == 1 and item9_positive(saved)


def test_an_unanswered_question_blocks_saving_with_a_message_beside_the_questions(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    dialog = questionnaire(qtbot, db, person, "GAD-7")
    type_keys(qtbot, "12")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # skips question 3
    type_keys(qtbot, "1230")
    button(dialog, "Save").click()

    assert dialog.isVisible()
    message = dialog.errors.text_of("items")
    assert "question 3 is not answered yet" in message
    assert dialog.rows[2].hasFocus()
    assert list_measurements(db, person) == []
    assert dialog.answers() == [1, 2, None, 1, 2, 3, 0]  # nothing typed was lost

    type_keys(qtbot, "2")
    assert dialog.errors.text_of("items") == ""
    assert dialog.total.text() == "Total 11 — moderate"
    button(dialog, "Save").click()
    assert [m.score for m in list_measurements(db, person)] == [11]


def test_a_year_alone_is_refused_beside_the_date(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    dialog = questionnaire(qtbot, db, person, "GAD-7")
    type_keys(qtbot, "0000000")
    dialog.taken.setText("2024")
    button(dialog, "Save").click()
    assert "month" in dialog.errors.text_of("taken")
    assert dialog.taken.text() == "2024"
    assert list_measurements(db, person) == []


def test_an_existing_questionnaire_opens_with_its_answers(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    key = save_measurement(
        db, person, Measurement("PHQ-9", PartialDate(2024, 1, 2), 3, [0, 0, 0, 0, 0, 0, 0, 1, 2])
    ).new_key
    [existing] = list_measurements(db, person)
    dialog = QuestionnaireDialog(db, Changes(), person, "PHQ-9", existing)
    shown(qtbot, dialog)
    assert dialog.answers() == [0, 0, 0, 0, 0, 0, 0, 1, 2]
    assert dialog.notice.isVisible()
    dialog.rows[8].set_value(0)
    button(dialog, "Save").click()
    [changed] = list_measurements(db, person)
    assert (changed.key, changed.score, changed.items[8]) == (key, 1, 0)


# -- single scores and custom measures -----------------------------------------------------


def test_a_pain_score_of_11_cannot_be_typed_and_no_score_is_saved_by_accident(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    dialog = ScoreDialog(db, Changes(), person, "NRS-pain", today=TODAY)
    shown(qtbot, dialog)
    assert "0 = no pain, 10 = worst pain imaginable" in [label.text() for label in dialog.findChildren(QLabel)]
    button(dialog, "Save").click()
    assert "Choose a score" in dialog.errors.text_of("score")

    dialog.spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.spin, "11")
    assert dialog.spin.value() <= 10
    dialog.spin.setValue(7)
    button(dialog, "Save").click()
    assert [(m.instrument, m.score) for m in list_measurements(db, person)] == [("NRS-pain", 7)]


def test_a_custom_measure_with_min_not_below_max_is_refused_and_the_text_kept(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    dialog = MeasureDefinitionDialog(db, Changes(), person)
    shown(qtbot, dialog)
    fields = {name: dialog.inputs[name] for name in ("name", "unit", "min", "max")}
    for name, text in {"name": "migraine days per month", "unit": "days", "min": "31", "max": "0"}.items():
        qtbot.keyClicks(fields[name], text)
    button(dialog, "Save").click()

    assert dialog.isVisible()
    assert "greater than min" in dialog.errors.text_of("max")
    assert [w.text() for w in fields.values() if isinstance(w, QLineEdit)] == [
        "migraine days per month",
        "days",
        "31",
        "0",
    ]
    assert load_person(db, person).measure_definitions == []

    fields["min"].setText("0")  # type: ignore[union-attr]
    fields["max"].setText("31")  # type: ignore[union-attr]
    button(dialog, "Save").click()
    assert [d.name for d in load_person(db, person).measure_definitions] == ["migraine days per month"]

    again = MeasureDefinitionDialog(db, Changes(), person)
    shown(qtbot, again)
    again.inputs["name"].setText("migraine days per month")  # type: ignore[union-attr]
    button(again, "Save").click()
    assert "already exists" in again.errors.text_of("name")


def test_a_custom_score_out_of_range_is_refused_beside_the_score(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    definition = make_definition(unit="days", min=0, max=31)
    save_definition(db, person, definition)
    dialog = ScoreDialog(db, Changes(), person, "custom:", definitions=[definition], today=TODAY)
    shown(qtbot, dialog)
    assert dialog.range_hint.text() == "In days, from 0 to 31; lower is better."
    qtbot.keyClicks(dialog.inputs["score"], "45")
    button(dialog, "Save").click()
    assert "within 0 to 31" in dialog.errors.text_of("score")
    score = dialog.inputs["score"]
    assert isinstance(score, QLineEdit) and score.text() == "45"

    dialog.inputs["score"].setText("12,5")  # type: ignore[union-attr]
    button(dialog, "Save").click()
    [saved] = list_measurements(db, person)
    assert (saved.instrument, saved.score) == ("custom:migraine days per month", 12.5)


# -- the table model -----------------------------------------------------------------------


def test_the_score_table_shows_severity_and_sorts_dates_by_date() -> None:
    model = MeasurementTableModel(
        [
            make_measurement("PHQ-9", "2024-02-10", 14, items=[2, 2, 2, 2, 2, 2, 1, 0, 1]),
            make_measurement("PHQ-9", "2023-12", 4),
            make_measurement("PHQ-9", "2024-01-05", 22),
        ]
    )
    cells = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert cells[0][:4] == ["Feb 10, 2024", "PHQ-9 (depression)", "14", "moderate; item 9 answered 1"]
    assert cells[1][3] == "minimal" and cells[2][3] == "severe"
    order = sorted(range(3), key=lambda r: model.data(model.index(r, MeasurementColumn.DATE), SORT_ROLE))
    assert order == [1, 2, 0]
    model.sort(MeasurementColumn.DATE, Qt.SortOrder.DescendingOrder)  # the table sorts the model in place
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["Feb 10, 2024", "Jan 5, 2024", "Dec 2023"]
    model.set_measurements([make_measurement("PHQ-9", "2020-01", 1), make_measurement("PHQ-9", "2021-01", 2)])
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["Jan 2021", "Jan 2020"]  # the order is kept


# -- the chart and the view ----------------------------------------------------------------


def test_the_chart_draws_each_trial_as_a_band_behind_the_line(qtbot, db, person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    save_trial(db, person, make_trial("sertraline", "2023-01", "ineffective", key="", end="2023-06"))
    save_trial(db, person, make_trial("bupropion", "2023-07-10", "ongoing", key=""))
    for i, score in enumerate([18, 17, 16, 17, 15, 12, 9, 7, 5]):
        save_measurement(db, person, make_measurement("PHQ-9", f"2023-{i + 1:02d}-15", score))
    view = MeasuresView(db, Changes(), today=TODAY)
    view.resize(1100, 760)
    shown(qtbot, view)
    view.set_person(person)

    assert view.instrument() == "PHQ-9"
    chart = view.chart.chart()
    names = [s.name() for s in chart.series()]
    assert names == ["guide 5", "guide 10", "guide 15", "guide 20", "PHQ-9 (depression)"]
    bands = view.chart.band_rects()
    assert [band.toolTip() for band in bands] == [
        "sertraline: Jan 2023 to Jun 2023",
        "bupropion: Jul 10, 2023 to still taking",
    ]
    plot = chart.plotArea()
    assert all(not band.rect().isEmpty() and plot.contains(band.rect()) for band in bands)
    assert bands[0].rect().right() <= bands[1].rect().left()  # one after the other, in the same lane
    assert view.chart.line is not None and view.chart.line.count() == 9
    assert [b.lane for b in view.chart.bands] == [0, 0]
    assert view.results.rowCount() == 2
    assert view.chart.grab().save(str(tmp_path / "chart.png"))


def test_the_next_person_is_shown_a_measure_they_have_scores_of(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    save_measurement(db, person, make_measurement("PHQ-9", "2023-01-15", 12))
    other = add_person(db, make_person("Ana Lima")).new_key
    for day, score in (("2023-02-01", 6), ("2023-03-01", 4)):
        save_measurement(db, other, make_measurement("NRS-pain", day, score))
    view = MeasuresView(db, Changes(), today=TODAY)
    shown(qtbot, view)
    view.set_person(person)
    assert view.instrument() == "PHQ-9"

    view.set_person(other)  # Ana has pain scores only: an empty PHQ-9 chart would tell her nothing

    assert view.instrument() == "NRS-pain"
    assert view.chart.line is not None and view.chart.line.count() == 2
    view.select_instrument("GAD-7")
    view.set_person(other)  # the same person again (after a save): what she chose stays chosen
    assert view.instrument() == "GAD-7"


def test_an_empty_instrument_says_how_to_add_a_score(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    view = MeasuresView(db, Changes(), today=TODAY)
    shown(qtbot, view)
    assert view.chart.is_empty() and "Choose a person" in view.chart.empty.text()
    view.set_person(person)
    view.select_instrument("GAD-7")
    assert view.chart.is_empty()
    assert view.chart.empty.text() == "No GAD-7 scores yet — add one with “Fill in GAD-7…” below."


def stress_record(points: int = 500, trials: int = 30) -> tuple[list[Measurement], list[Trial]]:
    """Ten years of weekly PHQ-9 scores and overlapping trials, as the benchmark record has them."""
    rng = random.Random(9)
    first, score, measurements = date(2015, 1, 5), 14, []
    for i in range(points):
        score = max(0, min(27, score + rng.randint(-3, 3)))
        measurements.append(make_measurement("PHQ-9", PartialDate.of(first + timedelta(days=7 * i)), score))
    spans = []
    for i in range(trials):
        start = first + timedelta(days=120 * i + rng.randint(0, 40))
        end = start + timedelta(days=rng.randint(40, 300))
        spans.append(make_trial(f"drug {i}", PartialDate.of(start), "ineffective", key=str(i), end=end.isoformat()))
    return measurements, spans


def test_the_chart_builds_with_500_points_and_30_trials(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    measurements, trials = stress_record()
    chart = MeasureChart()
    chart.resize(1100, 460)
    shown(qtbot, chart)
    chart.show_instrument("PHQ-9", measurements, trials, today=TODAY)
    assert len(chart.bands) == 30
    assert max(b.lane for b in chart.bands) >= 1  # overlapping trials stack in lanes
    assert len(chart.chart().series()) == 4 + 1  # the guides and the line; the bands are rectangles
    drawn = sorted(band.toolTip().split(":")[0] for band in chart.band_rects())
    assert drawn == sorted(f"drug {i}" for i in range(30))  # every trial drawn once
    assert all(chart.chart().plotArea().contains(band.rect()) for band in chart.band_rects())
    assert chart.view.renderHints() & QPainter.RenderHint.Antialiasing
    target = tmp_path / "chart-500.png"
    assert chart.grab().save(str(target)) and target.stat().st_size > 0


def test_date_ticks_read_as_whole_months_or_years() -> None:
    assert date_ticks(date(2015, 1, 10), date(2024, 12, 1), 1000) == (date(2015, 1, 4), date(2025, 1, 4), 11, "yyyy")
    start, end, count, pattern = date_ticks(date(2023, 1, 10), date(2023, 9, 20), 900)
    assert (start, end, pattern) == (date(2023, 1, 4), date(2023, 10, 4), "MMM yyyy") and count == 10
    assert date_ticks(date(2023, 3, 1), date(2023, 3, 31), 700)[3] == "MMM d, yyyy"


def test_deleting_a_score_asks_first_naming_it(qtbot, db, person, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    save_measurement(db, person, make_measurement("NRS-pain", "2024-03-05", 6))
    view = MeasuresView(db, Changes(), today=TODAY)
    shown(qtbot, view)
    view.set_person(person)
    view.score_table.selectRow(0)
    seen: list[str] = []

    def keep(window: QWidget) -> None:
        assert isinstance(window, QMessageBox)
        seen.append(window.text())
        button(window, "Keep it").click()

    modals.then(keep)
    button(view, "Delete…").click()
    assert seen == ["Delete the Pain (0–10) score of 6 from Mar 5, 2024?"]
    assert len(list_measurements(db, person)) == 1

    modals.then(press("Delete score"))
    button(view, "Delete…").click()
    assert list_measurements(db, person) == []
    assert view.chart.is_empty()


def test_a_caregiver_fills_in_a_phq9_from_the_view_and_sees_it_charted(qtbot, db, person, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    view = MeasuresView(db, Changes(), today=TODAY)
    shown(qtbot, view)
    view.set_person(person)

    def fill(window: QWidget) -> None:
        assert isinstance(window, QuestionnaireDialog)
        qtbot.waitUntil(lambda: window.rows[0].hasFocus())
        type_keys(qtbot, "111111110")
        button(window, "Save").click()

    modals.then(fill)
    button(view, "Fill in PHQ-9…").click()
    assert view.instrument() == "PHQ-9"
    assert view.scores.rowCount() == 1 and (chosen := view.selected()) is not None and chosen.score == 8
    assert view.chart.line is not None and view.chart.line.count() == 1
    assert view.selector.currentText() == "PHQ-9 (depression) — 1 score"


def test_recording_a_custom_score_with_no_measure_yet_defines_one_first(qtbot, db, person, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    view = MeasuresView(db, Changes(), today=TODAY)
    shown(qtbot, view)
    view.set_person(person)

    def define(window: QWidget) -> None:
        assert isinstance(window, MeasureDefinitionDialog)
        for name, text in {"name": "migraine days per month", "unit": "days", "min": "0", "max": "31"}.items():
            window.inputs[name].setText(text)  # type: ignore[union-attr]
        modals.then(record)  # the score form follows at once
        button(window, "Save").click()

    def record(window: QWidget) -> None:
        assert isinstance(window, ScoreDialog)
        assert window.measure.currentText() == "migraine days per month"
        window.inputs["score"].setText("9")  # type: ignore[union-attr]
        button(window, "Save").click()

    modals.then(define)
    button(view, "Record custom measure…").click()
    qtbot.waitUntil(lambda: view.instrument() == "custom:migraine days per month")
    assert [(m.instrument, m.score) for m in list_measurements(db, person)] == [("custom:migraine days per month", 9)]
    assert view.chart.line is not None and view.chart.line.count() == 1


def test_a_phq9_saved_as_very_difficult_shows_that_answer_beside_its_score(qtbot, db, person, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    save_trial(db, person, make_trial("sertraline", "2023-12-01", "ongoing", key=""))
    save_measurement(
        db, person, make_measurement("PHQ-9", "2023-11-20", 18, items=[2, 2, 2, 2, 2, 2, 3, 3, 0], difficulty=3)
    )
    view = MeasuresView(db, Changes(), today=TODAY)
    view.resize(1100, 760)
    shown(qtbot, view)
    view.set_person(person)

    def fill(window: QWidget) -> None:
        assert isinstance(window, QuestionnaireDialog)
        qtbot.waitUntil(lambda: window.rows[0].hasFocus())
        type_keys(qtbot, "221111220")
        window.difficulty.setCurrentIndex(window.difficulty.findText("Very difficult", Qt.MatchFlag.MatchStartsWith))
        button(window, "Save").click()

    modals.then(fill)
    button(view, "Fill in PHQ-9…").click()
    qtbot.waitUntil(lambda: view.scores.rowCount() == 2)

    table, model = view.score_table, view.scores
    column = MeasurementColumn.DIFFICULTY
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Difficulty"
    assert not table.isColumnHidden(column)
    rows = {model.data(model.index(r, MeasurementColumn.DATE)): r for r in range(model.rowCount())}
    cell = {
        day: (model.data(model.index(r, MeasurementColumn.SCORE)), model.data(model.index(r, column)))
        for day, r in rows.items()
    }
    assert cell == {"Mar 5, 2024": ("12", "Very difficult"), "Nov 20, 2023": ("18", "Extremely difficult")}
    # The whole answer fits its column, and the column fits the table at the default window size: nothing cut
    # to "Very diffi…", no scrolling to find it.
    assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance("Extremely difficult")
    assert table.columnViewportPosition(column) + table.columnWidth(column) <= table.viewport().width()
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let the layout settle before the picture
    assert view.grab().save(str(SHOTS / "measures-difficulty.png"))

    view.select_instrument("NRS-pain")
    assert table.isColumnHidden(column)  # only PHQ-9 and GAD-7 ask it


def test_an_hba1c_goal_measure_shows_at_goal_in_its_own_unit(qtbot, db, person) -> None:  # type: ignore[no-untyped-def]
    save_definition(db, person, make_definition("HbA1c", unit="%", min=4, max=15, goal=7.0))
    save_trial(db, person, make_trial("metformin", "2023-10-01", "effective", key="", end="2024-02-29"))
    for taken, value in (("2023-09-20", 9.4), ("2023-12-15", 8.1), ("2024-02-20", 6.9)):
        save_measurement(db, person, make_measurement("custom:HbA1c", taken, value))
    view = MeasuresView(db, Changes(), today=TODAY)
    view.resize(1100, 760)
    shown(qtbot, view)
    view.set_person(person)
    view.select_instrument("custom:HbA1c")

    model = view.results
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[ResponseColumn.BASELINE] == "9.4 (Sep 20, 2023)"
    assert row[ResponseColumn.LAST] == "6.9 (Feb 20, 2024)"
    assert row[ResponseColumn.CHANGE] == "−2.5 %"
    assert row[ResponseColumn.VERDICT] == "At goal (goal 7 %)"
    table = view.response_table
    width = table.fontMetrics().horizontalAdvance("At goal (goal 7 %)")
    assert table.columnWidth(ResponseColumn.VERDICT) >= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let the layout settle before the picture
    assert view.grab().save(str(SHOTS / "measures-goal.png"))
