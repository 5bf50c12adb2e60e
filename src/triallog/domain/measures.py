"""Symptom scores: severity bands, the PHQ-9 item-9 alert, and each trial's measured response.

The rules follow stepped-care practice: a trial's baseline is the last score in the 60
days before it started (else the first in the 14 days after), its result the last score
during it, which must come at least 6 weeks after the start (a score on day 9 of a long
trial says nothing yet). Response is a fall of at least 50 %, partial response 25 % up
to 50 %. Remission is a PHQ-9 that fell below 5, the standard definition (Kroenke K,
Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure.
J Gen Intern Med 2001;16:606-613). No cited source defines remission on the GAD-7, so
a GAD-7 that fell below 5 is judged by the percent bands and said to show minimal
symptoms (its band). A custom measure with a goal (HbA1c 7 %) is judged at goal or not
at goal by its last score, in its own unit, since a lab value has a target rather than
a fall in percent.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from triallog.domain.enums import Outcome
from triallog.domain.records import MeasureDefinition, Measurement, Trial
from triallog.domain.rules import Instrument

BASELINE_BEFORE = timedelta(days=60)
BASELINE_AFTER = timedelta(days=14)
SHORTEST_TRIAL = timedelta(weeks=6)
REMISSION_BELOW = 5
#: the only scale whose fall below REMISSION_BELOW is called remission (see the module docstring)
REMISSION_INSTRUMENTS = frozenset({Instrument.PHQ9})
RESPONSE_FALL = 50.0
PARTIAL_FALL = 25.0

#: instrument -> (lowest score, highest score, band name), the published cut-offs
BANDS: dict[str, tuple[tuple[int, int, str], ...]] = {
    Instrument.PHQ9: (
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 19, "moderately severe"),
        (20, 27, "severe"),
    ),
    Instrument.GAD7: ((0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")),
}

#: the PHQ-9 and GAD-7 closing question's answers, by Measurement.difficulty (the published wording)
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")


class Verdict(StrEnum):
    REMISSION = "remission"
    RESPONSE = "response"
    PARTIAL_RESPONSE = "partial_response"
    NO_RESPONSE = "no_response"
    AT_GOAL = "at_goal"
    NOT_AT_GOAL = "not_at_goal"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        return {
            Verdict.REMISSION: "Remission",
            Verdict.RESPONSE: "Response",
            Verdict.PARTIAL_RESPONSE: "Partial response",
            Verdict.NO_RESPONSE: "No measured response",
            Verdict.AT_GOAL: "At goal",
            Verdict.NOT_AT_GOAL: "Not at goal",
            Verdict.NOT_ENOUGH_DATA: "Not enough data",
        }[self]


def band(instrument: str, score: float) -> str | None:
    """The severity band of a PHQ-9 or GAD-7 score; None for scales without bands."""
    for low, high, name in BANDS.get(instrument, ()):
        if low <= score <= high:
            return name
    return None


def item9_positive(measurement: Measurement) -> bool | None:
    """True when PHQ-9 item 9 (thoughts of self-harm) was answered above 0; None for other scales."""
    if measurement.instrument != Instrument.PHQ9:
        return None
    return len(measurement.items) == 9 and measurement.items[8] > 0


#: what the window says when item 9 is answered above 0: contact the prescriber, and the crisis lines
ITEM9_ADVICE = (
    "Please contact your prescriber now. In the US you can call or text 988 (Suicide & Crisis Lifeline) "
    "any time; if you are in danger, call 911."
)
ITEM9_NOTICE = (
    "You answered that you have had thoughts that you would be better off dead or of hurting yourself. " + ITEM9_ADVICE
)


def latest(measurements: list[Measurement], instrument: str) -> Measurement | None:
    """The latest score of `instrument` (a partial date counts from its first day); None when there is none."""
    found = [m for m in measurements if m.instrument == instrument]
    return max(found, key=lambda m: m.taken.sort_key()) if found else None


def latest_item9_positive(measurements: list[Measurement]) -> Measurement | None:
    """The latest PHQ-9, when it answers item 9 above 0; None otherwise (an older answer is not repeated)."""
    found = latest(measurements, Instrument.PHQ9)
    return found if found is not None and item9_positive(found) else None


def difficulty_text(difficulty: int | None) -> str:
    """The answer to "how difficult have these problems made it…" in the form's words; "" when not answered."""
    if difficulty is None or not 0 <= difficulty < len(DIFFICULTY):
        return ""
    return DIFFICULTY[difficulty]


def definition_of(instrument: str, definitions: list[MeasureDefinition]) -> MeasureDefinition | None:
    """The custom measure behind `custom:NAME`; None for the standard scales."""
    if not instrument.startswith(Instrument.CUSTOM_PREFIX):
        return None
    name = instrument[len(Instrument.CUSTOM_PREFIX) :]
    return next((d for d in definitions if d.name == name), None)


def higher_is_better(instrument: str, definitions: list[MeasureDefinition]) -> bool:
    definition = definition_of(instrument, definitions)
    return definition is not None and definition.higher_is_better


@dataclass(frozen=True)
class Score:
    taken: str
    score: float


@dataclass(frozen=True)
class Response:
    """One instrument's measured response to one trial; `unit` and `goal` come from a custom measure's definition."""

    instrument: str
    baseline: Score | None
    last: Score | None
    change_points: float | None
    change_percent: float | None
    verdict: Verdict
    unit: str = ""
    #: set when the measure is judged against its goal (at goal / not at goal) instead of by percent bands
    goal: float | None = None


def _day(m: Measurement) -> date:
    return m.taken.first_day


def trial_span(trial: Trial, today: date) -> tuple[date, date]:
    """A partial start counts from its first day, a partial end to its last; open trials run to today."""
    start = trial.start.first_day
    if trial.end is not None:
        end = trial.end.last_day
    elif trial.outcome is Outcome.CONTRAINDICATED:
        end = trial.start.last_day
    else:
        end = max(today, start)
    return start, end


def measured_response(
    trial: Trial,
    instrument: str,
    measurements: list[Measurement],
    definitions: list[MeasureDefinition] | None = None,
    today: date | None = None,
) -> Response:
    """Baseline against the last score during the trial, and the verdict the rules give."""
    scores = sorted((m for m in measurements if m.instrument == instrument), key=lambda m: m.taken.sort_key())
    return _response(trial, instrument, _Scores(scores), definitions or [], today or date.today())


class _Scores:
    """One instrument's scores sorted by date, with their days beside them for bisection: made once for
    all the trials they are judged against, so that judging many trials costs a search each, not a pass."""

    def __init__(self, scores: list[Measurement]) -> None:
        self.scores = scores
        self.days = [_day(m) for m in scores]

    def touch(self, first: date, last: date) -> bool:
        """Whether any score was taken from `first` to `last` (both included)."""
        return bisect_left(self.days, first) < bisect_right(self.days, last)


def _by_instrument(measurements: list[Measurement]) -> dict[str, _Scores]:
    """Each instrument's scores sorted by date (a stable sort: one day's scores keep their order), by name."""
    grouped: dict[str, list[Measurement]] = {}
    for m in sorted(measurements, key=lambda m: m.taken.sort_key()):
        grouped.setdefault(m.instrument, []).append(m)
    return {instrument: _Scores(scores) for instrument, scores in sorted(grouped.items())}


def _response(
    trial: Trial, instrument: str, sorted_scores: _Scores, definitions: list[MeasureDefinition], today: date
) -> Response:
    """The rules over one instrument's scores."""
    start, end = trial_span(trial, today)
    definition = definition_of(instrument, definitions)
    unit = definition.unit if definition is not None else ""
    goal = definition.goal if definition is not None else None
    scores, days = sorted_scores.scores, sorted_scores.days
    # Windows by bisection: a person's record holds thousands of scores and dozens of trials.
    first_before, first_during = bisect_left(days, start - BASELINE_BEFORE), bisect_left(days, start)
    after_end, during_end = bisect_right(days, start + BASELINE_AFTER), bisect_right(days, end)
    if first_before < first_during:  # the last score in the 60 days before the start
        baseline: Measurement | None = scores[first_during - 1]
    else:  # else the first in the 14 days after it
        baseline = scores[first_during] if first_during < after_end else None
    # the last score during the trial, unless that is the baseline itself (then there is no other: the
    # baseline is the first score during the trial when it is one at all)
    last = scores[during_end - 1] if first_during < during_end else None
    if last is baseline:
        last = None
    if baseline is not None and last is not None and _day(last) < _day(baseline):
        last = None
    base = Score(baseline.taken.iso(), baseline.score) if baseline else None
    final = Score(last.taken.iso(), last.score) if last else None
    if baseline is None or last is None:
        return Response(instrument, base, final, None, None, Verdict.NOT_ENOUGH_DATA, unit, goal)
    change = last.score - baseline.score
    percent = round(change / baseline.score * 100, 1) if baseline.score else None
    # The drug gets its 6 weeks before a score counts: what matters is when the last score was taken,
    # not how long the trial ran after it; a start known only to the month or year counts from its last day.
    if _day(last) - trial.start.last_day < SHORTEST_TRIAL:
        verdict = Verdict.NOT_ENOUGH_DATA
    elif goal is not None:
        better = definition is not None and definition.higher_is_better
        reached = last.score >= goal if better else last.score <= goal
        verdict = Verdict.AT_GOAL if reached else Verdict.NOT_AT_GOAL
    else:
        verdict = _verdict(instrument, baseline, last, definitions)
    return Response(instrument, base, final, change, percent, verdict, unit, goal)


def _verdict(
    instrument: str, baseline: Measurement, last: Measurement, definitions: list[MeasureDefinition]
) -> Verdict:
    """The percent bands (and PHQ-9 remission)."""
    better = higher_is_better(instrument, definitions)
    if instrument in REMISSION_INSTRUMENTS and baseline.score >= REMISSION_BELOW and last.score < REMISSION_BELOW:
        return Verdict.REMISSION
    if baseline.score == 0:
        # Nothing to fall from (or a rise from zero on a higher-is-better scale): no percentage exists.
        return Verdict.RESPONSE if better and last.score > 0 else Verdict.NO_RESPONSE
    improvement = (last.score - baseline.score) if better else (baseline.score - last.score)
    percent = improvement / abs(baseline.score) * 100
    if percent >= RESPONSE_FALL:
        return Verdict.RESPONSE
    if percent >= PARTIAL_FALL:
        return Verdict.PARTIAL_RESPONSE
    return Verdict.NO_RESPONSE


def responses(
    trial: Trial,
    measurements: list[Measurement],
    definitions: list[MeasureDefinition] | None = None,
    today: date | None = None,
) -> list[Response]:
    """The response for every instrument measured around the trial (baseline window to its end)."""
    today = today or date.today()
    start, end = trial_span(trial, today)
    return [
        _response(trial, instrument, scores, definitions or [], today)
        for instrument, scores in _by_instrument(measurements).items()
        if scores.touch(start - BASELINE_BEFORE, end)
    ]


def trial_responses(
    trials: list[Trial],
    measurements: list[Measurement],
    definitions: list[MeasureDefinition] | None = None,
    today: date | None = None,
) -> dict[str, list[Response]]:
    """`responses` for many trials at once (keyed by trial key), the scores sorted only once: a search per
    trial and instrument, so that four times the trials and scores take about four times as long."""
    today = today or date.today()
    by_instrument = _by_instrument(measurements)
    found: dict[str, list[Response]] = {}
    for trial in trials:
        start, end = trial_span(trial, today)
        found[trial.key] = [
            _response(trial, instrument, scores, definitions or [], today)
            for instrument, scores in by_instrument.items()
            if scores.touch(start - BASELINE_BEFORE, end)
        ]
    return found


def instrument_name(instrument: str) -> str:
    """`custom:migraine days` reads as `migraine days`; the standard scales keep their names."""
    return instrument.removeprefix(Instrument.CUSTOM_PREFIX)


def in_unit(value: float, unit: str) -> str:
    """`6.9 %`, `95 mg/dL`, or the bare number for a measure without a unit."""
    return f"{value:g} {unit}" if unit else f"{value:g}"


def minimal_symptoms(response: Response) -> bool:
    """A GAD-7 that fell below 5 (into the minimal band): worth saying, though no source calls it remission."""
    return (
        response.instrument == Instrument.GAD7
        and response.verdict is not Verdict.NOT_ENOUGH_DATA
        and response.baseline is not None
        and response.last is not None
        and response.baseline.score >= REMISSION_BELOW > response.last.score
    )


def verdict_text(response: Response) -> str:
    """The verdict for a table cell: `Response; minimal symptoms`, `At goal (goal 7 %)`, `Partial response`."""
    if response.goal is not None and response.verdict is not Verdict.NOT_ENOUGH_DATA:
        return f"{response.verdict.label} (goal {in_unit(response.goal, response.unit)})"
    if minimal_symptoms(response):
        return f"{response.verdict.label}; minimal symptoms"
    return response.verdict.label


def describe(response: Response) -> str:
    """One line for people: `PHQ-9: response (20 → 9, −55 %)`, `HbA1c: at goal (9.4 → 6.9 %, goal 7)`."""
    name = instrument_name(response.instrument)
    if response.verdict is Verdict.NOT_ENOUGH_DATA:
        return f"{name}: not enough data"
    assert response.baseline is not None and response.last is not None
    verdict, first = response.verdict.label.lower(), response.baseline.score
    if response.goal is not None:
        # A lab value reads in its own unit against its goal; a percent of a percent would only confuse.
        last = in_unit(response.last.score, response.unit)
        return f"{name}: {verdict} ({first:g} → {last}, goal {response.goal:g})"
    change = f", {response.change_percent:+g} %".replace("-", "−") if response.change_percent is not None else ""
    note = "; minimal symptoms" if minimal_symptoms(response) else ""
    return f"{name}: {verdict} ({first:g} → {response.last.score:g}{change}{note})"


def summary(found: list[Response]) -> str:
    """A short table cell: each verdict with its change (`Response −76.9 %`, `At goal (6.9 %)`); `describe` has
    the rest."""
    judged = [x for x in found if x.verdict is not Verdict.NOT_ENOUGH_DATA]
    if not judged:
        return "not enough data" if found else ""
    cells = []
    for x in judged:
        if x.goal is not None and x.last is not None:
            cells.append(f"{x.verdict.label} ({in_unit(x.last.score, x.unit)})")
            continue
        change = f" {x.change_percent:+g} %".replace("-", "\u2212") if x.change_percent is not None else ""
        cells.append(f"{x.verdict.label}{change}")
    return "; ".join(cells)
